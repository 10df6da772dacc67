package index

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/vellum"
)

// vocab is the index's own vocabulary: every word of the data as written
// (lowercased) and every stem, each with the number of records (documents
// and claims) it occurs in. It decides which query words are unknown, finds
// their corrections and the no-answer's suggestions, and completes terms.
// Both are vellum FSTs, small and loaded whole at open.
type vocab struct {
	words *vellum.FST // lowercase surface word -> record frequency
	stems *vellum.FST // normWord stem -> record frequency
}

// vocabBuilder counts words while an index is built. Each distinct word
// gets an id on first sight, with its stem worked out once; after that a
// word costs one map lookup.
type vocabBuilder struct {
	ids    map[string]int32 // lowercase word -> index in words
	words  []vocabWord
	stemID map[string]int32 // stem -> index in stems
	stems  []vocabStem
	record int32 // the record being counted (1-based)
}

type vocabWord struct {
	word     string
	stem     int32  // -1 for a stop word
	aliasKey string // its key for alias phrases (aliasKey)
	script   script // Cyrillic and Hangul words have their own fields; the rest are English terms
	freq     uint64
	lastRec  int32
}

type vocabStem struct {
	stem    string
	term    []byte // stem, shared by every record's term frequencies (read only)
	freq    uint64
	lastRec int32
}

func newVocabBuilder() *vocabBuilder {
	return &vocabBuilder{ids: map[string]int32{}, stemID: map[string]int32{}}
}

// maxVocabWordLen keeps garbage (base64, URLs glued together) out.
const maxVocabWordLen = 40

// next starts counting the next record.
func (b *vocabBuilder) next() { b.record++ }

// see counts one occurrence of a lowercase word in the current record and
// returns its stem ("" for a stop word).
func (b *vocabBuilder) see(w string) string {
	e := b.seeWord(w)
	if e.stem < 0 {
		return ""
	}
	return b.stems[e.stem].stem
}

// seeWord counts one occurrence of a lowercase word in the current record
// and returns its entry.
func (b *vocabBuilder) seeWord(w string) *vocabWord {
	id, ok := b.ids[w]
	if !ok {
		w = strings.Clone(w) // not a slice of a document body
		stem := int32(-1)
		if s := normWord(w); s != "" {
			sid, ok := b.stemID[s]
			if !ok {
				sid = int32(len(b.stems))
				b.stemID[s] = sid
				b.stems = append(b.stems, vocabStem{stem: s, term: []byte(s)})
			}
			stem = sid
		}
		id = int32(len(b.words))
		b.ids[w] = id
		b.words = append(b.words, vocabWord{word: w, stem: stem, script: wordScript(w), aliasKey: aliasKey(w)})
	}
	e := &b.words[id]
	if e.lastRec != b.record {
		e.lastRec = b.record
		e.freq++
		if e.stem >= 0 {
			if st := &b.stems[e.stem]; st.lastRec != b.record {
				st.lastRec = b.record
				st.freq++
			}
		}
	}
	return e
}

// add counts the words of one record's texts.
func (b *vocabBuilder) add(texts ...string) {
	b.next()
	for _, text := range texts {
		forEachWord(text, func(start, end int) {
			if w := lowerWord(text[start:end]); utf8.RuneCountInString(w) <= maxVocabWordLen {
				b.see(w)
			}
		}, nil)
	}
}

// write stores the two FSTs in dir.
func (b *vocabBuilder) write(dir string) error {
	words := make(map[string]uint64, len(b.words))
	for _, w := range b.words {
		words[w.word] = w.freq
	}
	if err := writeFST(dir+"/words.fst", words); err != nil {
		return err
	}
	stems := make(map[string]uint64, len(b.stems))
	for _, s := range b.stems {
		stems[s.stem] = s.freq
	}
	return writeFST(dir+"/stems.fst", stems)
}

