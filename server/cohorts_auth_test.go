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

// TestCohortAuthorisation proves that a second educator and a second learner who change an
// id in a URL or a form get 403 or 404, and that the answer leaks nothing of the cohort.
func TestCohortAuthorisation(t *testing.T) {
	ts := newTestServer(t)
	ctx := context.Background()
	sc := ts.critiqueScenario(t)
	edA, _ := ts.signedIn(t, store.RoleEducator)
	edB, ub := ts.signedIn(t, store.RoleEducator)
	learnerA, la := ts.signedIn(t, store.RoleLearner)
	learnerB, lb := ts.signedIn(t, store.RoleLearner)
	admin, _ := ts.signedIn(t, store.RoleAdmin)
	anon := ts.newClient(t)

	idA := edA.createCohort("Cohort Alpha Secret")
	idB := edB.createCohort("Cohort Beta")
	coA, _ := ts.store.FindCohort(ctx, idA)
	coB, _ := ts.store.FindCohort(ctx, idB)
	wantStatus(t, edA.assign(idA, "scenario:"+sc.ID, "", store.PolicyImmediate), http.StatusSeeOther)
	wantStatus(t, edB.assign(idB, "scenario:"+sc.ID, "", store.PolicyImmediate), http.StatusSeeOther)
	assignmentsA, _ := ts.store.ListAssignments(ctx, idA)
	wantRedirect(t, learnerA.postForm("/join/"+coA.JoinCode, nil), "/assignments")
	wantRedirect(t, learnerB.postForm("/join/"+coB.JoinCode, nil), "/assignments")
	attemptA := attemptID(t, learnerA.critiqueCase(sc, sc.Flaws[0]))
	attemptB := attemptID(t, learnerB.critiqueCase(sc, sc.Flaws[0]))
	a64 := func(id int64) string { return strconv.FormatInt(id, 10) }

	secrets := []string{"Cohort Alpha Secret", escText(la.Name), la.Email, coA.JoinCode}
	gets := []string{
		cohortURL(idA, ""), cohortURL(idA, "/analytics"), cohortURL(idA, "/analytics/"+sc.ID),
		cohortURL(idA, "/attempts/"+a64(attemptA)), cohortURL(idA, "/grades.csv"), cohortURL(idA, "/attempts.json"),
	}
	posts := []struct {
		path string
		form url.Values
	}{
		{cohortURL(idA, "/rename"), url.Values{"name": {"Taken over"}}},
		{cohortURL(idA, "/archive"), nil},
		{cohortURL(idA, "/restore"), nil},
		{cohortURL(idA, "/educators"), url.Values{"email": {ub.Email}}},
		{cohortURL(idA, "/learners/"+a64(la.ID)+"/remove"), nil},
		{cohortURL(idA, "/assignments"), url.Values{"item": {"scenario:" + sc.ID}, "policy": {"immediate"}}},
		{cohortURL(idA, "/assignments/"+a64(assignmentsA[0].ID)+"/delete"), nil},
		// Through the other educator's own cohort: someone else's learner, attempt and assignment.
		{cohortURL(idB, "/learners/"+a64(la.ID)+"/remove"), nil},
		{cohortURL(idB, "/assignments/"+a64(assignmentsA[0].ID)+"/delete"), nil},
	}

	t.Run("OtherEducatorGets404", func(t *testing.T) {
		// Ensure every page and export of another educator's cohort is "not found", and
		// says nothing about it.
		for _, path := range append(gets, cohortURL(idB, "/attempts/"+a64(attemptA)), cohortURL(idA+100, "")) {
			res := edB.get(path)
			if res.Status != http.StatusNotFound {
				t.Errorf("GET %s = %d, want 404", path, res.Status)
			}
			wantNotContains(t, res.Body, secrets...)
		}
		for _, p := range posts {
			res := edB.postForm(p.path, p.form)
			if res.Status != http.StatusNotFound {
				t.Errorf("POST %s = %d, want 404", p.path, res.Status)
			}
			wantNotContains(t, res.Body, secrets...)
		}
		if list := edB.get("/cohorts"); !strings.Contains(list.Body, "Cohort Beta") || strings.Contains(list.Body, "Cohort Alpha Secret") {
			t.Errorf("the other educator's list: %s", bodyExcerpt(list.Body))
		}
	})
	t.Run("NothingChanged", func(t *testing.T) {
		// Ensure the refused forms changed nothing.
		got, _ := ts.store.FindCohort(ctx, idA)
		members, _ := ts.store.ListMembers(ctx, idA)
		list, _ := ts.store.ListAssignments(ctx, idA)
		if got.Name != "Cohort Alpha Secret" || got.Archived() || len(members) != 2 || len(list) != 1 {
			t.Fatalf("cohort A changed: %+v, %d members, %d assignments", got, len(members), len(list))
		}
		if role, err := ts.store.MemberRole(ctx, idA, ub.ID); err == nil {
			t.Fatalf("the other educator became a %s", role)
		}
	})
	t.Run("LearnersGet403", func(t *testing.T) {
		// Ensure learners, even the cohort's own, cannot reach educators' pages or forms.
		for _, c := range []*testClient{learnerA, learnerB} {
			for _, path := range append(gets, "/cohorts") {
				res := c.get(path)
				if res.Status != http.StatusForbidden {
					t.Errorf("GET %s = %d, want 403", path, res.Status)
				}
				wantNotContains(t, res.Body, secrets[0], secrets[2], secrets[3])
			}
			for _, p := range append(posts, struct {
				path string
				form url.Values
			}{"/cohorts", url.Values{"name": {"Mine"}}}) {
				if res := c.postForm(p.path, p.form); res.Status != http.StatusForbidden {
					t.Errorf("POST %s = %d, want 403", p.path, res.Status)
				}
			}
		}
	})
	t.Run("AnonymousSignsIn", func(t *testing.T) {
		for _, path := range append(gets, "/join/"+coA.JoinCode, "/assignments") {
			res := anon.get(path)
			wantStatus(t, res, http.StatusSeeOther)
			wantNotContains(t, res.Body, secrets...)
		}
	})
	t.Run("LearnerOnlySeesOwnAttempt", func(t *testing.T) {
		// Ensure a learner's attempt stays theirs, whatever id is typed.
		if res := learnerB.get("/attempts/" + a64(attemptA)); res.Status != http.StatusNotFound {
			t.Errorf("another learner's attempt: %d", res.Status)
		}
		if res := ts.api(t, http.MethodGet, "/api/v1/attempts/"+a64(attemptA), ts.token(t, lb.ID), ""); res.Status != http.StatusNotFound {
			t.Errorf("another learner's attempt through the API: %d", res.Status)
		}
	})
	t.Run("EducatorCannotSeeOutsiders", func(t *testing.T) {
		// Ensure an educator cannot drill into an attempt by a learner outside the cohort.
		res := edA.get(cohortURL(idA, "/attempts/"+a64(attemptB)))
		wantStatus(t, res, http.StatusNotFound)
		wantNotContains(t, res.Body, escText(lb.Name))
		rows := edA.get(cohortURL(idA, "/grades.csv")).Body
		wantNotContains(t, rows, lb.Email)
	})
	t.Run("AdminSeesAll", func(t *testing.T) {
		for _, path := range gets {
			wantStatus(t, admin.get(path), http.StatusOK)
		}
		wantContains(t, admin.get("/cohorts").Body, "Cohort Alpha Secret", "Cohort Beta")
	})
	t.Run("CoEducatorAndRemoval", func(t *testing.T) {
		// Ensure a co-educator gains access, and a removed learner's attempt stays theirs but
		// leaves the cohort's views.
		wantRedirect(t, edA.postForm(cohortURL(idA, "/educators"), url.Values{"email": {ub.Email}}), cohortURL(idA, ""))
		wantStatus(t, edB.get(cohortURL(idA, "/analytics")), http.StatusOK)
		wantRedirect(t, edA.postForm(cohortURL(idA, "/learners/"+a64(la.ID)+"/remove"), nil), cohortURL(idA, "#learners"))
		wantStatus(t, edA.get(cohortURL(idA, "/attempts/"+a64(attemptA))), http.StatusNotFound)
		wantStatus(t, learnerA.get("/attempts/"+a64(attemptA)), http.StatusOK)
		wantNotContains(t, edA.get(cohortURL(idA, "/grades.csv")).Body, la.Email)
	})
}
