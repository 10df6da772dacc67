package propose

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/armswatch/armswatch"
)

// TestReviewKeyCreatedOnceAndIgnored: the first use creates a 32-byte key
// of mode 0600; every later use, and concurrent first uses, get the same
// key; the loader and CheckProposals do not see the file.
func TestReviewKeyCreatedOnceAndIgnored(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	keys := make([][]byte, 8)
	var wg sync.WaitGroup
	for k := range keys {
		wg.Go(func() {
			key, err := New(dir).ReviewKey()
			if err != nil {
				t.Error(err)
			}
			keys[k] = key
		})
	}
	wg.Wait()
	for k, key := range keys {
		if len(key) != ReviewKeySize || !bytes.Equal(key, keys[0]) {
			t.Fatalf("key %d is %x, key 0 %x: the uses disagree", k, key, keys[0])
		}
	}
	st, err := os.Stat(filepath.Join(dir, ReviewKeyFile))
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", st.Mode().Perm())
	}
	again, err := New(dir).ReviewKey()
	if err != nil || !bytes.Equal(again, keys[0]) {
		t.Errorf("a later use got %x, %v", again, err)
	}
	if _, err := armswatch.Load(os.DirFS(dir)); err != nil {
		t.Errorf("the loader complains of the key file: %v", err)
	}
	if probs := CheckProposals(os.DirFS(dir)); len(probs) > 0 {
		t.Errorf("CheckProposals complains: %v", probs)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file %s left", e.Name())
		}
	}
}

// TestReviewKeyAcrossProcesses: two processes making the key at once (this
// test binary run again as a helper) print the same key.
func TestReviewKeyAcrossProcesses(t *testing.T) {
	t.Parallel()
	if dir := os.Getenv("ARMSWATCH_KEY_HELPER_DIR"); dir != "" {
		key, err := New(dir).ReviewKey()
		if err != nil {
			os.Stderr.WriteString(err.Error())
			os.Exit(2)
		}
		os.Stdout.Write(key)
		os.Exit(0)
	}
	dir := t.TempDir()
	var cmds [3]*exec.Cmd
	var outs [3]bytes.Buffer
	for k := range cmds {
		cmds[k] = exec.Command(os.Args[0], "-test.run=^TestReviewKeyAcrossProcesses$")
		cmds[k].Env = append(os.Environ(), "ARMSWATCH_KEY_HELPER_DIR="+dir)
		cmds[k].Stdout = &outs[k]
		if err := cmds[k].Start(); err != nil {
			t.Fatal(err)
		}
	}
	for k, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Fatalf("helper %d: %v", k, err)
		}
	}
	for k := range outs {
		if outs[k].Len() != ReviewKeySize || !bytes.Equal(outs[k].Bytes(), outs[0].Bytes()) {
			t.Fatalf("helper %d printed %x, helper 0 %x", k, outs[k].Bytes(), outs[0].Bytes())
		}
	}
}

// TestReviewKeyDamaged: a key file of the wrong size is an error that
// names the file and the fix, and is left as it is.
func TestReviewKeyDamaged(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := filepath.Join(dir, ReviewKeyFile)
	if err := os.WriteFile(p, []byte("short"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := New(dir).ReviewKey()
	if err == nil || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), "remove it") {
		t.Fatalf("err %v, want one naming %s and the fix", err, p)
	}
	if b, _ := os.ReadFile(p); string(b) != "short" {
		t.Errorf("the damaged key was changed to %q", b)
	}
}
