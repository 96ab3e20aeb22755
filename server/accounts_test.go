package server

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/redpen-social/redpen/internal/store"
)

func TestRegister(t *testing.T) {
	t.Parallel()

	t.Run("OK", func(t *testing.T) {
		// Ensure a new account is signed in straight away with a safe session cookie.
		ts := newTestServer(t)
		c := ts.newClient(t)
		wantRedirect(t, c.get("/progress"), "/login?next=%2Fprogress")

		res := c.register("Ada Learner", "Ada@Example.ac.uk", "three random words here")
		wantRedirect(t, res, "/courses")
		ck := res.cookie(sessionCookie)
		if ck == nil || ck.Value == "" {
			t.Fatalf("no session cookie set; cookies %v", res.Cookies)
		}
		if !ck.HttpOnly {
			t.Error("session cookie is not HttpOnly")
		}
		if ck.SameSite != http.SameSiteLaxMode {
			t.Errorf("session cookie SameSite = %v, want Lax", ck.SameSite)
		}
		if ck.Path != "/" {
			t.Errorf("session cookie Path = %q, want /", ck.Path)
		}

		res = c.get("/courses")
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, "Welcome to Redpen, Ada Learner.", "Sign out")

		res = c.get("/progress")
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, "<title>My progress – Redpen</title>")

		u, err := ts.store.FindUserByEmail(context.Background(), "ada@example.ac.uk")
		if err != nil {
			t.Fatalf("user not stored: %v", err)
		}
		if u.Role != store.RoleLearner || u.Name != "Ada Learner" {
			t.Errorf("stored user = %+v", u)
		}
	})

	t.Run("Next", func(t *testing.T) {
		// Ensure registration returns to the page that asked for an account.
		ts := newTestServer(t)
		c := ts.newClient(t)
		res := c.postForm("/register", url.Values{"name": {"Ada"}, "email": {"ada@example.ac.uk"},
			"password": {"three random words here"}, "next": {"/scenarios"}})
		wantRedirect(t, res, "/scenarios")
	})

	tests := []struct {
		name, fullName, email, password string
		wantMsg                         string
	}{
		{"EmptyName", "", "ada@example.ac.uk", "three random words here", "Enter your name"},
		{"LongName", strings.Repeat("n", 101), "ada@example.ac.uk", "three random words here", "Your name must be 100 characters or fewer"},
		{"BadEmail", "Ada Learner", "ada.example.ac.uk", "three random words here", "Enter an email address in the right format"},
		{"EmailWithName", "Ada Learner", "Ada <ada@example.ac.uk>", "three random words here", "Enter an email address in the right format"},
		{"ShortPassword", "Ada Learner", "ada@example.ac.uk", "Zq9-short", "Your password must be at least 10 characters long"},
		{"CommonPassword", "Ada Learner", "ada@example.ac.uk", "Password123", "That password is too common"},
		{"RepeatedPassword", "Ada Learner", "ada@example.ac.uk", "aaaaaaaaaaaaaaaa", "That password is too common"},
		{"LongPassword", "Ada Learner", "ada@example.ac.uk", strings.Repeat("xY7", 90), "Your password must be 256 characters or fewer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Ensure invalid input is re-rendered with 422, the message and the typed
			// name and email, but never the password, and no account is made.
			ts := newTestServer(t)
			c := ts.newClient(t)
			res := c.register(tt.fullName, tt.email, tt.password)
			wantStatus(t, res, http.StatusUnprocessableEntity)
			wantContains(t, res.Body, "There is a problem", tt.wantMsg,
				`id="name" name="name" type="text" autocomplete="name" spellcheck="false" value="`+escText(tt.fullName)+`"`,
				`value="`+escText(tt.email)+`"`)
			wantNotContains(t, res.Body, tt.password)
			if _, err := ts.store.FindUserByEmail(context.Background(), tt.email); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("account created despite the error: %v", err)
			}
			if res.cookie(sessionCookie) != nil {
				t.Error("a session cookie was set")
			}
		})
	}

	t.Run("ErrDuplicateEmail", func(t *testing.T) {
		// Ensure a taken email (in any case) is refused with a message, not a 500.
		ts := newTestServer(t)
		wantStatus(t, ts.newClient(t).register("First", "ada@example.ac.uk", "three random words here"), http.StatusSeeOther)
		res := ts.newClient(t).register("Second", "ADA@example.ac.uk", "another four random words")
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res.Body, "An account with this email already exists", `value="Second"`)
		u, err := ts.store.FindUserByEmail(context.Background(), "ada@example.ac.uk")
		if err != nil || u.Name != "First" {
			t.Errorf("the first account changed: %+v, %v", u, err)
		}
	})
}

