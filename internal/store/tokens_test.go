package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/redpen-social/redpen/internal/store"
)

// mustCreateToken makes a token and returns its secret and record.
func mustCreateToken(tb testing.TB, st *store.Store, userID int64, name string) (string, store.Token) {
	tb.Helper()
	secret, tok, err := st.CreateToken(context.Background(), userID, name)
	if err != nil {
		tb.Fatalf("create token: %v", err)
	}
	return secret, tok
}

func mustListTokens(tb testing.TB, st *store.Store, userID int64) []store.Token {
	tb.Helper()
	toks, err := st.ListTokens(context.Background(), userID)
	if err != nil {
		tb.Fatal(err)
	}
	return toks
}

func TestCreateToken(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		// Ensure a token has the recognisable prefix, a fresh secret, and only its hash stored.
		st := mustOpen(t)
		setClock(t, st)
		u := mustCreateUser(t, st, "ada@example.com")
		s1, tok := mustCreateToken(t, st, u.ID, "laptop")
		s2, _ := mustCreateToken(t, st, u.ID, "laptop")
		for _, s := range []string{s1, s2} {
			if !strings.HasPrefix(s, store.TokenPrefix) || !strings.HasPrefix(s, "rp_") || len(s) < 40 {
				t.Errorf("secret %q, want rp_ and 256 random bits", s)
			}
		}
		if s1 == s2 {
			t.Errorf("two tokens share the secret %q", s1)
		}
		want := store.Token{ID: tok.ID, UserID: u.ID, Name: "laptop", CreatedAt: t0}
		if tok.ID == 0 || tok != want || !tok.Active() {
			t.Errorf("token = %+v, want %+v", tok, want)
		}
		if n := count(t, st, `SELECT COUNT(*) FROM api_tokens WHERE token_hash IN (?, ?)`, s1, s2); n != 0 {
			t.Errorf("rows holding a raw secret = %d, want 0", n)
		}
		var hash string
		if err := st.DB().QueryRow(`SELECT token_hash FROM api_tokens WHERE id = ?`, tok.ID).Scan(&hash); err != nil {
			t.Fatal(err)
		}
		if _, err := st.FindTokenUser(context.Background(), hash); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("FindTokenUser(stored hash) error = %v, want ErrNotFound", err)
		}
	})
}

func TestFindTokenUser(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		// Ensure a token finds its owner and records when it was last used.
		st := mustOpen(t)
		clk := setClock(t, st)
		u := mustCreateUser(t, st, "ada@example.com")
		secret, tok := mustCreateToken(t, st, u.ID, "ci")
		if got := mustListTokens(t, st, u.ID); !got[0].LastUsedAt.IsZero() {
			t.Errorf("unused token LastUsedAt = %v, want zero", got[0].LastUsedAt)
		}
		for _, d := range []time.Duration{time.Hour, 24 * time.Hour} {
			clk.Advance(d)
			got, err := st.FindTokenUser(ctx, secret)
			if err != nil {
				t.Fatal(err)
			}
			if got != u {
				t.Errorf("FindTokenUser = %+v, want %+v", got, u)
			}
			list := mustListTokens(t, st, u.ID)
			if len(list) != 1 || list[0].ID != tok.ID || !list[0].LastUsedAt.Equal(clk.Now()) {
				t.Errorf("tokens = %+v, want LastUsedAt %v", list, clk.Now())
			}
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		// Ensure an unknown secret is ErrNotFound.
		st := mustOpen(t)
		u := mustCreateUser(t, st, "ada@example.com")
		secret, _ := mustCreateToken(t, st, u.ID, "ci")
		for _, s := range []string{"", "rp_", secret + "x", strings.TrimPrefix(secret, "rp_"), store.TokenPrefix + store.NewSecret()} {
			if _, err := st.FindTokenUser(ctx, s); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("FindTokenUser(%q) error = %v, want ErrNotFound", s, err)
			}
		}
	})

	t.Run("Revoked", func(t *testing.T) {
		// Ensure a revoked token stops working and its last use is not updated.
		st := mustOpen(t)
		clk := setClock(t, st)
		u := mustCreateUser(t, st, "ada@example.com")
		secret, tok := mustCreateToken(t, st, u.ID, "ci")
		if err := st.RevokeToken(ctx, u.ID, tok.ID); err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Hour)
		if _, err := st.FindTokenUser(ctx, secret); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("revoked token: error = %v, want ErrNotFound", err)
		}
		if got := mustListTokens(t, st, u.ID); !got[0].LastUsedAt.IsZero() {
			t.Errorf("revoked token LastUsedAt = %v, want zero", got[0].LastUsedAt)
		}
	})
}

