package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"
)

// Roles a member can have in a cohort.
const (
	MemberLearner  = "learner"
	MemberEducator = "educator"
)

// JoinCodeAlphabet leaves out letters and digits that are easily confused (0/O, 1/I/L, 5/S,
// 8/B, 2/Z, U/V), so a code read aloud or copied from a slide works first time.
const JoinCodeAlphabet = "ACDEFGHJKMNPQRTWXY34679"

// JoinCodeLength is long enough (about 45 bits) that codes cannot be guessed by trying.
const JoinCodeLength = 10

// Cohort is a class run by one or more educators.
type Cohort struct {
	ID         int64
	Name       string
	JoinCode   string
	ArchivedAt time.Time // zero unless archived
	CreatedAt  time.Time
	Learners   int // filled by ListCohorts
}

// Archived reports whether the cohort has been archived.
func (c Cohort) Archived() bool { return !c.ArchivedAt.IsZero() }

// Member is a user's place in a cohort.
type Member struct {
	User     User
	Role     string
	JoinedAt time.Time
}

// NewJoinCode returns a random join code drawn from JoinCodeAlphabet with crypto/rand.
func NewJoinCode() (string, error) {
	var b strings.Builder
	n := big.NewInt(int64(len(JoinCodeAlphabet)))
	for range JoinCodeLength {
		i, err := rand.Int(rand.Reader, n)
		if err != nil {
			return "", fmt.Errorf("join code: %w", err)
		}
		b.WriteByte(JoinCodeAlphabet[i.Int64()])
	}
	return b.String(), nil
}

// NormaliseJoinCode is how a typed code is compared: capitals, without spaces or hyphens.
func NormaliseJoinCode(code string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\t' {
			return -1
		}
		return r
	}, strings.ToUpper(strings.TrimSpace(code)))
}

const cohortColumns = `c.id, c.name, c.join_code, c.archived_at, c.created_at`

func scanCohort(row interface{ Scan(...any) error }, extra ...any) (Cohort, error) {
	var c Cohort
	var archived sql.NullString
	var created string
	dest := append([]any{&c.ID, &c.Name, &c.JoinCode, &archived, &created}, extra...)
	if err := row.Scan(dest...); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return Cohort{}, ErrNotFound
		}
		return Cohort{}, err
	}
	c.ArchivedAt, c.CreatedAt = parseNullTime(archived), parseTime(created)
	return c, nil
}

// CreateCohort creates a cohort with a fresh join code and makes educatorID its first
// educator.
func (s *Store) CreateCohort(ctx context.Context, name string, educatorID int64) (Cohort, error) {
	var id int64
	for try := 0; ; try++ {
		code, err := NewJoinCode()
		if err != nil {
			return Cohort{}, fmt.Errorf("create cohort: %w", err)
		}
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			now := s.now()
			res, err := tx.ExecContext(ctx, `INSERT INTO cohorts (name, join_code, created_at) VALUES (?, ?, ?)`, name, code, now)
			if err != nil {
				return err
			}
			if id, err = res.LastInsertId(); err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO cohort_members (cohort_id, user_id, role, joined_at) VALUES (?, ?, 'educator', ?)`, id, educatorID, now)
			return err
		})
		var se sqlite3.Error
		if errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintUnique && try < 5 {
			continue // the code was taken: draw another
		}
		if err != nil {
			return Cohort{}, fmt.Errorf("create cohort: %w", err)
		}
		return s.FindCohort(ctx, id)
	}
}

// FindCohort returns the cohort with the given id, or ErrNotFound. Callers check who may see it.
func (s *Store) FindCohort(ctx context.Context, id int64) (Cohort, error) {
	c, err := scanCohort(s.db.QueryRowContext(ctx, `SELECT `+cohortColumns+` FROM cohorts c WHERE c.id = ?`, id))
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Cohort{}, fmt.Errorf("find cohort: %w", err)
	}
	return c, err
}

// FindCohortByCode returns the unarchived cohort with the join code (compared after
// NormaliseJoinCode), or ErrNotFound.
func (s *Store) FindCohortByCode(ctx context.Context, code string) (Cohort, error) {
	c, err := scanCohort(s.db.QueryRowContext(ctx, `SELECT `+cohortColumns+` FROM cohorts c
		WHERE c.join_code = ? AND c.archived_at IS NULL`, NormaliseJoinCode(code)))
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Cohort{}, fmt.Errorf("find cohort by code: %w", err)
	}
	return c, err
}

// ListCohorts returns the cohorts userID is an educator of, or every cohort when all is
// true (for admins), unarchived first, then by name; each with its number of learners.
func (s *Store) ListCohorts(ctx context.Context, userID int64, all bool) ([]Cohort, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+cohortColumns+`,
			(SELECT COUNT(*) FROM cohort_members l WHERE l.cohort_id = c.id AND l.role = 'learner')
		FROM cohorts c
		WHERE ? OR EXISTS (SELECT 1 FROM cohort_members m WHERE m.cohort_id = c.id AND m.user_id = ? AND m.role = 'educator')
		ORDER BY c.archived_at IS NOT NULL, c.name, c.id`, all, userID)
	if err != nil {
		return nil, fmt.Errorf("list cohorts: %w", err)
	}
	defer rows.Close()
	var out []Cohort
	for rows.Next() {
		var n int
		c, err := scanCohort(rows, &n)
		if err != nil {
			return nil, fmt.Errorf("list cohorts: %w", err)
		}
		c.Learners = n
		out = append(out, c)
	}
	return out, rows.Err()
}

// RenameCohort changes a cohort's name. It returns ErrNotFound if there is no such cohort.
func (s *Store) RenameCohort(ctx context.Context, id int64, name string) error {
	return s.updateCohort(ctx, "rename cohort", `UPDATE cohorts SET name = ? WHERE id = ?`, name, id)
}

// ArchiveCohort archives a cohort (archived is true) or restores it. An archived cohort's
// join code stops working; its records stay. It returns ErrNotFound if there is no such cohort.
func (s *Store) ArchiveCohort(ctx context.Context, id int64, archived bool) error {
	var at any
	if archived {
		at = s.now()
	}
	return s.updateCohort(ctx, "archive cohort", `UPDATE cohorts SET archived_at = ? WHERE id = ?`, at, id)
}

func (s *Store) updateCohort(ctx context.Context, op, query string, args ...any) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, query, args...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
	if err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("%s: %w", op, err)
	}
	return err
}

// MemberRole returns userID's role in the cohort, or ErrNotFound if they are not a member.
func (s *Store) MemberRole(ctx context.Context, cohortID, userID int64) (string, error) {
	var role string
	err := s.db.QueryRowContext(ctx, `SELECT role FROM cohort_members WHERE cohort_id = ? AND user_id = ?`, cohortID, userID).Scan(&role)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("member role: %w", err)
	}
	return role, nil
}

// JoinCohort adds userID to the cohort as a learner. Joining again changes nothing, and an
// educator of the cohort stays an educator. It reports whether the user was newly added.
func (s *Store) JoinCohort(ctx context.Context, cohortID, userID int64) (bool, error) {
	var added bool
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO cohort_members (cohort_id, user_id, role, joined_at) VALUES (?, ?, 'learner', ?)
			ON CONFLICT (cohort_id, user_id) DO NOTHING`, cohortID, userID, s.now())
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		added = n > 0
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("join cohort: %w", err)
	}
	return added, nil
}

