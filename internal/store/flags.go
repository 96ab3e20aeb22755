package store

import (
	"context"
	"database/sql"
	"fmt"
)

const flagColumns = `id, attempt_id, document, start_pos, end_pos, quote, category, rationale, COALESCE(evidence_start, -1), COALESCE(evidence_end, -1)`

func nullableEvidence(f Flag) (any, any) {
	if !f.HasEvidence() {
		return nil, nil
	}
	return f.EvidenceStart, f.EvidenceEnd
}

func (s *Store) insertFlag(ctx context.Context, tx *sql.Tx, f Flag) (int64, error) {
	es, ee := nullableEvidence(f)
	now := s.now()
	res, err := tx.ExecContext(ctx, `INSERT INTO flags (attempt_id, document, start_pos, end_pos, quote, category, rationale, evidence_start, evidence_end, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		f.AttemptID, f.Document, f.Start, f.End, f.Quote, f.Category, f.Rationale, es, ee, now, now)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// draftGuard fails with ErrConflict unless the attempt is a draft, and marks it touched.
func (s *Store) draftGuard(ctx context.Context, tx *sql.Tx, attemptID int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE attempts SET updated_at = ? WHERE id = ? AND status = 'draft'`, s.now(), attemptID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrConflict
	}
	return nil
}

// AddFlag adds a flag to a draft attempt. It returns ErrConflict if the attempt is submitted.
func (s *Store) AddFlag(ctx context.Context, f Flag) (Flag, error) {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.draftGuard(ctx, tx, f.AttemptID); err != nil {
			return err
		}
		var err error
		f.ID, err = s.insertFlag(ctx, tx, f)
		return err
	})
	if err != nil {
		return Flag{}, fmt.Errorf("add flag: %w", err)
	}
	return f, nil
}

// UpdateFlag changes a flag's category, rationale and evidence. It returns ErrNotFound if
// the flag is not in that attempt and ErrConflict if the attempt is submitted.
func (s *Store) UpdateFlag(ctx context.Context, f Flag) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.draftGuard(ctx, tx, f.AttemptID); err != nil {
			return err
		}
		es, ee := nullableEvidence(f)
		res, err := tx.ExecContext(ctx, `UPDATE flags SET category = ?, rationale = ?, evidence_start = ?, evidence_end = ?, updated_at = ?
			WHERE id = ? AND attempt_id = ?`, f.Category, f.Rationale, es, ee, s.now(), f.ID, f.AttemptID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("update flag: %w", err)
	}
	return nil
}

// DeleteFlag removes a flag from a draft attempt, with the same errors as UpdateFlag.
func (s *Store) DeleteFlag(ctx context.Context, attemptID, flagID int64) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.draftGuard(ctx, tx, attemptID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM flags WHERE id = ? AND attempt_id = ?`, flagID, attemptID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("delete flag: %w", err)
	}
	return nil
}

// ListFlags returns an attempt's flags in the order they were made.
func (s *Store) ListFlags(ctx context.Context, attemptID int64) ([]Flag, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+flagColumns+` FROM flags WHERE attempt_id = ? ORDER BY id`, attemptID)
	if err != nil {
		return nil, fmt.Errorf("list flags: %w", err)
	}
	defer rows.Close()
	var out []Flag
	for rows.Next() {
		var f Flag
		if err := rows.Scan(&f.ID, &f.AttemptID, &f.Document, &f.Start, &f.End, &f.Quote, &f.Category, &f.Rationale, &f.EvidenceStart, &f.EvidenceEnd); err != nil {
			return nil, fmt.Errorf("list flags: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}
