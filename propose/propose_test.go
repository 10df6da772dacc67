package propose

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/ingest"
)

const article = `North Korea sent shells to Russia

By Jane Doe

Pyongyang has shipped more than 1 million artillery shells to Russia, South Korea's defence minister Shin Won-sik said on Tuesday.

The Kremlin denied receiving any weapons from North Korea.
`

func propose(t *testing.T, s *Staging) *Staged {
	t.Helper()
	p, err := Propose(context.Background(), Source{Raw: []byte(article), ContentType: "text/plain",
		URL: "https://example.org/a", Hint: ingest.Meta{Publisher: "Associated Press via The Atlantic", Published: armswatch.MustDate("2023-10-13")}}, Options{Taken: s.Taken})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Problems) > 0 {
		t.Fatalf("self-check: %v", p.Problems)
	}
	st, err := s.Save(p, "https://example.org/a", "ana")
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestLoop(t *testing.T) {
	dir := t.TempDir()
	s := &Staging{Dir: dir, Now: func() time.Time { return time.Date(2024, 2, 1, 12, 0, 0, 0, time.UTC) }}
	st := propose(t, s)
	if len(st.Records) == 0 {
		t.Fatal("no candidates")
	}
	if errs := CheckProposals(os.DirFS(dir)); len(errs) > 0 {
		t.Fatalf("check of the staged proposal: %v", errs)
	}
	if _, err := s.Publish(context.Background(), st.ID, "ana"); err == nil || !strings.Contains(err.Error(), "pending") {
		t.Fatalf("publish with pending records: %v", err)
	}
	first := st.Records[0]
	yml, err := s.RecordYAML(st.ID, first.ID)
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(yml), "stance:", "stance: claims\n  x_stance:", 1)
	if err := s.Edit(st.ID, first.ID, []byte(bad), "ana"); err == nil {
		t.Fatal("a bad edit was kept")
	}
	good := strings.Replace(string(yml), "statement:", "notes: checked by hand\n  statement:", 1)
	if err := s.Edit(st.ID, first.ID, []byte(good), "ana"); err != nil {
		t.Fatal(err)
	}
	for _, r := range st.Records[1:] {
		if err := s.Reject(st.ID, r.ID, "bo"); err != nil {
			t.Fatal(err)
		}
	}
	if errs := CheckProposals(os.DirFS(dir)); len(errs) > 0 {
		t.Fatalf("check after review: %v", errs)
	}
	pub, err := s.Publish(context.Background(), st.ID, "ana")
	if err != nil {
		t.Fatal(err)
	}
	c, err := armswatch.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Documents) != 1 || len(c.Claims) != 1 || c.Claims[0].ReviewedBy != "ana" || c.Claims[0].ReviewedOn.String() != "2024-02-01" || c.Claims[0].Notes != "checked by hand" {
		t.Fatalf("published: %+v %+v", pub, c.Claims)
	}
	if c.Documents[0].URL != "https://example.org/a" {
		t.Errorf("url %q", c.Documents[0].URL)
	}
	if ids, _ := s.List(); len(ids) != 0 {
		t.Errorf("still staged: %v", ids)
	}
	if _, err := s.Retract(context.Background(), c.Claims[0].ID, "misread", "bo"); err != nil {
		t.Fatal(err)
	}
	c, err = armswatch.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	if c.Claims[0].Status != armswatch.StatusRetracted || c.Claims[0].Retraction == nil || c.Claims[0].Retraction.By != "bo" {
		t.Fatalf("retracted: %+v", c.Claims[0])
	}
	log, _ := os.ReadFile(filepath.Join(dir, ChangelogFile))
	if lines := strings.Split(strings.TrimSpace(string(log)), "\n"); len(lines) != 2 || !strings.Contains(lines[0], `"publish"`) || !strings.Contains(lines[1], `"retract"`) {
		t.Errorf("changelog:\n%s", log)
	}
}

// Two publishers at once: both wait for the lock, one publishes, the
// other finds nothing staged.
func TestConcurrentPublish(t *testing.T) {
	dir := t.TempDir()
	s := New(dir)
	st := propose(t, s)
	for _, r := range st.Records {
		if err := s.Accept(st.ID, r.ID, "ana"); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = New(dir).Publish(context.Background(), st.ID, "ana")
		}()
	}
	wg.Wait()
	if (errs[0] == nil) == (errs[1] == nil) {
		t.Fatalf("want exactly one publish: %v, %v", errs[0], errs[1])
	}
	if _, err := armswatch.Load(os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
}
