package index

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	"github.com/armswatch/armswatch"
	"github.com/blevesearch/bleve/v2"
)

// A generation is written once and never again, so a read that fails on
// it, other than for a cancelled or timed-out request, means its files
// were damaged after the build (a disk fault, bytes overwritten): the
// index is then damaged. What is found damaged:
//
//   - a search of bleve's index that fails, confirmed by the segments'
//     checksums (see verifySegments: a failing search whose segments check
//     out is counted and logged, not taken for damage, since a query bleve
//     refuses is not damage);
//   - a body whose read or CRC-32C check fails (bodies.go);
//   - docs.json or manifest.json that does not parse, and a segment whose
//     checksum does not match, found by the check run in the background
//     when a generation enters service (checkInService).
//
// A damaged index is reported by Health (and so /healthz) and counted
// (Errors), and rebuilt from the data once, in the background, while the
// damaged generation keeps answering what it still can; reads that fail
// meanwhile give errors matching ErrIndexRepairing. A rebuild that fails
// (invalid data, a full disk) is logged and not retried; nor is a
// generation built by such a repair repaired again when it is found
// damaged too (the disk is then the likely cause). A successful /reindex
// or a data change puts a new generation in service and clears the damage.

// ErrIndexDamaged matches the errors of reads that failed because the
// generation in service is damaged.
// It is the domain's, so that front ends that do not import index match it.
var ErrIndexDamaged = armswatch.ErrIndexDamaged

// ErrIndexRepairing matches the errors of reads that failed on a damaged
// index while it is being rebuilt from the data; it also matches
// ErrIndexDamaged.
var ErrIndexRepairing = armswatch.ErrIndexRepairing

// Health is the condition of the index in service.
type Health struct {
	// Damaged is set when a read or a check found the generation in
	// service damaged.
	Damaged bool
	// Problem is what was found: the file and the error (never text a
	// user typed).
	Problem string
	// Repairing is set while the index is being rebuilt from the data.
	Repairing bool
	// RepairFailed is why it could not be rebuilt, when it could not.
	RepairFailed string
}

// String describes h in a line: "ok", or the damage and what is done
// about it.
func (h Health) String() string {
	switch {
	case !h.Damaged:
		return "ok"
	case h.Repairing:
		return "the index is damaged (" + h.Problem + "); rebuilding it from the data"
	case h.RepairFailed != "":
		return "the index is damaged (" + h.Problem + ") and could not be rebuilt (" + h.RepairFailed + "); run /reindex once the cause is fixed"
	default:
		return "the index is damaged (" + h.Problem + ")"
	}
}

// damageState is what the Index knows of damage to the generation in
// service and of its repair.
type damageState struct {
	mu        sync.Mutex
	gen       string // the damaged generation ("" when none)
	problem   string
	repairing bool
	repairErr string
	running   bool      // a repair goroutine is running
	autoGen   string    // the generation built by the last automatic repair
	cleanGen  string    // generation whose segments last checked out …
	cleanAt   time.Time // … and when
	stopped   bool      // Close has begun: start no more background work
	errors    uint64    // read errors and failed checks, for Errors
}

// Health reports the condition of the index in service.
func (ix *Index) Health() Health {
	d := &ix.dmg
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.gen == "" {
		return Health{}
	}
	return Health{Damaged: true, Problem: d.problem, Repairing: d.repairing, RepairFailed: d.repairErr}
}

// Damaged reports whether the index in service is damaged and, when it
// is, Health's description of it.
func (ix *Index) Damaged() (bool, string) {
	h := ix.Health()
	return h.Damaged, h.String()
}

// Errors is the number of read errors and failed checks of the index
// since it was opened (for armswatch_index_errors_total).
func (ix *Index) Errors() uint64 {
	ix.dmg.mu.Lock()
	defer ix.dmg.mu.Unlock()
	return ix.dmg.errors
}

// checkedAlias is the alias answers search through: a search that fails
// is reported to the Index, which decides whether the index is damaged.
type checkedAlias struct {
	bleve.IndexAlias
	ix *Index
}

