package server

import (
	"context"
	"sort"
	"strconv"

	"github.com/redpen-social/redpen/internal/content"
	"github.com/redpen-social/redpen/internal/scenario"
	"github.com/redpen-social/redpen/internal/store"
	"github.com/redpen-social/redpen/internal/taxonomy"
)

// The cohort aggregates are computed here, in Go, from what the store returns: each
// learner's best attempt per assigned scenario (chosen in SQL), the verdicts in its stored
// result, and the anonymous results of learners who have deleted their accounts. Anonymous
// results count in the score distributions, flaw rates and the category heatmap, never in
// the per-learner matrix or the grade export.

// cohortData is what the analytics pages and the exports read about a cohort.
type cohortData struct {
	Cohort      store.Cohort
	Learners    []store.User
	Assignments []assignmentView
	Best        map[int64]map[string]store.Attempt // learner id → scenario id → best attempt
	Progress    map[int64]map[string]store.ModuleProgress
	Anonymous   []store.AnonymousResult
}

func (s *Server) loadCohortData(ctx context.Context, lib *content.Library, co store.Cohort) (cohortData, error) {
	d := cohortData{Cohort: co, Best: map[int64]map[string]store.Attempt{}}
	members, err := s.store.ListMembers(ctx, co.ID)
	if err != nil {
		return d, err
	}
	for _, m := range members {
		if m.Role == store.MemberLearner {
			d.Learners = append(d.Learners, m.User)
		}
	}
	list, err := s.store.ListAssignments(ctx, co.ID)
	if err != nil {
		return d, err
	}
	for _, a := range list {
		d.Assignments = append(d.Assignments, viewAssignment(lib, a))
	}
	best, err := s.store.ListCohortAttempts(ctx, co.ID, true)
	if err != nil {
		return d, err
	}
	for _, a := range best {
		if d.Best[a.UserID] == nil {
			d.Best[a.UserID] = map[string]store.Attempt{}
		}
		d.Best[a.UserID][a.ScenarioID] = a
	}
	if d.Progress, err = s.store.ListCohortModuleProgress(ctx, co.ID); err != nil {
		return d, err
	}
	d.Anonymous, err = s.store.ListAnonymousResults(ctx, co.ID)
	return d, err
}

// bestOf returns the learners' best attempts at one scenario, in learner order.
func (d cohortData) bestOf(scenarioID string) []store.Attempt {
	var out []store.Attempt
	for _, u := range d.Learners {
		if a, ok := d.Best[u.ID][scenarioID]; ok {
			out = append(out, a)
		}
	}
	return out
}

// matrixCell is one learner's state on one assignment.
type matrixCell struct {
	Text      string // "72%", "Complete", "In progress" or "Not started"
	Class     string // the tag style
	AttemptID int64  // the best attempt, to drill into
}

type matrixRow struct {
	Learner store.User
	Cells   []matrixCell
	Done    int
}

// completionMatrix is learners × assignments: best score, or the module's state.
func completionMatrix(d cohortData) []matrixRow {
	rows := make([]matrixRow, 0, len(d.Learners))
	for _, u := range d.Learners {
		r := matrixRow{Learner: u}
		for _, a := range d.Assignments {
			cell := matrixCell{Text: "Not started", Class: "tag-todo"}
			if a.Kind == store.KindScenario {
				if at, ok := d.Best[u.ID][a.ItemID]; ok {
					cell = matrixCell{Text: strconv.Itoa(percentOf(at.Score)) + "%", Class: "tag-done", AttemptID: at.ID}
				}
			} else if p, ok := d.Progress[u.ID][a.ItemID]; ok {
				cell = matrixCell{Text: "In progress", Class: "tag-progress"}
				if p.Complete() {
					cell = matrixCell{Text: "Complete", Class: "tag-done"}
				}
			}
			if cell.Class == "tag-done" {
				r.Done++
			}
			r.Cells = append(r.Cells, cell)
		}
		rows = append(rows, r)
	}
	return rows
}

// outcomes counts key flaws by how they were caught.
type outcomes struct{ Found, Partial, Missed int }

func (o outcomes) Total() int { return o.Found + o.Partial + o.Missed }

func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

// FoundShare, PartialShare and MissedShare are the rates shown in tables.
func (o outcomes) FoundShare() float64   { return share(o.Found, o.Total()) }
func (o outcomes) PartialShare() float64 { return share(o.Partial, o.Total()) }
func (o outcomes) MissedShare() float64  { return share(o.Missed, o.Total()) }

func (o *outcomes) add(outcome string) {
	switch outcome {
	case "found":
		o.Found++
	case "partial":
		o.Partial++
	default:
		o.Missed++
	}
}

// flawStat is how the cohort fared on one key flaw.
type flawStat struct {
	outcomes
	Number   int
	Flaw     scenario.Flaw
	Category taxonomy.Category
	Quote    string
	Where    string
}

// scenarioStats is the cohort's results at one assigned scenario.
type scenarioStats struct {
	Scenario   *scenario.Scenario
	Scores     []float64 // learners' best scores, then anonymous results
	Learners   int
	Anonymous  int
	Mean       float64
	Median     float64
	Flaws      []flawStat
	Categories map[string]outcomes
}

// statsOf aggregates a scenario's results: the learners' best attempts and the anonymous
// results. A result that cannot be read is left out rather than failing the page.
func statsOf(lib *content.Library, sc *scenario.Scenario, best []store.Attempt, anon []store.AnonymousResult) scenarioStats {
	st := scenarioStats{Scenario: sc, Categories: map[string]outcomes{}}
	byFlaw := map[string]*outcomes{}
	count := func(score float64, result []byte) bool {
		rec, err := parseRecord(result)
		if err != nil {
			return false
		}
		st.Scores = append(st.Scores, score)
		for _, f := range rec.Flaws {
			o := byFlaw[f.ID]
			if o == nil {
				o = &outcomes{}
				byFlaw[f.ID] = o
			}
			o.add(f.Outcome)
			c := st.Categories[f.Category]
			c.add(f.Outcome)
			st.Categories[f.Category] = c
		}
		return true
	}
	for _, a := range best {
		if count(a.Score, a.Result) {
			st.Learners++
		}
	}
	for _, r := range anon {
		if r.ScenarioID == sc.ID && count(r.Score, r.Result) {
			st.Anonymous++
		}
	}
	st.Mean, st.Median = meanMedian(st.Scores)
	for i, f := range sc.Flaws {
		cat, _ := lib.Taxonomy.Category(f.Category)
		fs := flawStat{Number: i + 1, Flaw: f, Category: cat, Quote: sc.Doc(f.Span.Doc).Slice(f.Span.Start, f.Span.End)}
		if o := byFlaw[f.ID]; o != nil {
			fs.outcomes = *o
		}
		if u, ok := unitAt(sc.Doc(f.Span.Doc), f.Span.Start); ok {
			fs.Where = whereLabel(string(f.Span.Doc), u.Number)
		}
		st.Flaws = append(st.Flaws, fs)
	}
	return st
}

func meanMedian(xs []float64) (mean, median float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	sorted := append([]float64(nil), xs...)
	sort.Float64s(sorted)
	for _, x := range sorted {
		mean += x
	}
	mean /= float64(len(sorted))
	mid := len(sorted) / 2
	median = sorted[mid]
	if len(sorted)%2 == 0 {
		median = (sorted[mid-1] + sorted[mid]) / 2
	}
	return mean, median
}

func whereLabel(doc string, number int) string {
	if doc == "source" {
		return "Source, line " + strconv.Itoa(number)
	}
	return "Note, sentence " + strconv.Itoa(number)
}
