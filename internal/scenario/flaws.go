package scenario

import (
	"fmt"
	"strings"

	"github.com/redpen-social/redpen/internal/frontmatter"
	"github.com/redpen-social/redpen/internal/markdown"
	"github.com/redpen-social/redpen/internal/score"
	"github.com/redpen-social/redpen/internal/taxonomy"
	"go.yaml.in/yaml/v3"
)

// omission is the one category anchored in the source rather than the note.
const omission = "omission"

var severities = map[string]score.Severity{"low": score.Low, "medium": score.Medium, "high": score.High}

// itemNode returns the i-th list element's node, or fallback when aliases make the YAML's
// shape differ from the decoded list.
func itemNode(nodes []*yaml.Node, i int, fallback *yaml.Node) *yaml.Node {
	if i < len(nodes) && nodes[i] != nil && nodes[i].Kind == yaml.MappingNode {
		return nodes[i]
	}
	return fallback
}

func (p *parser) flaws(sc *Scenario, flaws []flawYAML, anchor bool) {
	nodes := frontmatter.Items(frontmatter.Value(p.root, "flaws"))
	seen := map[string]bool{}
	for i, fy := range flaws {
		n := itemNode(nodes, i, p.root)
		at := func(key string) int { return p.line(n, key) }
		f := Flaw{ID: fy.ID, Category: fy.Category, Standards: fy.Standards}
		ok := true
		bad := func(key, format string, args ...any) {
			p.probs.Add(p.file, at(key), "flaw %q: %s", fy.ID, fmt.Sprintf(format, args...))
			ok = false
		}
		switch {
		case !taxonomy.ValidID(fy.ID):
			bad("id", "the id must be lower-case letters, digits and hyphens")
		case seen[fy.ID]:
			bad("id", "duplicate flaw id")
		}
		seen[fy.ID] = true
		if _, known := p.tax.Category(fy.Category); !known {
			bad("category", "unknown category %q (see %s)", fy.Category, taxonomy.CategoriesFile)
		}
		sev, known := severities[fy.Severity]
		if !known {
			bad("severity", "severity must be low, medium or high")
		}
		f.Severity = sev
		if strings.TrimSpace(fy.Explanation) == "" {
			bad("explanation", "add an explanation for the learner's feedback")
		}
		f.Explanation = markdown.Render(fy.Explanation)
		if len(fy.Standards) == 0 {
			bad("standards", "list at least one standard it engages")
		}
		before := p.probs.Len()
		p.tax.CheckStandards(fy.Standards, p.file, at("standards"), p.probs)
		ok = ok && p.probs.Len() == before

		if !anchor {
			continue
		}
		doc, key, quote := score.Note, "quote", fy.Quote
		switch {
		case fy.Category == omission && fy.Quote != "":
			bad("quote", "an omission is anchored in the source: use source_quote, not quote")
			continue
		case fy.Category == omission:
			doc, key, quote = score.Source, "source_quote", fy.SourceQuote
		case fy.SourceQuote != "":
			bad("source_quote", "only omissions use source_quote; quote the words in the AI note with quote")
			continue
		}
		span, found := p.anchor(sc, doc, key, quote, fy.Prefix, fy.Suffix, at, fy.ID)
		f.Span = span
		if fy.EvidenceQuote != "" {
			ev, evFound := p.anchor(sc, score.Source, "evidence_quote", fy.EvidenceQuote, "", "", at, fy.ID)
			if evFound {
				f.Evidence = &ev
			}
			found = found && evFound
		}
		if ok && found {
			sc.Flaws = append(sc.Flaws, f)
		}
	}
}

// anchor finds a quote in a document and reports why it cannot when it cannot.
func (p *parser) anchor(sc *Scenario, doc score.Document, key, quote, prefix, suffix string, at func(string) int, id string) (score.Span, bool) {
	where := map[score.Document]string{score.Note: "the AI note", score.Source: "the source"}[doc]
	if strings.TrimSpace(quote) == "" {
		p.probs.Add(p.file, at(key), "%q: %s is missing: quote the words in %s", id, key, where)
		return score.Span{}, false
	}
	d := sc.Doc(doc)
	start, end, count := d.Find(quote, prefix, suffix)
	switch {
	case count == 0 && (prefix != "" || suffix != ""):
		p.probs.Add(p.file, at(key), "%q: %s %q is not found in %s with that prefix/suffix", id, key, quote, where)
	case count == 0:
		msg := fmt.Sprintf("%q: %s %q is not found in %s", id, key, quote, where)
		if part := squeeze(d.runes).longestFound(quote); part != "" {
			// Show the words as the document has them, not in their folded form.
			if st, en, n := d.Find(part, "", ""); n > 0 {
				part = d.Slice(st, en)
			}
			msg += fmt.Sprintf("; it matches as far as %q", part)
		}
		p.probs.Add(p.file, at(key), "%s", msg)
	case count > 1:
		p.probs.Add(p.file, at(key), "%q: %s %q is found %d times in %s: add prefix or suffix to say which", id, key, quote, count, where)
	default:
		return score.Span{Doc: doc, Start: start, End: end}, true
	}
	return score.Span{}, false
}

func (p *parser) accurate(sc *Scenario, items []accurateYAML) {
	nodes := frontmatter.Items(frontmatter.Value(p.root, "accurate"))
	for i, a := range items {
		n := itemNode(nodes, i, p.root)
		at := func(key string) int { return p.line(n, key) }
		id := fmt.Sprintf("accurate %d", i+1)
		span, ok := p.anchor(sc, score.Note, "quote", a.Quote, a.Prefix, a.Suffix, at, id)
		if strings.TrimSpace(a.Explanation) == "" {
			p.probs.Add(p.file, at("explanation"), "%q: explain why the sentence is accurate", id)
			ok = false
		}
		if !ok {
			continue
		}
		for _, f := range sc.Flaws {
			if f.Span.Doc == span.Doc && f.Span.Start < span.End && span.Start < f.Span.End {
				p.probs.Add(p.file, at("quote"), "%q overlaps flaw %q: a sentence cannot be both accurate and flawed", id, f.ID)
				ok = false
			}
		}
		if ok {
			sc.Accurate = append(sc.Accurate, Accurate{Span: span, Explanation: markdown.Render(a.Explanation)})
		}
	}
}
