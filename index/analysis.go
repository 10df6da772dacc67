package index

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
	snowball "github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/russian"
)

// The analyzers of the index, registered with bleve under these names so
// that a stored mapping finds them again when the index is reopened. Text is
// routed to a field per script (see builder.countWords): Latin and everything else to the
// English field, Cyrillic words to the Cyrillic field, Hangul words to the
// Korean field.
const (
	analyzerEn   = "armswatch_en"   // English: possessives, case, stop words, Porter stems, numbers (enAnalyzer)
	analyzerCyr  = "armswatch_cyr"  // Russian and Ukrainian: case, ё, stop words, stems
	analyzerKo   = "armswatch_ko"   // Korean: particles stripped, syllable bigrams
	analyzerName = "armswatch_name" // claimant names: words, case folded, nothing else
)

func init() {
	registry.RegisterAnalyzer(analyzerEn, func(config map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
		return enAnalyzer{}, nil
	})
	registry.RegisterAnalyzer(analyzerCyr, func(config map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
		return newCyrAnalyzer(cache)
	})
	registry.RegisterAnalyzer(analyzerKo, func(config map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
		return newKoAnalyzer(cache)
	})
	registry.RegisterAnalyzer(analyzerName, func(config map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
		tok, err := cache.TokenizerNamed(unicodetok.Name)
		if err != nil {
			return nil, err
		}
		lower, err := cache.TokenFilterNamed(lowercase.Name)
		if err != nil {
			return nil, err
		}
		return &analysis.DefaultAnalyzer{Tokenizer: tok, TokenFilters: []analysis.TokenFilter{lower}}, nil
	})
}

func newCyrAnalyzer(cache *registry.Cache) (analysis.Analyzer, error) {
	tok, err := cache.TokenizerNamed(unicodetok.Name)
	if err != nil {
		return nil, err
	}
	lower, err := cache.TokenFilterNamed(lowercase.Name)
	if err != nil {
		return nil, err
	}
	return &analysis.DefaultAnalyzer{Tokenizer: tok, TokenFilters: []analysis.TokenFilter{lower, cyrFilter{}}}, nil
}

func newKoAnalyzer(cache *registry.Cache) (analysis.Analyzer, error) {
	tok, err := cache.TokenizerNamed(unicodetok.Name)
	if err != nil {
		return nil, err
	}
	lower, err := cache.TokenFilterNamed(lowercase.Name)
	if err != nil {
		return nil, err
	}
	return &analysis.DefaultAnalyzer{Tokenizer: tok, TokenFilters: []analysis.TokenFilter{lower, koFilter{}}}, nil
}

// cyrFilter drops Russian and Ukrainian stop words and stems Cyrillic
// words: a word with a letter only Ukrainian has (і, ї, є, ґ) or an
// apostrophe gets the Ukrainian light stemmer, any other the Russian
// Snowball stemmer (whose endings cover most Ukrainian forms too). The same
// rule runs on queries, so a word and its forms meet on one stem.
type cyrFilter struct{}

func (cyrFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	out := in[:0]
	for _, t := range in {
		w := strings.ReplaceAll(string(t.Term), "ё", "е")
		if cyrStopWords[w] {
			continue
		}
		t.Term = []byte(stemCyrillic(w))
		out = append(out, t)
	}
	return out
}

// stemCyrillic stems one lowercase Cyrillic word.
func stemCyrillic(w string) string {
	if !hasCyrillic(w) {
		return w
	}
	if strings.ContainsAny(w, "іїєґ'’ʼ") {
		return stemUkrainian(w)
	}
	env := snowball.NewEnv(w)
	russian.Stem(env)
	return env.Current()
}

// cyrStopWords are Russian and Ukrainian function words and question words.
var cyrStopWords = setOf(
	// Russian
	"и", "в", "во", "не", "что", "он", "на", "я", "с", "со", "как", "а", "то", "все", "она", "так", "его",
	"но", "да", "ты", "к", "у", "же", "вы", "за", "бы", "по", "только", "ее", "мне", "было", "вот", "от",
	"меня", "еще", "нет", "о", "из", "ему", "теперь", "когда", "даже", "ну", "вдруг", "ли", "если", "уже",
	"или", "ни", "быть", "был", "него", "до", "вас", "нибудь", "опять", "уж", "вам", "ведь", "там", "потом",
	"себя", "ничего", "ей", "может", "они", "тут", "где", "есть", "надо", "ней", "для", "мы", "тебя", "их",
	"чем", "была", "сам", "чтоб", "без", "будто", "чего", "раз", "тоже", "себе", "под", "будет", "ж",
	"тогда", "кто", "этот", "того", "потому", "этого", "какой", "совсем", "ним", "здесь", "этом", "один",
	"почти", "мой", "тем", "чтобы", "нее", "сейчас", "были", "куда", "зачем", "всех", "никогда", "можно",
	"при", "наконец", "два", "об", "другой", "хоть", "после", "над", "больше", "тот", "через", "эти", "нас",
	"про", "всего", "них", "какая", "много", "разве", "три", "эту", "моя", "впрочем", "хорошо", "свою",
	"этой", "перед", "иногда", "лучше", "чуть", "том", "нельзя", "такой", "им", "более", "всегда",
	"конечно", "всю", "между", "это", "сколько", "почему", "какие", "каких",
	// Ukrainian
	"і", "й", "та", "але", "що", "це", "як", "ці", "цей", "ця", "ще", "вже", "від", "до", "для", "при",
	"про", "між", "або", "чи", "хто", "де", "коли", "скільки", "чому", "який", "яка", "які", "якого",
	"яких", "він", "вона", "воно", "вони", "ми", "ви", "є", "був", "була", "було", "були", "бути", "також",
	"із", "зі", "з", "у", "в", "на", "не", "ні", "так", "би", "же", "цього", "цих", "свої", "своїх",
)

