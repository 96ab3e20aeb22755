package password_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/redpen-social/redpen/internal/password"
)

// cheap keeps argon2 fast in tests; Default is exercised once, in TestDefault.
var cheap = password.Params{Memory: 64, Time: 1, Threads: 1}

func mustHash(tb testing.TB, pw string, p password.Params) string {
	tb.Helper()
	h, err := password.Hash(pw, p)
	if err != nil {
		tb.Fatalf("hash: %v", err)
	}
	return h
}

// errPanicked marks a Verify that panicked instead of returning.
var errPanicked = errors.New("panicked")

// verify calls password.Verify and turns a panic into errPanicked.
func verify(pw, hash string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", errPanicked, r)
		}
	}()
	return password.Verify(pw, hash)
}

func TestHash(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		// Ensure a hash verifies for its password, including unusual ones.
		for _, pw := range []string{"correct horse battery staple", "", "ünïcødé pässwörd ✓", strings.Repeat("x", password.MaxLength), "with $ dollars $"} {
			h := mustHash(t, pw, cheap)
			if err := password.Verify(pw, h); err != nil {
				t.Errorf("Verify(%q, Hash(%q)) = %v, want nil", pw, pw, err)
			}
		}
	})

	t.Run("Format", func(t *testing.T) {
		// Ensure the hash is a PHC string that records its parameters.
		h := mustHash(t, "correct horse battery staple", password.Params{Memory: 128, Time: 3, Threads: 2})
		if !strings.HasPrefix(h, "$argon2id$v=19$m=128,t=3,p=2$") {
			t.Errorf("hash = %q, want the $argon2id$v=19$m=128,t=3,p=2$ prefix", h)
		}
		if n := strings.Count(h, "$"); n != 5 {
			t.Errorf("hash %q has %d '$', want 5", h, n)
		}
		if err := password.Verify("correct horse battery staple", h); err != nil {
			t.Errorf("Verify with the recorded parameters: %v", err)
		}
	})

	t.Run("Salted", func(t *testing.T) {
		// Ensure hashing one password twice gives two different hashes that both verify.
		pw := "correct horse battery staple"
		h1, h2 := mustHash(t, pw, cheap), mustHash(t, pw, cheap)
		if h1 == h2 {
			t.Errorf("two hashes of one password are equal: %q", h1)
		}
		salt := func(h string) string { return strings.Split(h, "$")[4] }
		if salt(h1) == salt(h2) {
			t.Errorf("two hashes share the salt %q", salt(h1))
		}
		for _, h := range []string{h1, h2} {
			if err := password.Verify(pw, h); err != nil {
				t.Errorf("Verify(%q): %v", h, err)
			}
		}
	})
}

func TestVerify(t *testing.T) {
	pw := "correct horse battery staple"
	good := mustHash(t, pw, cheap)
	parts := strings.Split(good, "$") // "", "argon2id", "v=19", "m=64,t=1,p=1", salt, key
	salt, key := parts[4], parts[5]

	t.Run("ErrMismatch", func(t *testing.T) {
		// Ensure any other password is ErrMismatch.
		for _, wrong := range []string{"", "correct horse battery stapl", "Correct horse battery staple", pw + " ", "hunter2"} {
			if err := password.Verify(wrong, good); !errors.Is(err, password.ErrMismatch) {
				t.Errorf("Verify(%q) = %v, want ErrMismatch", wrong, err)
			}
		}
	})

	t.Run("Malformed", func(t *testing.T) {
		// Ensure a hash that cannot be checked is an error other than ErrMismatch, and
		// never a panic: a corrupt row must not crash sign-in.
		tests := []struct{ name, hash string }{
			{"Empty", ""},
			{"Plain", "correct horse battery staple"},
			{"Dollars", "$$$$$"},
			{"TooFewParts", "$argon2id$v=19$m=64,t=1,p=1$" + salt},
			{"TooManyParts", good + "$extra"},
			{"Bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
			{"Argon2i", "$argon2i$v=19$m=64,t=1,p=1$" + salt + "$" + key},
			{"OldVersion", "$argon2id$v=16$m=64,t=1,p=1$" + salt + "$" + key},
			{"NoVersion", "$argon2id$$m=64,t=1,p=1$" + salt + "$" + key},
			{"NoParams", "$argon2id$v=19$$" + salt + "$" + key},
			{"BadParams", "$argon2id$v=19$m=x,t=1,p=1$" + salt + "$" + key},
			{"NegativeMemory", "$argon2id$v=19$m=-64,t=1,p=1$" + salt + "$" + key},
			{"ThreadsOverflow", "$argon2id$v=19$m=64,t=1,p=256$" + salt + "$" + key},
			{"ZeroTime", "$argon2id$v=19$m=64,t=0,p=1$" + salt + "$" + key},
			{"ZeroThreads", "$argon2id$v=19$m=64,t=1,p=0$" + salt + "$" + key},
			{"BadSalt", "$argon2id$v=19$m=64,t=1,p=1$not*base64$" + key},
			{"BadKey", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$not*base64"},
			{"PaddedKey", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key + "="},
			{"EmptyKey", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				err := verify(pw, tt.hash)
				if errors.Is(err, errPanicked) {
					t.Fatalf("Verify(%q): %v", tt.hash, err)
				}
				if err == nil || errors.Is(err, password.ErrMismatch) {
					t.Errorf("Verify(%q) = %v, want a malformed-hash error", tt.hash, err)
				}
			})
		}
	})
}

func TestDefault(t *testing.T) {
	// The only test that pays for the real cost settings.
	pw := "correct horse battery staple"

	t.Run("OK", func(t *testing.T) {
		// Ensure Default produces a hash with its parameters that verifies.
		h := mustHash(t, pw, password.Default)
		want := fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$", password.Default.Memory, password.Default.Time, password.Default.Threads)
		if !strings.HasPrefix(h, want) {
			t.Errorf("hash = %q, want prefix %q", h, want)
		}
		if err := password.Verify(pw, h); err != nil {
			t.Errorf("Verify: %v", err)
		}
		if err := password.Verify(pw+"!", h); !errors.Is(err, password.ErrMismatch) {
			t.Errorf("Verify(wrong) = %v, want ErrMismatch", err)
		}
	})

	t.Run("Dummy", func(t *testing.T) {
		// Ensure Dummy is a well-formed Default hash, stable between calls, that a sign-in
		// attempt fails against with the ordinary ErrMismatch.
		d := password.Dummy()
		if d == "" || d != password.Dummy() {
			t.Fatalf("Dummy() = %q, then %q; want one stable hash", d, password.Dummy())
		}
		want := fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$", password.Default.Memory, password.Default.Time, password.Default.Threads)
		if !strings.HasPrefix(d, want) {
			t.Errorf("Dummy() = %q, want prefix %q so it costs as much as a real hash", d, want)
		}
		if err := password.Verify(pw, d); !errors.Is(err, password.ErrMismatch) {
			t.Errorf("Verify(%q, Dummy()) = %v, want ErrMismatch", pw, err)
		}
	})
}
