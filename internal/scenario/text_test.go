package scenario

import (
	"reflect"
	"strings"
	"testing"
)

// unitText is what a test expects of one unit.
type unitText struct {
	text       string
	para, item int
}

// checkUnits compares a document's units, by their text, with want, and checks that they
// are numbered from 1 and lie in order within the text.
func checkUnits(t *testing.T, d Document, want []unitText) {
	t.Helper()
	var got []unitText
	prevEnd := 0
	for i, u := range d.Units {
		got = append(got, unitText{d.Slice(u.Start, u.End), u.Para, u.Item})
		if u.Number != i+1 {
			t.Errorf("unit %d has Number %d", i, u.Number)
		}
		if u.Start < prevEnd || u.End <= u.Start {
			t.Errorf("unit %d spans [%d, %d) after a unit ending at %d", i, u.Start, u.End, prevEnd)
		}
		prevEnd = u.End
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("units:\n got  %+v\n want %+v", got, want)
	}
}

func TestNoteUnits(t *testing.T) {
	sc := mustParse(t, "clinic-review.md")
	wantText := "Review with Dr. Okafor and Mr Rahimi, with a Dari interpreter. Mr Rahimi said he can manage the stairs. " +
		"Dr. Okafor said the hip is healing well, e.g. he walked the ward today. A carer was arranged.\n\n" +
		"Actions:\n- Review in one week.\n- Ask Dr. Okafor for a letter. Send it to the GP."
	if sc.Note.Text != wantText {
		t.Errorf("Note.Text =\n%q\nwant\n%q", sc.Note.Text, wantText)
	}
	if got := string(sc.Note.Runes()); got != sc.Note.Text {
		t.Errorf("Runes() = %q, want the text", got)
	}
	checkUnits(t, sc.Note, []unitText{
		{"Review with Dr. Okafor and Mr Rahimi, with a Dari interpreter.", 0, 0},
		{"Mr Rahimi said he can manage the stairs.", 0, 0}, // wrapped over two lines
		{"Dr. Okafor said the hip is healing well, e.g. he walked the ward today.", 0, 0},
		{"A carer was arranged.", 0, 0},
		{"Actions:", 1, 0},
		{"- Review in one week.", 1, 1},
		{"- Ask Dr. Okafor for a letter.", 1, 2},
		{"Send it to the GP.", 1, 2},
	})
}

func TestNewNote(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		text string
		want []unitText
	}{
		{
			name: "Empty",
			raw:  "\n\n",
			text: "",
			want: nil,
		},
		{
			name: "WrappedLinesAndExtraSpaces",
			raw:  "\n  Maya is   nine.  She likes\n   school!   Does she?\n\n\n",
			text: "Maya is nine. She likes school! Does she?",
			want: []unitText{{"Maya is nine.", 0, 0}, {"She likes school!", 0, 0}, {"Does she?", 0, 0}},
		},
		{
			name: "Paragraphs",
			raw:  "One. Two.\n\nThree.\n\n\nFour.",
			text: "One. Two.\n\nThree.\n\nFour.",
			want: []unitText{{"One.", 0, 0}, {"Two.", 0, 0}, {"Three.", 1, 0}, {"Four.", 2, 0}},
		},
		{
			name: "Abbreviations",
			raw:  "Mrs. Khan met Dr. Okafor at St. Mary's, i.e. the clinic. Items: pens, paper etc. were left. Room no. 4 was used.",
			text: "Mrs. Khan met Dr. Okafor at St. Mary's, i.e. the clinic. Items: pens, paper etc. were left. Room no. 4 was used.",
			want: []unitText{
				{"Mrs. Khan met Dr. Okafor at St. Mary's, i.e. the clinic.", 0, 0},
				{"Items: pens, paper etc. were left.", 0, 0},
				{"Room no. 4 was used.", 0, 0},
			},
		},
		{
			name: "ClosingQuotesAndBrackets",
			raw:  `She said "I'm fine." Then she left (quickly.) He said ‘no.’ End`,
			text: `She said "I'm fine." Then she left (quickly.) He said ‘no.’ End`,
			want: []unitText{{`She said "I'm fine."`, 0, 0}, {"Then she left (quickly.)", 0, 0}, {"He said ‘no.’", 0, 0}, {"End", 0, 0}},
		},
		{
			name: "NoSpaceAfterFullStop",
			raw:  "See www.example.org for 3.5 hours.",
			text: "See www.example.org for 3.5 hours.",
			want: []unitText{{"See www.example.org for 3.5 hours.", 0, 0}},
		},
		{
			name: "ColonKeepsNextLine",
			raw:  "Present:\nMaya and her mum.\nWorker.",
			text: "Present:\nMaya and her mum. Worker.",
			want: []unitText{{"Present:", 0, 0}, {"Maya and her mum.", 0, 1}, {"Worker.", 0, 1}},
		},
		{
			name: "BulletsAndWrappedItem",
			raw:  "Actions:\n- Visit on\n  Tuesday.\n* Call school.\n• Write to GP.",
			text: "Actions:\n- Visit on Tuesday.\n* Call school.\n• Write to GP.",
			want: []unitText{{"Actions:", 0, 0}, {"- Visit on Tuesday.", 0, 1}, {"* Call school.", 0, 2}, {"• Write to GP.", 0, 3}},
		},
		{
			name: "CurlyQuotesKept",
			raw:  "She said “it’s loud”.",
			text: "She said “it’s loud”.",
			want: []unitText{{"She said “it’s loud”.", 0, 0}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newNote(tt.raw)
			if d.Text != tt.text {
				t.Errorf("Text = %q, want %q", d.Text, tt.text)
			}
			checkUnits(t, d, tt.want)
		})
	}
}