func writeFST(path string, m map[string]uint64) error {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var buf bytes.Buffer
	fb, err := vellum.New(&buf, nil)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	for _, k := range keys {
		if err := fb.Insert([]byte(k), m[k]); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
	}
	if err := fb.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return writeFileSync(path, buf.Bytes())
}

func loadVocab(dir string) (*vocab, error) {
	load := func(name string) (*vellum.FST, error) {
		data, err := os.ReadFile(dir + "/" + name)
		if err != nil {
			return nil, err
		}
		f, err := vellum.Load(data)
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", name, err)
		}
		return f, nil
	}
	w, err := load("words.fst")
	if err != nil {
		return nil, err
	}
	s, err := load("stems.fst")
	if err != nil {
		return nil, err
	}
	return &vocab{words: w, stems: s}, nil
}

// known reports whether a lowercase query word occurs in the data as
// written or through its stem (shelling is known when shells is).
func (v *vocab) known(w string) bool {
	if _, ok, _ := v.words.Get([]byte(w)); ok {
		return true
	}
	s := normWord(w)
	if s == "" {
		return true // a stop word is never "unknown"
	}
	_, ok, _ := v.stems.Get([]byte(s))
	return ok
}

// freq is a word's record frequency (0 when absent).
func (v *vocab) freq(w string) uint64 {
	n, _, _ := v.words.Get([]byte(w))
	return n
}

// candidate is a vocabulary word near a query word.
type candidate struct {
	word string
	cost int
	freq uint64
}

