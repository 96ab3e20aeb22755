package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/redpen-social/redpen/internal/store"
)

// hostileText is text that would run script or break out of an attribute if it were not escaped.
const hostileText = `<script>alert(1)</script>" onmouseover="x`

// wantHostileEscaped checks that hostileText text is on a page, escaped, and not raw.
func wantHostileEscaped(t *testing.T, body string) {
	t.Helper()
	wantContains(t, body, "&lt;script&gt;alert(1)&lt;/script&gt;&#34; onmouseover=&#34;x")
	wantNotContains(t, body, "<script>alert(1)", `" onmouseover="x`)
}

func TestHostileText(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	sc := ts.critiqueScenario(t)
	flagsPath := "/scenarios/" + sc.ID + "/flags"
	cat := sc.Flaws[0].Category

	t.Run("Rationale", func(t *testing.T) {
		// Ensure a hostileText rationale is stored as typed and shown escaped everywhere.
		c, u := ts.signedIn(t, store.RoleLearner)
		wantStatus(t, c.postForm(flagsPath, url.Values{"doc": {"note"}, "unit": {"1"}, "category": {cat}, "rationale": {hostileText}}), http.StatusSeeOther)
		flags := ts.draftFlags(t, u.ID, sc.ID)
		if len(flags) != 1 || flags[0].Rationale != hostileText {
			t.Fatalf("stored flags = %+v", flags)
		}
		res := c.get("/scenarios/" + sc.ID)
		wantStatus(t, res, http.StatusOK)
		wantHostileEscaped(t, res.Body)

		res = c.get(flagsPath + "/" + strconv.FormatInt(flags[0].ID, 10) + "/edit")
		wantStatus(t, res, http.StatusOK)
		wantHostileEscaped(t, res.Body)

		res = c.get("/scenarios/" + sc.ID + "/submit")
		wantStatus(t, res, http.StatusOK)

		path := c.submit(sc.ID)
		res = c.get(path)
		wantStatus(t, res, http.StatusOK)
		wantHostileEscaped(t, res.Body)

		// The same text as a reflection.
		wantStatus(t, c.postForm(path+"/reflection", url.Values{"reflection": {hostileText}}), http.StatusSeeOther)
		res = c.get(path)
		wantHostileEscaped(t, res.Body)
	})

	t.Run("RationaleRerendered", func(t *testing.T) {
		// Ensure a form re-rendered with an error escapes what was typed.
		c, _ := ts.signedIn(t, store.RoleLearner)
		res := c.postForm(flagsPath, url.Values{"doc": {"note"}, "unit": {"1"}, "category": {"nope"}, "rationale": {hostileText}, "exact": {hostileText}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantNotContains(t, res.Body, "<script>alert(1)", `" onmouseover="x`)
	})

	t.Run("Name", func(t *testing.T) {
		// Ensure a hostileText name is stored as typed and shown escaped.
		c := ts.newClient(t)
		wantStatus(t, c.register(hostileText, "hostile@example.ac.uk", "three random words here"), http.StatusSeeOther)
		u, err := ts.store.FindUserByEmail(context.Background(), "hostile@example.ac.uk")
		if err != nil || u.Name != hostileText {
			t.Fatalf("stored user = %+v, %v", u, err)
		}
		res := c.get("/courses") // the welcome message and the sign-out button carry the name
		wantStatus(t, res, http.StatusOK)
		wantHostileEscaped(t, res.Body)
		res = c.get("/progress")
		wantNotContains(t, res.Body, "<script>alert(1)", `" onmouseover="x`)
	})

	t.Run("NameRerendered", func(t *testing.T) {
		c := ts.newClient(t)
		res := c.register(hostileText, "not an email", "three random words here")
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantNotContains(t, res.Body, "<script>alert(1)", `" onmouseover="x`)
		wantContains(t, res.Body, `value="&lt;script&gt;alert(1)&lt;/script&gt;&#34; onmouseover=&#34;x"`)
	})

	badText := []struct{ name, text string }{
		{"InvalidUTF8", "bad \xff\xfe bytes"},
		{"NUL", "nul \x00 byte"},
		{"LoneSurrogateBytes", "\xed\xa0\x80"},
	}
	for _, tt := range badText {
		t.Run("Rationale/"+tt.name, func(t *testing.T) {
			// Ensure text that cannot be stored is refused with 422, never a 500.
			c, u := ts.signedIn(t, store.RoleLearner)
			res := c.postForm(flagsPath, url.Values{"doc": {"note"}, "unit": {"1"}, "category": {cat}, "rationale": {tt.text}})
			wantStatus(t, res, http.StatusUnprocessableEntity)
			wantContains(t, res.Body, "Your reason contains characters that cannot be stored")
			if n := len(ts.draftFlags(t, u.ID, sc.ID)); n != 0 {
				t.Errorf("%d flags stored", n)
			}
		})
		t.Run("Name/"+tt.name, func(t *testing.T) {
			c := ts.newClient(t)
			res := c.register(tt.text, "bad-"+strings.ToLower(tt.name)+"@example.ac.uk", "three random words here")
			wantStatus(t, res, http.StatusUnprocessableEntity)
			wantContains(t, res.Body, "Enter your name")
		})
		t.Run("Reflection/"+tt.name, func(t *testing.T) {
			c, _ := ts.signedIn(t, store.RoleLearner)
			c.get("/scenarios/" + sc.ID)
			path := c.submit(sc.ID)
			res := c.postForm(path+"/reflection", url.Values{"reflection": {tt.text}})
			wantStatus(t, res, http.StatusUnprocessableEntity)
			wantContains(t, res.Body, "Your reflection contains characters that cannot be stored")
		})
	}

	t.Run("HugeForm", func(t *testing.T) {
		// Ensure a 1 MB form is refused before it is read.
		c, u := ts.signedIn(t, store.RoleLearner)
		big := strings.Repeat("a", 1<<20)
		res := c.postForm(flagsPath, url.Values{"doc": {"note"}, "unit": {"1"}, "category": {cat}, "rationale": {big}})
		wantStatus(t, res, http.StatusRequestEntityTooLarge)
		wantContains(t, res.Body, "That was too long", `<header class="site-header">`)
		if n := len(ts.draftFlags(t, u.ID, sc.ID)); n != 0 {
			t.Errorf("%d flags stored", n)
		}
		anon := ts.newClient(t)
		res = anon.register(big, "big@example.ac.uk", "three random words here")
		wantStatus(t, res, http.StatusRequestEntityTooLarge)
		if _, err := ts.store.FindUserByEmail(context.Background(), "big@example.ac.uk"); err == nil {
			t.Error("account created from an oversized form")
		}
	})
}
