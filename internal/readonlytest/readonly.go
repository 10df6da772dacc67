// Package readonlytest makes a directory refuse writes for real, for the
// tests of what armswatch does with a read-only data or index directory
// (Docker's :ro mount). It is imported by tests only.
package readonlytest

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// Make makes the tree under dir refuse writes and returns the function
// that makes it writable again (also called when the test ends), or nil
// when it cannot: for an ordinary user every directory and file loses its
// write permission; as root, whom permissions do not stop (CI runs tests
// as root), dir is bind-mounted read-only on itself where the system
// allows it (Linux with CAP_SYS_ADMIN).
func Make(t testing.TB, dir string) (writable func()) {
	t.Helper()
	if os.Geteuid() != 0 {
		writable = chmodReadOnly(t, dir)
	} else {
		writable = mountReadOnly(t, dir)
	}
	if writable != nil && !RefusesWrites(dir) {
		writable()
		return nil
	}
	return writable
}

// chmodReadOnly takes the write permission from every file and directory
// under dir and returns the function that gives it back.
func chmodReadOnly(t testing.TB, dir string) func() {
	modes := map[string]fs.FileMode{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		modes[p] = info.Mode().Perm()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for p, m := range modes {
		if err := os.Chmod(p, m&^0o222); err != nil {
			t.Fatal(err)
		}
	}
	restored := false
	restore := func() {
		if !restored {
			restored = true
			for p, m := range modes {
				os.Chmod(p, m)
			}
		}
	}
	t.Cleanup(restore)
	return restore
}

// RefusesWrites reports whether a file cannot be created in dir.
func RefusesWrites(dir string) bool {
	probe := filepath.Join(dir, ".write-probe")
	f, err := os.Create(probe)
	if err != nil {
		return true
	}
	f.Close()
	os.Remove(probe)
	return false
}
