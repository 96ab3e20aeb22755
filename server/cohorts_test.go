package server

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redpen-social/redpen/internal/scenario"
	"github.com/redpen-social/redpen/internal/store"
)

var cohortPathRE = regexp.MustCompile(`^/cohorts/(\d+)$`)

// createCohort creates a cohort through the form and returns its id.
func (c *testClient) createCohort(name string) int64 {
	c.t.Helper()
	res := c.postForm("/cohorts", url.Values{"name": {name}})
	wantStatus(c.t, res, http.StatusSeeOther)
	m := cohortPathRE.FindStringSubmatch(res.Header.Get("Location"))
	if m == nil {
		c.t.Fatalf("create cohort redirected to %q", res.Header.Get("Location"))
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

// assign assigns a module or scenario ("scenario:ID") through the form.
func (c *testClient) assign(cohortID int64, item, due, policy string) testResponse {
	c.t.Helper()
	return c.postForm(cohortURL(cohortID, "/assignments"), url.Values{"item": {item}, "due": {due}, "policy": {policy}})
}

func cohortURL(id int64, rest string) string { return "/cohorts/" + strconv.FormatInt(id, 10) + rest }

// critiqueCase flags the given flaws of a scenario with their own categories and submits.
func (c *testClient) critiqueCase(sc *scenario.Scenario, flaws ...scenario.Flaw) string {
	c.t.Helper()
	for _, f := range flaws {
		wantStatus(c.t, c.postForm("/scenarios/"+sc.ID+"/flags", flawFlagForm(f)), http.StatusSeeOther)
	}
	return c.submit(sc.ID)
}

// attemptID is the id at the end of an attempt path.
func attemptID(t *testing.T, path string) int64 {
	t.Helper()
	id, err := strconv.ParseInt(strings.TrimPrefix(path, "/attempts/"), 10, 64)
	if err != nil {
		t.Fatalf("attempt path %q: %v", path, err)
	}
	return id
}

// localDue formats a time for the due date field.
func localDue(t time.Time) string { return t.Local().Format(dueLayout) }

func TestCohortFlow(t *testing.T) {
	ts := newTestServer(t)
	ctx := context.Background()
	educator, _ := ts.signedIn(t, store.RoleEducator)
	learner, lu := ts.signedIn(t, store.RoleLearner)
	sc := ts.critiqueScenario(t)

	id := educator.createCohort("BA Social Work, Year 2")
	co, err := ts.store.FindCohort(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	page := educator.get(cohortURL(id, ""))
	wantStatus(t, page, http.StatusOK)
	wantContains(t, page.Body, "/join/"+co.JoinCode, displayCode(co.JoinCode))
	res := educator.assign(id, "scenario:"+sc.ID, localDue(time.Now().Add(72*time.Hour)), store.PolicyImmediate)
	wantRedirect(t, res, cohortURL(id, "#assignments"))

	t.Run("JoinByLinkAndCode", func(t *testing.T) {
		// Ensure the link asks first, joining adds the learner once, and the typed code works.
		res := learner.get("/join/" + co.JoinCode)
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, "Join this cohort", escText(co.Name))
		wantRedirect(t, learner.postForm("/join/"+co.JoinCode, nil), "/assignments")
		code := strings.ToLower(displayCode(co.JoinCode))
		wantRedirect(t, learner.postForm("/join", url.Values{"code": {code}}), "/assignments")
		members, _ := ts.store.ListMembers(ctx, id)
		if len(members) != 2 {
			t.Fatalf("members = %d, want the educator and one learner", len(members))
		}
		res = learner.postForm("/join", url.Values{"code": {"NOTACODE99"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res.Body, "does not match an open cohort")
	})
	t.Run("LearnerSeesAssignment", func(t *testing.T) {
		// Ensure the assignment and its due date show on /assignments, /scenarios and /progress.
		for _, path := range []string{"/assignments", "/scenarios", "/progress"} {
			res := learner.get(path)
			wantStatus(t, res, http.StatusOK)
			wantContains(t, res.Body, escText(sc.Title), "Not started", "due ")
		}
	})

	path := learner.critiqueCase(sc, sc.Flaws[0])
	a, err := ts.store.FindAttempt(ctx, attemptID(t, path))
	if err != nil {
		t.Fatal(err)
	}
	want := strconv.Itoa(percentOf(a.Score))
	if a.Score <= 0 {
		t.Fatalf("score %v: the test needs a scored attempt", a.Score)
	}

	t.Run("Analytics", func(t *testing.T) {
		// Ensure the matrix shows the learner's best score with a link to their feedback.
		res := educator.get(cohortURL(id, "/analytics"))
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, escText(lu.Name), want+"%", cohortURL(id, "/attempts/"+strconv.FormatInt(a.ID, 10)),
			`role="img"`, "heatmap-title")
		res = educator.get(cohortURL(id, "/analytics/"+sc.ID))
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, "Score distribution", "<svg", "scores-desc", "1 result.", "100% <span class=\"meta\">(1)</span>")
	})
	t.Run("GradesCSV", func(t *testing.T) {
		// Ensure the CSV parses, has the documented columns and the learner's best score.
		res := educator.get(cohortURL(id, "/grades.csv"))
		wantStatus(t, res, http.StatusOK)
		if ct := res.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
			t.Errorf("Content-Type = %q", ct)
		}
		if bytes.HasPrefix([]byte(res.Body), []byte("\xef\xbb\xbf")) || !strings.Contains(res.Body, "\r\n") {
			t.Errorf("want no BOM and CRLF line ends: %q", bodyExcerpt(res.Body))
		}
		rows, err := csv.NewReader(strings.NewReader(res.Body)).ReadAll()
		if err != nil {
			t.Fatalf("parse CSV: %v", err)
		}
		if len(rows) != 2 {
			t.Fatalf("rows = %q", rows)
		}
		wantRow := func(got, want []string) {
			t.Helper()
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("row = %q, want %q", got, want)
			}
		}
		wantRow(rows[0], []string{"Name", "Email", "Case: " + sc.Title})
		wantRow(rows[1], []string{lu.Name, lu.Email, want})
	})
	t.Run("AttemptsJSON", func(t *testing.T) {
		// Ensure the JSON export holds the attempt with its learner and flags.
		var out cohortAttemptsExport
		res := educator.get(cohortURL(id, "/attempts.json"))
		wantStatus(t, res, http.StatusOK)
		decodeTestJSON(t, res, &out)
		if len(out.Attempts) != 1 || out.Attempts[0].LearnerID != lu.ID || out.Attempts[0].Score != a.Score || len(out.Attempts[0].Flags) != 1 {
			t.Fatalf("attempts = %+v", out.Attempts)
		}
		if len(out.Learners) != 1 || out.Learners[0].Email != lu.Email || out.Cohort.ID != id {
			t.Fatalf("export = %+v", out)
		}
	})
	t.Run("DrillDown", func(t *testing.T) {
		// Ensure the educator sees the attempt as the learner does, without the reflection form.
		res := educator.get(cohortURL(id, "/attempts/"+strconv.FormatInt(a.ID, 10)))
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, "as they see it, read only", escText(lu.Name), "The issues in this note", "Your flags")
		wantNotContains(t, res.Body, `action="/attempts/`, "Save reflection")
	})
	t.Run("Manage", func(t *testing.T) {
		// Ensure rename, archive and restore work and an archived code stops working.
		wantRedirect(t, educator.postForm(cohortURL(id, "/rename"), url.Values{"name": {"Year 2 (2026)"}}), cohortURL(id, ""))
		wantRedirect(t, educator.postForm(cohortURL(id, "/archive"), nil), cohortURL(id, ""))
		wantStatus(t, learner.get("/join/"+co.JoinCode), http.StatusNotFound)
		wantRedirect(t, educator.postForm(cohortURL(id, "/restore"), nil), cohortURL(id, ""))
		got, _ := ts.store.FindCohort(ctx, id)
		if got.Name != "Year 2 (2026)" || got.Archived() {
			t.Fatalf("cohort = %+v", got)
		}
		res := educator.get("/cohorts")
		wantContains(t, res.Body, "Year 2 (2026)")
	})
}

