package server

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// hostileInputs is the corpus every form field receives. Each must be refused with a clear
// 4xx or stored and shown escaped; none may cause a 500 or run as script.
var hostileInputs = []struct{ name, value string }{
	{"ScriptTag", `<script>window.__xss=1</script>`},
	{"EventHandler", `"><img src=x onerror="window.__xss=1">`},
	{"SQL", `'; DROP TABLE users; -- " OR 1=1 --`},
	{"Template", `{{.}}{{template "base" .}}${7*7}`},
	{"InvalidUTF8", "caf\xe9 \xff\xfe"},
	{"NUL", "before\x00after"},
	{"Bidi", "\u202Egnp.exe\u202C \u2066isolate\u2069"},
	{"HeaderInjection", "x\r\nSet-Cookie: evil=1"},
	{"Long100K", strings.Repeat("flag ", 20_000)},
	{"Huge1MB", strings.Repeat("A", 1<<20)},
	{"Emoji", strings.Repeat("👩🏽‍⚕️", 500)},
	{"PathTraversal", `../../../../etc/passwd`},
}

// rawHostile are substrings that must never appear in a page unescaped.
var rawHostile = []string{`<script>window.__xss`, `<img src=x onerror`}

// postForm is a form as a browser would send it: its fields with their default values.
type postForm struct {
	page   string
	action string
	values url.Values
}

