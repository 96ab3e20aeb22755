package scenario

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redpen-social/redpen/internal/diag"
	"github.com/redpen-social/redpen/internal/taxonomy"
)

// testTaxonomy loads the small taxonomy in testdata.
func testTaxonomy(tb testing.TB) *taxonomy.Taxonomy {
	tb.Helper()
	var probs diag.List
	tax := taxonomy.Load(os.DirFS("testdata"), "testdata", &probs)
	if err := probs.Err(); err != nil {
		tb.Fatalf("load test taxonomy:\n%v", err)
	}
	return tax
}

// fixture returns the text of a file in testdata.
func fixture(tb testing.TB, name string) string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// parse parses src as the scenario file at path and returns the scenario (nil when it has
// problems) and its problems formatted as "path:line: message".
func parse(tb testing.TB, path, src string) (*Scenario, []string) {
	tb.Helper()
	var probs diag.List
	sc := Parse(path, []byte(src), testTaxonomy(tb), &probs)
	var out []string
	for _, p := range probs.Problems() {
		out = append(out, p.String())
	}
	if sc != nil && len(out) > 0 {
		tb.Errorf("Parse returned a scenario although there were problems: %q", out)
	}
	return sc, out
}

// mustParse parses a testdata fixture and fails the test on any problem.
func mustParse(tb testing.TB, name string) *Scenario {
	tb.Helper()
	sc, probs := parse(tb, "scenarios/"+name, fixture(tb, name))
	if sc == nil || len(probs) > 0 {
		tb.Fatalf("parse %s: %q", name, probs)
	}
	return sc
}

// replace replaces old, which must occur exactly once, with new.
func replace(tb testing.TB, src, old, new string) string {
	tb.Helper()
	if n := strings.Count(src, old); n != 1 {
		tb.Fatalf("%q occurs %d times in the fixture, want once", old, n)
	}
	return strings.Replace(src, old, new, 1)
}

// lineOf returns the 1-based line on which needle, which must occur exactly once, starts.
func lineOf(tb testing.TB, src, needle string) int {
	tb.Helper()
	if n := strings.Count(src, needle); n != 1 {
		tb.Fatalf("%q occurs %d times, want once", needle, n)
	}
	return strings.Count(src[:strings.Index(src, needle)], "\n") + 1
}
