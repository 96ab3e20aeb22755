package server

// aiRoutes registers this feature's routes; see routes.go for the middleware they share.
func (s *Server) aiRoutes(user, teach, admin routeGroup) {}
