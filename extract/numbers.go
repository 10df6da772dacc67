package extract

import (
	"math"
	"strconv"
	"strings"

	"github.com/armswatch/armswatch"
)

// Figure is a quantity as an article writes it: the text exactly as written
// (qualifier included), and the numbers only where the text gives them.
type Figure struct {
	Text      string
	Value     *float64 // a single number
	Min, Max  *float64 // a range
	Qualifier armswatch.Qualifier
	// Vague is true for figures without a number ("dozens of", "several").
	Vague bool
	// Share is true for a proportion ("20 percent of", "a third of",
	// "half of", "two-thirds of"): it is kept as text and never turned
	// into a count of items, so it has no numbers.
	Share bool
}

// ParseFigure parses a whole string as one figure: "more than 1 million",
// "6,700", "about a million", "at least 24", "hundreds of thousands",
// "dozens", "1.5M", "one and a half million", "a million and a half",
// "ten-thousand", "15-hundred", "4.2–5.8 million", "fifty or so", and
// shares without numbers ("20 percent", "a third of", "two-thirds"). ok is
// false when s is not exactly one figure.
func ParseFigure(s string) (Figure, bool) {
	toks := tokenize(s)
	f, ok := scanFigure(s, toks, 0)
	if !ok || f.hi != len(toks) {
		return Figure{}, false
	}
	return f.Figure, true
}

// figureAt is a Figure found at tokens [lo, hi) of a sentence.
type figureAt struct {
	Figure
	lo, hi int
	// scaled is true when the number has a scale word or grouped digits
	// ("3 million", "6,700"): such a figure reads as a count even with no
	// noun after it.
	scaled bool
}

type qualifierPhrase struct {
	words []string
	q     armswatch.Qualifier
}

// qualifierPhrases precede a number; longer phrases first.
var qualifierPhrases = []qualifierPhrase{
	{[]string{"no", "fewer", "than"}, armswatch.QualifierAtLeast},
	{[]string{"no", "less", "than"}, armswatch.QualifierAtLeast},
	{[]string{"not", "less", "than"}, armswatch.QualifierAtLeast},
	{[]string{"a", "minimum", "of"}, armswatch.QualifierAtLeast},
	{[]string{"at", "least"}, armswatch.QualifierAtLeast},
	{[]string{"in", "excess", "of"}, armswatch.QualifierMoreThan},
	{[]string{"well", "over"}, armswatch.QualifierMoreThan},
	{[]string{"just", "over"}, armswatch.QualifierMoreThan},
	{[]string{"more", "than"}, armswatch.QualifierMoreThan},
	{[]string{"greater", "than"}, armswatch.QualifierMoreThan},
	{[]string{"upwards", "of"}, armswatch.QualifierMoreThan},
	{[]string{"upward", "of"}, armswatch.QualifierMoreThan},
	{[]string{"north", "of"}, armswatch.QualifierMoreThan},
	{[]string{"over"}, armswatch.QualifierMoreThan},
	{[]string{"above"}, armswatch.QualifierMoreThan},
	{[]string{"exceeding"}, armswatch.QualifierMoreThan},
	{[]string{"as", "many", "as"}, armswatch.QualifierUpTo},
	{[]string{"as", "much", "as"}, armswatch.QualifierUpTo},
	{[]string{"no", "more", "than"}, armswatch.QualifierUpTo},
	{[]string{"not", "more", "than"}, armswatch.QualifierUpTo},
	{[]string{"a", "maximum", "of"}, armswatch.QualifierUpTo},
	{[]string{"fewer", "than"}, armswatch.QualifierUpTo},
	{[]string{"less", "than"}, armswatch.QualifierUpTo},
	{[]string{"at", "most"}, armswatch.QualifierUpTo},
	{[]string{"up", "to"}, armswatch.QualifierUpTo},
	{[]string{"under"}, armswatch.QualifierUpTo},
	{[]string{"an", "estimated"}, armswatch.QualifierAbout},
	{[]string{"something", "like"}, armswatch.QualifierAbout},
	{[]string{"in", "the", "region", "of"}, armswatch.QualifierAbout},
	{[]string{"close", "to"}, armswatch.QualifierAbout},
	{[]string{"just", "under"}, armswatch.QualifierAbout},
	{[]string{"approximately"}, armswatch.QualifierAbout},
	{[]string{"approx."}, armswatch.QualifierAbout},
	{[]string{"about"}, armswatch.QualifierAbout},
	{[]string{"around"}, armswatch.QualifierAbout},
	{[]string{"roughly"}, armswatch.QualifierAbout},
	{[]string{"some"}, armswatch.QualifierAbout},
	{[]string{"nearly"}, armswatch.QualifierAbout},
	{[]string{"almost"}, armswatch.QualifierAbout},
	{[]string{"estimated"}, armswatch.QualifierAbout},
	{[]string{"circa"}, armswatch.QualifierAbout},
	{[]string{"between"}, armswatch.QualifierRange},
	{[]string{"from"}, armswatch.QualifierRange},
}

