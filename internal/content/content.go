// Package content loads everything learners read — the taxonomy, courses and scenarios —
// checks the references between them, and reports every problem at once.
package content

import (
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/redpen-social/redpen/internal/course"
	"github.com/redpen-social/redpen/internal/diag"
	"github.com/redpen-social/redpen/internal/scenario"
	"github.com/redpen-social/redpen/internal/taxonomy"
)

// Source says where content comes from: a courses folder and a scenarios folder, and the
// names to print for them in problems.
type Source struct {
	Courses       fs.FS
	Scenarios     fs.FS
	CoursesName   string
	ScenariosName string
}

// Dir is the source for an educator's folder holding courses/ and scenarios/.
func Dir(dir string) Source {
	return Source{
		Courses:       os.DirFS(filepath.Join(dir, "courses")),
		Scenarios:     os.DirFS(filepath.Join(dir, "scenarios")),
		CoursesName:   filepath.ToSlash(filepath.Join(dir, "courses")),
		ScenariosName: filepath.ToSlash(filepath.Join(dir, "scenarios")),
	}
}

// Library is all loaded content.
type Library struct {
	Taxonomy  *taxonomy.Taxonomy
	Catalog   *course.Catalog
	Scenarios *scenario.Set
}

// Load loads and cross-checks everything. On any problem it returns a *diag.Error listing
// them all, with the paths and lines to fix.
func Load(src Source) (*Library, error) {
	var probs diag.List
	if _, err := fs.Stat(src.Courses, "."); err != nil {
		probs.Add(src.CoursesName, 0, "no courses folder: %v", err)
	}
	if _, err := fs.Stat(src.Scenarios, "."); err != nil {
		probs.Add(src.ScenariosName, 0, "no scenarios folder: %v", err)
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	tax := taxonomy.Load(src.Scenarios, src.ScenariosName, &probs)
	lib := &Library{
		Taxonomy:  tax,
		Catalog:   course.Load(src.Courses, src.CoursesName, tax, &probs),
		Scenarios: scenario.Load(src.Scenarios, src.ScenariosName, tax, &probs),
	}
	for _, m := range lib.Catalog.Modules() {
		for i, id := range m.Scenarios {
			if !lib.Scenarios.HasFile(id) {
				probs.Add(m.Path, m.ScenarioLine(i), "unknown scenario %q", id)
			}
		}
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return lib, nil
}

// Provider hands out the library. In development mode it reloads the files on every call,
// so an educator sees each edit on refresh; a failed reload keeps the last good library
// and returns the error so the page can say what is wrong.
type Provider struct {
	src    Source
	reload bool
	mu     sync.Mutex
	lib    *Library
}

// NewProvider loads the content once and fails if it has problems.
func NewProvider(src Source, reload bool) (*Provider, error) {
	lib, err := Load(src)
	if err != nil {
		return nil, err
	}
	return &Provider{src: src, reload: reload, lib: lib}, nil
}

// Library returns the current content.
func (p *Provider) Library() (*Library, error) {
	if !p.reload {
		return p.lib, nil
	}
	lib, err := Load(p.src)
	p.mu.Lock()
	defer p.mu.Unlock()
	if err != nil {
		return p.lib, err
	}
	p.lib = lib
	return lib, nil
}
