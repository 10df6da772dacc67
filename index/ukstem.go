package index

import (
	"strings"
	"unicode/utf8"
)

// ukEndings are Ukrainian inflectional endings of nouns, adjectives and
// verbs, longest first. The stemmer is deliberately light: it removes one
// ending (after a reflexive -ся/-сь) and never leaves fewer than two
// letters, so that the forms of a word meet on one stem (ракета, ракети,
// ракеті, ракетою, ракетами → ракет; Росія, Росії, Росією → росі).
var ukEndings = []string{
	"ього", "ьому", "ами", "ями", "ові", "еві", "єві", "ого", "ому", "ими", "іми", "ати", "яти", "ити",
	"іти", "ала", "ало", "али", "ила", "ило", "или", "ють", "ать", "ять", "уть", "ють",
	"ах", "ях", "ам", "ям", "ів", "їв", "ей", "ом", "ем", "єм", "ою", "ею", "єю", "ий", "ій", "ої", "их",
	"ім", "им", "ти", "ла", "ло", "ли", "ав", "ив", "ує", "ют",
	"а", "я", "і", "ї", "и", "у", "ю", "о", "е", "є", "ь", "й",
}

// stemUkrainian stems one lowercase Ukrainian word.
func stemUkrainian(w string) string {
	w = strings.NewReplacer("’", "'", "ʼ", "'").Replace(w)
	n := utf8.RuneCountInString(w)
	for _, refl := range []string{"ся", "сь"} {
		if strings.HasSuffix(w, refl) && n-2 >= 3 {
			w = w[:len(w)-len(refl)]
			n -= 2
			break
		}
	}
	for _, e := range ukEndings {
		if strings.HasSuffix(w, e) {
			if n-utf8.RuneCountInString(e) >= 2 {
				w = w[:len(w)-len(e)]
			}
			break
		}
	}
	return strings.TrimSuffix(w, "ь")
}
