package index

import (
	"github.com/armswatch/armswatch/internal/prose"
	"math"
	"regexp"
	"strings"
	"unicode"

	"github.com/armswatch/armswatch"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Limits that bound the work any input can cause.
const (
	maxQueryRunes     = 1000 // longer input is cut before anything else
	maxConcepts       = 16   // words and alias phrases searched; the rest are ignored
	defaultClaimLimit = 20
	maxClaimLimit     = 200
)

// concept is one thing a query asks about: an alias group (a phrase such
// as "North Korea" or "KN-23") or a single word.
type concept struct {
	start, end int    // byte span in the cleaned query
	group      int    // alias group index, or -1 for a word
	word       string // the word, lowercased (for a word concept)
	corrected  string // the vocabulary word searched instead of a mistyped word
	unknown    bool   // not in the vocabulary and no correction found
	// item is the category the concept names as an item ("shells",
	// "tanks", "KN-23"), "" when it names none: see match.go.
	item     armswatch.Category
	umbrella bool // names arms in general ("weapons"): any arms category answers
	// wholeCategory: the word names its whole category (armswatch.
	// CategoryWord: "tech"), so that the category's claims answer it
	// whatever their words; "grenades" or "satellites" do not.
	wholeCategory bool
	broad         bool       // a designation whose category also matches (see markDesignations)
	soft          bool       // a verb of asking or transferring: background for every kind
	forms         []wordForm // other forms of the word searched too (deny: denial)
	// exchange is, for a paraphrase of exchange ("in return"), the
	// transfers that answer it (direction.go); nil for any other concept.
	exchange *direction
}

// searched is the word a word concept searches for.
func (c concept) searched() string {
	if c.corrected != "" {
		return c.corrected
	}
	return c.word
}

// plan is a query understood: the cleaned text, its concepts and what the
// answer needs to explain and highlight.
type plan struct {
	clean      string
	concepts   []concept
	dropped    int    // concepts over the cap, ignored
	showingFor string // the query as corrected, when a typo was corrected
	intent     armswatch.Intent
	focus      int       // the concept the question is about ("which ships"), or -1
	dir        direction // the transfer the question asks about (direction.go)
	// paidFor are the items named after a paraphrase of exchange ("in
	// exchange for the shells"): what is paid for, not what is asked.
	paidFor map[armswatch.Category]bool
}

var (
	spaceRe = regexp.MustCompile(`\s+`)
)

// cleanQuery makes user text safe and bounded: valid UTF-8, at most
// maxQueryRunes, no control characters, whitespace collapsed (Discord's
// mention syntax is the bot's to remove: bot.withoutMentions). Markdown and query-syntax characters need no special care:
// only letters and digits ever reach the index, as terms.
func cleanQuery(s string) string {
	s = strings.ToValidUTF8(s, " ")
	s = prose.Cut(s, maxQueryRunes)
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return ' '
		}
		return r
	}, s)
	return strings.TrimSpace(spaceRe.ReplaceAllString(s, " "))
}

// understand turns query text into a plan: alias phrases first (longest
// match, over the words' keys), then the remaining words less stop and
// question words; words missing from the vocabulary are corrected when a
// close enough word exists.
func understand(st *state, text string) plan {
	return understandClean(st, cleanQuery(text), true)
}

