package server

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/redpen-social/redpen/internal/store"
)

type joinPage struct {
	basePage
	Code   string
	Cohort *store.Cohort // set when a valid link is being confirmed
	Member bool          // the user is already in that cohort
	Form   validator
}

const badCodeMessage = "That code does not match an open cohort. Check it with your educator: codes are 10 letters and numbers"

// handleJoinNew handles "GET /join": a form for the code an educator gave out.
func (s *Server) handleJoinNew(c echo.Context) error {
	return c.Render(http.StatusOK, "join", joinPage{basePage: s.page(c, "Join a cohort")})
}

// handleJoinCreate handles "POST /join".
func (s *Server) handleJoinCreate(c echo.Context) error {
	code, _ := cleanText(c.FormValue("code"))
	p := joinPage{basePage: s.page(c, "Join a cohort"), Code: code}
	p.Form.check(code != "", "code", "Enter the join code your educator gave you")
	if !p.Form.Valid() {
		return c.Render(http.StatusUnprocessableEntity, "join", p)
	}
	co, err := s.store.FindCohortByCode(c.Request().Context(), code)
	if errors.Is(err, store.ErrNotFound) {
		p.Form.check(false, "code", badCodeMessage)
		return c.Render(http.StatusUnprocessableEntity, "join", p)
	}
	if err != nil {
		return err
	}
	return s.join(c, co)
}

// handleJoinShow handles "GET /join/:code": the join link asks before joining, since a
// link must not change anything by being followed.
func (s *Server) handleJoinShow(c echo.Context) error {
	code := c.Param("code")
	p := joinPage{basePage: s.page(c, "Join a cohort"), Code: code}
	co, err := s.store.FindCohortByCode(c.Request().Context(), code)
	if errors.Is(err, store.ErrNotFound) {
		p.Form.check(false, "code", "This join link does not work: the cohort may have been archived, or the link was copied incompletely. Enter the code instead")
		return c.Render(http.StatusNotFound, "join", p)
	}
	if err != nil {
		return err
	}
	p.Cohort, p.Code, p.Title = &co, co.JoinCode, "Join "+co.Name
	if _, err := s.store.MemberRole(c.Request().Context(), co.ID, mustUser(c).ID); err == nil {
		p.Member = true
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return c.Render(http.StatusOK, "join", p)
}

// handleJoinCodeCreate handles "POST /join/:code".
func (s *Server) handleJoinCodeCreate(c echo.Context) error {
	co, err := s.store.FindCohortByCode(c.Request().Context(), c.Param("code"))
	if err != nil {
		return err
	}
	return s.join(c, co)
}

// join adds the signed-in user to a cohort as a learner; joining again is harmless.
func (s *Server) join(c echo.Context, co store.Cohort) error {
	added, err := s.store.JoinCohort(c.Request().Context(), co.ID, mustUser(c).ID)
	if err != nil {
		return err
	}
	if added {
		s.flash(c, "You have joined “"+co.Name+"”. Your educators can now see your work on its assignments.")
	} else {
		s.flash(c, "You are already in “"+co.Name+"”.")
	}
	return c.Redirect(http.StatusSeeOther, "/assignments")
}

// handleEducatorCreate handles "POST /cohorts/:cohort/educators": add a co-educator by email.
func (s *Server) handleEducatorCreate(c echo.Context) error {
	co, err := s.teachingCohort(c)
	if err != nil {
		return err
	}
	email, ok := cleanText(c.FormValue("email"))
	var v validator
	v.check(ok && validEmail(email), "email", "Enter an email address in the right format, like name@example.ac.uk")
	var u store.User
	if v.Valid() {
		u, err = s.store.FindUserByEmail(c.Request().Context(), email)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		// One message for "no account" and "not an educator", so the form reveals less.
		v.check(err == nil && u.CanTeach(), "email", "No educator account has that email address. Check it, or ask an administrator to create the account")
	}
	if !v.Valid() {
		p, err := s.cohortShowPage(c, co)
		if err != nil {
			return err
		}
		p.Form, p.EducatorEmail = v, email
		return c.Render(http.StatusUnprocessableEntity, "cohort_show", p)
	}
	if err := s.store.AddEducator(c.Request().Context(), co.ID, u.ID); err != nil {
		return err
	}
	s.flash(c, u.Name+" is now an educator of this cohort.")
	return c.Redirect(http.StatusSeeOther, cohortPath(co))
}

// handleLearnerRemove handles "POST /cohorts/:cohort/learners/:user/remove". The learner's
// own records stay theirs; the cohort stops seeing them.
func (s *Server) handleLearnerRemove(c echo.Context) error {
	co, err := s.teachingCohort(c)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(c.Param("user"), 10, 64)
	if err != nil {
		return store.ErrNotFound
	}
	ctx := c.Request().Context()
	if err := s.store.RemoveLearner(ctx, co.ID, id); err != nil {
		return err
	}
	u, err := s.store.FindUser(ctx, id)
	if err != nil {
		return err
	}
	s.flash(c, u.Name+" is removed from the cohort. Their own records are kept.")
	return c.Redirect(http.StatusSeeOther, cohortPath(co)+"#learners")
}
