package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/redpen-social/redpen/internal/store"
)

// mustCreateSession signs a user in and returns the cookie secret.
func mustCreateSession(tb testing.TB, st *store.Store, userID int64) string {
	tb.Helper()
	secret, err := st.CreateSession(context.Background(), userID)
	if err != nil {
		tb.Fatalf("create session: %v", err)
	}
	return secret
}

func TestCreateSession(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		// Ensure each sign-in gets its own secret and each secret finds the user.
		st := mustOpen(t)
		u := mustCreateUser(t, st, "ada@example.com")
		seen := map[string]bool{}
		for range 5 {
			s := mustCreateSession(t, st, u.ID)
			if len(s) < 40 {
				t.Errorf("secret %q is too short to hold 256 bits", s)
			}
			if seen[s] {
				t.Errorf("secret %q returned twice", s)
			}
			seen[s] = true
			got, err := st.FindSessionUser(ctx, s)
			if err != nil {
				t.Fatal(err)
			}
			if got != u {
				t.Errorf("FindSessionUser = %+v, want %+v", got, u)
			}
		}
	})

	t.Run("StoresOnlyHash", func(t *testing.T) {
		// Ensure the database holds a hash of the secret, and the hash does not work as one.
		st := mustOpen(t)
		u := mustCreateUser(t, st, "ada@example.com")
		secret := mustCreateSession(t, st, u.ID)
		var hash string
		if err := st.DB().QueryRow(`SELECT token_hash FROM sessions WHERE user_id = ?`, u.ID).Scan(&hash); err != nil {
			t.Fatal(err)
		}
		if hash == "" || hash == secret || strings.Contains(hash, secret) {
			t.Errorf("token_hash = %q for secret %q, want a hash of it", hash, secret)
		}
		if n := count(t, st, `SELECT COUNT(*) FROM sessions WHERE token_hash = ?`, secret); n != 0 {
			t.Errorf("rows holding the raw secret = %d, want 0", n)
		}
		if _, err := st.FindSessionUser(ctx, hash); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("FindSessionUser(stored hash) error = %v, want ErrNotFound", err)
		}
	})

	t.Run("PrunesExpired", func(t *testing.T) {
		// Ensure signing in clears sessions that have already expired, and only those.
		st := mustOpen(t)
		clk := setClock(t, st)
		u := mustCreateUser(t, st, "ada@example.com")
		mustCreateSession(t, st, u.ID)
		clk.Advance(store.SessionLifetime / 2)
		live := mustCreateSession(t, st, u.ID)
		clk.Advance(store.SessionLifetime/2 + time.Second)
		mustCreateSession(t, st, u.ID)
		if n := count(t, st, `SELECT COUNT(*) FROM sessions`); n != 2 {
			t.Errorf("sessions = %d, want 2 (the expired one removed)", n)
		}
		if _, err := st.FindSessionUser(ctx, live); err != nil {
			t.Errorf("live session: %v", err)
		}
	})
}

func TestFindSessionUser(t *testing.T) {
	ctx := context.Background()

	t.Run("ErrNotFound", func(t *testing.T) {
		// Ensure an unknown secret is ErrNotFound.
		st := mustOpen(t)
		u := mustCreateUser(t, st, "ada@example.com")
		mustCreateSession(t, st, u.ID)
		for _, s := range []string{"", "nope", store.NewSecret()} {
			if _, err := st.FindSessionUser(ctx, s); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("FindSessionUser(%q) error = %v, want ErrNotFound", s, err)
			}
		}
	})

	t.Run("Expiry", func(t *testing.T) {
		// Ensure a session works until its lifetime is up and not after.
		tests := []struct {
			name  string
			after time.Duration
			ok    bool
		}{
			{"Fresh", 0, true},
			{"JustBefore", store.SessionLifetime - time.Second, true},
			{"AtExpiry", store.SessionLifetime, false},
			{"Expired", store.SessionLifetime + time.Second, false},
			{"LongGone", 365 * 24 * time.Hour, false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				st := mustOpen(t)
				clk := setClock(t, st)
				u := mustCreateUser(t, st, "ada@example.com")
				secret := mustCreateSession(t, st, u.ID)
				clk.Advance(tt.after)
				got, err := st.FindSessionUser(ctx, secret)
				if tt.ok && (err != nil || got.ID != u.ID) {
					t.Errorf("after %v: %+v, %v; want the user", tt.after, got, err)
				}
				if !tt.ok && !errors.Is(err, store.ErrNotFound) {
					t.Errorf("after %v: error = %v, want ErrNotFound", tt.after, err)
				}
			})
		}
	})
}

func TestDeleteSession(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		// Ensure signing out ends that session only.
		st := mustOpen(t)
		u := mustCreateUser(t, st, "ada@example.com")
		out := mustCreateSession(t, st, u.ID)
		other := mustCreateSession(t, st, u.ID)
		if err := st.DeleteSession(ctx, out); err != nil {
			t.Fatal(err)
		}
		if _, err := st.FindSessionUser(ctx, out); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("signed-out session: error = %v, want ErrNotFound", err)
		}
		if _, err := st.FindSessionUser(ctx, other); err != nil {
			t.Errorf("other session: %v", err)
		}
	})

	t.Run("Missing", func(t *testing.T) {
		// Ensure signing out an unknown or already-ended session is not an error.
		st := mustOpen(t)
		u := mustCreateUser(t, st, "ada@example.com")
		s := mustCreateSession(t, st, u.ID)
		for range 2 {
			if err := st.DeleteSession(ctx, s); err != nil {
				t.Errorf("DeleteSession: %v", err)
			}
		}
		if err := st.DeleteSession(ctx, "never-issued"); err != nil {
			t.Errorf("DeleteSession(unknown): %v", err)
		}
	})
}
