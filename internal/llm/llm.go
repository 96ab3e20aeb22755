// Package llm puts a language model behind a small interface, through langchaingo's
// ollama and openai clients, with the personal-data gate in front: every prompt passes
// internal/pii before it leaves the server, inside the client, so no caller can forget it.
package llm

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Client is a configured model. Generate gates the prompt (returning a *BlockedError when
// it blocks), then asks the model; with a non-nil stream it passes on the answer as it
// arrives. Errors from the model are *Error values with a plain message.
type Client interface {
	Generate(ctx context.Context, p Prompt, stream func(chunk string) error) (Result, error)
	// Ping asks the model for a one-word answer, to show whether it is working.
	Ping(ctx context.Context) error
	// Model is the configuration string, such as "ollama:llama3.2".
	Model() string
	Info() Info
}

// Info describes a client for the admin page.
type Info struct {
	Provider string // "ollama" or "openai"
	Model    string
	Endpoint string // the server's base URL
	Timeout  time.Duration
	Mode     Mode
}

// Result is a model's answer.
type Result struct {
	Text string
	// Redacted lists what the gate replaced with placeholders in redact mode.
	Redacted []Flagged
}

// Providers.
const (
	Ollama = "ollama"
	OpenAI = "openai"
)

// Defaults.
const (
	DefaultTimeout    = 60 * time.Second
	DefaultOllamaHost = "http://127.0.0.1:11434"
	DefaultOpenAIBase = "https://api.openai.com/v1"
	DefaultConcurrent = 4
	// placeholderKey is sent to OpenAI-compatible gateways that need no key, because the
	// openai client refuses to start without one.
	placeholderKey = "redpen-no-key"
)

// Config is how an operator points Redpen at a model.
type Config struct {
	// Spec is "ollama:MODEL" or "openai:MODEL" (--llm, REDPEN_LLM).
	Spec string
	// OllamaHost is the Ollama server (OLLAMA_HOST): "host:port" or a URL.
	OllamaHost string
	// BaseURL is the OpenAI-compatible endpoint (REDPEN_LLM_BASE_URL), such as
	// "http://127.0.0.1:4000/v1"; requests go to BaseURL + "/chat/completions".
	BaseURL string
	// APIKey is sent as a bearer token (REDPEN_LLM_API_KEY); empty for local gateways.
	APIKey string
	// Timeout bounds each request to the model; 0 means DefaultTimeout.
	Timeout time.Duration
	// Mode is what the gate does with personal data: block (the default) or redact.
	Mode Mode
	// MaxConcurrent is how many requests may be with the model at once (0 means
	// DefaultConcurrent); more wait, within the timeout, so a class pressing buttons
	// together cannot swamp a small local model.
	MaxConcurrent int
}

// ParseSpec splits "ollama:MODEL" or "openai:MODEL". Model names may contain colons
// ("ollama:llama3:8b").
func ParseSpec(spec string) (provider, model string, err error) {
	provider, model, ok := strings.Cut(strings.TrimSpace(spec), ":")
	switch {
	case !ok:
		return "", "", fmt.Errorf("model %q: write it as ollama:MODEL or openai:MODEL, e.g. ollama:llama3.2", spec)
	case provider != Ollama && provider != OpenAI:
		return "", "", fmt.Errorf("model %q: unknown provider %q; use ollama or openai", spec, provider)
	case strings.TrimSpace(model) == "":
		return "", "", fmt.Errorf("model %q: name a model after the colon, e.g. %s:llama3.2", spec, provider)
	}
	return provider, strings.TrimSpace(model), nil
}

// ParseMode reads "block" or "redact"; empty means block.
func ParseMode(s string) (Mode, error) {
	switch Mode(strings.ToLower(strings.TrimSpace(s))) {
	case "", ModeBlock:
		return ModeBlock, nil
	case ModeRedact:
		return ModeRedact, nil
	}
	return "", fmt.Errorf("personal-data mode %q: use block or redact", s)
}

// New builds a client from the configuration. It does not contact the model.
func New(cfg Config) (Client, error) {
	provider, model, err := ParseSpec(cfg.Spec)
	if err != nil {
		return nil, err
	}
	if cfg.Mode, err = ParseMode(string(cfg.Mode)); err != nil {
		return nil, err
	}
	if cfg.Timeout < 0 {
		return nil, errors.New("the model timeout must be positive")
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	info := Info{Provider: provider, Model: model, Timeout: cfg.Timeout, Mode: cfg.Mode}
	var b backend
	switch provider {
	case Ollama:
		if info.Endpoint, err = ollamaURL(cfg.OllamaHost); err != nil {
			return nil, err
		}
		b, err = newOllama(info)
	default:
		if info.Endpoint, err = openAIURL(cfg.BaseURL); err != nil {
			return nil, err
		}
		key := cfg.APIKey
		if key == "" {
			key = placeholderKey
		}
		b, err = newOpenAI(info, key)
	}
	if err != nil {
		return nil, fmt.Errorf("model %s: %w", cfg.Spec, err)
	}
	if cfg.MaxConcurrent <= 0 {
		cfg.MaxConcurrent = DefaultConcurrent
	}
	return &client{info: info, spec: provider + ":" + model, model: b, gate: gate{mode: cfg.Mode},
		slots: make(chan struct{}, cfg.MaxConcurrent)}, nil
}

// ollamaURL reads OLLAMA_HOST the way Ollama does: "host", "host:port" or a URL, port
// 11434 unless given.
func ollamaURL(host string) (string, error) {
	host = strings.TrimSpace(host)
	if host == "" {
		return DefaultOllamaHost, nil
	}
	if !strings.Contains(host, "://") {
		host = "http://" + host
	}
	u, err := checkURL("OLLAMA_HOST", host)
	if err != nil {
		return "", err
	}
	if u.Port() == "" {
		u.Host += ":11434"
	}
	return strings.TrimRight(u.String(), "/"), nil
}

func openAIURL(base string) (string, error) {
	base = strings.TrimSpace(base)
	if base == "" {
		return DefaultOpenAIBase, nil
	}
	u, err := checkURL("REDPEN_LLM_BASE_URL", base)
	if err != nil {
		return "", err
	}
	return strings.TrimRight(u.String(), "/"), nil
}

func checkURL(name, raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%s %q: want a URL such as http://127.0.0.1:11434", name, raw)
	}
	return u, nil
}
