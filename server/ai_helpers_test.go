package server

import (
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/redpen-social/redpen/internal/content"
	"github.com/redpen-social/redpen/internal/llm"
	"github.com/redpen-social/redpen/internal/llm/llmtest"
	"github.com/redpen-social/redpen/internal/scenario"
	"github.com/redpen-social/redpen/internal/store"
	"github.com/redpen-social/redpen/static"
	"github.com/redpen-social/redpen/templates"
)

// validNHS passes the modulus 11 check; nhsDigits is how it may appear in a request body.
const (
	validNHS  = "943 476 5919"
	nhsDigits = "4765919"
)

// newAIServer builds a test server, with the embedded content, whose model is a fake
// server speaking the given protocol ("openai" or "ollama"), through the real clients.
func newAIServer(t *testing.T, protocol string, cfg llm.Config) (*testServer, *llmtest.Server) {
	t.Helper()
	var fake *llmtest.Server
	if protocol == "ollama" {
		fake = llmtest.NewOllama(t)
		cfg.Spec, cfg.OllamaHost = "ollama:llama3.2", fake.URL()
	} else {
		fake = llmtest.NewOpenAI(t)
		cfg.Spec, cfg.BaseURL = "openai:gpt-test", fake.URL()
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 5 * time.Second
	}
	client, err := llm.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return newServerWithLLM(t, client), fake
}

// newServerWithLLM mirrors newTestServerWith, adding the model.
func newServerWithLLM(t *testing.T, client llm.Client) *testServer {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	cp, err := content.NewProvider(shippedContent(), false)
	if err != nil {
		t.Fatalf("load content: %v", err)
	}
	lib, err := cp.Library()
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(Config{Templates: templates.FS, Static: static.FS, Passwords: testPasswords,
		Logger: slog.New(slog.DiscardHandler), LLM: client}, st, cp)
	if err != nil {
		t.Fatalf("new server: %v", err)
	}
	return &testServer{srv: srv, store: st, lib: lib}
}

// submitWithReason flags the scenario's first flaw with the reason, submits, and returns
// the attempt's path.
func submitWithReason(t *testing.T, c *testClient, sc *scenario.Scenario, reason string) string {
	t.Helper()
	form := flawFlagForm(sc.Flaws[0])
	form.Set("rationale", reason)
	res := c.postForm("/scenarios/"+sc.ID+"/flags", form)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("flag: status %d; body:\n%s", res.Status, bodyExcerpt(res.Body))
	}
	return c.submit(sc.ID)
}

// wantNeverSent fails if any request the fake model server received holds one of subs.
func wantNeverSent(t *testing.T, fake *llmtest.Server, subs ...string) {
	t.Helper()
	for _, b := range fake.Bodies() {
		for _, s := range subs {
			if strings.Contains(b, s) {
				t.Errorf("the model server received %q in: %s", s, b)
			}
		}
	}
}

// sandboxForm is a sandbox submission.
func sandboxForm(task, prompt string) url.Values {
	return url.Values{"task": {task}, "prompt": {prompt}}
}
