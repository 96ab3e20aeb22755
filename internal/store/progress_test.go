package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/redpen-social/redpen/internal/store"
)

// mustProgress returns a learner's progress on one module, failing if there is none.
func mustProgress(tb testing.TB, st *store.Store, userID int64, moduleID string) store.ModuleProgress {
	tb.Helper()
	all, err := st.ListModuleProgress(context.Background(), userID)
	if err != nil {
		tb.Fatal(err)
	}
	p, ok := all[moduleID]
	if !ok {
		tb.Fatalf("no progress on %s in %v", moduleID, all)
	}
	return p
}

func TestStartModule(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		// Ensure opening a module records when it was started, not complete.
		st := mustOpen(t)
		setClock(t, st)
		u := mustCreateUser(t, st, "ada@example.com")
		if err := st.StartModule(ctx, u.ID, "m1"); err != nil {
			t.Fatal(err)
		}
		p := mustProgress(t, st, u.ID, "m1")
		if p.ModuleID != "m1" || !p.StartedAt.Equal(t0) || p.Complete() {
			t.Errorf("progress = %+v, want m1 started at %v, not complete", p, t0)
		}
	})

	t.Run("Idempotent", func(t *testing.T) {
		// Ensure opening a module again keeps one row and the first start time.
		st := mustOpen(t)
		clk := setClock(t, st)
		u := mustCreateUser(t, st, "ada@example.com")
		for range 3 {
			if err := st.StartModule(ctx, u.ID, "m1"); err != nil {
				t.Fatal(err)
			}
			clk.Advance(time.Hour)
		}
		if n := count(t, st, `SELECT COUNT(*) FROM module_progress WHERE user_id = ?`, u.ID); n != 1 {
			t.Errorf("rows = %d, want 1", n)
		}
		if p := mustProgress(t, st, u.ID, "m1"); !p.StartedAt.Equal(t0) {
			t.Errorf("StartedAt = %v, want the first start %v", p.StartedAt, t0)
		}
	})

	t.Run("AfterComplete", func(t *testing.T) {
		// Ensure reopening a finished module leaves it complete.
		st := mustOpen(t)
		clk := setClock(t, st)
		u := mustCreateUser(t, st, "ada@example.com")
		if err := st.CompleteModule(ctx, u.ID, "m1"); err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Hour)
		if err := st.StartModule(ctx, u.ID, "m1"); err != nil {
			t.Fatal(err)
		}
		if p := mustProgress(t, st, u.ID, "m1"); !p.Complete() || !p.CompletedAt.Equal(t0) {
			t.Errorf("progress = %+v, want complete at %v", p, t0)
		}
	})
}

func TestCompleteModule(t *testing.T) {
	ctx := context.Background()

	t.Run("KeepsFirstCompletion", func(t *testing.T) {
		// Ensure completing again does not move the completion time.
		st := mustOpen(t)
		clk := setClock(t, st)
		u := mustCreateUser(t, st, "ada@example.com")
		if err := st.StartModule(ctx, u.ID, "m1"); err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Hour)
		first := clk.Now()
		if err := st.CompleteModule(ctx, u.ID, "m1"); err != nil {
			t.Fatal(err)
		}
		clk.Advance(24 * time.Hour)
		if err := st.CompleteModule(ctx, u.ID, "m1"); err != nil {
			t.Fatal(err)
		}
		p := mustProgress(t, st, u.ID, "m1")
		if !p.StartedAt.Equal(t0) {
			t.Errorf("StartedAt = %v, want %v", p.StartedAt, t0)
		}
		if !p.CompletedAt.Equal(first) {
			t.Errorf("CompletedAt = %v, want the first completion %v", p.CompletedAt, first)
		}
	})

	t.Run("WithoutStart", func(t *testing.T) {
		// Ensure completing a module never opened records it as started and completed.
		st := mustOpen(t)
		setClock(t, st)
		u := mustCreateUser(t, st, "ada@example.com")
		if err := st.CompleteModule(ctx, u.ID, "m2"); err != nil {
			t.Fatal(err)
		}
		if p := mustProgress(t, st, u.ID, "m2"); !p.StartedAt.Equal(t0) || !p.CompletedAt.Equal(t0) {
			t.Errorf("progress = %+v, want started and completed at %v", p, t0)
		}
	})
}

