package index

import (
	"slices"
	"strings"

	"github.com/armswatch/armswatch"
	"github.com/blevesearch/bleve/v2/search/query"
)

// The direction of a transfer. A claim's supplier and recipient are
// indexed (fClaimFrom, fClaimTo) as the alias groups of the countries that
// name them, with sideStated beside them when the side is stated at all.
// A question's direction is read from its verbs and prepositions around
// the countries it names (armswatch.VerbRole, ObjectRole, PrepositionRole):
// "what does North Korea get" names North Korea the recipient, "is Russia
// giving North Korea oil" Russia the supplier and North Korea the
// recipient. It is used twice:
//
//   - a paraphrase of exchange ("in return", "in exchange for":
//     armswatch.ExchangePhrase) is answered by the transfers in that
//     direction, whatever words they use: "what does North Korea get in
//     return" finds the oil, rice and satellite claims, which share no word
//     with it; the items named after the phrase ("in exchange for the
//     shells") are what is paid for, not what is asked about, and only
//     score;
//   - a question that asks who denied something is filled (fill.go) with
//     the denials of a transfer, those in the direction asked first.
const sideStated = "_stated"

// sideTerms are the index terms of a claim's supplier or recipient.
func (b *builder) sideTerms(name string) []string {
	if name == "" {
		return nil
	}
	terms := []string{sideStated}
	for _, g := range b.aliases.groupsNamed(name) {
		if b.aliases.groups[g].Kind == armswatch.AliasCountry {
			terms = append(terms, groupID(g))
		}
	}
	return terms
}

// direction is the transfer a question asks about: the alias groups of
// the supplier and the recipient it names, -1 for a side it does not name.
type direction struct{ from, to int }

var noDirection = direction{-1, -1}

func (d direction) set() bool { return d.from >= 0 || d.to >= 0 }

// query matches the claims of the direction's transfers; nil when unset.
func (d direction) query() query.Query {
	var qs []query.Query
	for _, side := range [...]struct {
		group int
		field string
	}{{d.from, fClaimFrom}, {d.to, fClaimTo}} {
		if side.group >= 0 {
			tq := query.NewTermQuery(groupID(side.group))
			tq.SetField(side.field)
			qs = append(qs, tq)
		}
	}
	return allOf(qs)
}

// df bounds how many claims the direction matches: the fewer of its sides'.
func (d direction) df(st *state) uint64 {
	n := uint64(st.meta.Claims)
	if d.from >= 0 {
		n = min(n, st.termDF(fClaimFrom, groupID(d.from)))
	}
	if d.to >= 0 {
		n = min(n, st.termDF(fClaimTo, groupID(d.to)))
	}
	return n
}

// statedQuery matches the claims that state a supplier or a recipient:
// claims about a transfer.
func statedQuery() query.Query {
	from := query.NewTermQuery(sideStated)
	from.SetField(fClaimFrom)
	to := query.NewTermQuery(sideStated)
	to.SetField(fClaimTo)
	return query.NewDisjunctionQuery([]query.Query{from, to})
}

// readDirection reads the direction of the plan's question from the words
// around its countries (ws and lowers are the question's words, as
// understandClean has them). Two roles for one country, or two countries
// for one role, are no direction: the question is not read as one.
func readDirection(st *state, p plan, ws []word, lowers []string) direction {
	d := noDirection
	countries := p.countrySpans(st, ws)
	if joined(countries, lowers) {
		return d
	}
	for _, c := range countries {
		at := &d.from
		switch countryRole(p, ws, lowers, c.a, c.b) {
		case armswatch.RoleNone:
			continue
		case armswatch.RoleRecipient:
			at = &d.to
		}
		if *at >= 0 && *at != c.group {
			return noDirection
		}
		*at = c.group
	}
	if d.from >= 0 && d.from == d.to {
		return noDirection
	}
	return d
}

// countrySpan is a country the question names: its alias group and its
// words ws[a:b].
type countrySpan struct{ group, a, b int }

// countrySpans are the countries the plan's concepts name, in order.
func (p plan) countrySpans(st *state, ws []word) []countrySpan {
	var out []countrySpan
	for _, c := range p.concepts {
		if c.group < 0 || st.aliases.groups[c.group].Kind != armswatch.AliasCountry {
			continue
		}
		if a, b := wordSpan(ws, c.start, c.end); a >= 0 {
			out = append(out, countrySpan{c.group, a, b})
		}
	}
	return out
}

