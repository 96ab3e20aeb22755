package server

import (
	"errors"
	"net/http"
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"github.com/redpen-social/redpen/internal/password"
	"github.com/redpen-social/redpen/internal/store"
)

type accountForm struct {
	basePage
	Name, Email string
	Next        string
	Form        validator
}

// handleRegisterNew handles "GET /register".
func (s *Server) handleRegisterNew(c echo.Context) error {
	return c.Render(http.StatusOK, "register", accountForm{basePage: s.page(c, "Create an account"), Next: safeNext(c.QueryParam("next"))})
}

// handleRegisterCreate handles "POST /register".
func (s *Server) handleRegisterCreate(c echo.Context) error {
	f := accountForm{basePage: s.page(c, "Create an account"), Next: safeNext(c.FormValue("next"))}
	name, okName := cleanText(c.FormValue("name"))
	email, okEmail := cleanText(c.FormValue("email"))
	pw := c.FormValue("password")
	f.Name, f.Email = name, email
	v := &f.Form
	v.check(okName && name != "", "name", "Enter your name")
	v.check(utf8.RuneCountInString(name) <= 100, "name", "Your name must be 100 characters or fewer")
	v.check(okEmail && validEmail(email), "email", "Enter an email address in the right format, like name@example.ac.uk")
	v.check(utf8.RuneCountInString(pw) >= password.MinLength, "password", "Your password must be at least 10 characters long")
	v.check(len(pw) <= password.MaxLength, "password", "Your password must be 256 characters or fewer")
	v.check(!password.Common(pw), "password", "That password is too common; choose one that is harder to guess, such as three random words")
	if !v.Valid() {
		return c.Render(http.StatusUnprocessableEntity, "register", f)
	}
	if !s.limits.signUp.Allow(c.RealIP()) {
		v.check(false, "email", "Too many accounts have been created from your network recently. Try again in an hour")
		return c.Render(http.StatusTooManyRequests, "register", f)
	}
	s.limits.signUp.Add(c.RealIP())
	hash, err := password.Hash(pw, s.cfg.Passwords)
	if err != nil {
		return err
	}
	u, err := s.store.CreateUser(c.Request().Context(), store.User{Email: email, Name: name, Role: store.RoleLearner, PasswordHash: hash})
	if errors.Is(err, store.ErrDuplicateEmail) {
		v.check(false, "email", "An account with this email already exists. Sign in instead, or use another email")
		return c.Render(http.StatusUnprocessableEntity, "register", f)
	}
	if err != nil {
		return err
	}
	if err := s.signIn(c, u); err != nil {
		return err
	}
	s.flash(c, "Welcome to Redpen, "+u.Name+". Your account is ready.")
	return c.Redirect(http.StatusSeeOther, nextOr(f.Next, "/courses"))
}

func nextOr(next, def string) string {
	if next == "" || next == "/" {
		return def
	}
	return next
}

func validEmail(s string) bool {
	if len(s) > 254 || strings.ContainsAny(s, " <>\"") {
		return false
	}
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s[strings.LastIndex(s, "@"):], ".")
}

// handleLoginNew handles "GET /login".
func (s *Server) handleLoginNew(c echo.Context) error {
	if _, ok := currentUser(c); ok {
		return c.Redirect(http.StatusSeeOther, nextOr(safeNext(c.QueryParam("next")), "/courses"))
	}
	return c.Render(http.StatusOK, "login", accountForm{basePage: s.page(c, "Sign in"), Next: safeNext(c.QueryParam("next"))})
}

// handleLoginCreate handles "POST /login". A wrong email and a wrong password get the same
// message and take the same time, so the form does not reveal who has an account.
func (s *Server) handleLoginCreate(c echo.Context) error {
	f := accountForm{basePage: s.page(c, "Sign in"), Next: safeNext(c.FormValue("next"))}
	email, _ := cleanText(c.FormValue("email"))
	pw := c.FormValue("password")
	f.Email = email
	v := &f.Form
	v.check(email != "", "email", "Enter your email address")
	v.check(pw != "", "password", "Enter your password")
	if !v.Valid() {
		return c.Render(http.StatusUnprocessableEntity, "login", f)
	}
	if len(pw) > password.MaxLength {
		pw = pw[:password.MaxLength]
	}
	account, address := store.NormaliseEmail(email), c.RealIP()
	if !s.limits.account.Allow(account) || !s.limits.address.Allow(address) {
		v.check(false, "email", "Too many failed sign-in attempts. Wait 15 minutes and try again, or ask your Redpen administrator for a new password")
		return c.Render(http.StatusTooManyRequests, "login", f)
	}
	u, err := s.store.FindUserByEmail(c.Request().Context(), email)
	hash := u.PasswordHash
	if errors.Is(err, store.ErrNotFound) {
		hash = password.Dummy()
	} else if err != nil {
		return err
	}
	if perr := password.Verify(pw, hash); perr != nil || err != nil {
		s.limits.account.Add(account)
		s.limits.address.Add(address)
		v.check(false, "email", "The email address or password is not right")
		return c.Render(http.StatusUnprocessableEntity, "login", f)
	}
	s.limits.account.Reset(account)
	if err := s.signIn(c, u); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, nextOr(f.Next, "/courses"))
}

// handleLogout handles "POST /logout": the session is deleted on the server, not just forgotten
// by the browser.
func (s *Server) handleLogout(c echo.Context) error {
	if secret, ok := c.Get(ctxSession).(string); ok {
		if err := s.store.DeleteSession(c.Request().Context(), secret); err != nil {
			return err
		}
	}
	s.clearCookie(c, sessionCookie)
	s.clearCookie(c, csrfCookie)
	s.flash(c, "You have signed out.")
	return c.Redirect(http.StatusSeeOther, "/")
}
