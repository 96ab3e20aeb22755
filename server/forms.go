package server

import (
	"strings"
	"unicode/utf8"
)

// fieldError is one validation message, tied to the id of the input it is about so the
// error summary can link to it.
type fieldError struct {
	Field   string
	Message string
}

// validator collects validation messages in the order of the form's fields.
type validator struct {
	Errors []fieldError
}

func (v *validator) check(ok bool, field, msg string) {
	if !ok && v.For(field) == "" {
		v.Errors = append(v.Errors, fieldError{field, msg})
	}
}

// Valid reports whether no check failed.
func (v validator) Valid() bool { return len(v.Errors) == 0 }

// For returns the message for a field, for templates.
func (v validator) For(field string) string {
	for _, e := range v.Errors {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}

// cleanText normalises learner text: it must be valid UTF-8 without NUL bytes (SQLite and
// browsers handle both badly), line endings are unified, and surrounding space is trimmed.
func cleanText(s string) (string, bool) {
	if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
		return "", false
	}
	return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n")), true
}
