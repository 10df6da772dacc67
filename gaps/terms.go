package gaps

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/armswatch/armswatch"
)

// Limits of what one question adds.
const (
	// MaxTerms is the most terms one question counts.
	MaxTerms = 8
	// MaxTermRunes is the longest term stored; longer ones are cut.
	MaxTermRunes = 40
)

// IsGap reports whether a is an answer the data could not give: nothing
// supports it, it names items no claim is about, or its records matched
// only relaxed (one informative word) or background (words most records
// share).
func IsGap(a armswatch.Answer) bool {
	if a.Error != "" && a.NoAnswer() {
		return false // a refused or failed question, not a gap in the data
	}
	return a.NoAnswer() || len(a.NoClaimAbout) > 0 || a.Match == "relaxed" || a.Match == "background"
}

// Terms are the informative terms of a's question, at most MaxTerms of at
// most MaxTermRunes each: the items no claim is about when the answer
// names them (each as one term: "fighter jets"), else the words of the
// query, lowercased, less stop and question words. The index does not
// expose its concepts, so the terms are read from the answer.
func Terms(a armswatch.Answer) []string {
	var out []string
	add := func(t string) {
		if t == "" || len(out) == MaxTerms {
			return
		}
		if utf8.RuneCountInString(t) > MaxTermRunes {
			t = strings.TrimRight(string([]rune(t)[:MaxTermRunes]), " -")
		}
		for _, x := range out {
			if x == t {
				return
			}
		}
		out = append(out, t)
	}
	if len(a.NoClaimAbout) > 0 {
		for _, item := range a.NoClaimAbout {
			add(strings.Join(informative(words(item)), " "))
		}
		if len(out) > 0 {
			return out
		}
	}
	for _, w := range informative(words(a.Query)) {
		add(w)
	}
	return out
}

// words splits s into lowercase words of letters, digits and inner
// hyphens ("kn-23"); a possessive "'s" is dropped.
func words(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '\'' || r == '’')
	}) {
		f = strings.TrimSuffix(strings.TrimSuffix(f, "'s"), "’s")
		f = strings.Trim(f, "-'’")
		f = strings.NewReplacer("'", "", "’", "").Replace(f)
		if f != "" {
			out = append(out, f)
		}
	}
	return out
}

// informative drops stop and question words and single letters.
func informative(ws []string) []string {
	var out []string
	for _, w := range ws {
		if stopWords[w] || (utf8.RuneCountInString(w) < 2 && !unicode.IsDigit([]rune(w)[0])) {
			continue
		}
		out = append(out, w)
	}
	return out
}

// stopWords are function words and question words, in English and a few
// in Russian and Ukrainian, that say nothing about what was asked.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		a an the and or but nor of to in on at for from by with as into onto over under about
		between through during before after since until than then there here this that these those
		is are was were be been being am do does did done has have had having can could will would
		shall should may might must it its it's they them their theirs he him his she her we us our
		you your i me my mine who whom whose which what when where why how whether if any all some
		each every much many more most other such no not only own same so too very just also ever
		yet still again ok okay please tell show give find say said says know get got did anything
		something anyone someone there's what's who's how's whats hows whos
		и в во на с со по о об от до за из к ко у не ни ли же бы что как кто где когда какой какие
		сколько ли а но или это эти та те тот так також та й і в у на з із до від що як хто де коли
		скільки чи це ці`) {
		m[w] = true
	}
	return m
}()
