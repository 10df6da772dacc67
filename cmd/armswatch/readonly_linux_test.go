package main

import (
	"syscall"
	"testing"
)

// readOnlyMount bind-mounts dir read-only on itself until the test ends
// (needs CAP_SYS_ADMIN: root outside an unprivileged container).
func readOnlyMount(t *testing.T, dir string) bool {
	if err := syscall.Mount(dir, dir, "", syscall.MS_BIND, ""); err != nil {
		t.Logf("cannot bind-mount %s: %v", dir, err)
		return false
	}
	t.Cleanup(func() { _ = syscall.Unmount(dir, syscall.MNT_DETACH) })
	if err := syscall.Mount("", dir, "", syscall.MS_REMOUNT|syscall.MS_BIND|syscall.MS_RDONLY, ""); err != nil {
		t.Logf("cannot remount %s read-only: %v", dir, err)
		return false
	}
	return true
}
