package propose

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/internal/flock"
)

// A document the loader refuses (here: over its size limit) is not staged:
// a staged proposal that cannot be read would make "check" fail for the
// whole data directory and could be neither reviewed nor published.
func TestSaveRefusesDocumentThatDoesNotLoad(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := New(dir)
	p, err := Propose(context.Background(), Source{Raw: []byte(article), ContentType: "text/plain"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The document as a huge article gives it: Propose's own run over
	// 8 MiB of text would take the test's time in the extraction.
	var b strings.Builder
	b.Write(p.DocFile)
	for i := 0; b.Len() <= armswatch.MaxFileBytes; i++ {
		fmt.Fprintf(&b, "\nParagraph %d of a long article about shells.\n", i)
	}
	p.DocFile = []byte(b.String())
	_, err = s.Save(p, "big.txt", "ana")
	var inv *InvalidError
	if !errors.As(err, &inv) || !strings.Contains(err.Error(), "too large") {
		t.Fatalf("save of a document over the limit: %v", err)
	}
	if ids, err := s.List(); err != nil || len(ids) != 0 {
		t.Errorf("staged anyway: %v %v", ids, err)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, ProposalsDir))
	for _, e := range entries {
		t.Errorf("left in proposals/: %s", e.Name())
	}
	if errs := CheckProposals(os.DirFS(dir)); len(errs) > 0 {
		t.Errorf("check: %v", errs)
	}
}

// A state file edited by hand into a state that is none of the four is
// refused by every step, with the file and the candidate named: the record
// is neither counted as done nor published.
func TestHandEditedUnknownState(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, from, to string }{
		{"unknown state", `"state": "pending"`, `"state": "bogus"`},
		{"empty state", `"state": "pending"`, `"state": ""`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			s := New(dir)
			st := propose(t, s)
			for _, r := range st.Records[1:] {
				if err := s.Accept(st.ID, r.ID, "ana"); err != nil {
					t.Fatal(err)
				}
			}
			statePath := filepath.Join(dir, ProposalsDir, st.ID, StagedState)
			raw, err := os.ReadFile(statePath)
			if err != nil {
				t.Fatal(err)
			}
			edited := strings.Replace(string(raw), tc.from, tc.to, 1)
			if edited == string(raw) {
				t.Fatalf("%s not in the state file:\n%s", tc.from, raw)
			}
			if err := os.WriteFile(statePath, []byte(edited), 0o644); err != nil {
				t.Fatal(err)
			}
			want := []string{StagedState, st.Records[0].ID, "state"}
			if _, err := s.Get(st.ID); err == nil || !containsAll(err.Error(), want) || !errors.Is(err, armswatch.ErrInvalidData) {
				t.Errorf("get: %v; want an invalid-data error naming %q", err, want)
			}
			if _, err := s.Publish(context.Background(), st.ID, "ana"); err == nil {
				t.Error("published a record in an unknown state")
			}
			if _, err := os.Stat(filepath.Join(dir, armswatch.DocumentsDir)); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("documents/ written: %v", err)
			}
		})
	}
}

