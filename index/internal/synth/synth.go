// Package synth generates synthetic corpora for the index's benchmarks:
// news-length documents whose words follow a Zipf distribution over a
// generated vocabulary, with claim records quoting them and alias groups.
// The text is meaningless but shaped like the real thing: word frequencies,
// sentence and paragraph lengths, numbers, dates, a few multi-word names.
// It is deterministic for a given seed.
package synth

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/armswatch/armswatch"
)

// Config says what to generate.
type Config struct {
	Documents  int
	Vocabulary int     // distinct words (default 50,000)
	MeanWords  int     // mean words per document (default 450)
	ClaimEvery int     // one claim per this many documents (default 10)
	Zipf       float64 // Zipf exponent s > 1 (default 1.07)
	Seed       uint64
}

func (c *Config) defaults() {
	if c.Vocabulary <= 0 {
		c.Vocabulary = 50_000
	}
	if c.MeanWords <= 0 {
		c.MeanWords = 450
	}
	if c.ClaimEvery <= 0 {
		c.ClaimEvery = 10
	}
	if c.Zipf <= 1 {
		c.Zipf = 1.07
	}
}

// Generator makes documents one at a time, so that callers can stream
// them, or a whole Corpus.
type Generator struct {
	cfg   Config
	rng   *rand.Rand
	zipf  *rand.Zipf
	words []string // by rank: words[0] is the most frequent

	docs, claims int // generated so far
}

// New returns a generator.
func New(cfg Config) *Generator {
	cfg.defaults()
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x5eed))
	g := &Generator{cfg: cfg, rng: rng}
	g.zipf = rand.NewZipf(rng, cfg.Zipf, 1, uint64(cfg.Vocabulary-1))
	g.words = Vocabulary(cfg.Vocabulary, cfg.Seed)
	return g
}

// Words returns the vocabulary by rank (most frequent first).
func (g *Generator) Words() []string { return g.words }

var syllables = strings.Fields(`ka ri to na mi se lo vu de pa shi ko ra te ne mo ku ba ge zo
	lin tar mon vel dor sak ret pul gan fer hos tem vik ral nor bes cun dal mar sen tol`)

