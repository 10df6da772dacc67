package extract

// A candidate record built from its parts: items, hedging, the date of
// saying and the claimant's own words.

import (
	"fmt"
	"strings"

	"github.com/armswatch/armswatch"
)

var hedgeCues = []struct {
	words []string
	text  string
}{
	{[]string{"may", "have"}, "may have"},
	{[]string{"might", "have"}, "might have"},
	{[]string{"could", "have"}, "could have"},
	{[]string{"believed", "to"}, "believed to"},
	{[]string{"thought", "to"}, "thought to"},
	{[]string{"appears", "to"}, "appears to"},
	{[]string{"appear", "to"}, "appear to"},
	{[]string{"may"}, "may"},
	{[]string{"might"}, "might"},
	{[]string{"could"}, "could"},
	{[]string{"potentially"}, "potentially"},
	{[]string{"reportedly"}, "reportedly"},
	{[]string{"possibly"}, "possibly"},
	{[]string{"allegedly"}, "allegedly"},
	{[]string{"likely"}, "likely"},
	{[]string{"probably"}, "probably"},
	{[]string{"perhaps"}, "perhaps"},
	{[]string{"maybe"}, "maybe"},
	{[]string{"suspected"}, "suspected"},
	{[]string{"unconfirmed"}, "unconfirmed"},
}

// hedge finds the first hedging word of a sentence, outside the words
// about who said it.
func hedge(s *sentence, skipLo, skipHi int) string {
	for i, t := range s.toks {
		if i >= skipLo && i < skipHi {
			continue
		}
		for _, h := range hedgeCues {
			if matchWords(s.toks, i, h.words) || (i == 0 && len(h.words) == 2 && t.s == "May" && matchWordsFold(s.toks, i, h.words)) {
				return h.text
			}
		}
	}
	return ""
}

func matchWordsFold(toks []token, i int, words []string) bool {
	if i+len(words) > len(toks) {
		return false
	}
	for k, w := range words {
		if toks[i+k].lo != w {
			return false
		}
	}
	return true
}

// build makes the candidate record for one claimant of a sentence.
func (x *extractor) build(s *sentence, o *owned, st armswatch.Stance) Candidate {
	c := armswatch.Claim{
		Claimant:     o.who.name,
		ClaimantRole: o.who.role,
		Stance:       st,
		Appearances:  []armswatch.Appearance{{Doc: x.doc.ID, Quote: s.text}},
	}
	if len(o.who.countries) > 0 && !o.who.outlet {
		c.ClaimantCountry = append(armswatch.StringList(nil), o.who.countries...)
	}
	why := append([]string{}, o.who.why...)
	for _, q := range o.qs {
		it := q.item
		v := Figure(q.fig.Figure)
		it.Quantity = &armswatch.Quantity{Text: v.Text, Value: v.Value, Min: v.Min, Max: v.Max, Qualifier: v.Qualifier, Measure: q.measure}
		c.Items = append(c.Items, it)
		why = append(why, q.why...)
	}
	why = x.addNamedItems(&c, o, why)
	why = append(why, o.why...)
	// Hedging, outside the words about who said it (the content after
	// "said" is not theirs: "said 3,000 troops could follow" is hedged).
	skipLo, skipHi := 0, 0
	if a := o.a; a != nil {
		if a.subj.lo < a.verb {
			skipLo, skipHi = a.subj.lo, a.verb+1
		} else {
			skipLo, skipHi = a.verb, a.subj.hi
		}
	}
	if h := hedge(s, skipLo, skipHi); h != "" {
		c.Hedged = true
		why = append(why, fmt.Sprintf("hedged: %q", h))
	}
	why = x.addSaidOn(&c, s, o, why)
	c.Supplier, c.Recipient = x.direction(s)
	content := x.content(s, o)
	c.Statement = statement(c, content, o.who.outlet)
	return Candidate{Claim: c, Why: why, person: o.who.person, bare: content == "" && len(c.Items) == 0}
}

