package server

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"
)

// assets serves /static with a content hash in each URL, so browsers may cache a file for
// a year and still see a new version the moment it changes.
type assets struct {
	fsys   fs.FS
	dev    bool
	hashes map[string]string
}

func newAssets(fsys fs.FS, dev bool) (*assets, error) {
	a := &assets{fsys: fsys, dev: dev, hashes: map[string]string{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".go") {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		a.hashes[p] = hex.EncodeToString(sum[:6])
		return nil
	})
	return a, err
}

// url returns the cache-busting URL of a static file.
func (a *assets) url(name string) string {
	if a.dev {
		return "/static/" + name
	}
	return "/static/" + name + "?v=" + a.hashes[name]
}

// handleStatic handles "GET /static/*".
func (s *Server) handleStatic(c echo.Context) error {
	name := path.Clean(c.Param("*"))
	if _, ok := s.assets.hashes[name]; !ok && !s.cfg.Dev {
		return echo.ErrNotFound
	}
	b, err := fs.ReadFile(s.assets.fsys, name)
	if err != nil {
		return echo.ErrNotFound
	}
	h := c.Response().Header()
	if c.QueryParam("v") != "" && !s.cfg.Dev {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = http.DetectContentType(b)
	}
	return c.Blob(http.StatusOK, ctype, b)
}
