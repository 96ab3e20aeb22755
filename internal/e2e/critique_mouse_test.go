package e2e

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/redpen-social/redpen/internal/scenario"
	"github.com/redpen-social/redpen/internal/score"
)

// selectionJS scrolls a span of the note or the source into view and returns where its
// first and last characters are on screen, found with a DOM Range over the text nodes of
// the document's [data-s] spans (data-s is each span's offset in code points, as the
// server counts).
const selectionJS = `(docName, start, end) => {
  const doc = document.querySelector('.doc[data-doc="' + docName + '"]');
  const spans = [...doc.querySelectorAll("[data-s]")];
  function locate(off, isEnd) {
    for (const el of spans) {
      let pos = +el.dataset.s;
      const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n; (n = walk.nextNode()); ) {
        const cps = Array.from(n.data);
        if (off >= pos && (off < pos + cps.length || (isEnd && off === pos + cps.length))) {
          return [n, cps.slice(0, off - pos).join("").length];
        }
        pos += cps.length;
      }
    }
    return null;
  }
  const a = locate(start, false), z = locate(end, true);
  if (!a || !z) return {error: "offsets " + start + "-" + end + " are not in the " + docName};
  const r = document.createRange();
  r.setStart(a[0], a[1]);
  r.setEnd(z[0], z[1]);
  a[0].parentElement.scrollIntoView({block: "center"});
  const rects = [...r.getClientRects()].filter(x => x.width > 0);
  const first = rects[0], last = rects[rects.length - 1];
  return {text: r.toString(), x1: first.left + 1, y1: first.top + first.height / 2,
          x2: last.right - 1, y2: last.top + last.height / 2};
}`

type screenSpan struct {
	Text  string  `json:"text"`
	Error string  `json:"error"`
	X1    float64 `json:"x1"`
	Y1    float64 `json:"y1"`
	X2    float64 `json:"x2"`
	Y2    float64 `json:"y2"`
}

// selectByMouse drags the mouse over a span of the note or the source, checks that the
// browser selected exactly its words and waits for the selection toolbar.
func (b *browser) selectByMouse(sc *scenario.Scenario, sp score.Span) screenSpan {
	b.t.Helper()
	want := quote(sc, sp)
	at := call[screenSpan](b, selectionJS, string(sp.Doc), sp.Start, sp.End)
	if at.Error != "" || at.Text != want {
		b.t.Fatalf("range over the %s spans = %q (%s), want %q", sp.Doc, at.Text, at.Error, want)
	}
	// A press inside an old selection would drag its text instead of selecting anew.
	b.do(chromedp.Evaluate[chromedp.Void](`getSelection().removeAllRanges()`))
	b.drag(at.X1, at.Y1, at.X2, at.Y2)
	if got := eval[string](b, `getSelection().toString()`); got != want {
		b.t.Fatalf("the drag selected %q, want %q", got, want)
	}
	b.waitFor(`!document.getElementById("selection-form").hidden`)
	return at
}

