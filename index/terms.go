package index

import (
	"github.com/blevesearch/bleve/v2/analysis"
	bindex "github.com/blevesearch/bleve_index_api"
)

// The English fields hold most of the text, and analysing them was most of
// a build's work: bleve's tokenizer, possessive, lowercase, stop and Porter
// filters ran on every word of every document, and allocated a token for
// each. The builder already reads every word once for the vocabulary,
// which stems each distinct word once; so it counts the English terms
// itself (termCounter) and hands bleve fields whose analysis is done
// (preanalyzedField). Queries are analysed by enAnalyzer, which is made of
// the same two functions (forEachWord, normWord): what is indexed and what
// is searched cannot drift apart. TestPreanalyzedMatchesAnalyzer checks it.

// enAnalyzer is the English fields' analyzer, registered as analyzerEn:
// the words of forEachWord that are neither Cyrillic nor Hangul (those go
// to their own fields, see route), each normalised by normWord (case,
// apostrophes, possessive, thousands separators, stop words dropped,
// Porter stems).
type enAnalyzer struct{}

func (enAnalyzer) Analyze(input []byte) analysis.TokenStream {
	text := string(input)
	var out analysis.TokenStream
	pos := 0
	forEachWord(text, func(s, e int) {
		w := text[s:e]
		if wordScript(w) != scriptOther {
			return
		}
		pos++
		if t := normWord(w); t != "" {
			out = append(out, &analysis.Token{Term: []byte(t), Start: s, End: e, Position: pos, Type: analysis.AlphaNumeric})
		}
	}, nil)
	return out
}

// termCounter counts one record's English terms by stem id (the
// vocabulary's), so that counting a word costs no hashing.
type termCounter struct {
	count   []uint32 // by stem id; zero outside the record being counted
	touched []int32  // stem ids counted in this record, in order of first sight
	other   map[string]int
	tokens  int
}

func (tc *termCounter) add(stem int32) {
	if int(stem) >= len(tc.count) {
		tc.count = append(tc.count, make([]uint32, int(stem)+1-len(tc.count)+1024)...)
	}
	if tc.count[stem] == 0 {
		tc.touched = append(tc.touched, stem)
	}
	tc.count[stem]++
	tc.tokens++
}

// addOther counts a term that has no stem id (a word too long for the
// vocabulary).
func (tc *termCounter) addOther(term string) {
	if tc.other == nil {
		tc.other = map[string]int{}
	}
	tc.other[term]++
	tc.tokens++
}

// field returns the record's English field (nil when it has no term) and
// resets the counter for the next record.
func (tc *termCounter) field(name string, stems []vocabStem, textBytes int) *preanalyzedField {
	defer func() {
		tc.touched = tc.touched[:0]
		clear(tc.other)
		tc.tokens = 0
	}()
	n := len(tc.touched) + len(tc.other)
	if n == 0 {
		return nil
	}
	freqs := make(bindex.TokenFrequencies, n)
	slab := make([]bindex.TokenFreq, len(tc.touched), n)
	for i, id := range tc.touched {
		st := &stems[id]
		tf := &slab[i]
		tf.Term = st.term
		tf.SetFrequency(int(tc.count[id]))
		tc.count[id] = 0
		freqs[st.stem] = tf
	}
	for t, c := range tc.other {
		if tf, ok := freqs[t]; ok {
			tf.SetFrequency(tf.Frequency() + c)
			continue
		}
		slab = append(slab, bindex.TokenFreq{Term: []byte(t)})
		tf := &slab[len(slab)-1]
		tf.SetFrequency(c)
		freqs[t] = tf
	}
	return &preanalyzedField{name: name, freqs: freqs, length: tc.tokens, plainBytes: uint64(textBytes)}
}

// preanalyzedField is an indexed (not stored) text field whose terms are
// already counted: bleve's analysis has nothing left to do for it.
type preanalyzedField struct {
	name       string
	freqs      bindex.TokenFrequencies
	length     int // terms, stop words left out, as the analyzer counts them
	plainBytes uint64
}

func (f *preanalyzedField) Name() string                         { return f.name }
func (f *preanalyzedField) ArrayPositions() []uint64             { return nil }
func (f *preanalyzedField) Options() bindex.FieldIndexingOptions { return bindex.IndexField }
func (f *preanalyzedField) Analyze()                             {}
func (f *preanalyzedField) Value() []byte                        { return nil }
func (f *preanalyzedField) NumPlainTextBytes() uint64            { return f.plainBytes }
func (f *preanalyzedField) EncodedFieldType() byte               { return 't' }
func (f *preanalyzedField) AnalyzedLength() int                  { return f.length }
func (f *preanalyzedField) AnalyzedTokenFrequencies() bindex.TokenFrequencies {
	return f.freqs
}

// Size is the field's memory, for bleve's accounting of a batch.
func (f *preanalyzedField) Size() int { return 64 + len(f.name) + f.freqs.Size() }

// hasOtherScripts reports whether text has a Cyrillic or Hangul letter,
// which route sends to their own fields.
func hasOtherScripts(text string) bool {
	for _, r := range text {
		if r >= 0x0400 && runeScript(r) != scriptOther {
			return true
		}
	}
	return false
}
