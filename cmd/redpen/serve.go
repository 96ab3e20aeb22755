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
	"github.com/redpen-social/redpen/internal/store"
	"github.com/redpen-social/redpen/server"
	"github.com/redpen-social/redpen/static"
	"github.com/redpen-social/redpen/templates"
)

type serveConfig struct {
	addr, db, content  string
	dev, secure, proxy bool
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
	srv, err := server.New(server.Config{Dev: cfg.dev, SecureCookies: cfg.secure, TrustProxy: cfg.proxy, Templates: tmpl, Static: stat, Logger: log}, st, cp)
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return srv, st, nil
}
