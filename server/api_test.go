package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/redpen-social/redpen/internal/store"
)

// apiAttemptJSON is the attempt JSON as a client reads it.
type apiAttemptJSON struct {
	ID       int64    `json:"id"`
	Scenario string   `json:"scenario"`
	Score    *float64 `json:"score"`
	Flaws    []struct {
		ID, Category, Severity, Outcome string
	} `json:"flaws"`
	Flags []struct {
		Index    int    `json:"index"`
		Document string `json:"document"`
		Start    int    `json:"start"`
		End      int    `json:"end"`
		Quote    string `json:"quote"`
		Outcome  string `json:"outcome"`
		Reason   string `json:"reason"`
		Flaw     string `json:"flaw"`
	} `json:"flags"`
	Categories []map[string]any `json:"categories"`
}

func testJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// wantAPIError checks a JSON error response and returns its message.
func wantAPIError(t *testing.T, res testResponse, status int) string {
	t.Helper()
	wantStatus(t, res, status)
	var e map[string]any
	decodeTestJSON(t, res, &e)
	msg, ok := e["error"].(string)
	if !ok || msg == "" || len(e) != 1 {
		t.Fatalf("error body = %s, want {\"error\": \"…\"}", res.Body)
	}
	return msg
}

var htmlTagRE = regexp.MustCompile(`<[^>]*>`)

func TestAPIScenarios(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	u, _ := ts.createUser(t, store.RoleLearner)
	tok := ts.token(t, u.ID)

	t.Run("Index", func(t *testing.T) {
		res := ts.api(t, http.MethodGet, "/api/v1/scenarios", tok, "")
		wantStatus(t, res, http.StatusOK)
		var list []struct{ ID, Title, Level string }
		decodeTestJSON(t, res, &list)
		if len(list) != ts.lib.Scenarios.Len() {
			t.Fatalf("%d scenarios listed, want %d", len(list), ts.lib.Scenarios.Len())
		}
		for _, s := range list {
			sc, err := ts.lib.Scenarios.Get(s.ID)
			if err != nil || sc.Title != s.Title {
				t.Errorf("listed %+v, not a scenario", s)
			}
		}
	})

	t.Run("Modules", func(t *testing.T) {
		res := ts.api(t, http.MethodGet, "/api/v1/modules", tok, "")
		wantStatus(t, res, http.StatusOK)
		var list []struct {
			ID      string
			Courses []string
		}
		decodeTestJSON(t, res, &list)
		if len(list) != len(ts.lib.Catalog.Modules()) {
			t.Errorf("%d modules listed, want %d", len(list), len(ts.lib.Catalog.Modules()))
		}
	})

	for _, sc := range ts.lib.Scenarios.All() {
		t.Run("Show/"+sc.ID, func(t *testing.T) {
			// Ensure a scenario is served with its texts and never its answer key.
			res := ts.api(t, http.MethodGet, "/api/v1/scenarios/"+sc.ID, tok, "")
			wantStatus(t, res, http.StatusOK)
			var got struct {
				ID     string
				Source struct{ Text string }
				Note   struct {
					Text  string
					Units []struct{ Number, Start, End int }
				}
				Categories []struct{ ID string }
			}
			decodeTestJSON(t, res, &got)
			if got.ID != sc.ID || got.Note.Text != sc.Note.Text || got.Source.Text != sc.Source.Text {
				t.Errorf("scenario texts do not match the content")
			}
			if len(got.Note.Units) != len(sc.Note.Units) || len(got.Categories) != len(ts.lib.Taxonomy.Categories) {
				t.Errorf("%d units, %d categories", len(got.Note.Units), len(got.Categories))
			}
			// The words themselves may occur in a case's text ("the mother's explanation"),
			// so look for them as field names, where an answer key would put them.
			var keys, all []string
			jsonKeys(decodeJSONValue(t, res.Body), &keys)
			for _, k := range keys {
				switch lk := strings.ToLower(k); {
				case strings.Contains(lk, "explanation"), strings.Contains(lk, "flaw"),
					strings.Contains(lk, "severity"), strings.Contains(lk, "model"), strings.Contains(lk, "key"):
					t.Errorf("scenario JSON has a field %q", k)
				}
			}
			jsonStrings(decodeJSONValue(t, res.Body), &all)
			text := strings.Join(all, "\n")
			for _, f := range sc.Flaws {
				plain := strings.Join(strings.Fields(htmlTagRE.ReplaceAllString(string(f.Explanation), " ")), " ")
				if len(plain) > 60 {
					plain = plain[:60]
				}
				if plain != "" && strings.Contains(strings.Join(strings.Fields(text), " "), plain) {
					t.Errorf("flaw %s's explanation is in the scenario JSON", f.ID)
				}
			}
		})
	}

	t.Run("ErrNotFound", func(t *testing.T) {
		wantAPIError(t, ts.api(t, http.MethodGet, "/api/v1/scenarios/no-such-case", tok, ""), http.StatusNotFound)
		wantAPIError(t, ts.api(t, http.MethodGet, "/api/v1/nothing-here", tok, ""), http.StatusNotFound)
	})
}

