package index

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/armswatch/armswatch/index/internal/synth"
)

// TestMarksSkipsOnlyWordsThatCannotMatch: marks, which looks up the keys
// only of words that may match (mayMark), marks exactly what looking up
// every word's keys marks, for questions made of the words of the
// fixture's documents (English, Russian, Ukrainian, Korean, capitalised,
// possessives, figures, alias names) and of synthetic documents.
func TestMarksSkipsOnlyWordsThatCannotMatch(t *testing.T) {
	t.Parallel()
	ix := openFixture(t)
	var texts []string
	paths, _ := filepath.Glob("testdata/fixture/documents/*.md")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	texts = append(texts, "Ёмкость ёмкости, елка и Ёлки: ЁЖ и ёж. Shahed's 6,700 снарядов, Snaryady 미사일을 보냈다 İstanbul")
	g := synth.New(synth.Config{Documents: 50, Seed: 3})
	for range 50 {
		d, _ := g.Next()
		texts = append(texts, d.Title+"\n"+d.Body)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	checked, marked := 0, 0
	for _, text := range texts {
		var words []string
		forEachWord(text, func(s, e int) { words = append(words, text[s:e]) }, nil)
		for range 40 {
			q := make([]string, 1+rng.IntN(3))
			for i := range q {
				q[i] = words[rng.IntN(len(words))]
			}
			h := newHighlighter(ix.st, understand(ix.st, strings.Join(q, " ")))
			got, want := h.marks(text), marksEveryWord(h, text)
			if !slices.Equal(got, want) {
				t.Fatalf("question %q: marks %v, want %v", strings.Join(q, " "), got, want)
			}
			checked++
			if len(got) > 0 {
				marked++
			}
		}
	}
	if marked < checked/2 {
		t.Errorf("only %d of %d questions marked anything: the test checks little", marked, checked)
	}
}

// marksEveryWord is marks as it was before mayMark: every word's keys
// computed.
func marksEveryWord(h *highlighter, text string) []span {
	ws := textWords(text, aliasKey)
	var out []span
	var content []word
	for _, w := range ws {
		if w.key == "" {
			continue
		}
		content = append(content, w)
		if isStopKey(w.key) {
			continue
		}
		if h.keys[normWord(text[w.start:w.end])] {
			out = append(out, span{w.start, w.end})
			continue
		}
		if len(h.koStems) > 0 && isHangulWord(text[w.start:w.end]) {
			for _, s := range h.koStems {
				if strings.Contains(w.key, s) {
					out = append(out, span{w.start, w.end})
					break
				}
			}
		}
	}
	if len(h.groups) > 0 {
		keys := make([]string, len(content))
		for i, w := range content {
			keys[i] = w.key
		}
		for _, hit := range h.aliases.find(keys) {
			if h.groups[hit.group] {
				out = append(out, span{content[hit.from].start, content[hit.to-1].end})
			}
		}
	}
	return mergeSpans(text, out)
}
