package content_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/redpen-social/redpen/courses"
	"github.com/redpen-social/redpen/internal/content"
	"github.com/redpen-social/redpen/internal/diag"
	"github.com/redpen-social/redpen/scenarios"
)

// embedded is the content built into Redpen.
func embedded() content.Source {
	return content.Source{Courses: courses.FS, Scenarios: scenarios.FS, CoursesName: "courses", ScenariosName: "scenarios"}
}

// mustLoadReal loads the shipped courses and scenarios and fails with every problem.
func mustLoadReal(tb testing.TB) *content.Library {
	tb.Helper()
	lib, err := content.Load(embedded())
	if err != nil {
		tb.Fatalf("the shipped content has problems:\n%v", err)
	}
	return lib
}

// problems returns the problems of a failed load as "path:line: message".
func problems(tb testing.TB, err error) []string {
	tb.Helper()
	var de *diag.Error
	if !errors.As(err, &de) {
		tb.Fatalf("error %v (%T) is not a *diag.Error", err, err)
	}
	var out []string
	for _, p := range de.Problems {
		out = append(out, p.String())
	}
	return out
}

// TestLoadReal loads the courses/ and scenarios/ that ship with Redpen, so that a broken
// content file fails CI.
func TestLoadReal(t *testing.T) {
	lib := mustLoadReal(t)
	if len(lib.Catalog.Courses) == 0 || lib.Scenarios.Len() == 0 || len(lib.Taxonomy.Categories) == 0 {
		t.Errorf("loaded %d courses, %d scenarios, %s", len(lib.Catalog.Courses), lib.Scenarios.Len(), lib.Taxonomy)
	}
}

// TestLoadRealFromDisk loads the same content through Dir, as "redpen check ." does.
func TestLoadRealFromDisk(t *testing.T) {
	if _, err := content.Load(content.Dir(filepath.Join("..", ".."))); err != nil {
		t.Fatalf("content.Dir(repo root) has problems:\n%v", err)
	}
}

const (
	taxonomyYAML  = "categories:\n  - {id: omission, label: Omission, mark: OMI, colour: 4, description: Left out.}\n  - {id: fabrication, label: Fabrication, mark: FAB, colour: 1, description: Made up.}\n"
	standardsYAML = "standards:\n  - {number: \"3.11\", text: Records.}\n"
	courseYAML    = "title: C\naudience: student\nmodules:\n  - m\n"
	scenarioMD    = `---
id: s1
title: S
setting: Somewhere
audience: [student]
minutes: 5
tool: A tool
flaws:
  - id: made-up
    category: fabrication
    severity: high
    quote: "A referral was agreed."
    explanation: It was not.
    standards: ["3.11"]
---
## Brief
Check it.

## Source
WORKER: Hello.

## AI note
A referral was agreed.
`
)

// moduleMD returns a module whose front matter ends with scenarios; the key's value is on
// line 5.
func moduleMD(scenarios string) string {
	return "---\ntitle: M\nminutes: 5\nstandards: [\"3.11\"]\n" + scenarios + "---\nText.\n"
}

