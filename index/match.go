package index

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/armswatch/armswatch"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Informative matching. A question's concepts are not equal: in a data set
// about North Korea supplying Russia, "North Korea" and "Russia" occur in
// nearly every record and say nothing about which records answer "how many
// shells were sent". Each concept's document frequency is read per kind
// (claims, documents) from the index's own term dictionary:
//
//   - background concepts occur in more than backgroundShare of a kind's
//     records (once it has minBackgroundRecords), or are verbs of asking
//     and transferring (softWords): they add to a record's score but never
//     make it match;
//   - item concepts name an item ("shells", "tanks", "troops"): a record
//     must match one of them, and the one the question is about ("which
//     ships") when it names one. This routes the answer and is never
//     relaxed: a question about tanks shows no claim about shells;
//   - every other concept is informative, and so is a word no record uses:
//     a record must match all of one or two informative concepts, and at
//     least half of three or more, rounded up.
//
// When no record of either kind matches that way, the half is relaxed to
// one (matchRelaxed, said in the summary). When every concept is
// background ("North Korea Russia") the answer is the overview: records
// matching half of the concepts (matchBackground).
const (
	backgroundShare      = 0.4
	minBackgroundRecords = 10
)

// How an answer's records matched the question (Answer.Match).
const (
	matchInformative = "informative"
	matchRelaxed     = "relaxed"
	matchBackground  = "background"
)

// kind is one of the two record kinds an answer searches.
type kind struct {
	fields textFields
	claims bool
}

var (
	claimKind = kind{claimFields, true}
	docKind   = kind{docFields, false}
)

// records is how many records of the kind the generation holds.
func (st *state) records(k kind) int {
	if k.claims {
		return st.meta.Claims
	}
	return st.meta.Documents
}

// dfCache memoises term document frequencies for one generation (which
// never changes once open).
type dfCache struct {
	mu sync.Mutex
	m  map[[2]string]uint64
}

// termDF is the number of records with term in field, from the term
// dictionary (no postings are walked).
func (st *state) termDF(field, term string) uint64 {
	key := [2]string{field, term}
	st.df.mu.Lock()
	n, ok := st.df.m[key]
	st.df.mu.Unlock()
	if ok {
		return n
	}
	n = 0
	if adv, err := st.bi.Advanced(); err == nil {
		if r, err := adv.Reader(); err == nil {
			if tfr, err := r.TermFieldReader(context.Background(), []byte(term), field, false, false, false); err == nil {
				n = tfr.Count()
				tfr.Close()
			}
			r.Close()
		}
	}
	st.df.mu.Lock()
	if st.df.m == nil {
		st.df.m = map[[2]string]uint64{}
	}
	if len(st.df.m) < 100_000 {
		st.df.m[key] = n
	}
	st.df.mu.Unlock()
	return n
}

// conceptDF estimates how many records of a kind a concept matches: the
// most frequent of the terms it searches (an alias group's id, its
// category, a word's stem and its other forms).
func (st *state) conceptDF(c concept, k kind) uint64 {
	var best uint64
	see := func(field, term string) { best = max(best, st.termDF(field, term)) }
	if c.group >= 0 {
		see(k.fields.alias, groupID(c.group))
		g := st.aliases.groups[c.group]
		if k.claims && g.Category != "" && g.Kind == armswatch.AliasTerm {
			see(fClaimCat, string(g.Category))
		}
		if k.claims && c.exchange != nil {
			best = max(best, c.exchange.df(st))
		}
		return best
	}
	if k.claims && armswatch.DenialWord(c.searched()) {
		see(fClaimStance, string(armswatch.StanceDenies))
	}
	for _, f := range c.forms {
		see(k.fields.en, f.stem)
	}
	w := c.searched()
	sc := wordScript(w)
	for _, t := range st.an.forScript(sc).Analyze([]byte(w)) {
		see(k.fields.forScript(sc), string(t.Term))
	}
	return best
}

// background reports whether a concept only adds to the score for a kind.
func (st *state) background(c concept, k kind) bool {
	if c.item != "" {
		return false
	}
	if c.soft {
		return true
	}
	if c.unknown {
		return false
	}
	n := st.records(k)
	if n < minBackgroundRecords {
		return false
	}
	return float64(st.conceptDF(c, k)) > backgroundShare*float64(n)
}

// directionInformative reports whether a direction is set and tells
// claims apart: fewer than backgroundShare of them have it.
func (st *state) directionInformative(d direction) bool {
	n := st.records(claimKind)
	return d.set() && n >= minBackgroundRecords && float64(d.df(st)) <= backgroundShare*float64(n)
}

