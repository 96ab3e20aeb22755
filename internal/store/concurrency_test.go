package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/redpen-social/redpen/internal/store"
)

const (
	workers = 8
	rounds  = 25
)

// TestConcurrentWrites runs many writers on one store at once. Without the busy timeout
// and immediate transactions some of them would fail with "database is locked".
func TestConcurrentWrites(t *testing.T) {
	ctx := context.Background()

	t.Run("SeparateLearners", func(t *testing.T) {
		// Ensure writers that do not share rows all succeed.
		st := mustOpen(t)
		users := make([]store.User, workers)
		for i := range users {
			users[i] = mustCreateUser(t, st, fmt.Sprintf("learner%d@example.com", i))
		}
		errs := make(chan error, workers*rounds*3)
		var wg sync.WaitGroup
		for _, u := range users {
			wg.Go(func() {
				for i := range rounds {
					a, err := st.OpenDraft(ctx, u.ID, "s1")
					if err != nil {
						errs <- fmt.Errorf("user %d round %d: %w", u.ID, i, err)
						continue
					}
					if _, err := st.AddFlag(ctx, store.Flag{AttemptID: a.ID, Document: "note", Start: i, End: i + 1, Quote: "x", Category: "c", EvidenceStart: -1}); err != nil {
						errs <- fmt.Errorf("user %d round %d: %w", u.ID, i, err)
					}
					if i%5 == 4 {
						if err := st.SubmitAttempt(ctx, a.ID, 1, []byte(`{}`)); err != nil {
							errs <- fmt.Errorf("user %d round %d: %w", u.ID, i, err)
						}
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		for _, u := range users {
			got, err := st.ListAttempts(ctx, u.ID, "s1")
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != rounds/5 {
				t.Errorf("user %d: %d submitted attempts, want %d", u.ID, len(got), rounds/5)
			}
			for _, a := range got {
				if n := len(mustListFlags(t, st, a.ID)); n != 5 {
					t.Errorf("attempt %d: %d flags, want 5", a.ID, n)
				}
			}
		}
		if n := count(t, st, `SELECT COUNT(*) FROM attempts WHERE status = 'draft'`); n != 0 {
			t.Errorf("drafts left = %d, want 0", n)
		}
	})

	t.Run("SharedDraft", func(t *testing.T) {
		// Ensure writers racing on one learner's draft only ever see ErrConflict (a draft
		// submitted under them), never a locked database or a second draft.
		st := mustOpen(t)
		u := mustCreateUser(t, st, "ada@example.com")
		var added, conflicts atomic.Int64
		errs := make(chan error, workers*rounds*3)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				for i := range rounds {
					a, err := st.OpenDraft(ctx, u.ID, "s1")
					if err != nil {
						errs <- fmt.Errorf("worker %d round %d: open draft: %w", w, i, err)
						continue
					}
					_, err = st.AddFlag(ctx, store.Flag{AttemptID: a.ID, Document: "note", Start: w, End: w + i + 1, Quote: "x", Category: "c", EvidenceStart: -1})
					switch {
					case err == nil:
						added.Add(1)
					case errors.Is(err, store.ErrConflict):
						conflicts.Add(1)
					default:
						errs <- fmt.Errorf("worker %d round %d: %w", w, i, err)
					}
					if i%5 == 4 {
						err := st.SubmitAttempt(ctx, a.ID, 1, []byte(`{}`))
						if errors.Is(err, store.ErrConflict) {
							conflicts.Add(1)
						} else if err != nil {
							errs <- fmt.Errorf("worker %d round %d: %w", w, i, err)
						}
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if n := count(t, st, `SELECT COUNT(*) FROM attempts WHERE status = 'draft'`); n > 1 {
			t.Errorf("drafts = %d, want at most 1", n)
		}
		if n := count(t, st, `SELECT COUNT(*) FROM flags`); int64(n) != added.Load() {
			t.Errorf("flags stored = %d, want the %d adds that succeeded", n, added.Load())
		}
		if n := count(t, st, `SELECT COUNT(*) FROM attempts WHERE status = 'submitted'`); n == 0 {
			t.Error("no attempt was submitted")
		}
		t.Logf("%d flags added, %d conflicts", added.Load(), conflicts.Load())
	})
}
