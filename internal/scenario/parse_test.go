package scenario

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/redpen-social/redpen/internal/diag"
	"github.com/redpen-social/redpen/internal/score"
)

func TestParseValid(t *testing.T) {
	sc := mustParse(t, "clinic-review.md")
	if sc.ID != "clinic-review" || sc.Path != "scenarios/clinic-review.md" || sc.Title != "A clinic review with an interpreter" {
		t.Errorf("ID, Path, Title = %q, %q, %q", sc.ID, sc.Path, sc.Title)
	}
	if sc.Setting != "Adult social care — discharge review" || sc.Tool != "AI meeting summary tool" || sc.Minutes != 15 {
		t.Errorf("Setting, Tool, Minutes = %q, %q, %d", sc.Setting, sc.Tool, sc.Minutes)
	}
	if sc.Level != LevelPractitioner || !sc.ShowFlawCount {
		t.Errorf("Level = %q, ShowFlawCount = %v", sc.Level, sc.ShowFlawCount)
	}
	if !reflect.DeepEqual(sc.Audience, []string{"student", "practitioner"}) || !sc.ForAudience("student") || !sc.ForAudience("practitioner") || sc.ForAudience("admin") {
		t.Errorf("Audience = %q", sc.Audience)
	}
	if !reflect.DeepEqual(sc.Standards, []string{"2.5", "3.4"}) {
		t.Errorf("Standards = %q", sc.Standards)
	}
	if sc.BriefMarkdown != "You are a hospital social worker. Check the note the tool drafted." {
		t.Errorf("BriefMarkdown = %q", sc.BriefMarkdown)
	}
	if want := "<p>You are a hospital social worker. Check the note the tool drafted.</p>\n"; string(sc.Brief) != want {
		t.Errorf("Brief = %q, want %q", sc.Brief, want)
	}
	if want := "Review with Dr Okafor and Mr Rahimi, with a Dari interpreter. Mr Rahimi said he cannot manage the stairs."; sc.ModelNote != want {
		t.Errorf("ModelNote = %q, want %q", sc.ModelNote, want)
	}
	wantQ := []string{"What did Mr Rahimi say about the stairs, and who said it?", "How would you record what he said about being tired?"}
	if !reflect.DeepEqual(sc.Questions, wantQ) {
		t.Errorf("Questions = %q, want %q", sc.Questions, wantQ)
	}
	if !strings.Contains(string(sc.Reflection), "<ol>") {
		t.Errorf("Reflection is not rendered as a list: %q", sc.Reflection)
	}
	if len(sc.Flaws) != 3 || len(sc.Accurate) != 1 {
		t.Fatalf("%d flaws and %d accurate entries, want 3 and 1", len(sc.Flaws), len(sc.Accurate))
	}
	f, ok := sc.Flaw("carer-arranged")
	if !ok || f.Category != "fabrication" || f.Severity != score.Medium || !reflect.DeepEqual(f.Standards, []string{"3.11", "5.3"}) {
		t.Errorf("Flaw(carer-arranged) = %+v, %v", f, ok)
	}
	if want := "<p>Nothing was arranged.</p>\n"; string(f.Explanation) != want {
		t.Errorf("Explanation = %q, want %q", f.Explanation, want)
	}
	if _, ok := sc.Flaw("nope"); ok {
		t.Error("Flaw(nope) found")
	}
}

// Ensure each flaw's span (and evidence span) slices exactly the quoted words out of its
// document, even where the quote differs in case, apostrophes or line wrapping.
func TestFlawSpans(t *testing.T) {
	sc := mustParse(t, "clinic-review.md")
	tests := []struct {
		id       string
		doc      score.Document
		text     string
		evidence string // "" when the flaw has none
	}{
		{"stairs", score.Note, "Mr Rahimi said he can manage the stairs.", "I can’t do the stairs any more"},
		{"carer-arranged", score.Note, "A carer was arranged.", "We’ll talk about a carer next week."},
		{"tired", score.Source, "Tired. Very tired.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			f, ok := sc.Flaw(tt.id)
			if !ok {
				t.Fatalf("no flaw %q", tt.id)
			}
			if f.Span.Doc != tt.doc {
				t.Errorf("Doc = %q, want %q", f.Span.Doc, tt.doc)
			}
			if got := sc.Doc(f.Span.Doc).Slice(f.Span.Start, f.Span.End); got != tt.text {
				t.Errorf("span slices %q, want %q", got, tt.text)
			}
			switch {
			case tt.evidence == "" && f.Evidence != nil:
				t.Errorf("Evidence = %+v, want none", f.Evidence)
			case tt.evidence != "" && f.Evidence == nil:
				t.Errorf("no Evidence, want %q", tt.evidence)
			case tt.evidence != "":
				if f.Evidence.Doc != score.Source {
					t.Errorf("Evidence.Doc = %q, want source", f.Evidence.Doc)
				}
				if got := sc.Source.Slice(f.Evidence.Start, f.Evidence.End); got != tt.evidence {
					t.Errorf("evidence slices %q, want %q", got, tt.evidence)
				}
			}
		})
	}
	t.Run("Accurate", func(t *testing.T) {
		a := sc.Accurate[0]
		want := "Dr. Okafor said the hip is healing well, e.g. he walked the ward today."
		if got := sc.Note.Slice(a.Span.Start, a.Span.End); a.Span.Doc != score.Note || got != want {
			t.Errorf("accurate span slices %q in %q, want %q in the note", got, a.Span.Doc, want)
		}
	})
}

