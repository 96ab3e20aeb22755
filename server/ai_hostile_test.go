package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/redpen-social/redpen/internal/llm"
	"github.com/redpen-social/redpen/internal/store"
)

// TestAIHostile sends hostile text to every AI form and has the model answer with hostile
// text: nothing may cause a 500, and nothing may reach a page unescaped. (These routes exist
// only with a model, so the all-forms hostile test, which runs without one, cannot reach
// them.)
func TestAIHostile(t *testing.T) {
	t.Parallel()
	const script = `<script>window.__xss=1</script>`
	inputs := []string{script, `"><img src=x onerror="window.__xss=1">`, "caf\xe9 \xff", "a\x00b",
		"\u202Egnp.exe", "x\r\nSet-Cookie: evil=1", strings.Repeat("flag ", 20_000), strings.Repeat("👩🏽‍⚕️", 500), `{{.}}`}
	ts, fake := newAIServer(t, "openai", llm.Config{})
	fake.SetReply(script + ` <img src=x onerror="window.__xss=1">`)
	sc := ts.critiqueScenario(t)
	c, _ := ts.signedIn(t, store.RoleAdmin)
	attempt := submitWithReason(t, c, sc, script)

	check := func(what string, res testResponse) {
		t.Helper()
		if res.Status >= 500 {
			t.Errorf("%s: status %d", what, res.Status)
		}
		wantNotContains(t, res.Body, "<script>window.__xss", "<img src=x onerror")
	}
	for _, in := range inputs {
		check("sandbox prompt", c.postForm("/sandbox/"+sc.ID, url.Values{"task": {"note"}, "prompt": {in}}))
		check("sandbox task", c.postForm("/sandbox/"+sc.ID, url.Values{"task": {in}, "prompt": {"Write a note."}}))
		check("scan", c.postForm("/scan", url.Values{"text": {in}}))
	}
	for _, path := range []string{attempt + "/tutor", "/scenarios/" + sc.ID + "/draft-note"} {
		res := c.postForm(path, nil)
		wantStatus(t, res, http.StatusOK)
		check(path, res)
		wantContains(t, res.Body, escText(script))
	}
}
