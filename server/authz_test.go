package server

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redpen-social/redpen/internal/llm"
	"github.com/redpen-social/redpen/internal/store"
)

// access is who may use a route.
type access int

const (
	public         access = iota
	signedIn              // any signed-in user
	owner                 // the learner whose attempt, flag, entry, certificate or token it is
	teacher               // educators and admins
	cohortEducator        // the educators of that cohort, and admins
	adminOnly             // admins
	apiToken              // any valid API token
	apiOwner              // the token of the attempt's owner
)

// routeAccess is the authorisation rule of every route. A route missing here fails
// TestAuthorisationMatrix, so nobody can add a route without deciding who may use it.
var routeAccess = map[string]access{
	"GET /": public, "GET /healthz": public, "GET /static/*": public,
	"GET /register": public, "POST /register": public, "GET /login": public, "POST /login": public,
	"POST /logout": public, "GET /courses": public, "GET /courses/:course": public,
	"GET /courses/:course/:module": public, "GET /scenarios": public, "GET /verify/:certificate": public,

	"POST /courses/:course/:module/quizzes/:quiz": signedIn, "POST /courses/:course/:module/complete": signedIn,
	"GET /progress": signedIn, "GET /dashboard": signedIn, "GET /assignments": signedIn,
	"GET /scenarios/:scenario": signedIn, "GET /scenarios/:scenario/flags/new": signedIn,
	"POST /scenarios/:scenario/flags": signedIn, "GET /scenarios/:scenario/submit": signedIn,
	"POST /scenarios/:scenario/submit": signedIn, "GET /settings": signedIn, "GET /settings/tokens": signedIn,
	"POST /settings/tokens": signedIn, "GET /settings/data": signedIn, "GET /settings/data/export": signedIn,
	"POST /settings/data/delete": signedIn, "GET /cpd": signedIn, "GET /cpd/new": signedIn, "POST /cpd": signedIn,
	"GET /cpd/print": signedIn, "GET /cpd.md": signedIn, "GET /cpd.csv": signedIn,
	"GET /join": signedIn, "POST /join": signedIn, "GET /join/:code": signedIn, "POST /join/:code": signedIn,
	"GET /scan": signedIn, "POST /scan": signedIn, "GET /sandbox": signedIn,
	"GET /sandbox/:scenario": signedIn, "POST /sandbox/:scenario": signedIn,

	"GET /scenarios/:scenario/flags/:flag/edit": owner, "POST /scenarios/:scenario/flags/:flag": owner,
	"POST /scenarios/:scenario/flags/:flag/delete": owner, "GET /attempts/:attempt": owner,
	"POST /attempts/:attempt/reflection": owner, "GET /attempts/:attempt/tutor": owner,
	"POST /attempts/:attempt/tutor": owner, "POST /settings/tokens/:token/revoke": owner,
	"GET /cpd/:entry/edit": owner, "POST /cpd/:entry": owner, "GET /cpd/:entry/delete": owner,
	"POST /cpd/:entry/delete": owner, "GET /certificates/:certificate": owner,

	"GET /scenarios/:scenario/preview": teacher, "GET /cohorts": teacher, "POST /cohorts": teacher,
	"GET /scenarios/:scenario/draft-note": teacher, "POST /scenarios/:scenario/draft-note": teacher,

	"GET /cohorts/:cohort": cohortEducator, "POST /cohorts/:cohort/rename": cohortEducator,
	"POST /cohorts/:cohort/archive": cohortEducator, "POST /cohorts/:cohort/restore": cohortEducator,
	"POST /cohorts/:cohort/educators": cohortEducator, "POST /cohorts/:cohort/learners/:user/remove": cohortEducator,
	"POST /cohorts/:cohort/assignments": cohortEducator, "POST /cohorts/:cohort/assignments/:assignment/delete": cohortEducator,
	"GET /cohorts/:cohort/analytics": cohortEducator, "GET /cohorts/:cohort/analytics/:scenario": cohortEducator,
	"GET /cohorts/:cohort/attempts/:attempt": cohortEducator, "GET /cohorts/:cohort/grades.csv": cohortEducator,
	"GET /cohorts/:cohort/attempts.json": cohortEducator,

	"GET /admin": adminOnly, "GET /admin/users": adminOnly, "POST /admin/users/:user/role": adminOnly,
	"POST /admin/users/:user/password": adminOnly,
	"GET /admin/audit":                 adminOnly,

	"GET /api/v1/modules": apiToken, "GET /api/v1/scenarios": apiToken, "GET /api/v1/scenarios/:scenario": apiToken,
	"POST /api/v1/scenarios/:scenario/attempts": apiToken, "GET /api/v1/attempts/:attempt": apiOwner,
}