func understandClean(st *state, clean string, correct bool) plan {
	p := plan{clean: clean, focus: -1, dir: noDirection}
	ws := textWords(p.clean, aliasKey)
	lowers := make([]string, len(ws))
	for i, w := range ws {
		lowers[i] = lowerWord(p.clean[w.start:w.end])
	}
	intent, focusWord := armswatch.ReadIntent(lowers)
	p.intent = intent
	focusAt := -1
	if focusWord >= 0 {
		focusAt = ws[focusWord].start
	}
	content, hits, inAlias := st.aliases.phrases(ws)
	seenGroup := map[int]bool{}
	seenWord := map[string]bool{}
	corrected := false
	for i := 0; i < len(content); i++ {
		if hi := inAlias[i]; hi >= 0 {
			h := hits[hi]
			i = h.to - 1
			if seenGroup[h.group] {
				continue
			}
			seenGroup[h.group] = true
			c := concept{start: content[h.from].start, end: content[h.to-1].end, group: h.group}
			if len(p.concepts) >= maxConcepts {
				p.dropped++
				continue
			}
			c.item = st.aliases.groups[h.group].Category
			c.umbrella = isUmbrella(p.clean[c.start:c.end])
			if c.start <= focusAt && focusAt < c.end {
				p.focus = len(p.concepts)
			}
			p.concepts = append(p.concepts, c)
			continue
		}
		w := content[i]
		lower := lowerWord(p.clean[w.start:w.end])
		if isStopKey(w.key) || questionWords[lower] || seenWord[w.key] {
			continue
		}
		seenWord[w.key] = true
		if len(p.concepts) >= maxConcepts {
			p.dropped++
			continue
		}
		c := wordConcept(st, w, lower, correct)
		corrected = corrected || c.corrected != ""
		if w.start == focusAt {
			p.focus = len(p.concepts)
		}
		p.concepts = append(p.concepts, c)
	}
	p.markDesignations(st)
	p.dir = readDirection(st, p, ws, lowers)
	p.markExchange(st)
	if corrected {
		p.showingFor = p.correctedText()
		// Understand the corrected text afresh, so that a corrected word
		// can be part of an alias ("shels" → shells, a term with a category).
		fixed := understandClean(st, p.showingFor, false)
		fixed.showingFor = p.showingFor
		return fixed
	}
	return p
}

// phrases finds the alias names among a text's words: the words with a
// key (content), the names found over them, and for each content word the
// index of the name it is part of, or -1.
func (m *aliasMatcher) phrases(ws []word) (content []word, hits []aliasHit, inAlias []int) {
	for _, w := range ws {
		if w.key != "" {
			content = append(content, w)
		}
	}
	keys := make([]string, len(content))
	for i, w := range content {
		keys[i] = w.key
	}
	hits = m.find(keys)
	inAlias = make([]int, len(content))
	for i := range inAlias {
		inAlias[i] = -1
	}
	for hi, h := range hits {
		for i := h.from; i < h.to; i++ {
			inAlias[i] = hi
		}
	}
	return content, hits, inAlias
}

// wordConcept is the concept of a question word that is no part of an
// alias phrase: corrected when the vocabulary lacks it and correct is set,
// with the item it names and the other forms of it the index holds.
func wordConcept(st *state, w word, lower string, correct bool) concept {
	c := concept{start: w.start, end: w.end, group: -1, word: lower, soft: softWords[lower]}
	if !st.vocab.known(lower) {
		if correct {
			c.corrected = st.vocab.correct(lower)
			if c.corrected == "" {
				c.corrected = st.vocab.correctName(lower, st.aliases.words)
			}
		}
		c.unknown = c.corrected == ""
	}
	c.item = itemCategory(c.searched())
	c.umbrella = isUmbrella(c.searched())
	if cat, ok := armswatch.CategoryWord(c.searched()); ok && cat == c.item && !broadCategories[cat] {
		c.wholeCategory = true
	}
	if c.unknown && c.wholeCategory && st.termDF(fClaimCat, string(c.item)) > 0 {
		// "tech": no source writes it, but claims of its category
		// answer it (categoryQueries).
		c.unknown = false
	}
	if !c.soft && c.item == "" && c.corrected == "" {
		// "accurate" finds "accuracy", known or not.
		c.forms = st.vocab.forms(c.searched())
		if len(c.forms) > 0 {
			c.unknown = false
		}
	}
	return c
}

// correctedText is the question with its corrected words written in, in
// the case the user wrote them.
func (p plan) correctedText() string {
	var b strings.Builder
	last := 0
	for _, c := range p.concepts {
		if c.corrected == "" {
			continue
		}
		b.WriteString(p.clean[last:c.start])
		b.WriteString(matchCase(p.clean[c.start:c.end], c.corrected))
		last = c.end
	}
	b.WriteString(p.clean[last:])
	return b.String()
}

// minShould is how many of n concepts a record must match: all of one or
// two, otherwise half, rounded up.
func minShould(n int) int {
	if n <= 2 {
		return n
	}
	return int(math.Ceil(float64(n) / 2))
}

