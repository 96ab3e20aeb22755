package server

import (
	"fmt"
	"html"
	"html/template"
	"regexp"
	"strings"

	"github.com/redpen-social/redpen/internal/llm"
	"github.com/redpen-social/redpen/internal/scenario"
)

// The prompts each feature sends, exactly; docs/llm.md describes them for operators. Every
// prompt goes through the personal-data gate inside the llm client. The scenario's own
// text is passed as Fictional so that the case's made-up names do not stop it; anything
// the learner typed is checked in its own labelled part.

const tutorInstructions = `You are a tutor on a course that teaches social workers to check case notes drafted by AI tools. The case below is fictional.
A learner compared an AI-drafted note with the source record, flagged problems in the note and gave a reason for each flag. An educator wrote the answer key.
Compare the learner's reasons with the educator's explanations. For each of the learner's flags, say in two or three sentences what the learner saw clearly and what they could add or reconsider. Then name briefly any issue in the answer key that the learner missed, and what to look for next time.
Write in plain, warm British English, addressed to the learner as "you". Do not give a mark. Do not add facts that are not in the case.`

// tutorPrompt asks for feedback on a submitted critique. It holds only the case's
// fictional text, the answer key's explanations and the learner's flags and reasons.
func tutorPrompt(sc *scenario.Scenario, v feedbackView) llm.Prompt {
	var key strings.Builder
	for _, f := range v.Flaws {
		fmt.Fprintf(&key, "Issue %d: %s (%s severity), %s. Learner's result: %s.\nText: %q\nExplanation: %s\n\n",
			f.Number, f.Category.Label, f.Flaw.Severity, f.Where, firstNonEmpty(f.OutcomeLabel, "not marked"), f.Quote, htmlText(f.Flaw.Explanation))
	}
	p := llm.Prompt{Parts: []llm.Part{
		{Heading: "## Instructions", Text: tutorInstructions},
		{Heading: "## Source record (fictional)", Text: sc.Source.Text},
		{Heading: "## AI-drafted note (fictional)", Text: sc.Note.Text},
		{Heading: "## Answer key", Text: key.String()},
		{Heading: "## The learner's flags", Text: fmt.Sprintf("The learner made %d flag(s).", len(v.Flags))},
	}}
	for _, f := range v.Flags {
		p.Parts = append(p.Parts,
			llm.Part{Heading: fmt.Sprintf("### Flag %d", f.Number), Label: fmt.Sprintf("The text you flagged (flag %d)", f.Number),
				Text: fmt.Sprintf("Text flagged in the %s: %q\nKind chosen: %s\nResult: %s", f.Where, f.Quote, f.Category.Label, firstNonEmpty(f.OutcomeLabel, "not marked"))},
			llm.Part{Label: fmt.Sprintf("Your reason for flag %d", f.Number), Text: "Reason: " + firstNonEmpty(f.Rationale, "(none given)")})
	}
	p.Fictional = caseText(sc)
	for _, f := range v.Flaws {
		p.Fictional = append(p.Fictional, f.Quote, htmlText(f.Flaw.Explanation))
	}
	return p
}

// sandboxTask is a job a learner may ask the model to do with a case.
type sandboxTask struct {
	ID, Label, Hint string
}

var sandboxTasks = []sandboxTask{
	{"note", "Write a case note", "A note of this conversation for the person's record."},
	{"summary", "Summarise the concerns", "The main concerns, and the person's own views."},
	{"actions", "List the actions", "What was agreed, who will do it and by when."},
	{"letter", "Draft a letter", "A short letter to the person explaining what happens next."},
}

func findTask(id string) (sandboxTask, bool) {
	for _, t := range sandboxTasks {
		if t.ID == id {
			return t, true
		}
	}
	return sandboxTask{}, false
}

// sandboxPrompt is the learner's prompt with the task and the fictional case material.
func sandboxPrompt(sc *scenario.Scenario, task sandboxTask, prompt string) llm.Prompt {
	return llm.Prompt{
		Parts: []llm.Part{
			{Heading: "## Task", Text: task.Label + ": " + task.Hint},
			{Heading: "## Request", Label: "Your prompt", Text: prompt},
			{Heading: "## Background (fictional, from a training course)", Text: sc.BriefMarkdown},
			{Heading: "## Record (fictional)", Text: sc.Source.Text},
		},
		Fictional: caseText(sc),
	}
}

// draftPrompt asks for a note the way an AI drafting tool would write one, so that an
// educator can mark the errors it really makes.
func draftPrompt(sc *scenario.Scenario) llm.Prompt {
	tool := firstNonEmpty(sc.Tool, "AI transcription and summary tool")
	return llm.Prompt{
		Parts: []llm.Part{
			{Heading: "## Instructions", Text: "You are an " + tool + " used by a social care team (" + sc.Setting + "). " +
				"Write the case note for the record below, as the tool would: plain paragraphs in the third person, " +
				"about 150 to 250 words, with no headings, lists or commentary."},
			{Heading: "## Record", Text: sc.Source.Text},
		},
		Fictional: caseText(sc),
	}
}

// caseText is a scenario's own, fictional, text.
func caseText(sc *scenario.Scenario) []string {
	return []string{sc.BriefMarkdown, sc.Source.Text, sc.Note.Text, sc.ModelNote}
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// htmlText turns rendered markdown from the content files back into plain text.
func htmlText(h template.HTML) string {
	return strings.Join(strings.Fields(html.UnescapeString(tagRE.ReplaceAllString(string(h), " "))), " ")
}
