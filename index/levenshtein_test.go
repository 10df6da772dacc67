package index

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/armswatch/armswatch/index/internal/synth"
	"github.com/blevesearch/vellum"
	"github.com/blevesearch/vellum/levenshtein"
)

// TestLevAutomatonMatchesVellum: over a vocabulary of 50,000 synthetic
// words and words in Cyrillic, Hangul and accented Latin, levAutomaton
// finds exactly the words vellum's Levenshtein DFA (with transpositions,
// what near used before) finds, at distances 1 and 2, for query words one
// and two edits (of every kind) from vocabulary words, vocabulary words
// themselves, and words of no script in it; so does one automaton reset
// from query to query (the pooled walks of vocab.near).
func TestLevAutomatonMatchesVellum(t *testing.T) {
	t.Parallel()
	words := synth.Vocabulary(50_000, 42)
	multi := []string{"ракета", "ракеты", "ракетный", "снаряд", "снаряды", "снарядов", "мʼясо", "м'ясо", "їжак", "ґудзик",
		"미사일", "미사일을", "포탄", "포탄을", "café", "cafés", "naïve", "über", "kn-23", "6,700", "hwasong", "ракетa"}
	words = append(words, multi...)
	slices.Sort(words)
	words = slices.Compact(words)
	var buf bytes.Buffer
	b, err := vellum.New(&buf, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range words {
		if err := b.Insert([]byte(w), uint64(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	fst, err := vellum.Load(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 8))
	queries := append([]string{"", "a", "zzzzzzzzzz", "ракета", "снарядв", "미사을", "cfaé", "xyz漢字"}, multi...)
	for range 400 {
		queries = append(queries, edit(rng, edit(rng, words[rng.IntN(len(words))])))
		queries = append(queries, edit(rng, words[rng.IntN(len(words))]))
	}
	builders := map[uint8]*levenshtein.LevenshteinAutomatonBuilder{}
	for d := uint8(1); d <= 2; d++ {
		if builders[d], err = levenshtein.NewLevenshteinAutomatonBuilder(d, true); err != nil {
			t.Fatal(err)
		}
	}
	found := 0
	reused := newLevAutomaton("", 1) // reset for each query, as near's pooled walks are
	for i, q := range queries {
		d := uint8(1 + i%2)
		dfa, err := builders[d].BuildDfa(q, d)
		if err != nil {
			t.Fatal(err)
		}
		want, got := fstSearch(t, fst, dfa), fstSearch(t, fst, newLevAutomaton(q, d))
		if !slices.Equal(got, want) {
			t.Errorf("%q within %d: %q, want %q", q, d, got, want)
		}
		reused.reset(q, d)
		if got := fstSearch(t, fst, reused); !slices.Equal(got, want) {
			t.Errorf("%q within %d, the automaton reset after %q: %q, want %q", q, d, queries[max(i-1, 0)], got, want)
		}
		found += len(want)
	}
	if found < len(queries) {
		t.Errorf("%d words found for %d queries: the test checks little", found, len(queries))
	}
}

func fstSearch(t *testing.T, fst *vellum.FST, a vellum.Automaton) []string {
	t.Helper()
	var out []string
	it, err := fst.Search(a, nil, nil)
	for err == nil {
		k, _ := it.Current()
		out = append(out, string(k))
		err = it.Next()
	}
	if !errors.Is(err, vellum.ErrIteratorDone) {
		t.Fatal(err)
	}
	return out
}

// edit makes one random edit of w: a transposition, deletion, insertion or
// substitution of runes.
func edit(rng *rand.Rand, w string) string {
	r := []rune(w)
	if len(r) < 2 {
		return w + "e"
	}
	i := rng.IntN(len(r) - 1)
	letters := []rune("aeionrstбжя미")
	switch rng.IntN(4) {
	case 0:
		r[i], r[i+1] = r[i+1], r[i]
	case 1:
		r = append(r[:i], r[i+1:]...)
	case 2:
		r = slices.Insert(r, i, letters[rng.IntN(len(letters))])
	default:
		r[i] = letters[rng.IntN(len(letters))]
	}
	return string(r)
}
