package server

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/redpen-social/redpen/internal/content"
	"github.com/redpen-social/redpen/internal/scenario"
	"github.com/redpen-social/redpen/internal/store"
)

// keyPolicy is what the feedback page knows of cohort rules: whether an assignment holds
// the answer key back until its due date, and whether an educator is looking at a
// learner's attempt, read only.
type keyPolicy struct {
	KeyHidden  bool
	KeyShownAt time.Time // when the key will be shown to the learner; zero if it is already
	ReadOnly   bool
	Learner    store.User
	Cohort     store.Cohort
	MarkedURL  string // for educators viewing a held-back attempt: the same attempt marked
}

// holdKeyBack takes the answer key out of a feedback page while an "after the due date"
// assignment of the attempt's learner holds it back. What is left is the score, the counts
// of the learner's own flags, and the flags themselves.
func (s *Server) holdKeyBack(c echo.Context, p *feedbackPage, flags []store.Flag) error {
	until, err := s.store.KeyHeldUntil(c.Request().Context(), p.Attempt.UserID, p.Scenario.ID)
	if err != nil || until.IsZero() {
		return err
	}
	p.KeyHidden, p.KeyShownAt = true, until
	p.Record = resultRecord{Score: p.Record.Score, Found: p.Record.Found, Partial: p.Record.Partial,
		Spurious: p.Record.Spurious, Explanation: heldExplanation(p.Record, len(flags))}
	p.View = keylessFeedback(s.library(c), p.Scenario, flags)
	return nil
}

// heldExplanation words the score without the key: counts of the learner's own flags.
func heldExplanation(rec resultRecord, flags int) string {
	if flags == 0 {
		return fmt.Sprintf("You made no flags. Score: %d%%.", percentOf(rec.Score))
	}
	var parts []string
	if rec.Found > 0 {
		parts = append(parts, fmt.Sprintf("%d matched an issue with the right kind", rec.Found))
	}
	if rec.Partial > 0 {
		parts = append(parts, fmt.Sprintf("%d matched an issue but named another kind", rec.Partial))
	}
	if rec.Spurious > 0 {
		parts = append(parts, fmt.Sprintf("%d %s", rec.Spurious, cohortPlural(rec.Spurious, "was not an issue", "were not issues")))
	}
	list := strings.Join(parts, ", ")
	if n := len(parts); n > 1 {
		list = strings.Join(parts[:n-1], ", ") + " and " + parts[n-1]
	}
	return fmt.Sprintf("You made %d %s: %s. Score: %d%%.", flags, cohortPlural(flags, "flag", "flags"), list, percentOf(rec.Score))
}

func cohortPlural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// keylessFeedback draws the documents with only the learner's own flags, without verdicts.
func keylessFeedback(lib *content.Library, sc *scenario.Scenario, flags []store.Flag) feedbackView {
	var v feedbackView
	var noteHL, sourceHL []highlight
	for _, f := range viewFlags(lib, sc, flags) {
		v.Flags = append(v.Flags, flagCard{flagView: f})
		h := highlight{Start: f.Start, End: f.End, Class: fmt.Sprintf("hl mine cat-%d", f.Category.Colour),
			Label: fmt.Sprintf("your flag %d: %s", f.Number, f.Category.Mark), Spoken: fmt.Sprintf("your flag %d", f.Number),
			Anchor: fmt.Sprintf("flag-%d", f.ID)}
		if f.Document == "source" {
			sourceHL = append(sourceHL, h)
		} else {
			noteHL = append(noteHL, h)
		}
	}
	v.Note = drawDocument("note", &sc.Note, noteHL, nil)
	v.Source = drawDocument("source", &sc.Source, sourceHL, nil)
	return v
}

// apiHeldAttempt is an attempt whose answer key is held back until KeyShownAt.
type apiHeldAttempt struct {
	apiAttemptOut
	KeyShownAt time.Time `json:"key_shown_at"`
}

