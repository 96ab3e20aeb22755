package pii

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// found renders findings as "kind=text" for compact comparisons.
func found(fs []Finding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s=%s", f.Kind, f.Text))
	}
	return out
}

type scanCase struct {
	name string
	text string
	want []string // "kind=text", in order; nil for none
}

func runScanCases(t *testing.T, tests []scanCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := found(Scan(tt.text))
			want := tt.want
			if want == nil {
				want = []string{}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Scan(%q)\n got %q\nwant %q", tt.text, got, want)
			}
		})
	}
}

func TestScanNHSNumbers(t *testing.T) {
	runScanCases(t, []scanCase{
		{"together", "NHS no 9434765919.", []string{"nhs-number=9434765919"}},
		{"spaced", "Her number is 943 476 5919 on the letter", []string{"nhs-number=943 476 5919"}},
		{"hyphens", "ref 401-023-2137", []string{"nhs-number=401-023-2137"}},
		{"check digit 0 from 11", "4505577104", []string{"nhs-number=4505577104"}},
		{"fails the checksum", "9434765918", nil},
		{"fails the checksum spaced", "943 476 5918", nil},
		{"check digit would be 10", "648 726 5396", nil},
		{"mixed separators", "943 476-5919", nil},
		{"part of a longer number", "19434765919", nil},
		{"inside a word", "ID9434765919", nil},
		{"nine digits", "943476591", nil},
		{"uneven groups", "9434 76 5919", nil},
	})
}

func TestScanNINumbers(t *testing.T) {
	runScanCases(t, []scanCase{
		{"together", "NI: AB123456C", []string{"ni-number=AB123456C"}},
		{"paired", "NINO AB 12 34 56 C.", []string{"ni-number=AB 12 34 56 C"}},
		{"grouped", "JG 103759 A", []string{"ni-number=JG 103759 A"}},
		{"lower case", "ab123456d", []string{"ni-number=ab123456d"}},
		{"suffix E is not used", "AB123456E", nil},
		{"first letter D", "DA123456A", nil},
		{"second letter O", "AO123456A", nil},
		{"prefix GB", "GB123456A", nil},
		{"prefix ZZ", "ZZ123456A", nil},
		{"too few digits", "AB12345C", nil},
		{"inside a code", "XAB123456C", nil},
	})
}

func TestScanPostcodes(t *testing.T) {
	runScanCases(t, []scanCase{
		{"spaced", "lives at SW1A 1AA now", []string{"postcode=SW1A 1AA"}},
		{"no space", "M11AE", []string{"postcode=M11AE"}},
		{"lower case", "postcode b33 8tq?", []string{"postcode=b33 8tq"}},
		{"lower case ordinal", "b33 8th", nil},
		{"A9 9AA", "Moved to M1 1AE.", []string{"postcode=M1 1AE"}},
		{"AA99 9AA", "(CR2 6XH)", []string{"postcode=CR2 6XH"}},
		{"AA9A 9AA", "EC1A 1BB", []string{"postcode=EC1A 1BB"}},
		{"mixed case", "Sw1A 1aA", nil},
		{"inward letters not used (C, I, K, M, O, V)", "SW1A 1CK", nil},
		{"ordinal in lower case", "met on b1 1st floor", nil},
		{"part of a longer code", "XSW1A1AAX", nil},
		{"Q cannot start a postcode", "QA1 1AA", nil},
		{"a time", "at 4pm", nil},
	})
}

