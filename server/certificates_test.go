package server

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/redpen-social/redpen/internal/store"
)

func TestCertificates(t *testing.T) {
	ts := newTestServer(t)
	clk := ts.setClock(time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC))
	owner, me := ts.signedIn(t, "learner")
	practice, err := ts.lib.Catalog.Course("cpd-practice")
	if err != nil {
		t.Fatal(err)
	}

	// Ensure no certificate until every module of the course is complete.
	for _, m := range practice.Modules[:len(practice.Modules)-1] {
		owner.completeModule(practice.ID, m.ID, clk, 10*time.Minute)
	}
	if ids := certificateIDs(owner.get("/dashboard").Body); len(ids) != 0 {
		t.Fatalf("certificate issued with a module left: %v", ids)
	}
	clk.advance(48 * time.Hour)
	last := practice.Modules[len(practice.Modules)-1]
	owner.completeModule(practice.ID, last.ID, clk, 10*time.Minute)
	ids := certificateIDs(owner.get("/dashboard").Body)
	if len(ids) != 1 || len(ids[0]) < 22 {
		t.Fatalf("certificate ids = %v, want one of 22 or more characters", ids)
	}
	id := ids[0]
	if again := certificateIDs(owner.get("/dashboard").Body); len(again) != 1 || again[0] != id {
		t.Errorf("second visit: %v, want the same certificate %s", again, id)
	}

	t.Run("Owner", func(t *testing.T) {
		// Ensure the owner's page names them, the course and the day the last module was done.
		res := owner.get("/certificates/" + id)
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, escText(me.Name), escText(practice.Title), "12 March 2026", "/verify/"+id)
	})

	t.Run("OtherLearner", func(t *testing.T) {
		// Ensure another learner cannot open it.
		other, _ := ts.signedIn(t, "learner")
		wantStatus(t, other.get("/certificates/"+id), http.StatusNotFound)
	})

	t.Run("Verify", func(t *testing.T) {
		// Ensure anyone can check it and sees only the name, the course and the date.
		res := ts.newClient(t).get("/verify/" + id)
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, escText(me.Name), escText(practice.Title), "12 March 2026")
		wantNotContains(t, res.Body, me.Email, "minutes", "/attempts/", "/cpd/", "Certificate of completion:")
		if got := res.Header.Get("X-Robots-Tag"); !strings.Contains(got, "noindex") {
			t.Errorf("X-Robots-Tag = %q, want noindex", got)
		}
		main := res.Body[strings.Index(res.Body, "<main"):strings.Index(res.Body, "</main>")]
		for _, m := range practice.Modules {
			wantNotContains(t, main, escText(m.Title))
		}
	})

	t.Run("Unknown", func(t *testing.T) {
		// Ensure unknown and malformed ids are a plain 404, not a hint.
		visitor := ts.newClient(t)
		for _, bad := range []string{store.NewCertificateID(), "x", id + "x", strings.ToUpper(id), "%27%20OR%201%3D1"} {
			if bad == id {
				continue
			}
			res := visitor.get("/verify/" + bad)
			wantStatus(t, res, http.StatusNotFound)
			wantNotContains(t, res.Body, escText(me.Name))
			wantStatus(t, owner.get("/certificates/"+bad), http.StatusNotFound)
		}
	})

	t.Run("GoneWithAccount", func(t *testing.T) {
		// Ensure the link stops working when the account is deleted.
		if _, err := ts.store.DeleteAccount(t.Context(), me.ID); err != nil {
			t.Fatal(err)
		}
		wantStatus(t, ts.newClient(t).get("/verify/"+id), http.StatusNotFound)
	})
}
