package scenario

import (
	"strings"
	"unicode"
)

// Unit is a sentence of the note or a line of the source: the pieces a learner can flag
// without a mouse, and the yardstick for how broad a flag may be.
type Unit struct {
	Start, End int    // code point offsets into the document text, [Start, End)
	Number     int    // 1-based, as shown to learners
	Speaker    string // source lines only: the speaker label, if the line has one
	Para       int    // note only: the paragraph the sentence belongs to
	Item       int    // note only: the line item within the paragraph
}

// Document is the text of the source or the note, as learners and the API see it.
type Document struct {
	Text  string
	Units []Unit
	runes []rune
}

// Runes returns the text as code points; offsets everywhere are indexes into it.
func (d *Document) Runes() []rune { return d.runes }

// Slice returns the text of [start, end), clamped to the document.
func (d *Document) Slice(start, end int) string {
	start = max(0, min(start, len(d.runes)))
	end = max(start, min(end, len(d.runes)))
	return string(d.runes[start:end])
}

// newSource builds the source document: one unit per non-blank line.
func newSource(raw string) Document {
	var lines []string
	for _, l := range strings.Split(raw, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	d := Document{Text: strings.Join(lines, "\n")}
	d.runes = []rune(d.Text)
	pos := 0
	for i, l := range lines {
		n := len([]rune(l))
		d.Units = append(d.Units, Unit{Start: pos, End: pos + n, Number: i + 1, Speaker: speakerOf(l)})
		pos += n + 1
	}
	return d
}

// speakerOf returns the label before the colon of "NAME: words", where the label is
// written in capitals ("WORKER", "DR OKAFOR", "INTERPRETER (DARI)").
func speakerOf(line string) string {
	label, _, ok := strings.Cut(line, ":")
	if !ok || label == "" || len([]rune(label)) > 40 {
		return ""
	}
	hasLetter := false
	for _, r := range label {
		switch {
		case unicode.IsUpper(r):
			hasLetter = true
		case unicode.IsLower(r):
			return ""
		case unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(" ()'’.-/&", r):
		default:
			return ""
		}
	}
	if !hasLetter {
		return ""
	}
	return label
}

// listMarker reports whether a note line starts a list item, which keeps its own line.
func listMarker(line string) bool {
	if strings.HasPrefix(line, "- ") || strings.HasPrefix(line, "* ") || strings.HasPrefix(line, "• ") {
		return true
	}
	i := strings.IndexFunc(line, func(r rune) bool { return !unicode.IsDigit(r) })
	return i > 0 && i < 3 && (strings.HasPrefix(line[i:], ". ") || strings.HasPrefix(line[i:], ") "))
}

// newNote builds the note document. Paragraphs are separated by blank lines; within a
// paragraph wrapped lines are joined with a space, but list items and lines ending in a
// colon keep their own line. Units are sentences.
func newNote(raw string) Document {
	var paras [][]string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			paras = append(paras, cur)
			cur = nil
		}
	}
	for _, l := range strings.Split(raw, "\n") {
		l = strings.Join(strings.Fields(l), " ")
		switch {
		case l == "":
			flush()
		case len(cur) == 0 || listMarker(l) || strings.HasSuffix(cur[len(cur)-1], ":"):
			cur = append(cur, l)
		default:
			cur[len(cur)-1] += " " + l
		}
	}
	flush()

	var b strings.Builder
	var units []Unit
	pos := 0
	for p, items := range paras {
		if p > 0 {
			b.WriteString("\n\n")
			pos += 2
		}
		for i, item := range items {
			if i > 0 {
				b.WriteString("\n")
				pos++
			}
			for _, s := range splitSentences([]rune(item)) {
				units = append(units, Unit{Start: pos + s[0], End: pos + s[1], Number: len(units) + 1, Para: p, Item: i})
			}
			b.WriteString(item)
			pos += len([]rune(item))
		}
	}
	d := Document{Text: b.String(), Units: units}
	d.runes = []rune(d.Text)
	return d
}

// abbreviations end with a full stop but rarely end a sentence.
var abbreviations = map[string]bool{
	"e.g.": true, "i.e.": true, "etc.": true, "Mr.": true, "Mrs.": true, "Ms.": true,
	"Dr.": true, "St.": true, "approx.": true, "no.": true, "No.": true, "vs.": true,
}

// splitSentences returns [start, end) pairs covering the sentences of one line of text.
// A sentence ends at . ! or ? (and any closing quotes or brackets) followed by a space.
func splitSentences(rs []rune) [][2]int {
	var out [][2]int
	start := 0
	for i := 0; i < len(rs); i++ {
		if rs[i] != '.' && rs[i] != '!' && rs[i] != '?' {
			continue
		}
		end := i + 1
		for end < len(rs) && strings.ContainsRune(`"'”’)]`, rs[end]) {
			end++
		}
		if end >= len(rs) || rs[end] != ' ' {
			continue
		}
		if rs[i] == '.' && (abbreviations[lastWord(rs[start:i+1])] || isListNumber(rs[start:i])) {
			continue
		}
		out = append(out, [2]int{start, end})
		start = end + 1
		i = end
	}
	if start < len(rs) {
		out = append(out, [2]int{start, len(rs)})
	}
	return out
}

// isListNumber reports whether a would-be sentence is only the number of a numbered item,
// as in "1. Book a review."
func isListNumber(rs []rune) bool {
	if len(rs) == 0 || len(rs) > 3 {
		return false
	}
	for _, r := range rs {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func lastWord(rs []rune) string {
	i := len(rs)
	for i > 0 && rs[i-1] != ' ' {
		i--
	}
	return string(rs[i:])
}
