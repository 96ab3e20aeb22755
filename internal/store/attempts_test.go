package store_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/redpen-social/redpen/internal/store"
)

// mustOpenDraft returns the learner's draft at a scenario.
func mustOpenDraft(tb testing.TB, st *store.Store, userID int64, scenarioID string) store.Attempt {
	tb.Helper()
	a, err := st.OpenDraft(context.Background(), userID, scenarioID)
	if err != nil {
		tb.Fatalf("open draft: %v", err)
	}
	return a
}

// mustSubmit submits a draft with a fixed score and result.
func mustSubmit(tb testing.TB, st *store.Store, attemptID int64) {
	tb.Helper()
	if err := st.SubmitAttempt(context.Background(), attemptID, 0.5, []byte(`{"ok":true}`)); err != nil {
		tb.Fatalf("submit attempt %d: %v", attemptID, err)
	}
}

// attemptIDs returns the ids of attempts in order.
func attemptIDs(as []store.Attempt) []int64 {
	ids := make([]int64, len(as))
	for i, a := range as {
		ids[i] = a.ID
	}
	return ids
}

func TestOpenDraft(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		// Ensure the first call creates a draft and later calls return that same draft.
		st := mustOpen(t)
		clk := setClock(t, st)
		u := mustCreateUser(t, st, "ada@example.com")
		a := mustOpenDraft(t, st, u.ID, "s1")
		if a.ID == 0 || a.UserID != u.ID || a.ScenarioID != "s1" || a.Status != store.StatusDraft || a.Submitted() {
			t.Errorf("new draft = %+v", a)
		}
		if !a.CreatedAt.Equal(t0) || !a.UpdatedAt.Equal(t0) || !a.SubmittedAt.IsZero() {
			t.Errorf("draft times = %v, %v, %v; want created and updated at %v, not submitted", a.CreatedAt, a.UpdatedAt, a.SubmittedAt, t0)
		}
		clk.Advance(time.Hour)
		again := mustOpenDraft(t, st, u.ID, "s1")
		if again.ID != a.ID || !again.CreatedAt.Equal(t0) {
			t.Errorf("second OpenDraft = %+v, want draft %d from %v", again, a.ID, t0)
		}
		if n := count(t, st, `SELECT COUNT(*) FROM attempts`); n != 1 {
			t.Errorf("attempts = %d, want 1", n)
		}
	})

	t.Run("PerLearnerAndScenario", func(t *testing.T) {
		// Ensure each learner has their own draft for each scenario.
		st := mustOpen(t)
		ada := mustCreateUser(t, st, "ada@example.com")
		grace := mustCreateUser(t, st, "grace@example.com")
		ids := []int64{
			mustOpenDraft(t, st, ada.ID, "s1").ID,
			mustOpenDraft(t, st, ada.ID, "s2").ID,
			mustOpenDraft(t, st, grace.ID, "s1").ID,
		}
		slices.Sort(ids)
		if len(slices.Compact(ids)) != 3 {
			t.Errorf("draft ids = %v, want three different drafts", ids)
		}
	})

	t.Run("AfterSubmit", func(t *testing.T) {
		// Ensure a new draft is created once the previous one is submitted.
		st := mustOpen(t)
		u := mustCreateUser(t, st, "ada@example.com")
		first := mustOpenDraft(t, st, u.ID, "s1")
		mustSubmit(t, st, first.ID)
		next := mustOpenDraft(t, st, u.ID, "s1")
		if next.ID == first.ID || next.Status != store.StatusDraft {
			t.Errorf("OpenDraft after submitting %d = %+v, want a new draft", first.ID, next)
		}
		if got, err := st.FindAttempt(ctx, first.ID); err != nil || !got.Submitted() {
			t.Errorf("first attempt = %+v, %v; want it still submitted", got, err)
		}
	})
}

func TestFindAttempt(t *testing.T) {
	ctx := context.Background()

	t.Run("ErrNotFound", func(t *testing.T) {
		// Ensure a missing id is ErrNotFound.
		st := mustOpen(t)
		if _, err := st.FindAttempt(ctx, 7); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("error = %v, want ErrNotFound", err)
		}
	})
}

