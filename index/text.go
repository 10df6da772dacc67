package index

import (
	"bufio"

	"bytes"
	"github.com/armswatch/armswatch"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	porterstemmer "github.com/blevesearch/go-porterstemmer"
)

// normWord is the one normalisation of a single word used outside bleve:
// for alias phrases, the vocabulary's stems and highlighting. Lowercase,
// possessive dropped, thousands separators dropped, then stemmed by script
// exactly as the index's analyzers do (Porter for English, the Cyrillic
// stemmers, Korean particles). Stop words give "".
func normWord(w string) string {
	w = lowerWord(w)
	switch wordScript(w) {
	case scriptCyrillic:
		w = strings.ReplaceAll(w, "ё", "е")
		if cyrStopWords[w] {
			return ""
		}
		return stemCyrillic(w)
	case scriptHangul:
		return stripParticle(w)
	}
	w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "'")
	if enStopWords[w] {
		return ""
	}
	if isNumber(w) {
		return strings.ReplaceAll(w, ",", "")
	}
	if !isASCIILetters(w) {
		return w
	}
	return porterstemmer.StemString(w)
}

func isASCIILetters(w string) bool {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// enStopWords is bleve's English stop list (the one the index drops).
var enStopWords = func() map[string]bool {
	m := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(en.EnglishStopWords))
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '|'); i >= 0 {
			line = line[:i]
		}
		for _, f := range strings.Fields(line) {
			m[f] = true
		}
	}
	return m
}()

// questionWords are dropped from queries on top of the stop words: the
// words of asking, not of what is asked about.
var questionWords = setOf(
	"how", "many", "much", "what", "which", "who", "whom", "whose", "when", "where", "why", "whether",
	"tell", "show", "give", "list", "find", "search", "please", "know", "known", "does", "did", "do",
	"has", "have", "had", "is", "are", "was", "were", "any", "anything", "there", "about", "me", "us",
	"can", "could", "would", "should", "will", "say", "says", "said", "claims", "claim", "according",
	"latest", "news", "info", "information", "ever", "total", "number", "figure", "figures",
	// Chat: fillers people type that say nothing about what is asked.
	"actual", "even", "too", "rn", "pls", "plz", "lol", "btw", "tho", "though", "ok", "okay",
	"hey", "hi", "hello", "anyway", "basically", "literally", "r", "u", "ur",
	// Russian and Ukrainian question words are in cyrStopWords; Korean:
	"무엇", "누가", "언제", "어디", "얼마나", "몇", "왜", "어떻게",
)

// softWords are verbs of asking and transferring, and fillers: in a data
// set about arms transfers nearly every record sends, supplies or delivers
// something, in one word or another, so these add to a record's score but
// never make it match (see match.go).
var softWords = setOf(
	"send", "sent", "sends", "sending", "give", "gave", "given", "gives", "giving",
	"get", "got", "gets", "getting", "gotten", "go", "went", "gone", "goes", "going",
	"carry", "carried", "carries", "carrying", "supply", "supplied", "supplies", "supplying",
	"deliver", "delivered", "delivers", "delivering", "provide", "provided", "provides", "providing",
	"transfer", "transferred", "transfers", "transferring", "receive", "received", "receives", "receiving",
	"shipped", "obtain", "obtained", "acquire", "acquired", "use", "used", "uses", "using", "make", "made",
	"happen", "happened", "really", "actually", "also", "far", "yet", "now", "currently", "recently",
	"still", "exactly", "approximately", "roughly", "overall", "altogether", "so", "guys", "anyone",
	"someone", "somebody", "people", "thing", "things", "stuff", "like", "them", "they", "their",
	"help", "helped", "helping", "return", "back",
)

// itemStems maps the alias key of every word that names an item (the
// domain's armswatch.ItemWords) to its category, so that "tank" and
// "tanks" both route a question, and "shelling" or "armed" none.
var itemStems = func() map[string]armswatch.Category {
	m := map[string]armswatch.Category{}
	for w, c := range armswatch.ItemWords() {
		if k := aliasKey(w); k != "" && !isStopKey(k) {
			if _, dup := m[k]; !dup {
				m[k] = c
			}
		}
	}
	return m
}()

// itemCategory is the category a query word names as an item, "" for none.
func itemCategory(w string) armswatch.Category {
	if c, ok := armswatch.ItemWord(w); ok {
		return c
	}
	return itemStems[aliasKey(w)]
}

// isQueryStopWord reports whether a lowercase query word carries no meaning
// for the search.
func isQueryStopWord(w string) bool {
	return questionWords[w] || normWord(w) == ""
}
