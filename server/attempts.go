package server

import (
	"errors"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"github.com/redpen-social/redpen/internal/scenario"
	"github.com/redpen-social/redpen/internal/store"
)

const maxReflection = 10000

type submitPage struct {
	basePage
	Scenario *scenario.Scenario
	Attempt  store.Attempt
	Flags    []flagView
}

// handleSubmitNew handles "GET /scenarios/:scenario/submit": check your flags before
// submitting, since a submitted attempt cannot change.
func (s *Server) handleSubmitNew(c echo.Context) error {
	lib := s.library(c)
	sc, err := lib.Scenarios.Get(c.Param("scenario"))
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	a, err := s.store.OpenDraft(ctx, mustUser(c).ID, sc.ID)
	if err != nil {
		return err
	}
	flags, err := s.store.ListFlags(ctx, a.ID)
	if err != nil {
		return err
	}
	return c.Render(http.StatusOK, "submit", submitPage{basePage: s.page(c, "Check your flags before submitting"), Scenario: sc, Attempt: a, Flags: viewFlags(lib, sc, flags)})
}

// handleSubmitCreate handles "POST /scenarios/:scenario/submit": score the draft named in
// the form and show the feedback. Submitting the same draft twice (a double click, or Back
// and submit again) shows the first result instead of scoring a fresh, empty draft.
func (s *Server) handleSubmitCreate(c echo.Context) error {
	sc, err := s.library(c).Scenarios.Get(c.Param("scenario"))
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	id, err := strconv.ParseInt(c.FormValue("attempt"), 10, 64)
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "The form did not say which attempt to submit. Go back to the case and submit again.")
	}
	a, err := s.store.FindAttempt(ctx, id)
	if err != nil {
		return err
	}
	if a.UserID != mustUser(c).ID || a.ScenarioID != sc.ID {
		return store.ErrNotFound
	}
	feedback := "/attempts/" + strconv.FormatInt(a.ID, 10)
	if a.Submitted() {
		return c.Redirect(http.StatusSeeOther, feedback)
	}
	flags, err := s.store.ListFlags(ctx, a.ID)
	if err != nil {
		return err
	}
	rec := grade(sc, flags, s.cfg.Scoring)
	body, err := rec.marshal()
	if err != nil {
		return err
	}
	if err := s.store.SubmitAttempt(ctx, a.ID, rec.Score, body); err != nil && !errors.Is(err, store.ErrConflict) {
		return err
	}
	return c.Redirect(http.StatusSeeOther, feedback)
}

// ownAttempt loads an attempt that belongs to the signed-in learner. Anyone else's attempt
// is "not found", so ids reveal nothing.
func (s *Server) ownAttempt(c echo.Context) (store.Attempt, error) {
	id, err := strconv.ParseInt(c.Param("attempt"), 10, 64)
	if err != nil {
		return store.Attempt{}, store.ErrNotFound
	}
	a, err := s.store.FindAttempt(c.Request().Context(), id)
	if err != nil {
		return store.Attempt{}, err
	}
	if a.UserID != mustUser(c).ID {
		return store.Attempt{}, store.ErrNotFound
	}
	return a, nil
}

type feedbackPage struct {
	basePage
	Scenario   *scenario.Scenario
	Attempt    store.Attempt
	Record     resultRecord
	View       feedbackView
	History    []store.Attempt
	Reflection string
	Form       validator
	Preview    bool
	AI         *aiOffer // ai.go: what the model can add, nil when none is configured
	keyPolicy           // cohorts_policy.go: the answer key held back until a due date; educators' read-only view
}

// handleAttemptShow handles "GET /attempts/:attempt": the feedback on a submitted attempt.
func (s *Server) handleAttemptShow(c echo.Context) error {
	p, err := s.feedbackPage(c)
	if err != nil {
		return err
	}
	return s.renderFeedback(c, http.StatusOK, p)
}

func (s *Server) feedbackPage(c echo.Context) (feedbackPage, error) {
	lib := s.library(c)
	a, err := s.ownAttempt(c)
	if err != nil {
		return feedbackPage{}, err
	}
	if !a.Submitted() {
		return feedbackPage{}, echo.NewHTTPError(http.StatusNotFound)
	}
	sc, err := lib.Scenarios.Get(a.ScenarioID)
	if err != nil {
		return feedbackPage{}, err
	}
	rec, err := parseRecord(a.Result)
	if err != nil {
		return feedbackPage{}, err
	}
	ctx := c.Request().Context()
	flags, err := s.store.ListFlags(ctx, a.ID)
	if err != nil {
		return feedbackPage{}, err
	}
	history, err := s.store.ListAttempts(ctx, a.UserID, sc.ID)
	if err != nil {
		return feedbackPage{}, err
	}
	p := feedbackPage{
		basePage: s.page(c, "Feedback: "+sc.Title), Scenario: sc, Attempt: a, Record: rec,
		View: buildFeedback(lib, sc, flags, &rec), History: history, Reflection: a.Reflection,
	}
	// cohorts_policy.go: an assignment may hold the answer key back until its due date.
	return p, s.holdKeyBack(c, &p, flags)
}

// handleReflectionUpdate handles "POST /attempts/:attempt/reflection".
func (s *Server) handleReflectionUpdate(c echo.Context) error {
	p, err := s.feedbackPage(c)
	if err != nil {
		return err
	}
	text, ok := cleanText(c.FormValue("reflection"))
	p.Reflection = text
	p.Form.check(ok, "reflection", "Your reflection contains characters that cannot be stored; retype it")
	p.Form.check(utf8.RuneCountInString(text) <= maxReflection, "reflection", "Your reflection must be 10,000 characters or fewer")
	if !p.Form.Valid() {
		return s.renderFeedback(c, http.StatusUnprocessableEntity, p)
	}
	if err := s.store.SaveReflection(c.Request().Context(), p.Attempt.ID, text); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return echo.NewHTTPError(http.StatusConflict, "Only a submitted attempt can have a reflection.")
		}
		return err
	}
	s.flash(c, "Your reflection is saved.")
	return c.Redirect(http.StatusSeeOther, "/attempts/"+strconv.FormatInt(p.Attempt.ID, 10)+"#reflection")
}

// handleScenarioPreview handles "GET /scenarios/:scenario/preview": the scenario with its
// answer key drawn over it, for educators.
func (s *Server) handleScenarioPreview(c echo.Context) error {
	lib := s.library(c)
	sc, err := lib.Scenarios.Get(c.Param("scenario"))
	if err != nil {
		return err
	}
	return s.renderFeedback(c, http.StatusOK, feedbackPage{
		basePage: s.page(c, "Answer key: "+sc.Title), Scenario: sc, Preview: true,
		View: buildFeedback(lib, sc, nil, nil),
	})
}
