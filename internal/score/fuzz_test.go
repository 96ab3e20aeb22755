package score

import (
	"slices"
	"testing"
)

// input hands out fuzz input one byte at a time, then zeros, so any input builds a case.
type input []byte

func (b *input) next() int {
	if len(*b) == 0 {
		return 0
	}
	v := (*b)[0]
	*b = (*b)[1:]
	return int(v)
}

// fuzzCase builds a key, flags and options from fuzz input: documents of 120 code points
// cut into units of random length, up to 6 flaws and 11 flags of 3 categories, and flags with
// empty, inverted, negative or foreign-document spans now and then.
func fuzzCase(data []byte) (Key, []Flag, Options) {
	b := input(data)
	const size = 120
	cats := []string{"a", "b", "c"}
	docs := []Document{Note, Source, Note, Source, Note, Source, "other"}
	key := Key{Units: map[Document][]Span{}}
	for _, d := range []Document{Note, Source} {
		if b.next()%4 == 0 {
			continue // no units: the cover is the flaw itself
		}
		for start := 0; start < size; {
			end := min(start+5+b.next()%40, size)
			key.Units[d] = append(key.Units[d], Span{Doc: d, Start: start, End: end})
			start = end + b.next()%3
		}
	}
	for range b.next() % 7 {
		start := b.next() % size
		key.Flaws = append(key.Flaws, Flaw{
			Category: cats[b.next()%len(cats)],
			Severity: []Severity{Low, Medium, High, "unknown"}[b.next()%4],
			Span:     Span{Doc: docs[b.next()%2], Start: start, End: start + 1 + b.next()%30},
		})
	}
	var flags []Flag
	for range b.next() % 12 {
		start := b.next()%(size+20) - 10
		flags = append(flags, Flag{
			Category: cats[b.next()%len(cats)],
			Span:     Span{Doc: docs[b.next()%len(docs)], Start: start, End: start + b.next()%60 - 5},
		})
	}
	opt := DefaultOptions()
	switch b.next() % 4 {
	case 1:
		opt.PartialCredit, opt.SpuriousPenalty = 0, 0
	case 2:
		opt.PartialCredit, opt.SpuriousPenalty = 0.3, 0.2
		opt.Weights = map[Severity]float64{Low: 0.7, High: 10}
	}
	return key, flags, opt
}

func FuzzScore(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{1, 10, 2, 20, 1, 3, 0, 2, 40, 1, 0, 10, 5, 3, 12, 0, 0, 20, 15, 1, 0, 30, 40, 2, 0, 20})
	f.Add([]byte{0, 0, 6, 5, 0, 2, 0, 20, 10, 1, 1, 0, 15, 20, 0, 2, 1, 25, 5, 9, 15, 0, 0, 30, 12, 0, 1, 40, 14})
	f.Add([]byte("a key of several flaws and many overlapping flags of every kind to get things going"))
	f.Add([]byte{3, 200, 1, 99, 2, 255, 4, 6, 250, 251, 252, 253, 254, 255, 11, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7})
	f.Fuzz(func(t *testing.T, data []byte) {
		key, flags, opt := fuzzCase(data)
		res := Score(key, flags, opt)
		checkConsistent(t, key, flags, res)
		_ = res.Explain()

		// Reordering the flags changes nothing but the order of their results.
		reversed := slices.Clone(flags)
		slices.Reverse(reversed)
		rotated := slices.Clone(flags)
		if len(rotated) > 0 {
			rotated = append(rotated[1:], rotated[0])
		}
		for name, other := range map[string][]Flag{"reversed": reversed, "rotated": rotated} {
			got := Score(key, other, opt)
			if got.Score != res.Score || got.Earned != res.Earned {
				t.Fatalf("%s: score %v earned %v, want %v %v", name, got.Score, got.Earned, res.Score, res.Earned)
			}
			for i := range got.Flaws {
				if got.Flaws[i].Outcome != res.Flaws[i].Outcome {
					t.Fatalf("%s: flaw %d is %s, want %s", name, i, got.Flaws[i].Outcome, res.Flaws[i].Outcome)
				}
			}
			if a, b := verdicts(got.Flags), verdicts(res.Flags); !slices.Equal(a, b) {
				t.Fatalf("%s: flag verdicts %v, want %v", name, a, b)
			}
		}

		// A flag that overlaps no flaw can only cost.
		extra := append(slices.Clone(flags), Flag{Span: Span{Doc: Note, Start: 1000, End: 1000 + len(data)%9 + 1}, Category: "a"})
		more := Score(key, extra, opt)
		if more.Score > res.Score || more.Flags[len(flags)] != spurious(NoOverlap, -1) {
			t.Fatalf("appending a stray flag: score %v -> %v, verdict %+v", res.Score, more.Score, more.Flags[len(flags)])
		}

		// On small cases, compare with every possible matching.
		if len(key.Flaws) <= 5 && len(flags) <= 7 {
			best, pairs := bruteForce(key, flags, opt)
			if !approx(res.Earned, best) || res.Found+res.Partial != pairs {
				t.Fatalf("earned %v with %d pairs, brute force %v with %d", res.Earned, res.Found+res.Partial, best, pairs)
			}
		}
	})
}

// verdicts returns the sorted outcome and reason of each flag, to compare as multisets.
func verdicts(flags []FlagResult) []string {
	out := make([]string, len(flags))
	for i, f := range flags {
		out[i] = string(f.Outcome) + "/" + string(f.Reason)
	}
	slices.Sort(out)
	return out
}

// bruteForce returns the best credit over all one-to-one matchings of span-right pairs, and
// the most pairs among the matchings that earn it.
func bruteForce(key Key, flags []Flag, opt Options) (float64, int) {
	opt = opt.sanitised()
	fits := fitAll(key, flags)
	credit := make([][]float64, len(key.Flaws)) // -1: not span-right
	for i := range credit {
		credit[i] = make([]float64, len(flags))
		for k := range credit[i] {
			credit[i][k] = -1
		}
	}
	for k, fs := range fits {
		for _, ft := range fs {
			if ft.verdict == "" {
				c := opt.weight(key.Flaws[ft.flaw].Severity)
				if flags[k].Category != key.Flaws[ft.flaw].Category {
					c *= opt.PartialCredit
				}
				credit[ft.flaw][k] = c
			}
		}
	}
	used := make([]bool, len(flags))
	var walk func(i int) (float64, int)
	walk = func(i int) (float64, int) {
		if i == len(key.Flaws) {
			return 0, 0
		}
		best, pairs := walk(i + 1)
		for k, c := range credit[i] {
			if c < 0 || used[k] {
				continue
			}
			used[k] = true
			v, n := walk(i + 1)
			used[k] = false
			if v+c > best+1e-9 || (v+c > best-1e-9 && n+1 > pairs) {
				best, pairs = v+c, n+1
			}
		}
		return best, pairs
	}
	return walk(0)
}
