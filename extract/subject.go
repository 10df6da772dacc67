package extract

import "strings"

// The subject of an attribution: the words before or after the verb read
// as a claimant reference (a person with a title, an organisation, a list,
// a pronoun, a title without a name, the outlet itself).

// documentNouns name a source's document rather than the source: "a
// Japanese Defense Ministry white paper", "documents reviewed by X".
var documentNouns = set("paper", "report", "reports", "statement", "assessment", "assessments", "information", "intelligence",
	"data", "documents", "document", "estimate", "estimates", "analysis", "study", "survey",
	"figures", "records", "filing", "memo", "briefing", "review", "paper's", "findings", "count")

// parseSource reads the source after "according to": a claimant, the
// author of a document ("documents reviewed by X" is X's reporting), or
// the body a document comes from ("a Defense Ministry white paper released
// Tuesday" is the ministry's).
func (x *extractor) parseSource(s *sentence, lo, hi int) ref {
	toks := s.toks
	// "people familiar with the matter", "sources close to the
	// government", "officials with knowledge of the plans": unnamed
	// sources, named as written.
	if k := lo + skipArticles(toks, lo, hi); k < hi && genericPeople[toks[k].lo] && k+1 < hi {
		switch toks[k+1].lo {
		case "familiar", "close", "with", "briefed", "who":
			return ref{kind: refOrg, name: span(s.text, toks, k, hi), lo: k, hi: hi}
		}
	}
	for k := lo; k < hi-1; k++ {
		// "documents reviewed by X", "information available to X", "data
		// from X".
		by := toks[k].lo == "by" && k > lo && strings.HasSuffix(toks[k-1].lo, "ed")
		avail := (toks[k].lo == "to" && k > lo && toks[k-1].lo == "available") || (toks[k].lo == "from" && k > lo && documentNouns[toks[k-1].lo])
		if by || avail {
			if r := x.parseNP(s, k+1, hi); r.kind != refNone {
				return r
			}
		}
	}
	// Drop a participle phrase ("released Tuesday") and the document noun.
	end := hi
	for k := lo + 1; k < hi; k++ {
		if !toks[k].cap() && (strings.HasSuffix(toks[k].lo, "ed") || toks[k].lo == "published" || toks[k].lo == "seen") && k > lo && documentNouns[toks[k-1].lo] {
			end = k
			break
		}
	}
	for end > lo && (documentNouns[toks[end-1].lo] || toks[end-1].lo == "white" || toks[end-1].lo == "new" || toks[end-1].lo == "latest" || toks[end-1].lo == "annual" || toks[end-1].lo == "intelligence" && end < hi) {
		end--
	}
	if end > lo && end < hi {
		if r := x.parseNP(s, lo, end); r.kind == refOrg || r.kind == refPerson {
			return r
		}
	}
	return x.parseNP(s, lo, hi)
}

func skipArticles(toks []token, lo, hi int) int {
	k := lo
	for k < hi && (toks[k].lo == "the" || toks[k].lo == "a" || toks[k].lo == "an" || toks[k].lo == "some") {
		k++
	}
	return k - lo
}

// segmentsOf splits tokens [lo, hi) at commas outside brackets and dates.
func segmentsOf(s *sentence, lo, hi int) [][2]int {
	var out [][2]int
	depth := 0
	start := lo
	for k := lo; k < hi; k++ {
		t := s.toks[k]
		switch t.s {
		case "(":
			depth++
		case ")":
			if depth > 0 {
				depth--
			}
		case ",":
			if depth == 0 && !t.date && !(k > lo && s.toks[k-1].date && k+1 < hi && s.toks[k+1].date) {
				out = append(out, [2]int{start, k})
				start = k + 1
			}
		}
	}
	out = append(out, [2]int{start, hi})
	return out
}

