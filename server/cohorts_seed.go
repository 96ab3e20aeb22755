package server

import (
	"github.com/redpen-social/redpen/internal/scenario"
	"github.com/redpen-social/redpen/internal/score"
	"github.com/redpen-social/redpen/internal/store"
)

// GradeAttempt scores flags against a scenario's key exactly as a learner's submission is
// scored, and returns the score and the result JSON to store with the attempt. It is for
// tools that store attempts without a request, such as "redpen demo"; the flags must carry
// their stored ids, since the result refers to flags by id.
func GradeAttempt(sc *scenario.Scenario, flags []store.Flag, opt score.Options) (float64, []byte, error) {
	rec := grade(sc, flags, opt)
	body, err := rec.marshal()
	return rec.Score, body, err
}
