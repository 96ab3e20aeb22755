package e2e

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/redpen-social/redpen/internal/store"
)

// piiText holds one of each kind of identifier the personal-data checker looks for.
const piiText = "Visit to Mrs Jane Smith (DOB 01/02/1980), 12 High Street, Leeds LS1 4AB.\n" +
	"NHS number 943 476 5919, NI number QQ 12 34 56 C. Phone 07700 900123, email jane.smith@example.com."

// axePage opens a page, fails unless it loads without an error status and its h1 says
// what the page is, and runs axe on it.
func (b *browser) axePage(src, name, path, h1 string) {
	b.t.Helper()
	b.follow(chromedp.Navigate(b.base + path))
	b.wantText("h1", h1)
	b.axeCheck(src, name)
}

// TestAccessibilityMore runs axe-core's WCAG 2.2 AA rules, as TestAccessibility does, on
// the pages added since: the learner's dashboard, CPD log, certificates and their public
// check, settings and data, assignments and joining a cohort, the educator's cohorts and
// analytics (over seeded learners' work), administration, the personal-data checker, and —
// on a second server with a fake model — the AI pages. Forms are also checked showing their
// errors, and the dashboard, cohort analytics and CPD form at phone width.
func TestAccessibilityMore(t *testing.T) {
	src := axeSource(t)
	a := startApp(t)
	ed, edPW := a.newAccount(t, store.RoleEducator)
	seed := a.seedCohort(t, ed.ID)
	sc := a.scenario(t, critiqueID)
	b := newBrowser(t, a.URL)
	page := func(name, path, h1 string) { t.Helper(); b.axePage(src, name, path, h1) }
	check := func(name string) { t.Helper(); b.axeCheck(src, name) }

	// A learner, from a new account to a certificate.
	const learnerEmail, learnerPW = "lena@example.ac.uk", "correct horse battery staple"
	b.register("Lena Learner", learnerEmail, learnerPW)
	page("dashboard (nothing done yet)", "/dashboard", "My progress")
	page("assignments (in no cohort)", "/assignments", "Assignments")
	page("join a cohort", "/join", "Join a cohort")
	b.wantErrorsShown("/join")
	check("join a cohort with errors")
	page("settings", "/settings", "Settings")
	page("your data", "/settings/data", "Your data")
	b.do(chromedp.SendKeys(chromedp.ID("password"), "not my password"))
	b.wantErrorsShown("/settings/data/delete")
	check("your data with errors")

	page("personal-data checker", "/scan", "Check text for personal data")
	b.wantErrorsShown("/scan")
	check("personal-data checker with errors")
	b.do(chromedp.SetValue(chromedp.ID("text"), piiText))
	if status := b.submitForm("/scan"); status != 200 {
		t.Errorf("checking text answered %d, want 200", status)
	}
	b.wantText("#result-title", "like personal data")
	if n := len(b.texts(".pii-result tbody tr")); n < 5 {
		t.Errorf("the checker lists %d findings in %q, want at least 5", n, piiText)
	}
	check("personal-data checker with findings")

	page("CPD log (empty)", "/cpd", "CPD log")
	page("CPD form", "/cpd/new", "Add a CPD entry")
	b.wantErrorsShown("/cpd")
	b.wantText(".error-summary", "Enter a title", "Describe the activity")
	check("CPD form with errors")
	b.do(
		chromedp.SetValue(chromedp.ID("type"), "reading"),
		chromedp.SendKeys(chromedp.ID("title"), "Reading on AI transcription in practice"),
		chromedp.SendKeys(chromedp.ID("description"), "I read guidance on checking AI-drafted notes."),
		chromedp.SetValue(chromedp.ID("date"), time.Now().Format("2006-01-02")),
		chromedp.SendKeys(chromedp.ID("minutes"), "45"),
		chromedp.SendKeys(chromedp.ID("peer_with"), "my practice educator"),
		chromedp.SendKeys(chromedp.ID("peer_outcome"), "We agreed to check every risk word against the recording."),
	)
	if status := b.submitForm("/cpd"); status != 200 {
		t.Fatalf("saving a CPD entry ended on a page with status %d", status)
	}
	b.wantPath("/cpd")
	b.wantText(".cpd-list", "Reading on AI transcription in practice", "Peer reflection")
	check("CPD log with an entry")
	edit := b.attr(`.cpd-list a[href$="/edit"]`, "href")
	page("CPD entry, editing", edit, "Edit a CPD entry")
	page("CPD entry, confirm deletion", strings.TrimSuffix(edit, "/edit")+"/delete", "Delete this CPD entry?")
	page("CPD record for printing", "/cpd/print", "CPD")

	b.flagUnit(sc, flaw(t, sc, "no-concerns"), "She described shouting and door-banging.")
	score := b.submitCritique(sc)
	page("dashboard after a submitted critique", "/dashboard", "My progress")
	b.wantText(".stat-list", "1 critique submitted")
	b.wantText("main table", sc.Title, score)

	lena := a.user(t, learnerEmail)
	a.completeCourse(t, lena.ID, "cpd-practice")
	page("dashboard with a certificate", "/dashboard", "My progress")
	b.follow(chromedp.Click(chromedp.CSS(`main a[href^="/certificates/"]`)))
	b.wantText("h1", "Certificate of completion")
	b.wantText(".certificate-course", "CPD for practitioners")
	check("certificate")
	verify := b.text(".certificate-url")
	if !strings.HasPrefix(verify, a.URL+"/verify/") {
		t.Fatalf("the certificate's check link is %q, want %s/verify/…", verify, a.URL)
	}

	b.open("/dashboard")
	b.phone()
	check("dashboard (390×844)")
	b.wantNoSideScroll()
	b.open("/cpd/new")
	check("CPD form (390×844)")
	b.wantNoSideScroll()
	b.wantErrorsShown("/cpd")
	check("CPD form with errors (390×844)")
	b.wantNoSideScroll()
	b.desktop()

	code := seed.Cohort.JoinCode
	page("join link, confirm", "/join/"+code, "Join “"+seed.Cohort.Name+"”")
	if status := b.submitForm("/join/" + code); status != 200 {
		t.Errorf("joining by the link ended on a page with status %d", status)
	}
	b.wantPath("/assignments")
	b.wantText("main table", sc.Title, "Submitted: best score "+score)
	check("assignments in a cohort")
	b.signOut()

	// Anyone may check the certificate.
	page("certificate check (public)", strings.TrimPrefix(verify, a.URL), "Certificate verified")
	b.wantText(".summary-list", "Lena Learner", "CPD for practitioners")

	// A seeded learner whose key is held back until the due date.
	b.signIn(seed.Learners[0].Email, seed.Passwords[0])
	page("assignments with a key held back", "/assignments", "Assignments")
	page("feedback with the key held back", "/attempts/"+strconv.FormatInt(seed.Held.ID, 10), "Feedback")
	b.wantText(".cohort-key-held", "answer key")
	b.signOut()

	// The educator, over the seeded cohort.
	b.signIn(ed.Email, edPW)
	cohort := "/cohorts/" + strconv.FormatInt(seed.Cohort.ID, 10)
	page("cohorts", "/cohorts", "Cohorts")
	b.wantErrorsShown("/cohorts")
	check("cohorts: create with errors")
	page("cohort with learners and assignments", cohort, seed.Cohort.Name)
	b.wantText("#learners-title", "Learners (4)")
	b.wantErrorsShown(cohort + "/assignments")
	check("cohort: assign with errors")
	page("cohort analytics", cohort+"/analytics", "Analytics")
	if n := len(b.texts(".cohort-matrix tbody tr")); n != 4 {
		t.Errorf("the completion matrix has %d rows, want 4 learners", n)
	}
	b.wantText(`section[aria-labelledby=cases-title] table`, sc.Title)
	page("case analytics", cohort+"/analytics/"+sc.ID, sc.Title)
	b.wantText(`section[aria-labelledby=wrong-title] table`, "Learners")
	page("case analytics, key held back", cohort+"/analytics/hospital-discharge", "discharge")
	page("a learner's attempt (educator)", fmt.Sprintf("%s/attempts/%d", cohort, seed.Attempts[0].ID), "Feedback")
	held := fmt.Sprintf("%s/attempts/%d", cohort, seed.Held.ID)
	page("a learner's attempt, key held back (educator)", held, "Feedback")
	page("a learner's attempt, marked early (educator)", held+"?marked=1", "Feedback")
	b.open(cohort + "/analytics")
	b.phone()
	check("cohort analytics (390×844)")
	b.wantNoSideScroll()
	b.desktop()

	b.open("/cohorts")
	b.do(chromedp.SendKeys(chromedp.ID("name"), "Spring placement group"))
	b.submitForm("/cohorts")
	b.wantText("h1", "Spring placement group")
	check("cohort, new")
	b.follow(chromedp.Click(chromedp.CSS(`main .cohort-actions a[href$="/analytics"]`)))
	b.wantText("#matrix-title + p", "Nothing is assigned yet.")
	check("cohort analytics, nothing assigned")
	b.signOut()

	// An admin.
	adm, admPW := a.newAccount(t, store.RoleAdmin)
	b.signIn(adm.Email, admPW)
	page("admin (no model)", "/admin", "Administration")
	b.wantText("main", "No model is configured")
	page("people", "/admin/users", "People")
	page("audit log", "/admin/audit", "Audit log")
	b.wantText("main table", ed.Name)

	// The AI pages, on a server with a model.
	ai, fake := startAppWithModel(t)
	const reply = "Aaliyah said her parents argue at night and that she hides in her wardrobe."
	fake.SetReply(reply)
	c := newBrowser(t, ai.URL)
	aiPage := func(name, path, h1 string) { t.Helper(); c.axePage(src, name, path, h1) }
	aiCheck := func(name string) { t.Helper(); c.axeCheck(src, name) }
	c.register("Sol Sandbox", "sol@example.ac.uk", "correct horse battery staple")
	aiPage("personal-data checker (model configured)", "/scan", "Check text for personal data")
	aiPage("prompt sandbox", "/sandbox", "Prompt sandbox")
	aiPage("prompt sandbox, a case", "/sandbox/"+sc.ID, "Prompt sandbox")
	sandbox := "/sandbox/" + sc.ID
	c.wantErrorsShown(sandbox)
	aiCheck("prompt sandbox with errors")
	c.do(chromedp.SendKeys(chromedp.ID("prompt"), "Write a short case note of this visit for the child's file."))
	c.do(chromedp.Click(chromedp.CSS(`main form[action="` + sandbox + `"] button[type=submit]`)))
	c.waitFor(`document.getElementById("answer-status").textContent.includes("complete")`)
	c.wantText("#answer-text", reply)
	aiCheck("prompt sandbox with a streamed answer")
	c.do(chromedp.SetValue(chromedp.ID("prompt"), "Write to Mrs Jane Smith about NHS number 943 476 5919."))
	status := c.submitForm(sandbox)
	c.wantText("#blocked-title", "Your prompt was not sent")
	t.Logf("a prompt with personal data answered %d", status)
	aiCheck("prompt sandbox, prompt stopped for personal data")
	if fake.Received("5919") {
		t.Error("the model received the NHS number")
	}

	c.flagUnit(sc, flaw(t, sc, "no-concerns"), "She described shouting and door-banging.")
	c.submitCritique(sc)
	c.wantText("#ai-features", "Ask the AI tutor")
	aiCheck("feedback with the AI tutor offer")
	c.follow(chromedp.Click(chromedp.CSS(`#ai-features form[action$="/tutor"] button[type=submit]`)))
	c.wantText("h1", "AI tutor feedback")
	c.wantText(".ai-answer", reply)
	aiCheck("AI tutor feedback")

	c.flagUnit(sc, flaw(t, sc, "no-concerns"), "Mrs Jane Smith, NHS number 943 476 5919, said otherwise.")
	c.submitCritique(sc)
	status = c.followStatus(chromedp.Click(chromedp.CSS(`#ai-features form[action$="/tutor"] button[type=submit]`)))
	c.wantText("h1", "not sent to the AI tutor")
	t.Logf("AI tutor feedback on reasons with personal data answered %d", status)
	aiCheck("AI tutor, reasons stopped for personal data")
	if fake.Received("5919") {
		t.Error("the model received the NHS number")
	}
	c.signOut()

	aiEd, aiEdPW := ai.newAccount(t, store.RoleEducator)
	c.signIn(aiEd.Email, aiEdPW)
	aiPage("answer key with the AI draft offer", "/scenarios/"+sc.ID+"/preview", "Answer key")
	c.follow(chromedp.Click(chromedp.CSS(`#ai-features form[action$="/draft-note"] button[type=submit]`)))
	c.wantText("h1", "AI draft note")
	c.wantText("main", reply)
	aiCheck("AI draft note")
	c.signOut()

	aiAdm, aiAdmPW := ai.newAccount(t, store.RoleAdmin)
	c.signIn(aiAdm.Email, aiAdmPW)
	aiPage("admin (model answering)", "/admin", "Administration")
	c.wantText(".summary-list", "openai:gpt-test", "Answering")

	// A canary: the same run must report a field without a label, so clean results above
	// mean clean pages, not rules that did not run.
	c.do(chromedp.Evaluate[chromedp.Void](`document.querySelector("main").append(Object.assign(document.createElement("input"), {type: "text", id: "canary"}))`))
	found := false
	for _, v := range c.axeRun(src) {
		for _, n := range v.Nodes {
			found = found || v.ID == "label" && strings.Contains(n.HTML, "canary")
		}
	}
	if !found {
		t.Error("axe did not report an unlabelled text field, so its rules are not running")
	}
}