// Vocabulary generates n distinct lowercase words: short ones get the low
// ranks, as in natural language.
func Vocabulary(n int, seed uint64) []string {
	rng := rand.New(rand.NewPCG(seed, 0xabc))
	seen := make(map[string]bool, n)
	out := make([]string, 0, n)
	for attempt := 0; len(out) < n; attempt++ {
		// Short words take the low ranks, as in natural language; the
		// length grows when a length runs out of new words.
		k := 1 + min(len(out)/300, 2) + attempt/(4*n+1000)
		if k >= 3 {
			k = 3 + rng.IntN(2)
		}
		var b strings.Builder
		for i := 0; i < k; i++ {
			b.WriteString(syllables[rng.IntN(len(syllables))])
		}
		w := b.String()
		if len(out) >= 50 && rng.IntN(3) == 0 {
			w += []string{"s", "ed", "ing", "er"}[rng.IntN(4)]
		}
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// Word draws a word by its Zipf rank.
func (g *Generator) Word() string { return g.words[g.zipf.Uint64()] }

var publishers = []string{"Daily Synth", "The Generated Times", "Wire Service", "Morning Post", "Evening Standard",
	"Regional Herald", "Policy Review", "Defence Weekly", "News Agency", "Capital Journal"}

// Document generates document i.
func (g *Generator) Document(i int) armswatch.Document {
	n := g.cfg.MeanWords/2 + g.rng.IntN(g.cfg.MeanWords+1)
	var b strings.Builder
	b.Grow(n * 8)
	sentence := 0
	for w := 0; w < n; w++ {
		word := g.Word()
		if sentence == 0 {
			word = strings.ToUpper(word[:1]) + word[1:]
		}
		b.WriteString(word)
		sentence++
		switch {
		case w == n-1:
			b.WriteString(".")
		case sentence > 8 && g.rng.IntN(8) == 0:
			b.WriteString(".")
			sentence = 0
			if g.rng.IntN(5) == 0 {
				b.WriteString("\n\n")
				continue
			}
			b.WriteString(" ")
		case g.rng.IntN(40) == 0:
			fmt.Fprintf(&b, " %d,%03d ", 1+g.rng.IntN(50), g.rng.IntN(1000))
		default:
			b.WriteString(" ")
		}
	}
	var title strings.Builder
	for w := 0; w < 6+g.rng.IntN(6); w++ {
		if w > 0 {
			title.WriteString(" ")
		}
		title.WriteString(g.Word())
	}
	day := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, g.rng.IntN(3*365))
	return armswatch.Document{
		ID:        fmt.Sprintf("synth-%07d", i),
		Title:     title.String(),
		Publisher: publishers[g.rng.IntN(len(publishers))],
		Published: armswatch.Date{Year: day.Year(), Month: day.Month(), Day: day.Day()},
		Language:  "en",
		Body:      b.String(),
		Path:      fmt.Sprintf("documents/synth-%07d.md", i),
	}
}

var figure = regexp.MustCompile(`[0-9]+,[0-9]{3}`)

var claimants = []string{"Defence Ministry", "Intelligence Service", "Prosecutor General", "White House", "Foreign Ministry",
	"Military Spokesman", "Research Institute", "Satellite Analysts", "Government", "Opposition Leader"}

// Claim generates a claim quoting the first sentence of doc.
func (g *Generator) Claim(i int, doc armswatch.Document) armswatch.Claim {
	quote := doc.Body
	if j := strings.IndexByte(quote, '.'); j > 0 {
		quote = quote[:j+1]
	}
	cat := armswatch.Categories[g.rng.IntN(len(armswatch.Categories))]
	c := armswatch.Claim{
		ID:          fmt.Sprintf("synth-claim-%07d", i),
		Statement:   quote,
		Claimant:    claimants[g.rng.IntN(len(claimants))],
		Stance:      armswatch.Stances[g.rng.IntN(len(armswatch.Stances))],
		SaidOn:      doc.Published,
		Supplier:    "North Korea",
		Recipient:   "Russia",
		Items:       []armswatch.Item{{Category: cat}},
		Appearances: []armswatch.Appearance{{Doc: doc.ID, Quote: quote}},
	}
	if g.rng.IntN(2) == 0 {
		v := float64(1 + g.rng.IntN(1000))
		// The figure must be written in the quote, as the loader checks:
		// the quote's own number when it has one, else none.
		if m := figure.FindString(quote); m != "" {
			v, _ = strconv.ParseFloat(strings.ReplaceAll(m, ",", ""), 64)
			c.Items[0].Quantity = &armswatch.Quantity{Text: m, Value: &v, Qualifier: armswatch.QualifierAbout, Measure: armswatch.MeasureDelivered}
		}
	}
	return c
}

// Aliases makes alias groups over frequent-ish words, some multi-word.
func (g *Generator) Aliases() []armswatch.AliasGroup {
	var out []armswatch.AliasGroup
	for i := 0; i < 30; i++ {
		a, b, c := g.words[100+i*7], g.words[101+i*7], g.words[102+i*7]
		out = append(out, armswatch.AliasGroup{
			Name: a, Kind: armswatch.AliasTerm, Aliases: []string{b + " " + c},
		})
	}
	return out
}

// Next generates the next document and, every ClaimEvery documents, a
// claim quoting it (nil otherwise). A generator's sequence is the same as
// its Corpus's, so that a caller can stream the documents.
func (g *Generator) Next() (armswatch.Document, *armswatch.Claim) {
	d := g.Document(g.docs)
	var c *armswatch.Claim
	if g.docs%g.cfg.ClaimEvery == 0 {
		cl := g.Claim(g.claims, d)
		g.claims++
		c = &cl
	}
	g.docs++
	return d, c
}

// Corpus generates a whole corpus.
func (g *Generator) Corpus() *armswatch.Corpus {
	c := &armswatch.Corpus{Aliases: g.Aliases()}
	c.Documents = make([]armswatch.Document, g.cfg.Documents)
	for i := range c.Documents {
		d, cl := g.Next()
		c.Documents[i] = d
		if cl != nil {
			c.Claims = append(c.Claims, *cl)
		}
	}
	return c
}
