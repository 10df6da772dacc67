package index

import (
	"slices"

	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
)

func analyze(t *testing.T, name, text string) []string {
	t.Helper()
	an, err := newAnalyzers(buildMapping())
	if err != nil {
		t.Fatal(err)
	}
	var a analysis.Analyzer
	switch name {
	case analyzerEn:
		a = an.en
	case analyzerCyr:
		a = an.cyr
	case analyzerKo:
		a = an.ko
	}
	var out []string
	for _, tok := range a.Analyze([]byte(text)) {
		out = append(out, string(tok.Term))
	}
	return out
}

func TestEnglishAnalyzer(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Shells", "shell"},
		{"North Korea's", "north korea"},
		{"6,700 containers", "6700 contain"},
		{"the Kremlin", "kremlin"},
		{"thanked", "thank"},
		{"tanks", "tank"},
	} {
		if got := strings.Join(analyze(t, analyzerEn, tc.in), " "); got != tc.want {
			t.Errorf("en(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A Korean word finds its forms with particles: every form of 북한 and 포탄
// gives the same terms, and a word inside a compound shares its bigrams.
func TestKoreanAnalyzer(t *testing.T) {
	for _, group := range [][]string{
		{"북한", "북한이", "북한은", "북한의", "북한에서", "북한으로부터"},
		{"포탄", "포탄을", "포탄이", "포탄과", "포탄도"},
		{"미사일", "미사일을", "미사일은"},
	} {
		want := analyze(t, analyzerKo, group[0])
		for _, form := range group[1:] {
			if got := analyze(t, analyzerKo, form); !slices.Equal(got, want) {
				t.Errorf("ko(%q) = %q, want %q like %q", form, got, want, group[0])
			}
		}
	}
	// 탄도미사일을 contains the bigrams of 미사일.
	compound := analyze(t, analyzerKo, "탄도미사일을")
	for _, bg := range analyze(t, analyzerKo, "미사일") {
		if !slices.Contains(compound, bg) {
			t.Errorf("bigram %q of 미사일 missing from 탄도미사일을 %q", bg, compound)
		}
	}
	// A two-syllable word ending like a particle keeps it: 회의 is not 회 + 의.
	if got := analyze(t, analyzerKo, "회의"); !slices.Equal(got, []string{"회의"}) {
		t.Errorf("ko(회의) = %q", got)
	}
}

// Russian words are stemmed by Snowball, Ukrainian ones by the light
// stemmer; the forms of one word meet on one stem.
func TestCyrillicAnalyzer(t *testing.T) {
	for _, group := range [][]string{
		{"ракета", "ракеты", "ракетами", "ракету", "ракетой"},           // Russian
		{"снаряды", "снарядов", "снарядами", "снаряд"},                  // Russian
		{"ракета", "ракети", "ракеті", "ракетою", "ракетами", "ракету"}, // Ukrainian
		{"снаряди", "снарядів", "снарядами", "снаряд"},                  // Ukrainian
		{"Росія", "Росії", "Росією", "Росію"},                           // Ukrainian
		{"Північна", "Північної", "Північній"},                          // Ukrainian
	} {
		want := analyze(t, analyzerCyr, group[0])
		for _, form := range group[1:] {
			if got := analyze(t, analyzerCyr, form); !slices.Equal(got, want) {
				t.Errorf("cyr(%q) = %q, want %q like %q", form, got, want, group[0])
			}
		}
	}
	if got := analyze(t, analyzerCyr, "и в снаряды"); !slices.Equal(got, analyze(t, analyzerCyr, "снаряды")) {
		t.Errorf("stop words kept: %q", got)
	}
}

func TestStemUkrainian(t *testing.T) {
	for in, want := range map[string]string{
		"ракетами": "ракет", "ракеті": "ракет", "снарядів": "снаряд", "кореї": "коре",
		"північна": "північн", "росією": "росі", "передаються": "переда", "м'ясо": "м'яс",
		"ні": "ні", // too short to stem
	} {
		if got := stemUkrainian(in); got != want {
			t.Errorf("stemUkrainian(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRoute: the builder sends Cyrillic and Hangul words to their own
// fields and everything else to the English one.
func TestRoute(t *testing.T) {
	an, err := newAnalyzers(buildMapping())
	if err != nil {
		t.Fatal(err)
	}
	b := &builder{an: an, vocab: newVocabBuilder(), aliases: newAliasMatcher(nil)}
	fields := func(text string) (en []string, cyr, ko string) {
		doc := document.NewDocument("x")
		b.addText(doc, docFields, text)
		for _, f := range doc.Fields {
			switch f.Name() {
			case fDocEn:
				for term := range f.AnalyzedTokenFrequencies() {
					en = append(en, term)
				}
			case fDocCyr:
				cyr = string(f.Value())
			case fDocKo:
				ko = string(f.Value())
			}
		}
		return en, cyr, ko
	}
	en, cyr, ko := fields("North Korea (북한이) sent shells — Северная Корея передала снаряди.")
	slices.Sort(en)
	if !slices.Equal(en, []string{"korea", "north", "sent", "shell"}) {
		t.Errorf("en = %q", en)
	}
	if strings.TrimSpace(ko) != "북한이" {
		t.Errorf("ko = %q", ko)
	}
	if strings.Fields(cyr)[0] != "Северная" || len(strings.Fields(cyr)) != 4 {
		t.Errorf("cyr = %q", cyr)
	}
	if en, cyr, ko := fields("only Latin, 6,700 of them"); len(en) == 0 || cyr != "" || ko != "" {
		t.Errorf("plain text routed as %q, %q, %q", en, cyr, ko)
	}
	// A word too long for the vocabulary is routed all the same.
	long := strings.Repeat("Ж", 45)
	if _, cyr, _ := fields("shells " + long); strings.TrimSpace(cyr) != long {
		t.Errorf("long Cyrillic word: cyr = %q", cyr)
	}
}

func TestForEachWord(t *testing.T) {
	var got []string
	text := "KN-23's 6,700 м'ясо Korea’s 북한이—x"
	forEachWord(text, func(s, e int) { got = append(got, text[s:e]) }, nil)
	want := []string{"KN", "23's", "6,700", "м'ясо", "Korea’s", "북한이", "x"}
	if !slices.Equal(got, want) {
		t.Errorf("words = %q, want %q", got, want)
	}
	// Spans cover the text exactly, in order.
	var b strings.Builder
	forEachWord(text, nil, func(s, e int, _ script) { b.WriteString(text[s:e]) })
	if b.String() != text {
		t.Errorf("spans rebuild %q, want %q", b.String(), text)
	}
}

func TestLowerWord(t *testing.T) {
	for in, want := range map[string]string{
		"Shells":   "shells",
		"Don’t":    "don't",
		"Kimʼs":    "kim's",
		"don't":    "don't",
		"ÉCOLE":    "école",
		"Північ":   "північ",
		"북한이":      "북한이",
		"—Moscow’": "—moscow'",
		"Ê’ʼ":      "ê''",
	} {
		if got := lowerWord(in); got != want {
			t.Errorf("lowerWord(%q) = %q, want %q", in, got, want)
		}
	}
}