// trimSegment drops what cannot belong to a subject from the ends of a
// segment: a leading "and", trailing auxiliaries, adverbs and dates ("on
// Saturday", "in a statement").
func trimSegment(s *sentence, lo, hi int) (int, int, bool) {
	toks := s.toks
	and := false
	for lo < hi && (toks[lo].lo == "and" || toks[lo].lo == "or" || toks[lo].lo == "but") {
		and = true
		lo++
	}
	for hi > lo {
		t := toks[hi-1]
		switch {
		case t.date:
			hi--
			for hi > lo && toks[hi-1].date {
				hi--
			}
			if hi > lo && (toks[hi-1].lo == "on" || toks[hi-1].lo == "in" || toks[hi-1].lo == "at") {
				hi--
			}
			continue
		case auxAdverbs[t.lo], t.kind == tWord && !t.cap() && strings.HasSuffix(t.lo, "ly") && len(t.lo) > 4 && !claimantHeads[t.lo]:
			hi--
			continue
		}
		// "in a statement", "at a briefing", "on the air"
		cut := -1
		for k := hi - 1; k > lo && k >= hi-6; k-- {
			if toks[k].lo == "in" || toks[k].lo == "at" || toks[k].lo == "during" || toks[k].lo == "on" {
				last := toks[hi-1].lo
				switch last {
				case "statement", "interview", "briefing", "conference", "meeting", "speech", "post", "video", "report", "hearing", "air", "television", "broadcast", "telethon":
					cut = k
				}
				break
			}
		}
		if cut > lo {
			hi = cut
			continue
		}
		break
	}
	return lo, hi, and
}

// isAdverbial reports whether a segment is a scene-setting phrase rather
// than a subject: "In an interview with RBC-Ukraine", "Earlier".
func (x *extractor) isAdverbial(s *sentence, lo, hi int) bool {
	if lo >= hi {
		return true
	}
	t := s.toks[lo]
	if adverbialStarts[base(t.lo)] {
		return true
	}
	all := true
	for k := lo; k < hi; k++ {
		if !s.toks[k].date {
			all = false
		}
	}
	return all
}

// parseRegion finds the subject in the words before a verb: the nearest
// segment that names someone, with an appositive role beside it, or a list
// of names ("X, Y, and Z").
func (x *extractor) parseRegion(s *sentence, lo, hi int) ref {
	ss := x.regionSegments(s, lo, hi)
	role := ""
	for i := len(ss) - 1; i >= 0; i-- {
		g := ss[i]
		if g.lo >= g.hi || g.adv {
			if g.lo < g.hi && i == len(ss)-1 {
				continue
			}
			continue
		}
		if startsAppositive(s.toks, g.lo) && i > 0 && !ss[i-1].adv {
			// A role beside a name ("X, the head of Y, said"): the name is
			// in the segment before. Without one, the role is the subject.
			if prev := x.parseNP(s, ss[i-1].lo, ss[i-1].hi); prev.kind == refPerson || prev.kind == refOrg || prev.kind == refTitle {
				if role == "" {
					role = span(s.text, s.toks, g.lo, g.hi)
				}
				continue
			}
		}
		r := x.segmentSubject(s, ss, i)
		if r.kind == refNone {
			return ref{}
		}
		if r.kind == refTitle && role != "" {
			r.role = role
		}
		// "Shin Won-sik, South Korea's defense minister, said": the
		// title beside a name is the name's role.
		if r.kind == refTitle && i > 0 && !ss[i-1].adv {
			if prev := x.parseNP(s, ss[i-1].lo, ss[i-1].hi); prev.kind == refPerson && len(prev.list) == 0 {
				prev.role = cleanRole(joinRole(prev.role, span(s.text, s.toks, g.lo, g.hi)))
				prev.hi = r.hi
				return prev
			}
		}
		// "South Korea's defense minister, Shin Won-sik, said".
		if r.kind == refPerson && r.role == "" && r.title == "" && role == "" && i > 0 && !ss[i-1].adv {
			if x.isTitleOnly(s, ss[i-1].lo+skipArticles(s.toks, ss[i-1].lo, ss[i-1].hi), ss[i-1].hi) {
				role = span(s.text, s.toks, ss[i-1].lo, ss[i-1].hi)
			}
		}
		if r.kind == refPerson || r.kind == refOrg {
			if role == "" && i > 0 && !ss[i-1].adv && startsAppositive(s.toks, ss[i-1].lo) && i-1 > 0 {
				role = span(s.text, s.toks, ss[i-1].lo, ss[i-1].hi)
			}
			if r.role == "" {
				r.role = role
			}
			// "X, Y, and Z": a list of claimants.
			if l, ok := x.claimantList(s, ss, i, r); ok {
				return l
			}
		}
		return r
	}
	return ref{}
}

