package server

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/redpen-social/redpen/internal/llm"
	"github.com/redpen-social/redpen/internal/store"
)

func TestAdminPage(t *testing.T) {
	t.Parallel()

	t.Run("Answering", func(t *testing.T) {
		// Ensure admins see the model, its server, the gate's mode and that it answers.
		ts, fake := newAIServer(t, "openai", llm.Config{Mode: llm.ModeRedact})
		admin, _ := ts.signedIn(t, store.RoleAdmin)
		res := admin.get("/admin")
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, "<h1>Administration</h1>", "openai:gpt-test", fake.URL(), "5 seconds", "(redact)", "Answering")
		if len(fake.Bodies()) != 1 {
			t.Errorf("the page sent %d requests to the model, want one ping", len(fake.Bodies()))
		}
		// Ensure nobody else may see it.
		for _, role := range []string{store.RoleLearner, store.RoleEducator} {
			c, _ := ts.signedIn(t, role)
			wantStatus(t, c.get("/admin"), http.StatusForbidden)
		}
	})

	t.Run("NotAnswering", func(t *testing.T) {
		// Ensure a model that is down is reported with what to check.
		dead := httptest.NewServer(http.NotFoundHandler())
		dead.Close()
		client, err := llm.New(llm.Config{Spec: "ollama:llama3.2", OllamaHost: dead.URL})
		if err != nil {
			t.Fatal(err)
		}
		ts := newServerWithLLM(t, client)
		admin, _ := ts.signedIn(t, store.RoleAdmin)
		res := admin.get("/admin")
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, "Not answering", "is not answering", "connection refused")
	})

	t.Run("NoModel", func(t *testing.T) {
		ts := newTestServer(t)
		admin, _ := ts.signedIn(t, store.RoleAdmin)
		res := admin.get("/admin")
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, "No model is configured", "--llm ollama:MODEL", `href="/scan"`)
	})
}
