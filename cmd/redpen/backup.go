package main

import (
	"context"
	"fmt"

	"github.com/redpen-social/redpen/internal/store"
)

func runBackup(ctx context.Context, args []string, e env) error {
	var db, to string
	fs := newFlagSet("backup", "backup --to FILE [--db DB]\n\nCopies the database with SQLite's online backup API. Safe while Redpen is running:\nthe copy is one consistent snapshot. The copy is checked with PRAGMA integrity_check.\nTo restore, stop Redpen and replace the database file (and delete its -wal and -shm\nfiles) with the copy.", e)
	fs.dbFlag(&db)
	fs.StringVar(&to, "to", "", "the new backup file (must not exist)")
	if err := fs.parse(args, e.stdout); err != nil {
		return err
	}
	if to == "" {
		fs.Usage()
		return errUsage
	}
	st, err := store.Open(db)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Backup(ctx, to); err != nil {
		return err
	}
	if err := store.IntegrityCheck(ctx, to); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Backed up %s to %s (integrity check: ok)\n", db, to)
	return nil
}