// regionSeg is a comma-separated segment of the words before a verb.
type regionSeg struct {
	lo, hi int
	and    bool // it ends in "and"
	adv    bool // a scene-setting phrase ("In an interview with …")
}

// regionSegments cuts the words before a verb into segments, each marked
// as scene-setting or not.
func (x *extractor) regionSegments(s *sentence, lo, hi int) []regionSeg {
	segs := segmentsOf(s, lo, hi)
	var ss []regionSeg
	for i, g := range segs {
		a, b, and := trimSegment(s, g[0], g[1])
		adv := x.isAdverbial(s, a, b)
		// "during his visit to Pyongyang, North Korea, on Oct. 18": a bare
		// place after a scene-setting phrase belongs to it.
		if !adv && i > 0 && len(ss) > 0 && ss[len(ss)-1].adv && x.onlyPlace(s, a, b) {
			adv = true
		}
		ss = append(ss, regionSeg{a, b, and, adv})
	}
	return ss
}

// segmentSubject reads the subject from segment i: the segment itself, or
// the words just before the verb ("dismissing US claims"), or the first
// words of a clause with two verbs; refNone when there is none.
func (x *extractor) segmentSubject(s *sentence, ss []regionSeg, i int) ref {
	g := ss[i]
	r := x.parseNP(s, g.lo, g.hi)
	if r.kind == refNone && i == len(ss)-1 {
		// "dismissing US claims": the words just before the verb,
		// unless they are the object of a preposition ("to Russia").
		for k := g.lo + 1; k < g.hi; k++ {
			if npStops[s.toks[k-1].lo] || s.toks[k-1].lo == "of" {
				continue
			}
			if r2 := x.parseNP(s, k, g.hi); r2.kind == refOrg || r2.kind == refPerson {
				if r2.kind == refOrg && !x.namesABody(s, r2) || !x.hasProperName(s, r2) {
					continue
				}
				r = r2
				break
			}
		}
	}
	if r.kind == refNone {
		// "Russia and North Korea took … and repeatedly denied": the
		// subject of a second verb is the first words of the clause.
		if g.hi > g.lo && s.toks[g.hi-1].lo == "and" {
			end := g.lo
			for end < g.hi && (s.toks[end].cap() || s.toks[end].lo == "and") {
				end++
			}
			if end > g.lo {
				r = x.parseNP(s, g.lo, end)
			}
		}
		if r.kind == refNone {
			return ref{}
		}
	}
	return r
}

// claimantList reads "X, Y, and Z" ending in segment i, whose claimant is
// r: a list of claimants.
func (x *extractor) claimantList(s *sentence, ss []regionSeg, i int, r ref) (ref, bool) {
	if !ss[i].and {
		return ref{}, false
	}
	list := []ref{r}
	for j := i - 1; j >= 0; j-- {
		h := ss[j]
		if h.adv || h.lo >= h.hi {
			break
		}
		r2 := x.parseNP(s, h.lo, h.hi)
		if r2.kind != refPerson && r2.kind != refOrg {
			break
		}
		list = append([]ref{r2}, list...)
	}
	if len(list) > 1 {
		return ref{kind: refOrg, list: list, lo: list[0].lo, hi: r.hi}, true
	}
	return ref{}, false
}

