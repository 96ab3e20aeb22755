package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/redpen-social/redpen/internal/pii"
)

// maxScanInput keeps a mistaken "redpen scan /dev/zero" from eating the machine.
const maxScanInput = 64 << 20

func runScan(_ context.Context, args []string, e env) error {
	fs := newFlagSet("scan", "scan [FILE]\n\nFinds personal data in FILE, or in standard input when no FILE is given: NHS numbers\n"+
		"(with a valid check digit), National Insurance numbers, postcodes, UK phone numbers, email\n"+
		"addresses, dates of birth, names with titles and street addresses. Prints one finding per\n"+
		"line as line:col kind \"text\"; exit status 1 if anything is found, 0 if the text is clean.\n"+
		"It is a safety net: it cannot find names without titles, nicknames or unusual formats.", e)
	if err := fs.parse(args, e.stdout); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		fs.Usage()
		return errUsage
	}
	in := e.stdin
	if name := fs.Arg(0); name != "" && name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("scan: %w", err)
		}
		defer f.Close()
		in = f
	}
	text, err := io.ReadAll(io.LimitReader(in, maxScanInput+1))
	if err != nil {
		return fmt.Errorf("scan: %w", err)
	}
	if len(text) > maxScanInput {
		return fmt.Errorf("scan: the input is larger than %d MB; split it first", maxScanInput>>20)
	}
	found := pii.Scan(string(text))
	for _, f := range found {
		fmt.Fprintf(e.stdout, "%d:%d %s %q\n", f.Line, f.Col, f.Kind, f.Text)
	}
	if len(found) > 0 {
		fmt.Fprintf(e.stderr, "%d finding(s)\n", len(found))
		return errProblems
	}
	return nil
}
