package extract

import (
	"fmt"
	"sort"
	"strings"

	"github.com/armswatch/armswatch"
)

// attribution is one "X said" (or "according to X", "X's claims that") in
// a sentence.
type attribution struct {
	verb   int // token index of the verb (or "according")
	verbAs string
	stance armswatch.Stance
	subj   ref
	// lo is where the subject region starts; dateLo/dateHi bound the tokens
	// where the date of saying can be written.
	lo             int
	dateLo, dateHi int
	why            string
}

// attribVerbs are the verbs that attribute a statement, with the stance
// they carry ("" for a plain assertion).
var attribVerbs = map[string]armswatch.Stance{}

func init() {
	for st, words := range map[armswatch.Stance][]string{
		"": {
			"say", "says", "said", "saying", "state", "states", "stated", "stating", "tell", "tells",
			"told", "announce", "announces", "announced", "reveal", "reveals", "revealed", "report",
			"reports", "reported", "claim", "claims", "claimed", "add", "adds", "added", "adding",
			"note", "notes", "noted", "explain", "explains", "explained", "emphasize", "emphasizes",
			"emphasized", "emphasise", "emphasises", "emphasised", "stress", "stresses", "stressed",
			"inform", "informs", "informed", "indicate", "indicates", "indicated", "suggest",
			"suggests", "suggested", "believe", "believes", "allege", "alleges", "alleged", "write",
			"writes", "wrote", "declare", "declares", "declared", "testify", "testifies", "testified",
			"disclose", "discloses", "disclosed", "acknowledge", "acknowledges", "acknowledged",
			"admit", "admits", "admitted", "assert", "asserts", "asserted", "argue", "argues",
			"argued", "insist", "insists", "insisted", "mention", "mentions", "mentioned", "urge",
			"urges", "urged", "count", "counts", "counted", "put", "puts", "pointed", "comment",
			"comments", "commented", "tweeted", "posted", "reads", "briefed", "show", "shows",
			"showed", "find", "finds", "found", "concluded", "concludes", "observed", "given",
			"gave", "give", "gives", "offered", "cited", "cites",
		},
		armswatch.StanceConfirms: {"confirm", "confirms", "confirmed", "confirming", "verified", "verifies"},
		armswatch.StanceDenies: {
			"deny", "denies", "denied", "denying", "dismiss", "dismisses", "dismissed", "reject",
			"rejects", "rejected", "refute", "refutes", "refuted", "rebuffed", "called", "calls",
		},
		armswatch.StanceCondemns: {
			"condemn", "condemns", "condemned", "condemning", "denounce", "denounces", "denounced",
			"criticize", "criticizes", "criticized", "criticise", "criticises", "criticised",
			"slammed", "slams", "deplored", "deplores", "speaks", "spoke",
		},
		armswatch.StanceWarns: {
			"warn", "warns", "warned", "warning", "caution", "cautions", "cautioned", "expressed",
			"voiced", "feared", "fears",
		},
		armswatch.StanceEstimates: {
			"estimate", "estimates", "estimated", "assess", "assesses", "assessed", "calculated",
			"calculates",
		},
	} {
		for _, w := range words {
			attribVerbs[w] = st
		}
	}
}

// nounAttributions follow a possessive: "Washington's claims that …".
var nounAttributions = map[string]armswatch.Stance{
	"claim": "", "claims": "", "assertion": "", "assertions": "", "allegation": "",
	"allegations": "", "estimate": armswatch.StanceEstimates, "estimates": armswatch.StanceEstimates,
	"assessment": armswatch.StanceEstimates, "count": "", "figures": "", "figure": "",
	"statement": "", "report": "", "data": "", "announcement": "",
}

var denialWords = set("absurd", "baseless", "groundless", "unfounded", "false", "lies", "lie",
	"fabricated", "fabrication", "nonsense", "fake", "slander", "untrue", "fiction", "speculation")

var regionBoundaries = set(";", ":", "that", "which", "while", "whereas", "but", "because", "when", "if", "whom")

