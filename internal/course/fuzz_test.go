package course

import (
	"testing"

	"github.com/redpen-social/redpen/internal/diag"
)

// FuzzParseQuiz feeds arbitrary quiz blocks to the knowledge-check parser and marks random
// answers: neither may panic, and an accepted quiz is always answerable.
func FuzzParseQuiz(f *testing.F) {
	f.Add([]byte("id: q\nquestion: Why?\noptions:\n  - text: A\n    correct: true\n    feedback: Yes\n  - text: B\n    feedback: No\n"), []byte{0, 1})
	f.Add([]byte("id: q\nmultiple: true\nquestion: Which?\noptions:\n  - {text: A, correct: true, feedback: y}\n  - {text: B, correct: true, feedback: y}\n"), []byte{1, 0, 0, 7})
	f.Add([]byte("options: [\n"), []byte{})
	f.Add([]byte("id: q\nquestion: \"\\u0000\"\noptions: 3\n"), []byte{255})
	f.Fuzz(func(t *testing.T, src, answers []byte) {
		var probs diag.List
		q := ParseQuiz("m.md", 10, src, &probs)
		if q == nil {
			if probs.Len() == 0 {
				t.Fatal("rejected a quiz without saying why")
			}
			return
		}
		if len(q.Options) < 2 {
			t.Fatalf("accepted a quiz with %d options", len(q.Options))
		}
		choices := make([]int, len(answers))
		for i, a := range answers {
			choices[i] = int(a) - 8 // some negative and out-of-range indexes
		}
		m := q.Mark(choices)
		if len(m.Chosen) != len(q.Options) {
			t.Fatalf("marking has %d entries for %d options", len(m.Chosen), len(q.Options))
		}
		var right []int
		for i, o := range q.Options {
			if o.Correct {
				right = append(right, i)
			}
		}
		if !q.Mark(right).Correct {
			t.Fatal("choosing exactly the correct options is marked wrong")
		}
	})
}
