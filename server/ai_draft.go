package server

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/redpen-social/redpen/internal/scenario"
)

type draftPage struct {
	basePage
	Scenario *scenario.Scenario
	Model    string
	FileName string
	File     string
	aiOutcome
}

// handleDraftNoteCreate handles "POST /scenarios/:scenario/draft-note": a note drafted by
// the model from the scenario's source, set in the skeleton of a new scenario file, for an
// educator to save and then mark with the flaws the model really made.
func (s *Server) handleDraftNoteCreate(c echo.Context) error {
	sc, err := s.library(c).Scenarios.Get(c.Param("scenario"))
	if err != nil {
		return err
	}
	res, err := s.cfg.LLM.Generate(c.Request().Context(), draftPrompt(sc), nil)
	p := draftPage{basePage: s.page(c, "AI draft note: "+sc.Title), Scenario: sc, Model: s.cfg.LLM.Model()}
	status, err := s.settle(c, &p.aiOutcome, res, err)
	if err != nil {
		return err
	}
	if p.Blocked != nil {
		return c.Render(status, "scan", scanPage{
			basePage: s.page(c, "The case was not sent to the AI model"), Blocked: true, Report: *p.Blocked,
			Intro: "This scenario's source contains identifiers that Redpen will not send to a model even from a " +
				"case file: NHS or National Insurance numbers with valid check digits. Change them to numbers " +
				"that fail the check, so that nobody mistakes them for real ones.",
			BackURL: "/scenarios/" + sc.ID + "/preview", BackText: "Back to the answer key",
		})
	}
	if p.Answer != "" {
		p.FileName = sc.ID + "-ai-draft.md"
		p.File = scenarioSkeleton(sc, p.Model, p.Answer)
	}
	return c.Render(status, "ai_draft", p)
}

// handleDraftNoteShow handles "GET /scenarios/:scenario/draft-note": a reload lands back
// on the answer key, which has the button.
func (s *Server) handleDraftNoteShow(c echo.Context) error {
	sc, err := s.library(c).Scenarios.Get(c.Param("scenario"))
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/scenarios/"+sc.ID+"/preview#ai-features")
}

// scenarioSkeleton is a new scenario file holding the drafted note, following
// docs/authoring.md. It has no flaws yet, so "redpen check" will say so until the
// educator marks them.
func scenarioSkeleton(sc *scenario.Scenario, model, note string) string {
	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "id: %s-ai-draft\n", sc.ID)
	fmt.Fprintf(&b, "title: %q\n", sc.Title+" (AI draft)")
	fmt.Fprintf(&b, "setting: %q\n", sc.Setting)
	fmt.Fprintf(&b, "audience: [%s]\n", strings.Join(sc.Audience, ", "))
	fmt.Fprintf(&b, "level: %s\n", firstNonEmpty(sc.Level, scenario.LevelFoundation))
	fmt.Fprintf(&b, "minutes: %d\n", max(sc.Minutes, 10))
	fmt.Fprintf(&b, "tool: %q\n", "AI model "+model)
	quoted := make([]string, len(sc.Standards))
	for i, st := range sc.Standards {
		quoted[i] = fmt.Sprintf("%q", st)
	}
	fmt.Fprintf(&b, "standards: [%s]\n", strings.Join(quoted, ", "))
	b.WriteString(`flaws:
  # Read the AI note against the source and mark each real error the model made, e.g.:
  # - id: invented-referral
  #   category: fabrication
  #   severity: medium
  #   quote: "the exact words in the AI note"
  #   evidence_quote: "words in the source that show the truth"
  #   explanation: |
  #     What is wrong, what the source shows, why it matters for the person.
  #   standards: ["3.11"]
---

## Brief
`)
	b.WriteString(strings.TrimSpace(sc.BriefMarkdown) + "\n\n## Source\n")
	b.WriteString(strings.TrimSpace(sc.Source.Text) + "\n\n## AI note\n")
	b.WriteString(strings.TrimSpace(note) + "\n\n## Model note\n")
	b.WriteString("(Optional: a corrected note, shown to learners after they submit. Delete this section if you do not want one.)\n\n## Reflection\n")
	b.WriteString("- What did the model add, change or leave out?\n")
	return b.String()
}
