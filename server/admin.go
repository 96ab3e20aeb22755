package server

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/redpen-social/redpen/internal/llm"
)

type adminPage struct {
	basePage
	// LLM is nil when no model is configured.
	LLM *modelStatus

	// --- Audit log section: the audit-log feature adds its fields here. ---
}

// modelStatus is the configured model and whether it answered just now.
type modelStatus struct {
	llm.Info
	Spec      string
	Answering bool
	Took      time.Duration
	Problem   string
}

// Limit is the timeout in words.
func (m modelStatus) Limit() string {
	return strconv.FormatFloat(m.Timeout.Seconds(), 'f', -1, 64) + " seconds"
}

// handleAdminShow handles "GET /admin": the configured model and whether it answers.
func (s *Server) handleAdminShow(c echo.Context) error {
	p := adminPage{basePage: s.page(c, "Administration")}
	if s.cfg.LLM != nil {
		st := &modelStatus{Info: s.cfg.LLM.Info(), Spec: s.cfg.LLM.Model()}
		start := time.Now()
		err := s.cfg.LLM.Ping(c.Request().Context())
		st.Took = time.Since(start).Round(10 * time.Millisecond)
		st.Answering = err == nil
		var me *llm.Error
		switch {
		case errors.As(err, &me):
			st.Problem = me.Error() // admins see the server and what to check
		case err != nil:
			return err
		}
		p.LLM = st
	}
	return c.Render(http.StatusOK, "admin", p)
}
