package content_test

import (
	"strings"
	"testing"

	"github.com/redpen-social/redpen/internal/course"
	"github.com/redpen-social/redpen/internal/scenario"
	"github.com/redpen-social/redpen/internal/score"
)

// The curriculum issue #4 asks for. These tests keep a later change from quietly dropping
// a module, a knowledge check or a scenario below what was agreed.
const (
	minStudentModules    = 8
	minModuleWords       = 1200
	maxModuleWords       = 2500
	minModuleMinutes     = 10
	maxModuleMinutes     = 25
	minKnowledgeChecks   = 4
	minScenarios         = 14
	minSourceLines       = 25
	maxSourceLines       = 80
	minNoteWords         = 150
	maxNoteWords         = 450
	minFlaws             = 4
	maxFlaws             = 9
	minFlawCategories    = 3
	minScenariosPerCat   = 3
	minPractitionerSc    = 3
	minWithAccurate      = 2
	referencesHeading    = "References"
	studentCourseID      = "ai-literacy"
	practitionerCourseID = "cpd-practice"
)

func TestCurriculumCourses(t *testing.T) {
	lib := mustLoadReal(t)
	student, err := lib.Catalog.Course(studentCourseID)
	if err != nil {
		t.Fatalf("no %s course: %v", studentCourseID, err)
	}
	if student.Audience != course.AudienceStudent {
		t.Errorf("%s audience = %q, want student", studentCourseID, student.Audience)
	}
	if len(student.Modules) < minStudentModules {
		t.Errorf("%s has %d modules, want at least %d", studentCourseID, len(student.Modules), minStudentModules)
	}
	cpd, err := lib.Catalog.Course(practitionerCourseID)
	if err != nil {
		t.Fatalf("no %s course: %v", practitionerCourseID, err)
	}
	if cpd.Audience != course.AudiencePractitioner {
		t.Errorf("%s audience = %q, want practitioner", practitionerCourseID, cpd.Audience)
	}
	if strings.TrimSpace(string(cpd.Introduction)) == "" || cpd.Introduction == student.Introduction {
		t.Errorf("%s needs an introduction of its own", practitionerCourseID)
	}
	if len(cpd.Modules) == 0 {
		t.Errorf("%s lists no modules", practitionerCourseID)
	}
}

func TestCurriculumModules(t *testing.T) {
	lib := mustLoadReal(t)
	student, err := lib.Catalog.Course(studentCourseID)
	if err != nil {
		t.Fatal(err)
	}
	// Every module any course lists, once.
	seen := map[string]bool{}
	var modules []*course.Module
	for _, c := range lib.Catalog.Courses {
		for _, m := range c.Modules {
			if !seen[m.ID] {
				seen[m.ID] = true
				modules = append(modules, m)
			}
		}
	}
	if len(modules) < len(student.Modules) {
		t.Fatalf("only %d modules", len(modules))
	}
	for _, m := range modules {
		t.Run(m.ID, func(t *testing.T) {
			if m.Words < minModuleWords || m.Words > maxModuleWords {
				t.Errorf("%d words of reading, want %d to %d", m.Words, minModuleWords, maxModuleWords)
			}
			if m.Minutes < minModuleMinutes || m.Minutes > maxModuleMinutes {
				t.Errorf("%d minutes, want %d to %d", m.Minutes, minModuleMinutes, maxModuleMinutes)
			}
			if len(m.Quizzes) < minKnowledgeChecks {
				t.Errorf("%d knowledge checks, want at least %d", len(m.Quizzes), minKnowledgeChecks)
			}
			if len(m.Outcomes) == 0 {
				t.Error("no outcomes")
			}
			for i, o := range m.Outcomes {
				if len(o.Standards) == 0 {
					t.Errorf("outcome %d (%q) lists no standards", i+1, o.Text)
				}
			}
			refs := false
			for _, h := range m.TOC {
				if h.Text == referencesHeading {
					refs = true
				}
			}
			if !refs {
				t.Errorf("no %q heading in the table of contents", referencesHeading)
			}
			for _, id := range m.Scenarios {
				if _, err := lib.Scenarios.Get(id); err != nil {
					t.Errorf("links unknown scenario %q", id)
				}
			}
		})
	}
}

