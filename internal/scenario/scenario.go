// Package scenario loads simulated cases from markdown files — a source record, the note an
// AI tool drafted from it, and the educator's answer key — and validates them so that every
// quote in the key points at exactly one place in the text.
package scenario

import (
	"errors"
	"html/template"
	"sort"

	"github.com/redpen-social/redpen/internal/score"
)

// ErrNotFound is returned when no scenario has the requested id.
var ErrNotFound = errors.New("not found")

// Levels of difficulty.
const (
	LevelFoundation   = "foundation"
	LevelPractitioner = "practitioner"
)

// Scenario is one case to critique.
type Scenario struct {
	ID            string
	Path          string
	Title         string
	Setting       string
	Audience      []string
	Level         string
	Minutes       int
	Tool          string
	Standards     []string
	ShowFlawCount bool

	BriefMarkdown string
	Brief         template.HTML
	Source        Document
	Note          Document
	ModelNote     string // plain text, compared word by word with the AI note in feedback
	Reflection    template.HTML
	Questions     []string // the reflection questions, one per list item

	Flaws    []Flaw
	Accurate []Accurate
}

// Flaw is one entry of the answer key.
type Flaw struct {
	ID          string
	Category    string
	Severity    score.Severity
	Span        score.Span
	Evidence    *score.Span // in the source, when the author gave an evidence_quote
	Explanation template.HTML
	Standards   []string
}

// Accurate marks a sentence of the note that is right although it may look wrong.
type Accurate struct {
	Span        score.Span
	Explanation template.HTML
}

// Doc returns the document a span refers to.
func (s *Scenario) Doc(d score.Document) *Document {
	if d == score.Source {
		return &s.Source
	}
	return &s.Note
}

// Key returns what scoring needs: the flaws' spans and the documents' units.
func (s *Scenario) Key() score.Key {
	k := score.Key{Units: map[score.Document][]score.Span{}}
	for _, f := range s.Flaws {
		k.Flaws = append(k.Flaws, score.Flaw{ID: f.ID, Category: f.Category, Severity: f.Severity, Span: f.Span})
	}
	for _, d := range []score.Document{score.Note, score.Source} {
		for _, u := range s.Doc(d).Units {
			k.Units[d] = append(k.Units[d], score.Span{Doc: d, Start: u.Start, End: u.End})
		}
	}
	return k
}

// Flaw returns the flaw with the given id.
func (s *Scenario) Flaw(id string) (Flaw, bool) {
	for _, f := range s.Flaws {
		if f.ID == id {
			return f, true
		}
	}
	return Flaw{}, false
}

// ForAudience reports whether the scenario is written for the audience.
func (s *Scenario) ForAudience(a string) bool {
	for _, x := range s.Audience {
		if x == a {
			return true
		}
	}
	return false
}

// Set is every loaded scenario.
type Set struct {
	byID  map[string]*Scenario
	files map[string]bool // every scenario file seen, including those with problems
}

// HasFile reports whether a scenario file with this id exists, even if it has problems,
// so a reference to it is not reported as a second, misleading problem.
func (s *Set) HasFile(id string) bool { return s.files[id] }

// Get returns the scenario with the given id or ErrNotFound.
func (s *Set) Get(id string) (*Scenario, error) {
	if sc, ok := s.byID[id]; ok {
		return sc, nil
	}
	return nil, ErrNotFound
}

// All returns every scenario, foundation level first, then by title.
func (s *Set) All() []*Scenario {
	out := make([]*Scenario, 0, len(s.byID))
	for _, sc := range s.byID {
		out = append(out, sc)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Level != out[j].Level {
			return out[i].Level == LevelFoundation
		}
		return out[i].Title < out[j].Title
	})
	return out
}

// Len reports how many scenarios there are.
func (s *Set) Len() int { return len(s.byID) }
