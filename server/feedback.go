package server

import (
	"fmt"
	"html/template"

	"github.com/redpen-social/redpen/internal/content"
	"github.com/redpen-social/redpen/internal/scenario"
	"github.com/redpen-social/redpen/internal/store"
	"github.com/redpen-social/redpen/internal/taxonomy"
	"github.com/redpen-social/redpen/internal/textdiff"
)

// Plain words for outcomes, always shown as text beside any colour.
var outcomeLabels = map[string]string{
	"found": "Found", "partial": "Partly found", "missed": "Missed",
	"correct": "Correct", "spurious": "Not a flaw",
}

var reasonText = map[string]string{
	"no-overlap":   "This text does not contain any of the issues in the answer key.",
	"too-broad":    "This flag covers much more than the issue it contains. Flag the sentence, line or phrase that shows the problem, not a whole paragraph.",
	"weak-overlap": "This flag only just touches an issue. Flag the words that show the problem.",
	"duplicate":    "Another of your flags already covers this issue, so this one earned nothing extra.",
}

type flawCard struct {
	Number       int
	Flaw         scenario.Flaw
	Category     taxonomy.Category
	Outcome      string
	OutcomeLabel string
	Quote        string
	Where        string
	Evidence     string
	EvidenceLine int
	Standards    []taxonomy.Standard
	Learner      *flagCard
	Credit       float64
	Weight       float64
}

type flagCard struct {
	flagView
	Outcome      string
	OutcomeLabel string
	Reason       string
	FlawNumber   int // the issue it matched or came near, 0 if none
	Accurate     template.HTML
}

type categoryRow struct {
	Category                       taxonomy.Category
	Flaws, Found, Flagged, Correct int
	Precision, Recall, F1          float64
}

type feedbackView struct {
	Note, Source docView
	Flaws        []flawCard
	Flags        []flagCard
	ModelDiff    []textdiff.Op
	Categories   []categoryRow
}

// buildFeedback joins a stored result with the scenario and the learner's flags. With no
// record (the educator's preview) every flaw is shown without an outcome.
func buildFeedback(lib *content.Library, sc *scenario.Scenario, flags []store.Flag, rec *resultRecord) feedbackView {
	b := feedbackBuilder{lib: lib, sc: sc, rec: rec, cards: map[int64]*flagCard{}, number: map[string]int{}}
	flagViews := viewFlags(lib, sc, flags)
	for i := range flagViews {
		b.cards[flagViews[i].ID] = &flagCard{flagView: flagViews[i]}
	}
	var v feedbackView
	verdicts := map[string]flawRecord{}
	if rec != nil {
		for _, r := range rec.Flaws {
			verdicts[r.ID] = r
		}
	}
	for i, f := range sc.Flaws {
		v.Flaws = append(v.Flaws, b.flawCard(i+1, f, verdicts))
	}
	b.markAccurate()
	if rec != nil {
		b.judgeFlags()
		v.Categories = categoryRows(lib, rec)
	}
	for _, fv := range flagViews {
		c := b.cards[fv.ID]
		v.Flags = append(v.Flags, *c)
		b.mark(c.Document, highlight{Start: c.Start, End: c.End, Class: "hl mine mine-" + firstNonEmpty(c.Outcome, "draft"),
			Label:  fmt.Sprintf("your flag %d: %s", c.Number, firstNonEmpty(c.OutcomeLabel, c.Category.Mark)),
			Spoken: fmt.Sprintf("your flag %d", c.Number), Anchor: fmt.Sprintf("flag-%d", c.ID)})
	}
	v.Note = drawDocument("note", &sc.Note, b.noteHL, nil)
	v.Source = drawDocument("source", &sc.Source, b.sourceHL, nil)
	if sc.ModelNote != "" {
		v.ModelDiff = textdiff.Words(sc.Note.Text, sc.ModelNote)
	}
	return v
}

// feedbackBuilder collects the cards and highlights of one feedback page.
type feedbackBuilder struct {
	lib              *content.Library
	sc               *scenario.Scenario
	rec              *resultRecord
	cards            map[int64]*flagCard // the learner's flags, by id
	number           map[string]int      // each flaw's number on the page, by id
	noteHL, sourceHL []highlight
}