// Ensure a numbered list item or numbered paragraph keeps its number in its first
// sentence. Otherwise "1." becomes a unit of its own that a learner can flag, as in the
// shipped chatbot-court-statement and supervision-minutes scenarios.
func TestNewNoteNumberedItems(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want []unitText
	}{
		{
			name: "NumberedList",
			raw:  "Actions:\n1. Book a review.\n2. Call the GP. Send a letter.",
			want: []unitText{{"Actions:", 0, 0}, {"1. Book a review.", 0, 1}, {"2. Call the GP.", 0, 2}, {"Send a letter.", 0, 2}},
		},
		{
			name: "NumberedParagraphs",
			raw:  "1. Mia is six. She lives with her mother.\n\n12. The school reports good attendance.",
			want: []unitText{{"1. Mia is six.", 0, 0}, {"She lives with her mother.", 0, 0}, {"12. The school reports good attendance.", 1, 0}},
		},
		{
			name: "BracketNumbers",
			raw:  "Plan:\n1) Review.\n2) Close.",
			want: []unitText{{"Plan:", 0, 0}, {"1) Review.", 0, 1}, {"2) Close.", 0, 2}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkUnits(t, newNote(tt.raw), tt.want)
		})
	}
}

func TestSourceUnits(t *testing.T) {
	sc := mustParse(t, "clinic-review.md")
	type line struct{ text, speaker string }
	want := []line{
		{"[Door knocks]", ""},
		{"DR OKAFOR: Come in. This is Mr Rahimi, and this is the interpreter.", "DR OKAFOR"},
		{"INTERPRETER (DARI): He says thank you for seeing him.", "INTERPRETER (DARI)"},
		{"WORKER: How are things at home?", "WORKER"},
		{"INTERPRETER (DARI): He says, “I can’t do the stairs any more.”", "INTERPRETER (DARI)"},
		{"MR RAHIMI: Tired. Very tired.", "MR RAHIMI"},
		{"DR OKAFOR: His hip is healing well, e.g. he walked the ward today.", "DR OKAFOR"},
		{"[The interpreter checks the time: 10:30]", ""},
		{"WORKER: We’ll talk about a carer next week.", "WORKER"},
	}
	var got []line
	for i, u := range sc.Source.Units {
		got = append(got, line{sc.Source.Slice(u.Start, u.End), u.Speaker})
		if u.Number != i+1 {
			t.Errorf("line %d has Number %d", i+1, u.Number)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("source lines:\n got  %+v\n want %+v", got, want)
	}
	var lines []string
	for _, l := range want {
		lines = append(lines, l.text)
	}
	if wantText := strings.Join(lines, "\n"); sc.Source.Text != wantText {
		t.Errorf("Source.Text = %q, want the non-blank lines joined by newlines", sc.Source.Text)
	}
}

func TestSpeakerOf(t *testing.T) {
	tests := []struct {
		line string
		want string
	}{
		{"WORKER: Hello.", "WORKER"},
		{"DR OKAFOR: Come in.", "DR OKAFOR"},
		{"INTERPRETER (DARI): He says yes.", "INTERPRETER (DARI)"},
		{"MS O’BRIEN: Yes.", "MS O’BRIEN"},
		{"CHILD 2: No.", "CHILD 2"},
		{"WORKER: It is 10:30 now.", "WORKER"},
		{"[Door knocks]", ""},
		{"[Door knocks: twice]", ""},
		{"Worker: hello", ""},
		{"Note: she left.", ""},
		{"10:30 the visit began", ""},
		{": no label", ""},
		{"No colon at all", ""},
		{"A VERY LONG LABEL THAT GOES ON AND ON AND ON: hi", ""},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			if got := speakerOf(tt.line); got != tt.want {
				t.Errorf("speakerOf(%q) = %q, want %q", tt.line, got, tt.want)
			}
		})
	}
}

