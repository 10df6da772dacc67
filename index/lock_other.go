//go:build !unix

package index

import (
	"fmt"
	"os"
	"sync"
)

// fileLock on systems without flock: one builder at a time within this
// process only (armswatch's builds and tests run on Unix).
type fileLock struct{ path string }

var locks sync.Map

func tryLock(path string) (*fileLock, bool, error) {
	if _, loaded := locks.LoadOrStore(path, true); loaded {
		return nil, false, nil
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		locks.Delete(path)
		return nil, false, fmt.Errorf("open lock file: %w", err)
	}
	f.Close()
	return &fileLock{path: path}, true, nil
}

func (l *fileLock) unlock() {
	if l != nil {
		locks.Delete(l.path)
	}
}