func TestSubmitAttempt(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		// Ensure submitting stores the score, result and time, and freezes the attempt.
		st := mustOpen(t)
		clk := setClock(t, st)
		u := mustCreateUser(t, st, "ada@example.com")
		a := mustOpenDraft(t, st, u.ID, "s1")
		clk.Advance(10 * time.Minute)
		result := []byte(`{"flags":[1,2]}`)
		if err := st.SubmitAttempt(ctx, a.ID, 0.75, result); err != nil {
			t.Fatal(err)
		}
		got, err := st.FindAttempt(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		submitted := t0.Add(10 * time.Minute)
		if !got.Submitted() || got.Score != 0.75 || !bytes.Equal(got.Result, result) {
			t.Errorf("submitted attempt = %+v", got)
		}
		if !got.SubmittedAt.Equal(submitted) || !got.UpdatedAt.Equal(submitted) || !got.CreatedAt.Equal(t0) {
			t.Errorf("times = created %v, updated %v, submitted %v; want %v, %v, %v",
				got.CreatedAt, got.UpdatedAt, got.SubmittedAt, t0, submitted, submitted)
		}
	})

	t.Run("ErrConflict", func(t *testing.T) {
		// Ensure a second submission (another tab) fails and leaves the first result alone.
		st := mustOpen(t)
		u := mustCreateUser(t, st, "ada@example.com")
		a := mustOpenDraft(t, st, u.ID, "s1")
		mustSubmit(t, st, a.ID)
		if err := st.SubmitAttempt(ctx, a.ID, 1, []byte(`{"ok":false}`)); !errors.Is(err, store.ErrConflict) {
			t.Errorf("second submit error = %v, want ErrConflict", err)
		}
		got, err := st.FindAttempt(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Score != 0.5 || string(got.Result) != `{"ok":true}` {
			t.Errorf("after second submit: score %v, result %s; want the first", got.Score, got.Result)
		}
	})
}

func TestListAttempts(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	clk := setClock(t, st)
	ada := mustCreateUser(t, st, "ada@example.com")
	grace := mustCreateUser(t, st, "grace@example.com")

	// Drafts are opened in one order and submitted in another, so that the newest
	// submission is not the newest row.
	a1 := mustOpenDraft(t, st, ada.ID, "s1")
	b1 := mustOpenDraft(t, st, ada.ID, "s2")
	mustOpenDraft(t, st, grace.ID, "s1")
	clk.Advance(time.Minute)
	mustSubmit(t, st, b1.ID)
	clk.Advance(time.Minute)
	mustSubmit(t, st, a1.ID)
	clk.Advance(time.Minute)
	a2 := mustOpenDraft(t, st, ada.ID, "s1")
	mustSubmit(t, st, a2.ID)
	mustOpenDraft(t, st, ada.ID, "s1") // an open draft, not listed

	tests := []struct {
		name     string
		userID   int64
		scenario string
		want     []int64
	}{
		{"All", ada.ID, "", []int64{a2.ID, a1.ID, b1.ID}},
		{"Scenario", ada.ID, "s1", []int64{a2.ID, a1.ID}},
		{"OtherScenario", ada.ID, "s2", []int64{b1.ID}},
		{"UnknownScenario", ada.ID, "s9", nil},
		{"OnlyDrafts", grace.ID, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Ensure only submitted attempts are listed, newest submission first.
			got, err := st.ListAttempts(ctx, tt.userID, tt.scenario)
			if err != nil {
				t.Fatal(err)
			}
			if ids := attemptIDs(got); !slices.Equal(ids, tt.want) {
				t.Errorf("ListAttempts(%d, %q) = %v, want %v", tt.userID, tt.scenario, ids, tt.want)
			}
			for _, a := range got {
				if !a.Submitted() || a.UserID != tt.userID {
					t.Errorf("listed %+v", a)
				}
			}
		})
	}
}