// SearchInContext searches; the caller holds ix.mu for reading (acquire).
// A panic of the search (zap decoding damaged bytes panics with slice
// bounds out of range) becomes an error, logged with its stack.
func (a checkedAlias) SearchInContext(ctx context.Context, req *bleve.SearchRequest) (res *bleve.SearchResult, err error) {
	defer func() {
		if r := recover(); r != nil {
			a.ix.log.Error("an index search panicked", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			res, err = nil, a.ix.searchFailed(ctx, fmt.Errorf("%w: %v", errSearchPanic, r))
		}
	}()
	res, err = a.IndexAlias.SearchInContext(ctx, req)
	if err != nil {
		err = a.ix.searchFailed(ctx, err)
	}
	return res, err
}

var errSearchPanic = errors.New("the search panicked")

// Search searches without a deadline; see SearchInContext.
func (a checkedAlias) Search(req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	return a.SearchInContext(context.Background(), req)
}

// notDamage reports whether err says nothing about the index's files: the
// request was cancelled or timed out, or the index was closed under it.
func notDamage(ctx context.Context, err error) bool {
	return ctx.Err() != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, bleve.ErrorIndexClosed) || errors.Is(err, errClosed) || errors.Is(err, ErrIndexDamaged)
}

// segmentRecheck is how long a generation whose segments checked out after
// a failing search is taken as sound before another failure checks again.
const segmentRecheck = time.Minute

// searchFailed is told of a failed search of the generation in service
// (the caller holds ix.mu for reading) and returns the error to give:
// when the segments' checksums confirm damage, the index is marked damaged
// and the error matches ErrIndexRepairing (or ErrIndexDamaged).
func (ix *Index) searchFailed(ctx context.Context, err error) error {
	if notDamage(ctx, err) {
		return err
	}
	st := ix.st
	d := &ix.dmg
	d.mu.Lock()
	defer d.mu.Unlock()
	d.errors++
	if d.gen == st.gen {
		return fmt.Errorf("%w: search: %w", d.sentinel(), err)
	}
	if d.cleanGen == st.gen && time.Since(d.cleanAt) < segmentRecheck {
		return err
	}
	problems := verifySegments(context.Background(), st.dir)
	if len(problems) == 0 {
		d.cleanGen, d.cleanAt = st.gen, time.Now()
		ix.log.Warn("an index search failed, but the index's segments check out; not rebuilding",
			"generation", st.gen, "err", err)
		return err
	}
	ix.markDamagedLocked(st.gen, "search failed: "+err.Error()+"; "+joinProblems(problems))
	return fmt.Errorf("%w: search: %w", d.sentinel(), err)
}

// readFailed is told of a failed read of a file of the generation in
// service that needs no confirmation (a body's checksum); the caller
// holds ix.mu for reading. It returns the error to give.
func (ix *Index) readFailed(st *state, err error) error {
	if errors.Is(err, ErrIndexDamaged) {
		return err
	}
	d := &ix.dmg
	d.mu.Lock()
	defer d.mu.Unlock()
	d.errors++
	ix.markDamagedLocked(st.gen, err.Error())
	return fmt.Errorf("%w: %w", d.sentinel(), err)
}

// checkFailed is told of a problem found by the background check of st;
// it is ignored when st is no longer in service.
func (ix *Index) checkFailed(st *state, problem string) {
	ix.mu.RLock()
	current := !ix.closed && ix.st == st
	ix.mu.RUnlock()
	if !current {
		return
	}
	d := &ix.dmg
	d.mu.Lock()
	defer d.mu.Unlock()
	d.errors++
	ix.markDamagedLocked(st.gen, problem)
}

// sentinel is the error that reads failing on the damaged index match.
// The caller holds d.mu.
func (d *damageState) sentinel() error {
	if d.repairing {
		return ErrIndexRepairing
	}
	return ErrIndexDamaged
}

// markDamagedLocked records that gen, in service, is damaged and starts
// its repair, once. The caller holds ix.dmg.mu.
func (ix *Index) markDamagedLocked(gen, problem string) {
	d := &ix.dmg
	if d.gen == gen || d.stopped {
		return
	}
	d.gen, d.problem, d.repairing, d.repairErr = gen, problem, false, ""
	if gen == d.autoGen {
		d.repairErr = "the index rebuilt after earlier damage is damaged too"
		ix.log.Error("the index rebuilt after earlier damage is damaged too; not rebuilding it again: check the disk, then run /reindex",
			"path", ix.path, "generation", gen, "problem", problem)
		return
	}
	ix.log.Error("the index is damaged; rebuilding it from the data, answering from it meanwhile",
		"path", ix.path, "generation", gen, "problem", problem)
	d.repairing, d.running = true, true
	ix.bg.Add(1)
	go ix.repair(gen)
}

