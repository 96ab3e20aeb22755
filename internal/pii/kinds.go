package pii

import "strings"

type kindInfo struct {
	label string
	why   string
}

var kindInfos = map[Kind]kindInfo{
	NHSNumber: {"NHS number", "An NHS number identifies one person for life and unlocks their health records. " +
		"Anyone who sees it can link what you wrote to that person's care."},
	NINumber: {"National Insurance number", "A National Insurance number is unique to one person and is used for " +
		"benefits, tax and employment. It is a key target for identity fraud."},
	Email: {"Email address", "An email address usually points straight at one person, and often contains their name."},
	Phone: {"Phone number", "A phone number reaches a person or household directly and can be looked up or " +
		"matched with other records."},
	Postcode: {"Postcode", "A full postcode covers only a handful of homes. With almost any other detail " +
		"(an age, a family make-up) it can identify a family."},
	DateOfBirth: {"Date of birth", "A date of birth, together with a postcode or a name, identifies most people " +
		"in the UK. Ages or school years are usually enough for a case discussion."},
	Address: {"Street address", "A street address says where someone lives. For a person at risk, such as someone " +
		"fleeing abuse, revealing it can put them in danger."},
	Name: {"Name with a title", "A name with a title (Mr, Mrs, Dr…) names a real person. Use initials or a role " +
		"(\"the mother\", \"the GP\") instead."},
}

// Kinds returns every kind, most specific first.
func Kinds() []Kind {
	out := make([]Kind, len(detectors))
	for i, d := range detectors {
		out[i] = d.kind
	}
	return out
}

// Label is the kind in plain words, such as "NHS number".
func (k Kind) Label() string {
	if i, ok := kindInfos[k]; ok {
		return i.label
	}
	return string(k)
}

// Why explains in a sentence or two why the kind matters: the teaching moment.
func (k Kind) Why() string { return kindInfos[k].why }

// Placeholder is what Redact puts in place of a finding, such as "[NHS-NUMBER]".
func (k Kind) Placeholder() string { return "[" + strings.ToUpper(string(k)) + "]" }