func TestCrossReferences(t *testing.T) {
	tests := []struct {
		name      string
		scenarios string
		want      []string
	}{
		{"Known", "scenarios: [s1]\n", nil},
		{"UnknownFlowList", "scenarios: [s1, child-in-need]\n", []string{`courses/c/m.md:5: unknown scenario "child-in-need"`}},
		{"TwoUnknown", "scenarios: [nope, s1, never]\n", []string{`courses/c/m.md:5: unknown scenario "nope"`, `courses/c/m.md:5: unknown scenario "never"`}},
		{"UnknownInBlockList", "scenarios:\n  - s1\n  - child-in-need\n", []string{`courses/c/m.md:7: unknown scenario "child-in-need"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := content.Source{
				Courses: fstest.MapFS{
					"c/course.yaml": {Data: []byte(courseYAML)},
					"c/m.md":        {Data: []byte(moduleMD(tt.scenarios))},
				},
				Scenarios: fstest.MapFS{
					"taxonomy.yaml":  {Data: []byte(taxonomyYAML)},
					"standards.yaml": {Data: []byte(standardsYAML)},
					"s1.md":          {Data: []byte(scenarioMD)},
				},
				CoursesName:   "courses",
				ScenariosName: "scenarios",
			}
			lib, err := content.Load(src)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Load: %v", err)
				}
				m, _ := lib.Catalog.Module("m")
				if sc, err := lib.Scenarios.Get(m.Scenarios[0]); err != nil || sc.ID != "s1" {
					t.Errorf("module's scenario = %v, %v", sc, err)
				}
				return
			}
			if lib != nil {
				t.Error("Load returned a library with problems")
			}
			if got := problems(t, err); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("problems:\n got  %q\n want %q", got, tt.want)
			}
		})
	}
}

// Ensure problems in every kind of file are reported together.
func TestLoadReportsEverything(t *testing.T) {
	src := content.Source{
		Courses: fstest.MapFS{
			"c/course.yaml": {Data: []byte("title: C\naudience: everyone\nmodules:\n  - m\n")},
			"c/m.md":        {Data: []byte(moduleMD(""))},
		},
		Scenarios: fstest.MapFS{
			"taxonomy.yaml":  {Data: []byte(taxonomyYAML)},
			"standards.yaml": {Data: []byte(standardsYAML + "  - {number: \"3.11\", text: Again.}\n")},
			"s1.md":          {Data: []byte(scenarioMD[:len(scenarioMD)-len("A referral was agreed.\n")] + "Nothing.\n")},
		},
		CoursesName:   "courses",
		ScenariosName: "scenarios",
	}
	_, err := content.Load(src)
	want := []string{
		`courses/c/course.yaml:2: audience must be "student" or "practitioner"`,
		`scenarios/s1.md:12: "made-up": quote "A referral was agreed." is not found in the AI note`,
		"scenarios/standards.yaml:3: standard 3.11 is listed twice",
	}
	if got := problems(t, err); !reflect.DeepEqual(got, want) {
		t.Errorf("problems:\n got  %q\n want %q", got, want)
	}
}

func TestLoadMissingFolders(t *testing.T) {
	dir := t.TempDir()
	_, err := content.Load(content.Dir(dir))
	got := problems(t, err)
	if len(got) != 2 {
		t.Fatalf("problems = %q, want one per missing folder", got)
	}
	for i, name := range []string{"courses", "scenarios"} {
		want := filepath.ToSlash(filepath.Join(dir, name)) + ": no " + name + " folder: "
		if len(got[i]) < len(want) || got[i][:len(want)] != want {
			t.Errorf("problem %d = %q, want it to start %q", i, got[i], want)
		}
	}
}

// writeTree writes files (slash paths relative to dir) to disk.
func writeTree(tb testing.TB, dir string, files map[string]string) {
	tb.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

func TestProvider(t *testing.T) {
	good := map[string]string{
		"courses/c/course.yaml":    courseYAML,
		"courses/c/m.md":           moduleMD("scenarios: [s1]\n"),
		"scenarios/taxonomy.yaml":  taxonomyYAML,
		"scenarios/standards.yaml": standardsYAML,
		"scenarios/s1.md":          scenarioMD,
	}

	// Ensure a provider does not start on broken content.
	t.Run("BrokenAtStart", func(t *testing.T) {
		dir := t.TempDir()
		writeTree(t, dir, good)
		writeTree(t, dir, map[string]string{"courses/c/course.yaml": "title: C\n"})
		if _, err := content.NewProvider(content.Dir(dir), false); err == nil {
			t.Fatal("NewProvider succeeded on broken content")
		}
	})

	// Ensure without reload the first library is kept even when the files change.
	t.Run("NoReload", func(t *testing.T) {
		dir := t.TempDir()
		writeTree(t, dir, good)
		p, err := content.NewProvider(content.Dir(dir), false)
		if err != nil {
			t.Fatal(err)
		}
		first, _ := p.Library()
		writeTree(t, dir, map[string]string{"courses/c/course.yaml": "broken: [\n"})
		lib, err := p.Library()
		if err != nil || lib != first {
			t.Errorf("Library() = %p, %v; want the first library %p", lib, err, first)
		}
	})

	// Ensure in development mode edits show, and a broken edit keeps the last good library
	// and says what is wrong.
	t.Run("Reload", func(t *testing.T) {
		dir := t.TempDir()
		writeTree(t, dir, good)
		p, err := content.NewProvider(content.Dir(dir), true)
		if err != nil {
			t.Fatal(err)
		}
		writeTree(t, dir, map[string]string{"courses/c/course.yaml": "title: Renamed\naudience: student\nmodules:\n  - m\n"})
		lib, err := p.Library()
		if err != nil {
			t.Fatal(err)
		}
		if c, _ := lib.Catalog.Course("c"); c.Title != "Renamed" {
			t.Fatalf("title = %q, want the edited title", c.Title)
		}
		writeTree(t, dir, map[string]string{"courses/c/course.yaml": "title: Broken\naudience: nobody\nmodules:\n  - m\n"})
		kept, err := p.Library()
		if err == nil {
			t.Fatal("no error for a broken edit")
		}
		if c, _ := kept.Catalog.Course("c"); c.Title != "Renamed" {
			t.Errorf("after a broken edit the title is %q, want the last good one", c.Title)
		}
	})
}
