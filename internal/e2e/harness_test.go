package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/redpen-social/redpen/courses"
	"github.com/redpen-social/redpen/internal/content"
	"github.com/redpen-social/redpen/internal/llm"
	"github.com/redpen-social/redpen/internal/password"
	"github.com/redpen-social/redpen/internal/scenario"
	"github.com/redpen-social/redpen/internal/score"
	"github.com/redpen-social/redpen/internal/store"
	"github.com/redpen-social/redpen/scenarios"
	"github.com/redpen-social/redpen/server"
	"github.com/redpen-social/redpen/static"
	"github.com/redpen-social/redpen/templates"
)

// Environment variables that steer the browser tests.
const (
	envRequire     = "REDPEN_REQUIRE_BROWSER" // "1": a missing browser or axe-core fails instead of skipping
	envChromium    = "REDPEN_CHROMIUM"        // a Chrome or Chromium binary to use
	envAxe         = "REDPEN_AXE_JS"          // an axe.min.js to use instead of node_modules
	envScreenshots = "REDPEN_SCREENSHOTS"     // a folder to write PNG screenshots to
)

// critiqueID is the shipped scenario the critique flows work on.
const critiqueID = "child-in-need-visit"

// Time limits: a whole test gets testBudget (the browser dies with it, so a hung test fails
// rather than blocking the package); one step gets stepTimeout.
const (
	testBudget  = 3 * time.Minute
	stepTimeout = 15 * time.Second
)

// testPasswords keeps argon2id cheap so registering and signing in stay fast.
var testPasswords = password.Params{Memory: 64, Time: 1, Threads: 1}

var announced sync.Map // messages already printed to stderr

// unavailable skips the test with a message that cannot be missed, or fails it when
// REDPEN_REQUIRE_BROWSER=1 says the browser tests must run.
func unavailable(t *testing.T, msg string) {
	t.Helper()
	if os.Getenv(envRequire) == "1" {
		t.Fatalf("%s\n(%s=1 is set, so this is a failure, not a skip)", msg, envRequire)
	}
	if _, seen := announced.LoadOrStore(msg, true); !seen {
		bar := strings.Repeat("*", 78)
		fmt.Fprintf(os.Stderr, "\n%s\n*** %s\n*** Set %s=1 to make this a failure.\n%s\n\n", bar, msg, envRequire, bar)
	}
	t.Skip(msg)
}

// chromiumPath finds the browser or skips the test.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv(envChromium); p != "" {
		if _, err := os.Stat(p); err != nil {
			unavailable(t, fmt.Sprintf("BROWSER TESTS SKIPPED: %s=%s: %v", envChromium, p, err))
		}
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	unavailable(t, "BROWSER TESTS SKIPPED: Chromium not found; install chromium (apt-get install chromium) or set "+
		envChromium+" to a Chrome or Chromium binary")
	return ""
}

// app is a running Redpen server over a temporary database and the shipped content.
type app struct {
	URL   string
	Store *store.Store
	Lib   *content.Library
	users atomic.Int64
}

// startApp starts the real server with the embedded templates.
func startApp(t *testing.T) *app { return startAppWith(t, templates.FS) }

// startAppWith starts the real server with the given templates, so a test can render a
// changed copy of them.
func startAppWith(t *testing.T, tmpl fs.FS) *app { return startServer(t, tmpl, nil) }