// addNamedItems adds the items named without a figure, unless a figure
// already counts them, with their reasons.
func (x *extractor) addNamedItems(c *armswatch.Claim, o *owned, why []string) []string {
	for _, m := range o.items {
		dup := false
		for _, it := range c.Items {
			if it.Category == m.item.Category && (it.Designation == m.item.Designation || m.item.Designation == "") {
				dup = true
			}
		}
		if dup {
			continue
		}
		// A designation makes a bare item of its category redundant.
		if m.item.Designation != "" {
			kept := c.Items[:0]
			for _, it := range c.Items {
				if !(it.Category == m.item.Category && it.Designation == "" && it.Quantity == nil) {
					kept = append(kept, it)
				}
			}
			c.Items = kept
		}
		c.Items = append(c.Items, m.item)
		why = append(why, fmt.Sprintf("item %q (%s)", m.term, m.item.Category))
	}
	return why
}

// addSaidOn sets the date the claim was made, with its reason, or says
// why it is left empty.
func (x *extractor) addSaidOn(c *armswatch.Claim, s *sentence, o *owned, why []string) []string {
	if o.a == nil || o.who.outlet {
		return why
	}
	if d, de := x.saidOn(s, o.a); !d.IsZero() {
		c.SaidOn = d
		if de.relative {
			why = append(why, fmt.Sprintf("said_on %s from “%s” and the publication date %s", d, de.phrase(), x.doc.Published))
		} else {
			why = append(why, fmt.Sprintf("said_on %s from %q", d, de.text))
		}
	} else if de.text != "" {
		if x.doc.Published.IsZero() {
			why = append(why, fmt.Sprintf("said_on left empty: “%s” cannot be resolved without the document's date", de.phrase()))
		} else {
			why = append(why, fmt.Sprintf("said_on left empty: “%s” cannot be resolved from the publication date %s", de.phrase(), x.doc.Published))
		}
	}
	return why
}

// saidOn finds the date of saying among the words about who said it:
// "said on Nov. 9", "In December 2023, the White House announced", "said
// Wednesday". Dates after "since", "from", "by" or "until" are periods,
// not dates of saying.
func (x *extractor) saidOn(s *sentence, a *attribution) (armswatch.Date, dateExpr) {
	toks := s.toks
	lo, hi := a.dateLo, a.dateHi
	if lo > a.verb {
		lo = a.verb // no words before the verb are about the saying
	}
	// The scene-setting opening of the sentence counts too ("In an
	// interview … on the 21st, X said").
	first := 0
	for first < len(toks) && first < a.verb && toks[first].s != "," {
		first++
	}
	for _, d := range x.dates[s.index] {
		k := tokenAt(toks, d.start)
		if k < 0 {
			continue
		}
		inWindow := (k >= lo && k < a.verb) || (k > a.verb && k < hi)
		if a.subj.lo > a.verb && k < a.verb && k < first && x.isAdverbial(s, 0, first) {
			inWindow = true
		}
		if !inWindow {
			continue
		}
		switch d.prep {
		case "since", "from", "by", "until", "till", "between", "through", "throughout", "after", "before", "to", "and", "of", "during":
			continue
		}
		return d.date, d
	}
	return armswatch.Date{}, dateExpr{}
}

func tokenAt(toks []token, byteOff int) int {
	for i, t := range toks {
		if t.start >= byteOff {
			return i
		}
	}
	return -1
}

// content is the part of the sentence the claimant asserts: after the verb
// (and "that"), before a trailing attribution, or for "confirmed by X" the
// words before the verb. It is never the attribution alone ("Austin said
// that" for the "he feared" of "Austin said that he feared …"): a span
// without a word of its own gives way to the other side of the verb, else
// to nothing.
func (x *extractor) content(s *sentence, o *owned) string {
	start := x.labelEnd(s)
	lo, hi, alt := x.contentSpan(s, o, start)
	lo, hi = trimContent(s.toks, lo, x.beforeTrailing(s, o, lo, hi))
	if !x.hasOwnWords(s, lo, hi) && alt[0] < alt[1] {
		lo, hi = trimContent(s.toks, alt[0], alt[1])
	}
	if !x.hasOwnWords(s, lo, hi) {
		return ""
	}
	text := stripCredits(span(s.text, s.toks, lo, hi))
	words := strings.Fields(text)
	if len(words) > 30 {
		text = strings.Join(words[:30], " ") + " …"
	}
	return strings.Trim(text, " ,;")
}

