package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/redpen-social/redpen/courses"
	"github.com/redpen-social/redpen/internal/content"
	"github.com/redpen-social/redpen/internal/password"
	"github.com/redpen-social/redpen/internal/scenario"
	"github.com/redpen-social/redpen/internal/store"
	"github.com/redpen-social/redpen/scenarios"
	"github.com/redpen-social/redpen/static"
	"github.com/redpen-social/redpen/templates"
)

// testServerOrigin is where the test client pretends the server lives; cookies are scoped to it.
const testServerOrigin = "http://redpen.test"

// testPasswords keeps argon2id cheap so the suite stays fast.
var testPasswords = password.Params{Memory: 64, Time: 1, Threads: 1}

// testServer is a Server over a temp-file SQLite store and real or fixture content.
type testServer struct {
	srv   *Server
	store *store.Store
	lib   *content.Library
	users atomic.Int64
}

// shippedContent is the content that ships in the binary.
func shippedContent() content.Source {
	return content.Source{Courses: courses.FS, Scenarios: scenarios.FS, CoursesName: "courses", ScenariosName: "scenarios"}
}

// newTestServer builds a server with the embedded content, templates and static files.
func newTestServer(t testing.TB) *testServer {
	t.Helper()
	return newTestServerWith(t, shippedContent())
}

// newTestServerWith builds a server over the given content.
func newTestServerWith(t testing.TB, src content.Source) *testServer {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	cp, err := content.NewProvider(src, false)
	if err != nil {
		t.Fatalf("load content: %v", err)
	}
	lib, err := cp.Library()
	if err != nil {
		t.Fatalf("library: %v", err)
	}
	srv, err := New(Config{
		Templates: templates.FS,
		Static:    static.FS,
		Passwords: testPasswords,
		Logger:    slog.New(slog.DiscardHandler),
	}, st, cp)
	if err != nil {
		t.Fatalf("new server: %v", err)
	}
	return &testServer{srv: srv, store: st, lib: lib}
}

// createUser adds an account straight to the store and returns it with its password.
func (ts *testServer) createUser(t testing.TB, role string) (store.User, string) {
	t.Helper()
	n := ts.users.Add(1)
	pw := fmt.Sprintf("correct horse battery %d", n)
	hash, err := password.Hash(pw, testPasswords)
	if err != nil {
		t.Fatal(err)
	}
	u, err := ts.store.CreateUser(context.Background(), store.User{
		Email: fmt.Sprintf("user%d@example.ac.uk", n), Name: fmt.Sprintf("Test User %d", n),
		Role: role, PasswordHash: hash,
	})
	if err != nil {
		t.Fatalf("create user: %v", err)
	}
	return u, pw
}

// signedIn returns a client signed in (through the login form) as a new user with the role.
func (ts *testServer) signedIn(t testing.TB, role string) (*testClient, store.User) {
	t.Helper()
	u, pw := ts.createUser(t, role)
	c := ts.newClient(t)
	res := c.login(u.Email, pw, "")
	wantStatus(t, res, http.StatusSeeOther)
	return c, u
}

// token creates a personal access token for a user and returns its secret.
func (ts *testServer) token(t testing.TB, userID int64) string {
	t.Helper()
	secret, _, err := ts.store.CreateToken(context.Background(), userID, "test")
	if err != nil {
		t.Fatalf("create token: %v", err)
	}
	return secret
}

// api sends an API request with a bearer token (none when token is ""), no cookies and no
// CSRF token.
func (ts *testServer) api(t testing.TB, method, path, token, body string) testResponse {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, testServerOrigin+path, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return serveTest(ts.srv, req)
}

// testResponse is a recorded response with its body read.
type testResponse struct {
	Status  int
	Header  http.Header
	Body    string
	Cookies []*http.Cookie
}

