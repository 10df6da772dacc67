package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// paragraph is one block of the body: a line, or lines joined by a soft wrap.
type paragraph struct {
	index   int
	start   int    // byte offset of text in the body
	text    string // verbatim from the body (list markers left out)
	heading bool   // a headline, section title or time stamp: not a claim
	label   string // transcript speaker or headline source ("HOLLOWAY", "Russia")
	// labelEnd is the byte offset in text just after the label's colon.
	labelEnd int
}

// sentence is one sentence of a paragraph, verbatim from the body.
type sentence struct {
	para  int // index of its paragraph
	index int // position in the document
	start int // byte offset in the body
	text  string
	toks  []token
}

// splitParagraphs cuts a body into paragraphs: blank lines separate them, a
// Markdown list item or heading starts a new one, and a line that ends
// without punctuation before a line starting in lower case is a soft wrap.
func splitParagraphs(body string) []paragraph {
	type line struct {
		start int
		text  string
	}
	var lines []line
	off := 0
	for _, l := range strings.SplitAfter(body, "\n") {
		text := strings.TrimRight(l, "\r\n")
		lines = append(lines, line{off, text})
		off += len(l)
	}
	var out []paragraph
	var cur *paragraph
	flush := func() {
		if cur != nil {
			cur.index = len(out)
			out = append(out, *cur)
			cur = nil
		}
	}
	for _, l := range lines {
		trimmed := strings.TrimSpace(l.text)
		if trimmed == "" {
			flush()
			continue
		}
		lead := len(l.text) - len(strings.TrimLeft(l.text, " \t"))
		start := l.start + lead
		text := strings.TrimRight(l.text[lead:], " \t")
		isHeading := false
		if m := listMarker(text); m > 0 {
			flush()
			start += m
			text = text[m:]
		} else if strings.HasPrefix(text, "#") {
			flush()
			n := len(text) - len(strings.TrimLeft(text, "#"))
			rest := strings.TrimLeft(text[n:], " ")
			start += len(text) - len(rest)
			text = rest
			isHeading = true
		}
		if cur != nil && !softWrap(cur.text, text) {
			flush()
		}
		if cur == nil {
			cur = &paragraph{start: start, text: text, heading: isHeading}
			continue
		}
		// Extend the paragraph with the wrapped line, verbatim from the body.
		cur.text = body[cur.start : start+len(text)]
	}
	flush()
	for i := range out {
		p := &out[i]
		if !p.heading {
			p.heading = looksLikeHeading(p.text)
		}
		p.label, p.labelEnd = speakerLabel(p.text)
	}
	return out
}

// listMarker returns the length of a Markdown or typographic list marker at
// the start of line ("- ", "* ", "• "), or of a social-media thread's post
// counter ("2/5 "), or 0.
func listMarker(line string) int {
	for _, m := range []string{"- ", "* ", "+ ", "• ", "· "} {
		if strings.HasPrefix(line, m) {
			return len(m) + len(line[len(m):]) - len(strings.TrimLeft(line[len(m):], " "))
		}
	}
	if m := reThreadCounter.FindStringSubmatchIndex(line); m != nil {
		return m[3] // the counter and its spaces, not the capital after them
	}
	return 0
}

// reThreadCounter matches a thread's post counter before a capital: "1/3 ".
var reThreadCounter = regexp.MustCompile(`^(\d{1,2}/\d{1,2}\s+)\p{Lu}`)

// softWrap reports whether next continues prev's sentence on a new line.
func softWrap(prev, next string) bool {
	last, _ := utf8.DecodeLastRuneInString(prev)
	first, _ := utf8.DecodeRuneInString(next)
	if strings.ContainsRune(".!?…:”\"", last) {
		return false
	}
	return unicode.IsLower(first)
}

// looksLikeHeading reports whether a paragraph is a headline, section title,
// time stamp or label rather than prose: short and without closing
// punctuation.
func looksLikeHeading(text string) bool {
	t := strings.TrimSpace(text)
	if t == "" {
		return true
	}
	last, _ := utf8.DecodeLastRuneInString(t)
	if strings.ContainsRune(".!?…”\"’)", last) {
		return false
	}
	return len(strings.Fields(t)) <= 14
}

