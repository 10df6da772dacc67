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
// resets the counter for the next record. The field holds the counts in
// their compact form (a stem and a count per term) until bleve analyses
// it: batches waiting their turn take little memory, and the term map is
// made on bleve's analysis workers rather than in the one goroutine that
// reads the records.
func (tc *termCounter) field(name string, stems []vocabStem, textBytes int) *preanalyzedField {
	defer func() {
		tc.touched = tc.touched[:0]
		clear(tc.other)
		tc.tokens = 0
	}()
	if len(tc.touched)+len(tc.other) == 0 {
		return nil
	}
	f := &preanalyzedField{
		name:       name,
		stems:      make([]*vocabStem, len(tc.touched)),
		counts:     make([]uint32, len(tc.touched), len(tc.touched)+len(tc.other)),
		length:     tc.tokens,
		plainBytes: uint64(textBytes),
	}
	for i, id := range tc.touched {
		// A pointer into the vocabulary's slice: if the slice grows, this
		// still points at the old copy, whose stem and term never change.
		f.stems[i] = &stems[id]
		f.counts[i] = tc.count[id]
		tc.count[id] = 0
	}
	for t, c := range tc.other {
		f.others = append(f.others, t)
		f.counts = append(f.counts, uint32(c))
	}
	return f
}

// preanalyzedField is an indexed (not stored) text field whose terms are
// already counted: bleve's analysis only turns the counts into its term
// map.
type preanalyzedField struct {
	name       string
	stems      []*vocabStem // terms with a stem id; counts[i] for stems[i]
	others     []string     // other terms; counts[len(stems)+i]
	counts     []uint32
	length     int // terms, stop words left out, as the analyzer counts them
	plainBytes uint64
	freqs      bindex.TokenFrequencies // made by Analyze
}

func (f *preanalyzedField) Name() string                         { return f.name }
func (f *preanalyzedField) ArrayPositions() []uint64             { return nil }
func (f *preanalyzedField) Options() bindex.FieldIndexingOptions { return bindex.IndexField }
func (f *preanalyzedField) Value() []byte                        { return nil }
func (f *preanalyzedField) NumPlainTextBytes() uint64            { return f.plainBytes }
func (f *preanalyzedField) EncodedFieldType() byte               { return 't' }
func (f *preanalyzedField) AnalyzedLength() int                  { return f.length }

// Analyze makes the term map bleve indexes from the counts.
func (f *preanalyzedField) Analyze() {
	if f.freqs != nil {
		return
	}
	n := len(f.stems) + len(f.others)
	f.freqs = make(bindex.TokenFrequencies, n)
	slab := make([]bindex.TokenFreq, len(f.stems), n)
	for i, st := range f.stems {
		tf := &slab[i]
		tf.Term = st.term
		tf.SetFrequency(int(f.counts[i]))
		f.freqs[st.stem] = tf
	}
	for i, t := range f.others {
		c := int(f.counts[len(f.stems)+i])
		if tf, ok := f.freqs[t]; ok {
			tf.SetFrequency(tf.Frequency() + c)
			continue
		}
		slab = append(slab, bindex.TokenFreq{Term: []byte(t)})
		tf := &slab[len(slab)-1]
		tf.SetFrequency(c)
		f.freqs[t] = tf
	}
}

func (f *preanalyzedField) AnalyzedTokenFrequencies() bindex.TokenFrequencies {
	f.Analyze()
	return f.freqs
}

// Size is the field's memory, for bleve's accounting of a batch.
func (f *preanalyzedField) Size() int {
	n := 96 + len(f.name) + 12*len(f.stems) + 20*len(f.others)
	if f.freqs != nil {
		n += f.freqs.Size()
	}
	return n
}
