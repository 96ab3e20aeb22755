package server

import (
	"net/http"
	"regexp"

	"github.com/labstack/echo/v4"
	"github.com/redpen-social/redpen/internal/content"
	"github.com/redpen-social/redpen/internal/store"
)

// issueCertificates issues a certificate for each course whose every module the learner has
// completed, dated by the last completion, and returns all their certificates.
func (s *Server) issueCertificates(c echo.Context, lib *content.Library, userID int64, prog map[string]store.ModuleProgress) ([]store.Certificate, error) {
	ctx := c.Request().Context()
	for _, co := range lib.Catalog.Courses {
		if len(co.Modules) == 0 {
			continue
		}
		var last store.ModuleProgress
		complete := true
		for _, m := range co.Modules {
			p := prog[m.ID]
			if !p.Complete() {
				complete = false
				break
			}
			if p.CompletedAt.After(last.CompletedAt) {
				last = p
			}
		}
		if complete {
			if _, err := s.store.IssueCertificate(ctx, userID, co.ID, co.Title, last.CompletedAt); err != nil {
				return nil, err
			}
		}
	}
	return s.store.ListCertificates(ctx, userID)
}

// certificateIDPattern is the shape of a verification id; anything else is not looked up.
var certificateIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{16,64}$`)

type certificatePage struct {
	basePage
	Certificate store.Certificate
	VerifyURL   string
}

// handleCertificateShow handles "GET /certificates/:certificate": the owner's printable
// certificate. Anyone else's is not found.
func (s *Server) handleCertificateShow(c echo.Context) error {
	cert, err := s.certificateParam(c)
	if err != nil {
		return err
	}
	if cert.UserID != mustUser(c).ID {
		return store.ErrNotFound
	}
	scheme := "http://"
	if s.overHTTPS(c) {
		scheme = "https://"
	}
	return c.Render(http.StatusOK, "certificate_show", certificatePage{
		basePage: s.page(c, "Certificate of completion: "+cert.CourseTitle), Certificate: cert,
		VerifyURL: scheme + c.Request().Host + "/verify/" + cert.ID,
	})
}

// certificateParam looks up the certificate named in the URL; an id of the wrong shape is
// not even looked up.
func (s *Server) certificateParam(c echo.Context) (store.Certificate, error) {
	id := c.Param("certificate")
	if !certificateIDPattern.MatchString(id) {
		return store.Certificate{}, store.ErrNotFound
	}
	return s.store.FindCertificate(c.Request().Context(), id)
}

type verifyPage struct {
	basePage
	Name, Course string
	Completed    string
}

// handleVerifyShow handles "GET /verify/:certificate", which anyone may open: it confirms the
// learner's name, the course and the date, and nothing else. An unknown id is a plain 404.
func (s *Server) handleVerifyShow(c echo.Context) error {
	cert, err := s.certificateParam(c)
	if err != nil {
		return err
	}
	// Keep the page out of search engines: the link is shared with an employer, not the world.
	c.Response().Header().Set("X-Robots-Tag", "noindex, nofollow")
	return c.Render(http.StatusOK, "verify", verifyPage{
		basePage: s.page(c, "Certificate verified"), Name: cert.LearnerName, Course: cert.CourseTitle,
		Completed: cert.CompletedAt.Local().Format("2 January 2006"),
	})
}
