package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"time"
)

// Certificate records that a learner completed every module of a course. Its ID is the
// public verification id.
type Certificate struct {
	ID          string
	UserID      int64
	LearnerName string // the account's current name, read with the certificate
	CourseID    string
	CourseTitle string // as it was when the certificate was issued
	CompletedAt time.Time
	IssuedAt    time.Time
}

// NewCertificateID returns a random URL-safe verification id with 128 bits of entropy:
// far beyond guessing, and short enough to type from a printed page.
func NewCertificateID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}

const certificateColumns = `c.id, c.user_id, u.name, c.course_id, c.course_title, c.completed_at, c.issued_at`

func scanCertificate(row interface{ Scan(...any) error }) (Certificate, error) {
	var c Certificate
	var completed, issued string
	err := row.Scan(&c.ID, &c.UserID, &c.LearnerName, &c.CourseID, &c.CourseTitle, &completed, &issued)
	if errors.Is(err, sql.ErrNoRows) {
		return Certificate{}, ErrNotFound
	}
	if err != nil {
		return Certificate{}, err
	}
	c.CompletedAt, c.IssuedAt = parseTime(completed), parseTime(issued)
	return c, nil
}

// IssueCertificate returns the learner's certificate for a course, issuing it first if there
// is none. A certificate once issued keeps its id, title and date.
func (s *Store) IssueCertificate(ctx context.Context, userID int64, courseID, courseTitle string, completedAt time.Time) (Certificate, error) {
	c, err := s.findCourseCertificate(ctx, userID, courseID)
	if !errors.Is(err, ErrNotFound) {
		return c, err // issued already, or a real error
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO certificates (id, user_id, course_id, course_title, completed_at, issued_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, course_id) DO NOTHING`,
			NewCertificateID(), userID, courseID, courseTitle, completedAt.UTC().Format(time.RFC3339), s.now())
		return err
	})
	if err != nil {
		return Certificate{}, fmt.Errorf("issue certificate: %w", err)
	}
	return s.findCourseCertificate(ctx, userID, courseID)
}

func (s *Store) findCourseCertificate(ctx context.Context, userID int64, courseID string) (Certificate, error) {
	c, err := scanCertificate(s.db.QueryRowContext(ctx, `SELECT `+certificateColumns+`
		FROM certificates c JOIN users u ON u.id = c.user_id WHERE c.user_id = ? AND c.course_id = ?`, userID, courseID))
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Certificate{}, fmt.Errorf("issue certificate: %w", err)
	}
	return c, err
}

// ListCertificates returns a learner's certificates, the earliest first.
func (s *Store) ListCertificates(ctx context.Context, userID int64) ([]Certificate, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+certificateColumns+`
		FROM certificates c JOIN users u ON u.id = c.user_id WHERE c.user_id = ? ORDER BY c.completed_at, c.id`, userID)
	if err != nil {
		return nil, fmt.Errorf("list certificates: %w", err)
	}
	defer rows.Close()
	var out []Certificate
	for rows.Next() {
		c, err := scanCertificate(rows)
		if err != nil {
			return nil, fmt.Errorf("list certificates: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// FindCertificate returns the certificate with a verification id, or ErrNotFound. Callers
// decide what of it to show: the public check shows only name, course and date.
func (s *Store) FindCertificate(ctx context.Context, id string) (Certificate, error) {
	c, err := scanCertificate(s.db.QueryRowContext(ctx, `SELECT `+certificateColumns+`
		FROM certificates c JOIN users u ON u.id = c.user_id WHERE c.id = ?`, id))
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Certificate{}, fmt.Errorf("find certificate: %w", err)
	}
	return c, err
}
