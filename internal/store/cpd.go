package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Where a CPD entry came from.
const (
	CPDManual  = "manual"  // written by the learner
	CPDModule  = "module"  // a completed module; SourceRef is the module id
	CPDAttempt = "attempt" // a submitted critique; SourceRef is the attempt id
)

// DateLayout is how calendar dates (not instants) are stored: RFC 3339's full-date.
const DateLayout = "2006-01-02"

// CPDEntry is one piece of continuing professional development, with the fields Social Work
// England's CPD record asks for.
type CPDEntry struct {
	ID           int64
	UserID       int64
	Source       string
	SourceRef    string
	ActivityType string
	Title        string
	Description  string    // what the activity was and why it is relevant
	Date         time.Time // a calendar date, midnight UTC
	Minutes      int
	Learnt       string
	Impact       string // on practice and on the people the learner works with
	PeerWith     string
	PeerDate     time.Time // zero when not given
	PeerOutcome  string
	Standards    []string
	CreatedAt    time.Time
	UpdatedAt    time.Time
	EditedAt     time.Time // zero until the learner first saves the entry
}

// HasPeerReflection reports whether the entry records a discussion with a peer and what
// came of it, as Social Work England asks of at least one entry a year.
func (e CPDEntry) HasPeerReflection() bool {
	return strings.TrimSpace(e.PeerWith) != "" && strings.TrimSpace(e.PeerOutcome) != ""
}

// Reflected reports whether the learner has written what they learnt and its impact.
func (e CPDEntry) Reflected() bool {
	return strings.TrimSpace(e.Learnt) != "" && strings.TrimSpace(e.Impact) != ""
}

const cpdColumns = `id, user_id, source, source_ref, activity_type, title, description, activity_date, minutes,
	learnt, impact, peer_with, peer_date, peer_outcome, standards, created_at, updated_at, edited_at`

func scanCPDEntry(row interface{ Scan(...any) error }) (CPDEntry, error) {
	var e CPDEntry
	var date, peerDate, standards, created, updated string
	var edited sql.NullString
	err := row.Scan(&e.ID, &e.UserID, &e.Source, &e.SourceRef, &e.ActivityType, &e.Title, &e.Description, &date, &e.Minutes,
		&e.Learnt, &e.Impact, &e.PeerWith, &peerDate, &e.PeerOutcome, &standards, &created, &updated, &edited)
	if errors.Is(err, sql.ErrNoRows) {
		return CPDEntry{}, ErrNotFound
	}
	if err != nil {
		return CPDEntry{}, err
	}
	e.Date, _ = time.Parse(DateLayout, date)
	e.PeerDate, _ = time.Parse(DateLayout, peerDate)
	_ = json.Unmarshal([]byte(standards), &e.Standards) // written by this file, always a JSON array
	e.CreatedAt, e.UpdatedAt, e.EditedAt = parseTime(created), parseTime(updated), parseNullTime(edited)
	return e, nil
}

func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(DateLayout)
}

func standardsJSON(s []string) string {
	if s == nil {
		s = []string{}
	}
	b, _ := json.Marshal(s) // a []string always marshals
	return string(b)
}

