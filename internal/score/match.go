package score

import "math"

// fit describes how one flag relates to one flaw it overlaps.
type fit struct {
	flaw    int
	overlap int     // code points shared
	jaccard float64 // overlap / union, for breaking ties toward the closer flag
	verdict Reason  // "" when the span is right, else WeakOverlap or TooBroad
}

// valid reports whether s is a non-empty span at a non-negative offset. Anything else is
// malformed input; keeping it out of the arithmetic also rules out integer overflow.
func valid(s Span) bool { return s.Start >= 0 && s.End > s.Start }

// cover returns the span from the start of the first unit that overlaps the flaw to the end of
// the last one: the sentence or line a keyboard user would flag. Without units it is the flaw.
func cover(f Span, units []Span) Span {
	c := f
	for _, u := range units {
		if valid(u) && u.Start < f.End && f.Start < u.End {
			c.Start, c.End = min(c.Start, u.Start), max(c.End, u.End)
		}
	}
	return c
}

// slack is how far, in code points, a flag may reach past a flaw's cover on either side and
// still not count as too broad: enough for a stray space or closing quote.
const slack = 3

// classify returns how flag g relates to flaw f, whose cover is c; ok is false when they do
// not overlap at all.
func classify(f, c, g Span) (ft fit, ok bool) {
	if f.Doc != g.Doc || !valid(f) || !valid(g) {
		return fit{}, false
	}
	lo, hi := max(f.Start, g.Start), min(f.End, g.End)
	if hi <= lo {
		return fit{}, false
	}
	ft.overlap = hi - lo
	ft.jaccard = float64(ft.overlap) / float64(max(f.End, g.End)-min(f.Start, g.Start))
	lf, lg := f.End-f.Start, g.End-g.Start
	// The comparisons are written as differences so huge offsets cannot overflow.
	switch {
	case ft.overlap < min(lf, lg)-ft.overlap: // overlap*2 < min(len)
		ft.verdict = WeakOverlap
	case (c.Start-g.Start > slack || g.End-c.End > slack) && lg-lf > lf: // len(g) > 2*len(f)
		ft.verdict = TooBroad
	}
	return ft, true
}

// fitAll returns, for each flag, its fits with every flaw it overlaps, in flaw order.
func fitAll(key Key, flags []Flag) [][]fit {
	covers := make([]Span, len(key.Flaws))
	for i, f := range key.Flaws {
		covers[i] = cover(f.Span, key.Units[f.Span.Doc])
	}
	fits := make([][]fit, len(flags))
	for k, g := range flags {
		for i, f := range key.Flaws {
			if ft, ok := classify(f.Span, covers[i], g.Span); ok {
				ft.flaw = i
				fits[k] = append(fits[k], ft)
			}
		}
	}
	return fits
}

// whySpurious explains an unmatched flag from its fits, given match (flaw -> flag). A flag
// that is span-right for some flaw is a duplicate, because the matching never leaves a
// span-right flag and flaw both unmatched (pairing them would earn more). Otherwise the flaw
// it overlaps most says what went wrong.
func whySpurious(fits []fit, match []int) (Reason, int) {
	dup, best := -1, -1
	for j, ft := range fits {
		if ft.verdict == "" && match[ft.flaw] >= 0 {
			if dup < 0 || ft.jaccard > fits[dup].jaccard {
				dup = j
			}
		}
		if best < 0 || ft.overlap > fits[best].overlap {
			best = j
		}
	}
	switch {
	case dup >= 0:
		return Duplicate, fits[dup].flaw
	case best >= 0 && fits[best].verdict != "":
		return fits[best].verdict, fits[best].flaw
	default:
		return NoOverlap, -1
	}
}

// bestMatching returns, for each flaw, the index of the flag matched to it or -1. It solves
// the assignment problem exactly, maximising first the credit earned, then the number of
// pairs (each unmatched flag costs a penalty), then the summed Jaccard overlap.
func bestMatching(key Key, flags []Flag, fits [][]fit, weights []float64, partial float64) []int {
	match := make([]int, len(key.Flaws))
	for i := range match {
		match[i] = -1
	}
	// Only flaws and flags with at least one span-right partner take part; the rest would
	// only add zero rows and columns.
	rowOf := map[int]int{}
	var rows, cols []int
	for k := range flags {
		added := false
		for _, ft := range fits[k] {
			if ft.verdict != "" {
				continue
			}
			if !added {
				cols, added = append(cols, k), true
			}
			if _, ok := rowOf[ft.flaw]; !ok {
				rowOf[ft.flaw] = len(rows)
				rows = append(rows, ft.flaw)
			}
		}
	}
	if len(rows) == 0 {
		return match
	}
	maxW := 0.0
	for _, i := range rows {
		maxW = max(maxW, weights[i])
	}
	scale := creditScale(maxW, min(len(rows), len(cols)))
	value := make([][]lex, len(rows))
	for r := range value {
		value[r] = make([]lex, len(cols))
	}
	for c, k := range cols {
		for _, ft := range fits[k] {
			if ft.verdict != "" {
				continue
			}
			credit := weights[ft.flaw]
			if flags[k].Category != key.Flaws[ft.flaw].Category {
				credit *= partial
			}
			value[rowOf[ft.flaw]][c] = lex{
				int64(math.Round(credit * scale)),
				1,
				int64(math.Round(ft.jaccard * 1e9)),
			}
		}
	}
	for r, c := range assign(value) {
		if c >= 0 {
			match[rows[r]] = cols[c]
		}
	}
	return match
}

// creditScale returns the factor that turns credits into integers for the exact assignment.
// A millionth of a weight keeps every credit exact for weights and partial credits with up to
// six decimals; only absurdly large weights get a coarser scale, to stay clear of overflow.
func creditScale(maxCredit float64, pairs int) float64 {
	const limit = 1 << 58
	scale := 1e6
	if maxCredit > 0 && maxCredit*scale*float64(pairs+1) > limit {
		scale = limit / (maxCredit * float64(pairs+1))
	}
	return scale
}
