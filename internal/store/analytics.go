package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// AnonymousResult is the scored outcome of an attempt whose learner has deleted their
// account: kept for the cohort's aggregates, with no text and no link to a person.
type AnonymousResult struct {
	ID          int64
	CohortID    int64
	ScenarioID  string
	SubmittedAt time.Time
	Score       float64
	Result      []byte // the attempt's stored result JSON: verdicts by flaw id only
}

// cohortAttemptsSQL selects the submitted attempts of a cohort's current learners at the
// scenarios assigned to it. It takes the cohort id twice.
const cohortAttemptsSQL = `SELECT a.id, a.user_id, a.scenario_id, a.status, a.created_at, a.updated_at, a.submitted_at, a.score, a.result, a.reflection,
		ROW_NUMBER() OVER (PARTITION BY a.user_id, a.scenario_id ORDER BY a.score DESC, a.submitted_at, a.id) AS best_rank
	FROM attempts a
	JOIN cohort_members m ON m.user_id = a.user_id AND m.cohort_id = ? AND m.role = 'learner'
	WHERE a.status = 'submitted'
	  AND a.scenario_id IN (SELECT s.item_id FROM assignments s WHERE s.cohort_id = ? AND s.kind = 'scenario')`

// ListCohortAttempts returns the submitted attempts of the cohort's current learners at the
// scenarios assigned to it, by learner, scenario and time. With bestOnly, each learner
// counts once per scenario: their highest-scoring attempt (the earliest of equals).
func (s *Store) ListCohortAttempts(ctx context.Context, cohortID int64, bestOnly bool) ([]Attempt, error) {
	query := `SELECT ` + attemptColumns + ` FROM (` + cohortAttemptsSQL + `) ranked
		WHERE (? = 0 OR best_rank = 1) ORDER BY user_id, scenario_id, submitted_at, id`
	rows, err := s.db.QueryContext(ctx, query, cohortID, cohortID, bestOnly)
	if err != nil {
		return nil, fmt.Errorf("list cohort attempts: %w", err)
	}
	defer rows.Close()
	var out []Attempt
	for rows.Next() {
		a, err := scanAttempt(rows)
		if err != nil {
			return nil, fmt.Errorf("list cohort attempts: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// FindCohortAttempt returns a submitted attempt that the cohort's educators may see: one by
// a current learner of the cohort at a scenario assigned to it. Any other id, whoever owns
// it, is ErrNotFound.
func (s *Store) FindCohortAttempt(ctx context.Context, cohortID, attemptID int64) (Attempt, error) {
	query := `SELECT ` + attemptColumns + ` FROM (` + cohortAttemptsSQL + `) ranked WHERE id = ?`
	a, err := scanAttempt(s.db.QueryRowContext(ctx, query, cohortID, cohortID, attemptID))
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Attempt{}, fmt.Errorf("find cohort attempt: %w", err)
	}
	return a, err
}

// maxIDsPerQuery keeps IN lists well under SQLite's default limit of bound variables.
const maxIDsPerQuery = 500

// ListFlagsOf returns the flags of several attempts by attempt id, each in the order made.
func (s *Store) ListFlagsOf(ctx context.Context, attemptIDs []int64) (map[int64][]Flag, error) {
	out := map[int64][]Flag{}
	for start := 0; start < len(attemptIDs); start += maxIDsPerQuery {
		ids := attemptIDs[start:min(start+maxIDsPerQuery, len(attemptIDs))]
		args := make([]any, len(ids))
		for i, id := range ids {
			args[i] = id
		}
		rows, err := s.db.QueryContext(ctx, `SELECT `+flagColumns+` FROM flags
			WHERE attempt_id IN (?`+strings.Repeat(", ?", len(ids)-1)+`) ORDER BY attempt_id, id`, args...)
		if err != nil {
			return nil, fmt.Errorf("list flags of attempts: %w", err)
		}
		for rows.Next() {
			var f Flag
			if err := rows.Scan(&f.ID, &f.AttemptID, &f.Document, &f.Start, &f.End, &f.Quote, &f.Category, &f.Rationale, &f.EvidenceStart, &f.EvidenceEnd); err != nil {
				rows.Close()
				return nil, fmt.Errorf("list flags of attempts: %w", err)
			}
			out[f.AttemptID] = append(out[f.AttemptID], f)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("list flags of attempts: %w", err)
		}
	}
	return out, nil
}

// ListCohortModuleProgress returns the progress of the cohort's current learners on the
// modules assigned to it, by user id and then module id.
func (s *Store) ListCohortModuleProgress(ctx context.Context, cohortID int64) (map[int64]map[string]ModuleProgress, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT p.user_id, p.module_id, p.started_at, p.completed_at
		FROM module_progress p
		JOIN cohort_members m ON m.user_id = p.user_id AND m.cohort_id = ? AND m.role = 'learner'
		WHERE p.module_id IN (SELECT s.item_id FROM assignments s WHERE s.cohort_id = ? AND s.kind = 'module')`, cohortID, cohortID)
	if err != nil {
		return nil, fmt.Errorf("list cohort module progress: %w", err)
	}
	defer rows.Close()
	out := map[int64]map[string]ModuleProgress{}
	for rows.Next() {
		var uid int64
		var p ModuleProgress
		var started string
		var completed sql.NullString
		if err := rows.Scan(&uid, &p.ModuleID, &started, &completed); err != nil {
			return nil, fmt.Errorf("list cohort module progress: %w", err)
		}
		p.StartedAt, p.CompletedAt = parseTime(started), parseNullTime(completed)
		if out[uid] == nil {
			out[uid] = map[string]ModuleProgress{}
		}
		out[uid][p.ModuleID] = p
	}
	return out, rows.Err()
}

// ListAnonymousResults returns the anonymous results kept for a cohort at the scenarios
// assigned to it, oldest first.
func (s *Store) ListAnonymousResults(ctx context.Context, cohortID int64) ([]AnonymousResult, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT r.id, r.cohort_id, r.scenario_id, r.submitted_at, r.score, r.result
		FROM anonymous_results r
		WHERE r.cohort_id = ?
		  AND r.scenario_id IN (SELECT s.item_id FROM assignments s WHERE s.cohort_id = ? AND s.kind = 'scenario')
		ORDER BY r.submitted_at, r.id`, cohortID, cohortID)
	if err != nil {
		return nil, fmt.Errorf("list anonymous results: %w", err)
	}
	defer rows.Close()
	var out []AnonymousResult
	for rows.Next() {
		var r AnonymousResult
		var at, result string
		if err := rows.Scan(&r.ID, &r.CohortID, &r.ScenarioID, &at, &r.Score, &result); err != nil {
			return nil, fmt.Errorf("list anonymous results: %w", err)
		}
		r.SubmittedAt, r.Result = parseTime(at), []byte(result)
		out = append(out, r)
	}
	return out, rows.Err()
}
