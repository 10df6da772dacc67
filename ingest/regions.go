package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Regions: which lines are page furniture and where the article begins
// and ends, by line and by block of lines.

// markLines applies the rules that judge a line on its own.
func (c *cleaner) markLines() {
	afterUpdated := false
	for _, l := range c.lines {
		if l.blank {
			continue
		}
		wasUpdated := afterUpdated
		afterUpdated = false
		s := l.text
		switch {
		case isMojibakeDebris(s) && (l.repaired || hasMojibakeLead(s)):
			l.rule = RuleMojibake
		case !hasWord(s):
			l.rule = RuleNoWords
		case reUpdatedMarker.MatchString(s):
			l.rule = RuleUpdated
			afterUpdated = true
		}
		if l.rule != "" {
			continue
		}
		if m, ok := parseShortDateLine(s); ok {
			switch {
			case wasUpdated || reUpdatedPrefix.MatchString(s):
				l.rule = RuleUpdated
				if !m.Ambiguous {
					l.findings = append(l.findings, Finding{Field: FieldUpdated, Value: m.Date.String(), Line: l.no, Text: s})
				}
			case m.Ambiguous:
				l.rule = RuleDate
				l.findings = append(l.findings, Finding{Field: FieldAmbiguousDate, Value: s[m.Start:m.End], Line: l.no, Text: s})
			default:
				l.rule = RuleDate
				l.findings = append(l.findings, Finding{Field: FieldPublished, Value: m.Date.String(), Line: l.no, Text: s})
			}
			continue
		}
		if b, ok := parseByline(s); ok {
			l.rule = RuleByline
			l.findings = append(l.findings, Finding{Field: FieldAuthor, Value: b.Author, Line: l.no, Text: s})
			if b.Publisher != "" {
				l.findings = append(l.findings, Finding{Field: FieldPublisher, Value: b.Publisher, Line: l.no, Text: s})
			}
			switch {
			case b.DateAmbiguous:
				l.findings = append(l.findings, Finding{Field: FieldAmbiguousDate, Value: b.DateText, Line: l.no, Text: s})
			case !b.Date.IsZero():
				l.findings = append(l.findings, Finding{Field: FieldPublished, Value: b.Date.String(), Line: l.no, Text: s})
			}
			continue
		}
		if holder, ok := parseCopyright(s); ok {
			l.rule = RuleCopyright
			l.findings = append(l.findings, Finding{Field: FieldPublisher, Value: holder, Line: l.no, Text: s})
			continue
		}
		l.rule = furnitureRule(s)
		if l.rule == RuleForum {
			if m := reRepostFrom.FindStringSubmatch(s); m != nil {
				l.findings = append(l.findings, Finding{Field: FieldRepostSource, Value: m[1], Line: l.no, Text: s})
			}
		}
	}
}

func hasWord(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// blocks returns the indexes of the non-blank lines of each block, in order.
func (c *cleaner) blocks() [][]int {
	var out [][]int
	cur := -1
	for i, l := range c.lines {
		if l.blank {
			continue
		}
		if l.block != cur {
			out = append(out, nil)
			cur = l.block
		}
		out[len(out)-1] = append(out[len(out)-1], i)
	}
	return out
}

// markFurnitureBlocks extends donation boxes and cookie banners over the
// rest of their block, and lets a block that is mostly furniture take its
// remaining short labels with it.
func (c *cleaner) markFurnitureBlocks() {
	for _, idx := range c.blocks() {
		// A donation box or cookie banner runs on to the end of its block.
		var box Rule
		for _, i := range idx {
			l := c.lines[i]
			switch {
			case l.rule == RuleDonation || l.rule == RuleCookie:
				box = l.rule
			case box == RuleDonation && l.rule == "" && (donationLineHint.MatchString(matchForm(l.text)) || allWordsIn(matchForm(l.text), paymentWords, 1)):
				l.rule = RuleDonation
			case box == RuleCookie && l.rule == "" && (cookieLineHint.MatchString(matchForm(l.text)) || wordCount(l.text) <= 4):
				l.rule = RuleCookie
			case l.rule == "":
				box = ""
			}
		}
		// A block of three or more lines, two thirds of them furniture of
		// one kind of box, takes its short labels along.
		if len(idx) < 3 {
			continue
		}
		counts := map[Rule]int{}
		removed := 0
		for _, i := range idx {
			if r := c.lines[i].rule; r != "" {
				removed++
				counts[r]++
			}
		}
		if removed*3 < len(idx)*2 {
			continue
		}
		var major Rule
		for r, n := range counts {
			if boxRules[r] && (major == "" || n > counts[major] || (n == counts[major] && r < major)) {
				major = r
			}
		}
		if major == "" {
			continue
		}
		// Each label goes with the box it sits in: the rule of the nearest
		// furniture line before it (after it, for a block's first lines).
		next := make([]Rule, len(idx)) // the first box rule at or after each line
		var after Rule
		for k := len(idx) - 1; k >= 0; k-- {
			if r := c.lines[idx[k]].rule; boxRules[r] {
				after = r
			}
			next[k] = after
		}
		var before Rule
		for k, i := range idx {
			l := c.lines[i]
			if boxRules[l.rule] {
				before = l.rule
			}
			if l.rule != "" || !isLabel(l.text) {
				continue
			}
			switch {
			case before != "":
				l.rule = before
			case next[k] != "":
				l.rule = next[k]
			default:
				l.rule = major
			}
		}
	}
}

// isLabel reports whether a line is a short label rather than text: at most
// four words and no sentence punctuation at its end.
func isLabel(s string) bool {
	return wordCount(s) <= 4 && !endsSentence(s)
}

func wordCount(s string) int { return len(strings.Fields(s)) }

// endsSentence reports whether s ends like a sentence: with . ! ? or …,
// possibly followed by closing quotes or brackets.
func endsSentence(s string) bool {
	s = strings.TrimRight(s, closers)
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(".!?…", r)
}

// endsCutOff reports whether s ends cut off, with "…" or "...".
func endsCutOff(s string) bool {
	s = strings.TrimRight(s, closers)
	return strings.HasSuffix(s, "…") || strings.HasSuffix(s, "...")
}

// isProse reports whether a line reads as article text: a sentence of ten
// words or more, or any line of twenty-five words or more.
func isProse(s string) bool {
	n := wordCount(s)
	return n >= 25 || (n >= 10 && endsSentence(s))
}

func (c *cleaner) findBodyStart() {
	c.bodyStart = -1
	for i, l := range c.lines {
		if l.isKept() && isProse(l.text) {
			c.bodyStart = i
			return
		}
	}
}

// markRegions removes a news-feed sidebar or comment section and everything
// after it, once the article has begun. Before the article, only the header
// line goes.
func (c *cleaner) markRegions() {
	for i, l := range c.lines {
		if l.blank {
			continue
		}
		f := matchForm(l.text)
		var rule Rule
		switch {
		case sidebarHeaders.MatchString(f):
			rule = RuleSidebar
		case commentHeaders.MatchString(f):
			rule = RuleComments
		case laterPostHeaders.MatchString(f):
			rule = RuleForum
		default:
			continue
		}
		if c.bodyStart < 0 || i < c.bodyStart {
			if l.rule == "" {
				l.rule = rule
			}
			continue
		}
		for _, m := range c.lines[i:] {
			if m.blank {
				continue
			}
			m.region = true
			switch m.rule {
			case "", RuleDate, RuleByline, RuleUpdated:
				m.rule = rule
				m.findings = nil
			}
		}
		return
	}
}
