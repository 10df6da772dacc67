package ingest

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/armswatch/armswatch"
)

// Byline is what a byline or author line states.
type Byline struct {
	Author    string // the credit as written, e.g. "Nate Ostiller and The Kyiv Independent news desk"
	Publisher string // from a desk credit ("The Kyiv Independent news desk"), else ""
	// DateText is the date as the byline writes it, "" when it has none.
	DateText string
	// Date is that date; zero when there is none or it is ambiguous.
	Date          armswatch.Date
	DateAmbiguous bool
}

var (
	reByPrefix     = regexp.MustCompile(`^(?i:by|written by|words by|story by|reporting by)\s+`)
	reAuthorPrefix = regexp.MustCompile(`^(?i:author|authors|reporter|written by|text|by)\s*:\s*`)
	reDeskCredit   = regexp.MustCompile(`^(?i:(the)\s+)?(.+?)\s+(?i:news desk|newsdesk|desk|newsroom|staff|editorial team|editorial staff|editorial board)$`)
	reCreditSplit  = regexp.MustCompile(`\s*,\s*|\s+and\s+|\s*&\s*`)
	reBylineTail   = regexp.MustCompile(`\s*[|·•,–—-]+\s*$`)
)

// nameParticles may be written in lower case inside a personal name.
var nameParticles = map[string]bool{
	"de": true, "da": true, "di": true, "del": true, "der": true, "van": true, "von": true,
	"la": true, "le": true, "bin": true, "al": true, "el": true, "dos": true, "du": true,
}

// parseByline reads a byline ("by Roman Cheplyk", "By Jane Doe and John Roe
// | January 18, 2024", "by Nate Ostiller and The Kyiv Independent news desk
// November 14, 2023 12:42 PM 2 min read") or an author line ("Author:
// Liliana Oleniak"). ok is false unless every credit in it reads as a name or
// a desk credit, so a sentence starting "By October, Russia had…" is not a
// byline.
func parseByline(line string) (b Byline, ok bool) {
	rest := ""
	if loc := reAuthorPrefix.FindStringIndex(line); loc != nil {
		rest = line[loc[1]:]
	} else if loc := reByPrefix.FindStringIndex(line); loc != nil {
		rest = line[loc[1]:]
	} else {
		return Byline{}, false
	}
	if m, found := findDate(rest); found {
		if !onlyDateFiller(rest[m.End:]) {
			return Byline{}, false
		}
		b.Date, b.DateAmbiguous, b.DateText = m.Date, m.Ambiguous, rest[m.Start:m.End]
		rest = rest[:m.Start]
		for {
			// "… | Thursday, January 18, 2024": drop the separator and weekday.
			trimmed := reBylineTail.ReplaceAllString(rest, "")
			if f := strings.Fields(trimmed); len(f) > 0 && dateFiller[strings.ToLower(f[len(f)-1])] {
				trimmed = strings.TrimSpace(strings.TrimSuffix(trimmed, f[len(f)-1]))
			}
			if trimmed == rest {
				break
			}
			rest = trimmed
		}
	}
	credit := strings.TrimSpace(reBylineTail.ReplaceAllString(rest, ""))
	if credit == "" || len(strings.Fields(credit)) > 14 {
		return Byline{}, false
	}
	for _, part := range reCreditSplit.Split(credit, -1) {
		if m := reDeskCredit.FindStringSubmatch(part); m != nil && isName(m[2]) {
			if b.Publisher == "" {
				b.Publisher = strings.TrimSpace(m[1] + " " + m[2])
			}
			continue
		}
		if !isName(part) {
			return Byline{}, false
		}
	}
	b.Author = credit
	return b, true
}

// isName reports whether s reads as a personal or organisation name: one to
// five words, each starting with a capital letter (or a name particle such
// as "van"), with no digits.
func isName(s string) bool {
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > 5 {
		return false
	}
	if len(words) == 1 && (dateFiller[strings.ToLower(words[0])] || monthNumber(words[0]) != 0) {
		return false // "By Monday", "By December"
	}
	for i, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && (i == 0 || !nameParticles[w]) {
			return false
		}
		for _, c := range w {
			if !unicode.IsLetter(c) && !strings.ContainsRune("'’.-", c) {
				return false
			}
		}
	}
	return true
}

// reCopyright matches a copyright footer, "© 2024 The Kyiv Independent. All
// rights reserved."; group 1 is the holder.
var reCopyright = regexp.MustCompile(`^(?i:©|\(c\)|copyright(?:\s+©)?)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*(.+?)\.?\s*(?i:all rights reserved\.?)?$`)

// parseCopyright returns the holder named by a copyright footer line.
func parseCopyright(line string) (string, bool) {
	m := reCopyright.FindStringSubmatch(line)
	if m == nil {
		return "", false
	}
	holder := strings.TrimSpace(strings.TrimRight(m[1], "."))
	if !isName(holder) {
		return "", false
	}
	return holder, true
}
