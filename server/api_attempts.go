package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"github.com/redpen-social/redpen/internal/scenario"
	"github.com/redpen-social/redpen/internal/store"
	"github.com/redpen-social/redpen/internal/taxonomy"
)

// apiSelector is a W3C Web Annotation selector: a TextQuoteSelector (exact, prefix, suffix)
// or a TextPositionSelector (start, end in code points).
type apiSelector struct {
	Type   string `json:"type"`
	Exact  string `json:"exact"`
	Prefix string `json:"prefix"`
	Suffix string `json:"suffix"`
	Start  *int   `json:"start"`
	End    *int   `json:"end"`
}

type apiFlagIn struct {
	Document  string      `json:"document"`
	Selector  apiSelector `json:"selector"`
	Category  string      `json:"category"`
	Rationale string      `json:"rationale"`
}

type apiAttemptIn struct {
	Flags []apiFlagIn `json:"flags"`
}

// requestError is a problem with what the client sent, reported as 4xx with its message.
type requestError struct {
	status int
	msg    string
}

func (e *requestError) Error() string { return e.msg }

func unprocessable(format string, args ...any) error {
	return &requestError{http.StatusUnprocessableEntity, fmt.Sprintf(format, args...)}
}

// decodeAttempt reads an attempt request and resolves every flag's selector against the
// scenario's text. Nothing it is given can make it panic; every problem names the flag.
func decodeAttempt(body []byte, sc *scenario.Scenario, tax *taxonomy.Taxonomy) ([]store.Flag, error) {
	if !utf8.Valid(body) {
		return nil, &requestError{http.StatusBadRequest, "the body is not valid UTF-8"}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	var in apiAttemptIn
	if err := dec.Decode(&in); err != nil {
		return nil, &requestError{http.StatusBadRequest, "the body is not the expected JSON: " + err.Error()}
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, &requestError{http.StatusBadRequest, "the body has data after the JSON object"}
	}
	if len(in.Flags) > maxFlags {
		return nil, unprocessable("an attempt can hold at most %d flags", maxFlags)
	}
	flags := make([]store.Flag, 0, len(in.Flags))
	for i, f := range in.Flags {
		if f.Document != "note" && f.Document != "source" {
			return nil, unprocessable("flags[%d]: document must be \"note\" or \"source\"", i)
		}
		if _, ok := tax.Category(f.Category); !ok {
			return nil, unprocessable("flags[%d]: unknown category %q", i, f.Category)
		}
		rationale, ok := cleanText(f.Rationale)
		if !ok || utf8.RuneCountInString(rationale) > maxRationale {
			return nil, unprocessable("flags[%d]: rationale must be text of at most %d characters without NUL bytes", i, maxRationale)
		}
		doc := sc.Doc(docName(f.Document))
		start, end, err := resolveSelector(doc, f.Selector)
		if err != nil {
			return nil, unprocessable("flags[%d]: %v", i, err)
		}
		flags = append(flags, store.Flag{Document: f.Document, Start: start, End: end, Quote: doc.Slice(start, end),
			Category: f.Category, Rationale: rationale, EvidenceStart: -1, EvidenceEnd: -1})
	}
	return flags, nil
}

func resolveSelector(doc *scenario.Document, sel apiSelector) (int, int, error) {
	switch sel.Type {
	case "TextQuoteSelector":
		if sel.Exact == "" {
			return 0, 0, fmt.Errorf("a TextQuoteSelector needs exact")
		}
		start, end, n := doc.Find(sel.Exact, sel.Prefix, sel.Suffix)
		switch {
		case n == 0:
			return 0, 0, fmt.Errorf("the quote %q is not in the document", truncate(sel.Exact, 80))
		case n > 1:
			return 0, 0, fmt.Errorf("the quote %q occurs %d times; add prefix or suffix", truncate(sel.Exact, 80), n)
		}
		return start, end, nil
	case "TextPositionSelector":
		if sel.Start == nil || sel.End == nil {
			return 0, 0, fmt.Errorf("a TextPositionSelector needs start and end")
		}
		start, end := *sel.Start, *sel.End
		if start < 0 || end <= start || end > len(doc.Runes()) {
			return 0, 0, fmt.Errorf("start and end must satisfy 0 <= start < end <= %d", len(doc.Runes()))
		}
		return start, end, nil
	}
	return 0, 0, fmt.Errorf("selector type must be TextQuoteSelector or TextPositionSelector")
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// handleAPIAttemptCreate handles "POST /api/v1/scenarios/:scenario/attempts".
func (s *Server) handleAPIAttemptCreate(c echo.Context) error {
	lib := s.library(c)
	sc, err := lib.Scenarios.Get(c.Param("scenario"))
	if err != nil {
		return err
	}
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return err // the body limit answers 413 itself
	}
	flags, err := decodeAttempt(body, sc, lib.Taxonomy)
	var re *requestError
	if errors.As(err, &re) {
		return apiFail(re.status, re.msg)
	}
	if err != nil {
		return err
	}
	rec := grade(sc, flags, s.cfg.Scoring)
	a, err := s.store.CreateSubmittedAttempt(c.Request().Context(), mustUser(c).ID, sc.ID, flags, rec.Score, func(ids []int64) ([]byte, error) {
		for i := range flags {
			flags[i].ID = ids[i]
		}
		return grade(sc, flags, s.cfg.Scoring).marshal()
	})
	if err != nil {
		return err
	}
	stored, err := s.store.ListFlags(c.Request().Context(), a.ID)
	if err != nil {
		return err
	}
	out, err := attemptJSON(a, stored)
	if err != nil {
		return err
	}
	// cohorts_policy.go: an assignment may hold the answer key back until its due date.
	held, err := s.apiAttemptForLearner(c.Request().Context(), a, out)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, held)
}

