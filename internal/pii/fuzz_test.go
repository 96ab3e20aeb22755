package pii

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzScan checks the invariants every caller relies on: no panic, spans inside the text
// and on code point boundaries, findings sorted and disjoint, and positions that agree with
// each other.
func FuzzScan(f *testing.F) {
	for _, s := range []string{
		"", "Mrs Jane Doe, 14 Acacia Road, LS1 4AP; DOB 01/02/2010; NHS 943 476 5919",
		"NI AB 12 34 56 C, +44 (0)20 7946 0018, jane@example.org", "born 3rd of March 2011 (DOB)",
		"Zoë’s\nMr Øster", "\xff\xfe0161 496 0000\xc0", "ſB123456C", "Flat 3, 27 Mill Lane.", "a@b.co@c.uk",
		"(0(0(0 07700 900123", "Mr. A. B. Cé", strings.Repeat("0", 40),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		fs := Scan(text)
		boundaries := runeBoundaries(text)
		prevEnd := 0
		for i, x := range fs {
			if x.Start < prevEnd || x.Start >= x.End || x.End > len(text) {
				t.Fatalf("finding %d [%d,%d) out of order, empty or outside the text (len %d)", i, x.Start, x.End, len(text))
			}
			prevEnd = x.End
			rs, okS := boundaries[x.Start]
			re, okE := boundaries[x.End]
			if !okS || !okE {
				t.Fatalf("finding %d [%d,%d) is not on code point boundaries", i, x.Start, x.End)
			}
			if rs != x.RuneStart || re != x.RuneEnd {
				t.Fatalf("finding %d runes [%d,%d), want [%d,%d)", i, x.RuneStart, x.RuneEnd, rs, re)
			}
			if x.Text != text[x.Start:x.End] {
				t.Fatalf("finding %d text %q, want %q", i, x.Text, text[x.Start:x.End])
			}
			before := text[:x.Start]
			line := strings.Count(before, "\n") + 1
			col := utf8.RuneCountInString(before[strings.LastIndexByte(before, '\n')+1:]) + 1
			if x.Line != line || x.Col != col {
				t.Fatalf("finding %d at %d:%d, want %d:%d", i, x.Line, x.Col, line, col)
			}
		}
		red := Redact(text, fs)
		if len(fs) == 0 && red != text {
			t.Fatalf("Redact changed text with no findings")
		}
	})
}

// runeBoundaries maps each byte offset where a code point starts (and the end of the text)
// to its code point index, stepping as utf8.DecodeRuneInString does.
func runeBoundaries(s string) map[int]int {
	m := map[int]int{}
	n := 0
	for i := 0; i < len(s); {
		m[i] = n
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		n++
	}
	m[len(s)] = n
	return m
}
