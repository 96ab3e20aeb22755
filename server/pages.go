package server

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/redpen-social/redpen/internal/scenario"
	"github.com/redpen-social/redpen/internal/store"
)

type homePage struct {
	basePage
	Courses   int
	Modules   int
	Scenarios int
}

// handleHome handles "GET /".
func (s *Server) handleHome(c echo.Context) error {
	lib := s.library(c)
	return c.Render(http.StatusOK, "home", homePage{
		basePage: s.page(c, "Learn to check what AI writes about people"),
		Courses:  len(lib.Catalog.Courses), Modules: len(lib.Catalog.Modules()), Scenarios: lib.Scenarios.Len(),
	})
}

// handleHealth handles "GET /healthz": 200 when the database answers, for load balancers
// and uptime checks.
func (s *Server) handleHealth(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	if err := s.store.Ping(ctx); err != nil {
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

type scenarioProgress struct {
	Scenario *scenario.Scenario
	Attempts int
	Best     float64
	Latest   store.Attempt
}

type progressPage struct {
	basePage
	Courses   []courseSummary
	Scenarios []scenarioProgress
	Attempts  []attemptRow

	Assignments []learnerAssignment // cohorts_assignments.go: what the learner's educators have set
}

type attemptRow struct {
	store.Attempt
	Title string
}

// handleProgressShow handles "GET /progress".
func (s *Server) handleProgressShow(c echo.Context) error {
	lib := s.library(c)
	prog, err := s.progressOf(c)
	if err != nil {
		return err
	}
	attempts, err := s.store.ListAttempts(c.Request().Context(), mustUser(c).ID, "")
	if err != nil {
		return err
	}
	p := progressPage{basePage: s.page(c, "My progress")}
	if p.Assignments, err = s.learnerAssignments(c); err != nil { // cohorts_assignments.go
		return err
	}
	for _, co := range lib.Catalog.Courses {
		p.Courses = append(p.Courses, summarise(co, prog))
	}
	byScenario := map[string]*scenarioProgress{}
	for _, a := range attempts {
		sc, err := lib.Scenarios.Get(a.ScenarioID)
		if err != nil {
			continue // the scenario was removed from the content; its attempts stay stored
		}
		p.Attempts = append(p.Attempts, attemptRow{Attempt: a, Title: sc.Title})
		sp, ok := byScenario[a.ScenarioID]
		if !ok {
			sp = &scenarioProgress{Scenario: sc, Latest: a}
			byScenario[a.ScenarioID] = sp
			p.Scenarios = append(p.Scenarios, *sp)
		}
		sp.Attempts++
		sp.Best = max(sp.Best, a.Score)
	}
	for i := range p.Scenarios {
		p.Scenarios[i] = *byScenario[p.Scenarios[i].Scenario.ID]
	}
	return c.Render(http.StatusOK, "progress", p)
}