// kindQuery is the text part of a kind's query under informative matching,
// and how it matches; nil when the plan has no concepts. relaxed asks for
// one informative concept instead of half.
func kindQuery(st *state, p plan, k kind, relaxed bool) (query.Query, string) {
	if len(p.concepts) == 0 {
		return nil, ""
	}
	var info, bg, items []query.Query
	var focus, denial query.Query
	garbage := p.garbage()
	for i, c := range p.concepts {
		if garbage[i] {
			continue // left out, and the summary says so
		}
		q := conceptQuery(st, c, k.fields, k.claims)
		if oq := broadCategoryQuery(st, c); oq != nil && k.claims {
			bg = append(bg, oq)
		}
		switch {
		case st.background(c, k):
			bg = append(bg, q)
		case k.claims && p.intent == armswatch.IntentDenial && c.group < 0 && armswatch.DenialWord(c.searched()):
			// "who denied the arms deliveries": a denial (by its stance or
			// its words) about the items asked, whatever else it says.
			denial = q
		case p.focus >= 0 && p.concepts[p.focus].item != "" && c.item != "" && i != p.focus:
			// "which ships carry the containers" is about ships: the
			// other items add to the score.
			bg = append(bg, q)
		default:
			info = append(info, q)
		}
		if c.item != "" {
			items = append(items, q)
			if i == p.focus {
				focus = q
			}
		}
	}
	if denial != nil {
		if len(items) > 0 || len(info) == 0 {
			bg, info = append(bg, info...), []query.Query{denial}
		} else {
			info = append(info, denial)
		}
	}
	if len(info) == 0 && k.claims && st.directionInformative(p.dir) {
		// "what has Russia given North Korea": words every record shares,
		// and a direction few records have.
		info = append(info, p.dir.query())
	}
	if len(info) == 0 {
		// Every concept is common to most records: the overview.
		dq := query.NewDisjunctionQuery(bg)
		dq.SetMin(float64(minShould(len(bg))))
		return dq, matchBackground
	}
	if k.claims {
		bg = append(bg, claimantQueries(st, p)...)
		if dq := p.dir.query(); dq != nil {
			// "is North Korea paid in cash": payments to North Korea first.
			dq.(query.BoostableQuery).SetBoost(directionBoost)
			bg = append(bg, dq)
		}
		if p.intent == armswatch.IntentDenial {
			// "did Russia deny": the denier is the country named.
			bg = append(bg, claimantQueries(st, p, armswatch.AliasCountry)...)
		}
	}
	var must []query.Query
	switch {
	case focus != nil:
		must = append(must, focus)
	case len(items) > 0:
		must = append(must, query.NewDisjunctionQuery(items))
	}
	mode := matchInformative
	if relaxed {
		rmust, ok := relaxedMust(st, p, k)
		if !ok {
			return query.NewMatchNoneQuery(), ""
		}
		must, mode = append(must, rmust...), matchRelaxed
		bg = append(bg, info...) // every informative concept still scores
	} else {
		dq := query.NewDisjunctionQuery(info)
		dq.SetMin(float64(minShould(len(info))))
		must = append(must, dq)
	}
	if len(must) == 0 {
		return query.NewMatchNoneQuery(), ""
	}
	if len(bg) == 0 {
		if len(must) == 1 {
			return must[0], mode
		}
		return query.NewConjunctionQuery(must), mode
	}
	return query.NewBooleanQuery(must, bg, nil), mode
}

// relaxedMust are the must-clauses of the relaxed query, beside the item
// clause: every informative name (a country, person, place, organisation
// or designation: "has China sent troops" is about China), and one of the
// informative plain words when the question names no name. A
// question with a word no source uses is not relaxed ("submarine
// technology" is not answered by technology claims); nor is one the
// relaxation would not change. ok is false when there is no relaxed query.
func relaxedMust(st *state, p plan, k kind) (must []query.Query, ok bool) {
	var words []query.Query
	strong, items, info := 0, 0, 0
	garbage := p.garbage()
	for i, c := range p.concepts {
		if st.background(c, k) || garbage[i] {
			continue
		}
		info++
		if c.unknown {
			return nil, false
		}
		q := conceptQuery(st, c, k.fields, k.claims)
		switch {
		case c.item != "":
			items++
		case c.group >= 0 && st.aliases.groups[c.group].Kind != armswatch.AliasTerm:
			must = append(must, q)
			strong++
		default:
			words = append(words, q)
		}
	}
	required := strong + min(items, 1)
	if strong == 0 && len(words) > 0 {
		// "did Belarus send troops": the troops claims that do not say
		// Belarus do not answer it.
		must = append(must, query.NewDisjunctionQuery(words))
		required++
	}
	if required == 0 || required >= minShould(info) {
		return nil, false // the same as the strict query: nothing to relax
	}
	return must, true
}

