package scenario

import (
	"strings"
	"unicode"
)

// foldRune ignores case and treats curly and straight quotation marks alike, and dashes
// alike, so a quote typed on a plain keyboard still finds text pasted from a word processor.
// It maps one rune to one rune, so offsets survive.
func foldRune(r rune) rune {
	r = unicode.ToLower(r)
	switch r {
	case '‘', '’', '‛', '′', '`':
		return '\''
	case '“', '”', '„', '″':
		return '"'
	case '–', '—', '‑', '−':
		return '-'
	case '\u00a0':
		return ' '
	}
	return r
}

// squeezed is a document's text folded, with every run of white space reduced to one
// space, plus the original offset of each of its runes.
type squeezed struct {
	runes []rune
	orig  []int
}

func squeeze(rs []rune) squeezed {
	var s squeezed
	space := false
	for i, r := range rs {
		r = foldRune(r)
		if unicode.IsSpace(r) {
			if !space && len(s.runes) > 0 {
				s.runes = append(s.runes, ' ')
				s.orig = append(s.orig, i)
			}
			space = true
			continue
		}
		space = false
		s.runes = append(s.runes, r)
		s.orig = append(s.orig, i)
	}
	return s
}

// normalise folds and squeezes a quote the way documents are.
func normalise(q string) []rune {
	return squeeze([]rune(strings.TrimSpace(q))).runes
}

// occurrences returns the [start, end) code point spans in the original text at which the
// quote occurs, keeping only those preceded by prefix and followed by suffix when given.
func (s squeezed) occurrences(quote, prefix, suffix string) [][2]int {
	q := normalise(quote)
	if len(q) == 0 {
		return nil
	}
	pre, suf := normalise(prefix), normalise(suffix)
	var out [][2]int
	for i := 0; i+len(q) <= len(s.runes); i++ {
		if !runesEqual(s.runes[i:i+len(q)], q) {
			continue
		}
		if len(pre) > 0 && !endsWith(trimRightSpace(s.runes[:i]), pre) {
			continue
		}
		if len(suf) > 0 && !startsWith(trimLeftSpace(s.runes[i+len(q):]), suf) {
			continue
		}
		out = append(out, [2]int{s.orig[i], s.orig[i+len(q)-1] + 1})
	}
	return out
}

// longestFound returns the longest leading part of the quote, cut at a word boundary, that
// does occur: it shows an author where their quote stops matching.
func (s squeezed) longestFound(quote string) string {
	words := strings.Fields(string(normalise(quote)))
	for n := len(words) - 1; n > 0; n-- {
		part := strings.Join(words[:n], " ")
		if len(s.occurrences(part, "", "")) > 0 {
			return part
		}
	}
	return ""
}

func runesEqual(a, b []rune) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func endsWith(s, suffix []rune) bool {
	return len(s) >= len(suffix) && runesEqual(s[len(s)-len(suffix):], suffix)
}

func startsWith(s, prefix []rune) bool {
	return len(s) >= len(prefix) && runesEqual(s[:len(prefix)], prefix)
}

func trimRightSpace(s []rune) []rune {
	for len(s) > 0 && s[len(s)-1] == ' ' {
		s = s[:len(s)-1]
	}
	return s
}

func trimLeftSpace(s []rune) []rune {
	for len(s) > 0 && s[0] == ' ' {
		s = s[1:]
	}
	return s
}

// Find locates a quote in the document. It returns the span and how many times the quote
// (with its prefix and suffix) occurs; the span is valid only when that count is 1.
func (d *Document) Find(quote, prefix, suffix string) (start, end, count int) {
	occ := squeeze(d.runes).occurrences(quote, prefix, suffix)
	if len(occ) == 0 {
		return 0, 0, 0
	}
	return occ[0][0], occ[0][1], len(occ)
}

// FindWithin returns the first occurrence of quote that lies inside [start, end).
func (d *Document) FindWithin(quote string, start, end int) (int, int, bool) {
	for _, o := range squeeze(d.runes).occurrences(quote, "", "") {
		if o[0] >= start && o[1] <= end {
			return o[0], o[1], true
		}
	}
	return 0, 0, false
}
