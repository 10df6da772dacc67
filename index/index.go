package index

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/armswatch/armswatch"
	"github.com/blevesearch/bleve/v2"
)

// Options configure an Index.
type Options struct {
	// Path is the index directory; "" means os.UserCacheDir()/armswatch/index.
	Path string
	// Data is the data set (the bundle or a directory).
	Data fs.FS
	// DataLabel names the data set in messages ("bundled data", a path).
	DataLabel string
	// Logger gets what the index does; nil discards.
	Logger *slog.Logger
	// Progress, when set, is called during builds with records done and
	// the total.
	Progress func(done, total int)
	// OnReindex, when set, is told of every reindex that ran, from
	// Reindex, Watch or the repair of a damaged index: how long it took
	// and its error (nil on success; one abandoned after ReindexTimeout
	// matches ErrReindexTimeout). One refused because another is running
	// is not reported. (For metrics.)
	OnReindex func(d time.Duration, err error)
	// OpenStale makes Open take the index in service even when the data
	// changed since it was built (a missing or corrupt one is still
	// built): for a caller that reindexes next and wants the report of
	// what changed.
	OpenStale bool
	// ReindexTimeout bounds a reindex (from Reindex, Watch or the repair
	// of a damaged index): one not finished within it is abandoned, and
	// fails with ErrReindexTimeout, so that a data source that hangs
	// cannot block later reindexes. Zero means DefaultReindexTimeout;
	// negative, no limit.
	ReindexTimeout time.Duration
}

// DefaultReindexTimeout is the limit of a reindex when
// Options.ReindexTimeout is zero.
const DefaultReindexTimeout = 10 * time.Minute

// ErrReindexTimeout matches the error of a reindex abandoned because it
// did not finish within Options.ReindexTimeout.
var ErrReindexTimeout = errors.New("the reindex did not finish in time and was abandoned")

// DefaultPath is the index directory used when Options.Path is empty.
func DefaultPath() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("find the user cache directory: %w", err)
	}
	return filepath.Join(dir, "armswatch", "index"), nil
}

// Index is an open answer engine over one generation of the on-disk
// index. The directory at Path holds:
//
//	current       the name of the generation in service (replaced by rename)
//	lock          flock'ed by the one process building at a time
//	gen-*/        generations: bleve/ (the bleve index), bodies.dat (the
//	              document bodies), words.fst and stems.fst (vocabulary),
//	              aux.json, docs.json, manifest.json and, written last,
//	              meta.json
//
// A generation is built whole in a new directory, checked, opened
// read-only and swapped in; it is never written again, so any number of
// processes (a server, `ask`) can read the same path while one builds.
// An interrupted build leaves a directory without meta.json that the next
// builder removes; `current` always names a complete generation.
type Index struct {
	opts Options
	path string
	log  *slog.Logger

	mu     sync.RWMutex // held for reading by every answer, for writing by a swap
	st     *state
	alias  bleve.IndexAlias
	closed bool

	reindexing atomic.Bool
	watchFail  string // fingerprint whose reindex last failed (Watch logs it once)

	corpus corpusCache // the whole data set, loaded on demand by Corpus

	dmg    damageState     // damage found on the generation in service; see damage.go
	bgCtx  context.Context // ends at Close: background checks and repairs
	stopBg context.CancelFunc
	bg     sync.WaitGroup // background checks and repairs
	builds atomic.Int32   // builds of buildWithin still running, abandoned ones included
}

// state is one open generation and everything loaded with it.
type state struct {
	gen     string
	dir     string
	bi      bleve.Index
	bodies  *bodyReader
	meta    meta
	aux     aux
	vocab   *vocab
	aliases *aliasMatcher
	an      *analyzers
	df      dfCache     // term document frequencies, read on first use
	denials denialCache // the denials beside comparisons, per date filter

	docsOnce sync.Once
	docs     []docEntry

	ids idRanks // records' places in id order, read on first use (idrank.go)

	checked chan struct{} // closed when the background check of checkInService is done
}

var errStale = errors.New("index is stale")

