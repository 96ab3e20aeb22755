package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// ErrLastAdmin is returned when deleting an account would leave Redpen with no admin.
var ErrLastAdmin = errors.New("the only admin account cannot be deleted")

// Deletion says what deleting an account removed, for the learner's confirmation.
type Deletion struct {
	Modules      int // modules opened or completed
	QuizAnswers  int
	Attempts     int // critiques, drafts included
	Flags        int
	CPDEntries   int
	Certificates int
	Tokens       int
	Cohorts      int // cohort memberships
	Anonymous    int // anonymous results kept for cohort statistics
}

// DeleteAccount deletes a user and, through the foreign keys' cascades, everything that
// refers to them. In the same transaction each submitted critique's score and outcome
// (scenario, submission time, score and the result by flaw and flag id, which holds no text the learner
// wrote) is copied into anonymous_results, once for each cohort they were a learner in or
// once with no cohort, so cohort statistics stay right without keeping anything personal.
// The submission time is kept as it was, since analytics compare it with due dates. It
// returns ErrNotFound for an unknown user and ErrLastAdmin when the user is the only admin.
//
// The deletion runs with SQLite's secure_delete on, so the deleted rows are overwritten with
// zeros rather than left in free pages, and the write-ahead log is then checkpointed and
// truncated, so the old pages do not linger there either.
func (s *Store) DeleteAccount(ctx context.Context, userID int64) (Deletion, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return Deletion{}, fmt.Errorf("delete account: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA secure_delete = ON`); err != nil {
		return Deletion{}, fmt.Errorf("delete account: %w", err)
	}
	// The connection goes back to the pool afterwards: leave it as the others are.
	defer conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA secure_delete = OFF`)
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return Deletion{}, fmt.Errorf("delete account: %w", err)
	}
	defer tx.Rollback()
	var d Deletion
	err = deleteAccount(ctx, tx, userID, &d)
	if err == nil {
		err = tx.Commit()
	}
	if errors.Is(err, ErrNotFound) || errors.Is(err, ErrLastAdmin) {
		return Deletion{}, err
	}
	if err != nil {
		return Deletion{}, fmt.Errorf("delete account: %w", err)
	}
	// Best effort: a checkpoint blocked by a reader leaves the log to the next one.
	_, _ = conn.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return d, nil
}

func deleteAccount(ctx context.Context, tx *sql.Tx, userID int64, d *Deletion) error {
	var role string
	err := tx.QueryRowContext(ctx, `SELECT role FROM users WHERE id = ?`, userID).Scan(&role)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	if role == RoleAdmin {
		var admins int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE role = 'admin'`).Scan(&admins); err != nil {
			return err
		}
		if admins <= 1 {
			return ErrLastAdmin
		}
	}
	if err := countDeletion(ctx, tx, userID, d); err != nil {
		return err
	}
	if d.Anonymous, err = keepAnonymousResults(ctx, tx, userID); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM users WHERE id = ?`, userID)
	return err
}

func countDeletion(ctx context.Context, tx *sql.Tx, userID int64, d *Deletion) error {
	counts := []struct {
		n     *int
		query string
	}{
		{&d.Modules, `SELECT COUNT(*) FROM module_progress WHERE user_id = ?`},
		{&d.QuizAnswers, `SELECT COUNT(*) FROM quiz_answers WHERE user_id = ?`},
		{&d.Attempts, `SELECT COUNT(*) FROM attempts WHERE user_id = ?`},
		{&d.Flags, `SELECT COUNT(*) FROM flags WHERE attempt_id IN (SELECT id FROM attempts WHERE user_id = ?)`},
		{&d.CPDEntries, `SELECT COUNT(*) FROM cpd_entries WHERE user_id = ?`},
		{&d.Certificates, `SELECT COUNT(*) FROM certificates WHERE user_id = ?`},
		{&d.Tokens, `SELECT COUNT(*) FROM api_tokens WHERE user_id = ?`},
		{&d.Cohorts, `SELECT COUNT(*) FROM cohort_members WHERE user_id = ?`},
	}
	for _, c := range counts {
		if err := tx.QueryRowContext(ctx, c.query, userID).Scan(c.n); err != nil {
			return err
		}
	}
	return nil
}

// keepAnonymousResults copies the user's submitted results into anonymous_results and
// returns how many rows it wrote.
func keepAnonymousResults(ctx context.Context, tx *sql.Tx, userID int64) (int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT cohort_id FROM cohort_members WHERE user_id = ? AND role = 'learner' ORDER BY cohort_id`, userID)
	if err != nil {
		return 0, err
	}
	var cohorts []any
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		cohorts = append(cohorts, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	if len(cohorts) == 0 {
		cohorts = []any{nil} // results still count in Redpen-wide statistics
	}
	n := 0
	for _, cohort := range cohorts {
		res, err := tx.ExecContext(ctx, `INSERT INTO anonymous_results (cohort_id, scenario_id, submitted_at, score, result)
			SELECT ?, scenario_id, submitted_at, COALESCE(score, 0), COALESCE(result, '{}')
			FROM attempts WHERE user_id = ? AND status = 'submitted' ORDER BY submitted_at, id`, cohort, userID)
		if err != nil {
			return 0, err
		}
		k, _ := res.RowsAffected()
		n += int(k)
	}
	return n, nil
}
