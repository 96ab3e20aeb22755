package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"

	"github.com/mattn/go-sqlite3"
)

// Backup copies the whole database to a new file at path with SQLite's online backup API.
// The copy is consistent even while Redpen is serving and writing: with WAL, the backup
// reads one snapshot and writers carry on. It fails if path already exists.
func (s *Store) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s already exists; choose a new file name", path)
	}
	dest, err := sql.Open("sqlite3", "file:"+escapePath(path))
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer dest.Close()
	destConn, err := dest.Conn(ctx)
	if err != nil {
		return fmt.Errorf("backup: create %s: %w", path, err)
	}
	defer destConn.Close()
	srcConn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer srcConn.Close()

	err = destConn.Raw(func(d any) error {
		return srcConn.Raw(func(src any) error {
			dc, ok1 := d.(*sqlite3.SQLiteConn)
			sc, ok2 := src.(*sqlite3.SQLiteConn)
			if !ok1 || !ok2 {
				return errors.New("not a SQLite connection")
			}
			b, err := dc.Backup("main", sc, "main")
			if err != nil {
				return err
			}
			// One step of -1 copies every page from one snapshot, so nothing written
			// meanwhile can make the copy inconsistent.
			if _, err := b.Step(-1); err != nil {
				b.Finish()
				return err
			}
			return b.Finish()
		})
	})
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// IntegrityCheck runs PRAGMA integrity_check on the database file at path and returns nil
// when SQLite answers "ok".
func IntegrityCheck(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite3", "file:"+escapePath(path)+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	var res string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil {
		return fmt.Errorf("integrity check %s: %w", path, err)
	}
	if res != "ok" {
		return fmt.Errorf("integrity check %s: %s", path, res)
	}
	return nil
}