// vaguePhrases are amounts without a number; longer phrases first. "of" is
// part of the figure's text when it follows.
var vaguePhrases = [][]string{
	{"hundreds", "of", "thousands"},
	{"tens", "of", "thousands"},
	{"hundreds", "of", "millions"},
	{"a", "substantial", "amount"},
	{"a", "significant", "amount"},
	{"a", "large", "amount"},
	{"a", "huge", "amount"},
	{"a", "substantial", "number"},
	{"a", "significant", "number"},
	{"a", "large", "number"},
	{"a", "huge", "number"},
	{"a", "large", "quantity"},
	{"large", "quantities"},
	{"significant", "quantities"},
	{"substantial", "quantities"},
	{"vast", "quantities"},
	{"a", "handful"},
	{"a", "few"},
	{"a", "number"},
	{"dozens"},
	{"hundreds"},
	{"thousands"},
	{"millions"},
	{"scores"},
	{"several"},
	{"numerous"},
}

var smallNumbers = map[string]float64{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
	"fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
	"nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
	"seventy": 70, "eighty": 80, "ninety": 90,
}

var scaleWords = map[string]float64{
	"hundred": 100, "thousand": 1e3, "million": 1e6, "mln": 1e6, "mn": 1e6,
	"billion": 1e9, "bn": 1e9,
}

// scanFigure reads a figure starting at token i of a sentence.
func scanFigure(s string, toks []token, i int) (figureAt, bool) {
	if i >= len(toks) || toks[i].date {
		return figureAt{}, false
	}
	// A qualifier, then a number.
	for _, qp := range qualifierPhrases {
		if !matchWords(toks, i, qp.words) {
			continue
		}
		if f, ok := qualifiedFigure(s, toks, i, qp); ok {
			return f, true
		}
	}
	if f, ok := vagueFigure(s, toks, i); ok {
		return f, true
	}
	return bareFigure(s, toks, i)
}

// qualifiedFigure reads a figure after the qualifier phrase qp at token
// i: "more than 1 million", "between 2 and 3 million", "about 20
// percent of".
func qualifiedFigure(s string, toks []token, i int, qp qualifierPhrase) (figureAt, bool) {
	j := i + len(qp.words)
	if qp.q != armswatch.QualifierRange {
		if hi, ok := scanShare(toks, j); ok {
			return shareFigure(s, toks, i, hi), true // "about 20 percent of", "more than half of"
		}
	}
	n, ok := scanNumber(toks, j)
	if !ok && j < len(toks) && toks[j].lo == "one" {
		n, ok = number{v: 1, hi: j + 1}, true // "at least one": a figure after a qualifier
	}
	if !ok {
		return figureAt{}, false
	}
	f := figureAt{lo: i, hi: n.hi, scaled: n.scaled}
	f.Qualifier = qp.q
	switch qp.q {
	case armswatch.QualifierRange:
		link := "to"
		if qp.words[0] == "between" {
			link = "and"
		}
		r, ok := scanRangeEnd(toks, n, link)
		if !ok {
			return figureAt{}, false
		}
		f.hi = r.hi
		f.Min, f.Max = ptr(r.min), ptr(r.max)
		f.scaled = true
	default:
		r, ok := scanRangeEnd(toks, n, "–")
		if !ok && qp.q == armswatch.QualifierAbout {
			r, ok = scanRangeEnd(toks, n, "to") // "about 50 to 60"
		}
		if ok {
			// "up to 3–4 million", "about 50 to 60": a range; the
			// qualifier word stays in the text.
			f.hi = r.hi
			f.Min, f.Max = ptr(r.min), ptr(r.max)
			f.Qualifier = armswatch.QualifierRange
		} else {
			f.Value = ptr(n.v)
			if n.post != "" {
				f.Qualifier = n.post
			}
		}
	}
	f.hi = postQualifier(toks, &f)
	f.Text = span(s, toks, f.lo, f.hi)
	return f, true
}

