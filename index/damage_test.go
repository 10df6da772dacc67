package index

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/internal/testwait"
)

// reindexLog records what an index reports to OnReindex.
type reindexLog struct {
	mu   sync.Mutex
	errs []error
}

func (l *reindexLog) record(_ time.Duration, err error) {
	l.mu.Lock()
	l.errs = append(l.errs, err)
	l.mu.Unlock()
}

func (l *reindexLog) all() []error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]error(nil), l.errs...)
}

// syncBuffer is a log destination safe for the index's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// openWatched opens an index over data in dir, recording its reindexes
// and its log, and waits for the background check of the generation in
// service.
func openWatched(t *testing.T, data string, dir string) (*Index, *reindexLog, *syncBuffer) {
	t.Helper()
	rl := &reindexLog{}
	logs := &syncBuffer{}
	ix, err := Open(context.Background(), Options{Path: dir, Data: os.DirFS(data), DataLabel: "fixture",
		Logger: slog.New(slog.NewTextHandler(logs, nil)), OnReindex: rl.record})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { ix.Close() })
	waitChecked(t, ix)
	return ix, rl, logs
}

// waitChecked waits for the background check of the generation in service.
func waitChecked(t *testing.T, ix *Index) {
	t.Helper()
	ix.mu.RLock()
	st := ix.st
	ix.mu.RUnlock()
	select {
	case <-st.checked:
	case <-time.After(30 * time.Second):
		t.Fatal("the background check did not finish")
	}
}

// overwrite writes junk over n bytes of path at off, in place (the file a
// running index has mapped).
func overwrite(t *testing.T, path string, off int64, n int) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(bytes.Repeat([]byte{0xff}, n), off); err != nil {
		t.Fatal(err)
	}
}

// segment is the (one) bleve segment of the generation in service.
func segment(t *testing.T, ix *Index) string {
	t.Helper()
	segs, _ := filepath.Glob(filepath.Join(ix.path, ix.servingGen(), "bleve", "store", "*.zap"))
	if len(segs) != 1 {
		t.Fatalf("segments: %v, want one", segs)
	}
	return segs[0]
}

// damageSegment overwrites the bytes from 5 % to 35 % of the segment of
// the generation in service (stored fields and postings: every damage
// question reads some of them).
func damageSegment(t *testing.T, ix *Index) {
	t.Helper()
	seg := segment(t, ix)
	fi, err := os.Stat(seg)
	if err != nil {
		t.Fatal(err)
	}
	overwrite(t, seg, fi.Size()/20, int(fi.Size()*3/10))
}

var damageQuestions = []string{"shells", "missiles", "containers", "North Korea", "Russia"}

// failingAnswer asks the damage questions and returns the first error.
func failingAnswer(ix *Index) error {
	for _, q := range damageQuestions {
		if _, err := ix.Answer(context.Background(), armswatch.Query{Text: q}); err != nil {
			return err
		}
	}
	return nil
}

// repaired waits until the damage is gone and a generation other than old
// is in service.
func waitRepaired(t *testing.T, ix *Index, old string) {
	t.Helper()
	testwait.For(t, "the damaged index to be rebuilt", func() bool {
		ix.dmg.mu.Lock()
		running := ix.dmg.running
		ix.dmg.mu.Unlock()
		return !running && !ix.Health().Damaged && ix.servingGen() != old
	})
}

