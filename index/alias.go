package index

import (
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/armswatch/armswatch"
)

// aliasMatcher finds the names of alias groups in text as phrases: a name
// is a sequence of normalised words (aliasKey: articles left out, so "the
// Kremlin" is "kremlin" and "North Korea's" is "north korea"), and the
// longest name starting at a word wins. The other stop words of a name are
// part of it ("in return" is not any "return", "do not function" not any
// "function"); stop words of the text that a name does not have are passed
// over ("artillery and shells" as before). A name of stop words only
// ("US") is matched as before, by its other keys: it has none. Names with digits also match
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
					if !isStopKey(k) {
						m.words[k] = true
					}
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
		if k := aliasKey(w); k != "" {
			keys = append(keys, k)
		}
	}, nil)
	if !slices.ContainsFunc(keys, func(k string) bool { return !isStopKey(k) }) {
		keys = nil // nothing but stop words: no phrase to find
	}
	out := [][]string{keys}
	if digits && len(keys) > 1 {
		out = append(out, []string{aliasKey(joined.String())})
	}
	return out
}

// groupID is the term for group i in the *_alias fields.
func groupID(i int) string { return "g" + strconv.Itoa(i) }

// word is one word of a text with its normalised key.
type word struct {
	start, end int
	key        string // its key (normWord or aliasKey); "" for none
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
		best, bestGroup, bestEnd := 0, -1, 0
		for _, seq := range m.byFirst[keys[i]] {
			n := len(seq.keys)
			if n <= best {
				continue
			}
			if end, ok := matchAt(keys, i, seq.keys); ok {
				best, bestGroup, bestEnd = n, seq.group, end
			}
		}
		if bestGroup >= 0 {
			hits = append(hits, aliasHit{group: bestGroup, from: i, to: bestEnd})
			i = bestEnd
			continue
		}
		i++
	}
	return hits
}

// matchAt reports whether the name keys seq occur in keys from i (whose
// key is seq's first), passing over stop words the name does not have,
// and where the match ends.
func matchAt(keys []string, i int, seq []string) (end int, ok bool) {
	pos := i + 1
	for j := 1; j < len(seq); pos++ {
		switch {
		case pos >= len(keys):
			return 0, false
		case keys[pos] == seq[j]:
			j++
		case !isStopKey(keys[pos]):
			return 0, false
		}
	}
	return pos, true
}

// aliasKey is a word's key for alias phrases. An English word is
// lowercased and loses its possessive and plural ending only (lightStem):
// the stemmer's other endings join words that name different things
// ("shipped" and "shipping" are not ships, "shelling" is not shells,
// "armed" is not arms), and a group lists the forms it means ("sanction",
// "sanctioned"). An English stop word other than an article is itself,
// marked (stopKey), so that a name's stop words are part of it. Other
// words (numbers, Cyrillic, Hangul) have their normWord.
func aliasKey(w string) string {
	lw := strings.TrimSuffix(strings.TrimSuffix(lowerWord(w), "'s"), "'")
	if !isASCIILetters(lw) {
		return normWord(w)
	}
	if enStopWords[lw] {
		return stopKey(lw)
	}
	return lightStem(lw)
}

// lightStem drops an English plural ending: "missiles" is "missile",
// "batteries" "battery", "launches" "launch"; "press", "bus" and "this"
// are kept.
func lightStem(w string) string {
	n := len(w)
	switch {
	case n <= 3:
		return w
	case strings.HasSuffix(w, "ies") && n > 4:
		return w[:n-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"),
		strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "zes"):
		return w[:n-2]
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
		return w
	case strings.HasSuffix(w, "s"):
		return w[:n-1]
	}
	return w
}

// stopKey is the marked key of an English stop word other than an
// article, "" for any other word.
func stopKey(w string) string {
	w = strings.TrimSuffix(strings.TrimSuffix(lowerWord(w), "'s"), "'")
	if !enStopWords[w] || articles[w] {
		return ""
	}
	return "~" + w
}

// isStopKey reports whether an alias key is a stop word's.
func isStopKey(k string) bool { return strings.HasPrefix(k, "~") }

var articles = setOf("a", "an", "the")

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
