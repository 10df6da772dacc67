//go:build unix

package propose

import (
	"fmt"
	"os"
	"syscall"
)

// dirLock is an exclusive advisory lock (flock) on the data directory's
// lock file, after index/lock_unix.go. The kernel releases it when the
// process dies, so a killed publisher never leaves a stale lock. Each
// lock opens the file anew, so two goroutines of one process are
// serialised too.
type dirLock struct{ f *os.File }

// lock waits for the lock.
func lock(path string) (*dirLock, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return &dirLock{f: f}, nil
}

func (l *dirLock) unlock() {
	if l == nil || l.f == nil {
		return
	}
	syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	l.f.Close()
	l.f = nil
}
