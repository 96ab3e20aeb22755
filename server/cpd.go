package server

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/redpen-social/redpen/internal/content"
	"github.com/redpen-social/redpen/internal/store"
)

// cpdActivityTypes are the kinds of CPD a learner can record; the first two are what Redpen's
// own modules and critiques are.
var cpdActivityTypes = []struct{ ID, Label string }{
	{"e-learning", "Online learning (e-learning module)"},
	{"practice-exercise", "Practice exercise or simulated case"},
	{"reading", "Reading or research"},
	{"course", "Course, workshop or conference"},
	{"supervision", "Supervision or reflective discussion"},
	{"work-based", "Learning at work, such as shadowing or a new task"},
	{"other", "Other"},
}

func activityLabel(id string) string {
	for _, t := range cpdActivityTypes {
		if t.ID == id {
			return t.Label
		}
	}
	return id
}

// regYear is a registration year as Redpen counts it: 1 December to 30 November, so that
// the year ends with Social Work England's renewal window (1 September to 30 November).
type regYear struct {
	Start, End time.Time // calendar dates, midnight UTC, both included
}

// registrationYearEnding is the registration year that ends on 30 November of year.
func registrationYearEnding(year int) regYear {
	return regYear{Start: time.Date(year-1, 12, 1, 0, 0, 0, 0, time.UTC), End: time.Date(year, 11, 30, 0, 0, 0, 0, time.UTC)}
}

// registrationYearOf is the registration year a moment falls in, by the local calendar.
func registrationYearOf(t time.Time) regYear {
	d := localDate(t)
	if d.Month() == time.December {
		return registrationYearEnding(d.Year() + 1)
	}
	return registrationYearEnding(d.Year())
}

// Contains reports whether a calendar date is in the year.
func (y regYear) Contains(d time.Time) bool { return !d.Before(y.Start) && !d.After(y.End) }

// EndYear names the year by the year it ends in, as used in ?year=.
func (y regYear) EndYear() int { return y.End.Year() }

// Label says the year's dates in words.
func (y regYear) Label() string {
	return y.Start.Format("2 January 2006") + " to " + y.End.Format("2 January 2006")
}

// localDate is the calendar date of a moment on the server's clock, as midnight UTC.
func localDate(t time.Time) time.Time {
	l := t.Local()
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
}

// cpdSummary is what Social Work England asks of a registration year: at least two entries,
// at least one with peer reflection.
type cpdSummary struct {
	Year      regYear
	Entries   int
	Reflected int
	Peer      int
}

// Enough reports whether the year meets the number of entries asked for. An entry counts
// once what was learnt and its impact are written: a title and a date alone are not what
// Social Work England's form asks for.
func (s cpdSummary) Enough() bool { return s.Reflected >= 2 }

func summariseCPD(entries []store.CPDEntry, y regYear) cpdSummary {
	sum := cpdSummary{Year: y}
	for _, e := range entries {
		if !y.Contains(e.Date) {
			continue
		}
		sum.Entries++
		if e.Reflected() {
			sum.Reflected++
		}
		if e.HasPeerReflection() {
			sum.Peer++
		}
	}
	return sum
}

// measuredMinutes is the time between starting and finishing an activity, rounded up, at
// least a minute and at most twice the content's own estimate (an hour without one), so a
// tab left open overnight does not count as a night's study.
func measuredMinutes(start, end time.Time, estimate int) int {
	limit := 2 * estimate
	if estimate <= 0 {
		limit = 60
	}
	m := int(math.Ceil(end.Sub(start).Minutes()))
	return max(1, min(m, limit))
}

// syncCPD adds an entry for each completed module and submitted critique not yet in the
// learner's log.
func (s *Server) syncCPD(c echo.Context, lib *content.Library, userID int64) error {
	ctx := c.Request().Context()
	prog, err := s.store.ListModuleProgress(ctx, userID)
	if err != nil {
		return err
	}
	attempts, err := s.store.ListAttempts(ctx, userID, "")
	if err != nil {
		return err
	}
	var candidates []store.CPDEntry
	for _, p := range prog {
		if p.Complete() {
			candidates = append(candidates, moduleEntry(lib, p))
		}
	}
	for _, a := range attempts {
		candidates = append(candidates, attemptEntry(lib, a))
	}
	_, err = s.store.ImportCPDEntries(ctx, userID, candidates)
	return err
}

