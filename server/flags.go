package server

import (
	"errors"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"github.com/redpen-social/redpen/internal/scenario"
	"github.com/redpen-social/redpen/internal/score"
	"github.com/redpen-social/redpen/internal/store"
	"github.com/redpen-social/redpen/internal/taxonomy"
)

// Limits on what a learner can put in one attempt.
const (
	maxFlags     = 100
	maxRationale = 2000
	maxFlagRunes = 3000
)

func docName(s string) score.Document {
	if s == "source" {
		return score.Source
	}
	return score.Note
}

type lineOption struct {
	Number int
	Text   string
}

type flagFormPage struct {
	basePage
	Scenario   *scenario.Scenario
	Action     string
	Editing    bool
	FlagID     int64
	Doc        string
	UnitNumber int
	Start, End int
	Selected   string // the text being flagged
	Before     string // the unit before, for context
	After      string
	Exact      string
	Category   string
	Rationale  string
	Evidence   int
	Categories []taxonomy.Category
	Lines      []lineOption
	Form       validator
}

func (s *Server) flagForm(c echo.Context, sc *scenario.Scenario, title string) flagFormPage {
	p := flagFormPage{basePage: s.page(c, title), Scenario: sc, Categories: s.library(c).Taxonomy.Categories}
	for _, u := range sc.Source.Units {
		p.Lines = append(p.Lines, lineOption{u.Number, sc.Source.Slice(u.Start, u.End)})
	}
	return p
}

// setUnit fills the form's context from a unit of a document.
func (p *flagFormPage) setUnit(doc *scenario.Document, n int) bool {
	if n < 1 || n > len(doc.Units) {
		return false
	}
	u := doc.Units[n-1]
	p.UnitNumber, p.Start, p.End, p.Selected = n, u.Start, u.End, doc.Slice(u.Start, u.End)
	if n > 1 {
		prev := doc.Units[n-2]
		p.Before = doc.Slice(prev.Start, prev.End)
	}
	if n < len(doc.Units) {
		next := doc.Units[n]
		p.After = doc.Slice(next.Start, next.End)
	}
	return true
}

