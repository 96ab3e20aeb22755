package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/redpen-social/redpen/internal/store"
)

func TestCreateUser(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		// Ensure a user is stored with a normalised email and the store's clock time.
		st := mustOpen(t)
		setClock(t, st)
		u, err := st.CreateUser(ctx, store.User{Email: "  Ada@Example.COM ", Name: "Ada", Role: store.RoleEducator, PasswordHash: "h1"})
		if err != nil {
			t.Fatal(err)
		}
		if u.ID == 0 {
			t.Error("ID = 0, want the new row id")
		}
		if u.Email != "ada@example.com" {
			t.Errorf("Email = %q, want ada@example.com", u.Email)
		}
		if !u.CreatedAt.Equal(t0) {
			t.Errorf("CreatedAt = %v, want %v", u.CreatedAt, t0)
		}
		got, err := st.FindUser(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got != u {
			t.Errorf("FindUser = %+v, want %+v", got, u)
		}
	})

	t.Run("Roles", func(t *testing.T) {
		// Ensure each known role is accepted and anything else is refused without a row.
		tests := []struct {
			role string
			ok   bool
		}{
			{store.RoleLearner, true},
			{store.RoleEducator, true},
			{store.RoleAdmin, true},
			{"", false},
			{"Admin", false},
			{"root", false},
			{"teacher", false},
		}
		for _, tt := range tests {
			name := tt.role
			if name == "" {
				name = "Empty"
			}
			t.Run(name, func(t *testing.T) {
				st := mustOpen(t)
				_, err := st.CreateUser(ctx, store.User{Email: "x@example.com", Name: "X", Role: tt.role, PasswordHash: "h"})
				if tt.ok && err != nil {
					t.Fatalf("role %q: %v", tt.role, err)
				}
				if !tt.ok {
					if err == nil {
						t.Fatalf("role %q accepted, want an error", tt.role)
					}
					if errors.Is(err, store.ErrDuplicateEmail) {
						t.Errorf("role %q: got ErrDuplicateEmail, want an unknown-role error", tt.role)
					}
				}
				want := 0
				if tt.ok {
					want = 1
				}
				if n := count(t, st, `SELECT COUNT(*) FROM users`); n != want {
					t.Errorf("users = %d, want %d", n, want)
				}
			})
		}
	})

	t.Run("ErrDuplicateEmail", func(t *testing.T) {
		// Ensure an email already taken is refused however it is cased or padded.
		tests := []struct{ name, email string }{
			{"Same", "ada@example.com"},
			{"Case", "ADA@Example.Com"},
			{"Spaces", "\tada@example.com  "},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				st := mustOpen(t)
				mustCreateUser(t, st, "ada@example.com")
				_, err := st.CreateUser(ctx, store.User{Email: tt.email, Name: "Other", Role: store.RoleLearner, PasswordHash: "h"})
				if !errors.Is(err, store.ErrDuplicateEmail) {
					t.Errorf("CreateUser(%q) error = %v, want ErrDuplicateEmail", tt.email, err)
				}
				if n := count(t, st, `SELECT COUNT(*) FROM users`); n != 1 {
					t.Errorf("users = %d, want 1", n)
				}
			})
		}
	})
}

func TestFindUser(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	u := mustCreateUser(t, st, "ada@example.com")

	t.Run("OK", func(t *testing.T) {
		// Ensure a user is found by id.
		got, err := st.FindUser(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got != u {
			t.Errorf("FindUser = %+v, want %+v", got, u)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		// Ensure a missing id is ErrNotFound, not an empty user.
		if _, err := st.FindUser(ctx, u.ID+1); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("error = %v, want ErrNotFound", err)
		}
	})
}

func TestFindUserByEmail(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	u := mustCreateUser(t, st, "ada@example.com")
	mustCreateUser(t, st, "grace@example.com")

	t.Run("OK", func(t *testing.T) {
		// Ensure lookups ignore case and surrounding space.
		for _, email := range []string{"ada@example.com", "ADA@EXAMPLE.COM", "Ada@Example.com", "  ada@example.com\n"} {
			got, err := st.FindUserByEmail(ctx, email)
			if err != nil {
				t.Errorf("FindUserByEmail(%q): %v", email, err)
				continue
			}
			if got != u {
				t.Errorf("FindUserByEmail(%q) = %+v, want %+v", email, got, u)
			}
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		// Ensure an unknown email is ErrNotFound.
		for _, email := range []string{"nobody@example.com", "", "ada@example"} {
			if _, err := st.FindUserByEmail(ctx, email); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("FindUserByEmail(%q) error = %v, want ErrNotFound", email, err)
			}
		}
	})
}

func TestUpdatePassword(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		// Ensure the hash changes and the user's sessions end, while others' sessions stay.
		st := mustOpen(t)
		ada := mustCreateUser(t, st, "ada@example.com")
		grace := mustCreateUser(t, st, "grace@example.com")
		adaSecrets := []string{mustCreateSession(t, st, ada.ID), mustCreateSession(t, st, ada.ID)}
		graceSecret := mustCreateSession(t, st, grace.ID)

		if err := st.UpdatePassword(ctx, ada.ID, "new-hash"); err != nil {
			t.Fatal(err)
		}
		got, err := st.FindUser(ctx, ada.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.PasswordHash != "new-hash" {
			t.Errorf("PasswordHash = %q, want new-hash", got.PasswordHash)
		}
		for _, s := range adaSecrets {
			if _, err := st.FindSessionUser(ctx, s); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("old session after password change: error = %v, want ErrNotFound", err)
			}
		}
		if n := count(t, st, `SELECT COUNT(*) FROM sessions WHERE user_id = ?`, ada.ID); n != 0 {
			t.Errorf("sessions left for the user = %d, want 0", n)
		}
		if u, err := st.FindSessionUser(ctx, graceSecret); err != nil || u.ID != grace.ID {
			t.Errorf("another user's session = %+v, %v; want it kept", u, err)
		}
		if other, _ := st.FindUser(ctx, grace.ID); other.PasswordHash != "hash" {
			t.Errorf("another user's hash = %q, want unchanged", other.PasswordHash)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		// Ensure a missing user is ErrNotFound.
		st := mustOpen(t)
		if err := st.UpdatePassword(ctx, 42, "h"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("error = %v, want ErrNotFound", err)
		}
	})
}
