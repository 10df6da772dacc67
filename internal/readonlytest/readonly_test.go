package readonlytest

import (
	"os"
	"path/filepath"
	"testing"
)

// TestMake: the directory refuses writes until writable is called, then
// takes them again; or Make says it cannot (nil).
func TestMake(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	writable := Make(t, dir)
	if writable == nil {
		t.Skip("no directory can be made read-only here (root without CAP_SYS_ADMIN)")
	}
	if !RefusesWrites(dir) || !RefusesWrites(filepath.Join(dir, "sub")) {
		t.Fatal("the directory takes writes after Make")
	}
	writable()
	if RefusesWrites(dir) || RefusesWrites(filepath.Join(dir, "sub")) {
		t.Fatal("the directory refuses writes after writable()")
	}
}
