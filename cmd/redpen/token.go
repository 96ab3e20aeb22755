package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/redpen-social/redpen/internal/store"
)

func runToken(ctx context.Context, args []string, e env) error {
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprintln(e.stderr, "Usage: redpen token create --email E [--name N] [--db FILE]")
		return errUsage
	}
	var email, name, db string
	fs := newFlagSet("token create", "token create --email E [--name N]\n\nCreates a personal access token for the JSON API and prints it. It is shown only\nonce; the database keeps only a hash of it.", e)
	fs.StringVar(&email, "email", "", "the account the token acts as (required)")
	fs.StringVar(&name, "name", "command line", "a name to recognise the token by")
	fs.dbFlag(&db)
	if err := fs.parse(args[1:], e.stdout); err != nil {
		return err
	}
	if email == "" {
		return fmt.Errorf("token create: --email is required")
	}
	st, err := store.Open(db)
	if err != nil {
		return err
	}
	defer st.Close()
	u, err := st.FindUserByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("token create: no account has the email %s", store.NormaliseEmail(email))
	}
	if err != nil {
		return err
	}
	secret, _, err := st.CreateToken(ctx, u.ID, name)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, secret)
	return nil
}
