package ingest

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/armswatch/armswatch"
)

// MaxIDLength is the longest id DocumentID makes.
const MaxIDLength = 60

// DocumentID makes a document's id from its publisher, publication date and
// title: short, stable, readable lowercase kebab-case such as
// "kyivindependent-2023-11-14-austin-south-korea-allies". The first
// publisher named ("X via Y") is squashed to at most MaxPublisherSlug
// letters and digits (a leading "The" dropped); the date is
// written at its precision and left out when unknown; then come up to five
// significant words of the title (stop words dropped), as many as fit in
// MaxIDLength characters. Everything is ASCII: Latin letters lose their
// accents, Cyrillic is transliterated, other scripts are dropped. The id is
// never empty: with nothing to go on it is "doc".
func DocumentID(publisher string, published armswatch.Date, title string) string {
	var parts []string
	if p := squashPublisher(publisher); p != "" {
		parts = append(parts, p)
	}
	if !published.IsZero() {
		parts = append(parts, published.String())
	}
	id := strings.Join(parts, "-")
	added := 0
	for _, w := range uniq(significantWords(title)) {
		if added == 5 {
			break
		}
		next := w
		if id != "" {
			next = id + "-" + w
		}
		if len(next) > MaxIDLength {
			if id == "" {
				id = w[:MaxIDLength] // one very long word
			}
			break
		}
		id = next
		added++
	}
	if id == "" {
		return "doc"
	}
	return id
}

// MaxPublisherSlug bounds the publisher part of an id.
const MaxPublisherSlug = 20

// publisherSeparators end the first of several publishers named ("X via
// Y", "X | Y"): the id names only the first.
var publisherSeparators = []string{" via ", " | ", " / ", " — ", " – ", " - ", ";", ","}

func squashPublisher(p string) string {
	lower := strings.ToLower(p)
	for _, sep := range publisherSeparators {
		if i := strings.Index(lower, sep); i > 0 {
			p, lower = p[:i], lower[:i]
		}
	}
	words := strings.Fields(strings.ToLower(asciiFold(p)))
	if len(words) > 1 && words[0] == "the" {
		words = words[1:]
	}
	var b strings.Builder
	for _, w := range words {
		for _, r := range w {
			if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
				b.WriteRune(r)
			}
		}
	}
	s := b.String()
	if len(s) > MaxPublisherSlug {
		s = s[:MaxPublisherSlug]
	}
	return s
}

// stopWords are left out of ids and out of topic comparisons.
var stopWords = wordSet(`a an the and or but nor of to in on at for from by with as into onto over under
	about after before amid among between during against without within than then so
	is are was were be been being am has have had do does did will would shall should can could may might must
	it its it's this that these those there here their they them he she his her him we our you your i me my
	not no yes all any some more most such what which who whom whose why how when where
	says said say tells told report reports reported new also just`)

var rePossessive = regexp.MustCompile(`['’]s\b`)

// significantWords returns the lower-case ASCII words of s that carry
// meaning: possessive "'s" dropped, stop words dropped, single letters
// dropped.
var reThousands = regexp.MustCompile(`(\d),(\d{3})`)

func significantWords(s string) []string {
	s = rePossessive.ReplaceAllString(s, "")
	s = strings.ToLower(asciiFold(s))
	// Figures keep their digits: "6,700" becomes 6700 and "1.5M" 1-5m, never
	// a misleading "5m".
	s = reThousands.ReplaceAllString(s, "$1$2")
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z') && !(r >= '0' && r <= '9')
	}) {
		if (len(w) < 2 && !(w[0] >= '0' && w[0] <= '9')) || stopWords[w] {
			continue
		}
		out = append(out, w)
	}
	return out
}

// asciiFold writes s in ASCII: accents dropped from Latin letters, Cyrillic
// transliterated, other letters dropped (replaced by a space, so words stay
// apart).
func asciiFold(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 0x80:
			b.WriteRune(r)
		case latinFold[r] != "":
			b.WriteString(latinFold[r])
		case cyrillicFold[unicode.ToLower(r)] != "":
			t := cyrillicFold[unicode.ToLower(r)]
			if unicode.IsUpper(r) {
				t = strings.ToUpper(t[:1]) + t[1:]
			}
			b.WriteString(t)
		case r == 'ь' || r == 'Ь' || r == 'ъ' || r == 'Ъ':
			// soft and hard signs are not written
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteByte(' ')
		case r == '’' || r == 'ʼ':
			b.WriteByte('\'')
		default:
			b.WriteByte(' ')
		}
	}
	return b.String()
}

var latinFold = map[rune]string{}

func init() {
	groups := map[string]string{
		"a": "àáâãäåāăą", "c": "çćĉċč", "d": "ďđ", "e": "èéêëēĕėęě", "g": "ĝğġģ",
		"h": "ĥħ", "i": "ìíîïĩīĭįı", "j": "ĵ", "k": "ķ", "l": "ĺļľŀł", "n": "ñńņňŉ",
		"o": "òóôõöøōŏő", "r": "ŕŗř", "s": "śŝşšș", "t": "ţťŧț", "u": "ùúûüũūŭůűų",
		"w": "ŵ", "y": "ýÿŷ", "z": "źżž", "ae": "æ", "oe": "œ", "ss": "ß", "th": "þ", "dh": "ð",
	}
	for ascii, letters := range groups {
		for _, r := range letters {
			latinFold[r] = ascii
			if up := unicode.ToUpper(r); up != r {
				latinFold[up] = strings.ToUpper(ascii[:1]) + ascii[1:]
			}
		}
	}
}

// cyrillicFold transliterates Ukrainian and Russian letters (lower case),
// after the Ukrainian national system where the two differ.
var cyrillicFold = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "h", 'ґ': "g", 'д': "d", 'е': "e", 'є': "ie",
	'ж': "zh", 'з': "z", 'и': "y", 'і': "i", 'ї': "i", 'й': "i", 'к': "k", 'л': "l",
	'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u",
	'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ю': "iu",
	'я': "ia", 'ё': "e", 'ы': "y", 'э': "e",
}
