package server

import (
	"encoding/json"

	"github.com/redpen-social/redpen/internal/scenario"
	"github.com/redpen-social/redpen/internal/score"
	"github.com/redpen-social/redpen/internal/store"
)

// resultRecord is what is stored with a submitted attempt: the verdicts by flaw id and flag
// id, so the feedback reads the same even if the scenario is edited later.
type resultRecord struct {
	Score       float64               `json:"score"`
	Earned      float64               `json:"earned"`
	Possible    float64               `json:"possible"`
	Penalty     float64               `json:"penalty"`
	Found       int                   `json:"found"`
	Partial     int                   `json:"partial"`
	Missed      int                   `json:"missed"`
	Spurious    int                   `json:"spurious"`
	Explanation string                `json:"explanation"`
	Flaws       []flawRecord          `json:"flaws"`
	Flags       []flagRecord          `json:"flags"`
	Categories  []score.CategoryStats `json:"categories"`
}

type flawRecord struct {
	ID       string  `json:"id"`
	Category string  `json:"category"`
	Severity string  `json:"severity"`
	Outcome  string  `json:"outcome"`
	FlagID   int64   `json:"flag_id,omitempty"`
	Credit   float64 `json:"credit"`
	Weight   float64 `json:"weight"`
}

type flagRecord struct {
	FlagID  int64  `json:"flag_id"`
	Outcome string `json:"outcome"`
	Reason  string `json:"reason,omitempty"`
	FlawID  string `json:"flaw_id,omitempty"`
	NearID  string `json:"near_id,omitempty"`
}

// grade scores a learner's flags against a scenario's key.
func grade(sc *scenario.Scenario, flags []store.Flag, opt score.Options) resultRecord {
	in := make([]score.Flag, len(flags))
	for i, f := range flags {
		in[i] = score.Flag{Span: score.Span{Doc: docName(f.Document), Start: f.Start, End: f.End}, Category: f.Category}
	}
	res := score.Score(sc.Key(), in, opt)
	rec := resultRecord{
		Score: res.Score, Earned: res.Earned, Possible: res.Possible, Penalty: res.Penalty,
		Found: res.Found, Partial: res.Partial, Missed: res.Missed, Spurious: res.Spurious,
		Explanation: res.Explain(), Categories: res.Categories,
	}
	for i, fr := range res.Flaws {
		f := sc.Flaws[i]
		r := flawRecord{ID: f.ID, Category: f.Category, Severity: string(f.Severity), Outcome: string(fr.Outcome), Credit: fr.Credit, Weight: fr.Weight}
		if fr.Flag >= 0 {
			r.FlagID = flags[fr.Flag].ID
		}
		rec.Flaws = append(rec.Flaws, r)
	}
	for i, fr := range res.Flags {
		r := flagRecord{FlagID: flags[i].ID, Outcome: string(fr.Outcome), Reason: string(fr.Reason)}
		if fr.Flaw >= 0 {
			r.FlawID = sc.Flaws[fr.Flaw].ID
		}
		if fr.Near >= 0 {
			r.NearID = sc.Flaws[fr.Near].ID
		}
		rec.Flags = append(rec.Flags, r)
	}
	return rec
}

func (r resultRecord) marshal() ([]byte, error) { return json.Marshal(r) }

func parseRecord(b []byte) (resultRecord, error) {
	var r resultRecord
	err := json.Unmarshal(b, &r)
	return r, err
}
