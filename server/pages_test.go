package server

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func TestPages(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	co, err := ts.lib.Catalog.Course("ai-literacy")
	if err != nil {
		t.Fatal(err)
	}
	m := co.Modules[0]

	t.Run("Home", func(t *testing.T) {
		// Ensure the home page explains the service and offers an account to visitors.
		res := ts.newClient(t).get("/")
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, "<h1>Learn to check what AI writes about people</h1>",
			`<a class="button" href="/register">Create an account</a>`)
	})

	t.Run("CourseIndex", func(t *testing.T) {
		// Ensure every course is listed.
		res := ts.newClient(t).get("/courses")
		wantStatus(t, res, http.StatusOK)
		for _, c := range ts.lib.Catalog.Courses {
			wantContains(t, res.Body, `<a href="/courses/`+c.ID+`">`+escText(c.Title)+`</a>`)
		}
		wantContains(t, res.Body, `<a href="/courses" aria-current="page">Courses</a>`)
	})

	t.Run("CourseShow", func(t *testing.T) {
		// Ensure a course lists its modules in order, and visitors are asked to sign in.
		res := ts.newClient(t).get("/courses/ai-literacy")
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, "<h1>"+escText(co.Title)+"</h1>", "to answer the knowledge checks and keep your progress")
		last := -1
		for _, mod := range co.Modules {
			link := `<a href="/courses/ai-literacy/` + mod.ID + `">` + escText(mod.Title) + `</a>`
			i := strings.Index(res.Body, link)
			if i < 0 {
				t.Errorf("module %s is not listed", mod.ID)
				continue
			}
			if i < last {
				t.Errorf("module %s is listed out of order", mod.ID)
			}
			last = i
		}
	})

	t.Run("ModuleShow", func(t *testing.T) {
		// Ensure a module shows its title, position and knowledge checks.
		res := ts.newClient(t).get("/courses/ai-literacy/" + m.ID)
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, "<h1>"+escText(m.Title)+"</h1>", "Module 1 of", "Knowledge check")
		for _, q := range m.Quizzes {
			wantContains(t, res.Body, `id="quiz-`+q.ID+`"`)
		}
	})

	t.Run("ScenarioIndex", func(t *testing.T) {
		// Ensure every scenario is listed with a link to its critique page.
		res := ts.newClient(t).get("/scenarios")
		wantStatus(t, res, http.StatusOK)
		for _, sc := range ts.lib.Scenarios.All() {
			wantContains(t, res.Body, `<a href="/scenarios/`+sc.ID+`">`+escText(sc.Title)+`</a>`)
		}
		// Visitors get no answer-key links.
		wantNotContains(t, res.Body, "/preview")
	})

	t.Run("Health", func(t *testing.T) {
		// Ensure the health check answers JSON.
		res := ts.newClient(t).get("/healthz")
		wantStatus(t, res, http.StatusOK)
		var body map[string]string
		decodeTestJSON(t, res, &body)
		if body["status"] != "ok" {
			t.Errorf("status = %q, want ok", body["status"])
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		// Ensure unknown pages, courses and modules get a 404 page that looks like the site.
		for _, path := range []string{"/no-such-page", "/courses/no-such-course", "/courses/ai-literacy/no-such-module"} {
			res := ts.newClient(t).get(path)
			wantStatus(t, res, http.StatusNotFound)
			wantContains(t, res.Body, `<header class="site-header">`, `<nav aria-label="Main">`,
				"<h1>Page not found</h1>", `<a href="/">Go to the Redpen home page</a>`)
		}
	})
}

func TestStaticCaching(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	home := ts.newClient(t).get("/")
	m := regexp.MustCompile(`href="(/static/app\.css\?v=[0-9a-f]+)"`).FindStringSubmatch(home.Body)
	if m == nil {
		t.Fatalf("no versioned stylesheet link in the home page:\n%s", bodyExcerpt(home.Body))
	}

	t.Run("Versioned", func(t *testing.T) {
		// Ensure a hashed URL may be cached for a year.
		res := ts.newClient(t).get(m[1])
		wantStatus(t, res, http.StatusOK)
		if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "max-age=31536000") || !strings.Contains(cc, "immutable") {
			t.Errorf("Cache-Control = %q, want a year and immutable", cc)
		}
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
			t.Errorf("Content-Type = %q, want text/css", ct)
		}
		if len(res.Body) < 100 {
			t.Errorf("stylesheet is only %d bytes", len(res.Body))
		}
	})

	t.Run("Unversioned", func(t *testing.T) {
		// Ensure a URL without the hash is revalidated, so a new version is seen.
		res := ts.newClient(t).get("/static/app.css")
		wantStatus(t, res, http.StatusOK)
		if cc := res.Header.Get("Cache-Control"); cc != "no-cache" {
			t.Errorf("Cache-Control = %q, want no-cache", cc)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		// Ensure only the embedded assets are served.
		for _, path := range []string{"/static/nope.css", "/static/embed.go", "/static/../go.mod"} {
			res := ts.newClient(t).get(path)
			if res.Status != http.StatusNotFound {
				t.Errorf("GET %s: status %d, want 404", path, res.Status)
			}
		}
	})
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	learner, _ := ts.signedIn(t, "learner")
	sc := ts.critiqueScenario(t)
	tests := []struct {
		name   string
		client *testClient
		path   string
		status int
	}{
		{"Home", ts.newClient(t), "/", http.StatusOK},
		{"Courses", ts.newClient(t), "/courses", http.StatusOK},
		{"Login", ts.newClient(t), "/login", http.StatusOK},
		{"Critique", learner, "/scenarios/" + sc.ID, http.StatusOK},
		{"NotFound", ts.newClient(t), "/nowhere", http.StatusNotFound},
		{"Health", ts.newClient(t), "/healthz", http.StatusOK},
		{"Redirect", ts.newClient(t), "/progress", http.StatusSeeOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := tt.client.get(tt.path)
			wantStatus(t, res, tt.status)
			csp := res.Header.Get("Content-Security-Policy")
			if csp == "" || strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
				t.Errorf("Content-Security-Policy = %q, want one without unsafe-inline/eval", csp)
			}
			if !strings.Contains(csp, "script-src 'self'") {
				t.Errorf("Content-Security-Policy = %q, want script-src 'self'", csp)
			}
			if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options = %q, want nosniff", got)
			}
			if got := res.Header.Get("Referrer-Policy"); got == "" || got == "unsafe-url" {
				t.Errorf("Referrer-Policy = %q", got)
			}
			xfo := res.Header.Get("X-Frame-Options")
			if xfo != "DENY" && xfo != "SAMEORIGIN" && !strings.Contains(csp, "frame-ancestors 'none'") {
				t.Errorf("no framing protection: X-Frame-Options %q, CSP %q", xfo, csp)
			}
		})
	}
}

func TestHead(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	// Ensure HEAD works where GET does: uptime monitors and load balancers often probe the
	// health check with HEAD, and link checkers use it for pages.
	for _, tt := range []struct{ name, path string }{{"Health", "/healthz"}, {"Home", "/"}, {"Courses", "/courses"}} {
		t.Run(tt.name, func(t *testing.T) {
			res := serveTest(ts.srv, httptest.NewRequest(http.MethodHead, testServerOrigin+tt.path, nil))
			wantStatus(t, res, http.StatusOK)
		})
	}
}