// vagueFigure reads an amount without a number at token i: "dozens of",
// "several hundred thousand".
func vagueFigure(s string, toks []token, i int) (figureAt, bool) {
	for _, vp := range vaguePhrases {
		if !matchWords(toks, i, vp) {
			continue
		}
		j := i + len(vp)
		// "several hundred thousand", "a few million": the scale words
		// belong to the figure, which still gives no number.
		if vp[0] == "several" || vp[0] == "a" && len(vp) == 2 && vp[1] == "few" || vp[0] == "many" {
			for j < len(toks) && scaleWords[toks[j].lo] > 0 {
				j++
			}
		}
		f := figureAt{lo: i, hi: j, scaled: true}
		f.Vague = true
		f.Qualifier = armswatch.QualifierUnspecified
		// "dozens of", and "\"dozens\" of" (the quote ends the text).
		if j < len(toks) && toks[j].lo == "of" {
			f.hi = j + 1
		}
		f.Text = span(s, toks, f.lo, f.hi)
		if vp[0] == "a" && len(vp) == 2 && vp[1] == "number" && f.hi == j {
			continue // "a number" without "of"
		}
		return f, true
	}
	return figureAt{}, false
}

// bareFigure reads a figure without a qualifier at token i: "6,700",
// "4.2–5.8 million", "2 to 3 million", a share, "1,000+".
func bareFigure(s string, toks []token, i int) (figureAt, bool) {
	// A bare number, unless negated ("7,000 containers, not 70,000").
	if i > 0 && (toks[i-1].lo == "not" || toks[i-1].lo == "never") {
		return figureAt{}, false
	}
	if hi, ok := scanShare(toks, i); ok {
		return shareFigure(s, toks, i, hi), true
	}
	n, ok := scanNumber(toks, i)
	if !ok {
		return figureAt{}, false
	}
	f := figureAt{lo: i, hi: n.hi, scaled: n.scaled}
	if r, ok := scanRangeEnd(toks, n, "–"); ok {
		f.hi = r.hi
		f.Min, f.Max = ptr(r.min), ptr(r.max)
		f.Qualifier = armswatch.QualifierRange
		f.scaled = true
	} else if r, ok := scanRangeEnd(toks, n, "to"); ok && r.scaledEnd {
		f.hi = r.hi
		f.Min, f.Max = ptr(r.min), ptr(r.max)
		f.Qualifier = armswatch.QualifierRange
		f.scaled = true
	} else {
		f.Value = ptr(n.v)
		f.Qualifier = armswatch.QualifierExact
		if n.post != "" {
			f.Qualifier = n.post
		}
	}
	f.hi = postQualifier(toks, &f)
	f.Text = span(s, toks, f.lo, f.hi)
	return f, true
}

// postQualifier reads "or so", "or more" and "+" after a figure.
func postQualifier(toks []token, f *figureAt) int {
	hi := f.hi
	if f.Value == nil {
		return hi
	}
	switch {
	case matchWords(toks, hi, []string{"or", "so"}):
		f.Qualifier = armswatch.QualifierAbout
		return hi + 2
	case matchWords(toks, hi, []string{"or", "more"}):
		f.Qualifier = armswatch.QualifierAtLeast
		return hi + 2
	case hi < len(toks) && toks[hi].s == "+" && toks[hi].start == toks[hi-1].end:
		f.Qualifier = armswatch.QualifierMoreThan
		return hi + 1
	}
	return hi
}

type number struct {
	v      float64
	hi     int
	scaled bool
	post   armswatch.Qualifier // from a suffix: "-odd", "-plus"
	// scaleOf is the scale word applied, so that "2 to 3 million" can lend
	// it to the first number.
	scale float64
}

// scanNumber reads a number in digits or words at token i.
func scanNumber(toks []token, i int) (number, bool) {
	if i >= len(toks) || toks[i].date || toks[i].quotedMark() {
		return number{}, false
	}
	t := toks[i]
	if t.kind == tNum {
		return scanDigits(toks, i)
	}
	if t.kind == tWord {
		return scanWords(toks, i)
	}
	return number{}, false
}

func (t token) quotedMark() bool { return t.s == "“" || t.s == "”" || t.s == "\"" }