// Bytes overwritten in a segment of the index in service make answers
// fail; the failure marks the index damaged (Health, Errors), the errors
// then match ErrIndexRepairing, and the index is rebuilt from the data by
// itself, once, after which the same questions are answered.
func TestDamagedSegmentIsRebuilt(t *testing.T) {
	ix, rl, logs := openWatched(t, copyFixture(t), t.TempDir())
	if err := failingAnswer(ix); err != nil {
		t.Fatalf("before the damage: %v", err)
	}
	if h := ix.Health(); h.Damaged || h.String() != "ok" {
		t.Fatalf("Health before the damage = %+v", h)
	}
	old := ix.servingGen()
	damageSegment(t, ix)

	err := failingAnswer(ix)
	if err == nil {
		t.Fatal("no answer failed on the damaged segment")
	}
	if !errors.Is(err, ErrIndexDamaged) {
		t.Errorf("error = %v, want one matching ErrIndexDamaged", err)
	}
	if h := ix.Health(); !h.Damaged || !strings.Contains(h.Problem, "checksum mismatch") {
		t.Errorf("Health after a failed answer = %+v", h)
	}
	if ix.Errors() == 0 {
		t.Error("Errors() = 0 after a failed read")
	}
	waitRepaired(t, ix, old)
	if err := failingAnswer(ix); err != nil {
		t.Errorf("after the rebuild: %v", err)
	}
	if errs := rl.all(); len(errs) != 1 || errs[0] != nil {
		t.Errorf("reindexes reported = %v, want one that succeeded", errs)
	}
	if got := generations(t, ix.path); len(got) != 1 || got[0] != ix.servingGen() {
		t.Errorf("generations after the repair = %v", got)
	}
	if n := strings.Count(logs.String(), "the index is damaged; rebuilding"); n != 1 {
		t.Errorf("damage logged %d times, want once:\n%s", n, logs)
	}
}

// A generation built by a repair that is found damaged too is not rebuilt
// again (the disk is the likely cause): no loop.
func TestRepairedIndexDamagedAgainIsNotRebuiltAgain(t *testing.T) {
	ix, rl, _ := openWatched(t, copyFixture(t), t.TempDir())
	old := ix.servingGen()
	damageSegment(t, ix)
	if err := failingAnswer(ix); err == nil {
		t.Fatalf("no answer failed on the damaged segment %s; Health %+v", segment(t, ix), ix.Health())
	}
	waitRepaired(t, ix, old)
	waitChecked(t, ix)

	damageSegment(t, ix)
	err := failingAnswer(ix)
	if !errors.Is(err, ErrIndexDamaged) || errors.Is(err, ErrIndexRepairing) {
		t.Errorf("error = %v, want ErrIndexDamaged, not ErrIndexRepairing", err)
	}
	h := ix.Health()
	if !h.Damaged || h.Repairing || h.RepairFailed == "" {
		t.Errorf("Health = %+v, want damaged, not repairing, with why", h)
	}
	if len(rl.all()) != 1 {
		t.Errorf("reindexes = %v, want only the first repair", rl.all())
	}
	// A moderator's reindex puts a sound generation in service.
	if _, err := ix.Reindex(context.Background()); err != nil {
		t.Fatal(err)
	}
	if h := ix.Health(); h.Damaged {
		t.Errorf("Health after /reindex = %+v", h)
	}
}

// When the data cannot be indexed, the repair fails once, is logged once
// and is not retried; the damaged index stays in service.
func TestFailedRepairIsNotRetried(t *testing.T) {
	data := copyFixture(t)
	ix, rl, logs := openWatched(t, data, t.TempDir())
	writeFile(t, filepath.Join(data, "claims", "broken.yaml"), "- id: [not, a, claim\n")
	old := ix.servingGen()
	damageSegment(t, ix)
	if err := failingAnswer(ix); !errors.Is(err, ErrIndexRepairing) {
		t.Errorf("error = %v, want ErrIndexRepairing", err)
	}
	testwait.For(t, "the repair to fail", func() bool {
		ix.dmg.mu.Lock()
		defer ix.dmg.mu.Unlock()
		return !ix.dmg.running
	})
	h := ix.Health()
	if !h.Damaged || h.RepairFailed == "" || !strings.Contains(h.String(), "could not be rebuilt") {
		t.Errorf("Health = %+v (%s)", h, h)
	}
	if ix.servingGen() != old {
		t.Error("the damaged generation left service")
	}
	for range 3 {
		failingAnswer(ix)
	}
	if h := ix.Health(); h.Repairing {
		t.Error("a failed repair was started again")
	}
	if errs := rl.all(); len(errs) != 1 || errs[0] == nil {
		t.Errorf("reindexes = %v, want one failed", errs)
	}
	if n := strings.Count(logs.String(), "cannot rebuild the damaged index"); n != 1 {
		t.Errorf("failed repair logged %d times, want once", n)
	}
}

