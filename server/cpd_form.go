package server

import (
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"github.com/redpen-social/redpen/internal/content"
	"github.com/redpen-social/redpen/internal/store"
)

// cpdForm is a CPD entry as typed, so a form that fails validation shows what was sent.
type cpdForm struct {
	Type, Title, Description, Date, Minutes string
	Learnt, Impact                          string
	PeerWith, PeerDate, PeerOutcome         string
	Standards                               map[string]bool
}

type standardOption struct {
	Number, Text string
	Checked      bool
}

type standardGroup struct {
	Legend    string
	Standards []standardOption
}

type cpdFormPage struct {
	basePage
	Entry   cpdForm
	Action  string
	Editing bool
	Source  string // where an edited entry came from, in words
	Types   []struct{ ID, Label string }
	Groups  []standardGroup
	Chosen  int
	Form    validator
}

func formFromEntry(e store.CPDEntry) cpdForm {
	f := cpdForm{Type: e.ActivityType, Title: e.Title, Description: e.Description, Learnt: e.Learnt, Impact: e.Impact,
		PeerWith: e.PeerWith, PeerOutcome: e.PeerOutcome, Minutes: strconv.Itoa(e.Minutes), Standards: map[string]bool{}}
	if !e.Date.IsZero() {
		f.Date = e.Date.Format(store.DateLayout)
	}
	if !e.PeerDate.IsZero() {
		f.PeerDate = e.PeerDate.Format(store.DateLayout)
	}
	for _, n := range e.Standards {
		f.Standards[n] = true
	}
	return f
}

func (s *Server) cpdFormPage(c echo.Context, lib *content.Library, title, action string, f cpdForm) cpdFormPage {
	p := cpdFormPage{basePage: s.page(c, title), Entry: f, Action: action, Types: cpdActivityTypes}
	for _, st := range lib.Taxonomy.Standards {
		group, _, _ := strings.Cut(st.Number, ".")
		if len(p.Groups) == 0 || p.Groups[len(p.Groups)-1].Legend != "Standard "+group {
			p.Groups = append(p.Groups, standardGroup{Legend: "Standard " + group})
		}
		g := &p.Groups[len(p.Groups)-1]
		g.Standards = append(g.Standards, standardOption{Number: st.Number, Text: st.Text, Checked: f.Standards[st.Number]})
		if f.Standards[st.Number] {
			p.Chosen++
		}
	}
	return p
}

// Limits on what a learner types.
const (
	maxCPDTitle = 200
	maxCPDText  = 10000
	maxCPDPeer  = 200
)

