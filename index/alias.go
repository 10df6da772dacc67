package index

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/armswatch/armswatch"
)

// aliasMatcher finds the names of alias groups in text as phrases: a name
// is a sequence of normalised words (normWord; stop words left out, so "the
// Kremlin" is "kremlin" and "North Korea's" is "north korea"), and the
// longest name starting at a word wins. Names with digits also match
// written together ("KN23" for "KN-23"). It is used on both sides: at index
// time to fill the *_alias fields, at query time to turn words into
// concepts, and when cutting snippets.
type aliasMatcher struct {
	groups  []armswatch.AliasGroup
	byFirst map[string][]aliasSeq
	maxLen  int
	words   map[string]bool // every key of every name ("north", "korea")
}

type aliasSeq struct {
	keys  []string
	group int
}

func newAliasMatcher(groups []armswatch.AliasGroup) *aliasMatcher {
	m := &aliasMatcher{groups: groups, byFirst: map[string][]aliasSeq{}, words: map[string]bool{}}
	for gi, g := range groups {
		for _, name := range g.Names() {
			for _, keys := range nameKeys(name) {
				if len(keys) == 0 {
					continue
				}
				m.byFirst[keys[0]] = append(m.byFirst[keys[0]], aliasSeq{keys: keys, group: gi})
				for _, k := range keys {
					m.words[k] = true
				}
				m.maxLen = max(m.maxLen, len(keys))
			}
		}
	}
	return m
}

// nameKeys returns the word keys of a name, and when it has digits also
// the key of its words written together.
func nameKeys(name string) [][]string {
	var keys []string
	var joined strings.Builder
	digits := false
	forEachWord(name, func(s, e int) {
		w := name[s:e]
		joined.WriteString(lowerWord(w))
		if strings.IndexFunc(w, unicode.IsDigit) >= 0 {
			digits = true
		}
		if k := normWord(w); k != "" {
			keys = append(keys, k)
		}
	}, nil)
	out := [][]string{keys}
	if digits && len(keys) > 1 {
		out = append(out, []string{normWord(joined.String())})
	}
	return out
}

// groupID is the term for group i in the *_alias fields.
func groupID(i int) string { return "g" + strconv.Itoa(i) }

// word is one word of a text with its normalised key.
type word struct {
	start, end int
	key        string // normWord; "" for a stop word
}

// words splits text into words with keys.
func textWords(text string, keyOf func(string) string) []word {
	var out []word
	forEachWord(text, func(s, e int) {
		out = append(out, word{start: s, end: e, key: keyOf(text[s:e])})
	}, nil)
	return out
}

// aliasHit is one occurrence of a group's name: words [from, to) of the
// text's content words.
type aliasHit struct {
	group    int
	from, to int // indexes into the content words (stop words left out)
}

// find returns the alias occurrences in a sequence of content-word keys.
func (m *aliasMatcher) find(keys []string) []aliasHit {
	if m == nil || len(m.byFirst) == 0 {
		return nil
	}
	var hits []aliasHit
	for i := 0; i < len(keys); {
		best, bestGroup := 0, -1
		for _, seq := range m.byFirst[keys[i]] {
			n := len(seq.keys)
			if n <= best || i+n > len(keys) {
				continue
			}
			ok := true
			for j := 1; j < n; j++ {
				if keys[i+j] != seq.keys[j] {
					ok = false
					break
				}
			}
			if ok {
				best, bestGroup = n, seq.group
			}
		}
		if bestGroup >= 0 {
			hits = append(hits, aliasHit{group: bestGroup, from: i, to: i + best})
			i += best
			continue
		}
		i++
	}
	return hits
}

// groupsNamed returns the groups one of whose names is text (as phrase
// keys, ignoring case and stop words).
func (m *aliasMatcher) groupsNamed(text string) []int {
	keys := nameKeys(text)
	var out []int
	seen := map[int]bool{}
	for _, k := range keys {
		if len(k) == 0 {
			continue
		}
		for _, h := range m.find(k) {
			if h.from == 0 && h.to == len(k) && !seen[h.group] {
				seen[h.group] = true
				out = append(out, h.group)
			}
		}
	}
	return out
}
