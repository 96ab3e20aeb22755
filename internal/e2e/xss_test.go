package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// xssPayload would set window.__xss if any page rendered it as markup.
const xssPayload = `<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>`

// TestStoredXSS: hostile text saved as a flag's rationale and as a reflection comes back on
// every page that shows it as the same characters, never as markup.
func TestStoredXSS(t *testing.T) {
	a := startApp(t)
	b := newBrowser(t, a.URL)
	sc := a.scenario(t, critiqueID)
	cat := a.Lib.Taxonomy.Categories[0].ID

	b.register("Eve Hostile", "eve@example.ac.uk", "correct horse battery staple")

	// inert checks that the payload shows as text in the element and made nothing run.
	inert := func(where, css string) {
		t.Helper()
		b.wantText(css, xssPayload)
		if n := eval[int](b, `document.querySelectorAll('main img, main script').length`); n != 0 {
			t.Errorf("%s: the payload became %d element(s)", where, n)
		}
		if got := eval[string](b, `typeof window.__xss`); got != "undefined" {
			t.Errorf("%s: window.__xss is %s: the payload ran", where, got)
		}
	}

	b.open("/scenarios/" + sc.ID + "/flags/new?doc=note&unit=1")
	b.do(
		chromedp.Click(chromedp.ID("cat-"+cat)),
		chromedp.SendKeys(chromedp.ID("rationale"), xssPayload),
	)
	b.follow(chromedp.Click(chromedp.CSS(`main form[action$="/flags"] button[type=submit]`)))
	inert("critique page", "#your-flags .flag-card")

	b.follow(chromedp.Click(chromedp.CSS(`#your-flags a.flag-card, #your-flags .actions a`)))
	if got := eval[string](b, `document.getElementById("rationale").value`); got != xssPayload {
		t.Errorf("the edit form holds %q, want the rationale unchanged", got)
	}
	b.open("/scenarios/" + sc.ID + "/submit")
	inert("submit page", ".summary-list")
	b.follow(chromedp.Click(chromedp.CSS(`main form[action$="/submit"] button[type=submit]`)))
	inert("feedback page", "section[aria-labelledby=flags-title] .flag-card")

	b.do(chromedp.SendKeys(chromedp.ID("reflection-text"), xssPayload))
	b.follow(chromedp.Click(chromedp.CSS(`form[action$="/reflection"] button[type=submit]`)))
	if got := eval[string](b, `document.getElementById("reflection-text").value`); got != xssPayload {
		t.Errorf("the saved reflection reads %q, want it unchanged", got)
	}
	inert("feedback page after the reflection", "section[aria-labelledby=flags-title] .flag-card")
}