// Open opens the current index at opts.Path, building it first when it is
// missing, stale (the data's fingerprint or the mapping changed) or
// corrupt. When the data is invalid but an older index exists, that index
// is opened and the problem logged.
func Open(ctx context.Context, opts Options) (*Index, error) {
	if opts.Data == nil {
		return nil, errors.New("open index: no data set given")
	}
	if opts.Logger == nil {
		opts.Logger = discardLogger()
	}
	if opts.DataLabel == "" {
		opts.DataLabel = "data"
	}
	path := opts.Path
	if path == "" {
		p, err := DefaultPath()
		if err != nil {
			return nil, fmt.Errorf("open index: %w", err)
		}
		path = p
	}
	if err := os.MkdirAll(path, 0o755); err != nil {
		return nil, fmt.Errorf("open index %q: %w", path, err)
	}
	ix := &Index{opts: opts, path: path, log: opts.Logger}
	ix.bgCtx, ix.stopBg = context.WithCancel(context.Background())
	fp, err := ix.fingerprint()
	if err != nil {
		ix.stopBg()
		return nil, fmt.Errorf("open index %q: %w", path, err)
	}
	want := fp
	if opts.OpenStale {
		want = ""
	}
	st, err := ix.openCurrent(want)
	if err != nil {
		if !errors.Is(err, errStale) && !errors.Is(err, fs.ErrNotExist) {
			ix.log.Warn("index unusable, rebuilding", "path", path, "err", err)
		}
		st, err = ix.buildForOpen(ctx, fp)
		if err != nil {
			ix.stopBg()
			return nil, err
		}
	}
	ix.prepare(st)
	ix.st = st
	ix.alias = checkedAlias{IndexAlias: bleve.NewIndexAlias(st.bi), ix: ix}
	ix.inService(st, false) // loads docs.json: completion of document titles is ready before it is asked for
	return ix, nil
}

// fingerprint is the data's fingerprint plus the mapping version.
func (ix *Index) fingerprint() (string, error) {
	fp, err := armswatch.Fingerprint(ix.opts.Data)
	if err != nil {
		return "", err
	}
	return fp + "+" + mappingVersion, nil
}