func containsAll(s string, subs []string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

// The same article proposed again once it is published gets an id of its
// own (-2) and names the published document with its title and url, so
// that the moderator does not publish a duplicate unawares.
func TestProposeSameArticleAgain(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := New(dir)
	st := propose(t, s)
	for _, r := range st.Records {
		if err := s.Accept(st.ID, r.ID, "ana"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Publish(context.Background(), st.ID, "ana"); err != nil {
		t.Fatal(err)
	}
	corpus, err := armswatch.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		src  Source
		same bool
	}{
		{"same title and url", Source{Raw: []byte(article), ContentType: "text/plain", URL: "https://example.org/a"}, true},
		{"same url, title changed", Source{Raw: []byte(strings.Replace(article, "North Korea sent shells", "Shells sent", 1)), ContentType: "text/plain", URL: "https://example.org/a"}, true},
		{"same title, no url", Source{Raw: []byte(article), ContentType: "text/plain"}, true},
		{"another article", Source{Raw: []byte(strings.Replace(article, "North Korea sent shells", "Shells sent", 1)), ContentType: "text/plain", URL: "https://example.org/b"}, false},
	} {
		p, err := Propose(context.Background(), tc.src, Options{Corpus: corpus, Taken: s.Taken})
		if err != nil {
			t.Fatal(err)
		}
		if got := len(p.SameAs) == 1 && p.SameAs[0] == st.ID; got != tc.same {
			t.Errorf("%s: SameAs %q, want %s named: %v", tc.name, p.SameAs, st.ID, tc.same)
		}
		if p.Doc.ID == st.ID {
			t.Errorf("%s: the id of the published document again", tc.name)
		}
	}
}

// check reports a hand-edited state file's problems at their lines, as it
// does the YAML files', so that the moderator can go to them.
func TestCheckStateFileLines(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		edit func(lines []string) []string
		want func(lines []string) int // the line (1-based) the problem must be at
	}{
		{"unknown state", func(l []string) []string {
			l[lineOf(l, `"state": "pending"`)] = `      "state": "bogus",`
			return l
		}, func(l []string) int { return lineOf(l, `"bogus"`) + 1 }},
		{"candidate not proposed", func(l []string) []string {
			i := lineOf(l, `"id": "`)
			l[i] = `      "id": "no-such-candidate",`
			return l
		}, func(l []string) int { return lineOf(l, `no-such-candidate`) + 1 }},
		{"syntax error", func(l []string) []string {
			i := lineOf(l, `"proposed_by"`)
			l[i] = `  "proposed_by": oops,`
			return l
		}, func(l []string) int { return lineOf(l, `oops`) + 1 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			st := propose(t, New(dir))
			statePath := filepath.Join(dir, ProposalsDir, st.ID, StagedState)
			raw, err := os.ReadFile(statePath)
			if err != nil {
				t.Fatal(err)
			}
			lines := tc.edit(strings.Split(string(raw), "\n"))
			if err := os.WriteFile(statePath, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
				t.Fatal(err)
			}
			want := tc.want(lines)
			var found bool
			probs := CheckProposals(os.DirFS(dir))
			for _, p := range probs {
				found = found || p.Path == ProposalsDir+"/"+st.ID+"/"+StagedState && p.Line == want
			}
			if !found {
				t.Errorf("no problem at %s:%d: %v", StagedState, want, probs)
			}
		})
	}
}

func lineOf(lines []string, sub string) int {
	for i, l := range lines {
		if strings.Contains(l, sub) {
			return i
		}
	}
	return -1
}

// Since refuses a change when the candidate is no longer in the state the
// moderator saw, and lets it through when it is.
func TestSinceRefusesChangedCandidate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := New(dir)
	st := propose(t, s)
	key := st.Records[0].ID
	seen := st.Records[0].CandidateState
	if err := s.Reject(st.ID, key, "bo"); err != nil {
		t.Fatal(err)
	}
	yml, err := s.RecordYAML(st.ID, key)
	if err != nil {
		t.Fatal(err)
	}
	for name, change := range map[string]func(*Staging) error{
		"accept": func(s *Staging) error { return s.Accept(st.ID, key, "ana") },
		"reject": func(s *Staging) error { return s.Reject(st.ID, key, "ana") },
		"edit":   func(s *Staging) error { return s.Edit(st.ID, key, yml, "ana") },
	} {
		if err := change(s.Since(seen)); !errors.Is(err, ErrChanged) || !strings.Contains(err.Error(), "rejected by bo") {
			t.Errorf("%s on a candidate rejected meanwhile: %v", name, err)
		}
	}
	now, _ := s.Get(st.ID)
	if r := now.Records[0]; r.State != Rejected || r.By != "bo" {
		t.Errorf("the other decision was written over: %+v", r.CandidateState)
	}
	if err := s.Since(now.Records[0].CandidateState).Accept(st.ID, key, "ana"); err != nil {
		t.Errorf("accept on the state as it stands: %v", err)
	}
}

// Publish and Retract waiting for the lock give up when their context
// ends (a Discord deadline, an interrupted review): they do not hang on a
// lock another process holds, and change nothing.
func TestPublishAndRetractWaitWithinContext(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := New(dir)
	st := propose(t, s)
	for _, r := range st.Records {
		if err := s.Accept(st.ID, r.ID, "ana"); err != nil {
			t.Fatal(err)
		}
	}
	held, err := flock.Wait(context.Background(), filepath.Join(dir, LockFile), 0o644, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Unlock()
	for name, op := range map[string]func(context.Context) error{
		"publish": func(ctx context.Context) error { _, err := s.Publish(ctx, st.ID, "ana"); return err },
		"retract": func(ctx context.Context) error { _, err := s.Retract(ctx, "some-claim", "a reason", "ana"); return err },
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		done := make(chan error, 1)
		go func() { done <- op(ctx) }()
		select {
		case err := <-done:
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("%s while the lock is held: %v", name, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s waited past its context for the lock", name)
		}
		cancel()
	}
	if ids, _ := s.List(); len(ids) != 1 {
		t.Errorf("staged: %v", ids)
	}
}

// What a process killed while staging or publishing leaves in proposals/
// (a half-made ".<id>.tmp-*" or a ".<id>.published-*" not yet removed:
// only a process holding the lock makes them) is removed by the next
// Save or Publish, not left to pile up.
func TestKilledLeftoversSwept(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := New(dir)
	st := propose(t, s)
	for _, name := range []string{".a-doc.tmp-123", ".b-doc.published-1700000000"} {
		if err := os.MkdirAll(filepath.Join(dir, ProposalsDir, name, StagedEdits), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, ProposalsDir, name, StagedState), []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if e, _ := os.ReadDir(filepath.Join(dir, ProposalsDir)); len(e) != 3 {
		t.Fatalf("proposals/ holds %d entries before, want 3", len(e))
	}
	for _, r := range st.Records {
		if err := s.Reject(st.ID, r.ID, "ana"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Publish(context.Background(), st.ID, "ana"); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, ProposalsDir))
	for _, e := range entries {
		t.Errorf("left in proposals/: %s", e.Name())
	}
}
