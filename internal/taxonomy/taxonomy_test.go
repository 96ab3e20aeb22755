package taxonomy

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/redpen-social/redpen/internal/diag"
)

const validCategories = `categories:
  - id: fabrication
    label: Fabrication
    mark: FAB
    colour: 1
    description: Invented content.
  - id: omission
    label: Omission
    mark: OMI
    colour: 4
    description: Something left out.
`

const validStandards = `source: Social Work England
url: https://example.org/standards
standards:
  - {number: "2.5", text: "Listen actively."}
  - {number: "3.11", text: "Keep accurate records."}
`

// load loads a taxonomy from the two files and returns it with its problems as strings.
func load(t *testing.T, categories, standards string) (*Taxonomy, []string) {
	t.Helper()
	fsys := fstest.MapFS{}
	if categories != "" {
		fsys[CategoriesFile] = &fstest.MapFile{Data: []byte(categories)}
	}
	if standards != "" {
		fsys[StandardsFile] = &fstest.MapFile{Data: []byte(standards)}
	}
	var probs diag.List
	tax := Load(fsys, "scenarios", &probs)
	var out []string
	for _, p := range probs.Problems() {
		out = append(out, p.String())
	}
	return tax, out
}

func TestLoad(t *testing.T) {
	tax, probs := load(t, validCategories, validStandards)
	if probs != nil {
		t.Fatalf("problems: %q", probs)
	}
	if len(tax.Categories) != 2 || len(tax.Standards) != 2 {
		t.Fatalf("loaded %s, want 2 categories, 2 standards", tax)
	}
	if got, want := tax.String(), "2 categories, 2 standards"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if tax.StandardsTitle != "Social Work England" || tax.StandardsURL != "https://example.org/standards" {
		t.Errorf("source = %q, url = %q", tax.StandardsTitle, tax.StandardsURL)
	}
	c, ok := tax.Category("omission")
	if !ok || c.Label != "Omission" || c.Mark != "OMI" || c.Colour != 4 {
		t.Errorf("Category(omission) = %+v, %v", c, ok)
	}
	if _, ok := tax.Category("nope"); ok {
		t.Error("Category(nope) found")
	}
	s, ok := tax.Standard("3.11")
	if !ok || s.Text != "Keep accurate records." {
		t.Errorf("Standard(3.11) = %+v, %v", s, ok)
	}
	if _, ok := tax.Standard("3.1"); ok {
		t.Error("Standard(3.1) found")
	}
	got := tax.StandardsFor([]string{"3.11", "9.9", "2.5"})
	want := []Standard{{"3.11", "Keep accurate records."}, {"2.5", "Listen actively."}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("StandardsFor = %v, want %v", got, want)
	}
}

