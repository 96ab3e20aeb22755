package e2e

import (
	"context"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/redpen-social/redpen/internal/llm"
	"github.com/redpen-social/redpen/internal/llm/llmtest"
	"github.com/redpen-social/redpen/internal/scenario"
	"github.com/redpen-social/redpen/internal/score"
	"github.com/redpen-social/redpen/internal/store"
	"github.com/redpen-social/redpen/server"
	"github.com/redpen-social/redpen/templates"
)

// startAppWithModel starts the real server, like startApp, with a fake OpenAI-compatible
// model behind the real client, so the AI pages exist (server/ai_helpers_test.go wires the
// same for the handler tests).
func startAppWithModel(t *testing.T) (*app, *llmtest.Server) {
	t.Helper()
	fake := llmtest.NewOpenAI(t)
	client, err := llm.New(llm.Config{Spec: "openai:gpt-test", BaseURL: fake.URL(), Timeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("model client: %v", err)
	}
	return startServer(t, templates.FS, client), fake
}

// newAccount adds an account straight to the store, like createUser, and returns it with
// its password.
func (a *app) newAccount(t *testing.T, role string) (store.User, string) {
	t.Helper()
	email, pw := a.createUser(t, role)
	return a.user(t, email), pw
}

// user looks an account up by email.
func (a *app) user(t *testing.T, email string) store.User {
	t.Helper()
	u, err := a.Store.FindUserByEmail(context.Background(), email)
	if err != nil {
		t.Fatalf("find user %s: %v", email, err)
	}
	return u
}

// keyFlag flags exactly the words of a key flaw, with the given category.
func keyFlag(sc *scenario.Scenario, f scenario.Flaw, category string) store.Flag {
	return store.Flag{Document: string(f.Span.Doc), Start: f.Span.Start, End: f.Span.End, Quote: quote(sc, f.Span),
		Category: category, Rationale: "The source does not support this as written.", EvidenceStart: -1, EvidenceEnd: -1}
}

// falseAlarm flags the first sentence of the note that holds no key flaw.
func falseAlarm(t *testing.T, sc *scenario.Scenario, category string) store.Flag {
	t.Helper()
	for _, u := range sc.Note.Units {
		clean := true
		for _, f := range sc.Flaws {
			if f.Span.Doc == score.Note && f.Span.Start < u.End && u.Start < f.Span.End {
				clean = false
			}
		}
		if clean {
			return store.Flag{Document: string(score.Note), Start: u.Start, End: u.End, Quote: sc.Note.Slice(u.Start, u.End),
				Category: category, Rationale: "This looks wrong to me.", EvidenceStart: -1, EvidenceEnd: -1}
		}
	}
	t.Fatalf("scenario %s has no sentence without a key flaw", sc.ID)
	return store.Flag{}
}

// otherCategory is a category that is not id.
func (a *app) otherCategory(id string) string {
	for _, c := range a.Lib.Taxonomy.Categories {
		if c.ID != id {
			return c.ID
		}
	}
	return id
}

// submitAttempt stores a submitted attempt scored exactly as a learner's submission is (as
// `redpen demo` does), and returns it.
func (a *app) submitAttempt(t *testing.T, userID int64, sc *scenario.Scenario, flags []store.Flag) store.Attempt {
	t.Helper()
	opt := score.DefaultOptions()
	result, _, err := server.GradeAttempt(sc, flags, opt)
	if err != nil {
		t.Fatal(err)
	}
	at, err := a.Store.CreateSubmittedAttempt(context.Background(), userID, sc.ID, flags, result, func(ids []int64) ([]byte, error) {
		for i := range flags {
			flags[i].ID = ids[i]
		}
		_, body, err := server.GradeAttempt(sc, flags, opt)
		return body, err
	})
	if err != nil {
		t.Fatalf("submit attempt: %v", err)
	}
	return at
}

// completeModule answers every knowledge check of a module correctly, as the module page's
// forms would, so the store marks it complete with the last answer; a module without checks
// is marked complete as its "I have read it" button does.
func (a *app) completeModule(t *testing.T, userID int64, moduleID string) {
	t.Helper()
	ctx := context.Background()
	m, err := a.Lib.Catalog.Module(moduleID)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Store.StartModule(ctx, userID, m.ID); err != nil {
		t.Fatal(err)
	}
	if len(m.Quizzes) == 0 {
		if err := a.Store.CompleteModule(ctx, userID, m.ID); err != nil {
			t.Fatal(err)
		}
		return
	}
	for i, q := range m.Quizzes {
		var choices []int
		for j, o := range q.Options {
			if o.Correct {
				choices = append(choices, j)
			}
		}
		if !q.Mark(choices).Correct {
			t.Fatalf("module %s, check %s: the correct options do not mark as correct", m.ID, q.ID)
		}
		ans := store.QuizAnswer{QuizID: q.ID, Choices: choices, Correct: true}
		if err := a.Store.SaveQuizAnswer(ctx, userID, m.ID, ans, i == len(m.Quizzes)-1); err != nil {
			t.Fatal(err)
		}
	}
}

// completeCourse completes every module of a course.
func (a *app) completeCourse(t *testing.T, userID int64, courseID string) {
	t.Helper()
	co, err := a.Lib.Catalog.Course(courseID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range co.Modules {
		a.completeModule(t, userID, m.ID)
	}
}

// seededCohort is a cohort with assignments and learners' work, for the analytics pages.
type seededCohort struct {
	Cohort    store.Cohort
	Learners  []store.User
	Attempts  []store.Attempt // every attempt, in the order they were made
	Held      store.Attempt   // an attempt at a case whose key is held back until its due date
	Passwords []string        // each learner's, in the same order
}

// seedCohort builds, straight in the store, a cohort run by the educator with a module
// and two cases assigned (the second holding its key back until a due date), and three
// learners: one strong (with a false alarm), one who names a wrong kind and raises false
// alarms, and one who has only started the module. `redpen demo` seeds much the same, but
// from package main.
func (a *app) seedCohort(t *testing.T, educatorID int64) seededCohort {
	t.Helper()
	ctx := context.Background()
	co, err := a.Store.CreateCohort(ctx, "BA Social Work, Year 2 (seminar group B)", educatorID)
	if err != nil {
		t.Fatal(err)
	}
	sc, held := a.scenario(t, critiqueID), a.scenario(t, "hospital-discharge")
	const module = "checking-ai-records"
	now := a.Store.Now()
	for _, as := range []store.Assignment{
		{Kind: store.KindModule, ItemID: module, DueAt: now.Add(10 * 24 * time.Hour)},
		{Kind: store.KindScenario, ItemID: sc.ID, FeedbackPolicy: store.PolicyImmediate},
		{Kind: store.KindScenario, ItemID: held.ID, DueAt: now.Add(3 * 24 * time.Hour), FeedbackPolicy: store.PolicyAfterDue},
	} {
		as.CohortID = co.ID
		if _, err := a.Store.CreateAssignment(ctx, as); err != nil {
			t.Fatalf("assign %s: %v", as.ItemID, err)
		}
	}
	out := seededCohort{Cohort: co}
	for range 3 {
		u, pw := a.newAccount(t, store.RoleLearner)
		if _, err := a.Store.JoinCohort(ctx, co.ID, u.ID); err != nil {
			t.Fatal(err)
		}
		out.Learners, out.Passwords = append(out.Learners, u), append(out.Passwords, pw)
	}
	if len(sc.Flaws) < 3 || len(held.Flaws) < 1 {
		t.Fatal("the seeded cases need at least 3 and 1 key flaws")
	}
	strong, partial := out.Learners[0], out.Learners[1]
	a.completeModule(t, strong.ID, module)
	if err := a.Store.StartModule(ctx, out.Learners[2].ID, module); err != nil {
		t.Fatal(err)
	}
	var flags []store.Flag
	for _, f := range sc.Flaws[:3] {
		flags = append(flags, keyFlag(sc, f, f.Category))
	}
	flags = append(flags, falseAlarm(t, sc, sc.Flaws[0].Category))
	out.Attempts = append(out.Attempts,
		a.submitAttempt(t, strong.ID, sc, flags),
		a.submitAttempt(t, partial.ID, sc, []store.Flag{
			keyFlag(sc, sc.Flaws[0], a.otherCategory(sc.Flaws[0].Category)),
			falseAlarm(t, sc, sc.Flaws[1].Category),
		}))
	out.Held = a.submitAttempt(t, strong.ID, held, []store.Flag{keyFlag(held, held.Flaws[0], held.Flaws[0].Category)})
	out.Attempts = append(out.Attempts, out.Held)
	return out
}

// fetched is a resource fetched by the page's own fetch(), with the page's cookies.
type fetched struct {
	Status      int    `json:"status"`
	Type        string `json:"type"`
	Disposition string `json:"disposition"`
	Body        string `json:"body"`
}

// fetch gets a URL of the app from inside the page, as the signed-in person.
func (b *browser) fetch(path string) fetched {
	b.t.Helper()
	return call[fetched](b, `url => fetch(url, {credentials: "same-origin"}).then(r => r.text().then(body => ({
	  status: r.status, type: r.headers.get("Content-Type") || "", disposition: r.headers.get("Content-Disposition") || "", body})))`, path)
}

// fetchCSV fetches a CSV file in the page and parses it.
func (b *browser) fetchCSV(path string) [][]string {
	b.t.Helper()
	f := b.fetch(path)
	if f.Status != 200 || !strings.HasPrefix(f.Type, "text/csv") {
		b.t.Fatalf("GET %s answered %d %q: %.300s", path, f.Status, f.Type, f.Body)
	}
	if !strings.HasPrefix(f.Disposition, "attachment;") {
		b.t.Errorf("GET %s has Content-Disposition %q, want an attachment", path, f.Disposition)
	}
	rows, err := csv.NewReader(strings.NewReader(f.Body)).ReadAll()
	if err != nil {
		b.t.Fatalf("%s is not valid CSV: %v\n%s", path, err, f.Body)
	}
	return rows
}

// submitForm clicks the submit button of the form in main whose action ends with action,
// waits for the page that answers, and returns its status.
func (b *browser) submitForm(action string) int {
	b.t.Helper()
	return b.followStatus(chromedp.Click(chromedp.CSS(`main form[action$="` + action + `"] button[type=submit]`)))
}

// wantErrorsShown submits a form expecting it back with 422 and an error summary.
func (b *browser) wantErrorsShown(action string) {
	b.t.Helper()
	if status := b.submitForm(action); status != 422 {
		b.t.Errorf("on %s, submitting the form %s answered %d, want 422", b.where(), action, status)
	}
	b.wantText(".error-summary", "There is a problem")
}

// attr is the value of an attribute of the first element the CSS selector matches.
func (b *browser) attr(css, name string) string {
	b.t.Helper()
	v := call[*string](b, `(sel, name) => { const e = document.querySelector(sel); return e ? e.getAttribute(name) : null }`, css, name)
	if v == nil {
		b.t.Fatalf("on %s: nothing matches %s (or it has no %s)", b.where(), css, name)
	}
	return *v
}

// flagUnit flags the whole sentence or source line that holds a key flaw through the
// form its Flag link opens (the way that works without JavaScript), with the flaw's own
// category.
func (b *browser) flagUnit(sc *scenario.Scenario, f scenario.Flaw, rationale string) {
	b.t.Helper()
	u := unitOf(b.t, sc, f.Span)
	b.open(fmt.Sprintf("/scenarios/%s/flags/new?doc=%s&unit=%d", sc.ID, f.Span.Doc, u.Number))
	b.do(
		chromedp.Click(chromedp.ID("cat-"+f.Category)),
		chromedp.SendKeys(chromedp.ID("rationale"), rationale),
	)
	b.follow(chromedp.Click(chromedp.CSS(`main form[action$="/flags"] button[type=submit]`)))
	b.wantPath("/scenarios/" + sc.ID)
}

// submitCritique confirms the submission of the open critique of a case and returns the
// score the feedback page shows, such as "45%".
func (b *browser) submitCritique(sc *scenario.Scenario) string {
	b.t.Helper()
	b.open("/scenarios/" + sc.ID + "/submit")
	b.follow(chromedp.Click(chromedp.CSS(`main form[action$="/submit"] button[type=submit]`)))
	b.wantFeedback(nil)
	return b.text(".score-panel .score-number")
}

// wantNoSideScroll fails if the page is wider than the viewport, so that a person on a
// phone would have to scroll sideways to read it (WCAG 1.4.10 Reflow); wide tables may
// scroll inside their own regions.
func (b *browser) wantNoSideScroll() {
	b.t.Helper()
	type widths struct {
		Page     float64 `json:"page"`
		Viewport float64 `json:"viewport"`
		Widest   string  `json:"widest"`
	}
	w := eval[widths](b, `(() => {
	  const vw = document.documentElement.clientWidth;
	  let widest = "";
	  for (const e of document.querySelectorAll("main *")) {
	    const r = e.getBoundingClientRect();
	    // Inside a scrolling region only what escapes its clip counts: absolutely positioned boxes.
	    if (r.right > vw + 1 && (!e.closest("[role=region]") || getComputedStyle(e).position === "absolute")) {
	      widest = e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(" ").join(".") : "") +
	        " (right edge " + Math.round(r.right) + "px" + (e.closest("[role=region]") ? ", inside a scrolling region" : "") + ")";
	      break;
	    }
	  }
	  return {page: document.documentElement.scrollWidth, viewport: vw, widest};
	})()`)
	if w.Page > w.Viewport+1 {
		b.t.Errorf("on %s the page is %.0fpx wide in a %.0fpx viewport: it scrolls sideways (first too wide: %s)", b.where(), w.Page, w.Viewport, w.Widest)
	}
}
