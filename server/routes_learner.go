package server

// learnerRoutes registers this feature's routes; see routes.go for the middleware they share.
// Static paths (/cpd/new, /cpd/print) are matched before /cpd/:entry by Echo's router.
func (s *Server) learnerRoutes(user routeGroup) {
	user.GET("/dashboard", s.handleDashboardShow)

	user.GET("/cpd", s.handleCPDIndex)
	user.GET("/cpd/new", s.handleCPDNew)
	user.POST("/cpd", s.handleCPDCreate)
	user.GET("/cpd/print", s.handleCPDPrint)
	user.GET("/cpd.md", s.handleCPDMarkdown)
	user.GET("/cpd.csv", s.handleCPDCSV)
	user.GET("/cpd/:entry/edit", s.handleCPDEdit)
	user.POST("/cpd/:entry", s.handleCPDUpdate)
	user.GET("/cpd/:entry/delete", s.handleCPDDeleteConfirm)
	user.POST("/cpd/:entry/delete", s.handleCPDDelete)

	user.GET("/certificates/:certificate", s.handleCertificateShow)
	// Public: whoever holds a certificate's link can check it; nothing else is shown.
	s.e.GET("/verify/:certificate", s.handleVerifyShow)

	user.GET("/settings/data", s.handleAccountDataShow)
	user.GET("/settings/data/export", s.handleAccountDataExport)
	user.POST("/settings/data/delete", s.handleAccountDelete)
}
