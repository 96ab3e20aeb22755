package frontmatter

import (
	"errors"
	"reflect"
	"testing"

	"github.com/redpen-social/redpen/internal/diag"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		yaml     string
		body     string
		bodyLine int
	}{
		{"Simple", "---\ntitle: x\n---\n## Brief\n", "title: x\n", "## Brief\n", 4},
		{"TwoKeys", "---\na: 1\nb: 2\n---\n\nbody\n", "a: 1\nb: 2\n", "\nbody\n", 5},
		{"ByteOrderMark", "\xef\xbb\xbf---\na: 1\n---\nbody", "a: 1\n", "body", 4},
		{"CRLF", "---\r\na: 1\r\n---\r\nbody\r\n", "a: 1\r\n", "body\r\n", 4},
		{"TrailingSpaceOnFences", "--- \na: 1\n---\t\nbody", "a: 1\n", "body", 4},
		{"EmptyFrontMatter", "---\n---\nbody", "", "body", 3},
		{"NoBody", "---\na: 1\n---", "a: 1\n", "", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Split([]byte(tt.src))
			if err != nil {
				t.Fatalf("Split: %v", err)
			}
			if string(f.YAML) != tt.yaml {
				t.Errorf("YAML = %q, want %q", f.YAML, tt.yaml)
			}
			if string(f.Body) != tt.body {
				t.Errorf("Body = %q, want %q", f.Body, tt.body)
			}
			if f.BodyLine != tt.bodyLine {
				t.Errorf("BodyLine = %d, want %d", f.BodyLine, tt.bodyLine)
			}
		})
	}
}

func TestSplitErrors(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		noneFM bool // want ErrNoFrontMatter rather than the unclosed error
	}{
		{"Empty", "", true},
		{"NoFences", "# Title\n\ntext\n", true},
		{"FenceNotFirst", "\n---\na: 1\n---\n", true},
		{"FourDashes", "----\na: 1\n----\n", true},
		{"Unclosed", "---\na: 1\n## Brief\n", false},
		{"OnlyOpening", "---\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Split([]byte(tt.src))
			if err == nil {
				t.Fatal("Split succeeded, want an error")
			}
			if got := errors.Is(err, ErrNoFrontMatter); got != tt.noneFM {
				t.Errorf("errors.Is(err, ErrNoFrontMatter) = %v, want %v (err %q)", got, tt.noneFM, err)
			}
			if !tt.noneFM && err.Error() != "the front matter has no closing --- line" {
				t.Errorf("err = %q", err)
			}
		})
	}
}

type nested struct {
	Name string `yaml:"name"`
}

type meta struct {
	Title   string   `yaml:"title"`
	Minutes int      `yaml:"minutes"`
	Tags    []string `yaml:"tags"`
	Nested  nested   `yaml:"nested"`
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		offset int
		ok     bool
		want   []string // problems
	}{
		{"OK", "title: x\nminutes: 3\ntags: [a, b]\n", 1, true, nil},
		{"UnknownKey", "title: x\nminutes: 3\nauthor: me\n", 1, false, []string{`f.md:4: unknown key "author"`}},
		{"UnknownNestedKey", "title: x\nnested:\n  name: a\n  age: 3\n", 0, false, []string{`f.md:4: unknown key "age"`}},
		{"TwoUnknownKeys", "a: 1\ntitle: x\nb: 2\n", 1, false, []string{`f.md:2: unknown key "a"`, `f.md:4: unknown key "b"`}},
		{"SyntaxError", "title: x\nminutes: a: b\n", 1, false, []string{"f.md:3: mapping values are not allowed in this context"}},
		{"Empty", "", 1, false, []string{"f.md:2: the YAML is empty"}},
		{"OnlyComment", "# nothing here\n", 4, false, []string{"f.md:5: the YAML is empty"}},
		{"NotAMapping", "- a\n- b\n", 1, false, []string{"f.md:2: expected a YAML mapping of keys and values"}},
		{"ScalarAfterComment", "# c\njust words\n", 0, false, []string{"f.md:2: expected a YAML mapping of keys and values"}},
		{"TypeError", "title: x\nminutes: ten\n", 1, false, []string{`f.md:3: expected a whole number, found text "ten"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var probs diag.List
			var v meta
			root, ok := Decode("f.md", tt.offset, []byte(tt.src), &v, &probs)
			if ok != tt.ok {
				t.Errorf("ok = %v, want %v", ok, tt.ok)
			}
			if ok && root == nil {
				t.Error("root is nil although ok")
			}
			var got []string
			for _, p := range probs.Problems() {
				got = append(got, p.String())
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("problems = %q\nwant       %q", got, tt.want)
			}
		})
	}
}

func TestDecodeFillsValue(t *testing.T) {
	var probs diag.List
	var v meta
	if _, ok := Decode("f.md", 0, []byte("title: Hello\nminutes: 7\ntags: [a, b]\nnested: {name: n}\n"), &v, &probs); !ok {
		t.Fatalf("Decode failed: %v", probs.Err())
	}
	if v.Title != "Hello" || v.Minutes != 7 || !reflect.DeepEqual(v.Tags, []string{"a", "b"}) || v.Nested.Name != "n" {
		t.Errorf("decoded %+v", v)
	}
}

func TestLineValueItems(t *testing.T) {
	src := "title: x\n" + // 1
		"tags:\n" + // 2
		"  - a\n" + // 3
		"  - b\n" + // 4
		"minutes: 3\n" // 5
	var probs diag.List
	var v meta
	root, ok := Decode("f.md", 0, []byte(src), &v, &probs)
	if !ok {
		t.Fatalf("Decode: %v", probs.Err())
	}
	lines := []struct {
		key  string
		want int
	}{
		{"title", 1},
		{"minutes", 5},
		{"tags", 3},    // a block list's value starts at its first item
		{"missing", 1}, // falls back to the mapping's own line
	}
	for _, l := range lines {
		t.Run("Line/"+l.key, func(t *testing.T) {
			if got := Line(root, l.key); got != l.want {
				t.Errorf("Line(%q) = %d, want %d", l.key, got, l.want)
			}
		})
	}
	t.Run("LineNilMapping", func(t *testing.T) {
		if got := Line(nil, "x"); got != 1 {
			t.Errorf("Line(nil) = %d, want 1", got)
		}
	})
	t.Run("Value", func(t *testing.T) {
		if v := Value(root, "title"); v == nil || v.Value != "x" {
			t.Errorf("Value(title) = %v", v)
		}
		if v := Value(root, "nope"); v != nil {
			t.Errorf("Value(nope) = %v, want nil", v)
		}
		if v := Value(nil, "title"); v != nil {
			t.Errorf("Value(nil) = %v, want nil", v)
		}
		if v := Value(Value(root, "tags"), "a"); v != nil {
			t.Errorf("Value on a sequence = %v, want nil", v)
		}
	})
	t.Run("Items", func(t *testing.T) {
		items := Items(Value(root, "tags"))
		if len(items) != 2 || items[0].Value != "a" || items[0].Line != 3 || items[1].Value != "b" || items[1].Line != 4 {
			t.Errorf("Items(tags) = %v", items)
		}
		if got := Items(Value(root, "title")); got != nil {
			t.Errorf("Items(scalar) = %v, want nil", got)
		}
		if got := Items(nil); got != nil {
			t.Errorf("Items(nil) = %v, want nil", got)
		}
	})
}
