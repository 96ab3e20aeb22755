package pii

import (
	"regexp"
	"strings"
	"unicode"
)

// UK postcodes in the standard format (outward code, optional space, inward code), in
// either case. The letter classes follow the Royal Mail rules for each position. ASCII
// classes rather than (?i), so that case folding cannot widen them beyond A to Z.
var postcodeRE = anchored(`[Gg][Ii][Rr] ?0[Aa]{2}|` +
	`[A-PR-UWYZa-pr-uwyz](?:[0-9][A-HJKPSTUWa-hjkpstuw]|[0-9]{1,2}|[A-HK-Ya-hk-y][0-9][ABEHMNPRVWXYabehmnprvwxy]|[A-HK-Ya-hk-y][0-9]{1,2})` +
	` ?[0-9][ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2}`)

// ordinalRE catches "1st", "2nd", "3rd" and "4th", which have the shape of an inward code.
var ordinalRE = regexp.MustCompile(`^\s?[0-9](?:st|nd|rd|th)$`)

func findPostcodes(text string) []span {
	return findFrom(postcodeRE, 8, text, letterThenDigit, func(s, e int) (int, int, bool) {
		if !standsAlone(text, s, e) {
			return 0, 0, false
		}
		pc := text[s:e]
		upper, lower := pc == strings.ToUpper(pc), pc == strings.ToLower(pc)
		switch {
		case !upper && !lower:
			return 0, 0, false // "Sw1A 1aa" is a word, not a postcode
		case lower && ordinalRE.MatchString(pc[len(pc)-4:]):
			return 0, 0, false // "b1 1st", "n2 2nd"
		}
		return s, e, true
	})
}

// Street addresses: a house number (optionally after "Flat 3,"), one to three capitalised
// words, and a street type.
var addressRE = anchored(`(?:(?:Flat|Apartment|Unit) \d{1,4}[A-Za-z]?,? )?` +
	`\d{1,4}[A-Za-z]?,? (?:\p{Lu}[\p{L}'’-]*\.? ){1,3}` +
	`(?:Street|Road|Lane|Avenue|Close|Drive|Way|Court|Crescent|Place|Terrace|Gardens|Grove|Square|Mews|Row|Walk|Hill|Rise|Parade|` +
	`(?:St|Rd|Ave|Dr|Cres|Pl|Sq)\.?)`)

// Courts and the like that follow a number without being an address: "3 Family Court
// hearings".
var notStreets = map[string]bool{"Family": true, "Crown": true, "County": true, "Youth": true, "Magistrates": true,
	"Magistrates'": true, "High": true, "Supreme": true, "Appeal": true, "Coroner's": true, "Coroners": true}

func findAddresses(text string) []span {
	return findFrom(addressRE, 160, text, startsWith("0123456789FAU"), func(s, e int) (int, int, bool) {
		if r := runeBefore(text, s); isWord(r) || r == '.' {
			return 0, 0, false
		}
		if r := runeAt(text, e); unicode.IsLetter(r) || unicode.IsDigit(r) {
			return 0, 0, false // "Ways", "Streetwise"
		}
		a := text[s:e]
		words := strings.Fields(a)
		num := strings.TrimRight(words[0], ",")
		if words[0] == "Flat" || words[0] == "Apartment" || words[0] == "Unit" {
			num = strings.TrimRight(words[2], ",")
		}
		if len(num) == 4 && (strings.HasPrefix(num, "19") || strings.HasPrefix(num, "20")) {
			return 0, 0, false // a year: "in 2019 Social Care Court"
		}
		if notStreets[words[len(words)-2]] {
			return 0, 0, false
		}
		return s, e, true
	})
}
