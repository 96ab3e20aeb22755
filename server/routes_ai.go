package server

// aiRoutes registers this feature's routes; see routes.go for the middleware they share.
// The personal-data checker and the admin page always exist. The model's features exist
// only when a model is configured: otherwise their routes are not registered, so they
// answer 404 to everyone, and the pages that link to them hide the links.
func (s *Server) aiRoutes(user, teach, admin routeGroup) {
	user.GET("/scan", s.handleScanNew)
	user.POST("/scan", s.handleScanCreate)
	admin.GET("/admin", s.handleAdminShow)
	if s.cfg.LLM == nil {
		return
	}
	user.GET("/attempts/:attempt/tutor", s.handleTutorShow)
	user.POST("/attempts/:attempt/tutor", s.handleTutorCreate)
	teach.GET("/scenarios/:scenario/draft-note", s.handleDraftNoteShow)
	teach.POST("/scenarios/:scenario/draft-note", s.handleDraftNoteCreate)
	user.GET("/sandbox", s.handleSandboxIndex)
	user.GET("/sandbox/:scenario", s.handleSandboxShow)
	user.POST("/sandbox/:scenario", s.handleSandboxCreate)
}
