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
// that give what the question asks for: figures for "how many", denials
// for "who denied", dated records for "when", records naming the thing
// asked about for "which". It never removes a claim.
func orderByIntent(st *state, p plan, claims []armswatch.ClaimHit) {
	var first func(c armswatch.ClaimHit) bool
	switch p.intent {
	case armswatch.IntentCount:
		first = func(c armswatch.ClaimHit) bool {
			for _, it := range c.Items {
				if it.Quantity != nil && c.Stance != armswatch.StanceDenies {
					return true
				}
			}
			return false
		}
	case armswatch.IntentDenial:
		first = func(c armswatch.ClaimHit) bool { return c.Stance == armswatch.StanceDenies }
	case armswatch.IntentDate:
		first = func(c armswatch.ClaimHit) bool { return !c.SaidOn.IsZero() }
	case armswatch.IntentEntity:
		if p.focus < 0 {
			return
		}
		fp := plan{concepts: []concept{p.concepts[p.focus]}, focus: -1}
		hl := newHighlighter(st, fp)
		first = func(c armswatch.ClaimHit) bool {
			if len(hl.marks(c.Statement)) > 0 {
				return true
			}
			for _, a := range c.Appearances {
				if len(hl.marks(a.Quote)) > 0 {
					return true
				}
			}
			return false
		}
	default:
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
		r := 0
		if c.Score < intentBand*best {
			r = 2
		}
		if !first(c) {
			r++
		}
		if c.Status == armswatch.StatusSuperseded {
			r += 4
		}
		return r
	}
	sort.SliceStable(claims, func(i, j int) bool { return rank(claims[i]) < rank(claims[j]) })
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
	out := claims[:0]
	for _, c := range claims {
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