// onlyPlace reports whether tokens [lo, hi) are only a country or a place.
func (x *extractor) onlyPlace(s *sentence, lo, hi int) bool {
	f := x.flags(s)
	for k := lo; k < hi; k++ {
		if !f.country[k] && !f.place[k] {
			return false
		}
	}
	return hi > lo
}

// npWord reports whether token k can be part of a claimant's noun phrase.
func (x *extractor) npWord(s *sentence, k int, f tokenFlags) bool {
	t := s.toks[k]
	if t.quoted || t.date && !f.country[k] {
		return false
	}
	if t.kind == tPunct {
		return t.s == "(" || t.s == ")" || t.s == "-"
	}
	if t.cap() || f.country[k] || f.org[k] || f.place[k] {
		return true
	}
	b := base(t.lo)
	if personTitles[b] || titleWords[b] || claimantHeads[b] || genericPeople[b] {
		return true
	}
	switch b {
	case "of", "the", "for", "and", "a", "an", "one", "other", "own", "state", "state-run", "official", "unnamed", "anonymous", "senior", "local", "western", "two":
		return true
	}
	return false
}

// parseNP reads a claimant from a noun phrase: a person with a title, an
// organisation or country, a list, a pronoun, a title without a name, or
// the outlet speaking for itself.
func (x *extractor) parseNP(s *sentence, lo, hi int) ref {
	toks := s.toks
	for lo < hi && toks[lo].s == "," {
		lo++
	}
	for hi > lo && (toks[hi-1].s == "," || toks[hi-1].s == ".") {
		hi--
	}
	if lo >= hi {
		return ref{}
	}
	def := false
	for lo < hi && (toks[lo].lo == "the" || toks[lo].lo == "a" || toks[lo].lo == "an" || toks[lo].lo == "one" || toks[lo].lo == "some" || toks[lo].lo == "several" || toks[lo].lo == "many" || toks[lo].lo == "most") {
		def = def || toks[lo].lo == "the"
		lo++
	}
	if lo >= hi {
		return ref{}
	}
	first := toks[lo]
	if r, ok := pronounRef(s, first, lo, hi); ok {
		return r
	}
	// "a source in Ukraine's General Staff", "Officials in Seoul",
	// "Boffins at the NIS".
	if r, ok := x.genericIn(s, lo, hi); ok {
		return r
	}
	f := x.flags(s)
	if r, ok := x.withNonNameWord(s, lo, hi, f); ok {
		return r
	}
	// Drop a trailing bracketed acronym: "National Intelligence Service (NIS)".
	core := hi
	if toks[hi-1].s == ")" {
		for j := hi - 1; j > lo; j-- {
			if toks[j].s == "(" {
				core = j
				break
			}
		}
	}
	if core <= lo {
		return ref{}
	}
	// The owner of a statement: "The General Staff's official statement".
	if claimantHeads[toks[core-1].lo] && (toks[core-1].lo == "statement" || toks[core-1].lo == "report") {
		for j := core - 2; j >= lo; j-- {
			if toks[j].cap() && base(toks[j].lo) != toks[j].lo {
				return x.parseNP(s, lo, j+1)
			}
		}
	}
	// "Maritime analyst Petra Lindgren of the Nordic Shipping Observatory":
	// a person with a title, then where they work.
	if r, ok := x.personOfPlace(s, lo, hi); ok {
		return r
	}
	// Coordinated names: "North Korea and Russia".
	if r, ok := x.coordinated(s, lo, core, hi); ok {
		return r
	}
	return x.nameOrTitle(s, lo, core, hi, def, f)
}

