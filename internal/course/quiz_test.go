package course

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/redpen-social/redpen/internal/diag"
)

func TestQuizMark(t *testing.T) {
	radio := &Quiz{ID: "r", Options: []Option{{Text: "a"}, {Text: "b", Correct: true}, {Text: "c"}}}
	checkbox := &Quiz{ID: "c", Multiple: true, Options: []Option{{Text: "a", Correct: true}, {Text: "b"}, {Text: "c", Correct: true}}}
	tests := []struct {
		name        string
		quiz        *Quiz
		chosen      []int
		correct     bool
		wantChecked []bool
	}{
		{"RadioRight", radio, []int{1}, true, []bool{false, true, false}},
		{"RadioWrong", radio, []int{0}, false, []bool{true, false, false}},
		{"RadioNothing", radio, nil, false, []bool{false, false, false}},
		{"RadioTwoChoicesIncludingRight", radio, []int{1, 2}, false, []bool{false, true, true}},
		{"RadioDuplicateOfRight", radio, []int{1, 1}, true, []bool{false, true, false}},
		{"RadioOutOfRangeIgnored", radio, []int{-1, 3, 99}, false, []bool{false, false, false}},
		{"RadioRightPlusOutOfRange", radio, []int{1, 7}, true, []bool{false, true, false}},
		{"CheckboxAllCorrect", checkbox, []int{2, 0}, true, []bool{true, false, true}},
		{"CheckboxMissingOne", checkbox, []int{0}, false, []bool{true, false, false}},
		{"CheckboxAllCorrectPlusWrong", checkbox, []int{0, 1, 2}, false, []bool{true, true, true}},
		{"CheckboxOnlyWrong", checkbox, []int{1}, false, []bool{false, true, false}},
		{"CheckboxNothing", checkbox, []int{}, false, []bool{false, false, false}},
		{"CheckboxDuplicates", checkbox, []int{0, 0, 2, 2}, true, []bool{true, false, true}},
		{"CheckboxOutOfRange", checkbox, []int{0, 2, -7, 3}, true, []bool{true, false, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tt.quiz.Mark(tt.chosen)
			if m.Correct != tt.correct {
				t.Errorf("Correct = %v, want %v", m.Correct, tt.correct)
			}
			if !reflect.DeepEqual(m.Chosen, tt.wantChecked) {
				t.Errorf("Chosen = %v, want %v", m.Chosen, tt.wantChecked)
			}
		})
	}
}

// Ensure a checkbox question whose only correct answer is one option needs that option.
func TestQuizMarkSingleCorrectCheckbox(t *testing.T) {
	q := &Quiz{Multiple: true, Options: []Option{{Correct: true}, {}}}
	if !q.Mark([]int{0}).Correct || q.Mark([]int{0, 1}).Correct || q.Mark([]int{1}).Correct {
		t.Error("checkbox marking with one correct option is wrong")
	}
}

func TestParseQuiz(t *testing.T) {
	src := "id: q1\n" +
		"question: |\n" +
		"  What is it\n" +
		"  doing?\n" +
		"multiple: true\n" +
		"options:\n" +
		"  - text: \" A \"\n" +
		"    correct: true\n" +
		"    feedback: Yes.\n" +
		"  - text: B\n" +
		"    feedback: No.\n"
	var probs diag.List
	q := ParseQuiz("m.md", 20, []byte(src), &probs)
	if err := probs.Err(); err != nil {
		t.Fatalf("problems: %v", err)
	}
	want := &Quiz{ID: "q1", Question: "What is it\ndoing?", Multiple: true, Options: []Option{
		{Text: "A", Feedback: "Yes.", Correct: true},
		{Text: "B", Feedback: "No."},
	}}
	if !reflect.DeepEqual(q, want) {
		t.Errorf("ParseQuiz = %+v, want %+v", q, want)
	}
	if q.String() != "quiz q1" {
		t.Errorf("String() = %q", q.String())
	}
}

