package pii

import (
	"strings"
)

// NHS numbers: ten digits, written together or in 3-3-4 groups split by spaces or hyphens.
var nhsRE = anchored(`\d{10}|\d{3} \d{3} \d{4}|\d{3}-\d{3}-\d{4}`)

func findNHSNumbers(text string) []span {
	return findFrom(nhsRE, 12, text, digitAt, func(s, e int) (int, int, bool) {
		if !standsAlone(text, s, e) || !validNHS(text[s:e]) {
			return 0, 0, false
		}
		return s, e, true
	})
}

// validNHS applies the modulus 11 check: the first nine digits weighted 10 down to 2, and
// the check digit is 11 minus the remainder (11 becomes 0; 10 means no valid number).
func validNHS(s string) bool {
	var d []int
	for _, r := range s {
		if r >= '0' && r <= '9' {
			d = append(d, int(r-'0'))
		}
	}
	if len(d) != 10 {
		return false
	}
	sum := 0
	for i := 0; i < 9; i++ {
		sum += d[i] * (10 - i)
	}
	check := 11 - sum%11
	if check == 11 {
		check = 0
	}
	return check != 10 && check == d[9]
}

// National Insurance numbers: two prefix letters, six digits (optionally in pairs), and a
// suffix A to D.
// ASCII classes, not (?i): case folding would let "ſ" (long s) stand for "S".
var niRE = anchored(`[A-Za-z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-Da-d]`)

// Prefixes never issued (HMRC's NIM39110).
var niBadPrefix = map[string]bool{"BG": true, "GB": true, "KN": true, "NK": true, "NT": true, "TN": true, "ZZ": true}

func findNINumbers(text string) []span {
	return findFrom(niRE, 13, text, letterThenDigit, func(s, e int) (int, int, bool) {
		if !standsAlone(text, s, e) {
			return 0, 0, false
		}
		p := strings.ToUpper(text[s : s+2])
		if strings.ContainsRune("DFIQUV", rune(p[0])) || strings.ContainsRune("DFIOQUV", rune(p[1])) || niBadPrefix[p] {
			return 0, 0, false
		}
		return s, e, true
	})
}

// UK phone numbers start "+44" (optionally with "(0)") or "0"; the candidate is then cut
// into digit groups and the longest run of groups that makes a UK number is kept.
var phoneRE = anchored(`(?:\+44|\(0|0)[0-9 ()-]*[0-9]`)

func findPhones(text string) []span {
	return findFrom(phoneRE, 40, text, startsWith("+(0"), func(s, e int) (int, int, bool) {
		if r := runeBefore(text, s); isWord(r) || r == '+' || r == '/' || r == '.' {
			return 0, 0, false
		}
		end, ok := phoneEnd(text[s:e])
		if !ok || isWord(runeAt(text, s+end)) {
			return 0, 0, false
		}
		return s, s + end, true
	})
}

// phoneEnd returns where the longest valid UK number at the start of c ends. The national
// number (after +44 or the leading 0) has nine or ten digits and starts 1, 2, 3, 5, 7 or 8;
// groups are split by one space or hyphen, or by a closing bracket.
func phoneEnd(c string) (int, bool) {
	i, national := 0, ""
	switch {
	case strings.HasPrefix(c, "+44"):
		i = 3
		if j := skipSep(c, i); strings.HasPrefix(c[j:], "(0)") {
			i = j + 3
		}
	case strings.HasPrefix(c, "(0"):
		i = 2
	default:
		i = 1
	}
	best, found, group := 0, false, 0
	for i < len(c) {
		j := skipSep(c, i)
		if j == i && group > 0 && national != "" {
			break // two groups must be separated
		}
		k := j
		for k < len(c) && c[k] >= '0' && c[k] <= '9' {
			k++
		}
		if k == j {
			break
		}
		national += c[j:k]
		group++
		i = k
		if n := len(national); (n == 9 || n == 10) && strings.ContainsRune("123578", rune(national[0])) {
			best, found = i, true
		}
		if len(national) > 10 {
			break
		}
	}
	return best, found
}

// skipSep skips one separator between digit groups: a space, a hyphen, or ")" with an
// optional space.
func skipSep(c string, i int) int {
	if i < len(c) && c[i] == ')' {
		i++
		if i < len(c) && c[i] == ' ' {
			i++
		}
		return i
	}
	if i < len(c) && (c[i] == ' ' || c[i] == '-') {
		i++
	}
	return i
}
