package server

import (
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/redpen-social/redpen/internal/content"
	"github.com/redpen-social/redpen/internal/store"
)

// assignForm is the "assign a module or case" form as submitted.
type assignForm struct {
	Item   string // "module:ID" or "scenario:ID"
	Due    string // datetime-local ("2026-03-20T17:00") or a date
	Policy string
}

// Accepted due date layouts: a datetime-local input, or a plain date (due at the end of it).
const (
	dueLayout     = "2006-01-02T15:04"
	dueDateLayout = "2006-01-02"
)

// parse validates the form against the content and returns the assignment it describes.
func (f assignForm) parse(lib *content.Library, now time.Time, v *validator) store.Assignment {
	var a store.Assignment
	kind, id, _ := strings.Cut(f.Item, ":")
	switch kind {
	case store.KindModule:
		_, err := lib.Catalog.Module(id)
		v.check(err == nil, "item", "Choose a module or case to assign")
	case store.KindScenario:
		_, err := lib.Scenarios.Get(id)
		v.check(err == nil, "item", "Choose a module or case to assign")
	default:
		v.check(false, "item", "Choose a module or case to assign")
	}
	a.Kind, a.ItemID = kind, id
	if f.Due != "" {
		due, err := time.ParseInLocation(dueLayout, f.Due, time.Local)
		if err != nil {
			due, err = time.ParseInLocation(dueDateLayout, f.Due, time.Local)
			due = due.Add(24*time.Hour - time.Minute)
		}
		v.check(err == nil, "due", "Enter the due date and time in the format 2026-03-20T17:00, or leave it empty")
		v.check(err != nil || due.After(now), "due", "The due date must be in the future")
		a.DueAt = due.UTC()
	}
	v.check(f.Policy == store.PolicyImmediate || f.Policy == store.PolicyAfterDue, "policy-immediate", "Choose when learners see the answer key")
	v.check(f.Policy != store.PolicyAfterDue || f.Due != "", "due", "To show the answer key only after the due date, enter a due date")
	a.FeedbackPolicy = f.Policy
	return a
}

// handleAssignmentCreate handles "POST /cohorts/:cohort/assignments".
func (s *Server) handleAssignmentCreate(c echo.Context) error {
	co, err := s.teachingCohort(c)
	if err != nil {
		return err
	}
	f := assignForm{Item: c.FormValue("item"), Due: strings.TrimSpace(c.FormValue("due")), Policy: c.FormValue("policy")}
	var v validator
	a := f.parse(s.library(c), s.store.Now(), &v)
	if v.Valid() {
		a.CohortID = co.ID
		_, err = s.store.CreateAssignment(c.Request().Context(), a)
		if errors.Is(err, store.ErrAlreadyAssigned) {
			v.check(false, "item", "This is already assigned to the cohort. Remove it first to change its due date or feedback")
		} else if err != nil {
			return err
		}
	}
	if !v.Valid() {
		p, err := s.cohortShowPage(c, co)
		if err != nil {
			return err
		}
		p.Form, p.Assign = v, f
		return c.Render(http.StatusUnprocessableEntity, "cohort_show", p)
	}
	s.flash(c, "The assignment is added. Learners in the cohort see it on their Assignments page.")
	return c.Redirect(http.StatusSeeOther, cohortPath(co)+"#assignments")
}

// handleAssignmentDelete handles "POST /cohorts/:cohort/assignments/:assignment/delete".
// Learners' work on the item is kept.
func (s *Server) handleAssignmentDelete(c echo.Context) error {
	co, err := s.teachingCohort(c)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(c.Param("assignment"), 10, 64)
	if err != nil {
		return store.ErrNotFound
	}
	if err := s.store.DeleteAssignment(c.Request().Context(), co.ID, id); err != nil {
		return err
	}
	s.flash(c, "The assignment is removed. Learners' work on it is kept.")
	return c.Redirect(http.StatusSeeOther, cohortPath(co)+"#assignments")
}

// learnerAssignment is one of the signed-in learner's assignments with where they are on it.
type learnerAssignment struct {
	store.LearnerAssignment
	Title       string
	URL         string
	Status      string
	StatusClass string // tag-done, tag-progress or tag-todo
	Overdue     bool
	KeyHeld     bool
}

// learnerAssignments returns the signed-in learner's assignments, soonest due first.
func (s *Server) learnerAssignments(c echo.Context) ([]learnerAssignment, error) {
	u, ok := currentUser(c)
	if !ok {
		return nil, nil
	}
	ctx := c.Request().Context()
	list, err := s.store.ListLearnerAssignments(ctx, u.ID)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	attempts, err := s.store.ListAttempts(ctx, u.ID, "")
	if err != nil {
		return nil, err
	}
	best := map[string]float64{}
	for _, a := range attempts {
		if b, seen := best[a.ScenarioID]; !seen || a.Score > b {
			best[a.ScenarioID] = a.Score
		}
	}
	prog, err := s.store.ListModuleProgress(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	lib, now := s.library(c), s.store.Now()
	out := make([]learnerAssignment, 0, len(list))
	for _, la := range list {
		v := viewAssignment(lib, la.Assignment)
		r := learnerAssignment{LearnerAssignment: la, Title: v.Title, URL: v.URL, Status: "Not started", StatusClass: "tag-todo",
			KeyHeld: la.KeyHeldBack(now)}
		done := false
		if la.Kind == store.KindScenario {
			if b, ok := best[la.ItemID]; ok {
				done, r.Status, r.StatusClass = true, "Submitted: best score "+strconv.Itoa(percentOf(b))+"%", "tag-done"
			}
		} else if p, ok := prog[la.ItemID]; ok {
			done = p.Complete()
			r.Status, r.StatusClass = "In progress", "tag-progress"
			if done {
				r.Status, r.StatusClass = "Complete", "tag-done"
			}
		}
		r.Overdue = !done && la.HasDue() && now.After(la.DueAt)
		out = append(out, r)
	}
	return out, nil
}

// percentOf rounds a 0–1 score to a whole percentage, as the percent template function does.
func percentOf(x float64) int { return int(math.Round(x * 100)) }

type assignmentIndexPage struct {
	basePage
	Assignments []learnerAssignment
	Cohorts     []store.Cohort
}

// handleAssignmentIndex handles "GET /assignments": what the learner's educators have set.
func (s *Server) handleAssignmentIndex(c echo.Context) error {
	list, err := s.learnerAssignments(c)
	if err != nil {
		return err
	}
	cohorts, err := s.store.ListLearnerCohorts(c.Request().Context(), mustUser(c).ID)
	if err != nil {
		return err
	}
	return c.Render(http.StatusOK, "assignment_index", assignmentIndexPage{basePage: s.page(c, "Assignments"), Assignments: list, Cohorts: cohorts})
}
