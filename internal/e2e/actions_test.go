package e2e

// The browser's actions as a person would take them: signing in, keys, the mouse, and
// reading the feedback page.

import (
	"context"
	"strings"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// Accounts.

// register creates an account through the registration form (typing and clicking).
func (b *browser) register(name, email, pw string) {
	b.t.Helper()
	b.open("/register")
	b.do(
		chromedp.SendKeys(chromedp.ID("name"), name),
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), pw),
	)
	b.follow(chromedp.Click(chromedp.CSS(`main form button[type=submit]`)))
	b.wantSignedIn()
}

// wantSignedIn fails unless the page is one for a signed-in user (it has "Sign out").
func (b *browser) wantSignedIn() {
	b.t.Helper()
	if !eval[bool](b, `!!document.querySelector('form[action="/logout"]')`) {
		b.t.Fatalf("on %s, not signed in: %s", b.where(), b.text("main"))
	}
}

// signIn signs in through the sign-in form.
func (b *browser) signIn(email, pw string) {
	b.t.Helper()
	b.open("/login")
	b.do(
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), pw),
	)
	b.follow(chromedp.Click(chromedp.CSS(`main form button[type=submit]`)))
	b.wantSignedIn()
}

// signOut presses the header's sign-out button.
func (b *browser) signOut() {
	b.t.Helper()
	b.follow(chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)))
	b.wantPath("/")
}

// Keyboard.

// press dispatches one key (a kb constant or a printable character) with modifiers.
func (b *browser) press(key string, mods ...chromedp.Modifier) {
	b.t.Helper()
	b.do(chromedp.KeyEvent(key, chromedp.KeyModifiers(mods...)))
}

// typeText types text key by key into whatever has focus.
func (b *browser) typeText(s string) {
	b.t.Helper()
	b.do(chromedp.KeyEvent(s))
}

// focusInfo describes the focused element and whether its focus can be seen.
type focusInfo struct {
	Desc         string  `json:"desc"`
	FocusVisible bool    `json:"focusVisible"`
	Indicator    string  `json:"indicator"` // what makes focus visible, "" if nothing does
	Width        float64 `json:"width"`
	Height       float64 `json:"height"`
}

// focusJS describes document.activeElement. The indicator is a solid outline at least
// 2px wide in a colour that is not transparent, or the focus yellow as the background.
const focusJS = `() => {
  const e = document.activeElement;
  if (!e || e === document.body) return {desc: "body", focusVisible: false, indicator: "", width: 0, height: 0};
  const s = getComputedStyle(e), r = e.getBoundingClientRect();
  const bits = [];
  if (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2 && !/rgba\(.*, 0\)|transparent/.test(s.outlineColor)) bits.push("outline " + s.outlineWidth + " " + s.outlineColor);
  if (s.backgroundColor === "rgb(255, 221, 0)") bits.push("yellow background");
  const text = (e.innerText || e.value || e.getAttribute("aria-label") || "").replace(/\s+/g, " ").trim().slice(0, 60);
  const desc = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.getAttribute("href") ? "[href=" + e.getAttribute("href") + "]" : "") + (e.name ? "[name=" + e.name + "]" : "") + ' "' + text + '"';
  return {desc, focusVisible: e.matches(":focus-visible"), indicator: bits.join(", "), width: r.width, height: r.height};
}`

// focused describes the focused element.
func (b *browser) focused() focusInfo {
	b.t.Helper()
	return call[focusInfo](b, focusJS)
}

// tabTo presses Tab (or Shift+Tab when back) until the focused element matches the CSS
// selector. Every element focused on the way must show a visible focus indicator.
func (b *browser) tabTo(css string, back bool, limit int) focusInfo {
	b.t.Helper()
	var mods []chromedp.Modifier
	if back {
		mods = append(mods, chromedp.ModifierShift)
	}
	for range limit {
		b.press(kb.Tab, mods...)
		f := b.focused()
		if f.Desc != "body" && (!f.FocusVisible || f.Indicator == "") {
			b.t.Errorf("on %s, keyboard focus on %s cannot be seen (:focus-visible=%v, indicator=%q)", b.where(), f.Desc, f.FocusVisible, f.Indicator)
		}
		if call[bool](b, `sel => !!document.activeElement && document.activeElement.matches(sel)`, css) {
			return f
		}
	}
	b.t.Fatalf("on %s, %d presses of %sTab did not reach %s (focus is on %s)", b.where(), limit, map[bool]string{true: "Shift+"}[back], css, b.focused().Desc)
	return focusInfo{}
}

