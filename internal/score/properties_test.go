package score

import (
	"slices"
	"testing"
)

// TestScorePerfect ensures that flagging exactly every key span with the right category
// scores 1.0.
func TestScorePerfect(t *testing.T) {
	for name, key := range map[string]Key{
		"fixture":     fixtureKey(t),
		"nested":      synthetic([]Span{note(0, 40)}, note(0, 40), note(10, 20), note(12, 14)),
		"no units":    synthetic(nil, note(0, 5), source(0, 5), note(5, 9)),
		"one flaw":    synthetic(nil, source(3, 4)),
		"overlapping": synthetic([]Span{note(0, 30)}, note(0, 20), note(10, 30)),
	} {
		t.Run(name, func(t *testing.T) {
			var flags []Flag
			for _, f := range key.Flaws {
				flags = append(flags, Flag{Span: f.Span, Category: f.Category})
			}
			res := Score(key, flags, DefaultOptions())
			checkConsistent(t, key, flags, res)
			if res.Score != 1 || res.Found != len(key.Flaws) || res.Spurious != 0 {
				t.Errorf("score %v, found %d of %d, %d spurious", res.Score, res.Found, len(key.Flaws), res.Spurious)
			}
		})
	}
}

// TestScoreNoFlags ensures that submitting nothing scores 0 with every flaw missed.
func TestScoreNoFlags(t *testing.T) {
	key := fixtureKey(t)
	res := Score(key, nil, DefaultOptions())
	checkConsistent(t, key, nil, res)
	if res.Score != 0 || res.Missed != len(key.Flaws) || res.Possible != 10 {
		t.Errorf("score %v, missed %d, possible %v", res.Score, res.Missed, res.Possible)
	}
}

// TestScoreOrderIndependent ensures that every ordering of the same flags gives the same
// verdict on every flag and flaw.
func TestScoreOrderIndependent(t *testing.T) {
	key := fixtureKey(t)
	flags := append(exampleFlags(t),
		flag(t, Note, "Mother was tired and manipulative during the visit.", "biased-language"),
		flag(t, Note, "and manipulative during", "opinion-as-fact"))
	want := Score(key, flags, DefaultOptions())
	perm := make([]int, len(flags))
	for i := range perm {
		perm[i] = i
	}
	n := 0
	for {
		shuffled := make([]Flag, len(flags))
		for i, p := range perm {
			shuffled[i] = flags[p]
		}
		got := Score(key, shuffled, DefaultOptions())
		for i, p := range perm {
			if got.Flags[i] != want.Flags[p] {
				t.Fatalf("order %v: flag %d got %+v, want %+v", perm, p, got.Flags[i], want.Flags[p])
			}
		}
		for i := range got.Flaws {
			if got.Flaws[i].Outcome != want.Flaws[i].Outcome || got.Score != want.Score {
				t.Fatalf("order %v: flaw %d got %s, want %s", perm, i, got.Flaws[i].Outcome, want.Flaws[i].Outcome)
			}
		}
		n++
		if !nextPermutation(perm) {
			break
		}
	}
	if n != 5040 {
		t.Fatalf("tried %d orders, want 7! = 5040", n)
	}
}

// nextPermutation rearranges p into the next lexicographic permutation, reporting false
// after the last.
func nextPermutation(p []int) bool {
	i := len(p) - 2
	for i >= 0 && p[i] >= p[i+1] {
		i--
	}
	if i < 0 {
		return false
	}
	j := len(p) - 1
	for p[j] <= p[i] {
		j--
	}
	p[i], p[j] = p[j], p[i]
	slices.Reverse(p[i+1:])
	return true
}

// TestCategories checks per-category precision, recall and F1.
func TestCategories(t *testing.T) {
	tests := []struct {
		name  string
		key   Key
		flags []Flag
		want  []CategoryStats
	}{{
		name:  "docs example 1",
		key:   fixtureKey(t),
		flags: exampleFlags(t),
		want: []CategoryStats{
			{"biased-language", 1, 1, 1, 1, 1, 1, 1},
			{"distortion", 1, 1, 1, 1, 1, 1, 1},
			{"fabrication", 1, 0, 2, 0, 0, 0, 0},
			{"omission", 1, 1, 1, 1, 1, 1, 1},
			{"opinion-as-fact", 1, 0, 0, 0, 0, 0, 0},
		},
	}, {
		name: "fractions",
		key:  synthetic(nil, note(0, 10), note(20, 30)),
		flags: []Flag{
			{note(0, 10), "a"},  // correct
			{note(20, 30), "b"}, // partial: counts for b's precision, not a's recall
			{note(50, 60), "a"}, // spurious
			{note(0, 10), "a"},  // duplicate
		},
		want: []CategoryStats{
			{"a", 2, 1, 3, 1, 1.0 / 3, 0.5, 0.4},
			{"b", 0, 0, 1, 0, 0, 0, 0},
		},
	}, {
		name: "no flags",
		key:  synthetic(nil, note(0, 10)),
		want: []CategoryStats{{"a", 1, 0, 0, 0, 0, 0, 0}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Score(tt.key, tt.flags, DefaultOptions()).Categories
			if len(got) != len(tt.want) {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
			for i, g := range got {
				w := tt.want[i]
				if g.Category != w.Category || g.Flaws != w.Flaws || g.Found != w.Found ||
					g.Flagged != w.Flagged || g.Correct != w.Correct ||
					!approx(g.Precision, w.Precision) || !approx(g.Recall, w.Recall) || !approx(g.F1, w.F1) {
					t.Errorf("got %+v, want %+v", g, w)
				}
			}
		})
	}
}
