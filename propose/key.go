package propose

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ReviewKeyFile is the file in the data directory holding the key that
// signs the review buttons of a front end (Discord's custom_ids): 32
// random bytes, mode 0600. The loader and CheckProposals never read it
// (it is neither the alias file nor under documents/, claims/ or
// proposals/). Removing it makes a new key on next use: buttons shown
// before then stop working, nothing else is lost.
const ReviewKeyFile = ".armswatch-review.key"

// ReviewKeySize is the key's length in bytes.
const ReviewKeySize = 32

// ReviewKey returns the data directory's review key, creating it on first
// use: under the data directory's lock, 32 bytes from crypto/rand are
// written to a new temporary file (O_EXCL, mode 0600), synced and renamed
// into place, so that two processes sharing the directory agree on one
// key. A key file of the wrong size is an error naming the fix.
func (s *Staging) ReviewKey() ([]byte, error) {
	p := filepath.Join(s.Dir, ReviewKeyFile)
	if key, err := readKey(p); err == nil || !errors.Is(err, fs.ErrNotExist) {
		return key, err
	}
	l, err := s.lock("no review key was created, so no review buttons can be signed")
	if err != nil {
		return nil, err
	}
	defer l.unlock()
	if key, err := readKey(p); err == nil || !errors.Is(err, fs.ErrNotExist) {
		return key, err // made by another process meanwhile
	}
	key := make([]byte, ReviewKeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("create the review key: %w", err)
	}
	if err := writeKey(p, key); err != nil {
		return nil, s.writeError(fmt.Errorf("create the review key %s: %w", p, err), "no review key was created")
	}
	return key, nil
}

func readKey(p string) ([]byte, error) {
	key, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("read the review key: %w", err)
	}
	if len(key) != ReviewKeySize {
		return nil, fmt.Errorf("the review key %s is %d bytes, want %d: remove it and a new one is made on next use (review buttons shown before then stop working)", p, len(key), ReviewKeySize)
	}
	return key, nil
}

// writeKey writes the key through an O_EXCL temporary file of mode 0600,
// synced, then renamed to p.
func writeKey(p string, key []byte) error {
	dir := filepath.Dir(p)
	f, err := os.CreateTemp(dir, "."+filepath.Base(p)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	werr := f.Chmod(0o600)
	if werr == nil {
		_, werr = f.Write(key)
	}
	if werr == nil {
		werr = f.Sync()
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp, p)
	}
	if werr != nil {
		os.Remove(tmp)
		return werr
	}
	syncDir(dir)
	return nil
}
