package e2e

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/redpen-social/redpen/internal/scenario"
)

// styleJS is the look of an element that can show focus: compared before and after it
// gets keyboard focus, it proves focus changes what a person sees.
const styleJS = `sel => { const e = document.querySelector(sel); if (!e) return "missing";
  const s = getComputedStyle(e);
  return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor, s.color].join(" | ") }`

// TestCritiqueByKeyboard: a learner who uses only the keyboard registers, flags a sentence of
// the note and a line of the source through the Flag links, and submits — with Tab,
// Shift+Tab, Enter, Space and the arrow keys, and no mouse event at all. Every element that
// takes focus on the way must show it.
func TestCritiqueByKeyboard(t *testing.T) {
	a := startApp(t)
	b := newBrowser(t, a.URL)
	b.countMouse()
	sc := a.scenario(t, critiqueID)
	noteFlaw := flaw(t, sc, "no-concerns")
	omission := flaw(t, sc, "hiding-in-wardrobe")
	if noteFlaw.Span.Doc != "note" || omission.Span.Doc != "source" {
		t.Fatal("want one flaw anchored in the note and one in the source")
	}

	// Register with the keyboard: Tab to each field, type, Enter submits.
	b.open("/register")
	b.tabTo("#name", false, 20)
	b.typeText("Kai Keys")
	b.tabTo("#email", false, 3)
	b.typeText("kai@example.ac.uk")
	b.tabTo("#password", false, 3)
	b.typeText("correct horse battery staple")
	b.wantNoMouse()
	b.follow(chromedp.KeyEvent(kb.Enter))
	b.wantSignedIn()

	b.open("/scenarios/" + sc.ID)

	flagUnit := func(f scenario.Flaw, back bool, rationale string) {
		t.Helper()
		u := unitOf(t, sc, f.Span)
		link := flagLinkCSS(sc.ID, f.Span.Doc, u.Number)
		before := call[string](b, styleJS, link)
		if w := call[float64](b, `sel => document.querySelector(sel).getBoundingClientRect().width`, link); w > 1 {
			t.Errorf("Flag link %s is visible before it has focus (width %.0f); it should appear on focus", link, w)
		}
		got := b.tabTo(link, back, 200)
		if got.Width < 10 || got.Height < 10 {
			t.Errorf("focused Flag link is %.0f×%.0f px: it does not become visible on focus", got.Width, got.Height)
		}
		if after := call[string](b, styleJS, link); after == before {
			t.Errorf("focusing %s changed nothing visible: %s", link, after)
		}
		b.wantNoMouse()
		b.follow(chromedp.KeyEvent(kb.Enter))
		b.wantPath(fmt.Sprintf("/scenarios/%s/flags/new?doc=%s&unit=%d", sc.ID, f.Span.Doc, u.Number))
		if got, want := b.text(".flag-target"), sc.Doc(f.Span.Doc).Slice(u.Start, u.End); got != want {
			t.Errorf("flag form shows %q, want the whole unit %q", got, want)
		}

		b.tabTo(`input[name=category]`, false, 30)
		b.chooseRadio(f.Category)
		b.tabTo("#rationale", false, 15)
		b.typeText(rationale)
		save := `main form[action$="/flags"] button[type=submit]`
		before = call[string](b, styleJS, save)
		b.tabTo(save, false, 5)
		if after := call[string](b, styleJS, save); after == before {
			t.Errorf("focusing the Save button changed nothing visible: %s", after)
		}
		b.wantNoMouse()
		b.follow(chromedp.KeyEvent(kb.Enter))
		b.wantPath("/scenarios/" + sc.ID)
	}

	// A sentence of the note, reached forwards from the top of the page.
	flagUnit(noteFlaw, false, "Aaliyah did raise concerns: shouting and door-banging at night.")
	b.wantText("#your-flags-title", "Your flags (1)")
	b.wantText("#your-flags .flag-card", quote(sc, noteFlaw.Span), a.categoryLabel(t, noteFlaw.Category))

	// A line of the source (an omission), reached backwards from "Your flags", where the
	// page lands after saving.
	flagUnit(omission, true, "The note leaves out that she hides in her wardrobe and hums.")
	b.wantText("#your-flags-title", "Your flags (2)")
	b.wantText("#your-flags", a.categoryLabel(t, omission.Category), "in the source")

	// Check and submit, then confirm, with Enter.
	b.tabTo(`#your-flags a.button[href$="/submit"]`, false, 20)
	b.wantNoMouse()
	b.follow(chromedp.KeyEvent(kb.Enter))
	b.wantPath("/scenarios/" + sc.ID + "/submit")
	b.tabTo(`main form[action$="/submit"] button[type=submit]`, false, 30)
	b.wantNoMouse()
	b.follow(chromedp.KeyEvent(kb.Enter))

	b.wantFeedback(map[string]string{
		quote(sc, noteFlaw.Span): "Found",
		quote(sc, omission.Span): "Found",
	})
	flags := b.feedbackFlags()
	for q, outcome := range flags {
		if outcome != "Correct" {
			t.Errorf("feedback marks the flag %q as %q, want Correct", q, outcome)
		}
	}
	if len(flags) != 2 {
		t.Errorf("feedback lists %d flags, want 2: %v", len(flags), flags)
	}
	b.wantNoMouse()
}
