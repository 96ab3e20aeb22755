package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/redpen-social/redpen/internal/store"
)

func TestScanPage(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c, _ := ts.signedIn(t, store.RoleLearner)

	t.Run("RequiresSignIn", func(t *testing.T) {
		wantRedirect(t, ts.newClient(t).get("/scan"), "/login?next="+url.QueryEscape("/scan"))
	})

	t.Run("Form", func(t *testing.T) {
		// Ensure the page has a labelled box and the nav link points here.
		res := c.get("/scan")
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, `<label for="text">Text to check</label>`, `<a href="/scan" aria-current="page">Privacy check</a>`)
		wantNotContains(t, res.Body, "prompt sandbox") // no model configured
	})

	t.Run("Found", func(t *testing.T) {
		// Ensure every kind is marked with a text label, listed and explained.
		text := "Mrs Jane Doe, 14 Acacia Road, LS1 4AP.\nDOB 01/02/2010; NHS " + validNHS + "; NI AB123456C; 07700 900123; jane@example.org <b>"
		res := c.postForm("/scan", url.Values{"text": {text}})
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, "8 things look like personal data",
			`<mark class="pii-mark">Mrs Jane Doe</mark><span class="pii-tag">[1: Name with a title]</span>`,
			`<mark class="pii-mark">jane@example.org</mark><span class="pii-tag">[8: Email address]</span> &lt;b&gt;`,
			"<td>Your text, line 2, character 5</td>", "Why it matters", "fleeing abuse", "identifies one person for life")
		wantNotContains(t, res.Body, "<b>")
		if strings.Count(res.Body, `<mark class="pii-mark">`) != 8 {
			t.Errorf("want 8 marks")
		}
	})

	t.Run("Clean", func(t *testing.T) {
		// Ensure clean text is said to be clean, with the limits of the check.
		res := c.postForm("/scan", url.Values{"text": {"The meeting on 12/03/2024 agreed a plan for the family."}})
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, "Nothing looks like personal data", "cannot see names without a title")
		wantNotContains(t, res.Body, "pii-mark")
	})

	t.Run("Invalid", func(t *testing.T) {
		tests := []struct{ name, text, msg string }{
			{"empty", "   ", "Paste some text to check"},
			{"too long", strings.Repeat("word ", maxScanText/5+1), "100 KB or less"},
			{"NUL", "a\x00b", "cannot be checked"},
		}
		for _, tt := range tests {
			res := c.postForm("/scan", url.Values{"text": {tt.text}})
			wantStatus(t, res, http.StatusUnprocessableEntity)
			wantContains(t, res.Body, "There is a problem", tt.msg)
		}
		// Ensure the form needs its CSRF token.
		wantStatus(t, c.postRaw("/scan", url.Values{"text": {"hello"}}.Encode()), http.StatusBadRequest)
	})
}
