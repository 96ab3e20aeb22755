package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/redpen-social/redpen/internal/content"
	"github.com/redpen-social/redpen/internal/store"
)

// caseSummary is one assigned scenario on the analytics overview.
type caseSummary struct {
	Number     int
	Assignment assignmentView
	Stats      scenarioStats
	URL        string
}

type analyticsPage struct {
	basePage
	Cohort      store.Cohort
	Assignments []assignmentView
	Matrix      []matrixRow
	Anonymous   int
	Cases       []caseSummary
	Heatmap     heatmapChart
}

// handleAnalyticsShow handles "GET /cohorts/:cohort/analytics": the completion matrix, the
// cases' scores and the detection heatmap.
func (s *Server) handleAnalyticsShow(c echo.Context) error {
	co, err := s.teachingCohort(c)
	if err != nil {
		return err
	}
	lib := s.library(c)
	d, err := s.loadCohortData(c.Request().Context(), lib, co)
	if err != nil {
		return err
	}
	p := analyticsPage{basePage: s.page(c, "Analytics: "+co.Name), Cohort: co, Assignments: d.Assignments,
		Matrix: completionMatrix(d), Anonymous: len(d.Anonymous)}
	for _, a := range d.Assignments {
		if a.Scenario == nil {
			continue
		}
		p.Cases = append(p.Cases, caseSummary{Number: len(p.Cases) + 1, Assignment: a,
			Stats: statsOf(lib, a.Scenario, d.bestOf(a.ItemID), d.Anonymous),
			URL:   cohortPath(co) + "/analytics/" + a.ItemID})
	}
	p.Heatmap = cohortHeatmap(lib, p.Cases)
	return c.Render(http.StatusOK, "cohort_analytics", p)
}

// cohortHeatmap lays out the categories used by the assigned cases' keys against the cases
// and the whole cohort.
func cohortHeatmap(lib *content.Library, cases []caseSummary) heatmapChart {
	used := map[string]bool{}
	for _, cs := range cases {
		for _, f := range cs.Stats.Scenario.Flaws {
			used[f.Category] = true
		}
	}
	var cols []heatColumn
	for _, cs := range cases {
		cols = append(cols, heatColumn{Label: "C" + strconv.Itoa(cs.Number), Title: cs.Assignment.Title})
	}
	cols = append(cols, heatColumn{Label: "All", Title: "All cases"})
	var rows []heatRow
	for _, cat := range lib.Taxonomy.Categories {
		if !used[cat.ID] {
			continue
		}
		row := heatRow{Category: cat}
		var all outcomes
		for _, cs := range cases {
			o := cs.Stats.Categories[cat.ID]
			all.Found, all.Partial, all.Missed = all.Found+o.Found, all.Partial+o.Partial, all.Missed+o.Missed
			row.Cells = append(row.Cells, heatCell{outcomes: o})
		}
		row.Cells = append(row.Cells, heatCell{outcomes: all})
		rows = append(rows, row)
	}
	return newHeatmap("heatmap", "Issues found with the right kind, by kind of problem", rows, cols)
}

type scenarioAnalyticsPage struct {
	basePage
	Cohort     store.Cohort
	Assignment assignmentView
	Stats      scenarioStats
	Histogram  histogramChart
	Bands      []histBar
	Wrong      []unitStat
	Attempts   []cohortAttemptRow
}

// cohortAttemptRow is a learner's best attempt, linked to the read-only feedback.
type cohortAttemptRow struct {
	ID          int64
	Name        string
	Score       float64
	SubmittedAt time.Time
}

// handleScenarioAnalyticsShow handles "GET /cohorts/:cohort/analytics/:scenario": one
// assigned case's score distribution, each key flaw's rates, and the sentences most often
// flagged wrongly.
func (s *Server) handleScenarioAnalyticsShow(c echo.Context) error {
	co, err := s.teachingCohort(c)
	if err != nil {
		return err
	}
	lib := s.library(c)
	ctx := c.Request().Context()
	d, err := s.loadCohortData(ctx, lib, co)
	if err != nil {
		return err
	}
	var av *assignmentView
	for i, a := range d.Assignments {
		if a.Kind == store.KindScenario && a.ItemID == c.Param("scenario") && a.Scenario != nil {
			av = &d.Assignments[i]
		}
	}
	if av == nil {
		return store.ErrNotFound
	}
	best := d.bestOf(av.ItemID)
	ids := make([]int64, len(best))
	names := map[int64]string{}
	for _, u := range d.Learners {
		names[u.ID] = u.Name
	}
	var rows []cohortAttemptRow
	for i, a := range best {
		ids[i] = a.ID
		rows = append(rows, cohortAttemptRow{ID: a.ID, Name: names[a.UserID], Score: a.Score, SubmittedAt: a.SubmittedAt})
	}
	flags, err := s.store.ListFlagsOf(ctx, ids)
	if err != nil {
		return err
	}
	st := statsOf(lib, av.Scenario, best, d.Anonymous)
	h := newHistogram("scores", "Scores at “"+av.Title+"”", st.Scores, st.Mean, st.Median)
	return c.Render(http.StatusOK, "cohort_scenario", scenarioAnalyticsPage{
		basePage: s.page(c, av.Title+" – Analytics: "+co.Name), Cohort: co, Assignment: *av, Stats: st,
		Histogram: h, Bands: h.Bars, Wrong: wronglyFlagged(lib, av.Scenario, best, flags), Attempts: rows,
	})
}
