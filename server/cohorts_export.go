package server

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/redpen-social/redpen/internal/store"
)

// gradeColumn is the CSV header of an assignment's column, e.g. "Case: Grief is not a
// diagnosis"; docs/grades.md describes the columns.
func gradeColumn(a assignmentView) string {
	if a.Kind == store.KindModule {
		return "Module: " + a.Title
	}
	return "Case: " + a.Title
}

// gradeRows is the grade export: a header, then one row per learner with their name, email
// and, per assignment, the best score 0–100 (a module counts 100 when complete), blank when
// there is none. Anonymous results never appear here.
func gradeRows(d cohortData) [][]string {
	header := []string{"Name", "Email"}
	for _, a := range d.Assignments {
		header = append(header, gradeColumn(a))
	}
	rows := [][]string{header}
	for _, u := range d.Learners {
		row := []string{u.Name, u.Email}
		for _, a := range d.Assignments {
			cell := ""
			if a.Kind == store.KindScenario {
				if at, ok := d.Best[u.ID][a.ItemID]; ok {
					cell = strconv.Itoa(percentOf(at.Score))
				}
			} else if d.Progress[u.ID][a.ItemID].Complete() {
				cell = "100"
			}
			row = append(row, cell)
		}
		rows = append(rows, row)
	}
	for _, row := range rows {
		for i := range row {
			row[i] = formulaSafe(row[i])
		}
	}
	return rows
}

// formulaSafe stops a spreadsheet reading a cell as a formula (CSV injection): text that
// starts with = + - @, a tab or a carriage return gets a leading single quote.
func formulaSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// handleGradesExport handles "GET /cohorts/:cohort/grades.csv": RFC 4180 CSV (CRLF line
// ends, UTF-8 without a byte order mark) for Moodle and Canvas gradebooks.
func (s *Server) handleGradesExport(c echo.Context) error {
	co, err := s.teachingCohort(c)
	if err != nil {
		return err
	}
	d, err := s.loadCohortData(c.Request().Context(), s.library(c), co)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	if err := w.WriteAll(gradeRows(d)); err != nil {
		return fmt.Errorf("grades csv: %w", err)
	}
	if err := s.audit(c, store.AuditViewExport, fmt.Sprintf("grades of cohort %q", co.Name)); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="redpen-cohort-%d-grades.csv"`, co.ID))
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

type cohortExportInfo struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

type cohortExportAssignment struct {
	ID             int64      `json:"id"`
	Kind           string     `json:"kind"`
	Item           string     `json:"item"`
	Title          string     `json:"title"`
	DueAt          *time.Time `json:"due_at"`
	FeedbackPolicy string     `json:"feedback_policy"`
}

type cohortExportLearner struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

type cohortExportAttempt struct {
	LearnerID int64 `json:"learner_id"`
	apiAttemptOut
}

// cohortAttemptsExport is the JSON export of a cohort's attempts; the attempts have the shape of
// the API's (docs/api.md) plus the learner's id.
type cohortAttemptsExport struct {
	Cohort      cohortExportInfo         `json:"cohort"`
	ExportedAt  time.Time                `json:"exported_at"`
	Assignments []cohortExportAssignment `json:"assignments"`
	Learners    []cohortExportLearner    `json:"learners"`
	Attempts    []cohortExportAttempt    `json:"attempts"`
}

// handleAttemptsExport handles "GET /cohorts/:cohort/attempts.json": every submitted attempt
// of the cohort's learners at its assigned cases, with flags and verdicts.
func (s *Server) handleAttemptsExport(c echo.Context) error {
	co, err := s.teachingCohort(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	d, err := s.loadCohortData(ctx, s.library(c), co)
	if err != nil {
		return err
	}
	out := cohortAttemptsExport{Cohort: cohortExportInfo{co.ID, co.Name}, ExportedAt: s.store.Now().UTC(),
		Assignments: []cohortExportAssignment{}, Learners: []cohortExportLearner{}, Attempts: []cohortExportAttempt{}}
	for _, a := range d.Assignments {
		ea := cohortExportAssignment{ID: a.ID, Kind: a.Kind, Item: a.ItemID, Title: a.Title, FeedbackPolicy: a.FeedbackPolicy}
		if a.HasDue() {
			due := a.DueAt
			ea.DueAt = &due
		}
		out.Assignments = append(out.Assignments, ea)
	}
	for _, u := range d.Learners {
		out.Learners = append(out.Learners, cohortExportLearner{u.ID, u.Name, u.Email})
	}
	attempts, err := s.store.ListCohortAttempts(ctx, co.ID, false)
	if err != nil {
		return err
	}
	ids := make([]int64, len(attempts))
	for i, a := range attempts {
		ids[i] = a.ID
	}
	flags, err := s.store.ListFlagsOf(ctx, ids)
	if err != nil {
		return err
	}
	for _, a := range attempts {
		j, err := attemptJSON(a, flags[a.ID])
		if err != nil {
			return err
		}
		out.Attempts = append(out.Attempts, cohortExportAttempt{LearnerID: a.UserID, apiAttemptOut: j})
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="redpen-cohort-%d-attempts.json"`, co.ID))
	if err := s.audit(c, store.AuditViewExport, fmt.Sprintf("attempts of cohort %q", co.Name)); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}
