// Package pii finds UK personal identifiers in text — NHS numbers, National Insurance
// numbers, postcodes, phone numbers, email addresses, dates of birth, names with titles and
// street addresses — so that Redpen can stop them before a prompt leaves the server, and
// show people what it found and why it matters.
//
// It is a safety net, not a guarantee: it works on the shapes of identifiers, so it misses
// names without titles, nicknames, unusual address formats and identifiers written in other
// ways. docs/llm.md lists what it catches and what it can miss.
package pii

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is a kind of identifier.
type Kind string

// The kinds, most specific first: when two findings cover the same text, the longer wins,
// and on a tie the one earlier in this list.
const (
	NHSNumber   Kind = "nhs-number"
	NINumber    Kind = "ni-number"
	Email       Kind = "email"
	Phone       Kind = "phone"
	Postcode    Kind = "postcode"
	DateOfBirth Kind = "date-of-birth"
	Address     Kind = "address"
	Name        Kind = "name"
)

// Finding is one identifier found in a text.
type Finding struct {
	Kind Kind
	Text string
	// Start and End are byte offsets into the text, [Start, End).
	Start, End int
	// RuneStart and RuneEnd are the same span in code points.
	RuneStart, RuneEnd int
	// Line and Col are 1-based; Col counts code points.
	Line, Col int
}

type span struct{ start, end int }

type detector struct {
	kind Kind
	find func(text string) []span
}

// detectors run in the order of the kinds above, which is also their priority.
var detectors = []detector{
	{NHSNumber, findNHSNumbers},
	{NINumber, findNINumbers},
	{Email, findEmails},
	{Phone, findPhones},
	{Postcode, findPostcodes},
	{DateOfBirth, findDatesOfBirth},
	{Address, findAddresses},
	{Name, findNames},
}

// Scan returns every identifier in text, sorted by position. Findings never overlap: where
// two would, the longer is kept, or on a tie the more specific kind.
func Scan(text string) []Finding {
	var all []Finding
	for p, d := range detectors {
		for _, sp := range d.find(text) {
			all = append(all, Finding{Kind: d.kind, Start: sp.start, End: sp.end, RuneStart: p})
		}
	}
	// RuneStart holds the detector's priority until locate fills it in.
	sort.SliceStable(all, func(i, j int) bool {
		li, lj := all[i].End-all[i].Start, all[j].End-all[j].Start
		if li != lj {
			return li > lj
		}
		if all[i].RuneStart != all[j].RuneStart {
			return all[i].RuneStart < all[j].RuneStart
		}
		return all[i].Start < all[j].Start
	})
	var kept []Finding
	for _, f := range all {
		if !overlapsAny(kept, f) {
			kept = append(kept, f)
		}
	}
	sort.Slice(kept, func(i, j int) bool { return kept[i].Start < kept[j].Start })
	locate(text, kept)
	return kept
}

func overlapsAny(kept []Finding, f Finding) bool {
	for _, k := range kept {
		if f.Start < k.End && k.Start < f.End {
			return true
		}
	}
	return false
}

// locate fills in the text, rune offsets, line and column of sorted, disjoint findings in
// one pass. Invalid UTF-8 bytes count as one code point each, as in utf8.RuneCountInString.
func locate(text string, fs []Finding) {
	line, col, runes, i := 1, 1, 0, 0
	for k := range fs {
		f := &fs[k]
		for i < f.Start {
			r, size := utf8.DecodeRuneInString(text[i:])
			if r == '\n' {
				line, col = line+1, 1
			} else {
				col++
			}
			runes++
			i += size
		}
		f.Text = text[f.Start:f.End]
		f.RuneStart, f.RuneEnd = runes, runes+utf8.RuneCountInString(f.Text)
		f.Line, f.Col = line, col
	}
}

// Redact replaces each finding in text with its kind's placeholder, such as "[NHS-NUMBER]".
// The findings must come from Scan of the same text.
func Redact(text string, fs []Finding) string {
	out := make([]byte, 0, len(text))
	last := 0
	for _, f := range fs {
		if f.Start < last || f.End > len(text) {
			continue
		}
		out = append(out, text[last:f.Start]...)
		out = append(out, f.Kind.Placeholder()...)
		last = f.End
	}
	return string(append(out, text[last:]...))
}

// Helpers for the detectors.

// runeBefore returns the code point ending at byte i, or -1 at the start.
func runeBefore(s string, i int) rune {
	if i <= 0 {
		return -1
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return r
}

// runeAt returns the code point starting at byte i, or -1 at the end.
func runeAt(s string, i int) rune {
	if i >= len(s) {
		return -1
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r
}

func isWord(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// standsAlone reports whether [start, end) is not part of a longer word or number.
func standsAlone(s string, start, end int) bool {
	return !isWord(runeBefore(s, start)) && !isWord(runeAt(s, end))
}

// anchored compiles expr to match only at the start of its input.
func anchored(expr string) *regexp.Regexp { return regexp.MustCompile(`^(?:` + expr + `)`) }

// findFrom tries the anchored re at every byte that can start a match (an ASCII byte, so
// always a code point boundary) at the start of a word, and keeps the matches accept
// approves, possibly trimmed. No match is longer than maxLen bytes. Trying only plausible
// starts with an anchored pattern on a short input is many times faster than an unanchored
// search, which runs the whole automaton over every byte of the text.
func findFrom(re *regexp.Regexp, maxLen int, text string, canStart func(text string, i int) bool, accept func(start, end int) (int, int, bool)) []span {
	var out []span
	for i := 0; i < len(text); i++ {
		if !canStart(text, i) || i > 0 && wordByte(text, i-1) {
			continue // every kind starts at the start of a word or number
		}
		loc := re.FindStringIndex(text[i:min(len(text), i+maxLen)])
		if loc == nil {
			continue
		}
		if s, e, ok := accept(i, i+loc[1]); ok && e > s {
			out = append(out, span{s, e})
			i = e - 1
		}
	}
	return out
}

// wordByte reports whether the text ending at byte i+1 ends in a letter, digit or "_".
func wordByte(text string, i int) bool {
	if b := text[i]; b < 0x80 {
		return isLetter(b) || isDigit(b) || b == '_'
	}
	return isWord(runeBefore(text, i+1))
}

func isDigit(b byte) bool  { return b >= '0' && b <= '9' }
func isLetter(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }

// Start tests for findFrom.
func digitAt(text string, i int) bool { return isDigit(text[i]) }

// letterThenDigit is a letter with a digit among the next four bytes: NI numbers and
// postcodes.
func letterThenDigit(text string, i int) bool {
	return isLetter(text[i]) && strings.ContainsAny(text[i+1:min(len(text), i+5)], "0123456789")
}

// startsWith returns a start test for the given bytes.
func startsWith(bytes string) func(string, int) bool {
	return func(text string, i int) bool { return strings.IndexByte(bytes, text[i]) >= 0 }
}