func TestScanPhones(t *testing.T) {
	runScanCases(t, []scanCase{
		{"mobile", "call 07700 900123 today", []string{"phone=07700 900123"}},
		{"mobile together", "07700900123", []string{"phone=07700900123"}},
		{"international", "+44 7700 900123", []string{"phone=+44 7700 900123"}},
		{"international with (0)", "+44 (0)20 7946 0018", []string{"phone=+44 (0)20 7946 0018"}},
		{"London landline", "Tel: 020 7946 0018.", []string{"phone=020 7946 0018"}},
		{"Manchester landline", "0161 496 0000", []string{"phone=0161 496 0000"}},
		{"brackets", "(01632) 960 001", []string{"phone=(01632) 960 001"}},
		{"hyphens", "0113-496-0000", []string{"phone=0113-496-0000"}},
		{"trailing count is not part of it", "07700 900123 2 people", []string{"phone=07700 900123"}},
		{"too short", "0161 496", nil},
		{"too long", "01614960000123", nil},
		{"longest valid prefix", "0161 496 0000 1234", []string{"phone=0161 496 0000"}},
		{"a date", "01/02/2011", nil},
		{"a number starting 04", "0412 345 678", nil},
		{"a decimal", "0.5 litres", nil},
		{"inside a number", "10161 496 0000", nil},
	})
}

func TestScanEmails(t *testing.T) {
	runScanCases(t, []scanCase{
		{"plain", "email jo.bloggs@example.org.", []string{"email=jo.bloggs@example.org"}},
		{"plus and hyphen", "<a.b+c@mail-host.co.uk>", []string{"email=a.b+c@mail-host.co.uk"}},
		{"in brackets", "(sam@example.com)", []string{"email=sam@example.com"}},
		{"no dot in the domain", "admin@localhost", nil},
		{"a handle", "@redpen on the forum", nil},
		{"no local part", "write to @example.com", nil},
		{"numeric top-level domain", "x@1.2", nil},
	})
}

func TestScanDatesOfBirth(t *testing.T) {
	runScanCases(t, []scanCase{
		{"DOB", "DOB 12/03/2011", []string{"date-of-birth=12/03/2011"}},
		{"D.O.B.", "D.O.B.: 12.03.11", []string{"date-of-birth=12.03.11"}},
		{"born", "She was born 3 March 2011.", []string{"date-of-birth=3 March 2011"}},
		{"born on the", "born on the 3rd of March 2011", []string{"date-of-birth=3rd of March 2011"}},
		{"date of birth", "Date of birth: March 3, 2011", []string{"date-of-birth=March 3, 2011"}},
		{"ISO", "dob=2011-03-12", []string{"date-of-birth=2011-03-12"}},
		{"cue after", "12/03/2011 (DOB)", []string{"date-of-birth=12/03/2011"}},
		{"no year after a cue", "He said he is 16, born on 3 May.", []string{"date-of-birth=3 May"}},
		{"no year without a cue", "See you on 3 May.", nil},
		{"a meeting date", "The meeting on 12/03/2024 was rescheduled.", nil},
		{"a written meeting date", "We met on 3 March 2024 at the school.", nil},
		{"second date after a birth date", "born 3 March 2011, visited 5 May 2024",
			[]string{"date-of-birth=3 March 2011"}},
		{"cue on another line", "date of birth\n\nThe visit was on 12/03/2024", nil},
		{"newborn is not a cue", "the newborn was seen on 12/03/2024", nil},
		{"cue too far away", "born in a small town a long way from here, which she left on 12/03/2020", nil},
	})
}

func TestScanNames(t *testing.T) {
	runScanCases(t, []scanCase{
		{"Mrs surname", "Mrs Adeyemi said", []string{"name=Mrs Adeyemi"}},
		{"Dr. full name", "Dr. Grace Okafor.", []string{"name=Dr. Grace Okafor"}},
		{"initial", "Mr J. Smith-Jones", []string{"name=Mr J. Smith-Jones"}},
		{"Mx", "Mx Taylor", []string{"name=Mx Taylor"}},
		{"Miss apostrophe", "Miss O'Brien", []string{"name=Miss O'Brien"}},
		{"capitals in a transcript", "DR OKAFOR: Hello", []string{"name=DR OKAFOR"}},
		{"accented", "Ms Zoë Błaszczyk", []string{"name=Ms Zoë Błaszczyk"}},
		{"possessive", "Mrs Campbell's son and Mr Jones’ dog", []string{"name=Mrs Campbell", "name=Mr Jones"}},
		{"initial only", "Mrs A said she was tired", nil},
		{"no title", "Jane Smith visited", nil},
		{"lower case after the title", "Mr and Mrs", nil},
		{"MS Teams", "on MS Teams", nil},
		{"title inside a word", "HumDr Smith", nil},
	})
}

