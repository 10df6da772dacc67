package index

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/internal/testwait"
)

// hangingFS is a data directory whose Open, while armed, blocks until the
// test's context ends (a hung network file system); Stat and ReadDir (what
// the fingerprint and the listing use) answer.
type hangingFS struct {
	fsys    fs.FS
	ctx     context.Context
	armed   atomic.Bool
	blocked atomic.Int32 // Opens blocked now
}

func (h *hangingFS) Open(name string) (fs.File, error) {
	if h.armed.Load() && strings.HasPrefix(name, armswatch.DocumentsDir+"/") {
		h.blocked.Add(1)
		defer h.blocked.Add(-1)
		<-h.ctx.Done()
		return nil, &fs.PathError{Op: "open", Path: name, Err: h.ctx.Err()}
	}
	return h.fsys.Open(name)
}

func (h *hangingFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(h.fsys, name) }

func (h *hangingFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(h.fsys, name) }

// A reindex that hangs reading the data is abandoned after
// Options.ReindexTimeout: it fails with ErrReindexTimeout, is reported to
// OnReindex as failed, the index in service stays, and the next reindex and
// the next poll run (before, every later /reindex answered "already
// running" for ever).
// The limit leaves a real build of the fixture room on a loaded 2-core
// machine (300 ms did not, once): the hanging ones wait it out.
func TestHungReindexIsAbandoned(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	data := copyFixture(t)
	h := &hangingFS{fsys: os.DirFS(data), ctx: ctx}
	dir := t.TempDir()
	rl := &reindexLog{}
	ix, err := Open(context.Background(), Options{Path: dir, Data: h, DataLabel: "fixture",
		OnReindex: rl.record, ReindexTimeout: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel() // the blocked Opens return; the abandoned builds end
		testwait.For(t, "the abandoned builds to end", func() bool { return ix.builds.Load() == 0 })
		ix.Close()
	})
	old := ix.servingGen()

	h.armed.Store(true)
	start := time.Now()
	_, err = ix.Reindex(context.Background())
	if !errors.Is(err, ErrReindexTimeout) {
		t.Fatalf("Reindex of hanging data: err = %v, want ErrReindexTimeout", err)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("the abandoned reindex returned after %s", took)
	}
	if h.blocked.Load() == 0 {
		t.Error("the data source never blocked")
	}
	if errs := rl.all(); len(errs) != 1 || !errors.Is(errs[0], ErrReindexTimeout) {
		t.Errorf("OnReindex got %v, want one ErrReindexTimeout", errs)
	}
	if ix.servingGen() != old || failingAnswer(ix) != nil {
		t.Error("the index in service changed or stopped answering")
	}

	// The next reindex runs (the data source answers again).
	h.armed.Store(false)
	if _, err := ix.Reindex(context.Background()); err != nil {
		t.Fatalf("the reindex after an abandoned one: %v", err)
	}
	if ix.servingGen() == old {
		t.Error("the reindex after an abandoned one did not swap")
	}

	// The next poll after an abandoned one reindexes the changed data.
	writeFile(t, filepath.Join(data, "documents", "fx-en-drones.md"), extraDoc)
	h.armed.Store(true)
	ix.pollOnce(context.Background())
	if got := ix.Stats().Documents; got != 6 {
		t.Fatalf("documents after an abandoned poll = %d, want 6", got)
	}
	h.armed.Store(false)
	ix.pollOnce(context.Background())
	if got := ix.Stats().Documents; got != 7 {
		t.Errorf("documents after the next poll = %d, want 7", got)
	}
	if errs := rl.all(); len(errs) != 4 || !errors.Is(errs[2], ErrReindexTimeout) || errs[3] != nil {
		t.Errorf("OnReindex got %v, want: timeout, ok, timeout, ok", errs)
	}
}
