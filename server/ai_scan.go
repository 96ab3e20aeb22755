package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// maxScanText is the most a learner may paste into the checker.
const maxScanText = 100 * 1024

// scanPage shows text with its personal data marked. It serves the checker at /scan and,
// with Blocked set, the page a learner sees when the gate stops a prompt.
type scanPage struct {
	basePage
	Intro             string
	Blocked           bool
	BackURL, BackText string
	Text              string
	Form              validator
	Checked           bool
	Report            piiReport
	SandboxURL        string
}

// Found counts the findings.
func (p scanPage) Found() int { return len(p.Report.Rows) }

// handleScanNew handles "GET /scan": paste text and see what personal data it holds. It
// works with no model configured.
func (s *Server) handleScanNew(c echo.Context) error {
	return c.Render(http.StatusOK, "scan", s.newScanPage(c))
}

func (s *Server) newScanPage(c echo.Context) scanPage {
	p := scanPage{basePage: s.page(c, "Check text for personal data")}
	if s.cfg.LLM != nil {
		p.SandboxURL = "/sandbox"
	}
	return p
}

// handleScanCreate handles "POST /scan". Nothing pasted is stored or logged.
func (s *Server) handleScanCreate(c echo.Context) error {
	p := s.newScanPage(c)
	text, ok := cleanText(c.FormValue("text"))
	p.Text = text
	p.Form.check(ok, "text", "The text contains characters that cannot be checked; paste it as plain text")
	p.Form.check(text != "", "text", "Paste some text to check")
	p.Form.check(len(text) <= maxScanText, "text", "The text must be 100 KB or less (about 15,000 words); check it in parts")
	if !p.Form.Valid() {
		return c.Render(http.StatusUnprocessableEntity, "scan", p)
	}
	p.Checked = true
	p.Report = scanText("Your text", text)
	return c.Render(http.StatusOK, "scan", p)
}
