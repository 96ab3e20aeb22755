package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/redpen-social/redpen/internal/scenario"
	"github.com/redpen-social/redpen/internal/store"
)

// attemptIDFromPath returns the id in an /attempts/{id} path.
func attemptIDFromPath(t *testing.T, path string) int64 {
	t.Helper()
	id, err := strconv.ParseInt(strings.TrimPrefix(path, "/attempts/"), 10, 64)
	if err != nil {
		t.Fatalf("attempt path %q: %v", path, err)
	}
	return id
}

func TestSubmitAndFeedback(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	sc := ts.critiqueScenario(t)
	flagsPath := "/scenarios/" + sc.ID + "/flags"
	back := "/scenarios/" + sc.ID + "#your-flags"

	t.Run("OK", func(t *testing.T) {
		// Ensure submitting scores the draft and the feedback shows found and missed issues.
		c, u := ts.signedIn(t, store.RoleLearner)
		first := sc.Flaws[0]
		wantRedirect(t, c.postForm(flagsPath, flawFlagForm(first)), back)

		review := c.get("/scenarios/" + sc.ID + "/submit")
		wantStatus(t, review, http.StatusOK)
		wantContains(t, review.Body, "Check your flags before submitting", escText(sc.Doc(first.Span.Doc).Slice(first.Span.Start, first.Span.End)))

		path := c.submit(sc.ID)
		a, err := ts.store.FindAttempt(context.Background(), attemptIDFromPath(t, path))
		if err != nil {
			t.Fatal(err)
		}
		if a.UserID != u.ID || !a.Submitted() || a.Score <= 0 || a.Score >= 1 {
			t.Fatalf("attempt = %+v, want a submitted partial score", a)
		}
		res := c.get(path)
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, "<h1>Feedback: "+escText(sc.Title)+"</h1>",
			fmt.Sprintf(`<span class="score-number">%d%%</span>`, testPercent(a.Score)),
			fmt.Sprintf("You found 1 of %d issues", len(sc.Flaws)),
			`<strong class="tag outcome-found">Found</strong>`,
			`<strong class="tag outcome-missed">Missed</strong>`,
			`<strong class="tag outcome-correct">Correct</strong>`,
			string(first.Explanation))

		// The draft is closed: the next visit starts a fresh attempt with no flags.
		page := c.get("/scenarios/" + sc.ID)
		wantContains(t, page.Body, "Your flags (0)", `<a href="`+path+`">`)
	})

	t.Run("OtherLearner", func(t *testing.T) {
		// Ensure another learner cannot see my feedback or write my reflection.
		alice, _ := ts.signedIn(t, store.RoleLearner)
		bob, _ := ts.signedIn(t, store.RoleLearner)
		wantRedirect(t, alice.postForm(flagsPath, flawFlagForm(sc.Flaws[0])), back)
		path := alice.submit(sc.ID)
		res := bob.get(path)
		wantStatus(t, res, http.StatusNotFound)
		wantContains(t, res.Body, "Page not found")
		wantStatus(t, bob.postForm(path+"/reflection", url.Values{"reflection": {"bob's"}}), http.StatusNotFound)
		a, _ := ts.store.FindAttempt(context.Background(), attemptIDFromPath(t, path))
		if a.Reflection != "" {
			t.Errorf("reflection = %q", a.Reflection)
		}
		wantStatus(t, ts.newClient(t).get(path), http.StatusSeeOther)
	})

	t.Run("Draft", func(t *testing.T) {
		// Ensure an unsubmitted attempt has no feedback page.
		c, u := ts.signedIn(t, store.RoleLearner)
		a, err := ts.store.OpenDraft(context.Background(), u.ID, sc.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantStatus(t, c.get(fmt.Sprintf("/attempts/%d", a.ID)), http.StatusNotFound)
		wantStatus(t, c.get("/attempts/x"), http.StatusNotFound)
	})

	t.Run("FullKey", func(t *testing.T) {
		// Ensure flagging exactly the key, omissions in the source, scores 100%.
		c, _ := ts.signedIn(t, store.RoleLearner)
		for _, f := range sc.Flaws {
			wantRedirect(t, c.postForm(flagsPath, flawFlagForm(f)), back)
		}
		res := c.get(c.submit(sc.ID))
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, `<span class="score-number">100%</span>`,
			fmt.Sprintf("You found %d of %d issues", len(sc.Flaws), len(sc.Flaws)))
		wantNotContains(t, res.Body, "outcome-missed", "outcome-spurious", "outcome-partial")

		// The best score shows on the case list and in the learner's progress.
		wantContains(t, c.get("/scenarios").Body, "Best score 100%")
		progress := c.get("/progress")
		wantStatus(t, progress, http.StatusOK)
		wantContains(t, progress.Body, escText(sc.Title), "100%")
	})

	t.Run("NoFlags", func(t *testing.T) {
		c, _ := ts.signedIn(t, store.RoleLearner)
		c.get("/scenarios/" + sc.ID)
		res := c.get(c.submit(sc.ID))
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, `<span class="score-number">0%</span>`, "You did not flag this.")
		if n := strings.Count(res.Body, `<strong class="tag outcome-missed">Missed</strong>`); n != len(sc.Flaws) {
			t.Errorf("%d issues marked missed, want %d", n, len(sc.Flaws))
		}
		wantNotContains(t, res.Body, "outcome-found")
	})

	t.Run("WholeNote", func(t *testing.T) {
		// Ensure one flag over the whole note earns nothing: flag the words, not everything.
		c, u := ts.signedIn(t, store.RoleLearner)
		n := len(sc.Note.Runes())
		res := c.postForm(flagsPath, url.Values{"doc": {"note"}, "start": {"0"}, "end": {strconv.Itoa(n)}, "category": {sc.Flaws[0].Category}})
		if n > maxFlagRunes {
			// Too long to be one flag at all; TestAPIAttempts/WholeNote scores it.
			wantStatus(t, res, http.StatusUnprocessableEntity)
			wantContains(t, res.Body, "That selection is too long to be one flag")
			return
		}
		wantRedirect(t, res, back)
		if f := ts.draftFlags(t, u.ID, sc.ID); len(f) != 1 || f[0].End != n {
			t.Fatalf("flags = %+v", f)
		}
		path := c.submit(sc.ID)
		a, _ := ts.store.FindAttempt(context.Background(), attemptIDFromPath(t, path))
		if a.Score != 0 {
			t.Errorf("score = %v, want 0", a.Score)
		}
		res = c.get(path)
		wantContains(t, res.Body, `<span class="score-number">0%</span>`, `<strong class="tag outcome-spurious">Not a flaw</strong>`)
		wantNotContains(t, res.Body, "outcome-found", "outcome-partial")
	})

	t.Run("Reflection", func(t *testing.T) {
		// Ensure a reflection is saved with the attempt and shown again.
		c, _ := ts.signedIn(t, store.RoleLearner)
		c.get("/scenarios/" + sc.ID)
		path := c.submit(sc.ID)
		const text = "I missed the omission: next time I will read the source first.\nSecond line."
		wantRedirect(t, c.postForm(path+"/reflection", url.Values{"reflection": {"  " + strings.ReplaceAll(text, "\n", "\r\n") + "  "}}), path+"#reflection")
		res := c.get(path)
		wantContains(t, res.Body, "Your reflection is saved.", ">"+escText(text)+"</textarea>")
		a, _ := ts.store.FindAttempt(context.Background(), attemptIDFromPath(t, path))
		if a.Reflection != text {
			t.Errorf("stored reflection = %q, want %q", a.Reflection, text)
		}

		res = c.postForm(path+"/reflection", url.Values{"reflection": {strings.Repeat("x", 10001)}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res.Body, "Your reflection must be 10,000 characters or fewer")
	})

	t.Run("DoubleSubmit", func(t *testing.T) {
		// Ensure submitting the same form twice (a double click, or Back and submit again)
		// does not record a second, empty attempt scored 0% in the learner's record.
		c, u := ts.signedIn(t, store.RoleLearner)
		wantRedirect(t, c.postForm(flagsPath, flawFlagForm(sc.Flaws[0])), back)
		form := c.submitForm(sc.ID)
		form.Set("_csrf", c.csrfToken())
		first := c.postForm("/scenarios/"+sc.ID+"/submit", form)
		second := c.postForm("/scenarios/"+sc.ID+"/submit", form)
		wantStatus(t, first, http.StatusSeeOther)
		if second.Status >= 500 {
			t.Fatalf("second submit: status %d", second.Status)
		}
		attempts, err := ts.store.ListAttempts(context.Background(), u.ID, sc.ID)
		if err != nil {
			t.Fatal(err)
		}
		var submitted int
		for _, a := range attempts {
			if a.Submitted() {
				submitted++
				if a.Score == 0 {
					t.Errorf("an empty attempt %d scored 0%% was recorded by the repeated submit", a.ID)
				}
			}
		}
		if submitted != 1 {
			t.Errorf("%d submitted attempts after submitting one draft twice, want 1 (second response: %d %s)",
				submitted, second.Status, second.Header.Get("Location"))
		}
	})

	t.Run("SubmittedFlagsAreFrozen", func(t *testing.T) {
		// Ensure a submitted attempt's flags can no longer be changed through old links.
		c, u := ts.signedIn(t, store.RoleLearner)
		wantRedirect(t, c.postForm(flagsPath, flawFlagForm(sc.Flaws[0])), back)
		f := ts.draftFlags(t, u.ID, sc.ID)[0]
		path := c.submit(sc.ID)
		res := c.postForm(fmt.Sprintf("%s/%d/delete", flagsPath, f.ID), nil)
		if res.Status != http.StatusNotFound && res.Status != http.StatusConflict {
			t.Errorf("deleting a submitted flag: status %d, want 404 or 409", res.Status)
		}
		flags, _ := ts.store.ListFlags(context.Background(), attemptIDFromPath(t, path))
		if len(flags) != 1 {
			t.Errorf("submitted attempt has %d flags, want 1", len(flags))
		}
	})
}

