// Package flock is the one exclusive advisory file lock of armswatch: one
// index builder per index path, one writer of the gap store, one publisher
// of a data directory, across processes. On Unix it is flock(2): the
// kernel releases it when the process dies, so a killed holder never leaves
// a stale lock, and it belongs to the open file, so two holders in one
// process exclude each other too. Elsewhere it excludes holders within one
// process only.
package flock

import (
	"context"
	"errors"
	"time"
)

// ErrTimeout is Wait's error when the lock did not come free in time.
var ErrTimeout = errors.New("another armswatch process holds the lock for too long")

// Wait takes the lock on path (created with perm if missing), polling
// until ctx ends or timeout passes (0: no limit but ctx).
func Wait(ctx context.Context, path string, perm uint32, timeout time.Duration) (*Lock, error) {
	var deadline time.Time
	if timeout > 0 {
		deadline = time.Now().Add(timeout)
	}
	t := time.NewTicker(5 * time.Millisecond)
	defer t.Stop()
	for {
		l, ok, err := TryLock(path, perm)
		if err != nil || ok {
			return l, err
		}
		if !deadline.IsZero() && time.Now().After(deadline) {
			return nil, ErrTimeout
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}
