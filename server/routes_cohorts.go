package server

// cohortRoutes registers this feature's routes; see routes.go for the middleware they share.
func (s *Server) cohortRoutes(user, teach routeGroup) {}
