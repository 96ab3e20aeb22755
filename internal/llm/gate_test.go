package llm

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/redpen-social/redpen/internal/pii"
)

// validNHS passes the modulus 11 check.
const validNHS = "943 476 5919"

func TestGateBlocks(t *testing.T) {
	for _, f := range fakes(t, Config{}) {
		t.Run(f.name, func(t *testing.T) {
			p := Prompt{Parts: []Part{
				{Heading: "Instructions", Text: "Write a case note."},
				{Label: "Your prompt", Text: "The child's NHS number is " + validNHS + "; summarise."},
			}}
			for _, stream := range []func(string) error{nil, func(string) error { t.Error("streamed a blocked prompt"); return nil }} {
				_, err := f.client.Generate(context.Background(), p, stream)
				var blocked *BlockedError
				if !errors.As(err, &blocked) {
					t.Fatalf("error = %v, want *BlockedError", err)
				}
				if len(blocked.Parts) != 1 || blocked.Parts[0].Label != "Your prompt" || blocked.Parts[0].Findings[0].Kind != pii.NHSNumber {
					t.Fatalf("blocked parts = %+v, want the learner's prompt with an NHS number", blocked.Parts)
				}
				if strings.Contains(err.Error(), validNHS) || !strings.Contains(err.Error(), "1 × nhs number") {
					t.Errorf("message %q must count the finding without repeating it", err)
				}
			}
			if n := len(f.server.Bodies()); n != 0 {
				t.Errorf("the model server received %d request(s) for a blocked prompt", n)
			}
		})
	}
}

func TestGateRedacts(t *testing.T) {
	for _, f := range fakes(t, Config{Mode: ModeRedact}) {
		t.Run(f.name, func(t *testing.T) {
			p := Prompt{Parts: []Part{{Label: "Your prompt", Text: "Ring Mrs Smith on 07700 900123 about NHS " + validNHS + "."}}}
			res, err := f.client.Generate(context.Background(), p, nil)
			if err != nil {
				t.Fatal(err)
			}
			if f.server.Received("5919") || f.server.Received("Smith") || f.server.Received("900123") {
				t.Errorf("redacted data reached the server: %q", f.server.Bodies())
			}
			want := "Ring [NAME] on [PHONE] about NHS [NHS-NUMBER]."
			if got := f.server.Prompts(); len(got) != 1 || got[0] != want {
				t.Errorf("server received %q, want %q", got, want)
			}
			if len(res.Redacted) != 1 || len(res.Redacted[0].Findings) != 3 {
				t.Errorf("Redacted = %+v, want the three findings", res.Redacted)
			}
			if k := Kinds(res.Redacted); len(k) != 3 || k[0] != pii.NHSNumber {
				t.Errorf("Kinds = %v, want NHS number first", k)
			}
		})
	}
}

func TestGateLetsFictionalDetailsThrough(t *testing.T) {
	for _, f := range fakes(t, Config{}) {
		t.Run(f.name, func(t *testing.T) {
			source := "MRS CAMPBELL: I manage.\nWORKER: Thank you,\nMrs Campbell."
			p := Prompt{
				Parts: []Part{
					{Heading: "Source (fictional)", Text: source},
					{Label: "Your reason", Text: "The note says MRS CAMPBELL agreed, but Mrs  Campbell said no."},
				},
				Fictional: []string{source},
			}
			// Ensure names that are in the fictional case pass, even across a line break.
			if _, err := f.client.Generate(context.Background(), p, nil); err != nil {
				t.Fatalf("a prompt about the fictional case was stopped: %v", err)
			}
			// Ensure a name that is not in the case is still treated as real.
			p.Parts[1].Text += " Mrs Patel, her neighbour, agreed."
			_, err := f.client.Generate(context.Background(), p, nil)
			var blocked *BlockedError
			if !errors.As(err, &blocked) || len(blocked.Parts[0].Findings) != 1 || blocked.Parts[0].Findings[0].Text != "Mrs Patel" {
				t.Fatalf("error = %v, want Mrs Patel blocked", err)
			}
			// Ensure a valid NHS number is stopped even when the case file holds it too.
			p.Fictional = append(p.Fictional, "NHS "+validNHS)
			p.Parts[1].Text = "The note gives NHS " + validNHS + "."
			if _, err := f.client.Generate(context.Background(), p, nil); !errors.As(err, &blocked) {
				t.Fatalf("error = %v, want the NHS number blocked", err)
			}
			if n := len(f.server.Bodies()); n != 1 {
				t.Errorf("server received %d requests, want only the clean one", n)
			}
		})
	}
}

func TestParseMode(t *testing.T) {
	for in, want := range map[string]Mode{"": ModeBlock, "block": ModeBlock, " Redact ": ModeRedact} {
		if got, err := ParseMode(in); err != nil || got != want {
			t.Errorf("ParseMode(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseMode("allow"); err == nil {
		t.Error(`ParseMode("allow") succeeded`)
	}
}