func TestRevokeToken(t *testing.T) {
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		// Ensure the owner can revoke a token, which then shows as inactive.
		st := mustOpen(t)
		clk := setClock(t, st)
		u := mustCreateUser(t, st, "ada@example.com")
		_, tok := mustCreateToken(t, st, u.ID, "ci")
		_, keep := mustCreateToken(t, st, u.ID, "laptop")
		clk.Advance(time.Hour)
		if err := st.RevokeToken(ctx, u.ID, tok.ID); err != nil {
			t.Fatal(err)
		}
		for _, got := range mustListTokens(t, st, u.ID) {
			switch got.ID {
			case tok.ID:
				if got.Active() || !got.RevokedAt.Equal(clk.Now()) {
					t.Errorf("revoked token = %+v, want RevokedAt %v", got, clk.Now())
				}
			case keep.ID:
				if !got.Active() {
					t.Errorf("other token = %+v, want active", got)
				}
			}
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		// Ensure nobody can revoke another person's token, and a token can't be revoked twice.
		st := mustOpen(t)
		ada := mustCreateUser(t, st, "ada@example.com")
		mallory := mustCreateUser(t, st, "mallory@example.com")
		secret, tok := mustCreateToken(t, st, ada.ID, "ci")
		if err := st.RevokeToken(ctx, mallory.ID, tok.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("revoking another user's token: error = %v, want ErrNotFound", err)
		}
		if u, err := st.FindTokenUser(ctx, secret); err != nil || u.ID != ada.ID {
			t.Errorf("token after another user's revoke = %+v, %v; want it still working", u, err)
		}
		if err := st.RevokeToken(ctx, ada.ID, tok.ID+1); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("revoking a missing token: error = %v, want ErrNotFound", err)
		}
		if err := st.RevokeToken(ctx, ada.ID, tok.ID); err != nil {
			t.Fatal(err)
		}
		if err := st.RevokeToken(ctx, ada.ID, tok.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("revoking twice: error = %v, want ErrNotFound", err)
		}
	})
}

func TestListTokens(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		// Ensure a user's tokens, and only theirs, are listed newest first.
		st := mustOpen(t)
		clk := setClock(t, st)
		ada := mustCreateUser(t, st, "ada@example.com")
		grace := mustCreateUser(t, st, "grace@example.com")
		var want []string
		for _, name := range []string{"first", "second", "third"} {
			mustCreateToken(t, st, ada.ID, name)
			mustCreateToken(t, st, grace.ID, "grace-"+name)
			want = append([]string{name}, want...)
			clk.Advance(time.Minute)
		}
		got := mustListTokens(t, st, ada.ID)
		var names []string
		for i, tok := range got {
			names = append(names, tok.Name)
			if tok.UserID != ada.ID {
				t.Errorf("listed %+v of another user", tok)
			}
			if i > 0 && !tok.CreatedAt.Before(got[i-1].CreatedAt) {
				t.Errorf("token %q created %v, not before %v", tok.Name, tok.CreatedAt, got[i-1].CreatedAt)
			}
		}
		if strings.Join(names, ",") != strings.Join(want, ",") {
			t.Errorf("names = %q, want %q", names, want)
		}
	})

	t.Run("None", func(t *testing.T) {
		// Ensure a user with no tokens gets none.
		st := mustOpen(t)
		u := mustCreateUser(t, st, "ada@example.com")
		if got := mustListTokens(t, st, u.ID); len(got) != 0 {
			t.Errorf("got %+v, want none", got)
		}
	})
}
