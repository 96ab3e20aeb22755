package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/redpen-social/redpen/internal/store"
)

// mustCreateEducator adds an educator with the given email.
func mustCreateEducator(tb testing.TB, st *store.Store, email string) store.User {
	tb.Helper()
	u, err := st.CreateUser(context.Background(), store.User{Email: email, Name: "Educator " + email, Role: store.RoleEducator, PasswordHash: "hash"})
	if err != nil {
		tb.Fatalf("create educator %s: %v", email, err)
	}
	return u
}

// mustCreateCohort creates a cohort run by educatorID.
func mustCreateCohort(tb testing.TB, st *store.Store, name string, educatorID int64) store.Cohort {
	tb.Helper()
	c, err := st.CreateCohort(context.Background(), name, educatorID)
	if err != nil {
		tb.Fatalf("create cohort: %v", err)
	}
	return c
}

func TestNewJoinCode(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		code, err := store.NewJoinCode()
		if err != nil {
			t.Fatal(err)
		}
		if len(code) != store.JoinCodeLength || len(code) < 8 {
			t.Fatalf("code %q has length %d", code, len(code))
		}
		for _, r := range code {
			if !strings.ContainsRune(store.JoinCodeAlphabet, r) {
				t.Fatalf("code %q has %q, outside the alphabet", code, r)
			}
		}
		if seen[code] {
			t.Fatalf("code %q drawn twice in 200", code)
		}
		seen[code] = true
	}
	for _, confusable := range "0O1IL5S8B2ZUV" {
		if strings.ContainsRune(store.JoinCodeAlphabet, confusable) {
			t.Errorf("alphabet holds the confusable %q", confusable)
		}
	}
	if got := store.NormaliseJoinCode(" acde-fg hjk "); got != "ACDEFGHJK" {
		t.Errorf("NormaliseJoinCode = %q", got)
	}
}

func TestCohortLifecycle(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	setClock(t, st)
	ed := mustCreateEducator(t, st, "ed@example.ac.uk")
	other := mustCreateEducator(t, st, "other@example.ac.uk")
	learner := mustCreateUser(t, st, "sam@example.ac.uk")
	c := mustCreateCohort(t, st, "Year 2", ed.ID)

	t.Run("CreatorIsEducator", func(t *testing.T) {
		// Ensure the creator runs the cohort and only they see it in their list.
		if role, err := st.MemberRole(ctx, c.ID, ed.ID); err != nil || role != store.MemberEducator {
			t.Fatalf("role = %q, %v", role, err)
		}
		mine, _ := st.ListCohorts(ctx, ed.ID, false)
		theirs, _ := st.ListCohorts(ctx, other.ID, false)
		all, _ := st.ListCohorts(ctx, other.ID, true)
		if len(mine) != 1 || len(theirs) != 0 || len(all) != 1 {
			t.Fatalf("mine %d, theirs %d, all %d cohorts", len(mine), len(theirs), len(all))
		}
	})
	t.Run("JoinTwice", func(t *testing.T) {
		// Ensure joining by code twice adds the learner once.
		found, err := st.FindCohortByCode(ctx, strings.ToLower(c.JoinCode[:4])+"-"+c.JoinCode[4:])
		if err != nil || found.ID != c.ID {
			t.Fatalf("find by code: %v, %v", found, err)
		}
		for i, want := range []bool{true, false} {
			added, err := st.JoinCohort(ctx, c.ID, learner.ID)
			if err != nil || added != want {
				t.Fatalf("join %d: added %v, %v; want %v", i, added, err, want)
			}
		}
		list, _ := st.ListCohorts(ctx, ed.ID, false)
		if list[0].Learners != 1 {
			t.Fatalf("learners = %d, want 1", list[0].Learners)
		}
		// An educator of the cohort who uses the code stays an educator.
		if _, err := st.JoinCohort(ctx, c.ID, ed.ID); err != nil {
			t.Fatal(err)
		}
		if role, _ := st.MemberRole(ctx, c.ID, ed.ID); role != store.MemberEducator {
			t.Fatalf("educator became %q", role)
		}
	})
	t.Run("RenameArchive", func(t *testing.T) {
		// Ensure rename and archive change the cohort and an archived code stops working.
		if err := st.RenameCohort(ctx, c.ID, "Year 2 (2026)"); err != nil {
			t.Fatal(err)
		}
		if err := st.ArchiveCohort(ctx, c.ID, true); err != nil {
			t.Fatal(err)
		}
		got, _ := st.FindCohort(ctx, c.ID)
		if got.Name != "Year 2 (2026)" || !got.Archived() {
			t.Fatalf("cohort = %+v", got)
		}
		if _, err := st.FindCohortByCode(ctx, c.JoinCode); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("archived code: %v, want ErrNotFound", err)
		}
		if err := st.ArchiveCohort(ctx, c.ID, false); err != nil {
			t.Fatal(err)
		}
		if err := st.RenameCohort(ctx, 9999, "x"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("rename missing: %v", err)
		}
	})
	t.Run("CoEducatorAndRemoval", func(t *testing.T) {
		// Ensure a co-educator sees the cohort, and removing a learner keeps their attempts.
		if err := st.AddEducator(ctx, c.ID, other.ID); err != nil {
			t.Fatal(err)
		}
		if theirs, _ := st.ListCohorts(ctx, other.ID, false); len(theirs) != 1 {
			t.Fatalf("co-educator sees %d cohorts", len(theirs))
		}
		a, _ := st.OpenDraft(ctx, learner.ID, "case")
		if err := st.RemoveLearner(ctx, c.ID, other.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("removing an educator as a learner: %v", err)
		}
		if err := st.RemoveLearner(ctx, c.ID, learner.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := st.MemberRole(ctx, c.ID, learner.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("removed learner still a member: %v", err)
		}
		if _, err := st.FindAttempt(ctx, a.ID); err != nil {
			t.Fatalf("removed learner's attempt: %v", err)
		}
		members, _ := st.ListMembers(ctx, c.ID)
		if len(members) != 2 || members[0].Role != store.MemberEducator {
			t.Fatalf("members = %+v", members)
		}
	})
}

