package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/redpen-social/redpen/internal/store"
)

// buildBinary compiles redpen once per test run into a temp folder.
var buildBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "redpen-bin")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "redpen")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

// process is a running redpen serve.
type process struct {
	cmd  *exec.Cmd
	base string
	logs *bytes.Buffer
	done chan error
}

func mustBinary(t *testing.T) string {
	t.Helper()
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

func runBinary(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(mustBinary(t), args...)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("redpen %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// startServer starts redpen serve on a free port and waits for its address line.
func startServer(t *testing.T, db string) *process {
	t.Helper()
	cmd := exec.Command(mustBinary(t), "serve", "--db", db, "--addr", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &process{cmd: cmd, logs: &bytes.Buffer{}, done: make(chan error, 1)}
	cmd.Stderr = p.logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	lines := bufio.NewScanner(stdout)
	for lines.Scan() {
		if _, rest, ok := strings.Cut(lines.Text(), "running at "); ok {
			p.base = strings.Fields(rest)[0]
			break
		}
	}
	if p.base == "" {
		t.Fatalf("server did not start:\n%s", p.logs)
	}
	go func() { _, _ = io.Copy(io.Discard, stdout); p.done <- cmd.Wait() }()
	return p
}

type apiAttempt struct {
	ID    int64   `json:"id"`
	Score float64 `json:"score"`
	Flags []struct {
		Quote    string `json:"quote"`
		Category string `json:"category"`
		Outcome  string `json:"outcome"`
	} `json:"flags"`
}

func api(method, url, token, body string) (*http.Response, error) {
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	return (&http.Client{Timeout: 10 * time.Second}).Do(req)
}

func setUpAccount(t *testing.T, db string) string {
	t.Helper()
	runBinary(t, "a long enough password\n", "user", "add", "--db", db, "--email", "crash@example.ac.uk", "--name", "Crash Test", "--role", "learner", "--password-stdin")
	return strings.TrimSpace(runBinary(t, "", "token", "create", "--db", db, "--email", "crash@example.ac.uk"))
}

const crashAttempt = `{"flags":[{"document":"note","category":"transcription","rationale":"She said fighting",
  "selector":{"type":"TextQuoteSelector","exact":"Mum and Dad fishfingers"}}]}`

// Ensure every attempt that got a success response survives a SIGKILL mid-load, intact.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the real binary; skipped with -short")
	}
	db := filepath.Join(t.TempDir(), "crash.db")
	token := setUpAccount(t, db)
	p := startServer(t, db)

	var mu sync.Mutex
	acked := map[int64]apiAttempt{}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := api("POST", p.base+"/api/v1/scenarios/child-in-need-visit/attempts", token, crashAttempt)
				if err != nil {
					return // the server was killed under us
				}
				var a apiAttempt
				err = json.NewDecoder(resp.Body).Decode(&a)
				resp.Body.Close()
				if resp.StatusCode == http.StatusCreated && err == nil {
					mu.Lock()
					acked[a.ID] = a
					mu.Unlock()
				}
			}
		}()
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 40 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	close(stop)
	wg.Wait()
	<-p.done
	if len(acked) < 10 {
		t.Fatalf("only %d attempts succeeded before the kill; the load did not run:\n%s", len(acked), p.logs)
	}

	p2 := startServer(t, db)
	for id, want := range acked {
		resp, err := api("GET", fmt.Sprintf("%s/api/v1/attempts/%d", p2.base, id), token, "")
		if err != nil {
			t.Fatal(err)
		}
		var got apiAttempt
		err = json.NewDecoder(resp.Body).Decode(&got)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || err != nil {
			t.Fatalf("attempt %d acknowledged before the crash: status %d after restart (%v)", id, resp.StatusCode, err)
		}
		if got.Score != want.Score || len(got.Flags) != 1 || got.Flags[0].Quote != "Mum and Dad fishfingers" || got.Flags[0].Outcome != "correct" {
			t.Fatalf("attempt %d changed across the crash: before %+v, after %+v", id, want, got)
		}
	}
	t.Logf("%d acknowledged attempts all intact after SIGKILL and restart", len(acked))
}

// Ensure SIGTERM lets requests in flight finish and the process exits cleanly.
func TestGracefulShutdown(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the real binary; skipped with -short")
	}
	db := filepath.Join(t.TempDir(), "term.db")
	token := setUpAccount(t, db)
	p := startServer(t, db)

	results := make(chan error, 16)
	var started sync.WaitGroup
	for i := 0; i < 16; i++ {
		started.Add(1)
		go func() {
			started.Done()
			resp, err := api("POST", p.base+"/api/v1/scenarios/child-in-need-visit/attempts", token, crashAttempt)
			if err != nil {
				results <- err
				return
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusCreated {
				results <- fmt.Errorf("status %d", resp.StatusCode)
				return
			}
			results <- nil
		}()
	}
	started.Wait()
	time.Sleep(20 * time.Millisecond) // let the requests reach the server
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-p.done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", err, p.logs)
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("still running 15s after SIGTERM\n%s", p.logs)
	}
	// A connection still waiting in the kernel's queue when the listener closes is never
	// accepted, so its client sees a refusal, a reset or EOF: nothing was processed. What
	// must never happen is a request that was processed without its answer arriving, so
	// every attempt in the database must have had its 201.
	ok := 0
	for i := 0; i < 16; i++ {
		err := <-results
		switch {
		case err == nil:
			ok++
		case strings.Contains(err.Error(), "connection refused"), strings.Contains(err.Error(), "connection reset"), strings.Contains(err.Error(), "EOF"):
		default:
			t.Errorf("a request failed during shutdown: %v", err)
		}
	}
	if ok == 0 {
		t.Fatal("no request completed; the test did not exercise draining")
	}
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var stored int
	if err := st.DB().QueryRow(`SELECT COUNT(*) FROM attempts`).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored != ok {
		t.Fatalf("%d attempts stored but %d answered 201: a request in flight was cut off", stored, ok)
	}
	if !strings.Contains(p.logs.String(), "shutting down") {
		t.Errorf("no shutdown log line:\n%s", p.logs)
	}
}
