package llm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/tmc/langchaingo/llms"
	"github.com/tmc/langchaingo/llms/ollama"
	"github.com/tmc/langchaingo/llms/openai"
)

// backend is a langchaingo model.
type backend = llms.Model

// client is the only Client: the gate runs in Generate before anything else.
type client struct {
	info  Info
	spec  string
	model backend
	gate  gate
	slots chan struct{}
}

func (c *client) Model() string { return c.spec }
func (c *client) Info() Info    { return c.info }

// pingTimeout keeps the admin page quick when the model is down.
const pingTimeout = 15 * time.Second

// Generate gates the prompt, then sends it to the model within the configured timeout.
func (c *client) Generate(ctx context.Context, p Prompt, stream func(chunk string) error) (Result, error) {
	text, redacted, err := c.gate.apply(p)
	if err != nil {
		return Result{}, err
	}
	out, err := c.send(ctx, text, c.info.Timeout, stream)
	if err != nil {
		return Result{}, err
	}
	return Result{Text: out, Redacted: redacted}, nil
}

// Ping asks for one word. The prompt is fixed, and still goes through the gate.
func (c *client) Ping(ctx context.Context) error {
	text, _, err := c.gate.apply(Prompt{Parts: []Part{{Text: "Reply with the single word: ready"}}})
	if err != nil {
		return err
	}
	_, err = c.send(ctx, text, min(c.info.Timeout, pingTimeout), nil)
	return err
}

// send is unexported so that nothing outside this package can reach the model without
// passing the gate in Generate or Ping.
func (c *client) send(ctx context.Context, text string, timeout time.Duration, stream func(string) error) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	select {
	case c.slots <- struct{}{}:
		defer func() { <-c.slots }()
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.Canceled) {
			return "", &Error{Kind: ErrCancelled, Err: ctx.Err(), msg: "the model request was cancelled"}
		}
		return "", &Error{Kind: ErrBusy, Err: ctx.Err(),
			msg: fmt.Sprintf("all %d places for requests to the model at %s stayed busy for %s", cap(c.slots), c.info.Endpoint, timeout)}
	}
	ex := &exchange{}
	ctx = context.WithValue(ctx, exchangeKey{}, ex)
	var opts []llms.CallOption
	var streamErr error
	if stream != nil {
		opts = append(opts, llms.WithStreamingFunc(func(_ context.Context, chunk []byte) error {
			if len(chunk) == 0 {
				return nil
			}
			if err := stream(string(chunk)); err != nil {
				streamErr = err
				return err
			}
			return nil
		}))
	}
	out, err := llms.GenerateFromSinglePrompt(ctx, c.model, text, opts...)
	if err == nil && ctx.Err() != nil {
		// Both clients end a stream cut off by the deadline quietly, with half an answer.
		err = ctx.Err()
	}
	if err != nil {
		if streamErr != nil {
			return "", streamErr
		}
		return "", explain(ctx, c.info, ex, timeout, err)
	}
	return out, nil
}

// exchange records what happened on the wire, because the langchaingo clients flatten
// transport errors and status codes into strings.
type exchange struct {
	mu     sync.Mutex
	status int
	err    error
}

type exchangeKey struct{}

// recorder is the HTTP transport for both providers.
type recorder struct{ base http.RoundTripper }

func (t recorder) RoundTrip(r *http.Request) (*http.Response, error) {
	res, err := t.base.RoundTrip(r)
	if ex, ok := r.Context().Value(exchangeKey{}).(*exchange); ok {
		ex.mu.Lock()
		ex.err = err
		if res != nil {
			ex.status = res.StatusCode
		}
		ex.mu.Unlock()
	}
	return res, err
}

func httpClient() *http.Client {
	return &http.Client{Transport: recorder{base: http.DefaultTransport}}
}

func newOllama(info Info) (backend, error) {
	return ollama.New(ollama.WithServerURL(info.Endpoint), ollama.WithModel(info.Model), ollama.WithHTTPClient(httpClient()))
}

func newOpenAI(info Info, key string) (backend, error) {
	return openai.New(openai.WithBaseURL(info.Endpoint), openai.WithModel(info.Model), openai.WithToken(key),
		openai.WithOrganization(""), openai.WithHTTPClient(httpClient()))
}
