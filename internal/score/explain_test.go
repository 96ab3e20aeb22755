package score

import "testing"

// TestWorkedExamples checks every number quoted in the worked examples of docs/scoring.md.
func TestWorkedExamples(t *testing.T) {
	tests := []struct {
		name                      string
		key                       Key
		flags                     []Flag
		earned, possible, penalty float64
		score                     float64
		explain                   string
	}{{
		name:     "example 1: a typical attempt",
		key:      fixtureKey(t),
		flags:    exampleFlags(t),
		earned:   7.5,
		possible: 10,
		penalty:  0.05,
		score:    0.70,
		explain:  "You found 3 of 5 issues, worth 70%. One had the wrong category (+5%). One flag was not an issue (−5%). Score: 70%.",
	}, {
		name:     "example 2: the whole note",
		key:      fixtureKey(t),
		flags:    []Flag{{Span: at(t, Note, testNote), Category: "fabrication"}},
		possible: 10,
		penalty:  0.05,
		explain:  "You found 0 of 5 issues, worth 0%. One flag was not an issue (−5%). Score: 0% (a mark never goes below zero).",
	}, {
		name:     "example 3: assignment beats greedy",
		key:      synthetic([]Span{note(0, 50)}, note(10, 20), note(30, 40)),
		flags:    []Flag{{note(10, 38), "a"}, {note(15, 25), "a"}},
		earned:   6,
		possible: 6,
		score:    1,
		explain:  "You found 2 of 2 issues, worth 100%. Score: 100%.",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Score(tt.key, tt.flags, DefaultOptions())
			checkConsistent(t, tt.key, tt.flags, res)
			if !approx(res.Earned, tt.earned) || !approx(res.Possible, tt.possible) ||
				!approx(res.Penalty, tt.penalty) || !approx(res.Score, tt.score) {
				t.Errorf("earned %v possible %v penalty %v score %v, want %v %v %v %v",
					res.Earned, res.Possible, res.Penalty, res.Score, tt.earned, tt.possible, tt.penalty, tt.score)
			}
			if got := res.Explain(); got != tt.explain {
				t.Errorf("Explain() =\n%q\nwant\n%q", got, tt.explain)
			}
		})
	}
}

// TestExplain checks the wording, singulars and plurals, and that the parts add up.
func TestExplain(t *testing.T) {
	fx := fixtureKey(t)
	thirds := Key{Flaws: []Flaw{
		{Category: "a", Severity: Low, Span: note(0, 10)},
		{Category: "a", Severity: Low, Span: note(20, 30)},
		{Category: "a", Severity: Low, Span: note(40, 50)},
	}}
	odd := DefaultOptions()
	odd.SpuriousPenalty = 0.033
	stray := Flag{note(100, 110), "a"}
	tests := []struct {
		name  string
		key   Key
		flags []Flag
		opt   Options
		want  string
	}{{
		name: "nothing flagged",
		key:  fx,
		opt:  DefaultOptions(),
		want: "You found 0 of 5 issues, worth 0%. Score: 0%.",
	}, {
		name:  "one issue, found",
		key:   synthetic(nil, note(0, 10)),
		opt:   DefaultOptions(),
		flags: []Flag{{note(0, 10), "a"}},
		want:  "You found 1 of 1 issue, worth 100%. Score: 100%.",
	}, {
		name: "plurals",
		key:  fx,
		opt:  DefaultOptions(),
		flags: []Flag{
			flag(t, Note, "manipulative", "privacy"),
			flag(t, Note, "tired", "fabrication"),
			flag(t, Note, "her teacher", "fabrication"),
			flag(t, Note, "aged 8", "privacy"),
		},
		want: "You found 0 of 5 issues, worth 0%. Two had the wrong category (+10%). Two flags were not issues (−10%). Score: 0%.",
	}, {
		name:  "rounded parts add up",
		key:   thirds,
		opt:   DefaultOptions(),
		flags: []Flag{{note(0, 10), "a"}, {note(20, 30), "b"}},
		want:  "You found 1 of 3 issues, worth 33%. One had the wrong category (+17%). Score: 50%.",
	}, {
		name:  "a penalty that is not a whole percentage is shown as the difference",
		key:   thirds,
		opt:   odd,
		flags: []Flag{{note(0, 10), "a"}, {note(20, 30), "a"}, stray},
		want:  "You found 2 of 3 issues, worth 67%. One flag was not an issue (−4%). Score: 63%.",
	}, {
		name:  "many stray flags",
		key:   thirds,
		opt:   DefaultOptions(),
		flags: []Flag{{note(0, 10), "a"}, stray, stray, stray, stray, stray, stray, stray, stray, stray, stray, stray, stray},
		want:  "You found 1 of 3 issues, worth 33%. 12 flags were not issues (−60%). Score: 0% (a mark never goes below zero).",
	}, {
		name:  "no issues to find",
		key:   Key{},
		opt:   DefaultOptions(),
		flags: []Flag{stray},
		want:  "There were no issues to find. One flag was not an issue (−5%). Score: 0% (a mark never goes below zero).",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Score(tt.key, tt.flags, tt.opt).Explain(); got != tt.want {
				t.Errorf("Explain() =\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}
