// Package course loads courses and their modules from markdown files, renders them once,
// and marks knowledge-check answers.
package course

import (
	"errors"
	"html/template"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/redpen-social/redpen/internal/diag"
	"github.com/redpen-social/redpen/internal/frontmatter"
	"github.com/redpen-social/redpen/internal/markdown"
	"github.com/redpen-social/redpen/internal/taxonomy"
	"go.yaml.in/yaml/v3"
)

// ErrNotFound is returned when no course or module has the requested id.
var ErrNotFound = errors.New("not found")

// Audiences a course or scenario can be written for.
const (
	AudienceStudent      = "student"
	AudiencePractitioner = "practitioner"
)

// Course is an ordered list of modules.
type Course struct {
	ID           string
	Title        string
	Summary      string
	Audience     string
	Introduction template.HTML
	Modules      []*Module
}

// Minutes is the total reading time of the course.
func (c *Course) Minutes() int {
	n := 0
	for _, m := range c.Modules {
		n += m.Minutes
	}
	return n
}

// Outcome is something a learner can do after a module, with the standards it serves.
type Outcome struct {
	Text      string   `yaml:"text"`
	Standards []string `yaml:"standards"`
}

// Module is one markdown reading with its knowledge checks.
type Module struct {
	ID        string
	Path      string // file path, for messages
	Title     string
	Minutes   int
	Standards []string
	Outcomes  []Outcome
	Scenarios []string // scenario ids to practise afterwards
	Segments  []Segment
	Quizzes   []*Quiz
	TOC       []Heading
	Words     int // words of reading, not counting knowledge checks

	scenarioLines []int
}

// ScenarioLine is the file line of the module's i-th scenario link, for cross-checks.
func (m *Module) ScenarioLine(i int) int {
	if i >= 0 && i < len(m.scenarioLines) {
		return m.scenarioLines[i]
	}
	return 1
}

// Quiz returns the module's knowledge check with the given id.
func (m *Module) Quiz(id string) (*Quiz, bool) {
	for _, q := range m.Quizzes {
		if q.ID == id {
			return q, true
		}
	}
	return nil, false
}

// Catalog is every course and module.
type Catalog struct {
	Courses []*Course
	modules map[string]*Module
}

// Course returns the course with the given id or ErrNotFound.
func (c *Catalog) Course(id string) (*Course, error) {
	for _, co := range c.Courses {
		if co.ID == id {
			return co, nil
		}
	}
	return nil, ErrNotFound
}

// Module returns the module with the given id or ErrNotFound.
func (c *Catalog) Module(id string) (*Module, error) {
	if m, ok := c.modules[id]; ok {
		return m, nil
	}
	return nil, ErrNotFound
}

// Modules returns every module, sorted by id.
func (c *Catalog) Modules() []*Module {
	out := make([]*Module, 0, len(c.modules))
	for _, m := range c.modules {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

type courseYAML struct {
	Title        string   `yaml:"title"`
	Summary      string   `yaml:"summary"`
	Audience     string   `yaml:"audience"`
	Introduction string   `yaml:"introduction"`
	Modules      []string `yaml:"modules"`
}

// Load reads every courses/<id>/course.yaml and module file from fsys (the courses folder;
// dir names it in problems). Problems go to probs; the catalog holds whatever loaded.
func Load(fsys fs.FS, dir string, tax *taxonomy.Taxonomy, probs *diag.List) *Catalog {
	cat := &Catalog{modules: map[string]*Module{}}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		probs.Add(dir, 0, "cannot read the courses folder: %v", err)
		return cat
	}
	type pending struct {
		course *Course
		file   string
		ids    []string
		lines  []int
	}
	var courses []pending
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		id := e.Name()
		if !taxonomy.ValidID(id) {
			probs.Add(path.Join(dir, id), 0, "course folder names must be lower-case letters, digits and hyphens")
			continue
		}
		files, _ := fs.ReadDir(fsys, id)
		for _, f := range files {
			if f.IsDir() || !strings.HasSuffix(f.Name(), ".md") {
				continue
			}
			file := path.Join(dir, id, f.Name())
			if m := loadModule(fsys, path.Join(id, f.Name()), file, tax, probs); m != nil {
				if other, dup := cat.modules[m.ID]; dup {
					probs.Add(file, 1, "module id %q is also used by %s", m.ID, other.Path)
					continue
				}
				cat.modules[m.ID] = m
			}
		}
		file := path.Join(dir, id, "course.yaml")
		co, ids, lines := loadCourse(fsys, id, file, probs)
		if co != nil {
			courses = append(courses, pending{co, file, ids, lines})
		}
	}
	// Modules are resolved after every folder is read, so a course may list modules kept
	// in another course's folder.
	for _, p := range courses {
		for i, mid := range p.ids {
			m, ok := cat.modules[mid]
			if !ok {
				probs.Add(p.file, p.lines[i], "unknown module %q: no %s.md in any course folder", mid, mid)
				continue
			}
			p.course.Modules = append(p.course.Modules, m)
		}
		cat.Courses = append(cat.Courses, p.course)
	}
	return cat
}

