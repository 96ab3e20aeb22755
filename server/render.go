package server

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"math"
	"path"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/redpen-social/redpen/internal/store"
)

// basePage is what every page's data embeds.
type basePage struct {
	Title string
	CSRF  string
	User  *store.User
	Flash string
	Path  string
	// ContentError is set in development mode when edited content no longer loads; the
	// last good content is still served and the problems are shown at the top.
	ContentError string
}

// page builds the shared page data for a request.
func (s *Server) page(c echo.Context, title string) basePage {
	p := basePage{Title: title, Path: c.Request().URL.Path, Flash: s.takeFlash(c)}
	if t, ok := c.Get("csrf").(string); ok {
		p.CSRF = t
	}
	if u, ok := currentUser(c); ok {
		p.User = &u
	}
	if err, ok := c.Get(ctxContentError).(error); ok {
		p.ContentError = err.Error()
	}
	return p
}

// renderer parses every page with the base layout and the partials at start-up, so a
// broken template stops the boot instead of a request.
type renderer struct {
	fsys   fs.FS
	dev    bool
	assets *assets
	pages  map[string]*template.Template
}

func newRenderer(fsys fs.FS, dev bool, a *assets) (*renderer, error) {
	r := &renderer{fsys: fsys, dev: dev, assets: a}
	pages, err := r.parse()
	if err != nil {
		return nil, err
	}
	r.pages = pages
	return r, nil
}

func (r *renderer) parse() (map[string]*template.Template, error) {
	names, err := fs.Glob(r.fsys, "pages/*.html")
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no templates in pages/")
	}
	partials, err := fs.Glob(r.fsys, "partials/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, name := range names {
		files := append([]string{"layouts/base.html"}, partials...)
		files = append(files, name)
		t, err := template.New("base.html").Funcs(r.funcs()).ParseFS(r.fsys, files...)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", name, err)
		}
		pages[strings.TrimSuffix(path.Base(name), ".html")] = t
	}
	return pages, nil
}

// Render renders a page into a buffer first, so a template error becomes a clean error
// page rather than half a page.
func (r *renderer) Render(w io.Writer, name string, data any, _ echo.Context) error {
	pages := r.pages
	if r.dev {
		var err error
		if pages, err = r.parse(); err != nil {
			return err
		}
	}
	t, ok := pages[name]
	if !ok {
		return fmt.Errorf("render: no template %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "base", data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	_, err := buf.WriteTo(w)
	return err
}

func (r *renderer) funcs() template.FuncMap {
	return template.FuncMap{
		"asset":   r.assets.url,
		"percent": func(x float64) int { return int(math.Round(x * 100)) },
		"date":    func(t time.Time) string { return t.Local().Format("2 January 2006") },
		"datetime": func(t time.Time) string {
			return t.Local().Format("2 January 2006, 15:04")
		},
		"isoTime": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"add":     func(a, b int) int { return a + b },
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return one
			}
			return many
		},
		"join":     strings.Join,
		"truncate": truncate,
		// args passes several values to a partial: {{template "quiz" args $ .Quiz}}.
		"args": func(v ...any) []any { return v },
	}
}
