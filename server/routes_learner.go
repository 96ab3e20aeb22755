package server

// learnerRoutes registers this feature's routes; see routes.go for the middleware they share.
func (s *Server) learnerRoutes(user routeGroup) {}
