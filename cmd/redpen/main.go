// Command redpen runs Redpen: a web platform where social work students and practitioners
// practise checking AI-drafted case notes. Run "redpen --help" for the subcommands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, env env) error
}

// env is what a subcommand may touch of the outside world; tests swap it.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

var commands = []command{
	{"serve", "serve the web app (the default when no subcommand is given)", runServe},
	{"check", "validate courses and scenarios; print every problem as path:line: message", runCheck},
	{"user", "manage accounts: redpen user add --email E --name N --role R", runUser},
	{"token", "manage API tokens: redpen token create --email E", runToken},
	{"demo", "seed a database with an educator, a cohort and simulated learners", runDemo},
	{"scan", "find personal data (NHS numbers, postcodes, ...) in a file or standard input", runScan},
	{"backup", "copy the database safely while Redpen runs: redpen backup --to FILE", runBackup},
}

// errUsage means the usage has been printed; the exit status is 2.
var errUsage = errors.New("usage")

// errProblems means problems were reported; the exit status is 1.
var errProblems = errors.New("problems found")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	err := run(ctx, os.Args[1:], e)
	switch {
	case err == nil:
	case errors.Is(err, errUsage), errors.Is(err, flag.ErrHelp):
		os.Exit(2)
	case errors.Is(err, errProblems):
		os.Exit(1)
	default:
		fmt.Fprintf(os.Stderr, "redpen: %v\n", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, e env) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		usage(e.stdout)
		return nil
	}
	if len(args) == 0 || len(args[0]) > 0 && args[0][0] == '-' {
		return runServe(ctx, args, e)
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(ctx, args[1:], e)
		}
	}
	fmt.Fprintf(e.stderr, "redpen: unknown command %q\n\n", args[0])
	usage(e.stderr)
	return errUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Redpen teaches social workers to check what AI tools write about people.")
	fmt.Fprintln(w, "\nUsage: redpen [command] [flags]")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-7s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun \"redpen COMMAND --help\" for a command's flags. Every flag can also be set")
	fmt.Fprintln(w, "with an environment variable, named in each command's help (e.g. REDPEN_DB).")
}