func TestFind(t *testing.T) {
	note := newNote("Maya said she likes\nher “new” school — it’s   big.\n\nMaya said she likes dogs.")
	tests := []struct {
		name           string
		quote          string
		prefix, suffix string
		want           string // the text found; "" when count should be 0
		count          int
	}{
		{"Exact", "her “new” school", "", "", "her “new” school", 1},
		{"FoldsCase", "MAYA SAID SHE LIKES HER", "", "", "Maya said she likes her", 1},
		{"StraightQuotesFindCurly", `her "new" school`, "", "", "her “new” school", 1},
		{"StraightApostrophe", "it's big", "", "", "it’s big", 1},
		{"DashFolds", "school - it's", "", "", "school — it’s", 1},
		{"WhiteSpaceRuns", "  likes \n\t her  ", "", "", "likes her", 1},
		{"AcrossParagraphs", "big. Maya said", "", "", "big.\n\nMaya said", 1},
		{"Twice", "Maya said she likes", "", "", "Maya said she likes", 2},
		{"SuffixPicksOne", "Maya said she likes", "", "dogs", "Maya said she likes", 1},
		{"PrefixPicksOne", "Maya said", "big.", "", "Maya said", 1},
		{"PrefixWrong", "Maya said", "small.", "", "", 0},
		{"NotFound", "Maya said she hates", "", "", "", 0},
		{"EmptyQuote", "   ", "", "", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start, end, count := note.Find(tt.quote, tt.prefix, tt.suffix)
			if count != tt.count {
				t.Fatalf("count = %d, want %d", count, tt.count)
			}
			if count == 0 {
				return
			}
			if got := note.Slice(start, end); got != tt.want {
				t.Errorf("found %q, want %q", got, tt.want)
			}
		})
	}
}

// Ensure the second occurrence is the one a suffix selects, by offset.
func TestFindSuffixOffset(t *testing.T) {
	d := newNote("No. Yes. No. Maybe.")
	s1, _, n1 := d.Find("No.", "", "Yes")
	s2, _, n2 := d.Find("No.", "", "Maybe")
	if n1 != 1 || n2 != 1 || s1 != 0 || s2 != 9 {
		t.Errorf("Find with suffixes = (%d, %d), (%d, %d); want starts 0 and 9, once each", s1, n1, s2, n2)
	}
}

func TestFindWithin(t *testing.T) {
	d := newNote("No. Yes. No. Maybe.")
	tests := []struct {
		name       string
		start, end int
		wantStart  int
		ok         bool
	}{
		{"Whole", 0, 19, 0, true},
		{"SecondHalf", 5, 19, 9, true},
		{"TooNarrow", 9, 11, 0, false},
		{"None", 4, 8, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, e, ok := d.FindWithin("no.", tt.start, tt.end)
			if ok != tt.ok || ok && (s != tt.wantStart || e != tt.wantStart+3) {
				t.Errorf("FindWithin = %d, %d, %v; want %d, %v", s, e, ok, tt.wantStart, tt.ok)
			}
		})
	}
}

func TestSliceClamps(t *testing.T) {
	d := newNote("Maya’s note.")
	tests := []struct {
		start, end int
		want       string
	}{
		{0, 6, "Maya’s"},
		{-5, 4, "Maya"},
		{7, 100, "note."},
		{8, 3, ""},
		{50, 60, ""},
	}
	for _, tt := range tests {
		if got := d.Slice(tt.start, tt.end); got != tt.want {
			t.Errorf("Slice(%d, %d) = %q, want %q", tt.start, tt.end, got, tt.want)
		}
	}
}

func TestListItems(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"Dashes", "- One?\n- Two?\n", []string{"One?", "Two?"}},
		{"NumbersAndWrapping", "1. First\n   continued?\n2) Second?", []string{"First continued?", "Second?"}},
		{"NoList", "Just one question\nover two lines?", []string{"Just one question over two lines?"}},
		{"Empty", "\n  \n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := listItems(tt.src); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("listItems = %q, want %q", got, tt.want)
			}
		})
	}
}

// Ensure a quote matches across the source's own spacing and line breaks, and the span
// covers the original text.
func TestFindInSource(t *testing.T) {
	d := newSource("MAYA:  Mum   and Dad\n\n  fighting, it’s loud.  \n")
	start, end, count := d.Find(`mum and dad fighting, IT'S`, "", "")
	if count != 1 {
		t.Fatalf("count = %d, want 1", count)
	}
	if got, want := d.Slice(start, end), "Mum   and Dad\nfighting, it’s"; got != want {
		t.Errorf("found %q, want %q", got, want)
	}
	if len(d.Units) != 2 || d.Units[0].Speaker != "MAYA" || d.Units[1].Speaker != "" {
		t.Errorf("units = %+v", d.Units)
	}
}