func TestCohortFormErrors(t *testing.T) {
	ts := newTestServer(t)
	educator, _ := ts.signedIn(t, store.RoleEducator)
	learner, _ := ts.signedIn(t, store.RoleLearner)
	id := educator.createCohort("Year 1")
	sc := ts.critiqueScenario(t)
	soon := localDue(time.Now().Add(time.Hour))
	tests := []struct {
		name, path string
		form       url.Values
		want       string
	}{
		{"EmptyName", "/cohorts", url.Values{"name": {"  "}}, "Enter a name for the cohort"},
		{"EmptyRename", cohortURL(id, "/rename"), url.Values{"name": {""}}, "Enter a name for the cohort"},
		{"UnknownItem", cohortURL(id, "/assignments"), url.Values{"item": {"scenario:no-such-case"}, "policy": {"immediate"}}, "Choose a module or case to assign"},
		{"AfterDueWithoutDue", cohortURL(id, "/assignments"), url.Values{"item": {"scenario:" + sc.ID}, "policy": {"after_due"}}, "enter a due date"},
		{"BadDue", cohortURL(id, "/assignments"), url.Values{"item": {"scenario:" + sc.ID}, "due": {"next Tuesday"}, "policy": {"immediate"}}, "in the format 2026-03-20T17:00"},
		{"PastDue", cohortURL(id, "/assignments"), url.Values{"item": {"scenario:" + sc.ID}, "due": {"2001-01-01T09:00"}, "policy": {"immediate"}}, "must be in the future"},
		{"EmptyEducatorEmail", cohortURL(id, "/educators"), url.Values{"email": {""}}, "Enter an email address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := educator.postForm(tt.path, tt.form)
			wantStatus(t, res, http.StatusUnprocessableEntity)
			wantContains(t, res.Body, "There is a problem", tt.want)
		})
	}
	t.Run("NotAnEducator", func(t *testing.T) {
		// Ensure a learner's email cannot be added as a co-educator, with the same message
		// as an unknown email.
		_, lu := ts.signedIn(t, store.RoleLearner)
		for _, email := range []string{lu.Email, "nobody@example.ac.uk"} {
			res := educator.postForm(cohortURL(id, "/educators"), url.Values{"email": {email}})
			wantStatus(t, res, http.StatusUnprocessableEntity)
			wantContains(t, res.Body, "No educator account has that email address")
		}
	})
	t.Run("AssignTwice", func(t *testing.T) {
		// Ensure an item is assigned once, and a date-only due date is accepted.
		wantStatus(t, educator.assign(id, "scenario:"+sc.ID, soon[:10], store.PolicyAfterDue), http.StatusSeeOther)
		res := educator.assign(id, "scenario:"+sc.ID, soon, store.PolicyImmediate)
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res.Body, "already assigned")
	})
	t.Run("EmptyJoinCode", func(t *testing.T) {
		res := learner.postForm("/join", url.Values{"code": {""}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res.Body, "Enter the join code")
	})
}

