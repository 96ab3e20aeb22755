package scenario

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/redpen-social/redpen/internal/diag"
	"github.com/redpen-social/redpen/internal/taxonomy"
	"github.com/redpen-social/redpen/scenarios"
)

// FuzzParse feeds arbitrary files to the scenario parser: it must never panic, and
// whenever it accepts a file every flaw's span must lie inside its document.
func FuzzParse(f *testing.F) {
	var probs diag.List
	tax := taxonomy.Load(scenarios.FS, "scenarios", &probs)
	if probs.Len() > 0 {
		f.Fatal(probs.Err())
	}
	seeds, _ := filepath.Glob("testdata/*.md")
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	if b, err := scenarios.FS.ReadFile("child-in-need-visit.md"); err == nil {
		f.Add(b)
	}
	f.Add([]byte("---\nid: x\n---\n## Brief\n## Source\nA: b\n## AI note\nc.\n"))
	f.Add([]byte("---\n: [\n---\n"))
	f.Add([]byte("\xef\xbb\xbf---\nflaws: [{quote: \"\\u0000\"}]\n---\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		var probs diag.List
		sc := Parse("scenarios/fuzz.md", src, tax, &probs)
		if sc == nil {
			if probs.Len() == 0 {
				t.Fatal("rejected a file without saying why")
			}
			return
		}
		for _, fl := range sc.Flaws {
			d := sc.Doc(fl.Span.Doc)
			if fl.Span.Start < 0 || fl.Span.End > len(d.Runes()) || fl.Span.Start >= fl.Span.End {
				t.Fatalf("flaw %s span %+v outside its document of %d runes", fl.ID, fl.Span, len(d.Runes()))
			}
		}
		for _, d := range []*Document{&sc.Note, &sc.Source} {
			for _, u := range d.Units {
				if u.Start < 0 || u.End > len(d.Runes()) || u.Start > u.End {
					t.Fatalf("unit %+v outside its document", u)
				}
			}
		}
	})
}
