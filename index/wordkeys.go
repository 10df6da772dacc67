package index

import (
	"hash/maphash"
	"strings"
	"sync"
)

// The keys of the words of the texts an answer shows, remembered.
//
// Marking what a question matched in a document's body (snippet.go) takes
// every word of the body to its alias key and its stem: at 100,000
// documents that was a fifth of an answer's time, most of it the Porter
// stemmer run again on words seen in every answer. Both keys depend on the
// word alone, so they are remembered for any index, up to maxKeyedWords
// words (about 7 MB): the data's commonest words are met first.

// wordKeys is a word's alias key (aliasKey) and its stem (normWord).
type wordKeys struct{ alias, norm string }

const (
	keyShards     = 64
	maxKeyedWords = 1 << 16
)

var keyCache struct {
	seed   maphash.Seed
	shards [keyShards]struct {
		mu sync.RWMutex
		m  map[string]wordKeys
	}
}

func init() { keyCache.seed = maphash.MakeSeed() }

// keysOf returns the keys of w, from the cache when it has them.
func keysOf(w string) wordKeys {
	sh := &keyCache.shards[maphash.String(keyCache.seed, w)%keyShards]
	sh.mu.RLock()
	k, ok := sh.m[w]
	sh.mu.RUnlock()
	if ok {
		return k
	}
	// The keys may be pieces of w, itself a piece of a body: what is kept
	// is a copy, so that no body stays in memory for it.
	w = strings.Clone(w)
	k = wordKeys{alias: aliasKey(w), norm: normWord(w)}
	sh.mu.Lock()
	if sh.m == nil {
		sh.m = map[string]wordKeys{}
	}
	if len(sh.m) < maxKeyedWords/keyShards {
		sh.m[w] = k
	}
	sh.mu.Unlock()
	return k
}