// findAttributions finds who a sentence attributes its content to.
func (x *extractor) findAttributions(s *sentence) []attribution {
	toks := s.toks
	var out []attribution
	lastEnd := 0
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.quoted || t.kind != tWord || t.date {
			continue
		}
		// "according to X"
		if t.lo == "according" && i+1 < len(toks) && toks[i+1].lo == "to" {
			lo := i + 2
			hi := lo
			for hi < len(toks) && toks[hi].s != "," && toks[hi].s != "." && toks[hi].s != ";" && !toks[hi].quoted && !toks[hi].quotedMark() {
				hi++
			}
			r := x.parseSource(s, lo, hi)
			a := attribution{verb: i, verbAs: "according to", subj: r, lo: lo, dateLo: lo, dateHi: lo}
			if r.kind == refNone {
				// "according to intelligence estimates": no named source.
				a.subj = ref{kind: refThey, name: span(s.text, toks, lo, hi), lo: lo, hi: hi}
				a.why = "generic"
			}
			if containsWord(toks, lo, hi, "estimates", "estimate", "assessment", "assessments", "calculations") {
				a.stance = armswatch.StanceEstimates
			}
			out = append(out, a)
			lastEnd = hi
			i = hi - 1
			continue
		}
		// "Washington's claims that …", "The General Staff's official statement"
		if st, ok := nounAttributions[t.lo]; ok && i > 0 {
			k := i - 1
			if k > 0 && !toks[k].cap() && toks[k].kind == tWord && base(toks[k].lo) == toks[k].lo {
				k-- // one adjective: "official statement"
			}
			if k >= 0 && toks[k].cap() && base(toks[k].lo) != toks[k].lo && !toks[k].quoted {
				lo := k
				for lo > lastEnd && (toks[lo-1].cap() || toks[lo-1].lo == "of" || toks[lo-1].lo == "the") && !toks[lo-1].quoted {
					lo--
				}
				for lo < k && (toks[lo].lo == "the" || toks[lo].lo == "of") {
					lo++
				}
				r := x.parseNP(s, lo, k+1)
				if r.kind == refOrg || r.kind == refPerson {
					// Whose claims, not when: no date of saying.
					out = append(out, attribution{verb: i, verbAs: t.s, stance: st, subj: r, lo: lo, dateLo: i, dateHi: i})
					lastEnd = i + 1
					continue
				}
			}
		}
		if t.cap() {
			continue
		}
		st, ok := attribVerbs[t.lo]
		if !ok {
			continue
		}
		next := func(k int) string {
			if i+k < len(toks) {
				return toks[i+k].lo
			}
			return ""
		}
		switch t.lo {
		case "pointed":
			if next(1) != "out" {
				continue
			}
		case "speaks", "spoke":
			if next(1) != "out" || next(2) != "against" {
				continue // only "speaks out against"
			}
		case "put", "puts":
			if !(next(1) == "the" && (next(2) == "figure" || next(2) == "number" || next(2) == "total" || next(2) == "estimate" || next(2) == "tally")) {
				continue
			}
		case "called", "calls":
			found := false
			for k := 1; k <= 6 && i+k < len(toks); k++ {
				if denialWords[strings.Trim(toks[i+k].lo, "\"“”.")] {
					found = true
				}
			}
			if !found {
				continue
			}
		case "given", "gave", "give", "gives", "offered", "cited", "cites":
			// "have given lower figures", "cited an estimate of"
			if !containsWord(toks, i+1, min(len(toks), i+4), "figure", "figures", "estimate", "estimates", "number", "numbers", "tally", "count", "total") {
				continue
			}
		case "expressed", "voiced":
			if !containsWord(toks, i+1, min(len(toks), i+5), "concern", "concerns", "apprehension", "alarm", "fears", "worry", "worries") {
				continue
			}
		case "reads":
			// only "the statement reads"
		}
		// Adjectival participles: "a widely condemned arms deal".
		p := i - 1
		for p >= 0 && strings.HasSuffix(toks[p].lo, "ly") && toks[p].kind == tWord && len(toks[p].lo) > 3 {
			p--
		}
		if p >= 0 && (toks[p].lo == "a" || toks[p].lo == "an" || toks[p].lo == "the" || toks[p].lo == "as") {
			continue
		}
		// Passive: "is estimated to", "was reported"; with "by X" it names
		// X ("later confirmed by the prosecutor's office"), except "as
		// reported by Reuters", which names the messenger.
		be := p >= 0 && (toks[p].lo == "is" || toks[p].lo == "are" || toks[p].lo == "was" || toks[p].lo == "were" || toks[p].lo == "be" || toks[p].lo == "been" || toks[p].lo == "being")
		ing := strings.HasSuffix(t.lo, "ing")
		passive := be && !ing // "is warning" is active
		if passive || (next(1) == "by" && strings.HasSuffix(t.lo, "ed")) {
			if next(1) == "by" {
				hi := i + 2
				for hi < len(toks) && toks[hi].s != "," && toks[hi].s != "." && toks[hi].lo != "with" && toks[hi].lo != "on" {
					hi++
				}
				if r := x.parseNP(s, i+2, hi); r.kind == refOrg || r.kind == refPerson || r.kind == refThey {
					out = append(out, attribution{verb: i, verbAs: t.s, stance: st, subj: r, lo: i + 2, dateLo: hi, dateHi: hi})
				}
			}
			continue
		}
		// A participle continues an attribution ("…, saying") or modifies a
		// noun ("a joint statement condemning the trade"); only "is
		// warning" and the like attribute.
		if ing && !be {
			continue
		}
		// A past participle after "by" or a noun without subject: "missiles
		// provided by", "fragments collected".
		lo := i
		for lo > lastEnd {
			pt := toks[lo-1]
			if pt.quoted || pt.quotedMark() || regionBoundaries[pt.lo] || isDash(toks, lo-1) {
				break
			}
			lo--
		}
		r := x.parseRegion(s, lo, i)
		if r.kind == refNone && lo > 0 && (toks[lo-1].lo == "but" || toks[lo-1].lo == "and") && lo == i {
			// "He declined to give a figure, but said …": the subject of
			// the first verb, at the start of the sentence.
			end := 0
			for end < lo && (toks[end].cap() || toks[end].lo == "he" || toks[end].lo == "she" || toks[end].lo == "they") && !toks[end].quoted {
				end++
			}
			if end > 0 {
				r = x.parseNP(s, 0, end)
			}
		}
		if r.kind == refNone {
			continue
		}
		if t.lo == "reads" && !(r.kind == refThey && strings.Contains(strings.ToLower(r.name), "statement")) {
			continue
		}
		a := attribution{verb: i, verbAs: t.s, stance: st, subj: r, lo: lo, dateLo: lo, dateHi: x.afterVerb(s, i)}
		if t.lo == "pointed" {
			a.verbAs = "pointed out"
		}
		out = append(out, a)
		lastEnd = i + 1
	}
	return out
}

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

