package scenario

import (
	"io/fs"
	"path"
	"regexp"
	"strings"

	"github.com/redpen-social/redpen/internal/diag"
	"github.com/redpen-social/redpen/internal/frontmatter"
	"github.com/redpen-social/redpen/internal/markdown"
	"github.com/redpen-social/redpen/internal/taxonomy"
	"go.yaml.in/yaml/v3"
)

// Section names, as authors write them after "## ".
const (
	SectionBrief      = "Brief"
	SectionSource     = "Source"
	SectionNote       = "AI note"
	SectionModelNote  = "Model note"
	SectionReflection = "Reflection"
)

var knownSections = []string{SectionBrief, SectionSource, SectionNote, SectionModelNote, SectionReflection}

type flawYAML struct {
	ID            string   `yaml:"id"`
	Category      string   `yaml:"category"`
	Severity      string   `yaml:"severity"`
	Quote         string   `yaml:"quote"`
	SourceQuote   string   `yaml:"source_quote"`
	EvidenceQuote string   `yaml:"evidence_quote"`
	Prefix        string   `yaml:"prefix"`
	Suffix        string   `yaml:"suffix"`
	Explanation   string   `yaml:"explanation"`
	Standards     []string `yaml:"standards"`
}

type accurateYAML struct {
	Quote       string `yaml:"quote"`
	Prefix      string `yaml:"prefix"`
	Suffix      string `yaml:"suffix"`
	Explanation string `yaml:"explanation"`
}

type scenarioYAML struct {
	ID            string         `yaml:"id"`
	Title         string         `yaml:"title"`
	Setting       string         `yaml:"setting"`
	Audience      []string       `yaml:"audience"`
	Level         string         `yaml:"level"`
	Minutes       int            `yaml:"minutes"`
	Tool          string         `yaml:"tool"`
	Standards     []string       `yaml:"standards"`
	ShowFlawCount bool           `yaml:"show_flaw_count"`
	Flaws         []flawYAML     `yaml:"flaws"`
	Accurate      []accurateYAML `yaml:"accurate"`
}

// Load reads every scenario file (*.md) in fsys, the scenarios folder; dir names it in
// problems. Scenarios with problems are left out of the set.
func Load(fsys fs.FS, dir string, tax *taxonomy.Taxonomy, probs *diag.List) *Set {
	set := &Set{byID: map[string]*Scenario{}, files: map[string]bool{}}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		probs.Add(dir, 0, "cannot read the scenarios folder: %v", err)
		return set
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".md") || strings.EqualFold(e.Name(), "README.md") {
			continue
		}
		file := path.Join(dir, e.Name())
		set.files[strings.TrimSuffix(e.Name(), ".md")] = true
		src, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			probs.Add(file, 0, "cannot read: %v", err)
			continue
		}
		if sc := Parse(file, src, tax, probs); sc != nil {
			set.byID[sc.ID] = sc
		}
	}
	return set
}

// Parse parses and validates one scenario file. It returns nil if the file has problems.
func Parse(file string, src []byte, tax *taxonomy.Taxonomy, probs *diag.List) *Scenario {
	before := probs.Len()
	parts, err := frontmatter.Split(src)
	if err != nil {
		probs.Add(file, 1, "%v", err)
		return nil
	}
	var y scenarioYAML
	root, ok := frontmatter.Decode(file, 1, parts.YAML, &y, probs)
	if !ok {
		return nil
	}
	p := &parser{file: file, root: root, tax: tax, probs: probs}
	sc := p.meta(&y)
	sections := p.sections(string(parts.Body), parts.BodyLine)
	p.body(sc, sections)
	// Quotes can only be anchored in a sound body, but the rest of each flaw is checked
	// regardless, so one run of redpen check reports everything.
	anchor := probs.Len() == before
	p.flaws(sc, y.Flaws, anchor)
	if anchor {
		p.accurate(sc, y.Accurate)
	}
	if probs.Len() > before {
		return nil
	}
	return sc
}

type parser struct {
	file  string
	root  *yaml.Node
	tax   *taxonomy.Taxonomy
	probs *diag.List
}

// line returns the file line of a front-matter key (the YAML starts on line 2).
func (p *parser) line(n *yaml.Node, key string) int { return frontmatter.Line(n, key) + 1 }

