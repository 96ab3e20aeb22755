package server

import (
	"sort"
	"strings"

	"github.com/redpen-social/redpen/internal/scenario"
)

// highlight is a span of a document drawn in a style, with a short text label after it so
// colour is never the only cue.
type highlight struct {
	Start, End int
	Class      string
	Label      string // shown after the span, e.g. "FAB 1"
	Spoken     string // read to screen-reader users before the label, e.g. "flag 1, fabrication"
	Anchor     string // id of the card that explains it
}

// piece is a run of text with the same highlights.
type piece struct {
	Text    string
	Start   int  // code point offset, used by the selection script
	Speaker bool // the speaker label of a source line
	Classes string
	Ends    []highlight // highlights that end with this piece, whose labels follow it
	Anchor  string
}

type unitView struct {
	scenario.Unit
	Doc     string
	Pieces  []piece
	FlagURL string
	Marked  bool
}

// Text is the unit's whole text.
func (u unitView) Text() string {
	var b strings.Builder
	for _, p := range u.Pieces {
		b.WriteString(p.Text)
	}
	return b.String()
}

type itemView struct{ Units []unitView }

type paraView struct{ Items []itemView }

// docView is a document cut into paragraphs, line items and units, ready to draw.
type docView struct {
	Name  string // "note" or "source"
	Paras []paraView
}

// drawDocument cuts a document into pieces at every unit and highlight boundary.
func drawDocument(name string, d *scenario.Document, hls []highlight, flagURL func(scenario.Unit) string) docView {
	v := docView{Name: name}
	rs := d.Runes()
	sort.SliceStable(hls, func(i, j int) bool { return hls[i].Start < hls[j].Start })
	// A label goes after the last drawn text of its highlight, which is the highlight's end
	// unless that falls in the space between two units.
	labelAt := make([]int, len(hls))
	for i, h := range hls {
		for _, u := range d.Units {
			if u.Start < h.End && h.Start < u.End {
				labelAt[i] = min(u.End, h.End)
			}
		}
	}
	for _, u := range d.Units {
		uv := unitView{Unit: u, Doc: name}
		if flagURL != nil {
			uv.FlagURL = flagURL(u)
		}
		cuts := map[int]bool{u.Start: true, u.End: true}
		if u.Speaker != "" {
			cuts[u.Start+len([]rune(u.Speaker))+1] = true
		}
		for _, h := range hls {
			if h.Start > u.Start && h.Start < u.End {
				cuts[h.Start] = true
			}
			if h.End > u.Start && h.End < u.End {
				cuts[h.End] = true
			}
		}
		points := make([]int, 0, len(cuts))
		for p := range cuts {
			points = append(points, p)
		}
		sort.Ints(points)
		for i := 0; i+1 < len(points); i++ {
			a, b := points[i], points[i+1]
			pc := piece{Text: string(rs[a:b]), Start: a, Speaker: u.Speaker != "" && a == u.Start}
			for k, h := range hls {
				if h.Start < b && a < h.End {
					pc.Classes += " " + h.Class
					uv.Marked = true
					if pc.Anchor == "" {
						pc.Anchor = h.Anchor
					}
					if labelAt[k] == b {
						pc.Ends = append(pc.Ends, h)
					}
				}
			}
			uv.Pieces = append(uv.Pieces, pc)
		}
		v.place(u, uv, name == "note")
	}
	return v
}

// place puts a unit in its paragraph and item (the source is one paragraph of lines).
func (v *docView) place(u scenario.Unit, uv unitView, note bool) {
	para, item := 0, 0
	if note {
		para, item = u.Para, u.Item
	} else {
		item = u.Number - 1
	}
	for len(v.Paras) <= para {
		v.Paras = append(v.Paras, paraView{})
	}
	p := &v.Paras[para]
	for len(p.Items) <= item {
		p.Items = append(p.Items, itemView{})
	}
	p.Items[item].Units = append(p.Items[item].Units, uv)
}
