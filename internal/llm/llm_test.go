package llm

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/redpen-social/redpen/internal/llm/llmtest"
)

func TestParseSpec(t *testing.T) {
	tests := []struct {
		spec, provider, model, err string
	}{
		{spec: "ollama:llama3.2", provider: "ollama", model: "llama3.2"},
		{spec: "ollama:llama3:8b", provider: "ollama", model: "llama3:8b"},
		{spec: " openai:gpt-4o-mini ", provider: "openai", model: "gpt-4o-mini"},
		{spec: "llama3", err: "write it as ollama:MODEL or openai:MODEL"},
		{spec: "claude:opus", err: `unknown provider "claude"`},
		{spec: "ollama:", err: "name a model after the colon"},
		{spec: "", err: "write it as"},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			p, m, err := ParseSpec(tt.spec)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("ParseSpec(%q) error = %v, want one containing %q", tt.spec, err, tt.err)
				}
				return
			}
			if err != nil || p != tt.provider || m != tt.model {
				t.Fatalf("ParseSpec(%q) = %q, %q, %v; want %q, %q", tt.spec, p, m, err, tt.provider, tt.model)
			}
		})
	}
}

func TestNewReadsTheConfiguration(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want Info
		err  string
	}{
		{"ollama default", Config{Spec: "ollama:m"}, Info{Provider: "ollama", Model: "m", Endpoint: DefaultOllamaHost, Timeout: DefaultTimeout, Mode: ModeBlock}, ""},
		{"OLLAMA_HOST without a scheme or port", Config{Spec: "ollama:m", OllamaHost: "10.0.0.5"}, Info{Endpoint: "http://10.0.0.5:11434"}, ""},
		{"OLLAMA_HOST URL", Config{Spec: "ollama:m", OllamaHost: "https://gpu.example.ac.uk:8443/"}, Info{Endpoint: "https://gpu.example.ac.uk:8443"}, ""},
		{"openai default", Config{Spec: "openai:m", Timeout: time.Second, Mode: "REDACT"}, Info{Endpoint: DefaultOpenAIBase, Timeout: time.Second, Mode: ModeRedact}, ""},
		{"openai gateway", Config{Spec: "openai:m", BaseURL: "http://127.0.0.1:4000/v1/"}, Info{Endpoint: "http://127.0.0.1:4000/v1"}, ""},
		{"bad base URL", Config{Spec: "openai:m", BaseURL: "localhost:4000"}, Info{}, "REDPEN_LLM_BASE_URL"},
		{"bad mode", Config{Spec: "openai:m", Mode: "warn"}, Info{}, "use block or redact"},
		{"negative timeout", Config{Spec: "openai:m", Timeout: -time.Second}, Info{}, "must be positive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.cfg)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("New error = %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := c.Info()
			if got.Endpoint != tt.want.Endpoint || tt.want.Provider != "" && got != tt.want ||
				tt.want.Timeout != 0 && got.Timeout != tt.want.Timeout || tt.want.Mode != "" && got.Mode != tt.want.Mode {
				t.Errorf("Info = %+v, want %+v", got, tt.want)
			}
			if c.Model() != tt.cfg.Spec {
				t.Errorf("Model = %q, want %q", c.Model(), tt.cfg.Spec)
			}
		})
	}
}

// fake is a fake server of either protocol with a client configured for it.
type fake struct {
	name   string
	server *llmtest.Server
	client Client
}

func fakes(t *testing.T, cfg Config) []fake {
	t.Helper()
	var out []fake
	for _, name := range []string{"ollama", "openai"} {
		c := cfg
		var s *llmtest.Server
		if name == "ollama" {
			s = llmtest.NewOllama(t)
			c.Spec, c.OllamaHost = "ollama:llama3.2", s.URL()
		} else {
			s = llmtest.NewOpenAI(t)
			c.Spec, c.BaseURL = "openai:gpt-test", s.URL()
		}
		client, err := New(c)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, fake{name, s, client})
	}
	return out
}

func simple(text string) Prompt { return Prompt{Parts: []Part{{Heading: "Task", Text: text}}} }

