package scenario

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

const homeVisit = "home-visit.md"

// problem is an expected problem: msg on the line where the text at starts in the edited
// file, or on line when at is empty.
type problem struct {
	at   string
	line int
	msg  string
}

func TestParseProblems(t *testing.T) {
	base := fixture(t, homeVisit)
	tests := []struct {
		name string
		file string // defaults to scenarios/home-visit.md
		edit func(t *testing.T, src string) string
		want []problem
	}{
		// Front matter.
		{
			name: "MissingFrontMatter",
			edit: func(t *testing.T, s string) string { return strings.TrimPrefix(s, "---\n") },
			want: []problem{{line: 1, msg: "the file must start with front matter: a line of ---, YAML, and another line of ---"}},
		},
		{
			name: "UnclosedFrontMatter",
			edit: func(t *testing.T, s string) string { return replace(t, s, "---\n\n## Brief", "\n## Brief") },
			want: []problem{{line: 1, msg: "the front matter has no closing --- line"}},
		},
		{
			name: "MalformedYAML",
			edit: func(t *testing.T, s string) string {
				return replace(t, s, "title: A short home visit", "title: A short: home visit")
			},
			want: []problem{{at: "title: A short: home visit", msg: "mapping values are not allowed in this context"}},
		},
		{
			name: "UnknownFrontMatterKey",
			edit: func(t *testing.T, s string) string {
				return replace(t, s, "minutes: 10\n", "minutes: 10\nauthor: Sam\n")
			},
			want: []problem{{at: "author: Sam", msg: `unknown key "author"`}},
		},
		{
			name: "UnknownKeyInFlaw",
			edit: func(t *testing.T, s string) string {
				return replace(t, s, "    explanation: Nobody agreed a referral.\n", "    explanation: Nobody agreed a referral.\n    hint: Read the last line.\n")
			},
			want: []problem{{at: "hint: Read", msg: `unknown key "hint"`}},
		},
		{
			name: "UnknownKeyInAccurate",
			edit: func(t *testing.T, s string) string {
				return replace(t, s, "    explanation: She says so on line 2.\n", "    explanation: She says so on line 2.\n    severity: low\n")
			},
			want: []problem{{at: "severity: low\n---", msg: `unknown key "severity"`}},
		},
		{
			name: "IDDoesNotMatchFileName",
			file: "scenarios/home-visit-2.md",
			edit: func(t *testing.T, s string) string { return s },
			want: []problem{{at: "id: home-visit", msg: `id "home-visit" does not match the file name home-visit-2.md`}},
		},
		{
			name: "MissingID",
			edit: func(t *testing.T, s string) string { return replace(t, s, "id: home-visit\n", "") },
			want: []problem{{line: 2, msg: "missing id: add id: home-visit"}},
		},
		{
			name: "MissingTitle",
			edit: func(t *testing.T, s string) string {
				return replace(t, s, "title: A short home visit", `title: ""`)
			},
			want: []problem{{at: `title: ""`, msg: "missing title"}},
		},
		{
			name: "BadMinutes",
			edit: func(t *testing.T, s string) string { return replace(t, s, "minutes: 10", "minutes: 0") },
			want: []problem{{at: "minutes: 0", msg: "minutes must be from 1 to 120"}},
		},
		{
			name: "UnknownAudience",
			edit: func(t *testing.T, s string) string {
				return replace(t, s, "audience: [student]", "audience: [students]")
			},
			want: []problem{{at: "audience:", msg: `unknown audience "students": use student or practitioner`}},
		},
		{
			name: "BadLevel",
			edit: func(t *testing.T, s string) string { return replace(t, s, "level: foundation", "level: expert") },
			want: []problem{{at: "level: expert", msg: "level must be foundation or practitioner"}},
		},
		{
			name: "UnknownStandardInFrontMatter",
			edit: func(t *testing.T, s string) string {
				return replace(t, s, "standards: [\"2.5\", \"3.11\"]\nflaws:", "standards: [\"2.5\", \"3.12\"]\nflaws:")
			},
			want: []problem{{at: `standards: ["2.5", "3.12"]`, msg: `unknown standard "3.12" (see standards.yaml)`}},
		},
		{
			name: "NoFlaws",
			edit: func(t *testing.T, s string) string {
				i, j := strings.Index(s, "flaws:\n"), strings.Index(s, "accurate:\n")
				return s[:i] + "flaws: []\n" + s[j:]
			},
			want: []problem{{at: "flaws: []", msg: "the scenario has no flaws: list at least one under flaws:"}},
		},
		{
			name: "NoFlawsKey",
			edit: func(t *testing.T, s string) string {
				i, j := strings.Index(s, "flaws:\n"), strings.Index(s, "---\n\n## Brief")
				return s[:i] + s[j:]
			},
			want: []problem{{line: 2, msg: "the scenario has no flaws: list at least one under flaws:"}},
		},

		// Sections.
		{
			name: "MissingBrief",
			edit: func(t *testing.T, s string) string {
				return replace(t, s, "## Brief\nYou are a student social worker. Check the note.\n\n", "")
			},
			want: []problem{{at: "## Reflection", msg: `missing section: add a line "## Brief"`}},
		},
		{
			name: "MissingSource",
			edit: func(t *testing.T, s string) string {
				i, j := strings.Index(s, "## Source"), strings.Index(s, "## AI note")
				return s[:i] + s[j:]
			},
			want: []problem{{at: "## Reflection", msg: `missing section: add a line "## Source"`}},
		},
		{
			name: "MissingAINote",
			edit: func(t *testing.T, s string) string {
				i, j := strings.Index(s, "## AI note"), strings.Index(s, "## Model note")
				return s[:i] + s[j:]
			},
			want: []problem{{at: "## Reflection", msg: `missing section: add a line "## AI note"`}},
		},
		{
			name: "MissingSectionsAfterTheLastOne",
			edit: func(t *testing.T, s string) string { return s[:strings.Index(s, "## Source")] },
			want: []problem{
				{at: "## Brief", msg: `missing section: add a line "## Source"`},
				{at: "## Brief", msg: `missing section: add a line "## AI note"`},
			},
		},
		{
			name: "EmptyBrief",
			edit: func(t *testing.T, s string) string {
				return replace(t, s, "## Brief\nYou are a student social worker. Check the note.\n", "## Brief\n  \n")
			},
			want: []problem{{at: "## Brief", msg: `section "Brief" is empty`}},
		},
		{
			name: "EmptyAINote",
			edit: func(t *testing.T, s string) string {
				i, j := strings.Index(s, "## AI note"), strings.Index(s, "## Model note")
				return s[:i] + "## AI note\n\n" + s[j:]
			},
			want: []problem{{at: "## AI note", msg: `section "AI note" is empty`}},
		},
		{
			name: "UnknownSection",
			edit: func(t *testing.T, s string) string { return replace(t, s, "## Model note", "## Model answer") },
			want: []problem{{at: "## Model answer", msg: `unknown section "Model answer": use Brief, Source, AI note, Model note, Reflection`}},
		},
		{
			name: "SectionTwice",
			edit: func(t *testing.T, s string) string { return replace(t, s, "## Model note", "## brief") },
			want: []problem{{at: "## brief", msg: `section "Brief" appears twice`}},
		},
		{
			name: "TextBeforeFirstSection",
			edit: func(t *testing.T, s string) string { return replace(t, s, "\n## Brief", "Stray words.\n## Brief") },
			want: []problem{{at: "Stray words.", msg: "text before the first section heading (## Brief) would be lost"}},
		},

		// Flaws.
		{
			name: "QuoteNotFound",
			edit: func(t *testing.T, s string) string {
				return replace(t, s, `quote: "A referral to the family support team was agreed."`, `quote: "A referral to the family support service was agreed."`)
			},
			want: []problem{{
				at:  "support service was agreed",
				msg: `"invented-referral": quote "A referral to the family support service was agreed." is not found in the AI note; it matches as far as "A referral to the family support"`,
			}},
		},
		{
			name: "QuoteNotFoundNothingMatches",
			edit: func(t *testing.T, s string) string {
				return replace(t, s, `quote: "A referral to the family support team was agreed."`, `quote: "Nothing like this was written."`)
			},
			want: []problem{{at: "Nothing like this", msg: `"invented-referral": quote "Nothing like this was written." is not found in the AI note`}},
		},
		{
			name: "QuoteFoundTwice",
			edit: func(t *testing.T, s string) string { return replace(t, s, "    prefix: \"talked about\"\n", "") },
			want: []problem{{at: `quote: "fishfingers"`, msg: `"fishfingers": quote "fishfingers" is found 2 times in the AI note: add prefix or suffix to say which`}},
		},
		{
			name: "PrefixMatchesNothing",
			edit: func(t *testing.T, s string) string {
				return replace(t, s, `prefix: "talked about"`, `prefix: "spoke about"`)
			},
			want: []problem{{at: `quote: "fishfingers"`, msg: `"fishfingers": quote "fishfingers" is not found in the AI note with that prefix/suffix`}},
		},
		{
			name: "UnknownCategory",
			edit: func(t *testing.T, s string) string {
				return replace(t, s, "category: fabrication", "category: fabricashun")
			},
			want: []problem{{at: "category: fabricashun", msg: `flaw "invented-referral": unknown category "fabricashun" (see taxonomy.yaml)`}},
		},
		{
			name: "UnknownStandardInFlaw",
			edit: func(t *testing.T, s string) string {
				return replace(t, s, "standards: [\"3.11\"]\n  - id: fishfingers", "standards: [\"3.11\", \"9.9\"]\n  - id: fishfingers")
			},
			want: []problem{{at: `"3.11", "9.9"`, msg: `unknown standard "9.9" (see standards.yaml)`}},
		},
		{
			name: "FlawWithoutStandards",
			edit: func(t *testing.T, s string) string {
				return replace(t, s, "standards: [\"3.11\"]\n  - id: fishfingers", "standards: []\n  - id: fishfingers")
			},
			want: []problem{{at: "standards: []", msg: `flaw "invented-referral": list at least one standard it engages`}},
		},
		{
			name: "DuplicateFlawID",
			edit: func(t *testing.T, s string) string {
				return replace(t, s, "- id: fishfingers", "- id: invented-referral")
			},
			want: []problem{{at: "- id: invented-referral\n    category: transcription", msg: `flaw "invented-referral": duplicate flaw id`}},
		},
		{
			name: "BadFlawID",
			edit: func(t *testing.T, s string) string { return replace(t, s, "- id: fishfingers", "- id: Fish_Fingers") },
			want: []problem{{at: "- id: Fish_Fingers", msg: `flaw "Fish_Fingers": the id must be lower-case letters, digits and hyphens`}},
		},
		{
			name: "BadSeverity",
			edit: func(t *testing.T, s string) string { return replace(t, s, "severity: low", "severity: minor") },
			want: []problem{{at: "severity: minor", msg: `flaw "fishfingers": severity must be low, medium or high`}},
		},
		{
			name: "NoExplanation",
			edit: func(t *testing.T, s string) string {
				return replace(t, s, "    explanation: Nobody agreed a referral.\n", "")
			},
			want: []problem{{at: "- id: invented-referral", msg: `flaw "invented-referral": add an explanation for the learner's feedback`}},
		},
		{
			name: "OmissionWithQuote",
			edit: func(t *testing.T, s string) string {
				return replace(t, s, `source_quote: "they shout and I go under my bed"`, `quote: "they shout and I go under my bed"`)
			},
			want: []problem{{at: `quote: "they shout`, msg: `flaw "lost-voice": an omission is anchored in the source: use source_quote, not quote`}},
		},
		{
			name: "OmissionWithoutSourceQuote",
			edit: func(t *testing.T, s string) string {
				return replace(t, s, "    source_quote: \"they shout and I go under my bed\"\n", "")
			},
			want: []problem{{at: "- id: lost-voice", msg: `"lost-voice": source_quote is missing: quote the words in the source`}},
		},
		{
			name: "NonOmissionWithSourceQuote",
			edit: func(t *testing.T, s string) string {
				return replace(t, s, `quote: "A referral to the family support team was agreed."`, `source_quote: "We can talk about support next time."`)
			},
			want: []problem{{at: `source_quote: "We can`, msg: `flaw "invented-referral": only omissions use source_quote; quote the words in the AI note with quote`}},
		},
		{
			name: "SourceQuoteNotFound",
			edit: func(t *testing.T, s string) string {
				return replace(t, s, `source_quote: "they shout and I go under my bed"`, `source_quote: "they shout and I hide under my bed"`)
			},
			want: []problem{{at: "source_quote:", msg: `"lost-voice": source_quote "they shout and I hide under my bed" is not found in the source; it matches as far as "they shout and I"`}},
		},
		{
			name: "EvidenceQuoteNotFound",
			edit: func(t *testing.T, s string) string {
				return replace(t, s, `evidence_quote: "we can talk about support next time"`, `evidence_quote: "we can talk about support tomorrow"`)
			},
			want: []problem{{at: "evidence_quote:", msg: `"invented-referral": evidence_quote "we can talk about support tomorrow" is not found in the source; it matches as far as "We can talk about support"`}},
		},
		{
			name: "EvidenceQuoteInTheNoteNotTheSource",
			edit: func(t *testing.T, s string) string {
				return replace(t, s, `evidence_quote: "we can talk about support next time"`, `evidence_quote: "Visit to Maya at home."`)
			},
			want: []problem{{at: "evidence_quote:", msg: `"invented-referral": evidence_quote "Visit to Maya at home." is not found in the source`}},
		},

		// Accurate entries.
		{
			name: "AccurateOverlapsFlaw",
			edit: func(t *testing.T, s string) string {
				return replace(t, s, `quote: "Maya said she likes her new school."`, `quote: "She talked about fishfingers at home."`)
			},
			want: []problem{{at: `quote: "She talked`, msg: `"accurate 1" overlaps flaw "fishfingers": a sentence cannot be both accurate and flawed`}},
		},
		{
			name: "AccurateNotFound",
			edit: func(t *testing.T, s string) string {
				return replace(t, s, `quote: "Maya said she likes her new school."`, `quote: "Maya said she likes her old school."`)
			},
			want: []problem{{at: "her old school", msg: `"accurate 1": quote "Maya said she likes her old school." is not found in the AI note; it matches as far as "Maya said she likes her"`}},
		},
		{
			name: "AccurateWithoutExplanation",
			edit: func(t *testing.T, s string) string {
				return replace(t, s, "    explanation: She says so on line 2.\n", "")
			},
			want: []problem{{at: "- quote: \"Maya said", msg: `"accurate 1": explain why the sentence is accurate`}},
		},

		// Several problems are all reported at once.
		{
			name: "SeveralProblems",
			edit: func(t *testing.T, s string) string {
				s = replace(t, s, "category: transcription", "category: mishearing")
				return replace(t, s, `source_quote: "they shout and I go under my bed"`, `source_quote: "they scream"`)
			},
			want: []problem{
				{at: "source_quote:", msg: `"lost-voice": source_quote "they scream" is not found in the source; it matches as far as "they"`},
				{at: "category: mishearing", msg: `flaw "fishfingers": unknown category "mishearing" (see taxonomy.yaml)`},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := tt.file
			if file == "" {
				file = "scenarios/" + homeVisit
			}
			src := tt.edit(t, base)
			var want []string
			for _, p := range tt.want {
				line := p.line
				if p.at != "" {
					line = lineOf(t, src, p.at)
				}
				want = append(want, fmt.Sprintf("%s:%d: %s", file, line, p.msg))
			}
			sc, got := parse(t, file, src)
			if sc != nil {
				t.Error("Parse returned a scenario for a file with problems")
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("problems:\n got  %q\n want %q", got, want)
			}
		})
	}
}