// The people every route is tried as.
const (
	asVisitor = "visitor"
	asLearner = "learner (owner)"
	asOther   = "another learner"
	asEdu     = "educator of the cohort"
	asEdu2    = "another educator"
	asAdmin   = "admin"
)

var everyone = []string{asVisitor, asOther, asEdu2, asEdu, asAdmin, asLearner}

// expected returns whether a person may use a route with the rule, and if not, the answer
// they get: a sign-in redirect (0), or a status.
func expected(a access, who string) (allowed bool, denial int) {
	switch a {
	case public:
		return true, 0
	case signedIn:
		return who != asVisitor, 0
	case owner:
		if who == asVisitor {
			return false, 0
		}
		return who == asLearner, http.StatusNotFound
	case teacher:
		if who == asVisitor {
			return false, 0
		}
		return who == asEdu || who == asEdu2 || who == asAdmin, http.StatusForbidden
	case cohortEducator:
		switch who {
		case asVisitor:
			return false, 0
		case asEdu, asAdmin:
			return true, 0
		case asEdu2:
			return false, http.StatusNotFound
		}
		return false, http.StatusForbidden
	case adminOnly:
		if who == asVisitor {
			return false, 0
		}
		return who == asAdmin, http.StatusForbidden
	case apiToken:
		return who != asVisitor, http.StatusUnauthorized
	case apiOwner:
		if who == asVisitor {
			return false, http.StatusUnauthorized
		}
		return who == asLearner, http.StatusNotFound
	}
	panic("unknown access")
}

// authzWorld is a server with one of everything, owned by the learner.
type authzWorld struct {
	ts      *testServer
	clients map[string]*testClient
	tokens  map[string]string
	params  map[string]string
}

