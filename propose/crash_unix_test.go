//go:build unix

package propose

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// The crash test re-executes the test binary as a child that publishes a
// staged proposal; TestMain turns the binary into that child when
// crashChildEnv is set to "<point>|<data dir>". The child kills itself
// with SIGKILL when the publish reaches point (see at in files.go); with
// the point "record" it publishes to the end and prints every point it
// passed, one a line.
const crashChildEnv = "ARMSWATCH_PROPOSE_CRASH_CHILD"

func TestMain(m *testing.M) {
	if spec := os.Getenv(crashChildEnv); spec != "" {
		os.Exit(crashChild(spec))
	}
	os.Exit(m.Run())
}

func crashChild(spec string) int {
	point, dir, _ := strings.Cut(spec, "|")
	var passed []string
	hook = func(p string) {
		passed = append(passed, p)
		if p == point {
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
		}
	}
	ids, err := New(dir).List()
	if err != nil || len(ids) != 1 {
		fmt.Println("error: staged:", ids, err)
		return 3
	}
	if _, err := (&Staging{Dir: dir, Now: crashNow}).Publish(context.Background(), ids[0], "ana"); err != nil {
		fmt.Println("error:", err)
		return 3
	}
	for _, p := range passed {
		fmt.Println(p)
	}
	return 0
}

// runCrashChild runs the child on dir and returns what it printed and
// whether SIGKILL ended it.
func runCrashChild(t *testing.T, point, dir string) (out []string, killed bool) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+point+"|"+dir)
	var stdout bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stdout
	err = cmd.Run()
	sc := bufio.NewScanner(&stdout)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			return out, true
		}
	}
	if err != nil {
		t.Fatalf("child at %s: %v: %q", point, err, out)
	}
	return out, false
}

// A publish killed with SIGKILL at each point it passes (each file written
// but not yet renamed, each file published, the changelog line appended)
// leaves a data directory that loads, with every published file absent or
// complete and the proposal still staged or fully published; publishing
// again finishes the work with exactly the files of an uninterrupted
// publish and one changelog line.
func TestPublishKilledAtEachPoint(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	t.Parallel()
	base, id := stagedForCrash(t)
	ref := t.TempDir()
	if err := os.CopyFS(ref, os.DirFS(base)); err != nil {
		t.Fatal(err)
	}
	points, killed := runCrashChild(t, "record", ref)
	if killed {
		t.Fatal("the recording child was killed")
	}
	docRel, claimsRel := "documents/"+id+".md", "claims/"+id+".yaml"
	wantPoints := []string{"write:" + id + ".md", "published:" + docRel, "write:" + id + ".yaml", "published:" + claimsRel, "changelog"}
	if !slices.Equal(points, wantPoints) {
		t.Fatalf("a publish passes %q, want %q: update the test", points, wantPoints)
	}
	want := map[string][]byte{docRel: readFile(t, ref, docRel), claimsRel: readFile(t, ref, claimsRel)}
	for _, point := range points {
		t.Run(point, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			if err := os.CopyFS(dir, os.DirFS(base)); err != nil {
				t.Fatal(err)
			}
			if out, killed := runCrashChild(t, point, dir); !killed {
				t.Fatalf("the child was not killed at %s: %q", point, out)
			}
			staged := checkAfterKill(t, dir, id, want)
			t.Logf("killed at %s: %s", point, map[bool]string{true: "still staged", false: "published"}[staged])
			_, err := (&Staging{Dir: dir, Now: crashNow}).Publish(context.Background(), id, "ana")
			if staged && err != nil {
				t.Fatalf("publishing again: %v", err)
			}
			if !staged && !errors.Is(err, ErrNotFound) {
				t.Fatalf("publishing a published proposal again: %v", err)
			}
			checkPublished(t, dir, id, want)
		})
	}
}
