package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/redpen-social/redpen/internal/content"
	"github.com/redpen-social/redpen/internal/course"
	"github.com/redpen-social/redpen/internal/store"
	"github.com/redpen-social/redpen/scenarios"
)

// firstQuizModule returns the first module of the AI literacy course that has knowledge checks,
// including at least one single-answer check.
func firstQuizModule(t *testing.T, ts *testServer) (*course.Course, *course.Module) {
	t.Helper()
	co, err := ts.lib.Catalog.Course("ai-literacy")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range co.Modules {
		for _, q := range m.Quizzes {
			if !q.Multiple {
				return co, m
			}
		}
	}
	t.Fatal("no module with a single-answer knowledge check")
	return nil, nil
}

// correctChoiceForm returns the form values that answer a check correctly.
func correctChoiceForm(q *course.Quiz) url.Values {
	f := url.Values{}
	for i, o := range q.Options {
		if o.Correct {
			f.Add("choice", strconv.Itoa(i))
		}
	}
	return f
}

func TestKnowledgeChecks(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	co, m := firstQuizModule(t, ts)
	modulePath := "/courses/" + co.ID + "/" + m.ID
	quizPath := func(q *course.Quiz) string { return modulePath + "/quizzes/" + q.ID }
	var single *course.Quiz
	for _, q := range m.Quizzes {
		if !q.Multiple {
			single = q
			break
		}
	}

	t.Run("Anonymous", func(t *testing.T) {
		// Ensure visitors can read the checks but must sign in to answer them.
		c := ts.newClient(t)
		res := c.get(modulePath)
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, escText(single.Question),
			fmt.Sprintf(`id="quiz-%s-0" name="choice" value="0" disabled>`, single.ID),
			`<a href="/login?next=`+modulePath+`">Sign in</a> to answer this check.`)
		wantNotContains(t, res.Body, `action="`+quizPath(single))

		// Posting anyway sends them to sign in and records nothing.
		res = c.postForm(quizPath(single), correctChoiceForm(single))
		wantStatus(t, res, http.StatusSeeOther)
		if loc := res.Header.Get("Location"); !strings.HasPrefix(loc, "/login?next=") {
			t.Errorf("Location = %q, want the sign-in page", loc)
		}
	})

	t.Run("Wrong", func(t *testing.T) {
		// Ensure a wrong answer says so and shows the feedback on the chosen option only.
		c, _ := ts.signedIn(t, store.RoleLearner)
		wrong, other := -1, -1
		for i, o := range single.Options {
			switch {
			case o.Correct:
			case wrong < 0:
				wrong = i
			case other < 0:
				other = i
			}
		}
		res := c.postForm(quizPath(single), url.Values{"choice": {strconv.Itoa(wrong)}})
		wantRedirect(t, res, modulePath+"#quiz-"+single.ID)
		res = c.get(modulePath)
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, "Not quite. Read the feedback and try again.",
			escText(single.Options[wrong].Feedback),
			fmt.Sprintf(`id="quiz-%s-%d" name="choice" value="%d" checked>`, single.ID, wrong, wrong))
		wantNotContains(t, res.Body, "Correct — well done.")
		if other >= 0 {
			wantNotContains(t, res.Body, escText(single.Options[other].Feedback))
		}
		for i, o := range single.Options {
			if o.Correct {
				wantNotContains(t, res.Body, escText(single.Options[i].Feedback))
			}
		}
	})

	t.Run("OutOfRange", func(t *testing.T) {
		// Ensure a tampered answer is refused, not stored or panicked on.
		c, u := ts.signedIn(t, store.RoleLearner)
		for _, choice := range []string{strconv.Itoa(len(single.Options)), "-1", "x", "99999999999999999999"} {
			res := c.postForm(quizPath(single), url.Values{"choice": {choice}})
			wantStatus(t, res, http.StatusBadRequest)
			wantContains(t, res.Body, "That answer is not one of the options.")
		}
		answers, err := ts.store.LatestQuizAnswers(t.Context(), u.ID, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(answers) != 0 {
			t.Errorf("answers stored: %v", answers)
		}
	})

	t.Run("UnknownQuiz", func(t *testing.T) {
		c, _ := ts.signedIn(t, store.RoleLearner)
		res := c.postForm(modulePath+"/quizzes/no-such-quiz", url.Values{"choice": {"0"}})
		wantStatus(t, res, http.StatusNotFound)
	})

	t.Run("NoChoice", func(t *testing.T) {
		c, _ := ts.signedIn(t, store.RoleLearner)
		res := c.postForm(quizPath(single), nil)
		wantRedirect(t, res, modulePath+"#quiz-"+single.ID)
		wantContains(t, c.get(modulePath).Body, "Choose an answer before checking it.")
	})

	t.Run("AllCorrect", func(t *testing.T) {
		// Ensure answering every check correctly completes the module, and only it.
		c, _ := ts.signedIn(t, store.RoleLearner)
		wantContains(t, c.get("/courses/"+co.ID).Body, fmt.Sprintf("0 of %d modules complete", len(co.Modules)))
		for i, q := range m.Quizzes {
			wantRedirect(t, c.postForm(quizPath(q), correctChoiceForm(q)), modulePath+"#quiz-"+q.ID)
			res := c.get(modulePath)
			if i < len(m.Quizzes)-1 {
				wantContains(t, res.Body, fmt.Sprintf("%d of %d knowledge checks answered correctly", i+1, len(m.Quizzes)))
				wantNotContains(t, res.Body, `<p class="tag tag-done">Complete</p>`)
			}
		}
		res := c.get(modulePath)
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, `<p class="tag tag-done">Complete</p>`, "Correct — well done.")
		wantNotContains(t, res.Body, "Not quite.")

		res = c.get("/courses/" + co.ID)
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, fmt.Sprintf("1 of %d modules complete", len(co.Modules)))
		if len(co.Modules) != 8 {
			t.Errorf("the AI literacy course has %d modules, the product guide promises 8", len(co.Modules))
		}
		// A module with checks cannot be marked read instead.
		c2, _ := ts.signedIn(t, store.RoleLearner)
		wantStatus(t, c2.postForm(modulePath+"/complete", nil), http.StatusBadRequest)
		wantContains(t, c2.get("/courses/"+co.ID).Body, fmt.Sprintf("0 of %d modules complete", len(co.Modules)))
	})
}

