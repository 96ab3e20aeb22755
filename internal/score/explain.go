package score

import (
	"fmt"
	"math"
	"strings"
)

// Explain returns the score in a few short plain sentences for the learner, e.g.
// "You found 3 of 5 issues, worth 70%. One had the wrong category (+5%). One flag was not an
// issue (−5%). Score: 70%."
//
// The percentages are rounded so that they add up to the score shown: the learner can check
// the sum. The score shown is Score as a whole percentage.
func (r Result) Explain() string {
	var b strings.Builder
	final := percent(r.Score)
	raw := -r.Penalty // the score before the floor at zero; nothing to earn, only to lose
	if r.Possible > 0 {
		raw += r.Earned / r.Possible
	}
	floored := raw < 0
	earned, penalty := 0, percent(r.Penalty)
	if len(r.Flaws) == 0 {
		b.WriteString("There were no issues to find.")
	} else {
		found := 0.0
		for _, f := range r.Flaws {
			if f.Outcome == Found {
				found += f.Credit
			}
		}
		if r.Possible > 0 {
			earned = percent(r.Earned / r.Possible)
			found = found / r.Possible
		}
		// Rounding is monotone, so the found share never exceeds the whole and the partial
		// share below is never negative.
		shownFound := min(percent(found), earned)
		fmt.Fprintf(&b, "You found %d of %d %s, worth %d%%.",
			r.Found, len(r.Flaws), plural(len(r.Flaws), "issue", "issues"), shownFound)
		if r.Partial > 0 {
			fmt.Fprintf(&b, " %s had the wrong category (+%d%%).", count(r.Partial), earned-shownFound)
		}
	}
	if r.Spurious > 0 {
		if !floored && r.Possible > 0 {
			// Show the penalty as the difference, so the sentence always adds up even when
			// the exact penalty is not a whole percentage.
			penalty = earned - final
		}
		fmt.Fprintf(&b, " %s %s (−%d%%).", count(r.Spurious),
			plural(r.Spurious, "flag was not an issue", "flags were not issues"), penalty)
	}
	if floored {
		fmt.Fprintf(&b, " Score: %d%% (a mark never goes below zero).", final)
	} else {
		fmt.Fprintf(&b, " Score: %d%%.", final)
	}
	return strings.TrimSpace(b.String())
}

// percent rounds a 0..1 share to a whole percentage, halves up. The tiny nudge stops float
// noise (0.655 stored as 0.65499…) from rounding the same share two ways.
func percent(x float64) int {
	return int(math.Floor(x*100 + 0.5 + 1e-9))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// count spells small counts as words, since each starts a sentence.
func count(n int) string {
	words := []string{"No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten"}
	if n >= 0 && n < len(words) {
		return words[n]
	}
	return fmt.Sprint(n)
}
