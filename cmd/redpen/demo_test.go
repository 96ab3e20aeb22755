package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/redpen-social/redpen/internal/content"
	"github.com/redpen-social/redpen/internal/store"
	"github.com/redpen-social/redpen/server"
	"github.com/redpen-social/redpen/static"
	"github.com/redpen-social/redpen/templates"
)

// runDemoCmd runs "redpen demo" on a database file and returns what it printed.
func runDemoCmd(t *testing.T, path string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
	err := run(context.Background(), []string{"demo", "--db", path}, e)
	return out.String() + errOut.String(), err
}

// demoClient is a browser without JavaScript over a real listener, for the demo's pages.
type demoClient struct {
	t    *testing.T
	base string
	http *http.Client
}

func (c demoClient) get(path string) (int, string) {
	c.t.Helper()
	res, err := c.http.Get(c.base + path)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

var csrfRE = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// signIn signs in through the form, as a person would with the printed password.
func (c demoClient) signIn(email, pw string) {
	c.t.Helper()
	_, page := c.get("/login")
	m := csrfRE.FindStringSubmatch(page)
	if m == nil {
		c.t.Fatal("no CSRF token on the sign-in page")
	}
	res, err := c.http.PostForm(c.base+"/login", url.Values{"email": {email}, "password": {pw}, "_csrf": {m[1]}})
	if err != nil {
		c.t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		c.t.Fatalf("sign in: status %d", res.StatusCode)
	}
}

func TestDemo(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "demo.db")
	out, err := runDemoCmd(t, path)
	if err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`Password: (\S+)`).FindStringSubmatch(out)
	if m == nil || !strings.Contains(out, demoEducatorEmail) || !strings.Contains(out, "redpen serve --db "+path) {
		t.Fatalf("the demo does not say how to sign in:\n%s", out)
	}
	pw := m[1]

	t.Run("RefusesToRunTwice", func(t *testing.T) {
		// Ensure a second run changes nothing and says why.
		out, err := runDemoCmd(t, path)
		if err == nil || !strings.Contains(err.Error(), "already holds the demo data") {
			t.Fatalf("second run: %v\n%s", err, out)
		}
	})

	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cohorts, err := st.ListCohorts(ctx, 0, true)
	if err != nil || len(cohorts) != 1 {
		t.Fatalf("cohorts = %+v, %v", cohorts, err)
	}
	co := cohorts[0]

	t.Run("Data", func(t *testing.T) {
		// Ensure 30 learners, five assignments, and attempts whose scores vary.
		if co.Learners != 30 {
			t.Errorf("learners = %d, want 30", co.Learners)
		}
		list, _ := st.ListAssignments(ctx, co.ID)
		kinds := map[string]int{}
		for _, a := range list {
			kinds[a.Kind+"/"+a.FeedbackPolicy]++
		}
		if len(list) != 5 || kinds["module/immediate"] != 2 || kinds["scenario/after_due"] != 1 {
			t.Errorf("assignments = %v", kinds)
		}
		best, _ := st.ListCohortAttempts(ctx, co.ID, true)
		scores := map[int]bool{}
		for _, a := range best {
			scores[int(a.Score*100)] = true
		}
		if len(best) < 45 || len(scores) < 15 {
			t.Errorf("%d best attempts with %d distinct scores: too little to analyse", len(best), len(scores))
		}
		prog, _ := st.ListCohortModuleProgress(ctx, co.ID)
		if len(prog) < 15 {
			t.Errorf("module progress for %d learners", len(prog))
		}
	})

	t.Run("AnalyticsThroughRouter", func(t *testing.T) {
		// Ensure every analytics view has numbers, seen as the educator through the router.
		cp, err := content.NewProvider(embedded(), false)
		if err != nil {
			t.Fatal(err)
		}
		srv, err := server.New(server.Config{Templates: templates.FS, Static: static.FS, Logger: slog.New(slog.DiscardHandler)}, st, cp)
		if err != nil {
			t.Fatal(err)
		}
		hs := httptest.NewServer(srv)
		defer hs.Close()
		jar, _ := cookiejar.New(nil)
		c := demoClient{t: t, base: hs.URL, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
		c.signIn(demoEducatorEmail, pw)
		base := fmt.Sprintf("/cohorts/%d", co.ID)

		status, page := c.get(base + "/analytics")
		if status != http.StatusOK || strings.Count(page, "/attempts/") < 40 || !strings.Contains(page, "heatmap-desc") ||
			!strings.Contains(page, "Across all cases the lowest is") {
			t.Fatalf("analytics: %d\n%.2000s", status, page)
		}
		list, _ := st.ListAssignments(ctx, co.ID)
		for _, a := range list {
			if a.Kind != store.KindScenario {
				continue
			}
			status, page := c.get(base + "/analytics/" + a.ItemID)
			if status != http.StatusOK {
				t.Fatalf("%s: status %d", a.ItemID, status)
			}
			results := regexp.MustCompile(`(\d+) results\. The most common band`).FindStringSubmatch(page)
			if results == nil || len(results[1]) < 2 || strings.Contains(page, "No learner has flagged text") ||
				!strings.Contains(page, "Learners' best attempts") {
				t.Errorf("%s: the case analytics lack numbers:\n%.1500s", a.ItemID, page)
			}
		}
		status, body := c.get(base + "/grades.csv")
		rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if status != http.StatusOK || err != nil || len(rows) != 31 || len(rows[0]) != 7 {
			t.Fatalf("grades: %d, %v, %d rows", status, err, len(rows))
		}
		filled := 0
		for _, r := range rows[1:] {
			for _, cell := range r[2:] {
				if cell != "" {
					filled++
				}
			}
		}
		if filled < 60 {
			t.Errorf("only %d of %d grade cells are filled", filled, 30*5)
		}
	})
}
