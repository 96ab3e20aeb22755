package server

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/redpen-social/redpen/internal/scenario"
	"github.com/redpen-social/redpen/internal/score"
	"github.com/redpen-social/redpen/internal/store"
	"github.com/redpen-social/redpen/internal/taxonomy"
)

// cleanUnit returns a sentence of the note that holds no key flaw.
func cleanUnit(t *testing.T, sc *scenario.Scenario) scenario.Unit {
	t.Helper()
	for _, u := range sc.Note.Units {
		clean := true
		for _, f := range sc.Flaws {
			if f.Span.Doc == score.Note && f.Span.Start < u.End && u.Start < f.Span.End {
				clean = false
			}
		}
		if clean {
			return u
		}
	}
	t.Fatal("every sentence of the note holds a flaw")
	return scenario.Unit{}
}

func TestCohortAnalyticsWithAnonymousResults(t *testing.T) {
	ts := newTestServer(t)
	ctx := context.Background()
	educator, eu := ts.signedIn(t, store.RoleEducator)
	learner, lu := ts.signedIn(t, store.RoleLearner)
	sc := ts.critiqueScenario(t)
	co, _ := ts.store.CreateCohort(ctx, "Year 3", eu.ID)
	if _, err := ts.store.JoinCohort(ctx, co.ID, lu.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.store.CreateAssignment(ctx, store.Assignment{CohortID: co.ID, Kind: store.KindScenario, ItemID: sc.ID}); err != nil {
		t.Fatal(err)
	}
	// The learner finds the first flaw and flags a clean sentence; a deleted learner found nothing.
	u := cleanUnit(t, sc)
	wantStatus(t, learner.postForm("/scenarios/"+sc.ID+"/flags", url.Values{"doc": {"note"}, "start": {fmt.Sprint(u.Start)},
		"end": {fmt.Sprint(u.End)}, "category": {"fabrication"}, "rationale": {"Looks invented."}}), http.StatusSeeOther)
	learner.critiqueCase(sc, sc.Flaws[0])
	_, anon, err := GradeAttempt(sc, nil, score.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.store.DB().Exec(`INSERT INTO anonymous_results (cohort_id, scenario_id, submitted_at, score, result) VALUES (?, ?, ?, 0, ?)`,
		co.ID, sc.ID, time.Now().UTC().Format(time.RFC3339), string(anon)); err != nil {
		t.Fatal(err)
	}

	t.Run("ScenarioPage", func(t *testing.T) {
		// Ensure the anonymous result counts in the distribution and the flaw rates, and the
		// clean sentence is listed as flagged wrongly.
		res := educator.get(cohortURL(co.ID, "/analytics/"+sc.ID))
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, "1 learner has submitted it, and 1 result comes from learners who have since deleted",
			"2 results.", "50% <span class=\"meta\">(1)</span>", whereLabel("note", u.Number), "Fabrication")
	})
	t.Run("Overview", func(t *testing.T) {
		res := educator.get(cohortURL(co.ID, "/analytics"))
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, "also include 1 result of learners who have since deleted", "of 2)")
	})
	t.Run("NotInGrades", func(t *testing.T) {
		// Ensure the grade export has the learner only.
		rows, err := csv.NewReader(strings.NewReader(educator.get(cohortURL(co.ID, "/grades.csv")).Body)).ReadAll()
		if err != nil || len(rows) != 2 || rows[1][1] != lu.Email {
			t.Fatalf("rows = %q, %v", rows, err)
		}
	})
}

func TestHistogram(t *testing.T) {
	h := newHistogram("h", "Scores", []float64{0, 0.04, 0.095, 0.5, 0.55, 0.999, 1}, 0.45, 0.5)
	want := []int{2, 1, 0, 0, 0, 2, 0, 0, 0, 2}
	if len(h.Bars) != histBins {
		t.Fatalf("%d bars", len(h.Bars))
	}
	for i, b := range h.Bars {
		if b.Count != want[i] {
			t.Errorf("band %s: %d, want %d", b.Label, b.Count, want[i])
		}
		if b.Y+b.H != h.Bottom || b.H != h.Bars[0].H*float64(b.Count)/2 {
			t.Errorf("band %s drawn at y=%v h=%v", b.Label, b.Y, b.H)
		}
	}
	if h.Bars[9].Label != "90–100" || !strings.Contains(h.Desc, "7 results") || !strings.Contains(h.Desc, "Mean 45%, median 50%") {
		t.Errorf("labels and description: %q, %q", h.Bars[9].Label, h.Desc)
	}
	if empty := newHistogram("e", "Scores", nil, 0, 0); empty.Desc != "No results yet." || len(empty.Ticks) < 2 {
		t.Errorf("empty histogram: %+v", empty)
	}
}

func TestHeatmap(t *testing.T) {
	rows := []heatRow{
		{Category: taxonomy.Category{ID: "omission", Label: "Omission"}, Cells: []heatCell{{outcomes: outcomes{Found: 1, Missed: 3}}, {}, {outcomes: outcomes{Found: 1, Missed: 3}}}},
		{Category: taxonomy.Category{ID: "fabrication", Label: "Fabrication"}, Cells: []heatCell{{outcomes: outcomes{Found: 3, Partial: 1}}, {outcomes: outcomes{Found: 5}}, {outcomes: outcomes{Found: 8, Partial: 1}}}},
	}
	h := newHeatmap("m", "Found", rows, []heatColumn{{Label: "C1"}, {Label: "C2"}, {Label: "All"}})
	tests := []struct {
		row, col        int
		text, fill, ink string
	}{
		{0, 0, "25%", "#c6dbef", "#0b0c0c"},
		{0, 1, "–", "#ffffff", "#0b0c0c"},
		{1, 0, "75%", "#25639a", "#ffffff"},
		{1, 1, "100%", "#0b3a63", "#ffffff"},
	}
	for _, tt := range tests {
		c := h.Rows[tt.row].Cells[tt.col]
		if c.Text != tt.text || c.Fill != tt.fill || c.Ink != tt.ink {
			t.Errorf("cell %d,%d = %q %s on %s, want %q %s on %s", tt.row, tt.col, c.Text, c.Ink, c.Fill, tt.text, tt.ink, tt.fill)
		}
	}
	if !strings.Contains(h.Desc, "lowest is Omission at 25%") || !strings.Contains(h.Desc, "highest Fabrication at 89%") {
		t.Errorf("desc = %q", h.Desc)
	}
	if h.Width < h.Columns[2].X || h.Height <= h.LegendY {
		t.Errorf("the chart does not hold its parts: %+v", h)
	}
}
