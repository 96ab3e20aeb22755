package score

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

// The fixture is a small child-in-need visit, written so that its offsets can be read off the
// text. docs/scoring.md uses the same case for its worked examples.
const (
	testNote = "Maya, aged 8, was seen at home with her mother — a short visit. " +
		"Maya said school is fine and she likes her teacher. " +
		"Maya has no worries about home. " +
		"A referral to the family support team was agreed. " +
		"Mother was tired and manipulative during the visit."
	testSource = "WORKER: How are things at school, Maya?\n" +
		"MAYA: Fine. I like my teacher.\n" +
		"WORKER: And at home?\n" +
		"MAYA: Mum and dad shout and I go under my bed.\n" +
		"MOTHER: She’s fine, really. We can talk about support next time."
)

// Indices of the fixture's flaws in fixtureKey.
const (
	lostVoice = iota
	noWorries
	inventedReferral
	manipulative
	tired
)

func fixtureKey(tb testing.TB) Key {
	tb.Helper()
	return Key{
		Flaws: []Flaw{
			{ID: "lost-voice", Category: "omission", Severity: High, Span: at(tb, Source, "shout and I go under my bed")},
			{ID: "no-worries", Category: "distortion", Severity: High, Span: at(tb, Note, "Maya has no worries about home.")},
			{ID: "invented-referral", Category: "fabrication", Severity: Medium, Span: at(tb, Note, "A referral to the family support team was agreed.")},
			{ID: "manipulative", Category: "biased-language", Severity: Low, Span: at(tb, Note, "manipulative")},
			{ID: "tired", Category: "opinion-as-fact", Severity: Low, Span: at(tb, Note, "tired")},
		},
		Units: map[Document][]Span{Note: sentences(testNote), Source: lines(testSource)},
	}
}

// at returns the span of quote, which must occur exactly once in the document, in code points.
func at(tb testing.TB, doc Document, quote string) Span {
	tb.Helper()
	text := testNote
	if doc == Source {
		text = testSource
	}
	i := strings.Index(text, quote)
	if i < 0 || strings.Count(text, quote) != 1 {
		tb.Fatalf("quote %q must occur once in the %s", quote, doc)
	}
	start := utf8.RuneCountInString(text[:i])
	return Span{Doc: doc, Start: start, End: start + utf8.RuneCountInString(quote)}
}

// flag is a Flag on the quoted text.
func flag(tb testing.TB, doc Document, quote, category string) Flag {
	tb.Helper()
	return Flag{Span: at(tb, doc, quote), Category: category}
}

// sentences splits the note after each ". ", as the scenario parser does for the note.
func sentences(text string) []Span {
	var out []Span
	start := 0
	runes := []rune(text)
	for i := range runes {
		if runes[i] == '.' && (i+1 == len(runes) || runes[i+1] == ' ') {
			out = append(out, Span{Doc: Note, Start: start, End: i + 1})
			start = i + 2
		}
	}
	return out
}

// lines splits the source into lines, without their newlines.
func lines(text string) []Span {
	var out []Span
	start := 0
	for _, l := range strings.Split(text, "\n") {
		n := utf8.RuneCountInString(l)
		out = append(out, Span{Doc: Source, Start: start, End: start + n})
		start += n + 1
	}
	return out
}

// exampleFlags are the learner's flags in docs/scoring.md, example 1.
func exampleFlags(tb testing.TB) []Flag {
	tb.Helper()
	return []Flag{
		flag(tb, Source, "MAYA: Mum and dad shout and I go under my bed.", "omission"),
		flag(tb, Note, "Maya has no worries about home.", "distortion"),
		flag(tb, Note, "manipulative", "biased-language"),
		flag(tb, Note, "tired", "fabrication"),
		flag(tb, Note, "her teacher", "fabrication"),
	}
}

func approx(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// checkConsistent fails unless the cross-references and totals in res agree with each other.
func checkConsistent(tb testing.TB, key Key, flags []Flag, res Result) {
	tb.Helper()
	if len(res.Flaws) != len(key.Flaws) || len(res.Flags) != len(flags) {
		tb.Fatalf("got %d flaw and %d flag results for %d flaws and %d flags",
			len(res.Flaws), len(res.Flags), len(key.Flaws), len(flags))
	}
	if res.Found+res.Partial+res.Missed != len(key.Flaws) {
		tb.Errorf("found+partial+missed = %d, want %d", res.Found+res.Partial+res.Missed, len(key.Flaws))
	}
	for i, fr := range res.Flaws {
		if fr.Flag >= 0 && res.Flags[fr.Flag].Flaw != i {
			tb.Errorf("flaw %d names flag %d, which names flaw %d", i, fr.Flag, res.Flags[fr.Flag].Flaw)
		}
	}
	spurious := 0
	for k, fr := range res.Flags {
		if fr.Flaw >= 0 && res.Flaws[fr.Flaw].Flag != k {
			tb.Errorf("flag %d names flaw %d, which names flag %d", k, fr.Flaw, res.Flaws[fr.Flaw].Flag)
		}
		if (fr.Outcome == Spurious) != (fr.Reason != "") || (fr.Outcome == Spurious) != (fr.Flaw < 0) {
			tb.Errorf("flag %d: inconsistent %+v", k, fr)
		}
		if fr.Outcome == Spurious {
			spurious++
		}
	}
	if spurious != res.Spurious {
		tb.Errorf("Spurious = %d, counted %d", res.Spurious, spurious)
	}
	if res.Score < 0 || res.Score > 1 || math.IsNaN(res.Score) {
		tb.Fatalf("Score = %v, outside [0,1]", res.Score)
	}
	want := 0.0
	if res.Possible > 0 {
		want = min(max(res.Earned/res.Possible-res.Penalty, 0), 1)
	}
	if res.Score != want {
		tb.Errorf("Score = %v, want clamp(%v/%v - %v) = %v", res.Score, res.Earned, res.Possible, res.Penalty, want)
	}
}