func testPercent(x float64) int {
	return int(x*100 + 0.5)
}

func TestScenarioPreview(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	sc := ts.critiqueScenario(t)
	path := "/scenarios/" + sc.ID + "/preview"

	t.Run("Anonymous", func(t *testing.T) {
		wantRedirect(t, ts.newClient(t).get(path), "/login?next="+url.QueryEscape(path))
	})

	t.Run("Learner", func(t *testing.T) {
		// Ensure learners never see the answer key.
		c, _ := ts.signedIn(t, store.RoleLearner)
		res := c.get(path)
		wantStatus(t, res, http.StatusForbidden)
		wantContains(t, res.Body, "You do not have access to this page")
		for _, f := range sc.Flaws {
			wantNotContains(t, res.Body, string(f.Explanation))
		}
		wantNotContains(t, c.get("/scenarios").Body, "Preview with answer key")
	})

	for _, role := range []string{store.RoleEducator, store.RoleAdmin} {
		t.Run(role, func(t *testing.T) {
			// Ensure educators see every flaw with its explanation.
			c, _ := ts.signedIn(t, role)
			res := c.get(path)
			wantStatus(t, res, http.StatusOK)
			wantContains(t, res.Body, "<h1>Answer key: "+escText(sc.Title)+"</h1>")
			for _, f := range sc.Flaws {
				wantContains(t, res.Body, string(f.Explanation))
			}
			wantNotContains(t, res.Body, `name="reflection"`)
			wantContains(t, c.get("/scenarios").Body, `<a href="`+path+`">Preview with answer key</a>`)
		})
	}

	t.Run("ErrNotFound", func(t *testing.T) {
		c, _ := ts.signedIn(t, store.RoleEducator)
		wantStatus(t, c.get("/scenarios/no-such-case/preview"), http.StatusNotFound)
	})
}

// apiKeyFlags are the API flags that reproduce a scenario's answer key exactly.
func apiKeyFlags(sc *scenario.Scenario) []map[string]any {
	var out []map[string]any
	for _, f := range sc.Flaws {
		out = append(out, map[string]any{
			"document": string(f.Span.Doc),
			"selector": map[string]any{"type": "TextPositionSelector", "start": f.Span.Start, "end": f.Span.End},
			"category": f.Category,
		})
	}
	return out
}
