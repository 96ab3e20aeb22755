package score

import (
	"slices"
	"testing"
)

func matched(o FlagOutcome, flaw int) FlagResult {
	return FlagResult{Outcome: o, Flaw: flaw, Near: -1}
}

func spurious(r Reason, near int) FlagResult {
	return FlagResult{Outcome: Spurious, Flaw: -1, Reason: r, Near: near}
}

// synthetic returns a key with one high-severity flaw of category "a" per span.
func synthetic(units []Span, spans ...Span) Key {
	k := Key{Units: map[Document][]Span{}}
	for _, u := range units {
		k.Units[u.Doc] = append(k.Units[u.Doc], u)
	}
	for i, s := range spans {
		k.Flaws = append(k.Flaws, Flaw{ID: string(rune('x' + i)), Category: "a", Severity: High, Span: s})
	}
	return k
}

func note(start, end int) Span   { return Span{Doc: Note, Start: start, End: end} }
func source(start, end int) Span { return Span{Doc: Source, Start: start, End: end} }

// TestScore covers the matching rules of docs/scoring.md one case at a time.
func TestScore(t *testing.T) {
	fx := fixtureKey(t)
	tests := []struct {
		name  string
		key   Key
		flags []Flag
		score float64
		flaws map[int]FlawOutcome // flaws not listed must be missed
		want  []FlagResult
	}{{
		name:  "exact quote is found",
		key:   fx,
		flags: []Flag{flag(t, Note, "manipulative", "biased-language")},
		score: 0.1,
		flaws: map[int]FlawOutcome{manipulative: Found},
		want:  []FlagResult{matched(Correct, manipulative)},
	}, {
		name:  "part of the flaw is found",
		key:   fx,
		flags: []Flag{flag(t, Note, "manipul", "biased-language")},
		score: 0.1,
		flaws: map[int]FlawOutcome{manipulative: Found},
		want:  []FlagResult{matched(Correct, manipulative)},
	}, {
		name:  "whole containing sentence is found",
		key:   fx,
		flags: []Flag{flag(t, Note, "Mother was tired and manipulative during the visit.", "biased-language")},
		score: 0.1,
		flaws: map[int]FlawOutcome{manipulative: Found},
		want:  []FlagResult{matched(Correct, manipulative)},
	}, {
		name:  "whole source line is found",
		key:   fx,
		flags: []Flag{flag(t, Source, "MAYA: Mum and dad shout and I go under my bed.", "omission")},
		score: 0.3,
		flaws: map[int]FlawOutcome{lostVoice: Found},
		want:  []FlagResult{matched(Correct, lostVoice)},
	}, {
		name: "one sentence holding two flaws serves whichever the other flag leaves",
		key:  fx,
		flags: []Flag{
			flag(t, Note, "Mother was tired and manipulative during the visit.", "opinion-as-fact"),
			flag(t, Note, "manipulative", "biased-language"),
		},
		score: 0.2,
		flaws: map[int]FlawOutcome{manipulative: Found, tired: Found},
		want:  []FlagResult{matched(Correct, tired), matched(Correct, manipulative)},
	}, {
		name:  "whole note is too broad and the score floors at zero",
		key:   fx,
		flags: []Flag{{Span: at(t, Note, testNote), Category: "fabrication"}},
		score: 0,
		want:  []FlagResult{spurious(TooBroad, inventedReferral)},
	}, {
		name:  "two whole sentences are too broad for every flaw in them",
		key:   fx,
		flags: []Flag{flag(t, Note, "A referral to the family support team was agreed. Mother was tired and manipulative during the visit.", "fabrication")},
		score: 0,
		want:  []FlagResult{spurious(TooBroad, inventedReferral)},
	}, {
		name:  "two sentences can be right for a flaw at least half their length",
		key:   fx,
		flags: []Flag{flag(t, Note, "Maya has no worries about home. A referral to the family support team was agreed.", "fabrication")},
		score: 0.2,
		flaws: map[int]FlawOutcome{inventedReferral: Found},
		want:  []FlagResult{matched(Correct, inventedReferral)},
	}, {
		name:  "wrong category earns partial credit",
		key:   fx,
		flags: []Flag{flag(t, Note, "manipulative", "privacy")},
		score: 0.05,
		flaws: map[int]FlawOutcome{manipulative: PartlyFound},
		want:  []FlagResult{matched(PartlyCorrect, manipulative)},
	}, {
		name:  "tiny edge overlap is weak",
		key:   fx,
		flags: []Flag{flag(t, Note, "ive during", "biased-language")},
		score: 0,
		want:  []FlagResult{spurious(WeakOverlap, manipulative)},
	}, {
		name: "second flag on a found flaw is a duplicate",
		key:  fx,
		flags: []Flag{
			flag(t, Note, "and manipulative during", "biased-language"),
			flag(t, Note, "manipulative", "biased-language"),
		},
		score: 0.05,
		flaws: map[int]FlawOutcome{manipulative: Found},
		want:  []FlagResult{spurious(Duplicate, manipulative), matched(Correct, manipulative)},
	}, {
		name:  "flag touching no flaw",
		key:   fx,
		flags: []Flag{flag(t, Note, "her teacher", "fabrication")},
		score: 0,
		want:  []FlagResult{spurious(NoOverlap, -1)},
	}, {
		// Greedy by overlap would give A to x (Jaccard 10/28 beats 8/30) and leave B and y
		// unmatched; the exact assignment gives A to y and B to x.
		name:  "assignment beats greedy",
		key:   synthetic([]Span{note(0, 50)}, note(10, 20), note(30, 40)),
		flags: []Flag{{note(10, 38), "a"}, {note(15, 25), "a"}},
		score: 1,
		flaws: map[int]FlawOutcome{0: Found, 1: Found},
		want:  []FlagResult{matched(Correct, 1), matched(Correct, 0)},
	}, {
		name:  "omission flagged in the source is found",
		key:   synthetic(nil, source(10, 20)),
		flags: []Flag{{source(10, 20), "a"}},
		score: 1,
		flaws: map[int]FlawOutcome{0: Found},
		want:  []FlagResult{matched(Correct, 0)},
	}, {
		name:  "same offsets in the note do not match an omission in the source",
		key:   synthetic(nil, source(10, 20)),
		flags: []Flag{{note(10, 20), "a"}},
		score: 0,
		want:  []FlagResult{spurious(NoOverlap, -1)},
	}, {
		name:  "empty, inverted and negative spans are spurious",
		key:   synthetic(nil, note(10, 20)),
		flags: []Flag{{note(15, 15), "a"}, {note(20, 10), "a"}, {note(-5, 15), "a"}},
		score: 0,
		want:  []FlagResult{spurious(NoOverlap, -1), spurious(NoOverlap, -1), spurious(NoOverlap, -1)},
	}, {
		name:  "without units the cover is the flaw itself",
		key:   synthetic(nil, note(10, 20)),
		flags: []Flag{{note(0, 40), "a"}},
		score: 0,
		want:  []FlagResult{spurious(TooBroad, 0)},
	}, {
		name:  "with units the same flag is the flaw's sentence",
		key:   synthetic([]Span{note(0, 40)}, note(10, 20)),
		flags: []Flag{{note(0, 40), "a"}},
		score: 1,
		flaws: map[int]FlawOutcome{0: Found},
		want:  []FlagResult{matched(Correct, 0)},
	}, {
		name:  "three code points past the cover are allowed",
		key:   synthetic([]Span{note(5, 25)}, note(10, 15)),
		flags: []Flag{{note(2, 28), "a"}},
		score: 1,
		flaws: map[int]FlawOutcome{0: Found},
		want:  []FlagResult{matched(Correct, 0)},
	}, {
		name:  "four code points past the cover are too broad",
		key:   synthetic([]Span{note(5, 25)}, note(10, 15)),
		flags: []Flag{{note(1, 25), "a"}},
		score: 0,
		want:  []FlagResult{spurious(TooBroad, 0)},
	}, {
		name:  "past the cover but at most twice the flaw is not too broad",
		key:   synthetic([]Span{note(10, 20)}, note(10, 20)),
		flags: []Flag{{note(10, 30), "a"}},
		score: 1,
		flaws: map[int]FlawOutcome{0: Found},
		want:  []FlagResult{matched(Correct, 0)},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Score(tt.key, tt.flags, DefaultOptions())
			checkConsistent(t, tt.key, tt.flags, res)
			if !approx(res.Score, tt.score) {
				t.Errorf("Score = %v, want %v", res.Score, tt.score)
			}
			for i, fr := range res.Flaws {
				want, ok := tt.flaws[i]
				if !ok {
					want = Missed
				}
				if fr.Outcome != want {
					t.Errorf("flaw %d: %s, want %s", i, fr.Outcome, want)
				}
			}
			if !slices.Equal(res.Flags, tt.want) {
				t.Errorf("flags:\n got %+v\nwant %+v", res.Flags, tt.want)
			}
		})
	}
}