func scanDigits(toks []token, i int) (number, bool) {
	t := toks[i]
	if notAFigure(toks, i) {
		return number{}, false
	}
	digits := t.s
	k := 0
	for k < len(digits) && (digits[k] >= '0' && digits[k] <= '9' || digits[k] == ',' || digits[k] == '.') {
		k++
	}
	numPart, suffix := digits[:k], strings.ToLower(digits[k:])
	v, err := strconv.ParseFloat(strings.ReplaceAll(numPart, ",", ""), 64)
	if err != nil {
		return number{}, false
	}
	n := number{v: v, hi: i + 1, scaled: strings.Contains(numPart, ",")}
	switch strings.TrimPrefix(suffix, "-") {
	case "":
	case "m", "mn", "mln", "million":
		n.v *= 1e6
		n.scale, n.scaled = 1e6, true
	case "bn", "b", "billion":
		n.v *= 1e9
		n.scale, n.scaled = 1e9, true
	case "k", "thousand":
		n.v *= 1e3
		n.scale, n.scaled = 1e3, true
	case "hundred":
		n.v *= 100
		n.scale, n.scaled = 100, true
	case "strong":
	case "odd":
		n.post = armswatch.QualifierAbout
	case "plus":
		n.post = armswatch.QualifierMoreThan
	default:
		return number{}, false // "21st", "1950s", "152mm", "152-millimeter", "2-year"
	}
	// A year is not a quantity.
	if suffix == "" && !strings.ContainsAny(numPart, ",.") && len(numPart) == 4 && v >= 1900 && v <= 2100 {
		if !(i+1 < len(toks) && scaleWords[toks[i+1].lo] > 0) {
			return number{}, false
		}
	}
	scaleLoop(toks, &n)
	andAHalf(toks, &n)
	n.v = round(n.v)
	return n, true
}

// notAFigure reports whether the neighbours of the number at token i make
// it something else: a time, money, a percentage, a unit, a number label.
func notAFigure(toks []token, i int) bool {
	t := toks[i]
	// Neighbours that make it something else: a time, money, a percentage.
	if i > 0 {
		p := toks[i-1]
		if p.end == t.start && (p.s == ":" || p.s == "$" || p.s == "€" || p.s == "£" || p.s == "/" || p.s == "+" || p.s == "№") {
			return true
		}
		if p.lo == "no." || p.lo == "number" {
			return true
		}
	}
	if i+1 < len(toks) {
		nx := toks[i+1]
		if nx.start == t.end && (nx.s == ":" || nx.s == "%" || nx.s == "/") {
			return true
		}
		switch nx.lo {
		case "%", "percent", "per", "mm", "millimeter", "millimeters", "millimetre", "millimetres",
			"km", "kg", "kilometers", "kilometres", "miles", "tons", "tonnes", "years", "year",
			"days", "hours", "minutes", "min", "months", "weeks", "am", "pm", "a.m.", "p.m.":
			return true
		}
	}
	return false
}

// scaleLoop applies the scale words after a number: "3 million", "five
// hundred thousand", "3 million-plus".
func scaleLoop(toks []token, n *number) {
	for n.hi < len(toks) {
		w := toks[n.hi].lo
		plus := false
		if b, ok := strings.CutSuffix(w, "-plus"); ok {
			w, plus = b, true
		}
		sc := scaleWords[w]
		if sc == 0 || (n.scale != 0 && sc >= n.scale && !(n.scale == 100 && sc == 1e3)) {
			break
		}
		n.v *= sc
		n.scale = sc
		n.scaled = true
		n.hi++
		if plus {
			n.post = armswatch.QualifierMoreThan
			break
		}
	}
}

// andAHalf reads "and a half" after a scaled number: "a million and a
// half", "2 million and a half".
func andAHalf(toks []token, n *number) {
	if n.scale >= 1e3 && n.post == "" && math.Mod(n.v, n.scale) == 0 && matchWords(toks, n.hi, []string{"and", "a", "half"}) {
		n.v += n.scale / 2
		n.hi += 3
	}
}

// hyphenScale reads a number word joined to a scale word, "ten-thousand",
// "fifteen-hundred", with any scale words after it ("two-hundred
// thousand").
func hyphenScale(toks []token, k int) (number, bool) {
	a, b, ok := strings.Cut(toks[k].lo, "-")
	if !ok {
		return number{}, false
	}
	x, ok := wordValue(a)
	sc := scaleWords[b]
	if !ok || sc == 0 || x == 0 {
		return number{}, false
	}
	n := number{v: x * sc, hi: k + 1, scaled: true, scale: sc}
	scaleLoop(toks, &n)
	andAHalf(toks, &n)
	return n, true
}

