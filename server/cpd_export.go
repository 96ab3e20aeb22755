package server

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/redpen-social/redpen/internal/store"
)

// cpdExport is the entries of one export: all of them, or one registration year's with
// ?year=2026 (the year ending on 30 November 2026).
type cpdExport struct {
	Entries []cpdEntryView
	Year    *regYear
	Summary cpdSummary // of the chosen year, or of the current one
}

func (s *Server) cpdExportOf(c echo.Context) (cpdExport, error) {
	lib := s.library(c)
	u := mustUser(c)
	var x cpdExport
	current := registrationYearOf(s.store.Now())
	if q := c.QueryParam("year"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil || n < 2000 || n > 2200 {
			return x, echo.NewHTTPError(http.StatusBadRequest, "Choose a registration year by the year it ends, for example ?year=2026.")
		}
		y := registrationYearEnding(n)
		x.Year, current = &y, y
	}
	if err := s.syncCPD(c, lib, u.ID); err != nil {
		return x, err
	}
	entries, err := s.store.ListCPDEntries(c.Request().Context(), u.ID)
	if err != nil {
		return x, err
	}
	x.Summary = summariseCPD(entries, current)
	for _, e := range viewCPDEntries(entries, current) {
		if x.Year == nil || e.InYear {
			x.Entries = append(x.Entries, e)
		}
	}
	return x, nil
}

func (x cpdExport) filename(ext string) string {
	if x.Year != nil {
		return fmt.Sprintf("redpen-cpd-%d.%s", x.Year.EndYear(), ext)
	}
	return "redpen-cpd." + ext
}

type cpdPrintPage struct {
	basePage
	cpdExport
	Printed string
}

// handleCPDPrint handles "GET /cpd/print": the CPD record laid out for printing or saving as
// PDF, one entry to a page.
func (s *Server) handleCPDPrint(c echo.Context) error {
	x, err := s.cpdExportOf(c)
	if err != nil {
		return err
	}
	return c.Render(http.StatusOK, "cpd_print", cpdPrintPage{
		basePage: s.page(c, "CPD record: "+mustUser(c).Name), cpdExport: x, Printed: s.store.Now().Local().Format("2 January 2006"),
	})
}

func attachment(c echo.Context, name string) {
	c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf("attachment; filename=%q", name))
	c.Response().Header().Set("Cache-Control", "no-store")
}

// handleCPDMarkdown handles "GET /cpd.md": the CPD record as a Markdown file.
func (s *Server) handleCPDMarkdown(c echo.Context) error {
	x, err := s.cpdExportOf(c)
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# CPD record: %s\n\n", mustUser(c).Name)
	fmt.Fprintf(&b, "Exported from Redpen on %s. ", s.store.Now().Local().Format("2 January 2006"))
	if x.Year != nil {
		fmt.Fprintf(&b, "Registration year %s (Redpen counts registration years from 1 December to 30 November).", x.Year.Label())
	} else {
		b.WriteString("All entries, most recent first.")
	}
	fmt.Fprintf(&b, "\n\n%d %s.\n", len(x.Entries), pluralWord(len(x.Entries), "entry", "entries"))
	for _, e := range x.Entries {
		fmt.Fprintf(&b, "\n---\n\n## %s: %s\n\n", e.Date.Format("2 January 2006"), e.Title)
		fmt.Fprintf(&b, "- **Type of activity:** %s\n- **Date:** %s\n- **Time spent:** %s\n",
			e.TypeLabel, e.Date.Format("2 January 2006"), e.Duration)
		if len(e.Standards) > 0 {
			fmt.Fprintf(&b, "- **Professional standards:** %s\n", strings.Join(e.Standards, ", "))
		}
		section(&b, "Description and why it is relevant", e.Description)
		section(&b, "What I learnt", e.Learnt)
		section(&b, "Impact on my practice and on the people I work with", e.Impact)
		if e.PeerWith != "" || e.PeerOutcome != "" {
			b.WriteString("\n### Peer reflection\n\n")
			fmt.Fprintf(&b, "- **With:** %s\n", e.PeerWith)
			if !e.PeerDate.IsZero() {
				fmt.Fprintf(&b, "- **When:** %s\n", e.PeerDate.Format("2 January 2006"))
			}
			fmt.Fprintf(&b, "\n%s\n", e.PeerOutcome)
		}
	}
	attachment(c, x.filename("md"))
	return c.Blob(http.StatusOK, "text/markdown; charset=utf-8", []byte(b.String()))
}

func section(b *strings.Builder, heading, text string) {
	if text == "" {
		text = "_Not written yet._"
	}
	fmt.Fprintf(b, "\n### %s\n\n%s\n", heading, text)
}

// handleCPDCSV handles "GET /cpd.csv": the CPD record as a spreadsheet.
func (s *Server) handleCPDCSV(c echo.Context) error {
	x, err := s.cpdExportOf(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.WriteString("\ufeff") // so spreadsheet programs read the file as UTF-8
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"Date", "Title", "Type of activity", "Time spent (minutes)", "Description and why it is relevant",
		"What I learnt", "Impact on practice and people", "Peer reflection with", "Peer reflection date",
		"What came of the peer reflection", "Professional standards", "Added from"})
	for _, e := range x.Entries {
		peerDate := ""
		if !e.PeerDate.IsZero() {
			peerDate = e.PeerDate.Format(store.DateLayout)
		}
		row := []string{e.Date.Format(store.DateLayout), e.Title, e.TypeLabel, strconv.Itoa(e.Minutes), e.Description,
			e.Learnt, e.Impact, e.PeerWith, peerDate, e.PeerOutcome, strings.Join(e.Standards, " "), sourceWords[e.Source]}
		for i := range row {
			row[i] = csvSafe(row[i])
		}
		_ = w.Write(row)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	attachment(c, x.filename("csv"))
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

var sourceWords = map[string]string{
	store.CPDManual: "Written by me", store.CPDModule: "A Redpen module", store.CPDAttempt: "A Redpen critique",
}

// csvSafe stops a spreadsheet from running a learner's text as a formula: a cell that
// starts with = + - @ or a tab or carriage return gets a leading apostrophe (OWASP's advice).
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