func TestCreateSubmittedAttempt(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		// Ensure the attempt, its flags and a result built from the new flag ids are stored.
		st := mustOpen(t)
		clk := setClock(t, st)
		u := mustCreateUser(t, st, "ada@example.com")
		draft := mustOpenDraft(t, st, u.ID, "s1")
		clk.Advance(time.Minute)
		in := []store.Flag{
			{AttemptID: 999, Document: "note", Start: 0, End: 4, Quote: "Mrs ", Category: "bias", Rationale: "r1", EvidenceStart: 2, EvidenceEnd: 8},
			{Document: "source", Start: 10, End: 20, Quote: "0123456789", Category: "omission", EvidenceStart: -1, EvidenceEnd: -1},
		}
		var gotIDs []int64
		a, err := st.CreateSubmittedAttempt(ctx, u.ID, "s1", in, 0.9, func(ids []int64) ([]byte, error) {
			gotIDs = slices.Clone(ids)
			return json.Marshal(map[string][]int64{"flags": ids})
		})
		if err != nil {
			t.Fatal(err)
		}
		if a.ID == draft.ID || a.UserID != u.ID || a.ScenarioID != "s1" || !a.Submitted() || a.Score != 0.9 {
			t.Errorf("attempt = %+v", a)
		}
		if at := t0.Add(time.Minute); !a.SubmittedAt.Equal(at) || !a.CreatedAt.Equal(at) {
			t.Errorf("times = created %v, submitted %v; want %v", a.CreatedAt, a.SubmittedAt, at)
		}

		flags, err := st.ListFlags(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(flags) != len(in) {
			t.Fatalf("stored %d flags, want %d", len(flags), len(in))
		}
		var stored []int64
		for i, f := range flags {
			stored = append(stored, f.ID)
			want := in[i]
			want.ID, want.AttemptID = f.ID, a.ID
			if f != want {
				t.Errorf("flag %d = %+v, want %+v", i, f, want)
			}
		}
		if !slices.Equal(gotIDs, stored) {
			t.Errorf("callback got ids %v, want the stored flag ids %v", gotIDs, stored)
		}
		wantResult, _ := json.Marshal(map[string][]int64{"flags": stored})
		if !bytes.Equal(a.Result, wantResult) {
			t.Errorf("Result = %s, want %s", a.Result, wantResult)
		}
		if d, err := st.FindAttempt(ctx, draft.ID); err != nil || d.Status != store.StatusDraft {
			t.Errorf("open draft = %+v, %v; want it untouched", d, err)
		}
		if n := count(t, st, `SELECT COUNT(*) FROM flags WHERE attempt_id = 999`); n != 0 {
			t.Errorf("flags filed under the caller's AttemptID = %d, want 0", n)
		}
	})

	t.Run("NoFlags", func(t *testing.T) {
		// Ensure an empty critique is stored with an empty id list.
		st := mustOpen(t)
		u := mustCreateUser(t, st, "ada@example.com")
		var calls int
		a, err := st.CreateSubmittedAttempt(ctx, u.ID, "s1", nil, 0, func(ids []int64) ([]byte, error) {
			calls++
			if len(ids) != 0 {
				t.Errorf("ids = %v, want none", ids)
			}
			return []byte(`[]`), nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if calls != 1 || !a.Submitted() || string(a.Result) != `[]` {
			t.Errorf("calls = %d, attempt = %+v", calls, a)
		}
	})

	t.Run("CallbackError", func(t *testing.T) {
		// Ensure a failing result callback stores nothing and its error comes back.
		st := mustOpen(t)
		u := mustCreateUser(t, st, "ada@example.com")
		boom := errors.New("boom")
		flags := []store.Flag{{Document: "note", Start: 0, End: 1, Quote: "x", Category: "c", EvidenceStart: -1}}
		_, err := st.CreateSubmittedAttempt(ctx, u.ID, "s1", flags, 1, func([]int64) ([]byte, error) { return nil, boom })
		if !errors.Is(err, boom) {
			t.Errorf("error = %v, want the callback's", err)
		}
		if n := count(t, st, `SELECT COUNT(*) FROM attempts`); n != 0 {
			t.Errorf("attempts = %d, want 0", n)
		}
		if n := count(t, st, `SELECT COUNT(*) FROM flags`); n != 0 {
			t.Errorf("flags = %d, want 0", n)
		}
	})

	t.Run("BadFlag", func(t *testing.T) {
		// Ensure a flag the schema refuses rolls back the whole critique.
		st := mustOpen(t)
		u := mustCreateUser(t, st, "ada@example.com")
		flags := []store.Flag{
			{Document: "note", Start: 0, End: 1, Quote: "x", Category: "c"},
			{Document: "email", Start: 0, End: 1, Quote: "x", Category: "c"},
		}
		_, err := st.CreateSubmittedAttempt(ctx, u.ID, "s1", flags, 1, func([]int64) ([]byte, error) { return []byte(`{}`), nil })
		if err == nil {
			t.Fatal("stored a flag on an unknown document")
		}
		if n := count(t, st, `SELECT COUNT(*) FROM attempts`) + count(t, st, `SELECT COUNT(*) FROM flags`); n != 0 {
			t.Errorf("rows left = %d, want 0", n)
		}
	})
}

func TestSaveReflection(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		// Ensure a reflection is saved on a submitted attempt, and can be replaced.
		st := mustOpen(t)
		u := mustCreateUser(t, st, "ada@example.com")
		a := mustOpenDraft(t, st, u.ID, "s1")
		mustSubmit(t, st, a.ID)
		for _, text := range []string{"I missed the dates.", "I missed the dates and the source."} {
			if err := st.SaveReflection(ctx, a.ID, text); err != nil {
				t.Fatal(err)
			}
			got, err := st.FindAttempt(ctx, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Reflection != text {
				t.Errorf("Reflection = %q, want %q", got.Reflection, text)
			}
		}
	})

	t.Run("ErrConflict", func(t *testing.T) {
		// Ensure a draft cannot take a reflection yet.
		st := mustOpen(t)
		u := mustCreateUser(t, st, "ada@example.com")
		a := mustOpenDraft(t, st, u.ID, "s1")
		if err := st.SaveReflection(ctx, a.ID, "too early"); !errors.Is(err, store.ErrConflict) {
			t.Errorf("error = %v, want ErrConflict", err)
		}
		if got, _ := st.FindAttempt(ctx, a.ID); got.Reflection != "" {
			t.Errorf("Reflection = %q, want empty", got.Reflection)
		}
	})
}
