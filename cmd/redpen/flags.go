package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
)

// flagSet wraps flag.FlagSet so that each flag can fall back to an environment variable,
// and so that the help text names the variable.
type flagSet struct {
	*flag.FlagSet
	env env
}

func newFlagSet(name, synopsis string, e env) *flagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: redpen %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return &flagSet{FlagSet: fs, env: e}
}

// helpTo sends --help output to w (stdout), since asking for help is not an error.
func (f *flagSet) parse(args []string, w io.Writer) error {
	for _, a := range args {
		if a == "-h" || a == "--help" || a == "-help" {
			f.SetOutput(w)
		}
	}
	return f.Parse(args)
}

func (f *flagSet) stringVar(p *string, name, envName, def, usage string) {
	if v := f.env.getenv(envName); v != "" {
		def = v
	}
	if envName != "" {
		usage += " (env " + envName + ")"
	}
	f.StringVar(p, name, def, usage)
}

func (f *flagSet) boolVar(p *bool, name, envName string, def bool, usage string) {
	if v, err := strconv.ParseBool(f.env.getenv(envName)); err == nil {
		def = v
	}
	if envName != "" {
		usage += " (env " + envName + ")"
	}
	f.BoolVar(p, name, def, usage)
}

// dbFlag is shared by every subcommand that reads or writes data.
func (f *flagSet) dbFlag(p *string) {
	f.stringVar(p, "db", "REDPEN_DB", "redpen.db", "SQLite database file (created if missing)")
}

// contentFlag is shared by serve and check.
func (f *flagSet) contentFlag(p *string) {
	f.stringVar(p, "content", "REDPEN_CONTENT", "", "folder holding courses/ and scenarios/ to serve instead of the built-in content")
}
