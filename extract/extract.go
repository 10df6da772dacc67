package extract

import (
	"fmt"
	"hash/fnv"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/armswatch/armswatch"
)

// Candidate is a proposed claim record and the reasons the rules give for
// it, for a moderator to review.
type Candidate struct {
	Claim armswatch.Claim
	Why   []string

	person bool // the claimant is a named person (for the id)
}

// Candidates proposes claim records for a document; see Extract.
func Candidates(doc armswatch.Document, aliases []armswatch.AliasGroup) []armswatch.Claim {
	cands := Extract(doc, aliases)
	out := make([]armswatch.Claim, len(cands))
	for i, c := range cands {
		out[i] = c.Claim
	}
	return out
}

// Extract proposes claim records for a document, with the reasons for
// each. Every quote is a whole sentence of doc.Body, verbatim; every
// quantity's text appears in its quote; ids are unique kebab-case. The
// result is deterministic.
func Extract(doc armswatch.Document, aliases []armswatch.AliasGroup) []Candidate {
	x := &extractor{doc: doc, lx: newLexicon(aliases), flagCache: map[int]tokenFlags{}}
	x.paras, x.sents = segment(doc.Body)
	x.dates = make([][]dateExpr, len(x.sents))
	for i := range x.sents {
		s := &x.sents[i]
		x.dates[i] = findDates(s.text, doc.Published)
		markDates(s.toks, x.dates[i])
	}
	x.registerPeople()
	x.registerBodies()
	x.byline = x.readByline()
	var out []Candidate
	for i := range x.sents {
		out = append(out, x.sentenceCandidates(&x.sents[i])...)
	}
	out = merge(out)
	assignIDs(out, doc.ID)
	return out
}

type extractor struct {
	doc     armswatch.Document
	lx      *lexicon
	paras   []paragraph
	sents   []sentence
	dates   [][]dateExpr
	people  []person
	bodies  []body // in document order
	byline  *byline
	history []who // claimants so far, in order
	// lastClaimant is 1 + the index in history of the latest claimant
	// that is not the outlet (0: none); withWord is latestWith's memo.
	lastClaimant int
	withWord     map[string]*wordSearch
	flagCache    map[int]tokenFlags
	// The item categories named so far: the last one only named and the
	// last one counted by a figure (all contextCats needs).
	lastNamed, lastCounted recentItem
}

type recentItem struct {
	cat  armswatch.Category
	para int
	set  bool
}

// transferCues make a sentence about items a claim: a transfer, use,
// purchase or trade.
var transferCues = set("trade", "transfer", "transfers", "supply", "supplies", "supplier", "deal", "provision", "exchange", "shipments", "deliveries", "arms")

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

// owned is what one claimant says in a sentence.
type owned struct {
	a     *attribution // nil for the paragraph's speaker, a continuation or the outlet
	who   who
	qs    []quantityMention
	items []itemMention
	why   []string
}

