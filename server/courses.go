package server

import (
	"html/template"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/redpen-social/redpen/internal/content"
	"github.com/redpen-social/redpen/internal/course"
	"github.com/redpen-social/redpen/internal/scenario"
	"github.com/redpen-social/redpen/internal/store"
)

const ctxContentError = "content_error"

// library returns the content; in development mode a reload that failed is reported on
// the page while the last good content is served.
func (s *Server) library(c echo.Context) *content.Library {
	lib, err := s.content.Library()
	if err != nil {
		c.Set(ctxContentError, err)
	}
	return lib
}

// progressOf returns the signed-in learner's module progress, or none for visitors.
func (s *Server) progressOf(c echo.Context) (map[string]store.ModuleProgress, error) {
	u, ok := currentUser(c)
	if !ok {
		return map[string]store.ModuleProgress{}, nil
	}
	return s.store.ListModuleProgress(c.Request().Context(), u.ID)
}

type moduleSummary struct {
	*course.Module
	Number   int
	Started  bool
	Complete bool
}

type courseSummary struct {
	*course.Course
	Modules  []moduleSummary
	Complete int
}

func summarise(co *course.Course, prog map[string]store.ModuleProgress) courseSummary {
	cs := courseSummary{Course: co}
	for i, m := range co.Modules {
		p, started := prog[m.ID]
		ms := moduleSummary{Module: m, Number: i + 1, Started: started, Complete: p.Complete()}
		if ms.Complete {
			cs.Complete++
		}
		cs.Modules = append(cs.Modules, ms)
	}
	return cs
}

type courseIndexPage struct {
	basePage
	Courses []courseSummary
}

// handleCourseIndex handles "GET /courses".
func (s *Server) handleCourseIndex(c echo.Context) error {
	lib := s.library(c)
	prog, err := s.progressOf(c)
	if err != nil {
		return err
	}
	p := courseIndexPage{basePage: s.page(c, "Courses")}
	for _, co := range lib.Catalog.Courses {
		p.Courses = append(p.Courses, summarise(co, prog))
	}
	return c.Render(http.StatusOK, "course_index", p)
}

type courseShowPage struct {
	basePage
	Course courseSummary
}

// handleCourseShow handles "GET /courses/:course".
func (s *Server) handleCourseShow(c echo.Context) error {
	co, err := s.library(c).Catalog.Course(c.Param("course"))
	if err != nil {
		return err
	}
	prog, err := s.progressOf(c)
	if err != nil {
		return err
	}
	return c.Render(http.StatusOK, "course_show", courseShowPage{basePage: s.page(c, co.Title), Course: summarise(co, prog)})
}

type optionView struct {
	Index        int
	Text         string
	Feedback     string
	Chosen       bool
	Correct      bool
	ShowFeedback bool
}

type quizView struct {
	Quiz     *course.Quiz
	Answered bool
	Correct  bool
	Options  []optionView
}

type segmentView struct {
	HTML template.HTML
	Quiz *quizView
}

type moduleShowPage struct {
	basePage
	Course     *course.Course
	Module     *course.Module
	Number     int
	Standards  []standardView
	Outcomes   []outcomeView
	Segments   []segmentView
	Scenarios  []*scenario.Scenario
	Progress   store.ModuleProgress
	Started    bool
	Prev, Next *course.Module
	Passed     int
}

type standardView struct{ Number, Text string }

type outcomeView struct {
	Text      string
	Standards []string
}

// handleModuleShow handles "GET /courses/:course/:module".
func (s *Server) handleModuleShow(c echo.Context) error {
	lib := s.library(c)
	co, m, idx, err := findModule(lib, c.Param("course"), c.Param("module"))
	if err != nil {
		return err
	}
	p := moduleShowPage{basePage: s.page(c, m.Title), Course: co, Module: m, Number: idx + 1}
	if idx > 0 {
		p.Prev = co.Modules[idx-1]
	}
	if idx+1 < len(co.Modules) {
		p.Next = co.Modules[idx+1]
	}
	for _, st := range lib.Taxonomy.StandardsFor(m.Standards) {
		p.Standards = append(p.Standards, standardView{st.Number, st.Text})
	}
	for _, o := range m.Outcomes {
		p.Outcomes = append(p.Outcomes, outcomeView{Text: o.Text, Standards: o.Standards})
	}
	for _, id := range m.Scenarios {
		if sc, err := lib.Scenarios.Get(id); err == nil {
			p.Scenarios = append(p.Scenarios, sc)
		}
	}
	answers := map[string]store.QuizAnswer{}
	if u, ok := currentUser(c); ok {
		ctx := c.Request().Context()
		if err := s.store.StartModule(ctx, u.ID, m.ID); err != nil {
			return err
		}
		prog, err := s.store.ListModuleProgress(ctx, u.ID)
		if err != nil {
			return err
		}
		p.Progress, p.Started = prog[m.ID], true
		if answers, err = s.store.LatestQuizAnswers(ctx, u.ID, m.ID); err != nil {
			return err
		}
	}
	for _, seg := range m.Segments {
		if seg.Quiz == nil {
			p.Segments = append(p.Segments, segmentView{HTML: seg.HTML})
			continue
		}
		qv := viewQuiz(seg.Quiz, answers)
		if qv.Correct {
			p.Passed++
		}
		p.Segments = append(p.Segments, segmentView{Quiz: qv})
	}
	return c.Render(http.StatusOK, "module_show", p)
}

