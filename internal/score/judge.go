package score

// judgeFlaws fills in the verdict on every flaw and the totals, given match (flaw -> index
// into sorted, whose original indices are in order). It returns the inverse of match.
func (res *Result) judgeFlaws(key Key, sorted []Flag, order, match []int, weights []float64, partial float64) []int {
	flawOf := make([]int, len(sorted))
	for k := range flawOf {
		flawOf[k] = -1
	}
	for i, f := range key.Flaws {
		fr := FlawResult{Outcome: Missed, Flag: -1, Weight: weights[i]}
		if k := match[i]; k >= 0 {
			flawOf[k] = i
			fr.Flag = order[k]
			fr.Outcome, fr.Credit = Found, weights[i]
			if sorted[k].Category != f.Category {
				fr.Outcome, fr.Credit = PartlyFound, weights[i]*partial
			}
		}
		switch fr.Outcome {
		case Found:
			res.Found++
		case PartlyFound:
			res.Partial++
		default:
			res.Missed++
		}
		res.Earned += fr.Credit
		res.Possible += fr.Weight
		res.Flaws[i] = fr
	}
	return flawOf
}

// judgeFlags fills in the verdict on every flag, in the caller's order.
func (res *Result) judgeFlags(key Key, sorted []Flag, order, flawOf []int, fits [][]fit, match []int) {
	for k := range sorted {
		fr := FlagResult{Flaw: flawOf[k], Near: -1}
		switch {
		case fr.Flaw < 0:
			fr.Outcome = Spurious
			fr.Reason, fr.Near = whySpurious(fits[k], match)
			res.Spurious++
		case sorted[k].Category == key.Flaws[fr.Flaw].Category:
			fr.Outcome = Correct
		default:
			fr.Outcome = PartlyCorrect
		}
		res.Flags[order[k]] = fr
	}
}
