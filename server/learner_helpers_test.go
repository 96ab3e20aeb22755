package server

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"time"

	"github.com/redpen-social/redpen/internal/scenario"
)

// learnerClock makes the store's clock start at a fixed morning and move only when told, so
// dates, durations and the registration year in the tests are certain.
type learnerClock struct{ now time.Time }

func (c *learnerClock) Now() time.Time          { return c.now }
func (c *learnerClock) advance(d time.Duration) { c.now = c.now.Add(d) }

func (ts *testServer) setClock(start time.Time) *learnerClock {
	c := &learnerClock{now: start}
	ts.store.Now = c.Now
	return c
}

// completeModule opens a module and answers each of its knowledge checks correctly (or,
// without checks, marks it read), the way a learner's browser would.
func (c *testClient) completeModule(courseID, moduleID string, clk *learnerClock, spent time.Duration) {
	c.t.Helper()
	path := "/courses/" + courseID + "/" + moduleID
	wantStatus(c.t, c.get(path), http.StatusOK)
	clk.advance(spent)
	m, err := c.ts.lib.Catalog.Module(moduleID)
	if err != nil {
		c.t.Fatal(err)
	}
	if len(m.Quizzes) == 0 {
		wantStatus(c.t, c.postForm(path+"/complete", nil), http.StatusSeeOther)
		return
	}
	for _, q := range m.Quizzes {
		var choices []string
		for i, o := range q.Options {
			if o.Correct {
				choices = append(choices, fmt.Sprint(i))
			}
		}
		wantStatus(c.t, c.postForm(path+"/quizzes/"+q.ID, url.Values{"choice": choices}), http.StatusSeeOther)
	}
}

// critique flags the given key flaws of a scenario, with their own categories, and submits.
// It returns the attempt's path.
func (c *testClient) critique(sc *scenario.Scenario, flaws []scenario.Flaw, rationale string, clk *learnerClock, spent time.Duration) string {
	c.t.Helper()
	wantStatus(c.t, c.get("/scenarios/"+sc.ID), http.StatusOK)
	for _, f := range flaws {
		form := flawFlagForm(f)
		form.Set("rationale", rationale)
		wantStatus(c.t, c.postForm("/scenarios/"+sc.ID+"/flags", form), http.StatusSeeOther)
	}
	clk.advance(spent)
	return c.submit(sc.ID)
}

var certificateLinkRE = regexp.MustCompile(`href="/certificates/([A-Za-z0-9_-]+)"`)

// certificateIDs returns the verification ids linked from a page.
func certificateIDs(body string) []string {
	var ids []string
	for _, m := range certificateLinkRE.FindAllStringSubmatch(body, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

var cpdEditLinkRE = regexp.MustCompile(`href="/cpd/(\d+)/edit"`)

// cpdEntryIDs returns the CPD entry ids linked from the log, in page order.
func cpdEntryIDs(body string) []string {
	var ids []string
	for _, m := range cpdEditLinkRE.FindAllStringSubmatch(body, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

// cpdEntryForm is a complete, valid reflection.
func cpdEntryForm(title string) url.Values {
	return url.Values{
		"type": {"reading"}, "title": {title}, "description": {"Read the ICO's guidance on AI and data protection."},
		"date": {"2026-03-05"}, "minutes": {"50"}, "learnt": {"Inferred health data is special category data."},
		"impact": {"I check summaries for inferred diagnoses."}, "standards": {"2.6", "4.1"},
	}
}
