package flock

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

func TestLockExcludes(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "lock")
	a, ok, err := TryLock(path, 0o644)
	if err != nil || !ok {
		t.Fatalf("first lock: %v %v", ok, err)
	}
	if _, ok, err := TryLock(path, 0o644); err != nil || ok {
		t.Fatalf("second lock taken while the first is held: %v %v", ok, err)
	}
	if _, err := Wait(context.Background(), path, 0o644, 30*time.Millisecond); !errors.Is(err, ErrTimeout) {
		t.Fatalf("Wait: %v, want ErrTimeout", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Wait(ctx, path, 0o644, 0); !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait after cancel: %v", err)
	}
	done := make(chan *Lock)
	go func() {
		l, err := Wait(context.Background(), path, 0o644, 10*time.Second)
		if err != nil {
			t.Error(err)
		}
		done <- l
	}()
	a.Unlock()
	a.Unlock() // twice is fine
	b := <-done
	if b == nil {
		t.Fatal("Wait did not get the freed lock")
	}
	b.Unlock()
	var none *Lock
	none.Unlock()
}
