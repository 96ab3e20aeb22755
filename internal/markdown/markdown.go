// Package markdown renders the markdown that educators author (modules, briefs, model
// notes, explanations) with one configuration, so every page looks and behaves alike.
package markdown

import (
	"bytes"
	"html/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

// New returns Redpen's goldmark: GitHub tables and lists, footnotes, heading ids. Raw HTML
// is dropped (goldmark's default), which keeps content from smuggling scripts or styles
// past the Content-Security-Policy.
func New(extra ...goldmark.Option) goldmark.Markdown {
	opts := append([]goldmark.Option{
		goldmark.WithExtensions(extension.GFM, extension.Footnote),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	}, extra...)
	return goldmark.New(opts...)
}

var std = New()

// Render renders a markdown fragment. Only content files reach it, never learner input.
func Render(src string) template.HTML {
	var buf bytes.Buffer
	if err := std.Convert([]byte(src), &buf); err != nil {
		// goldmark fails only when its writer does, and a bytes.Buffer does not.
		return template.HTML(template.HTMLEscapeString(src))
	}
	return template.HTML(buf.String())
}
