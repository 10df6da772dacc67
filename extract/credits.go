package extract

// Credits: the photo and agency credits a caption or a wire copy carries
// ("ⓒNewsis", "© Reuters", "Photo: Kim Min-ji", "/ Yonhap") are no part of
// what anyone claims. They are taken out of statements; quotes keep them,
// verbatim.

import (
	"regexp"
	"strings"
	"unicode"
)

// creditName is up to four capitalised words: "Newsis", "Yonhap News
// Agency", "AFP/Getty Images", "Ministry of Defense".
const creditName = `[A-Z][\w.&'’/-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w.&'’/-]*){0,3}`

var creditPatterns = []*regexp.Regexp{
	regexp.MustCompile(`(?:ⓒ|©|\([cC]\))\s*` + creditName),
	regexp.MustCompile(`\b(?i:photo(?:graph)?s?|image|picture)\s*(?:(?i:by|credit|courtesy(?:\s+of)?)\s*:?|:)\s*` + creditName),
	regexp.MustCompile(`\s/\s*` + creditName + `\s*$`),
}

// stripCredits removes credit markers from a statement's text, and the
// spaces and separators they leave.
func stripCredits(text string) string {
	was := text
	for _, re := range creditPatterns {
		text = re.ReplaceAllString(text, " ")
	}
	if text == was {
		return text
	}
	text = strings.Join(strings.Fields(text), " ")
	for _, left := range []string{"( )", "()", "[ ]", "[]"} {
		text = strings.ReplaceAll(text, left, "")
	}
	text = strings.ReplaceAll(text, " .", ".")
	text = strings.ReplaceAll(text, " ,", ",")
	text = strings.Trim(text, " ,;/")
	// The sentence's full stop, now before nothing ("(local time)."), but
	// not an abbreviation's ("the U.S.").
	if r := []rune(text); len(r) > 1 && r[len(r)-1] == '.' && (r[len(r)-2] == ')' || unicode.IsLower(r[len(r)-2]) || unicode.IsDigit(r[len(r)-2])) {
		text = string(r[:len(r)-1])
	}
	return text
}
