package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redpen-social/redpen/internal/store"
)

// result is what one run of the command printed and returned.
type result struct {
	err            error
	stdout, stderr string
}

// runCmd runs redpen with args, the given standard input and environment variables.
func runCmd(tb testing.TB, stdin string, vars map[string]string, args ...string) result {
	tb.Helper()
	var out, errOut bytes.Buffer
	e := env{
		stdin:  strings.NewReader(stdin),
		stdout: &out,
		stderr: &errOut,
		getenv: func(k string) string { return vars[k] },
	}
	err := run(context.Background(), args, e)
	return result{err: err, stdout: out.String(), stderr: errOut.String()}
}

// writeTree writes files (slash paths relative to dir) to disk.
func writeTree(tb testing.TB, dir string, files map[string]string) {
	tb.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

func TestHelp(t *testing.T) {
	for _, arg := range []string{"--help", "-h", "help"} {
		t.Run(arg, func(t *testing.T) {
			r := runCmd(t, "", nil, arg)
			if r.err != nil {
				t.Fatalf("err = %v", r.err)
			}
			for _, c := range commands {
				if !strings.Contains(r.stdout, "  "+c.name+" ") || !strings.Contains(r.stdout, c.summary) {
					t.Errorf("help does not list %q:\n%s", c.name, r.stdout)
				}
			}
			for _, name := range []string{"serve", "check", "user", "token"} {
				if !strings.Contains(r.stdout, "  "+name) {
					t.Errorf("help does not list %q", name)
				}
			}
			if r.stderr != "" {
				t.Errorf("stderr = %q, want nothing", r.stderr)
			}
		})
	}
}

func TestServeHelp(t *testing.T) {
	r := runCmd(t, "", nil, "serve", "--help")
	if !errors.Is(r.err, flag.ErrHelp) {
		t.Errorf("err = %v, want flag.ErrHelp", r.err)
	}
	for _, f := range []struct{ flag, env string }{
		{"-addr", "REDPEN_ADDR"},
		{"-db", "REDPEN_DB"},
		{"-content", "REDPEN_CONTENT"},
		{"-dev", "REDPEN_DEV"},
	} {
		if !strings.Contains(r.stdout, "  "+f.flag) {
			t.Errorf("serve --help does not list %s:\n%s", f.flag, r.stdout)
		}
		if !strings.Contains(r.stdout, "(env "+f.env+")") {
			t.Errorf("serve --help does not name %s", f.env)
		}
	}
	if !strings.Contains(r.stdout, "Usage: redpen [serve]") {
		t.Errorf("no usage line:\n%s", r.stdout)
	}
}

// Ensure environment variables become the flags' defaults, shown in the help.
func TestServeHelpShowsEnvDefaults(t *testing.T) {
	r := runCmd(t, "", map[string]string{"REDPEN_ADDR": "0.0.0.0:9999", "REDPEN_DB": "/data/x.db"}, "serve", "--help")
	for _, want := range []string{`(default "0.0.0.0:9999")`, `(default "/data/x.db")`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("serve --help does not show %s:\n%s", want, r.stdout)
		}
	}
}

