package server

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/redpen-social/redpen/internal/password"
	"github.com/redpen-social/redpen/internal/store"
)

type peoplePage struct {
	basePage
	People []store.User
	Roles  []string
	// Reset names whose password was just reset, and Temporary is the new one, shown once.
	Reset     string
	Temporary string
}

func (s *Server) peoplePage(c echo.Context) (peoplePage, error) {
	people, err := s.store.ListUsers(c.Request().Context())
	return peoplePage{basePage: s.page(c, "People"), People: people,
		Roles: []string{store.RoleLearner, store.RoleEducator, store.RoleAdmin}}, err
}

// handlePeopleIndex handles "GET /admin/users": every account, with its role.
func (s *Server) handlePeopleIndex(c echo.Context) error {
	p, err := s.peoplePage(c)
	if err != nil {
		return err
	}
	return c.Render(http.StatusOK, "people", p)
}

// handlePasswordReset handles "POST /admin/users/:user/password": Redpen sends no email, so
// a person who has forgotten their password asks an admin, who gets a temporary one to pass
// on. The reset signs the person out everywhere and is recorded in the audit log.
func (s *Server) handlePasswordReset(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("user"), 10, 64)
	if err != nil {
		return store.ErrNotFound
	}
	ctx := c.Request().Context()
	target, err := s.store.FindUser(ctx, id)
	if err != nil {
		return err
	}
	temp := password.Temporary()
	hash, err := password.Hash(temp, s.cfg.Passwords)
	if err != nil {
		return err
	}
	if err := s.store.UpdatePassword(ctx, id, hash); err != nil {
		return err
	}
	s.limits.account.Reset(store.NormaliseEmail(target.Email))
	if err := s.audit(c, store.AuditResetPassword, fmt.Sprintf("%s (user %d)", target.Name, target.ID)); err != nil {
		return err
	}
	p, err := s.peoplePage(c)
	if err != nil {
		return err
	}
	p.Reset, p.Temporary = target.Name, temp
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.Render(http.StatusOK, "people", p)
}

// handleRoleUpdate handles "POST /admin/users/:user/role". Admins cannot change their own
// role, so the last admin can never lock everyone out.
func (s *Server) handleRoleUpdate(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("user"), 10, 64)
	if err != nil {
		return store.ErrNotFound
	}
	me := mustUser(c)
	if id == me.ID {
		return echo.NewHTTPError(http.StatusBadRequest, "You cannot change your own role. Ask another admin.")
	}
	role := c.FormValue("role")
	if !store.ValidRole(role) {
		return echo.NewHTTPError(http.StatusBadRequest, "Choose learner, educator or admin.")
	}
	ctx := c.Request().Context()
	target, err := s.store.FindUser(ctx, id)
	if err != nil {
		return err
	}
	if err := s.store.UpdateRole(ctx, me, id, role); err != nil {
		return err
	}
	s.flash(c, fmt.Sprintf("%s is now %s %s.", target.Name, article(role), role))
	return c.Redirect(http.StatusSeeOther, "/admin/users")
}

func article(role string) string {
	if role == store.RoleEducator || role == store.RoleAdmin {
		return "an"
	}
	return "a"
}

type auditPage struct {
	basePage
	Entries []store.AuditEntry
	Older   int64 // id to continue from, 0 when there is no more
}

const auditPageSize = 100

// handleAuditIndex handles "GET /admin/audit": who viewed learners' work and what admins did.
func (s *Server) handleAuditIndex(c echo.Context) error {
	before, _ := strconv.ParseInt(c.QueryParam("before"), 10, 64)
	entries, err := s.store.ListAudit(c.Request().Context(), max(before, 0), auditPageSize+1)
	if err != nil {
		return err
	}
	p := auditPage{basePage: s.page(c, "Audit log"), Entries: entries}
	if len(entries) > auditPageSize {
		p.Entries = entries[:auditPageSize]
		p.Older = p.Entries[auditPageSize-1].ID
	}
	return c.Render(http.StatusOK, "audit", p)
}

// audit records an action by the signed-in user. A failure to write the trail fails the
// request: an unrecorded view of someone's work is worse than a refused one.
func (s *Server) audit(c echo.Context, action, subject string) error {
	return s.store.Audit(c.Request().Context(), mustUser(c), action, subject, "")
}
