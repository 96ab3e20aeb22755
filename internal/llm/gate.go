package llm

import (
	"fmt"
	"strings"

	"github.com/redpen-social/redpen/internal/pii"
)

// Mode is what the gate does when a prompt holds personal data.
type Mode string

// Modes.
const (
	// ModeBlock refuses to send the prompt.
	ModeBlock Mode = "block"
	// ModeRedact replaces each finding with a placeholder such as "[NHS-NUMBER]".
	ModeRedact Mode = "redact"
)

// Prompt is what a feature asks of the model, in labelled parts so that the gate can say
// which part held personal data.
type Prompt struct {
	Parts []Part
	// Fictional is made-up material from the content files, such as a scenario's source and
	// note. An identifier that also appears in it word for word (say "Mrs Campbell" in a
	// learner's rationale about that case) is a detail of the fictional case and may pass;
	// any other identifier is treated as real. NHS and National Insurance numbers never
	// pass: authors of fictional cases should use numbers that fail the check digit.
	Fictional []string
}

// Part is one piece of a prompt.
type Part struct {
	// Heading, when set, is written above the text in the prompt.
	Heading string
	Text    string
	// Label names the part for people when the gate stops it ("Your prompt"); it defaults
	// to the heading.
	Label string
}

// Flagged is a part of a prompt with the personal data the gate found in it.
type Flagged struct {
	Label    string
	Text     string
	Findings []pii.Finding
}

// BlockedError is returned when the gate stops a prompt. Its message counts the findings
// by kind but never repeats them, so it is safe to log.
type BlockedError struct {
	Parts []Flagged
}

func (e *BlockedError) Error() string {
	counts := map[pii.Kind]int{}
	for _, p := range e.Parts {
		for _, f := range p.Findings {
			counts[f.Kind]++
		}
	}
	var words []string
	for _, k := range pii.Kinds() {
		if n := counts[k]; n > 0 {
			words = append(words, fmt.Sprintf("%d × %s", n, strings.ToLower(k.Label())))
		}
	}
	return "the prompt was not sent because it contains personal data: " + strings.Join(words, ", ")
}

type gate struct{ mode Mode }

// apply returns the prompt text to send, what was redacted, or a *BlockedError.
func (g gate) apply(p Prompt) (string, []Flagged, error) {
	fictional := make([]string, len(p.Fictional))
	for i, f := range p.Fictional {
		fictional[i] = squash(f)
	}
	isReal := func(f pii.Finding) bool {
		if f.Kind == pii.NHSNumber || f.Kind == pii.NINumber {
			return true // a number with a valid check digit is too likely to be real, even in a case file
		}
		t := squash(f.Text)
		for _, fic := range fictional {
			if strings.Contains(fic, t) {
				return false
			}
		}
		return true
	}
	var flagged []Flagged
	var b strings.Builder
	for _, part := range p.Parts {
		text := part.Text
		var found []pii.Finding
		for _, f := range pii.Scan(text) {
			if isReal(f) {
				found = append(found, f)
			}
		}
		if len(found) > 0 {
			flagged = append(flagged, Flagged{Label: firstOf(part.Label, part.Heading), Text: text, Findings: found})
			text = pii.Redact(text, found)
		}
		if part.Heading != "" {
			b.WriteString(part.Heading + "\n\n")
		}
		b.WriteString(strings.TrimSpace(text) + "\n\n")
	}
	if len(flagged) > 0 && g.mode != ModeRedact {
		return "", nil, &BlockedError{Parts: flagged}
	}
	out := strings.TrimSpace(b.String())
	// The parts were clean (or cleaned); check the whole as well, in case joining them made
	// something new, such as a title at the end of one part and a name at the start of the next.
	var late []pii.Finding
	for _, f := range pii.Scan(out) {
		if isReal(f) {
			late = append(late, f)
		}
	}
	if len(late) > 0 {
		return "", nil, &BlockedError{Parts: []Flagged{{Label: "The prompt as a whole", Text: out, Findings: late}}}
	}
	return out, flagged, nil
}

// squash folds runs of white space to one space, so line breaks do not hide a match.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// Kinds returns the kinds of personal data found in the flagged parts, in pii order.
func Kinds(parts []Flagged) []pii.Kind {
	seen := map[pii.Kind]bool{}
	for _, p := range parts {
		for _, f := range p.Findings {
			seen[f.Kind] = true
		}
	}
	var out []pii.Kind
	for _, k := range pii.Kinds() {
		if seen[k] {
			out = append(out, k)
		}
	}
	return out
}