// ListCPDEntries returns a learner's CPD entries, the most recent activity first.
func (s *Store) ListCPDEntries(ctx context.Context, userID int64) ([]CPDEntry, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+cpdColumns+` FROM cpd_entries WHERE user_id = ?
		ORDER BY activity_date DESC, id DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("list cpd entries: %w", err)
	}
	defer rows.Close()
	var out []CPDEntry
	for rows.Next() {
		e, err := scanCPDEntry(rows)
		if err != nil {
			return nil, fmt.Errorf("list cpd entries: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// FindCPDEntry returns one of a learner's entries. It returns ErrNotFound when the entry does
// not exist or belongs to someone else, so ids reveal nothing.
func (s *Store) FindCPDEntry(ctx context.Context, userID, id int64) (CPDEntry, error) {
	e, err := scanCPDEntry(s.db.QueryRowContext(ctx, `SELECT `+cpdColumns+` FROM cpd_entries WHERE id = ? AND user_id = ?`, id, userID))
	if err != nil && !errors.Is(err, ErrNotFound) {
		return CPDEntry{}, fmt.Errorf("find cpd entry: %w", err)
	}
	return e, err
}

// CreateCPDEntry adds an entry the learner wrote; Source is set to CPDManual.
func (s *Store) CreateCPDEntry(ctx context.Context, e CPDEntry) (CPDEntry, error) {
	e.Source, e.SourceRef = CPDManual, ""
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		e.ID, err = s.insertCPDEntry(ctx, tx, e, true)
		return err
	})
	if err != nil {
		return CPDEntry{}, fmt.Errorf("create cpd entry: %w", err)
	}
	return s.FindCPDEntry(ctx, e.UserID, e.ID)
}

func (s *Store) insertCPDEntry(ctx context.Context, tx *sql.Tx, e CPDEntry, edited bool) (int64, error) {
	now := s.now()
	var editedAt any
	if edited {
		editedAt = now
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO cpd_entries (user_id, source, source_ref, activity_type, title, description,
		activity_date, minutes, learnt, impact, peer_with, peer_date, peer_outcome, standards, created_at, updated_at, edited_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.UserID, e.Source, e.SourceRef, e.ActivityType, e.Title, e.Description, formatDate(e.Date), max(e.Minutes, 0),
		e.Learnt, e.Impact, e.PeerWith, formatDate(e.PeerDate), e.PeerOutcome, standardsJSON(e.Standards), now, now, editedAt)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// UpdateCPDEntry saves the learner's changes to one of their entries (everything but its
// source). It returns ErrNotFound when the entry is not theirs.
func (s *Store) UpdateCPDEntry(ctx context.Context, e CPDEntry) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		res, err := tx.ExecContext(ctx, `UPDATE cpd_entries SET activity_type = ?, title = ?, description = ?, activity_date = ?,
			minutes = ?, learnt = ?, impact = ?, peer_with = ?, peer_date = ?, peer_outcome = ?, standards = ?,
			updated_at = ?, edited_at = ? WHERE id = ? AND user_id = ?`,
			e.ActivityType, e.Title, e.Description, formatDate(e.Date), max(e.Minutes, 0), e.Learnt, e.Impact,
			e.PeerWith, formatDate(e.PeerDate), e.PeerOutcome, standardsJSON(e.Standards), now, now, e.ID, e.UserID)
		if err != nil {
			return fmt.Errorf("update cpd entry: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
}

// DeleteCPDEntry removes one of a learner's entries. An entry made from an activity is not
// made again. It returns ErrNotFound when the entry is not theirs.
func (s *Store) DeleteCPDEntry(ctx context.Context, userID, id int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM cpd_entries WHERE id = ? AND user_id = ?`, id, userID)
		if err != nil {
			return fmt.Errorf("delete cpd entry: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
}

// ImportCPDEntries turns a learner's completed activities into entries, once each: an
// activity already imported (even if its entry was deleted since) is skipped. For an
// imported critique the learner has not yet edited, an empty "what I learnt" is filled from
// the candidate, so a reflection written after submitting still reaches the log. It returns
// how many entries were added.
func (s *Store) ImportCPDEntries(ctx context.Context, userID int64, candidates []CPDEntry) (int, error) {
	candidates, err := s.pendingImports(ctx, userID, candidates)
	if err != nil || len(candidates) == 0 {
		return 0, err
	}
	added := 0
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		for _, e := range candidates {
			if e.Source != CPDModule && e.Source != CPDAttempt {
				return fmt.Errorf("source %q cannot be imported", e.Source)
			}
			e.UserID = userID
			res, err := tx.ExecContext(ctx, `INSERT INTO cpd_imports (user_id, source, source_ref) VALUES (?, ?, ?)
				ON CONFLICT (user_id, source, source_ref) DO NOTHING`, userID, e.Source, e.SourceRef)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 1 {
				if _, err := s.insertCPDEntry(ctx, tx, e, false); err != nil {
					return err
				}
				added++
				continue
			}
			if e.Learnt == "" {
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE cpd_entries SET learnt = ?, updated_at = ?
				WHERE user_id = ? AND source = ? AND source_ref = ? AND learnt = '' AND edited_at IS NULL`,
				e.Learnt, s.now(), userID, e.Source, e.SourceRef); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("import cpd entries: %w", err)
	}
	return added, nil
}

// pendingImports drops the candidates that would change nothing, so that viewing the log
// only takes the write lock when there is something to add.
func (s *Store) pendingImports(ctx context.Context, userID int64, candidates []CPDEntry) ([]CPDEntry, error) {
	if len(candidates) == 0 {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT i.source, i.source_ref, COALESCE(e.learnt = '' AND e.edited_at IS NULL, 0)
		FROM cpd_imports i LEFT JOIN cpd_entries e
		ON e.user_id = i.user_id AND e.source = i.source AND e.source_ref = i.source_ref
		WHERE i.user_id = ?`, userID)
	if err != nil {
		return nil, fmt.Errorf("import cpd entries: %w", err)
	}
	defer rows.Close()
	fillable := map[string]bool{} // imported activities, and whether their entry awaits a reflection
	for rows.Next() {
		var source, ref string
		var fill bool
		if err := rows.Scan(&source, &ref, &fill); err != nil {
			return nil, fmt.Errorf("import cpd entries: %w", err)
		}
		fillable[source+"/"+ref] = fillable[source+"/"+ref] || fill
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("import cpd entries: %w", err)
	}
	var out []CPDEntry
	for _, e := range candidates {
		fill, imported := fillable[e.Source+"/"+e.SourceRef]
		if !imported || (fill && e.Learnt != "") {
			out = append(out, e)
		}
	}
	return out, nil
}
