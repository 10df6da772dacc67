package bot

import (
	"os"
	"path/filepath"
	"testing"
)

// makeReadOnly makes dir refuse writes for real, and reports whether it
// could: chmod 0555 for an ordinary user; as root, whom permissions do not
// stop (CI runs tests as root), a read-only bind mount of dir on itself
// where the system allows it (readOnlyMount). ok is false when neither
// works.
func makeReadOnly(t *testing.T, dir string) (ok bool) {
	t.Helper()
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(dir, 0o755) })
	if refusesWrites(dir) {
		return true
	}
	return readOnlyMount(t, dir) && refusesWrites(dir)
}

// refusesWrites reports whether a file cannot be created in dir.
func refusesWrites(dir string) bool {
	probe := filepath.Join(dir, ".write-probe")
	f, err := os.Create(probe)
	if err != nil {
		return true
	}
	f.Close()
	os.Remove(probe)
	return false
}