// countryRole is the role of the country whose words are ws[a:b], by the
// first of: a preposition before it ("to Russia", not "according to
// Russia"); the object right after a verb of giving ("giving North
// Korea"); the origin of an item named right after it ("North Korean
// troops", "Russian oil"); the subject of a verb of transfer within three
// words after it ("North Korea has been sending", "is North Korea paid":
// passive by armswatch.Passive).
func countryRole(p plan, ws []word, lowers []string, a, b int) armswatch.Role {
	prev := a - 1
	if prev > 0 && lowers[prev] == "the" {
		prev--
	}
	if prev >= 0 {
		if r := armswatch.PrepositionRoleAfter(lowers, prev, armswatch.Passive(lowers, prev)); r != armswatch.RoleNone {
			return r
		}
		if r := armswatch.ObjectRole(lowers[prev], armswatch.Passive(lowers, prev)); r != armswatch.RoleNone {
			return r
		}
	}
	if b < len(ws) && p.itemAt(ws[b].start) && armswatch.VerbRole(lowers[b], false) == armswatch.RoleNone {
		return armswatch.RoleSupplier
	}
	for i := b; i < len(lowers) && i < b+3; i++ {
		if i > b && p.conceptAt(ws[i].start) >= 0 && p.concepts[p.conceptAt(ws[i].start)].group >= 0 {
			break // another name: the verb is not this country's
		}
		if r := armswatch.VerbRole(lowers[i], armswatch.Passive(lowers, i)); r != armswatch.RoleNone {
			return r
		}
	}
	return armswatch.RoleNone
}

// conceptAt is the index of the concept starting at byte off, -1 for none.
func (p plan) conceptAt(off int) int {
	for i, c := range p.concepts {
		if c.start == off {
			return i
		}
	}
	return -1
}

// itemAt reports whether a concept naming an item starts at byte off.
func (p plan) itemAt(off int) bool {
	i := p.conceptAt(off)
	return i >= 0 && p.concepts[i].item != ""
}

// joined reports whether the question joins two countries with "and" or
// "or" ("did North Korea and Russia send"): both play one role, which no
// direction says.
func joined(countries []countrySpan, lowers []string) bool {
	for i := 1; i < len(countries); i++ {
		between := countries[i-1].b
		if countries[i].a == between+1 && (lowers[between] == "and" || lowers[between] == "or") {
			return true
		}
	}
	return false
}

// wordSpan is the span [a, b) of the words covering bytes [start, end),
// -1 when none does.
func wordSpan(ws []word, start, end int) (int, int) {
	a, b := -1, -1
	for i, w := range ws {
		if w.start >= start && w.end <= end {
			if a < 0 {
				a = i
			}
			b = i + 1
		}
	}
	return a, b
}

// markExchange lets a paraphrase of exchange match the transfers of the
// question's direction, sets IntentExchange when no other intent is read,
// and makes the items named after it (what is paid for, p.paidFor) score
// only.
func (p *plan) markExchange(st *state) {
	if !p.dir.set() {
		return
	}
	paying := false // after "in exchange for": the items are what is paid for
	for i := range p.concepts {
		c := &p.concepts[i]
		if paying && c.item != "" {
			if p.paidFor == nil {
				p.paidFor = map[armswatch.Category]bool{}
			}
			p.paidFor[c.item] = true
			c.item, c.umbrella, c.soft = "", false, true
			continue
		}
		if c.group < 0 || p.intent == armswatch.IntentExchange || !exchangeGroup(st.aliases.groups[c.group]) {
			continue
		}
		d := p.dir
		c.exchange = &d
		if p.intent == armswatch.IntentNone {
			p.intent = armswatch.IntentExchange
		}
		rest := strings.Fields(strings.ToLower(p.clean[c.start:]))
		paying = slices.Contains(rest[:min(len(rest), len(strings.Fields(p.clean[c.start:c.end]))+1)], "for")
	}
}

// exchangeGroup reports whether an alias group is a paraphrase of
// exchange: a term without a category one of whose names is an
// armswatch.ExchangePhrase.
func exchangeGroup(g armswatch.AliasGroup) bool {
	if g.Kind != armswatch.AliasTerm || g.Category != "" {
		return false
	}
	return slices.ContainsFunc(g.Names(), armswatch.ExchangePhrase)
}