// speakerLabel finds a transcript speaker ("HOLLOWAY: …") or a headline's
// source before a quotation ("Russia: “…”") at the start of a paragraph.
func speakerLabel(text string) (label string, end int) {
	// A time stamp before the label ("[12:06] DR. ELI FINCH:") is skipped.
	skip := 0
	if m := reTimestamp.FindStringIndex(text); m != nil {
		skip = m[1]
	}
	i := strings.Index(text[skip:], ":")
	if i <= 0 || i > 60 {
		return "", 0
	}
	i += skip
	// Leading symbols ("❗️Air Force:") are not part of the label.
	label = strings.TrimLeftFunc(strings.TrimSpace(text[skip:i]), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	rest := strings.TrimLeft(text[i+1:], " ")
	if label == "" || rest == "" || len(strings.Fields(label)) > 6 {
		return "", 0
	}
	if strings.ContainsAny(label, ",;\"“”") {
		return "", 0
	}
	// Whether the label names a speaker is decided when it is read (an
	// all-capitals name, a title, an organisation); "Update:" is not one.
	return label, i + 1
}

// reTimestamp matches a transcript's time stamp: "[12:06] ", "12:06 ".
var reTimestamp = regexp.MustCompile(`^\s*\[?\d{1,2}:\d{2}(?::\d{2})?\]?\s+`)

// splitSentences cuts a paragraph into sentences. A sentence ends at ., ! or
// ? (with any closing quotes or brackets) followed by a space and a capital,
// digit or opening quote, unless the full stop ends an abbreviation or an
// initial, or the end falls inside a quotation.
func splitSentences(p paragraph) []sentence {
	text := p.text
	var out []sentence
	begin := 0
	depth := 0
	straight := false
	emit := func(end int) {
		s := text[begin:end]
		lead := len(s) - len(strings.TrimLeft(s, " \t\n"))
		s = strings.TrimSpace(s)
		if s != "" {
			out = append(out, sentence{para: p.index, start: p.start + begin + lead, text: s})
		}
		begin = end
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch r {
		case '“':
			depth++
		case '”':
			if depth > 0 {
				depth--
			}
		case '"':
			straight = !straight
		}
		i += size
		if r != '.' && r != '!' && r != '?' && r != '…' {
			continue
		}
		// Absorb closing quotes and brackets.
		j := closeQuotes(text, i, &depth, &straight)
		if j >= len(text) {
			i = j
			break
		}
		c, _ := utf8.DecodeRuneInString(text[j:])
		if !unicode.IsSpace(c) {
			i = j
			continue
		}
		k := skipSpaces(text, j)
		if k >= len(text) {
			i = k
			break
		}
		next, _ := utf8.DecodeRuneInString(text[k:])
		startsNew := unicode.IsUpper(next) || unicode.IsDigit(next) || next == '“' || next == '"' || next == '‘' || next == '(' || next == '—'
		if !startsNew || depth > 0 || straight || (r == '.' && endsAbbreviation(text[:i-1])) {
			i = j
			continue
		}
		emit(j)
		i = k
	}
	emit(len(text))
	return out
}

// closeQuotes is the end of the closing quotes and brackets from byte j,
// keeping the quotation depth and straight-quote state up to date.
func closeQuotes(text string, j int, depth *int, straight *bool) int {
	for j < len(text) {
		c, sz := utf8.DecodeRuneInString(text[j:])
		if c == '”' || c == '"' || c == '’' || c == ')' || c == ']' || c == '\'' {
			switch c {
			case '”':
				if *depth > 0 {
					*depth--
				}
			case '"':
				*straight = !*straight
			}
			j += sz
			continue
		}
		break
	}
	return j
}

// skipSpaces is the end of the white space from byte k.
func skipSpaces(text string, k int) int {
	for k < len(text) {
		c2, sz := utf8.DecodeRuneInString(text[k:])
		if !unicode.IsSpace(c2) {
			break
		}
		k += sz
	}
	return k
}

// endsAbbreviation reports whether the word just before a full stop is an
// abbreviation or an initial, so the full stop does not end the sentence.
func endsAbbreviation(before string) bool {
	k := len(before)
	for k > 0 {
		r, size := utf8.DecodeLastRuneInString(before[:k])
		if !unicode.IsLetter(r) && r != '.' {
			break
		}
		k -= size
	}
	word := before[k:]
	if word == "" {
		return false
	}
	if utf8.RuneCountInString(word) == 1 && unicode.IsUpper([]rune(word)[0]) {
		return true // an initial: "Charles Q. Brown"
	}
	if strings.Contains(word, ".") {
		return true // "U.S", "a.m"
	}
	return abbreviations[strings.ToLower(word)]
}

// abbreviations end in a full stop that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "gen": true, "lt": true,
	"col": true, "maj": true, "capt": true, "sgt": true, "adm": true, "rep": true, "sen": true,
	"gov": true, "pres": true, "st": true, "no": true, "vol": true, "vs": true, "approx": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "est": true, "ret": true,
	"jr": true, "sr": true, "inc": true, "corp": true, "co": true, "ltd": true, "etc": false,
}

// segment cuts a body into paragraphs and sentences, and tokenizes them.
func segment(body string) ([]paragraph, []sentence) {
	paras := splitParagraphs(body)
	var sents []sentence
	for _, p := range paras {
		for _, s := range splitSentences(p) {
			s.index = len(sents)
			s.toks = tokenize(s.text)
			sents = append(sents, s)
		}
	}
	return paras, sents
}

type tokKind uint8

const (
	tWord tokKind = iota
	tNum
	tPunct
)

// token is a word, number or punctuation mark of a sentence.
type token struct {
	s          string // as written
	lo         string // lower case
	start, end int    // byte offsets in the sentence
	kind       tokKind
	quoted     bool // inside quotation marks
	date       bool // part of a date expression
}

