package propose

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/ingest"
	"github.com/armswatch/armswatch/internal/readonlytest"
)

// snapshot is every file under dir, by path, with its content.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		out[p] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

const secondArticle = `Russia fires North Korean missiles at Kharkiv

By Ivan Petrenko

Russia has launched at least 20 KN-23 ballistic missiles supplied by North Korea against Ukraine, Ukraine's prosecutor general Andriy Kostin said on Friday.
`

// publishedAndStaged is a data directory with one proposal published
// (pub) and a second one staged with every record accepted, and a third
// proposal not saved.
func publishedAndStaged(t *testing.T) (s *Staging, pub *Published, second *Staged, third *Proposal) {
	t.Helper()
	dir, first := stagedForCrash(t)
	s = &Staging{Dir: dir, Now: crashNow}
	ctx := context.Background()
	pub, err := s.Publish(ctx, first, "ana")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Propose(ctx, Source{Raw: []byte(secondArticle), ContentType: "text/plain", URL: "https://example.org/b",
		Hint: ingest.Meta{Publisher: "Kyiv Independent", Published: armswatch.MustDate("2024-02-09")}}, Options{Taken: s.Taken})
	if err != nil {
		t.Fatal(err)
	}
	second, err = s.Save(p, "https://example.org/b", "ana")
	if err != nil {
		t.Fatal(err)
	}
	if len(second.Records) == 0 {
		t.Fatal("the second article has no candidates")
	}
	for _, r := range second.Records {
		if err := s.Accept(second.ID, r.ID, "ana"); err != nil {
			t.Fatal(err)
		}
	}
	third, err = Propose(ctx, Source{Raw: []byte(secondArticle), ContentType: "text/plain", URL: "https://example.org/c"}, Options{Taken: s.Taken})
	if err != nil {
		t.Fatal(err)
	}
	return s, pub, second, third
}

// Save, Accept, Publish and Retract on a read-only data directory each
// return an error matching ErrReadOnly that names the directory, the fix
// and what is kept, and change nothing; once the directory is writable
// again, the staged work is intact and Publish succeeds.
func TestReadOnlyDataDir(t *testing.T) {
	t.Parallel()
	s, pub, second, third := publishedAndStaged(t)
	dir, ctx := s.Dir, context.Background()
	before := snapshot(t, dir)
	writable := readonlytest.Make(t, dir)
	if writable == nil {
		t.Skip("no directory can be made read-only here (root without CAP_SYS_ADMIN)")
	}
	for _, tc := range []struct {
		name string
		op   func() error
		keep string
	}{
		{"save", func() error { _, err := s.Save(third, "https://example.org/c", "ana"); return err }, "nothing was staged"},
		{"accept", func() error { return s.Accept(second.ID, second.Records[0].ID, "bo") }, "the proposal proposals/" + second.ID + "/ is unchanged"},
		{"publish", func() error { _, err := s.Publish(ctx, second.ID, "ana"); return err }, "the proposal proposals/" + second.ID + "/ is unchanged: publish it again once the directory is writable"},
		{"retract", func() error { _, err := s.Retract(ctx, pub.Claims[0], "misread", "bo"); return err }, "nothing was retracted"},
	} {
		err := tc.op()
		t.Logf("%s: %v", tc.name, err)
		if !errors.Is(err, ErrReadOnly) {
			t.Errorf("%s: %v, want ErrReadOnly", tc.name, err)
			continue
		}
		for _, want := range []string{"the data directory " + dir + " is not writable", "mount it read-write", tc.keep} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %q lacks %q", tc.name, err, want)
			}
		}
	}
	writable()
	after := snapshot(t, dir)
	for p, data := range before {
		if after[p] != data {
			t.Errorf("%s changed while the directory was read-only", p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("%s appeared while the directory was read-only", p)
		}
	}
	if st, err := s.Get(second.ID); err != nil || st.Pending() != 0 || len(st.Records) != len(second.Records) {
		t.Fatalf("the staged work after the read-only spell: %v", err)
	}
	if _, err := s.Publish(ctx, second.ID, "ana"); err != nil {
		t.Fatalf("publish once writable: %v", err)
	}
	c, err := armswatch.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Document(second.ID); !ok || len(c.Documents) != 2 {
		t.Errorf("published: %d documents, %s missing", len(c.Documents), second.ID)
	}
	if _, err := s.Retract(ctx, pub.Claims[0], "misread", "bo"); err != nil {
		t.Errorf("retract once writable: %v", err)
	}
}

// A data directory whose claims/ alone refuses writes (the lock file is
// writable): Publish writes the document, fails on the claims file with
// ErrReadOnly and keeps the proposal staged; once claims/ is writable,
// publishing again finishes.
func TestPublishReadOnlyClaimsDir(t *testing.T) {
	t.Parallel()
	s, _, second, _ := publishedAndStaged(t)
	ctx := context.Background()
	writable := readonlytest.Make(t, filepath.Join(s.Dir, armswatch.ClaimsDir))
	if writable == nil {
		t.Skip("no directory can be made read-only here (root without CAP_SYS_ADMIN)")
	}
	_, err := s.Publish(ctx, second.ID, "ana")
	t.Logf("publish: %v", err)
	if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), "publish it again once the directory is writable") {
		t.Fatalf("publish with claims/ read-only: %v", err)
	}
	if _, err := s.Get(second.ID); err != nil {
		t.Fatalf("the proposal is not staged any more: %v", err)
	}
	if _, err := armswatch.Load(os.DirFS(s.Dir)); err != nil {
		t.Fatalf("the data directory does not load: %v", err)
	}
	writable()
	out, err := s.Publish(ctx, second.ID, "ana")
	if err != nil {
		t.Fatalf("publish once writable: %v", err)
	}
	c, err := armswatch.Load(os.DirFS(s.Dir))
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range out.Claims {
		if _, ok := c.Claim(id); !ok {
			t.Errorf("claim %s not published", id)
		}
	}
	log, _ := os.ReadFile(filepath.Join(s.Dir, ChangelogFile))
	if n := strings.Count(string(log), "\n"); n != 2 {
		t.Errorf("%d changelog lines, want 2:\n%s", n, log)
	}
}
