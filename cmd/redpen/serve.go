package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/redpen-social/redpen/internal/content"
	"github.com/redpen-social/redpen/internal/llm"
	"github.com/redpen-social/redpen/internal/store"
	"github.com/redpen-social/redpen/server"
	"github.com/redpen-social/redpen/static"
	"github.com/redpen-social/redpen/templates"
)

type serveConfig struct {
	addr, db, content  string
	dev, secure, proxy bool
	// --- AI features (issue 7) ---
	model      llm.Config // model.Spec empty: no model, AI features hidden
	modelTimer time.Duration
	piiMode    string
	// --- end AI features ---
}

// shutdownGrace is how long in-flight requests get to finish after SIGTERM.
const shutdownGrace = 20 * time.Second

func runServe(ctx context.Context, args []string, e env) error {
	var cfg serveConfig
	fs := newFlagSet("serve", "[serve] [flags]\n\nServes Redpen on --addr. Content (courses, scenarios), templates and static files\nare built in; --content and --dev read them from disk instead.", e)
	fs.stringVar(&cfg.addr, "addr", "REDPEN_ADDR", "127.0.0.1:8080", "address to listen on")
	fs.dbFlag(&cfg.db)
	fs.contentFlag(&cfg.content)
	fs.boolVar(&cfg.dev, "dev", "REDPEN_DEV", false, "re-read templates, static files and content from disk on every request (run from the repository root)")
	fs.boolVar(&cfg.secure, "secure-cookies", "REDPEN_SECURE_COOKIES", false, "always mark cookies Secure (they are anyway on HTTPS, or with --trust-proxy and X-Forwarded-Proto: https)")
	fs.boolVar(&cfg.proxy, "trust-proxy", "REDPEN_TRUST_PROXY", false, "Redpen is behind a reverse proxy you control: take the client address from X-Forwarded-For and HTTPS from X-Forwarded-Proto")
	aiFlags(fs, &cfg, e) // --- AI features (issue 7) ---
	if err := fs.parse(args, e.stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	log := slog.New(slog.NewTextHandler(e.stderr, nil))
	srv, st, err := buildServer(cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.addr, err)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second}
	hs.WriteTimeout = max(hs.WriteTimeout, cfg.modelTimer+15*time.Second) // --- AI features: room for a slow model ---
	log.Info("Redpen is running", slog.String("url", "http://"+ln.Addr().String()), slog.String("db", cfg.db))
	fmt.Fprintf(e.stdout, "Redpen is running at http://%s (press Ctrl+C to stop)\n", ln.Addr())

	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// SIGTERM or Ctrl+C: stop accepting, let requests in flight finish, then close the DB.
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

func buildServer(cfg serveConfig, log *slog.Logger) (*server.Server, *store.Store, error) {
	src := contentSource(cfg.content)
	if cfg.dev && cfg.content == "" {
		src = content.Dir(".")
	}
	cp, err := content.NewProvider(src, cfg.dev)
	if err != nil {
		return nil, nil, fmt.Errorf("the content has problems, so Redpen will not start:\n%w", err)
	}
	st, err := store.Open(cfg.db)
	if err != nil {
		return nil, nil, err
	}
	var tmpl, stat fs.FS = templates.FS, static.FS
	if cfg.dev {
		tmpl, stat = os.DirFS("templates"), os.DirFS("static")
	}
	// --- AI features (issue 7) ---
	model, err := buildModel(cfg, log)
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	// --- end AI features ---
	srv, err := server.New(server.Config{Dev: cfg.dev, SecureCookies: cfg.secure, TrustProxy: cfg.proxy, Templates: tmpl, Static: stat, Logger: log, LLM: model}, st, cp)
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return srv, st, nil
}

// --- AI features (issue 7): the model flags and the client. docs/llm.md explains them. ---

func aiFlags(fs *flagSet, cfg *serveConfig, e env) {
	fs.stringVar(&cfg.model.Spec, "llm", "REDPEN_LLM", "", "optional AI model: ollama:MODEL (server from OLLAMA_HOST) or openai:MODEL (endpoint from REDPEN_LLM_BASE_URL, key from REDPEN_LLM_API_KEY); unset hides the AI features")
	timeout := llm.DefaultTimeout
	if d, err := time.ParseDuration(e.getenv("REDPEN_LLM_TIMEOUT")); err == nil {
		timeout = d
	}
	fs.DurationVar(&cfg.modelTimer, "llm-timeout", timeout, "how long to wait for the model on each request (env REDPEN_LLM_TIMEOUT)")
	fs.stringVar(&cfg.piiMode, "pii-mode", "REDPEN_PII_MODE", "block", "what the personal-data gate does with a prompt that holds personal data: block (do not send) or redact (send placeholders)")
	cfg.model.OllamaHost = e.getenv("OLLAMA_HOST")
	cfg.model.BaseURL = e.getenv("REDPEN_LLM_BASE_URL")
	cfg.model.APIKey = e.getenv("REDPEN_LLM_API_KEY")
}

// buildModel returns nil when no model is configured. It does not contact the model: the
// admin page shows whether it answers, and Redpen runs the same either way.
func buildModel(cfg serveConfig, log *slog.Logger) (llm.Client, error) {
	if _, err := llm.ParseMode(cfg.piiMode); err != nil {
		return nil, fmt.Errorf("--pii-mode: %w", err)
	}
	if cfg.model.Spec == "" {
		return nil, nil
	}
	c := cfg.model
	c.Timeout, c.Mode = cfg.modelTimer, llm.Mode(cfg.piiMode)
	if c.Timeout <= 0 {
		return nil, fmt.Errorf("--llm-timeout must be positive, e.g. 60s")
	}
	m, err := llm.New(c)
	if err != nil {
		return nil, fmt.Errorf("--llm: %w", err)
	}
	info := m.Info()
	log.Info("AI features on", slog.String("model", m.Model()), slog.String("server", info.Endpoint),
		slog.String("pii_mode", string(info.Mode)), slog.Duration("timeout", info.Timeout))
	return m, nil
}
