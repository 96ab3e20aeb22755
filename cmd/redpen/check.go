package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/redpen-social/redpen/courses"
	"github.com/redpen-social/redpen/internal/content"
	"github.com/redpen-social/redpen/internal/diag"
	"github.com/redpen-social/redpen/scenarios"
)

// embedded is the content built into the binary.
func embedded() content.Source {
	return content.Source{Courses: courses.FS, Scenarios: scenarios.FS, CoursesName: "courses", ScenariosName: "scenarios"}
}

// contentSource picks the educator's folder when one is given.
func contentSource(dir string) content.Source {
	if dir == "" {
		return embedded()
	}
	return content.Dir(dir)
}

func runCheck(_ context.Context, args []string, e env) error {
	var dir string
	fs := newFlagSet("check", "check [DIR]\n\nValidates DIR (a folder holding courses/ and scenarios/), or --content, or the\nbuilt-in content when neither is given. Prints every problem as path:line: message;\nexit status 1 if there are any.", e)
	fs.contentFlag(&dir)
	if err := fs.parse(args, e.stdout); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		fs.Usage()
		return errUsage
	}
	if fs.NArg() == 1 {
		dir = fs.Arg(0)
	}
	lib, err := content.Load(contentSource(dir))
	var probs *diag.Error
	if errors.As(err, &probs) {
		for _, p := range probs.Problems {
			fmt.Fprintln(e.stdout, p)
		}
		fmt.Fprintf(e.stderr, "%d problem(s)\n", len(probs.Problems))
		return errProblems
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "ok: %d courses, %d modules, %d scenarios, %s\n",
		len(lib.Catalog.Courses), len(lib.Catalog.Modules()), lib.Scenarios.Len(), lib.Taxonomy)
	return nil
}
