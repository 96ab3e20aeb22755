package server

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/labstack/echo/v4"
	"github.com/redpen-social/redpen/internal/store"
)

const (
	sessionCookie = "redpen_session"
	flashCookie   = "redpen_flash"
	csrfCookie    = "redpen_csrf"
	ctxUser       = "user"
	ctxSession    = "session"
)

// currentUser returns the signed-in user, if any.
func currentUser(c echo.Context) (store.User, bool) {
	u, ok := c.Get(ctxUser).(store.User)
	return u, ok
}

// mustUser returns the signed-in user on routes behind requireUser.
func mustUser(c echo.Context) store.User {
	u, _ := currentUser(c)
	return u
}

// loadUser finds the user from the session cookie. An unknown or expired session is
// simply anonymous; the stale cookie is cleared.
func (s *Server) loadUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ck, err := c.Cookie(sessionCookie)
		if err != nil || ck.Value == "" {
			return next(c)
		}
		u, err := s.store.FindSessionUser(c.Request().Context(), ck.Value)
		switch {
		case errors.Is(err, store.ErrNotFound):
			s.clearCookie(c, sessionCookie)
		case err != nil:
			return err
		default:
			c.Set(ctxUser, u)
			c.Set(ctxSession, ck.Value)
		}
		return next(c)
	}
}

// requireUser sends anonymous visitors to sign in, and back here afterwards.
func (s *Server) requireUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if _, ok := currentUser(c); ok {
			return next(c)
		}
		back := c.Request().URL.RequestURI()
		if c.Request().Method != http.MethodGet {
			back = c.Request().Header.Get("Referer")
			if u, err := url.Parse(back); err == nil {
				back = u.RequestURI()
			}
		}
		return c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(safeNext(back)))
	}
}

// requireTeacher lets only educators and admins through.
func (s *Server) requireTeacher(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !mustUser(c).CanTeach() {
			return echo.NewHTTPError(http.StatusForbidden)
		}
		return next(c)
	}
}

// requireAdmin lets only admins through.
func (s *Server) requireAdmin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if mustUser(c).Role != store.RoleAdmin {
			return echo.NewHTTPError(http.StatusForbidden)
		}
		return next(c)
	}
}

// safeNext keeps post-sign-in redirects on this site: a local path, never "//host" or a URL.
// Browsers drop tabs and newlines from URLs and read "\\" as "/", so "/\t/evil.example"
// would become "//evil.example": any control character, space or backslash is refused.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") ||
		strings.ContainsFunc(next, func(r rune) bool { return r == '\\' || unicode.IsControl(r) || unicode.IsSpace(r) }) {
		return "/"
	}
	return next
}

// overHTTPS reports whether the browser reached Redpen over HTTPS: directly, through a
// trusted proxy, or as the operator declared with --secure-cookies.
func (s *Server) overHTTPS(c echo.Context) bool {
	r := c.Request()
	return s.cfg.SecureCookies || r.TLS != nil || s.cfg.TrustProxy && r.Header.Get("X-Forwarded-Proto") == "https"
}

func (s *Server) setCookie(c echo.Context, name, value string, maxAge time.Duration) {
	c.SetCookie(&http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: int(maxAge.Seconds()),
		HttpOnly: true, Secure: s.overHTTPS(c), SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) clearCookie(c echo.Context, name string) {
	c.SetCookie(&http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.overHTTPS(c), SameSite: http.SameSiteLaxMode})
}

// signIn starts a fresh session: any session id the browser had before is discarded, so a
// planted id can never become a signed-in one, and the CSRF token is renewed with it.
func (s *Server) signIn(c echo.Context, u store.User) error {
	if old, ok := c.Get(ctxSession).(string); ok {
		if err := s.store.DeleteSession(c.Request().Context(), old); err != nil {
			return err
		}
	}
	secret, err := s.store.CreateSession(c.Request().Context(), u.ID)
	if err != nil {
		return err
	}
	s.setCookie(c, sessionCookie, secret, store.SessionLifetime)
	s.clearCookie(c, csrfCookie)
	return nil
}

// flash shows a one-line message on the next page.
func (s *Server) flash(c echo.Context, msg string) {
	s.setCookie(c, flashCookie, url.QueryEscape(msg), time.Minute)
}

func (s *Server) takeFlash(c echo.Context) string {
	ck, err := c.Cookie(flashCookie)
	if err != nil || ck.Value == "" {
		return ""
	}
	s.clearCookie(c, flashCookie)
	msg, err := url.QueryUnescape(ck.Value)
	if err != nil || len(msg) > 300 {
		return ""
	}
	return msg
}
