// Package frontmatter splits a markdown file into its YAML front matter and body, and
// decodes YAML strictly while keeping the line numbers that problems are reported against.
package frontmatter

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/redpen-social/redpen/internal/diag"
	"go.yaml.in/yaml/v3"
)

// File is a markdown file cut into its parts.
type File struct {
	YAML     []byte // the front matter, without its --- fences
	Body     []byte
	BodyLine int // the file line on which Body starts
}

// ErrNoFrontMatter is returned by Split when the file does not start with a --- line.
var ErrNoFrontMatter = errors.New("the file must start with front matter: a line of ---, YAML, and another line of ---")

// Split separates the front matter from the body. The YAML starts on line 2.
func Split(src []byte) (File, error) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf")) // editors on Windows add a BOM
	lines := bytes.SplitAfter(src, []byte("\n"))
	if len(lines) == 0 || string(bytes.TrimRight(lines[0], " \t\r\n")) != "---" {
		return File{}, ErrNoFrontMatter
	}
	var yml bytes.Buffer
	for i := 1; i < len(lines); i++ {
		if string(bytes.TrimRight(lines[i], " \t\r\n")) == "---" {
			return File{YAML: yml.Bytes(), Body: bytes.Join(lines[i+1:], nil), BodyLine: i + 2}, nil
		}
		yml.Write(lines[i])
	}
	return File{}, fmt.Errorf("the front matter has no closing --- line")
}

// Decode decodes src into v, rejecting unknown keys, and also returns the document's root
// node so callers can find the line of any key. offset is the file line before src's first
// line. Every problem goes to probs; ok is false when decoding failed.
func Decode(path string, offset int, src []byte, v any, probs *diag.List) (root *yaml.Node, ok bool) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		probs.AddYAML(path, offset, err)
		return nil, false
	}
	if len(doc.Content) == 0 {
		probs.Add(path, offset+1, "the YAML is empty")
		return nil, false
	}
	root = doc.Content[0]
	if root.Kind != yaml.MappingNode {
		probs.Add(path, root.Line+offset, "expected a YAML mapping of keys and values")
		return nil, false
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		probs.AddYAML(path, offset, err)
		return root, false
	}
	return root, true
}

// Value returns the value node of key in a mapping node, or nil.
func Value(mapping *yaml.Node, key string) *yaml.Node {
	if mapping == nil || mapping.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(mapping.Content); i += 2 {
		if mapping.Content[i].Value == key {
			return mapping.Content[i+1]
		}
	}
	return nil
}

// Line returns the line of key's value in a mapping node, falling back to the mapping's
// own line when the key is absent, so a problem always points somewhere useful.
func Line(mapping *yaml.Node, key string) int {
	if v := Value(mapping, key); v != nil {
		return v.Line
	}
	if mapping == nil {
		return 1
	}
	return mapping.Line
}

// Items returns the elements of a sequence node (following an alias), or nil.
func Items(seq *yaml.Node) []*yaml.Node {
	if seq != nil && seq.Kind == yaml.AliasNode {
		seq = seq.Alias
	}
	if seq == nil || seq.Kind != yaml.SequenceNode {
		return nil
	}
	return seq.Content
}

// ItemLine returns the line of the i-th element of items, or fallback when the YAML's shape
// and the decoded value disagree (as they can with aliases and merge keys).
func ItemLine(items []*yaml.Node, i, fallback int) int {
	if i < len(items) && items[i] != nil {
		return items[i].Line
	}
	return fallback
}
