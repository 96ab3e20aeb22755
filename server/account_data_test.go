package server

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/redpen-social/redpen/internal/store"
)

func TestAccountDataPage(t *testing.T) {
	ts := newTestServer(t)
	c, _ := ts.signedIn(t, "learner")
	// Ensure settings link to the page, and the page offers both actions.
	wantContains(t, c.get("/settings").Body, `href="/settings/data"`)
	res := c.get("/settings/data")
	wantStatus(t, res, http.StatusOK)
	wantContains(t, res.Body, `href="/settings/data/export"`, `action="/settings/data/delete"`, `name="_csrf"`, `type="password"`)
}

func TestAccountDelete(t *testing.T) {
	ts := newTestServer(t)

	t.Run("NeedsPassword", func(t *testing.T) {
		// Ensure an empty or wrong password deletes nothing and says why.
		c, u := ts.signedIn(t, "learner")
		for _, pw := range []string{"", "wrong password entirely"} {
			res := c.postForm("/settings/data/delete", url.Values{"password": {pw}})
			wantStatus(t, res, http.StatusUnprocessableEntity)
			wantContains(t, res.Body, "There is a problem", `href="#password"`)
		}
		if _, err := ts.store.FindUser(context.Background(), u.ID); err != nil {
			t.Errorf("user gone after a failed confirmation: %v", err)
		}
		wantStatus(t, c.get("/dashboard"), http.StatusOK)
	})

	t.Run("NeedsCSRF", func(t *testing.T) {
		// Ensure a forged form from another site cannot delete the account.
		u, pw := ts.createUser(t, "learner")
		c := ts.newClient(t)
		wantStatus(t, c.login(u.Email, pw, ""), http.StatusSeeOther)
		res := c.postRaw("/settings/data/delete", url.Values{"password": {pw}}.Encode())
		if res.Status != http.StatusBadRequest && res.Status != http.StatusForbidden {
			t.Errorf("status %d, want 400 or 403", res.Status)
		}
		if _, err := ts.store.FindUser(context.Background(), u.ID); err != nil {
			t.Errorf("user deleted without a CSRF token: %v", err)
		}
	})

	t.Run("LastAdmin", func(t *testing.T) {
		// Ensure the only admin is told why their account stays.
		admin, pw := ts.createUser(t, store.RoleAdmin)
		c := ts.newClient(t)
		wantStatus(t, c.login(admin.Email, pw, ""), http.StatusSeeOther)
		res := c.postForm("/settings/data/delete", url.Values{"password": {pw}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res.Body, "only admin")
	})

	t.Run("OK", func(t *testing.T) {
		// Ensure deletion signs out everywhere: an old session cookie no longer works.
		u, pw := ts.createUser(t, "learner")
		c, other := ts.newClient(t), ts.newClient(t)
		wantStatus(t, c.login(u.Email, pw, ""), http.StatusSeeOther)
		wantStatus(t, other.login(u.Email, pw, ""), http.StatusSeeOther)
		wantRedirect(t, c.postForm("/settings/data/delete", url.Values{"password": {pw}}), "/")
		wantContains(t, c.get("/").Body, "Your account is deleted")
		wantRedirect(t, other.get("/settings/data"), "/login?next=%2Fsettings%2Fdata")
	})
}

func TestAccountExportIsOwn(t *testing.T) {
	ts := newTestServer(t)
	a, ua := ts.signedIn(t, "learner")
	b, ub := ts.signedIn(t, "learner")
	wantRedirect(t, b.postForm("/cpd", cpdEntryForm("Only b's entry")), "/cpd")
	var x dataExport
	res := a.get("/settings/data/export")
	decodeTestJSON(t, res, &x)
	// Ensure an export holds the requester's account only, with lists present though empty.
	if x.Account.ID != ua.ID || x.Format != exportFormat || x.CPDEntries == nil || len(x.CPDEntries) != 0 {
		t.Errorf("export for %d = account %+v, %d CPD entries", ua.ID, x.Account, len(x.CPDEntries))
	}
	wantNotContains(t, res.Body, ub.Email, "Only b's entry")
}
