package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/redpen-social/redpen/internal/password"
	"github.com/redpen-social/redpen/internal/store"
)

type accountDataPage struct {
	basePage
	Form validator
}

// handleAccountDataShow handles "GET /settings/data": download my data, delete my account.
func (s *Server) handleAccountDataShow(c echo.Context) error {
	return c.Render(http.StatusOK, "account_data", accountDataPage{basePage: s.page(c, "Your data")})
}

// handleAccountDataExport handles "GET /settings/data/export": everything Redpen holds about
// the signed-in user, as a JSON file.
func (s *Server) handleAccountDataExport(c echo.Context) error {
	u := mustUser(c)
	d, err := s.store.ExportAccount(c.Request().Context(), u.ID)
	if err != nil {
		return err
	}
	held := map[string]bool{}
	for _, a := range d.Attempts {
		until, err := s.store.KeyHeldUntil(c.Request().Context(), u.ID, a.ScenarioID)
		if err != nil {
			return err
		}
		held[a.ScenarioID] = !until.IsZero()
	}
	body, err := json.MarshalIndent(exportFrom(d, s.store.Now(), held), "", "  ")
	if err != nil {
		return fmt.Errorf("export account: %w", err)
	}
	attachment(c, fmt.Sprintf("redpen-my-data-%s.json", s.store.Now().Format("2006-01-02")))
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, body)
}

// handleAccountDelete handles "POST /settings/data/delete": with the account's password,
// delete the account and everything of the user's, keeping only anonymous results for
// cohort statistics, then sign out.
func (s *Server) handleAccountDelete(c echo.Context) error {
	ctx := c.Request().Context()
	u, err := s.store.FindUser(ctx, mustUser(c).ID)
	if err != nil {
		return err
	}
	p := accountDataPage{basePage: s.page(c, "Your data")}
	pw := c.FormValue("password")
	if len(pw) > password.MaxLength {
		pw = pw[:password.MaxLength]
	}
	p.Form.check(pw != "", "password", "Enter your password to confirm that you want to delete your account")
	p.Form.check(pw == "" || password.Verify(pw, u.PasswordHash) == nil, "password", "The password is not right")
	if !p.Form.Valid() {
		return c.Render(http.StatusUnprocessableEntity, "account_data", p)
	}
	del, err := s.store.DeleteAccount(ctx, u.ID)
	if errors.Is(err, store.ErrLastAdmin) {
		p.Form.check(false, "password", "You are the only admin, so your account cannot be deleted yet: make someone else an admin first")
		return c.Render(http.StatusUnprocessableEntity, "account_data", p)
	}
	if err != nil {
		return err
	}
	s.clearCookie(c, sessionCookie)
	s.clearCookie(c, csrfCookie)
	s.flash(c, deletionMessage(del))
	return c.Redirect(http.StatusSeeOther, "/")
}

// deletionMessage says what went, in one line (the flash holds 300 characters at most).
func deletionMessage(d store.Deletion) string {
	var parts []string
	add := func(n int, one, many string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, pluralWord(n, one, many)))
		}
	}
	add(d.Modules, "module's progress", "modules' progress")
	add(d.QuizAnswers, "knowledge-check answer", "knowledge-check answers")
	add(d.Attempts, "critique", "critiques")
	add(d.CPDEntries, "CPD entry", "CPD entries")
	add(d.Certificates, "certificate", "certificates")
	add(d.Tokens, "API token", "API tokens")
	add(d.Cohorts, "cohort membership", "cohort memberships")
	msg := "Your account is deleted"
	if len(parts) > 0 {
		msg += ", with " + strings.Join(parts, ", ")
	}
	msg += ". You are signed out."
	if d.Anonymous > 0 {
		msg += " Only anonymous scores remain in statistics, with no text you wrote."
	}
	return msg
}
