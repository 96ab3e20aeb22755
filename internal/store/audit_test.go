package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/redpen-social/redpen/internal/store"
)

func TestAudit(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		// Ensure entries come back newest first, with the actor's name, and page by id.
		st := mustOpen(t)
		admin := mustCreateUser(t, st, "admin@example.ac.uk")
		for _, subject := range []string{"first", "second", "third"} {
			if err := st.Audit(ctx, admin, store.AuditViewAttempt, subject, ""); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.Audit(ctx, store.User{}, store.AuditCreateUser, "cli", ""); err != nil {
			t.Fatal(err)
		}
		got, err := st.ListAudit(ctx, 0, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Subject != "cli" || got[0].ActorName != "command line" || got[1].Subject != "third" || got[1].ActorName != admin.Name {
			t.Fatalf("newest two = %+v", got)
		}
		older, err := st.ListAudit(ctx, got[1].ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(older) != 2 || older[0].Subject != "second" || older[1].Subject != "first" {
			t.Fatalf("older = %+v", older)
		}
	})
	t.Run("SurvivesDeletion", func(t *testing.T) {
		// Ensure the trail keeps the actor's name after their account is deleted.
		st := mustOpen(t)
		edu := mustCreateUser(t, st, "edu@example.ac.uk")
		if err := st.Audit(ctx, edu, store.AuditViewAttempt, "attempt 1", ""); err != nil {
			t.Fatal(err)
		}
		if _, err := st.DB().Exec(`DELETE FROM users WHERE id = ?`, edu.ID); err != nil {
			t.Fatal(err)
		}
		got, err := st.ListAudit(ctx, 0, 10)
		if err != nil || len(got) != 1 || got[0].ActorName != edu.Name {
			t.Fatalf("after deletion: %+v, %v", got, err)
		}
	})
}

func TestUpdateRole(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	admin := mustCreateUser(t, st, "admin@example.ac.uk")
	u := mustCreateUser(t, st, "sam@example.ac.uk")
	t.Run("OK", func(t *testing.T) {
		// Ensure the role changes and the change is audited in the same step.
		if err := st.UpdateRole(ctx, admin, u.ID, store.RoleEducator); err != nil {
			t.Fatal(err)
		}
		got, err := st.FindUser(ctx, u.ID)
		if err != nil || got.Role != store.RoleEducator {
			t.Fatalf("role = %q, %v", got.Role, err)
		}
		log, _ := st.ListAudit(ctx, 0, 1)
		if len(log) != 1 || log[0].Action != store.AuditChangeRole || log[0].Detail != "learner → educator" {
			t.Fatalf("audit = %+v", log)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if err := st.UpdateRole(ctx, admin, 9999, store.RoleAdmin); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("UnknownRole", func(t *testing.T) {
		if err := st.UpdateRole(ctx, admin, u.ID, "root"); err == nil {
			t.Fatal("accepted role root")
		}
	})
}
