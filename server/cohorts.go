package server

import (
	"errors"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"github.com/redpen-social/redpen/internal/content"
	"github.com/redpen-social/redpen/internal/course"
	"github.com/redpen-social/redpen/internal/scenario"
	"github.com/redpen-social/redpen/internal/store"
)

const maxCohortName = 120

// teachingCohort loads the cohort named in the URL for one of its educators or an admin.
// For anyone else the cohort does not exist, so ids reveal nothing.
func (s *Server) teachingCohort(c echo.Context) (store.Cohort, error) {
	id, err := strconv.ParseInt(c.Param("cohort"), 10, 64)
	if err != nil {
		return store.Cohort{}, store.ErrNotFound
	}
	ctx := c.Request().Context()
	co, err := s.store.FindCohort(ctx, id)
	if err != nil {
		return store.Cohort{}, err
	}
	u := mustUser(c)
	if u.Role == store.RoleAdmin {
		return co, nil
	}
	role, err := s.store.MemberRole(ctx, co.ID, u.ID)
	if errors.Is(err, store.ErrNotFound) || err == nil && role != store.MemberEducator {
		return store.Cohort{}, store.ErrNotFound
	}
	return co, err
}

func cohortPath(co store.Cohort) string { return "/cohorts/" + strconv.FormatInt(co.ID, 10) }

// displayCode groups a join code in fives so it can be read out: "ACDEF-GHJKM".
func displayCode(code string) string {
	if len(code) <= 5 {
		return code
	}
	return code[:5] + "-" + code[5:]
}

// cohortName validates a cohort's name from the form field "name".
func cohortName(c echo.Context, v *validator) string {
	name, ok := cleanText(c.FormValue("name"))
	v.check(ok && name != "", "name", "Enter a name for the cohort")
	v.check(utf8.RuneCountInString(name) <= maxCohortName, "name", "The name must be 120 characters or fewer")
	return name
}

type cohortIndexPage struct {
	basePage
	Cohorts []store.Cohort
	Name    string
	Form    validator
}

// handleCohortIndex handles "GET /cohorts": the cohorts the educator runs (all, for admins).
func (s *Server) handleCohortIndex(c echo.Context) error {
	p, err := s.cohortIndexPage(c)
	if err != nil {
		return err
	}
	return c.Render(http.StatusOK, "cohort_index", p)
}

func (s *Server) cohortIndexPage(c echo.Context) (cohortIndexPage, error) {
	u := mustUser(c)
	list, err := s.store.ListCohorts(c.Request().Context(), u.ID, u.Role == store.RoleAdmin)
	return cohortIndexPage{basePage: s.page(c, "Cohorts"), Cohorts: list}, err
}

// handleCohortCreate handles "POST /cohorts".
func (s *Server) handleCohortCreate(c echo.Context) error {
	p, err := s.cohortIndexPage(c)
	if err != nil {
		return err
	}
	p.Name = cohortName(c, &p.Form)
	if !p.Form.Valid() {
		return c.Render(http.StatusUnprocessableEntity, "cohort_index", p)
	}
	co, err := s.store.CreateCohort(c.Request().Context(), p.Name, mustUser(c).ID)
	if err != nil {
		return err
	}
	s.flash(c, "“"+co.Name+"” is created. Share its join link or code with your learners.")
	return c.Redirect(http.StatusSeeOther, cohortPath(co))
}

type itemOption struct {
	Value, Title string
}

type cohortShowPage struct {
	basePage
	Cohort      store.Cohort
	JoinCode    string
	JoinURL     string
	Educators   []store.Member
	Learners    []store.Member
	Assignments []assignmentView
	Modules     []itemOption
	Scenarios   []itemOption
	// The forms on the page; Form holds the errors of the one just posted.
	Form          validator
	Name          string
	EducatorEmail string
	Assign        assignForm
}

// cohortShowPage gathers the cohort page; handlers that re-render it with errors fill in
// the submitted values afterwards.
func (s *Server) cohortShowPage(c echo.Context, co store.Cohort) (cohortShowPage, error) {
	lib := s.library(c)
	ctx := c.Request().Context()
	p := cohortShowPage{basePage: s.page(c, co.Name), Cohort: co, Name: co.Name, JoinCode: displayCode(co.JoinCode),
		JoinURL: c.Scheme() + "://" + c.Request().Host + "/join/" + co.JoinCode, Assign: assignForm{Policy: store.PolicyImmediate}}
	members, err := s.store.ListMembers(ctx, co.ID)
	if err != nil {
		return p, err
	}
	for _, m := range members {
		if m.Role == store.MemberEducator {
			p.Educators = append(p.Educators, m)
		} else {
			p.Learners = append(p.Learners, m)
		}
	}
	list, err := s.store.ListAssignments(ctx, co.ID)
	if err != nil {
		return p, err
	}
	for _, a := range list {
		p.Assignments = append(p.Assignments, viewAssignment(lib, a))
	}
	p.Modules, p.Scenarios = itemOptions(lib)
	return p, nil
}

