package pii

import (
	"strings"
	"testing"
)

// benchText is about 50 KB of case-note-like prose with an identifier every few lines.
func benchText() string {
	lines := []string{
		"WORKER: Thank you for seeing me today. How have things been since the last visit on 12/03/2024?",
		"MOTHER: Better, mostly. The school rang on Tuesday about her reading, which was good news.",
		"The worker noted that the kitchen was tidy and there was food in the fridge.",
		"Mrs Adeyemi said she was not sure about managing the stairs when she gets home.",
		"Contact the duty team on 0161 496 0000 or email duty@example.org if anything changes.",
		"Referral received 3 March 2024; child DOB 01/02/2015; NHS 943 476 5919.",
		"The family moved to 14 Acacia Road, LS1 4AP, in the spring, closer to school.",
		"Agreed actions: review in six weeks, check the GP letter, and ask about the housing bid.",
	}
	var b strings.Builder
	for b.Len() < 50_000 {
		for _, l := range lines {
			b.WriteString(l)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func BenchmarkScan50KB(b *testing.B) {
	text := benchText()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Scan(text)
	}
}