// apiAttemptForLearner applies the feedback policy to an attempt's JSON for its learner:
// while the key is held back, the flaws, the verdicts on flags and the per-category
// figures are left out and key_shown_at says when they will be shown.
func (s *Server) apiAttemptForLearner(ctx context.Context, a store.Attempt, out apiAttemptOut) (any, error) {
	until, err := s.store.KeyHeldUntil(ctx, a.UserID, a.ScenarioID)
	if err != nil || until.IsZero() {
		return out, err
	}
	rec, err := parseRecord(a.Result)
	if err != nil {
		return nil, fmt.Errorf("attempt %d: %w", a.ID, err)
	}
	out.Explanation = heldExplanation(rec, len(out.Flags))
	out.Flaws, out.Categories = []apiFlawOut{}, []apiCategoryOut{}
	for i := range out.Flags {
		out.Flags[i].Outcome, out.Flags[i].Reason, out.Flags[i].Flaw = "", "", ""
	}
	return apiHeldAttempt{apiAttemptOut: out, KeyShownAt: until}, nil
}

// handleCohortAttemptShow handles "GET /cohorts/:cohort/attempts/:attempt": a learner's
// attempt as they see it, read only, for the cohort's educators. "?marked=1" shows an
// attempt whose key is still held back from the learner marked against the key.
func (s *Server) handleCohortAttemptShow(c echo.Context) error {
	co, err := s.teachingCohort(c)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(c.Param("attempt"), 10, 64)
	if err != nil {
		return store.ErrNotFound
	}
	ctx := c.Request().Context()
	a, err := s.store.FindCohortAttempt(ctx, co.ID, id)
	if err != nil {
		return err
	}
	lib := s.library(c)
	sc, err := lib.Scenarios.Get(a.ScenarioID)
	if err != nil {
		return err
	}
	rec, err := parseRecord(a.Result)
	if err != nil {
		return err
	}
	flags, err := s.store.ListFlags(ctx, a.ID)
	if err != nil {
		return err
	}
	learner, err := s.store.FindUser(ctx, a.UserID)
	if err != nil {
		return err
	}
	p := feedbackPage{basePage: s.page(c, learner.Name+" – Feedback: "+sc.Title), Scenario: sc, Attempt: a, Record: rec,
		View: buildFeedback(lib, sc, flags, &rec)}
	if c.QueryParam("marked") == "" {
		if err := s.holdKeyBack(c, &p, flags); err != nil {
			return err
		}
	} else if p.KeyShownAt, err = s.store.KeyHeldUntil(ctx, a.UserID, sc.ID); err != nil {
		return err
	}
	p.ReadOnly, p.Learner, p.Cohort = true, learner, co
	if p.KeyHidden {
		p.MarkedURL = c.Request().URL.Path + "?marked=1"
	}
	if err := s.audit(c, store.AuditViewAttempt, fmt.Sprintf("attempt %d by %s (%s) in cohort %q", a.ID, learner.Name, sc.Title, co.Name)); err != nil {
		return err
	}
	return s.renderFeedback(c, http.StatusOK, p)
}

// withoutHeldKeys returns the attempts whose answer key the learner may already see, so
// summaries built from stored verdicts (the dashboard's categories, the data export) do
// not give away a key an educator is holding back until a due date.
func (s *Server) withoutHeldKeys(ctx context.Context, userID int64, attempts []store.Attempt) ([]store.Attempt, error) {
	held := map[string]bool{}
	var out []store.Attempt
	for _, a := range attempts {
		h, seen := held[a.ScenarioID]
		if !seen {
			until, err := s.store.KeyHeldUntil(ctx, userID, a.ScenarioID)
			if err != nil {
				return nil, err
			}
			h = !until.IsZero()
			held[a.ScenarioID] = h
		}
		if !h {
			out = append(out, a)
		}
	}
	return out, nil
}
