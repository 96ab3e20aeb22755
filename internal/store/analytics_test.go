package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/redpen-social/redpen/internal/store"
)

// mustSubmitScored stores a submitted attempt with one flag and the given score.
func mustSubmitScored(tb testing.TB, st *store.Store, userID int64, scenarioID string, score float64) store.Attempt {
	tb.Helper()
	flags := []store.Flag{{Document: "note", Start: 0, End: 4, Quote: "Text", Category: "fabrication", EvidenceStart: -1, EvidenceEnd: -1}}
	a, err := st.CreateSubmittedAttempt(context.Background(), userID, scenarioID, flags, score, func([]int64) ([]byte, error) {
		return []byte(`{"score":0}`), nil
	})
	if err != nil {
		tb.Fatalf("submit: %v", err)
	}
	return a
}

func TestCohortAnalyticsData(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	clk := setClock(t, st)
	ed := mustCreateEducator(t, st, "ed@example.ac.uk")
	sam := mustCreateUser(t, st, "sam@example.ac.uk")
	kim := mustCreateUser(t, st, "kim@example.ac.uk")
	outsider := mustCreateUser(t, st, "out@example.ac.uk")
	c := mustCreateCohort(t, st, "Year 2", ed.ID)
	other := mustCreateCohort(t, st, "Other", ed.ID)
	for _, u := range []store.User{sam, kim} {
		if _, err := st.JoinCohort(ctx, c.ID, u.ID); err != nil {
			t.Fatal(err)
		}
	}
	for _, item := range []store.Assignment{
		{CohortID: c.ID, Kind: store.KindScenario, ItemID: "case"},
		{CohortID: c.ID, Kind: store.KindModule, ItemID: "reading"},
	} {
		if _, err := st.CreateAssignment(ctx, item); err != nil {
			t.Fatal(err)
		}
	}
	first := mustSubmitScored(t, st, sam.ID, "case", 0.4)
	clk.Advance(time.Hour)
	best := mustSubmitScored(t, st, sam.ID, "case", 0.8)
	clk.Advance(time.Hour)
	mustSubmitScored(t, st, sam.ID, "case", 0.8) // equal to the best, later: not chosen
	unassigned := mustSubmitScored(t, st, sam.ID, "practice", 1)
	outside := mustSubmitScored(t, st, outsider.ID, "case", 1)
	kims := mustSubmitScored(t, st, kim.ID, "case", 0.5)
	if _, err := st.OpenDraft(ctx, kim.ID, "case"); err != nil { // drafts never count
		t.Fatal(err)
	}

	t.Run("BestOnly", func(t *testing.T) {
		// Ensure each learner counts once per assigned scenario, with their best attempt.
		got, err := st.ListCohortAttempts(ctx, c.ID, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].ID != best.ID || got[1].ID != kims.ID {
			t.Fatalf("best attempts = %+v", got)
		}
		all, _ := st.ListCohortAttempts(ctx, c.ID, false)
		if len(all) != 4 || all[0].ID != first.ID {
			t.Fatalf("all attempts: %d, first %d", len(all), all[0].ID)
		}
	})
	t.Run("FindCohortAttempt", func(t *testing.T) {
		// Ensure only learners' attempts at assigned scenarios are visible through the cohort.
		if a, err := st.FindCohortAttempt(ctx, c.ID, first.ID); err != nil || a.UserID != sam.ID {
			t.Fatalf("own cohort attempt: %+v, %v", a, err)
		}
		for name, id := range map[string]int64{"unassigned": unassigned.ID, "outsider": outside.ID} {
			if _, err := st.FindCohortAttempt(ctx, c.ID, id); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("%s: %v, want ErrNotFound", name, err)
			}
		}
		if _, err := st.FindCohortAttempt(ctx, other.ID, first.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("through another cohort: %v", err)
		}
	})
	t.Run("Flags", func(t *testing.T) {
		// Ensure flags come back grouped by attempt.
		got, err := st.ListFlagsOf(ctx, []int64{first.ID, kims.ID, 424242})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || len(got[first.ID]) != 1 || got[kims.ID][0].Quote != "Text" {
			t.Fatalf("flags = %+v", got)
		}
	})
	t.Run("ModuleProgress", func(t *testing.T) {
		// Ensure only assigned modules of current learners are returned.
		for _, m := range []string{"reading", "unassigned"} {
			if err := st.CompleteModule(ctx, sam.ID, m); err != nil {
				t.Fatal(err)
			}
		}
		_ = st.CompleteModule(ctx, outsider.ID, "reading")
		got, err := st.ListCohortModuleProgress(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || len(got[sam.ID]) != 1 || !got[sam.ID]["reading"].Complete() {
			t.Fatalf("progress = %+v", got)
		}
	})
	t.Run("AnonymousResults", func(t *testing.T) {
		// Ensure anonymous rows of this cohort's assigned scenarios are returned, and go
		// with the cohort when it is deleted.
		for _, r := range []struct {
			cohort   int64
			scenario string
		}{{c.ID, "case"}, {c.ID, "practice"}, {other.ID, "case"}} {
			if _, err := st.DB().Exec(`INSERT INTO anonymous_results (cohort_id, scenario_id, submitted_at, score, result) VALUES (?, ?, ?, 0.3, '{"score":0.3}')`,
				r.cohort, r.scenario, t0.Format(time.RFC3339)); err != nil {
				t.Fatal(err)
			}
		}
		got, err := st.ListAnonymousResults(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].ScenarioID != "case" || got[0].Score != 0.3 || string(got[0].Result) != `{"score":0.3}` {
			t.Fatalf("anonymous = %+v", got)
		}
		if _, err := st.DB().Exec(`DELETE FROM cohorts WHERE id = ?`, c.ID); err != nil {
			t.Fatal(err)
		}
		if n := count(t, st, `SELECT COUNT(*) FROM anonymous_results WHERE cohort_id = ?`, c.ID); n != 0 {
			t.Fatalf("%d anonymous rows outlived their cohort", n)
		}
		if n := count(t, st, `SELECT COUNT(*) FROM cohort_members WHERE cohort_id = ?`, c.ID); n != 0 {
			t.Fatalf("%d members outlived their cohort", n)
		}
	})
}