func TestScanAddresses(t *testing.T) {
	runScanCases(t, []scanCase{
		{"road", "She lives at 14 Acacia Road with", []string{"address=14 Acacia Road"}},
		{"flat", "Flat 3, 27 Mill Lane.", []string{"address=Flat 3, 27 Mill Lane"}},
		{"letter and abbreviation", "12a St Mary's St. in town", []string{"address=12a St Mary's St."}},
		{"two words", "5 Upper Park Gardens", []string{"address=5 Upper Park Gardens"}},
		{"terrace", "at 101 Victoria Terrace", []string{"address=101 Victoria Terrace"}},
		{"distance", "walked 2 miles down the road", nil},
		{"plural", "in 3 Different Ways", nil},
		{"a court", "after 3 Family Court hearings", nil},
		{"a year", "since 2019 Social Care Court", nil},
		{"no number", "Acacia Road", nil},
	})
}

func TestScanOverlapsKeepTheLongest(t *testing.T) {
	runScanCases(t, []scanCase{
		// "012 345 6789" is a valid NHS number and a valid phone number: NHS is more specific.
		{"NHS over phone", "012 345 6789", []string{"nhs-number=012 345 6789"}},
		{"every kind", "Mrs Jane Doe, 14 Acacia Road, LS1 4AP; DOB 01/02/2010; NHS 943 476 5919; NI AB123456C; " +
			"07700 900123; jane@example.org",
			[]string{"name=Mrs Jane Doe", "address=14 Acacia Road", "postcode=LS1 4AP", "date-of-birth=01/02/2010",
				"nhs-number=943 476 5919", "ni-number=AB123456C", "phone=07700 900123", "email=jane@example.org"}},
	})
}

func TestScanPositions(t *testing.T) {
	text := "Zoë’s note\nline two: Mr Øster, SW1A 1AA"
	fs := Scan(text)
	if len(fs) != 2 {
		t.Fatalf("got %q, want a name and a postcode", found(fs))
	}
	name, pc := fs[0], fs[1]
	if name.Line != 2 || name.Col != 11 || name.RuneStart != 21 || name.RuneEnd != 29 {
		t.Errorf("name at line %d col %d runes [%d,%d), want line 2 col 11 runes [21,29)", name.Line, name.Col, name.RuneStart, name.RuneEnd)
	}
	if text[name.Start:name.End] != "Mr Øster" || text[pc.Start:pc.End] != "SW1A 1AA" {
		t.Errorf("byte spans give %q and %q", text[name.Start:name.End], text[pc.Start:pc.End])
	}
	if pc.Col != 21 || pc.RuneStart != 31 {
		t.Errorf("postcode at col %d rune %d, want col 21 rune 31", pc.Col, pc.RuneStart)
	}
}

func TestRedact(t *testing.T) {
	text := "Call Mrs Adeyemi on 07700 900123 about 943 476 5919."
	got := Redact(text, Scan(text))
	want := "Call [NAME] on [PHONE] about [NHS-NUMBER]."
	if got != want {
		t.Errorf("Redact = %q, want %q", got, want)
	}
	if again := Scan(got); len(again) != 0 {
		t.Errorf("redacted text still has findings: %q", found(again))
	}
}

func TestKindsHaveWords(t *testing.T) {
	for _, k := range Kinds() {
		if k.Label() == string(k) || len(k.Why()) < 40 || !strings.HasPrefix(k.Placeholder(), "[") {
			t.Errorf("kind %q lacks a label, an explanation or a placeholder", k)
		}
	}
	if len(Kinds()) != 8 {
		t.Errorf("got %d kinds, want 8", len(Kinds()))
	}
}