// pronounRef reads a pronoun or possessive subject: "he", "they", "we",
// "our researchers", "its statement".
func pronounRef(s *sentence, first token, lo, hi int) (ref, bool) {
	toks := s.toks
	if hi-lo == 1 && !(len(first.s) > 1 && strings.ToUpper(first.s) == first.s) { // "US" is not "us"
		switch first.lo {
		case "he", "she", "him", "her":
			return ref{kind: refPronoun, name: first.s, lo: lo, hi: hi}, true
		case "they", "it", "them":
			return ref{kind: refThey, name: first.s, lo: lo, hi: hi}, true
		case "we", "us":
			if !first.quoted {
				return ref{kind: refOutlet, name: first.s, lo: lo, hi: hi}, true
			}
		}
	}
	switch first.lo {
	case "our":
		return ref{kind: refOutlet, name: span(s.text, toks, lo, hi), lo: lo, hi: hi}, true
	case "their", "its":
		return ref{kind: refThey, name: span(s.text, toks, lo, hi), lo: lo, hi: hi}, true
	case "he", "she":
		if hi-lo <= 2 {
			return ref{kind: refPronoun, name: first.s, lo: lo, hi: hi}, true
		}
	}
	return ref{}, false
}

// genericIn reads "a source in Ukraine's General Staff", "Officials in
// Seoul", "Boffins at the NIS": the organisation, the words as its role.
func (x *extractor) genericIn(s *sentence, lo, hi int) (ref, bool) {
	toks := s.toks
	k := lo
	for k < hi && k < lo+3 && !genericPeople[base(toks[k].lo)] {
		k++
	}
	if k < hi && genericPeople[base(toks[k].lo)] && k+1 < hi {
		switch toks[k+1].lo {
		case "in", "at", "from", "of", "with", "within", "inside":
			if r := x.parseNP(s, k+2, hi); r.kind == refOrg || r.kind == refPerson {
				if r.role == "" {
					r.role = strings.TrimSpace(span(s.text, toks, lo, k+2) + " " + span(s.text, toks, k+2, hi))
				}
				return r, true
			}
		}
	}
	return ref{}, false
}

// withNonNameWord reports whether the phrase holds a word that cannot be
// part of a claimant's name; then the claimant is only a named person
// before a preposition, or none.
func (x *extractor) withNonNameWord(s *sentence, lo, hi int, f tokenFlags) (ref, bool) {
	toks := s.toks
	for k := lo; k < hi; k++ {
		if !x.npWord(s, k, f) {
			// "Ambassador Hwang Joon-kook of South Korea to the UN": a
			// named person, then prepositions that say where from.
			for j := lo + 1; j < hi; j++ {
				switch toks[j].lo {
				case "of", "to", "at", "for", "from", "in":
					if r := x.parseNP(s, lo, j); r.kind == refPerson {
						r.role = strings.TrimSpace(joinRole(r.title, span(s.text, toks, j, hi)))
						r.title = ""
						r.hi = hi
						return r, true
					}
				}
			}
			return ref{}, true
		}
	}
	return ref{}, false
}

// coordinated reads coordinated names: "North Korea and Russia".
func (x *extractor) coordinated(s *sentence, lo, core, hi int) (ref, bool) {
	toks := s.toks
	for j := lo + 1; j < core-1; j++ {
		if toks[j].lo != "and" {
			continue
		}
		a, b := x.parseNP(s, lo, j), x.parseNP(s, j+1, core)
		if (a.kind == refOrg || a.kind == refPerson) && (b.kind == refOrg || b.kind == refPerson) && len(a.list) == 0 {
			return ref{kind: refOrg, list: append([]ref{a}, flatten(b)...), lo: lo, hi: hi}, true
		}
	}
	return ref{}, false
}