// itemOptions lists what can be assigned: modules in course order, then scenarios.
func itemOptions(lib *content.Library) (modules, scenarios []itemOption) {
	seen := map[string]bool{}
	for _, co := range lib.Catalog.Courses {
		for _, m := range co.Modules {
			if !seen[m.ID] {
				seen[m.ID] = true
				modules = append(modules, itemOption{store.KindModule + ":" + m.ID, m.Title})
			}
		}
	}
	for _, sc := range lib.Scenarios.All() {
		scenarios = append(scenarios, itemOption{store.KindScenario + ":" + sc.ID, sc.Title})
	}
	return modules, scenarios
}

// handleCohortShow handles "GET /cohorts/:cohort".
func (s *Server) handleCohortShow(c echo.Context) error {
	co, err := s.teachingCohort(c)
	if err != nil {
		return err
	}
	p, err := s.cohortShowPage(c, co)
	if err != nil {
		return err
	}
	return c.Render(http.StatusOK, "cohort_show", p)
}

// handleCohortRename handles "POST /cohorts/:cohort/rename".
func (s *Server) handleCohortRename(c echo.Context) error {
	co, err := s.teachingCohort(c)
	if err != nil {
		return err
	}
	var v validator
	name := cohortName(c, &v)
	if !v.Valid() {
		p, err := s.cohortShowPage(c, co)
		if err != nil {
			return err
		}
		p.Form, p.Name = v, name
		return c.Render(http.StatusUnprocessableEntity, "cohort_show", p)
	}
	if err := s.store.RenameCohort(c.Request().Context(), co.ID, name); err != nil {
		return err
	}
	s.flash(c, "The cohort is renamed “"+name+"”.")
	return c.Redirect(http.StatusSeeOther, cohortPath(co))
}

// handleCohortArchive handles "POST /cohorts/:cohort/archive".
func (s *Server) handleCohortArchive(c echo.Context) error {
	return s.setArchived(c, true, "The cohort is archived. Its join code no longer works; its records are kept.")
}

// handleCohortRestore handles "POST /cohorts/:cohort/restore".
func (s *Server) handleCohortRestore(c echo.Context) error {
	return s.setArchived(c, false, "The cohort is restored. Its join code works again.")
}

func (s *Server) setArchived(c echo.Context, archived bool, msg string) error {
	co, err := s.teachingCohort(c)
	if err != nil {
		return err
	}
	if err := s.store.ArchiveCohort(c.Request().Context(), co.ID, archived); err != nil {
		return err
	}
	s.flash(c, msg)
	return c.Redirect(http.StatusSeeOther, cohortPath(co))
}

// assignmentView is an assignment with the title and link of what it assigns.
type assignmentView struct {
	store.Assignment
	Title    string
	URL      string
	Module   *course.Module
	Scenario *scenario.Scenario
}

// viewAssignment resolves an assignment's item; one removed from the content keeps its id
// as its title and has no link.
func viewAssignment(lib *content.Library, a store.Assignment) assignmentView {
	v := assignmentView{Assignment: a, Title: a.ItemID}
	switch a.Kind {
	case store.KindModule:
		if m, err := lib.Catalog.Module(a.ItemID); err == nil {
			v.Module, v.Title, v.URL = m, m.Title, moduleURL(lib, m.ID)
		}
	case store.KindScenario:
		if sc, err := lib.Scenarios.Get(a.ItemID); err == nil {
			v.Scenario, v.Title, v.URL = sc, sc.Title, "/scenarios/"+sc.ID
		}
	}
	return v
}

// moduleURL is the module's page in the first course that includes it.
func moduleURL(lib *content.Library, moduleID string) string {
	for _, co := range lib.Catalog.Courses {
		for _, m := range co.Modules {
			if m.ID == moduleID {
				return "/courses/" + co.ID + "/" + m.ID
			}
		}
	}
	return ""
}
