package server

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/redpen-social/redpen/internal/content"
	"github.com/redpen-social/redpen/internal/scenario"
	"github.com/redpen-social/redpen/internal/store"
	"github.com/redpen-social/redpen/internal/taxonomy"
)

type scenarioIndexPage struct {
	basePage
	Assignments  []learnerAssignment // cohorts_assignments.go: what the learner's educators have set
	Foundation   []scenarioRow
	Practitioner []scenarioRow
}

type scenarioRow struct {
	*scenario.Scenario
	Attempts int
	Best     float64
}

// handleScenarioIndex handles "GET /scenarios".
func (s *Server) handleScenarioIndex(c echo.Context) error {
	lib := s.library(c)
	best := map[string]scenarioRow{}
	if u, ok := currentUser(c); ok {
		attempts, err := s.store.ListAttempts(c.Request().Context(), u.ID, "")
		if err != nil {
			return err
		}
		for _, a := range attempts {
			r := best[a.ScenarioID]
			r.Attempts++
			r.Best = max(r.Best, a.Score)
			best[a.ScenarioID] = r
		}
	}
	p := scenarioIndexPage{basePage: s.page(c, "Practise on cases")}
	var err error
	if p.Assignments, err = s.learnerAssignments(c); err != nil { // cohorts_assignments.go
		return err
	}
	for _, sc := range lib.Scenarios.All() {
		r := best[sc.ID]
		r.Scenario = sc
		if sc.Level == scenario.LevelPractitioner {
			p.Practitioner = append(p.Practitioner, r)
		} else {
			p.Foundation = append(p.Foundation, r)
		}
	}
	return c.Render(http.StatusOK, "scenario_index", p)
}

type flagView struct {
	store.Flag
	Number       int
	Category     taxonomy.Category
	EvidenceLine int
	Evidence     string
	Where        string // "the note, sentence 3" or "the source, line 12"
}

// viewFlags numbers a learner's flags and resolves their categories and evidence.
func viewFlags(lib *content.Library, sc *scenario.Scenario, flags []store.Flag) []flagView {
	out := make([]flagView, len(flags))
	for i, f := range flags {
		cat, _ := lib.Taxonomy.Category(f.Category)
		fv := flagView{Flag: f, Number: i + 1, Category: cat}
		if f.HasEvidence() {
			if u, ok := unitAt(&sc.Source, f.EvidenceStart); ok {
				fv.EvidenceLine, fv.Evidence = u.Number, sc.Source.Slice(u.Start, u.End)
			}
		}
		doc := sc.Doc(docName(f.Document))
		if u, ok := unitAt(doc, f.Start); ok {
			if f.Document == "source" {
				fv.Where = fmt.Sprintf("source, line %d", u.Number)
			} else {
				fv.Where = fmt.Sprintf("note, sentence %d", u.Number)
			}
		}
		out[i] = fv
	}
	return out
}

// unitAt returns the unit that contains offset, or the first one after it.
func unitAt(d *scenario.Document, offset int) (scenario.Unit, bool) {
	for _, u := range d.Units {
		if offset < u.End {
			return u, true
		}
	}
	return scenario.Unit{}, false
}

type critiquePage struct {
	basePage
	Scenario   *scenario.Scenario
	Attempt    store.Attempt
	Note       docView
	Source     docView
	Flags      []flagView
	Categories []taxonomy.Category
	History    []store.Attempt
}

// handleScenarioShow handles "GET /scenarios/:scenario": the critique page, with the
// learner's draft restored.
func (s *Server) handleScenarioShow(c echo.Context) error {
	lib := s.library(c)
	sc, err := lib.Scenarios.Get(c.Param("scenario"))
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	u := mustUser(c)
	a, err := s.store.OpenDraft(ctx, u.ID, sc.ID)
	if err != nil {
		return err
	}
	flags, err := s.store.ListFlags(ctx, a.ID)
	if err != nil {
		return err
	}
	history, err := s.store.ListAttempts(ctx, u.ID, sc.ID)
	if err != nil {
		return err
	}
	p := critiquePage{basePage: s.page(c, sc.Title), Scenario: sc, Attempt: a, Categories: lib.Taxonomy.Categories, History: history}
	p.Flags = viewFlags(lib, sc, flags)
	var noteHL, sourceHL []highlight
	for _, f := range p.Flags {
		h := highlight{Start: f.Start, End: f.End, Class: fmt.Sprintf("hl cat-%d", f.Category.Colour),
			Label: fmt.Sprintf("%s %d", f.Category.Mark, f.Number), Spoken: fmt.Sprintf("flag %d, %s", f.Number, f.Category.Label),
			Anchor: fmt.Sprintf("flag-%d", f.ID)}
		if f.Document == "source" {
			sourceHL = append(sourceHL, h)
		} else {
			noteHL = append(noteHL, h)
		}
	}
	base := "/scenarios/" + sc.ID + "/flags/new"
	p.Note = drawDocument("note", &sc.Note, noteHL, func(u scenario.Unit) string {
		return base + "?doc=note&unit=" + strconv.Itoa(u.Number)
	})
	p.Source = drawDocument("source", &sc.Source, sourceHL, func(u scenario.Unit) string {
		return base + "?doc=source&unit=" + strconv.Itoa(u.Number)
	})
	return c.Render(http.StatusOK, "critique", p)
}
