//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/armswatch/armswatch/internal/readonlytest"
	"github.com/armswatch/armswatch/propose"
)

// A named pipe given as the article is refused before it is opened, by
// every command that reads one: opening it would block (ingest and
// extract did, until SIGKILL).
func TestArticleCommandsRefuseFIFO(t *testing.T) {
	t.Parallel()
	m := newModEnv(t)
	for _, args := range [][]string{{"propose"}, {"ingest"}, {"extract"}} {
		t.Run(args[0], func(t *testing.T) {
			t.Parallel()
			pipe := filepath.Join(t.TempDir(), "pipe")
			if err := syscall.Mkfifo(pipe, 0o644); err != nil {
				t.Fatal(err)
			}
			done := make(chan string, 1)
			go func() {
				_, errOut, code := m.run("", args[0], pipe, "--data", m.data)
				done <- strings.TrimSpace(errOut) + " (exit " + strconv.Itoa(code) + ")"
			}()
			select {
			case got := <-done:
				if !strings.Contains(got, "not a regular file (a named pipe)") || !strings.HasSuffix(got, "(exit 1)") {
					t.Errorf("%s a named pipe: %s", args[0], got)
				}
			case <-time.After(20 * time.Second):
				if f, err := os.OpenFile(pipe, os.O_WRONLY, 0); err == nil {
					f.Close()
				}
				t.Fatalf("%s did not return: it opened the named pipe", args[0])
			}
		})
	}
}

// A read-only data directory: every change says so and names the fix,
// exits 1, and the staged work stays as it was.
func TestReadOnlyDataDir(t *testing.T) {
	t.Parallel()
	m := newModEnv(t)
	m.stage()
	if out, errOut, code := m.run("", "review", loopDoc, "--data", m.data, "--accept", loopShin); code != 0 {
		t.Fatalf("accept: exit %d\n%s%s", code, out, errOut)
	}
	before := snapshot(t, m.data)
	if readonlytest.Make(t, m.data) == nil {
		t.Skip("no directory can be made read-only here (root without CAP_SYS_ADMIN); propose's own tests cover the error")
	}
	article := filepath.Join(t.TempDir(), "b.txt")
	os.WriteFile(article, []byte(strings.Replace(loopArticle, "North Korea sent shells", "Shells went", 1)), 0o644)
	for _, tc := range []struct {
		args []string
		keep string
	}{
		{[]string{"review", loopDoc, "--data", m.data, "--reject", loopDenial}, "the proposal proposals/" + loopDoc + "/ is unchanged"},
		{[]string{"review", loopDoc, "--data", m.data, "--publish"}, "the proposal proposals/" + loopDoc + "/ is unchanged: publish it again once the directory is writable"},
		{[]string{"review", loopDoc, "--data", m.data}, "the proposal proposals/" + loopDoc + "/ is unchanged"}, // answers "r"
		{[]string{"propose", article, "--data", m.data}, "nothing was staged"},
		{[]string{"retract", "any-claim", "--reason", "x", "--data", m.data}, "nothing was retracted"},
	} {
		out, errOut, code := m.run("r\n", tc.args...)
		if code != 1 || !strings.Contains(errOut, "the data directory "+m.data+" is not writable") ||
			!strings.Contains(errOut, "make it writable (chmod u+w, or mount it read-write: in Docker, a volume ending in :rw, not :ro) and try again") || !strings.Contains(errOut, tc.keep) {
			t.Errorf("%v: exit %d\nstdout: %s\nstderr: %s", tc.args, code, out, errOut)
		}
	}
	if after := snapshot(t, m.data); strings.Join(before, "\n") != strings.Join(after, "\n") {
		t.Error("the read-only data directory changed")
	}
	if r, _ := m.staged().Record(loopShin); r.State != propose.Accepted {
		t.Errorf("the accepted record is now %s", r.State)
	}
}
