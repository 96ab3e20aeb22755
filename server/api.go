package server

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/redpen-social/redpen/internal/scenario"
	"github.com/redpen-social/redpen/internal/store"
)

type apiError struct {
	Error string `json:"error"`
}

func apiFail(status int, msg string) error { return echo.NewHTTPError(status, msg) }

// requireToken authenticates API requests with a personal access token.
func (s *Server) requireToken(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		auth := c.Request().Header.Get("Authorization")
		secret, ok := strings.CutPrefix(auth, "Bearer ")
		if !ok || secret == "" {
			c.Response().Header().Set("WWW-Authenticate", `Bearer realm="redpen"`)
			return apiFail(http.StatusUnauthorized, "send a personal access token as Authorization: Bearer <token>")
		}
		u, err := s.store.FindTokenUser(c.Request().Context(), strings.TrimSpace(secret))
		if errors.Is(err, store.ErrNotFound) {
			c.Response().Header().Set("WWW-Authenticate", `Bearer realm="redpen", error="invalid_token"`)
			return apiFail(http.StatusUnauthorized, "the token is unknown or has been revoked")
		}
		if err != nil {
			return err
		}
		c.Set(ctxUser, u)
		return next(c)
	}
}

type apiModule struct {
	ID      string   `json:"id"`
	Title   string   `json:"title"`
	Minutes int      `json:"minutes"`
	Courses []string `json:"courses"`
}

// handleAPIModuleIndex handles "GET /api/v1/modules".
func (s *Server) handleAPIModuleIndex(c echo.Context) error {
	cat := s.library(c).Catalog
	out := []apiModule{}
	for _, m := range cat.Modules() {
		am := apiModule{ID: m.ID, Title: m.Title, Minutes: m.Minutes, Courses: []string{}}
		for _, co := range cat.Courses {
			for _, cm := range co.Modules {
				if cm.ID == m.ID {
					am.Courses = append(am.Courses, co.ID)
				}
			}
		}
		out = append(out, am)
	}
	return c.JSON(http.StatusOK, out)
}

type apiScenarioSummary struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Setting  string   `json:"setting"`
	Audience []string `json:"audience"`
	Level    string   `json:"level"`
	Minutes  int      `json:"minutes"`
}

func summariseScenario(sc *scenario.Scenario) apiScenarioSummary {
	return apiScenarioSummary{ID: sc.ID, Title: sc.Title, Setting: sc.Setting, Audience: sc.Audience, Level: sc.Level, Minutes: sc.Minutes}
}

// handleAPIScenarioIndex handles "GET /api/v1/scenarios".
func (s *Server) handleAPIScenarioIndex(c echo.Context) error {
	out := []apiScenarioSummary{}
	for _, sc := range s.library(c).Scenarios.All() {
		out = append(out, summariseScenario(sc))
	}
	return c.JSON(http.StatusOK, out)
}

type apiUnit struct {
	Number  int    `json:"number"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Speaker string `json:"speaker,omitempty"`
}

type apiDocument struct {
	Text  string    `json:"text"`
	Units []apiUnit `json:"units"`
}

type apiCategory struct {
	ID          string `json:"id"`
	Label       string `json:"label"`
	Description string `json:"description"`
}

type apiScenario struct {
	apiScenarioSummary
	Tool       string        `json:"tool"`
	Brief      string        `json:"brief"`
	Source     apiDocument   `json:"source"`
	Note       apiDocument   `json:"note"`
	Categories []apiCategory `json:"categories"`
}

func apiDoc(d *scenario.Document) apiDocument {
	out := apiDocument{Text: d.Text, Units: []apiUnit{}}
	for _, u := range d.Units {
		out.Units = append(out.Units, apiUnit{Number: u.Number, Start: u.Start, End: u.End, Speaker: u.Speaker})
	}
	return out
}

// handleAPIScenarioShow handles "GET /api/v1/scenarios/:scenario": everything a client needs
// to critique the case, and never the answer key.
func (s *Server) handleAPIScenarioShow(c echo.Context) error {
	lib := s.library(c)
	sc, err := lib.Scenarios.Get(c.Param("scenario"))
	if err != nil {
		return err
	}
	out := apiScenario{apiScenarioSummary: summariseScenario(sc), Tool: sc.Tool, Brief: sc.BriefMarkdown,
		Source: apiDoc(&sc.Source), Note: apiDoc(&sc.Note)}
	for _, cat := range lib.Taxonomy.Categories {
		out.Categories = append(out.Categories, apiCategory{cat.ID, cat.Label, cat.Description})
	}
	return c.JSON(http.StatusOK, out)
}

// handleAPIAttemptShow handles "GET /api/v1/attempts/:attempt" for the attempt's owner.
func (s *Server) handleAPIAttemptShow(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("attempt"), 10, 64)
	if err != nil {
		return apiFail(http.StatusNotFound, "no such attempt")
	}
	ctx := c.Request().Context()
	a, err := s.store.FindAttempt(ctx, id)
	if errors.Is(err, store.ErrNotFound) || err == nil && (a.UserID != mustUser(c).ID || !a.Submitted()) {
		return apiFail(http.StatusNotFound, "no such attempt")
	}
	if err != nil {
		return err
	}
	flags, err := s.store.ListFlags(ctx, a.ID)
	if err != nil {
		return err
	}
	out, err := attemptJSON(a, flags)
	if err != nil {
		return err
	}
	// cohorts_policy.go: an assignment may hold the answer key back until its due date.
	held, err := s.apiAttemptForLearner(ctx, a, out)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, held)
}
