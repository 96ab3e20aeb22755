package server

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/redpen-social/redpen/internal/llm"
	"github.com/redpen-social/redpen/internal/scenario"
)

// maxSandboxPrompt is the longest prompt a learner may write, in characters.
const maxSandboxPrompt = 4000

// checkItem is one step of the checking routine from the module "Checking AI-drafted
// records", shown beside every answer.
type checkItem struct{ Name, Question string }

var checklist = []checkItem{
	{"Facts", "Trace every sentence back to the record. Is anything there that nobody said or did?"},
	{"Attribution", "Is each statement given to the person who actually said or did it?"},
	{"Certainty", "Look hard at risk and certainty words such as “agreed”, “confirmed” and “significant”. Has anything been made stronger or weaker than the record?"},
	{"Omissions", "Go back to the key moments in the record: the person's own words, anything about risk, every decision. Is each one there?"},
	{"Language", "Would you be comfortable if the person read this? Look for blaming, stigmatising or judgemental words."},
	{"Privacy", "Does it include third-party or sensitive details the record does not need?"},
	{"Consent and capacity", "Does it say anything about consent or capacity that the record does not support?"},
}

type sandboxIndexPage struct {
	basePage
	Scenarios []*scenario.Scenario
}

type sandboxPage struct {
	basePage
	Scenario  *scenario.Scenario
	Tasks     []sandboxTask
	Task      string
	Prompt    string
	Form      validator
	Checklist []checkItem
	Model     string
	aiOutcome
}

// handleSandboxIndex handles "GET /sandbox": choose a fictional case.
func (s *Server) handleSandboxIndex(c echo.Context) error {
	return c.Render(http.StatusOK, "sandbox_index", sandboxIndexPage{
		basePage: s.page(c, "Prompt sandbox"), Scenarios: s.library(c).Scenarios.All(),
	})
}

func (s *Server) sandboxPage(c echo.Context) (sandboxPage, error) {
	sc, err := s.library(c).Scenarios.Get(c.Param("scenario"))
	if err != nil {
		return sandboxPage{}, err
	}
	return sandboxPage{basePage: s.page(c, "Prompt sandbox: "+sc.Title), Scenario: sc, Tasks: sandboxTasks,
		Task: sandboxTasks[0].ID, Checklist: checklist, Model: s.cfg.LLM.Model()}, nil
}

// handleSandboxShow handles "GET /sandbox/:scenario": the case, a task and a prompt box.
func (s *Server) handleSandboxShow(c echo.Context) error {
	p, err := s.sandboxPage(c)
	if err != nil {
		return err
	}
	return c.Render(http.StatusOK, "sandbox", p)
}

// handleSandboxCreate handles "POST /sandbox/:scenario": the prompt passes the gate, goes
// to the model, and the answer comes back beside the checklist. A form post waits for the
// whole answer; static/ai.js asks for application/x-ndjson and gets it as it arrives.
func (s *Server) handleSandboxCreate(c echo.Context) error {
	p, err := s.sandboxPage(c)
	if err != nil {
		return err
	}
	prompt, ok := cleanText(c.FormValue("prompt"))
	p.Prompt, p.Task = prompt, c.FormValue("task")
	task, known := findTask(p.Task)
	p.Form.check(known, "task-"+sandboxTasks[0].ID, "Choose a task")
	p.Form.check(ok, "prompt", "Your prompt contains characters that cannot be sent; retype it")
	p.Form.check(prompt != "", "prompt", "Write a prompt for the task")
	p.Form.check(runeLen(prompt) <= maxSandboxPrompt, "prompt", "Your prompt must be 4,000 characters or fewer")
	streaming := strings.Contains(c.Request().Header.Get("Accept"), "application/x-ndjson")
	if !p.Form.Valid() {
		if streaming {
			return c.NoContent(http.StatusUnprocessableEntity) // the script then posts the form itself
		}
		return c.Render(http.StatusUnprocessableEntity, "sandbox", p)
	}
	if streaming {
		return s.streamSandbox(c, sandboxPrompt(p.Scenario, task, prompt))
	}
	res, err := s.cfg.LLM.Generate(c.Request().Context(), sandboxPrompt(p.Scenario, task, prompt), nil)
	status, err := s.settle(c, &p.aiOutcome, res, err)
	if err != nil {
		return err
	}
	return c.Render(status, "sandbox", p)
}

// sandboxEvent is one line of the streamed answer.
type sandboxEvent struct {
	Text     string   `json:"text,omitempty"`
	Done     bool     `json:"done,omitempty"`
	Redacted []string `json:"redacted,omitempty"` // kinds replaced with placeholders
	Error    string   `json:"error,omitempty"`
}

// streamSandbox sends the answer as it arrives, one JSON event per line, ending with a
// "done" event that carries any problem. A prompt the gate stops gets 422 before anything
// is written, so the script posts the form itself and the learner sees the full page with
// their personal data marked.
func (s *Server) streamSandbox(c echo.Context, prompt llm.Prompt) error {
	w := c.Response()
	enc := json.NewEncoder(w)
	started := false
	send := func(ev sandboxEvent) error {
		if !started {
			started = true
			w.Header().Set(echo.HeaderContentType, "application/x-ndjson; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			w.WriteHeader(http.StatusOK)
		}
		if err := enc.Encode(ev); err != nil {
			return err
		}
		w.Flush()
		return nil
	}
	res, err := s.cfg.LLM.Generate(c.Request().Context(), prompt, func(chunk string) error {
		return send(sandboxEvent{Text: chunk})
	})
	var blocked *llm.BlockedError
	if errors.As(err, &blocked) {
		s.log.Info("prompt stopped by the personal-data gate", slog.String("path", c.Request().URL.Path), slog.String("detail", err.Error()))
		return c.NoContent(http.StatusUnprocessableEntity)
	}
	var o aiOutcome
	if _, err := s.settle(c, &o, res, err); err != nil {
		if !started {
			return err
		}
		s.log.Info("stream ended early", slog.String("path", c.Request().URL.Path), slog.Any("error", err))
		return nil
	}
	done := sandboxEvent{Done: true, Error: o.Problem}
	if !started {
		done.Text = o.Answer // nothing was streamed, so the whole answer comes now
	}
	if o.Redacted != nil {
		for _, k := range o.Redacted.Kinds {
			done.Redacted = append(done.Redacted, k.Label)
		}
	}
	return send(done)
}
