package extract

// Credits: the photo and agency credits a caption or a wire copy carries
// ("ⓒNewsis", "© Reuters", "Photo: Kim Min-ji", "/ Yonhap") are no part of
// what anyone claims. They are taken out of statements; quotes keep them,
// verbatim.

import (
	"regexp"
	"strings"
)

// creditName is up to four capitalised words: "Newsis", "Yonhap News
// Agency", "AFP/Getty Images".
const creditName = `[A-Z][\w.&'’/-]*(?:\s+[A-Z][\w.&'’/-]*){0,3}`

var creditPatterns = []*regexp.Regexp{
	regexp.MustCompile(`(?:ⓒ|©|\([cC]\))\s*` + creditName),
	regexp.MustCompile(`\b(?i:photo(?:graph)?s?|image|picture)\s*(?:(?i:by|credit|courtesy(?:\s+of)?)\s*:?|:)\s*` + creditName),
	regexp.MustCompile(`\s/\s*` + creditName + `\s*$`),
}

// stripCredits removes credit markers from a statement's text, and the
// spaces and separators they leave.
func stripCredits(text string) string {
	for _, re := range creditPatterns {
		text = re.ReplaceAllString(text, " ")
	}
	text = strings.Join(strings.Fields(text), " ")
	text = strings.ReplaceAll(text, " .", ".")
	text = strings.ReplaceAll(text, " ,", ",")
	return strings.Trim(text, " ,;/")
}