func TestGradesCSVFormulaInjection(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")", "+1": "'+1", "-2": "'-2", "@SUM(A1)": "'@SUM(A1)",
		"\tx": "'\tx", "Sam Smith": "Sam Smith", "72": "72", "": "",
	} {
		if got := formulaSafe(in); got != want {
			t.Errorf("formulaSafe(%q) = %q, want %q", in, got, want)
		}
	}
	// Ensure names reach the CSV defused, whatever the learner called themselves.
	ts := newTestServer(t)
	ctx := context.Background()
	educator, eu := ts.signedIn(t, store.RoleEducator)
	u, err := ts.store.CreateUser(ctx, store.User{Email: "hostile@example.ac.uk", Name: "=cmd|' /C calc'!A0", Role: store.RoleLearner, PasswordHash: "x"})
	if err != nil {
		t.Fatal(err)
	}
	co, _ := ts.store.CreateCohort(ctx, "Year 1", eu.ID)
	if _, err := ts.store.JoinCohort(ctx, co.ID, u.ID); err != nil {
		t.Fatal(err)
	}
	res := educator.get(cohortURL(co.ID, "/grades.csv"))
	wantStatus(t, res, http.StatusOK)
	rows, err := csv.NewReader(strings.NewReader(res.Body)).ReadAll()
	if err != nil || len(rows) != 2 || rows[1][0] != "'=cmd|' /C calc'!A0" {
		t.Fatalf("rows = %q, %v", rows, err)
	}
}
