package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/armswatch/armswatch/data"
)

func runArmswatch(t *testing.T, vars map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	if vars == nil {
		vars = map[string]string{}
	}
	if _, ok := vars["ENV_FILE"]; !ok {
		vars["ENV_FILE"] = filepath.Join(t.TempDir(), "absent.env")
	}
	var out, errOut bytes.Buffer
	err := run(t.Context(), args, getenvFrom(vars), strings.NewReader(""), &out, &errOut)
	if err != nil && !strings.Contains(errOut.String(), err.Error()) {
		// What main prints.
		errOut.WriteString("armswatch: " + err.Error() + "\n")
	}
	return out.String(), errOut.String(), exitCode(err)
}

func TestDataExportWritesTheBundle(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "mydata")
	stdout, stderr, code := runArmswatch(t, nil, "data", "export", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	n := 0
	err := fs.WalkDir(data.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		want, _ := fs.ReadFile(data.FS(), p)
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			t.Errorf("%s not exported: %v", p, err)
		} else if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the bundle", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"aliases.yaml", "documents", "claims", "raw"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Errorf("%s missing: %v", p, err)
		}
	}
	if !strings.Contains(stdout, "DATA_DIR="+dir) {
		t.Errorf("output does not say what to do next: %s", stdout)
	}
	if want := "wrote " + strconv.Itoa(n) + " files"; !strings.Contains(stdout, want) {
		t.Errorf("output %q, want %q", stdout, want)
	}
	// The export is a valid data directory for the other commands.
	if _, label, err := dataSource(&env{getenv: getenvFrom(nil)}, dir); err != nil || label != dir {
		t.Errorf("dataSource(%s) = %q, %v", dir, label, err)
	}
}

func TestDataExportNeverOverwrites(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	mine := filepath.Join(dir, "aliases.yaml")
	writeTestFile(t, mine, "# the moderator's own aliases\n")
	_, stderr, code := runArmswatch(t, nil, "data", "export", dir)
	if code != 1 || !strings.Contains(stderr, "already exist") || !strings.Contains(stderr, "nothing was written") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if b, _ := os.ReadFile(mine); string(b) != "# the moderator's own aliases\n" {
		t.Error("an existing file was overwritten")
	}
	if _, err := os.Stat(filepath.Join(dir, "documents")); err == nil {
		t.Error("some files were written although the export was refused")
	}

	// Unrelated files in the directory are fine.
	other := t.TempDir()
	writeTestFile(t, filepath.Join(other, "README.txt"), "notes")
	if _, stderr, code := runArmswatch(t, nil, "data", "export", other); code != 0 {
		t.Errorf("export beside an unrelated file: exit %d: %s", code, stderr)
	}
	// A second export to the same place is refused.
	if _, _, code := runArmswatch(t, nil, "data", "export", other); code != 1 {
		t.Errorf("second export: exit %d, want 1", code)
	}
	// A file where the directory should be.
	file := filepath.Join(t.TempDir(), "file")
	writeTestFile(t, file, "x")
	if _, stderr, code := runArmswatch(t, nil, "data", "export", file); code != 1 || !strings.Contains(stderr, "not a directory") {
		t.Errorf("export to a file: exit %d: %s", code, stderr)
	}
}

func TestDataUsage(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"data"}, {"data", "import", "x"}, {"data", "export"}, {"data", "export", "a", "b"}, {"data", "--force", "export", "x"}} {
		_, stderr, code := runArmswatch(t, nil, args...)
		if code != 2 || !strings.Contains(stderr, "Usage: armswatch data export DIR") {
			t.Errorf("%q: exit %d: %s", args, code, stderr)
		}
	}
}
