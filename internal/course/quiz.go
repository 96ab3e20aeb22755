package course

import (
	"fmt"
	"strings"

	"github.com/redpen-social/redpen/internal/diag"
	"github.com/redpen-social/redpen/internal/frontmatter"
	"github.com/redpen-social/redpen/internal/taxonomy"
)

// Quiz is one knowledge check inside a module.
type Quiz struct {
	ID       string
	Question string
	Multiple bool // checkboxes: every correct option and no other must be chosen
	Options  []Option
}

// Option is one answer a learner can choose.
type Option struct {
	Text     string
	Feedback string
	Correct  bool
}

// Marking is the outcome of one answer to a quiz.
type Marking struct {
	Correct bool
	Chosen  []bool // per option, whether the learner chose it
}

// Mark marks an answer given as option indexes. Out-of-range indexes are ignored, so a
// tampered form can never panic; a radio question answered with several options is wrong.
func (q *Quiz) Mark(chosen []int) Marking {
	m := Marking{Chosen: make([]bool, len(q.Options))}
	n := 0
	for _, i := range chosen {
		if i >= 0 && i < len(q.Options) && !m.Chosen[i] {
			m.Chosen[i] = true
			n++
		}
	}
	m.Correct = n > 0 && (q.Multiple || n == 1)
	for i, o := range q.Options {
		if o.Correct != m.Chosen[i] {
			m.Correct = false
		}
	}
	return m
}

// quizYAML is the authored form of a quiz block.
type quizYAML struct {
	ID       string `yaml:"id"`
	Question string `yaml:"question"`
	Multiple bool   `yaml:"multiple"`
	Options  []struct {
		Text     string `yaml:"text"`
		Feedback string `yaml:"feedback"`
		Correct  bool   `yaml:"correct"`
	} `yaml:"options"`
}

// ParseQuiz parses the body of a ```quiz block whose first line is file line offset+1.
// It returns nil when the block is unusable; every problem goes to probs.
func ParseQuiz(path string, offset int, src []byte, probs *diag.List) *Quiz {
	var y quizYAML
	before := probs.Len()
	root, ok := frontmatter.Decode(path, offset, src, &y, probs)
	if !ok {
		if probs.Len() == before {
			probs.Add(path, offset, "malformed quiz block")
		}
		return nil
	}
	at := func(key string) int { return frontmatter.Line(root, key) + offset }
	q := &Quiz{ID: y.ID, Question: strings.TrimSpace(y.Question), Multiple: y.Multiple}
	if !taxonomy.ValidID(y.ID) {
		probs.Add(path, at("id"), "quiz needs an id of lower-case letters, digits and hyphens, got %q", y.ID)
	}
	if q.Question == "" {
		probs.Add(path, at("question"), "quiz %q has no question", y.ID)
	}
	if len(y.Options) < 2 {
		probs.Add(path, at("options"), "quiz %q needs at least two options", y.ID)
	}
	optNodes := frontmatter.Items(frontmatter.Value(root, "options"))
	correct := 0
	for i, o := range y.Options {
		line := frontmatter.ItemLine(optNodes, i, root.Line) + offset
		opt := Option{Text: strings.TrimSpace(o.Text), Feedback: strings.TrimSpace(o.Feedback), Correct: o.Correct}
		if opt.Text == "" {
			probs.Add(path, line, "quiz %q: option %d has no text", y.ID, i+1)
		}
		if opt.Feedback == "" {
			probs.Add(path, line, "quiz %q: option %d has no feedback; explain why it is right or wrong", y.ID, i+1)
		}
		if o.Correct {
			correct++
		}
		q.Options = append(q.Options, opt)
	}
	switch {
	case len(y.Options) >= 2 && correct == 0:
		probs.Add(path, at("options"), "quiz %q has no correct option: mark one with correct: true", y.ID)
	case correct > 1 && !y.Multiple:
		probs.Add(path, at("options"), "quiz %q has %d correct options: add multiple: true or mark only one", y.ID, correct)
	}
	if probs.Len() > before {
		return nil
	}
	return q
}

// String names the quiz for logs and errors.
func (q *Quiz) String() string { return fmt.Sprintf("quiz %s", q.ID) }
