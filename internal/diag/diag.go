// Package diag collects problems found in content files and reports them the way editors
// and compilers do, as "path:line: message", so an educator can jump straight to each one.
package diag

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Problem is one thing wrong with a file. Line is 1-based; 0 means the whole file.
type Problem struct {
	Path    string
	Line    int
	Message string
}

// String formats the problem as "path:line: message".
func (p Problem) String() string {
	if p.Line <= 0 {
		return fmt.Sprintf("%s: %s", p.Path, p.Message)
	}
	return fmt.Sprintf("%s:%d: %s", p.Path, p.Line, p.Message)
}

// List gathers problems from many files. The zero value is ready to use.
type List struct {
	items []Problem
}

// Add records a problem at path:line.
func (l *List) Add(path string, line int, format string, args ...any) {
	l.items = append(l.items, Problem{Path: path, Line: line, Message: fmt.Sprintf(format, args...)})
}

// Merge appends every problem of other.
func (l *List) Merge(other *List) {
	if other != nil {
		l.items = append(l.items, other.items...)
	}
}

// Len reports how many problems were recorded.
func (l *List) Len() int { return len(l.items) }

// Problems returns the problems sorted by path and line.
func (l *List) Problems() []Problem {
	out := append([]Problem(nil), l.items...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Line < out[j].Line
	})
	return out
}

// Err returns nil when there are no problems, or an *Error holding all of them.
func (l *List) Err() error {
	if l.Len() == 0 {
		return nil
	}
	return &Error{Problems: l.Problems()}
}

// Error is returned by content loaders when any file has problems.
type Error struct {
	Problems []Problem
}

// Error prints one problem per line.
func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// AddYAML records a YAML decoding error. The YAML library reports lines relative to the
// text it was given, so offset is the file line on which that text starts, minus one.
// A type error carries several messages; each becomes its own problem.
func (l *List) AddYAML(path string, offset int, err error) {
	for _, msg := range strings.Split(err.Error(), "\n") {
		msg = strings.TrimSpace(strings.TrimPrefix(msg, "yaml: unmarshal errors:"))
		if msg == "" {
			continue
		}
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			// The YAML library numbers parser errors (as opposed to scanner errors) from 0,
			// at the start of the broken list or mapping; they all say "did not find expected".
			if strings.HasPrefix(m[2], "did not find expected") {
				n++
			}
			l.Add(path, n+offset, "%s", tidyYAMLMessage(m[2]))
			continue
		}
		l.Add(path, offset+1, "%s", tidyYAMLMessage(strings.TrimPrefix(msg, "yaml: ")))
	}
}

var (
	notFoundInType = regexp.MustCompile(`^field (\S+) not found in type .*$`)
	cannotDecode   = regexp.MustCompile("^cannot unmarshal !!(\\w+) (?:`(.*)` )?into (\\S+)$")
)

// goTypes says in plain words what a field of each Go type expects.
var goTypes = map[string]string{
	"int": "a whole number", "float64": "a number", "bool": "true or false",
	"string": "text", "[]string": "a list", "map": "a mapping",
}

var yamlKinds = map[string]string{
	"str": "text", "int": "a number", "float": "a number", "bool": "true or false",
	"seq": "a list", "map": "a mapping", "null": "nothing",
}

// tidyYAMLMessage rewords the YAML library's Go-centric messages for people who write
// YAML, not Go.
func tidyYAMLMessage(msg string) string {
	if m := notFoundInType.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("unknown key %q", m[1])
	}
	if m := cannotDecode.FindStringSubmatch(msg); m != nil {
		want, ok := goTypes[m[3]]
		if !ok {
			want = "something else"
			if strings.HasPrefix(m[3], "[]") {
				want = "a list"
			}
		}
		found := yamlKinds[m[1]]
		if found == "" {
			found = m[1]
		}
		if m[2] != "" {
			return fmt.Sprintf("expected %s, found %s %q", want, found, m[2])
		}
		return fmt.Sprintf("expected %s, found %s", want, found)
	}
	return msg
}
