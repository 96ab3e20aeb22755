package e2e

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/redpen-social/redpen/internal/scenario"
	"github.com/redpen-social/redpen/internal/store"
)

// cohortPathRE matches a cohort's page and captures its id.
var cohortPathRE = regexp.MustCompile(`^/cohorts/(\d+)$`)

// TestCohortFlowInBrowser: an educator signs in, creates a cohort and assigns a case
// through the forms and reads the join code off the page; a learner registers, joins with
// that code, critiques the assigned case and submits; the educator sees the learner's
// score in the analytics, opens the case's analytics and the learner's attempt, and
// downloads the grades, whose CSV row for the learner holds the same score.
func TestCohortFlowInBrowser(t *testing.T) {
	a := startApp(t)
	b := newBrowser(t, a.URL)
	sc := a.scenario(t, critiqueID)
	edEmail, edPW := a.createUser(t, store.RoleEducator)
	const cohortName = "BA Social Work, Year 2 (2026)"
	const learnerName, learnerEmail = "Lin Learner", "lin@example.ac.uk"

	// The educator creates the cohort and assigns the case.
	b.signIn(edEmail, edPW)
	b.follow(chromedp.Click(chromedp.CSS(`header nav a[href="/cohorts"]`)))
	b.wantText("h1", "Cohorts")
	b.wantText("main", "You do not run any cohorts yet.")
	b.do(chromedp.SendKeys(chromedp.ID("name"), cohortName))
	if status := b.submitForm(`/cohorts`); status != 200 {
		t.Fatalf("creating the cohort ended on a page with status %d", status)
	}
	m := cohortPathRE.FindStringSubmatch(b.path())
	if m == nil {
		t.Fatalf("after creating a cohort the browser is on %s, want /cohorts/{id}", b.path())
	}
	cohortURL := m[0]
	b.wantText("h1", cohortName)
	b.wantText(".flash", "is created")
	b.wantText("#learners", "No learners have joined yet.")

	b.do(chromedp.SetValue(chromedp.ID("item"), "scenario:"+sc.ID))
	if status := b.submitForm(cohortURL + "/assignments"); status != 200 {
		t.Fatalf("assigning the case ended on a page with status %d", status)
	}
	b.wantText(".flash", "The assignment is added.")
	b.wantText("#assignments table", "Case: "+sc.Title, "No due date", "As soon as they submit")

	code := b.text(".cohort-join-code")
	if !regexp.MustCompile(`^[A-Z0-9]{5}-[A-Z0-9]{5}$`).MatchString(code) {
		t.Fatalf("the join code on the page is %q, want ten letters and numbers grouped in fives", code)
	}
	if link := b.text(".cohort-join-link"); !strings.HasSuffix(link, "/join/"+strings.ReplaceAll(code, "-", "")) {
		t.Errorf("the join link %q does not end with the code %s", link, code)
	}
	t.Logf("cohort %s, join code %s", cohortURL, code)
	b.signOut()

	// The learner registers, joins with the code and does the assigned case.
	b.register(learnerName, learnerEmail, "correct horse battery staple")
	b.open("/join")
	b.do(chromedp.SendKeys(chromedp.ID("code"), code))
	b.follow(chromedp.Click(chromedp.CSS(`main form[action="/join"] button[type=submit]`)))
	b.wantPath("/assignments")
	b.wantText(".flash", "You have joined “"+cohortName+"”")
	row := fmt.Sprintf(`main table tbody tr:has(a[href="/scenarios/%s"])`, sc.ID)
	b.wantText(row, sc.Title, cohortName, "Not started")

	b.follow(chromedp.Click(chromedp.CSS(row + ` a`)))
	b.wantPath("/scenarios/" + sc.ID)
	found, omission := flaw(t, sc, "no-concerns"), flaw(t, sc, "dont-tell-dad")
	for _, f := range []scenario.Flaw{found, omission} {
		link := flagLinkCSS(sc.ID, f.Span.Doc, unitOf(t, sc, f.Span).Number)
		if n := call[int](b, `sel => document.querySelectorAll(sel).length`, link); n != 1 {
			t.Fatalf("the critique page has %d Flag links %s, want 1", n, link)
		}
	}
	b.flagUnit(sc, found, "She described shouting and door-banging.")
	b.flagUnit(sc, omission, "Her request that Dad is not told is left out.")
	b.wantText("#your-flags-title", "Your flags (2)")
	learnerScore := b.submitCritique(sc)
	attemptPath := b.path()
	pct, err := strconv.Atoi(strings.TrimSuffix(learnerScore, "%"))
	if err != nil || pct <= 0 {
		t.Fatalf("the learner's score reads %q, want a percentage above 0", learnerScore)
	}
	lin := a.user(t, learnerEmail)
	stored, err := a.Store.ListAttempts(context.Background(), lin.ID, sc.ID)
	if err != nil || len(stored) != 1 {
		t.Fatalf("the store holds %d attempts by the learner (%v), want 1", len(stored), err)
	}
	if got := "/attempts/" + strconv.FormatInt(stored[0].ID, 10); got != attemptPath {
		t.Errorf("feedback is on %s, want the stored attempt %s", attemptPath, got)
	}
	b.open("/assignments")
	b.wantText(row, "Submitted: best score "+learnerScore)
	b.signOut()

	// The educator reads the analytics, the case and the attempt, and downloads the grades.
	b.signIn(edEmail, edPW)
	b.open("/cohorts")
	b.wantText("main table", cohortName)
	b.follow(chromedp.Click(chromedp.CSS(`main table a[href="` + cohortURL + `"]`)))
	b.wantText("#learners", learnerName, learnerEmail)
	b.follow(chromedp.Click(chromedp.CSS(`main .cohort-actions a[href="` + cohortURL + `/analytics"]`)))
	b.wantPath(cohortURL + "/analytics")
	matrixRow := `.cohort-matrix tbody tr:has(th[scope=row])`
	if got := b.text(matrixRow + ` th`); got != learnerName {
		t.Errorf("the completion matrix's row is for %q, want %q", got, learnerName)
	}
	cell := matrixRow + fmt.Sprintf(` a[href^="%s/attempts/"]`, cohortURL)
	b.wantText(cell, learnerScore)
	b.wantText(`section[aria-labelledby=cases-title] table`, sc.Title)
	if got := b.text(`section[aria-labelledby=cases-title] tbody td.num:nth-of-type(2)`); got != learnerScore {
		t.Errorf("the case's mean score reads %q, want the learner's %s", got, learnerScore)
	}

	b.follow(chromedp.Click(chromedp.CSS(fmt.Sprintf(`section[aria-labelledby=cases-title] a[href="%s/analytics/%s"]`, cohortURL, sc.ID))))
	b.wantText("h1", sc.Title)
	b.wantText(`section[aria-labelledby=attempts-title] tbody tr`, learnerName, learnerScore)
	b.follow(chromedp.Click(chromedp.CSS(`section[aria-labelledby=attempts-title] tbody a`)))
	drill := fmt.Sprintf("%s/attempts/%d", cohortURL, stored[0].ID)
	b.wantPath(drill)
	b.wantText(".cohort-readonly", learnerName, "read only")
	if got := b.text(".score-panel .score-number"); got != learnerScore {
		t.Errorf("the educator's view of the attempt shows %s, want %s", got, learnerScore)
	}
	if got := b.feedbackIssues()[quote(sc, found.Span)]; got != "Found" {
		t.Errorf("the educator's view marks %q as %q, want Found", quote(sc, found.Span), got)
	}

	b.open(cohortURL + "/analytics")
	csvURL := b.attr(`main .cohort-actions a[href$="/grades.csv"]`, "href")
	if csvURL != cohortURL+"/grades.csv" {
		t.Errorf("the grades link is %s, want %s/grades.csv", csvURL, cohortURL)
	}
	rows := b.fetchCSV(csvURL)
	t.Logf("grades.csv: %q", rows)
	if len(rows) != 2 {
		t.Fatalf("grades.csv has %d rows, want a header and one learner: %q", len(rows), rows)
	}
	want := [][]string{{"Name", "Email", "Case: " + sc.Title}, {learnerName, learnerEmail, strconv.Itoa(pct)}}
	for i := range want {
		if !slices.Equal(rows[i], want[i]) {
			t.Errorf("grades.csv row %d is %q, want %q", i, rows[i], want[i])
		}
	}
}