func TestLogin(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	u, pw := ts.createUser(t, store.RoleLearner)
	const badLogin = "The email address or password is not right"

	t.Run("OK", func(t *testing.T) {
		// Ensure the right password signs in, ignoring the email's case.
		c := ts.newClient(t)
		res := c.login(strings.ToUpper(u.Email), pw, "")
		wantRedirect(t, res, "/courses")
		wantStatus(t, c.get("/progress"), http.StatusOK)
	})

	t.Run("SameMessage", func(t *testing.T) {
		// Ensure a wrong password and an unknown email cannot be told apart.
		wrong := ts.newClient(t).login(u.Email, pw+"x", "")
		unknown := ts.newClient(t).login("nobody@example.ac.uk", pw, "")
		for _, res := range []testResponse{wrong, unknown} {
			wantStatus(t, res, http.StatusUnprocessableEntity)
			wantContains(t, res.Body, badLogin)
			wantNotContains(t, res.Body, pw)
			if res.cookie(sessionCookie) != nil {
				t.Error("a failed sign-in set a session cookie")
			}
		}
		if a, b := errorSummaryOf(wrong.Body), errorSummaryOf(unknown.Body); a != b || a == "" {
			t.Errorf("error summaries differ:\n%s\n%s", a, b)
		}
	})

	t.Run("Empty", func(t *testing.T) {
		res := ts.newClient(t).login("", "", "")
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res.Body, "Enter your email address", "Enter your password")
	})

	t.Run("RotatesSession", func(t *testing.T) {
		// Ensure signing in issues a new session id and the old one stops working, so a
		// planted or stolen id never becomes (or stays) a signed-in one.
		c := ts.newClient(t)
		c.setCookie(sessionCookie, "planted-by-attacker")
		wantStatus(t, c.login(u.Email, pw, ""), http.StatusSeeOther)
		first := c.cookieValue(sessionCookie)
		if first == "" || first == "planted-by-attacker" {
			t.Fatalf("session cookie after sign-in = %q", first)
		}
		wantStatus(t, c.login(u.Email, pw, ""), http.StatusSeeOther)
		second := c.cookieValue(sessionCookie)
		if second == "" || second == first {
			t.Fatalf("session id not rotated: before %q, after %q", first, second)
		}
		wantStatus(t, c.get("/progress"), http.StatusOK)

		replay := ts.newClient(t)
		replay.setCookie(sessionCookie, first)
		wantRedirect(t, replay.get("/progress"), "/login?next=%2Fprogress")
	})

	t.Run("SignedInVisitsLogin", func(t *testing.T) {
		c, _ := ts.signedIn(t, store.RoleLearner)
		wantRedirect(t, c.get("/login?next=/scenarios"), "/scenarios")
	})
}

// errorSummaryOf returns the error summary of a page.
func errorSummaryOf(body string) string {
	i := strings.Index(body, `<div class="error-summary"`)
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], "</div>")
	return body[i : i+j]
}

func TestLogout(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)

	t.Run("OK", func(t *testing.T) {
		// Ensure signing out deletes the session on the server: the old cookie, replayed,
		// is anonymous.
		c, _ := ts.signedIn(t, store.RoleLearner)
		old := c.cookieValue(sessionCookie)
		res := c.logout()
		wantRedirect(t, res, "/")
		if ck := res.cookie(sessionCookie); ck == nil || ck.MaxAge >= 0 {
			t.Errorf("session cookie not cleared: %v", ck)
		}
		wantRedirect(t, c.get("/progress"), "/login?next=%2Fprogress")

		replay := ts.newClient(t)
		replay.setCookie(sessionCookie, old)
		wantRedirect(t, replay.get("/progress"), "/login?next=%2Fprogress")
		home := replay.get("/")
		wantContains(t, home.Body, `<a href="/login">Sign in</a>`)
		wantNotContains(t, home.Body, "Sign out")
	})

	t.Run("GetNotAllowed", func(t *testing.T) {
		// Ensure a link or image cannot sign anyone out.
		c, _ := ts.signedIn(t, store.RoleLearner)
		res := c.get("/logout")
		if res.Status < 400 {
			t.Errorf("GET /logout: status %d, want 4xx", res.Status)
		}
		wantStatus(t, c.get("/progress"), http.StatusOK)
	})
}