// cap reports whether the token starts with a capital letter.
func (t token) cap() bool {
	r, _ := utf8.DecodeRuneInString(t.s)
	return unicode.IsUpper(r)
}

// tokenize splits a sentence into tokens. Words keep inner hyphens and
// apostrophes ("Won-sik", "Korea's", "KN-23"), abbreviations their full
// stops ("U.S.", "Nov."); numbers keep thousands separators, decimals and
// attached suffixes ("6,700", "1.5M", "15-hundred", "152-millimeter").
func tokenize(s string) []token {
	var out []token
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case unicode.IsLetter(r):
			j := wordEnd(s, i, size)
			out = append(out, token{s: s[i:j], start: i, end: j, kind: tWord})
			i = j
		case unicode.IsDigit(r):
			j := numberEnd(s, i, size)
			out = append(out, token{s: s[i:j], start: i, end: j, kind: tNum})
			i = j
		default:
			out = append(out, token{s: s[i : i+size], start: i, end: i + size, kind: tPunct})
			i += size
		}
	}
	markQuoted(out)
	return out
}

// runeAt is the rune at byte j of s, 0 past its end.
func runeAt(s string, j int) rune {
	if j >= len(s) {
		return 0
	}
	r, _ := utf8.DecodeRuneInString(s[j:])
	return r
}

// wordEnd is the end of the word starting at byte i (its first rune size
// bytes long), inner hyphens, apostrophes and abbreviation stops included.
func wordEnd(s string, i, size int) int {
	peek := func(j int) rune { return runeAt(s, j) }
	j := i + size
	for j < len(s) {
		c, sz := utf8.DecodeRuneInString(s[j:])
		if unicode.IsLetter(c) || unicode.IsDigit(c) || unicode.IsMark(c) {
			j += sz
			continue
		}
		next := peek(j + sz)
		if (c == '-' || c == '‑') && (unicode.IsLetter(next) || unicode.IsDigit(next)) {
			j += sz
			continue
		}
		if (c == '\'' || c == '’') && unicode.IsLetter(next) {
			j += sz
			continue
		}
		if c == '.' && unicode.IsLetter(next) && strings.Count(s[i:j], ".") < 4 && utf8.RuneCountInString(lastDotPart(s[i:j])) == 1 {
			j += sz // "U.S", "a.m"
			continue
		}
		break
	}
	if peek(j) == '.' && wordTakesStop(s[i:j]) {
		j++
	}
	return j
}

// numberEnd is the end of the number starting at byte i: separators,
// decimals, attached letters and hyphenated words included.
func numberEnd(s string, i, size int) int {
	peek := func(j int) rune { return runeAt(s, j) }
	j := i + size
	for j < len(s) {
		c, sz := utf8.DecodeRuneInString(s[j:])
		if unicode.IsDigit(c) {
			j += sz
			continue
		}
		if c == ',' && j+4 <= len(s) && isDigits(s[j+1:j+4]) && (j+4 == len(s) || !unicode.IsDigit(peek(j+4))) {
			j += 4
			continue
		}
		if c == '.' && unicode.IsDigit(peek(j+1)) {
			j += sz
			continue
		}
		break
	}
	// Attached letters ("1.5M", "21st", "152mm") and hyphenated words
	// ("15-hundred", "152-millimeter", "10,000-strong").
	for j < len(s) {
		c, sz := utf8.DecodeRuneInString(s[j:])
		if unicode.IsLetter(c) {
			j += sz
			continue
		}
		if (c == '-' || c == '‑') && unicode.IsLetter(peek(j+sz)) {
			j += sz
			continue
		}
		break
	}
	return j
}

// markQuoted sets the tokens' lower case and marks those inside quotation
// marks.
func markQuoted(out []token) {
	depth, straight := 0, false
	for k := range out {
		t := &out[k]
		t.lo = strings.ToLower(t.s)
		switch t.s {
		case "“":
			depth++
			continue
		case "”":
			if depth > 0 {
				depth--
			}
			continue
		case "\"":
			straight = !straight
			continue
		}
		t.quoted = depth > 0 || straight
	}
}

func lastDotPart(s string) string {
	if i := strings.LastIndex(s, "."); i >= 0 {
		return s[i+1:]
	}
	return s
}

// wordTakesStop reports whether a full stop after word belongs to it.
func wordTakesStop(word string) bool {
	if strings.Contains(word, ".") {
		return true // "U.S" + "."
	}
	if utf8.RuneCountInString(word) == 1 && unicode.IsUpper([]rune(word)[0]) {
		return true // an initial
	}
	return abbreviations[strings.ToLower(word)]
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// span returns the verbatim text of tokens [lo, hi) of a sentence.
func span(s string, toks []token, lo, hi int) string {
	if lo >= hi || lo < 0 || hi > len(toks) {
		return ""
	}
	return s[toks[lo].start:toks[hi-1].end]
}
