//go:build !unix

package propose

import (
	"os"
	"sync"
)

// dirLock on systems without flock: one change at a time within this
// process only (armswatch runs on Unix).
type dirLock struct{ mu *sync.Mutex }

var locks sync.Map

func lock(path string) (*dirLock, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	f.Close()
	m, _ := locks.LoadOrStore(path, &sync.Mutex{})
	mu := m.(*sync.Mutex)
	mu.Lock()
	return &dirLock{mu: mu}, nil
}

func (l *dirLock) unlock() {
	if l != nil && l.mu != nil {
		l.mu.Unlock()
		l.mu = nil
	}
}
