package server

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestRegistrationYear(t *testing.T) {
	tests := []struct {
		name  string
		at    time.Time
		start string
		end   string
	}{
		{"spring", time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC), "2025-12-01", "2026-11-30"},
		{"last day", time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC), "2025-12-01", "2026-11-30"},
		{"first day", time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC), "2026-12-01", "2027-11-30"},
		{"new year", time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC), "2026-12-01", "2027-11-30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			y := registrationYearOf(tt.at)
			if got := y.Start.Format("2006-01-02"); got != tt.start {
				t.Errorf("start = %s, want %s", got, tt.start)
			}
			if got := y.End.Format("2006-01-02"); got != tt.end {
				t.Errorf("end = %s, want %s", got, tt.end)
			}
			if !y.Contains(y.Start) || !y.Contains(y.End) || y.Contains(y.End.AddDate(0, 0, 1)) || y.Contains(y.Start.AddDate(0, 0, -1)) {
				t.Errorf("Contains is wrong at the edges of %s", y.Label())
			}
		})
	}
}

func TestMeasuredMinutes(t *testing.T) {
	start := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		spent    time.Duration
		estimate int
		want     int
	}{
		{"as spent, rounded up", 12*time.Minute + 10*time.Second, 25, 13},
		{"at least a minute", 0, 25, 1},
		{"capped at twice the estimate", 3 * time.Hour, 25, 50},
		{"an hour without an estimate", 5 * time.Hour, 0, 60},
		{"clock skew", -time.Hour, 20, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := measuredMinutes(start, start.Add(tt.spent), tt.estimate); got != tt.want {
				t.Errorf("measuredMinutes = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestCPDForm(t *testing.T) {
	ts := newTestServer(t)
	ts.setClock(time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC))
	c, _ := ts.signedIn(t, "learner")

	tests := []struct {
		name    string
		change  url.Values
		field   string
		message string
	}{
		{"no title", url.Values{"title": {""}}, "title", "Enter a title for the activity"},
		{"no description", url.Values{"description": {"  "}}, "description", "Describe the activity and why it is relevant"},
		{"unknown type", url.Values{"type": {"holiday"}}, "type", "Choose the type of activity"},
		{"bad date", url.Values{"date": {"31/02/2026"}}, "date", "Enter the date as day, month and year"},
		{"future date", url.Values{"date": {"2026-04-01"}}, "date", "must be today or in the past"},
		{"bad minutes", url.Values{"minutes": {"an hour"}}, "minutes", "whole number of minutes"},
		{"peer without outcome", url.Values{"peer_with": {"a colleague"}}, "peer_outcome", "Say what came of the discussion"},
		{"outcome without peer", url.Values{"peer_outcome": {"We agreed a routine."}}, "peer_with", "Say who you discussed it with"},
		{"unknown standard", url.Values{"standards": {"9.9"}}, "standards", "Choose standards from the list"},
		{"NUL byte", url.Values{"learnt": {"a\x00b"}}, "learnt", "cannot be stored"},
		{"too long", url.Values{"title": {strings.Repeat("a", 201)}}, "title", "200 characters or fewer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Ensure a bad field is named, linked from the summary, and the input kept.
			form := cpdEntryForm("Kept title " + tt.name)
			for k, v := range tt.change {
				form[k] = v
			}
			res := c.postForm("/cpd", form)
			wantStatus(t, res, http.StatusUnprocessableEntity)
			wantContains(t, res.Body, `href="#`+tt.field+`"`, tt.message, escText(form.Get("title")))
		})
	}
	if n := countRows(t, ts, `SELECT COUNT(*) FROM cpd_entries`); n != 0 {
		t.Fatalf("%d entries saved from invalid forms", n)
	}

	t.Run("OK", func(t *testing.T) {
		// Ensure a day-first date is understood and the entry counts for this year.
		form := cpdEntryForm("Team discussion of AI notes")
		form.Set("date", "5/3/2026")
		wantRedirect(t, c.postForm("/cpd", form), "/cpd")
		res := c.get("/cpd")
		wantContains(t, res.Body, "Team discussion of AI notes", "5 March 2026", "50 minutes", "Reflection written", "Fewer than 2")
	})

	t.Run("NewFromAttempt", func(t *testing.T) {
		// Ensure a new entry started from a critique carries its reflection as what was learnt.
		clk := ts.setClock(time.Date(2026, 3, 11, 9, 0, 0, 0, time.UTC))
		sc := ts.critiqueScenario(t)
		path := c.critique(sc, sc.Flaws[:1], "why", clk, 10*time.Minute)
		wantStatus(t, c.postForm(path+"/reflection", url.Values{"reflection": {"Check who said it."}}), http.StatusSeeOther)
		res := c.get("/cpd/new?attempt=" + strings.TrimPrefix(path, "/attempts/"))
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, "Check who said it.", escText(sc.Title), `value="10"`)
		other, _ := ts.signedIn(t, "learner")
		wantStatus(t, other.get("/cpd/new?attempt="+strings.TrimPrefix(path, "/attempts/")), http.StatusNotFound)
	})
}