// repair rebuilds the damaged generation gen from the data, once.
func (ix *Index) repair(gen string) {
	defer ix.bg.Done()
	ctx := ix.bgCtx
	err := ix.repairOnce(ctx, gen)
	d := &ix.dmg
	d.mu.Lock()
	defer d.mu.Unlock()
	d.running = false
	if d.gen != gen {
		return // repaired, here or by a reindex
	}
	d.repairing = false
	if err == nil {
		return
	}
	if ctx.Err() != nil {
		d.repairErr = "stopped"
		return
	}
	d.repairErr = err.Error()
	ix.log.Error("cannot rebuild the damaged index; it stays in service, and is not rebuilt again until a /reindex or a data change",
		"path", ix.path, "data", ix.opts.DataLabel, "err", err)
}

func (ix *Index) repairOnce(ctx context.Context, gen string) error {
	// A reindex under way in this process puts a new generation in
	// service: wait for it.
	for !ix.reindexing.CompareAndSwap(false, true) {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
	defer ix.reindexing.Store(false)
	if ix.servingGen() != gen {
		return nil
	}
	lock, err := ix.waitLock(ctx)
	if err != nil {
		return fmt.Errorf("rebuild the damaged index: %w", err)
	}
	defer lock.unlock()
	// Another process may have built a generation meanwhile.
	if cur, err := ix.currentGen(); err == nil && cur != gen {
		if fp, err := ix.fingerprint(); err == nil {
			if st, err := ix.openCurrent(fp); err == nil {
				if err := ix.swap(st, false); err != nil {
					return fmt.Errorf("rebuild the damaged index: %w", err)
				}
				ix.log.Info("took over the index built by another process in place of the damaged one", "generation", st.gen)
				return nil
			}
		}
	}
	begin := time.Now()
	rep, err := ix.rebuild(ctx, true)
	if report := ix.opts.OnReindex; report != nil {
		report(time.Since(begin), err)
	}
	if err != nil {
		return err
	}
	ix.log.Info("rebuilt the damaged index from the data", "path", ix.path, "generation", ix.servingGen(),
		"documents", rep.Documents, "claims", rep.Claims, "seconds", rep.Seconds)
	return nil
}

// servingGen is the name of the generation in service.
func (ix *Index) servingGen() string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.st == nil {
		return ""
	}
	return ix.st.gen
}

// inService is called by swap (with st just put in service) and Open:
// it clears damage found on an earlier generation, notes whether st was
// built by an automatic repair, wires st's body reads to the damage
// accounting and starts the background check of st.
func (ix *Index) inService(st *state, auto bool) {
	d := &ix.dmg
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.gen != "" && d.gen != st.gen {
		d.gen, d.problem, d.repairing, d.repairErr = "", "", false, ""
	}
	if auto {
		d.autoGen = st.gen
	} else {
		d.autoGen = ""
	}
	if d.stopped {
		close(st.checked)
		return
	}
	ix.bg.Add(1)
	go func() {
		defer ix.bg.Done()
		defer close(st.checked)
		ix.checkInService(st)
	}()
}

// checkInService checks, in the background, what Open does not: that
// docs.json and manifest.json parse and that every segment's checksum
// matches. It loads docs.json for completion on the way.
func (ix *Index) checkInService(st *state) {
	ctx := ix.bgCtx
	st.docsOnce.Do(func() {
		if err := readJSON(filepath.Join(st.dir, "docs.json"), &st.docs); err != nil {
			st.docs = nil
		}
	})
	var problems []string
	if st.docs == nil { // unreadable (the completion code drops the error)
		var docs []docEntry
		if err := readJSON(filepath.Join(st.dir, "docs.json"), &docs); err != nil {
			problems = append(problems, err.Error())
		}
	}
	var man manifest
	if err := readJSON(filepath.Join(st.dir, "manifest.json"), &man); err != nil {
		problems = append(problems, err.Error())
	}
	problems = append(problems, verifySegments(ctx, st.dir)...)
	if ctx.Err() != nil {
		return
	}
	if len(problems) > 0 {
		ix.checkFailed(st, joinProblems(problems))
	}
}

func joinProblems(ps []string) string {
	s := ps[0]
	for _, p := range ps[1:] {
		s += "; " + p
	}
	return s
}
