package index

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/internal/testwait"
)

// copyFixture copies the fixture data set into a writable directory.
func copyFixture(t testing.TB) string {
	t.Helper()
	dst := t.TempDir()
	if err := os.CopyFS(dst, fixtureFS()); err != nil {
		t.Fatal(err)
	}
	return dst
}

func writeFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	// A new modification time, whatever the file system's resolution.
	later := time.Now().Add(time.Duration(len(content)%7+1) * time.Second)
	os.Chtimes(path, later, later)
}

const extraDoc = `---
title: A new fixture report on drones
publisher: Fixture Daily
published: 2024-03-01
---
North Korea also sent loitering drones to Russia, the new report says.
`

const extraClaim = `
- id: fx-new-drones
  statement: North Korea sent loitering drones to Russia.
  claimant: Fixture Daily
  stance: reports
  said_on: 2024-03-01
  items:
    - category: drone
  appearances:
    - doc: fx-en-drones
      quote: North Korea also sent loitering drones to Russia
`

func generations(t testing.TB, dir string) []string {
	t.Helper()
	ms, _ := filepath.Glob(filepath.Join(dir, "gen-*"))
	for i := range ms {
		ms[i] = filepath.Base(ms[i])
	}
	return ms
}

func TestOpenReusesCurrentIndex(t *testing.T) {
	dir := t.TempDir()
	builds := 0
	opts := Options{Path: dir, Data: fixtureFS(), Progress: func(done, total int) {
		if done == 0 {
			builds++
		}
	}}
	ix, err := Open(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	gen := ix.st.gen
	ix.Close()
	ix, err = Open(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if builds != 1 || ix.st.gen != gen {
		t.Errorf("second open built again (builds %d, generation %s then %s)", builds, gen, ix.st.gen)
	}
	if len(ask(t, ix, "shells").Claims) == 0 {
		t.Error("no answer from the reopened index")
	}
}

func TestOpenRebuildsStaleAndCorrupt(t *testing.T) {
	data := copyFixture(t)
	dir := t.TempDir()
	ix := openData(t, os.DirFS(data), dir)
	first := ix.st.gen
	ix.Close()

	// Stale: the data changed.
	writeFile(t, filepath.Join(data, "documents", "fx-en-drones.md"), extraDoc)
	ix = openData(t, os.DirFS(data), dir)
	if ix.st.gen == first || ix.Stats().Documents != 7 {
		t.Fatalf("stale index not rebuilt: generation %s, %d documents", ix.st.gen, ix.Stats().Documents)
	}
	if got := generations(t, dir); !slices.Equal(got, []string{ix.st.gen}) {
		t.Errorf("generations left: %v", got)
	}
	if len(ask(t, ix, "loitering drones").Documents) == 0 {
		t.Error("the new document is not searchable")
	}
	second := ix.st.gen
	ix.Close()

	// Corrupt in several ways: each time Open rebuilds and answers.
	for name, damage := range map[string]func(gen string){
		"meta.json garbage": func(gen string) { os.WriteFile(filepath.Join(dir, gen, "meta.json"), []byte("{garbage"), 0o644) },
		"bleve removed":     func(gen string) { os.RemoveAll(filepath.Join(dir, gen, "bleve")) },
		"vocabulary lost":   func(gen string) { os.Remove(filepath.Join(dir, gen, "words.fst")) },
		"bodies truncated":  func(gen string) { os.Truncate(filepath.Join(dir, gen, bodiesFile), 100) },
		"bodies removed":    func(gen string) { os.Remove(filepath.Join(dir, gen, bodiesFile)) },
		"segment truncated": func(gen string) {
			segs, _ := filepath.Glob(filepath.Join(dir, gen, "bleve", "store", "*.zap"))
			for _, s := range segs {
				os.Truncate(s, 10)
			}
		},
		"current garbage": func(string) { os.WriteFile(filepath.Join(dir, "current"), []byte("../../etc"), 0o644) },
	} {
		gen, _ := os.ReadFile(filepath.Join(dir, "current"))
		damage(strings.TrimSpace(string(gen)))
		ix, err := Open(context.Background(), Options{Path: dir, Data: os.DirFS(data)})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if ix.st.gen == second || len(ask(t, ix, "shells").Claims) == 0 {
			t.Errorf("%s: not rebuilt or not answering", name)
		}
		second = ix.st.gen
		ix.Close()
	}
}

func TestReindexReportsChangesAndSwaps(t *testing.T) {
	data := copyFixture(t)
	ix := openData(t, os.DirFS(data), t.TempDir())
	old := ix.st.gen
	writeFile(t, filepath.Join(data, "documents", "fx-en-drones.md"), extraDoc)
	claims, _ := os.ReadFile(filepath.Join(data, "claims", "fixture.yaml"))
	c := strings.Replace(string(claims), "North Korea sent about 6,700 containers", "North Korea shipped about 6,700 containers", 1)
	writeFile(t, filepath.Join(data, "claims", "fixture.yaml"), c+extraClaim)

	rep, err := ix.Reindex(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rep.DocumentsAdded, []string{"fx-en-drones"}) || !slices.Equal(rep.ClaimsAdded, []string{"fx-new-drones"}) ||
		!slices.Equal(rep.ClaimsChanged, []string{"fx-minister-containers"}) || len(rep.DocumentsChanged)+len(rep.DocumentsRemoved)+len(rep.ClaimsRemoved) != 0 {
		t.Errorf("report = %+v", rep)
	}
	if rep.Documents != 7 || rep.Claims != 10 || rep.Seconds <= 0 {
		t.Errorf("report counts = %+v", rep)
	}
	if ix.st.gen == old || !slices.Contains(claimIDs(ask(t, ix, "loitering drones")), "fx-new-drones") {
		t.Errorf("new generation not in service")
	}
	if got := generations(t, ix.path); !slices.Equal(got, []string{ix.st.gen}) {
		t.Errorf("old generations not removed: %v", got)
	}
}

func TestReindexInvalidDataKeepsServing(t *testing.T) {
	data := copyFixture(t)
	ix := openData(t, os.DirFS(data), t.TempDir())
	gen := ix.st.gen
	claims, _ := os.ReadFile(filepath.Join(data, "claims", "fixture.yaml"))
	bad := strings.Replace(string(claims), "quote: the DPRK had sent about 6,700", "quote: the DPRK had sent about 6,701", 1)
	writeFile(t, filepath.Join(data, "claims", "fixture.yaml"), bad)

	_, err := ix.Reindex(context.Background())
	var verrs armswatch.ValidationErrors
	if !errors.Is(err, armswatch.ErrInvalidData) || !errors.As(err, &verrs) || len(verrs) == 0 {
		t.Fatalf("Reindex = %v, want ErrInvalidData with ValidationErrors", err)
	}
	if !strings.Contains(verrs[0].Error(), "claims/fixture.yaml:") {
		t.Errorf("validation error %q lacks file:line", verrs[0].Error())
	}
	// The data is read while the new generation is built: the quote fails
	// only once its document is read, and the half-built generation is
	// gone.
	if g := generations(t, ix.path); !slices.Equal(g, []string{gen}) {
		t.Errorf("generations after the failed reindex: %q, want only %s", g, gen)
	}
	if ix.st.gen != gen || !slices.Contains(claimIDs(ask(t, ix, "containers")), "fx-minister-containers") {
		t.Error("the previous index is no longer serving")
	}
	// A restart with the invalid data serves the previous index too.
	ix.Close()
	ix2 := openData(t, os.DirFS(data), ix.path)
	if ix2.st.gen != gen {
		t.Errorf("restart on invalid data: generation %s, want the previous %s", ix2.st.gen, gen)
	}
}

func TestReindexOneAtATime(t *testing.T) {
	ix := openFixture(t)
	// In this process: a second call while one runs.
	entered, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	ix.SetProgress(func(done, total int) {
		once.Do(func() { close(entered); <-release })
	})
	errc := make(chan error, 1)
	go func() { _, err := ix.Reindex(context.Background()); errc <- err }()
	<-entered
	if _, err := ix.Reindex(context.Background()); !errors.Is(err, armswatch.ErrReindexRunning) {
		t.Errorf("concurrent Reindex = %v, want ErrReindexRunning", err)
	}
	close(release)
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	ix.SetProgress(nil)
	// Across processes: the lock file held by another builder.
	l, ok, err := tryLock(filepath.Join(ix.path, "lock"))
	if err != nil || !ok {
		t.Fatalf("tryLock: %v %v", ok, err)
	}
	if _, err := ix.Reindex(context.Background()); !errors.Is(err, armswatch.ErrReindexRunning) {
		t.Errorf("Reindex with the lock held elsewhere = %v", err)
	}
	l.unlock()
	if _, err := ix.Reindex(context.Background()); err != nil {
		t.Errorf("Reindex after unlock: %v", err)
	}
}

// Answers keep flowing, without errors, while reindexes swap generations.
func TestAnswersContinueDuringReindex(t *testing.T) {
	ix := openFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var answered, failed atomic.Int64
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				a, err := ix.Answer(context.Background(), armswatch.Query{Text: "shells"})
				if err != nil || len(a.Claims) == 0 {
					failed.Add(1)
				}
				ix.Complete(context.Background(), armswatch.CompleteQuery, "sh", 5)
				answered.Add(1)
			}
		}()
	}
	for i := 0; i < 3; i++ {
		if _, err := ix.Reindex(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	cancel()
	wg.Wait()
	if failed.Load() > 0 || answered.Load() == 0 {
		t.Errorf("%d of %d answers failed during reindexing", failed.Load(), answered.Load())
	}
}

// Another process (ask) opens the index a server uses, and keeps
// answering after the server swaps generations and removes the old one.
func TestSecondReaderOnSamePath(t *testing.T) {
	data := copyFixture(t)
	dir := t.TempDir()
	server := openData(t, os.DirFS(data), dir)
	reader := openData(t, os.DirFS(data), dir)
	if reader.st.gen != server.st.gen {
		t.Fatalf("reader built its own index")
	}
	writeFile(t, filepath.Join(data, "documents", "fx-en-drones.md"), extraDoc)
	if _, err := server.Reindex(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(ask(t, reader, "shells").Claims) == 0 {
		t.Error("the reader stopped answering after the swap")
	}
	// Its Watch takes over the server's new generation instead of building.
	reader.pollOnce(context.Background())
	if reader.st.gen != server.st.gen {
		t.Errorf("reader on %s, server on %s", reader.st.gen, server.st.gen)
	}
}

func TestWatchReindexesChangedData(t *testing.T) {
	data := copyFixture(t)
	var succeeded, failed atomic.Int32
	ix, err := Open(context.Background(), Options{Path: t.TempDir(), Data: os.DirFS(data), DataLabel: "fixture",
		OnReindex: func(_ time.Duration, err error) {
			if err != nil {
				failed.Add(1)
			} else {
				succeeded.Add(1)
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() { ix.Watch(ctx, 20*time.Millisecond); close(done) }()
	writeFile(t, filepath.Join(data, "documents", "fx-en-drones.md"), extraDoc)
	// OnReindex is told once the new generation is in service.
	testwait.For(t, "Watch to reindex the changed data", func() bool { return succeeded.Load() > 0 })
	if n := ix.Stats().Documents; n != 7 {
		t.Errorf("%d documents after the reindex, want 7", n)
	}
	// Invalid data: Watch's reindex fails, and the index keeps serving.
	writeFile(t, filepath.Join(data, "claims", "broken.yaml"), "- id: BAD ID\n")
	testwait.For(t, "Watch to try the invalid data", func() bool { return failed.Load() > 0 })
	if ix.Stats().Documents != 7 || len(ask(t, ix, "shells").Claims) == 0 {
		t.Error("invalid data disturbed the index in service")
	}
	cancel()
	<-done
}

func TestClosedIndex(t *testing.T) {
	ix := openFixture(t)
	ix.Close()
	if ix.Ready() {
		t.Error("ready after Close")
	}
	if _, err := ix.Answer(context.Background(), armswatch.Query{Text: "shells"}); err == nil {
		t.Error("answer after Close")
	}
	if cs := ix.Complete(context.Background(), armswatch.CompleteQuery, "sh", 5); len(cs) != 0 {
		t.Error("completions after Close")
	}
	if _, err := ix.Reindex(context.Background()); err == nil {
		t.Error("reindex after Close")
	}
}

func TestEmptyDataSet(t *testing.T) {
	data := t.TempDir()
	os.WriteFile(filepath.Join(data, "aliases.yaml"), []byte("[]\n"), 0o644)
	ix := openData(t, os.DirFS(data), t.TempDir())
	a := ask(t, ix, "shells")
	if !a.NoAnswer() || a.Summary == "" {
		t.Errorf("empty data: %+v", a)
	}
}

// While another process holds the builder's lock, Open on changed data
// answers from the index in service instead of waiting.
func TestOpenDoesNotWaitForAnotherBuilder(t *testing.T) {
	data := copyFixture(t)
	dir := t.TempDir()
	first := openData(t, os.DirFS(data), dir)
	gen := first.st.gen
	first.Close()
	writeFile(t, filepath.Join(data, "documents", "fx-en-drones.md"), extraDoc)
	l, ok, err := tryLock(filepath.Join(dir, "lock"))
	if err != nil || !ok {
		t.Fatal("lock", ok, err)
	}
	defer l.unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ix, err := Open(ctx, Options{Path: dir, Data: os.DirFS(data)})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if ix.st.gen != gen || len(ask(t, ix, "shells").Claims) == 0 {
		t.Errorf("did not answer from the index in service")
	}
}

// readHookFS calls onRead before a file's contents are read (Open,
// ReadFile), not when it is only listed or stat'ed (as the fingerprint
// does).
type readHookFS struct {
	fs.FS
	onRead func(name string)
}

func (h readHookFS) ReadFile(name string) ([]byte, error) {
	h.onRead(name)
	return fs.ReadFile(h.FS, name)
}

// Open is how the loader reads a file (through a limit); listing and
// stat'ing go through ReadDir and Stat, which do not count as reading.
func (h readHookFS) Open(name string) (fs.File, error) {
	h.onRead(name)
	return h.FS.Open(name)
}

func (h readHookFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(h.FS, name) }

func (h readHookFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(h.FS, name) }

// TestFileChangedDuringBuild: the data is read while the index is built,
// so a moderator may save a file in the middle of a build. The change is
// not lost: the generation carries the fingerprint taken before anything
// was read, and the next poll builds again.
func TestFileChangedDuringBuild(t *testing.T) {
	data := copyFixture(t)
	var once sync.Once
	fsys := readHookFS{FS: os.DirFS(data), onRead: func(name string) {
		if strings.HasPrefix(name, armswatch.DocumentsDir+"/") {
			once.Do(func() { writeFile(t, filepath.Join(data, "documents", "fx-en-drones.md"), extraDoc) })
		}
	}}
	ix := openData(t, fsys, t.TempDir())
	var fired bool
	once.Do(func() { fired = true })
	if fired {
		t.Fatal("the build read no document")
	}
	if n := ix.Stats().Documents; n != 6 {
		t.Fatalf("the build saw %d documents; the one written during it should wait for the next", n)
	}
	ix.pollOnce(context.Background())
	if n := ix.Stats().Documents; n != 7 || len(ask(t, ix, "loitering drones").Documents) == 0 {
		t.Errorf("after the next poll: %d documents; the file written during the build was lost", n)
	}
}
