package score

import (
	"math"
	"testing"
)

// TestScoreSeverity checks that credit follows the flaw's severity weight.
func TestScoreSeverity(t *testing.T) {
	key := Key{Flaws: []Flaw{
		{ID: "l", Category: "a", Severity: Low, Span: note(0, 10)},
		{ID: "m", Category: "a", Severity: Medium, Span: note(20, 30)},
		{ID: "h", Category: "a", Severity: High, Span: note(40, 50)},
	}}
	custom := DefaultOptions()
	custom.Weights = map[Severity]float64{Low: 1, High: 5} // medium keeps its default, 2
	tests := []struct {
		name     string
		opt      Options
		flags    []Flag
		earned   float64
		possible float64
	}{
		{"low only", DefaultOptions(), []Flag{{note(0, 10), "a"}}, 1, 6},
		{"medium only", DefaultOptions(), []Flag{{note(20, 30), "a"}}, 2, 6},
		{"high only", DefaultOptions(), []Flag{{note(40, 50), "a"}}, 3, 6},
		{"high with wrong category", DefaultOptions(), []Flag{{note(40, 50), "b"}}, 1.5, 6},
		{"all three", DefaultOptions(), []Flag{{note(0, 10), "a"}, {note(20, 30), "a"}, {note(40, 50), "a"}}, 6, 6},
		{"custom weights", custom, []Flag{{note(40, 50), "a"}}, 5, 8},
		{"zero options: default weights, no partial credit", Options{}, []Flag{{note(40, 50), "b"}}, 0, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Score(key, tt.flags, tt.opt)
			checkConsistent(t, key, tt.flags, res)
			if !approx(res.Earned, tt.earned) || !approx(res.Possible, tt.possible) ||
				!approx(res.Score, tt.earned/tt.possible) {
				t.Errorf("earned %v of %v (score %v), want %v of %v", res.Earned, res.Possible, res.Score, tt.earned, tt.possible)
			}
		})
	}
}

// TestScorePenalty checks the spurious-flag penalty and the floor at zero.
func TestScorePenalty(t *testing.T) {
	key := synthetic(nil, note(0, 10), note(20, 30))
	hit := Flag{note(0, 10), "a"}
	stray := Flag{note(100, 110), "a"}
	noPenalty := DefaultOptions()
	noPenalty.SpuriousPenalty = 0
	tests := []struct {
		name    string
		opt     Options
		strays  int
		score   float64
		penalty float64
	}{
		{"no stray flags", DefaultOptions(), 0, 0.5, 0},
		{"one stray flag", DefaultOptions(), 1, 0.45, 0.05},
		{"three stray flags", DefaultOptions(), 3, 0.35, 0.15},
		{"penalty equal to the credit", DefaultOptions(), 10, 0, 0.5},
		{"floor at zero", DefaultOptions(), 20, 0, 1},
		{"penalty switched off", noPenalty, 20, 0.5, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			flags := []Flag{hit}
			for range tt.strays {
				flags = append(flags, stray)
			}
			res := Score(key, flags, tt.opt)
			checkConsistent(t, key, flags, res)
			if !approx(res.Score, tt.score) || !approx(res.Penalty, tt.penalty) || res.Spurious != tt.strays {
				t.Errorf("score %v penalty %v spurious %d, want %v %v %d",
					res.Score, res.Penalty, res.Spurious, tt.score, tt.penalty, tt.strays)
			}
		})
	}
}

// TestScoreOptions ensures that nonsense options are made harmless rather than producing a
// score outside 0..1.
func TestScoreOptions(t *testing.T) {
	key := synthetic(nil, note(0, 10), note(20, 30))
	flags := []Flag{{note(0, 10), "b"}, {note(50, 60), "a"}}
	nan := math.NaN()
	tests := []struct {
		name    string
		opt     Options
		score   float64
		partial FlawOutcome
	}{
		{"defaults", DefaultOptions(), 0.25 - 0.05, PartlyFound},
		{"no partial credit still reports partial", Options{PartialCredit: 0, SpuriousPenalty: 0}, 0, PartlyFound},
		{"NaN partial credit and penalty count as zero", Options{PartialCredit: nan, SpuriousPenalty: nan}, 0, PartlyFound},
		{"partial credit above 1 counts as 1", Options{PartialCredit: 7}, 0.5, PartlyFound},
		{"negative penalty counts as zero", Options{PartialCredit: 1, SpuriousPenalty: -1}, 0.5, PartlyFound},
		{"all weights zero", Options{Weights: map[Severity]float64{High: 0}}, 0, PartlyFound},
		{"infinite weight is capped", Options{Weights: map[Severity]float64{High: math.Inf(1)}, PartialCredit: 1}, 0.5, PartlyFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Score(key, flags, tt.opt)
			checkConsistent(t, key, flags, res)
			if !approx(res.Score, tt.score) || res.Flaws[0].Outcome != tt.partial {
				t.Errorf("score %v, flaw 0 %s; want %v, %s", res.Score, res.Flaws[0].Outcome, tt.score, tt.partial)
			}
		})
	}
}