func (p *parser) meta(y *scenarioYAML) *Scenario {
	want := strings.TrimSuffix(path.Base(p.file), ".md")
	switch {
	case y.ID == "":
		p.probs.Add(p.file, 2, "missing id: add id: %s", want)
	case y.ID != want:
		p.probs.Add(p.file, p.line(p.root, "id"), "id %q does not match the file name %s.md", y.ID, want)
	case !taxonomy.ValidID(y.ID):
		p.probs.Add(p.file, p.line(p.root, "id"), "id %q must be lower-case letters, digits and hyphens", y.ID)
	}
	for _, key := range []struct{ name, val string }{{"title", y.Title}, {"setting", y.Setting}, {"tool", y.Tool}} {
		if strings.TrimSpace(key.val) == "" {
			p.probs.Add(p.file, p.line(p.root, key.name), "missing %s", key.name)
		}
	}
	if y.Minutes < 1 || y.Minutes > 120 {
		p.probs.Add(p.file, p.line(p.root, "minutes"), "minutes must be from 1 to 120")
	}
	if len(y.Audience) == 0 {
		p.probs.Add(p.file, p.line(p.root, "audience"), "audience must list student, practitioner or both")
	}
	for _, a := range y.Audience {
		if a != "student" && a != "practitioner" {
			p.probs.Add(p.file, p.line(p.root, "audience"), "unknown audience %q: use student or practitioner", a)
		}
	}
	if y.Level == "" {
		y.Level = LevelFoundation
	} else if y.Level != LevelFoundation && y.Level != LevelPractitioner {
		p.probs.Add(p.file, p.line(p.root, "level"), "level must be %s or %s", LevelFoundation, LevelPractitioner)
	}
	p.tax.CheckStandards(y.Standards, p.file, p.line(p.root, "standards"), p.probs)
	if len(y.Flaws) == 0 {
		p.probs.Add(p.file, p.line(p.root, "flaws"), "the scenario has no flaws: list at least one under flaws:")
	}
	return &Scenario{
		ID: y.ID, Path: p.file, Title: y.Title, Setting: y.Setting, Audience: y.Audience,
		Level: y.Level, Minutes: y.Minutes, Tool: y.Tool, Standards: y.Standards,
		ShowFlawCount: y.ShowFlawCount,
	}
}

type section struct {
	text string
	line int
}

var headingRE = regexp.MustCompile(`^##\s+(.*?)\s*#*\s*$`)

// sections cuts the body at its level-2 headings.
func (p *parser) sections(body string, bodyLine int) map[string]section {
	out := map[string]section{}
	var name string
	var buf []string
	start := 0
	flush := func() {
		if name != "" {
			out[name] = section{text: strings.Join(buf, "\n"), line: start}
		}
		buf = nil
	}
	for i, l := range strings.Split(body, "\n") {
		n := bodyLine + i
		m := headingRE.FindStringSubmatch(strings.TrimRight(l, "\r"))
		if m == nil {
			if name == "" && strings.TrimSpace(l) != "" {
				p.probs.Add(p.file, n, "text before the first section heading (## %s) would be lost", SectionBrief)
				name = "-" // report once
			}
			buf = append(buf, strings.TrimRight(l, "\r"))
			continue
		}
		flush()
		name, start = canonicalSection(m[1]), n
		if name == "" {
			p.probs.Add(p.file, n, "unknown section %q: use %s", m[1], strings.Join(knownSections, ", "))
			name = "-"
		} else if _, dup := out[name]; dup {
			p.probs.Add(p.file, n, "section %q appears twice", name)
		}
	}
	flush()
	delete(out, "-")
	return out
}

func canonicalSection(s string) string {
	for _, k := range knownSections {
		if strings.EqualFold(strings.TrimSpace(s), k) {
			return k
		}
	}
	return ""
}

func (p *parser) body(sc *Scenario, secs map[string]section) {
	last := 1
	for _, s := range secs {
		last = max(last, s.line)
	}
	for _, name := range []string{SectionBrief, SectionSource, SectionNote} {
		s, ok := secs[name]
		if !ok {
			p.probs.Add(p.file, last, "missing section: add a line \"## %s\"", name)
		} else if strings.TrimSpace(s.text) == "" {
			p.probs.Add(p.file, s.line, "section %q is empty", name)
		}
	}
	sc.BriefMarkdown = strings.TrimSpace(secs[SectionBrief].text)
	sc.Brief = markdown.Render(sc.BriefMarkdown)
	sc.Source = newSource(secs[SectionSource].text)
	sc.Note = newNote(secs[SectionNote].text)
	sc.ModelNote = newNote(secs[SectionModelNote].text).Text
	if r, ok := secs[SectionReflection]; ok {
		sc.Reflection = markdown.Render(r.text)
		sc.Questions = listItems(r.text)
	}
}

var listItemRE = regexp.MustCompile(`^\s*(?:[-*+]|\d{1,2}[.)])\s+(.*)$`)

// listItems returns the text of each top-level list item, joining wrapped lines. Text with
// no list is one question.
func listItems(src string) []string {
	var items []string
	for _, l := range strings.Split(src, "\n") {
		if m := listItemRE.FindStringSubmatch(l); m != nil {
			items = append(items, m[1])
		} else if t := strings.TrimSpace(l); t != "" && len(items) > 0 {
			items[len(items)-1] += " " + t
		}
	}
	if len(items) == 0 && strings.TrimSpace(src) != "" {
		items = []string{strings.Join(strings.Fields(src), " ")}
	}
	return items
}
