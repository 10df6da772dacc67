package readonlytest

import (
	"syscall"
	"testing"
)

// mountReadOnly bind-mounts dir read-only on itself (needs CAP_SYS_ADMIN:
// root outside an unprivileged container) and returns the function that
// takes the mount away again; nil when it cannot.
func mountReadOnly(t testing.TB, dir string) (undo func()) {
	if err := syscall.Mount(dir, dir, "", syscall.MS_BIND, ""); err != nil {
		t.Logf("cannot bind-mount %s: %v", dir, err)
		return nil
	}
	mounted := true
	undo = func() {
		if mounted {
			mounted = false
			if err := syscall.Unmount(dir, syscall.MNT_DETACH); err != nil {
				t.Errorf("unmount %s: %v", dir, err)
			}
		}
	}
	t.Cleanup(undo)
	if err := syscall.Mount("", dir, "", syscall.MS_REMOUNT|syscall.MS_BIND|syscall.MS_RDONLY, ""); err != nil {
		t.Logf("cannot remount %s read-only: %v", dir, err)
		undo()
		return nil
	}
	return undo
}
