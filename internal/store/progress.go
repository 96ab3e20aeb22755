package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// ModuleProgress is a learner's state on one module.
type ModuleProgress struct {
	ModuleID    string
	StartedAt   time.Time
	CompletedAt time.Time // zero until complete
}

// Complete reports whether the module is done.
func (p ModuleProgress) Complete() bool { return !p.CompletedAt.IsZero() }

// QuizAnswer is a learner's latest answer to one knowledge check.
type QuizAnswer struct {
	QuizID     string
	Choices    []int
	Correct    bool
	AnsweredAt time.Time
}

// StartModule records that a learner opened a module; opening it again changes nothing.
func (s *Store) StartModule(ctx context.Context, userID int64, moduleID string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO module_progress (user_id, module_id, started_at) VALUES (?, ?, ?)
			ON CONFLICT (user_id, module_id) DO NOTHING`, userID, moduleID, s.now())
		if err != nil {
			return fmt.Errorf("start module: %w", err)
		}
		return nil
	})
}

// CompleteModule marks a module complete (keeping the first completion time).
func (s *Store) CompleteModule(ctx context.Context, userID int64, moduleID string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.completeModule(ctx, tx, userID, moduleID) })
}

func (s *Store) completeModule(ctx context.Context, tx *sql.Tx, userID int64, moduleID string) error {
	now := s.now()
	_, err := tx.ExecContext(ctx, `INSERT INTO module_progress (user_id, module_id, started_at, completed_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (user_id, module_id) DO UPDATE SET completed_at = COALESCE(module_progress.completed_at, excluded.completed_at)`,
		userID, moduleID, now, now)
	if err != nil {
		return fmt.Errorf("complete module: %w", err)
	}
	return nil
}

// SaveQuizAnswer records an answer. When complete is true — the caller has worked out that
// every check in the module is now passed — the module is marked complete in the same
// transaction, so the two can never disagree.
func (s *Store) SaveQuizAnswer(ctx context.Context, userID int64, moduleID string, a QuizAnswer, complete bool) error {
	choices, err := json.Marshal(a.Choices)
	if err != nil {
		return fmt.Errorf("save quiz answer: %w", err)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO quiz_answers (user_id, module_id, quiz_id, choices, correct, answered_at)
			VALUES (?, ?, ?, ?, ?, ?)`, userID, moduleID, a.QuizID, string(choices), a.Correct, s.now())
		if err != nil {
			return fmt.Errorf("save quiz answer: %w", err)
		}
		if complete {
			return s.completeModule(ctx, tx, userID, moduleID)
		}
		return nil
	})
}

// LatestQuizAnswers returns the latest answer to each knowledge check in a module, by quiz id.
func (s *Store) LatestQuizAnswers(ctx context.Context, userID int64, moduleID string) (map[string]QuizAnswer, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT quiz_id, choices, correct, answered_at FROM quiz_answers
		WHERE user_id = ? AND module_id = ? ORDER BY id`, userID, moduleID)
	if err != nil {
		return nil, fmt.Errorf("latest quiz answers: %w", err)
	}
	defer rows.Close()
	out := map[string]QuizAnswer{}
	for rows.Next() {
		var a QuizAnswer
		var choices, at string
		if err := rows.Scan(&a.QuizID, &choices, &a.Correct, &at); err != nil {
			return nil, fmt.Errorf("latest quiz answers: %w", err)
		}
		_ = json.Unmarshal([]byte(choices), &a.Choices) // written by SaveQuizAnswer, always valid
		a.AnsweredAt = parseTime(at)
		out[a.QuizID] = a // later rows replace earlier ones
	}
	return out, rows.Err()
}

// ListModuleProgress returns a learner's progress on every module they have opened, by id.
func (s *Store) ListModuleProgress(ctx context.Context, userID int64) (map[string]ModuleProgress, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT module_id, started_at, completed_at FROM module_progress WHERE user_id = ?`, userID)
	if err != nil {
		return nil, fmt.Errorf("list module progress: %w", err)
	}
	defer rows.Close()
	out := map[string]ModuleProgress{}
	for rows.Next() {
		var p ModuleProgress
		var started string
		var completed sql.NullString
		if err := rows.Scan(&p.ModuleID, &started, &completed); err != nil {
			return nil, fmt.Errorf("list module progress: %w", err)
		}
		p.StartedAt, p.CompletedAt = parseTime(started), parseNullTime(completed)
		out[p.ModuleID] = p
	}
	return out, rows.Err()
}
