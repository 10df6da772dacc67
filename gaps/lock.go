package gaps

import (
	"context"
	"fmt"
	"time"

	"github.com/armswatch/armswatch/internal/flock"
)

// fileLock is the store's lock (see internal/flock): one writer at a time
// across processes (`serve` and `ask` side by side) and across Stores of
// one process.
type fileLock struct{ l *flock.Lock }

// lock waits up to timeout for the lock.
func lock(path string, timeout time.Duration) (*fileLock, error) {
	l, err := flock.Wait(context.Background(), path, 0o600, timeout)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return &fileLock{l: l}, nil
}

func (l *fileLock) unlock() {
	if l != nil {
		l.l.Unlock()
	}
}
