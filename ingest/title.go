package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The title: which line is the headline, and the text forms it is
// compared in.

// isHeadlineLike reports whether a line reads as a headline: two to thirty
// words, starting with a capital, a digit or a quote, not ending with . , ;
// or :, and not a photo caption.
func isHeadlineLike(s string) bool {
	n := wordCount(s)
	if n < 2 || n > 30 || utf8.RuneCountInString(s) > 220 {
		return false
	}
	first, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(first) && !unicode.IsDigit(first) && !strings.ContainsRune(`"'“‘«`, first) {
		return false
	}
	t := strings.TrimRight(s, closers)
	last, _ := utf8.DecodeLastRuneInString(t)
	if strings.ContainsRune(".,;:…", last) {
		return false
	}
	return !reCaption.MatchString(s)
}

// findTitle returns the index of the headline among lines that come before
// the article's first paragraph: the first headline-like line of four words
// or more, else the first of two or more; -1 when there is none.
func findTitle(lines []string) int {
	for _, minWords := range []int{4, 2} {
		for i, s := range lines {
			if isHeadlineLike(s) && wordCount(s) >= minWords {
				return i
			}
		}
	}
	return -1
}

// markTitle finds the headline, takes it out of the body (it goes to the
// front matter), removes its repetitions and cuts it off lines it is glued
// to.
func (c *cleaner) markTitle() {
	c.titleLine = -1
	end := len(c.lines)
	if c.bodyStart >= 0 {
		end = c.bodyStart
	}
	var cand []string
	var candIdx []int
	for i, l := range c.lines[:end] {
		if l.isKept() {
			cand = append(cand, l.text)
			candIdx = append(candIdx, i)
		}
	}
	// The headline: the HTML page's <h1>, else the first headline-like line.
	title := c.page.h1
	if title != "" {
		for i, s := range cand {
			if sameText(s, title) {
				c.titleLine = candIdx[i]
				break
			}
		}
	} else if k := findTitle(cand); k >= 0 {
		c.titleLine = candIdx[k]
		title = cand[k]
	}
	if title == "" {
		title = c.page.ogTitle
	}
	if title == "" {
		title = c.page.title
	}
	c.title = title
	if c.titleLine >= 0 {
		l := c.lines[c.titleLine]
		l.rule = RuleTitle
		l.findings = append(l.findings, Finding{Field: FieldTitle, Value: title, Line: l.no, Text: l.text})
		// Short labels above the headline are menu items and kickers.
		for _, m := range c.lines[:c.titleLine] {
			if m.isKept() && isLabel(m.text) {
				m.rule = RuleNavigation
			}
		}
	}
	heads := []string{}
	for _, h := range []string{title, c.hint.Title} {
		if strings.TrimSpace(h) != "" {
			heads = append(heads, h)
		}
	}
	for i, l := range c.lines {
		if !l.isKept() || i == c.titleLine {
			continue
		}
		for changed := true; changed && l.rule == ""; {
			changed = false
			for _, h := range heads {
				if sameText(l.text, h) {
					l.rule = RuleRepeatedHeadline
					break
				}
				if rest, ok := cutPrefixFold(l.text, h); ok {
					l.cut = append(l.cut, Removal{Line: l.no, Rule: RuleGluedHeadline, Text: strings.TrimSpace(l.text[:len(l.text)-len(rest)])})
					l.text = rest
					changed = true
				}
			}
		}
	}
}

// fold maps a rune to the form used to compare texts: lower case, straight
// quotes.
func fold(r rune) rune {
	switch r {
	case '’', '‘', '`', '´':
		return '\''
	case '“', '”', '„', '«', '»':
		return '"'
	case '–', '—':
		return '-'
	}
	return unicode.ToLower(r)
}

// sameText compares two lines ignoring case, quote style, spacing and
// trailing punctuation.
func sameText(a, b string) bool {
	return compareForm(a) == compareForm(b)
}

func compareForm(s string) string {
	s = strings.Map(fold, s)
	s = strings.Join(strings.Fields(s), " ")
	return strings.TrimRight(s, ".!:;, ")
}

// cutPrefixFold cuts prefix from the start of s, comparing as sameText
// does, and returns the rest. The prefix must end at a word boundary or be
// followed by a capital (a headline glued to "Photo: …" without a space).
func cutPrefixFold(s, prefix string) (string, bool) {
	p := []rune(strings.Join(strings.Fields(strings.Map(fold, prefix)), " "))
	if len(p) == 0 {
		return "", false
	}
	j := 0
	i := 0
	for i < len(s) && j < len(p) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r) && p[j] == ' ':
			for i < len(s) {
				r2, sz := utf8.DecodeRuneInString(s[i:])
				if !unicode.IsSpace(r2) {
					break
				}
				i += sz
			}
			j++
			continue
		case fold(r) == p[j]:
			i += size
			j++
			continue
		}
		return "", false
	}
	if j < len(p) {
		return "", false
	}
	rest := s[i:]
	if strings.TrimSpace(rest) == "" {
		return "", false // the whole line: a repetition, not a glued headline
	}
	next, _ := utf8.DecodeRuneInString(rest)
	if !unicode.IsSpace(next) && !unicode.IsUpper(next) && !unicode.IsPunct(next) {
		return "", false
	}
	return strings.TrimLeft(rest, " "), true
}