// TestCritiqueByMouse: a learner selects the exact words of a flaw in the note by dragging
// the mouse, picks its category with a number key, links the evidence line by clicking the
// source, writes why, saves, submits and sees the flaw found.
func TestCritiqueByMouse(t *testing.T) {
	a := startApp(t)
	b := newBrowser(t, a.URL)
	sc := a.scenario(t, critiqueID)
	f := flaw(t, sc, "fishfingers")
	if f.Span.Doc != "note" || f.Evidence == nil {
		t.Fatalf("flaw %s should be anchored in the note with evidence in the source", f.ID)
	}
	want := quote(sc, f.Span)
	evidence := unitOf(t, sc, *f.Evidence).Number
	key := a.categoryIndex(t, f.Category) + 1
	if key > 9 {
		t.Fatalf("category %s has no number key", f.Category)
	}

	b.register("Sam Mouse", "sam@example.ac.uk", "correct horse battery staple")
	b.open("/scenarios/" + sc.ID)
	b.wantText("h1", sc.Title)
	b.wantText("#your-flags", "You have not flagged anything yet.")
	b.screenshot("critique")

	// Select the words with a real mouse drag from the first to the last character.
	at := b.selectByMouse(sc, f.Span)

	// The selection toolbar opens by the words, with the offsets the server counts.
	form := call[map[string]string](b, `() => { const f = document.getElementById("selection-form");
	  return {doc: f.elements.doc.value, start: f.elements.start.value, end: f.elements.end.value,
	          quote: f.querySelector("[data-selection-quote]").textContent, focus: document.activeElement.name || ""} }`)
	if form["doc"] != "note" || form["start"] != strconv.Itoa(f.Span.Start) || form["end"] != strconv.Itoa(f.Span.End) {
		t.Errorf("selection form holds %s %s-%s, want note %d-%d", form["doc"], form["start"], form["end"], f.Span.Start, f.Span.End)
	}
	if form["quote"] != want {
		t.Errorf("selection form quotes %q, want %q", form["quote"], want)
	}
	if form["focus"] != "category" {
		t.Errorf("focus after selecting is on %q, want the category radios", form["focus"])
	}
	formTop := eval[float64](b, `document.getElementById("selection-form").getBoundingClientRect().top`)
	if formTop < at.Y2 {
		t.Errorf("selection toolbar (top %.0f) is not below the selected words (y %.0f)", formTop, at.Y2)
	}

	// The number key picks the category.
	b.press(strconv.Itoa(key))
	if got := eval[string](b, `(document.querySelector("#selection-form input[name=category]:checked") || {}).value || ""`); got != f.Category {
		t.Fatalf("key %d checked category %q, want %q", key, got, f.Category)
	}

	// "Or click a line in the source" links the evidence line.
	b.do(chromedp.Click(chromedp.CSS(`#selection-form [data-pick-evidence]`)))
	line := call[screenSpan](b, `n => { const t = document.querySelector("#source-" + n + " .line-text");
	  t.scrollIntoView({block: "center"}); const r = t.getBoundingClientRect();
	  const x = r.left + Math.min(40, r.width / 2), y = r.top + r.height / 2;
	  const hit = document.elementFromPoint(x, y);
	  return {x1: x, y1: y, text: hit && hit.closest("#source-" + n) ? "" : "covered by " + (hit ? hit.outerHTML.slice(0, 80) : "nothing")} }`, evidence)
	if line.Text != "" {
		t.Fatalf("source line %d cannot be clicked while the toolbar is open: %s", evidence, line.Text)
	}
	b.do(chromedp.MouseClickXY(line.X1, line.Y1))
	if got := eval[string](b, `document.getElementById("sel-evidence").value`); got != strconv.Itoa(evidence) {
		t.Errorf("evidence select = %s after clicking source line %d", got, evidence)
	}
	if !eval[bool](b, fmt.Sprintf(`document.getElementById("source-%d").classList.contains("is-evidence-target")`, evidence)) {
		t.Errorf("source line %d is not highlighted as the evidence", evidence)
	}

	rationale := "She said fighting, not fishfingers: the tool misheard her."
	b.do(chromedp.Click(chromedp.ID("sel-rationale")), chromedp.KeyEvent(rationale))
	b.do(chromedp.Evaluate[chromedp.Void](`document.getElementById("selection-form").scrollIntoView({block: "nearest"})`))
	b.screenshot("critique-selection-toolbar")
	b.follow(chromedp.Click(chromedp.CSS(`#selection-form button[type=submit]`)))

	// Back on the critique page, the flag is listed with the exact words.
	b.wantPath("/scenarios/" + sc.ID)
	b.wantText("#your-flags-title", "Your flags (1)")
	if got := b.text("#your-flags .flag-card blockquote"); got != want {
		t.Errorf("Your flags quotes %q, want exactly %q", got, want)
	}
	b.wantText("#your-flags .flag-card", a.categoryLabel(t, f.Category), rationale, fmt.Sprintf("source line %d", evidence))
	if got := b.text(".note-text mark"); got != want {
		t.Errorf("the note highlights %q, want %q", got, want)
	}

	// An omission: words of the source selected with the mouse; the toolbar says so and
	// chooses Omission itself.
	om := flaw(t, sc, "dont-tell-dad")
	omQuote := quote(sc, om.Span)
	b.selectByMouse(sc, om.Span)
	b.wantText("#selection-title", "Flag these words of the source (for an omission)")
	if got := eval[string](b, `(document.querySelector("#selection-form input[name=category]:checked") || {}).value || ""`); got != om.Category {
		t.Errorf("selecting source words checked category %q, want %q", got, om.Category)
	}
	b.do(chromedp.Click(chromedp.ID("sel-rationale")), chromedp.KeyEvent("Left out: she asked that Dad is not told."))
	b.follow(chromedp.Click(chromedp.CSS(`#selection-form button[type=submit]`)))
	b.wantText("#your-flags-title", "Your flags (2)")
	if got := b.texts("#your-flags .flag-card blockquote"); len(got) != 2 || got[1] != omQuote {
		t.Errorf("Your flags quote %q, want %q second", got, omQuote)
	}

	// Submit, confirm, and read the feedback.
	b.follow(chromedp.Click(chromedp.CSS(`#your-flags a.button[href$="/submit"]`)))
	b.wantPath("/scenarios/" + sc.ID + "/submit")
	b.wantText(".summary-list", want, rationale, omQuote)
	b.follow(chromedp.Click(chromedp.CSS(`main form[action$="/submit"] button[type=submit]`)))
	b.wantFeedback(map[string]string{want: "Found", omQuote: "Found"})
	if got := b.feedbackFlags()[want]; got != "Correct" {
		t.Errorf("feedback marks the flag %q as %q, want Correct", want, got)
	}
	b.wantText(".issue-card:has(.tag.outcome-found)", "Your reason: "+rationale)
	if !strings.Contains(b.text(".score-panel"), "%") {
		t.Error("no score shown")
	}
	b.screenshot("feedback")
}