func TestSaveQuizAnswer(t *testing.T) {
	ctx := context.Background()

	t.Run("Complete", func(t *testing.T) {
		// Ensure complete=true saves the answer and marks the module complete.
		tests := []struct {
			name     string
			complete bool
		}{
			{"True", true},
			{"False", false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				st := mustOpen(t)
				setClock(t, st)
				u := mustCreateUser(t, st, "ada@example.com")
				if err := st.StartModule(ctx, u.ID, "m1"); err != nil {
					t.Fatal(err)
				}
				a := store.QuizAnswer{QuizID: "q1", Choices: []int{2}, Correct: true}
				if err := st.SaveQuizAnswer(ctx, u.ID, "m1", a, tt.complete); err != nil {
					t.Fatal(err)
				}
				if n := count(t, st, `SELECT COUNT(*) FROM quiz_answers WHERE user_id = ?`, u.ID); n != 1 {
					t.Errorf("answers = %d, want 1", n)
				}
				p := mustProgress(t, st, u.ID, "m1")
				if p.Complete() != tt.complete {
					t.Errorf("Complete() = %v, want %v", p.Complete(), tt.complete)
				}
				if tt.complete && !p.CompletedAt.Equal(t0) {
					t.Errorf("CompletedAt = %v, want %v", p.CompletedAt, t0)
				}
			})
		}
	})

	t.Run("SameTransaction", func(t *testing.T) {
		// Ensure that when marking the module complete fails, the answer is not kept either.
		st := mustOpen(t)
		u := mustCreateUser(t, st, "ada@example.com")
		if _, err := st.DB().Exec(`CREATE TRIGGER block_progress BEFORE INSERT ON module_progress
			BEGIN SELECT RAISE(ABORT, 'progress blocked'); END`); err != nil {
			t.Fatal(err)
		}
		a := store.QuizAnswer{QuizID: "q1", Choices: []int{0}, Correct: true}
		if err := st.SaveQuizAnswer(ctx, u.ID, "m1", a, true); err == nil {
			t.Fatal("SaveQuizAnswer succeeded although completing the module failed")
		}
		if n := count(t, st, `SELECT COUNT(*) FROM quiz_answers`); n != 0 {
			t.Errorf("answers = %d, want 0 (rolled back with the completion)", n)
		}
		if err := st.SaveQuizAnswer(ctx, u.ID, "m1", a, false); err != nil {
			t.Errorf("SaveQuizAnswer without completion: %v", err)
		}
	})
}

func TestLatestQuizAnswers(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		// Ensure the latest answer to each quiz wins, and other modules and users are left out.
		st := mustOpen(t)
		clk := setClock(t, st)
		ada := mustCreateUser(t, st, "ada@example.com")
		grace := mustCreateUser(t, st, "grace@example.com")
		save := func(userID int64, module string, a store.QuizAnswer) {
			t.Helper()
			if err := st.SaveQuizAnswer(ctx, userID, module, a, false); err != nil {
				t.Fatal(err)
			}
			clk.Advance(time.Minute)
		}
		save(ada.ID, "m1", store.QuizAnswer{QuizID: "q1", Choices: []int{0}, Correct: false})
		save(ada.ID, "m1", store.QuizAnswer{QuizID: "q2", Choices: []int{3}, Correct: true})
		save(ada.ID, "m1", store.QuizAnswer{QuizID: "q1", Choices: []int{1, 2}, Correct: true})
		save(ada.ID, "m2", store.QuizAnswer{QuizID: "q1", Choices: []int{9}, Correct: false})
		save(grace.ID, "m1", store.QuizAnswer{QuizID: "q1", Choices: []int{7}, Correct: false})

		got, err := st.LatestQuizAnswers(ctx, ada.ID, "m1")
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]store.QuizAnswer{
			"q1": {QuizID: "q1", Choices: []int{1, 2}, Correct: true, AnsweredAt: t0.Add(2 * time.Minute)},
			"q2": {QuizID: "q2", Choices: []int{3}, Correct: true, AnsweredAt: t0.Add(time.Minute)},
		}
		if len(got) != len(want) {
			t.Errorf("got %d answers %v, want %d", len(got), got, len(want))
		}
		for id, w := range want {
			g, ok := got[id]
			if !ok {
				t.Errorf("no answer for %s", id)
				continue
			}
			if g.QuizID != w.QuizID || !slices.Equal(g.Choices, w.Choices) || g.Correct != w.Correct || !g.AnsweredAt.Equal(w.AnsweredAt) {
				t.Errorf("answer %s = %+v, want %+v", id, g, w)
			}
		}
	})

	t.Run("None", func(t *testing.T) {
		// Ensure a module with no answers gives an empty map.
		st := mustOpen(t)
		u := mustCreateUser(t, st, "ada@example.com")
		got, err := st.LatestQuizAnswers(ctx, u.ID, "m1")
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 0 {
			t.Errorf("got %v, want none", got)
		}
	})
}

func TestListModuleProgress(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		// Ensure every module a learner opened is listed by id, with only their own progress.
		st := mustOpen(t)
		clk := setClock(t, st)
		ada := mustCreateUser(t, st, "ada@example.com")
		grace := mustCreateUser(t, st, "grace@example.com")
		if err := st.StartModule(ctx, ada.ID, "m1"); err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Hour)
		if err := st.StartModule(ctx, ada.ID, "m2"); err != nil {
			t.Fatal(err)
		}
		if err := st.CompleteModule(ctx, ada.ID, "m1"); err != nil {
			t.Fatal(err)
		}
		if err := st.StartModule(ctx, grace.ID, "m3"); err != nil {
			t.Fatal(err)
		}

		got, err := st.ListModuleProgress(ctx, ada.ID)
		if err != nil {
			t.Fatal(err)
		}
		later := t0.Add(time.Hour)
		want := map[string]store.ModuleProgress{
			"m1": {ModuleID: "m1", StartedAt: t0, CompletedAt: later},
			"m2": {ModuleID: "m2", StartedAt: later},
		}
		if len(got) != len(want) {
			t.Errorf("got %v, want %v", got, want)
		}
		for id, w := range want {
			g := got[id]
			if g.ModuleID != w.ModuleID || !g.StartedAt.Equal(w.StartedAt) || !g.CompletedAt.Equal(w.CompletedAt) {
				t.Errorf("progress %s = %+v, want %+v", id, g, w)
			}
		}
	})

	t.Run("None", func(t *testing.T) {
		// Ensure a learner who has opened nothing gets an empty map.
		st := mustOpen(t)
		u := mustCreateUser(t, st, "ada@example.com")
		got, err := st.ListModuleProgress(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 0 {
			t.Errorf("got %v, want none", got)
		}
	})
}