// near lists vocabulary words within maxDist plain edits (insertions,
// deletions, substitutions, transpositions; counted in runes) of w, at most
// limit of them, scanning at most maxScan. The weighted typo cost is
// computed for each.
func (v *vocab) near(w string, maxDist uint8, limit int) []candidate {
	if maxDist == 0 || w == "" || utf8.RuneCountInString(w) > maxVocabWordLen {
		return nil
	}
	walk := levWalks.Get().(*levWalk)
	defer putLevWalk(walk)
	walk.aut.reset(w, maxDist)
	it := &walk.it
	err := it.Reset(v.words, nil, nil, &walk.aut)
	var out []candidate
	const maxScan = 2000
	for n := 0; err == nil && n < maxScan; n++ {
		k, f := it.Current()
		word := string(k)
		if word != w {
			out = append(out, candidate{word: word, cost: typoCost(w, word), freq: f})
		}
		err = it.Next()
	}
	if err != nil && !errors.Is(err, vellum.ErrIteratorDone) {
		return nil
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.cost != b.cost {
			return a.cost < b.cost
		}
		if a.freq != b.freq {
			return a.freq > b.freq
		}
		return a.word < b.word
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// maxTypoCost is how much typing error a word of n runes may carry: none
// for short words (too many real words are one letter apart), one for
// five to seven runes, two from eight.
func maxTypoCost(n int) int {
	switch {
	case n < 5:
		return 0
	case n < 8:
		return 1
	default:
		return 2
	}
}

// correct finds the vocabulary word a mistyped query word most likely
// stands for: same first letter, a weighted typo cost within maxTypoCost,
// not a stop word; the cheapest, then the most frequent. "" when none.
func (v *vocab) correct(w string) string {
	n := utf8.RuneCountInString(w)
	budget := maxTypoCost(n)
	if budget == 0 || isHangulWord(w) || isNumber(w) {
		return ""
	}
	first, _ := utf8.DecodeRuneInString(w)
	for _, c := range v.near(w, uint8(budget), 50) {
		if c.cost > budget {
			break
		}
		if r, _ := utf8.DecodeRuneInString(c.word); r != first {
			continue
		}
		if normWord(c.word) == "" || isNumber(c.word) {
			continue
		}
		return c.word
	}
	return ""
}

// correctName corrects a four-letter word that correct leaves alone (too
// many short words are one letter apart) when one typo away is a word of
// an alias name with the same first letter: "nort korea" is North Korea.
func (v *vocab) correctName(w string, nameWords map[string]bool) string {
	if utf8.RuneCountInString(w) != 4 || !isASCIILetters(w) {
		return ""
	}
	for _, c := range v.near(w, 1, 20) {
		if c.cost <= 1 && c.word[0] == w[0] && nameWords[aliasKey(c.word)] {
			return c.word
		}
	}
	return ""
}

// prefixed lists up to limit vocabulary words starting with prefix, most
// frequent first, looking at no more than maxScan words.
func (v *vocab) prefixed(prefix string, limit, maxScan int) []candidate {
	if prefix == "" {
		return nil
	}
	end := prefixEnd([]byte(prefix))
	it, err := v.words.Iterator([]byte(prefix), end)
	var out []candidate
	for n := 0; err == nil && n < maxScan; n++ {
		k, f := it.Current()
		out = append(out, candidate{word: string(k), freq: f})
		err = it.Next()
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].freq != out[j].freq {
			return out[i].freq > out[j].freq
		}
		return out[i].word < out[j].word
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// prefixEnd is the smallest key greater than every key with the prefix;
// nil when there is none.
func prefixEnd(p []byte) []byte {
	end := bytes.Clone(p)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

// typoCost is the optimal-string-alignment distance between a and b in
// runes, where insertions, deletions and transpositions cost 1 and a
// substitution costs 1 only between neighbouring keys of a QWERTY keyboard
// (or outside the Latin alphabet), else 2. So "shels" is one typo from
// "shells" and "containres" one from "containers", but "tanks" is two from
// "talks": a different word, not a slip of the finger.
func typoCost(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	n, m := len(ra), len(rb)
	d := make([][]int, n+1)
	for i := range d {
		d[i] = make([]int, m+1)
		d[i][0] = i
	}
	for j := 0; j <= m; j++ {
		d[0][j] = j
	}
	for i := 1; i <= n; i++ {
		for j := 1; j <= m; j++ {
			sub := 0
			if ra[i-1] != rb[j-1] {
				sub = substCost(ra[i-1], rb[j-1])
			}
			best := min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+sub)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				best = min(best, d[i-2][j-2]+1)
			}
			d[i][j] = best
		}
	}
	return d[n][m]
}

var qwertyRows = []string{"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"}

// qwertyPos gives each key's row and horizontal position (in quarter keys,
// with the rows' usual stagger).
var qwertyPos = func() map[rune][2]int {
	m := map[rune][2]int{}
	offsets := []int{0, 2, 3, 5}
	for r, row := range qwertyRows {
		for c, k := range row {
			m[k] = [2]int{r, offsets[r] + 4*c}
		}
	}
	return m
}()

func substCost(a, b rune) int {
	pa, oka := qwertyPos[a]
	pb, okb := qwertyPos[b]
	if !oka || !okb {
		if a < utf8.RuneSelf || b < utf8.RuneSelf {
			return 2
		}
		return 1 // no keyboard model outside ASCII: any substitution is one typo
	}
	dr, dx := pa[0]-pb[0], pa[1]-pb[1]
	if dr < 0 {
		dr = -dr
	}
	if dx < 0 {
		dx = -dx
	}
	if dr <= 1 && dx <= 4 {
		return 1
	}
	return 2
}

func isNumber(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if (r < '0' || r > '9') && r != ',' && r != '.' {
			return false
		}
	}
	return true
}

// lowerWord lowercases a word and writes its apostrophes one way.
func lowerWord(w string) string {
	w = strings.ToLower(w)
	// The two apostrophes are U+2019 (E2 80 99) and U+02BC (CA BC): look
	// for their lead bytes first, which is much cheaper than ContainsAny
	// on every word of the data.
	if strings.IndexByte(w, 0xE2) >= 0 || strings.IndexByte(w, 0xCA) >= 0 {
		w = apostrophes.Replace(w)
	}
	return w
}

var apostrophes = strings.NewReplacer("’", "'", "ʼ", "'")