// conceptQuery is the query for one concept over a kind's fields.
func conceptQuery(st *state, c concept, f textFields, claims bool) query.Query {
	if c.group >= 0 {
		tq := query.NewTermQuery(groupID(c.group))
		tq.SetField(f.alias)
		if !claims {
			return tq
		}
		qs := append([]query.Query{tq}, categoryQueries(st, c)...)
		if c.exchange != nil {
			// Below the phrase itself: a claim that says "in return"
			// answers first.
			dq := c.exchange.query()
			dq.(query.BoostableQuery).SetBoost(exchangeDirectionBoost)
			qs = append(qs, dq)
		}
		if len(qs) == 1 {
			return tq
		}
		return query.NewDisjunctionQuery(qs)
	}
	q := wordQuery(st, c.searched(), f)
	qs := []query.Query{q}
	if claims {
		qs = append(qs, categoryQueries(st, c)...)
	}
	if claims && armswatch.DenialWord(c.searched()) {
		// "who denied" finds the denials whatever their quotes say.
		sq := query.NewTermQuery(string(armswatch.StanceDenies))
		sq.SetField(fClaimStance)
		qs = append(qs, sq)
	}
	if len(qs) == 1 && len(c.forms) == 0 {
		return q
	}
	for _, fm := range c.forms {
		tq := query.NewTermQuery(fm.stem)
		tq.SetField(f.en)
		qs = append(qs, tq)
	}
	return query.NewDisjunctionQuery(qs)
}

// wordQuery matches one word in the field of its script: its analysed
// term (for Korean, all the bigrams of its stem).
func wordQuery(st *state, w string, f textFields) query.Query {
	sc := wordScript(w)
	field := f.forScript(sc)
	toks := st.an.forScript(sc).Analyze([]byte(w))
	var qs []query.Query
	seen := map[string]bool{}
	for _, t := range toks {
		term := string(t.Term)
		if seen[term] {
			continue
		}
		seen[term] = true
		tq := query.NewTermQuery(term)
		tq.SetField(field)
		qs = append(qs, tq)
	}
	switch {
	case len(qs) == 0:
		return query.NewMatchNoneQuery()
	case len(qs) == 1:
		return qs[0]
	case sc == scriptHangul:
		return query.NewConjunctionQuery(qs)
	default:
		return query.NewDisjunctionQuery(qs)
	}
}

// filters are a query's explicit filters, resolved.
type filters struct {
	item     armswatch.Category
	claimant string
	names    []string // the claimant and its aliases
	groups   []int    // alias groups naming the claimant
	from, to armswatch.Date
	span     [2]armswatch.Date // the index's dates: the first to start, the last to end
}

func (f filters) any() bool {
	return f.item != "" || f.claimant != "" || !f.from.IsZero() || !f.to.IsZero()
}

// resolveFilters validates a query's filters: an item may be a category or
// a term that maps to one ("shells"); a claimant is a name or an alias.
func resolveFilters(st *state, q armswatch.Query) (filters, error) {
	f := filters{from: q.From, to: q.To, span: [2]armswatch.Date{st.meta.Earliest, st.meta.LastEnding}}
	if q.Item != "" {
		item, ok := armswatch.ResolveCategory(string(q.Item), st.aux.Aliases)
		if !ok {
			names := make([]string, len(armswatch.Categories))
			for i, c := range armswatch.Categories {
				names[i] = string(c)
			}
			return f, armswatch.BadQuery("%q is not an item category (one of %s)",
				prose.Cut(string(q.Item), 60), strings.Join(names, ", "))
		}
		f.item = item
	}
	if who := cleanQuery(q.Claimant); who != "" {
		f.claimant = prose.Cut(who, 100)
		f.names = []string{f.claimant}
		f.groups = st.aliases.groupsNamed(f.claimant)
		for _, g := range f.groups {
			f.names = append(f.names, st.aliases.groups[g].Names()...)
		}
	}
	if !f.from.IsZero() && !f.to.IsZero() && !f.from.Start().Before(f.to.End()) {
		return f, armswatch.BadQuery("the date range is inverted (from %s to %s)", f.from, f.to)
	}
	return f, nil
}

