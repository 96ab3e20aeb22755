package server

import (
	"fmt"
	"math"
	"strconv"

	"github.com/redpen-social/redpen/internal/taxonomy"
)

// The cohort charts are SVG drawn by the templates from the geometry worked out here, with
// presentation attributes only (the CSP forbids style attributes). Each has a <title> and
// <desc>, and every number it shows is also in a table beside it.

// histBins is the number of score bands in a histogram: 0–9%, 10–19%, … 90–100%.
const histBins = 10

// histBar is one score band.
type histBar struct {
	Label               string // "60–69"
	Count               int
	X, Y, W, H          float64
	LabelX, CountY, Mid float64
}

type histTick struct {
	Y     float64
	Label string
}

// histogramChart is a score distribution in ten bands.
type histogramChart struct {
	ID                   string
	Title, Desc          string
	Width, Height        float64
	Left, Right, Bottom  float64
	Bars                 []histBar
	Ticks                []histTick
	AxisLabelY, AxisMidX float64
}

// scoreBand is the band of a 0–1 score, by the whole percentage learners see.
func scoreBand(score float64) int { return min(max(percentOf(score)/10, 0), histBins-1) }

// newHistogram draws the distribution of scores.
func newHistogram(id, title string, scores []float64, mean, median float64) histogramChart {
	ch := histogramChart{ID: id, Title: title, Width: 640, Height: 290, Left: 48, Right: 628, Bottom: 232}
	const top = 28.0
	var counts [histBins]int
	for _, s := range scores {
		counts[scoreBand(s)]++
	}
	most, mostBand := 0, 0
	for i, n := range counts {
		if n > most {
			most, mostBand = n, i
		}
	}
	step := max(1, int(math.Ceil(float64(most)/4)))
	yMax := step * max(1, int(math.Ceil(float64(most)/float64(step))))
	plotH := ch.Bottom - top
	for v := 0; v <= yMax; v += step {
		ch.Ticks = append(ch.Ticks, histTick{Y: chartRound(ch.Bottom - plotH*float64(v)/float64(yMax)), Label: strconv.Itoa(v)})
	}
	bandW := (ch.Right - ch.Left) / histBins
	for i, n := range counts {
		h := plotH * float64(n) / float64(yMax)
		b := histBar{Label: bandLabel(i), Count: n, X: chartRound(ch.Left + float64(i)*bandW + 6), W: chartRound(bandW - 12), H: chartRound(h)}
		b.Y = chartRound(ch.Bottom - h)
		b.Mid = chartRound(b.X + b.W/2)
		b.LabelX, b.CountY = b.Mid, chartRound(b.Y-6)
		ch.Bars = append(ch.Bars, b)
	}
	ch.AxisLabelY, ch.AxisMidX = ch.Bottom+44, chartRound((ch.Left+ch.Right)/2)
	if len(scores) == 0 {
		ch.Desc = "No results yet."
	} else {
		ch.Desc = fmt.Sprintf("%d %s. The most common band is %s%% (%d). Mean %d%%, median %d%%.",
			len(scores), cohortPlural(len(scores), "result", "results"), bandLabel(mostBand), most, percentOf(mean), percentOf(median))
	}
	return ch
}

// bandLabel names a band, e.g. "60–69"; the last band includes 100.
func bandLabel(i int) string {
	if i == histBins-1 {
		return "90–100"
	}
	return fmt.Sprintf("%d–%d", i*10, i*10+9)
}

// heatCell is one category × scenario (or the whole cohort) cell of the heatmap.
type heatCell struct {
	outcomes
	HasData    bool
	X, Y, W, H float64
	TextX      float64
	TextY      float64
	Fill, Ink  string
	Text       string
}

type heatRow struct {
	Category taxonomy.Category
	Y        float64
	Cells    []heatCell
}

type heatColumn struct {
	Label, Title string
	X            float64
}

type heatLegend struct {
	X          float64
	Fill, Text string
}

// heatmapChart is the share of issues found with the right kind, by category and case.
type heatmapChart struct {
	ID            string
	Title, Desc   string
	Width, Height float64
	Columns       []heatColumn
	Rows          []heatRow
	LegendY       float64
	Legend        []heatLegend
}

// heatSteps are the fills of the bands 0–19%, 20–39% … 80–100%, light to dark, each with
// the ink whose contrast with it is at least 4.5:1.
var heatSteps = []struct{ Fill, Ink, Label string }{
	{"#f2f6fa", "#0b0c0c", "0–19%"},
	{"#c6dbef", "#0b0c0c", "20–39%"},
	{"#85b4d6", "#0b0c0c", "40–59%"},
	{"#25639a", "#ffffff", "60–79%"},
	{"#0b3a63", "#ffffff", "80–100%"},
}

// newHeatmap draws rows of cells; columns are labelled with short labels whose full
// titles are in the table and the legend below the chart.
func newHeatmap(id, title string, rows []heatRow, columns []heatColumn) heatmapChart {
	const labelW, cellW, cellH, top = 200.0, 64.0, 36.0, 34.0
	ch := heatmapChart{ID: id, Title: title, Width: labelW + cellW*float64(len(columns)) + 8}
	for i := range columns {
		columns[i].X = chartRound(labelW + cellW*float64(i) + cellW/2)
	}
	lowest, highest := -1.0, -1.0
	var lowName, highName string
	for r := range rows {
		rows[r].Y = chartRound(top + cellH*float64(r))
		for i := range rows[r].Cells {
			c := &rows[r].Cells[i]
			c.X, c.Y, c.W, c.H = chartRound(labelW+cellW*float64(i)+2), rows[r].Y+2, cellW-4, cellH-4
			c.TextX, c.TextY = chartRound(c.X+c.W/2), chartRound(c.Y+c.H/2+5)
			c.HasData = c.Total() > 0
			c.Fill, c.Ink, c.Text = "#ffffff", "#0b0c0c", "–"
			if !c.HasData {
				continue
			}
			rate := c.FoundShare()
			step := heatSteps[min(int(rate*100+0.5)/20, len(heatSteps)-1)]
			c.Fill, c.Ink, c.Text = step.Fill, step.Ink, strconv.Itoa(percentOf(rate))+"%"
			if i == len(rows[r].Cells)-1 { // the whole-cohort column
				if lowest < 0 || rate < lowest {
					lowest, lowName = rate, rows[r].Category.Label
				}
				if rate > highest {
					highest, highName = rate, rows[r].Category.Label
				}
			}
		}
	}
	ch.Rows, ch.Columns = rows, columns
	ch.LegendY = chartRound(top + cellH*float64(len(rows)) + 24)
	for i, s := range heatSteps {
		ch.Legend = append(ch.Legend, heatLegend{X: chartRound(8 + float64(i)*96), Fill: s.Fill, Text: s.Label})
	}
	ch.Height = ch.LegendY + 24
	ch.Width = max(ch.Width, 8+float64(len(heatSteps))*96+100)
	ch.Desc = "No results yet."
	if lowest >= 0 {
		ch.Desc = fmt.Sprintf("Share of issues found with the right kind, by kind of problem and case. Across all cases the lowest is %s at %d%% and the highest %s at %d%%.",
			lowName, percentOf(lowest), highName, percentOf(highest))
	}
	return ch
}

func chartRound(x float64) float64 { return math.Round(x*10) / 10 }