// afterVerb is where the words about the saying end after a verb: at
// "that", a comma, a quotation or the end, at most 10 words on.
func (x *extractor) afterVerb(s *sentence, v int) int {
	toks := s.toks
	k := v + 1
	for k < len(toks) && k-v <= 10 {
		t := toks[k]
		if t.lo == "that" || t.s == "," || t.s == "." || t.quoted || t.quotedMark() || t.s == ":" || t.s == ";" {
			break
		}
		k++
	}
	return k
}

func containsWord(toks []token, lo, hi int, words ...string) bool {
	for k := max(lo, 0); k < hi && k < len(toks); k++ {
		for _, w := range words {
			if toks[k].lo == w {
				return true
			}
		}
	}
	return false
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
	segs := segmentsOf(s, lo, hi)
	type seg struct {
		lo, hi int
		and    bool
		adv    bool
	}
	var ss []seg
	for i, g := range segs {
		a, b, and := trimSegment(s, g[0], g[1])
		adv := x.isAdverbial(s, a, b)
		// "during his visit to Pyongyang, North Korea, on Oct. 18": a bare
		// place after a scene-setting phrase belongs to it.
		if !adv && i > 0 && len(ss) > 0 && ss[len(ss)-1].adv && x.onlyPlace(s, a, b) {
			adv = true
		}
		ss = append(ss, seg{a, b, and, adv})
	}
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
			if g.and {
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
					return ref{kind: refOrg, list: list, lo: list[0].lo, hi: r.hi}
				}
			}
		}
		return r
	}
	return ref{}
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
	if hi-lo == 1 && !(len(first.s) > 1 && strings.ToUpper(first.s) == first.s) { // "US" is not "us"
		switch first.lo {
		case "he", "she", "him", "her":
			return ref{kind: refPronoun, name: first.s, lo: lo, hi: hi}
		case "they", "it", "them":
			return ref{kind: refThey, name: first.s, lo: lo, hi: hi}
		case "we", "us":
			if !first.quoted {
				return ref{kind: refOutlet, name: first.s, lo: lo, hi: hi}
			}
		}
	}
	switch first.lo {
	case "our":
		return ref{kind: refOutlet, name: span(s.text, toks, lo, hi), lo: lo, hi: hi}
	case "their", "its":
		return ref{kind: refThey, name: span(s.text, toks, lo, hi), lo: lo, hi: hi}
	case "he", "she":
		if hi-lo <= 2 {
			return ref{kind: refPronoun, name: first.s, lo: lo, hi: hi}
		}
	}
	// "a source in Ukraine's General Staff", "Officials in Seoul",
	// "Boffins at the NIS".
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
				return r
			}
		}
	}
	f := x.flags(s)
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
						return r
					}
				}
			}
			return ref{}
		}
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
	for j := lo + 1; j < core-1; j++ {
		if toks[j].lo != "and" {
			continue
		}
		a, b := x.parseNP(s, lo, j), x.parseNP(s, j+1, core)
		if (a.kind == refOrg || a.kind == refPerson) && (b.kind == refOrg || b.kind == refPerson) && len(a.list) == 0 {
			return ref{kind: refOrg, list: append([]ref{a}, flatten(b)...), lo: lo, hi: hi}
		}
	}
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

