package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// SessionLifetime is how long a sign-in lasts.
const SessionLifetime = 14 * 24 * time.Hour

// NewSecret returns a random URL-safe token with 256 bits of entropy.
func NewSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashSecret is what is stored: a leaked database does not reveal live sessions or tokens.
func hashSecret(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// CreateSession signs a user in and returns the secret for their cookie.
func (s *Store) CreateSession(ctx context.Context, userID int64) (string, error) {
	secret := NewSecret()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.Now().UTC()
		_, err := tx.ExecContext(ctx,
			`INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			hashSecret(secret), userID, now.Format(time.RFC3339), now.Add(SessionLifetime).Format(time.RFC3339))
		if err != nil {
			return err
		}
		// Housekeeping on sign-in keeps the table small without a background job.
		_, err = tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < ?`, now.Format(time.RFC3339))
		return err
	})
	if err != nil {
		return "", fmt.Errorf("create session: %w", err)
	}
	return secret, nil
}

// FindSessionUser returns the user signed in with secret, or ErrNotFound when the session
// does not exist or has expired.
func (s *Store) FindSessionUser(ctx context.Context, secret string) (User, error) {
	row := s.db.QueryRowContext(ctx, `SELECT u.id, u.email, u.name, u.role, u.password_hash, u.created_at
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = ? AND s.expires_at > ?`, hashSecret(secret), s.now())
	u, err := scanUser(row)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return User{}, fmt.Errorf("find session: %w", err)
	}
	return u, err
}

// DeleteSession signs a session out. Deleting a missing session is not an error.
func (s *Store) DeleteSession(ctx context.Context, secret string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hashSecret(secret))
		return err
	})
}
