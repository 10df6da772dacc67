package propose

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/armswatch/armswatch"
)

// crashNow is the clock of every publish of the crash test, so that a
// publish repeated by the parent writes the very bytes the child would
// have.
func crashNow() time.Time { return time.Date(2024, 2, 1, 12, 0, 0, 0, time.UTC) }

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