func TestUnknownCommand(t *testing.T) {
	r := runCmd(t, "", nil, "frobnicate")
	if !errors.Is(r.err, errUsage) {
		t.Errorf("err = %v, want errUsage", r.err)
	}
	if !strings.Contains(r.stderr, `unknown command "frobnicate"`) || !strings.Contains(r.stderr, "Commands:") {
		t.Errorf("stderr = %q", r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("stdout = %q, want nothing", r.stdout)
	}
}

func TestCheckEmbedded(t *testing.T) {
	r := runCmd(t, "", nil, "check")
	if r.err != nil {
		t.Fatalf("check on the built-in content: %v\n%s%s", r.err, r.stdout, r.stderr)
	}
	if !strings.HasPrefix(r.stderr, "ok: ") || !strings.Contains(r.stderr, "scenarios") {
		t.Errorf("stderr = %q, want an ok: summary", r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("stdout = %q, want no problems", r.stdout)
	}
}

func TestCheckTooManyArgs(t *testing.T) {
	r := runCmd(t, "", nil, "check", "a", "b")
	if !errors.Is(r.err, errUsage) {
		t.Errorf("err = %v, want errUsage", r.err)
	}
}

const (
	testTaxonomy  = "categories:\n  - {id: omission, label: Omission, mark: OMI, colour: 4, description: Left out.}\n"
	testStandards = "standards:\n  - {number: \"3.11\", text: Records.}\n"
	goodModule    = "---\ntitle: Good\nminutes: 5\n---\nText.\n"
)

func TestCheckDir(t *testing.T) {
	dir := t.TempDir()
	brokenCourse := "title: Broken: course\naudience: student\nmodules:\n  - good\n"
	unknownModule := "title: Other\n" + // 1
		"audience: student\n" + // 2
		"modules:\n" + // 3
		"  - good\n" + // 4
		"  - missing-module\n" // 5
	quizModule := "---\n" + // 1
		"title: Quiz\n" + // 2
		"minutes: 5\n" + // 3
		"---\n" + // 4
		"Intro.\n" + // 5
		"\n" + // 6
		"```quiz\n" + // 7
		"id: q1\n" + // 8
		"question: Is this: broken?\n" + // 9
		"```\n" // 10
	writeTree(t, dir, map[string]string{
		"courses/broken/course.yaml": brokenCourse,
		"courses/broken/good.md":     goodModule,
		"courses/other/course.yaml":  unknownModule,
		"courses/other/quiz.md":      quizModule,
		"scenarios/taxonomy.yaml":    testTaxonomy,
		"scenarios/standards.yaml":   testStandards,
	})
	r := runCmd(t, "", nil, "check", dir)
	if !errors.Is(r.err, errProblems) {
		t.Fatalf("err = %v, want errProblems\n%s", r.err, r.stdout)
	}
	root := filepath.ToSlash(dir)
	want := []string{
		root + "/courses/broken/course.yaml:1: mapping values are not allowed in this context",
		root + `/courses/other/course.yaml:5: unknown module "missing-module": no missing-module.md in any course folder`,
		root + "/courses/other/quiz.md:9: mapping values are not allowed in this context",
	}
	if got := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("stdout:\n%s\nwant:\n%s", r.stdout, strings.Join(want, "\n"))
	}
	if want := fmt.Sprintf("%d problem(s)\n", len(want)); r.stderr != want {
		t.Errorf("stderr = %q, want %q", r.stderr, want)
	}
}

// Ensure check DIR on a sound folder succeeds and prints what it loaded.
func TestCheckDirOK(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"courses/c/course.yaml":    "title: C\naudience: student\nmodules:\n  - good\n",
		"courses/c/good.md":        goodModule,
		"scenarios/taxonomy.yaml":  testTaxonomy,
		"scenarios/standards.yaml": testStandards,
	})
	r := runCmd(t, "", nil, "check", dir)
	if r.err != nil {
		t.Fatalf("err = %v\n%s", r.err, r.stdout)
	}
	if want := "ok: 1 courses, 1 modules, 0 scenarios, 1 categories, 1 standards\n"; r.stderr != want {
		t.Errorf("stderr = %q, want %q", r.stderr, want)
	}
}

