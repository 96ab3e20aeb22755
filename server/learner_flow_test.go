package server

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The "done when", end to end through the router: a learner who has done two
// scenarios and a course's modules sees it all on the dashboard, writes a reflection,
// prints the CPD record, gets a certificate that verifies, exports their data and deletes
// their account, after which nothing personal of theirs is left in the database.
func TestLearnerJourney(t *testing.T) {
	ts := newTestServer(t)
	clk := ts.setClock(time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC))
	const (
		name       = "Adaeze Lindqvist-Moreau"
		email      = "adaeze.lm@example.ac.uk"
		pw         = "plum kettle orbit canal"
		rationale  = "Unmistakable rationale: the source says otherwise."
		reflection = "Unmistakable reflection: I now read the source first."
		impact     = "Unmistakable impact: I check every AI summary against the recording."
		peerNote   = "Unmistakable peer note: we agreed a checking routine for the team."
	)
	c := ts.newClient(t)
	wantStatus(t, c.register(name, email, pw), http.StatusSeeOther)
	teacher, _ := ts.createUser(t, "educator")
	cohort, err := ts.store.CreateCohort(context.Background(), "Year 2 placement", teacher.ID)
	if err != nil {
		t.Fatal(err)
	}
	me, err := ts.store.FindUserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.store.JoinCohort(context.Background(), cohort.ID, me.ID); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, c.postForm("/settings/tokens", url.Values{"name": {"my practice notebook"}}), http.StatusOK)

	// A whole course's modules, then two critiques: one perfect, one with nothing flagged.
	practice, err := ts.lib.Catalog.Course("cpd-practice")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range practice.Modules {
		c.completeModule(practice.ID, m.ID, clk, 12*time.Minute)
	}
	perfect := ts.critiqueScenario(t)
	var other = ts.lib.Scenarios.All()[0]
	if other.ID == perfect.ID {
		other = ts.lib.Scenarios.All()[1]
	}
	firstPath := c.critique(perfect, perfect.Flaws, rationale, clk, 25*time.Minute)
	wantStatus(t, c.postForm(firstPath+"/reflection", url.Values{"reflection": {reflection}}), http.StatusSeeOther)
	clk.advance(24 * time.Hour)
	secondPath := c.critique(other, nil, "", clk, 5*time.Minute)

	t.Run("Dashboard", func(t *testing.T) {
		res := c.get("/dashboard")
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body,
			`<span class="stat-number">4<span class="stat-of"> of `, // modules
			`<span class="stat-number">2<span class="stat-of"> of `, // cases
			escText(perfect.Title), escText(other.Title), `href="`+firstPath+`"`, `href="`+secondPath+`"`,
			`aria-labelledby="scores-title scores-desc"`, `aria-labelledby="detection-title detection-desc"`,
			"<td class=\"num\">100%</td>", "<td class=\"num\">0%</td>", "Practise next", "Why this case:", `href="/progress"`)
		if n := strings.Count(res.Body, "<circle "); n != 2 {
			t.Errorf("score chart has %d dots, want 2", n)
		}
		// The suggestion aims at the weakest category and names it.
		m := regexp.MustCompile(`Your lowest rate is for <strong>([^<]+)</strong>`).FindStringSubmatch(res.Body)
		s := regexp.MustCompile(`<p class="lead"><a href="/scenarios/([a-z0-9-]+)">`).FindStringSubmatch(res.Body)
		if m == nil || s == nil {
			t.Fatalf("no weakest category or no suggestion on the dashboard")
		}
		sc, err := ts.lib.Scenarios.Get(s[1])
		if err != nil {
			t.Fatal(err)
		}
		has := false
		for _, f := range sc.Flaws {
			cat, _ := ts.lib.Taxonomy.Category(f.Category)
			has = has || escText(cat.Label) == m[1]
		}
		if !has {
			t.Errorf("suggested %s has no %s issue", sc.ID, m[1])
		}
		if len(certificateIDs(res.Body)) != 1 {
			t.Errorf("dashboard links %d certificates, want 1", len(certificateIDs(res.Body)))
		}
	})

	var firstEntry string
	t.Run("CPDLog", func(t *testing.T) {
		res := c.get("/cpd")
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, "1 December 2025 to 30 November 2026", "Redpen case critique: "+escText(perfect.Title),
			"12 minutes", "25 minutes", "None yet")
		ids := cpdEntryIDs(res.Body)
		if len(ids) != len(practice.Modules)+2 {
			t.Fatalf("log has %d entries, want %d", len(ids), len(practice.Modules)+2)
		}
		firstEntry = ids[1] // newest first: the second critique, then the first
		edit := c.get("/cpd/" + firstEntry + "/edit")
		wantStatus(t, edit, http.StatusOK)
		wantContains(t, edit.Body, escText(reflection), escText(perfect.Title), `name="standards"`)
	})

	t.Run("Reflect", func(t *testing.T) {
		form := cpdEntryForm("Redpen case critique: " + perfect.Title)
		form.Set("learnt", reflection)
		form.Set("impact", impact)
		form.Set("peer_with", "my practice educator")
		form.Set("peer_date", "2026-03-12")
		form.Set("peer_outcome", peerNote)
		wantRedirect(t, c.postForm("/cpd/"+firstEntry, form), "/cpd#entry-"+firstEntry)
		res := c.get("/cpd")
		// One entry written in full: the peer reflection counts, but two written entries are needed.
		wantContains(t, res.Body, "At least 1: met", "Fewer than 2", "Peer reflection")
	})

	t.Run("PrintAndDownload", func(t *testing.T) {
		res := c.get("/cpd/print?year=2026")
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, "CPD record: "+escText(name), escText(impact), escText(peerNote), "print.css")
		if n := strings.Count(res.Body, `<article class="cpd-entry"`); n != len(practice.Modules)+2 {
			t.Errorf("printed %d entries, want %d", n, len(practice.Modules)+2)
		}
		md := c.get("/cpd.md")
		wantStatus(t, md, http.StatusOK)
		if cd := md.Header.Get("Content-Disposition"); cd != `attachment; filename="redpen-cpd.md"` {
			t.Errorf("Content-Disposition = %q", cd)
		}
		wantContains(t, md.Body, "# CPD record: "+name, "### What I learnt\n\n"+reflection, peerNote)
		csvRes := c.get("/cpd.csv?year=2026")
		if cd := csvRes.Header.Get("Content-Disposition"); cd != `attachment; filename="redpen-cpd-2026.csv"` {
			t.Errorf("Content-Disposition = %q", cd)
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvRes.Body, "\ufeff"))).ReadAll()
		if err != nil || len(rows) != len(practice.Modules)+3 || rows[0][0] != "Date" {
			t.Fatalf("CSV: %d rows, %v", len(rows), err)
		}
	})

	t.Run("Certificate", func(t *testing.T) {
		ids := certificateIDs(c.get("/dashboard").Body)
		res := c.get("/certificates/" + ids[0])
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, escText(name), escText(practice.Title), "/verify/"+ids[0], "10 March 2026")
		public := ts.newClient(t).get("/verify/" + ids[0])
		wantStatus(t, public, http.StatusOK)
		wantContains(t, public.Body, escText(name), escText(practice.Title), "10 March 2026")
		wantNotContains(t, public.Body, email, "Year 2 placement", "%", "/attempts/", "/cpd")
	})

	t.Run("Export", func(t *testing.T) {
		res := c.get("/settings/data/export")
		wantStatus(t, res, http.StatusOK)
		if !strings.HasPrefix(res.Header.Get("Content-Disposition"), `attachment; filename="redpen-my-data-`) {
			t.Errorf("Content-Disposition = %q", res.Header.Get("Content-Disposition"))
		}
		var x dataExport
		decodeTestJSON(t, res, &x)
		if x.Account.Email != email || x.Account.Name != name || len(x.ModuleProgress) != len(practice.Modules) ||
			len(x.QuizAnswers) == 0 || len(x.CPDEntries) != len(practice.Modules)+2 || len(x.Certificates) != 1 {
			t.Errorf("export: account %+v, %d modules, %d answers, %d CPD, %d certificates", x.Account,
				len(x.ModuleProgress), len(x.QuizAnswers), len(x.CPDEntries), len(x.Certificates))
		}
		if len(x.Attempts) != 2 || len(x.Attempts[0].Flags) != len(perfect.Flaws) || x.Attempts[0].Flags[0].Rationale != rationale ||
			x.Attempts[0].Reflection != reflection || x.Attempts[0].Result == nil {
			t.Errorf("export attempts = %+v", x.Attempts)
		}
		if len(x.CohortMemberships) != 1 || x.CohortMemberships[0].Name != "Year 2 placement" || x.CohortMemberships[0].Role != "learner" {
			t.Errorf("export cohorts = %+v", x.CohortMemberships)
		}
		if len(x.APITokens) != 1 || x.APITokens[0].Name != "my practice notebook" {
			t.Errorf("export tokens = %+v", x.APITokens)
		}
		wantNotContains(t, res.Body, "argon2id", "password_hash", "token_hash")
	})

	t.Run("Delete", func(t *testing.T) {
		res := c.postForm("/settings/data/delete", url.Values{"password": {"not my password"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res.Body, "The password is not right", `href="#password"`)
		res = c.postForm("/settings/data/delete", url.Values{"password": {pw}})
		wantRedirect(t, res, "/")
		home := c.get("/")
		wantContains(t, home.Body, "Your account is deleted", "2 critiques", "CPD entries", "Create an account")
		wantRedirect(t, c.get("/dashboard"), "/login?next=%2Fdashboard")
		wantStatus(t, c.login(email, pw, ""), http.StatusUnprocessableEntity)
		assertNothingLeft(t, ts, me.ID, []string{email, name, rationale, reflection, impact, peerNote, "my practice notebook"})
		if n := countRows(t, ts, `SELECT COUNT(*) FROM anonymous_results WHERE cohort_id = ?`, cohort.ID); n != 2 {
			t.Errorf("%d anonymous results for the cohort, want 2", n)
		}
	})
}
