package server

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"github.com/redpen-social/redpen/internal/llm"
	"github.com/redpen-social/redpen/internal/pii"
)

// What the AI features share: the feedback page's AI section, personal-data reports and
// the handling of a model's answer.

// aiOffer is what the feedback page needs for its AI section.
type aiOffer struct {
	TutorURL, DraftURL, SandboxURL string
	Model                          string
}

// aiOfferFor says what the feedback page may offer from the model, or nil for nothing.
func (s *Server) aiOfferFor(p feedbackPage) *aiOffer {
	if s.cfg.LLM == nil || p.Scenario == nil {
		return nil
	}
	offer := &aiOffer{Model: s.cfg.LLM.Model(), SandboxURL: "/sandbox/" + p.Scenario.ID}
	switch {
	case p.Preview:
		offer.DraftURL = "/scenarios/" + p.Scenario.ID + "/draft-note"
	case p.ReadOnly || p.KeyHidden:
		// An educator's read-only view has nothing to ask; while an assignment holds the
		// answer key back, a tutor comparing flags with it would give the key away.
		return nil
	default:
		offer.TutorURL = "/attempts/" + strconv.FormatInt(p.Attempt.ID, 10) + "/tutor"
	}
	return offer
}

// renderFeedback renders the feedback page (or the answer-key preview), with the AI section
// when a model is configured.
func (s *Server) renderFeedback(c echo.Context, status int, p feedbackPage) error {
	p.AI = s.aiOfferFor(p)
	return c.Render(status, "feedback", p)
}

// piiReport shows texts with their personal data marked, and why each kind matters.
type piiReport struct {
	Texts []markedText
	Rows  []findingRow
	Kinds []kindNote
}

type markedText struct {
	Label  string
	Pieces []markPiece
}

// markPiece is a run of text; Number > 0 marks a finding, with Label naming its kind.
type markPiece struct {
	Text   string
	Number int
	Label  string
}

type findingRow struct {
	Number    int
	Label     string
	Text      string
	Line, Col int
	Where     string
}

type kindNote struct {
	Label, Why, Placeholder string
}

// newPIIReport numbers the findings across all the flagged texts.
func newPIIReport(parts []llm.Flagged) piiReport {
	var r piiReport
	n := 0
	for _, p := range parts {
		mt := markedText{Label: p.Label}
		last := 0
		for _, f := range p.Findings {
			n++
			if f.Start > last {
				mt.Pieces = append(mt.Pieces, markPiece{Text: p.Text[last:f.Start]})
			}
			mt.Pieces = append(mt.Pieces, markPiece{Text: f.Text, Number: n, Label: f.Kind.Label()})
			r.Rows = append(r.Rows, findingRow{Number: n, Label: f.Kind.Label(), Text: f.Text, Line: f.Line, Col: f.Col, Where: p.Label})
			last = f.End
		}
		if last < len(p.Text) {
			mt.Pieces = append(mt.Pieces, markPiece{Text: p.Text[last:]})
		}
		r.Texts = append(r.Texts, mt)
	}
	for _, k := range llm.Kinds(parts) {
		r.Kinds = append(r.Kinds, kindNote{Label: k.Label(), Why: k.Why(), Placeholder: k.Placeholder()})
	}
	return r
}

// scanText reports the personal data in one text.
func scanText(label, text string) piiReport {
	return newPIIReport([]llm.Flagged{{Label: label, Text: text, Findings: pii.Scan(text)}})
}

// aiOutcome is what a page shows after asking the model: the answer, what the gate
// redacted, what the gate blocked, or why the model could not answer.
type aiOutcome struct {
	Answer   string
	Redacted *piiReport
	Blocked  *piiReport
	Problem  string
}

// settle fills o from Generate's result and returns the status to answer with. Errors
// that are neither the gate's nor the model's are returned for the error handler.
func (s *Server) settle(c echo.Context, o *aiOutcome, res llm.Result, err error) (int, error) {
	var blocked *llm.BlockedError
	var me *llm.Error
	switch {
	case err == nil:
		o.Answer = res.Text
		if len(res.Redacted) > 0 {
			r := newPIIReport(res.Redacted)
			o.Redacted = &r
		}
		return http.StatusOK, nil
	case errors.As(err, &blocked):
		// The message counts findings by kind and never repeats them.
		s.log.Info("prompt stopped by the personal-data gate", slog.String("path", c.Request().URL.Path), slog.String("detail", err.Error()))
		r := newPIIReport(blocked.Parts)
		o.Blocked = &r
		return http.StatusUnprocessableEntity, nil
	case errors.As(err, &me):
		s.log.Warn("model request failed", slog.String("path", c.Request().URL.Path), slog.String("kind", string(me.Kind)), slog.Any("error", err))
		o.Problem = me.Summary()
		if me.Kind == llm.ErrTimeout {
			return http.StatusGatewayTimeout, nil
		}
		return http.StatusServiceUnavailable, nil
	}
	return 0, err
}

// runeLen counts code points, as learners count characters.
func runeLen(s string) int { return utf8.RuneCountInString(s) }