// claimFilterQueries are the must-clauses of the claims' query.
func claimFilterQueries(st *state, f filters) []query.Query {
	var qs []query.Query
	if f.item != "" {
		tq := query.NewTermQuery(string(f.item))
		tq.SetField(fClaimCat)
		qs = append(qs, tq)
	}
	if f.claimant != "" {
		var alts []query.Query
		for _, name := range f.names {
			if q := allTermsQuery(st.an.name.Analyze([]byte(name)), fClaimWho); q != nil {
				alts = append(alts, q)
			}
		}
		if len(alts) == 0 {
			alts = append(alts, query.NewMatchNoneQuery())
		}
		qs = append(qs, query.NewDisjunctionQuery(alts))
	}
	if q := dateQuery(f.from, f.to, f.span, fClaimDate); q != nil {
		qs = append(qs, q)
	}
	return qs
}

// docFilterQueries are the must-clauses of the documents' query: the date
// range on publication, the item through the alias groups and words of its
// category, the claimant through its names.
func docFilterQueries(st *state, f filters) []query.Query {
	var qs []query.Query
	if f.item != "" {
		var alts []query.Query
		for gi, g := range st.aliases.groups {
			if g.Category == f.item {
				tq := query.NewTermQuery(groupID(gi))
				tq.SetField(fDocAlias)
				alts = append(alts, tq)
			}
		}
		words := strings.ReplaceAll(string(f.item), "-", " ")
		if q := allTermsQuery(st.an.en.Analyze([]byte(words)), fDocEn); q != nil {
			alts = append(alts, q)
		}
		qs = append(qs, query.NewDisjunctionQuery(alts))
	}
	if f.claimant != "" {
		var alts []query.Query
		for _, g := range f.groups {
			tq := query.NewTermQuery(groupID(g))
			tq.SetField(fDocAlias)
			alts = append(alts, tq)
		}
		for _, name := range f.names {
			var parts []query.Query
			forEachWord(name, func(s, e int) {
				w := name[s:e]
				if q := wordQuery(st, w, docFields); q != nil {
					if _, none := q.(*query.MatchNoneQuery); !none {
						parts = append(parts, q)
					}
				}
			}, nil)
			if len(parts) > 0 {
				alts = append(alts, query.NewConjunctionQuery(parts))
			}
		}
		if len(alts) == 0 {
			alts = append(alts, query.NewMatchNoneQuery())
		}
		qs = append(qs, query.NewDisjunctionQuery(alts))
	}
	if q := dateQuery(f.from, f.to, f.span, fDocDate); q != nil {
		qs = append(qs, q)
	}
	return qs
}

// allTermsQuery requires every analysed token in field; nil without tokens.
func allTermsQuery(toks analysis.TokenStream, field string) query.Query {
	var qs []query.Query
	for _, t := range toks {
		tq := query.NewTermQuery(string(t.Term))
		tq.SetField(field)
		qs = append(qs, tq)
	}
	return allOf(qs)
}

// allOf requires every query of qs: nil for none, the query itself for one.
func allOf(qs []query.Query) query.Query {
	switch len(qs) {
	case 0:
		return nil
	case 1:
		return qs[0]
	}
	return query.NewConjunctionQuery(qs)
}

// combine makes the final query from a text part (may be nil) and filters.
func combine(text query.Query, must []query.Query) query.Query {
	if text == nil && len(must) == 0 {
		return nil
	}
	if len(must) == 0 {
		return text
	}
	if text != nil {
		must = append(must, text)
	}
	if len(must) == 1 {
		return must[0]
	}
	return query.NewConjunctionQuery(must)
}

// matchCase writes a correction the way the user wrote the word: all
// capitals, a capital first letter, or as it is.
func matchCase(orig, fix string) string {
	if orig == strings.ToUpper(orig) && orig != strings.ToLower(orig) && len([]rune(orig)) > 1 {
		return strings.ToUpper(fix)
	}
	r := []rune(orig)
	if len(r) > 0 && unicode.IsUpper(r[0]) {
		f := []rune(fix)
		f[0] = unicode.ToUpper(f[0])
		return string(f)
	}
	return fix
}

// Boosts of the category clauses of a claims query, below the words'.
const (
	exchangeDirectionBoost   = 0.5 // "in return": a transfer the other way, in other words
	termCategoryBoost        = 0.5 // "shells": a claim of the category says it in other words
	designationCategoryBoost = 0.3 // "KN-23": a claim about ballistic missiles in general
	umbrellaCategoryBoost    = 0.3 // "weapons": a claim about shells or missiles
)

