package e2e

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/redpen-social/redpen/internal/scenario"
)

// TestCritiqueWithoutJavaScript: with scripts switched off in the browser, a learner
// registers, flags part of a sentence (typing the exact words), a whole sentence and a line
// of the source through the Flag links and ordinary forms, submits and gets feedback.
func TestCritiqueWithoutJavaScript(t *testing.T) {
	a := startApp(t)
	b := newBrowser(t, a.URL)
	run(b, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	sc := a.scenario(t, critiqueID)
	part := flaw(t, sc, "fishfingers")  // part of a sentence: flagged with "Exact words"
	whole := flaw(t, sc, "no-concerns") // a whole sentence
	omission := flaw(t, sc, "dont-tell-dad")

	b.register("Noor NoScript", "noor@example.ac.uk", "correct horse battery staple")
	b.open("/scenarios/" + sc.ID)
	if cls := run(b, chromedp.AttributeValue(chromedp.CSS("html"), "class")); cls.Value != "no-js" {
		t.Fatalf("<html class=%q>: the page script ran, so JavaScript is not off", cls.Value)
	}
	if !eval[bool](b, `document.getElementById("selection-form").hidden`) {
		t.Error("the selection toolbar shows without JavaScript")
	}
	b.wantText(".how-to", "Use the Flag link after any sentence")

	flag := func(f scenario.Flaw, exact, rationale string) {
		t.Helper()
		u := unitOf(t, sc, f.Span)
		link := flagLinkCSS(sc.ID, f.Span.Doc, u.Number)
		if w := call[float64](b, `sel => document.querySelector(sel).getBoundingClientRect().width`, link); w < 10 {
			t.Errorf("without JavaScript the Flag link %s should always show (width %.0f)", link, w)
		}
		b.follow(chromedp.Click(chromedp.CSS(link)))
		b.wantPath(fmt.Sprintf("/scenarios/%s/flags/new?doc=%s&unit=%d", sc.ID, f.Span.Doc, u.Number))
		if exact != "" {
			b.do(chromedp.SendKeys(chromedp.ID("exact"), exact))
		}
		b.do(
			chromedp.Click(chromedp.ID("cat-"+f.Category)),
			chromedp.SendKeys(chromedp.ID("rationale"), rationale),
		)
		b.follow(chromedp.Click(chromedp.CSS(`main form[action$="/flags"] button[type=submit]`)))
		b.wantPath("/scenarios/" + sc.ID)
		b.wantText(".flash", "Flag added.")
	}
	flag(part, quote(sc, part.Span), "Misheard: she said fighting.")
	flag(whole, "", "She described shouting and door-banging.")
	flag(omission, "", "Her request that Dad is not told is left out.")

	b.wantText("#your-flags-title", "Your flags (3)")
	if got := b.texts("#your-flags .flag-card blockquote"); len(got) != 3 || got[0] != quote(sc, part.Span) {
		t.Errorf("Your flags quote %q; want the exact words %q first", got, quote(sc, part.Span))
	}

	b.follow(chromedp.Click(chromedp.CSS(`#your-flags a.button[href$="/submit"]`)))
	b.follow(chromedp.Click(chromedp.CSS(`main form[action$="/submit"] button[type=submit]`)))
	b.wantFeedback(map[string]string{
		quote(sc, part.Span):     "Found",
		quote(sc, whole.Span):    "Found",
		quote(sc, omission.Span): "Found",
	})
	if cls := run(b, chromedp.AttributeValue(chromedp.CSS("html"), "class")); cls.Value != "no-js" {
		t.Errorf("feedback page <html class=%q>: JavaScript ran", cls.Value)
	}
}