// cookie returns the Set-Cookie of the response with the given name.
func (r testResponse) cookie(name string) *http.Cookie {
	for _, c := range r.Cookies {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func serveTest(h http.Handler, req *http.Request) testResponse {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	return testResponse{Status: res.StatusCode, Header: res.Header, Body: string(body), Cookies: res.Cookies()}
}

// testClient is a browser without JavaScript: it keeps cookies, does not follow redirects
// and sends no Sec-Fetch-Site header, so forms need the CSRF token.
type testClient struct {
	t    testing.TB
	ts   *testServer
	jar  *cookiejar.Jar
	last testResponse
	// remoteAddr, when set, is the client's address ("ip:port"); httptest's default is
	// 192.0.2.1:1234 for every client.
	remoteAddr string
	// header is added to every request, e.g. a forged X-Forwarded-For.
	header http.Header
}

func (ts *testServer) newClient(t testing.TB) *testClient {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &testClient{t: t, ts: ts, jar: jar}
}

func (c *testClient) do(req *http.Request) testResponse {
	c.t.Helper()
	for _, ck := range c.jar.Cookies(req.URL) {
		req.AddCookie(ck)
	}
	if c.remoteAddr != "" {
		req.RemoteAddr = c.remoteAddr
	}
	for k, v := range c.header {
		req.Header[k] = v
	}
	res := serveTest(c.ts.srv, req)
	c.jar.SetCookies(req.URL, res.Cookies)
	c.last = res
	return res
}

// get sends a GET request.
func (c *testClient) get(path string) testResponse {
	c.t.Helper()
	return c.do(httptest.NewRequest(http.MethodGet, testServerOrigin+path, nil))
}

// postForm posts a form with the CSRF token added.
func (c *testClient) postForm(path string, form url.Values) testResponse {
	c.t.Helper()
	f := url.Values{}
	for k, v := range form {
		f[k] = v
	}
	if f.Get("_csrf") == "" {
		f.Set("_csrf", c.csrfToken())
	}
	return c.postRaw(path, f.Encode())
}

// postRaw posts an already encoded form body as it is: no CSRF token is added.
func (c *testClient) postRaw(path, body string) testResponse {
	c.t.Helper()
	req := httptest.NewRequest(http.MethodPost, testServerOrigin+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// cookieValue returns the value of a cookie the client holds, or "".
func (c *testClient) cookieValue(name string) string {
	u, _ := url.Parse(testServerOrigin + "/")
	for _, ck := range c.jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// setCookie plants a cookie in the client, as another site or an attacker might.
func (c *testClient) setCookie(name, value string) {
	u, _ := url.Parse(testServerOrigin + "/")
	c.jar.SetCookies(u, []*http.Cookie{{Name: name, Value: value, Path: "/"}})
}

// csrfToken returns the token the CSRF middleware expects: the one in the redpen_csrf
// cookie, fetched with a harmless GET when the client has none yet (after sign-in and
// sign-out the cookie is renewed).
func (c *testClient) csrfToken() string {
	c.t.Helper()
	if v := c.cookieValue(csrfCookie); v != "" {
		return v
	}
	saved := c.last
	c.get("/healthz")
	c.last = saved
	v := c.cookieValue(csrfCookie)
	if v == "" {
		c.t.Fatal("no CSRF cookie after a GET")
	}
	return v
}

var csrfInputTestRE = regexp.MustCompile(`name="_csrf" value="([^"]*)"`)

// csrfTokenInPage returns the token in the first hidden _csrf input of a page.
func csrfTokenInPage(body string) string {
	m := csrfInputTestRE.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}

// register submits the registration form.
func (c *testClient) register(name, email, pw string) testResponse {
	c.t.Helper()
	return c.postForm("/register", url.Values{"name": {name}, "email": {email}, "password": {pw}})
}

// login submits the sign-in form.
func (c *testClient) login(email, pw, next string) testResponse {
	c.t.Helper()
	f := url.Values{"email": {email}, "password": {pw}}
	if next != "" {
		f.Set("next", next)
	}
	return c.postForm("/login", f)
}

// logout submits the sign-out button.
func (c *testClient) logout() testResponse {
	c.t.Helper()
	return c.postForm("/logout", nil)
}

// Assertions. Each reports the status and the start of the body, so a failure says why.

func wantStatus(t testing.TB, res testResponse, want int) {
	t.Helper()
	if res.Status != want {
		t.Fatalf("status = %d, want %d; body:\n%s", res.Status, want, bodyExcerpt(res.Body))
	}
}

func wantRedirect(t testing.TB, res testResponse, location string) {
	t.Helper()
	wantStatus(t, res, http.StatusSeeOther)
	if got := res.Header.Get("Location"); got != location {
		t.Fatalf("Location = %q, want %q", got, location)
	}
}

func wantContains(t testing.TB, body string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(body, s) {
			t.Errorf("body does not contain %q; body:\n%s", s, bodyExcerpt(body))
		}
	}
}

func wantNotContains(t testing.TB, body string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if strings.Contains(body, s) {
			i := strings.Index(body, s)
			t.Errorf("body contains %q at: …%s…", s, body[max(0, i-200):min(len(body), i+len(s)+200)])
		}
	}
}

func bodyExcerpt(s string) string {
	if len(s) > 3000 {
		return s[:3000] + "…"
	}
	return s
}

// escText escapes text the way html/template does in element content, so content strings can
// be looked for in rendered pages.
func escText(s string) string {
	var b bytes.Buffer
	template.Must(template.New("").Parse("{{.}}")).Execute(&b, s)
	return b.String()
}

// decodeTestJSON decodes a JSON body, failing the test if it is not JSON.
func decodeTestJSON(t testing.TB, res testResponse, v any) {
	t.Helper()
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type = %q, want application/json; body: %s", ct, bodyExcerpt(res.Body))
	}
	if err := json.Unmarshal([]byte(res.Body), v); err != nil {
		t.Fatalf("decode %s: %v", bodyExcerpt(res.Body), err)
	}
}

// draftFlags returns the flags in a user's current draft of a scenario.
func (ts *testServer) draftFlags(t testing.TB, userID int64, scenarioID string) []store.Flag {
	t.Helper()
	ctx := context.Background()
	a, err := ts.store.OpenDraft(ctx, userID, scenarioID)
	if err != nil {
		t.Fatal(err)
	}
	flags, err := ts.store.ListFlags(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	return flags
}

// critiqueScenario picks a shipped scenario with flaws in both documents, so the key
// covers the note and the source (omissions).
func (ts *testServer) critiqueScenario(t testing.TB) *scenario.Scenario {
	t.Helper()
	for _, sc := range ts.lib.Scenarios.All() {
		var note, source int
		for _, f := range sc.Flaws {
			if f.Span.Doc == "source" {
				source++
			} else {
				note++
			}
		}
		if note > 0 && source > 0 && len(sc.Flaws) >= 2 {
			return sc
		}
	}
	t.Fatal("no shipped scenario has flaws in both the note and the source")
	return nil
}

// flawFlagForm is the offsets form that flags exactly one key flaw, with its category.
func flawFlagForm(f scenario.Flaw) url.Values {
	return url.Values{
		"doc": {string(f.Span.Doc)}, "start": {fmt.Sprint(f.Span.Start)}, "end": {fmt.Sprint(f.Span.End)},
		"category": {f.Category}, "rationale": {"It does not match the source."},
	}
}

var (
	attemptPathTestRE  = regexp.MustCompile(`^/attempts/(\d+)$`)
	attemptFieldTestRE = regexp.MustCompile(`name="attempt" value="(\d+)"`)
)

// submitForm reads the submit page and returns the form it would post, which names the
// draft being submitted.
func (c *testClient) submitForm(scenarioID string) url.Values {
	c.t.Helper()
	res := c.get("/scenarios/" + scenarioID + "/submit")
	wantStatus(c.t, res, http.StatusOK)
	m := attemptFieldTestRE.FindStringSubmatch(res.Body)
	if m == nil {
		c.t.Fatalf("the submit page has no attempt field:\n%s", res.Body)
	}
	return url.Values{"attempt": {m[1]}}
}

// submit submits the client's draft of a scenario and returns the attempt's path.
func (c *testClient) submit(scenarioID string) string {
	c.t.Helper()
	res := c.postForm("/scenarios/"+scenarioID+"/submit", c.submitForm(scenarioID))
	wantStatus(c.t, res, http.StatusSeeOther)
	loc := res.Header.Get("Location")
	if !attemptPathTestRE.MatchString(loc) {
		c.t.Fatalf("submit redirected to %q, want /attempts/{id}", loc)
	}
	return loc
}
