package score

import (
	"cmp"
	"slices"
)

// categoryStats returns precision, recall and F1 for every category a flaw or a flag uses,
// sorted by category id, so an educator sees which kinds of error a learner catches.
func categoryStats(key Key, flags []Flag, res Result) []CategoryStats {
	by := map[string]*CategoryStats{}
	get := func(c string) *CategoryStats {
		if by[c] == nil {
			by[c] = &CategoryStats{Category: c}
		}
		return by[c]
	}
	for i, f := range key.Flaws {
		s := get(f.Category)
		s.Flaws++
		if res.Flaws[i].Outcome == Found {
			s.Found++
		}
	}
	for k, g := range flags {
		s := get(g.Category)
		s.Flagged++
		if res.Flags[k].Outcome == Correct {
			s.Correct++
		}
	}
	out := make([]CategoryStats, 0, len(by))
	for _, s := range by {
		s.Recall = ratio(s.Found, s.Flaws)
		s.Precision = ratio(s.Correct, s.Flagged)
		if s.Precision+s.Recall > 0 {
			s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
		}
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b CategoryStats) int { return cmp.Compare(a.Category, b.Category) })
	return out
}

// ratio is a/b, or 0 when b is 0 (nothing to measure is not a failure).
func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