func TestCSRF(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)

	t.Run("TokenInPageMatchesCookie", func(t *testing.T) {
		c := ts.newClient(t)
		res := c.get("/register")
		tok := csrfTokenInPage(res.Body)
		if tok == "" || tok != c.cookieValue(csrfCookie) {
			t.Fatalf("form token %q, cookie %q", tok, c.cookieValue(csrfCookie))
		}
		// A token taken from the page works.
		res = c.postForm("/register", url.Values{"_csrf": {tok}, "name": {"Page Token"},
			"email": {"page@example.ac.uk"}, "password": {"three random words here"}})
		wantStatus(t, res, http.StatusSeeOther)
	})

	t.Run("RegisterWithoutToken", func(t *testing.T) {
		// Ensure a form without its token changes nothing.
		c := ts.newClient(t)
		c.get("/register")
		body := url.Values{"name": {"Mallory"}, "email": {"mallory@example.ac.uk"}, "password": {"three random words here"}}.Encode()
		res := c.postRaw("/register", body)
		if res.Status < 400 || res.Status >= 500 {
			t.Fatalf("status = %d, want 4xx", res.Status)
		}
		wantContains(t, res.Body, "Your form expired")
		if _, err := ts.store.FindUserByEmail(context.Background(), "mallory@example.ac.uk"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("user created without a CSRF token: %v", err)
		}
	})

	t.Run("RegisterWithWrongToken", func(t *testing.T) {
		c := ts.newClient(t)
		c.get("/register")
		res := c.postForm("/register", url.Values{"_csrf": {"forged"}, "name": {"Mallory"},
			"email": {"mallory2@example.ac.uk"}, "password": {"three random words here"}})
		wantStatus(t, res, http.StatusForbidden)
		wantContains(t, res.Body, "Your form expired")
		if _, err := ts.store.FindUserByEmail(context.Background(), "mallory2@example.ac.uk"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("user created with a forged CSRF token: %v", err)
		}
	})

	t.Run("LogoutWithoutToken", func(t *testing.T) {
		// Ensure another site cannot sign a learner out.
		c, _ := ts.signedIn(t, store.RoleLearner)
		c.get("/courses")
		res := c.postRaw("/logout", "")
		if res.Status < 400 || res.Status >= 500 {
			t.Fatalf("status = %d, want 4xx", res.Status)
		}
		wantStatus(t, c.get("/progress"), http.StatusOK)
	})

	t.Run("StaleTokenAfterSignIn", func(t *testing.T) {
		// Ensure the token is renewed at sign-in: one from before no longer works.
		u, pw := ts.createUser(t, store.RoleLearner)
		c := ts.newClient(t)
		c.get("/login")
		before := c.cookieValue(csrfCookie)
		wantStatus(t, c.login(u.Email, pw, ""), http.StatusSeeOther)
		res := c.postForm("/logout", url.Values{"_csrf": {before}})
		wantStatus(t, res, http.StatusForbidden)
		wantStatus(t, c.get("/progress"), http.StatusOK)
	})
}

func TestNextRedirect(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	u, pw := ts.createUser(t, store.RoleLearner)
	tests := []struct {
		name, next, want string
	}{
		{"Local", "/scenarios", "/scenarios"},
		{"LocalWithQuery", "/courses/ai-literacy?x=1", "/courses/ai-literacy?x=1"},
		{"ProtocolRelative", "//evil.example", "/courses"},
		{"Absolute", "https://evil.example", "/courses"},
		{"Backslash", `/\evil.example`, "/courses"},
		{"SchemeOnly", "javascript:alert(1)", "/courses"},
		{"Newline", "/\r\nSet-Cookie: x=y", "/courses"},
		// Browsers strip tabs and newlines inside URLs, so "/<TAB>/evil.example" is
		// followed as "//evil.example": off-site.
		{"Tab", "/\t/evil.example", "/courses"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Ensure the sign-in form only ever sends the learner somewhere on this site.
			c := ts.newClient(t)
			page := c.get("/login?next=" + url.QueryEscape(tt.next))
			wantStatus(t, page, http.StatusOK)
			res := c.login(u.Email, pw, tt.next)
			wantRedirect(t, res, tt.want)
		})
	}

	t.Run("LoginPageKeepsOnlyLocalNext", func(t *testing.T) {
		res := ts.newClient(t).get("/login?next=" + url.QueryEscape("//evil.example"))
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, `<input type="hidden" name="next" value="/">`)
		wantNotContains(t, res.Body, "evil.example")
	})

	t.Run("SafeNext", func(t *testing.T) {
		for _, tt := range tests {
			got := safeNext(tt.next)
			want := tt.want
			if want == "/courses" {
				want = "/"
			}
			if got != want {
				t.Errorf("safeNext(%q) = %q, want %q", tt.next, got, want)
			}
		}
	})
}
