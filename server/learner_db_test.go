package server

import (
	"fmt"
	"strings"
	"testing"
)

// countRows runs a COUNT(*) query on the test server's database.
func countRows(t *testing.T, ts *testServer, query string, args ...any) int {
	t.Helper()
	var n int
	if err := ts.store.DB().QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("count %q: %v", query, err)
	}
	return n
}

// assertNothingLeft looks through every table of the database, whatever feature made it:
// no row may refer to the user's id in a user_id column (or be their users row), and no
// value anywhere may contain any of the texts (their email, name, and words they wrote).
func assertNothingLeft(t *testing.T, ts *testServer, userID int64, texts []string) {
	t.Helper()
	db := ts.store.DB()
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	if len(tables) < 10 {
		t.Fatalf("found only %d tables: %v", len(tables), tables)
	}
	if n := countRows(t, ts, `SELECT COUNT(*) FROM users WHERE id = ?`, userID); n != 0 {
		t.Errorf("users: the deleted user's row is still there")
	}
	for _, table := range tables {
		cols := tableColumns(t, ts, table)
		for _, col := range cols {
			if col == "user_id" {
				if n := countRows(t, ts, fmt.Sprintf(`SELECT COUNT(*) FROM %q WHERE user_id = ?`, table), userID); n != 0 {
					t.Errorf("%s: %d rows with the deleted user's id", table, n)
				}
			}
		}
		scanForTexts(t, ts, table, len(cols), texts)
	}
}

func tableColumns(t *testing.T, ts *testServer, table string) []string {
	t.Helper()
	rows, err := ts.store.DB().Query(fmt.Sprintf(`SELECT name FROM pragma_table_info(%q)`, table))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, c)
	}
	return cols
}

// scanForTexts reads every value of a table as text and reports any that contains a text.
func scanForTexts(t *testing.T, ts *testServer, table string, ncols int, texts []string) {
	t.Helper()
	rows, err := ts.store.DB().Query(fmt.Sprintf(`SELECT * FROM %q`, table))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	vals := make([]any, ncols)
	ptrs := make([]any, ncols)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			s := fmt.Sprint(v)
			if b, ok := v.([]byte); ok {
				s = string(b)
			}
			for _, text := range texts {
				if strings.Contains(strings.ToLower(s), strings.ToLower(text)) {
					t.Errorf("%s still holds %q in %q", table, text, s)
				}
			}
		}
	}
}
