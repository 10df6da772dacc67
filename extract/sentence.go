package extract

// A sentence's candidates: which attribution owns which figure, and the
// claimant of the sentence when none is written (the one before, the
// speaker, the outlet).

import (
	"fmt"
	"strings"

	"github.com/armswatch/armswatch"
)

// transferCues make a sentence about items a claim: a transfer, use,
// purchase or trade.
var transferCues = set("trade", "transfer", "transfers", "supply", "supplies", "supplier", "deal", "provision", "exchange", "shipments", "deliveries", "arms")

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
	owners := x.owners(s, p)

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
	return x.keptCandidates(s, owners)
}

// owners resolves the claimant of each attribution of the sentence, or
// without one the speaker of a transcript paragraph, a continuation ("Of
// these, …") or the outlet: at least one owner.
func (x *extractor) owners(s *sentence, p paragraph) []*owned {
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
	owners = nestedOnce(s, owners)
	if len(owners) == 0 {
		owners = append(owners, x.fallbackOwner(s, speaker))
	}
	return owners
}

// nestedOnce keeps one owner for a claimant whose attribution holds
// another of theirs: "Austin said that he feared …" is Austin warning, once.
// The inner one is kept when it takes a stance the outer does not.
func nestedOnce(s *sentence, owners []*owned) []*owned {
	var out []*owned
	for i, o := range owners {
		drop := false
		for j, p := range owners {
			if i == j || o.a == nil || p.a == nil || !strings.EqualFold(o.who.name, p.who.name) {
				continue
			}
			inner, outer := p, o
			if o.a.verb > p.a.verb {
				inner, outer = o, p
			}
			if !opensClause(s.toks, outer.a.verb, inner.a.subj.lo) {
				continue
			}
			keepInner := inner.a.stance != "" && outer.a.stance == ""
			drop = (o == inner) != keepInner
		}
		if !drop {
			out = append(out, o)
		}
	}
	return out
}

// opensClause reports whether only "that" or a comma stand between a verb
// and the subject of the next attribution.
func opensClause(toks []token, verb, subj int) bool {
	if subj <= verb {
		return false
	}
	for k := verb + 1; k < subj; k++ {
		if toks[k].lo != "that" && toks[k].s != "," {
			return false
		}
	}
	return true
}

// fallbackOwner owns a sentence without an attribution: the speaker of a
// transcript paragraph, a continuation ("Of these, …"), or the outlet.
func (x *extractor) fallbackOwner(s *sentence, speaker *owned) *owned {
	if speaker != nil {
		return speaker // a speaker label covers its whole paragraph
	}
	if wholeQuote(s) {
		// "“…,” the statement reads. “We will continue …”": the quotation
		// goes on, in the words of whoever the paragraph quoted.
		if prev := x.previousClaimant(s, true); prev != nil {
			w := *prev
			w.sent, w.para = s.index, s.para
			w.why = []string{fmt.Sprintf("a quotation without attribution continues the one before, by %s", prev.name)}
			return &owned{who: w}
		}
	}
	if startsContinuation(s) {
		if prev := x.previousClaimant(s, false); prev != nil {
			w := *prev
			w.sent, w.para = s.index, s.para
			w.why = []string{fmt.Sprintf("%q continues the claim before, by %s", span(s.text, s.toks, 0, min(2, len(s.toks))), prev.name)}
			return &owned{who: w}
		}
	}
	return &owned{who: x.outlet(s, "no attribution in the sentence: the outlet's own reporting")}
}

// keptCandidates builds the records of the owners that have figures,
// items with a cue, or a denial, condemnation, warning or confirmation
// about arms; every owner is remembered for the sentences after.
func (x *extractor) keptCandidates(s *sentence, owners []*owned) []Candidate {
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
		// A record whose statement would be its attribution alone ("X
		// warns") says nothing to review.
		if c := x.build(s, o, st); !c.bare {
			out = append(out, c)
		}
		x.remember(o.who)
	}
	return out
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

// wholeQuote reports whether a sentence is one quotation and nothing else.
func wholeQuote(s *sentence) bool {
	t := strings.TrimSpace(s.text)
	if !strings.HasPrefix(t, "“") && !strings.HasPrefix(t, "\"") {
		return false
	}
	for _, tk := range s.toks {
		if tk.kind == tWord && !tk.quoted {
			return false
		}
	}
	return true
}

func startsContinuation(s *sentence) bool {
	if len(s.toks) < 2 {
		return false
	}
	a, b := s.toks[0].lo, s.toks[1].lo
	return (a == "of" || a == "among") && (b == "these" || b == "them" || b == "those")
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