// startServer starts the real server on a free port with a temp database, the embedded
// content and static files, the given templates and, when model is not nil, a model.
func startServer(t *testing.T, tmpl fs.FS, model llm.Client) *app {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	cp, err := content.NewProvider(content.Source{Courses: courses.FS, Scenarios: scenarios.FS, CoursesName: "courses", ScenariosName: "scenarios"}, false)
	if err != nil {
		t.Fatalf("load content: %v", err)
	}
	lib, err := cp.Library()
	if err != nil {
		t.Fatalf("library: %v", err)
	}
	srv, err := server.New(server.Config{
		Templates: tmpl,
		Static:    static.FS,
		Passwords: testPasswords,
		Logger:    slog.New(slog.DiscardHandler),
		LLM:       model,
	}, st, cp)
	if err != nil {
		t.Fatalf("new server: %v", err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return &app{URL: hs.URL, Store: st, Lib: lib}
}

// createUser adds an account straight to the store and returns its email and password.
func (a *app) createUser(t *testing.T, role string) (email, pw string) {
	t.Helper()
	n := a.users.Add(1)
	email, pw = fmt.Sprintf("%s%d@example.ac.uk", role, n), fmt.Sprintf("correct horse battery %d", n)
	hash, err := password.Hash(pw, testPasswords)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Store.CreateUser(context.Background(), store.User{Email: email, Name: fmt.Sprintf("Test %s %d", role, n), Role: role, PasswordHash: hash}); err != nil {
		t.Fatalf("create user: %v", err)
	}
	return email, pw
}

// scenario returns a shipped scenario.
func (a *app) scenario(t *testing.T, id string) *scenario.Scenario {
	t.Helper()
	sc, err := a.Lib.Scenarios.Get(id)
	if err != nil {
		t.Fatalf("scenario %s: %v", id, err)
	}
	return sc
}

// categoryIndex is the 0-based position of a category in the taxonomy: the critique page's
// number-key shortcut is this plus one.
func (a *app) categoryIndex(t *testing.T, id string) int {
	t.Helper()
	for i, c := range a.Lib.Taxonomy.Categories {
		if c.ID == id {
			return i
		}
	}
	t.Fatalf("no category %q", id)
	return -1
}

// categoryLabel is the label learners see for a category.
func (a *app) categoryLabel(t *testing.T, id string) string {
	t.Helper()
	c, ok := a.Lib.Taxonomy.Category(id)
	if !ok {
		t.Fatalf("no category %q", id)
	}
	return c.Label
}

// flaw returns a key flaw of a scenario by id.
func flaw(t *testing.T, sc *scenario.Scenario, id string) scenario.Flaw {
	t.Helper()
	f, ok := sc.Flaw(id)
	if !ok {
		t.Fatalf("scenario %s has no flaw %q", sc.ID, id)
	}
	return f
}

// quote is the text a span covers.
func quote(sc *scenario.Scenario, sp score.Span) string {
	return sc.Doc(sp.Doc).Slice(sp.Start, sp.End)
}

// unitOf returns the number of the sentence or line that holds the whole span.
func unitOf(t *testing.T, sc *scenario.Scenario, sp score.Span) scenario.Unit {
	t.Helper()
	for _, u := range sc.Doc(sp.Doc).Units {
		if u.Start <= sp.Start && sp.End <= u.End {
			return u
		}
	}
	t.Fatalf("no single unit of the %s holds %q", sp.Doc, quote(sc, sp))
	return scenario.Unit{}
}

// flagLinkCSS selects the "Flag" link of a sentence of the note or a line of the source.
func flagLinkCSS(scenarioID string, doc score.Document, unit int) string {
	return fmt.Sprintf(`a.flag-link[href="/scenarios/%s/flags/new?doc=%s&unit=%d"]`, scenarioID, doc, unit)
}

// browser is one headless Chromium with one tab, bound to one test and one server.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string

	mu       sync.Mutex
	problems []string // uncaught exceptions and CSP violations seen in the console
}

// newBrowser starts Chromium for the test. The browser closes when the test ends; any
// uncaught script exception or Content Security Policy violation fails the test.
func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	path := chromiumPath(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	parent, cancelBudget := context.WithTimeout(context.Background(), testBudget)
	actx, cancelAlloc := chromedp.NewExecAllocator(parent, opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	b := &browser{t: t, ctx: ctx, base: base}
	t.Cleanup(func() {
		b.checkConsole()
		cancelTab()
		cancelAlloc()
		cancelBudget()
	})
	start := time.Now()
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium (%s): %v", path, err)
	}
	t.Logf("Chromium started in %v", time.Since(start).Round(time.Millisecond))
	b.watchConsole()
	// The same size as the window, stated for the page: screenshots and layout do not
	// depend on the window decorations of the headless shell.
	b.do(chromedp.EmulateViewport(1280, 900))
	return b
}

// watchConsole records uncaught exceptions and Content Security Policy violations, which
// mean a page's script broke or the page tried to load something the policy forbids.
func (b *browser) watchConsole() {
	msgs := chromedp.Console(b.ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.IsException() || strings.Contains(m.Text, "Content Security Policy") {
				b.mu.Lock()
				b.problems = append(b.problems, fmt.Sprintf("%s %s:%d: %s", m.Type, m.URL, m.Line+1, m.Text))
				b.mu.Unlock()
			}
		}
	}()
}

func (b *browser) checkConsole() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, p := range b.problems {
		b.t.Errorf("browser console: %s", p)
	}
}

// where names the page the tab is on, for failure messages.
func (b *browser) where() string {
	ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "(unknown page)"
	}
	return strings.TrimPrefix(loc, b.base)
}

