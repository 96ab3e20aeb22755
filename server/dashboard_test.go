package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/redpen-social/redpen/internal/scenario"
	"github.com/redpen-social/redpen/internal/store"
)

// resultAttempt is a submitted attempt at a scenario whose stored result gives each flaw an
// outcome.
func resultAttempt(t *testing.T, sc *scenario.Scenario, outcome func(scenario.Flaw) string) store.Attempt {
	t.Helper()
	var rec resultRecord
	for _, f := range sc.Flaws {
		rec.Flaws = append(rec.Flaws, flawRecord{ID: f.ID, Category: f.Category, Outcome: outcome(f)})
	}
	body, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	return store.Attempt{ScenarioID: sc.ID, Status: store.StatusSubmitted, Result: body}
}

func TestCategoryStatsAndSuggestion(t *testing.T) {
	ts := newTestServer(t)
	lib := ts.lib
	sc := ts.critiqueScenario(t)
	// Every flaw found except omissions, which are found with the wrong category.
	attempt := resultAttempt(t, sc, func(f scenario.Flaw) string {
		if f.Category == "omission" {
			return "partial"
		}
		return "found"
	})
	stats := categoryStats(lib, []store.Attempt{attempt, {Result: []byte("not json")}}, 0.5)
	byID := map[string]categoryStat{}
	for _, st := range stats {
		byID[st.Category.ID] = st
	}
	omissions := 0
	for _, f := range sc.Flaws {
		if f.Category == "omission" {
			omissions++
		}
	}
	if omissions == 0 {
		t.Fatalf("%s has no omission to test with", sc.ID)
	}
	// Ensure partial credit counts half and an unreadable result counts for nothing.
	if om := byID["omission"]; om.Seen != omissions || om.Partial != omissions || om.Rate != 0.5 {
		t.Errorf("omission stats = %+v, want %d seen, all partial, rate 0.5", om, omissions)
	}
	if len(stats) != len(lib.Taxonomy.Categories) {
		t.Errorf("%d categories, want %d", len(stats), len(lib.Taxonomy.Categories))
	}

	// Ensure the suggestion aims at omissions, at a case not yet tried, and says why.
	w, ok := weakest(stats)
	if !ok || w.Category.ID != "omission" {
		t.Fatalf("weakest = %+v, %v; want omission", w, ok)
	}
	attempt.ScenarioID = sc.ID
	sg, ok := suggestNext(lib, stats, []store.Attempt{attempt})
	if !ok {
		t.Fatal("no suggestion")
	}
	has := false
	for _, f := range sg.Scenario.Flaws {
		has = has || f.Category == "omission"
	}
	if !has || sg.Scenario.ID == sc.ID || !strings.Contains(sg.Reason, "Omission") || !strings.Contains(sg.Reason, "not tried it yet") {
		t.Errorf("suggestion %s: %q", sg.Scenario.ID, sg.Reason)
	}

	// Ensure a newcomer is pointed at the first foundation case.
	sg, ok = suggestNext(lib, categoryStats(lib, nil, 0.5), nil)
	if !ok || sg.Scenario != lib.Scenarios.All()[0] || sg.Scenario.Level != scenario.LevelFoundation {
		t.Errorf("newcomer suggestion = %+v", sg)
	}
}

func TestDashboardEmpty(t *testing.T) {
	ts := newTestServer(t)
	c, _ := ts.signedIn(t, "learner")
	res := c.get("/dashboard")
	wantStatus(t, res, http.StatusOK)
	// Ensure a newcomer sees a start, not empty charts or errors.
	wantContains(t, res.Body, "You have not submitted a critique yet", "Practise next", "No issues met yet", "Not met yet")
	wantNotContains(t, res.Body, "<circle ", "<polyline ")
	if n := strings.Count(res.Body, "<h1"); n != 1 {
		t.Errorf("%d h1 elements, want 1", n)
	}
}