// readCPDForm reads and checks the posted form; the entry is meaningful only when valid.
func (s *Server) readCPDForm(c echo.Context, lib *content.Library, v *validator) (cpdForm, store.CPDEntry) {
	var f cpdForm
	var e store.CPDEntry
	text := func(name string, limit int, dst *string, msg string) {
		t, ok := cleanText(c.FormValue(name))
		*dst = t
		v.check(ok, name, "This contains characters that cannot be stored; retype it")
		v.check(utf8.RuneCountInString(t) <= limit, name, msg)
	}
	f.Type = c.FormValue("type")
	v.check(activityLabel(f.Type) != f.Type, "type", "Choose the type of activity")
	text("title", maxCPDTitle, &f.Title, "The title must be 200 characters or fewer")
	v.check(f.Title != "", "title", "Enter a title for the activity")
	text("description", maxCPDText, &f.Description, "The description must be 10,000 characters or fewer")
	v.check(f.Description != "", "description", "Describe the activity and why it is relevant to your practice")
	f.Date = strings.TrimSpace(c.FormValue("date"))
	date, dateOK := parseDate(f.Date)
	v.check(f.Date != "", "date", "Enter the date of the activity")
	v.check(dateOK, "date", "Enter the date as day, month and year, for example 14/03/2026")
	v.check(!dateOK || !date.After(localDate(s.store.Now()).AddDate(0, 0, 1)), "date", "The date of the activity must be today or in the past")
	v.check(!dateOK || date.Year() >= 1990, "date", "The date of the activity must be after 1990")
	f.Minutes = strings.TrimSpace(c.FormValue("minutes"))
	minutes := 0
	if f.Minutes != "" {
		var err error
		minutes, err = strconv.Atoi(f.Minutes)
		v.check(err == nil && minutes >= 0 && minutes <= 10000, "minutes", "Enter the time spent as a whole number of minutes, for example 45")
	}
	text("learnt", maxCPDText, &f.Learnt, "What you learnt must be 10,000 characters or fewer")
	text("impact", maxCPDText, &f.Impact, "The impact must be 10,000 characters or fewer")
	text("peer_with", maxCPDPeer, &f.PeerWith, "Who you discussed it with must be 200 characters or fewer")
	f.PeerDate = strings.TrimSpace(c.FormValue("peer_date"))
	peerDate, peerOK := parseDate(f.PeerDate)
	v.check(f.PeerDate == "" || peerOK, "peer_date", "Enter the date of the discussion as day, month and year, for example 20/03/2026")
	text("peer_outcome", maxCPDText, &f.PeerOutcome, "What came of the discussion must be 10,000 characters or fewer")
	v.check(f.PeerWith != "" || f.PeerOutcome == "", "peer_with", "Say who you discussed it with, such as “my practice educator” (no need to name them)")
	v.check(f.PeerOutcome != "" || f.PeerWith == "", "peer_outcome", "Say what came of the discussion with your peer")
	f.Standards = map[string]bool{}
	form, _ := c.FormParams()
	for _, n := range form["standards"] {
		_, known := lib.Taxonomy.Standard(n)
		v.check(known, "standards", "Choose standards from the list")
		if known {
			f.Standards[n] = true
			e.Standards = append(e.Standards, n)
		}
	}
	if dateOK {
		f.Date = date.Format(store.DateLayout) // what a date input shows when the form comes back
	}
	e.ActivityType, e.Title, e.Description, e.Date, e.Minutes = f.Type, f.Title, f.Description, date, minutes
	e.Learnt, e.Impact, e.PeerWith, e.PeerOutcome = f.Learnt, f.Impact, f.PeerWith, f.PeerOutcome
	if peerOK {
		e.PeerDate, f.PeerDate = peerDate, peerDate.Format(store.DateLayout)
	}
	return f, e
}

// dateLayouts are the ways a date may be typed where the browser offers no date picker:
// the picker's own year-month-day, and the day-first forms used in the UK.
var dateLayouts = []string{store.DateLayout, "2/1/2006", "2-1-2006", "2.1.2006", "2 January 2006", "2 Jan 2006"}

// parseDate reads a calendar date typed in any of dateLayouts.
func parseDate(s string) (time.Time, bool) {
	for _, layout := range dateLayouts {
		if d, err := time.Parse(layout, s); err == nil {
			return d, true
		}
	}
	return time.Time{}, false
}

// handleCPDNew handles "GET /cpd/new": a blank reflection, or with ?attempt=ID one started
// from a submitted critique, its reflection as what was learnt.
func (s *Server) handleCPDNew(c echo.Context) error {
	lib := s.library(c)
	f := cpdForm{Type: "other", Date: localDate(s.store.Now()).Format(store.DateLayout), Standards: map[string]bool{}}
	if id := c.QueryParam("attempt"); id != "" {
		a, err := s.ownSubmittedAttempt(c, id)
		if err != nil {
			return err
		}
		f = formFromEntry(attemptEntry(lib, a))
	}
	return c.Render(http.StatusOK, "cpd_form", s.cpdFormPage(c, lib, "Add a CPD entry", "/cpd", f))
}

// ownSubmittedAttempt is one of the learner's submitted attempts; anything else is not found.
func (s *Server) ownSubmittedAttempt(c echo.Context, param string) (store.Attempt, error) {
	id, err := strconv.ParseInt(param, 10, 64)
	if err != nil {
		return store.Attempt{}, store.ErrNotFound
	}
	a, err := s.store.FindAttempt(c.Request().Context(), id)
	if err != nil {
		return store.Attempt{}, err
	}
	if a.UserID != mustUser(c).ID || !a.Submitted() {
		return store.Attempt{}, store.ErrNotFound
	}
	return a, nil
}

