package server

import (
	"fmt"
	"math"
	"strings"
)

// The charts are drawn on the server as SVG with presentation attributes only (the CSP
// forbids style attributes), and every number they show is also in a table beside them.

// maxChartPoints keeps the line chart readable; the table lists every attempt.
const maxChartPoints = 40

type chartPoint struct {
	X, Y  float64
	N     int // the attempt's number, oldest first
	Score int // percent
}

type gridLine struct {
	Y     float64
	Label string
}

// lineChart is the learner's scores, oldest attempt on the left.
type lineChart struct {
	Width, Height       float64
	Left, Right, Bottom float64
	Points              []chartPoint
	Polyline            string
	Grid                []gridLine
	Desc                string
}

// scoreChart draws the scores of attempts given oldest first.
func scoreChart(oldestFirst []attemptRow) lineChart {
	ch := lineChart{Width: 480, Height: 240, Left: 46, Right: 468, Bottom: 200}
	const top = 16.0
	first := 0
	if len(oldestFirst) > maxChartPoints {
		first = len(oldestFirst) - maxChartPoints
	}
	shown := oldestFirst[first:]
	plotH := ch.Bottom - top
	for _, pct := range []int{0, 25, 50, 75, 100} {
		ch.Grid = append(ch.Grid, gridLine{Y: round1(ch.Bottom - plotH*float64(pct)/100), Label: fmt.Sprintf("%d%%", pct)})
	}
	var pts []string
	for i, a := range shown {
		x := (ch.Left + ch.Right) / 2
		if len(shown) > 1 {
			x = ch.Left + 12 + (ch.Right-ch.Left-24)*float64(i)/float64(len(shown)-1)
		}
		p := chartPoint{X: round1(x), Y: round1(ch.Bottom - plotH*clamp01(a.Score)), N: first + i + 1, Score: pctOf(a.Score)}
		ch.Points = append(ch.Points, p)
		pts = append(pts, fmt.Sprintf("%g,%g", p.X, p.Y))
	}
	ch.Polyline = strings.Join(pts, " ")
	ch.Desc = describeScores(oldestFirst, len(shown))
	return ch
}

func describeScores(all []attemptRow, shown int) string {
	if len(all) == 0 {
		return "No scores yet."
	}
	best := all[0]
	for _, a := range all {
		if a.Score > best.Score {
			best = a
		}
	}
	first, last := all[0], all[len(all)-1]
	s := fmt.Sprintf("%d %s. The first scored %d%% (%s), the latest %d%% (%s). Best: %d%% on %s.",
		len(all), pluralWord(len(all), "attempt", "attempts"), pctOf(first.Score), first.Title,
		pctOf(last.Score), last.Title, pctOf(best.Score), best.Title)
	if shown < len(all) {
		s += fmt.Sprintf(" The chart shows the latest %d.", shown)
	}
	return s
}

type barRow struct {
	Label         string
	TextY, BarY   float64
	Width, ValueX float64
	Value         string
}

// barChart is the detection rate per category, one bar under each label so long labels
// fit on a narrow screen.
type barChart struct {
	Width, Height float64
	BarX, BarH    float64
	Rows          []barRow
	Desc          string
}

func detectionChart(stats []categoryStat) barChart {
	ch := barChart{Width: 480, BarX: 4, BarH: 16}
	const rowH, maxW = 50.0, 340.0
	var parts []string
	for i, st := range stats {
		y := float64(i) * rowH
		r := barRow{Label: st.Category.Label, TextY: y + 18, BarY: y + 26, ValueX: ch.BarX + 6}
		if st.Seen == 0 {
			r.Value = "not met yet"
		} else {
			r.Width = round1(maxW * st.Rate)
			r.ValueX = round1(ch.BarX + r.Width + 6)
			r.Value = fmt.Sprintf("%d%% of %d", pctOf(st.Rate), st.Seen)
			parts = append(parts, fmt.Sprintf("%s %d%% of %d", st.Category.Label, pctOf(st.Rate), st.Seen))
		}
		ch.Rows = append(ch.Rows, r)
	}
	ch.Height = float64(len(stats))*rowH + 8
	if len(parts) == 0 {
		ch.Desc = "No issues met yet: submit a critique to see your detection rates."
	} else {
		ch.Desc = "Detection rate by category: " + strings.Join(parts, "; ") + ". Categories not listed have not come up yet."
	}
	return ch
}

func clamp01(x float64) float64 { return math.Max(0, math.Min(1, x)) }

func pctOf(x float64) int { return int(math.Round(clamp01(x) * 100)) }

func round1(x float64) float64 { return math.Round(x*10) / 10 }
