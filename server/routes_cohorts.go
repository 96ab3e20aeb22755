package server

// cohortRoutes registers this feature's routes; see routes.go for the middleware they share.
// Every teach route loads its cohort through teachingCohort, so an educator who is not one
// of the cohort's educators gets 404 whatever the id.
func (s *Server) cohortRoutes(user, teach routeGroup) {
	teach.GET("/cohorts", s.handleCohortIndex)
	teach.POST("/cohorts", s.handleCohortCreate)
	teach.GET("/cohorts/:cohort", s.handleCohortShow)
	teach.POST("/cohorts/:cohort/rename", s.handleCohortRename)
	teach.POST("/cohorts/:cohort/archive", s.handleCohortArchive)
	teach.POST("/cohorts/:cohort/restore", s.handleCohortRestore)
	teach.POST("/cohorts/:cohort/educators", s.handleEducatorCreate)
	teach.POST("/cohorts/:cohort/learners/:user/remove", s.handleLearnerRemove)
	teach.POST("/cohorts/:cohort/assignments", s.handleAssignmentCreate)
	teach.POST("/cohorts/:cohort/assignments/:assignment/delete", s.handleAssignmentDelete)
	teach.GET("/cohorts/:cohort/analytics", s.handleAnalyticsShow)
	teach.GET("/cohorts/:cohort/analytics/:scenario", s.handleScenarioAnalyticsShow)
	teach.GET("/cohorts/:cohort/attempts/:attempt", s.handleCohortAttemptShow)
	teach.GET("/cohorts/:cohort/grades.csv", s.handleGradesExport)
	teach.GET("/cohorts/:cohort/attempts.json", s.handleAttemptsExport)

	user.GET("/join", s.handleJoinNew)
	user.POST("/join", s.handleJoinCreate)
	user.GET("/join/:code", s.handleJoinShow)
	user.POST("/join/:code", s.handleJoinCodeCreate)
	user.GET("/assignments", s.handleAssignmentIndex)
}
