package main

import (
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/redpen-social/redpen/internal/llm"
)

// scanSample holds one of every kind of identifier `redpen scan` finds.
const scanSample = `Visit note
Mrs Jane Doe (DOB 01/02/2010) lives at 14 Acacia Road, LS1 4AP.
NHS 943 476 5919, NI AB 12 34 56 C.
Call 07700 900123 or write to jane.doe@example.org.
`

func TestScanFindsEveryKind(t *testing.T) {
	for _, from := range []string{"stdin", "file"} {
		t.Run(from, func(t *testing.T) {
			var r result
			if from == "stdin" {
				r = runCmd(t, scanSample, nil, "scan")
			} else {
				path := filepath.Join(t.TempDir(), "note.txt")
				if err := os.WriteFile(path, []byte(scanSample), 0o644); err != nil {
					t.Fatal(err)
				}
				r = runCmd(t, "", nil, "scan", path)
			}
			want := `2:1 name "Mrs Jane Doe"
2:19 date-of-birth "01/02/2010"
2:40 address "14 Acacia Road"
2:56 postcode "LS1 4AP"
3:5 nhs-number "943 476 5919"
3:22 ni-number "AB 12 34 56 C"
4:6 phone "07700 900123"
4:31 email "jane.doe@example.org"
`
			if r.stdout != want {
				t.Errorf("stdout:\n%s\nwant:\n%s", r.stdout, want)
			}
			if !errors.Is(r.err, errProblems) || !strings.Contains(r.stderr, "8 finding(s)") {
				t.Errorf("err = %v, stderr %q; want errProblems (exit status 1) and a count", r.err, r.stderr)
			}
		})
	}
}

func TestScanCleanText(t *testing.T) {
	// Ensure clean text prints nothing and exits 0, including a meeting date and a
	// ten-digit number that fails the NHS check.
	r := runCmd(t, "The meeting on 12/03/2024 agreed a plan with the mother.\nRef 943 476 5918.\n", nil, "scan")
	if r.err != nil || r.stdout != "" {
		t.Errorf("err = %v, stdout %q; want a clean exit and no output", r.err, r.stdout)
	}
}

func TestScanUsage(t *testing.T) {
	if r := runCmd(t, "", nil, "scan", "a", "b"); !errors.Is(r.err, errUsage) {
		t.Errorf("two files: err = %v, want errUsage", r.err)
	}
	r := runCmd(t, "", nil, "scan", filepath.Join(t.TempDir(), "missing.txt"))
	if r.err == nil || errors.Is(r.err, errProblems) || !strings.Contains(r.err.Error(), "missing.txt") {
		t.Errorf("missing file: err = %v, want an error naming it", r.err)
	}
	if r := runCmd(t, "", nil, "scan", "--help"); !strings.Contains(r.stdout, `line:col kind "text"`) {
		t.Errorf("help = %q, want the output format", r.stdout)
	}
}

// The serve command's model flags live in serve.go; they are tested here with the rest of
// this feature.
func TestServeModelFlags(t *testing.T) {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	parse := func(vars map[string]string, args ...string) (llm.Client, error) {
		var cfg serveConfig
		fs := newFlagSet("serve", "", env{stdout: io.Discard, stderr: io.Discard, getenv: func(k string) string { return vars[k] }})
		aiFlags(fs, &cfg, fs.env)
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		return buildModel(cfg, quiet)
	}
	// Ensure no model means no client, and the AI features stay hidden.
	if c, err := parse(nil); c != nil || err != nil {
		t.Errorf("no --llm: client %v, err %v; want neither", c, err)
	}
	// Ensure the flags and the environment reach the client.
	c, err := parse(map[string]string{"REDPEN_LLM": "openai:gpt-x", "REDPEN_LLM_BASE_URL": "http://127.0.0.1:4000/v1", "REDPEN_PII_MODE": "redact"},
		"--llm-timeout", "90s")
	if err != nil {
		t.Fatal(err)
	}
	if i := c.Info(); c.Model() != "openai:gpt-x" || i.Endpoint != "http://127.0.0.1:4000/v1" || i.Timeout != 90*time.Second || i.Mode != llm.ModeRedact {
		t.Errorf("client = %s %+v", c.Model(), i)
	}
	c, err = parse(map[string]string{"OLLAMA_HOST": "gpu.local:8080", "REDPEN_LLM_TIMEOUT": "5s"}, "--llm", "ollama:llama3.2")
	if err != nil || c.Info().Endpoint != "http://gpu.local:8080" || c.Info().Timeout != 5*time.Second {
		t.Errorf("ollama client = %+v, %v", c, err)
	}
	// Ensure mistakes are clear.
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--llm", "llama3"}, "--llm: model \"llama3\": write it as ollama:MODEL"},
		{[]string{"--pii-mode", "warn"}, "--pii-mode: "},
		{[]string{"--llm", "ollama:m", "--llm-timeout", "0s"}, "--llm-timeout must be positive"},
	} {
		if _, err := parse(nil, tt.args...); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: err = %v, want %q", tt.args, err, tt.want)
		}
	}
}
