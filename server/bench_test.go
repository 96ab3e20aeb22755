package server

import (
	"net/http"
	"testing"
)

// benchSetUp signs in a learner with a draft and a submitted attempt, for timing the pages
// a learner spends most time on.
func benchSetUp(b *testing.B) (*testClient, string, string) {
	ts := newTestServer(b)
	c, _ := ts.signedIn(b, "learner")
	sc := ts.critiqueScenario(b)
	for _, f := range sc.Flaws[:2] {
		wantStatus(b, c.postForm("/scenarios/"+sc.ID+"/flags", flawFlagForm(f)), http.StatusSeeOther)
	}
	feedback := c.submit(sc.ID)
	wantStatus(b, c.postForm("/scenarios/"+sc.ID+"/flags", flawFlagForm(sc.Flaws[0])), http.StatusSeeOther)
	return c, "/scenarios/" + sc.ID, feedback
}

func BenchmarkPages(b *testing.B) {
	c, critique, feedback := benchSetUp(b)
	for _, page := range []struct{ name, path string }{
		{"Home", "/"}, {"Module", "/courses/ai-literacy/checking-ai-records"},
		{"Critique", critique}, {"Feedback", feedback},
	} {
		b.Run(page.name, func(b *testing.B) {
			for b.Loop() {
				if res := c.get(page.path); res.Status != http.StatusOK {
					b.Fatalf("GET %s: %d", page.path, res.Status)
				}
			}
		})
	}
}