// scanWords reads a number written in words: "fifty", "twenty-four",
// "a million", "one and a half million", "half a million", "a dozen",
// "two dozen", "a half-dozen".
func scanWords(toks []token, i int) (number, bool) {
	w := func(k int) string {
		if k < len(toks) {
			return toks[k].lo
		}
		return ""
	}
	if n, ok := idiomNumber(toks, i); ok {
		return n, true
	}
	var v float64
	k := i
	switch {
	case w(k) == "a" || w(k) == "an":
		// "a million", "a dozen", "a hundred": only with what follows.
		next := w(k + 1)
		if scaleWords[next] == 0 && next != "dozen" {
			return number{}, false
		}
		v = 1
		k++
	default:
		if n, ok := hyphenScale(toks, k); ok {
			return n, true // "ten-thousand", "fifteen-hundred"
		}
		x, ok := wordValue(w(k))
		if !ok {
			return number{}, false
		}
		v = x
		k++
		if x >= 20 && x < 100 {
			if y, ok := wordValue(w(k)); ok && y < 10 && y > 0 {
				v += y // "twenty four"
				k++
			}
		}
	}
	n := number{v: v, hi: k}
	// "one and a half million"
	if w(k) == "and" && w(k+1) == "a" && w(k+2) == "half" {
		if sc := scaleWords[w(k+3)]; sc >= 1e3 {
			return number{v: (v + 0.5) * sc, hi: k + 4, scaled: true, scale: sc}, true
		}
	}
	if w(k) == "dozen" {
		n.v *= 12
		n.hi = k + 1
		return n, true
	}
	scaleLoop(toks, &n)
	andAHalf(toks, &n)
	if toks[i].lo == "one" && n.scale == 0 {
		return number{}, false // "one" alone reads as a pronoun too often ("one of", "one report")
	}
	return n, true
}

// idiomNumber reads the set phrases: "half a million", "half a dozen",
// "a half-dozen", "the million-plus shells".
func idiomNumber(toks []token, i int) (number, bool) {
	w := func(k int) string {
		if k < len(toks) {
			return toks[k].lo
		}
		return ""
	}
	// "half a million", "half a dozen"
	if w(i) == "half" && w(i+1) == "a" {
		if sc := scaleWords[w(i+2)]; sc >= 1e3 {
			return number{v: sc / 2, hi: i + 3, scaled: true, scale: sc}, true
		}
		if w(i+2) == "dozen" {
			return number{v: 6, hi: i + 3}, true
		}
	}
	if w(i) == "half-dozen" {
		return number{v: 6, hi: i + 1}, true
	}
	// "the million-plus shells": a scale word alone, with "-plus".
	if b, ok := strings.CutSuffix(w(i), "-plus"); ok && scaleWords[b] >= 1e3 {
		return number{v: scaleWords[b], hi: i + 1, scaled: true, scale: scaleWords[b], post: armswatch.QualifierMoreThan}, true
	}
	if w(i) == "a" && w(i+1) == "half-dozen" {
		return number{v: 6, hi: i + 2}, true
	}
	return number{}, false
}

// wordValue is the value of a number word, hyphenated compounds included.
func wordValue(s string) (float64, bool) {
	if v, ok := smallNumbers[s]; ok {
		return v, true
	}
	if a, b, ok := strings.Cut(s, "-"); ok {
		x, ok1 := smallNumbers[a]
		y, ok2 := smallNumbers[b]
		if ok1 && ok2 && x >= 20 && y > 0 && y < 10 {
			return x + y, true
		}
	}
	return 0, false
}

type rangeEnd struct {
	min, max  float64
	hi        int
	scaledEnd bool
}

// scanRangeEnd reads the second number of a range after n: "–5.8 million",
// "and 3 million", "to 5 million". A scale on the second number only is
// lent to the first ("2 and 3 million", "4.2–5.8 million").
func scanRangeEnd(toks []token, n number, link string) (rangeEnd, bool) {
	k := n.hi
	if k >= len(toks) {
		return rangeEnd{}, false
	}
	switch link {
	case "–":
		if s := toks[k].s; s != "–" && s != "-" && s != "—" {
			return rangeEnd{}, false
		}
		// No spaces around a dash joining two numbers.
		if toks[k].start != toks[k-1].end {
			return rangeEnd{}, false
		}
	default:
		if toks[k].lo != link {
			return rangeEnd{}, false
		}
	}
	m, ok := scanNumber(toks, k+1)
	if !ok {
		return rangeEnd{}, false
	}
	lo := n.v
	if n.scale == 0 && m.scale != 0 {
		lo *= m.scale
	}
	if lo >= m.v {
		return rangeEnd{}, false
	}
	return rangeEnd{min: round(lo), max: m.v, hi: m.hi, scaledEnd: m.scaled}, true
}

func matchWords(toks []token, i int, words []string) bool {
	if i+len(words) > len(toks) {
		return false
	}
	for k, w := range words {
		t := toks[i+k]
		if t.lo != w || t.date {
			return false
		}
	}
	return true
}

func ptr(v float64) *float64 { return &v }

// round removes float noise from products such as 5.2 * 1e6.
func round(v float64) float64 {
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 12, 64), 64)
	if err != nil || math.IsInf(r, 0) {
		return v
	}
	return r
}
