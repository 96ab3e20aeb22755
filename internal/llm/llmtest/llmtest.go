// Package llmtest runs fake model servers that speak the Ollama (/api/chat, NDJSON) and
// OpenAI (/v1/chat/completions, JSON or server-sent events) wire protocols, so tests can
// use the real langchaingo clients without reaching the network. Each server records every
// request body it receives.
package llmtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Server is a fake model server.
type Server struct {
	srv    *httptest.Server
	ollama bool

	mu         sync.Mutex
	bodies     []string
	reply      string
	status     int
	delay      time.Duration
	chunkDelay time.Duration
}

// NewOpenAI starts a fake OpenAI-compatible server; it is closed when the test ends.
func NewOpenAI(tb testing.TB) *Server { return start(tb, false) }

// NewOllama starts a fake Ollama server; it is closed when the test ends.
func NewOllama(tb testing.TB) *Server { return start(tb, true) }

func start(tb testing.TB, ollama bool) *Server {
	tb.Helper()
	s := &Server{ollama: ollama, reply: "This is the model's answer."}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	tb.Cleanup(s.srv.Close)
	return s
}

// URL is the base URL to configure: the server itself for Ollama, URL + "/v1" for OpenAI.
func (s *Server) URL() string {
	if s.ollama {
		return s.srv.URL
	}
	return s.srv.URL + "/v1"
}

// SetReply sets the answer. Streamed answers are sent a word at a time.
func (s *Server) SetReply(text string) { s.mu.Lock(); s.reply = text; s.mu.Unlock() }

// SetStatus makes every request fail with the HTTP status (0 to answer normally).
func (s *Server) SetStatus(code int) { s.mu.Lock(); s.status = code; s.mu.Unlock() }

// SetDelay makes the server wait before answering, and between streamed chunks.
func (s *Server) SetDelay(before, betweenChunks time.Duration) {
	s.mu.Lock()
	s.delay, s.chunkDelay = before, betweenChunks
	s.mu.Unlock()
}

// Bodies returns every request body received so far.
func (s *Server) Bodies() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.bodies...)
}

// Received reports whether any request body contained sub.
func (s *Server) Received(sub string) bool {
	for _, b := range s.Bodies() {
		if strings.Contains(b, sub) {
			return true
		}
	}
	return false
}

// Prompts returns the text of the last user message of every request.
func (s *Server) Prompts() []string {
	var out []string
	for _, b := range s.Bodies() {
		var req chatRequest
		if json.Unmarshal([]byte(b), &req) == nil && len(req.Messages) > 0 {
			out = append(out, req.Messages[len(req.Messages)-1].Content)
		}
	}
	return out
}

type chatRequest struct {
	Model    string `json:"model"`
	Stream   *bool  `json:"stream"`
	Messages []struct {
		Role    string `json:"role"`
		Content string `json:"content"`
	} `json:"messages"`
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.bodies = append(s.bodies, string(body))
	reply, status, delay, chunkDelay := s.reply, s.status, s.delay, s.chunkDelay
	s.mu.Unlock()

	path := "/v1/chat/completions"
	if s.ollama {
		path = "/api/chat"
	}
	var req chatRequest
	if r.URL.Path != path || r.Method != http.MethodPost {
		status = http.StatusNotFound
	} else if err := json.Unmarshal(body, &req); err != nil {
		status = http.StatusBadRequest
	}
	if !wait(r, delay) {
		return
	}
	if status != 0 {
		s.fail(w, status, req.Model)
		return
	}
	if s.ollama {
		s.answerOllama(w, r, req, reply, chunkDelay)
	} else {
		s.answerOpenAI(w, r, req, reply, chunkDelay)
	}
}

// wait sleeps for d unless the client gives up first; it reports whether to go on.
func wait(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	select {
	case <-time.After(d):
		return true
	case <-r.Context().Done():
		return false
	}
}

func (s *Server) fail(w http.ResponseWriter, status int, model string) {
	msg := http.StatusText(status)
	if status == http.StatusNotFound {
		msg = fmt.Sprintf("model %q not found, try pulling it first", model)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if s.ollama {
		_ = json.NewEncoder(w).Encode(map[string]string{"error": msg})
		return
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"message": msg, "type": "invalid_request_error"}})
}

func (s *Server) answerOllama(w http.ResponseWriter, r *http.Request, req chatRequest, reply string, chunkDelay time.Duration) {
	w.Header().Set("Content-Type", "application/x-ndjson")
	enc := json.NewEncoder(w)
	line := func(content string, done bool) {
		_ = enc.Encode(map[string]any{"model": req.Model, "created_at": "2026-01-01T00:00:00Z",
			"message": map[string]string{"role": "assistant", "content": content}, "done": done})
	}
	if req.Stream != nil && !*req.Stream { // like Ollama, stream unless told not to
		line(reply, true)
		return
	}
	for _, c := range chunks(reply) {
		line(c, false)
		flush(w)
		if !wait(r, chunkDelay) {
			return
		}
	}
	line("", true)
}

func (s *Server) answerOpenAI(w http.ResponseWriter, r *http.Request, req chatRequest, reply string, chunkDelay time.Duration) {
	if req.Stream == nil || !*req.Stream {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": req.Model,
			"choices": []any{map[string]any{"index": 0, "message": map[string]string{"role": "assistant", "content": reply}, "finish_reason": "stop"}},
			"usage":   map[string]int{"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}})
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	event := func(delta map[string]string, finish any) {
		b, _ := json.Marshal(map[string]any{"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": req.Model,
			"choices": []any{map[string]any{"index": 0, "delta": delta, "finish_reason": finish}}})
		fmt.Fprintf(w, "data: %s\n\n", b)
		flush(w)
	}
	event(map[string]string{"role": "assistant", "content": ""}, nil)
	for _, c := range chunks(reply) {
		event(map[string]string{"content": c}, nil)
		if !wait(r, chunkDelay) {
			return
		}
	}
	event(map[string]string{}, "stop")
	fmt.Fprint(w, "data: [DONE]\n\n")
}

// chunks splits text after each space, so the pieces join back exactly.
func chunks(text string) []string {
	var out []string
	for text != "" {
		i := strings.IndexByte(text, ' ')
		if i < 0 {
			return append(out, text)
		}
		out = append(out, text[:i+1])
		text = text[i+1:]
	}
	return out
}

func flush(w http.ResponseWriter) {
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
}