// mark highlights a span of the named document.
func (b *feedbackBuilder) mark(doc string, h highlight) {
	if doc == "source" {
		b.sourceHL = append(b.sourceHL, h)
	} else {
		b.noteHL = append(b.noteHL, h)
	}
}

// flawCard explains the n-th flaw of the key and highlights it and its evidence.
func (b *feedbackBuilder) flawCard(n int, f scenario.Flaw, verdicts map[string]flawRecord) flawCard {
	b.number[f.ID] = n
	cat, _ := b.lib.Taxonomy.Category(f.Category)
	doc := b.sc.Doc(f.Span.Doc)
	card := flawCard{Number: n, Flaw: f, Category: cat, Quote: doc.Slice(f.Span.Start, f.Span.End),
		Standards: b.lib.Taxonomy.StandardsFor(f.Standards)}
	if u, ok := unitAt(doc, f.Span.Start); ok {
		card.Where = fmt.Sprintf("note, sentence %d", u.Number)
		if f.Span.Doc == "source" {
			card.Where = fmt.Sprintf("source, line %d", u.Number)
		}
	}
	anchor := fmt.Sprintf("issue-%d", n)
	if f.Evidence != nil {
		if u, ok := unitAt(&b.sc.Source, f.Evidence.Start); ok {
			card.EvidenceLine = u.Number
		}
		card.Evidence = b.sc.Source.Slice(f.Evidence.Start, f.Evidence.End)
		b.mark("source", highlight{Start: f.Evidence.Start, End: f.Evidence.End, Class: "hl evidence",
			Label: fmt.Sprintf("evidence %d", n), Spoken: fmt.Sprintf("evidence for issue %d", n), Anchor: anchor})
	}
	label, class := cat.Mark, fmt.Sprintf("hl key cat-%d", cat.Colour)
	if r, ok := verdicts[f.ID]; ok {
		card.Outcome, card.OutcomeLabel, card.Credit, card.Weight = r.Outcome, outcomeLabels[r.Outcome], r.Credit, r.Weight
		label, class = fmt.Sprintf("%s: %s", cat.Mark, outcomeLabels[r.Outcome]), class+" key-"+r.Outcome
		card.Learner = b.cards[r.FlagID]
	}
	b.mark(string(f.Span.Doc), highlight{Start: f.Span.Start, End: f.Span.End, Class: class,
		Label: fmt.Sprintf("issue %d %s", n, label), Spoken: fmt.Sprintf("issue %d, %s", n, cat.Label), Anchor: anchor})
	return card
}

// markAccurate highlights the sentences the author marked accurate, and explains them on
// any flag that landed on one.
func (b *feedbackBuilder) markAccurate() {
	for _, a := range b.sc.Accurate {
		b.mark("note", highlight{Start: a.Span.Start, End: a.Span.End, Class: "hl accurate", Label: "accurate", Spoken: "accurate sentence"})
		if b.rec == nil {
			continue
		}
		for _, c := range b.cards {
			if c.Document == "note" && c.Start < a.Span.End && a.Span.Start < c.End {
				c.Accurate = a.Explanation
			}
		}
	}
}

// judgeFlags writes the stored verdict on each of the learner's flags onto its card.
func (b *feedbackBuilder) judgeFlags() {
	for _, r := range b.rec.Flags {
		c, ok := b.cards[r.FlagID]
		if !ok {
			continue
		}
		c.Outcome, c.OutcomeLabel, c.Reason = r.Outcome, outcomeLabels[r.Outcome], reasonText[r.Reason]
		if r.Outcome == "partial" {
			c.OutcomeLabel = "Partly correct"
		}
		c.FlawNumber = b.number[firstNonEmpty(r.FlawID, r.NearID)]
	}
}

// categoryRows lays out the per-category figures of a result.
func categoryRows(lib *content.Library, rec *resultRecord) []categoryRow {
	var rows []categoryRow
	for _, cs := range rec.Categories {
		cat, ok := lib.Taxonomy.Category(cs.Category)
		if !ok {
			cat = taxonomy.Category{ID: cs.Category, Label: cs.Category}
		}
		rows = append(rows, categoryRow{cat, cs.Flaws, cs.Found, cs.Flagged, cs.Correct, cs.Precision, cs.Recall, cs.F1})
	}
	return rows
}