// do runs steps that return nothing, failing the test on error.
func (b *browser) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("on %s: %v", b.where(), err)
	}
}

// run runs one action and returns its value, failing the test on error.
func run[T any](b *browser, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.t.Fatalf("on %s: %v", b.where(), err)
	}
	return v
}

// eval evaluates a JavaScript expression in the page and decodes its value.
func eval[T any](b *browser, expr string) T {
	b.t.Helper()
	return run(b, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// call calls a JavaScript function expression with arguments passed as JSON.
func call[T any](b *browser, fn string, args ...any) T {
	b.t.Helper()
	parts := make([]string, len(args))
	for i, a := range args {
		j, err := json.Marshal(a)
		if err != nil {
			b.t.Fatal(err)
		}
		parts[i] = string(j)
	}
	return eval[T](b, "("+fn+")("+strings.Join(parts, ",")+")")
}

// open loads a page of the app and waits for it.
func (b *browser) open(path string) {
	b.t.Helper()
	b.do(chromedp.Navigate(b.base + path))
}

// follow runs steps that navigate (a click on a link or a button, Enter on one) and waits
// for the new page to load. A page that answers with an error status fails the test.
func (b *browser) follow(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if status := b.followStatus(steps...); status >= 400 {
		b.t.Fatalf("%s answered %d", b.where(), status)
	}
}

// followStatus is follow for pages that may answer with an error status, such as a form
// shown again with its errors: it returns the status.
func (b *browser) followStatus(steps ...chromedp.Action[chromedp.Void]) int {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, steps...)
	if err != nil {
		b.t.Fatalf("on %s: waiting for a page to load: %v", b.where(), err)
	}
	if resp == nil {
		return 0
	}
	return int(resp.Status)
}

// path is the path (and query) of the current page, without the fragment.
func (b *browser) path() string {
	b.t.Helper()
	return eval[string](b, `location.pathname + location.search`)
}

// wantPath fails unless the tab is on the given path.
func (b *browser) wantPath(want string) {
	b.t.Helper()
	if got := b.path(); got != want {
		b.t.Fatalf("on %s, want %s", got, want)
	}
}

// text is the rendered text (innerText: what a person sees) of the first element that
// matches the CSS selector, with white space collapsed.
func (b *browser) text(css string) string {
	b.t.Helper()
	v := call[*string](b, `sel => { const e = document.querySelector(sel); return e ? e.innerText.replace(/\s+/g, " ").trim() : null }`, css)
	if v == nil {
		b.t.Fatalf("on %s: nothing matches %s", b.where(), css)
	}
	return *v
}

// texts is the rendered text of every element that matches the CSS selector.
func (b *browser) texts(css string) []string {
	b.t.Helper()
	return call[[]string](b, `sel => [...document.querySelectorAll(sel)].map(e => e.innerText.replace(/\s+/g, " ").trim())`, css)
}

// wantText fails unless the element's visible text contains every want.
func (b *browser) wantText(css string, want ...string) {
	b.t.Helper()
	got := b.text(css)
	for _, w := range want {
		if !strings.Contains(got, w) {
			b.t.Errorf("on %s, %s shows %q; want it to contain %q", b.where(), css, got, w)
		}
	}
}

// waitFor polls a JavaScript condition until it is true.
func (b *browser) waitFor(cond string) {
	b.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !eval[bool](b, "!!("+cond+")") {
		if time.Now().After(deadline) {
			b.t.Fatalf("on %s: still not true after 5s: %s", b.where(), cond)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// screenshot writes a PNG of the viewport to $REDPEN_SCREENSHOTS/name.png, when set.
func (b *browser) screenshot(name string) {
	b.t.Helper()
	dir := os.Getenv(envScreenshots)
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	// Let fonts and layout settle; a screenshot is not an assertion.
	b.do(chromedp.Evaluate[chromedp.Void](`document.fonts.ready`, chromedp.EvalAwaitPromise))
	png := run(b, chromedp.CaptureScreenshot())
	file := filepath.Join(dir, name+".png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot %s (%d KB)", file, len(png)/1024)
}

// phone switches the viewport to a phone's (390×844, mobile) and reloads the page;
// desktop switches back.
func (b *browser) phone() {
	b.t.Helper()
	b.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Reload())
}

func (b *browser) desktop() {
	b.t.Helper()
	b.do(chromedp.EmulateViewport(1280, 900), chromedp.Reload())
}
