package score

import "testing"

// BenchmarkScore scores a busy attempt: 10 flaws, 40 flags of every kind.
func BenchmarkScore(b *testing.B) {
	key := Key{Units: map[Document][]Span{}}
	for s := 0; s < 2000; s += 50 {
		key.Units[Note] = append(key.Units[Note], note(s, s+49))
	}
	cats := []string{"fabrication", "distortion", "omission"}
	for i := range 10 {
		start := i*200 + 10
		key.Flaws = append(key.Flaws, Flaw{Category: cats[i%3], Severity: []Severity{Low, Medium, High}[i%3], Span: note(start, start+15)})
	}
	var flags []Flag
	for i := range 10 {
		start := i*200 + 10
		flags = append(flags,
			Flag{note(start, start+15), cats[i%3]},          // exact
			Flag{note(start-10, start+39), cats[(i+1)%3]},   // the sentence, wrong category
			Flag{note(start+5, start+12), cats[i%3]},        // a duplicate inside the flaw
			Flag{note(start+100, start+120), cats[(i+2)%3]}, // nowhere near a flaw
		)
	}
	b.ReportAllocs()
	for b.Loop() {
		Score(key, flags, DefaultOptions())
	}
}
