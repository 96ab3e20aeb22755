package main

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/redpen-social/redpen/internal/content"
	"github.com/redpen-social/redpen/internal/scenario"
	"github.com/redpen-social/redpen/internal/score"
	"github.com/redpen-social/redpen/internal/store"
	"github.com/redpen-social/redpen/server"
)

// Some kinds of problem are harder to see than others: omissions most of all, since nothing
// on the page points at them.
var demoDifficulty = map[string]float64{
	"omission": 0.65, "consent-capacity": 0.8, "opinion-as-fact": 0.85, "misattribution": 0.85,
	"distortion": 0.9, "privacy": 1, "fabrication": 1.05, "biased-language": 1.1, "transcription": 1.1,
}

var demoSeverity = map[score.Severity]float64{score.High: 0.8, score.Medium: 0.62, score.Low: 0.42}

// demoLearner is one simulated learner: how skilled they are decides how much they read,
// which flaws they find, how often they name the wrong kind and how many false alarms they raise.
type demoLearner struct {
	id    int64
	skill float64
	rng   *rand.Rand
}

func (l demoLearner) study(ctx context.Context, st *store.Store, clk demoClock, set func(time.Time), modules []string) error {
	for i, m := range modules {
		day := 3 + float64(i)*6 + l.rng.Float64()*5
		set(clk.at(day))
		switch r := l.rng.Float64(); {
		case r < 0.5+0.45*l.skill-0.25*float64(i):
			if err := st.StartModule(ctx, l.id, m); err != nil {
				return err
			}
			set(clk.at(day + 0.2))
			if err := st.CompleteModule(ctx, l.id, m); err != nil {
				return err
			}
		case r < 0.85:
			if err := st.StartModule(ctx, l.id, m); err != nil {
				return err
			}
		}
	}
	return nil
}

// practise submits zero, one or two attempts at a scenario; a second attempt is better.
func (l demoLearner) practise(ctx context.Context, st *store.Store, lib *content.Library, clk demoClock, set func(time.Time), sc *scenario.Scenario, k int) error {
	if l.rng.Float64() > []float64{0.85, 0.75, 0.45}[k%3]+0.15*l.skill {
		return nil // not attempted yet
	}
	day := 6 + float64(k)*4 + l.rng.Float64()*4
	skill := l.skill
	for try := 0; try < 2; try++ {
		set(clk.at(day))
		flags := l.flags(lib, sc, skill)
		result, err := submitDemo(ctx, st, l.id, sc, flags)
		if err != nil {
			return err
		}
		if result >= 0.6 || l.rng.Float64() > 0.35 {
			return nil
		}
		day, skill = day+1+l.rng.Float64()*2, min(skill+0.2, 0.95)
	}
	return nil
}

// flags simulates a critique: each key flaw is found with a chance set by its severity, its
// kind and the learner's skill, sometimes with the wrong kind; then a few false alarms.
func (l demoLearner) flags(lib *content.Library, sc *scenario.Scenario, skill float64) []store.Flag {
	var out []store.Flag
	cats := lib.Taxonomy.Categories
	for _, f := range sc.Flaws {
		p := demoSeverity[f.Severity] * firstNonZero(demoDifficulty[f.Category], 1) * (0.35 + 0.9*skill)
		if l.rng.Float64() >= min(p, 0.97) {
			continue
		}
		cat := f.Category
		if l.rng.Float64() < 0.05+0.35*(1-skill) {
			cat = cats[l.rng.IntN(len(cats))].ID
		}
		start, end := f.Span.Start, f.Span.End
		doc := sc.Doc(f.Span.Doc)
		if l.rng.Float64() < 0.5 { // the keyboard path: the whole sentence or line
			for _, u := range doc.Units {
				if u.Start <= f.Span.Start && f.Span.Start < u.End {
					start, end = u.Start, u.End
				}
			}
		}
		out = append(out, demoFlag(doc, string(f.Span.Doc), start, end, cat))
	}
	decoys := cleanUnits(sc)
	for n := 0; n < 3 && len(decoys) > 0; n++ {
		if l.rng.Float64() >= 0.55*(1-skill)+0.05 {
			continue
		}
		// False alarms gather on a few sentences that look wrong, as in a real class.
		u := decoys[min(l.rng.IntN(len(decoys)), l.rng.IntN(3))]
		out = append(out, demoFlag(&sc.Note, "note", u.Start, u.End, cats[l.rng.IntN(len(cats))].ID))
	}
	return out
}

func firstNonZero(x, def float64) float64 {
	if x == 0 {
		return def
	}
	return x
}

// cleanUnits are the note's sentences that hold no key flaw, accurate-looking ones first.
func cleanUnits(sc *scenario.Scenario) []scenario.Unit {
	var accurate, rest []scenario.Unit
	for _, u := range sc.Note.Units {
		clean, looksWrong := true, false
		for _, f := range sc.Flaws {
			clean = clean && (f.Span.Doc != score.Note || f.Span.End <= u.Start || u.End <= f.Span.Start)
		}
		for _, a := range sc.Accurate {
			looksWrong = looksWrong || a.Span.Start < u.End && u.Start < a.Span.End
		}
		switch {
		case clean && looksWrong:
			accurate = append(accurate, u)
		case clean:
			rest = append(rest, u)
		}
	}
	return append(accurate, rest...)
}

func demoFlag(doc *scenario.Document, name string, start, end int, category string) store.Flag {
	return store.Flag{Document: name, Start: start, End: end, Quote: doc.Slice(start, end), Category: category,
		Rationale: "The source does not support this as written.", EvidenceStart: -1, EvidenceEnd: -1}
}

// submitDemo stores a submitted attempt scored exactly as a learner's would be.
func submitDemo(ctx context.Context, st *store.Store, userID int64, sc *scenario.Scenario, flags []store.Flag) (float64, error) {
	opt := score.DefaultOptions()
	result, _, err := server.GradeAttempt(sc, flags, opt)
	if err != nil {
		return 0, err
	}
	_, err = st.CreateSubmittedAttempt(ctx, userID, sc.ID, flags, result, func(ids []int64) ([]byte, error) {
		for i := range flags {
			flags[i].ID = ids[i]
		}
		_, body, err := server.GradeAttempt(sc, flags, opt)
		return body, err
	})
	return result, err
}
