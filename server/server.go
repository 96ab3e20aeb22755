// Package server is Redpen's web layer: routes, handlers, rendering and middleware. It
// reads content from internal/content and data from internal/store, and does nothing else.
package server

import (
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/redpen-social/redpen/internal/content"
	"github.com/redpen-social/redpen/internal/llm"
	"github.com/redpen-social/redpen/internal/password"
	"github.com/redpen-social/redpen/internal/score"
	"github.com/redpen-social/redpen/internal/store"
)

// Config is everything the server needs from the command line.
type Config struct {
	// Dev re-reads templates and static files from disk on every request.
	Dev bool
	// SecureCookies marks cookies Secure; set it when Redpen is served over HTTPS, directly
	// or behind a proxy the operator trusts.
	SecureCookies bool
	// Templates and Static are the template and asset folders (embedded or on disk).
	Templates fs.FS
	Static    fs.FS
	// Scoring holds the weights, partial credit and penalty for critiques.
	Scoring score.Options
	// Passwords sets the cost of password hashing.
	Passwords password.Params
	// TrustProxy says Redpen runs behind a reverse proxy the operator trusts, so the
	// client address comes from X-Forwarded-For and HTTPS from X-Forwarded-Proto.
	TrustProxy bool
	Logger     *slog.Logger
	// --- AI features (issue 7; server/ai*.go) ---
	// LLM is the configured model, with the personal-data gate inside it. Nil hides every
	// AI feature and makes its routes answer 404.
	LLM llm.Client
	// --- end AI features ---
}

// Server handles every HTTP request.
type Server struct {
	cfg     Config
	e       *echo.Echo
	store   *store.Store
	content *content.Provider
	render  *renderer
	assets  *assets
	log     *slog.Logger
	limits  limiters
}

// New builds the server and checks that every template parses.
func New(cfg Config, st *store.Store, cp *content.Provider) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Scoring.Weights == nil {
		cfg.Scoring = score.DefaultOptions()
	}
	if cfg.Passwords.Memory == 0 {
		cfg.Passwords = password.Default
	}
	a, err := newAssets(cfg.Static, cfg.Dev)
	if err != nil {
		return nil, fmt.Errorf("static files: %w", err)
	}
	r, err := newRenderer(cfg.Templates, cfg.Dev, a)
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	s := &Server{cfg: cfg, e: echo.New(), store: st, content: cp, render: r, assets: a, log: cfg.Logger, limits: newLimiters()}
	s.e.HideBanner, s.e.HidePort = true, true
	// Echo trusts X-Forwarded-For by default, which would let anyone dodge the sign-in
	// limits by sending a made-up address.
	s.e.IPExtractor = echo.ExtractIPDirect()
	if cfg.TrustProxy {
		s.e.IPExtractor = echo.ExtractIPFromXFFHeader()
	}
	s.e.Renderer = r
	s.e.HTTPErrorHandler = s.handleError
	s.routes()
	return s, nil
}

// ServeHTTP lets the server be used as an http.Handler, in tests too, so every request goes
// through the middleware and the error handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.e.ServeHTTP(w, r) }

// Routes lists every method and path, for the authorisation tests.
func (s *Server) Routes() []*echo.Route { return s.e.Routes() }
