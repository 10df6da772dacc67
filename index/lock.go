package index

import "github.com/armswatch/armswatch/internal/flock"

// fileLock is the build lock of an index path (see internal/flock): one
// builder at a time, across processes; a killed builder leaves none.
type fileLock struct{ l *flock.Lock }

// tryLock takes the lock without waiting; ok is false when another holder
// has it.
func tryLock(path string) (*fileLock, bool, error) {
	l, ok, err := flock.TryLock(path, 0o644)
	if !ok || err != nil {
		return nil, ok, err
	}
	return &fileLock{l: l}, true, nil
}

func (l *fileLock) unlock() {
	if l != nil {
		l.l.Unlock()
	}
}