func moduleEntry(lib *content.Library, p store.ModuleProgress) store.CPDEntry {
	e := store.CPDEntry{Source: store.CPDModule, SourceRef: p.ModuleID, ActivityType: "e-learning",
		Title: "Redpen module: " + p.ModuleID, Date: localDate(p.CompletedAt), Minutes: measuredMinutes(p.StartedAt, p.CompletedAt, 0)}
	if m, err := lib.Catalog.Module(p.ModuleID); err == nil {
		e.Title = "Redpen module: " + m.Title
		e.Description = fmt.Sprintf("I worked through the Redpen module “%s” (about %d minutes) and passed its knowledge checks. "+
			"It is relevant because AI tools now draft notes and records in social work, and I remain accountable for what goes on a person's record.", m.Title, m.Minutes)
		e.Minutes = measuredMinutes(p.StartedAt, p.CompletedAt, m.Minutes)
		e.Standards = append([]string(nil), m.Standards...)
	}
	return e
}

func attemptEntry(lib *content.Library, a store.Attempt) store.CPDEntry {
	e := store.CPDEntry{Source: store.CPDAttempt, SourceRef: strconv.FormatInt(a.ID, 10), ActivityType: "practice-exercise",
		Title: "Redpen case critique: " + a.ScenarioID, Date: localDate(a.SubmittedAt),
		Minutes: measuredMinutes(a.CreatedAt, a.SubmittedAt, 0), Learnt: a.Reflection}
	if sc, err := lib.Scenarios.Get(a.ScenarioID); err == nil {
		e.Title = "Redpen case critique: " + sc.Title
		e.Description = fmt.Sprintf("I checked a note drafted by an AI tool (%s) against its source record in a simulated case (%s) and flagged what it got wrong; I scored %d%%. "+
			"It is relevant because checking AI-drafted records before they are relied on is now part of everyday practice.", sc.Tool, sc.Setting, pctOf(a.Score))
		e.Minutes = measuredMinutes(a.CreatedAt, a.SubmittedAt, sc.Minutes)
		e.Standards = append([]string(nil), sc.Standards...)
	}
	return e
}

type cpdEntryView struct {
	store.CPDEntry
	TypeLabel string
	Duration  string
	InYear    bool
}

func viewCPDEntries(entries []store.CPDEntry, y regYear) []cpdEntryView {
	out := make([]cpdEntryView, len(entries))
	for i, e := range entries {
		out[i] = cpdEntryView{CPDEntry: e, TypeLabel: activityLabel(e.ActivityType), Duration: duration(e.Minutes), InYear: y.Contains(e.Date)}
	}
	return out
}

// duration words a number of minutes: "1 hour 20 minutes".
func duration(minutes int) string {
	h, m := minutes/60, minutes%60
	switch {
	case h == 0:
		return fmt.Sprintf("%d %s", m, pluralWord(m, "minute", "minutes"))
	case m == 0:
		return fmt.Sprintf("%d %s", h, pluralWord(h, "hour", "hours"))
	}
	return fmt.Sprintf("%d %s %d %s", h, pluralWord(h, "hour", "hours"), m, pluralWord(m, "minute", "minutes"))
}

type cpdIndexPage struct {
	basePage
	Summary cpdSummary
	Entries []cpdEntryView
}

// handleCPDIndex handles "GET /cpd": the learner's CPD log, with this registration year's
// count against what Social Work England asks for.
func (s *Server) handleCPDIndex(c echo.Context) error {
	lib := s.library(c)
	u := mustUser(c)
	if err := s.syncCPD(c, lib, u.ID); err != nil {
		return err
	}
	entries, err := s.store.ListCPDEntries(c.Request().Context(), u.ID)
	if err != nil {
		return err
	}
	y := registrationYearOf(s.store.Now())
	return c.Render(http.StatusOK, "cpd_index", cpdIndexPage{
		basePage: s.page(c, "CPD log"), Summary: summariseCPD(entries, y), Entries: viewCPDEntries(entries, y),
	})
}
