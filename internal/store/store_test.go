package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/redpen-social/redpen/internal/store"
)

// t0 is the start of every controlled clock; whole seconds, as the store keeps no more.
var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// mustOpen opens a store on a new temp-file database and closes it when the test ends.
func mustOpen(tb testing.TB) *store.Store {
	tb.Helper()
	return mustOpenPath(tb, filepath.Join(tb.TempDir(), "db"))
}

// mustOpenPath opens a store at path and closes it when the test ends.
func mustOpenPath(tb testing.TB, path string) *store.Store {
	tb.Helper()
	st, err := store.Open(path)
	if err != nil {
		tb.Fatalf("open store: %v", err)
	}
	tb.Cleanup(func() {
		if err := st.Close(); err != nil {
			tb.Errorf("close store: %v", err)
		}
	})
	return st
}

// clock is a settable time source for Store.Now.
type clock struct{ now time.Time }

func (c *clock) Now() time.Time          { return c.now }
func (c *clock) Advance(d time.Duration) { c.now = c.now.Add(d) }

// setClock makes st read the time from a clock that starts at t0 and moves only when told.
func setClock(tb testing.TB, st *store.Store) *clock {
	tb.Helper()
	c := &clock{now: t0}
	st.Now = c.Now
	return c
}

// mustCreateUser adds a learner with the given email.
func mustCreateUser(tb testing.TB, st *store.Store, email string) store.User {
	tb.Helper()
	u, err := st.CreateUser(context.Background(), store.User{Email: email, Name: "Test " + email, Role: store.RoleLearner, PasswordHash: "hash"})
	if err != nil {
		tb.Fatalf("create user %s: %v", email, err)
	}
	return u
}

// count returns the result of a COUNT(*) query.
func count(tb testing.TB, st *store.Store, query string, args ...any) int {
	tb.Helper()
	var n int
	if err := st.DB().QueryRow(query, args...).Scan(&n); err != nil {
		tb.Fatalf("count %q: %v", query, err)
	}
	return n
}

// migrationNames lists the migration files shipped in the package, as the store records them.
func migrationNames(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join("migrations", "*.sql"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("list migrations: %v (%d files)", err, len(files))
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = filepath.ToSlash(f)
	}
	slices.Sort(names)
	return names
}

type appliedMigration struct{ name, appliedAt string }

