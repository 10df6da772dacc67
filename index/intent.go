package index

import (
	"sort"
	"strings"

	"github.com/armswatch/armswatch"
)

// wordForms are the other forms of the plan's words that were searched.
func (p plan) wordForms() []armswatch.WordForm {
	var out []armswatch.WordForm
	for _, c := range p.concepts {
		for _, f := range c.forms {
			out = append(out, armswatch.WordForm{Asked: c.searched(), Searched: f.word})
		}
	}
	return out
}

// intentBand is the share of the best score within which intent orders.
const intentBand = 0.4

// orderByIntent puts first, keeping score order otherwise, the claims
// that give what the question asks for: figures for "how many" (counts of
// what was sent before capacities, unless the question asks what could be
// held), denials for "who denied", dated records for "when", records
// naming the thing asked about for "which". It never removes a claim.
func orderByIntent(st *state, p plan, claims []armswatch.ClaimHit) {
	tier := intentTier(st, p)
	if tier == nil {
		return
	}
	// Intent orders the claims that match well (within intentBand of the
	// best score); a weak match that gives a figure does not jump above a
	// strong one that does not. Superseded records stay below.
	best := 0.0
	for _, c := range claims {
		best = max(best, c.Score)
	}
	rank := func(c armswatch.ClaimHit) int {
		r := tier(c)
		if c.Score < intentBand*best {
			r += intentTiers
		}
		if c.Status == armswatch.StatusSuperseded {
			r += 2 * intentTiers
		}
		return r
	}
	sort.SliceStable(claims, func(i, j int) bool { return rank(claims[i]) < rank(claims[j]) })
}

// intentTiers is how many tiers intentTier has.
const intentTiers = 3

// intentTier is how well a claim gives what the question asks for: 0 is
// best, 2 is not at all; nil when the question's intent orders nothing.
func intentTier(st *state, p plan) func(c armswatch.ClaimHit) int {
	of := func(b bool) int {
		if b {
			return 0
		}
		return 2
	}
	switch p.intent {
	case armswatch.IntentCount:
		capacity := p.asksCapacity()
		// "how many shells": a figure of the items asked about first; what
		// could be held, and a figure of something else (the containers
		// the shells came in), next.
		asked := p.categoriesAsked()
		return func(c armswatch.ClaimHit) int {
			t := 2
			for _, it := range c.Items {
				if it.Quantity == nil || c.Stance == armswatch.StanceDenies {
					continue
				}
				if (len(asked) == 0 || asked[it.Category]) && (capacity || it.Quantity.Measure != armswatch.MeasureCapacity) {
					return 0
				}
				t = 1
			}
			return t
		}
	case armswatch.IntentDenial:
		return func(c armswatch.ClaimHit) int { return of(c.Stance == armswatch.StanceDenies) }
	case armswatch.IntentDate:
		return func(c armswatch.ClaimHit) int { return of(!c.SaidOn.IsZero()) }
	case armswatch.IntentExchange:
		// "what does North Korea get in return": a claim of an item given
		// (not of what it is paid for) first, denials last.
		return func(c armswatch.ClaimHit) int {
			if c.Stance == armswatch.StanceDenies {
				return 2
			}
			for _, it := range c.Items {
				if !p.paidFor[it.Category] {
					return 0
				}
			}
			return 1
		}
	case armswatch.IntentEntity:
		if p.focus < 0 {
			return nil
		}
		hl := newHighlighter(st, plan{concepts: []concept{p.concepts[p.focus]}, focus: -1})
		return func(c armswatch.ClaimHit) int {
			if len(hl.marks(c.Statement)) > 0 {
				return 0
			}
			for _, a := range c.Appearances {
				if len(hl.marks(a.Quote)) > 0 {
					return 0
				}
			}
			return 2
		}
	}
	return nil
}

// dropNotItems removes the claims that mention the items asked about only
// in phrases that name no item ("think tank" for a question about tanks).
// It looks only at items asked as plain words: an alias group matches as
// the moderators defined it.
//
// It filters the documents' passages the same way, and reports whether
// every claim matched only through such phrases.
func dropNotItems(st *state, p plan, claims []armswatch.ClaimHit, docs []armswatch.DocHit) ([]armswatch.ClaimHit, []armswatch.DocHit, bool) {
	var words []concept
	for i, c := range p.concepts {
		if c.item == "" {
			continue
		}
		if c.group >= 0 {
			return claims, docs, false // an alias (or its category) may be what matched
		}
		if p.focus < 0 || i == p.focus {
			words = append(words, c)
		}
	}
	if len(words) == 0 {
		return claims, docs, false
	}
	hl := newHighlighter(st, plan{concepts: words, focus: -1})
	keep := func(texts []string) bool {
		for _, t := range texts {
			if len(hl.marks(armswatch.WithoutNotItems(t))) > 0 {
				return true
			}
		}
		return false
	}
	outDocs := docs[:0]
	for _, d := range docs {
		var texts []string
		for _, sn := range d.Snippets {
			texts = append(texts, strings.ReplaceAll(sn, "**", ""))
		}
		if keep(texts) {
			outDocs = append(outDocs, d)
		}
	}
	byCategory := map[armswatch.Category]bool{}
	for _, w := range words {
		if w.wholeCategory {
			byCategory[w.item] = true
		}
	}
	out := claims[:0]
claims:
	for _, c := range claims {
		for _, it := range c.Items {
			if byCategory[it.Category] {
				// A claim of the category asked ("tech": technology) is
				// about the item whatever its words.
				out = append(out, c)
				continue claims
			}
		}
		texts := []string{c.Statement, c.ClaimantRole}
		for _, a := range c.Appearances {
			texts = append(texts, a.Quote)
		}
		for _, it := range c.Items {
			texts = append(texts, it.Designation+" "+it.Caliber)
		}
		if keep(texts) {
			out = append(out, c)
		}
	}
	return out, outDocs, len(out) == 0 && len(claims) > 0
}

// besidesIn keeps the denials looked up apart that stand in one of the
// comparisons kept.
func besidesIn(cs []armswatch.Comparison, besides []armswatch.ClaimHit) []armswatch.ClaimHit {
	in := map[string]bool{}
	for _, c := range cs {
		for _, r := range c.Rows {
			in[r.ClaimID] = true
		}
	}
	var out []armswatch.ClaimHit
	for _, b := range besides {
		if in[b.ID] {
			out = append(out, b)
		}
	}
	return out
}

// capacityWords ask what could be held or carried rather than what was
// sent: "how many shells could the containers hold".
var capacityWords = setOf("capacity", "capacities", "hold", "holds", "ceiling", "maximum", "potential", "fit")

// asksCapacity reports whether a count question asks for a capacity: only
// then do figures of what could be held ("up to 4 million rounds") rank
// with the counts of what was sent.
func (p plan) asksCapacity() bool {
	found := false
	forEachWord(p.clean, func(s, e int) {
		found = found || capacityWords[lowerWord(p.clean[s:e])]
	}, nil)
	return found
}
