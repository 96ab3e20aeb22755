package course

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestLoad(t *testing.T) {
	cat := loadFixture(t)

	// Ensure both courses load, in folder order, with their metadata.
	t.Run("Courses", func(t *testing.T) {
		var ids []string
		for _, c := range cat.Courses {
			ids = append(ids, c.ID)
		}
		if want := []string{"basics", "practice"}; !reflect.DeepEqual(ids, want) {
			t.Fatalf("courses = %q, want %q", ids, want)
		}
		b, err := cat.Course("basics")
		if err != nil {
			t.Fatal(err)
		}
		if b.Title != "Basics" || b.Summary != "A two-module course for the tests." || b.Audience != AudienceStudent {
			t.Errorf("basics = %q, %q, %q", b.Title, b.Summary, b.Audience)
		}
		if want := "<p>Start with <strong>the small module</strong>.</p>\n"; string(b.Introduction) != want {
			t.Errorf("Introduction = %q, want %q", b.Introduction, want)
		}
		if got := b.Minutes(); got != 12+5 {
			t.Errorf("Minutes() = %d, want 17", got)
		}
		p, _ := cat.Course("practice")
		if p.Introduction != "" || p.Audience != AudiencePractitioner {
			t.Errorf("practice: Introduction %q, Audience %q", p.Introduction, p.Audience)
		}
		if _, err := cat.Course("nope"); !errors.Is(err, ErrNotFound) {
			t.Errorf("Course(nope) error = %v, want ErrNotFound", err)
		}
	})

	// Ensure a course may list a module kept in another course's folder, and both courses
	// share the one module.
	t.Run("ModuleFromAnotherFolder", func(t *testing.T) {
		b, _ := cat.Course("basics")
		p, _ := cat.Course("practice")
		if len(b.Modules) != 2 || len(p.Modules) != 1 {
			t.Fatalf("basics has %d modules, practice %d; want 2 and 1", len(b.Modules), len(p.Modules))
		}
		if p.Modules[0] != b.Modules[0] || p.Modules[0].ID != "small-module" {
			t.Errorf("practice's module is %q, not the basics folder's small-module", p.Modules[0].ID)
		}
		if p.Modules[0].Path != "courses/basics/small-module.md" {
			t.Errorf("Path = %q", p.Modules[0].Path)
		}
		if p.Minutes() != 12 {
			t.Errorf("practice Minutes() = %d, want 12", p.Minutes())
		}
	})

	t.Run("Modules", func(t *testing.T) {
		var ids []string
		for _, m := range cat.Modules() {
			ids = append(ids, m.ID)
		}
		if want := []string{"reading-only", "small-module"}; !reflect.DeepEqual(ids, want) {
			t.Errorf("Modules() = %q, want %q", ids, want)
		}
		if _, err := cat.Module("nope"); !errors.Is(err, ErrNotFound) {
			t.Errorf("Module(nope) error = %v, want ErrNotFound", err)
		}
		m, err := cat.Module("small-module")
		if err != nil {
			t.Fatal(err)
		}
		if m.Title != "A small module" || m.Minutes != 12 || !reflect.DeepEqual(m.Standards, []string{"3.11"}) {
			t.Errorf("module = %q, %d, %q", m.Title, m.Minutes, m.Standards)
		}
		wantOutcomes := []Outcome{
			{"Check a note against its source", []string{"3.11"}},
			{"Explain why fluent text can be wrong", []string{"3.10", "3.11"}},
		}
		if !reflect.DeepEqual(m.Outcomes, wantOutcomes) {
			t.Errorf("Outcomes = %+v", m.Outcomes)
		}
		if !reflect.DeepEqual(m.Scenarios, []string{"home-visit"}) || m.ScenarioLine(0) != 10 {
			t.Errorf("Scenarios = %q on line %d, want [home-visit] on line 10", m.Scenarios, m.ScenarioLine(0))
		}
		if q, ok := m.Quiz("second-check"); !ok || !q.Multiple {
			t.Errorf("Quiz(second-check) = %v, %v", q, ok)
		}
		if _, ok := m.Quiz("nope"); ok {
			t.Error("Quiz(nope) found")
		}
	})

	// Ensure Words counts the reading and nothing else.
	t.Run("Words", func(t *testing.T) {
		m, _ := cat.Module("reading-only")
		if m.Words != 5 {
			t.Errorf("Words = %d, want 5", m.Words)
		}
		if len(m.Quizzes) != 0 || len(m.TOC) != 0 {
			t.Errorf("%d quizzes, %d headings; want none", len(m.Quizzes), len(m.TOC))
		}
	})
}