func appliedMigrations(tb testing.TB, st *store.Store) []appliedMigration {
	tb.Helper()
	rows, err := st.DB().Query(`SELECT name, applied_at FROM schema_migrations ORDER BY name`)
	if err != nil {
		tb.Fatalf("query schema_migrations: %v", err)
	}
	defer rows.Close()
	var out []appliedMigration
	for rows.Next() {
		var m appliedMigration
		if err := rows.Scan(&m.name, &m.appliedAt); err != nil {
			tb.Fatalf("scan schema_migrations: %v", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		tb.Fatalf("read schema_migrations: %v", err)
	}
	return out
}

func TestOpen(t *testing.T) {
	ctx := context.Background()

	t.Run("Migrations", func(t *testing.T) {
		// Ensure every shipped migration is applied and recorded once, and reopening the
		// database applies nothing again.
		path := filepath.Join(t.TempDir(), "db")
		st, err := store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		first := appliedMigrations(t, st)
		var names []string
		for _, m := range first {
			names = append(names, m.name)
			if _, err := time.Parse(time.RFC3339, m.appliedAt); err != nil {
				t.Errorf("migration %s applied_at = %q, not RFC 3339: %v", m.name, m.appliedAt, err)
			}
		}
		if want := migrationNames(t); !slices.Equal(names, want) {
			t.Errorf("recorded migrations = %q, want %q", names, want)
		}
		for _, table := range []string{"users", "sessions", "module_progress", "quiz_answers", "attempts", "flags", "api_tokens"} {
			if n := count(t, st, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, table); n != 1 {
				t.Errorf("table %s: found %d, want 1", table, n)
			}
		}
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}

		st = mustOpenPath(t, path)
		st.Now = func() time.Time { return t0.AddDate(1, 0, 0) } // a rerun would record a new time
		if again := appliedMigrations(t, st); !slices.Equal(again, first) {
			t.Errorf("after reopening, schema_migrations = %v, want unchanged %v", again, first)
		}
	})

	t.Run("Reopen", func(t *testing.T) {
		// Ensure data written before closing is there when the same file is opened again.
		path := filepath.Join(t.TempDir(), "db")
		st, err := store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		u, err := st.CreateUser(ctx, store.User{Email: "ada@example.com", Name: "Ada", Role: store.RoleAdmin, PasswordHash: "h"})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}

		st = mustOpenPath(t, path)
		got, err := st.FindUserByEmail(ctx, "ada@example.com")
		if err != nil {
			t.Fatalf("find user after reopening: %v", err)
		}
		if got.ID != u.ID || got.Name != "Ada" || got.Role != store.RoleAdmin {
			t.Errorf("after reopening got %+v, want %+v", got, u)
		}
	})

	t.Run("PragmasOnEveryConnection", func(t *testing.T) {
		// Ensure the DSN settings reach every pooled connection, not just the first: the
		// connections are all held at once, so each is a different one.
		st := mustOpen(t)
		const n = 4
		conns := make([]*sql.Conn, n)
		for i := range conns {
			c, err := st.DB().Conn(ctx)
			if err != nil {
				t.Fatalf("conn %d: %v", i, err)
			}
			defer c.Close()
			conns[i] = c
		}
		if got := st.DB().Stats().OpenConnections; got < n {
			t.Fatalf("open connections = %d, want at least %d", got, n)
		}
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i, c := range conns {
			wg.Go(func() { errs[i] = checkPragmas(ctx, c) })
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("connection %d: %v", i, err)
			}
		}
	})

	t.Run("ForeignKeysEnforced", func(t *testing.T) {
		// Ensure a row pointing at a missing user is refused.
		st := mustOpen(t)
		if _, err := st.CreateSession(ctx, 999); err == nil {
			t.Error("CreateSession for a missing user succeeded, want a foreign key error")
		}
		if n := count(t, st, `SELECT COUNT(*) FROM sessions`); n != 0 {
			t.Errorf("sessions = %d, want 0", n)
		}
	})

	t.Run("PathWithURICharacters", func(t *testing.T) {
		// Ensure the database is created at exactly the path given, even when a directory
		// name has characters that mean something in a file: URI. (Subtest names avoid
		// those characters so that t.TempDir itself stays a safe path.)
		tests := []struct{ name, dir string }{
			{"Hash", "a#b"},
			{"Percent", "a%41b"},
			{"Question", "a?b"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				root := t.TempDir()
				if err := os.Mkdir(filepath.Join(root, tt.dir), 0o755); err != nil {
					t.Fatal(err)
				}
				path := filepath.Join(root, tt.dir, "db")
				st, err := store.Open(path)
				if err != nil {
					t.Fatalf("open %s: %v", path, err)
				}
				defer st.Close()
				if _, err := os.Stat(path); err != nil {
					var names []string
					entries, _ := os.ReadDir(root)
					for _, e := range entries {
						names = append(names, e.Name())
					}
					t.Errorf("database not created at %s (%v); %s holds %q", path, err, root, names)
				}
			})
		}
	})
}

// checkPragmas reports the first connection setting that differs from what Open asks for.
func checkPragmas(ctx context.Context, c *sql.Conn) error {
	var fk, sync, timeout int
	var mode string
	if err := c.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk); err != nil {
		return err
	}
	if err := c.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil {
		return err
	}
	if err := c.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&sync); err != nil {
		return err
	}
	if err := c.QueryRowContext(ctx, `PRAGMA busy_timeout`).Scan(&timeout); err != nil {
		return err
	}
	switch {
	case fk != 1:
		return fmt.Errorf("foreign_keys = %d, want 1", fk)
	case mode != "wal":
		return fmt.Errorf("journal_mode = %q, want wal", mode)
	case sync != 2:
		return fmt.Errorf("synchronous = %d, want 2 (FULL)", sync)
	case timeout != 5000:
		return fmt.Errorf("busy_timeout = %d, want 5000", timeout)
	}
	return nil
}