func TestUserAdd(t *testing.T) {
	db := filepath.Join(t.TempDir(), "redpen.db")
	add := func(email, pw string) result {
		t.Helper()
		return runCmd(t, pw+"\n", nil, "user", "add", "--db", db, "--email", email, "--name", "Ada Admin", "--role", "admin", "--password-stdin")
	}

	// Ensure a user is created in the database with a working password hash.
	t.Run("OK", func(t *testing.T) {
		r := add("Ada@Example.org", "a long enough passphrase")
		if r.err != nil {
			t.Fatalf("err = %v", r.err)
		}
		if want := "Created admin Ada Admin <ada@example.org>\n"; r.stdout != want {
			t.Errorf("stdout = %q, want %q", r.stdout, want)
		}
		if r.stderr != "" {
			t.Errorf("stderr = %q; --password-stdin should not prompt", r.stderr)
		}
		st, err := store.Open(db)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		u, err := st.FindUserByEmail(context.Background(), "ada@example.org")
		if err != nil {
			t.Fatal(err)
		}
		if u.Name != "Ada Admin" || u.Role != store.RoleAdmin || !strings.HasPrefix(u.PasswordHash, "$argon2id$") {
			t.Errorf("user = %+v", u)
		}
	})

	// Ensure a second account with the same email is refused.
	t.Run("Duplicate", func(t *testing.T) {
		r := add("ada@example.org", "another long passphrase")
		if r.err == nil || !strings.Contains(r.err.Error(), "ada@example.org already has an account") {
			t.Errorf("err = %v, want a duplicate error", r.err)
		}
	})

	// Ensure short and common passwords are refused before anything is written.
	t.Run("WeakPassword", func(t *testing.T) {
		for _, pw := range []string{"short", "123456789", ""} {
			r := add("new@example.org", pw)
			if r.err == nil || !strings.Contains(r.err.Error(), "at least 10 characters") {
				t.Errorf("password %q: err = %v, want a length error", pw, r.err)
			}
		}
		st, err := store.Open(db)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if _, err := st.FindUserByEmail(context.Background(), "new@example.org"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a user was created with a weak password (err %v)", err)
		}
	})

	t.Run("NoPassword", func(t *testing.T) {
		r := runCmd(t, "", nil, "user", "add", "--db", db, "--email", "x@example.org", "--name", "X", "--password-stdin")
		if r.err == nil || !strings.Contains(r.err.Error(), "no password given") {
			t.Errorf("err = %v, want no password given", r.err)
		}
	})

	t.Run("BadRole", func(t *testing.T) {
		r := runCmd(t, "a long enough passphrase\n", nil, "user", "add", "--db", db, "--email", "x@example.org", "--name", "X", "--role", "root", "--password-stdin")
		if r.err == nil || !strings.Contains(r.err.Error(), `not "root"`) {
			t.Errorf("err = %v, want a role error", r.err)
		}
	})

	t.Run("MissingEmail", func(t *testing.T) {
		r := runCmd(t, "a long enough passphrase\n", nil, "user", "add", "--db", db, "--name", "X", "--password-stdin")
		if r.err == nil || !strings.Contains(r.err.Error(), "--email and --name are required") {
			t.Errorf("err = %v", r.err)
		}
	})

	t.Run("NoSubcommand", func(t *testing.T) {
		r := runCmd(t, "", nil, "user")
		if !errors.Is(r.err, errUsage) || !strings.Contains(r.stderr, "Usage: redpen user add") {
			t.Errorf("err = %v, stderr = %q", r.err, r.stderr)
		}
	})
}

func TestTokenCreate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "redpen.db")
	if r := runCmd(t, "a long enough passphrase\n", nil, "user", "add", "--db", db, "--email", "ed@example.org", "--name", "Ed", "--role", "educator", "--password-stdin"); r.err != nil {
		t.Fatalf("user add: %v", r.err)
	}
	// The database comes from REDPEN_DB, as it would in a container.
	vars := map[string]string{"REDPEN_DB": db}

	// Ensure a token is printed for an existing user and it authenticates as that user.
	t.Run("OK", func(t *testing.T) {
		r := runCmd(t, "", vars, "token", "create", "--email", "ED@example.org", "--name", "laptop")
		if r.err != nil {
			t.Fatalf("err = %v", r.err)
		}
		secret := strings.TrimSuffix(r.stdout, "\n")
		if !strings.HasPrefix(secret, "rp_") || len(secret) < 20 || strings.ContainsAny(secret, " \n") {
			t.Fatalf("stdout = %q, want one rp_ token", r.stdout)
		}
		st, err := store.Open(db)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		u, err := st.FindTokenUser(context.Background(), secret)
		if err != nil || u.Email != "ed@example.org" {
			t.Errorf("token user = %+v, %v", u, err)
		}
	})

	t.Run("UnknownEmail", func(t *testing.T) {
		r := runCmd(t, "", vars, "token", "create", "--email", "Nobody@Example.org")
		if r.err == nil || !strings.Contains(r.err.Error(), "no account has the email nobody@example.org") {
			t.Errorf("err = %v", r.err)
		}
		if r.stdout != "" {
			t.Errorf("stdout = %q, want no token", r.stdout)
		}
	})

	t.Run("MissingEmail", func(t *testing.T) {
		r := runCmd(t, "", vars, "token", "create")
		if r.err == nil || !strings.Contains(r.err.Error(), "--email is required") {
			t.Errorf("err = %v", r.err)
		}
	})

	t.Run("NoSubcommand", func(t *testing.T) {
		r := runCmd(t, "", vars, "token", "list")
		if !errors.Is(r.err, errUsage) || !strings.Contains(r.stderr, "Usage: redpen token create") {
			t.Errorf("err = %v, stderr = %q", r.err, r.stderr)
		}
	})
}
