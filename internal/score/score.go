package score

import (
	"cmp"
	"math"
	"slices"
)

// Document names one of the two texts of a scenario that a span can point into.
type Document string

// The two documents of a scenario.
const (
	Note   Document = "note"   // the AI-drafted note under review
	Source Document = "source" // the transcript; omissions are anchored here
)

// Span is a half-open range [Start, End) of Unicode code point offsets in one document.
type Span struct {
	Doc        Document
	Start, End int
}

// Severity says how much a flaw matters; it decides the flaw's weight in the score.
type Severity string

// The severities an answer key may use.
const (
	Low    Severity = "low"
	Medium Severity = "medium"
	High   Severity = "high"
)

// Flaw is one entry of an educator's answer key.
type Flaw struct {
	ID, Category string
	Severity     Severity
	Span         Span
}

// Key is everything scoring needs to know about a scenario.
type Key struct {
	Flaws []Flaw
	// Units are the sentences of the note and the lines of the source, in order, as spans.
	// They decide how broad a flag may be and still earn span credit.
	Units map[Document][]Span
}

// Flag is one learner's claim that a span holds a flaw of a category.
type Flag struct {
	Span     Span
	Category string
}

// Options are the knobs an educator or operator may turn; see DefaultOptions.
type Options struct {
	Weights         map[Severity]float64 // default low 1, medium 2, high 3
	PartialCredit   float64              // share of a flaw's weight earned with the wrong category; default 0.5
	SpuriousPenalty float64              // subtracted from the 0–1 score per spurious flag; default 0.05
}

// DefaultOptions returns the weights, partial credit and penalty Redpen uses unless a
// course says otherwise.
func DefaultOptions() Options {
	return Options{
		Weights:         map[Severity]float64{Low: 1, Medium: 2, High: 3},
		PartialCredit:   0.5,
		SpuriousPenalty: 0.05,
	}
}

// FlawOutcome says how well a key flaw was caught.
type FlawOutcome string

// FlagOutcome says what a learner's flag turned out to be.
type FlagOutcome string

// The outcomes of flaws and flags.
const (
	Found       FlawOutcome = "found"   // span and category right
	PartlyFound FlawOutcome = "partial" // span right, category wrong
	Missed      FlawOutcome = "missed"

	Correct       FlagOutcome = "correct"
	PartlyCorrect FlagOutcome = "partial"
	Spurious      FlagOutcome = "spurious"
)

// Reason says why a flag earned nothing, for the learner's feedback.
type Reason string

// The reasons a flag can be spurious. A matched flag has the empty Reason.
const (
	NoOverlap   Reason = "no-overlap"   // touches no flaw in its document, or its span is empty
	TooBroad    Reason = "too-broad"    // reaches well past the sentence or line of the flaw
	WeakOverlap Reason = "weak-overlap" // shares too little with the flaw
	Duplicate   Reason = "duplicate"    // right for a flaw that another flag already earned
)

// FlawResult is the verdict on one key flaw.
type FlawResult struct {
	Outcome FlawOutcome
	Flag    int     // index into the flags passed to Score, -1 if missed
	Credit  float64 // weight earned
	Weight  float64
}

// FlagResult is the verdict on one learner flag.
type FlagResult struct {
	Outcome FlagOutcome
	Flaw    int // index into key.Flaws, -1 if spurious
	Reason  Reason
	Near    int // for Duplicate, TooBroad and WeakOverlap: the flaw it touched, else -1
}

// CategoryStats is how one category fared: recall over the key's flaws of that category and
// precision over the learner's flags that named it.
type CategoryStats struct {
	Category                       string
	Flaws, Found, Flagged, Correct int
	Precision, Recall, F1          float64
}

// Result is the outcome of scoring one attempt.
type Result struct {
	Score                     float64 // 0..1
	Earned, Possible, Penalty float64
	Found, Partial, Missed    int
	Spurious                  int
	Flaws                     []FlawResult    // same order as key.Flaws
	Flags                     []FlagResult    // same order as the flags passed in
	Categories                []CategoryStats // sorted by category id; every category used by a flaw or a flag
}

// Score matches flags to key flaws one to one, maximising the credit earned, and computes the
// mark. The rules are in docs/scoring.md. Score never panics on malformed spans: they are
// spurious flags or flaws that cannot be found.
func Score(key Key, flags []Flag, opt Options) Result {
	opt = opt.sanitised()
	order := canonicalOrder(flags)
	sorted := make([]Flag, len(flags))
	for k, i := range order {
		sorted[k] = flags[i]
	}
	weights := make([]float64, len(key.Flaws))
	for i, f := range key.Flaws {
		weights[i] = opt.weight(f.Severity)
	}
	fits := fitAll(key, sorted)
	match := bestMatching(key, sorted, fits, weights, opt.PartialCredit)

	res := Result{Flaws: make([]FlawResult, len(key.Flaws)), Flags: make([]FlagResult, len(flags))}
	flawOf := res.judgeFlaws(key, sorted, order, match, weights, opt.PartialCredit)
	res.judgeFlags(key, sorted, order, flawOf, fits, match)
	if res.Spurious > 0 {
		res.Penalty = opt.SpuriousPenalty * float64(res.Spurious)
	}
	if res.Possible > 0 {
		res.Score = min(max(res.Earned/res.Possible-res.Penalty, 0), 1)
	}
	res.Categories = categoryStats(key, flags, res)
	return res
}

// canonicalOrder returns the indices of flags sorted by document, start, end and category, so
// that matching never depends on the order a learner happened to make their flags in. The
// sort is stable: identical flags keep their order, and are interchangeable anyway.
func canonicalOrder(flags []Flag) []int {
	order := make([]int, len(flags))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		fa, fb := flags[a], flags[b]
		return cmp.Or(
			cmp.Compare(fa.Span.Doc, fb.Span.Doc),
			cmp.Compare(fa.Span.Start, fb.Span.Start),
			cmp.Compare(fa.Span.End, fb.Span.End),
			cmp.Compare(fa.Category, fb.Category),
		)
	})
	return order
}

// sanitised returns opt with nonsense values made harmless, so a bad course setting can
// never push a score outside 0..1 or turn it into NaN. A nil Weights map means the defaults.
func (o Options) sanitised() Options {
	out := Options{Weights: map[Severity]float64{}}
	for s, w := range DefaultOptions().Weights {
		out.Weights[s] = w
	}
	for s, w := range o.Weights {
		out.Weights[s] = finite(w, 0, maxWeight)
	}
	out.PartialCredit = finite(o.PartialCredit, 0, 1)
	// A penalty above 1 per flag already drives any score to 0, so capping it changes no
	// score and keeps Penalty finite.
	out.SpuriousPenalty = finite(o.SpuriousPenalty, 0, 1)
	return out
}

// weight returns the weight of a severity; one the options do not know weighs as medium,
// so a flaw with a typo in its severity still counts.
func (o Options) weight(s Severity) float64 {
	if w, ok := o.Weights[s]; ok {
		return w
	}
	return o.Weights[Medium]
}

// maxWeight caps a severity weight. Weights only matter relative to each other, and the cap
// keeps sums of weights far from overflowing to +Inf.
const maxWeight = 1e6

// finite clamps x to [lo, hi] and maps NaN to lo.
func finite(x, lo, hi float64) float64 {
	if math.IsNaN(x) {
		return lo
	}
	return min(max(x, lo), hi)
}
