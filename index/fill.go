package index

import (
	"context"
	"slices"
	"sort"

	"github.com/armswatch/armswatch"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Filling a short answer. Informative matching is strict: "did North
// Korea send troops to Kursk" is answered by the troops claims that say
// Kursk, and a reader also wants the others about the troops (the
// denials, the uniforms, the training grounds). When the strict query
// finds a few claims, fewer than fillBelow, the claims that match part of
// the question follow them, and the summary says so:
//
//   - with an item asked, the claims of the item (the routing is kept: a
//     question about troops is never filled with claims about shells);
//   - otherwise, with a name asked (a person, place, organisation or
//     designation), the claims of the names.
//
// A question of plain words only is not filled: one of its words alone
// ("air" of "air defence") is too little to go by.
// A question with a word no source uses is not filled, nor one whose
// strict query found nothing (a question the data cannot answer shows no
// claim) unless it asks who denied something of arms (denialFillQuery),
// nor one with a moderator's paraphrase ("what is given in
// exchange for the shells" is not answered by claims about shells).
const fillBelow = 10

// fillQuery is the query of the claims that fill a short answer, nil when
// it is not filled.
func fillQuery(st *state, p plan) query.Query {
	k := claimKind
	var items, names, people, should []query.Query
	var denial query.Query
	garbage := p.garbage()
	for i, c := range p.concepts {
		if garbage[i] {
			continue
		}
		q := conceptQuery(st, c, k.fields, true)
		should = append(should, q)
		if st.background(c, k) {
			continue
		}
		if c.unknown {
			return nil
		}
		if g := c.group; g >= 0 && st.aliases.groups[g].Kind == armswatch.AliasTerm && st.aliases.groups[g].Category == "" {
			// A moderator's paraphrase ("in return", "duds") is what the
			// question is about: the claims of its item alone are not.
			return nil
		}
		switch {
		case p.intent == armswatch.IntentDenial && c.group < 0 && armswatch.DenialWord(c.searched()):
			denial = q
		case c.item != "":
			if p.focus < 0 || i == p.focus || p.concepts[p.focus].item == "" {
				items = append(items, q)
			}
		case c.group >= 0 && st.aliases.groups[c.group].Kind != armswatch.AliasTerm:
			names = append(names, q)
			if st.aliases.groups[c.group].Kind == armswatch.AliasPerson {
				people = append(people, q)
			}
		}
	}
	var must []query.Query
	switch {
	case denial != nil && !p.asksNonArms():
		return denialFillQuery(st, p, denial, should)
	case denial != nil:
		// "who denied sending troops": the denials about troops only.
		must = []query.Query{query.NewDisjunctionQuery(items), denial}
	case len(items) > 0:
		// "what did Hritsenko say about shells": his other claims too.
		must = []query.Query{query.NewDisjunctionQuery(append(items, people...))}
	case len(names) > 0:
		must = names
	default:
		return nil // nothing looser than the strict query
	}
	return query.NewBooleanQuery(must, should, nil)
}

// fill appends to a short answer's claims the claims of fillQuery it does
// not show, at most limit in all, ordered by the question's intent among
// themselves. It returns the claims and how many were appended.
func (ix *Index) fill(ctx context.Context, st *state, p plan, f filters, claims []armswatch.ClaimHit, limit int, hl *highlighter) ([]armswatch.ClaimHit, int, error) {
	// A question about a denial of arms is filled even when no claim
	// matches it whole: "who denied sending shells to Russia" is answered,
	// in part, by "North Korea and Russia deny any weapons trade".
	denialOfArms := p.intent == armswatch.IntentDenial && !p.asksNonArms()
	if len(claims) == 0 && !denialOfArms || len(claims) >= fillBelow || len(claims) >= limit {
		return claims, 0, nil
	}
	fq := fillQuery(st, p)
	if fq == nil {
		return claims, 0, nil
	}
	more, err := ix.claimHits(ctx, combine(fq, claimFilterQueries(st, f)), limit, hl)
	if err != nil {
		return nil, 0, err
	}
	shown := map[string]bool{}
	for _, c := range claims {
		shown[c.ID] = true
	}
	var extra []armswatch.ClaimHit
	for _, c := range more {
		if !shown[c.ID] && len(claims)+len(extra) < limit {
			c.Partial = true
			extra = append(extra, c)
		}
	}
	extra, _, _ = dropNotItems(st, p, extra, nil)
	orderByIntent(st, p, extra)
	if denialOfArms {
		// Denials about arms first, whatever else scored.
		sort.SliceStable(extra, func(i, j int) bool { return aboutArms(extra[i]) && !aboutArms(extra[j]) })
	}
	return append(claims, extra...), len(extra), nil
}

// denialFillQuery fills the answer to a question about a denial of arms
// ("who denied the arms deliveries", "did Russia deny receiving shells")
// or of nothing named ("when did the Kremlin deny it") with the other
// denials (by stance) of a transfer (a claim stating a supplier or a
// recipient) about arms or about no item named ("any weapons trade"), of
// the direction asked when the question names one ("did Ukraine deny
// receiving shells" is not answered by denials of shells sent to Russia);
// those about arms first (fill orders them so), then those by a country
// the question names.
func denialFillQuery(st *state, p plan, denial query.Query, should []query.Query) query.Query {
	cats := []query.Query{query.NewTermQuery(noItems)}
	for _, cat := range armsCategories {
		cats = append(cats, query.NewTermQuery(string(cat)))
	}
	for _, q := range cats {
		q.(*query.TermQuery).SetField(fClaimCat)
	}
	stance := query.NewTermQuery(string(armswatch.StanceDenies))
	stance.SetField(fClaimStance)
	must := []query.Query{stance, statedQuery(), query.NewDisjunctionQuery(cats)}
	if dq := p.dir.query(); dq != nil {
		must = append(must, dq)
	}
	should = append(should, claimantQueries(st, p, armswatch.AliasCountry)...)
	return query.NewBooleanQuery(must, append(should, denial), nil)
}

// aboutArms reports whether a claim names an item that is arms.
func aboutArms(c armswatch.ClaimHit) bool {
	for _, it := range c.Items {
		if slices.Contains(armsCategories, it.Category) {
			return true
		}
	}
	return false
}

// asksNonArms reports whether the plan asks about items none of which is
// arms (troops, ships, oil).
func (p plan) asksNonArms() bool {
	asked := p.categoriesAsked()
	if len(asked) == 0 {
		return false
	}
	for _, c := range armsCategories {
		if asked[c] {
			return false
		}
	}
	return true
}
