package server

import (
	"fmt"

	"github.com/redpen-social/redpen/internal/content"
	"github.com/redpen-social/redpen/internal/scenario"
	"github.com/redpen-social/redpen/internal/store"
	"github.com/redpen-social/redpen/internal/taxonomy"
)

// categoryStat is how well a learner catches one category of flaw, across every critique
// they have submitted.
type categoryStat struct {
	Category                     taxonomy.Category
	Seen, Found, Partial, Missed int
	// Rate counts a flaw found with the right category as 1 and one found with another
	// category as the scoring's partial credit (half by default), over every flaw met.
	Rate float64
}

// categoryStats reads the stored result of each attempt and totals its flaws by category,
// in the taxonomy's order. Categories no longer in the taxonomy are added at the end, so
// past work is never silently dropped.
func categoryStats(lib *content.Library, attempts []store.Attempt, partialCredit float64) []categoryStat {
	byID := map[string]*categoryStat{}
	var order []string
	add := func(id string) *categoryStat {
		if st, ok := byID[id]; ok {
			return st
		}
		cat, ok := lib.Taxonomy.Category(id)
		if !ok {
			cat = taxonomy.Category{ID: id, Label: id, Mark: id}
		}
		byID[id] = &categoryStat{Category: cat}
		order = append(order, id)
		return byID[id]
	}
	for _, c := range lib.Taxonomy.Categories {
		add(c.ID)
	}
	for _, a := range attempts {
		rec, err := parseRecord(a.Result)
		if err != nil {
			continue // an unreadable result counts for nothing rather than breaking the page
		}
		for _, f := range rec.Flaws {
			st := add(f.Category)
			st.Seen++
			switch f.Outcome {
			case "found":
				st.Found++
			case "partial":
				st.Partial++
			default:
				st.Missed++
			}
		}
	}
	out := make([]categoryStat, 0, len(order))
	for _, id := range order {
		st := byID[id]
		if st.Seen > 0 {
			st.Rate = (float64(st.Found) + partialCredit*float64(st.Partial)) / float64(st.Seen)
		}
		out = append(out, *st)
	}
	return out
}

// weakest returns the met category with the lowest rate; on a tie, the one met more often
// (the surer finding), then the taxonomy's order. ok is false when nothing has been met.
func weakest(stats []categoryStat) (categoryStat, bool) {
	var best categoryStat
	ok := false
	for _, st := range stats {
		if st.Seen == 0 {
			continue
		}
		if !ok || st.Rate < best.Rate || (st.Rate == best.Rate && st.Seen > best.Seen) {
			best, ok = st, true
		}
	}
	return best, ok
}

// suggestion is the case to practise next and why.
type suggestion struct {
	Scenario *scenario.Scenario
	Reason   string
}

// suggestNext aims at the weakest category: of the cases with flaws of that category, the
// one the learner has attempted least, then the one with most such flaws, then the list's
// order (foundation cases first). With no critiques yet it suggests the first case.
func suggestNext(lib *content.Library, stats []categoryStat, attempts []store.Attempt) (suggestion, bool) {
	all := lib.Scenarios.All()
	if len(all) == 0 {
		return suggestion{}, false
	}
	tries := map[string]int{}
	for _, a := range attempts {
		tries[a.ScenarioID]++
	}
	weak, ok := weakest(stats)
	if !ok {
		return suggestion{Scenario: all[0], Reason: "You have not submitted a critique yet. This is a good first case: it is one of the foundation-level ones."}, true
	}
	if weak.Rate >= 1 {
		sc := leastTried(all, tries, func(*scenario.Scenario) int { return 0 })
		return suggestion{Scenario: sc, Reason: fmt.Sprintf("You have found every issue you have met so far. %s.", triedPhrase(tries[sc.ID]))}, true
	}
	inCategory := func(sc *scenario.Scenario) int {
		n := 0
		for _, f := range sc.Flaws {
			if f.Category == weak.Category.ID {
				n++
			}
		}
		return n
	}
	sc := leastTried(all, tries, inCategory)
	n := inCategory(sc)
	if n == 0 {
		return suggestion{}, false // no case has this category any more
	}
	reason := fmt.Sprintf("Your lowest detection rate is for %s issues: %d%% across the %d you have met. This case has %d %s of that kind. %s.",
		weak.Category.Label, int(weak.Rate*100+0.5), weak.Seen, n, pluralWord(n, "issue", "issues"), triedPhrase(tries[sc.ID]))
	return suggestion{Scenario: sc, Reason: reason}, true
}

// leastTried returns, among the cases with weight > 0 (or all of them when none has any),
// the one with the fewest attempts, then the most weight, then the first in the list.
func leastTried(all []*scenario.Scenario, tries map[string]int, weight func(*scenario.Scenario) int) *scenario.Scenario {
	candidates := all
	var weighted []*scenario.Scenario
	for _, sc := range all {
		if weight(sc) > 0 {
			weighted = append(weighted, sc)
		}
	}
	if len(weighted) > 0 {
		candidates = weighted
	}
	best := candidates[0]
	for _, sc := range candidates[1:] {
		if tries[sc.ID] < tries[best.ID] || (tries[sc.ID] == tries[best.ID] && weight(sc) > weight(best)) {
			best = sc
		}
	}
	return best
}

func triedPhrase(n int) string {
	switch n {
	case 0:
		return "You have not tried it yet"
	case 1:
		return "You have tried it once"
	default:
		return fmt.Sprintf("You have tried it %d times, no more often than the other cases with such issues", n)
	}
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
