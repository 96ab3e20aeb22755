// Package taxonomy holds the shared vocabulary that scenarios and modules refer to: the
// flaw categories and Social Work England's professional standards. Both are content files,
// so educators can extend them without touching code.
package taxonomy

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"

	"github.com/redpen-social/redpen/internal/diag"
	"github.com/redpen-social/redpen/internal/frontmatter"
)

// File names inside the scenarios folder.
const (
	CategoriesFile = "taxonomy.yaml"
	StandardsFile  = "standards.yaml"
)

// Category is one kind of flaw a learner can flag.
type Category struct {
	ID          string `yaml:"id"`
	Label       string `yaml:"label"`
	Mark        string `yaml:"mark"`   // a short text cue shown beside the colour
	Colour      int    `yaml:"colour"` // a colour slot, 1-9, defined by the stylesheet
	Description string `yaml:"description"`
}

// Standard is one professional standard, paraphrased.
type Standard struct {
	Number string `yaml:"number"`
	Text   string `yaml:"text"`
}

// Taxonomy is the loaded vocabulary.
type Taxonomy struct {
	Categories     []Category
	Standards      []Standard
	StandardsURL   string
	StandardsTitle string
	categoryByID   map[string]int
	standardByNum  map[string]int
}

// Category returns the category with the given id.
func (t *Taxonomy) Category(id string) (Category, bool) {
	i, ok := t.categoryByID[id]
	if !ok {
		return Category{}, false
	}
	return t.Categories[i], true
}

// Standard returns the standard with the given number.
func (t *Taxonomy) Standard(number string) (Standard, bool) {
	i, ok := t.standardByNum[number]
	if !ok {
		return Standard{}, false
	}
	return t.Standards[i], true
}

// StandardsFor returns the standards for the given numbers, skipping unknown ones.
func (t *Taxonomy) StandardsFor(numbers []string) []Standard {
	var out []Standard
	for _, n := range numbers {
		if s, ok := t.Standard(n); ok {
			out = append(out, s)
		}
	}
	return out
}

var (
	idPattern       = regexp.MustCompile(`^[a-z][a-z0-9-]{0,63}$`)
	standardPattern = regexp.MustCompile(`^[0-9]{1,2}\.[0-9]{1,2}$`)
)

// ValidID reports whether s can be used as an id for a course, module, scenario, quiz,
// flaw or category: lower-case letters, digits and hyphens, starting with a letter.
func ValidID(s string) bool { return idPattern.MatchString(s) }

// Load reads both files from fsys (the scenarios folder). dir names that folder in problems.
func Load(fsys fs.FS, dir string, probs *diag.List) *Taxonomy {
	t := &Taxonomy{categoryByID: map[string]int{}, standardByNum: map[string]int{}}
	t.loadCategories(fsys, dir, probs)
	t.loadStandards(fsys, dir, probs)
	return t
}

func (t *Taxonomy) loadCategories(fsys fs.FS, dir string, probs *diag.List) {
	name := path.Join(dir, CategoriesFile)
	src, err := fs.ReadFile(fsys, CategoriesFile)
	if err != nil {
		probs.Add(name, 0, "cannot read the flaw categories: %v", err)
		return
	}
	var file struct {
		Categories []Category `yaml:"categories"`
	}
	root, ok := frontmatter.Decode(name, 0, src, &file, probs)
	if !ok {
		return
	}
	nodes := frontmatter.Items(frontmatter.Value(root, "categories"))
	if len(file.Categories) == 0 {
		probs.Add(name, 1, "no categories: add a list under categories:")
	}
	for i, c := range file.Categories {
		line := frontmatter.ItemLine(nodes, i, 1)
		switch {
		case !ValidID(c.ID):
			probs.Add(name, line, "category id %q must be lower-case letters, digits and hyphens", c.ID)
			continue
		case c.Label == "" || c.Mark == "" || c.Description == "":
			probs.Add(name, line, "category %q needs a label, a mark and a description", c.ID)
		case c.Colour < 1 || c.Colour > 9:
			probs.Add(name, line, "category %q: colour must be a slot from 1 to 9", c.ID)
		}
		if _, dup := t.categoryByID[c.ID]; dup {
			probs.Add(name, line, "category %q is listed twice", c.ID)
			continue
		}
		t.categoryByID[c.ID] = len(t.Categories)
		t.Categories = append(t.Categories, c)
	}
}

func (t *Taxonomy) loadStandards(fsys fs.FS, dir string, probs *diag.List) {
	name := path.Join(dir, StandardsFile)
	src, err := fs.ReadFile(fsys, StandardsFile)
	if err != nil {
		probs.Add(name, 0, "cannot read the standards: %v", err)
		return
	}
	var file struct {
		Source    string     `yaml:"source"`
		URL       string     `yaml:"url"`
		Standards []Standard `yaml:"standards"`
	}
	root, ok := frontmatter.Decode(name, 0, src, &file, probs)
	if !ok {
		return
	}
	t.StandardsTitle, t.StandardsURL = file.Source, file.URL
	nodes := frontmatter.Items(frontmatter.Value(root, "standards"))
	for i, s := range file.Standards {
		line := frontmatter.ItemLine(nodes, i, 1)
		if !standardPattern.MatchString(s.Number) {
			probs.Add(name, line, "standard number %q should look like \"3.11\" (quote it)", s.Number)
			continue
		}
		if s.Text == "" {
			probs.Add(name, line, "standard %s needs a text", s.Number)
		}
		if _, dup := t.standardByNum[s.Number]; dup {
			probs.Add(name, line, "standard %s is listed twice", s.Number)
			continue
		}
		t.standardByNum[s.Number] = len(t.Standards)
		t.Standards = append(t.Standards, s)
	}
}

// CheckStandards reports each number that is not a known standard at line.
func (t *Taxonomy) CheckStandards(numbers []string, path string, line int, probs *diag.List) {
	for _, n := range numbers {
		if _, ok := t.Standard(n); !ok {
			probs.Add(path, line, "unknown standard %q (see %s)", n, StandardsFile)
		}
	}
}

// String names the taxonomy for logs.
func (t *Taxonomy) String() string {
	return fmt.Sprintf("%d categories, %d standards", len(t.Categories), len(t.Standards))
}
