package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/redpen-social/redpen/internal/scenario"
	"github.com/redpen-social/redpen/internal/store"
)

type tutorPage struct {
	basePage
	Scenario    *scenario.Scenario
	Attempt     store.Attempt
	FeedbackURL string
	Model       string
	aiOutcome
}

// handleTutorCreate handles "POST /attempts/:attempt/tutor": optional AI feedback on the
// learner's reasons, compared with the educator's explanations. Only the attempt's owner
// may ask; the feedback itself never waits for this.
func (s *Server) handleTutorCreate(c echo.Context) error {
	fp, err := s.feedbackPage(c)
	if err != nil {
		return err
	}
	back := "/attempts/" + strconv.FormatInt(fp.Attempt.ID, 10)
	if fp.KeyHidden {
		return echo.NewHTTPError(http.StatusConflict, "AI tutor feedback opens with the answer key, after the assignment's due date.")
	}
	res, err := s.cfg.LLM.Generate(c.Request().Context(), tutorPrompt(fp.Scenario, fp.View), nil)
	p := tutorPage{basePage: s.page(c, "AI tutor feedback: "+fp.Scenario.Title), Scenario: fp.Scenario, Attempt: fp.Attempt,
		FeedbackURL: back, Model: s.cfg.LLM.Model()}
	status, err := s.settle(c, &p.aiOutcome, res, err)
	if err != nil {
		return err
	}
	if p.Blocked != nil {
		return c.Render(status, "scan", scanPage{
			basePage: s.page(c, "Your reasons were not sent to the AI tutor"), Blocked: true, Report: *p.Blocked,
			Intro: "Before anything goes to the AI model, Redpen checks it for personal data. Some of your reasons " +
				"look as if they contain it, so nothing was sent. Your feedback and mark are not affected.",
			BackURL: back, BackText: "Back to your feedback",
		})
	}
	return c.Render(status, "ai_tutor", p)
}

// handleTutorShow handles "GET /attempts/:attempt/tutor", where a reload after the POST
// lands: back to the feedback, which has the button.
func (s *Server) handleTutorShow(c echo.Context) error {
	a, err := s.ownAttempt(c)
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/attempts/"+strconv.FormatInt(a.ID, 10)+"#ai-features")
}
