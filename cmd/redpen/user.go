package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/redpen-social/redpen/internal/password"
	"github.com/redpen-social/redpen/internal/store"
)

func runUser(ctx context.Context, args []string, e env) error {
	if len(args) == 0 || args[0] != "add" {
		fmt.Fprintln(e.stderr, "Usage: redpen user add --email E --name N --role learner|educator|admin [--password-stdin] [--db FILE]")
		return errUsage
	}
	var email, name, role, db string
	var fromStdin bool
	fs := newFlagSet("user add", "user add --email E --name N --role R [--password-stdin]\n\nCreates an account, for example the first admin or an educator. The password is\nread from standard input with --password-stdin, otherwise asked for.", e)
	fs.StringVar(&email, "email", "", "email address (required)")
	fs.StringVar(&name, "name", "", "name shown in Redpen (required)")
	fs.StringVar(&role, "role", store.RoleLearner, "learner, educator or admin")
	fs.BoolVar(&fromStdin, "password-stdin", false, "read the password from the first line of standard input")
	fs.dbFlag(&db)
	if err := fs.parse(args[1:], e.stdout); err != nil {
		return err
	}
	switch {
	case email == "" || name == "":
		return fmt.Errorf("user add: --email and --name are required")
	case !store.ValidRole(role):
		return fmt.Errorf("user add: --role must be learner, educator or admin, not %q", role)
	}
	if !fromStdin {
		fmt.Fprint(e.stderr, "Password (at least 10 characters; it will show as you type): ")
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && line == "" {
		return fmt.Errorf("user add: no password given")
	}
	pw := strings.TrimRight(line, "\r\n")
	if utf8.RuneCountInString(pw) < password.MinLength || password.Common(pw) {
		return fmt.Errorf("user add: the password must be at least %d characters and not a common one", password.MinLength)
	}
	hash, err := password.Hash(pw, password.Default)
	if err != nil {
		return err
	}
	st, err := store.Open(db)
	if err != nil {
		return err
	}
	defer st.Close()
	u, err := st.CreateUser(ctx, store.User{Email: email, Name: name, Role: role, PasswordHash: hash})
	if errors.Is(err, store.ErrDuplicateEmail) {
		return fmt.Errorf("user add: %s already has an account", store.NormaliseEmail(email))
	}
	if err != nil {
		return err
	}
	if err := st.Audit(ctx, store.User{}, store.AuditCreateUser, fmt.Sprintf("%s <%s>", u.Name, u.Email), "role "+u.Role); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Created %s %s <%s>\n", u.Role, u.Name, u.Email)
	return nil
}
