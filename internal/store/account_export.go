package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
)

// AccountData is everything Redpen holds about one user, for "download my data". Secrets
// (the password hash, session and token hashes) are left out: they are not information
// about the person and would only help someone who stole the file.
type AccountData struct {
	User         User // PasswordHash is always empty
	Modules      []ModuleProgress
	QuizAnswers  []ModuleQuizAnswer
	Attempts     []AttemptData
	CPDEntries   []CPDEntry
	Certificates []Certificate
	Cohorts      []CohortMembership
	Tokens       []Token
}

// ModuleQuizAnswer is one stored answer to a knowledge check.
type ModuleQuizAnswer struct {
	ModuleID string
	QuizAnswer
}

// AttemptData is an attempt with its flags.
type AttemptData struct {
	Attempt
	Flags []Flag
}

// CohortMembership is a cohort a user belongs to and their role in it.
type CohortMembership struct {
	CohortID int64
	Name     string
	Role     string
}

// ExportAccount gathers everything held about a user. It returns ErrNotFound for an
// unknown user.
func (s *Store) ExportAccount(ctx context.Context, userID int64) (AccountData, error) {
	var d AccountData
	var err error
	if d.User, err = s.FindUser(ctx, userID); err != nil {
		return AccountData{}, err
	}
	d.User.PasswordHash = ""
	prog, err := s.ListModuleProgress(ctx, userID)
	if err != nil {
		return AccountData{}, err
	}
	for _, p := range prog {
		d.Modules = append(d.Modules, p)
	}
	sort.Slice(d.Modules, func(i, j int) bool { return d.Modules[i].StartedAt.Before(d.Modules[j].StartedAt) })
	if d.QuizAnswers, err = s.listQuizAnswers(ctx, userID); err != nil {
		return AccountData{}, err
	}
	if d.Attempts, err = s.listAttemptData(ctx, userID); err != nil {
		return AccountData{}, err
	}
	if d.CPDEntries, err = s.ListCPDEntries(ctx, userID); err != nil {
		return AccountData{}, err
	}
	if d.Certificates, err = s.ListCertificates(ctx, userID); err != nil {
		return AccountData{}, err
	}
	if d.Cohorts, err = s.listMemberships(ctx, userID); err != nil {
		return AccountData{}, err
	}
	if d.Tokens, err = s.ListTokens(ctx, userID); err != nil {
		return AccountData{}, err
	}
	return d, nil
}

// listQuizAnswers returns every answer a user gave, in the order given.
func (s *Store) listQuizAnswers(ctx context.Context, userID int64) ([]ModuleQuizAnswer, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT module_id, quiz_id, choices, correct, answered_at FROM quiz_answers
		WHERE user_id = ? ORDER BY id`, userID)
	if err != nil {
		return nil, fmt.Errorf("export quiz answers: %w", err)
	}
	defer rows.Close()
	var out []ModuleQuizAnswer
	for rows.Next() {
		var a ModuleQuizAnswer
		var choices, at string
		if err := rows.Scan(&a.ModuleID, &a.QuizID, &choices, &a.Correct, &at); err != nil {
			return nil, fmt.Errorf("export quiz answers: %w", err)
		}
		_ = json.Unmarshal([]byte(choices), &a.Choices) // written by SaveQuizAnswer, always valid
		a.AnsweredAt = parseTime(at)
		out = append(out, a)
	}
	return out, rows.Err()
}

// listAttemptData returns every attempt, drafts included, oldest first, with its flags.
func (s *Store) listAttemptData(ctx context.Context, userID int64) ([]AttemptData, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+attemptColumns+` FROM attempts WHERE user_id = ? ORDER BY created_at, id`, userID)
	if err != nil {
		return nil, fmt.Errorf("export attempts: %w", err)
	}
	var out []AttemptData
	for rows.Next() {
		a, err := scanAttempt(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("export attempts: %w", err)
		}
		out = append(out, AttemptData{Attempt: a})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("export attempts: %w", err)
	}
	for i := range out {
		if out[i].Flags, err = s.ListFlags(ctx, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// listMemberships returns the cohorts a user belongs to.
func (s *Store) listMemberships(ctx context.Context, userID int64) ([]CohortMembership, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT c.id, c.name, m.role FROM cohort_members m JOIN cohorts c ON c.id = m.cohort_id
		WHERE m.user_id = ? ORDER BY c.id`, userID)
	if err != nil {
		return nil, fmt.Errorf("export cohorts: %w", err)
	}
	defer rows.Close()
	var out []CohortMembership
	for rows.Next() {
		var m CohortMembership
		if err := rows.Scan(&m.CohortID, &m.Name, &m.Role); err != nil {
			return nil, fmt.Errorf("export cohorts: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
