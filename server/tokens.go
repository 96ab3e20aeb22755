package server

import (
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"github.com/redpen-social/redpen/internal/store"
)

type tokenPage struct {
	basePage
	Tokens []store.Token
	Name   string
	Secret string // shown once, straight after creation
	Form   validator
}

func (s *Server) tokenPage(c echo.Context) (tokenPage, error) {
	tokens, err := s.store.ListTokens(c.Request().Context(), mustUser(c).ID)
	return tokenPage{basePage: s.page(c, "API tokens"), Tokens: tokens}, err
}

// handleTokenIndex handles "GET /settings/tokens".
func (s *Server) handleTokenIndex(c echo.Context) error {
	p, err := s.tokenPage(c)
	if err != nil {
		return err
	}
	return c.Render(http.StatusOK, "tokens", p)
}

// handleTokenCreate handles "POST /settings/tokens". The secret is rendered in the response
// rather than redirected, because it must never be stored where it could be shown again.
func (s *Server) handleTokenCreate(c echo.Context) error {
	p, err := s.tokenPage(c)
	if err != nil {
		return err
	}
	name, ok := cleanText(c.FormValue("name"))
	p.Name = name
	p.Form.check(ok && name != "", "name", "Give the token a name, such as the tool that will use it")
	p.Form.check(utf8.RuneCountInString(name) <= 100, "name", "The name must be 100 characters or fewer")
	if !p.Form.Valid() {
		return c.Render(http.StatusUnprocessableEntity, "tokens", p)
	}
	secret, _, err := s.store.CreateToken(c.Request().Context(), mustUser(c).ID, name)
	if err != nil {
		return err
	}
	if p, err = s.tokenPage(c); err != nil {
		return err
	}
	p.Secret = secret
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.Render(http.StatusOK, "tokens", p)
}

// handleTokenRevoke handles "POST /settings/tokens/:token/revoke".
func (s *Server) handleTokenRevoke(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("token"), 10, 64)
	if err != nil {
		return store.ErrNotFound
	}
	if err := s.store.RevokeToken(c.Request().Context(), mustUser(c).ID, id); err != nil {
		return err
	}
	s.flash(c, "The token is revoked and can no longer be used.")
	return c.Redirect(http.StatusSeeOther, "/settings/tokens")
}

type settingsPage struct {
	basePage
}

// handleSettingsShow handles "GET /settings": the index of a user's settings.
func (s *Server) handleSettingsShow(c echo.Context) error {
	return c.Render(http.StatusOK, "settings", settingsPage{basePage: s.page(c, "Settings")})
}