// koFilter makes Korean words searchable in all their forms: it strips a
// trailing particle (북한이, 북한은, 북한의 → 북한) and emits the
// syllable bigrams of what is left (미사일 → 미사 사일), so that a word
// also matches inside a compound (탄도미사일). A one-syllable word is kept
// as it is.
type koFilter struct{}

func (koFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, len(in)*2)
	pos := 0
	for _, t := range in {
		word := string(t.Term)
		if !isHangulWord(word) {
			pos++
			t.Position = pos
			out = append(out, t)
			continue
		}
		stem := stripParticle(word)
		offsets := runeOffsets(stem)
		n := len(offsets) - 1 // syllables
		if n == 1 {
			pos++
			out = append(out, &analysis.Token{
				Term: []byte(stem), Start: t.Start, End: t.Start + len(stem),
				Position: pos, Type: analysis.Ideographic,
			})
			continue
		}
		for i := 0; i+1 < n; i++ {
			pos++
			out = append(out, &analysis.Token{
				Term:     []byte(stem[offsets[i]:offsets[i+2]]),
				Start:    t.Start + offsets[i],
				End:      t.Start + offsets[i+2],
				Position: pos,
				Type:     analysis.Ideographic,
			})
		}
		pos++ // a gap between words, so that a phrase never spans two words
	}
	return out
}

// runeOffsets returns the byte offset of every rune of s and len(s).
func runeOffsets(s string) []int {
	offs := make([]int, 0, utf8.RuneCountInString(s)+1)
	for i := range s {
		offs = append(offs, i)
	}
	return append(offs, len(s))
}

// koParticles are Korean particles and copulas that follow a noun, longest
// first within each length. Only these are stripped, and only when at least
// two syllables remain: over-stripping a query is harmless with bigrams (the
// shorter stem's bigrams are a phrase inside the longer one's), but
// over-stripping a document word would lose it.
var koParticles = []string{
	"에서부터", "으로부터", "에서는", "에서도", "으로는", "으로도", "에게는", "에게서", "까지는", "이라는",
	"로부터", "에서", "에게", "께서", "한테", "으로", "부터", "까지", "처럼", "보다", "이나", "이며",
	"이다", "라는", "와는", "과는", "이고", "에는", "에도", "의", "은", "는", "이", "가", "을", "를",
	"에", "로", "와", "과", "도", "만",
}

// stripParticle removes one trailing particle from a Hangul word.
func stripParticle(w string) string {
	n := utf8.RuneCountInString(w)
	for _, p := range koParticles {
		if strings.HasSuffix(w, p) && n-utf8.RuneCountInString(p) >= 2 {
			return w[:len(w)-len(p)]
		}
	}
	return w
}

// Scripts, for routing words to fields.
type script uint8

const (
	scriptOther    script = iota // Latin, digits, anything else: the English field
	scriptCyrillic               // Russian, Ukrainian, ...
	scriptHangul                 // Korean
)

func runeScript(r rune) script {
	switch {
	case r < 0x0400:
		return scriptOther
	case unicode.Is(unicode.Cyrillic, r):
		return scriptCyrillic
	case unicode.Is(unicode.Hangul, r):
		return scriptHangul
	}
	return scriptOther
}

// wordScript is the script of a word: Hangul or Cyrillic when it has any
// letter of those scripts, otherwise other.
func wordScript(w string) script {
	for _, r := range w {
		if s := runeScript(r); s != scriptOther {
			return s
		}
	}
	return scriptOther
}

func hasCyrillic(w string) bool {
	for _, r := range w {
		if runeScript(r) == scriptCyrillic {
			return true
		}
	}
	return false
}

func isHangulWord(w string) bool {
	for _, r := range w {
		if runeScript(r) != scriptHangul {
			return false
		}
	}
	return w != ""
}

// forEachWord calls word for every maximal run of letters, marks and digits
// (an apostrophe between letters, as in м'ясо or Korea's, stays inside the
// word) in text, and span for every piece of the text in order (words with
// their script, separators as scriptOther).
func forEachWord(text string, word func(start, end int), span func(start, end int, sc script)) {
	start, sepStart := -1, 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		inWord := isWordRune(r)
		if !inWord && start >= 0 && i+size < len(text) {
			next, _ := utf8.DecodeRuneInString(text[i+size:])
			prev, _ := utf8.DecodeLastRuneInString(text[:i])
			switch {
			case isApostrophe(r):
				inWord = unicode.IsLetter(next)
			case r == ',' || r == '.':
				inWord = isDigit(prev) && isDigit(next) // 6,700 and 1.5
			}
		}
		switch {
		case inWord && start < 0:
			if span != nil && sepStart < i {
				span(sepStart, i, scriptOther)
			}
			start = i
		case !inWord && start >= 0:
			if word != nil {
				word(start, i)
			}
			if span != nil {
				span(start, i, wordScript(text[start:i]))
			}
			start, sepStart = -1, i
		}
		i += size
	}
	switch {
	case start >= 0:
		if word != nil {
			word(start, len(text))
		}
		if span != nil {
			span(start, len(text), wordScript(text[start:]))
		}
	case span != nil && sepStart < len(text):
		span(sepStart, len(text), scriptOther)
	}
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
