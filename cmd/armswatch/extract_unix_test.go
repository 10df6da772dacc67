//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestExtractRefusesLinkToFIFO: extract reads a data set through a view
// that hides its claims; that view must let the loader stat a document
// without opening it, or a symbolic link to a named pipe blocks for ever.
func TestExtractRefusesLinkToFIFO(t *testing.T) {
	t.Parallel()
	src := filepath.Join("..", "..", "extract", "testdata", "paragraphs")
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	pipe := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(pipe, filepath.Join(dir, "documents", "linked.md")); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	var errOut string
	go func() {
		var err error
		_, errOut, err = runExtractCmd(t, nil, "", "wire-eastern-2024-02-07-containers", "--data", dir)
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(errOut+err.Error(), "not a regular file (a symbolic link to a named pipe)") {
			t.Errorf("extract: %v\n%s", err, errOut)
		}
	case <-time.After(20 * time.Second):
		// Unblock the open so the goroutine can end.
		if f, err := os.OpenFile(pipe, os.O_WRONLY, 0); err == nil {
			f.Close()
		}
		t.Fatal("extract did not return: it opened the named pipe")
	}
}
