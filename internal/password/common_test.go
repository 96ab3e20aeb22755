package password_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/redpen-social/redpen/internal/password"
)

// common calls password.Common and turns a panic into a test failure.
func common(t *testing.T, pw string) bool {
	t.Helper()
	var got bool
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("Common(%q) panicked: %v", pw, r)
			}
		}()
		got = password.Common(pw)
	}()
	return got
}

func TestCommon(t *testing.T) {
	tests := []struct {
		name string
		pw   string
		want bool
	}{
		{"Listed", "password123", true},
		{"ListedUpper", "PASSWORD123", true},
		{"ListedMixed", "QwErTyUiOp", true},
		{"ListedDigits", "1234567890", true},
		{"ListedService", "RedPen1234", true},
		{"Repeated", "aaaaaaaaaaaa", true},
		{"RepeatedUpper", "AAAAAAAAAAAA", true},
		{"RepeatedMixedCase", "aAaAaAaAaAaA", true},
		{"RepeatedDigit", "1111111111", true},
		{"RepeatedUnicode", "ÉÉÉÉÉÉÉÉÉÉ", true},
		{"OneCharacter", "x", true},
		{"Passphrase", "correct horse battery staple", false},
		{"ListedPlusSuffix", "password123xyz", false},
		{"ListedWithSpace", "password 123", false},
		{"AlmostRepeated", "aaaaaaaaab", false},
		{"Empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Ensure listed and one-character passwords are common in any case, others not.
			if got := common(t, tt.pw); got != tt.want {
				t.Errorf("Common(%q) = %v, want %v", tt.pw, got, tt.want)
			}
		})
	}
}

func TestCommonList(t *testing.T) {
	// Ensure every entry in common.txt is caught, and is long enough to get past MinLength
	// (a shorter one would be dead weight: MinLength already refuses it).
	data, err := os.ReadFile("common.txt")
	if err != nil {
		t.Fatal(err)
	}
	var n int
	for i, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		n++
		where := fmt.Sprintf("common.txt:%d %q", i+1, l)
		if utf8.RuneCountInString(l) < password.MinLength {
			t.Errorf("%s is shorter than MinLength (%d)", where, password.MinLength)
		}
		if !password.Common(l) || !password.Common(strings.ToUpper(l)) {
			t.Errorf("%s is not reported as common", where)
		}
	}
	if n < 50 {
		t.Errorf("common.txt has %d entries, want at least 50", n)
	}
}
