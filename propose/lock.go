package propose

import (
	"context"
	"fmt"

	"github.com/armswatch/armswatch/internal/flock"
)

// dirLock is the data directory's publish lock (see internal/flock): one
// publisher at a time, across processes and goroutines; a killed one
// leaves none.
type dirLock struct{ l *flock.Lock }

// lock waits for the lock, until ctx ends.
func lock(ctx context.Context, path string) (*dirLock, error) {
	l, err := flock.Wait(ctx, path, 0o644, 0)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return &dirLock{l: l}, nil
}

func (l *dirLock) unlock() {
	if l != nil {
		l.l.Unlock()
	}
}
