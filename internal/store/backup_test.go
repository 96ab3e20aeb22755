package store_test

import (
	"context"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redpen-social/redpen/internal/store"
)

// Ensure a backup taken while writers are busy is a consistent, openable database that
// holds at least everything committed before it started.
func TestBackupUnderWriteLoad(t *testing.T) {
	st := mustOpen(t)
	ctx := context.Background()
	u := mustCreateUser(t, st, "writer@example.ac.uk")

	var committed atomic.Int64
	for i := 0; i < 20; i++ {
		if _, err := st.CreateSubmittedAttempt(ctx, u.ID, "s", nil, 0.5, func([]int64) ([]byte, error) { return []byte(`{}`), nil }); err != nil {
			t.Fatal(err)
		}
		committed.Add(1)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				flags := []store.Flag{{Document: "note", Start: 0, End: 4, Quote: "text", Category: "fabrication", EvidenceStart: -1, EvidenceEnd: -1}}
				if _, err := st.CreateSubmittedAttempt(ctx, u.ID, "s", flags, 0.5, func([]int64) ([]byte, error) { return []byte(`{}`), nil }); err != nil {
					t.Error(err)
					return
				}
				committed.Add(1)
			}
		}()
	}
	for committed.Load() < 60 { // let the writers get going
		time.Sleep(time.Millisecond)
	}
	before := committed.Load()
	path := filepath.Join(t.TempDir(), "backup.db")
	err := st.Backup(ctx, path)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	if err := store.IntegrityCheck(ctx, path); err != nil {
		t.Fatal(err)
	}
	copyStore, err := store.Open(path)
	if err != nil {
		t.Fatalf("open backup: %v", err)
	}
	defer copyStore.Close()
	var n int64
	if err := copyStore.DB().QueryRow(`SELECT COUNT(*) FROM attempts`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n < before || n > committed.Load() {
		t.Fatalf("backup holds %d attempts; want between %d (committed before) and %d (committed by the end)", n, before, committed.Load())
	}
	var orphans int
	if err := copyStore.DB().QueryRow(`SELECT COUNT(*) FROM flags f LEFT JOIN attempts a ON a.id = f.attempt_id WHERE a.id IS NULL`).Scan(&orphans); err != nil {
		t.Fatal(err)
	}
	if orphans != 0 {
		t.Fatalf("backup has %d flags without their attempt: not a consistent snapshot", orphans)
	}

	// Ensure an existing file is never overwritten.
	if err := st.Backup(ctx, path); err == nil {
		t.Fatal("backup over an existing file succeeded; want an error")
	}
}