type apiFlagOut struct {
	Index     int    `json:"index"`
	Document  string `json:"document"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Quote     string `json:"quote"`
	Category  string `json:"category"`
	Rationale string `json:"rationale"`
	Outcome   string `json:"outcome"`
	Reason    string `json:"reason,omitempty"`
	Flaw      string `json:"flaw,omitempty"`
}

type apiFlawOut struct {
	ID       string `json:"id"`
	Category string `json:"category"`
	Severity string `json:"severity"`
	Outcome  string `json:"outcome"`
}

type apiCategoryOut struct {
	Category  string  `json:"category"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Flaws     int     `json:"flaws"`
	Found     int     `json:"found"`
	Flagged   int     `json:"flagged"`
	Correct   int     `json:"correct"`
}

type apiAttemptOut struct {
	ID          int64            `json:"id"`
	Scenario    string           `json:"scenario"`
	SubmittedAt time.Time        `json:"submitted_at"`
	Score       float64          `json:"score"`
	Explanation string           `json:"explanation"`
	Flaws       []apiFlawOut     `json:"flaws"`
	Flags       []apiFlagOut     `json:"flags"`
	Categories  []apiCategoryOut `json:"categories"`
}

func attemptJSON(a store.Attempt, flags []store.Flag) (apiAttemptOut, error) {
	rec, err := parseRecord(a.Result)
	if err != nil {
		return apiAttemptOut{}, fmt.Errorf("attempt %d: %w", a.ID, err)
	}
	out := apiAttemptOut{ID: a.ID, Scenario: a.ScenarioID, SubmittedAt: a.SubmittedAt, Score: rec.Score,
		Explanation: rec.Explanation, Flaws: []apiFlawOut{}, Flags: []apiFlagOut{}, Categories: []apiCategoryOut{}}
	for _, f := range rec.Flaws {
		out.Flaws = append(out.Flaws, apiFlawOut{f.ID, f.Category, f.Severity, f.Outcome})
	}
	verdicts := map[int64]flagRecord{}
	for _, r := range rec.Flags {
		verdicts[r.FlagID] = r
	}
	for i, f := range flags {
		v := verdicts[f.ID]
		out.Flags = append(out.Flags, apiFlagOut{Index: i, Document: f.Document, Start: f.Start, End: f.End, Quote: f.Quote,
			Category: f.Category, Rationale: f.Rationale, Outcome: v.Outcome, Reason: v.Reason, Flaw: v.FlawID})
	}
	for _, cs := range rec.Categories {
		out.Categories = append(out.Categories, apiCategoryOut{cs.Category, cs.Precision, cs.Recall, cs.F1, cs.Flaws, cs.Found, cs.Flagged, cs.Correct})
	}
	return out, nil
}
