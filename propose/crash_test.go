package propose

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/armswatch/armswatch"
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

// crashNow is the clock of every publish of the crash test, so that a
// publish repeated by the parent writes the very bytes the child would
// have.
func crashNow() time.Time { return time.Date(2024, 2, 1, 12, 0, 0, 0, time.UTC) }

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

// stagedForCrash is a data directory with one reviewed proposal, ready to
// publish: some records accepted, one edited, the last rejected.
func stagedForCrash(t *testing.T) (dir, id string) {
	t.Helper()
	dir = t.TempDir()
	s := &Staging{Dir: dir, Now: crashNow}
	st := propose(t, s)
	if len(st.Records) < 2 {
		t.Fatalf("want at least 2 candidates, got %d", len(st.Records))
	}
	for i, r := range st.Records {
		var err error
		switch i {
		case 0:
			yml, yerr := s.RecordYAML(st.ID, r.ID)
			if yerr != nil {
				t.Fatal(yerr)
			}
			err = s.Edit(st.ID, r.ID, []byte(strings.Replace(string(yml), "statement:", "notes: checked by hand\n  statement:", 1)), "ana")
		case len(st.Records) - 1:
			err = s.Reject(st.ID, r.ID, "bo")
		default:
			err = s.Accept(st.ID, r.ID, "ana")
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return dir, st.ID
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

func readFile(t *testing.T, dir, rel string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// checkAfterKill checks the data directory a killed publish left: it
// loads; each published file is absent or complete (temporary files
// aside, which the loader skips); the proposal is staged and readable, or
// else fully published. It reports whether the proposal is staged.
func checkAfterKill(t *testing.T, dir, id string, want map[string][]byte) (staged bool) {
	t.Helper()
	if _, err := armswatch.Load(os.DirFS(dir)); err != nil {
		t.Fatalf("the data directory does not load: %v", err)
	}
	complete := 0
	for rel, data := range want {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		switch {
		case errors.Is(err, os.ErrNotExist):
		case err != nil:
			t.Fatal(err)
		case !bytes.Equal(got, data):
			t.Errorf("%s is neither absent nor complete:\n%s", rel, got)
		default:
			complete++
		}
	}
	_, err := New(dir).Get(id)
	switch {
	case err == nil:
		return true
	case !errors.Is(err, ErrNotFound):
		t.Fatalf("the staged proposal does not read: %v", err)
	case complete != len(want):
		t.Fatalf("the proposal is gone but only %d of %d files are published", complete, len(want))
	}
	return false
}

// checkPublished checks a finished publish: exactly the files of an
// uninterrupted one, nothing staged, one changelog line for the document.
func checkPublished(t *testing.T, dir, id string, want map[string][]byte) {
	t.Helper()
	for rel, data := range want {
		if got := readFile(t, dir, rel); !bytes.Equal(got, data) {
			t.Errorf("%s differs from an uninterrupted publish:\n%s", rel, got)
		}
	}
	for _, sub := range []string{armswatch.DocumentsDir, armswatch.ClaimsDir} {
		names, _ := filepath.Glob(filepath.Join(dir, sub, "[^.]*"))
		if len(names) != 1 {
			t.Errorf("%s holds %q, want one file", sub, names)
		}
		if tmps, _ := filepath.Glob(filepath.Join(dir, sub, ".*.tmp-*")); len(tmps) > 0 {
			t.Logf("%s: %d temporary file(s) of the killed write left (the loader skips them)", sub, len(tmps))
		}
	}
	if ids, err := New(dir).List(); err != nil || len(ids) != 0 {
		t.Errorf("still staged: %v %v", ids, err)
	}
	c, err := armswatch.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Documents) != 1 || len(c.Claims) == 0 {
		t.Errorf("loaded %d documents, %d claims", len(c.Documents), len(c.Claims))
	}
	log := strings.TrimSpace(string(readFile(t, dir, ChangelogFile)))
	lines := strings.Split(log, "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], `"action":"publish","document":"`+id+`"`) {
		t.Errorf("changelog: want one publish line for %s, got %d:\n%s", id, len(lines), log)
	}
}