func TestGenerate(t *testing.T) {
	for _, f := range fakes(t, Config{}) {
		t.Run(f.name, func(t *testing.T) {
			f.server.SetReply("Check every sentence against the source.")
			// Ensure a plain request returns the whole answer and sends the prompt and model.
			res, err := f.client.Generate(context.Background(), simple("Summarise the visit."), nil)
			if err != nil {
				t.Fatal(err)
			}
			if res.Text != "Check every sentence against the source." {
				t.Errorf("answer = %q", res.Text)
			}
			if !f.server.Received("Summarise the visit.") || !f.server.Received(f.client.Info().Model) {
				t.Errorf("the server did not receive the prompt and model: %q", f.server.Bodies())
			}
			// Ensure streaming passes the answer on in pieces that add up to it.
			var pieces []string
			res, err = f.client.Generate(context.Background(), simple("Again."), func(c string) error {
				pieces = append(pieces, c)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(pieces) < 3 || strings.Join(pieces, "") != res.Text || res.Text != "Check every sentence against the source." {
				t.Errorf("streamed %q, answer %q", pieces, res.Text)
			}
			if !strings.Contains(f.server.Bodies()[1], `"stream":true`) {
				t.Errorf("streaming request did not ask for a stream: %s", f.server.Bodies()[1])
			}
			// Ensure a stream that the caller abandons stops with the caller's error.
			gone := errors.New("browser went away")
			_, err = f.client.Generate(context.Background(), simple("Once more."), func(string) error { return gone })
			if !errors.Is(err, gone) {
				t.Errorf("abandoned stream error = %v, want %v", err, gone)
			}
			if err := f.client.Ping(context.Background()); err != nil {
				t.Errorf("Ping = %v", err)
			}
		})
	}
}

func TestGenerateErrors(t *testing.T) {
	tests := []struct {
		name   string
		status int
		kind   ErrorKind
		msg    string
	}{
		{"server error", http.StatusInternalServerError, ErrServer, "internal problem (HTTP 500)"},
		{"bad key", http.StatusUnauthorized, ErrUnauthorized, "REDPEN_LLM_API_KEY"},
		{"no such model", http.StatusNotFound, ErrNotFound, "was not found at"},
		{"busy", http.StatusTooManyRequests, ErrBusy, "busy"},
	}
	for _, tt := range tests {
		for _, f := range fakes(t, Config{}) {
			t.Run(tt.name+"/"+f.name, func(t *testing.T) {
				f.server.SetStatus(tt.status)
				for _, stream := range []func(string) error{nil, func(string) error { return nil }} {
					_, err := f.client.Generate(context.Background(), simple("Hello"), stream)
					wantModelError(t, err, tt.kind, tt.msg)
				}
				if tt.kind == ErrNotFound && f.name == "ollama" && !strings.Contains(fmtErr(f.client.Ping(context.Background())), "ollama pull llama3.2") {
					t.Errorf("an Ollama 404 should say how to pull the model")
				}
			})
		}
	}
}

func TestGenerateTimeouts(t *testing.T) {
	for _, f := range fakes(t, Config{Timeout: 150 * time.Millisecond}) {
		t.Run(f.name, func(t *testing.T) {
			// Ensure a server that never starts answering times out.
			f.server.SetDelay(5*time.Second, 0)
			start := time.Now()
			_, err := f.client.Generate(context.Background(), simple("Hello"), nil)
			wantModelError(t, err, ErrTimeout, "did not answer within 150ms")
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("timed out after %s, want about 150ms", d)
			}
			// Ensure a stream that stalls halfway times out too.
			f.server.SetDelay(0, 5*time.Second)
			var got string
			_, err = f.client.Generate(context.Background(), simple("Hello"), func(c string) error { got += c; return nil })
			wantModelError(t, err, ErrTimeout, "did not answer")
			if got == "" {
				t.Errorf("no chunk arrived before the stall")
			}
		})
	}
}

func TestGenerateUnreachable(t *testing.T) {
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	for _, cfg := range []Config{{Spec: "ollama:m", OllamaHost: dead.URL}, {Spec: "openai:m", BaseURL: dead.URL + "/v1"}} {
		c, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Generate(context.Background(), simple("Hello"), nil)
		wantModelError(t, err, ErrUnreachable, "the model server at "+strings.TrimSuffix(c.Info().Endpoint, "/v1"))
		if !strings.Contains(err.Error(), "is not answering") || !strings.Contains(err.Error(), "connection refused") {
			t.Errorf("%s: message %q should say the server is not answering and why", cfg.Spec, err)
		}
		var me *Error
		if errors.As(err, &me) && strings.Contains(me.Summary(), dead.URL) {
			t.Errorf("the summary for learners names the server: %q", me.Summary())
		}
	}
}

func wantModelError(t *testing.T, err error, kind ErrorKind, msg string) {
	t.Helper()
	var me *Error
	if !errors.As(err, &me) {
		t.Fatalf("error = %v (%T), want *llm.Error", err, err)
	}
	if me.Kind != kind || !strings.Contains(me.Error(), msg) {
		t.Fatalf("error = %s %q, want %s containing %q", me.Kind, me.Error(), kind, msg)
	}
	if me.Summary() == "" {
		t.Fatalf("no summary for %s", kind)
	}
}

func fmtErr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestGenerateWaitsForAFreePlace(t *testing.T) {
	s := llmtest.NewOpenAI(t)
	c, err := New(Config{Spec: "openai:m", BaseURL: s.URL(), Timeout: 300 * time.Millisecond, MaxConcurrent: 1})
	if err != nil {
		t.Fatal(err)
	}
	s.SetDelay(time.Second, 0)
	first := make(chan error)
	go func() {
		_, err := c.Generate(context.Background(), simple("first"), nil)
		first <- err
	}()
	time.Sleep(50 * time.Millisecond)
	// Ensure a second request waits for the only place and gives up as "busy" in time.
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err = c.Generate(ctx, simple("second"), nil)
	wantModelError(t, err, ErrBusy, "stayed busy")
	if n := len(s.Bodies()); n != 1 {
		t.Errorf("server received %d requests, want 1", n)
	}
	if err := <-first; err == nil {
		t.Error("the first request should have timed out")
	}
}
