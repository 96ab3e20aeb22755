package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/redpen-social/redpen/internal/store"
)

// axePinned is the axe-core version package.json pins; the test logs the version it ran.
const axePinned = "4.14.1"

// axeTags are the rule sets for WCAG 2.2 AA (axe has no wcag22a tag; its 2.2 A rules are
// tagged wcag2a or wcag21a).
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

var axeScript struct {
	once sync.Once
	src  string
	path string
	err  error
}

// axeSource returns axe.min.js, from $REDPEN_AXE_JS or from node_modules (installed by
// `npm ci --prefix internal/e2e`), or skips the test.
func axeSource(t *testing.T) string {
	t.Helper()
	axeScript.once.Do(func() {
		axeScript.path = os.Getenv(envAxe)
		if axeScript.path == "" {
			axeScript.path = "node_modules/axe-core/axe.min.js"
		}
		var b []byte
		b, axeScript.err = os.ReadFile(axeScript.path)
		axeScript.src = string(b)
	})
	if axeScript.err != nil {
		unavailable(t, fmt.Sprintf("AXE TESTS SKIPPED: axe-core not found (%v); run `npm ci --prefix internal/e2e` or set %s to an axe.min.js", axeScript.err, envAxe))
	}
	return axeScript.src
}

type axeNode struct {
	Target         []any  `json:"target"`
	HTML           string `json:"html"`
	FailureSummary string `json:"failureSummary"`
}

type axeViolation struct {
	ID      string    `json:"id"`
	Impact  string    `json:"impact"`
	Help    string    `json:"help"`
	HelpURL string    `json:"helpUrl"`
	Nodes   []axeNode `json:"nodes"`
}

// axeRun injects axe-core into the current page (once per document) and runs the WCAG 2.2
// AA rules over the whole document.
func (b *browser) axeRun(src string) []axeViolation {
	b.t.Helper()
	if !eval[bool](b, `typeof window.axe === "object"`) {
		b.do(chromedp.Evaluate[chromedp.Void](src))
	}
	tags, _ := json.Marshal(axeTags)
	return eval[[]axeViolation](b, `axe.run(document, {runOnly: {type: "tag", values: `+string(tags)+`}, resultTypes: ["violations"]})
	  .then(r => r.violations.map(v => ({id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
	    nodes: v.nodes.map(n => ({target: n.target, html: n.html, failureSummary: n.failureSummary || ""}))})))`)
}

// formatViolations lists violations for a failure message: rule, impact, help and the
// elements, each with axe's summary of how to fix it.
func formatViolations(vs []axeViolation) string {
	var sb strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&sb, "\n  [%s] %s: %s (%s)", v.Impact, v.ID, v.Help, v.HelpURL)
		for _, n := range v.Nodes {
			target, _ := json.Marshal(n.Target)
			fmt.Fprintf(&sb, "\n    - %s  %s", target, n.HTML)
			for _, line := range strings.Split(n.FailureSummary, "\n") {
				if line = strings.TrimSpace(line); line != "" {
					fmt.Fprintf(&sb, "\n        %s", line)
				}
			}
		}
	}
	return sb.String()
}

// axeCheck runs axe on the current page and reports every violation as an error naming
// the page; it does not stop the test, so one run lists the problems of every page.
func (b *browser) axeCheck(src, page string) {
	b.t.Helper()
	start := time.Now()
	vs := b.axeRun(src)
	if len(vs) > 0 {
		b.t.Errorf("axe: %d WCAG 2.2 AA violation(s) on %s (%s):%s", len(vs), page, b.where(), formatViolations(vs))
	} else {
		b.t.Logf("axe: %s (%s): no violations (%v)", page, b.where(), time.Since(start).Round(time.Millisecond))
	}
}

