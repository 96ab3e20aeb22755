package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/redpen-social/redpen/internal/store"
)

// Ensure an educator opening a learner's attempt, and downloading grades, lands in the
// audit log, which only admins can read.
func TestAuditTrail(t *testing.T) {
	ts := newTestServer(t)
	ctx := context.Background()
	sc := ts.critiqueScenario(t)
	edu, eduUser := ts.signedIn(t, store.RoleEducator)
	cohort := edu.createCohort("Audit cohort")
	wantStatus(t, edu.assign(cohort, "scenario:"+sc.ID, "", "immediate"), http.StatusSeeOther)
	learner, lu := ts.signedIn(t, store.RoleLearner)
	if _, err := ts.store.JoinCohort(ctx, cohort, lu.ID); err != nil {
		t.Fatal(err)
	}
	attempt := attemptID(t, learner.critiqueCase(sc, sc.Flaws[0]))

	wantStatus(t, edu.get(cohortURL(cohort, "/attempts/"+strconv.FormatInt(attempt, 10))), http.StatusOK)
	wantStatus(t, edu.get(cohortURL(cohort, "/grades.csv")), http.StatusOK)

	entries, err := ts.store.ListAudit(ctx, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		t.Fatalf("audit entries = %+v, want the view and the export", entries)
	}
	export, view := entries[0], entries[1]
	if view.Action != store.AuditViewAttempt || view.ActorID != eduUser.ID || !strings.Contains(view.Subject, lu.Name) ||
		!strings.Contains(view.Subject, fmt.Sprint(attempt)) {
		t.Errorf("view entry = %+v", view)
	}
	if export.Action != store.AuditViewExport || export.ActorName != eduUser.Name {
		t.Errorf("export entry = %+v", export)
	}

	// Ensure only admins read the log, and admins' role changes are recorded too.
	res := learner.get("/admin/audit")
	wantStatus(t, res, http.StatusForbidden)
	wantNotContains(t, res.Body, lu.Name+" (")
	wantStatus(t, edu.get("/admin/audit"), http.StatusForbidden)
	admin, adminUser := ts.signedIn(t, store.RoleAdmin)
	res = admin.get("/admin/audit")
	wantStatus(t, res, http.StatusOK)
	wantContains(t, res.Body, store.AuditViewAttempt, escText(eduUser.Name))

	wantRedirect(t, admin.postForm("/admin/users/"+strconv.FormatInt(lu.ID, 10)+"/role", url.Values{"role": {store.RoleEducator}}), "/admin/users")
	if u, _ := ts.store.FindUser(ctx, lu.ID); u.Role != store.RoleEducator {
		t.Errorf("role after change = %q", u.Role)
	}
	res = admin.get("/admin/audit")
	wantContains(t, res.Body, store.AuditChangeRole, escText(adminUser.Name), "learner → educator")

	// Ensure an admin cannot change their own role (no lock-out) and a learner cannot change anyone's.
	wantStatus(t, admin.postForm("/admin/users/"+strconv.FormatInt(adminUser.ID, 10)+"/role", url.Values{"role": {store.RoleLearner}}), http.StatusBadRequest)
	other, _ := ts.signedIn(t, store.RoleLearner)
	wantStatus(t, other.postForm("/admin/users/"+strconv.FormatInt(lu.ID, 10)+"/role", url.Values{"role": {store.RoleAdmin}}), http.StatusForbidden)
	if u, _ := ts.store.FindUser(ctx, adminUser.ID); u.Role != store.RoleAdmin {
		t.Errorf("admin demoted themselves: role %q", u.Role)
	}
}

var temporaryPasswordRE = regexp.MustCompile(`<code class="secret">([a-z0-9-]+)</code>`)

// Ensure an admin can give someone a new password: it is shown once, works, replaces the
// old one, signs the person out and is audited.
func TestPasswordReset(t *testing.T) {
	ts := newTestServer(t)
	learner, lu := ts.signedIn(t, store.RoleLearner)
	admin, adminUser := ts.signedIn(t, store.RoleAdmin)
	res := admin.postForm("/admin/users/"+strconv.FormatInt(lu.ID, 10)+"/password", nil)
	wantStatus(t, res, http.StatusOK)
	m := temporaryPasswordRE.FindStringSubmatch(res.Body)
	if m == nil {
		t.Fatalf("no temporary password shown:\n%s", bodyExcerpt(res.Body))
	}
	if res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control = %q, want no-store", res.Header.Get("Cache-Control"))
	}
	// The learner's old session is gone.
	wantStatus(t, learner.get("/dashboard"), http.StatusSeeOther)
	fresh := ts.newClient(t)
	wantStatus(t, fresh.login(lu.Email, m[1], ""), http.StatusSeeOther)
	wantStatus(t, fresh.get("/dashboard"), http.StatusOK)
	wantStatus(t, admin.get("/admin/users"), http.StatusOK)
	wantNotContains(t, admin.get("/admin/users").Body, m[1]) // shown once only
	entries, _ := ts.store.ListAudit(context.Background(), 0, 1)
	if len(entries) != 1 || entries[0].Action != store.AuditResetPassword || entries[0].ActorID != adminUser.ID {
		t.Fatalf("audit = %+v", entries)
	}
	// A learner cannot reset anyone's password.
	wantStatus(t, fresh.postForm("/admin/users/"+strconv.FormatInt(adminUser.ID, 10)+"/password", nil), http.StatusForbidden)
}
