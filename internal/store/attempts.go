package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Attempt statuses.
const (
	StatusDraft     = "draft"
	StatusSubmitted = "submitted"
)

// Attempt is one go at critiquing a scenario. While a draft, its flags can change; once
// submitted it is scored and frozen.
type Attempt struct {
	ID          int64
	UserID      int64
	ScenarioID  string
	Status      string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	SubmittedAt time.Time
	Score       float64
	Result      []byte // the scored outcome as JSON, written by the server at submission
	Reflection  string
}

// Submitted reports whether the attempt has been scored.
func (a Attempt) Submitted() bool { return a.Status == StatusSubmitted }

// Flag is a learner's mark on a span of the note or the source.
type Flag struct {
	ID            int64
	AttemptID     int64
	Document      string // "note" or "source"
	Start, End    int    // code point offsets, [Start, End)
	Quote         string // the flagged text, kept so the attempt reads the same if content changes
	Category      string
	Rationale     string
	EvidenceStart int // in the source; -1 when no evidence line is linked
	EvidenceEnd   int
}

// HasEvidence reports whether the learner linked evidence in the source.
func (f Flag) HasEvidence() bool { return f.EvidenceStart >= 0 && f.EvidenceEnd > f.EvidenceStart }

const attemptColumns = `id, user_id, scenario_id, status, created_at, updated_at, submitted_at, COALESCE(score, 0), COALESCE(result, ''), reflection`

func scanAttempt(row interface{ Scan(...any) error }) (Attempt, error) {
	var a Attempt
	var created, updated string
	var submitted sql.NullString
	var result string
	err := row.Scan(&a.ID, &a.UserID, &a.ScenarioID, &a.Status, &created, &updated, &submitted, &a.Score, &result, &a.Reflection)
	if errors.Is(err, sql.ErrNoRows) {
		return Attempt{}, ErrNotFound
	}
	if err != nil {
		return Attempt{}, err
	}
	a.CreatedAt, a.UpdatedAt, a.SubmittedAt = parseTime(created), parseTime(updated), parseNullTime(submitted)
	if result != "" {
		a.Result = []byte(result)
	}
	return a, nil
}

// OpenDraft returns the learner's draft attempt at a scenario, creating it if there is none.
func (s *Store) OpenDraft(ctx context.Context, userID int64, scenarioID string) (Attempt, error) {
	var a Attempt
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		a, err = scanAttempt(tx.QueryRowContext(ctx, `SELECT `+attemptColumns+` FROM attempts
			WHERE user_id = ? AND scenario_id = ? AND status = 'draft'`, userID, scenarioID))
		if !errors.Is(err, ErrNotFound) {
			return err
		}
		now := s.now()
		res, err := tx.ExecContext(ctx, `INSERT INTO attempts (user_id, scenario_id, status, created_at, updated_at)
			VALUES (?, ?, 'draft', ?, ?)`, userID, scenarioID, now, now)
		if err != nil {
			return err
		}
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		a, err = scanAttempt(tx.QueryRowContext(ctx, `SELECT `+attemptColumns+` FROM attempts WHERE id = ?`, id))
		return err
	})
	if err != nil {
		return Attempt{}, fmt.Errorf("open draft: %w", err)
	}
	return a, nil
}

// FindAttempt returns the attempt with the given id, or ErrNotFound. Callers check who owns it.
func (s *Store) FindAttempt(ctx context.Context, id int64) (Attempt, error) {
	a, err := scanAttempt(s.db.QueryRowContext(ctx, `SELECT `+attemptColumns+` FROM attempts WHERE id = ?`, id))
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Attempt{}, fmt.Errorf("find attempt: %w", err)
	}
	return a, err
}

// ListAttempts returns a learner's submitted attempts, newest first; scenarioID "" means all.
func (s *Store) ListAttempts(ctx context.Context, userID int64, scenarioID string) ([]Attempt, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+attemptColumns+` FROM attempts
		WHERE user_id = ? AND status = 'submitted' AND (? = '' OR scenario_id = ?)
		ORDER BY submitted_at DESC, id DESC`, userID, scenarioID, scenarioID)
	if err != nil {
		return nil, fmt.Errorf("list attempts: %w", err)
	}
	defer rows.Close()
	var out []Attempt
	for rows.Next() {
		a, err := scanAttempt(rows)
		if err != nil {
			return nil, fmt.Errorf("list attempts: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// SubmitAttempt scores a draft: it stores the score and result and freezes the flags. It
// returns ErrConflict if the attempt is not a draft (say, submitted twice from two tabs).
func (s *Store) SubmitAttempt(ctx context.Context, id int64, score float64, result []byte) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		res, err := tx.ExecContext(ctx, `UPDATE attempts SET status = 'submitted', submitted_at = ?, updated_at = ?, score = ?, result = ?
			WHERE id = ? AND status = 'draft'`, now, now, score, string(result), id)
		if err != nil {
			return fmt.Errorf("submit attempt: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrConflict
		}
		return nil
	})
}

// CreateSubmittedAttempt stores flags and their scored result in one step, for clients that
// send a whole critique at once (the API). result is built from the returned flag ids by
// the callback, so stored results can refer to flags by id.
func (s *Store) CreateSubmittedAttempt(ctx context.Context, userID int64, scenarioID string, flags []Flag, score float64, result func(ids []int64) ([]byte, error)) (Attempt, error) {
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		res, err := tx.ExecContext(ctx, `INSERT INTO attempts (user_id, scenario_id, status, created_at, updated_at, submitted_at, score)
			VALUES (?, ?, 'submitted', ?, ?, ?, ?)`, userID, scenarioID, now, now, now, score)
		if err != nil {
			return err
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		ids := make([]int64, len(flags))
		for i, f := range flags {
			f.AttemptID = id
			if ids[i], err = s.insertFlag(ctx, tx, f); err != nil {
				return err
			}
		}
		body, err := result(ids)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE attempts SET result = ? WHERE id = ?`, string(body), id)
		return err
	})
	if err != nil {
		return Attempt{}, fmt.Errorf("create attempt: %w", err)
	}
	return s.FindAttempt(ctx, id)
}

// SaveReflection stores the learner's reflection on a submitted attempt.
func (s *Store) SaveReflection(ctx context.Context, id int64, text string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE attempts SET reflection = ?, updated_at = ? WHERE id = ? AND status = 'submitted'`, text, s.now(), id)
		if err != nil {
			return fmt.Errorf("save reflection: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrConflict
		}
		return nil
	})
}
