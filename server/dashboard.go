package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/redpen-social/redpen/internal/content"
	"github.com/redpen-social/redpen/internal/store"
)

type dashboardPage struct {
	basePage
	Courses                       []courseSummary
	ModulesDone, ModulesTotal     int
	ScenariosDone, ScenariosTotal int
	Attempts                      []attemptRow // newest first
	Scores                        lineChart
	ScoreRows                     []attemptRow // oldest first, numbered as in the chart
	Stats                         []categoryStat
	Detection                     barChart
	Weakest                       *categoryStat
	Suggestion                    *suggestion
	Certificates                  []store.Certificate
	CPD                           cpdSummary
	PartialCredit                 int // percent, for the explanation of the detection rate
}

// handleDashboardShow handles "GET /dashboard": what the learner has done, how well they
// catch each kind of flaw, what to practise next, their certificates and CPD this year.
func (s *Server) handleDashboardShow(c echo.Context) error {
	lib := s.library(c)
	u := mustUser(c)
	ctx := c.Request().Context()
	prog, err := s.store.ListModuleProgress(ctx, u.ID)
	if err != nil {
		return err
	}
	attempts, err := s.store.ListAttempts(ctx, u.ID, "")
	if err != nil {
		return err
	}
	p := dashboardPage{basePage: s.page(c, "My progress"), ScenariosTotal: lib.Scenarios.Len(),
		PartialCredit: pctOf(s.cfg.Scoring.PartialCredit)}
	for _, co := range lib.Catalog.Courses {
		p.Courses = append(p.Courses, summarise(co, prog))
	}
	for _, m := range lib.Catalog.Modules() {
		p.ModulesTotal++
		if prog[m.ID].Complete() {
			p.ModulesDone++
		}
	}
	done := map[string]bool{}
	for _, a := range attempts {
		if _, err := lib.Scenarios.Get(a.ScenarioID); err == nil && !done[a.ScenarioID] {
			done[a.ScenarioID] = true
			p.ScenariosDone++
		}
	}
	p.Attempts = titledAttempts(lib, attempts)
	for i := len(p.Attempts) - 1; i >= 0; i-- {
		p.ScoreRows = append(p.ScoreRows, p.Attempts[i])
	}
	p.Scores = scoreChart(p.ScoreRows)
	released, err := s.withoutHeldKeys(ctx, u.ID, attempts)
	if err != nil {
		return err
	}
	p.Stats = categoryStats(lib, released, s.cfg.Scoring.PartialCredit)
	p.Detection = detectionChart(p.Stats)
	if w, ok := weakest(p.Stats); ok {
		p.Weakest = &w
	}
	if sg, ok := suggestNext(lib, p.Stats, attempts); ok {
		p.Suggestion = &sg
	}
	if p.Certificates, err = s.issueCertificates(c, lib, u.ID, prog); err != nil {
		return err
	}
	if err := s.syncCPD(c, lib, u.ID); err != nil {
		return err
	}
	entries, err := s.store.ListCPDEntries(ctx, u.ID)
	if err != nil {
		return err
	}
	p.CPD = summariseCPD(entries, registrationYearOf(s.store.Now()))
	return c.Render(http.StatusOK, "dashboard", p)
}

// titledAttempts names each attempt by its case; an attempt at a case no longer in the
// content keeps its id as the title, so past work still shows.
func titledAttempts(lib *content.Library, attempts []store.Attempt) []attemptRow {
	out := make([]attemptRow, len(attempts))
	for i, a := range attempts {
		out[i] = attemptRow{Attempt: a, Title: a.ScenarioID}
		if sc, err := lib.Scenarios.Get(a.ScenarioID); err == nil {
			out[i].Title = sc.Title
		}
	}
	return out
}
