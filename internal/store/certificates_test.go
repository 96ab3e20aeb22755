package store_test

import (
	"context"
	"errors"
	"regexp"
	"testing"
	"time"

	"github.com/redpen-social/redpen/internal/store"
)

func TestNewCertificateID(t *testing.T) {
	// Ensure ids are URL-safe, carry at least 80 bits (22 base64 characters carry 128) and
	// do not repeat.
	urlSafe := regexp.MustCompile(`^[A-Za-z0-9_-]{22}$`)
	seen := map[string]bool{}
	for range 1000 {
		id := store.NewCertificateID()
		if !urlSafe.MatchString(id) {
			t.Fatalf("id %q is not 22 URL-safe characters", id)
		}
		if seen[id] {
			t.Fatalf("id %q repeated", id)
		}
		seen[id] = true
	}
}

func TestIssueCertificate(t *testing.T) {
	ctx := context.Background()
	st := mustOpen(t)
	ada := mustCreateUser(t, st, "ada@example.com")
	grace := mustCreateUser(t, st, "grace@example.com")
	done := t0.Add(-48 * time.Hour)

	c, err := st.IssueCertificate(ctx, ada.ID, "ai-literacy", "AI literacy", done)
	if err != nil {
		t.Fatal(err)
	}
	if c.LearnerName != ada.Name || c.CourseTitle != "AI literacy" || !c.CompletedAt.Equal(done) || c.UserID != ada.ID {
		t.Errorf("certificate = %+v", c)
	}

	t.Run("Idempotent", func(t *testing.T) {
		// Ensure issuing again returns the same certificate, keeping its id, title and date.
		again, err := st.IssueCertificate(ctx, ada.ID, "ai-literacy", "Renamed course", t0)
		if err != nil {
			t.Fatal(err)
		}
		if again.ID != c.ID || again.CourseTitle != "AI literacy" || !again.CompletedAt.Equal(done) {
			t.Errorf("reissued = %+v, want %+v", again, c)
		}
		if n := count(t, st, `SELECT COUNT(*) FROM certificates WHERE user_id = ?`, ada.ID); n != 1 {
			t.Errorf("%d certificates, want 1", n)
		}
	})

	t.Run("Find", func(t *testing.T) {
		// Ensure a certificate is found by its id, and an unknown id is ErrNotFound.
		got, err := st.FindCertificate(ctx, c.ID)
		if err != nil || got.ID != c.ID || got.LearnerName != ada.Name {
			t.Errorf("find = %+v, %v", got, err)
		}
		if _, err := st.FindCertificate(ctx, store.NewCertificateID()); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown id: %v, want ErrNotFound", err)
		}
	})

	t.Run("List", func(t *testing.T) {
		// Ensure each learner lists only their own certificates.
		if _, err := st.IssueCertificate(ctx, grace.ID, "ai-literacy", "AI literacy", t0); err != nil {
			t.Fatal(err)
		}
		list, err := st.ListCertificates(ctx, ada.ID)
		if err != nil || len(list) != 1 || list[0].ID != c.ID {
			t.Errorf("list = %+v, %v", list, err)
		}
	})
}