// resolve turns a ref into a claimant, following pronouns, titles and
// descriptions back to the named person or body.
func (x *extractor) resolve(s *sentence, r ref) (who, bool) {
	w := who{sent: s.index, para: s.para}
	switch r.kind {
	case refPerson:
		name := x.canonPerson(r.name)
		if !strings.Contains(name, " ") {
			if p := x.personBySurname(name, s.index); p != nil {
				if p.name != name {
					w.why = append(w.why, fmt.Sprintf("%q is %s, named earlier", r.name, p.name))
				}
				name = p.name
				if r.title == "" && r.role == "" {
					w.role = p.title
				}
			}
		} else if name != r.name {
			w.why = append(w.why, fmt.Sprintf("%q is written %q in the alias data", r.name, name))
		}
		w.name, w.person = name, true
		if w.role == "" {
			w.role = cleanRole(joinRole(r.title, r.role))
		}
		if w.role == "" {
			if p := x.personNamed(name); p != nil {
				w.role = p.title
			}
		}
		w.countries = x.countriesOf(w.role + " " + name)
		x.addPerson(name, w.role, s.index, r.lo)
		return w, true
	case refOrg:
		if len(r.list) > 0 {
			var names, roles []string
			for _, e := range r.list {
				ew, ok := x.resolve(s, e)
				if !ok {
					return who{}, false
				}
				names = append(names, ew.name)
				if ew.role != "" {
					roles = append(roles, ew.role)
				}
				for _, c := range ew.countries {
					if !contains(w.countries, c) {
						w.countries = append(w.countries, c)
					}
				}
			}
			w.name = joinList(names)
			w.role = strings.Join(roles, "; ")
			return w, true
		}
		w.name, w.role = x.canonOrg(r.name)
		if w.name != r.name && !strings.EqualFold(w.name, strings.TrimPrefix(r.name, "the ")) {
			w.why = append(w.why, fmt.Sprintf("%q is %q in the alias data", r.name, w.name))
		}
		if r.role != "" {
			w.role = cleanRole(r.role)
		}
		w.countries = x.countriesOf(r.name + " " + r.role)
		return w, true
	case refPronoun:
		if p := x.lastPerson(s, r.lo); p != nil {
			w = *p
			w.sent, w.para = s.index, s.para
			w.why = []string{fmt.Sprintf("%q is %s, named before", r.name, p.name)}
			return w, true
		}
		return who{}, false
	case refThey:
		if p := x.lastBody(s, r); p != nil {
			w = *p
			w.sent, w.para = s.index, s.para
			w.why = []string{fmt.Sprintf("%q is %s, named before", r.name, p.name)}
			return w, true
		}
		// A description nobody was named for: keep it as written.
		if !isPronoun(r.name) && !strings.HasPrefix(strings.ToLower(r.name), "their") && !strings.HasPrefix(strings.ToLower(r.name), "its") && strings.Contains(r.name, " ") {
			name := strings.TrimPrefix(strings.TrimPrefix(r.name, "the "), "The ")
			if len(strings.Fields(name)) <= 4 && claimantHeads[base(strings.ToLower(lastWord(name)))] {
				w.name = name
				w.countries = x.countriesOf(name)
				return w, true
			}
		}
		return who{}, false
	case refTitle:
		if p := x.personTitled(r.name, s.index); p != nil {
			w.name, w.person = p.name, true
			w.role = r.name
			if p.title != "" {
				w.role = p.title
			}
			w.countries = x.countriesOf(r.name + " " + w.role)
			w.why = []string{fmt.Sprintf("%q is %s, named with that title in the document", r.name, p.name)}
			return w, true
		}
		name := strings.TrimPrefix(strings.TrimPrefix(r.name, "the "), "The ")
		w.name = name
		w.role = name
		w.countries = x.countriesOf(name)
		w.why = []string{fmt.Sprintf("%q: no person with that title is named in the document", r.name)}
		return w, true
	case refOutlet:
		if w, ok := x.authors(s, r.name); ok {
			return w, true
		}
		return x.outlet(s, fmt.Sprintf("%q is the outlet speaking for itself", r.name)), true
	}
	return who{}, false
}

func lastWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

func isPronoun(s string) bool {
	switch strings.ToLower(s) {
	case "he", "she", "they", "it", "him", "her", "them", "we", "us":
		return true
	}
	return false
}

// cleanRole drops a leading article and trailing commas from a role: "a
// representative of …" -> "representative of …".
func cleanRole(s string) string {
	s = strings.TrimSpace(strings.Trim(strings.TrimSpace(s), ","))
	for _, a := range []string{"a ", "an ", "the ", "The "} {
		if strings.HasPrefix(s, a) {
			return strings.TrimSpace(s[len(a):])
		}
	}
	return s
}

func joinRole(title, role string) string {
	title, role = strings.TrimSpace(title), strings.TrimSpace(role)
	switch {
	case title == "":
		return role
	case role == "":
		return title
	}
	switch strings.ToLower(strings.Fields(role)[0]) {
	case "of", "to", "at", "for", "from", "in":
		return title + " " + role // "Ambassador of South Korea to the UN"
	}
	return title + ", " + role
}

// joinList writes "A, B and C".
func joinList(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// outlet is the document's publisher speaking for itself; "unnamed
// reports" when the publisher is not known (the corpus's convention).
func (x *extractor) outlet(s *sentence, why string) who {
	name := strings.TrimSpace(x.doc.Publisher)
	if name == "" {
		name = "unnamed reports"
	}
	w := who{name: name, role: "reporting outlet", outlet: true, sent: s.index, para: s.para}
	if why != "" {
		w.why = []string{why}
	}
	return w
}

// canonOrg maps an organisation or country to the alias data's canonical
// name, when the words around the alias are only a determiner, a country
// or a bracketed acronym. It returns the name and a role.
func (x *extractor) canonOrg(text string) (string, string) {
	text = strings.TrimSpace(text)
	toks := tokenize(text)
	stripped := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(text, "the "), "The "))
	// The whole text is an organisation or a country of the alias data:
	// "the White House", "Washington", "Seoul", "Russia".
	if p, end, ok := matchAt(x.lx.orgs, toks, skipThe(toks)); ok && end == len(toks) {
		return p.canon, ""
	}
	if p, end, ok := matchAt(x.lx.countries, toks, skipThe(toks)); ok && end == len(toks) {
		written := strings.TrimSuffix(strings.TrimSuffix(stripped, "'s"), "’s")
		if p.canon != written {
			return p.canon, written
		}
		return p.canon, ""
	}
	for i := 0; i < len(toks); i++ {
		p, end, ok := matchAt(x.lx.orgs, toks, i)
		if !ok {
			continue
		}
		rest := true
		for k := 0; k < len(toks); k++ {
			if k >= i && k < end {
				continue
			}
			t := toks[k]
			if t.lo == "the" || t.s == "(" || t.s == ")" || t.kind == tPunct {
				continue
			}
			if _, e2, ok := matchAt(x.lx.countries, toks, k); ok {
				k = e2 - 1
				continue
			}
			if k > 0 && toks[k-1].s == "(" {
				continue // the bracketed acronym
			}
			rest = false
			break
		}
		if rest {
			return p.canon, ""
		}
	}
	// Drop a trailing bracketed acronym.
	if i := strings.LastIndex(stripped, " ("); i > 0 && strings.HasSuffix(stripped, ")") {
		stripped = stripped[:i]
	}
	return stripped, ""
}

