package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// TokenPrefix starts every API token, so a leaked one is easy to recognise in logs and scans.
const TokenPrefix = "rp_"

// Token is a personal access token for the API. The secret itself is never stored.
type Token struct {
	ID         int64
	UserID     int64
	Name       string
	CreatedAt  time.Time
	LastUsedAt time.Time
	RevokedAt  time.Time
}

// Active reports whether the token still works.
func (t Token) Active() bool { return t.RevokedAt.IsZero() }

// CreateToken makes a token for a user and returns its secret, shown once.
func (s *Store) CreateToken(ctx context.Context, userID int64, name string) (string, Token, error) {
	secret := TokenPrefix + NewSecret()
	t := Token{UserID: userID, Name: name}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		res, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)`,
			userID, name, hashSecret(secret), now)
		if err != nil {
			return err
		}
		t.CreatedAt = parseTime(now)
		t.ID, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return "", Token{}, fmt.Errorf("create token: %w", err)
	}
	return secret, t, nil
}

// FindTokenUser returns the owner of an active token and records its use; ErrNotFound when
// the token is unknown or revoked.
func (s *Store) FindTokenUser(ctx context.Context, secret string) (User, error) {
	var u User
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		u, err = scanUser(tx.QueryRowContext(ctx, `SELECT u.id, u.email, u.name, u.role, u.password_hash, u.created_at
			FROM api_tokens t JOIN users u ON u.id = t.user_id
			WHERE t.token_hash = ? AND t.revoked_at IS NULL`, hashSecret(secret)))
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE token_hash = ?`, s.now(), hashSecret(secret))
		return err
	})
	if err != nil && !errors.Is(err, ErrNotFound) {
		return User{}, fmt.Errorf("find token: %w", err)
	}
	return u, err
}

// ListTokens returns a user's tokens, newest first.
func (s *Store) ListTokens(ctx context.Context, userID int64) ([]Token, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, user_id, name, created_at, last_used_at, revoked_at
		FROM api_tokens WHERE user_id = ? ORDER BY id DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		var t Token
		var created string
		var used, revoked sql.NullString
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &created, &used, &revoked); err != nil {
			return nil, fmt.Errorf("list tokens: %w", err)
		}
		t.CreatedAt, t.LastUsedAt, t.RevokedAt = parseTime(created), parseNullTime(used), parseNullTime(revoked)
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken revokes one of a user's tokens. It returns ErrNotFound if the user has no
// active token with that id, so nobody can revoke another person's token.
func (s *Store) RevokeToken(ctx context.Context, userID, tokenID int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL`,
			s.now(), tokenID, userID)
		if err != nil {
			return fmt.Errorf("revoke token: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
}
