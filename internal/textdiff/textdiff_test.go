package textdiff

import (
	"reflect"
	"strings"
	"testing"
)

func TestWords(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want []Op
	}{
		{"BothEmpty", "", "", nil},
		{"Equal", "Maya is nine.", "Maya is nine.", []Op{{Equal, "Maya is nine."}}},
		{"FromEmpty", "", "new text", []Op{{Insert, "new text"}}},
		{"ToEmpty", "old text", "", []Op{{Delete, "old text"}}},
		{"InsertMiddle", "Maya is nine.", "Maya is only nine.", []Op{{Equal, "Maya is "}, {Insert, "only "}, {Equal, "nine."}}},
		{"InsertEnd", "She said no.", "She said no. Twice.", []Op{{Equal, "She said no. "}, {Insert, "Twice."}}},
		{"DeleteMiddle", "A referral was agreed today.", "A referral was today.", []Op{{Equal, "A referral was "}, {Delete, "agreed "}, {Equal, "today."}}},
		{"DeleteStart", "Apparently Mum cried.", "Mum cried.", []Op{{Delete, "Apparently "}, {Equal, "Mum cried."}}},
		{"Replace", "Mum and Dad fishfingers at night", "Mum and Dad fighting at night",
			[]Op{{Equal, "Mum and Dad "}, {Insert, "fighting "}, {Delete, "fishfingers "}, {Equal, "at night"}}},
		{"CaseMatters", "no concerns", "No concerns", []Op{{Insert, "No "}, {Delete, "no "}, {Equal, "concerns"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Words(tt.a, tt.b)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Words(%q, %q) =\n  %v\nwant\n  %v", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

// join concatenates the text of the ops of the given kinds.
func join(ops []Op, kinds ...Kind) string {
	var b strings.Builder
	for _, o := range ops {
		for _, k := range kinds {
			if o.Kind == k {
				b.WriteString(o.Text)
			}
		}
	}
	return b.String()
}

func TestWordsRoundTrip(t *testing.T) {
	pairs := []struct {
		name string
		a, b string
	}{
		{"Same", "one two three", "one two three"},
		{"Disjoint", "alpha beta", "gamma delta epsilon"},
		{"Paragraphs", "Visit to Maya.\n\nA referral was agreed.", "Visit to Maya at home.\n\nSupport was mentioned."},
		{"Lists", "Actions:\n- Referral agreed.\n- Visit Tuesday.", "Actions:\n- Visit Tuesday after 4pm.\n- Discuss support."},
		{"Unicode", "Ms Khan’s “house of worries” — fine", "Ms Khan’s “house of worries” — not fine"},
		{"RepeatedWords", "no yes no", "yes no yes no"},
		{"TrailingSpace", "a b ", "a c "},
	}
	for _, tt := range pairs {
		t.Run(tt.name, func(t *testing.T) {
			ops := Words(tt.a, tt.b)
			if got := join(ops, Equal, Insert); got != tt.b {
				t.Errorf("Equal+Insert = %q, want b = %q", got, tt.b)
			}
			if got := join(ops, Equal, Delete); got != tt.a {
				t.Errorf("Equal+Delete = %q, want a = %q", got, tt.a)
			}
			for i := 1; i < len(ops); i++ {
				if ops[i].Kind == ops[i-1].Kind {
					t.Errorf("ops %d and %d are both kind %d; runs should be merged", i-1, i, ops[i].Kind)
				}
			}
			for _, o := range ops {
				if o.Text == "" {
					t.Errorf("empty op %v", o)
				}
			}
		})
	}
}

// Ensure that when the same words are spaced differently, Equal runs carry b's spacing: b
// is still rebuilt exactly, and a is rebuilt word for word.
func TestWordsDifferentSpacing(t *testing.T) {
	a, b := "Visit to Maya.\n\nShe is nine.", "Visit to Maya. She is nine."
	ops := Words(a, b)
	if want := []Op{{Equal, b}}; !reflect.DeepEqual(ops, want) {
		t.Errorf("Words = %v, want %v", ops, want)
	}
	if got := join(ops, Equal, Insert); got != b {
		t.Errorf("Equal+Insert = %q, want %q", got, b)
	}
	if got := strings.Fields(join(ops, Equal, Delete)); !reflect.DeepEqual(got, strings.Fields(a)) {
		t.Errorf("Equal+Delete words = %q, want %q", got, strings.Fields(a))
	}
}

// Ensure the old text is never shown with two words run together. The feedback page prints
// the ops in order (deleted text struck through), so when b's last word matches a word in
// the middle of a, the space after it in a must not be lost.
func TestWordsKeepsDeletedWordsApart(t *testing.T) {
	tests := []struct {
		name string
		a, b string
	}{
		{"ModelDropsLastSentence", "Visit booked. Referral agreed.", "Visit booked."},
		{"ModelDropsLastParagraph", "Visit booked.\n\nReferral agreed.", "Visit booked."},
		{"RepeatedWords", "no no no yes", "yes no yes no"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ops := Words(tt.a, tt.b)
			if got := join(ops, Equal, Insert); got != tt.b {
				t.Errorf("Equal+Insert = %q, want %q", got, tt.b)
			}
			if got := strings.Fields(join(ops, Equal, Delete)); !reflect.DeepEqual(got, strings.Fields(tt.a)) {
				t.Errorf("Equal+Delete words = %q, want %q (ops %+v)", got, strings.Fields(tt.a), ops)
			}
		})
	}
}

// Ensure very long texts fall back to a whole replacement instead of a huge table.
func TestWordsTooLong(t *testing.T) {
	a := strings.Repeat("a ", 2001)
	b := strings.Repeat("b ", 2001)
	want := []Op{{Delete, a}, {Insert, b}}
	if got := Words(a, b); !reflect.DeepEqual(got, want) {
		t.Errorf("Words on long texts returned %d ops, want a delete and an insert", len(got))
	}
}
