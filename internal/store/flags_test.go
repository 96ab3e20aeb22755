package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/redpen-social/redpen/internal/store"
)

// mustAddFlag adds a flag without evidence to a draft.
func mustAddFlag(tb testing.TB, st *store.Store, attemptID int64) store.Flag {
	tb.Helper()
	f, err := st.AddFlag(context.Background(), store.Flag{AttemptID: attemptID, Document: "note", Start: 3, End: 9,
		Quote: "quoted", Category: "accuracy", Rationale: "why", EvidenceStart: -1, EvidenceEnd: -1})
	if err != nil {
		tb.Fatalf("add flag: %v", err)
	}
	return f
}

func mustListFlags(tb testing.TB, st *store.Store, attemptID int64) []store.Flag {
	tb.Helper()
	flags, err := st.ListFlags(context.Background(), attemptID)
	if err != nil {
		tb.Fatal(err)
	}
	return flags
}

func TestFlags(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		// Ensure flags on a draft can be added, changed and removed, and touch the draft.
		st := mustOpen(t)
		clk := setClock(t, st)
		u := mustCreateUser(t, st, "ada@example.com")
		a := mustOpenDraft(t, st, u.ID, "s1")
		clk.Advance(time.Minute)

		in := store.Flag{AttemptID: a.ID, Document: "source", Start: 5, End: 12, Quote: "the GP", Category: "attribution", Rationale: "who said it?", EvidenceStart: 40, EvidenceEnd: 55}
		f1, err := st.AddFlag(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if f1.ID == 0 {
			t.Fatal("AddFlag returned no id")
		}
		in.ID = f1.ID
		if f1 != in {
			t.Errorf("AddFlag = %+v, want %+v", f1, in)
		}
		f2 := mustAddFlag(t, st, a.ID)
		if got := mustListFlags(t, st, a.ID); !slices.Equal(got, []store.Flag{f1, f2}) {
			t.Errorf("ListFlags = %+v, want %+v", got, []store.Flag{f1, f2})
		}

		changed := f1
		changed.Category, changed.Rationale, changed.EvidenceStart, changed.EvidenceEnd = "bias", "loaded word", 60, 70
		changed.Start, changed.Quote = 999, "ignored" // only category, rationale and evidence change
		if err := st.UpdateFlag(ctx, changed); err != nil {
			t.Fatal(err)
		}
		want := f1
		want.Category, want.Rationale, want.EvidenceStart, want.EvidenceEnd = "bias", "loaded word", 60, 70
		clk.Advance(time.Minute)
		if err := st.DeleteFlag(ctx, a.ID, f2.ID); err != nil {
			t.Fatal(err)
		}
		if got := mustListFlags(t, st, a.ID); !slices.Equal(got, []store.Flag{want}) {
			t.Errorf("after update and delete, ListFlags = %+v, want %+v", got, []store.Flag{want})
		}
		if got, err := st.FindAttempt(ctx, a.ID); err != nil || !got.UpdatedAt.Equal(t0.Add(2*time.Minute)) {
			t.Errorf("draft UpdatedAt = %v (%v), want %v", got.UpdatedAt, err, t0.Add(2*time.Minute))
		}
	})

	t.Run("Evidence", func(t *testing.T) {
		// Ensure evidence offsets round-trip, and anything that is not a real span reads
		// back as "no evidence" (-1, -1).
		tests := []struct {
			name       string
			start, end int
			wantStart  int
			wantEnd    int
			stored     bool
		}{
			{"None", -1, -1, -1, -1, false},
			{"Span", 12, 30, 12, 30, true},
			{"FromZero", 0, 5, 0, 5, true},
			{"ZeroValue", 0, 0, -1, -1, false},
			{"Empty", 7, 7, -1, -1, false},
			{"Backwards", 9, 4, -1, -1, false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				st := mustOpen(t)
				u := mustCreateUser(t, st, "ada@example.com")
				a := mustOpenDraft(t, st, u.ID, "s1")

				// Through AddFlag.
				f, err := st.AddFlag(ctx, store.Flag{AttemptID: a.ID, Document: "note", Start: 0, End: 3, Quote: "abc", Category: "c", EvidenceStart: tt.start, EvidenceEnd: tt.end})
				if err != nil {
					t.Fatal(err)
				}
				checkEvidence(t, st, f.ID, mustListFlags(t, st, a.ID)[0], tt.wantStart, tt.wantEnd, tt.stored)

				// Through UpdateFlag, from a flag that had evidence.
				g, err := st.AddFlag(ctx, store.Flag{AttemptID: a.ID, Document: "note", Start: 4, End: 6, Quote: "de", Category: "c", EvidenceStart: 100, EvidenceEnd: 120})
				if err != nil {
					t.Fatal(err)
				}
				g.EvidenceStart, g.EvidenceEnd = tt.start, tt.end
				if err := st.UpdateFlag(ctx, g); err != nil {
					t.Fatal(err)
				}
				checkEvidence(t, st, g.ID, mustListFlags(t, st, a.ID)[1], tt.wantStart, tt.wantEnd, tt.stored)
			})
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		// Ensure a flag of another attempt cannot be changed or removed through this one.
		st := mustOpen(t)
		u := mustCreateUser(t, st, "ada@example.com")
		mine := mustOpenDraft(t, st, u.ID, "s1")
		other := mustOpenDraft(t, st, u.ID, "s2")
		theirs := mustAddFlag(t, st, other.ID)
		mustAddFlag(t, st, mine.ID)

		for _, id := range []int64{theirs.ID, theirs.ID + 100} {
			moved := theirs
			moved.ID, moved.AttemptID, moved.Category = id, mine.ID, "hijacked"
			if err := st.UpdateFlag(ctx, moved); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("UpdateFlag(flag %d via attempt %d) error = %v, want ErrNotFound", id, mine.ID, err)
			}
			if err := st.DeleteFlag(ctx, mine.ID, id); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("DeleteFlag(attempt %d, flag %d) error = %v, want ErrNotFound", mine.ID, id, err)
			}
		}
		if got := mustListFlags(t, st, other.ID); !slices.Equal(got, []store.Flag{theirs}) {
			t.Errorf("other attempt's flags = %+v, want %+v unchanged", got, []store.Flag{theirs})
		}
		if n := len(mustListFlags(t, st, mine.ID)); n != 1 {
			t.Errorf("own flags = %d, want 1", n)
		}
	})

	t.Run("ErrConflict", func(t *testing.T) {
		// Ensure a submitted attempt's flags are frozen.
		st := mustOpen(t)
		clk := setClock(t, st)
		u := mustCreateUser(t, st, "ada@example.com")
		a := mustOpenDraft(t, st, u.ID, "s1")
		f := mustAddFlag(t, st, a.ID)
		mustSubmit(t, st, a.ID)
		submitted, err := st.FindAttempt(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Hour)

		changed := f
		changed.Category = "changed"
		ops := []struct {
			name string
			run  func() error
		}{
			{"AddFlag", func() error {
				_, err := st.AddFlag(ctx, store.Flag{AttemptID: a.ID, Document: "note", Start: 0, End: 1, Quote: "x", Category: "c"})
				return err
			}},
			{"UpdateFlag", func() error { return st.UpdateFlag(ctx, changed) }},
			{"DeleteFlag", func() error { return st.DeleteFlag(ctx, a.ID, f.ID) }},
			{"SubmitAttempt", func() error { return st.SubmitAttempt(ctx, a.ID, 1, []byte(`{}`)) }},
		}
		for _, op := range ops {
			t.Run(op.name, func(t *testing.T) {
				if err := op.run(); !errors.Is(err, store.ErrConflict) {
					t.Errorf("%s on a submitted attempt: error = %v, want ErrConflict", op.name, err)
				}
			})
		}
		if got := mustListFlags(t, st, a.ID); !slices.Equal(got, []store.Flag{f}) {
			t.Errorf("flags = %+v, want %+v unchanged", got, []store.Flag{f})
		}
		if got, err := st.FindAttempt(ctx, a.ID); err != nil || !got.UpdatedAt.Equal(submitted.UpdatedAt) || got.Score != submitted.Score {
			t.Errorf("attempt = %+v (%v), want %+v untouched", got, err, submitted)
		}
	})
}

// checkEvidence compares a flag's evidence as read back and as stored.
func checkEvidence(t *testing.T, st *store.Store, id int64, f store.Flag, wantStart, wantEnd int, stored bool) {
	t.Helper()
	if f.ID != id {
		t.Fatalf("listed flag %d, want %d", f.ID, id)
	}
	if f.EvidenceStart != wantStart || f.EvidenceEnd != wantEnd {
		t.Errorf("evidence = [%d, %d), want [%d, %d)", f.EvidenceStart, f.EvidenceEnd, wantStart, wantEnd)
	}
	if f.HasEvidence() != stored {
		t.Errorf("HasEvidence() = %v, want %v", f.HasEvidence(), stored)
	}
	nulls := count(t, st, `SELECT COUNT(*) FROM flags WHERE id = ? AND evidence_start IS NULL AND evidence_end IS NULL`, id)
	if wantNulls := map[bool]int{true: 0, false: 1}[stored]; nulls != wantNulls {
		t.Errorf("flag %d stored with NULL evidence: %d, want %d", id, nulls, wantNulls)
	}
}