func TestCurriculumScenarios(t *testing.T) {
	lib := mustLoadReal(t)
	all := lib.Scenarios.All()
	if len(all) < minScenarios {
		t.Errorf("%d scenarios, want at least %d", len(all), minScenarios)
	}
	usedBy := map[string]int{} // category -> scenarios using it
	practitioner, withAccurate := 0, 0
	for _, sc := range all {
		t.Run(sc.ID, func(t *testing.T) {
			if n := len(sc.Source.Units); n < minSourceLines || n > maxSourceLines {
				t.Errorf("%d source lines, want %d to %d", n, minSourceLines, maxSourceLines)
			}
			if n := len(strings.Fields(sc.Note.Text)); n < minNoteWords || n > maxNoteWords {
				t.Errorf("a note of %d words, want %d to %d", n, minNoteWords, maxNoteWords)
			}
			if n := len(sc.Flaws); n < minFlaws || n > maxFlaws {
				t.Errorf("%d flaws, want %d to %d", n, minFlaws, maxFlaws)
			}
			cats := map[string]bool{}
			for _, f := range sc.Flaws {
				cats[f.Category] = true
				if strings.TrimSpace(string(f.Explanation)) == "" {
					t.Errorf("flaw %q has no explanation", f.ID)
				}
				if len(f.Standards) == 0 {
					t.Errorf("flaw %q lists no standards", f.ID)
				}
			}
			if len(cats) < minFlawCategories {
				t.Errorf("flaws in %d categories, want at least %d", len(cats), minFlawCategories)
			}
			for c := range cats {
				usedBy[c]++
			}
			if strings.TrimSpace(sc.ModelNote) == "" {
				t.Error("no model note")
			}
			if len(sc.Questions) == 0 {
				t.Error("no reflection questions")
			}
			if sc.Level == scenario.LevelPractitioner {
				practitioner++
			}
			if len(sc.Accurate) > 0 {
				withAccurate++
			}
		})
	}
	for _, c := range lib.Taxonomy.Categories {
		if usedBy[c.ID] < minScenariosPerCat {
			t.Errorf("category %q is used by %d scenarios, want at least %d", c.ID, usedBy[c.ID], minScenariosPerCat)
		}
	}
	if practitioner < minPractitionerSc {
		t.Errorf("%d scenarios at level practitioner, want at least %d", practitioner, minPractitionerSc)
	}
	if withAccurate < minWithAccurate {
		t.Errorf("%d scenarios have accurate entries, want at least %d", withAccurate, minWithAccurate)
	}
}

// Ensure every shipped scenario's key scores exactly 1 when submitted as the learner's flags,
// and 0 with no flags: a key whose spans or units do not line up would show here.
func TestScenariosScoreTheirOwnKey(t *testing.T) {
	lib := mustLoadReal(t)
	for _, sc := range lib.Scenarios.All() {
		t.Run(sc.ID, func(t *testing.T) {
			key := sc.Key()
			flags := make([]score.Flag, len(sc.Flaws))
			for i, f := range sc.Flaws {
				flags[i] = score.Flag{Span: f.Span, Category: f.Category}
			}
			res := score.Score(key, flags, score.DefaultOptions())
			if res.Score != 1 || res.Found != len(sc.Flaws) || res.Spurious != 0 {
				t.Errorf("own key: score %v, found %d of %d, %d spurious\n%s", res.Score, res.Found, len(sc.Flaws), res.Spurious, res.Explain())
			}
			none := score.Score(key, nil, score.DefaultOptions())
			if none.Score != 0 || none.Missed != len(sc.Flaws) {
				t.Errorf("no flags: score %v, missed %d of %d", none.Score, none.Missed, len(sc.Flaws))
			}
		})
	}
}
