package llm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// ErrorKind says what went wrong with a model request.
type ErrorKind string

// Error kinds.
const (
	ErrUnreachable  ErrorKind = "unreachable"
	ErrUnauthorized ErrorKind = "unauthorized"
	ErrNotFound     ErrorKind = "not-found"
	ErrBusy         ErrorKind = "busy"
	ErrTimeout      ErrorKind = "timeout"
	ErrServer       ErrorKind = "server"
	ErrCancelled    ErrorKind = "cancelled"
	ErrOther        ErrorKind = "other"
)

// Error is a failed model request. Error() is written for the operator: it names the
// server and what to check. Summary() is for everyone else and names nothing internal.
type Error struct {
	Kind   ErrorKind
	Status int // the HTTP status, when the server answered
	msg    string
	Err    error
}

func (e *Error) Error() string { return e.msg }
func (e *Error) Unwrap() error { return e.Err }

// Summary says what happened in a sentence a learner can act on.
func (e *Error) Summary() string {
	switch e.Kind {
	case ErrTimeout:
		return "The AI model took too long to answer. Try again later, or with a shorter request."
	case ErrBusy:
		return "The AI model is busy. Try again in a minute."
	case ErrCancelled:
		return "The request to the AI model was stopped."
	}
	return "The AI model is not available at the moment. Everything else in Redpen works as usual; " +
		"the administrator can see the details on the admin page."
}

// explain turns a failed request into an *Error. Status codes and transport errors come
// from the exchange record rather than from the libraries' error strings.
func explain(ctx context.Context, info Info, ex *exchange, timeout time.Duration, err error) error {
	ex.mu.Lock()
	status, netErr := ex.status, ex.err
	ex.mu.Unlock()
	where := info.Endpoint
	e := &Error{Kind: ErrOther, Status: status, Err: err}
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		e.Kind, e.msg = ErrTimeout, fmt.Sprintf("the model at %s did not answer within %s", where, timeout)
	case errors.Is(ctx.Err(), context.Canceled):
		e.Kind, e.msg = ErrCancelled, "the model request was cancelled"
	case netErr != nil:
		e.Kind, e.Err = ErrUnreachable, netErr
		e.msg = fmt.Sprintf("the model server at %s is not answering (%v); check that it is running and that the address is right", where, rootCause(netErr))
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		e.Kind, e.msg = ErrUnauthorized, fmt.Sprintf("the model server at %s refused Redpen's credentials (HTTP %d); check REDPEN_LLM_API_KEY", where, status)
	case status == http.StatusNotFound:
		e.Kind, e.msg = ErrNotFound, fmt.Sprintf("the model %q was not found at %s (HTTP 404)", info.Model, where)
		if info.Provider == Ollama {
			e.msg += fmt.Sprintf("; download it with: ollama pull %s", info.Model)
		} else {
			e.msg += "; check the model name in --llm and the base URL"
		}
	case status == http.StatusTooManyRequests:
		e.Kind, e.msg = ErrBusy, fmt.Sprintf("the model server at %s is busy or over its quota (HTTP 429)", where)
	case status >= 500:
		e.Kind, e.msg = ErrServer, fmt.Sprintf("the model server at %s had an internal problem (HTTP %d)", where, status)
	case status >= 400:
		e.msg = fmt.Sprintf("the model server at %s rejected the request (HTTP %d): %v", where, status, err)
	default:
		e.msg = fmt.Sprintf("the model at %s gave no usable answer: %v", where, err)
	}
	return e
}

// rootCause strips the URL and operation wrappers from a transport error, leaving e.g.
// "connection refused".
func rootCause(err error) error {
	for {
		u := errors.Unwrap(err)
		if u == nil {
			return err
		}
		err = u
	}
}
