//go:build !unix

package gaps

import (
	"fmt"
	"os"
	"sync"
	"time"
)

// fileLock on systems without flock: one writer at a time within this
// process only (armswatch's builds and tests run on Unix).
type fileLock struct{ path string }

var locks sync.Map

func lock(path string, timeout time.Duration) (*fileLock, error) {
	deadline := time.Now().Add(timeout)
	for {
		if _, loaded := locks.LoadOrStore(path, true); !loaded {
			break
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("lock %s: %w", path, errLockTimeout)
		}
		time.Sleep(5 * time.Millisecond)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		locks.Delete(path)
		return nil, fmt.Errorf("open lock file: %w", err)
	}
	f.Close()
	return &fileLock{path: path}, nil
}

func (l *fileLock) unlock() {
	if l != nil {
		locks.Delete(l.path)
	}
}
