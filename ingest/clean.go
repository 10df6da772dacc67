package ingest

import (
	"errors"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/armswatch/armswatch"
)

// Meta is what is known about a document besides its body. As a hint to
// Clean it carries what the moderator says (ingest flags); a field left
// empty there is taken from the text, when the text states it.
type Meta struct {
	Title     string
	Publisher string
	Author    string
	URL       string
	Published armswatch.Date
	Language  string // BCP 47, e.g. "en"
}

// Fields of a Finding.
const (
	FieldTitle     = "title"
	FieldAuthor    = "author"
	FieldPublisher = "publisher"
	FieldPublished = "published"
	FieldURL       = "url"
	FieldLanguage  = "language"
	// FieldUpdated is a date the page says it was updated on; it is never
	// used as the publication date.
	FieldUpdated = "updated"
	// FieldAmbiguousDate is an all-numeric date that reads both ways
	// (03/04/2023); it is never used.
	FieldAmbiguousDate = "ambiguous date"
	// FieldRepostSource is where a forum post says its text comes from
	// ("Reposted from …"); it is not taken as the publisher.
	FieldRepostSource = "repost source"
)

// Finding is one piece of metadata the page states, with where it states it.
type Finding struct {
	Field string
	Value string
	Line  int    // line of the text the rules ran on; 0 for HTML metadata and HTML input
	Text  string // the statement as written: the line, or the HTML tag
}

// Removal is one line (or HTML element) taken out of the body.
type Removal struct {
	Line int // 1-based line of the input text; 0 for HTML input
	Rule Rule
	Text string // what was removed
}

// Kept is a block that stayed in the body but deserves a note: an on-topic
// related-article teaser.
type Kept struct {
	Line   int
	Rule   Rule
	Text   string // its headline
	Ending string // where it is cut off, e.g. "by a Russ…"
}

// Repair is a line whose mojibake was repaired.
type Repair struct {
	Line          int
	Before, After string
}

// Input formats.
const (
	FormatText = "text"
	FormatHTML = "html"
)

// Result is a cleaned article.
type Result struct {
	// Body is the article: paragraphs separated by blank lines, list items
	// on consecutive lines ("- …").
	Body string
	// Meta is the document's metadata: the hint's field where it is set,
	// else what the page states, else empty.
	Meta Meta
	// Hint is the metadata Clean was given.
	Hint Meta
	// Stated is what the page itself states; Findings says where.
	Stated   Meta
	Findings []Finding
	Removed  []Removal
	Kept     []Kept
	Repairs  []Repair
	Format   string // FormatText or FormatHTML
	Encoding string // "utf-8", "windows-1252" for undeclared bytes that are not UTF-8, or the encoding declared ("shift_jis", "utf-16le")
}

// Errors from Clean.
var (
	// ErrEmpty: the input holds no text.
	ErrEmpty = errors.New("no text in the input")
	// ErrNothingLeft: every line was removed as furniture.
	ErrNothingLeft = errors.New("nothing left after cleaning: every line looked like page furniture")
)

// Clean cleans one raw article: plain text as copied from a web page, or
// HTML (detected from its tags). hint is what the moderator states; it wins
// over the text. The encoding is the byte-order mark's, else the one a
// <meta> of an HTML page declares, else UTF-8 or, for bytes that are not
// UTF-8, Windows-1252 (see CleanContentType). Input that is not text is a
// *NotTextError. On ErrNothingLeft the Result still carries the report.
func Clean(raw []byte, hint Meta) (Result, error) {
	return CleanContentType(raw, "", hint)
}

// CleanContentType is Clean for input that came with a Content-Type (an
// HTTP header, an attachment's type): its charset, when it names one,
// wins over a <meta> of the page, though not over a byte-order mark.
func CleanContentType(raw []byte, contentType string, hint Meta) (Result, error) {
	res := Result{Hint: hint, Format: FormatText, Encoding: "utf-8"}
	text, enc, err := decode(raw, contentType)
	res.Encoding = enc
	if err != nil {
		return res, err
	}
	if strings.TrimSpace(text) == "" {
		return res, ErrEmpty
	}
	var page htmlPage
	if looksLikeHTML(text) {
		var err error
		page, err = extractHTML(text)
		if err != nil {
			return res, err
		}
		text = page.text
		res.Format = FormatHTML
		res.Removed = append(res.Removed, page.removed...)
	}
	c := &cleaner{hint: hint, page: page}
	c.split(text, &res)
	c.markLines()
	c.cutDoubledLines()
	c.markFurnitureBlocks()
	c.findBodyStart()
	c.markRegions()
	c.markTitle()
	c.markTeasers()
	c.markRepeats()
	c.report(&res)
	if res.Format == FormatHTML {
		for i := range res.Removed {
			res.Removed[i].Line = 0
		}
		for i := range res.Findings {
			res.Findings[i].Line = 0
		}
		for i := range res.Kept {
			res.Kept[i].Line = 0
		}
		for i := range res.Repairs {
			res.Repairs[i].Line = 0
		}
	}
	if res.Body == "" {
		return res, ErrNothingLeft
	}
	return res, nil
}

