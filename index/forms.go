package index

import (
	"errors"
	"strings"

	"github.com/blevesearch/vellum"
)

// Word forms the stemmer keeps apart. Porter stems "deny" to "deni" and
// "denial" to "denial", "accurate" to "accur" and "accuracy" to
// "accuraci": a question with one form would miss records with the other.
// formSuffixes are the derivational endings, on stems, that tie such
// forms together; a form is taken only when the index's own vocabulary
// has it, and the answer says it was searched.
var formSuffixes = []struct {
	suffix  string
	minStem int  // the shorter stem's least length
	afterI  bool // only after a stem ending in i (supply → suppli, supplier)
}{
	{"al", 4, false},  // deny/denial, arrive/arrival, refuse/refusal
	{"aci", 4, false}, // accurate/accuracy
	{"ur", 4, false},  // fail/failure
	{"er", 5, true},   // supply/supplier
}

// maxForms bounds the forms one word searches.
const maxForms = 3

// wordForm is another form of a query word found in the vocabulary: its
// stem (the term searched) and a word of the data that has it (shown).
type wordForm struct {
	stem, word string
}

// forms finds the other forms of an English word in the vocabulary: stems
// that are the word's stem plus one of formSuffixes, or the word's stem
// less one.
func (v *vocab) forms(w string) []wordForm {
	stem := normWord(w)
	if stem == "" || !isASCIILetters(stem) || isNumber(w) {
		return nil
	}
	var out []wordForm
	add := func(s string) {
		if s == stem || len(out) >= maxForms {
			return
		}
		for _, f := range out {
			if f.stem == s {
				return
			}
		}
		if _, ok, _ := v.stems.Get([]byte(s)); !ok {
			return
		}
		if word := v.wordWithStem(s); word != "" {
			out = append(out, wordForm{stem: s, word: word})
		}
	}
	for _, fs := range formSuffixes {
		// Longer: the query has the short form.
		if len(stem) >= fs.minStem && (!fs.afterI || strings.HasSuffix(stem, "i")) {
			add(stem + fs.suffix)
		}
		// Shorter: the query has the long form.
		if base, ok := strings.CutSuffix(stem, fs.suffix); ok && len(base) >= fs.minStem && (!fs.afterI || strings.HasSuffix(base, "i")) {
			add(base)
		}
	}
	return out
}

// wordWithStem is the most frequent vocabulary word whose stem is s, for
// showing a form ("denial" rather than the stem "denial", "accuracy"
// rather than "accuraci"); "" when none is found near the stem.
func (v *vocab) wordWithStem(s string) string {
	best, bestFreq := "", uint64(0)
	prefix := s
	if len(prefix) > 4 {
		prefix = prefix[:len(prefix)-1] // accuraci ← accuracy
	}
	it, err := v.words.Iterator([]byte(prefix), prefixEnd([]byte(prefix)))
	for n := 0; err == nil && n < 200; n++ {
		k, f := it.Current()
		if w := string(k); normWord(w) == s && (f > bestFreq || f == bestFreq && w < best) {
			best, bestFreq = w, f
		}
		err = it.Next()
	}
	if err != nil && !errors.Is(err, vellum.ErrIteratorDone) {
		return ""
	}
	return best
}
