package ingest

import (
	"errors"
	"regexp"
	"strings"
	"unicode"

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

// boxRules are the rules whose boxes take the short lines of their block
// with them: a box's name ("Ukraine Daily"), its buttons.
var boxRules = map[Rule]bool{
	RuleNewsletter: true, RuleDonation: true, RuleCookie: true, RuleShare: true,
	RuleComments: true, RuleCart: true, RuleNavigation: true, RulePaymentLogos: true,
	RuleForum: true,
}

// closers may follow the punctuation that ends a sentence.
const closers = `"'’”)]»`

// reCaption matches a photo caption: "Photo: …", or a credit in brackets at
// the end ("(Getty Images)", "(Mikhail Metzel/POOL/AFP via Getty Images)").
var reCaption = regexp.MustCompile(`(?i)^(photo|image|picture|illustration|video)\s*(:|by\b)|\((?:[^()]*[/ ])?(?:photo|getty|afp|reuters|ap|epa|anadolu|shutterstock|images?|via|pool|courtesy)\b[^()]*\)$`)

// bullets are the list markers turned into Markdown "- ".
const bullets = "•◦▪‣●·"

var reNumberedItem = regexp.MustCompile(`^\d{1,3}[.)] `)

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

// cmpOr is a unless it is blank (cmp.Or takes "  " as set), else b.
func cmpOr(a, b string) string {
	if strings.TrimSpace(a) != "" {
		return a
	}
	return b
}