// Ensure prefix and suffix pick out the occurrence they name.
func TestPrefixSuffix(t *testing.T) {
	base := fixture(t, homeVisit)
	tests := []struct {
		name     string
		anchor   string // replaces the fixture's prefix line
		wantFrom string // the note text that follows the chosen occurrence
	}{
		{"Prefix", `    prefix: "talked about"` + "\n", " at home."},
		{"PrefixPartOfAWord", `    prefix: "ked about"` + "\n", " at home."},
		{"Suffix", `    suffix: "too"` + "\n", " too."},
		{"PrefixAndSuffix", `    prefix: "Mum likes"` + "\n" + `    suffix: "too."` + "\n", " too."},
		{"SuffixFoldsCase", `    suffix: "AT HOME"` + "\n", " at home."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := replace(t, base, `    prefix: "talked about"`+"\n", tt.anchor)
			sc, probs := parse(t, "scenarios/"+homeVisit, src)
			if sc == nil {
				t.Fatalf("problems: %q", probs)
			}
			f, _ := sc.Flaw("fishfingers")
			if got := sc.Note.Slice(f.Span.Start, f.Span.End); got != "fishfingers" {
				t.Fatalf("span slices %q", got)
			}
			rest := sc.Note.Slice(f.Span.End, f.Span.End+len([]rune(tt.wantFrom)))
			if rest != tt.wantFrom {
				t.Errorf("text after the chosen occurrence = %q, want %q", rest, tt.wantFrom)
			}
		})
	}
}

// Ensure Key hands scoring the flaws in order with their spans, and one span per unit of
// each document.
func TestKey(t *testing.T) {
	for _, name := range []string{homeVisit, "clinic-review.md"} {
		t.Run(name, func(t *testing.T) {
			sc := mustParse(t, name)
			k := sc.Key()
			if len(k.Flaws) != len(sc.Flaws) {
				t.Fatalf("%d key flaws, want %d", len(k.Flaws), len(sc.Flaws))
			}
			for i, f := range sc.Flaws {
				want := score.Flaw{ID: f.ID, Category: f.Category, Severity: f.Severity, Span: f.Span}
				if k.Flaws[i] != want {
					t.Errorf("key flaw %d = %+v, want %+v", i, k.Flaws[i], want)
				}
			}
			for _, d := range []score.Document{score.Note, score.Source} {
				units := sc.Doc(d).Units
				if len(units) == 0 || len(k.Units[d]) != len(units) {
					t.Fatalf("%s: %d key units, %d document units", d, len(k.Units[d]), len(units))
				}
				for i, u := range units {
					if want := (score.Span{Doc: d, Start: u.Start, End: u.End}); k.Units[d][i] != want {
						t.Errorf("%s unit %d = %+v, want %+v", d, i, k.Units[d][i], want)
					}
				}
			}
		})
	}
}

// Ensure Load reads every scenario in a folder, skipping the taxonomy files, and the set
// lists foundation scenarios first.
func TestLoad(t *testing.T) {
	var probs diag.List
	set := Load(os.DirFS("testdata"), "testdata", testTaxonomy(t), &probs)
	if err := probs.Err(); err != nil {
		t.Fatalf("problems:\n%v", err)
	}
	if set.Len() != 2 {
		t.Fatalf("Len() = %d, want 2", set.Len())
	}
	var ids []string
	for _, sc := range set.All() {
		ids = append(ids, sc.ID)
	}
	if want := []string{"home-visit", "clinic-review"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("All() = %q, want %q", ids, want)
	}
	if sc, err := set.Get("clinic-review"); err != nil || sc.Path != "testdata/clinic-review.md" {
		t.Errorf("Get(clinic-review) = %v, %v", sc, err)
	}
	if _, err := set.Get("nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get(nope) error = %v, want ErrNotFound", err)
	}
}

// Ensure a file with problems is left out of the set and its problems are reported.
func TestLoadLeavesOutBrokenFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(dir+"/"+name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("taxonomy.yaml", fixture(t, "taxonomy.yaml"))
	write("standards.yaml", fixture(t, "standards.yaml"))
	write(homeVisit, fixture(t, homeVisit))
	write("broken.md", "no front matter\n")
	write("README.md", "# Not a scenario\n")
	var probs diag.List
	set := Load(os.DirFS(dir), "scenarios", testTaxonomy(t), &probs)
	want := []diag.Problem{{Path: "scenarios/broken.md", Line: 1, Message: "the file must start with front matter: a line of ---, YAML, and another line of ---"}}
	if got := probs.Problems(); !reflect.DeepEqual(got, want) {
		t.Errorf("problems = %v, want %v", got, want)
	}
	if set.Len() != 1 {
		t.Errorf("Len() = %d, want 1", set.Len())
	}
}

// Ensure a YAML alias in place of the flaws list is reported as problems, never a panic:
// the answer key is decoded through the alias, so the list's nodes must be found through it
// too. Here the accurate list is reused as flaws, which have no id, category or severity.
func TestParseAliasedFlaws(t *testing.T) {
	base := fixture(t, homeVisit)
	i, j := strings.Index(base, "flaws:\n"), strings.Index(base, "---\n\n## Brief")
	src := base[:i] + "accurate: &a\n  - quote: \"Maya said she likes her new school.\"\n    explanation: Said on line 2.\nflaws: *a\n" + base[j:]
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("Parse panicked: %v", r)
		}
	}()
	sc, probs := parse(t, "scenarios/"+homeVisit, src)
	if sc != nil || len(probs) == 0 {
		t.Errorf("Parse = %v with problems %q; want problems", sc, probs)
	}
}
