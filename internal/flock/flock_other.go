//go:build !unix

package flock

import (
	"fmt"
	"os"
	"sync"
)

// Lock on systems without flock: holders within this process only
// (armswatch's builds and tests run on Unix).
type Lock struct{ path string }

var held sync.Map

// TryLock takes the lock on path without waiting; ok is false when another
// holder has it.
func TryLock(path string, perm uint32) (*Lock, bool, error) {
	if _, loaded := held.LoadOrStore(path, true); loaded {
		return nil, false, nil
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, os.FileMode(perm))
	if err != nil {
		held.Delete(path)
		return nil, false, fmt.Errorf("open lock file: %w", err)
	}
	f.Close()
	return &Lock{path: path}, true, nil
}

// Unlock releases the lock; it is safe on nil and twice.
func (l *Lock) Unlock() {
	if l != nil && l.path != "" {
		held.Delete(l.path)
		l.path = ""
	}
}
