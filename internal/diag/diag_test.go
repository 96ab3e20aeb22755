package diag

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestProblemString(t *testing.T) {
	tests := []struct {
		name string
		p    Problem
		want string
	}{
		{"WithLine", Problem{"scenarios/a.md", 12, "missing title"}, "scenarios/a.md:12: missing title"},
		{"WholeFile", Problem{"courses/x/course.yaml", 0, "every course folder needs a course.yaml"}, "courses/x/course.yaml: every course folder needs a course.yaml"},
		{"NegativeLineIsWholeFile", Problem{"a.md", -3, "oops"}, "a.md: oops"},
		{"FirstLine", Problem{"a.md", 1, "oops"}, "a.md:1: oops"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestList(t *testing.T) {
	// Ensure the zero value reports no error.
	t.Run("Empty", func(t *testing.T) {
		var l List
		if l.Len() != 0 {
			t.Errorf("Len() = %d, want 0", l.Len())
		}
		if err := l.Err(); err != nil {
			t.Errorf("Err() = %v, want nil", err)
		}
	})

	// Ensure problems come out sorted by path, then line, keeping the order of equal keys.
	t.Run("Sorted", func(t *testing.T) {
		var l List
		l.Add("b.md", 3, "b3")
		l.Add("a.md", 10, "a10")
		l.Add("a.md", 2, "a2 %s", "first")
		l.Add("a.md", 2, "a2 second")
		l.Add("a.md", 0, "a0")
		want := []Problem{
			{"a.md", 0, "a0"},
			{"a.md", 2, "a2 first"},
			{"a.md", 2, "a2 second"},
			{"a.md", 10, "a10"},
			{"b.md", 3, "b3"},
		}
		if got := l.Problems(); !reflect.DeepEqual(got, want) {
			t.Errorf("Problems() = %v, want %v", got, want)
		}
	})

	// Ensure Merge appends another list's problems and tolerates nil.
	t.Run("Merge", func(t *testing.T) {
		var a, b List
		a.Add("a.md", 1, "one")
		b.Add("b.md", 2, "two")
		a.Merge(&b)
		a.Merge(nil)
		if a.Len() != 2 {
			t.Fatalf("Len() = %d, want 2", a.Len())
		}
	})

	// Ensure Err returns an *Error whose text is one problem per line.
	t.Run("Err", func(t *testing.T) {
		var l List
		l.Add("z.md", 4, "late")
		l.Add("a.md", 0, "whole file")
		err := l.Err()
		var de *Error
		if !errors.As(err, &de) {
			t.Fatalf("Err() = %T, want *Error", err)
		}
		if len(de.Problems) != 2 {
			t.Errorf("len(Problems) = %d, want 2", len(de.Problems))
		}
		if got, want := err.Error(), "a.md: whole file\nz.md:4: late"; got != want {
			t.Errorf("Error() = %q, want %q", got, want)
		}
	})
}

// yamlErr decodes src strictly into v, as frontmatter.Decode does, and returns the
// library's error.
func yamlErr(t *testing.T, src string, v any) error {
	t.Helper()
	dec := yaml.NewDecoder(strings.NewReader(src))
	dec.KnownFields(true)
	err := dec.Decode(v)
	if err == nil {
		t.Fatalf("no YAML error for %q", src)
	}
	return err
}

func TestAddYAML(t *testing.T) {
	type doc struct {
		Title   string `yaml:"title"`
		Minutes int    `yaml:"minutes"`
		Tags    int    `yaml:"tags"`
	}
	tests := []struct {
		name   string
		src    string
		offset int
		want   []Problem
	}{
		{
			name:   "SyntaxErrorShiftedByOffset",
			src:    "title: x\nminutes: 3\ntags: a: b\n",
			offset: 1, // front matter: YAML line 1 is file line 2
			want:   []Problem{{"f.md", 4, "mapping values are not allowed in this context"}},
		},
		{
			name:   "SyntaxErrorWithoutOffset",
			src:    "title: x\ntitle2: a: b\n",
			offset: 0,
			want:   []Problem{{"f.md", 2, "mapping values are not allowed in this context"}},
		},
		{
			// The library gives no line for an error on the first line.
			name:   "SyntaxErrorOnFirstLine",
			src:    "title: a: b\n",
			offset: 10,
			want:   []Problem{{"f.md", 11, "mapping values are not allowed in this context"}},
		},
		{
			name:   "UnknownKey",
			src:    "title: x\ncolour: red\n",
			offset: 1,
			want:   []Problem{{"f.md", 3, `unknown key "colour"`}},
		},
		{
			name:   "SeveralTypeErrorsEachGetTheirLine",
			src:    "title: x\nminutes: ten\ntags: [1, 2]\n",
			offset: 5,
			want: []Problem{
				{"f.md", 7, `expected a whole number, found text "ten"`},
				{"f.md", 8, "expected a whole number, found a list"},
			},
		},
		{
			name:   "MappingWhereNumberExpected",
			src:    "minutes:\n  a: 1\n",
			offset: 0,
			want:   []Problem{{"f.md", 2, "expected a whole number, found a mapping"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l List
			var v doc
			l.AddYAML("f.md", tt.offset, yamlErr(t, tt.src, &v))
			if got := l.Problems(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("problems = %v\nwant       %v", got, tt.want)
			}
		})
	}
}

// Ensure an error the YAML library gives without a line goes on the first line of the text.
func TestAddYAMLWithoutLine(t *testing.T) {
	var l List
	l.AddYAML("f.md", 7, errors.New("yaml: something odd"))
	want := []Problem{{"f.md", 8, "something odd"}}
	if got := l.Problems(); !reflect.DeepEqual(got, want) {
		t.Errorf("problems = %v, want %v", got, want)
	}
}

// Ensure a parser error (as opposed to a scanner error) points at the line that holds the
// broken construct. yaml.v3 reports parser errors at the 0-based line of their context, so
// an unclosed list on YAML line 3 comes back as "line 2".
func TestAddYAMLParserErrorLine(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want int // file line of the broken construct, offset 1
	}{
		{"UnclosedFlowList", "title: x\nminutes: 3\ntags: [\"2.5\", \"3.11\"\n", 4},
		{"UnclosedFlowMapping", "title: x\nminutes: 3\ntags: {a: 1\n", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n yaml.Node
			err := yaml.Unmarshal([]byte(tt.src), &n)
			if err == nil {
				t.Fatal("no YAML error")
			}
			var l List
			l.AddYAML("f.md", 1, err)
			ps := l.Problems()
			if len(ps) != 1 || ps[0].Line != tt.want {
				t.Errorf("problems = %v, want one at line %d", ps, tt.want)
			}
		})
	}
}

// Ensure an unknown key inside a list of anonymous structs (as in a quiz's options) is
// worded for authors too, not as a Go type.
func TestAddYAMLUnknownKeyInAnonymousStruct(t *testing.T) {
	var v struct {
		Options []struct {
			Text     string `yaml:"text"`
			Feedback string `yaml:"feedback"`
		} `yaml:"options"`
	}
	src := "options:\n  - text: a\n    explanation: why\n"
	var l List
	l.AddYAML("m.md", 10, yamlErr(t, src, &v))
	want := []Problem{{"m.md", 13, `unknown key "explanation"`}}
	if got := l.Problems(); !reflect.DeepEqual(got, want) {
		t.Errorf("problems = %v\nwant       %v", got, want)
	}
}
