package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/mattn/go-sqlite3"
)

// Kinds of assignment and feedback policies.
const (
	KindModule   = "module"
	KindScenario = "scenario"

	// PolicyImmediate shows the answer key as soon as an attempt is submitted.
	PolicyImmediate = "immediate"
	// PolicyAfterDue shows the score at once but the key only after the due date.
	PolicyAfterDue = "after_due"
)

// ErrAlreadyAssigned is returned when the item is already assigned to the cohort.
var ErrAlreadyAssigned = errors.New("already assigned to this cohort")

// Assignment is a module or scenario set for a cohort.
type Assignment struct {
	ID             int64
	CohortID       int64
	Kind           string // KindModule or KindScenario
	ItemID         string // the module or scenario id
	DueAt          time.Time
	FeedbackPolicy string
	CreatedAt      time.Time
}

// HasDue reports whether the assignment has a due date.
func (a Assignment) HasDue() bool { return !a.DueAt.IsZero() }

// KeyHeldBack reports whether, at now, the answer key is still held back.
func (a Assignment) KeyHeldBack(now time.Time) bool {
	return a.FeedbackPolicy == PolicyAfterDue && a.HasDue() && now.Before(a.DueAt)
}

// LearnerAssignment is an assignment seen by one of the cohort's learners.
type LearnerAssignment struct {
	Assignment
	CohortName string
}

const assignmentColumns = `a.id, a.cohort_id, a.kind, a.item_id, a.due_at, a.feedback_policy, a.created_at`

func scanAssignment(row interface{ Scan(...any) error }, extra ...any) (Assignment, error) {
	var a Assignment
	var due sql.NullString
	var created string
	dest := append([]any{&a.ID, &a.CohortID, &a.Kind, &a.ItemID, &due, &a.FeedbackPolicy, &created}, extra...)
	if err := row.Scan(dest...); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return Assignment{}, ErrNotFound
		}
		return Assignment{}, err
	}
	a.DueAt, a.CreatedAt = parseNullTime(due), parseTime(created)
	return a, nil
}

// CreateAssignment assigns a module or scenario to a cohort. It returns ErrAlreadyAssigned
// if the cohort already has it. The caller checks that the item exists.
func (s *Store) CreateAssignment(ctx context.Context, a Assignment) (Assignment, error) {
	if a.Kind != KindModule && a.Kind != KindScenario {
		return Assignment{}, fmt.Errorf("create assignment: unknown kind %q", a.Kind)
	}
	if a.FeedbackPolicy == "" {
		a.FeedbackPolicy = PolicyImmediate
	}
	var due any
	if a.HasDue() {
		due = a.DueAt.UTC().Format(time.RFC3339)
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO assignments (cohort_id, kind, item_id, due_at, feedback_policy, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, a.CohortID, a.Kind, a.ItemID, due, a.FeedbackPolicy, s.now())
		if err != nil {
			return err
		}
		a.ID, err = res.LastInsertId()
		return err
	})
	var se sqlite3.Error
	if errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintUnique {
		return Assignment{}, ErrAlreadyAssigned
	}
	if err != nil {
		return Assignment{}, fmt.Errorf("create assignment: %w", err)
	}
	return s.findAssignment(ctx, a.CohortID, a.ID)
}

func (s *Store) findAssignment(ctx context.Context, cohortID, id int64) (Assignment, error) {
	a, err := scanAssignment(s.db.QueryRowContext(ctx, `SELECT `+assignmentColumns+` FROM assignments a
		WHERE a.id = ? AND a.cohort_id = ?`, id, cohortID))
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Assignment{}, fmt.Errorf("find assignment: %w", err)
	}
	return a, err
}

// DeleteAssignment removes an assignment from a cohort. Learners' work on the item stays.
// It returns ErrNotFound if the cohort has no assignment with that id.
func (s *Store) DeleteAssignment(ctx context.Context, cohortID, id int64) error {
	return s.updateCohort(ctx, "delete assignment", `DELETE FROM assignments WHERE id = ? AND cohort_id = ?`, id, cohortID)
}

// ListAssignments returns a cohort's assignments, soonest due first (undated last).
func (s *Store) ListAssignments(ctx context.Context, cohortID int64) ([]Assignment, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+assignmentColumns+` FROM assignments a
		WHERE a.cohort_id = ? ORDER BY a.due_at IS NULL, a.due_at, a.id`, cohortID)
	if err != nil {
		return nil, fmt.Errorf("list assignments: %w", err)
	}
	defer rows.Close()
	var out []Assignment
	for rows.Next() {
		a, err := scanAssignment(rows)
		if err != nil {
			return nil, fmt.Errorf("list assignments: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// ListLearnerAssignments returns the assignments of the unarchived cohorts userID is a
// learner in, soonest due first (undated last).
func (s *Store) ListLearnerAssignments(ctx context.Context, userID int64) ([]LearnerAssignment, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+assignmentColumns+`, c.name FROM assignments a
		JOIN cohorts c ON c.id = a.cohort_id AND c.archived_at IS NULL
		JOIN cohort_members m ON m.cohort_id = a.cohort_id AND m.user_id = ? AND m.role = 'learner'
		ORDER BY a.due_at IS NULL, a.due_at, c.name, a.id`, userID)
	if err != nil {
		return nil, fmt.Errorf("list learner assignments: %w", err)
	}
	defer rows.Close()
	var out []LearnerAssignment
	for rows.Next() {
		var la LearnerAssignment
		a, err := scanAssignment(rows, &la.CohortName)
		if err != nil {
			return nil, fmt.Errorf("list learner assignments: %w", err)
		}
		la.Assignment = a
		out = append(out, la)
	}
	return out, rows.Err()
}

// KeyHeldUntil reports until when the answer key of a scenario is held back from a learner:
// the latest due date of the scenario's "after the due date" assignments, in any cohort the
// user is a learner in (archived ones too, so archiving never releases a key early), that
// has not passed. It returns the zero time when the key can be shown.
func (s *Store) KeyHeldUntil(ctx context.Context, userID int64, scenarioID string) (time.Time, error) {
	var until sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT MAX(a.due_at) FROM assignments a
		JOIN cohort_members m ON m.cohort_id = a.cohort_id AND m.user_id = ? AND m.role = 'learner'
		WHERE a.kind = 'scenario' AND a.item_id = ? AND a.feedback_policy = 'after_due' AND a.due_at > ?`,
		userID, scenarioID, s.now()).Scan(&until)
	if err != nil {
		return time.Time{}, fmt.Errorf("key held until: %w", err)
	}
	return parseNullTime(until), nil
}