// formsIn finds the POST forms of a page and the values a browser would submit untouched.
func formsIn(page, body string) []postForm {
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		return nil
	}
	var forms []postForm
	var cur *postForm
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			a := map[string]string{}
			_, hasChecked := "", false
			for _, at := range n.Attr {
				a[at.Key] = at.Val
				if at.Key == "checked" || at.Key == "selected" {
					hasChecked = true
				}
			}
			switch {
			case n.Data == "form" && strings.EqualFold(a["method"], "post"):
				forms = append(forms, postForm{page: page, action: a["action"], values: url.Values{}})
				cur = &forms[len(forms)-1]
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					walk(c)
				}
				cur = nil
				return
			case cur != nil && n.Data == "input" && a["name"] != "":
				switch a["type"] {
				case "submit", "button", "image", "reset":
				case "radio", "checkbox":
					if hasChecked || (a["type"] == "radio" && cur.values.Get(a["name"]) == "") {
						cur.values.Set(a["name"], a["value"])
					}
				default:
					cur.values.Set(a["name"], a["value"])
				}
			case cur != nil && n.Data == "textarea" && a["name"] != "":
				text := ""
				if n.FirstChild != nil {
					text = n.FirstChild.Data
				}
				cur.values.Set(a["name"], text)
			case cur != nil && n.Data == "select" && a["name"] != "":
				for o := n.FirstChild; o != nil; o = o.NextSibling {
					if o.Type == html.ElementNode && o.Data == "option" {
						for _, at := range o.Attr {
							if at.Key == "value" && cur.values.Get(a["name"]) == "" {
								cur.values.Set(a["name"], at.Val)
							}
						}
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return forms
}

// routePattern turns "/scenarios/:scenario/flags/:flag" into a regexp for concrete paths.
func routePattern(path string) *regexp.Regexp {
	parts := strings.Split(path, "/")
	for i, p := range parts {
		switch {
		case strings.HasPrefix(p, ":"):
			parts[i] = `[^/]+`
		case p == "*":
			parts[i] = `.*`
		default:
			parts[i] = regexp.QuoteMeta(p)
		}
	}
	return regexp.MustCompile("^" + strings.Join(parts, "/") + "$")
}

// hostileSession is a signed-in client with pages whose forms it attacks.
type hostileSession struct {
	client *testClient
	pages  []string
}

// Ensure every form field, on every POST route a browser can reach, survives the hostile
// corpus: no 500, nothing executed, each value refused with a 4xx or shown escaped.
func TestHostileInputEveryForm(t *testing.T) {
	ts := newTestServer(t)
	sessions := hostileSessions(t, ts)
	covered := map[string]bool{}
	for _, sess := range sessions {
		for _, page := range sess.pages {
			res := sess.client.get(page)
			if res.Status != http.StatusOK {
				t.Fatalf("GET %s: status %d", page, res.Status)
			}
			for _, f := range formsIn(page, res.Body) {
				if f.action == "/logout" {
					covered["POST /logout"] = true // attacked separately: it has no fields
					continue
				}
				for _, r := range ts.srv.Routes() {
					if r.Method == http.MethodPost && routePattern(r.Path).MatchString(strings.SplitN(f.action, "#", 2)[0]) {
						covered["POST "+r.Path] = true
					}
				}
				attackForm(t, sess.client, f)
			}
		}
		// What was stored must come back escaped on every page.
		for _, page := range sess.pages {
			res := sess.client.get(page)
			if res.Status >= 500 {
				t.Errorf("GET %s after the attack: status %d", page, res.Status)
			}
			for _, raw := range rawHostile {
				if strings.Contains(res.Body, raw) {
					t.Errorf("GET %s shows %q unescaped", page, raw)
				}
			}
		}
	}
	t.Logf("attacked forms on %d POST routes", len(covered))
	var missing []string
	for _, r := range ts.srv.Routes() {
		key := r.Method + " " + r.Path
		if r.Method == http.MethodPost && !strings.HasPrefix(r.Path, "/api/") && !covered[key] && !hostileExempt[key] {
			missing = append(missing, key)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("POST routes no attacked form reached; add a page with the form to hostileSessions:\n  %s", strings.Join(missing, "\n  "))
	}
}

// hostileExempt lists POST routes whose forms are not attacked here, with the reason.
var hostileExempt = map[string]bool{
	// Every shipped module has knowledge checks, so no page shows this form; it has no
	// fields to attack, and TestModuleMarkRead covers it with a fixture course.
	"POST /courses/:course/:module/complete": true,
}

func attackForm(t *testing.T, c *testClient, f postForm) {
	t.Helper()
	action := strings.SplitN(f.action, "#", 2)[0]
	for field := range f.values {
		if field == "_csrf" {
			continue
		}
		for _, in := range hostileInputs {
			form := url.Values{}
			for k, v := range f.values {
				form[k] = append([]string(nil), v...)
			}
			form.Set(field, in.value)
			form.Del("_csrf")
			res := c.postForm(action, form)
			if res.Status >= 500 {
				t.Errorf("POST %s (from %s) with %s in %q: status %d\n%s", action, f.page, in.name, field, res.Status, bodyExcerpt(res.Body))
				continue
			}
			for _, raw := range rawHostile {
				if strings.Contains(res.Body, raw) {
					t.Errorf("POST %s with %s in %q: response shows %q unescaped", action, in.name, field, raw)
				}
			}
			for _, h := range res.Header.Values("Set-Cookie") {
				if strings.HasPrefix(h, "evil=") {
					t.Errorf("POST %s with %s in %q set a cookie from the input", action, in.name, field)
				}
			}
		}
	}
}

var (
	hostileCPDEditRE  = regexp.MustCompile(`/cpd/(\d+)/edit`)
	hostileFlagEditRE = regexp.MustCompile(`/scenarios/[a-z0-9-]+/flags/(\d+)/edit`)
)

// hostileSessions signs in a learner, an educator and an admin, gives them something of
// everything (a draft flag, a submitted attempt, a CPD entry, a cohort), and lists the
// pages whose forms are attacked.
func hostileSessions(t *testing.T, ts *testServer) []hostileSession {
	t.Helper()
	anon := ts.newClient(t)
	sc := ts.critiqueScenario(t)
	module := ts.lib.Catalog.Courses[0].Modules[0]
	flagsPath := "/scenarios/" + sc.ID + "/flags"

	learner, learnerUser := ts.signedIn(t, "learner")
	wantStatus(t, learner.postForm(flagsPath, flawFlagForm(sc.Flaws[0])), http.StatusSeeOther)
	feedback := learner.submit(sc.ID)
	wantStatus(t, learner.postForm(flagsPath, flawFlagForm(sc.Flaws[0])), http.StatusSeeOther) // a new draft
	critique := learner.get("/scenarios/" + sc.ID)
	flagEdit := hostileFlagEditRE.FindString(critique.Body)
	cpd := learner.get("/cpd")
	cpdEdit := hostileCPDEditRE.FindString(cpd.Body)
	if flagEdit == "" || cpdEdit == "" {
		t.Fatalf("fixtures missing: flag edit %q, CPD edit %q", flagEdit, cpdEdit)
	}

	ts.token(t, learnerUser.ID) // so the tokens page has a revoke form

	educator, _ := ts.signedIn(t, "educator")
	cohortID := educator.createCohort("Year 2 placement group")
	cohort := cohortURL(cohortID, "")
	wantStatus(t, educator.assign(cohortID, "scenario:"+sc.ID, "", "immediate"), http.StatusSeeOther)
	if _, err := ts.store.JoinCohort(context.Background(), cohortID, learnerUser.ID); err != nil {
		t.Fatal(err)
	}
	archivedID := educator.createCohort("Last year's group")
	wantStatus(t, educator.postForm(cohortURL(archivedID, "/archive"), nil), http.StatusSeeOther)
	other := educator.createCohort("Another group")
	co, err := ts.store.FindCohort(context.Background(), other)
	if err != nil {
		t.Fatal(err)
	}

	admin, _ := ts.signedIn(t, "admin")
	return []hostileSession{
		{anon, []string{"/register", "/login"}},
		{learner, []string{
			"/courses/" + ts.lib.Catalog.Courses[0].ID + "/" + module.ID,
			"/scenarios/" + sc.ID, flagsPath + "/new?doc=note&unit=1", flagsPath + "/new?doc=source&unit=1",
			flagEdit, "/scenarios/" + sc.ID + "/submit", feedback,
			"/settings/tokens", "/cpd", "/cpd/new", cpdEdit, strings.TrimSuffix(cpdEdit, "/edit") + "/delete",
			"/settings/data", "/join", "/join/" + co.JoinCode, "/scan",
		}},
		{educator, []string{"/cohorts", cohort, cohortURL(archivedID, "")}},
		{admin, []string{"/admin/users"}},
	}
}