func skipThe(toks []token) int {
	if len(toks) > 0 && toks[0].lo == "the" {
		return 1
	}
	return 0
}

// countriesOf lists the countries a claimant's name and role name, in
// order, canonical.
func (x *extractor) countriesOf(text string) []string {
	toks := tokenize(text)
	return x.lx.countriesIn(toks, 0, len(toks))
}

// historyFrom is the index of the first claimant in x.history of paragraph
// para or later. Claimants are remembered in sentence order, so the
// history is sorted by paragraph and the searches back through it start
// here rather than at the start of the document.
func (x *extractor) historyFrom(para int) int {
	return sort.Search(len(x.history), func(i int) bool { return x.history[i].para >= para })
}

func (x *extractor) personNamed(name string) *person {
	for i := range x.people {
		if x.people[i].name == name {
			return &x.people[i]
		}
	}
	return nil
}

// lastPerson is the person named most recently before token tok of
// sentence s, in the same or the previous paragraph.
func (x *extractor) lastPerson(s *sentence, tok int) *who {
	var best *who
	bestSent, bestTok := -1, -1
	// The first claimant of the latest sentence before s that has a person
	// among its claimants: history is in sentence order, so the search
	// goes back from the end and stops at the sentence before that one.
	for i, from := len(x.history)-1, x.historyFrom(s.para-1); i >= from; i-- {
		h := &x.history[i]
		if best != nil && h.sent != bestSent {
			break
		}
		if !h.person || h.sent >= s.index {
			continue
		}
		best, bestSent, bestTok = h, h.sent, 0
	}
	for i := range x.people {
		p := &x.people[i]
		if p.sent < 0 || x.sents[p.sent].para < s.para-1 {
			continue
		}
		if p.sent > s.index || (p.sent == s.index && p.tok >= tok) {
			continue
		}
		if p.sent > bestSent || (p.sent == bestSent && p.tok > bestTok) {
			w := who{name: p.name, role: p.title, person: true, countries: x.countriesOf(p.title + " " + p.name)}
			best, bestSent, bestTok = &w, p.sent, p.tok
		}
	}
	if best != nil {
		return best
	}
	// Nobody in the same or the previous paragraph: the person named
	// first (the subject) in the latest sentence before that names one,
	// however far back ("Minister Shin Won-sik held talks with Lloyd
	// Austin." two paragraphs before "He said …" is Shin).
	for i := range x.people {
		p := &x.people[i]
		if p.sent < 0 || p.sent >= s.index {
			continue
		}
		if p.sent > bestSent || (p.sent == bestSent && p.tok < bestTok) {
			w := who{name: p.name, role: p.title, person: true, countries: x.countriesOf(p.title + " " + p.name)}
			best, bestSent, bestTok = &w, p.sent, p.tok
		}
	}
	for i := len(x.history) - 1; i >= 0; i-- {
		h := &x.history[i]
		if h.person && h.sent < s.index && h.sent > bestSent {
			best, bestSent = h, h.sent
			break
		}
		if h.sent <= bestSent {
			break
		}
	}
	return best
}