// AddEducator makes userID an educator of the cohort, promoting them if they were a learner
// in it. The caller checks that the account may teach.
func (s *Store) AddEducator(ctx context.Context, cohortID, userID int64) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO cohort_members (cohort_id, user_id, role, joined_at) VALUES (?, ?, 'educator', ?)
			ON CONFLICT (cohort_id, user_id) DO UPDATE SET role = 'educator'`, cohortID, userID, s.now())
		return err
	})
	if err != nil {
		return fmt.Errorf("add educator: %w", err)
	}
	return nil
}

// RemoveLearner takes a learner out of the cohort. Their attempts and progress stay theirs;
// the cohort simply stops seeing them. It returns ErrNotFound unless userID is a learner in
// the cohort.
func (s *Store) RemoveLearner(ctx context.Context, cohortID, userID int64) error {
	return s.updateCohort(ctx, "remove learner", `DELETE FROM cohort_members WHERE cohort_id = ? AND user_id = ? AND role = 'learner'`, cohortID, userID)
}

// ListMembers returns the cohort's members with their accounts, educators first, then by name.
func (s *Store) ListMembers(ctx context.Context, cohortID int64) ([]Member, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT u.id, u.email, u.name, u.role, u.created_at, m.role, m.joined_at
		FROM cohort_members m JOIN users u ON u.id = m.user_id
		WHERE m.cohort_id = ? ORDER BY m.role = 'learner', u.name, u.id`, cohortID)
	if err != nil {
		return nil, fmt.Errorf("list members: %w", err)
	}
	defer rows.Close()
	var out []Member
	for rows.Next() {
		var m Member
		var created, joined string
		if err := rows.Scan(&m.User.ID, &m.User.Email, &m.User.Name, &m.User.Role, &created, &m.Role, &joined); err != nil {
			return nil, fmt.Errorf("list members: %w", err)
		}
		m.User.CreatedAt, m.JoinedAt = parseTime(created), parseTime(joined)
		out = append(out, m)
	}
	return out, rows.Err()
}

// ListLearnerCohorts returns the unarchived cohorts userID is a learner in, by name.
func (s *Store) ListLearnerCohorts(ctx context.Context, userID int64) ([]Cohort, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+cohortColumns+` FROM cohorts c
		JOIN cohort_members m ON m.cohort_id = c.id AND m.user_id = ? AND m.role = 'learner'
		WHERE c.archived_at IS NULL ORDER BY c.name, c.id`, userID)
	if err != nil {
		return nil, fmt.Errorf("list learner cohorts: %w", err)
	}
	defer rows.Close()
	var out []Cohort
	for rows.Next() {
		c, err := scanCohort(rows)
		if err != nil {
			return nil, fmt.Errorf("list learner cohorts: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