func loadCourse(fsys fs.FS, id, file string, probs *diag.List) (*Course, []string, []int) {
	src, err := fs.ReadFile(fsys, path.Join(id, "course.yaml"))
	if err != nil {
		probs.Add(file, 0, "every course folder needs a course.yaml")
		return nil, nil, nil
	}
	var y courseYAML
	root, ok := frontmatter.Decode(file, 0, src, &y, probs)
	if !ok {
		return nil, nil, nil
	}
	if strings.TrimSpace(y.Title) == "" {
		probs.Add(file, frontmatter.Line(root, "title"), "the course needs a title")
	}
	if y.Audience != AudienceStudent && y.Audience != AudiencePractitioner {
		probs.Add(file, frontmatter.Line(root, "audience"), "audience must be %q or %q", AudienceStudent, AudiencePractitioner)
	}
	if len(y.Modules) == 0 {
		probs.Add(file, frontmatter.Line(root, "modules"), "the course lists no modules")
	}
	var lines []int
	seen := map[string]bool{}
	for _, n := range frontmatter.Items(frontmatter.Value(root, "modules")) {
		lines = append(lines, n.Line)
		if seen[n.Value] {
			probs.Add(file, n.Line, "module %q is listed twice", n.Value)
		}
		seen[n.Value] = true
	}
	co := &Course{ID: id, Title: y.Title, Summary: strings.TrimSpace(y.Summary), Audience: y.Audience}
	if y.Introduction != "" {
		co.Introduction = markdown.Render(y.Introduction)
	}
	return co, y.Modules, lines
}

type moduleYAML struct {
	Title     string    `yaml:"title"`
	Minutes   int       `yaml:"minutes"`
	Standards []string  `yaml:"standards"`
	Outcomes  []Outcome `yaml:"outcomes"`
	Scenarios []string  `yaml:"scenarios"`
}

func loadModule(fsys fs.FS, name, file string, tax *taxonomy.Taxonomy, probs *diag.List) *Module {
	id := strings.TrimSuffix(path.Base(name), ".md")
	if !taxonomy.ValidID(id) {
		probs.Add(file, 0, "module file names must be lower-case letters, digits and hyphens, ending .md")
		return nil
	}
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		probs.Add(file, 0, "cannot read: %v", err)
		return nil
	}
	parts, err := frontmatter.Split(src)
	if err != nil {
		probs.Add(file, 1, "%v", err)
		return nil
	}
	var y moduleYAML
	before := probs.Len()
	root, ok := frontmatter.Decode(file, 1, parts.YAML, &y, probs)
	if !ok {
		return nil
	}
	checkModuleYAML(file, root, &y, tax, probs)
	r := renderModule(file, parts.Body, parts.BodyLine, probs)
	if probs.Len() > before {
		return nil
	}
	return &Module{
		ID: id, Path: file, Title: y.Title, Minutes: y.Minutes, Standards: y.Standards,
		Outcomes: y.Outcomes, Scenarios: y.Scenarios,
		Segments: r.Segments, Quizzes: r.Quizzes, TOC: r.TOC, Words: r.Words,
		scenarioLines: itemLines(root, "scenarios", 1),
	}
}

// itemLines returns the file line of each element of a list key; offset is the file line
// before the YAML's first line.
func itemLines(root *yaml.Node, key string, offset int) []int {
	items := frontmatter.Items(frontmatter.Value(root, key))
	lines := make([]int, len(items))
	for i := range items {
		lines[i] = frontmatter.ItemLine(items, i, frontmatter.Line(root, key)) + offset
	}
	return lines
}

func checkModuleYAML(file string, root *yaml.Node, y *moduleYAML, tax *taxonomy.Taxonomy, probs *diag.List) {
	line := func(key string) int { return frontmatter.Line(root, key) + 1 }
	if strings.TrimSpace(y.Title) == "" {
		probs.Add(file, line("title"), "the module needs a title")
	}
	if y.Minutes < 1 || y.Minutes > 120 {
		probs.Add(file, line("minutes"), "minutes must be a reading time from 1 to 120")
	}
	tax.CheckStandards(y.Standards, file, line("standards"), probs)
	outcomes := frontmatter.Items(frontmatter.Value(root, "outcomes"))
	for i, o := range y.Outcomes {
		at := frontmatter.ItemLine(outcomes, i, line("outcomes")-1) + 1
		if strings.TrimSpace(o.Text) == "" {
			probs.Add(file, at, "outcome %d has no text", i+1)
		}
		tax.CheckStandards(o.Standards, file, at, probs)
	}
}
