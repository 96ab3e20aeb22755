package store_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/redpen-social/redpen/internal/store"
)

// BenchmarkCreateSubmittedAttempt measures storing a whole ten-flag critique from the API,
// including the synchronous=FULL commit.
func BenchmarkCreateSubmittedAttempt(b *testing.B) {
	ctx := context.Background()
	st := mustOpen(b)
	u := mustCreateUser(b, st, "ada@example.com")
	flags := make([]store.Flag, 10)
	for i := range flags {
		flags[i] = store.Flag{Document: "note", Start: i * 10, End: i*10 + 8, Quote: "flagged!", Category: "accuracy",
			Rationale: "the note says something the source does not", EvidenceStart: i * 20, EvidenceEnd: i*20 + 15}
	}
	result := func(ids []int64) ([]byte, error) { return json.Marshal(map[string][]int64{"flags": ids}) }
	b.ReportAllocs()
	for b.Loop() {
		if _, err := st.CreateSubmittedAttempt(ctx, u.ID, "s1", flags, 0.8, result); err != nil {
			b.Fatal(err)
		}
	}
}