// handleFlagNew handles "GET /scenarios/:scenario/flags/new?doc=note&unit=3": the flag form
// for one sentence or line, used without JavaScript and by keyboard and screen-reader users.
func (s *Server) handleFlagNew(c echo.Context) error {
	sc, err := s.library(c).Scenarios.Get(c.Param("scenario"))
	if err != nil {
		return err
	}
	p := s.flagForm(c, sc, "Flag a "+unitWord(c.QueryParam("doc")))
	p.Doc = string(docName(c.QueryParam("doc")))
	n, _ := strconv.Atoi(c.QueryParam("unit"))
	if !p.setUnit(sc.Doc(docName(p.Doc)), n) {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	p.Action = "/scenarios/" + sc.ID + "/flags"
	return c.Render(http.StatusOK, "flag_form", p)
}

func unitWord(doc string) string {
	if doc == "source" {
		return "line of the source"
	}
	return "sentence of the note"
}

// handleFlagCreate handles "POST /scenarios/:scenario/flags". A flag arrives either as a
// unit number with optional exact words (the form) or as offsets (the selection script).
func (s *Server) handleFlagCreate(c echo.Context) error {
	sc, err := s.library(c).Scenarios.Get(c.Param("scenario"))
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	a, err := s.store.OpenDraft(ctx, mustUser(c).ID, sc.ID)
	if err != nil {
		return err
	}
	p := s.flagForm(c, sc, "Flag a "+unitWord(c.FormValue("doc")))
	p.Action = "/scenarios/" + sc.ID + "/flags"
	p.Doc = string(docName(c.FormValue("doc")))
	doc := sc.Doc(docName(p.Doc))
	v := &p.Form

	if n, err := strconv.Atoi(c.FormValue("unit")); err == nil {
		if !p.setUnit(doc, n) {
			return echo.NewHTTPError(http.StatusBadRequest, "That sentence or line does not exist.")
		}
	} else {
		start, err1 := strconv.Atoi(c.FormValue("start"))
		end, err2 := strconv.Atoi(c.FormValue("end"))
		if err1 != nil || err2 != nil || start < 0 || end <= start || end > len(doc.Runes()) {
			return echo.NewHTTPError(http.StatusBadRequest, "The selected text could not be found; select it again.")
		}
		p.Start, p.End, p.Selected = start, end, doc.Slice(start, end)
		v.check(end-start <= maxFlagRunes, "exact", "That selection is too long to be one flag; select the words that show the problem")
	}
	p.Exact, _ = cleanText(c.FormValue("exact"))
	if p.Exact != "" && p.UnitNumber > 0 {
		if st, en, ok := doc.FindWithin(p.Exact, p.Start, p.End); ok {
			p.Start, p.End = st, en
		} else {
			v.check(false, "exact", "Those words are not in this "+unitWord(p.Doc)+"; copy them exactly, or leave the box empty to flag all of it")
		}
	}
	s.readFlagFields(c, &p)
	flags, err := s.store.ListFlags(ctx, a.ID)
	if err != nil {
		return err
	}
	v.check(len(flags) < maxFlags, "category", "You have made the most flags one attempt can hold; remove some before adding more")
	if !v.Valid() {
		return c.Render(http.StatusUnprocessableEntity, "flag_form", p)
	}
	f := store.Flag{AttemptID: a.ID, Document: p.Doc, Start: p.Start, End: p.End, Quote: doc.Slice(p.Start, p.End),
		Category: p.Category, Rationale: p.Rationale, EvidenceStart: -1, EvidenceEnd: -1}
	setEvidence(&f, sc, p.Evidence)
	if _, err := s.store.AddFlag(ctx, f); err != nil {
		return err
	}
	s.flash(c, "Flag added.")
	return c.Redirect(http.StatusSeeOther, "/scenarios/"+sc.ID+"#your-flags")
}

// readFlagFields reads and checks the fields that creating and editing share.
func (s *Server) readFlagFields(c echo.Context, p *flagFormPage) {
	v := &p.Form
	p.Category = c.FormValue("category")
	_, known := s.library(c).Taxonomy.Category(p.Category)
	v.check(known, "category", "Choose what kind of problem this is")
	rationale, ok := cleanText(c.FormValue("rationale"))
	p.Rationale = rationale
	v.check(ok, "rationale", "Your reason contains characters that cannot be stored; retype it")
	v.check(utf8.RuneCountInString(rationale) <= maxRationale, "rationale", "Your reason must be 2,000 characters or fewer")
	p.Evidence, _ = strconv.Atoi(c.FormValue("evidence"))
	v.check(p.Evidence >= 0 && p.Evidence <= len(p.Scenario.Source.Units), "evidence", "Choose a line of the source, or none")
}

func setEvidence(f *store.Flag, sc *scenario.Scenario, line int) {
	f.EvidenceStart, f.EvidenceEnd = -1, -1
	if line >= 1 && line <= len(sc.Source.Units) {
		u := sc.Source.Units[line-1]
		f.EvidenceStart, f.EvidenceEnd = u.Start, u.End
	}
}

// ownFlag finds the scenario in the URL and a flag in the learner's current draft of it.
// Another learner's flag id is simply not found.
func (s *Server) ownFlag(c echo.Context) (*scenario.Scenario, store.Attempt, store.Flag, error) {
	sc, err := s.library(c).Scenarios.Get(c.Param("scenario"))
	if err != nil {
		return nil, store.Attempt{}, store.Flag{}, err
	}
	ctx := c.Request().Context()
	id, err := strconv.ParseInt(c.Param("flag"), 10, 64)
	if err != nil {
		return nil, store.Attempt{}, store.Flag{}, store.ErrNotFound
	}
	a, err := s.store.OpenDraft(ctx, mustUser(c).ID, sc.ID)
	if err != nil {
		return nil, store.Attempt{}, store.Flag{}, err
	}
	flags, err := s.store.ListFlags(ctx, a.ID)
	if err != nil {
		return nil, store.Attempt{}, store.Flag{}, err
	}
	for _, f := range flags {
		if f.ID == id {
			return sc, a, f, nil
		}
	}
	return nil, store.Attempt{}, store.Flag{}, store.ErrNotFound
}

func (s *Server) editForm(c echo.Context, sc *scenario.Scenario, f store.Flag) flagFormPage {
	p := s.flagForm(c, sc, "Change your flag")
	p.Editing, p.FlagID, p.Doc = true, f.ID, f.Document
	p.Action = "/scenarios/" + sc.ID + "/flags/" + strconv.FormatInt(f.ID, 10)
	p.Start, p.End, p.Selected = f.Start, f.End, f.Quote
	p.Category, p.Rationale = f.Category, f.Rationale
	if f.HasEvidence() {
		if u, ok := unitAt(&sc.Source, f.EvidenceStart); ok {
			p.Evidence = u.Number
		}
	}
	return p
}

// handleFlagEdit handles "GET /scenarios/:scenario/flags/:flag/edit".
func (s *Server) handleFlagEdit(c echo.Context) error {
	sc, _, f, err := s.ownFlag(c)
	if err != nil {
		return err
	}
	return c.Render(http.StatusOK, "flag_form", s.editForm(c, sc, f))
}

// handleFlagUpdate handles "POST /scenarios/:scenario/flags/:flag".
func (s *Server) handleFlagUpdate(c echo.Context) error {
	sc, _, f, err := s.ownFlag(c)
	if err != nil {
		return err
	}
	p := s.editForm(c, sc, f)
	s.readFlagFields(c, &p)
	if !p.Form.Valid() {
		return c.Render(http.StatusUnprocessableEntity, "flag_form", p)
	}
	f.Category, f.Rationale = p.Category, p.Rationale
	setEvidence(&f, sc, p.Evidence)
	if err := s.store.UpdateFlag(c.Request().Context(), f); err != nil {
		return draftError(err)
	}
	s.flash(c, "Flag updated.")
	return c.Redirect(http.StatusSeeOther, "/scenarios/"+sc.ID+"#your-flags")
}

// handleFlagDelete handles "POST /scenarios/:scenario/flags/:flag/delete".
func (s *Server) handleFlagDelete(c echo.Context) error {
	sc, a, f, err := s.ownFlag(c)
	if err != nil {
		return err
	}
	if err := s.store.DeleteFlag(c.Request().Context(), a.ID, f.ID); err != nil {
		return draftError(err)
	}
	s.flash(c, "Flag removed.")
	return c.Redirect(http.StatusSeeOther, "/scenarios/"+sc.ID+"#your-flags")
}

// draftError explains the one way a draft can refuse a change: it was submitted meanwhile.
func draftError(err error) error {
	if errors.Is(err, store.ErrConflict) {
		return echo.NewHTTPError(http.StatusConflict, "This attempt has already been submitted, so its flags can no longer change.")
	}
	return err
}
