package e2e

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestCourseModule: a newcomer registers, opens the first module of the AI-literacy course,
// answers every knowledge check correctly with the mouse, and sees the module marked
// complete and the course's progress move to one module done.
func TestCourseModule(t *testing.T) {
	a := startApp(t)
	b := newBrowser(t, a.URL)

	co, err := a.Lib.Catalog.Course("ai-literacy")
	if err != nil {
		t.Fatal(err)
	}
	m := co.Modules[0]
	if len(m.Quizzes) == 0 {
		t.Fatalf("module %s has no knowledge checks to answer", m.ID)
	}

	b.open("/")
	b.screenshot("home")
	b.register("Nia Learner", "nia@example.ac.uk", "correct horse battery staple")

	b.open("/courses/" + co.ID)
	b.wantText(".progress-text", fmt.Sprintf("0 of %d modules complete", len(co.Modules)))
	b.follow(chromedp.Click(chromedp.CSS(fmt.Sprintf(`.module-list a[href="/courses/%s/%s"]`, co.ID, m.ID))))
	b.wantPath("/courses/" + co.ID + "/" + m.ID)
	b.wantText("h1", m.Title)

	for qi, q := range m.Quizzes {
		// The correct options come from the content, not from the test.
		var picks []chromedp.Action[chromedp.Void]
		for i, o := range q.Options {
			if o.Correct {
				picks = append(picks, chromedp.Click(chromedp.ID(fmt.Sprintf("quiz-%s-%d", q.ID, i))))
			}
		}
		b.do(picks...)
		b.follow(chromedp.Click(chromedp.CSS(fmt.Sprintf(`#quiz-%s button[type=submit]`, q.ID))))
		b.wantText(fmt.Sprintf("#quiz-%s-result", q.ID), "Correct")
		if qi == 0 {
			b.screenshot("module-quiz-answered")
		}
		if qi < len(m.Quizzes)-1 {
			b.wantText("article.module > .meta", fmt.Sprintf("%d of %d knowledge checks answered correctly", qi+1, len(m.Quizzes)))
		}
	}
	b.wantText("article.module .tag-done", "Complete")

	b.open("/courses/" + co.ID)
	b.wantText(".progress-text", fmt.Sprintf("1 of %d modules complete", len(co.Modules)))
	if got := b.text(fmt.Sprintf(`.module-list li:has(a[href="/courses/%s/%s"]) .tag`, co.ID, m.ID)); got != "Complete" {
		t.Errorf("course page tags module 1 as %q, want Complete", got)
	}
	if got := b.text(fmt.Sprintf(`.module-list li:has(a[href="/courses/%s/%s"]) .tag`, co.ID, co.Modules[1].ID)); got != "Not started" {
		t.Errorf("course page tags module 2 as %q, want Not started", got)
	}
}