func newAuthzWorld(t *testing.T) *authzWorld {
	t.Helper()
	ts, _ := newAIServer(t, "openai", llm.Config{})
	ctx := context.Background()
	w := &authzWorld{ts: ts, clients: map[string]*testClient{asVisitor: ts.newClient(t)}, tokens: map[string]string{}}
	users := map[string]store.User{}
	for who, role := range map[string]string{asLearner: store.RoleLearner, asOther: store.RoleLearner,
		asEdu: store.RoleEducator, asEdu2: store.RoleEducator, asAdmin: store.RoleAdmin} {
		c, u := ts.signedIn(t, role)
		w.clients[who], users[who] = c, u
		w.tokens[who] = ts.token(t, u.ID)
	}
	learner := w.clients[asLearner]
	sc := ts.critiqueScenario(t)
	co := ts.lib.Catalog.Courses[0]
	m := co.Modules[0]

	cohort := w.clients[asEdu].createCohort("Matrix cohort")
	wantStatus(t, w.clients[asEdu].assign(cohort, "scenario:"+sc.ID, "", "immediate"), http.StatusSeeOther)
	if _, err := ts.store.JoinCohort(ctx, cohort, users[asLearner].ID); err != nil {
		t.Fatal(err)
	}
	assignments, err := ts.store.ListAssignments(ctx, cohort)
	if err != nil || len(assignments) != 1 {
		t.Fatalf("assignments = %v, %v", assignments, err)
	}
	c, err := ts.store.FindCohort(ctx, cohort)
	if err != nil {
		t.Fatal(err)
	}
	attempt := attemptID(t, learner.critiqueCase(sc, sc.Flaws[0]))
	flags := ts.draftFlags(t, users[asLearner].ID, sc.ID) // a new draft with one flag
	if len(flags) == 0 {
		wantStatus(t, learner.postForm("/scenarios/"+sc.ID+"/flags", flawFlagForm(sc.Flaws[0])), http.StatusSeeOther)
		flags = ts.draftFlags(t, users[asLearner].ID, sc.ID)
	}
	tokens, _ := ts.store.ListTokens(ctx, users[asLearner].ID)
	entry, err := ts.store.CreateCPDEntry(ctx, store.CPDEntry{UserID: users[asLearner].ID, Source: "manual", ActivityType: "Reading", Title: "Matrix entry", Date: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	cert, err := ts.store.IssueCertificate(ctx, users[asLearner].ID, co.ID, co.Title, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	w.params = map[string]string{
		":course": co.ID, ":module": m.ID, ":quiz": m.Quizzes[0].ID, ":scenario": sc.ID,
		":flag": strconv.FormatInt(flags[0].ID, 10), ":attempt": strconv.FormatInt(attempt, 10),
		":token": strconv.FormatInt(tokens[0].ID, 10), ":entry": strconv.FormatInt(entry.ID, 10),
		":certificate": cert.ID, ":cohort": strconv.FormatInt(cohort, 10), ":user": strconv.FormatInt(users[asLearner].ID, 10),
		":assignment": strconv.FormatInt(assignments[0].ID, 10), ":code": c.JoinCode, "*": "app.css",
	}
	return w
}

// path fills a route pattern with the world's ids.
func (w *authzWorld) path(pattern string) string {
	parts := strings.Split(pattern, "/")
	for i, p := range parts {
		if v, ok := w.params[p]; ok {
			parts[i] = v
		}
	}
	return strings.Join(parts, "/")
}

// routeQuery is added to routes that need a query to say what they are about.
var routeQuery = map[string]string{"GET /scenarios/:scenario/flags/new": "?doc=note&unit=1"}

// Ensure every route answers every kind of person as its rule says: allowed people get
// through, visitors are sent to sign in (401 on the API), the wrong role gets 403 and
// someone else's things are "not found".
func TestAuthorisationMatrix(t *testing.T) {
	shared := newAuthzWorld(t) // GET requests change nothing that another check relies on
	var routes []string
	for _, r := range shared.ts.srv.Routes() {
		if r.Method == http.MethodHead {
			continue // served by the GET handler with the same middleware
		}
		key := r.Method + " " + r.Path
		if _, ok := routeAccess[key]; !ok {
			t.Errorf("route %s has no rule in routeAccess: decide who may use it", key)
			continue
		}
		routes = append(routes, key)
	}
	sort.Strings(routes)
	for _, key := range routes {
		t.Run(strings.ReplaceAll(key, "/", "_"), func(t *testing.T) {
			method, pattern, _ := strings.Cut(key, " ")
			rule := routeAccess[key]
			w := shared
			if method != http.MethodGet {
				w = newAuthzWorld(t) // a POST may use up what it acts on
			}
			// Denied people go first: an allowed request may change what the others see
			// (an admin's password reset signs its owner out).
			var order []string
			for _, allowedPass := range []bool{false, true} {
				for _, who := range everyone {
					if allowed, _ := expected(rule, who); allowed == allowedPass {
						order = append(order, who)
					}
				}
			}
			first := true
			for _, who := range order {
				allowed, denial := expected(rule, who)
				if allowed && method != http.MethodGet && !first && (rule == cohortEducator || rule == adminOnly) {
					// The previous allowed person may have removed what this one would act on.
					w = newAuthzWorld(t)
				}
				if allowed {
					first = false
				}
				path := w.path(pattern) + routeQuery[key]
				res := w.request(t, who, method, path, rule >= apiToken)
				loc := res.Header.Get("Location")
				toLogin := res.Status == http.StatusSeeOther && strings.HasPrefix(loc, "/login")
				got := fmt.Sprintf("%d %s", res.Status, loc)
				switch {
				case allowed && (toLogin || res.Status == http.StatusUnauthorized || res.Status == http.StatusForbidden || res.Status == http.StatusNotFound):
					t.Errorf("%s %s as %s: %s, want it allowed", method, path, who, got)
				case !allowed && denial == 0 && !toLogin:
					t.Errorf("%s %s as %s: %s, want a redirect to sign in", method, path, who, got)
				case !allowed && denial != 0 && res.Status != denial:
					t.Errorf("%s %s as %s: %s, want %d", method, path, who, got, denial)
				case res.Status >= 500:
					t.Errorf("%s %s as %s: %s", method, path, who, got)
				}
			}
		})
	}
}

// request sends one request as a person: through their browser session, or for the API
// with their token and no cookies.
func (w *authzWorld) request(t *testing.T, who, method, path string, api bool) testResponse {
	t.Helper()
	if api {
		body := ""
		if method == http.MethodPost {
			body = `{"flags":[]}`
		}
		token := ""
		if who != asVisitor {
			token = w.tokens[who]
		}
		return w.ts.api(t, method, path, token, body)
	}
	c := w.clients[who]
	if method == http.MethodPost {
		return c.postForm(path, nil)
	}
	return c.get(path)
}