// handleCPDCreate handles "POST /cpd".
func (s *Server) handleCPDCreate(c echo.Context) error {
	lib := s.library(c)
	var v validator
	f, e := s.readCPDForm(c, lib, &v)
	if !v.Valid() {
		p := s.cpdFormPage(c, lib, "Add a CPD entry", "/cpd", f)
		p.Form = v
		return c.Render(http.StatusUnprocessableEntity, "cpd_form", p)
	}
	e.UserID = mustUser(c).ID
	if _, err := s.store.CreateCPDEntry(c.Request().Context(), e); err != nil {
		return err
	}
	s.flash(c, "Your CPD entry “"+truncate(e.Title, 80)+"” is saved.")
	return c.Redirect(http.StatusSeeOther, "/cpd")
}

// ownCPDEntry loads one of the learner's entries by the :entry parameter.
func (s *Server) ownCPDEntry(c echo.Context) (store.CPDEntry, error) {
	id, err := strconv.ParseInt(c.Param("entry"), 10, 64)
	if err != nil {
		return store.CPDEntry{}, store.ErrNotFound
	}
	return s.store.FindCPDEntry(c.Request().Context(), mustUser(c).ID, id)
}

func (s *Server) cpdEditPage(c echo.Context, lib *content.Library, e store.CPDEntry, f cpdForm) cpdFormPage {
	p := s.cpdFormPage(c, lib, "Edit a CPD entry", "/cpd/"+strconv.FormatInt(e.ID, 10), f)
	p.Editing = true
	switch e.Source {
	case store.CPDModule:
		p.Source = "Added when you completed a module. The time spent was measured from when you opened it to when you completed it, up to twice its reading time."
	case store.CPDAttempt:
		p.Source = "Added when you submitted a critique. The time spent was measured from when you started it to when you submitted it, up to twice the case's estimated time."
	}
	return p
}

// handleCPDEdit handles "GET /cpd/:entry/edit".
func (s *Server) handleCPDEdit(c echo.Context) error {
	e, err := s.ownCPDEntry(c)
	if err != nil {
		return err
	}
	lib := s.library(c)
	f := formFromEntry(e)
	if e.Source == store.CPDAttempt && f.Learnt == "" {
		if a, err := s.ownSubmittedAttempt(c, e.SourceRef); err == nil {
			f.Learnt = a.Reflection // the reflection written on the feedback page, if any
		}
	}
	return c.Render(http.StatusOK, "cpd_form", s.cpdEditPage(c, lib, e, f))
}

// handleCPDUpdate handles "POST /cpd/:entry".
func (s *Server) handleCPDUpdate(c echo.Context) error {
	old, err := s.ownCPDEntry(c)
	if err != nil {
		return err
	}
	lib := s.library(c)
	var v validator
	f, e := s.readCPDForm(c, lib, &v)
	if !v.Valid() {
		p := s.cpdEditPage(c, lib, old, f)
		p.Form = v
		return c.Render(http.StatusUnprocessableEntity, "cpd_form", p)
	}
	e.ID, e.UserID = old.ID, old.UserID
	if err := s.store.UpdateCPDEntry(c.Request().Context(), e); err != nil {
		return err
	}
	s.flash(c, "Your changes to “"+truncate(e.Title, 80)+"” are saved.")
	return c.Redirect(http.StatusSeeOther, "/cpd#entry-"+strconv.FormatInt(e.ID, 10))
}

type cpdDeletePage struct {
	basePage
	Entry cpdEntryView
}

// handleCPDDeleteConfirm handles "GET /cpd/:entry/delete": are you sure?
func (s *Server) handleCPDDeleteConfirm(c echo.Context) error {
	e, err := s.ownCPDEntry(c)
	if err != nil {
		return err
	}
	y := registrationYearOf(s.store.Now())
	return c.Render(http.StatusOK, "cpd_delete", cpdDeletePage{basePage: s.page(c, "Delete this CPD entry?"), Entry: viewCPDEntries([]store.CPDEntry{e}, y)[0]})
}

// handleCPDDelete handles "POST /cpd/:entry/delete".
func (s *Server) handleCPDDelete(c echo.Context) error {
	e, err := s.ownCPDEntry(c)
	if err != nil {
		return err
	}
	if err := s.store.DeleteCPDEntry(c.Request().Context(), e.UserID, e.ID); err != nil {
		return err
	}
	s.flash(c, "The CPD entry “"+truncate(e.Title, 80)+"” is deleted.")
	return c.Redirect(http.StatusSeeOther, "/cpd")
}