func (x *extractor) sentenceCandidates(s *sentence) []Candidate {
	p := x.paras[s.para]
	if p.heading {
		return nil
	}
	ctx := x.contextCats(s.para)
	qs := x.quantities(s, ctx)
	mentions := x.itemMentions(s, qs)
	if len(mentions) > 0 {
		x.lastNamed = recentItem{mentions[len(mentions)-1].item.Category, s.para, true}
	}
	if len(qs) > 0 {
		x.lastCounted = recentItem{qs[len(qs)-1].item.Category, s.para, true}
	}
	if isQuestion(s) {
		return nil // it asks, it claims nothing; its items are context for the answer
	}
	atts := x.findAttributions(s)

	// Resolve each attribution's claimant. In a speaker's paragraph "we"
	// and "our" are the speaker, not the outlet.
	var speaker *owned
	if p.label != "" {
		speaker = x.labelOwner(s, p)
	}
	var owners []*owned
	for i := range atts {
		a := &atts[i]
		if a.subj.kind == refOutlet && speaker != nil {
			sp := *speaker
			sp.a = a
			owners = append(owners, &sp)
			continue
		}
		if a.why == "generic" {
			// "According to intelligence estimates": the claimant of the
			// sentence before, in the same paragraph.
			if prev := x.previousClaimant(s, true); prev != nil {
				w := *prev
				w.sent, w.para = s.index, s.para
				w.why = []string{fmt.Sprintf("%q names no source: the claimant of the sentence before, %s", "according to "+a.subj.name, prev.name)}
				owners = append(owners, &owned{a: a, who: w})
			}
			continue
		}
		w, ok := x.resolve(s, a.subj)
		if !ok {
			continue
		}
		w.why = append([]string{fmt.Sprintf("claimant from %q", x.attributionText(s, a))}, w.why...)
		owners = append(owners, &owned{a: a, who: w})
	}
	// Without an attribution: the speaker of a transcript paragraph, a
	// continuation ("Of these, …"), or the outlet.
	var fallback *owned
	if len(owners) == 0 {
		if speaker != nil {
			// A speaker label covers its whole paragraph.
			fallback = speaker
		}
		if fallback == nil && startsContinuation(s) {
			if prev := x.previousClaimant(s, false); prev != nil {
				w := *prev
				w.sent, w.para = s.index, s.para
				w.why = []string{fmt.Sprintf("%q continues the claim before, by %s", span(s.text, s.toks, 0, min(2, len(s.toks))), prev.name)}
				fallback = &owned{who: w}
			}
		}
		if fallback == nil {
			fallback = &owned{who: x.outlet(s, "no attribution in the sentence: the outlet's own reporting")}
		}
		owners = append(owners, fallback)
	}

	// Each figure belongs to the nearest attribution before it, else to
	// the first one ("…, X said").
	for _, q := range qs {
		var best *owned
		for _, o := range owners {
			if o.a != nil && o.a.verb < q.fig.lo && (best == nil || best.a == nil || o.a.verb > best.a.verb) {
				best = o
			}
		}
		if best == nil {
			best = owners[0]
		}
		best.qs = append(best.qs, q)
	}
	// Items named without a figure go to the first claimant.
	primary := owners[0]
	for _, m := range mentions {
		primary.items = append(primary.items, m)
	}

	hasCue := false
	for _, t := range s.toks {
		if measureCues[t.lo] != "" || transferCues[t.lo] {
			hasCue = true
			break
		}
	}
	var out []Candidate
	for _, o := range owners {
		st := x.stanceOf(s, o)
		keep := len(o.qs) > 0 ||
			(len(o.items) > 0 && hasCue) ||
			(st == armswatch.StanceDenies || st == armswatch.StanceCondemns || st == armswatch.StanceWarns || st == armswatch.StanceConfirms) && (x.topical(s) || len(o.items) > 0)
		if !keep {
			x.remember(o.who)
			continue
		}
		out = append(out, x.build(s, o, st))
		x.remember(o.who)
	}
	return out
}

// parenName returns a person's name written in brackets in a label:
// "Minister for Europe (Daniel Archer)".
func parenName(label string) string {
	i, j := strings.Index(label, "("), strings.LastIndex(label, ")")
	if i < 0 || j < i {
		return ""
	}
	inner := strings.TrimSpace(label[i+1 : j])
	f := strings.Fields(inner)
	if len(f) < 2 || len(f) > 4 {
		return ""
	}
	for _, w := range f {
		r := []rune(w)
		if !unicode.IsUpper(r[0]) || orgWords[strings.ToLower(w)] {
			return ""
		}
	}
	return inner
}

// namesABody reports whether an organisation reference really names one:
// a country, a known organisation, or words such as "Force", "Ministry",
// "officials".
func (x *extractor) namesABody(s *sentence, r ref) bool {
	f := x.flags(s)
	for k := r.lo; k < r.hi && k < len(s.toks); k++ {
		b := base(s.toks[k].lo)
		if f.country[k] || f.org[k] || orgWords[b] || claimantHeads[b] || personTitles[b] {
			return true
		}
	}
	return false
}

// contextCats is the item category a bare figure most likely counts: of
// those named in this and the previous paragraph so far, the last one
// counted by a figure, else the last one named; empty when there is none.
// (It keeps only the last of the list quantities reads; remembering two
// items instead of every one keeps a long paragraph linear.)
func (x *extractor) contextCats(para int) []armswatch.Category {
	for _, r := range []recentItem{x.lastCounted, x.lastNamed} {
		if r.set && r.para >= para-1 {
			return []armswatch.Category{r.cat}
		}
	}
	return nil
}

