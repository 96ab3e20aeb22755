package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/redpen-social/redpen/internal/store"
)

func day(s string) time.Time {
	d, err := time.Parse(store.DateLayout, s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestCPDEntries(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	clk := setClock(t, st)
	ada := mustCreateUser(t, st, "ada@example.com")
	grace := mustCreateUser(t, st, "grace@example.com")

	e, err := st.CreateCPDEntry(ctx, store.CPDEntry{UserID: ada.ID, Source: store.CPDModule, ActivityType: "reading", Title: "Read a report",
		Description: "Why", Date: day("2026-02-10"), Minutes: 45, Learnt: "L", Impact: "I", PeerWith: "my supervisor",
		PeerDate: day("2026-02-12"), PeerOutcome: "O", Standards: []string{"4.1", "3.2"}})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("OK", func(t *testing.T) {
		// Ensure a created entry reads back whole, as the learner's own.
		got, err := st.FindCPDEntry(ctx, ada.ID, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Source != store.CPDManual || got.Title != "Read a report" || !got.Date.Equal(day("2026-02-10")) || got.Minutes != 45 ||
			!got.PeerDate.Equal(day("2026-02-12")) || !slices.Equal(got.Standards, []string{"4.1", "3.2"}) || got.EditedAt.IsZero() {
			t.Errorf("entry = %+v", got)
		}
		if !got.HasPeerReflection() || !got.Reflected() {
			t.Errorf("HasPeerReflection = %v, Reflected = %v, want both true", got.HasPeerReflection(), got.Reflected())
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		// Ensure another learner can neither read, change nor delete the entry.
		if _, err := st.FindCPDEntry(ctx, grace.ID, e.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("find as other user: %v, want ErrNotFound", err)
		}
		other := e
		other.UserID, other.Title = grace.ID, "hijacked"
		if err := st.UpdateCPDEntry(ctx, other); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("update as other user: %v, want ErrNotFound", err)
		}
		if err := st.DeleteCPDEntry(ctx, grace.ID, e.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("delete as other user: %v, want ErrNotFound", err)
		}
		got, _ := st.FindCPDEntry(ctx, ada.ID, e.ID)
		if got.Title != "Read a report" {
			t.Errorf("title = %q after another user's update", got.Title)
		}
	})

	t.Run("Update", func(t *testing.T) {
		// Ensure an update changes the fields, clears an empty peer date and keeps the source.
		clk.Advance(time.Hour)
		e.Title, e.PeerDate, e.Standards, e.Minutes = "Read two reports", time.Time{}, nil, 50
		if err := st.UpdateCPDEntry(ctx, e); err != nil {
			t.Fatal(err)
		}
		got, _ := st.FindCPDEntry(ctx, ada.ID, e.ID)
		if got.Title != "Read two reports" || !got.PeerDate.IsZero() || len(got.Standards) != 0 || got.Minutes != 50 || !got.UpdatedAt.Equal(t0.Add(time.Hour)) {
			t.Errorf("after update: %+v", got)
		}
	})

	t.Run("ListAndDelete", func(t *testing.T) {
		// Ensure entries list newest activity first and a deleted entry is gone.
		later, err := st.CreateCPDEntry(ctx, store.CPDEntry{UserID: ada.ID, ActivityType: "other", Title: "Later", Date: day("2026-03-01")})
		if err != nil {
			t.Fatal(err)
		}
		list, err := st.ListCPDEntries(ctx, ada.ID)
		if err != nil || len(list) != 2 || list[0].ID != later.ID {
			t.Fatalf("list = %+v, %v", list, err)
		}
		if err := st.DeleteCPDEntry(ctx, ada.ID, later.ID); err != nil {
			t.Fatal(err)
		}
		if list, _ := st.ListCPDEntries(ctx, ada.ID); len(list) != 1 {
			t.Errorf("after delete: %d entries, want 1", len(list))
		}
		if list, _ := st.ListCPDEntries(ctx, grace.ID); len(list) != 0 {
			t.Errorf("other user has %d entries, want 0", len(list))
		}
	})
}

func TestImportCPDEntries(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	ada := mustCreateUser(t, st, "ada@example.com")
	module := store.CPDEntry{Source: store.CPDModule, SourceRef: "how-ai-works", ActivityType: "e-learning", Title: "Module", Date: day("2026-03-01"), Minutes: 20}
	attempt := store.CPDEntry{Source: store.CPDAttempt, SourceRef: "7", ActivityType: "practice-exercise", Title: "Critique", Date: day("2026-03-02"), Minutes: 15}

	n, err := st.ImportCPDEntries(ctx, ada.ID, []store.CPDEntry{module, attempt})
	if err != nil || n != 2 {
		t.Fatalf("first import added %d, %v; want 2", n, err)
	}
	// Ensure importing again adds nothing, and a reflection written since reaches an
	// entry the learner has not touched.
	attempt.Learnt = "I learnt to check who said what."
	if n, err := st.ImportCPDEntries(ctx, ada.ID, []store.CPDEntry{module, attempt}); err != nil || n != 0 {
		t.Fatalf("second import added %d, %v; want 0", n, err)
	}
	list, _ := st.ListCPDEntries(ctx, ada.ID)
	if len(list) != 2 || list[0].Learnt != attempt.Learnt || !list[0].EditedAt.IsZero() {
		t.Fatalf("entries = %+v", list)
	}

	// Ensure the learner's own words are never overwritten.
	own := list[0]
	own.Learnt = ""
	own.Impact = "mine"
	if err := st.UpdateCPDEntry(ctx, own); err != nil {
		t.Fatal(err)
	}
	attempt.Learnt = "A newer reflection"
	if _, err := st.ImportCPDEntries(ctx, ada.ID, []store.CPDEntry{attempt}); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.FindCPDEntry(ctx, ada.ID, own.ID); got.Learnt != "" {
		t.Errorf("edited entry's learnt = %q, want it left empty", got.Learnt)
	}

	// Ensure a deleted imported entry is not imported again.
	if err := st.DeleteCPDEntry(ctx, ada.ID, list[1].ID); err != nil {
		t.Fatal(err)
	}
	if n, err := st.ImportCPDEntries(ctx, ada.ID, []store.CPDEntry{module}); err != nil || n != 0 {
		t.Errorf("re-import of a deleted entry added %d, %v; want 0", n, err)
	}

	// Ensure only activities can be imported.
	if _, err := st.ImportCPDEntries(ctx, ada.ID, []store.CPDEntry{{Source: store.CPDManual, SourceRef: "x", Title: "x", Date: day("2026-03-01")}}); err == nil {
		t.Error("importing a manual entry succeeded, want an error")
	}
}
