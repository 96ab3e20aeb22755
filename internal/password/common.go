package password

import (
	_ "embed"
	"strings"
	"sync"
)

// common.txt lists passwords of at least MinLength characters that appear near the top of
// public breach-frequency lists, plus obvious ones for this service. Shorter ones are
// already refused by MinLength.
//
//go:embed common.txt
var commonList string

var common = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, l := range strings.Split(commonList, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			m[strings.ToLower(l)] = true
		}
	}
	return m
})

// Common reports whether pw is on the list of common passwords or is one character
// repeated, ignoring case.
func Common(pw string) bool {
	lower := strings.ToLower(pw)
	if common()[lower] {
		return true
	}
	rs := []rune(lower)
	if len(rs) == 0 {
		return false
	}
	for _, r := range rs[1:] {
		if r != rs[0] {
			return false
		}
	}
	return true
}