// textLine is one line of the text under cleaning.
type textLine struct {
	no       int    // 1-based
	text     string // trimmed, spaces collapsed, mojibake repaired
	block    int    // lines in the same block are not separated by a blank line
	blank    bool
	repaired bool
	rule     Rule      // why it is removed; "" while kept
	kept     Rule      // a note on a kept line
	ending   string    // for a kept teaser, where it is cut off
	findings []Finding // metadata the line states
	region   bool      // inside a sidebar or comment region
	cut      []Removal // parts cut from a kept line (a glued headline)
}

func (l *textLine) isKept() bool { return !l.blank && l.rule == "" }

type cleaner struct {
	hint      Meta
	page      htmlPage
	lines     []*textLine
	bodyStart int // index of the first prose line; -1 when none
	titleLine int // index of the headline line; -1 when none
	title     string
}

// normalizeLine trims a line, collapses its white space, drops invisible
// and control characters, and repairs its mojibake (reporting whether it
// did). C1 control characters go only after the repair: in mojibake read as
// Latin-1 they stand for bytes ("â€\u009d" is "”").
func normalizeLine(s string) (string, bool) {
	s = strings.Join(strings.FieldsFunc(invisibles.Replace(s), func(r rune) bool {
		// U+0085 and U+00A0 may stand for bytes 0x85 and 0xA0 of mojibake
		// ("Ã\u00a0" is "à").
		return unicode.IsSpace(r) && r != 0x85 && r != 0xA0
	}), " ")
	fixed, repaired := repairMojibake(s)
	return collapseLine(fixed), repaired
}