func TestLoadProblems(t *testing.T) {
	tests := []struct {
		name       string
		categories string
		standards  string
		want       []string
	}{
		{
			name:       "MissingFiles",
			categories: "",
			standards:  "",
			want: []string{
				"scenarios/standards.yaml: cannot read the standards: open standards.yaml: file does not exist",
				"scenarios/taxonomy.yaml: cannot read the flaw categories: open taxonomy.yaml: file does not exist",
			},
		},
		{
			name:       "DuplicateCategory",
			categories: validCategories + "  - {id: omission, label: Again, mark: AGN, colour: 2, description: Twice.}\n",
			standards:  validStandards,
			want:       []string{`scenarios/taxonomy.yaml:12: category "omission" is listed twice`},
		},
		{
			name:       "NoCategories",
			categories: "categories: []\n",
			standards:  validStandards,
			want:       []string{"scenarios/taxonomy.yaml:1: no categories: add a list under categories:"},
		},
		{
			name:       "BadCategoryID",
			categories: "categories:\n  - {id: Big-One, label: B, mark: B, colour: 1, description: d}\n",
			standards:  validStandards,
			want:       []string{`scenarios/taxonomy.yaml:2: category id "Big-One" must be lower-case letters, digits and hyphens`},
		},
		{
			name:       "CategoryWithoutMark",
			categories: "categories:\n  - {id: a, label: A, colour: 1, description: d}\n",
			standards:  validStandards,
			want:       []string{`scenarios/taxonomy.yaml:2: category "a" needs a label, a mark and a description`},
		},
		{
			name:       "ColourOutOfRange",
			categories: "categories:\n  - {id: a, label: A, mark: A, colour: 1, description: d}\n  - {id: b, label: B, mark: B, colour: 10, description: d}\n",
			standards:  validStandards,
			want:       []string{`scenarios/taxonomy.yaml:3: category "b": colour must be a slot from 1 to 9`},
		},
		{
			name:       "UnknownCategoryKey",
			categories: "categories:\n  - id: a\n    label: A\n    mark: A\n    color: 1\n    description: d\n",
			standards:  validStandards,
			want:       []string{`scenarios/taxonomy.yaml:5: unknown key "color"`},
		},
		{
			name:       "UnknownTopLevelKey",
			categories: validCategories,
			standards:  "title: x\n" + validStandards,
			want:       []string{`scenarios/standards.yaml:1: unknown key "title"`},
		},
		{
			name:       "BadStandardNumber",
			categories: validCategories,
			standards:  "standards:\n  - {number: \"2.5\", text: a}\n  - {number: \"three\", text: b}\n  - {number: 4, text: c}\n  - {number: \"3.11.2\", text: d}\n",
			want: []string{
				`scenarios/standards.yaml:3: standard number "three" should look like "3.11" (quote it)`,
				`scenarios/standards.yaml:4: standard number "4" should look like "3.11" (quote it)`,
				`scenarios/standards.yaml:5: standard number "3.11.2" should look like "3.11" (quote it)`,
			},
		},
		{
			name:       "StandardWithoutText",
			categories: validCategories,
			standards:  "standards:\n  - {number: \"2.5\"}\n",
			want:       []string{"scenarios/standards.yaml:2: standard 2.5 needs a text"},
		},
		{
			name:       "DuplicateStandard",
			categories: validCategories,
			standards:  "standards:\n  - {number: \"2.5\", text: a}\n  - {number: \"2.5\", text: b}\n",
			want:       []string{"scenarios/standards.yaml:3: standard 2.5 is listed twice"},
		},
		{
			name:       "MalformedYAML",
			categories: validCategories,
			standards:  "source: x\nurl: a: b\n",
			want:       []string{"scenarios/standards.yaml:2: mapping values are not allowed in this context"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := load(t, tt.categories, tt.standards)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("problems:\n got  %q\n want %q", got, tt.want)
			}
		})
	}
}

func TestCheckStandards(t *testing.T) {
	tax, probs := load(t, validCategories, validStandards)
	if probs != nil {
		t.Fatalf("problems: %q", probs)
	}
	var l diag.List
	tax.CheckStandards([]string{"2.5", "9.99", "3.11", "3.1"}, "scenarios/x.md", 7, &l)
	var got []string
	for _, p := range l.Problems() {
		got = append(got, p.String())
	}
	want := []string{
		`scenarios/x.md:7: unknown standard "9.99" (see standards.yaml)`,
		`scenarios/x.md:7: unknown standard "3.1" (see standards.yaml)`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems = %q, want %q", got, want)
	}
}

func TestValidID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"child-in-need-visit", true},
		{"a", true},
		{"module-2", true},
		{"", false},
		{"2nd-module", false},
		{"-leading", false},
		{"Upper", false},
		{"under_score", false},
		{"space here", false},
		{"dot.md", false},
		{strings.Repeat("a", 64), true},
		{strings.Repeat("a", 65), false},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			if got := ValidID(tt.id); got != tt.want {
				t.Errorf("ValidID(%q) = %v, want %v", tt.id, got, tt.want)
			}
		})
	}
}
