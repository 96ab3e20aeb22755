package store_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redpen-social/redpen/internal/store"
)

// mustSubmitWith submits a draft with a score and a result body.
func mustSubmitWith(tb testing.TB, st *store.Store, attemptID int64, score float64, result string) {
	tb.Helper()
	if err := st.SubmitAttempt(context.Background(), attemptID, score, []byte(result)); err != nil {
		tb.Fatalf("submit attempt %d: %v", attemptID, err)
	}
}

// fillAccount gives a user one of everything a learner can have.
func fillAccount(t *testing.T, st *store.Store, u store.User, cohorts ...store.Cohort) {
	t.Helper()
	ctx := context.Background()
	mustCreateSession(t, st, u.ID)
	if _, _, err := st.CreateToken(ctx, u.ID, "notebook"); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveQuizAnswer(ctx, u.ID, "m1", store.QuizAnswer{QuizID: "q1", Choices: []int{1}, Correct: true}, true); err != nil {
		t.Fatal(err)
	}
	a := mustOpenDraft(t, st, u.ID, "s1")
	mustAddFlag(t, st, a.ID)
	mustSubmitWith(t, st, a.ID, 0.75, `{"score":0.75,"flaws":[{"id":"f1","category":"omission","outcome":"found"}]}`)
	if err := st.SaveReflection(ctx, a.ID, "secret reflection"); err != nil {
		t.Fatal(err)
	}
	mustAddFlag(t, st, mustOpenDraft(t, st, u.ID, "s2").ID) // a draft: exported and deleted, never kept
	if _, err := st.CreateCPDEntry(ctx, store.CPDEntry{UserID: u.ID, ActivityType: "other", Title: "Reading", Date: day("2026-02-01")}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.IssueCertificate(ctx, u.ID, "c1", "Course one", t0); err != nil {
		t.Fatal(err)
	}
	for _, c := range cohorts {
		if _, err := st.JoinCohort(ctx, c.ID, u.ID); err != nil {
			t.Fatal(err)
		}
	}
}

func TestDeleteAccount(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	teacher := mustCreateEducator(t, st, "teacher@example.com")
	c1 := mustCreateCohort(t, st, "Year 2", teacher.ID)
	c2 := mustCreateCohort(t, st, "Placement group", teacher.ID)
	ada := mustCreateUser(t, st, "ada@example.com")
	grace := mustCreateUser(t, st, "grace@example.com")
	lone := mustCreateUser(t, st, "lone@example.com")
	fillAccount(t, st, ada, c1, c2)
	fillAccount(t, st, grace, c1)
	fillAccount(t, st, lone)

	d, err := st.DeleteAccount(ctx, ada.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := store.Deletion{Modules: 1, QuizAnswers: 1, Attempts: 2, Flags: 2, CPDEntries: 1, Certificates: 1, Tokens: 1, Cohorts: 2, Anonymous: 2}
	if d != want {
		t.Errorf("deletion = %+v, want %+v", d, want)
	}

	// Ensure nothing of Ada's remains in any table, and everything of Grace's does.
	tables := []string{"sessions", "api_tokens", "module_progress", "quiz_answers", "attempts", "cpd_entries", "cpd_imports", "certificates", "cohort_members"}
	for _, tb := range tables {
		if n := count(t, st, `SELECT COUNT(*) FROM `+tb+` WHERE user_id = ?`, ada.ID); n != 0 {
			t.Errorf("%s: %d rows of the deleted user", tb, n)
		}
	}
	if n := count(t, st, `SELECT COUNT(*) FROM users WHERE id = ? OR email = ?`, ada.ID, ada.Email); n != 0 {
		t.Errorf("users: %d rows for the deleted user", n)
	}
	for _, tb := range []string{"attempts", "cpd_entries", "certificates", "cohort_members"} {
		if n := count(t, st, `SELECT COUNT(*) FROM `+tb+` WHERE user_id = ?`, grace.ID); n == 0 {
			t.Errorf("%s: the other user's rows were deleted", tb)
		}
	}

	// Ensure one anonymous result per cohort Ada was a learner in, holding no text.
	for _, c := range []store.Cohort{c1, c2} {
		if n := count(t, st, `SELECT COUNT(*) FROM anonymous_results WHERE cohort_id = ? AND scenario_id = 's1' AND score = 0.75`, c.ID); n != 1 {
			t.Errorf("cohort %d: %d anonymous results, want 1", c.ID, n)
		}
	}
	rows, err := st.DB().Query(`SELECT result FROM anonymous_results`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var result string
		if err := rows.Scan(&result); err != nil {
			t.Fatal(err)
		}
		for _, text := range []string{"secret reflection", "why", "quoted", ada.Email, ada.Name} {
			if strings.Contains(result, text) {
				t.Errorf("anonymous result %s contains %q", result, text)
			}
		}
	}

	t.Run("NoCohort", func(t *testing.T) {
		// Ensure a learner in no cohort leaves one result with no cohort.
		if _, err := st.DeleteAccount(ctx, lone.ID); err != nil {
			t.Fatal(err)
		}
		if n := count(t, st, `SELECT COUNT(*) FROM anonymous_results WHERE cohort_id IS NULL`); n != 1 {
			t.Errorf("%d results without a cohort, want 1", n)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		// Ensure deleting twice is ErrNotFound and keeps nothing more.
		before := count(t, st, `SELECT COUNT(*) FROM anonymous_results`)
		if _, err := st.DeleteAccount(ctx, ada.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("second delete: %v, want ErrNotFound", err)
		}
		if n := count(t, st, `SELECT COUNT(*) FROM anonymous_results`); n != before {
			t.Errorf("anonymous results %d, want %d", n, before)
		}
	})

	t.Run("ErrLastAdmin", func(t *testing.T) {
		// Ensure the only admin cannot delete their account, and a second admin lets them.
		admin, err := st.CreateUser(ctx, store.User{Email: "admin@example.com", Name: "Admin", Role: store.RoleAdmin, PasswordHash: "h"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.DeleteAccount(ctx, admin.ID); !errors.Is(err, store.ErrLastAdmin) {
			t.Fatalf("deleting the only admin: %v, want ErrLastAdmin", err)
		}
		if _, err := st.CreateUser(ctx, store.User{Email: "admin2@example.com", Name: "Admin 2", Role: store.RoleAdmin, PasswordHash: "h"}); err != nil {
			t.Fatal(err)
		}
		if _, err := st.DeleteAccount(ctx, admin.ID); err != nil {
			t.Errorf("deleting one of two admins: %v", err)
		}
	})
}

func TestExportAccount(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	teacher := mustCreateEducator(t, st, "teacher@example.com")
	cohort := mustCreateCohort(t, st, "Year 2", teacher.ID)
	ada := mustCreateUser(t, st, "ada@example.com")
	grace := mustCreateUser(t, st, "grace@example.com")
	fillAccount(t, st, ada, cohort)
	fillAccount(t, st, grace)

	d, err := st.ExportAccount(ctx, ada.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Ensure everything of Ada's is there, nothing of Grace's, and no password hash.
	if d.User.Email != ada.Email || d.User.PasswordHash != "" {
		t.Errorf("user = %+v", d.User)
	}
	if len(d.Modules) != 1 || len(d.QuizAnswers) != 1 || len(d.CPDEntries) != 1 || len(d.Certificates) != 1 || len(d.Tokens) != 1 {
		t.Errorf("modules %d, answers %d, cpd %d, certificates %d, tokens %d; want 1 each",
			len(d.Modules), len(d.QuizAnswers), len(d.CPDEntries), len(d.Certificates), len(d.Tokens))
	}
	if len(d.Attempts) != 2 || d.Attempts[0].Reflection != "secret reflection" || len(d.Attempts[0].Flags) != 1 || len(d.Attempts[1].Flags) != 1 {
		t.Errorf("attempts = %+v", d.Attempts)
	}
	if len(d.Cohorts) != 1 || d.Cohorts[0].Name != "Year 2" || d.Cohorts[0].Role != "learner" {
		t.Errorf("cohorts = %+v", d.Cohorts)
	}
	for _, a := range d.Attempts {
		if a.UserID != ada.ID {
			t.Errorf("attempt %d belongs to user %d", a.ID, a.UserID)
		}
	}
	if _, err := st.ExportAccount(ctx, 9999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown user: %v, want ErrNotFound", err)
	}
}

func TestDeleteAccountLeavesNoTrace(t *testing.T) {
	// Ensure the deleted user's words are gone from the database files themselves, not just
	// from query results: secure_delete zeroes them and the log is truncated.
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "db")
	st := mustOpenPath(t, path)
	ada := mustCreateUser(t, st, "ada.unmistakable@example.com")
	grace := mustCreateUser(t, st, "grace@example.com")
	fillAccount(t, st, ada)
	fillAccount(t, st, grace)
	files := func() []byte {
		var all []byte
		for _, p := range []string{path, path + "-wal"} {
			b, err := os.ReadFile(p)
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			all = append(all, b...)
		}
		return all
	}
	if !bytes.Contains(files(), []byte(ada.Email)) {
		t.Fatal("setup: the email is not in the database files")
	}
	if _, err := st.DeleteAccount(ctx, ada.ID); err != nil {
		t.Fatal(err)
	}
	raw := files()
	for _, text := range []string{ada.Email, ada.Name} {
		if bytes.Contains(raw, []byte(text)) {
			t.Errorf("the database files still hold %q", text)
		}
	}
	if !bytes.Contains(raw, []byte(grace.Email)) {
		t.Error("the other user's email is gone from the files")
	}
}