// beforeTrailing ends a content span before another attribution that
// closes it ("denied the arms deal, the agency said": the agency is the
// messenger, not the content).
func (x *extractor) beforeTrailing(s *sentence, o *owned, lo, hi int) int {
	for _, b := range x.findAttributions(s) {
		if o.a != nil && b.verb == o.a.verb {
			continue
		}
		if b.subj.lo < b.verb && b.subj.lo > lo && b.subj.lo < hi && b.dateHi >= hi-1 {
			hi = b.subj.lo
			for hi > lo && (s.toks[hi-1].lo == "the" || s.toks[hi-1].lo == "a" || s.toks[hi-1].lo == "an") {
				hi--
			}
		}
	}
	return hi
}

// labelEnd is where a sentence starts after its paragraph's speaker label.
func (x *extractor) labelEnd(s *sentence) int {
	toks := s.toks
	lo := 0
	if p := x.paras[s.para]; p.label != "" && s.start-p.start < p.labelEnd {
		for lo < len(toks) && toks[lo].s != ":" {
			lo++
		}
		lo++
	}
	return lo
}

// contentSpan picks the tokens of the content, and the other side of the
// verb as the alternative.
func (x *extractor) contentSpan(s *sentence, o *owned, start int) (lo, hi int, alt [2]int) {
	toks := s.toks
	lo, hi = start, len(toks)
	a := o.a
	if a == nil {
		return lo, hi, alt
	}
	after := [2]int{a.verb + 1, len(toks)}
	if strings.HasSuffix(a.verbAs, " out against") {
		after[0] = min(a.verb+3, len(toks)) // what is spoken against
	}
	switch {
	case a.subj.lo > a.verb && a.verb+1 < len(toks) && toks[a.verb+1].lo == "by":
		// "…, later confirmed by X": what was confirmed comes first.
		return start, a.verb, [2]int{a.subj.hi, len(toks)}
	case a.subj.lo < a.verb && a.subj.lo > 0 && a.verbAs != "according to":
		// "…, X said": the words before the subject, unless the subject
		// opens a clause ("Austin said that he feared …").
		end := a.lo
		for end > 0 && (toks[end-1].s == "," || toks[end-1].lo == "which") {
			end--
		}
		if end > 0 && a.lo > 2 && toks[a.lo-1].lo != "that" && !x.isAdverbial(s, 0, end) {
			return start, end, after
		}
		return after[0], after[1], [2]int{start, end}
	case a.verbAs == "according to" && a.verb > 0:
		return start, a.verb, [2]int{a.subj.hi, len(toks)}
	case a.verbAs == "according to":
		return a.subj.hi, hi, alt
	}
	return after[0], after[1], alt
}

// trimContent drops the joining words at the edges of a content span:
// "that", "out", commas, dates and "on" before it; commas, full stops and
// the adverbs and auxiliaries of a passive ("…, later", "was") after it.
func trimContent(toks []token, lo, hi int) (int, int) {
	for lo < hi && (toks[lo].lo == "that" || toks[lo].lo == "out" || toks[lo].s == "," || toks[lo].date || toks[lo].lo == "on") {
		lo++
	}
	for hi > lo && (toks[hi-1].s == "," || toks[hi-1].s == "." || contentTail[toks[hi-1].lo]) {
		hi--
	}
	return lo, hi
}

var contentTail = set("later", "since", "then", "also", "was", "were", "is", "are", "been", "has", "have", "had", "being", "subsequently", "officially")

// hasOwnWords reports whether a span holds a word that is not part of an
// attribution of the sentence (its subject or verb) nor a joining word.
func (x *extractor) hasOwnWords(s *sentence, lo, hi int) bool {
	atts := x.findAttributions(s)
	for k := lo; k < hi && k < len(s.toks); k++ {
		t := s.toks[k]
		if t.kind != tWord || joiningWords[t.lo] {
			continue
		}
		inAttribution := false
		for _, a := range atts {
			if k == a.verb || (k >= a.subj.lo && k < a.subj.hi) {
				inAttribution = true
			}
		}
		if !inAttribution {
			return true
		}
	}
	return false
}

var joiningWords = set("that", "the", "a", "an", "of", "by", "and", "or", "with", "he", "she", "they", "it", "we", "i", "who", "which", "also", "later", "out", "on", "to", "has", "have", "had", "was", "were", "is", "are")
