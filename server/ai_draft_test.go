package server

import (
	"regexp"
	"strings"
	"testing"

	"github.com/redpen-social/redpen/internal/diag"
	"github.com/redpen-social/redpen/internal/scenario"
)

// TestScenarioSkeletonParses checks that the draft file is a valid scenario once the
// educator marks a flaw, and that without one `redpen check` says what is missing.
func TestScenarioSkeletonParses(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	for _, sc := range ts.lib.Scenarios.All() {
		note := "The worker visited the family.\n\nA referral to the family support team was agreed."
		file := scenarioSkeleton(sc, "ollama:llama3.2", note)

		var probs diag.List
		if got := scenario.Parse(sc.ID+"-ai-draft.md", []byte(file), ts.lib.Taxonomy, &probs); got != nil {
			t.Errorf("%s: a skeleton with no flaws parsed", sc.ID)
		} else if !strings.Contains(probs.Err().Error(), "flaw") {
			t.Errorf("%s: problems %v should be about the missing flaws", sc.ID, probs.Err())
		}

		marked := regexp.MustCompile(`(?s)flaws:\n.*?---\n`).ReplaceAllString(file, `flaws:
  - id: invented-referral
    category: fabrication
    severity: medium
    quote: "A referral to the family support team was agreed."
    explanation: |
      Nobody agreed a referral.
    standards: ["`+sc.Standards[0]+`"]
---
`)
		probs = diag.List{}
		got := scenario.Parse(sc.ID+"-ai-draft.md", []byte(marked), ts.lib.Taxonomy, &probs)
		if got == nil {
			t.Fatalf("%s: the marked skeleton does not parse: %v\n%s", sc.ID, probs.Err(), marked)
		}
		if got.ID != sc.ID+"-ai-draft" || got.Source.Text != sc.Source.Text || !strings.HasPrefix(got.Note.Text, "The worker visited") {
			t.Errorf("%s: parsed as %q with source %d bytes and note %q", sc.ID, got.ID, len(got.Source.Text), got.Note.Text)
		}
	}
}
