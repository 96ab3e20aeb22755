// Package textdiff compares two texts word by word, to show a learner exactly what a careful
// practitioner changed in an AI-drafted note.
package textdiff

import (
	"strings"
	"unicode"
)

// Kind says whether a run of text is in both texts, only the old one or only the new one.
type Kind int

// The kinds of change.
const (
	Equal Kind = iota
	Delete
	Insert
)

// Op is a run of text of one kind.
type Op struct {
	Kind Kind
	Text string
}

// maxCells bounds the work of the comparison; longer texts are shown as a replacement.
const maxCells = 4_000_000

// Words returns the operations that turn a into b, at word granularity. White space is
// kept with the word before it, so joining the Equal and Insert texts gives b back.
func Words(a, b string) []Op {
	x, y := tokens(a), tokens(b)
	if len(x)*len(y) > maxCells {
		return []Op{{Delete, a}, {Insert, b}}
	}
	// Words are compared without their trailing space; trim each once, not per comparison.
	xw, yw := words(x), words(y)
	// lcs[i][j] is the length of the longest common subsequence of x[i:] and y[j:].
	lcs := make([][]int32, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if xw[i] == yw[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var ops []Op
	add := func(k Kind, t string) {
		if n := len(ops); n > 0 && ops[n-1].Kind == k {
			ops[n-1].Text += t
			return
		}
		ops = append(ops, Op{k, t})
	}
	// An equal word takes b's trailing space; when b has none there (its last word) but a
	// does, the space goes in front of the deleted words that follow, so they never run
	// into the word before them.
	pending := ""
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && xw[i] == yw[j]:
			add(Equal, y[j])
			pending = ""
			if trailingSpace(y[j]) == "" {
				pending = trailingSpace(x[i])
			}
			i, j = i+1, j+1
		case j < len(y) && (i == len(x) || lcs[i][j+1] >= lcs[i+1][j]):
			add(Insert, y[j])
			j++
		default:
			add(Delete, pending+x[i])
			pending = ""
			i++
		}
	}
	return ops
}

// words returns the tokens without their trailing white space.
func words(toks []string) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = strings.TrimRightFunc(t, unicode.IsSpace)
	}
	return out
}

func trailingSpace(tok string) string {
	return tok[len(strings.TrimRightFunc(tok, unicode.IsSpace)):]
}

// tokens splits text into words, each with its trailing white space.
func tokens(s string) []string {
	var out []string
	start := 0
	inSpace := false
	for i, r := range s {
		sp := unicode.IsSpace(r)
		if !sp && inSpace {
			out = append(out, s[start:i])
			start = i
		}
		inSpace = sp
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}
