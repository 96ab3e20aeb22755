package course

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// moduleHTML joins a module's segments, writing each knowledge check as a marker line.
func moduleHTML(m *Module) string {
	var b strings.Builder
	for _, s := range m.Segments {
		if s.Quiz != nil {
			fmt.Fprintf(&b, "[quiz %s]\n", s.Quiz.ID)
			continue
		}
		b.WriteString(string(s.HTML))
	}
	return b.String()
}

// dump describes a rendered module for the golden file.
func dump(m *Module) string {
	var b strings.Builder
	fmt.Fprintf(&b, "title: %s\nwords: %d\ntoc:\n", m.Title, m.Words)
	for _, h := range m.TOC {
		fmt.Fprintf(&b, "  h%d #%s %s\n", h.Level, h.ID, h.Text)
	}
	b.WriteString("html:\n")
	b.WriteString(moduleHTML(m))
	return b.String()
}

// TestGolden compares the rendering of testdata/courses/basics/small-module.md with
// testdata/small-module.golden. Run with -update after an intended change.
func TestGolden(t *testing.T) {
	m, err := loadFixture(t).Module("small-module")
	if err != nil {
		t.Fatal(err)
	}
	got := dump(m)
	golden := filepath.Join("testdata", "small-module.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("rendering differs from %s (run go test -update if the change is intended)\n got:\n%s\nwant:\n%s", golden, got, want)
	}
}

func TestModuleRendering(t *testing.T) {
	m, err := loadFixture(t).Module("small-module")
	if err != nil {
		t.Fatal(err)
	}
	html := moduleHTML(m)

	// Ensure level-2 and level-3 headings, and only those, make the contents, with the ids
	// the rendered headings carry.
	t.Run("TOC", func(t *testing.T) {
		want := []Heading{
			{2, "first-heading", "First heading"},
			{3, "a-sub-heading-with-code", "A sub heading with code"},
			{2, "references", "References"},
		}
		if !reflect.DeepEqual(m.TOC, want) {
			t.Errorf("TOC = %+v\nwant  %+v", m.TOC, want)
		}
		for _, h := range want {
			tag := fmt.Sprintf(`<h%d id="%s">`, h.Level, h.ID)
			if !strings.Contains(html, tag) {
				t.Errorf("no %s in the HTML", tag)
			}
		}
		if !strings.Contains(html, `<h1 id="not-in-the-contents">`) || !strings.Contains(html, `<h4 id="too-deep-for-the-contents">`) {
			t.Error("h1 and h4 should still be rendered with ids")
		}
	})

	t.Run("Table", func(t *testing.T) {
		for _, s := range []string{"<table>", "<th>Tool</th>", "<td>Transcription</td>"} {
			if !strings.Contains(html, s) {
				t.Errorf("no %q in the HTML", s)
			}
		}
	})

	t.Run("Footnote", func(t *testing.T) {
		for _, s := range []string{`<sup id="fnref:1"><a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a></sup>`, `<li id="fn:1">`, "A footnote."} {
			if !strings.Contains(html, s) {
				t.Errorf("no %q in the HTML", s)
			}
		}
	})

	// Ensure raw HTML, block or inline, never reaches the page.
	t.Run("NoRawHTML", func(t *testing.T) {
		for _, s := range []string{"<script", "alert(", "onclick", "steal()", "<b"} {
			if strings.Contains(html, s) {
				t.Errorf("raw HTML %q was rendered", s)
			}
		}
	})

	// Ensure knowledge checks are cut out of the HTML, in order, at their places.
	t.Run("Segments", func(t *testing.T) {
		var kinds []string
		for _, s := range m.Segments {
			if s.Quiz != nil {
				kinds = append(kinds, "quiz:"+s.Quiz.ID)
			} else {
				kinds = append(kinds, "html")
			}
		}
		if want := []string{"html", "quiz:first-check", "html", "quiz:second-check", "html"}; !reflect.DeepEqual(kinds, want) {
			t.Fatalf("segments = %q, want %q", kinds, want)
		}
		if !strings.Contains(string(m.Segments[0].HTML), "First heading") || strings.Contains(string(m.Segments[0].HTML), "item one") {
			t.Error("the first knowledge check is not between the first heading and the list")
		}
		if !strings.Contains(string(m.Segments[2].HTML), "item one") || !strings.Contains(string(m.Segments[4].HTML), "References") {
			t.Error("the second knowledge check is not after the list and before the references")
		}
		if strings.Contains(html, "redpen:quiz") || strings.Contains(html, "Predicts likely text") {
			t.Error("quiz markers or quiz text leaked into the HTML")
		}
		if len(m.Quizzes) != 2 || m.Quizzes[0] != m.Segments[1].Quiz || m.Quizzes[1] != m.Segments[3].Quiz {
			t.Error("Quizzes and the quiz segments are not the same checks")
		}
		if !strings.Contains(html, `<code class="language-go">`) {
			t.Error("an ordinary fenced code block should still render as code")
		}
	})

	// Ensure an author cannot forge a knowledge-check marker with an HTML comment.
	t.Run("ForgedMarker", func(t *testing.T) {
		body := "Before.\n\n<!--redpen:quiz:0-->\n\nAfter.\n\n" + fence(goodQuiz("q1"))
		cat, probs := loadFiles(t, map[string]string{"c/course.yaml": validCourse, "c/m.md": moduleHead + body})
		if probs != nil {
			t.Fatalf("problems: %q", probs)
		}
		m, _ := cat.Module("m")
		if len(m.Segments) != 3 || m.Segments[1].Quiz == nil {
			t.Fatalf("%d segments, want html, quiz, html", len(m.Segments))
		}
		if !strings.Contains(string(m.Segments[0].HTML), "After.") {
			t.Errorf("the forged marker split the module: first segment %q", m.Segments[0].HTML)
		}
	})
}