// Ensure Words leaves out knowledge checks and code.
func TestWordsSkipQuizzes(t *testing.T) {
	body := "One two three.\n\n" + fence(goodQuiz("q1")) + "\n```\nfour five six\n```\n\n## Seven eight\n"
	cat, probs := loadFiles(t, map[string]string{"c/course.yaml": validCourse, "c/m.md": moduleHead + body})
	if probs != nil {
		t.Fatalf("problems: %q", probs)
	}
	m, _ := cat.Module("m")
	if m.Words != 5 {
		t.Errorf("Words = %d, want 5 (three in the paragraph, two in the heading)", m.Words)
	}
}

func TestCourseProblems(t *testing.T) {
	module := func(id string) string { return moduleHead + "Text of " + id + ".\n" }
	tests := []struct {
		name   string
		course string // courses/c/course.yaml
		files  map[string]string
		want   []string // problems; %d is replaced by the line of the quoted needle
		at     []string // needles in course, one per %d
	}{
		{
			name:   "BadYAML",
			course: "title: Basics: the course\naudience: student\nmodules:\n  - m\n",
			want:   []string{"courses/c/course.yaml:1: mapping values are not allowed in this context"},
		},
		{
			name:   "BadYAMLLater",
			course: "title: C\naudience: student\nmodules:\n  - m\n  - n: o: p\n",
			want:   []string{"courses/c/course.yaml:%d: mapping values are not allowed in this context"},
			at:     []string{"  - n: o: p"},
		},
		{
			name:   "UnknownKey",
			course: "title: C\nauthor: Sam\naudience: student\nmodules:\n  - m\n",
			want:   []string{`courses/c/course.yaml:2: unknown key "author"`},
		},
		{
			name:   "UnknownModule",
			course: "title: C\naudience: student\nmodules:\n  - m\n  - how-ai-wroks\n  - m2\n",
			files:  map[string]string{"c/m2.md": module("m2")},
			want:   []string{`courses/c/course.yaml:%d: unknown module "how-ai-wroks": no how-ai-wroks.md in any course folder`},
			at:     []string{"  - how-ai-wroks"},
		},
		{
			name:   "MissingTitle",
			course: "audience: student\nmodules:\n  - m\n",
			want:   []string{"courses/c/course.yaml:1: the course needs a title"},
		},
		{
			name:   "EmptyTitle",
			course: "audience: student\ntitle: \"  \"\nmodules:\n  - m\n",
			want:   []string{"courses/c/course.yaml:2: the course needs a title"},
		},
		{
			name:   "BadAudience",
			course: "title: C\nsummary: S\naudience: students\nmodules:\n  - m\n",
			want:   []string{`courses/c/course.yaml:3: audience must be "student" or "practitioner"`},
		},
		{
			name:   "ModuleListedTwice",
			course: "title: C\naudience: student\nmodules:\n  - m\n  - m2\n  - m\n",
			files:  map[string]string{"c/m2.md": module("m2")},
			want:   []string{`courses/c/course.yaml:6: module "m" is listed twice`},
		},
		{
			name:   "NoModules",
			course: "title: C\naudience: student\nmodules: []\n",
			want:   []string{"courses/c/course.yaml:3: the course lists no modules"},
		},
		{
			name:   "NotAMapping",
			course: "- m\n",
			want:   []string{"courses/c/course.yaml:1: expected a YAML mapping of keys and values"},
		},
		{
			name:   "MissingCourseYAML",
			course: "",
			want:   []string{"courses/c/course.yaml: every course folder needs a course.yaml"},
		},
		{
			name:   "BadFolderName",
			course: validCourse,
			files:  map[string]string{"Other_Course/course.yaml": validCourse},
			want:   []string{"courses/Other_Course: course folder names must be lower-case letters, digits and hyphens"},
		},
		{
			name:   "SameModuleInTwoFolders",
			course: validCourse,
			files:  map[string]string{"d/course.yaml": validCourse, "d/m.md": module("m")},
			want:   []string{`courses/d/m.md:1: module id "m" is also used by courses/c/m.md`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"c/m.md": module("m")}
			if tt.course != "" {
				files["c/course.yaml"] = tt.course
			}
			for k, v := range tt.files {
				files[k] = v
			}
			var want []string
			for i, w := range tt.want {
				if strings.Contains(w, "%d") {
					w = fmt.Sprintf(w, lineOf(t, tt.course, tt.at[i]))
				}
				want = append(want, w)
			}
			_, got := loadFiles(t, files)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("problems:\n got  %q\n want %q", got, want)
			}
		})
	}
}