func TestAssignments(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	clk := setClock(t, st)
	ed := mustCreateEducator(t, st, "ed@example.ac.uk")
	learner := mustCreateUser(t, st, "sam@example.ac.uk")
	outsider := mustCreateUser(t, st, "kim@example.ac.uk")
	c := mustCreateCohort(t, st, "Year 2", ed.ID)
	if _, err := st.JoinCohort(ctx, c.ID, learner.ID); err != nil {
		t.Fatal(err)
	}
	due := t0.Add(48 * time.Hour)
	a, err := st.CreateAssignment(ctx, store.Assignment{CohortID: c.ID, Kind: store.KindScenario, ItemID: "case", DueAt: due, FeedbackPolicy: store.PolicyAfterDue})
	if err != nil {
		t.Fatal(err)
	}
	if !a.DueAt.Equal(due) || a.FeedbackPolicy != store.PolicyAfterDue || !a.KeyHeldBack(t0) {
		t.Fatalf("assignment = %+v", a)
	}
	if _, err := st.CreateAssignment(ctx, store.Assignment{CohortID: c.ID, Kind: store.KindScenario, ItemID: "case"}); !errors.Is(err, store.ErrAlreadyAssigned) {
		t.Fatalf("second assignment: %v", err)
	}
	if _, err := st.CreateAssignment(ctx, store.Assignment{CohortID: c.ID, Kind: store.KindModule, ItemID: "m", FeedbackPolicy: store.PolicyAfterDue}); err == nil {
		t.Fatal("an after-due assignment without a due date was stored")
	}

	t.Run("KeyHeldUntilDue", func(t *testing.T) {
		// Ensure the key is held back from the cohort's learners until the due date only.
		if until, _ := st.KeyHeldUntil(ctx, learner.ID, "case"); !until.Equal(due) {
			t.Fatalf("until = %v, want %v", until, due)
		}
		if until, _ := st.KeyHeldUntil(ctx, outsider.ID, "case"); !until.IsZero() {
			t.Fatalf("outsider held until %v", until)
		}
		if until, _ := st.KeyHeldUntil(ctx, learner.ID, "other-case"); !until.IsZero() {
			t.Fatalf("other case held until %v", until)
		}
		clk.Advance(49 * time.Hour)
		if until, _ := st.KeyHeldUntil(ctx, learner.ID, "case"); !until.IsZero() {
			t.Fatalf("after the due date held until %v", until)
		}
	})
	t.Run("LearnerSeesAssignments", func(t *testing.T) {
		// Ensure learners see their cohorts' assignments and outsiders see none.
		las, _ := st.ListLearnerAssignments(ctx, learner.ID)
		if len(las) != 1 || las[0].CohortName != "Year 2" || las[0].ItemID != "case" {
			t.Fatalf("learner assignments = %+v", las)
		}
		if las, _ := st.ListLearnerAssignments(ctx, outsider.ID); len(las) != 0 {
			t.Fatalf("outsider assignments = %+v", las)
		}
	})
	t.Run("Delete", func(t *testing.T) {
		// Ensure an assignment is deleted only through its own cohort.
		other := mustCreateCohort(t, st, "Other", ed.ID)
		if err := st.DeleteAssignment(ctx, other.ID, a.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("delete through another cohort: %v", err)
		}
		if err := st.DeleteAssignment(ctx, c.ID, a.ID); err != nil {
			t.Fatal(err)
		}
		if list, _ := st.ListAssignments(ctx, c.ID); len(list) != 0 {
			t.Fatalf("assignments left: %+v", list)
		}
	})
}