// chooseRadio selects the radio with the given value in the focused radio group with the
// arrow keys and Space.
func (b *browser) chooseRadio(value string) {
	b.t.Helper()
	for range 20 {
		cur := eval[string](b, `document.activeElement.type === "radio" ? document.activeElement.value : ""`)
		if cur == "" {
			b.t.Fatalf("on %s, focus left the radio group: %s", b.where(), b.focused().Desc)
		}
		if cur == value {
			if !eval[bool](b, `document.activeElement.checked`) {
				b.press(" ")
			}
			if !eval[bool](b, `document.activeElement.checked`) {
				b.t.Fatalf("Space did not check the %s radio", value)
			}
			return
		}
		b.press(kb.ArrowDown)
	}
	b.t.Fatalf("arrow keys never reached the %s radio", value)
}

// Mouse.

// leftButtonHeld marks a mouse move as a drag with the left button down.
func leftButtonHeld(p *input.DispatchMouseEventParams) {
	p.Button, p.Buttons = input.MouseButtonLeft, 1
}

// drag presses the left button at (x1, y1), moves to (x2, y2) in a few steps and releases
// it there: a person selecting text.
func (b *browser) drag(x1, y1, x2, y2 float64) {
	b.t.Helper()
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.MouseEvent(chromedp.MouseMoved, x1, y1),
		chromedp.MouseEvent(chromedp.MousePressed, x1, y1, chromedp.ButtonLeft, chromedp.ClickCount(1)),
	}
	for i := 1; i <= 5; i++ {
		f := float64(i) / 5
		steps = append(steps, chromedp.MouseEvent(chromedp.MouseMoved, x1+(x2-x1)*f, y1+(y2-y1)*f, leftButtonHeld))
	}
	steps = append(steps, chromedp.MouseEvent(chromedp.MouseReleased, x2, y2, chromedp.ButtonLeft, chromedp.ClickCount(1)))
	b.do(steps...)
}

// noMouseJS counts every mouse and pointer event a page receives; the keyboard test
// installs it in every document to prove it used no mouse.
const noMouseJS = `(() => {
  window.__mouseEvents = [];
  for (const type of ["mousedown", "mouseup", "mousemove", "pointerdown", "pointerup", "pointermove", "wheel", "contextmenu"]) {
    window.addEventListener(type, e => window.__mouseEvents.push(type), true);
  }
})();`

// countMouse installs noMouseJS in every document the tab loads from now on.
func (b *browser) countMouse() {
	b.t.Helper()
	run(b, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: noMouseJS})
		return err
	}))
}

// wantNoMouse fails if the current page has received any mouse or pointer event.
func (b *browser) wantNoMouse() {
	b.t.Helper()
	got := eval[[]string](b, `window.__mouseEvents || ["(mouse counter not installed)"]`)
	if len(got) > 0 {
		b.t.Fatalf("on %s, the page received mouse events %v in a keyboard-only test", b.where(), got)
	}
}

// Feedback.

type issueRow struct {
	Quote   string `json:"quote"`
	Outcome string `json:"outcome"`
}

// feedbackIssues reads the key-flaw cards of the feedback page: each quote with its
// outcome tag.
func (b *browser) feedbackIssues() map[string]string {
	b.t.Helper()
	rows := eval[[]issueRow](b, `[...document.querySelectorAll(".issue-card")].map(li => ({
	  quote: li.querySelector("blockquote").innerText.trim(),
	  outcome: (li.querySelector("h3 .tag") || {innerText: ""}).innerText.trim()}))`)
	out := map[string]string{}
	for _, r := range rows {
		out[r.Quote] = r.Outcome
	}
	return out
}

// feedbackFlags reads the learner-flag cards of the feedback page.
func (b *browser) feedbackFlags() map[string]string {
	b.t.Helper()
	rows := eval[[]issueRow](b, `[...document.querySelectorAll("section[aria-labelledby=flags-title] .flag-card")].map(li => ({
	  quote: li.querySelector("blockquote").innerText.trim(),
	  outcome: (li.querySelector(".tag") || {innerText: ""}).innerText.trim()}))`)
	out := map[string]string{}
	for _, r := range rows {
		out[r.Quote] = r.Outcome
	}
	return out
}

// wantFeedback checks that the tab shows a feedback page with a score and each quote
// marked with the wanted outcome.
func (b *browser) wantFeedback(want map[string]string) {
	b.t.Helper()
	if p := b.path(); !strings.HasPrefix(p, "/attempts/") {
		b.t.Fatalf("on %s, want the feedback page /attempts/{id}", p)
	}
	score := b.text(".score-panel .score-number")
	if !strings.HasSuffix(score, "%") {
		b.t.Errorf("score panel shows %q, want a percentage", score)
	}
	if s := b.text(".score-panel .score-sentence"); s == "" {
		b.t.Error("score panel has no plain-words explanation")
	}
	got := b.feedbackIssues()
	for q, outcome := range want {
		if got[q] != outcome {
			b.t.Errorf("feedback marks issue %q as %q, want %q (all issues: %v)", q, got[q], outcome, got)
		}
	}
	b.t.Logf("feedback: score %s; %s", score, b.text(".score-panel .score-sentence"))
}