func (x *extractor) remember(w who) {
	x.history = append(x.history, w)
	if !w.outlet {
		x.lastClaimant = len(x.history)
	}
}

// previousClaimant is the last claimant in the same paragraph (or, unless
// sameParagraph, the previous one).
func (x *extractor) previousClaimant(s *sentence, sameParagraph bool) *who {
	// Before the previous paragraph the answer is nil whatever the history
	// holds, so the search stops there.
	for i, from := len(x.history)-1, x.historyFrom(s.para-1); i >= from; i-- {
		h := &x.history[i]
		if h.sent >= s.index || h.outlet {
			continue
		}
		if h.para == s.para || (!sameParagraph && h.para == s.para-1) {
			return h
		}
		return nil
	}
	return nil
}

func startsContinuation(s *sentence) bool {
	if len(s.toks) < 2 {
		return false
	}
	a, b := s.toks[0].lo, s.toks[1].lo
	return (a == "of" || a == "among") && (b == "these" || b == "them" || b == "those")
}

// labelOwner makes the paragraph's speaker label ("HOLLOWAY:", "Russia:")
// the claimant.
func (x *extractor) labelOwner(s *sentence, p paragraph) *owned {
	if p.label == "A" {
		return x.interviewee(s, p)
	}
	lt := tokenize(p.label)
	ls := sentence{para: p.index, index: s.index, text: p.label, toks: lt}
	r := x.parseNP(&ls, 0, len(lt))
	if r.kind == refNone {
		return nil
	}
	upper := strings.ToUpper(p.label) == p.label
	switch {
	case parenName(p.label) != "":
		// "Minister for Europe (Daniel Archer)": the name in brackets.
		r = ref{kind: refPerson, name: parenName(p.label), title: strings.TrimSpace(p.label[:strings.Index(p.label, "(")])}
	case upper && (r.kind == refOrg || r.kind == refTitle || r.kind == refPerson):
		// "HOLLOWAY": an upper-case surname named earlier; "DR. ELI FINCH":
		// a name in capitals; "ANCHOR" is not a claimant.
		if pp := x.personBySurname(titleCase(lastWord(p.label)), s.index); pp != nil {
			r = ref{kind: refPerson, name: pp.name}
			break
		}
		words := strings.Fields(p.label)
		for len(words) > 0 && personTitles[strings.ToLower(words[0])] {
			words = words[1:]
		}
		if len(words) < 2 || len(words) > 4 {
			return nil
		}
		for i, w := range words {
			words[i] = titleCase(w)
		}
		r = ref{kind: refPerson, name: strings.Join(words, " ")}
	case r.kind == refOrg && !x.namesABody(&ls, r):
		return nil // "Update:", "Numbers to know:"
	}
	w, ok := x.resolve(&ls, r)
	if !ok {
		return nil
	}
	w.sent, w.para = s.index, s.para
	w.why = append([]string{fmt.Sprintf("claimant from the speaker label %q", p.label+":")}, w.why...)
	return &owned{who: w}
}

// isQuestion reports whether a sentence outside quotation marks is a
// question ("Q: How many drones has Russia launched?").
func isQuestion(s *sentence) bool {
	n := len(s.toks)
	return n > 0 && s.toks[n-1].s == "?" && !s.toks[n-1].quoted
}

// interviewee owns an interview's answers ("A: …" after a "Q: …"
// paragraph): the person the document names first, before the answer.
func (x *extractor) interviewee(s *sentence, p paragraph) *owned {
	asked := false
	for _, q := range x.paras[:p.index] {
		asked = asked || q.label == "Q"
	}
	if !asked {
		return nil
	}
	var first *person
	for i := range x.people {
		pp := &x.people[i]
		if pp.sent >= 0 && pp.sent < s.index && (first == nil || pp.sent < first.sent || pp.sent == first.sent && pp.tok < first.tok) {
			first = pp
		}
	}
	if first == nil {
		return nil
	}
	w := who{name: first.name, role: first.title, person: true, countries: x.countriesOf(first.title + " " + first.name), sent: s.index, para: s.para}
	w.why = []string{fmt.Sprintf("claimant from the answer label \"A:\": %s, the person the interview introduces", first.name)}
	return &owned{who: w}
}