func TestModuleProblems(t *testing.T) {
	tests := []struct {
		name string
		file string // the module file, courses/c/m.md
		want []string
	}{
		{
			name: "NoFrontMatter",
			file: "# Just markdown\n",
			want: []string{"courses/c/m.md:1: the file must start with front matter: a line of ---, YAML, and another line of ---"},
		},
		{
			name: "UnclosedFrontMatter",
			file: "---\ntitle: T\nminutes: 3\n\n## Heading\n",
			want: []string{"courses/c/m.md:1: the front matter has no closing --- line"},
		},
		{
			name: "MissingTitleAndBadMinutes",
			file: "---\nminutes: 200\nstandards: [\"3.11\"]\n---\nText.\n",
			want: []string{
				"courses/c/m.md:2: the module needs a title",
				"courses/c/m.md:2: minutes must be a reading time from 1 to 120",
			},
		},
		{
			name: "UnknownStandard",
			file: "---\ntitle: T\nminutes: 3\nstandards: [\"3.11\", \"9.1\"]\n---\nText.\n",
			want: []string{`courses/c/m.md:4: unknown standard "9.1" (see standards.yaml)`},
		},
		{
			name: "OutcomeProblems",
			file: "---\ntitle: T\nminutes: 3\noutcomes:\n  - text: Good\n    standards: [\"3.11\"]\n  - text: \"\"\n    standards: [\"4.4\"]\n---\nText.\n",
			want: []string{
				"courses/c/m.md:7: outcome 2 has no text",
				`courses/c/m.md:7: unknown standard "4.4" (see standards.yaml)`,
			},
		},
		{
			name: "UnknownKey",
			file: "---\ntitle: T\nminutes: 3\nlevel: easy\n---\nText.\n",
			want: []string{`courses/c/m.md:4: unknown key "level"`},
		},
		{
			name: "UnknownKeyInOutcome",
			file: "---\ntitle: T\nminutes: 3\noutcomes:\n  - text: Good\n    standard: [\"3.11\"]\n---\nText.\n",
			want: []string{`courses/c/m.md:6: unknown key "standard"`},
		},
		{
			name: "MalformedYAML",
			file: "---\ntitle: T\nminutes: 3\nstandards: a: b\n---\nText.\n",
			want: []string{"courses/c/m.md:4: mapping values are not allowed in this context"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cat, got := loadFiles(t, map[string]string{"c/course.yaml": validCourse, "c/m.md": tt.file})
			// The course's reference to the broken module is reported too.
			want := append([]string{"courses/c/course.yaml:4: unknown module \"m\": no m.md in any course folder"}, tt.want...)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("problems:\n got  %q\n want %q", got, want)
			}
			if _, err := cat.Module("m"); !errors.Is(err, ErrNotFound) {
				t.Errorf("a module with problems was loaded (err %v)", err)
			}
		})
	}
}

// Ensure a module file whose name is not a valid id is reported and skipped.
func TestModuleBadFileName(t *testing.T) {
	_, got := loadFiles(t, map[string]string{
		"c/course.yaml":   validCourse,
		"c/m.md":          moduleHead + "Text.\n",
		"c/Bad_Module.md": moduleHead + "Text.\n",
		"c/notes.txt":     "not a module",
	})
	want := []string{"courses/c/Bad_Module.md: module file names must be lower-case letters, digits and hyphens, ending .md"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems:\n got  %q\n want %q", got, want)
	}
}
