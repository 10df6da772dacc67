package extract

import (
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
		if t.lo == "according" && i+1 < len(toks) && toks[i+1].lo == "to" {
			a, hi := x.accordingTo(s, i)
			out = append(out, a)
			lastEnd = hi
			i = hi - 1
			continue
		}
		if a, ok := x.nounAttribution(s, i, lastEnd); ok {
			out = append(out, a)
			lastEnd = i + 1
			continue
		}
		if t.cap() {
			continue
		}
		st, ok := attribVerbs[t.lo]
		if !ok || !verbAttributes(toks, i) {
			continue
		}
		a, ok, active := x.verbAttribution(s, i, st, lastEnd)
		if ok {
			out = append(out, a)
		}
		if ok && active {
			lastEnd = i + 1
		}
	}
	return out
}

// accordingTo reads "according to X" at token i, and where its source ends.
func (x *extractor) accordingTo(s *sentence, i int) (attribution, int) {
	toks := s.toks
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
	return a, hi
}

// nounAttribution reads "Washington's claims that …", "The General
// Staff's official statement" at the noun, token i.
func (x *extractor) nounAttribution(s *sentence, i, lastEnd int) (attribution, bool) {
	toks := s.toks
	t := toks[i]
	st, ok := nounAttributions[t.lo]
	if !ok || i == 0 {
		return attribution{}, false
	}
	k := i - 1
	if k > 0 && !toks[k].cap() && toks[k].kind == tWord && base(toks[k].lo) == toks[k].lo {
		k-- // one adjective: "official statement"
	}
	if k < 0 || !toks[k].cap() || base(toks[k].lo) == toks[k].lo || toks[k].quoted {
		return attribution{}, false
	}
	lo := k
	for lo > lastEnd && (toks[lo-1].cap() || toks[lo-1].lo == "of" || toks[lo-1].lo == "the") && !toks[lo-1].quoted {
		lo--
	}
	for lo < k && (toks[lo].lo == "the" || toks[lo].lo == "of") {
		lo++
	}
	r := x.parseNP(s, lo, k+1)
	if r.kind != refOrg && r.kind != refPerson {
		return attribution{}, false
	}
	// Whose claims, not when: no date of saying.
	return attribution{verb: i, verbAs: t.s, stance: st, subj: r, lo: lo, dateLo: i, dateHi: i}, true
}

// verbAttributes reports whether the attribution verb at token i is used
// as one: "pointed out", "speaks out against", "put the figure at",
// "called … baseless", "have given lower figures", "expressed concern".
func verbAttributes(toks []token, i int) bool {
	next := func(k int) string {
		if i+k < len(toks) {
			return toks[i+k].lo
		}
		return ""
	}
	switch toks[i].lo {
	case "pointed":
		return next(1) == "out"
	case "speaks", "spoke":
		return next(1) == "out" && next(2) == "against" // only "speaks out against"
	case "put", "puts":
		return next(1) == "the" && (next(2) == "figure" || next(2) == "number" || next(2) == "total" || next(2) == "estimate" || next(2) == "tally")
	case "called", "calls":
		for k := 1; k <= 6 && i+k < len(toks); k++ {
			if denialWords[strings.Trim(toks[i+k].lo, "\"“”.")] {
				return true
			}
		}
		return false
	case "given", "gave", "give", "gives", "offered", "cited", "cites":
		// "have given lower figures", "cited an estimate of"
		return containsWord(toks, i+1, min(len(toks), i+4), "figure", "figures", "estimate", "estimates", "number", "numbers", "tally", "count", "total")
	case "expressed", "voiced":
		return containsWord(toks, i+1, min(len(toks), i+5), "concern", "concerns", "apprehension", "alarm", "fears", "worry", "worries")
	}
	return true // "reads": only "the statement reads", checked with its subject
}

// verbAttribution reads the attribution of the verb at token i: its
// subject before it, or for a passive "by X" after it. active is false for
// the passive, whose words do not end the region of the next subject.
func (x *extractor) verbAttribution(s *sentence, i int, st armswatch.Stance, lastEnd int) (a attribution, ok, active bool) {
	toks := s.toks
	t := toks[i]
	// Adjectival participles: "a widely condemned arms deal".
	p := i - 1
	for p >= 0 && strings.HasSuffix(toks[p].lo, "ly") && toks[p].kind == tWord && len(toks[p].lo) > 3 {
		p--
	}
	if p >= 0 && (toks[p].lo == "a" || toks[p].lo == "an" || toks[p].lo == "the" || toks[p].lo == "as") {
		return attribution{}, false, false
	}
	// Passive: "is estimated to", "was reported"; with "by X" it names
	// X ("later confirmed by the prosecutor's office"), except "as
	// reported by Reuters", which names the messenger.
	be := p >= 0 && (toks[p].lo == "is" || toks[p].lo == "are" || toks[p].lo == "was" || toks[p].lo == "were" || toks[p].lo == "be" || toks[p].lo == "been" || toks[p].lo == "being")
	ing := strings.HasSuffix(t.lo, "ing")
	passive := be && !ing // "is warning" is active
	by := i+1 < len(toks) && toks[i+1].lo == "by"
	if passive || (by && strings.HasSuffix(t.lo, "ed")) {
		if !by {
			return attribution{}, false, false
		}
		a, ok := x.passiveBy(s, i, st)
		return a, ok, false
	}
	// A participle continues an attribution ("…, saying") or modifies a
	// noun ("a joint statement condemning the trade"); only "is
	// warning" and the like attribute.
	if ing && !be {
		return attribution{}, false, false
	}
	lo, r := x.subjectBefore(s, i, lastEnd)
	if r.kind == refNone {
		return attribution{}, false, false
	}
	if t.lo == "reads" && !(r.kind == refThey && strings.Contains(strings.ToLower(r.name), "statement")) {
		return attribution{}, false, false
	}
	a = attribution{verb: i, verbAs: t.s, stance: st, subj: r, lo: lo, dateLo: lo, dateHi: x.afterVerb(s, i)}
	switch t.lo {
	case "pointed":
		a.verbAs = "pointed out"
	case "speaks", "spoke":
		a.verbAs = t.s + " out against" // the stance is the phrase's, not "speaks"
	}
	return a, true, true
}

// passiveBy reads "confirmed by X" at the verb, token i.
func (x *extractor) passiveBy(s *sentence, i int, st armswatch.Stance) (attribution, bool) {
	toks := s.toks
	hi := i + 2
	for hi < len(toks) && toks[hi].s != "," && toks[hi].s != "." && toks[hi].lo != "with" && toks[hi].lo != "on" {
		hi++
	}
	r := x.parseNP(s, i+2, hi)
	if r.kind != refOrg && r.kind != refPerson && r.kind != refThey {
		return attribution{}, false
	}
	return attribution{verb: i, verbAs: toks[i].s, stance: st, subj: r, lo: i + 2, dateLo: hi, dateHi: hi}, true
}

// subjectBefore reads the subject of the verb at token i from the words
// before it, back to the previous attribution or a clause boundary, and
// where that region starts.
func (x *extractor) subjectBefore(s *sentence, i, lastEnd int) (int, ref) {
	toks := s.toks
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
	return lo, r
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
