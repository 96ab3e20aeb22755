package course

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/redpen-social/redpen/internal/diag"
	"github.com/redpen-social/redpen/internal/taxonomy"
)

// testTaxonomy returns a taxonomy knowing standards 2.5, 3.10 and 3.11.
func testTaxonomy(tb testing.TB) *taxonomy.Taxonomy {
	tb.Helper()
	fsys := fstest.MapFS{
		taxonomy.CategoriesFile: {Data: []byte("categories:\n  - {id: omission, label: Omission, mark: OMI, colour: 4, description: Left out.}\n")},
		taxonomy.StandardsFile: {Data: []byte("standards:\n" +
			"  - {number: \"2.5\", text: Listen.}\n" +
			"  - {number: \"3.10\", text: Digital skills.}\n" +
			"  - {number: \"3.11\", text: Records.}\n")},
	}
	var probs diag.List
	tax := taxonomy.Load(fsys, "scenarios", &probs)
	if err := probs.Err(); err != nil {
		tb.Fatalf("load taxonomy: %v", err)
	}
	return tax
}

// loadFixture loads the courses in testdata/courses and fails on any problem.
func loadFixture(tb testing.TB) *Catalog {
	tb.Helper()
	var probs diag.List
	cat := Load(os.DirFS("testdata/courses"), "courses", testTaxonomy(tb), &probs)
	if err := probs.Err(); err != nil {
		tb.Fatalf("load testdata/courses:\n%v", err)
	}
	return cat
}

// loadFiles loads courses from files (path -> text, relative to the courses folder) and
// returns the catalog and the problems as "path:line: message".
func loadFiles(tb testing.TB, files map[string]string) (*Catalog, []string) {
	tb.Helper()
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	var probs diag.List
	cat := Load(fsys, "courses", testTaxonomy(tb), &probs)
	var out []string
	for _, p := range probs.Problems() {
		out = append(out, p.String())
	}
	return cat, out
}

// lineOf returns the 1-based line on which needle, which must occur exactly once, starts.
func lineOf(tb testing.TB, src, needle string) int {
	tb.Helper()
	if n := strings.Count(src, needle); n != 1 {
		tb.Fatalf("%q occurs %d times, want once", needle, n)
	}
	return strings.Count(src[:strings.Index(src, needle)], "\n") + 1
}

// moduleHead is valid module front matter; a body appended to it starts on line 9.
const moduleHead = `---
title: Quiz module
minutes: 10
standards: ["3.11"]
outcomes:
  - text: Answer a check
    standards: ["3.11"]
---
`

// validCourse is a course.yaml listing one module, m.
const validCourse = "title: C\naudience: student\nmodules:\n  - m\n"

// fence wraps YAML in a ```quiz block.
func fence(yaml string) string { return "```quiz\n" + yaml + "```\n" }

// goodQuiz is a valid quiz block body with the given id.
func goodQuiz(id string) string {
	return "id: " + id + "\n" +
		"question: Which?\n" +
		"options:\n" +
		"  - text: A\n" +
		"    feedback: No.\n" +
		"  - text: B\n" +
		"    correct: true\n" +
		"    feedback: Yes.\n"
}
