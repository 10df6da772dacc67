package index

import (
	"maps"
	"strings"
	"testing"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/data"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	bindex "github.com/blevesearch/bleve_index_api"
)

// TestPreanalyzedMatchesAnalyzer checks that the English terms the builder
// counts itself are exactly what the English analyzer (which analyses
// queries) makes of the same text: the same terms, the same frequencies,
// the same length. Over the bundled data, the fixture data (Russian,
// Ukrainian, Korean) and texts made to find the edges.
const partSep = "\x00part\x00"

func TestPreanalyzedMatchesAnalyzer(t *testing.T) {
	texts := []string{
		"U.S. officials said North Korea’s shells — 6,700 containers, 1.5 million rounds — arrived in the 1990s.",
		"Don’t, Kimʼs, Korea's, Koreas' and the KN-23/KN-24 (Hwasong-11) were fired.",
		"café naïve résumé İstanbul e\u0301 x\u0301y email@example.com http://example.com/a_b?c=d",
		strings.Repeat("long", 12) + " " + strings.Repeat("ü", 90) + " " + strings.Repeat("ab", 100) + " shells",
		"Сергей Шойгу сказал, что 북한이 포탄을 보냈다; KN23х and Північна Корея м'ясо shells",
		"the and of to a", "", "   ", "🚀 ... ---",
		"Korea'" + partSep + "s shells", "North" + partSep + "Korea’s KN-23" + partSep + "Північна" + partSep + "Корея",
		strings.Repeat("shells ", 50) + "shell shelling",
	}
	for _, src := range []struct {
		name string
		load func() (*armswatch.Corpus, error)
	}{
		{"bundled", func() (*armswatch.Corpus, error) { return armswatch.Load(data.FS()) }},
		{"fixture", func() (*armswatch.Corpus, error) { return armswatch.Load(fixtureFS()) }},
	} {
		c, err := src.load()
		if err != nil {
			t.Fatalf("%s: %v", src.name, err)
		}
		for _, d := range c.Documents {
			texts = append(texts, d.Title+partSep+d.Body)
		}
		for _, cl := range c.Claims {
			texts = append(texts, claimText(cl))
		}
	}
	an, err := newAnalyzers(buildMapping())
	if err != nil {
		t.Fatal(err)
	}
	b := &builder{an: an, vocab: newVocabBuilder(), aliases: newAliasMatcher(nil)}
	for i, text := range texts {
		doc := document.NewDocument("x")
		// A document's title and body are read as two parts, the text
		// is both with a blank line between them.
		b.addText(doc, docFields, strings.Split(text, partSep)...)
		text = strings.ReplaceAll(text, partSep, "\n\n")
		var got *preanalyzedField
		for _, f := range doc.Fields {
			if f.Name() == fDocEn {
				got = f.(*preanalyzedField)
			}
		}
		toks := an.en.Analyze([]byte(text))
		want := analysis.TokenFrequency(toks, nil, bindex.IndexField)
		if got == nil {
			if len(toks) != 0 {
				t.Errorf("text %d: no English field, the analyzer has %d terms", i, len(toks))
			}
			continue
		}
		if got.length != len(toks) {
			t.Errorf("text %d: length %d, analyzer %d", i, got.length, len(toks))
		}
		if !maps.EqualFunc(got.AnalyzedTokenFrequencies(), want, func(a, b *bindex.TokenFreq) bool {
			return string(a.Term) == string(b.Term) && a.Frequency() == b.Frequency()
		}) {
			for k, v := range want {
				if g, ok := got.freqs[k]; !ok || g.Frequency() != v.Frequency() {
					t.Errorf("text %d: term %q: analyzer %d, builder %v", i, k, v.Frequency(), g)
				}
			}
			for k := range got.freqs {
				if _, ok := want[k]; !ok {
					t.Errorf("text %d: term %q only in the builder's", i, k)
				}
			}
		}
	}
}
