package index

import (
	"fmt"
	"sync"

	"github.com/armswatch/armswatch"
)

// corpusCache is the data set last loaded by Corpus, keyed by the data's
// fingerprint (with the mapping version, as meta.json records it).
type corpusCache struct {
	mu     sync.Mutex
	fp     string
	corpus *armswatch.Corpus
}

// Corpus returns the data set the index serves, loaded and validated with
// armswatch.LoadMetadata from Options.Data (the index keeps only what
// answering needs), for front ends that work on whole claim records, such
// as the timeline chart: claims, alias groups and the documents' metadata,
// without their bodies (a large data set is never held in memory). The result is cached by the data's fingerprint and shared:
// callers must not modify it.
//
// While the data on disk is newer than the index in service (not yet
// reindexed, or invalid, in which case the previous index keeps serving),
// the corpus loaded last is returned, so that it stays in step with the
// answers; a corpus is loaded from the data only when none was loaded yet
// or the index in service was built from the data as it is now. It fails
// only when no valid corpus has been loaded and the data does not load.
func (ix *Index) Corpus() (*armswatch.Corpus, error) {
	ix.mu.RLock()
	if ix.closed || ix.st == nil {
		ix.mu.RUnlock()
		return nil, errClosed
	}
	served := ix.st.meta.Fingerprint
	ix.mu.RUnlock()

	c := &ix.corpus
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.corpus != nil && c.fp == served {
		return c.corpus, nil
	}
	fp, err := ix.fingerprint()
	if err != nil {
		if c.corpus != nil {
			return c.corpus, nil
		}
		return nil, fmt.Errorf("load corpus from %s: %w", ix.opts.DataLabel, err)
	}
	if c.corpus != nil && fp != served {
		// The data changed since the index in service was built: keep
		// the corpus in step with the answers until a reindex.
		return c.corpus, nil
	}
	corpus, err := armswatch.LoadMetadata(ix.opts.Data)
	if err != nil {
		if c.corpus != nil {
			return c.corpus, nil
		}
		return nil, fmt.Errorf("load corpus from %s: %w", ix.opts.DataLabel, err)
	}
	c.fp, c.corpus = fp, corpus
	return corpus, nil
}
