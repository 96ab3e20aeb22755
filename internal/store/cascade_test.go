package store_test

import (
	"context"
	"testing"

	"github.com/redpen-social/redpen/internal/store"
)

func TestDeleteUserCascades(t *testing.T) {
	// Ensure deleting a user removes everything of theirs and nothing of anyone else's.
	ctx := context.Background()
	st := mustOpen(t)
	ada := mustCreateUser(t, st, "ada@example.com")
	grace := mustCreateUser(t, st, "grace@example.com")

	for _, u := range []store.User{ada, grace} {
		mustCreateSession(t, st, u.ID)
		if _, _, err := st.CreateToken(ctx, u.ID, "cli"); err != nil {
			t.Fatal(err)
		}
		if err := st.StartModule(ctx, u.ID, "m1"); err != nil {
			t.Fatal(err)
		}
		if err := st.SaveQuizAnswer(ctx, u.ID, "m1", store.QuizAnswer{QuizID: "q1", Choices: []int{1}, Correct: true}, true); err != nil {
			t.Fatal(err)
		}
		submitted := mustOpenDraft(t, st, u.ID, "s1")
		mustAddFlag(t, st, submitted.ID)
		mustSubmit(t, st, submitted.ID)
		draft := mustOpenDraft(t, st, u.ID, "s1")
		mustAddFlag(t, st, draft.ID)
		mustAddFlag(t, st, draft.ID)
	}

	tables := []struct{ name, query string }{
		{"users", `SELECT COUNT(*) FROM users WHERE id = ?`},
		{"sessions", `SELECT COUNT(*) FROM sessions WHERE user_id = ?`},
		{"api_tokens", `SELECT COUNT(*) FROM api_tokens WHERE user_id = ?`},
		{"module_progress", `SELECT COUNT(*) FROM module_progress WHERE user_id = ?`},
		{"quiz_answers", `SELECT COUNT(*) FROM quiz_answers WHERE user_id = ?`},
		{"attempts", `SELECT COUNT(*) FROM attempts WHERE user_id = ?`},
		{"flags", `SELECT COUNT(*) FROM flags WHERE attempt_id NOT IN (SELECT id FROM attempts WHERE user_id <> ?)`},
	}
	before := map[string]int{}
	for _, tb := range tables {
		before[tb.name] = count(t, st, tb.query, grace.ID)
		if n := count(t, st, tb.query, ada.ID); n == 0 {
			t.Fatalf("setup: no %s rows for the user to delete", tb.name)
		}
	}

	if _, err := st.DB().ExecContext(ctx, `DELETE FROM users WHERE id = ?`, ada.ID); err != nil {
		t.Fatal(err)
	}
	for _, tb := range tables {
		if n := count(t, st, tb.query, ada.ID); n != 0 {
			t.Errorf("%s: %d rows left for the deleted user, want 0", tb.name, n)
		}
		if n := count(t, st, tb.query, grace.ID); n != before[tb.name] {
			t.Errorf("%s: other user's rows = %d, want %d", tb.name, n, before[tb.name])
		}
	}
}
