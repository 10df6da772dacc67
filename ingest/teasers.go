package ingest

import (
	"strings"
	"unicode/utf8"
)

// Teasers and repeats: headlines of other articles with their teaser
// lines, and lines the page shows twice.

// markTeasers finds related-article cards after the article has begun: a
// headline glued to a paragraph that is cut off ("…"). An on-topic card
// stays (it carries facts) and is noted; a card about something else goes.
func (c *cleaner) markTeasers() {
	if c.bodyStart < 0 {
		return
	}
	type card struct{ lines []int }
	var cards []card
	inCard := map[int]bool{}
	for _, idx := range c.blocks() {
		var kept []int
		for _, i := range idx {
			if i > c.bodyStart && c.lines[i].isKept() {
				kept = append(kept, i)
			}
		}
		if len(kept) < 2 || !isHeadlineLike(c.lines[kept[0]].text) || !endsCutOff(c.lines[kept[len(kept)-1]].text) {
			continue
		}
		cards = append(cards, card{kept})
		for _, i := range kept {
			inCard[i] = true
		}
	}
	if len(cards) == 0 {
		return
	}
	// The article's vocabulary: its title and every kept line outside the
	// cards.
	article := map[string]bool{}
	for _, w := range significantWords(c.title) {
		article[w] = true
	}
	for i, l := range c.lines {
		if l.isKept() && !inCard[i] {
			for _, w := range significantWords(l.text) {
				article[w] = true
			}
		}
	}
	for _, cd := range cards {
		head, last := c.lines[cd.lines[0]], c.lines[cd.lines[len(cd.lines)-1]]
		var text []string
		for _, i := range cd.lines {
			text = append(text, c.lines[i].text)
		}
		if onTopic(article, head.text, strings.Join(text, " ")) {
			head.kept = RuleTeaserKept
			head.ending = lastWords(last.text, 3)
			continue
		}
		for _, i := range cd.lines {
			c.lines[i].rule = RuleUnrelatedTeaser
		}
	}
}

// onTopic reports whether a teaser shares the article's subject: two of its
// headline's significant words, or a fifth of all its words, are among the
// article's words.
func onTopic(article map[string]bool, headline, teaser string) bool {
	hits := 0
	for _, w := range uniq(significantWords(headline)) {
		if article[w] {
			hits++
		}
	}
	if hits >= 2 {
		return true
	}
	all := uniq(significantWords(teaser))
	n := 0
	for _, w := range all {
		if article[w] {
			n++
		}
	}
	return len(all) > 0 && n*5 >= len(all)
}

func uniq(ws []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range ws {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// lastWords returns the last n words of s.
func lastWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		f = f[len(f)-n:]
	}
	return strings.Join(f, " ")
}

// markRepeats removes a line (a caption, a paragraph) printed a second
// time. Short lines are left alone: they are labels, handled by the rules.
func (c *cleaner) markRepeats() {
	seen := map[string]bool{}
	for _, l := range c.lines {
		if !l.isKept() {
			continue
		}
		k := compareForm(l.text)
		if utf8.RuneCountInString(k) < 20 {
			continue
		}
		if seen[k] {
			l.rule = RuleRepeatedLine
			continue
		}
		seen[k] = true
	}
}

// listItem returns the text of a list item without its marker, in Markdown
// form, and whether the line is one.
func listItem(s string) (string, bool) {
	r, size := utf8.DecodeRuneInString(s)
	if strings.ContainsRune(bullets, r) {
		return "- " + strings.TrimSpace(s[size:]), true
	}
	if strings.HasPrefix(s, "- ") || strings.HasPrefix(s, "* ") || reNumberedItem.MatchString(s) {
		return s, true
	}
	return s, false
}
