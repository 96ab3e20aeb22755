package server

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/redpen-social/redpen/internal/store"
)

type peoplePage struct {
	basePage
	People []store.User
	Roles  []string
}

// handlePeopleIndex handles "GET /admin/users": every account, with its role.
func (s *Server) handlePeopleIndex(c echo.Context) error {
	people, err := s.store.ListUsers(c.Request().Context())
	if err != nil {
		return err
	}
	return c.Render(http.StatusOK, "people", peoplePage{basePage: s.page(c, "People"), People: people,
		Roles: []string{store.RoleLearner, store.RoleEducator, store.RoleAdmin}})
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
