package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/redpen-social/redpen/internal/store"
)

// categoryOtherThan returns a category id different from id.
func categoryOtherThan(ts *testServer, id string) string {
	for _, c := range ts.lib.Taxonomy.Categories {
		if c.ID != id {
			return c.ID
		}
	}
	return ""
}

func TestScenarioShow(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	sc := ts.critiqueScenario(t)

	t.Run("RequiresSignIn", func(t *testing.T) {
		// Ensure visitors are sent to sign in and brought back.
		c := ts.newClient(t)
		wantRedirect(t, c.get("/scenarios/"+sc.ID), "/login?next="+url.QueryEscape("/scenarios/"+sc.ID))
		login := c.get("/login?next=" + url.QueryEscape("/scenarios/"+sc.ID))
		wantContains(t, login.Body, `<input type="hidden" name="next" value="/scenarios/`+sc.ID+`">`)
	})

	t.Run("OK", func(t *testing.T) {
		// Ensure the critique page shows the brief, both documents with flag links, and
		// no answer key.
		c, _ := ts.signedIn(t, store.RoleLearner)
		res := c.get("/scenarios/" + sc.ID)
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, "<h1>"+escText(sc.Title)+"</h1>", "You have not flagged anything yet.",
			"/scenarios/"+sc.ID+"/flags/new?doc=note&amp;unit=1",
			"/scenarios/"+sc.ID+"/flags/new?doc=source&amp;unit=1")
		for _, f := range sc.Flaws {
			wantNotContains(t, res.Body, string(f.Explanation))
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		c, _ := ts.signedIn(t, store.RoleLearner)
		wantStatus(t, c.get("/scenarios/no-such-case"), http.StatusNotFound)
		wantStatus(t, c.get("/scenarios/"+sc.ID+"/flags/new?doc=note&unit=0"), http.StatusNotFound)
		wantStatus(t, c.get(fmt.Sprintf("/scenarios/%s/flags/new?doc=note&unit=%d", sc.ID, len(sc.Note.Units)+1)), http.StatusNotFound)
	})

	t.Run("FlagNew", func(t *testing.T) {
		// Ensure the no-JS flag form shows the sentence being flagged.
		c, _ := ts.signedIn(t, store.RoleLearner)
		u := sc.Note.Units[0]
		res := c.get("/scenarios/" + sc.ID + "/flags/new?doc=note&unit=1")
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, `<blockquote class="flag-target">`+escText(sc.Note.Slice(u.Start, u.End))+`</blockquote>`,
			`<input type="hidden" name="unit" value="1">`)
	})
}

