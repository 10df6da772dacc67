package extract

import (
	"fmt"
	"strings"

	"github.com/armswatch/armswatch"
)

// Shares are proportions: "20 percent of", "20%", "a third of", "half of
// the shells", "two-thirds of". They are read as figures so that their text
// is kept with the item they are a share of, but they give no number: a
// share is never turned into a count of items.

// fractionWords are the fractions written in words, singular and plural.
var fractionWords = set(
	"third", "thirds", "quarter", "quarters", "fifth", "fifths", "sixth", "sixths",
	"seventh", "sevenths", "eighth", "eighths", "ninth", "ninths", "tenth", "tenths",
)

// shareFollowers may follow "half" in a share: "half of", "half the shells".
var shareFollowers = set("of", "the", "its", "their", "all", "these", "those", "them")

// scanShare reads a share starting at token i and returns the end of its
// words ("of" not included).
func scanShare(toks []token, i int) (int, bool) {
	if i >= len(toks) || toks[i].date {
		return 0, false
	}
	next := func(k int) string {
		if k < len(toks) {
			return toks[k].lo
		}
		return ""
	}
	t := toks[i]
	if t.kind == tNum {
		return percentAfter(toks, i)
	}
	if t.kind != tWord {
		return 0, false
	}
	if _, ok := wordValue(t.lo); ok && (next(i+1) == "percent" || next(i+1) == "per" && next(i+2) == "cent") {
		return percentAfter(toks, i) // "twenty percent"
	}
	// "two-thirds", "one-third", "three-quarters".
	if a, b, ok := strings.Cut(t.lo, "-"); ok && fractionWords[b] {
		if _, ok := wordValue(a); ok && a != "zero" {
			return singularNeedsOf(toks, i+1, b, a)
		}
	}
	switch {
	case t.lo == "half" && shareFollowers[next(i+1)]:
		return i + 1, true
	case (t.lo == "a" || t.lo == "one") && fractionWords[next(i+1)]:
		return singularNeedsOf(toks, i+2, next(i+1), t.lo)
	}
	if _, ok := wordValue(t.lo); ok && t.lo != "one" && t.lo != "zero" && fractionWords[next(i+1)] && strings.HasSuffix(next(i+1), "s") {
		return i + 2, true // "two thirds"
	}
	return 0, false
}

// singularNeedsOf accepts a fraction ending at hi: a singular one after
// "a" or "one" only before "of" or at the end ("a third batch" is an
// ordinal), a plural one always.
func singularNeedsOf(toks []token, hi int, fraction, count string) (int, bool) {
	plural := strings.HasSuffix(fraction, "s")
	if count == "a" || count == "one" {
		if plural {
			return 0, false
		}
		if hi < len(toks) && toks[hi].lo != "of" {
			return 0, false
		}
		return hi, true
	}
	if !plural {
		return 0, false
	}
	return hi, true
}

// percentAfter reads a percentage whose number is token i: "20%", "20
// percent", "20 per cent", "20-percent", "twenty percent".
func percentAfter(toks []token, i int) (int, bool) {
	t := toks[i]
	if t.kind == tNum {
		num := strings.TrimSuffix(strings.TrimSuffix(t.lo, "-percent"), "percent")
		if !isDecimal(num) {
			return 0, false
		}
		if num != t.lo {
			return i + 1, true
		}
		if i > 0 && toks[i-1].end == t.start && (toks[i-1].s == "$" || toks[i-1].s == "€" || toks[i-1].s == "£") {
			return 0, false
		}
	}
	switch {
	case i+1 < len(toks) && toks[i+1].s == "%":
		return i + 2, true
	case i+1 < len(toks) && (toks[i+1].lo == "percent" || toks[i+1].lo == "pct"):
		return i + 2, true
	case i+2 < len(toks) && toks[i+1].lo == "per" && toks[i+2].lo == "cent":
		return i + 3, true
	}
	return 0, false
}

// isDecimal reports whether s is digits with an optional decimal point.
func isDecimal(s string) bool {
	a, b, _ := strings.Cut(s, ".")
	return isDigits(a) && (b == "" || isDigits(b))
}

// shareFigure is the figure of a share at tokens [lo, hi), with a
// following "of" in its text: no numbers, qualifier unspecified.
func shareFigure(s string, toks []token, lo, hi int) figureAt {
	if hi < len(toks) && toks[hi].lo == "of" {
		hi++
	}
	f := figureAt{lo: lo, hi: hi}
	f.Share = true
	f.Qualifier = armswatch.QualifierUnspecified
	f.Text = span(s, toks, lo, hi)
	return f
}

// shareOf finds the item a share is a share of, in the phrase after it
// ("20 percent of the shells", "half the rockets"), or for "of them" the
// item named or counted before it (in the sentence, else in the sentences
// before: ctx), and its measure. It reports false when the share is of no
// item.
func (x *extractor) shareOf(s *sentence, q *quantityMention, before []quantityMention, ctx []armswatch.Category) bool {
	toks := s.toks
	k := skipDeterminers(toks, q.fig.hi)
	if _, ok := scanFigure(s.text, toks, k); ok {
		return false // "a third of the 6,700 containers": the number counts them
	}
	np := x.readNP(s, k)
	switch {
	case np.category != "" && np.blocked == "":
		q.item.Category = np.category
		q.why = append(q.why, fmt.Sprintf("%q is a share of %q (%s), not a count", q.fig.Text, np.term, np.category))
	case np.empty && k > 0 && k <= len(toks) && (toks[k-1].lo == "them" || toks[k-1].lo == "these" || toks[k-1].lo == "those"):
		c := nearestItemBefore(x, s, q.fig.lo)
		switch {
		case c != "":
		case len(before) > 0:
			c = before[len(before)-1].item.Category
		case len(ctx) > 0:
			c = ctx[len(ctx)-1]
		default:
			return false
		}
		q.item.Category = c
		q.why = append(q.why, fmt.Sprintf("%q of %q is a share of the %s named before it, not a count", q.fig.Text, toks[k-1].s, c))
	default:
		return false
	}
	q.item.Designation, q.item.Caliber = np.designation, np.caliber
	q.npHi = np.hi
	q.measure, q.why = x.measureFor(s, q.fig.lo, max(np.headEnd, q.fig.hi), q.why)
	return true
}