// categoryQueries are the clauses by which a claim's item categories match
// a concept: the category of a term group ("shells"); the category of a
// designation ("KN-23"), weaker, since a claim about the category in
// general answers a question about one of its designations only in part;
// and every arms category for a word that names arms in general
// ("weapons", "arms").
func categoryQueries(st *state, c concept) []query.Query {
	var qs []query.Query
	add := func(cat armswatch.Category, boost float64) {
		cq := query.NewTermQuery(string(cat))
		cq.SetField(fClaimCat)
		cq.SetBoost(boost)
		qs = append(qs, cq)
	}
	if c.umbrella {
		for _, cat := range armsCategories {
			add(cat, umbrellaCategoryBoost)
		}
		return qs
	}
	if c.group < 0 {
		if c.wholeCategory && !c.soft {
			// "tech" when the claims say "technology": a word of the
			// domain's item words that no alias group holds.
			add(c.item, termCategoryBoost)
		}
		return qs
	}
	g := st.aliases.groups[c.group]
	switch {
	case g.Category == "" || broadCategories[g.Category]:
		// A record of a category of many things is not one of the item
		// asked about (broadCategoryQuery).
	case g.Kind == armswatch.AliasTerm:
		add(g.Category, termCategoryBoost)
	case g.Kind == armswatch.AliasDesignation && c.broad:
		add(g.Category, designationCategoryBoost)
	}
	return qs
}

// armsCategories are the item categories that are arms: what a question
// about "weapons" or "arms" asks about.
var armsCategories = []armswatch.Category{
	armswatch.CategoryArtilleryShell, armswatch.CategoryRocket, armswatch.CategoryBallisticMissile,
	armswatch.CategoryLauncher, armswatch.CategoryDrone, armswatch.CategoryMilitaryEquipment,
}

// umbrellaWords name arms in general, as phrases of alias keys (aliasKey): a question about them is about any of armsCategories.
var umbrellaWords = setOf("weapon", "arm", "weaponry", "armament", "military equipment", "military hardware")

// isUmbrella reports whether a phrase of a question names arms in general.
func isUmbrella(phrase string) bool {
	var keys []string
	forEachWord(phrase, func(s, e int) {
		if k := aliasKey(phrase[s:e]); k != "" && !isStopKey(k) {
			keys = append(keys, k)
		}
	}, nil)
	return umbrellaWords[strings.Join(keys, " ")]
}

// markDesignations lets a designation with a category ("KN-23") match the
// claims of its category when the question asks something more about it:
// "did the KN-23 get more accurate" is answered by claims about the
// accuracy of North Korean missiles that do not name it. Alone ("Koksan
// guns") a designation matches only the records that name it.
func (p *plan) markDesignations(st *state) {
	for i := range p.concepts {
		c := &p.concepts[i]
		if c.group < 0 || st.aliases.groups[c.group].Kind != armswatch.AliasDesignation {
			continue
		}
		for j, o := range p.concepts {
			if j != i && !o.soft && (o.group < 0 || st.aliases.groups[o.group].Kind != armswatch.AliasCountry) {
				c.broad = true
				break
			}
		}
	}
}

// broadCategories hold many kinds of thing: "other" is every item no
// category names (coal, oil, ships), "military-equipment" every piece of
// hardware (guns, tanks, air defence). A claim of one of them is not for
// that reason about the "ships" or the "self-propelled guns" asked.
var broadCategories = map[armswatch.Category]bool{
	armswatch.CategoryOther:             true,
	armswatch.CategoryMilitaryEquipment: true,
}

// broadCategoryQuery is, for a term group of a broad category ("oil",
// "ships", "self-propelled guns"), a should-clause that scores the claims
// of that category: it adds to the score of a claim that names the item
// but makes none match. nil for any other concept.
func broadCategoryQuery(st *state, c concept) query.Query {
	if c.group < 0 || c.umbrella {
		return nil
	}
	g := st.aliases.groups[c.group]
	if g.Kind != armswatch.AliasTerm || !broadCategories[g.Category] {
		return nil
	}
	cq := query.NewTermQuery(string(g.Category))
	cq.SetField(fClaimCat)
	cq.SetBoost(termCategoryBoost)
	return cq
}
