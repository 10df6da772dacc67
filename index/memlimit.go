package index

import (
	"runtime/debug"
	"sync"
)

// buildHeapHeadroom is what a build needs on the Go heap besides the data
// it was given: bleve's batches in analysis, the segments being built and
// merged (capped by maxSegmentDocs), the vocabulary and the maps of the
// generation's side files. A reindex reads its data one document at a
// time, so this is all it needs: at 100,000 documents the heap peaked at
// 357–367 MB under this limit. A higher limit saves little marking and a
// lower one makes the collector run all the time (docs/performance.md).
const buildHeapHeadroom = 400 << 20

// The soft memory limit a build sets is process-wide: builds running at
// the same time (different indexes in one process) share one, the sum of
// what each needs, and the limit the process had is put back when the last
// of them ends.
var (
	memLimitMu     sync.Mutex
	memLimitBuilds int   // builds running
	memLimitWant   int64 // the sum of what they need
	memLimitPrev   int64 // the limit before the first of them
)

// limitBuildMemory sets a soft memory limit (runtime/debug.SetMemoryLimit)
// for the duration of a build that holds dataBytes of document text, and
// returns the function that restores the previous limit. Without it the
// heap grows to twice what is live (GOGC=100), and a build from a loaded
// corpus holds the corpus and the index being built at once. The limit is
// only ever lowered: a smaller one the process set (GOMEMLIMIT) stays.
func limitBuildMemory(dataBytes int64) (restore func()) {
	want := max(dataBytes, 0) + buildHeapHeadroom
	memLimitMu.Lock()
	defer memLimitMu.Unlock()
	if memLimitBuilds == 0 {
		memLimitPrev = debug.SetMemoryLimit(-1)
	}
	memLimitBuilds++
	memLimitWant += want
	debug.SetMemoryLimit(min(memLimitWant, memLimitPrev))
	var once sync.Once
	return func() {
		once.Do(func() {
			memLimitMu.Lock()
			defer memLimitMu.Unlock()
			memLimitBuilds--
			memLimitWant -= want
			if memLimitBuilds == 0 {
				debug.SetMemoryLimit(memLimitPrev)
			} else {
				debug.SetMemoryLimit(min(memLimitWant, memLimitPrev))
			}
		})
	}
}
