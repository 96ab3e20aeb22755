package pii

import (
	"regexp"
	"strings"
)

// Email addresses: a local part, "@", and a domain with at least one dot and a top-level
// domain of two or more letters.
var emailRE = anchored(`[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}`)

func findEmails(text string) []span {
	var out []span
	for at := strings.IndexByte(text, '@'); at >= 0; {
		s := at
		for s > 0 && emailLocal(text[s-1]) {
			s--
		}
		for s < at && (text[s] == '.' || text[s] == '-') {
			s++ // a full stop before the address belongs to the sentence
		}
		next := at + 1
		if s < at && !isWord(runeBefore(text, s)) {
			loc := emailRE.FindStringIndex(text[s:min(len(text), s+320)])
			if loc != nil && !isWord(runeAt(text, s+loc[1])) {
				out = append(out, span{s, s + loc[1]})
				next = s + loc[1]
			}
		}
		i := strings.IndexByte(text[next:], '@')
		if i < 0 {
			break
		}
		at = next + i
	}
	return out
}

func emailLocal(b byte) bool {
	return isLetter(b) || isDigit(b) || strings.IndexByte("._%+-", b) >= 0
}

// Names with titles: Mr, Mrs, Ms, Miss, Mx or Dr, then optional initials and one or two
// capitalised words. A title in capitals needs a name in capitals ("DR OKAFOR" in a
// transcript), so "MS Teams" is not a person.
var nameRE = anchored(`(?:Mrs|Mr|Ms|Miss|Mx|Dr|MRS|MR|MS|MISS|MX|DR)\.? (?:\p{Lu}\.? )*` +
	`\p{Lu}[\p{L}'’-]*\p{L}(?: \p{Lu}[\p{L}'’-]*\p{L})?`)

func findNames(text string) []span {
	return findFrom(nameRE, 120, text, startsWith("MD"), func(s, e int) (int, int, bool) {
		if isWord(runeBefore(text, s)) || isWord(runeAt(text, e)) {
			return 0, 0, false
		}
		for _, suffix := range []string{"'s", "’s", "'", "’"} { // the possessive is not the name
			if t, ok := strings.CutSuffix(text[s:e], suffix); ok {
				e = s + len(t)
				break
			}
		}
		title, rest, _ := strings.Cut(text[s:e], " ")
		title = strings.TrimSuffix(title, ".")
		if title == strings.ToUpper(title) && len(title) > 1 && strings.ToUpper(rest) != rest {
			return 0, 0, false
		}
		return s, e, true
	})
}

// Dates: numeric (12/03/2011, 12.03.11, 2011-03-12) and written ("3 March 2011", "3rd of
// March 2011", "March 3, 2011", and after a cue even "3 May" without a year).
const months = `(?:January|February|March|April|May|June|July|August|September|October|November|December|` +
	`Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)`

var dateRE = regexp.MustCompile(`(?i)(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}|` +
	`\d{1,2}(?:st|nd|rd|th)?(?: of)? ` + months + `\.?,? \d{4}|` + months + `\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}|` +
	`\d{1,2}(?:st|nd|rd|th)?(?: of)? ` + months + `|` + months + ` \d{1,2}(?:st|nd|rd|th)?)`)

// A date is a date of birth only near a cue: the first date after "DOB", "born", "date of
// birth" and the like, within dobWindow bytes on the same line; or a date just before
// "(DOB)". Looking from the cues keeps this fast, since cues are rare and dates are not.
var dobCueRE = anchored(`(?i)d\.? ?o\.? ?b\.?|date of birth|birth ?date|birthday|born`)

// dobWindow is how far after a cue (in bytes) a date may start.
const dobWindow = 40

func findDatesOfBirth(text string) []span {
	var out []span
	last := -1
	cues := findFrom(dobCueRE, 16, text, startsWith("dDbB"), func(s, e int) (int, int, bool) {
		return s, e, !isWord(runeBefore(text, s)) && (text[e-1] == '.' || !isWord(runeAt(text, e))) // not "newborn", "dobby"
	})
	for _, c := range cues {
		cs, ce := c.start, c.end
		if d, ok := dateAfter(text, ce); ok && d.start > last {
			out, last = append(out, d), d.start
		}
		if d, ok := dateBefore(text, cs); ok && d.start > last {
			out, last = append(out, d), d.start
		}
	}
	return out
}

// dateAfter finds the first date starting within dobWindow bytes after i on the same line.
func dateAfter(text string, i int) (span, bool) {
	end := min(len(text), i+dobWindow+32)
	if nl := strings.IndexByte(text[i:end], '\n'); nl >= 0 {
		end = i + nl
	}
	for _, m := range dateRE.FindAllStringIndex(text[i:end], -1) {
		s, e := i+m[0], i+m[1]
		if s-i > dobWindow {
			break
		}
		if standsAlone(text, s, e) {
			return span{s, e}, true
		}
	}
	return span{}, false
}

// dateBeforeRE is what may separate a date from a cue after it: "12/03/2011 (DOB)".
var dateBeforeRE = regexp.MustCompile(`^[ \t]*[(\[,–-]?[ \t]*$`)

// dateBefore finds a date that ends just before i, as in "12/03/2011 (DOB)".
func dateBefore(text string, i int) (span, bool) {
	from := max(0, i-dobWindow)
	for from < i && !runeStartAt(text, from) {
		from++
	}
	ms := dateRE.FindAllStringIndex(text[from:i], -1)
	if len(ms) == 0 {
		return span{}, false
	}
	s, e := from+ms[len(ms)-1][0], from+ms[len(ms)-1][1]
	if !dateBeforeRE.MatchString(text[e:i]) || !standsAlone(text, s, e) {
		return span{}, false
	}
	return span{s, e}, true
}

// runeStartAt reports whether byte i begins a code point (or an invalid byte).
func runeStartAt(s string, i int) bool {
	return i >= len(s) || s[i] < 0x80 || s[i] >= 0xC0
}