func (x *extractor) attributionText(s *sentence, a *attribution) string {
	lo := a.subj.lo
	if a.verb < lo {
		return span(s.text, s.toks, a.verb, max(a.subj.hi, a.verb+2))
	}
	return span(s.text, s.toks, lo, a.verb+1)
}

// topical reports whether a sentence is about arms at all.
func (x *extractor) topical(s *sentence) bool {
	for _, t := range s.toks {
		switch t.lo {
		case "weapons", "arms", "missile", "missiles", "ammunition", "shells", "munitions", "trade", "transfer", "transfers", "deal", "supply", "military":
			return true
		}
	}
	return false
}

// stanceOf: the attribution verb's stance; else "estimates" when the
// sentence estimates; "reports" for the outlet; else "asserts".
func (x *extractor) stanceOf(s *sentence, o *owned) armswatch.Stance {
	if o.a != nil && o.a.stance != "" {
		o.why = append(o.why, fmt.Sprintf("stance %s from %q", o.a.stance, o.a.verbAs))
		return o.a.stance
	}
	for _, t := range s.toks {
		if strings.HasPrefix(t.lo, "estimat") && !t.quoted {
			o.why = append(o.why, fmt.Sprintf("stance estimates from %q", t.s))
			return armswatch.StanceEstimates
		}
	}
	if o.who.outlet {
		return armswatch.StanceReports
	}
	return armswatch.StanceAsserts
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
	// Items named without a figure, unless a figure already counts them.
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
	// The date the claim was made.
	if o.a != nil && !o.who.outlet {
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
	}
	c.Supplier, c.Recipient = x.direction(s)
	c.Statement = statement(c, x.content(s, o), o.who.outlet)
	return Candidate{Claim: c, Why: why, person: o.who.person}
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

// direction reads supplier and recipient: "X provided Y with", "X sent …
// to Y", "Y received … from X", "Y purchased … from X", and
// "North Korean-made" items. Only countries are named.
func (x *extractor) direction(s *sentence) (supplier, recipient string) {
	toks := s.toks
	type cm struct {
		name   string
		lo, hi int
	}
	var cs []cm
	// "North Korean-made": read the country without "-made".
	made := ""
	plain := make([]token, len(toks))
	copy(plain, toks)
	for i := range plain {
		if b, ok := strings.CutSuffix(plain[i].lo, "-made"); ok {
			plain[i].lo = b
			for j := max(0, i-2); j <= i; j++ {
				if p, end, ok := matchAt(x.lx.countries, plain, j); ok && end == i+1 {
					made = p.canon
				}
			}
		}
	}
	for i := 0; i < len(toks); {
		if p, end, ok := matchAt(x.lx.countries, toks, i); ok {
			cs = append(cs, cm{p.canon, i, end})
			i = end
			continue
		}
		i++
	}
	if len(cs) == 0 && made == "" {
		return "", ""
	}
	give := -1
	var giveM armswatch.Measure
	for i, t := range toks {
		if m := measureCues[t.lo]; m != "" && m != armswatch.MeasureCapacity {
			give, giveM = i, m
			break
		}
	}
	if give < 0 {
		for i, t := range toks {
			if transferCues[t.lo] {
				give = i
				break
			}
		}
	}
	if give < 0 {
		return "", ""
	}
	receives := false
	switch toks[give].lo {
	case "receive", "receives", "received", "receiving", "purchase", "purchases", "purchased", "purchasing", "buy", "buys", "bought", "buying", "acquire", "acquired", "acquiring", "obtained", "ordered":
		receives = true
	}
	if giveM == armswatch.MeasureFired {
		receives = true // the user of the weapons received them
	}
	after := func(word string) string {
		for i := give; i < len(toks)-1; i++ {
			if toks[i].lo == word {
				for _, c := range cs {
					if c.lo == i+1 || (c.lo == i+2 && toks[i+1].lo == "the") {
						return c.name
					}
				}
			}
		}
		return ""
	}
	subject := ""
	for _, c := range cs {
		if c.hi <= give && c.lo >= give-8 {
			subject = c.name
		}
	}
	// "North Korean missiles"
	for _, c := range cs {
		if c.hi < len(toks) {
			nx := toks[c.hi-1].lo
			if strings.HasSuffix(nx, "-made") || strings.HasSuffix(nx, "korean") {
				if c.hi < len(toks) {
					if _, _, ok := matchAt(x.lx.items, toks, c.hi); ok {
						made = c.name
					}
				}
				if strings.HasSuffix(nx, "-made") {
					made = c.name
				}
			}
		}
	}
	if receives {
		recipient = subject
		supplier = after("from")
		if supplier == "" {
			supplier = made
		}
	} else {
		supplier = subject
		recipient = after("to")
		if recipient == "" {
			// "provided Russia with"
			for _, c := range cs {
				if c.lo == give+1 {
					recipient = c.name
				}
			}
		}
		if supplier == "" {
			supplier = made
		}
	}
	if supplier == recipient {
		recipient = ""
	}
	return supplier, recipient
}

// content is the part of the sentence the claimant asserts: after the verb
// (and "that"), or before a trailing attribution.
func (x *extractor) content(s *sentence, o *owned) string {
	toks := s.toks
	lo, hi := 0, len(toks)
	if p := x.paras[s.para]; p.label != "" && s.start-p.start < p.labelEnd {
		for lo < len(toks) && toks[lo].s != ":" {
			lo++
		}
		lo++
	}
	if o.a != nil {
		a := o.a
		if a.subj.lo < a.verb && a.subj.lo > 0 && a.verbAs != "according to" {
			// "…, X said": the words before the subject.
			end := a.lo
			for end > 0 && (toks[end-1].s == "," || toks[end-1].lo == "which") {
				end--
			}
			if end > 0 && a.lo > 2 && !x.isAdverbial(s, 0, end) {
				hi = end
			} else {
				lo = a.verb + 1
			}
		} else if a.verbAs == "according to" && a.verb > 0 {
			hi = a.verb
		} else {
			lo = a.verb + 1
			if a.verbAs == "according to" {
				lo = a.subj.hi
			}
		}
		for lo < hi && (toks[lo].lo == "that" || toks[lo].lo == "out" || toks[lo].s == "," || toks[lo].date || toks[lo].lo == "on") {
			lo++
		}
	}
	for hi > lo && (toks[hi-1].s == "," || toks[hi-1].s == "." || toks[hi-1].s == "”" && false) {
		hi--
	}
	if lo >= hi {
		return ""
	}
	text := span(s.text, toks, lo, hi)
	words := strings.Fields(text)
	if len(words) > 30 {
		text = strings.Join(words[:30], " ") + " …"
	}
	return strings.Trim(text, " ,;")
}

var categoryLabels = map[armswatch.Category]string{
	armswatch.CategoryArtilleryShell:    "artillery shells",
	armswatch.CategoryRocket:            "rockets",
	armswatch.CategoryBallisticMissile:  "ballistic missiles",
	armswatch.CategoryLauncher:          "launchers",
	armswatch.CategoryContainer:         "containers",
	armswatch.CategoryDrone:             "drones",
	armswatch.CategoryMilitaryEquipment: "military equipment",
	armswatch.CategoryTechnology:        "technology",
	armswatch.CategoryTroops:            "troops",
	armswatch.CategoryOther:             "other items",
}

var stanceVerbs = map[armswatch.Stance]string{
	armswatch.StanceAsserts:   "says",
	armswatch.StanceEstimates: "estimates",
	armswatch.StanceConfirms:  "confirms",
	armswatch.StanceDenies:    "denies",
	armswatch.StanceWarns:     "warns",
	armswatch.StanceCondemns:  "condemns",
	armswatch.StanceReports:   "reports",
}

// statement restates a candidate in one neutral line built from its parts:
// the figures and items when there are figures, else the claimant's words.
func statement(c armswatch.Claim, content string, outlet bool) string {
	var b strings.Builder
	switch {
	case outlet && c.Claimant == "unnamed reports":
		b.WriteString("Unattributed report")
	case outlet:
		b.WriteString(c.Claimant)
		b.WriteString(" reports")
	default:
		b.WriteString(c.Claimant)
		b.WriteString(" ")
		v := stanceVerbs[c.Stance]
		if plural(c.Claimant) {
			v = strings.TrimSuffix(strings.TrimSuffix(v, "s"), "e") // "say", "deny"…
			switch c.Stance {
			case armswatch.StanceDenies:
				v = "deny"
			case armswatch.StanceEstimates:
				v = "estimate"
			}
		}
		b.WriteString(v)
	}
	hasQty := false
	for _, it := range c.Items {
		if it.Quantity != nil {
			hasQty = true
		}
	}
	if hasQty {
		var parts []string
		for _, it := range c.Items {
			if it.Quantity == nil {
				continue
			}
			p := it.Quantity.Text + " " + itemLabel(it)
			switch it.Quantity.Measure {
			case armswatch.MeasureCapacity:
				p += " (capacity)"
			case armswatch.MeasureDelivered, armswatch.MeasureShipped, armswatch.MeasureFired, armswatch.MeasurePurchased:
				p += " " + string(it.Quantity.Measure)
			}
			parts = append(parts, p)
		}
		b.WriteString(": ")
		b.WriteString(strings.Join(parts, "; "))
		switch {
		case c.Supplier != "" && c.Recipient != "":
			fmt.Fprintf(&b, ", %s to %s", c.Supplier, c.Recipient)
		case c.Supplier != "":
			fmt.Fprintf(&b, ", from %s", c.Supplier)
		case c.Recipient != "":
			fmt.Fprintf(&b, ", to %s", c.Recipient)
		}
	} else if content != "" {
		b.WriteString(": ")
		b.WriteString(content)
	} else if len(c.Items) > 0 {
		var parts []string
		for _, it := range c.Items {
			parts = append(parts, itemLabel(it))
		}
		b.WriteString(": ")
		b.WriteString(strings.Join(parts, ", "))
	}
	if c.Hedged {
		b.WriteString(" (hedged)")
	}
	return strings.TrimSpace(b.String())
}

// plural reports whether a claimant reads as plural: "North Korea and
// Russia", "South Korean military officials".
func plural(name string) bool {
	if strings.Contains(name, " and ") || strings.Contains(name, ", ") {
		return true
	}
	w := lastWord(name)
	return len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && strings.ToLower(w) == w
}

func itemLabel(it armswatch.Item) string {
	l := categoryLabels[it.Category]
	if it.Designation != "" {
		l = it.Designation + " " + l
	}
	if it.Caliber != "" {
		l = it.Caliber + " " + l
	}
	return l
}

// merge joins candidates of a document that repeat the same figures by
// the same claimant (a standfirst and the body, a quote and its
// paraphrase) into one record with several appearances.
func merge(cands []Candidate) []Candidate {
	var out []Candidate
	index := map[string]int{}
	for _, c := range cands {
		sig := signature(c.Claim)
		if sig == "" {
			out = append(out, c)
			continue
		}
		key := strings.ToLower(c.Claim.Claimant) + "|" + sig
		if i, ok := index[key]; ok {
			m := &out[i]
			m.Claim.Appearances = append(m.Claim.Appearances, c.Claim.Appearances...)
			if m.Claim.SaidOn.IsZero() {
				m.Claim.SaidOn = c.Claim.SaidOn
			}
			m.Why = append(m.Why, fmt.Sprintf("the same figures by the same claimant again in %q", c.Claim.Appearances[0].Quote))
			continue
		}
		index[key] = len(out)
		out = append(out, c)
	}
	return out
}

func signature(c armswatch.Claim) string {
	var parts []string
	for _, it := range c.Items {
		q := it.Quantity
		if q == nil {
			continue
		}
		parts = append(parts, string(it.Category)+":"+numbersKey(q))
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

func numbersKey(q *armswatch.Quantity) string {
	switch {
	case q.Value != nil:
		return strconv.FormatFloat(*q.Value, 'g', -1, 64)
	case q.Min != nil && q.Max != nil:
		return strconv.FormatFloat(*q.Min, 'g', -1, 64) + "-" + strconv.FormatFloat(*q.Max, 'g', -1, 64)
	}
	return normText(q.Text)
}

// assignIDs gives every candidate a kebab-case id from the claimant's
// surname (or organisation) and its first figure or item, unique in the
// output, ending in a short tag of the document id: extract never reads
// claim records, and the tag keeps its ids from clashing with records
// already written by hand or with the candidates of another document.
func assignIDs(cands []Candidate, docID string) {
	used := map[string]bool{}
	// next is where the search for a free suffix of an id resumes: the
	// suffixes below it are taken (used only grows), so the search does
	// not start again from 2 for every repeat.
	next := map[string]int{}
	tag := docTag(docID)
	for i := range cands {
		c := &cands[i].Claim
		id := idFor(*c, cands[i].person) + "-" + tag
		unique := id
		n := max(next[id], 2)
		for ; used[unique]; n++ {
			unique = id + "-" + strconv.Itoa(n)
		}
		next[id] = n
		used[unique] = true
		c.ID = unique
	}
}

// docTag is four hex digits of a hash of the document id.
func docTag(docID string) string {
	h := fnv.New32a()
	h.Write([]byte(docID))
	return fmt.Sprintf("%04x", h.Sum32()&0xffff)
}

func idFor(c armswatch.Claim, person bool) string {
	who := claimantKey(c.Claimant, person)
	what := ""
	for _, it := range c.Items {
		if it.Quantity == nil {
			continue
		}
		what = figureKey(it.Quantity) + "-" + itemKey(it)
		break
	}
	if what == "" && len(c.Items) > 0 {
		what = itemKey(c.Items[0])
	}
	switch c.Stance {
	case armswatch.StanceDenies, armswatch.StanceCondemns, armswatch.StanceWarns, armswatch.StanceConfirms:
		what = strings.TrimSpace(string(c.Stance) + " " + what)
	}
	if what == "" {
		what = string(c.Stance)
	}
	return kebab(who + " " + what)
}

// claimantKey: a person's surname, else up to three words of the name.
func claimantKey(name string, person bool) string {
	name = strings.NewReplacer("'s ", " ", "’s ", " ").Replace(name + " ")
	name = strings.TrimSpace(name)
	if person && (strings.Contains(name, ",") || strings.Contains(name, " and ")) {
		first := strings.FieldsFunc(name, func(r rune) bool { return r == ',' })[0]
		first = strings.Split(first, " and ")[0]
		return claimantKey(first, true) + " et al"
	}
	f := strings.Fields(name)
	caps := len(f) > 0
	for _, w := range f {
		r := []rune(w)
		if len(r) == 0 || !unicode.IsUpper(r[0]) {
			caps = false
		}
	}
	if person && caps && len(f) >= 2 && len(f) <= 4 {
		sn := surnames(name)
		if len(sn) > 1 {
			return sn[1]
		}
		return sn[0]
	}
	var keep []string
	for _, w := range f {
		switch strings.ToLower(strings.Trim(w, ",")) {
		case "the", "of", "a", "an", "for", "and":
			continue
		}
		keep = append(keep, w)
		if len(keep) == 3 {
			break
		}
	}
	return strings.Join(keep, " ")
}

func figureKey(q *armswatch.Quantity) string {
	num := func(v float64) string {
		switch {
		case v >= 1e6 && v < 1e9:
			return strconv.FormatFloat(v/1e6, 'f', -1, 64) + " million"
		case v >= 1e9:
			return strconv.FormatFloat(v/1e9, 'f', -1, 64) + " billion"
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	switch {
	case q.Value != nil:
		return num(*q.Value)
	case q.Min != nil && q.Max != nil:
		return num(*q.Min) + " to " + num(*q.Max)
	}
	t := strings.TrimSuffix(normText(q.Text), " of")
	t = strings.TrimPrefix(t, "a ")
	return t
}

func itemKey(it armswatch.Item) string {
	if it.Designation != "" {
		return it.Designation
	}
	return categoryLabels[it.Category]
}

// kebab makes a lowercase kebab-case id of ASCII letters and digits;
// decimal points become hyphens ("1.5 million" -> "1-5-million").
func kebab(s string) string {
	// "U.S." is "us": full stops between letters go.
	rs := []rune(s)
	var folded []rune
	for i, r := range rs {
		if r == '.' && i > 0 && unicode.IsLetter(rs[i-1]) {
			continue
		}
		folded = append(folded, r)
	}
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(string(folded)) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		if r == '\'' || r == '’' {
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return "claim"
	}
	return b.String()
}
