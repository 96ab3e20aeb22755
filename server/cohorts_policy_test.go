package server

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/redpen-social/redpen/internal/store"
)

func TestFeedbackPolicyAfterDue(t *testing.T) {
	ts := newTestServer(t)
	ctx := context.Background()
	educator, _ := ts.signedIn(t, store.RoleEducator)
	learner, lu := ts.signedIn(t, store.RoleLearner)
	outsider, _ := ts.signedIn(t, store.RoleLearner)
	sc := ts.critiqueScenario(t)
	missed := sc.Flaws[1] // the learner flags only the first flaw
	due := time.Now().Add(48 * time.Hour).Truncate(time.Minute)

	id := educator.createCohort("Year 2")
	co, _ := ts.store.FindCohort(ctx, id)
	wantStatus(t, educator.assign(id, "scenario:"+sc.ID, localDue(due), store.PolicyAfterDue), http.StatusSeeOther)
	wantRedirect(t, learner.postForm("/join/"+co.JoinCode, nil), "/assignments")
	path := learner.critiqueCase(sc, sc.Flaws[0])
	aid := attemptID(t, path)
	a, _ := ts.store.FindAttempt(ctx, aid)
	missedQuote := escText(sc.Doc(missed.Span.Doc).Slice(missed.Span.Start, missed.Span.End))
	explanation := string(missed.Explanation)

	t.Run("FeedbackPageHidesKey", func(t *testing.T) {
		// Ensure the learner sees their score, their flag counts and when the key will be
		// shown, and nothing of the key.
		res := learner.get(path)
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, strconv.Itoa(percentOf(a.Score))+"%", "You made 1 flag: 1 matched an issue with the right kind",
			"will be shown on", "Your flags")
		wantNotContains(t, res.Body, "The issues in this note", "How a careful practitioner", "You found ", "Why it matters",
			"key-missed", `id="issue-`, explanation, `class="tag outcome-`)
	})
	t.Run("ReflectionStillWorks", func(t *testing.T) {
		// Ensure holding the key back does not stop the learner reflecting.
		wantStatus(t, learner.postForm(path+"/reflection", map[string][]string{"reflection": {"I rushed the source."}}), http.StatusSeeOther)
	})
	t.Run("APIHidesKey", func(t *testing.T) {
		// Ensure the API leaves out the flaws, the flags' verdicts and the per-category figures.
		tok := ts.token(t, lu.ID)
		res := ts.api(t, http.MethodGet, "/api/v1/attempts/"+strconv.FormatInt(aid, 10), tok, "")
		wantStatus(t, res, http.StatusOK)
		var out map[string]json.RawMessage
		decodeTestJSON(t, res, &out)
		if string(out["flaws"]) != "[]" || string(out["categories"]) != "[]" || out["key_shown_at"] == nil {
			t.Fatalf("held attempt JSON = %s", res.Body)
		}
		wantNotContains(t, res.Body, `"outcome":"correct"`, missed.ID)
		res = ts.api(t, http.MethodPost, "/api/v1/scenarios/"+sc.ID+"/attempts", tok, `{"flags":[]}`)
		wantStatus(t, res, http.StatusCreated)
		wantContains(t, res.Body, `"key_shown_at"`, `"flaws":[]`)
	})
	t.Run("SummariesHideKey", func(t *testing.T) {
		// Ensure the data export and the dashboard's category figures, which are built from
		// stored verdicts, do not give the held key away either.
		res := learner.get("/settings/data/export")
		wantStatus(t, res, http.StatusOK)
		var x struct {
			Critiques []struct {
				ScenarioID string          `json:"case_id"`
				Result     json.RawMessage `json:"result"`
			} `json:"critiques"`
		}
		decodeTestJSON(t, res, &x)
		for _, c := range x.Critiques {
			if c.ScenarioID == sc.ID && len(c.Result) > 0 {
				t.Errorf("the export holds the verdicts of a held case: %s", c.Result)
			}
		}
		attempts, err := ts.store.ListAttempts(ctx, lu.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		released, err := ts.srv.withoutHeldKeys(ctx, lu.ID, attempts)
		if err != nil || len(attempts) == 0 || len(released) != 0 {
			t.Errorf("released %d of %d attempts (%v), want none while the key is held", len(released), len(attempts), err)
		}
	})
	t.Run("OthersSeeKey", func(t *testing.T) {
		// Ensure a learner outside the cohort gets the key at once.
		p := outsider.critiqueCase(sc, sc.Flaws[0])
		wantContains(t, outsider.get(p).Body, "The issues in this note", "key-missed", missedQuote)
	})
	t.Run("EducatorDrillDown", func(t *testing.T) {
		// Ensure the educator sees what the learner sees, and can open the marked version.
		url := cohortURL(id, "/attempts/"+strconv.FormatInt(aid, 10))
		res := educator.get(url)
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, "will see the answer key from", url+"?marked=1")
		wantNotContains(t, res.Body, "The issues in this note", "I rushed the source.")
		res = educator.get(url + "?marked=1")
		wantContains(t, res.Body, "The issues in this note", "key-missed", "This is the marked version")
	})
	t.Run("ShownAfterDue", func(t *testing.T) {
		// Ensure the key appears once the due date has passed.
		ts.store.Now = func() time.Time { return due.Add(time.Minute).UTC() }
		t.Cleanup(func() { ts.store.Now = func() time.Time { return time.Now().UTC() } })
		res := learner.get(path)
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, "The issues in this note", "key-missed", `id="issue-2"`, explanation, "You found 1 of")
		wantNotContains(t, res.Body, "will be shown on")
	})
}