// nameOrTitle reads a person's name with its title, else a title without
// a name, a description ("the agency") or an organisation.
func (x *extractor) nameOrTitle(s *sentence, lo, core, hi int, def bool, f tokenFlags) ref {
	toks := s.toks
	nameLo := x.splitName(s, lo, core)
	nTok := core - nameLo
	titleHasPerson := false
	for j := lo; j < nameLo; j++ {
		if personTitles[base(toks[j].lo)] {
			titleHasPerson = true
		}
	}
	if nTok >= 2 {
		return ref{kind: refPerson, name: nameText(s, nameLo, core), title: strings.TrimSpace(span(s.text, toks, lo, nameLo)), lo: lo, hi: hi}
	}
	if nTok == 1 {
		w := nameText(s, nameLo, core)
		isCaps := strings.ToUpper(w) == w && len(w) > 3
		if titleHasPerson || x.personBySurname(w, s.index) != nil || (isCaps && x.personBySurname(titleCase(w), s.index) != nil) {
			if isCaps {
				w = titleCase(w)
			}
			return ref{kind: refPerson, name: w, title: strings.TrimSpace(span(s.text, toks, lo, nameLo)), lo: lo, hi: hi}
		}
		if nameLo == lo && appositiveAfter(s, hi) != "" && !f.country[nameLo] {
			return ref{kind: refPerson, name: w, lo: lo, hi: hi} // "Jong-Park, the top US official …"
		}
	}
	// No name. A singular title: "the minister", "South Korea's Defense
	// Minister", "Ukrainian intelligence chief".
	last := base(toks[core-1].lo)
	hasCap := false
	for j := lo; j < core; j++ {
		if toks[j].cap() || f.country[j] || f.org[j] {
			hasCap = true
		}
	}
	if personTitles[last] && !orgWordIn(toks, lo, core) {
		return ref{kind: refTitle, name: span(s.text, toks, lo, core), lo: lo, hi: hi}
	}
	if def && !hasCap {
		return ref{kind: refThey, name: span(s.text, toks, lo, core), lo: lo, hi: hi}
	}
	if !hasCap && !claimantHeads[last] && !genericPeople[last] {
		return ref{} // "Recent satellite intelligence", "the public"
	}
	return ref{kind: refOrg, name: span(s.text, toks, lo, core), lo: lo, hi: hi}
}

// personOfPlace reads a titled or known person followed by "of", "at" or
// "from" and where they work, the place becoming part of the role.
func (x *extractor) personOfPlace(s *sentence, lo, hi int) (ref, bool) {
	toks := s.toks
	for j := lo + 2; j < hi-1; j++ {
		switch toks[j].lo {
		case "of", "at", "from":
		default:
			continue
		}
		r := x.parseNP(s, lo, j)
		if r.kind != refPerson || len(r.list) > 0 || (r.title == "" && x.personNamed(x.canonPerson(r.name)) == nil) {
			return ref{}, false
		}
		r.role = strings.TrimSpace(joinRole(r.title, span(s.text, toks, j, hi)))
		r.title = ""
		r.hi = hi
		return r, true
	}
	return ref{}, false
}

// hasProperName reports whether a reference holds a capitalised word, a
// country or a known organisation ("US", "the Kremlin"), not only common
// nouns ("joint statement").
func (x *extractor) hasProperName(s *sentence, r ref) bool {
	f := x.flags(s)
	for k := r.lo; k < r.hi && k < len(s.toks); k++ {
		if s.toks[k].cap() || f.country[k] || f.org[k] {
			return true
		}
	}
	return false
}

func flatten(r ref) []ref {
	if len(r.list) > 0 {
		return r.list
	}
	return []ref{r}
}

func orgWordIn(toks []token, lo, hi int) bool {
	for j := lo; j < hi; j++ {
		b := base(toks[j].lo)
		if toks[j].cap() && orgWords[b] && !titleWords[b] {
			return true
		}
		switch b {
		case "ministry", "office", "agency", "government", "service", "council", "command", "department":
			return true
		}
	}
	return false
}

func titleCase(w string) string {
	parts := strings.Split(strings.ToLower(w), "-")
	for i, p := range parts {
		if p != "" {
			parts[i] = strings.ToUpper(p[:1]) + p[1:]
		}
	}
	return strings.Join(parts, "-")
}
