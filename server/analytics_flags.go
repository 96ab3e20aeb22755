package server

import (
	"sort"

	"github.com/redpen-social/redpen/internal/content"
	"github.com/redpen-social/redpen/internal/scenario"
	"github.com/redpen-social/redpen/internal/store"
)

// unitStat is a sentence of the note or a line of the source that learners flagged
// although it holds none of the key's issues.
type unitStat struct {
	Where    string
	Text     string
	Flags    int
	Learners int
	Category string // the kind most often chosen for it
	first    int    // position, to keep the order stable
}

// maxWrongUnits is how many wrongly flagged sentences a scenario's page lists.
const maxWrongUnits = 10

// wronglyFlagged groups the learners' flags on text with no issue by sentence or line, most
// learners first. Anonymous results have no flags, so only current learners count.
func wronglyFlagged(lib *content.Library, sc *scenario.Scenario, best []store.Attempt, flags map[int64][]store.Flag) []unitStat {
	byUnit := map[string]*unitStat{}
	learners := map[string]map[int64]bool{}
	kinds := map[string]map[string]int{}
	for _, a := range best {
		rec, err := parseRecord(a.Result)
		if err != nil {
			continue
		}
		byID := map[int64]store.Flag{}
		for _, f := range flags[a.ID] {
			byID[f.ID] = f
		}
		for _, r := range rec.Flags {
			f, ok := byID[r.FlagID]
			if !ok || r.Outcome != "spurious" || r.Reason != "no-overlap" {
				continue
			}
			doc := sc.Doc(docName(f.Document))
			u, ok := unitAt(doc, f.Start)
			if !ok {
				continue
			}
			key := whereLabel(f.Document, u.Number)
			st := byUnit[key]
			if st == nil {
				st = &unitStat{Where: key, Text: doc.Slice(u.Start, u.End), first: u.Start}
				if f.Document == "source" {
					st.first += 1 << 30 // note sentences before source lines
				}
				byUnit[key], learners[key], kinds[key] = st, map[int64]bool{}, map[string]int{}
			}
			st.Flags++
			learners[key][a.UserID] = true
			kinds[key][f.Category]++
		}
	}
	out := make([]unitStat, 0, len(byUnit))
	for key, st := range byUnit {
		st.Learners = len(learners[key])
		st.Category = mostChosen(lib, kinds[key])
		out = append(out, *st)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Learners != out[j].Learners {
			return out[i].Learners > out[j].Learners
		}
		if out[i].Flags != out[j].Flags {
			return out[i].Flags > out[j].Flags
		}
		return out[i].first < out[j].first
	})
	return out[:min(len(out), maxWrongUnits)]
}

// mostChosen names the category chosen most often (the first by id among equals).
func mostChosen(lib *content.Library, counts map[string]int) string {
	bestID, bestN := "", 0
	for id, n := range counts {
		if n > bestN || n == bestN && id < bestID {
			bestID, bestN = id, n
		}
	}
	if cat, ok := lib.Taxonomy.Category(bestID); ok {
		return cat.Label
	}
	return bestID
}