func TestCPDAuthorisation(t *testing.T) {
	ts := newTestServer(t)
	ts.setClock(time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC))
	owner, _ := ts.signedIn(t, "learner")
	wantRedirect(t, owner.postForm("/cpd", cpdEntryForm("Mine alone")), "/cpd")
	id := cpdEntryIDs(owner.get("/cpd").Body)[0]
	intruder, _ := ts.signedIn(t, "learner")

	// Ensure another learner gets a plain 404 for every way into the entry, and it is unchanged.
	wantStatus(t, intruder.get("/cpd/"+id+"/edit"), http.StatusNotFound)
	wantStatus(t, intruder.get("/cpd/"+id+"/delete"), http.StatusNotFound)
	wantStatus(t, intruder.postForm("/cpd/"+id, cpdEntryForm("Hijacked")), http.StatusNotFound)
	wantStatus(t, intruder.postForm("/cpd/"+id+"/delete", nil), http.StatusNotFound)
	wantNotContains(t, intruder.get("/cpd").Body, "Mine alone")
	wantNotContains(t, intruder.get("/cpd.csv").Body, "Mine alone")
	wantContains(t, owner.get("/cpd/"+id+"/edit").Body, "Mine alone")

	// Ensure visitors are sent to sign in, and forms need the CSRF token.
	visitor := ts.newClient(t)
	for _, path := range []string{"/cpd", "/cpd/print", "/cpd.md", "/cpd.csv", "/dashboard", "/settings/data", "/settings/data/export"} {
		res := visitor.get(path)
		if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login?next=") {
			t.Errorf("visitor GET %s: %d to %q, want a redirect to sign in", path, res.Status, res.Header.Get("Location"))
		}
	}
	res := owner.postRaw("/cpd/"+id+"/delete", "")
	if res.Status != http.StatusBadRequest && res.Status != http.StatusForbidden {
		t.Errorf("delete without CSRF token: %d, want 400 or 403", res.Status)
	}

	t.Run("Delete", func(t *testing.T) {
		// Ensure the owner is asked first, then the entry goes.
		confirm := owner.get("/cpd/" + id + "/delete")
		wantContains(t, confirm.Body, "Delete this CPD entry?", `action="/cpd/`+id+`/delete"`, "Mine alone")
		wantRedirect(t, owner.postForm("/cpd/"+id+"/delete", nil), "/cpd")
		wantStatus(t, owner.get("/cpd/"+id+"/edit"), http.StatusNotFound)
	})
}

func TestCPDCSVFormulaSafe(t *testing.T) {
	ts := newTestServer(t)
	ts.setClock(time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC))
	c, _ := ts.signedIn(t, "learner")
	form := cpdEntryForm(`=HYPERLINK("http://evil.example","click")`)
	form.Set("learnt", "+1+2")
	form.Set("impact", "@SUM(A1)")
	form.Set("description", "-3, with \"quotes\"\nand a new line")
	wantRedirect(t, c.postForm("/cpd", form), "/cpd")
	res := c.get("/cpd.csv")
	wantStatus(t, res, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.Body, "\ufeff"))).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("CSV rows = %d, %v", len(rows), err)
	}
	// Ensure no cell starts a formula, and the text is otherwise whole.
	for i, cell := range rows[1] {
		if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
			t.Errorf("cell %d = %q starts a formula", i, cell)
		}
	}
	for _, want := range []string{`'=HYPERLINK("http://evil.example","click")`, "'+1+2", "'@SUM(A1)", "'-3, with \"quotes\"\nand a new line"} {
		found := false
		for _, cell := range rows[1] {
			found = found || cell == want
		}
		if !found {
			t.Errorf("no cell %q in %q", want, rows[1])
		}
	}
	wantStatus(t, c.get("/cpd.csv?year=nonsense"), http.StatusBadRequest)
	if rows := strings.Count(c.get("/cpd.csv?year=2025").Body, "\n"); rows != 1 {
		t.Errorf("CSV for the year ending November 2025 has %d lines, want the header only", rows)
	}
}

// Ensure the year's requirement counts entries with what was learnt and its impact written,
// not entries that are only a title and a date.
func TestCPDSummaryEnough(t *testing.T) {
	for _, tt := range []struct {
		entries, reflected int
		want               bool
	}{{5, 0, false}, {5, 1, false}, {2, 2, true}, {7, 3, true}} {
		if got := (cpdSummary{Entries: tt.entries, Reflected: tt.reflected}).Enough(); got != tt.want {
			t.Errorf("%d entries, %d written: Enough = %v, want %v", tt.entries, tt.reflected, got, tt.want)
		}
	}
}