// garbage marks the concepts that are unknown and do not look like words
// ("xqzv", "2j"): left out of the query, unless every concept is one
// (then nothing matches). A word that looks like one and that no source
// uses ("submarine", "chemical") is kept: the question is about it.
func (p plan) garbage() []bool {
	out := make([]bool, len(p.concepts))
	all := true
	for i, c := range p.concepts {
		out[i] = c.unknown && c.group < 0 && !looksLikeWord(c.word)
		all = all && out[i]
	}
	if all {
		return make([]bool, len(p.concepts))
	}
	return out
}

// looksLikeWord reports whether an unknown word could be a real word
// rather than a slip or noise: for Latin letters, three or more of them
// with a vowel and no letters and digits mixed; words of other scripts
// are taken as words.
func looksLikeWord(w string) bool {
	if !isASCIILetters(w) {
		for _, r := range w {
			if r < 0x80 && !isWordRune(r) || isDigit(r) {
				return false
			}
		}
		return wordScript(w) != scriptOther
	}
	return len(w) >= 3 && strings.ContainsAny(w, "aeiouy")
}

// itemQuery is the item clause of a kind's query alone (the focus when it
// is an item, else any item concept); nil when the plan names no item.
func itemQuery(st *state, p plan, k kind) query.Query {
	if p.focus >= 0 && p.concepts[p.focus].item != "" {
		return conceptQuery(st, p.concepts[p.focus], k.fields, k.claims)
	}
	var items []query.Query
	for _, c := range p.concepts {
		if c.item != "" {
			items = append(items, conceptQuery(st, c, k.fields, k.claims))
		}
	}
	if len(items) == 0 {
		return nil
	}
	return query.NewDisjunctionQuery(items)
}

// routed reports whether the plan names items, so that an answer without
// a record of them says there is no sourced claim about them.
func (p plan) routed() bool {
	for _, c := range p.concepts {
		if c.item != "" {
			return true
		}
	}
	return false
}

// itemWords are the words of the plan's item concepts as the user wrote
// them, the focus first: "tanks", "fighter jets".
func (p plan) itemWords() []string {
	var out []string
	if p.focus >= 0 && p.concepts[p.focus].item != "" {
		// The focus is what must match: the other items need not.
		c := p.concepts[p.focus]
		return []string{p.clean[c.start:c.end]}
	}
	for i, c := range p.concepts {
		if c.item == "" || i == p.focus {
			continue
		}
		// Words next to each other are one phrase ("fighter jets").
		if i > 0 && p.concepts[i-1].item != "" && i-1 != p.focus && len(out) > 0 && p.concepts[i-1].end+1 >= c.start {
			out[len(out)-1] += " " + p.clean[c.start:c.end]
			continue
		}
		out = append(out, p.clean[c.start:c.end])
	}
	return out
}

// categoriesAsked are the item categories the plan routes to.
func (p plan) categoriesAsked() map[armswatch.Category]bool {
	m := map[armswatch.Category]bool{}
	for _, c := range p.concepts {
		if c.item != "" {
			m[c.item] = true
		}
	}
	return m
}

// claimantBoost weighs a claim made by a person or organisation the
// question names above one that only mentions them: "what did the UN
// panel find" is first answered by the panel's own findings.
const claimantBoost = 0.5

// directionBoost weighs a claim about a transfer in the direction the
// question asks (direction.go) above one the other way.
const directionBoost = 0.3

// claimantQueries are the should-clauses matching the claimant of a claim
// to the people and organisations the question names (with
// armswatch.AliasCountry, the claimant's country to the countries it
// names: "did Russia deny" is first answered by Russia's denials).
func claimantQueries(st *state, p plan, kinds ...armswatch.AliasKind) []query.Query {
	if len(kinds) == 0 {
		kinds = []armswatch.AliasKind{armswatch.AliasPerson, armswatch.AliasOrg}
	}
	var out []query.Query
	for _, c := range p.concepts {
		if c.group < 0 || !slices.Contains(kinds, st.aliases.groups[c.group].Kind) {
			continue
		}
		var alts []query.Query
		for _, name := range st.aliases.groups[c.group].Names() {
			if q := allTermsQuery(st.an.name.Analyze([]byte(name)), fClaimWho); q != nil {
				alts = append(alts, q)
			}
		}
		if len(alts) > 0 {
			dq := query.NewDisjunctionQuery(alts)
			dq.SetBoost(claimantBoost)
			out = append(out, dq)
		}
	}
	return out
}
