package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"
)

// Roles a user can have.
const (
	RoleLearner  = "learner"
	RoleEducator = "educator"
	RoleAdmin    = "admin"
)

// ValidRole reports whether r is a known role.
func ValidRole(r string) bool { return r == RoleLearner || r == RoleEducator || r == RoleAdmin }

// User is an account.
type User struct {
	ID           int64
	Email        string
	Name         string
	Role         string
	PasswordHash string
	CreatedAt    time.Time
}

// CanTeach reports whether the user may see answer keys and run cohorts.
func (u User) CanTeach() bool { return u.Role == RoleEducator || u.Role == RoleAdmin }

// NormaliseEmail is how emails are compared and stored.
func NormaliseEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

// CreateUser adds an account. It returns ErrDuplicateEmail if the email is taken.
func (s *Store) CreateUser(ctx context.Context, u User) (User, error) {
	u.Email = NormaliseEmail(u.Email)
	if !ValidRole(u.Role) {
		return User{}, fmt.Errorf("create user: unknown role %q", u.Role)
	}
	u.CreatedAt = parseTime(s.now())
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`INSERT INTO users (email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)`,
			u.Email, u.Name, u.Role, u.PasswordHash, s.now())
		if err != nil {
			return err
		}
		u.ID, err = res.LastInsertId()
		return err
	})
	var se sqlite3.Error
	if errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintUnique {
		return User{}, ErrDuplicateEmail
	}
	if err != nil {
		return User{}, fmt.Errorf("create user: %w", err)
	}
	return u, nil
}

const userColumns = `id, email, name, role, password_hash, created_at`

func scanUser(row interface{ Scan(...any) error }) (User, error) {
	var u User
	var created string
	if err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, &created); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return User{}, ErrNotFound
		}
		return User{}, err
	}
	u.CreatedAt = parseTime(created)
	return u, nil
}

// FindUser returns the user with the given id, or ErrNotFound.
func (s *Store) FindUser(ctx context.Context, id int64) (User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
	if err != nil && !errors.Is(err, ErrNotFound) {
		return User{}, fmt.Errorf("find user: %w", err)
	}
	return u, err
}

// FindUserByEmail returns the user with the given email, or ErrNotFound.
func (s *Store) FindUserByEmail(ctx context.Context, email string) (User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email = ?`, NormaliseEmail(email)))
	if err != nil && !errors.Is(err, ErrNotFound) {
		return User{}, fmt.Errorf("find user by email: %w", err)
	}
	return u, err
}

// UpdatePassword replaces a user's password hash and signs them out everywhere.
func (s *Store) UpdatePassword(ctx context.Context, id int64, hash string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, id)
		if err != nil {
			return fmt.Errorf("update password: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, id)
		return err
	})
}
