package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/redpen-social/redpen/internal/course"
	"github.com/redpen-social/redpen/internal/scenario"
	"github.com/redpen-social/redpen/internal/store"
)

type errorPage struct {
	basePage
	Status  int
	Heading string
	Message string
}

// handleError maps every error a handler returns to a status and a page (or JSON for the
// API). Internal details are logged once here and never shown.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	// The browser went away (a closed tab, a double click): nobody is left to answer,
	// and it is not a fault worth an error in the log.
	if errors.Is(err, context.Canceled) && c.Request().Context().Err() != nil {
		s.log.Info("request abandoned by the client", slog.String("path", c.Request().URL.Path))
		return
	}
	status, msg := http.StatusInternalServerError, ""
	var he *echo.HTTPError
	switch {
	case errors.As(err, &he):
		status = he.Code
		if m, ok := he.Message.(string); ok {
			msg = m
		}
		if he.Internal != nil {
			s.log.Warn("request error", slog.String("path", c.Request().URL.Path), slog.Any("error", he.Internal))
		}
	case errors.Is(err, store.ErrNotFound), errors.Is(err, scenario.ErrNotFound), errors.Is(err, course.ErrNotFound):
		status = http.StatusNotFound
	}
	if status >= 500 {
		s.log.Error("request failed", slog.String("method", c.Request().Method),
			slog.String("path", c.Request().URL.Path), slog.Any("error", err))
		msg = ""
	}
	heading, text := describeStatus(status, msg)
	if isAPI(c) {
		_ = c.JSON(status, apiError{Error: text})
		return
	}
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(status)
		return
	}
	p := errorPage{basePage: s.page(c, heading), Status: status, Heading: heading, Message: text}
	if rerr := c.Render(status, "error", p); rerr != nil {
		s.log.Error("render error page", slog.Any("error", rerr))
		_ = c.String(status, heading+"\n\n"+text)
	}
}

// describeStatus words an error for people: what happened and what to do.
func describeStatus(status int, msg string) (heading, text string) {
	switch status {
	case http.StatusNotFound:
		return "Page not found", "If you typed the web address, check it is correct. If you followed a link, it may be out of date."
	case http.StatusForbidden:
		if msg == "invalid csrf token" {
			return "Your form expired", "For your security, forms stop working after a while or when you sign in again. Go back, reload the page and try again; nothing you saved before has been lost."
		}
		return "You do not have access to this page", "This page belongs to someone else, or needs an educator's account."
	case http.StatusBadRequest:
		if msg == "missing csrf token in the form parameter" || msg == "missing csrf token in request header" {
			return "Your form expired", "For your security, each form carries a hidden check. Go back, reload the page and try again."
		}
		return "Something in the request was not right", firstNonEmpty(msg, "Go back and check what you entered.")
	case http.StatusRequestEntityTooLarge:
		return "That was too long", "What you sent is larger than Redpen accepts. Shorten it and try again."
	case http.StatusTooManyRequests:
		return "Too many attempts", firstNonEmpty(msg, "Wait a few minutes and try again.")
	case http.StatusMethodNotAllowed:
		return "That action is not available here", "Go back and use the page's own buttons and links."
	case http.StatusUnauthorized:
		return "Please sign in", firstNonEmpty(msg, "You need to sign in to see this.")
	}
	if status >= 500 {
		return "Sorry, something went wrong", "The problem has been logged. Try again in a moment; anything you had already saved is safe."
	}
	return http.StatusText(status), msg
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