// A byte flipped in bodies.dat fails the body's CRC check: /source fails,
// the index is marked damaged and rebuilt, and /source works again.
func TestCorruptBodyIsRebuilt(t *testing.T) {
	ix, _, _ := openWatched(t, copyFixture(t), t.TempDir())
	const id = "fx-en-missiles"
	if _, err := ix.Document(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	old := ix.servingGen()
	path := filepath.Join(ix.path, old, bodiesFile)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	mid := len(bodiesMagic) + (len(b)-len(bodiesMagic))/2 // inside a body
	flipByte(t, path, int64(mid), b[mid])
	var failed error
	for _, d := range ix.Complete(context.Background(), armswatch.CompleteDocument, "", 25) {
		if _, err := ix.Document(context.Background(), d.Value); err != nil {
			failed = err
			break
		}
	}
	if !errors.Is(failed, ErrIndexRepairing) || !errors.Is(failed, errBodyCorrupt) {
		t.Fatalf("Document error = %v, want ErrIndexRepairing and errBodyCorrupt", failed)
	}
	waitRepaired(t, ix, old)
	for _, d := range ix.Complete(context.Background(), armswatch.CompleteDocument, "", 25) {
		if _, err := ix.Document(context.Background(), d.Value); err != nil {
			t.Errorf("after the rebuild: %v", err)
		}
	}
}

// A docs.json that does not parse (today /source autocomplete silently
// offers nothing) is found when the generation enters service and the
// index rebuilt, after which autocomplete offers the documents again.
func TestJunkDocsJSONIsRebuilt(t *testing.T) {
	data, dir := copyFixture(t), t.TempDir()
	ix, _, _ := openWatched(t, data, dir)
	gen := ix.servingGen()
	ix.Close()
	if err := os.WriteFile(filepath.Join(dir, gen, "docs.json"), []byte(`[{"id": "fx-en-mis`), 0o644); err != nil {
		t.Fatal(err)
	}
	ix, _, _ = openWatched(t, data, dir)
	waitRepaired(t, ix, gen)
	if got := ix.Complete(context.Background(), armswatch.CompleteDocument, "fx-", 25); len(got) != 6 {
		t.Errorf("document completions after the repair = %v, want the 6 documents", got)
	}
}

// A truncated manifest.json is found when the generation enters service
// and the index rebuilt quietly; a reindex that meets one reports no
// change rather than every record as added.
func TestTruncatedManifest(t *testing.T) {
	t.Run("rebuilt", func(t *testing.T) {
		data, dir := copyFixture(t), t.TempDir()
		ix, _, _ := openWatched(t, data, dir)
		gen := ix.servingGen()
		ix.Close()
		truncateHalf(t, filepath.Join(dir, gen, "manifest.json"))
		ix, _, _ = openWatched(t, data, dir)
		waitRepaired(t, ix, gen)
		if _, err := readManifestCorpus(filepath.Join(dir, ix.servingGen())); err != nil {
			t.Errorf("manifest after the repair: %v", err)
		}
	})
	t.Run("report", func(t *testing.T) {
		ix, _, _ := openWatched(t, copyFixture(t), t.TempDir())
		truncateHalf(t, filepath.Join(ix.path, ix.servingGen(), "manifest.json"))
		before := ix.Errors()
		rep, err := ix.Reindex(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.DocumentsAdded)+len(rep.ClaimsAdded)+len(rep.DocumentsRemoved)+len(rep.ClaimsRemoved) != 0 || rep.Documents != 6 {
			t.Errorf("report = %+v, want no change listed and 6 documents", rep)
		}
		if ix.Errors() == before {
			t.Error("the unreadable manifest was not counted")
		}
	})
}

// flipByte flips a bit of the byte at off, whose value is was, in place.
func flipByte(t *testing.T, path string, off int64, was byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt([]byte{was ^ 0x20}, off); err != nil {
		t.Fatal(err)
	}
}

func truncateHalf(t *testing.T, path string) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, fi.Size()/2); err != nil {
		t.Fatal(err)
	}
}

// A search that fails for a cancelled request does not mark the index
// damaged.
func TestCancelledSearchIsNotDamage(t *testing.T) {
	ix, _, _ := openWatched(t, copyFixture(t), t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, q := range damageQuestions {
		ix.Answer(ctx, armswatch.Query{Text: q})
	}
	if h := ix.Health(); h.Damaged || ix.Errors() != 0 {
		t.Errorf("Health = %+v, Errors = %d after cancelled answers", h, ix.Errors())
	}
}