func viewQuiz(q *course.Quiz, answers map[string]store.QuizAnswer) *quizView {
	qv := &quizView{Quiz: q}
	a, answered := answers[q.ID]
	var mk course.Marking
	if answered {
		mk = q.Mark(a.Choices)
		qv.Answered, qv.Correct = true, mk.Correct
	}
	for i, o := range q.Options {
		ov := optionView{Index: i, Text: o.Text, Feedback: o.Feedback, Correct: o.Correct}
		if answered {
			ov.Chosen = mk.Chosen[i]
			// Feedback on what was chosen; once the check is passed, on every option, so
			// the learner also learns why the others were wrong.
			ov.ShowFeedback = ov.Chosen || mk.Correct
		}
		qv.Options = append(qv.Options, ov)
	}
	return qv
}

func findModule(lib *content.Library, courseID, moduleID string) (*course.Course, *course.Module, int, error) {
	co, err := lib.Catalog.Course(courseID)
	if err != nil {
		return nil, nil, 0, err
	}
	for i, m := range co.Modules {
		if m.ID == moduleID {
			return co, m, i, nil
		}
	}
	return nil, nil, 0, course.ErrNotFound
}

// handleQuizAnswerCreate handles "POST /courses/:course/:module/quizzes/:quiz".
func (s *Server) handleQuizAnswerCreate(c echo.Context) error {
	_, m, _, err := findModule(s.library(c), c.Param("course"), c.Param("module"))
	if err != nil {
		return err
	}
	q, ok := m.Quiz(c.Param("quiz"))
	if !ok {
		return course.ErrNotFound
	}
	form, err := c.FormParams()
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "The form could not be read.")
	}
	var choices []int
	for _, v := range form["choice"] {
		i, err := strconv.Atoi(v)
		if err != nil || i < 0 || i >= len(q.Options) {
			return echo.NewHTTPError(http.StatusBadRequest, "That answer is not one of the options.")
		}
		choices = append(choices, i)
	}
	anchor := "/courses/" + c.Param("course") + "/" + m.ID + "#quiz-" + q.ID
	if len(choices) == 0 {
		s.flash(c, "Choose an answer before checking it.")
		return c.Redirect(http.StatusSeeOther, anchor)
	}
	u := mustUser(c)
	ctx := c.Request().Context()
	answers, err := s.store.LatestQuizAnswers(ctx, u.ID, m.ID)
	if err != nil {
		return err
	}
	mk := q.Mark(choices)
	answers[q.ID] = store.QuizAnswer{QuizID: q.ID, Correct: mk.Correct}
	complete := true
	for _, other := range m.Quizzes {
		if !answers[other.ID].Correct {
			complete = false
		}
	}
	if err := s.store.SaveQuizAnswer(ctx, u.ID, m.ID, store.QuizAnswer{QuizID: q.ID, Choices: choices, Correct: mk.Correct}, complete); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, anchor)
}

// handleModuleComplete handles "POST /courses/:course/:module/complete": a module without
// knowledge checks is complete when the learner says they have read it.
func (s *Server) handleModuleComplete(c echo.Context) error {
	co, m, idx, err := findModule(s.library(c), c.Param("course"), c.Param("module"))
	if err != nil {
		return err
	}
	if len(m.Quizzes) > 0 {
		return echo.NewHTTPError(http.StatusBadRequest, "This module is complete when its knowledge checks are answered correctly.")
	}
	if err := s.store.CompleteModule(c.Request().Context(), mustUser(c).ID, m.ID); err != nil {
		return err
	}
	s.flash(c, "“"+m.Title+"” is marked as complete.")
	if idx+1 < len(co.Modules) {
		return c.Redirect(http.StatusSeeOther, "/courses/"+co.ID+"/"+co.Modules[idx+1].ID)
	}
	return c.Redirect(http.StatusSeeOther, "/courses/"+co.ID)
}
