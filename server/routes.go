package server

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// contentSecurityPolicy allows nothing inline and nothing from elsewhere: scripts and styles
// come only from /static, which is what keeps escaped-but-hostile text inert.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

// Body limits: forms carry a rationale or a reflection at most; the API a whole critique.
const (
	formBodyLimit = "256K"
	apiBodyLimit  = "1M"
)

// routes is the single route table and middleware stack.
func (s *Server) routes() {
	e := s.e
	e.Pre(middleware.RemoveTrailingSlashWithConfig(middleware.TrailingSlashConfig{RedirectCode: http.StatusMovedPermanently}))
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{DisableStackAll: true, LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
		s.log.Error("panic", slog.String("method", c.Request().Method), slog.String("path", c.Path()), slog.Any("error", err), slog.String("stack", string(stack)))
		return err
	}}))
	e.Use(s.requestLogger())
	e.Use(middleware.SecureWithConfig(middleware.SecureConfig{
		ContentTypeNosniff:    "nosniff",
		XFrameOptions:         "DENY",
		ReferrerPolicy:        "same-origin",
		ContentSecurityPolicy: contentSecurityPolicy,
		HSTSMaxAge:            31536000,
	}))
	e.Use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: formBodyLimit, Skipper: isAPI}))
	e.Use(s.loadUser)
	e.Use(middleware.CSRFWithConfig(middleware.CSRFConfig{
		Skipper:        func(c echo.Context) bool { return isAPI(c) || strings.HasPrefix(c.Request().URL.Path, "/static/") },
		TokenLookup:    "form:_csrf,header:X-CSRF-Token",
		CookieName:     "redpen_csrf",
		CookiePath:     "/",
		CookieHTTPOnly: true,
		CookieSameSite: http.SameSiteLaxMode,
		CookieSecure:   s.cfg.SecureCookies,
	}))

	public := routeGroup{e, nil}
	public.GET("/", s.handleHome)
	public.GET("/healthz", s.handleHealth)
	public.GET("/static/*", s.handleStatic)
	public.GET("/register", s.handleRegisterNew)
	public.POST("/register", s.handleRegisterCreate)
	public.GET("/login", s.handleLoginNew)
	public.POST("/login", s.handleLoginCreate)
	public.POST("/logout", s.handleLogout)

	public.GET("/courses", s.handleCourseIndex)
	public.GET("/courses/:course", s.handleCourseShow)
	public.GET("/courses/:course/:module", s.handleModuleShow)
	public.GET("/scenarios", s.handleScenarioIndex)

	// Route-level middleware, not groups: an Echo group with middleware also answers every
	// unknown path below its prefix, which would turn 404s into sign-in redirects.
	user := routeGroup{e, []echo.MiddlewareFunc{s.requireUser}}
	user.POST("/courses/:course/:module/quizzes/:quiz", s.handleQuizAnswerCreate)
	user.POST("/courses/:course/:module/complete", s.handleModuleComplete)
	user.GET("/progress", s.handleProgressShow)
	user.GET("/scenarios/:scenario", s.handleScenarioShow)
	user.GET("/scenarios/:scenario/flags/new", s.handleFlagNew)
	user.POST("/scenarios/:scenario/flags", s.handleFlagCreate)
	user.GET("/scenarios/:scenario/flags/:flag/edit", s.handleFlagEdit)
	user.POST("/scenarios/:scenario/flags/:flag", s.handleFlagUpdate)
	user.POST("/scenarios/:scenario/flags/:flag/delete", s.handleFlagDelete)
	user.GET("/scenarios/:scenario/submit", s.handleSubmitNew)
	user.POST("/scenarios/:scenario/submit", s.handleSubmitCreate)
	user.GET("/attempts/:attempt", s.handleAttemptShow)
	user.POST("/attempts/:attempt/reflection", s.handleReflectionUpdate)
	user.GET("/settings", s.handleSettingsShow)
	user.GET("/settings/tokens", s.handleTokenIndex)
	user.POST("/settings/tokens", s.handleTokenCreate)
	user.POST("/settings/tokens/:token/revoke", s.handleTokenRevoke)

	teach := routeGroup{e, []echo.MiddlewareFunc{s.requireUser, s.requireTeacher}}
	teach.GET("/scenarios/:scenario/preview", s.handleScenarioPreview)

	admin := routeGroup{e, []echo.MiddlewareFunc{s.requireUser, s.requireAdmin}}
	admin.GET("/admin/users", s.handlePeopleIndex)
	admin.POST("/admin/users/:user/role", s.handleRoleUpdate)
	admin.POST("/admin/users/:user/password", s.handlePasswordReset)
	admin.GET("/admin/audit", s.handleAuditIndex)

	s.cohortRoutes(user, teach)    // routes_cohorts.go: cohorts, assignments, analytics, exports
	s.learnerRoutes(user)          // routes_learner.go: dashboard, CPD log, certificates, my data
	s.aiRoutes(user, teach, admin) // routes_ai.go: the personal-data gate and optional LLM features

	api := routeGroup{e, []echo.MiddlewareFunc{middleware.BodyLimit(apiBodyLimit), s.requireToken}}
	api.GET("/api/v1/modules", s.handleAPIModuleIndex)
	api.GET("/api/v1/scenarios", s.handleAPIScenarioIndex)
	api.GET("/api/v1/scenarios/:scenario", s.handleAPIScenarioShow)
	api.POST("/api/v1/scenarios/:scenario/attempts", s.handleAPIAttemptCreate)
	api.GET("/api/v1/attempts/:attempt", s.handleAPIAttemptShow)
}

// routeGroup adds the same middleware to several routes.
type routeGroup struct {
	e  *echo.Echo
	mw []echo.MiddlewareFunc
}

// GET also answers HEAD, which uptime monitors and link checkers send; net/http drops
// the body of a HEAD response.
func (g routeGroup) GET(path string, h echo.HandlerFunc) {
	g.e.GET(path, h, g.mw...)
	g.e.HEAD(path, h, g.mw...)
}

func (g routeGroup) POST(path string, h echo.HandlerFunc) { g.e.POST(path, h, g.mw...) }

func isAPI(c echo.Context) bool { return strings.HasPrefix(c.Request().URL.Path, "/api/") }

// requestLogger logs one line per request at the edge.
func (s *Server) requestLogger() echo.MiddlewareFunc {
	return middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		LogMethod: true, LogURIPath: true, LogStatus: true, LogLatency: true,
		Skipper: func(c echo.Context) bool { return strings.HasPrefix(c.Request().URL.Path, "/static/") },
		LogValuesFunc: func(_ echo.Context, v middleware.RequestLoggerValues) error {
			s.log.Info("request", slog.String("method", v.Method), slog.String("path", v.URIPath),
				slog.Int("status", v.Status), slog.Duration("latency", v.Latency))
			return nil
		},
	})
}