// TestAccessibility runs axe-core's WCAG 2.2 AA rules on every kind of page, in the states
// learners see them in (with errors, with a flag, with the selection toolbar open), for
// visitors, learners and educators, and on a phone-sized screen.
func TestAccessibility(t *testing.T) {
	src := axeSource(t)
	a := startApp(t)
	b := newBrowser(t, a.URL)
	sc := a.scenario(t, critiqueID)
	co, err := a.Lib.Catalog.Course("ai-literacy")
	if err != nil {
		t.Fatal(err)
	}
	m := co.Modules[0]

	b.open("/")
	b.axeCheck(src, "home")
	if v := eval[string](b, `axe.version`); v != axePinned {
		t.Logf("axe-core %s is in use (package.json pins %s)", v, axePinned)
	} else {
		t.Logf("axe-core %s", v)
	}

	// Visitor pages.
	for _, p := range []struct{ name, path string }{
		{"register", "/register"},
		{"sign in", "/login"},
		{"course list", "/courses"},
		{"course", "/courses/" + co.ID},
		{"module (visitor)", "/courses/" + co.ID + "/" + m.ID},
		{"scenario list", "/scenarios"},
		{"404 page", "/no-such-page"},
	} {
		b.open(p.path)
		b.axeCheck(src, p.name)
	}

	b.open("/register")
	if status := b.followStatus(chromedp.Click(chromedp.CSS(`main form button[type=submit]`))); status != 422 {
		t.Errorf("an empty registration answered %d, want 422", status)
	}
	b.wantText(".error-summary", "There is a problem")
	b.axeCheck(src, "register with errors")

	b.open("/login")
	b.do(chromedp.SendKeys(chromedp.ID("email"), "nobody@example.ac.uk"), chromedp.SendKeys(chromedp.ID("password"), "not the password"))
	b.followStatus(chromedp.Click(chromedp.CSS(`main form button[type=submit]`)))
	b.axeCheck(src, "sign in with errors")

	// Learner pages.
	b.register("Ada Access", "ada@example.ac.uk", "correct horse battery staple")
	b.open("/courses/" + co.ID)
	b.axeCheck(src, "course (signed in)")

	// A module with one check answered wrongly and one rightly, so both kinds of feedback
	// are on the page.
	b.open("/courses/" + co.ID + "/" + m.ID)
	for qi, q := range m.Quizzes[:min(2, len(m.Quizzes))] {
		var picks []chromedp.Action[chromedp.Void]
		for i, o := range q.Options {
			if o.Correct == (qi == 1) {
				picks = append(picks, chromedp.Click(chromedp.ID(fmt.Sprintf("quiz-%s-%d", q.ID, i))))
				if qi == 0 {
					break // one wrong option is enough
				}
			}
		}
		b.do(picks...)
		b.follow(chromedp.Click(chromedp.CSS(fmt.Sprintf(`#quiz-%s button[type=submit]`, q.ID))))
	}
	b.wantText(".quiz-result.is-wrong", "Not quite")
	b.wantText(".quiz-result.is-right", "Correct")
	b.axeCheck(src, "module with answered checks")

	b.open("/scenarios/" + sc.ID)
	b.axeCheck(src, "critique (no flags)")

	b.open("/scenarios/" + sc.ID + "/flags/new?doc=note&unit=1")
	b.axeCheck(src, "flag form (sentence)")
	b.followStatus(chromedp.Click(chromedp.CSS(`main form[action$="/flags"] button[type=submit]`)))
	b.wantText(".error-summary", "There is a problem")
	b.axeCheck(src, "flag form with errors")
	b.do(chromedp.Click(chromedp.ID("cat-fabrication")), chromedp.SendKeys(chromedp.ID("rationale"), "Not in the source."))
	b.follow(chromedp.Click(chromedp.CSS(`main form[action$="/flags"] button[type=submit]`)))
	b.axeCheck(src, "critique with a flag")

	b.open("/scenarios/" + sc.ID + "/flags/new?doc=source&unit=3")
	b.axeCheck(src, "flag form (source line)")

	// The selection toolbar, opened by selecting words of the note with the mouse.
	b.open("/scenarios/" + sc.ID)
	b.selectByMouse(sc, flaw(t, sc, "invented-referral").Span)
	b.axeCheck(src, "critique with the selection toolbar open")
	b.press(kb.Escape)
	if !eval[bool](b, `document.getElementById("selection-form").hidden`) {
		t.Error("Escape did not close the selection toolbar")
	}

	b.open("/scenarios/" + sc.ID + "/submit")
	b.axeCheck(src, "submit page")
	b.follow(chromedp.Click(chromedp.CSS(`main form[action$="/submit"] button[type=submit]`)))
	b.wantText(".score-panel", "%")
	b.axeCheck(src, "feedback")

	b.phone()
	b.axeCheck(src, "feedback (390×844)")
	b.open("/scenarios/" + sc.ID)
	b.axeCheck(src, "critique (390×844)")
	b.do(chromedp.Evaluate[chromedp.Void](`document.querySelector("[data-pane-tabs]").scrollIntoView({block: "start"})`))
	b.screenshot("critique-phone")
	if !eval[bool](b, `!document.querySelector("[data-pane-tabs]").hidden && document.getElementById("pane-source").hidden`) {
		t.Error("at phone width the critique page should show the note/source tabs with only the note visible")
	}
	b.desktop()

	b.open("/progress")
	b.axeCheck(src, "progress")
	b.open("/settings/tokens")
	b.axeCheck(src, "tokens")
	b.do(chromedp.SendKeys(chromedp.ID("name"), "notebook"))
	b.follow(chromedp.Click(chromedp.CSS(`main form[action="/settings/tokens"] button[type=submit]`)))
	b.wantText(".panel", "Your new token")
	b.axeCheck(src, "tokens with a new token")

	// Educator pages.
	b.signOut()
	email, pw := a.createUser(t, store.RoleEducator)
	b.signIn(email, pw)
	b.open("/scenarios/" + sc.ID + "/preview")
	b.wantText("h1", "Answer key")
	b.axeCheck(src, "educator preview")
}