// currentGen reads the name of the generation in service.
func (ix *Index) currentGen() (string, error) {
	b, err := os.ReadFile(filepath.Join(ix.path, "current"))
	if err != nil {
		return "", err
	}
	gen := strings.TrimSpace(string(b))
	if !strings.HasPrefix(gen, "gen-") || strings.ContainsAny(gen, `/\`) || gen != filepath.Base(gen) {
		return "", fmt.Errorf("current names %q, not a generation", gen)
	}
	return gen, nil
}

// openCurrent opens the generation in service when it matches want (any
// fingerprint when want is ""). It retries when a builder replaces the
// generation while it is being opened.
func (ix *Index) openCurrent(want string) (*state, error) {
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		gen, err := ix.currentGen()
		if err != nil {
			return nil, err
		}
		st, err := openGeneration(filepath.Join(ix.path, gen), want)
		if err == nil || errors.Is(err, errStale) {
			return st, err
		}
		lastErr = err
		if again, _ := ix.currentGen(); again == gen {
			break // not a race with a builder: the generation is broken
		}
	}
	return nil, lastErr
}

// openGeneration opens a complete generation read-only.
func openGeneration(dir, want string) (*state, error) {
	var md meta
	if err := readJSON(filepath.Join(dir, "meta.json"), &md); err != nil {
		return nil, err
	}
	if want != "" && md.Fingerprint != want {
		return nil, errStale
	}
	st := &state{gen: filepath.Base(dir), dir: dir, meta: md, checked: make(chan struct{})}
	if err := readJSON(filepath.Join(dir, "aux.json"), &st.aux); err != nil {
		return nil, err
	}
	v, err := loadVocab(dir)
	if err != nil {
		return nil, err
	}
	st.vocab = v
	st.an, err = newAnalyzers(buildMapping())
	if err != nil {
		return nil, err
	}
	st.aliases = newAliasMatcher(st.aux.Aliases)
	bodies, err := openBodies(dir, md.BodyBytes)
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", filepath.Base(dir), err)
	}
	bi, err := bleve.OpenUsing(filepath.Join(dir, "bleve"), map[string]interface{}{
		"read_only":    true,
		"bolt_timeout": "2s",
	})
	if err != nil {
		bodies.close()
		return nil, fmt.Errorf("open %s: %w", filepath.Base(dir), err)
	}
	n, err := bi.DocCount()
	if err == nil && n != uint64(md.Documents+md.Claims) {
		err = fmt.Errorf("holds %d records, meta.json says %d", n, md.Documents+md.Claims)
	}
	if err != nil {
		bi.Close()
		bodies.close()
		return nil, fmt.Errorf("check %s: %w", filepath.Base(dir), err)
	}
	st.bi, st.bodies = bi, bodies
	return st, nil
}

// close closes the generation's bleve index and bodies file.
func (st *state) close() error {
	err := st.bi.Close()
	if cerr := st.bodies.close(); err == nil {
		err = cerr
	}
	return err
}

// buildForOpen builds a generation for Open, waiting for another builder
// (another process) to finish first and taking its result when it fits.
func (ix *Index) buildForOpen(ctx context.Context, fp string) (*state, error) {
	// Another process (a server) is rebuilding: answer from the index in
	// service rather than wait for it.
	if l, ok, err := tryLock(filepath.Join(ix.path, "lock")); err == nil && !ok {
		if old, oerr := ix.openCurrent(""); oerr == nil {
			ix.log.Info("another process is rebuilding the index; using the one in service meanwhile",
				"path", ix.path, "built_at", old.meta.BuiltAt)
			return old, nil
		}
	} else if ok {
		l.unlock()
	}
	lock, err := ix.waitLock(ctx)
	if err != nil {
		return nil, fmt.Errorf("open index %q: %w", ix.path, err)
	}
	defer lock.unlock()
	if st, err := ix.openCurrent(fp); err == nil {
		return st, nil // built by another process meanwhile
	}
	st, err := ix.buildLocked(ctx, nil)
	if err != nil {
		if old, oerr := ix.openCurrent(""); oerr == nil {
			ix.log.Error("cannot build the index from the data; serving the previous index",
				"data", ix.opts.DataLabel, "built_at", old.meta.BuiltAt, "err", err)
			return old, nil
		}
		return nil, fmt.Errorf("build index %q from %s: %w", ix.path, ix.opts.DataLabel, err)
	}
	ix.removeStale(st.gen)
	return st, nil
}

// waitLock takes the builder's lock, waiting while another process holds it.
func (ix *Index) waitLock(ctx context.Context) (*fileLock, error) {
	logged := false
	for {
		l, ok, err := tryLock(filepath.Join(ix.path, "lock"))
		if err != nil || ok {
			return l, err
		}
		if !logged {
			ix.log.Info("another process is building the index; waiting", "path", ix.path)
			logged = true
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// buildLocked loads the data, builds a new generation, checks and opens it
// and makes it current, unless gate (when not nil) was abandoned first.
// The caller holds the lock.
func (ix *Index) buildLocked(ctx context.Context, gate *buildGate) (*state, error) {
	fp, err := ix.fingerprint()
	if err != nil {
		return nil, err
	}
	// The data is read one document at a time while the index is built,
	// never held whole; if it turns out invalid, the new generation is
	// thrown away (the current one stays). Every file is read once, and
	// what is indexed is what was checked. The fingerprint above was taken
	// before anything was read: a file changed during the build leaves the
	// new generation labelled with the older data's fingerprint, so the
	// next poll (or open) builds again.
	data, err := armswatch.OpenStream(ix.opts.Data)
	if err != nil {
		return nil, err
	}
	ix.removeStale("")
	var rnd [4]byte
	rand.Read(rnd[:])
	gen := fmt.Sprintf("gen-%d-%s", time.Now().UnixNano(), hex.EncodeToString(rnd[:]))
	dir := filepath.Join(ix.path, gen)
	ix.mu.RLock()
	progress := ix.opts.Progress
	ix.mu.RUnlock()
	b := &builder{dir: dir, src: data, fp: fp, label: ix.opts.DataLabel, progress: progress}
	start := time.Now()
	md, err := b.build(ctx)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	st, err := openGeneration(dir, fp)
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("check the new index: %w", err)
	}
	if !gate.commit() {
		st.close()
		os.RemoveAll(dir)
		return nil, ErrReindexTimeout
	}
	if err := ix.setCurrent(gen); err != nil {
		st.close()
		os.RemoveAll(dir)
		return nil, err
	}
	ix.log.Info("index built", "path", ix.path, "generation", gen, "documents", md.Documents,
		"claims", md.Claims, "seconds", time.Since(start).Seconds())
	return st, nil
}

// setCurrent points `current` at gen atomically.
func (ix *Index) setCurrent(gen string) error {
	tmp := filepath.Join(ix.path, "current.tmp")
	if err := writeFileSync(tmp, []byte(gen+"\n")); err != nil {
		return fmt.Errorf("write current: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(ix.path, "current")); err != nil {
		return fmt.Errorf("write current: %w", err)
	}
	return syncDir(ix.path)
}

// removeStale removes every generation directory except the current one
// and keep. The caller holds the lock, so no build is under way; other
// processes reading a removed generation keep their open files.
func (ix *Index) removeStale(keep string) {
	cur, _ := ix.currentGen()
	entries, err := os.ReadDir(ix.path)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || !strings.HasPrefix(name, "gen-") || name == cur || name == keep {
			continue
		}
		if err := os.RemoveAll(filepath.Join(ix.path, name)); err != nil {
			ix.log.Warn("cannot remove an old index generation", "dir", name, "err", err)
		}
	}
}

// Reindex rebuilds the index from the data and swaps it in while answers
// continue. Invalid data gives an error matching armswatch.ErrInvalidData
// (it unwraps to armswatch.ValidationErrors) and the index in service stays.
// A reindex already running, here or in another process on the same path,
// gives armswatch.ErrReindexRunning.
func (ix *Index) Reindex(ctx context.Context) (_ armswatch.ReindexReport, err error) {
	if !ix.reindexing.CompareAndSwap(false, true) {
		return armswatch.ReindexReport{}, armswatch.ErrReindexRunning
	}
	defer ix.reindexing.Store(false)
	lock, ok, err := tryLock(filepath.Join(ix.path, "lock"))
	if err != nil {
		return armswatch.ReindexReport{}, fmt.Errorf("reindex: %w", err)
	}
	if !ok {
		return armswatch.ReindexReport{}, armswatch.ErrReindexRunning
	}
	defer lock.unlock()
	if report := ix.opts.OnReindex; report != nil {
		begin := time.Now()
		defer func() { report(time.Since(begin), err) }()
	}
	return ix.rebuild(ctx, false)
}

// rebuild builds a generation from the data and puts it in service; auto
// says it repairs a damaged one. The caller holds the lock and the
// reindexing flag. A build not done within Options.ReindexTimeout is
// abandoned: it goes on in the background until whatever blocks it
// returns, but never makes its generation current.
//
// The report's changes are against the previous generation's manifest;
// when that is unreadable (damaged), the report lists no change rather
// than every record as added, and the damage is logged and counted.
func (ix *Index) rebuild(ctx context.Context, auto bool) (armswatch.ReindexReport, error) {
	start := time.Now()
	ix.mu.RLock()
	if ix.closed {
		ix.mu.RUnlock()
		return armswatch.ReindexReport{}, errClosed
	}
	prev := ix.st
	ix.mu.RUnlock()
	old, oldErr := readManifestCorpus(prev.dir)

	st, err := ix.buildWithin(ctx)
	if err != nil {
		return armswatch.ReindexReport{}, fmt.Errorf("reindex from %s: %w", ix.opts.DataLabel, err)
	}
	if err := ix.swap(st, auto); err != nil {
		return armswatch.ReindexReport{}, err
	}
	ix.removeStale(st.gen)
	cur, _ := readManifestCorpus(st.dir) // just written; damage is for its background check to find
	if oldErr != nil {
		ix.dmg.mu.Lock()
		ix.dmg.errors++
		ix.dmg.mu.Unlock()
		ix.log.Warn("the previous index's manifest is unreadable: the reindex report lists no changes",
			"generation", prev.gen, "err", oldErr)
		old = cur
	}
	rep := armswatch.Diff(old, cur)
	rep.Seconds = time.Since(start).Seconds()
	return rep, nil
}

// buildWithin runs buildLocked within Options.ReindexTimeout.
func (ix *Index) buildWithin(ctx context.Context) (*state, error) {
	limit := ix.opts.ReindexTimeout
	if limit == 0 {
		limit = DefaultReindexTimeout
	}
	if limit < 0 {
		return ix.buildLocked(ctx, nil)
	}
	bctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	type result struct {
		st  *state
		err error
	}
	done := make(chan result, 1)
	gate := &buildGate{}
	ix.builds.Add(1)
	go func() {
		defer ix.builds.Add(-1)
		st, err := ix.buildLocked(bctx, gate)
		done <- result{st, err}
	}()
	select {
	case r := <-done:
		if r.err != nil && errors.Is(r.err, context.DeadlineExceeded) && ctx.Err() == nil {
			r.err = fmt.Errorf("%w (limit %s): %w", ErrReindexTimeout, limit, r.err)
		}
		return r.st, r.err
	case <-bctx.Done():
	}
	if !gate.abandon() {
		r := <-done // making its generation current: done at once
		return r.st, r.err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ix.log.Error("reindex abandoned: not finished within the time limit; the index in service stays",
		"data", ix.opts.DataLabel, "limit", limit.String())
	return nil, fmt.Errorf("%w (limit %s)", ErrReindexTimeout, limit)
}

// buildGate decides, between a build and the reindex waiting for it,
// whether the build may still make its generation current.
type buildGate struct {
	mu         sync.Mutex
	abandoned  bool
	committing bool
}

// commit is called by the build before it makes its generation current:
// false when it was abandoned. A nil gate always commits.
func (g *buildGate) commit() bool {
	if g == nil {
		return true
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.committing = !g.abandoned
	return g.committing
}

// abandon is called when the time is up: false when the build is already
// making its generation current.
func (g *buildGate) abandon() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.abandoned = !g.committing
	return g.abandoned
}

var errClosed = errors.New("index is closed")

// swap puts st in service; auto says it was built to repair a damaged
// generation. Answers in flight finish on the old generation (they hold
// the read lock); the alias swap is atomic for bleve searches.
func (ix *Index) swap(st *state, auto bool) error {
	ix.prepare(st)
	ix.mu.Lock()
	if ix.closed {
		ix.mu.Unlock()
		st.close()
		return errClosed
	}
	old := ix.st
	ix.alias.Swap([]bleve.Index{st.bi}, []bleve.Index{old.bi})
	ix.st = st
	ix.mu.Unlock()
	ix.inService(st, auto)
	if err := old.close(); err != nil {
		ix.log.Warn("close the previous index generation", "err", err)
	}
	return nil
}

// readManifestCorpus rebuilds, from a generation's manifest, a corpus
// fit for armswatch.Diff: claims as they were, documents reduced to id and
// content hash.
func readManifestCorpus(dir string) (*armswatch.Corpus, error) {
	var man manifest
	if err := readJSON(filepath.Join(dir, "manifest.json"), &man); err != nil {
		return &armswatch.Corpus{}, err
	}
	c := &armswatch.Corpus{Claims: man.Claims}
	for id, h := range man.Docs {
		c.Documents = append(c.Documents, armswatch.Document{ID: id, Body: h})
	}
	return c, nil
}

// Watch polls the data's fingerprint every interval (60 s when interval is
// not positive) until ctx ends, and reindexes when it changed. When another
// process on the same path already built an index of the new data, that
// index is taken over instead of built again. Failures are logged (once per
// data version), never fatal.
func (ix *Index) Watch(ctx context.Context, interval time.Duration) {
	if interval <= 0 {
		interval = 60 * time.Second
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		ix.pollOnce(ctx)
	}
}

func (ix *Index) pollOnce(ctx context.Context) {
	fp, err := ix.fingerprint()
	if err != nil {
		ix.log.Warn("cannot fingerprint the data", "data", ix.opts.DataLabel, "err", err)
		return
	}
	ix.mu.RLock()
	if ix.closed {
		ix.mu.RUnlock()
		return
	}
	cur := ix.st.meta.Fingerprint
	curGen := ix.st.gen
	ix.mu.RUnlock()
	if fp == cur || fp == ix.watchFail {
		return
	}
	if gen, err := ix.currentGen(); err == nil && gen != curGen {
		if st, err := ix.openCurrent(fp); err == nil {
			if ix.swap(st, false) == nil {
				ix.log.Info("took over the index built by another process", "generation", st.gen)
			}
			return
		}
	}
	rep, err := ix.Reindex(ctx)
	switch {
	case errors.Is(err, armswatch.ErrReindexRunning):
		return
	case errors.Is(err, ErrReindexTimeout):
		// Logged by buildWithin; not remembered, so the next poll
		// tries again (a hang is not the data's fault).
		return
	case err != nil:
		ix.watchFail = fp
		ix.log.Error("the data changed but cannot be indexed; the previous index stays in service",
			"data", ix.opts.DataLabel, "err", err)
	default:
		ix.watchFail = ""
		ix.log.Info("the data changed: reindexed", "data", ix.opts.DataLabel,
			"documents", rep.Documents, "claims", rep.Claims, "seconds", rep.Seconds,
			"documents_added", len(rep.DocumentsAdded), "documents_changed", len(rep.DocumentsChanged),
			"documents_removed", len(rep.DocumentsRemoved), "claims_added", len(rep.ClaimsAdded),
			"claims_changed", len(rep.ClaimsChanged), "claims_removed", len(rep.ClaimsRemoved))
	}
}

// Stats describes the data in service.
func (ix *Index) Stats() armswatch.Stats {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.st == nil {
		return armswatch.Stats{}
	}
	m := ix.st.meta
	return armswatch.Stats{
		Documents:   m.Documents,
		Claims:      m.Claims,
		Earliest:    m.Earliest,
		Latest:      m.Latest,
		BuiltAt:     m.BuiltAt.Format(time.RFC3339),
		Fingerprint: m.Fingerprint,
	}
}

// Ready reports whether an index is open and answering.
func (ix *Index) Ready() bool {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.st != nil && !ix.closed
}

// Path is the index directory in use.
func (ix *Index) Path() string { return ix.path }

// Close closes the index. Answers after Close fail. It stops the
// background check and any repair under way (waiting for them), but not
// an abandoned build (see Options.ReindexTimeout), which can only end
// when what blocks it returns.
func (ix *Index) Close() error {
	ix.dmg.mu.Lock()
	ix.dmg.stopped = true
	ix.dmg.mu.Unlock()
	ix.stopBg()
	ix.bg.Wait()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return nil
	}
	ix.closed = true
	ix.alias.Close()
	return ix.st.close()
}

// prepare wires st's body reads to the damage accounting, before st is
// put in service.
func (ix *Index) prepare(st *state) {
	st.bodies.failed = func(err error) error { return ix.readFailed(st, err) }
}

// acquire returns the state in service for the duration of an operation;
// release with ix.mu.RUnlock.
func (ix *Index) acquire() (*state, error) {
	ix.mu.RLock()
	if ix.closed || ix.st == nil {
		ix.mu.RUnlock()
		return nil, errClosed
	}
	return ix.st, nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("read %s: %w", filepath.Base(path), err)
	}
	return nil
}

// SetProgress sets the function told about the progress of later builds.
func (ix *Index) SetProgress(f func(done, total int)) {
	ix.mu.Lock()
	ix.opts.Progress = f
	ix.mu.Unlock()
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