// lastBody resolves "it", "they", "the agency", "the statement": an
// organisation or country named earlier in the sentence, else the last
// claimant of the same or the previous paragraph (one whose name or role
// has the description's noun, when there is one).
func (x *extractor) lastBody(s *sentence, r ref) *who {
	word := strings.ToLower(lastWord(r.name))
	if word == "it" || word == "they" || word == "them" {
		// Earlier in the sentence: "Washington … when it said".
		f := x.flags(s)
		for k := r.lo - 1; k >= 0; k-- {
			t := s.toks[k]
			if t.quoted || t.date {
				continue
			}
			if f.country[k] || f.org[k] {
				lo := k
				for lo > 0 && (f.country[lo-1] || f.org[lo-1]) {
					lo--
				}
				nm, role := x.canonOrg(span(s.text, s.toks, lo, k+1))
				w := who{name: nm, role: role, countries: x.countriesOf(span(s.text, s.toks, lo, k+1))}
				return &w
			}
		}
	}
	// The history holds no sentence after s (claimants are remembered as
	// their sentence is read), so the latest claimant before the previous
	// paragraph ends the search.
	from := x.historyFrom(s.para - 1)
	var latest *who // the latest claimant that is not the outlet
	if i := x.lastClaimant - 1; i >= from {
		latest = &x.history[i]
	}
	lname := strings.ToLower(r.name)
	if word == "it" || word == "they" || word == "them" || strings.HasPrefix(lname, "their") || strings.HasPrefix(lname, "its") {
		return latest
	}
	if b := x.bodyBefore(s, r.lo, r.name); b != nil {
		return b // "the ministry": the last ministry named
	}
	if i := x.latestWith(word); i >= from {
		return &x.history[i]
	}
	switch word {
	case "statement", "trio", "group", "two", "sides", "countries", "agency", "ministry", "allies", "panel":
		return latest
	}
	return nil
}

// latestWith is the index in x.history of the latest claimant other than
// the outlet whose name or role has the word ("the ministry", "the
// agency" for a service), or -1. The answer for each word is kept and
// brought up to date with only the claimants remembered since, so a long
// paragraph is not read again for every description.
func (x *extractor) latestWith(word string) int {
	if x.withWord == nil {
		x.withWord = map[string]*wordSearch{}
	}
	ws := x.withWord[word]
	if ws == nil {
		ws = &wordSearch{best: -1}
		x.withWord[word] = ws
	}
	for ; ws.upTo < len(x.history); ws.upTo++ {
		h := &x.history[ws.upTo]
		if h.outlet {
			continue
		}
		if strings.Contains(strings.ToLower(h.name+" "+h.role), word) || (word == "agency" && strings.Contains(strings.ToLower(h.name), "service")) {
			ws.best = ws.upTo
		}
	}
	return ws.best
}

// wordSearch is where latestWith got to for one word: the claimants before
// upTo are read, and best is the latest that has the word.
type wordSearch struct{ upTo, best int }

// personTitled finds the person a title without a name refers to: one
// named with a title holding the same key words, before the sentence
// (nearest first), else after it (for a headline).
func (x *extractor) personTitled(title string, sent int) *person {
	want := titleKeyWords(title)
	for w := range want {
		if x.lx.isCountryWord(w) {
			delete(want, w)
		}
	}
	if len(want) == 0 {
		return nil
	}
	match := func(p *person) bool {
		for w := range want {
			if !p.words[w] {
				return false
			}
		}
		return true
	}
	var best *person
	for i := range x.people {
		p := &x.people[i]
		if p.sent < 0 || p.sent > sent || !match(p) {
			continue
		}
		if best == nil || p.sent > best.sent {
			best = p
		}
	}
	if best != nil {
		return best
	}
	for i := range x.people {
		p := &x.people[i]
		if p.sent > sent && match(p) && (best == nil || p.sent < best.sent) {
			best = p
		}
	}
	return best
}

// isCountryWord reports whether a single lower-case word names a country
// or its people ("ukrainian", "korea").
func (lx *lexicon) isCountryWord(w string) bool {
	for _, p := range lx.countries.all {
		for _, pw := range p.words {
			if pw == w {
				return true
			}
		}
	}
	switch w {
	case "south", "north", "korean", "us", "u.s":
		return true
	}
	return false
}