func TestFlags(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	sc := ts.critiqueScenario(t)
	flagsPath := "/scenarios/" + sc.ID + "/flags"
	back := "/scenarios/" + sc.ID + "#your-flags"
	cat := ts.lib.Taxonomy.Categories[0].ID

	t.Run("ByUnit", func(t *testing.T) {
		// Ensure a whole sentence can be flagged by its number, without JavaScript.
		c, u := ts.signedIn(t, store.RoleLearner)
		unit := sc.Note.Units[1]
		res := c.postForm(flagsPath, url.Values{"doc": {"note"}, "unit": {"2"}, "category": {cat}, "rationale": {"Not in the source."}, "evidence": {"1"}})
		wantRedirect(t, res, back)
		flags := ts.draftFlags(t, u.ID, sc.ID)
		if len(flags) != 1 {
			t.Fatalf("%d flags stored, want 1", len(flags))
		}
		f := flags[0]
		if f.Document != "note" || f.Start != unit.Start || f.End != unit.End || f.Category != cat || f.Rationale != "Not in the source." {
			t.Errorf("stored flag = %+v, want sentence 2 [%d,%d)", f, unit.Start, unit.End)
		}
		if src := sc.Source.Units[0]; f.EvidenceStart != src.Start || f.EvidenceEnd != src.End {
			t.Errorf("evidence = [%d,%d), want source line 1 [%d,%d)", f.EvidenceStart, f.EvidenceEnd, src.Start, src.End)
		}
		page := c.get("/scenarios/" + sc.ID)
		wantContains(t, page.Body, "Flag added.", "Your flags (1)", "<blockquote>"+escText(f.Quote)+"</blockquote>",
			"note, sentence 2", "source line 1")
	})

	t.Run("SourceOmission", func(t *testing.T) {
		// Ensure a line of the source can be flagged for an omission.
		c, u := ts.signedIn(t, store.RoleLearner)
		res := c.postForm(flagsPath, url.Values{"doc": {"source"}, "unit": {"3"}, "category": {"omission"}})
		wantRedirect(t, res, back)
		f := ts.draftFlags(t, u.ID, sc.ID)[0]
		if line := sc.Source.Units[2]; f.Document != "source" || f.Start != line.Start || f.End != line.End {
			t.Errorf("stored flag = %+v, want source line 3", f)
		}
		wantContains(t, c.get("/scenarios/"+sc.ID).Body, "source, line 3")
	})

	t.Run("ExactNarrows", func(t *testing.T) {
		// Ensure the optional exact words narrow a sentence flag to those words.
		c, u := ts.signedIn(t, store.RoleLearner)
		unit := sc.Note.Units[0]
		text := sc.Note.Slice(unit.Start, unit.End)
		words := strings.Fields(text)
		if len(words) < 4 {
			t.Fatalf("the first sentence of %s has %d words; the test needs four", sc.ID, len(words))
		}
		exact := strings.Join(words[1:3], " ")
		res := c.postForm(flagsPath, url.Values{"doc": {"note"}, "unit": {"1"}, "exact": {exact}, "category": {cat}})
		wantRedirect(t, res, back)
		f := ts.draftFlags(t, u.ID, sc.ID)[0]
		if f.Quote != exact || f.Start <= unit.Start || f.End >= unit.End || f.End-f.Start != len([]rune(exact)) {
			t.Errorf("stored flag = %+v, want exactly %q inside [%d,%d)", f, exact, unit.Start, unit.End)
		}
	})

	t.Run("ExactNotInSentence", func(t *testing.T) {
		c, u := ts.signedIn(t, store.RoleLearner)
		res := c.postForm(flagsPath, url.Values{"doc": {"note"}, "unit": {"1"}, "exact": {"words that are nowhere zqx"}, "category": {cat}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res.Body, "There is a problem", "Those words are not in this sentence of the note", `value="words that are nowhere zqx"`)
		if n := len(ts.draftFlags(t, u.ID, sc.ID)); n != 0 {
			t.Errorf("%d flags stored", n)
		}
	})

	t.Run("ByOffsets", func(t *testing.T) {
		// Ensure a mouse selection (offsets) is stored as given.
		c, u := ts.signedIn(t, store.RoleLearner)
		unit := sc.Note.Units[1]
		start, end := unit.Start+1, unit.End-1
		res := c.postForm(flagsPath, url.Values{"doc": {"note"}, "start": {strconv.Itoa(start)}, "end": {strconv.Itoa(end)}, "category": {cat}})
		wantRedirect(t, res, back)
		f := ts.draftFlags(t, u.ID, sc.ID)[0]
		if f.Start != start || f.End != end || f.Quote != sc.Note.Slice(start, end) {
			t.Errorf("stored flag = %+v, want [%d,%d)", f, start, end)
		}
	})

	badOffsets := []struct {
		name       string
		start, end string
	}{
		{"Missing", "", ""},
		{"Negative", "-1", "5"},
		{"Empty", "5", "5"},
		{"Reversed", "9", "3"},
		{"PastEnd", "0", strconv.Itoa(len(sc.Note.Runes()) + 1)},
		{"NotNumbers", "a", "b"},
	}
	for _, tt := range badOffsets {
		t.Run("BadOffsets/"+tt.name, func(t *testing.T) {
			c, u := ts.signedIn(t, store.RoleLearner)
			res := c.postForm(flagsPath, url.Values{"doc": {"note"}, "start": {tt.start}, "end": {tt.end}, "category": {cat}})
			wantStatus(t, res, http.StatusBadRequest)
			if n := len(ts.draftFlags(t, u.ID, sc.ID)); n != 0 {
				t.Errorf("%d flags stored", n)
			}
		})
	}

	t.Run("BadUnit", func(t *testing.T) {
		c, _ := ts.signedIn(t, store.RoleLearner)
		res := c.postForm(flagsPath, url.Values{"doc": {"note"}, "unit": {strconv.Itoa(len(sc.Note.Units) + 1)}, "category": {cat}})
		wantStatus(t, res, http.StatusBadRequest)
	})

	categories := []struct{ name, category string }{
		{"Missing", ""},
		{"Unknown", "made-up"},
		{"Hostile", "<b>fabrication</b>"},
	}
	for _, tt := range categories {
		t.Run("InvalidCategory/"+tt.name, func(t *testing.T) {
			// Ensure an unknown category re-renders the form with the error summary and
			// what the learner typed.
			c, u := ts.signedIn(t, store.RoleLearner)
			res := c.postForm(flagsPath, url.Values{"doc": {"note"}, "unit": {"1"}, "category": {tt.category}, "rationale": {"my reason"}})
			wantStatus(t, res, http.StatusUnprocessableEntity)
			wantContains(t, res.Body, `<div class="error-summary"`, "There is a problem",
				`<a href="#category">Choose what kind of problem this is</a>`, ">my reason</textarea>")
			wantNotContains(t, res.Body, "<b>fabrication</b>")
			if n := len(ts.draftFlags(t, u.ID, sc.ID)); n != 0 {
				t.Errorf("%d flags stored", n)
			}
		})
	}

	t.Run("BadEvidence", func(t *testing.T) {
		c, _ := ts.signedIn(t, store.RoleLearner)
		res := c.postForm(flagsPath, url.Values{"doc": {"note"}, "unit": {"1"}, "category": {cat}, "evidence": {strconv.Itoa(len(sc.Source.Units) + 1)}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res.Body, "Choose a line of the source, or none")
	})

	t.Run("TooLongRationale", func(t *testing.T) {
		c, _ := ts.signedIn(t, store.RoleLearner)
		res := c.postForm(flagsPath, url.Values{"doc": {"note"}, "unit": {"1"}, "category": {cat}, "rationale": {strings.Repeat("é", 2001)}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res.Body, "Your reason must be 2,000 characters or fewer")
	})

	t.Run("EditAndDelete", func(t *testing.T) {
		// Ensure a flag's category, reason and evidence can be changed, and it can be removed.
		c, u := ts.signedIn(t, store.RoleLearner)
		wantRedirect(t, c.postForm(flagsPath, url.Values{"doc": {"note"}, "unit": {"1"}, "category": {cat}, "rationale": {"first thought"}}), back)
		f := ts.draftFlags(t, u.ID, sc.ID)[0]
		flagPath := fmt.Sprintf("%s/%d", flagsPath, f.ID)

		res := c.get(flagPath + "/edit")
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, "<h1>Change your flag</h1>", ">first thought</textarea>",
			fmt.Sprintf(`id="cat-%s" value="%s" aria-describedby="cat-%s-hint" checked>`, cat, cat, cat))

		newCat := categoryOtherThan(ts, cat)
		res = c.postForm(flagPath, url.Values{"category": {newCat}, "rationale": {"second thought"}, "evidence": {"2"}})
		wantRedirect(t, res, back)
		g := ts.draftFlags(t, u.ID, sc.ID)[0]
		if g.ID != f.ID || g.Category != newCat || g.Rationale != "second thought" || g.Start != f.Start || g.End != f.End {
			t.Errorf("updated flag = %+v", g)
		}
		if line := sc.Source.Units[1]; g.EvidenceStart != line.Start {
			t.Errorf("evidence start = %d, want %d", g.EvidenceStart, line.Start)
		}
		wantContains(t, c.get("/scenarios/"+sc.ID).Body, "Flag updated.", "second thought")

		res = c.postForm(flagPath, url.Values{"category": {"nope"}, "rationale": {"third"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res.Body, "Choose what kind of problem this is")
		if g := ts.draftFlags(t, u.ID, sc.ID)[0]; g.Category != newCat {
			t.Errorf("invalid edit changed the flag: %+v", g)
		}

		wantRedirect(t, c.postForm(flagPath+"/delete", nil), back)
		if n := len(ts.draftFlags(t, u.ID, sc.ID)); n != 0 {
			t.Errorf("%d flags after delete", n)
		}
		page := c.get("/scenarios/" + sc.ID)
		wantContains(t, page.Body, "Flag removed.", "Your flags (0)", "You have not flagged anything yet.")
		wantStatus(t, c.postForm(flagPath+"/delete", nil), http.StatusNotFound)
	})

	t.Run("OtherLearner", func(t *testing.T) {
		// Ensure nobody can see, change or remove another learner's flag.
		alice, au := ts.signedIn(t, store.RoleLearner)
		bob, _ := ts.signedIn(t, store.RoleLearner)
		wantRedirect(t, alice.postForm(flagsPath, url.Values{"doc": {"note"}, "unit": {"1"}, "category": {cat}, "rationale": {"alice's reason"}}), back)
		f := ts.draftFlags(t, au.ID, sc.ID)[0]
		flagPath := fmt.Sprintf("%s/%d", flagsPath, f.ID)

		res := bob.get(flagPath + "/edit")
		wantStatus(t, res, http.StatusNotFound)
		wantNotContains(t, res.Body, "alice&#39;s reason")
		wantStatus(t, bob.postForm(flagPath, url.Values{"category": {categoryOtherThan(ts, cat)}, "rationale": {"bob was here"}}), http.StatusNotFound)
		wantStatus(t, bob.postForm(flagPath+"/delete", nil), http.StatusNotFound)
		wantStatus(t, bob.get("/scenarios/"+sc.ID+"/flags/not-a-number/edit"), http.StatusNotFound)

		flags := ts.draftFlags(t, au.ID, sc.ID)
		if len(flags) != 1 || flags[0].Category != cat || flags[0].Rationale != "alice's reason" {
			t.Errorf("alice's flags changed: %+v", flags)
		}
		wantNotContains(t, bob.get("/scenarios/"+sc.ID).Body, "alice&#39;s reason")
	})

	t.Run("DraftSurvives", func(t *testing.T) {
		// Ensure a draft survives a reload and signing out and in again.
		u, pw := ts.createUser(t, store.RoleLearner)
		c := ts.newClient(t)
		wantStatus(t, c.login(u.Email, pw, ""), http.StatusSeeOther)
		wantRedirect(t, c.postForm(flagsPath, url.Values{"doc": {"note"}, "unit": {"2"}, "category": {cat}, "rationale": {"keep me"}}), back)
		for i := 0; i < 2; i++ {
			res := c.get("/scenarios/" + sc.ID)
			wantStatus(t, res, http.StatusOK)
			wantContains(t, res.Body, "Your flags (1)", "keep me")
		}
		wantRedirect(t, c.logout(), "/")
		wantStatus(t, c.login(u.Email, pw, ""), http.StatusSeeOther)
		res := c.get("/scenarios/" + sc.ID)
		wantContains(t, res.Body, "Your flags (1)", "keep me")
		if n := len(ts.draftFlags(t, u.ID, sc.ID)); n != 1 {
			t.Errorf("%d flags, want 1", n)
		}
	})

	t.Run("WithoutCSRF", func(t *testing.T) {
		c, u := ts.signedIn(t, store.RoleLearner)
		c.get("/scenarios/" + sc.ID)
		res := c.postRaw(flagsPath, url.Values{"doc": {"note"}, "unit": {"1"}, "category": {cat}}.Encode())
		if res.Status < 400 || res.Status >= 500 {
			t.Errorf("status = %d, want 4xx", res.Status)
		}
		if n := len(ts.draftFlags(t, u.ID, sc.ID)); n != 0 {
			t.Errorf("%d flags stored without a CSRF token", n)
		}
	})
}