// Ensure every knowledge-check problem is reported at the right line of the module file.
func TestQuizProblems(t *testing.T) {
	tests := []struct {
		name string
		body string   // module body after moduleHead
		want []string // problems; "%d" is the line of the matching needle in at
		at   []string
	}{
		{
			name: "MalformedYAML",
			body: "Intro.\n\n" + fence("id: q1\nquestion: What: now?\noptions: []\n"),
			want: []string{"mapping values are not allowed in this context"},
			at:   []string{"question: What: now?"},
		},
		{
			name: "NoCorrectOption",
			body: fence("id: q1\nquestion: Which?\noptions:\n  - text: A\n    feedback: No.\n  - text: B\n    feedback: No!\n"),
			want: []string{`quiz "q1" has no correct option: mark one with correct: true`},
			at:   []string{"  - text: A\n"},
		},
		{
			name: "TwoCorrectWithoutMultiple",
			body: fence("id: q1\nquestion: Which?\noptions:\n  - text: A\n    correct: true\n    feedback: Yes.\n  - text: B\n    correct: true\n    feedback: Yes!\n"),
			want: []string{`quiz "q1" has 2 correct options: add multiple: true or mark only one`},
			at:   []string{"  - text: A\n"},
		},
		{
			name: "OptionWithoutFeedback",
			body: fence("id: q1\nquestion: Which?\noptions:\n  - text: A\n    correct: true\n    feedback: Yes.\n  - text: B\n"),
			want: []string{`quiz "q1": option 2 has no feedback; explain why it is right or wrong`},
			at:   []string{"  - text: B"},
		},
		{
			name: "OptionWithoutText",
			body: fence("id: q1\nquestion: Which?\noptions:\n  - text: A\n    correct: true\n    feedback: Yes.\n  - feedback: No.\n"),
			want: []string{`quiz "q1": option 2 has no text`},
			at:   []string{"  - feedback: No."},
		},
		{
			name: "MissingQuestion",
			body: "Intro.\n\n" + fence("id: q1\noptions:\n  - text: A\n    correct: true\n    feedback: Yes.\n  - text: B\n    feedback: No.\n"),
			want: []string{`quiz "q1" has no question`},
			at:   []string{"id: q1"},
		},
		{
			name: "OneOption",
			body: fence("id: q1\nquestion: Which?\noptions:\n  - text: A\n    correct: true\n    feedback: Yes.\n"),
			want: []string{`quiz "q1" needs at least two options`},
			at:   []string{"  - text: A\n"},
		},
		{
			name: "BadID",
			body: fence(strings.Replace(goodQuiz("x"), "id: x", "id: Question 1", 1)),
			want: []string{`quiz needs an id of lower-case letters, digits and hyphens, got "Question 1"`},
			at:   []string{"id: Question 1"},
		},
		{
			name: "DuplicateQuizID",
			body: fence(goodQuiz("q1")) + "\nMiddle.\n\n```quiz\n" + strings.Replace(goodQuiz("q1"), "Which?", "Which again?", 1) + "```\n",
			want: []string{`quiz id "q1" is used twice in this module`},
			at:   []string{"```quiz\nid: q1\nquestion: Which again?"},
		},
		{
			name: "UnknownKey",
			body: fence(goodQuiz("q1") + "hint: Think.\n"),
			want: []string{`unknown key "hint"`},
			at:   []string{"hint: Think."},
		},
		{
			name: "UnknownKeyInOption",
			body: fence(strings.Replace(goodQuiz("q1"), "    feedback: No.\n", "    explanation: No.\n", 1)),
			want: []string{`unknown key "explanation"`},
			at:   []string{"explanation: No."},
		},
		{
			name: "Empty",
			body: "Intro.\n\n```quiz\n```\n",
			want: []string{"the YAML is empty"},
			at:   []string{"```\n"},
		},
		{
			name: "NotAMapping",
			body: fence("- a\n- b\n"),
			want: []string{"expected a YAML mapping of keys and values"},
			at:   []string{"- a"},
		},
		{
			name: "InsideAList",
			body: "- Item one\n\n  ```quiz\n  id: q1\n  question: What: now?\n  ```\n",
			want: []string{"mapping values are not allowed in this context"},
			at:   []string{"question: What: now?"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := moduleHead + tt.body
			var want []string
			for i, w := range tt.want {
				want = append(want, fmt.Sprintf("courses/c/m.md:%d: %s", lineOf(t, file, tt.at[i]), w))
			}
			_, got := loadFiles(t, map[string]string{"c/course.yaml": validCourse, "c/m.md": file})
			// The course's reference to the broken module is reported too.
			want = append([]string{`courses/c/course.yaml:4: unknown module "m": no m.md in any course folder`}, want...)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("problems:\n got  %q\n want %q", got, want)
			}
		})
	}
}
