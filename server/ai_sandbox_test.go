package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/redpen-social/redpen/internal/llm"
	"github.com/redpen-social/redpen/internal/store"
)

func TestSandbox(t *testing.T) {
	t.Parallel()
	for _, protocol := range []string{"openai", "ollama"} {
		t.Run(protocol, func(t *testing.T) {
			t.Parallel()
			ts, fake := newAIServer(t, protocol, llm.Config{})
			fake.SetReply("Case note: the worker visited and Aaliyah said she was fine.")
			sc := ts.critiqueScenario(t)
			c, _ := ts.signedIn(t, store.RoleLearner)

			// Ensure the index lists the cases and a case page has the form and the record.
			wantContains(t, c.get("/sandbox").Body, `href="/sandbox/`+sc.ID+`"`)
			show := c.get("/sandbox/" + sc.ID)
			wantStatus(t, show, http.StatusOK)
			wantContains(t, show.Body, `data-ai-stream="answer"`, `<legend>Task</legend>`, `id="answer"`, "ai.js")

			// Ensure the answer comes back beside the checklist, and the prompt carried the
			// learner's words, the task and the case.
			res := c.postForm("/sandbox/"+sc.ID, sandboxForm("note", "Write a case note of the visit in plain English."))
			wantStatus(t, res, http.StatusOK)
			wantContains(t, res.Body, escText("Case note: the worker visited and Aaliyah said she was fine."), "AI-generated",
				"Check it against the record", "<strong>Attribution.</strong>", "<strong>Consent and capacity.</strong>")
			last := fake.Prompts()[len(fake.Prompts())-1]
			for _, want := range []string{"Write a case note of the visit in plain English.", "Write a case note:", "## Record (fictional)"} {
				if !strings.Contains(last, want) {
					t.Errorf("the sandbox prompt lacks %q", want)
				}
			}

			// Ensure a prompt with a real-looking NHS number is stopped, marked and explained.
			res = c.postForm("/sandbox/"+sc.ID, sandboxForm("note", "Summarise for NHS no. "+validNHS+", Mrs Joan Example."))
			wantStatus(t, res, http.StatusUnprocessableEntity)
			wantContains(t, res.Body, "Your prompt was not sent", `<mark class="pii-mark">`+validNHS+`</mark>`,
				"[2: Name with a title]", "Summarise for NHS no. "+validNHS)
			wantNeverSent(t, fake, validNHS, nhsDigits, "Joan Example")
		})
	}
}

func TestSandboxValidation(t *testing.T) {
	t.Parallel()
	ts, fake := newAIServer(t, "openai", llm.Config{})
	sc := ts.critiqueScenario(t)
	c, _ := ts.signedIn(t, store.RoleLearner)
	tests := []struct {
		name, task, prompt, msg string
	}{
		{"no prompt", "note", "  ", "Write a prompt for the task"},
		{"no task", "", "Hello", "Choose a task"},
		{"unknown task", "essay", "Hello", "Choose a task"},
		{"too long", "note", strings.Repeat("a", maxSandboxPrompt+1), "4,000 characters or fewer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.postForm("/sandbox/"+sc.ID, sandboxForm(tt.task, tt.prompt))
			wantStatus(t, res, http.StatusUnprocessableEntity)
			wantContains(t, res.Body, "There is a problem", tt.msg)
		})
	}
	wantStatus(t, c.postForm("/sandbox/no-such-case", sandboxForm("note", "Hi")), http.StatusNotFound)
	wantStatus(t, c.postRaw("/sandbox/"+sc.ID, sandboxForm("note", "Hi").Encode()), http.StatusBadRequest)
	if n := len(fake.Bodies()); n != 0 {
		t.Errorf("invalid forms sent %d requests to the model", n)
	}
}

// postStream posts the sandbox form as static/ai.js does.
func postStream(c *testClient, path, body string) testResponse {
	c.t.Helper()
	req := httptest.NewRequest(http.MethodPost, testServerOrigin+path, strings.NewReader(body+"&_csrf="+c.csrfToken()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/x-ndjson")
	return c.do(req)
}

func TestSandboxStreams(t *testing.T) {
	t.Parallel()
	ts, fake := newAIServer(t, "openai", llm.Config{Mode: llm.ModeRedact})
	fake.SetReply("One two three four.")
	sc := ts.critiqueScenario(t)
	c, _ := ts.signedIn(t, store.RoleLearner)

	// Ensure the answer arrives as several text events and ends with a done event that
	// says what was redacted.
	res := postStream(c, "/sandbox/"+sc.ID, sandboxForm("note", "Write it up for Mr Smith, NHS "+validNHS+".").Encode())
	wantStatus(t, res, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-ndjson") {
		t.Fatalf("Content-Type = %q", ct)
	}
	var text strings.Builder
	var events []sandboxEvent
	for _, line := range strings.Split(strings.TrimSpace(res.Body), "\n") {
		var ev sandboxEvent
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			t.Fatalf("bad event %q: %v", line, err)
		}
		text.WriteString(ev.Text)
		events = append(events, ev)
	}
	last := events[len(events)-1]
	if len(events) < 4 || text.String() != "One two three four." || !last.Done || last.Error != "" ||
		strings.Join(last.Redacted, ",") != "NHS number,Name with a title" {
		t.Errorf("events = %+v", events)
	}
	wantNeverSent(t, fake, "Mr Smith", validNHS, nhsDigits)
	if !fake.Received("Write it up for [NAME], NHS [NHS-NUMBER].") {
		t.Errorf("the redacted prompt did not arrive: %q", fake.Prompts())
	}

	// Ensure the form post, without the script, redacts the same way and says so.
	res = c.postForm("/sandbox/"+sc.ID, sandboxForm("letter", "A letter for NHS "+validNHS+"."))
	wantStatus(t, res, http.StatusOK)
	wantContains(t, res.Body, "NHS number as [NHS-NUMBER]", escText("One two three four."))
	wantNeverSent(t, fake, validNHS, nhsDigits)
	if !fake.Received("A letter for NHS [NHS-NUMBER].") {
		t.Errorf("the redacted prompt did not arrive: %q", fake.Prompts())
	}

	// Ensure a model failure is an event, not a broken page.
	fake.SetStatus(http.StatusUnauthorized)
	res = postStream(c, "/sandbox/"+sc.ID, sandboxForm("note", "Write it up.").Encode())
	wantStatus(t, res, http.StatusOK)
	wantContains(t, res.Body, `"done":true`, `"error":"The AI model is not available`)

	// Ensure an invalid form gets 422 with no body, so the script posts the form itself.
	res = postStream(c, "/sandbox/"+sc.ID, sandboxForm("note", "").Encode())
	wantStatus(t, res, http.StatusUnprocessableEntity)
	if res.Body != "" {
		t.Errorf("body = %q, want none", res.Body)
	}
}

func TestSandboxStreamBlocked(t *testing.T) {
	t.Parallel()
	ts, fake := newAIServer(t, "ollama", llm.Config{})
	sc := ts.critiqueScenario(t)
	c, _ := ts.signedIn(t, store.RoleLearner)
	// Ensure a blocked prompt answers 422 before anything is streamed.
	res := postStream(c, "/sandbox/"+sc.ID, sandboxForm("note", "NHS "+validNHS).Encode())
	wantStatus(t, res, http.StatusUnprocessableEntity)
	if res.Body != "" || len(fake.Bodies()) != 0 {
		t.Errorf("body %q, %d model requests; want neither", res.Body, len(fake.Bodies()))
	}
}