func decodeJSONValue(t *testing.T, body string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// jsonKeys appends every object key in a decoded JSON value.
func jsonKeys(v any, out *[]string) {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			jsonKeys(e, out)
		}
	case map[string]any:
		for k, e := range x {
			*out = append(*out, k)
			jsonKeys(e, out)
		}
	}
}

// jsonStrings appends every string and key in a decoded JSON value.
func jsonStrings(v any, out *[]string) {
	switch x := v.(type) {
	case string:
		*out = append(*out, x)
	case []any:
		for _, e := range x {
			jsonStrings(e, out)
		}
	case map[string]any:
		for k, e := range x {
			*out = append(*out, k)
			jsonStrings(e, out)
		}
	}
}

func TestAPIAttempts(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	sc := ts.critiqueScenario(t)
	owner, _ := ts.createUser(t, store.RoleLearner)
	other, _ := ts.createUser(t, store.RoleLearner)
	tok, otherTok := ts.token(t, owner.ID), ts.token(t, other.ID)
	path := "/api/v1/scenarios/" + sc.ID + "/attempts"

	// A note flaw, quoted, and any other flaw, by position.
	var quoted, positioned int = -1, -1
	for i, f := range sc.Flaws {
		if f.Span.Doc == "note" && quoted < 0 {
			quoted = i
		} else if positioned < 0 {
			positioned = i
		}
	}
	qf, pf := sc.Flaws[quoted], sc.Flaws[positioned]
	exact := sc.Note.Slice(qf.Span.Start, qf.Span.End)
	var created apiAttemptJSON

	t.Run("Create", func(t *testing.T) {
		// Ensure quote and position selectors are resolved, scored and echoed back.
		body := testJSON(t, map[string]any{"flags": []map[string]any{
			{"document": "note", "selector": map[string]any{"type": "TextQuoteSelector", "exact": exact}, "category": qf.Category, "rationale": "invented"},
			{"document": string(pf.Span.Doc), "selector": map[string]any{"type": "TextPositionSelector", "start": pf.Span.Start, "end": pf.Span.End}, "category": pf.Category},
		}})
		res := ts.api(t, http.MethodPost, path, tok, body)
		wantStatus(t, res, http.StatusCreated)
		decodeTestJSON(t, res, &created)
		if created.ID <= 0 || created.Scenario != sc.ID {
			t.Errorf("id %d, scenario %q", created.ID, created.Scenario)
		}
		if created.Score == nil || *created.Score < 0 || *created.Score > 1 {
			t.Fatalf("score = %v, want in [0,1]", created.Score)
		}
		if len(sc.Flaws) > 2 && *created.Score >= 1 {
			t.Errorf("score = %v with two of %d flaws found", *created.Score, len(sc.Flaws))
		}
		if len(created.Flaws) != len(sc.Flaws) {
			t.Fatalf("%d flaw outcomes, want %d", len(created.Flaws), len(sc.Flaws))
		}
		for i, f := range created.Flaws {
			want := "missed"
			if i == quoted || i == positioned {
				want = "found"
			}
			if f.ID != sc.Flaws[i].ID || f.Outcome != want {
				t.Errorf("flaw %d = %+v, want %s %s", i, f, sc.Flaws[i].ID, want)
			}
		}
		if len(created.Flags) != 2 {
			t.Fatalf("%d flag outcomes, want 2", len(created.Flags))
		}
		if f := created.Flags[0]; f.Start != qf.Span.Start || f.End != qf.Span.End || f.Quote != exact || f.Outcome != "correct" || f.Flaw != qf.ID {
			t.Errorf("quoted flag = %+v", f)
		}
		if f := created.Flags[1]; f.Document != string(pf.Span.Doc) || f.Outcome != "correct" || f.Flaw != pf.ID {
			t.Errorf("positioned flag = %+v", f)
		}
		if len(created.Categories) == 0 {
			t.Fatal("no category statistics")
		}
		for _, c := range created.Categories {
			for _, k := range []string{"category", "precision", "recall"} {
				if _, ok := c[k]; !ok {
					t.Errorf("category stats %v have no %q", c, k)
				}
			}
		}
		a, err := ts.store.FindAttempt(context.Background(), created.ID)
		if err != nil || a.UserID != owner.ID || !a.Submitted() {
			t.Errorf("stored attempt = %+v, %v", a, err)
		}
	})

	t.Run("FullKey", func(t *testing.T) {
		// Ensure the exact key scores 1.
		res := ts.api(t, http.MethodPost, path, tok, testJSON(t, map[string]any{"flags": apiKeyFlags(sc)}))
		wantStatus(t, res, http.StatusCreated)
		var a apiAttemptJSON
		decodeTestJSON(t, res, &a)
		if a.Score == nil || *a.Score != 1 {
			t.Errorf("score = %v, want 1", a.Score)
		}
	})

	t.Run("WholeNote", func(t *testing.T) {
		// Ensure one flag over the whole note earns nothing and says it was too broad.
		flag := map[string]any{"document": "note", "category": qf.Category,
			"selector": map[string]any{"type": "TextPositionSelector", "start": 0, "end": len(sc.Note.Runes())}}
		res := ts.api(t, http.MethodPost, path, tok, testJSON(t, map[string]any{"flags": []any{flag}}))
		wantStatus(t, res, http.StatusCreated)
		var a apiAttemptJSON
		decodeTestJSON(t, res, &a)
		if a.Score == nil || *a.Score != 0 {
			t.Errorf("score = %v, want 0", a.Score)
		}
		if len(a.Flags) != 1 || a.Flags[0].Outcome != "spurious" || a.Flags[0].Reason != "too-broad" {
			t.Errorf("flags = %+v, want one spurious, too-broad", a.Flags)
		}
	})

	t.Run("NoFlags", func(t *testing.T) {
		res := ts.api(t, http.MethodPost, path, tok, `{"flags": []}`)
		wantStatus(t, res, http.StatusCreated)
		var a apiAttemptJSON
		decodeTestJSON(t, res, &a)
		if a.Score == nil || *a.Score != 0 || a.Flags == nil {
			t.Errorf("score = %v, flags %v; want 0 and []", a.Score, a.Flags)
		}
	})

	good := map[string]any{"document": "note", "selector": map[string]any{"type": "TextQuoteSelector", "exact": exact}, "category": qf.Category}
	bad := []struct {
		name   string
		flag   map[string]any
		status int
		want   string
	}{
		{"QuoteNotFound", map[string]any{"document": "note", "selector": map[string]any{"type": "TextQuoteSelector", "exact": "zqx words nobody wrote"}, "category": qf.Category}, http.StatusUnprocessableEntity, "flags[1]"},
		{"UnknownCategory", map[string]any{"document": "note", "selector": map[string]any{"type": "TextQuoteSelector", "exact": exact}, "category": "made-up"}, http.StatusUnprocessableEntity, "unknown category"},
		{"UnknownDocument", map[string]any{"document": "model", "selector": map[string]any{"type": "TextQuoteSelector", "exact": exact}, "category": qf.Category}, http.StatusUnprocessableEntity, "flags[1]"},
		{"PositionPastEnd", map[string]any{"document": "note", "selector": map[string]any{"type": "TextPositionSelector", "start": 0, "end": len(sc.Note.Runes()) + 1}, "category": qf.Category}, http.StatusUnprocessableEntity, "flags[1]"},
		{"PositionMissing", map[string]any{"document": "note", "selector": map[string]any{"type": "TextPositionSelector"}, "category": qf.Category}, http.StatusUnprocessableEntity, "flags[1]"},
		{"UnknownSelector", map[string]any{"document": "note", "selector": map[string]any{"type": "CssSelector"}, "category": qf.Category}, http.StatusUnprocessableEntity, "flags[1]"},
		{"NULRationale", map[string]any{"document": "note", "selector": map[string]any{"type": "TextQuoteSelector", "exact": exact}, "category": qf.Category, "rationale": "a\x00b"}, http.StatusUnprocessableEntity, "flags[1]"},
	}
	for _, tt := range bad {
		t.Run("Invalid/"+tt.name, func(t *testing.T) {
			// Ensure a bad flag is refused with a JSON error naming it, and nothing is stored.
			before, _ := ts.store.ListAttempts(context.Background(), owner.ID, sc.ID)
			res := ts.api(t, http.MethodPost, path, tok, testJSON(t, map[string]any{"flags": []map[string]any{good, tt.flag}}))
			msg := wantAPIError(t, res, tt.status)
			if !strings.Contains(msg, tt.want) {
				t.Errorf("error %q does not mention %q", msg, tt.want)
			}
			after, _ := ts.store.ListAttempts(context.Background(), owner.ID, sc.ID)
			if len(after) != len(before) {
				t.Errorf("an attempt was stored for a refused request")
			}
		})
	}

	malformed := []struct{ name, body string }{
		{"NotJSON", `{"flags": [`},
		{"WrongType", `{"flags": "all of them"}`},
		{"UnknownField", `{"flags": [], "score": 1}`},
		{"Trailing", `{"flags": []} {"flags": []}`},
		{"InvalidUTF8", "{\"flags\": [{\"document\": \"note\", \"rationale\": \"\xff\"}]}"},
	}
	for _, tt := range malformed {
		t.Run("Malformed/"+tt.name, func(t *testing.T) {
			wantAPIError(t, ts.api(t, http.MethodPost, path, tok, tt.body), http.StatusBadRequest)
		})
	}

	t.Run("TooLarge", func(t *testing.T) {
		body := `{"flags": [], "pad": "` + strings.Repeat("x", 2<<20) + `"}`
		wantAPIError(t, ts.api(t, http.MethodPost, path, tok, body), http.StatusRequestEntityTooLarge)
	})

	t.Run("UnknownScenario", func(t *testing.T) {
		wantAPIError(t, ts.api(t, http.MethodPost, "/api/v1/scenarios/no-such-case/attempts", tok, `{"flags": []}`), http.StatusNotFound)
	})

	t.Run("Show", func(t *testing.T) {
		// Ensure the owner can read an attempt back and nobody else can.
		if created.ID == 0 {
			t.Fatal("the Create subtest failed, so there is no attempt to read back")
		}
		res := ts.api(t, http.MethodGet, fmt.Sprintf("/api/v1/attempts/%d", created.ID), tok, "")
		wantStatus(t, res, http.StatusOK)
		var a apiAttemptJSON
		decodeTestJSON(t, res, &a)
		if a.ID != created.ID || a.Score == nil || *a.Score != *created.Score || len(a.Flags) != 2 {
			t.Errorf("read back %+v, created %+v", a, created)
		}
		wantAPIError(t, ts.api(t, http.MethodGet, fmt.Sprintf("/api/v1/attempts/%d", created.ID), otherTok, ""), http.StatusNotFound)
		wantAPIError(t, ts.api(t, http.MethodGet, "/api/v1/attempts/999999", tok, ""), http.StatusNotFound)
		wantAPIError(t, ts.api(t, http.MethodGet, "/api/v1/attempts/abc", tok, ""), http.StatusNotFound)
	})

	t.Run("DraftNotShown", func(t *testing.T) {
		d, err := ts.store.OpenDraft(context.Background(), owner.ID, sc.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantAPIError(t, ts.api(t, http.MethodGet, fmt.Sprintf("/api/v1/attempts/%d", d.ID), tok, ""), http.StatusNotFound)
	})
}

func TestAPIAuth(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	sc := ts.critiqueScenario(t)
	u, pw := ts.createUser(t, store.RoleLearner)

	t.Run("MissingToken", func(t *testing.T) {
		res := ts.api(t, http.MethodGet, "/api/v1/scenarios", "", "")
		wantAPIError(t, res, http.StatusUnauthorized)
		if !strings.HasPrefix(res.Header.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("WWW-Authenticate = %q", res.Header.Get("WWW-Authenticate"))
		}
		wantAPIError(t, ts.api(t, http.MethodPost, "/api/v1/scenarios/"+sc.ID+"/attempts", "", `{"flags": []}`), http.StatusUnauthorized)
	})

	t.Run("UnknownToken", func(t *testing.T) {
		wantAPIError(t, ts.api(t, http.MethodGet, "/api/v1/scenarios", "rp_not-a-real-token", ""), http.StatusUnauthorized)
	})

	t.Run("Revoked", func(t *testing.T) {
		// Ensure a revoked token stops working at once.
		secret, tok, err := ts.store.CreateToken(context.Background(), u.ID, "revoke me")
		if err != nil {
			t.Fatal(err)
		}
		wantStatus(t, ts.api(t, http.MethodGet, "/api/v1/scenarios", secret, ""), http.StatusOK)
		if err := ts.store.RevokeToken(context.Background(), u.ID, tok.ID); err != nil {
			t.Fatal(err)
		}
		wantAPIError(t, ts.api(t, http.MethodGet, "/api/v1/scenarios", secret, ""), http.StatusUnauthorized)
	})

	t.Run("SessionCookieIsNotEnough", func(t *testing.T) {
		// Ensure a browser session alone cannot use the API (it has no CSRF protection).
		c := ts.newClient(t)
		wantStatus(t, c.login(u.Email, pw, ""), http.StatusSeeOther)
		res := c.get("/api/v1/scenarios")
		wantAPIError(t, res, http.StatusUnauthorized)
	})

	t.Run("NoCSRFNeeded", func(t *testing.T) {
		// Ensure token clients need no CSRF cookie or token.
		tok := ts.token(t, u.ID)
		res := ts.api(t, http.MethodPost, "/api/v1/scenarios/"+sc.ID+"/attempts", tok, `{"flags": []}`)
		wantStatus(t, res, http.StatusCreated)
		for _, ck := range res.Cookies {
			if ck.Name == csrfCookie || ck.Name == sessionCookie {
				t.Errorf("API response sets cookie %s", ck.Name)
			}
		}
	})
}