// TestSelectionToolbarReturnsFocus: the selection toolbar is a dialog; closing it with
// Escape or Cancel must put focus back where the learner was (the note), not drop it on
// <body>, so keyboard and screen-reader users do not lose their place.
func TestSelectionToolbarReturnsFocus(t *testing.T) {
	a := startApp(t)
	b := newBrowser(t, a.URL)
	sc := a.scenario(t, critiqueID)
	f := flaw(t, sc, "invented-referral")
	b.register("Fay Focus", "fay@example.ac.uk", "correct horse battery staple")
	b.open("/scenarios/" + sc.ID)

	for _, how := range []string{"Escape", "Cancel"} {
		b.selectByMouse(sc, f.Span)
		if !eval[bool](b, `!!document.activeElement.closest("#selection-form")`) {
			t.Errorf("focus is not in the toolbar when it opens: %s", b.focused().Desc)
		}
		if how == "Escape" {
			b.press(kb.Escape)
		} else {
			b.do(chromedp.Click(chromedp.CSS(`#selection-form [data-cancel]`)))
		}
		if !eval[bool](b, `document.getElementById("selection-form").hidden`) {
			t.Fatalf("%s did not close the selection toolbar", how)
		}
		// Focus leaves a hidden element at the next rendering update.
		b.do(chromedp.Evaluate[chromedp.Void](`new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))`, chromedp.EvalAwaitPromise))
		if !eval[bool](b, `!!document.activeElement.closest('.doc[data-doc="note"]')`) {
			t.Errorf("after %s closed the selection toolbar, focus is on %s, want it back in the note", how, b.focused().Desc)
		}
	}
}
