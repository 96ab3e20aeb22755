package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Audit actions.
const (
	AuditViewAttempt   = "view-attempt"   // an educator opened a learner's attempt
	AuditChangeRole    = "change-role"    // an admin changed someone's role
	AuditCreateUser    = "create-user"    // an account was made from the command line
	AuditViewExport    = "export-grades"  // an educator downloaded a cohort's grades or attempts
	AuditResetPassword = "reset-password" // an admin set a temporary password for someone
)

// AuditEntry is one line of the audit trail.
type AuditEntry struct {
	ID        int64
	At        time.Time
	ActorID   int64 // 0 for the command line
	ActorName string
	Action    string
	Subject   string // what it was done to, e.g. "attempt 12 of Sam Taylor"
	Detail    string
}

// Audit records that actor did action to subject. The names are copied so the trail
// still reads correctly after an account is deleted.
func (s *Store) Audit(ctx context.Context, actor User, action, subject, detail string) error {
	name := actor.Name
	if actor.ID == 0 && name == "" {
		name = "command line"
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (at, actor_id, actor_name, action, subject, detail) VALUES (?, ?, ?, ?, ?, ?)`,
			s.now(), actor.ID, name, action, subject, detail)
		if err != nil {
			return fmt.Errorf("audit: %w", err)
		}
		return nil
	})
}

// ListAudit returns the most recent entries first, at most limit of them, starting after
// the entry with id before (0 for the newest).
func (s *Store) ListAudit(ctx context.Context, before int64, limit int) ([]AuditEntry, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, at, COALESCE(actor_id, 0), actor_name, action, subject, detail FROM audit_log
		WHERE (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?`, before, before, limit)
	if err != nil {
		return nil, fmt.Errorf("list audit: %w", err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at string
		if err := rows.Scan(&e.ID, &at, &e.ActorID, &e.ActorName, &e.Action, &e.Subject, &e.Detail); err != nil {
			return nil, fmt.Errorf("list audit: %w", err)
		}
		e.At = parseTime(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// ListUsers returns every account, by name.
func (s *Store) ListUsers(ctx context.Context) ([]User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY name, id`)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// UpdateRole changes a user's role and records it in the audit trail in one transaction.
// It returns ErrNotFound for an unknown user.
func (s *Store) UpdateRole(ctx context.Context, actor User, userID int64, role string) error {
	if !ValidRole(role) {
		return fmt.Errorf("update role: unknown role %q", role)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var name, old string
		err := tx.QueryRowContext(ctx, `SELECT name, role FROM users WHERE id = ?`, userID).Scan(&name, &old)
		if err == sql.ErrNoRows {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("update role: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET role = ? WHERE id = ?`, role, userID); err != nil {
			return fmt.Errorf("update role: %w", err)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO audit_log (at, actor_id, actor_name, action, subject, detail) VALUES (?, ?, ?, ?, ?, ?)`,
			s.now(), actor.ID, actor.Name, AuditChangeRole, fmt.Sprintf("%s (user %d)", name, userID), old+" → "+role)
		return err
	})
}