// readingOnlyFixture is a course whose one module has no knowledge checks.
func readingOnlyFixture() content.Source {
	courses := fstest.MapFS{
		"tiny/course.yaml": {Data: []byte(`title: A tiny course
summary: One reading.
audience: student
modules:
  - just-reading
`)},
		"tiny/just-reading.md": {Data: []byte(`---
title: Just reading
minutes: 5
---

## Read this

Checking an AI note means reading it against the source, line by line.
`)},
	}
	return content.Source{Courses: courses, Scenarios: scenarios.FS, CoursesName: "courses", ScenariosName: "scenarios"}
}

func TestModuleMarkRead(t *testing.T) {
	t.Parallel()
	ts := newTestServerWith(t, readingOnlyFixture())
	const path = "/courses/tiny/just-reading"

	t.Run("OK", func(t *testing.T) {
		// Ensure a module without checks is complete once the learner marks it read.
		c, u := ts.signedIn(t, store.RoleLearner)
		res := c.get(path)
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, "<h1>Just reading</h1>", "line by line", `action="`+path+`/complete"`, "Mark as read")
		wantNotContains(t, res.Body, "Knowledge check")

		res = c.postForm(path+"/complete", nil)
		wantRedirect(t, res, "/courses/tiny")
		res = c.get("/courses/tiny")
		wantContains(t, res.Body, "1 of 1 modules complete", `<strong class="tag tag-done">Complete</strong>`)
		res = c.get(path)
		wantContains(t, res.Body, `<p class="tag tag-done">Complete</p>`)
		wantNotContains(t, res.Body, "Mark as read")

		prog, err := ts.store.ListModuleProgress(t.Context(), u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !prog["just-reading"].Complete() {
			t.Errorf("progress not stored: %+v", prog)
		}
	})

	t.Run("Anonymous", func(t *testing.T) {
		c := ts.newClient(t)
		res := c.get(path)
		wantStatus(t, res, http.StatusOK)
		wantNotContains(t, res.Body, "Mark as read")
		res = c.postForm(path+"/complete", nil)
		wantStatus(t, res, http.StatusSeeOther)
		if loc := res.Header.Get("Location"); !strings.HasPrefix(loc, "/login") {
			t.Errorf("Location = %q, want sign-in", loc)
		}
	})

	t.Run("WithoutCSRF", func(t *testing.T) {
		c, u := ts.signedIn(t, store.RoleLearner)
		c.get(path)
		res := c.postRaw(path+"/complete", "")
		if res.Status < 400 || res.Status >= 500 {
			t.Errorf("status = %d, want 4xx", res.Status)
		}
		prog, _ := ts.store.ListModuleProgress(t.Context(), u.ID)
		if prog["just-reading"].Complete() {
			t.Error("module completed without a CSRF token")
		}
	})
}
