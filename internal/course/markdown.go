package course

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"github.com/redpen-social/redpen/internal/diag"
	"github.com/redpen-social/redpen/internal/markdown"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Segment is a piece of a rendered module: either HTML or a knowledge check, which the
// server renders as a form because it depends on the learner's answers.
type Segment struct {
	HTML template.HTML
	Quiz *Quiz
}

// Heading is an entry in a module's table of contents.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// moduleMarkdown is the shared configuration plus a renderer for knowledge checks.
var moduleMarkdown = markdown.New(
	goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(quizRenderer{}, 100))),
)

var kindQuiz = ast.NewNodeKind("RedpenQuiz")

// quizNode stands in the AST where a ```quiz block was.
type quizNode struct {
	ast.BaseBlock
	index int
}

func (n *quizNode) Kind() ast.NodeKind { return kindQuiz }
func (n *quizNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"index": fmt.Sprint(n.index)}, nil)
}

// quizMarker cannot come from authored text: raw HTML comments are dropped by the renderer.
func quizMarker(i int) string { return fmt.Sprintf("<!--redpen:quiz:%d-->", i) }

type quizRenderer struct{}

func (quizRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindQuiz, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(quizMarker(n.(*quizNode).index))
		}
		return ast.WalkSkipChildren, nil
	})
}

// rendered is a module body after rendering.
type rendered struct {
	Segments []Segment
	Quizzes  []*Quiz
	TOC      []Heading
	Words    int
}

// renderModule renders a module body whose first line is file line bodyLine, turning every
// ```quiz block into a Quiz.
func renderModule(path string, body []byte, bodyLine int, probs *diag.List) rendered {
	var out rendered
	doc := moduleMarkdown.Parser().Parse(text.NewReader(body))
	lineOf := func(offset int) int { return bodyLine + bytes.Count(body[:offset], []byte("\n")) }

	var blocks []*ast.FencedCodeBlock
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.FencedCodeBlock:
			if string(n.Language(body)) == "quiz" {
				blocks = append(blocks, n)
			}
			return ast.WalkSkipChildren, nil
		case *ast.Heading:
			if n.Level == 2 || n.Level == 3 {
				id, _ := n.AttributeString("id")
				idStr, _ := id.([]byte)
				out.TOC = append(out.TOC, Heading{Level: n.Level, ID: string(idStr), Text: plainText(n, body)})
			}
		case *ast.Text:
			out.Words += len(strings.Fields(string(n.Segment.Value(body))))
		}
		return ast.WalkContinue, nil
	})

	quizzes := map[int]*Quiz{}
	seen := map[string]bool{}
	for i, b := range blocks {
		var src bytes.Buffer
		fence := lineOf(b.Info.Segment.Start)
		for j := 0; j < b.Lines().Len(); j++ {
			seg := b.Lines().At(j)
			src.Write(seg.Value(body))
		}
		if q := ParseQuiz(path, fence, src.Bytes(), probs); q != nil {
			if seen[q.ID] {
				probs.Add(path, fence, "quiz id %q is used twice in this module", q.ID)
			}
			seen[q.ID] = true
			quizzes[i] = q
			out.Quizzes = append(out.Quizzes, q)
		}
		b.Parent().ReplaceChild(b.Parent(), b, &quizNode{index: i})
	}

	var buf bytes.Buffer
	if err := moduleMarkdown.Renderer().Render(&buf, body, doc); err != nil {
		probs.Add(path, bodyLine, "cannot render markdown: %v", err)
		return out
	}
	html := buf.String()
	for i := range blocks {
		before, after, _ := strings.Cut(html, quizMarker(i))
		out.Segments = append(out.Segments, Segment{HTML: template.HTML(before)})
		if q := quizzes[i]; q != nil {
			out.Segments = append(out.Segments, Segment{Quiz: q})
		}
		html = after
	}
	out.Segments = append(out.Segments, Segment{HTML: template.HTML(html)})
	return out
}

// plainText joins the text inside a node, without markup.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() {
				b.WriteByte(' ')
			}
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}