// collapseLine drops invisible and control characters and collapses white
// space to single spaces, trimmed.
func collapseLine(s string) string {
	s = invisibles.Replace(s)
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && !unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

var invisibles = strings.NewReplacer("\u200b", "", "\u200c", "", "\u200d", "", "\u2060", "", "\ufeff", "", "\u00ad", "")

// split breaks the text into lines, normalising white space and repairing
// mojibake.
func (c *cleaner) split(text string, res *Result) {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	block := 0
	prevBlank := true
	for i, raw := range strings.Split(text, "\n") {
		s, fixed := normalizeLine(raw)
		l := &textLine{no: i + 1}
		if s == "" {
			l.blank = true
			prevBlank = true
			c.lines = append(c.lines, l)
			continue
		}
		if prevBlank {
			block++
		}
		prevBlank = false
		l.block = block
		if fixed {
			res.Repairs = append(res.Repairs, Repair{Line: l.no, Before: strings.Join(strings.Fields(raw), " "), After: s})
			l.repaired = true
		}
		l.text = s
		c.lines = append(c.lines, l)
	}
}

// cutDoubledLines cuts the second copy off a line that is one phrase
// printed twice ("Ferry fares rise Ferry fares rise"), as a headline glued
// to itself is.
func (c *cleaner) cutDoubledLines() {
	for _, l := range c.lines {
		if !l.isKept() {
			continue
		}
		if first, second, ok := doubled(l.text); ok {
			l.cut = append(l.cut, Removal{Line: l.no, Rule: RuleRepeatedHeadline, Text: second})
			l.text = first
		}
	}
}

// doubled splits a line that is the same phrase of three words or more
// twice over into its two copies.
func doubled(s string) (first, second string, ok bool) {
	words := strings.Fields(s)
	n := len(words)
	if n < 6 || n%2 != 0 {
		return "", "", false
	}
	first = strings.Join(words[:n/2], " ")
	second = strings.Join(words[n/2:], " ")
	if compareForm(first) != compareForm(second) || !isHeadlineLike(first) {
		return "", "", false
	}
	return first, second, true
}

var reUpdatedMarker = regexp.MustCompile(`^(?i:(last )?updated|last modified|modified)\s*:?$`)
var reUpdatedPrefix = regexp.MustCompile(`^(?i:(last )?updated|last modified|modified)\b`)
var reRepostFrom = regexp.MustCompile(`^(?i:reposted|re-posted|cross-?posted) (?i:from)\s+(.+?)[.:]?$`)

// maxDateLineWords is the most words a date line has ("Published on
// Thursday, January 18, 2024 at 10:15 a.m. (local time) | 3 min read").
const maxDateLineWords = 20

func parseShortDateLine(s string) (DateMatch, bool) {
	if wordCount(s) > maxDateLineWords {
		return DateMatch{}, false
	}
	return parseDateLine(s)
}

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

// boxRules are the rules whose boxes take the short lines of their block
// with them: a box's name ("Ukraine Daily"), its buttons.
var boxRules = map[Rule]bool{
	RuleNewsletter: true, RuleDonation: true, RuleCookie: true, RuleShare: true,
	RuleComments: true, RuleCart: true, RuleNavigation: true, RulePaymentLogos: true,
	RuleForum: true,
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

// closers may follow the punctuation that ends a sentence.
const closers = `"'’”)]»`

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

// reCaption matches a photo caption: "Photo: …", or a credit in brackets at
// the end ("(Getty Images)", "(Mikhail Metzel/POOL/AFP via Getty Images)").
var reCaption = regexp.MustCompile(`(?i)^(photo|image|picture|illustration|video)\s*(:|by\b)|\((?:[^()]*[/ ])?(?:photo|getty|afp|reuters|ap|epa|anadolu|shutterstock|images?|via|pool|courtesy)\b[^()]*\)$`)

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

// bullets are the list markers turned into Markdown "- ".
const bullets = "•◦▪‣●·"

var reNumberedItem = regexp.MustCompile(`^\d{1,3}[.)] `)

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

// report assembles the body and the report.
func (c *cleaner) report(res *Result) {
	var paras []string
	prevList, prevBlock := false, -1
	for _, l := range c.lines {
		if l.blank {
			continue
		}
		if l.rule != "" {
			res.Removed = append(res.Removed, Removal{Line: l.no, Rule: l.rule, Text: l.text})
		}
		res.Removed = append(res.Removed, l.cut...)
		if l.rule == "" {
			text, isList := listItem(l.text)
			if isList && prevList && l.block == prevBlock && len(paras) > 0 {
				paras[len(paras)-1] += "\n" + text
			} else {
				paras = append(paras, text)
			}
			prevList, prevBlock = isList, l.block
			if l.kept != "" {
				res.Kept = append(res.Kept, Kept{Line: l.no, Rule: l.kept, Text: l.text, Ending: l.ending})
			}
		}
		if !l.region || l.rule == RuleCopyright {
			res.Findings = append(res.Findings, l.findings...)
		}
	}
	res.Body = strings.Join(paras, "\n\n")
	res.Findings = append(res.Findings, c.page.findings...)
	if c.title != "" && c.titleLine < 0 {
		src := "<title>"
		switch c.title {
		case c.page.h1:
			src = "<h1>"
		case c.page.ogTitle:
			src = `<meta property="og:title">`
		}
		res.Findings = append(res.Findings, Finding{Field: FieldTitle, Value: c.title, Text: src})
	}
	res.Stated = statedMeta(res.Findings)
	res.Meta = merge(res.Hint, res.Stated)
}

// statedMeta takes, for each field, the first finding that states it.
func statedMeta(fs []Finding) Meta {
	var m Meta
	for _, f := range fs {
		switch f.Field {
		case FieldTitle:
			m.Title = cmpOr(m.Title, f.Value)
		case FieldAuthor:
			m.Author = cmpOr(m.Author, f.Value)
		case FieldPublisher:
			m.Publisher = cmpOr(m.Publisher, f.Value)
		case FieldURL:
			m.URL = cmpOr(m.URL, f.Value)
		case FieldLanguage:
			m.Language = cmpOr(m.Language, f.Value)
		case FieldPublished:
			if m.Published.IsZero() {
				if d, err := armswatch.ParseDate(f.Value); err == nil {
					m.Published = d
				}
			}
		}
	}
	return m
}

func merge(hint, stated Meta) Meta {
	m := Meta{
		Title:     cmpOr(hint.Title, stated.Title),
		Publisher: cmpOr(hint.Publisher, stated.Publisher),
		Author:    cmpOr(hint.Author, stated.Author),
		URL:       cmpOr(hint.URL, stated.URL),
		Published: hint.Published,
		Language:  cmpOr(hint.Language, stated.Language),
	}
	if m.Published.IsZero() {
		m.Published = stated.Published
	}
	return m
}

func cmpOr(a, b string) string {
	if strings.TrimSpace(a) != "" {
		return a
	}
	return b
}
