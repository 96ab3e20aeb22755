package server

import (
	"net/http"
	"testing"

	"github.com/redpen-social/redpen/internal/store"
)

// Ensure every shipped scenario can be worked through end to end: a learner who flags
// exactly its key, through the same form a browser posts, gets full marks on the
// feedback page, with every issue found.
func TestEveryScenarioKeyScoresFullMarks(t *testing.T) {
	ts := newTestServer(t)
	scenarios := ts.lib.Scenarios.All()
	if len(scenarios) < 14 {
		t.Fatalf("%d scenarios shipped, want at least 14", len(scenarios))
	}
	for _, sc := range scenarios {
		t.Run(sc.ID, func(t *testing.T) {
			c, _ := ts.signedIn(t, store.RoleLearner)
			wantStatus(t, c.get("/scenarios/"+sc.ID), http.StatusOK)
			for _, f := range sc.Flaws {
				wantStatus(t, c.postForm("/scenarios/"+sc.ID+"/flags", flawFlagForm(f)), http.StatusSeeOther)
			}
			res := c.get(c.submit(sc.ID))
			wantStatus(t, res, http.StatusOK)
			wantContains(t, res.Body, `<span class="score-number">100%</span>`)
			wantNotContains(t, res.Body, "outcome-missed", "outcome-spurious", "outcome-partial")
		})
	}
}
