package extract

import (
	"fmt"
	"strings"
)

// Bodies named in the text, for the descriptions that refer back to them:
// "South Korea's Defence Ministry … the ministry said" is the ministry
// named, as "the minister" is the minister named (people.go).

// bodyHeads are the head nouns a description of a body can have, with the
// head nouns of the names it can refer to ("the agency" may be a service:
// "the spy agency" is the National Intelligence Service).
var bodyHeads = map[string][]string{
	"ministry":    {"ministry"},
	"agency":      {"agency", "service"},
	"service":     {"service"},
	"department":  {"department"},
	"committee":   {"committee"},
	"panel":       {"panel"},
	"commission":  {"commission"},
	"directorate": {"directorate"},
}

// bodyModifiers are words a description may put before its head that the
// name need not hold, or holds in another form ("spy" → "intelligence").
var bodyModifiers = map[string]string{"spy": "intelligence"}

// body is an organisation named in the document.
type body struct {
	name  string // as written, without a leading "the"
	words map[string]bool
	sent  int
	tok   int // the first token of the name
}

// registerBodies records every named body with a head noun of bodyHeads:
// a run of capitalised words (or a country) ending in the head, with an "of"
// phrase and a bracketed acronym after it ("Ministry of National Defense",
// "UN Panel of Experts", "Security Service (SBU)"), and the organisations
// of the alias data whose canonical name has such a head ("NIS").
func (x *extractor) registerBodies() {
	for si := range x.sents {
		s := &x.sents[si]
		f := x.flags(s)
		for k := 0; k < len(s.toks); k++ {
			if lo, hi, ok := x.bodyAt(s, k, f); ok {
				x.addBody(s, lo, hi)
				k = hi - 1
				continue
			}
			if f.org[k] && (k == 0 || !f.org[k-1]) {
				hi := k + 1
				for hi < len(s.toks) && f.org[hi] {
					hi++
				}
				x.addBody(s, k, hi)
				k = hi - 1
			}
		}
	}
}

// bodyAt reads a body name whose head noun is token k.
func (x *extractor) bodyAt(s *sentence, k int, f tokenFlags) (int, int, bool) {
	toks := s.toks
	if _, ok := bodyHeads[base(toks[k].lo)]; !ok || toks[k].quoted {
		return 0, 0, false
	}
	lo := k
	for lo > 0 {
		p := toks[lo-1]
		b := base(p.lo)
		if p.quoted || p.date || p.kind != tWord || b == "the" || b == "a" || b == "an" {
			break
		}
		if !(p.cap() || f.country[lo-1] || f.org[lo-1] || titleWords[b]) {
			break
		}
		lo--
	}
	named := false
	for j := lo; j <= k; j++ {
		if toks[j].cap() || f.country[j] || f.org[j] {
			named = true
		}
	}
	hi := k + 1
	// "Ministry of National Defense", "Panel of Experts".
	if hi+1 < len(toks) && (toks[hi].lo == "of" || toks[hi].lo == "for") && toks[hi+1].cap() {
		j := hi + 1
		for j < len(toks) && toks[j].kind == tWord && (toks[j].cap() || toks[j].lo == "and" && j+1 < len(toks) && toks[j+1].cap()) && !toks[j].quoted {
			j++
		}
		hi = j
	}
	if !named || lo == k && hi == k+1 {
		return 0, 0, false // "the ministry", "the Ministry": a description, not a name
	}
	// A bracketed acronym: "Security Service (SBU)".
	if hi+2 < len(toks) && toks[hi].s == "(" && toks[hi+2].s == ")" && strings.ToUpper(toks[hi+1].s) == toks[hi+1].s {
		hi += 3
	}
	return lo, hi, true
}

// addBody records the body named by tokens [lo, hi) of s.
func (x *extractor) addBody(s *sentence, lo, hi int) {
	text := span(s.text, s.toks, lo, hi)
	canon, _ := x.canonOrg(text)
	words := map[string]bool{}
	for _, w := range phraseWords(text + " " + canon) {
		words[base(w)] = true
	}
	has := false
	for head := range bodyHeads {
		if words[head] {
			has = true
		}
	}
	if !has {
		return
	}
	x.bodies = append(x.bodies, body{name: text, words: words, sent: s.index, tok: lo})
}

// bodyBefore is the last body named before token tok of s whose name has
// the head noun of the description desc ("the ministry", "the spy agency",
// "the defence ministry") and its modifiers, or nil.
func (x *extractor) bodyBefore(s *sentence, tok int, desc string) *who {
	words := phraseWords(desc)
	if len(words) == 0 || len(words) > 3 {
		return nil
	}
	heads := bodyHeads[base(words[len(words)-1])]
	if heads == nil {
		return nil
	}
	var best *body
	for i := range x.bodies {
		b := &x.bodies[i]
		if b.sent > s.index || b.sent == s.index && b.tok >= tok {
			break // bodies are registered in document order
		}
		if bodyMatches(b, heads, words[:len(words)-1]) {
			best = b
		}
	}
	if best == nil {
		return nil
	}
	name, role := x.canonOrg(best.name)
	w := who{name: name, role: role, countries: x.countriesOf(best.name)}
	w.why = []string{fmt.Sprintf("%q is %s, named before", desc, name)}
	return &w
}

// bodyMatches reports whether a body's name has one of the heads and
// every modifier of the description.
func bodyMatches(b *body, heads, modifiers []string) bool {
	ok := false
	for _, h := range heads {
		if b.words[h] {
			ok = true
		}
	}
	for _, m := range modifiers {
		if m == "the" || m == "a" {
			continue
		}
		want := base(m)
		if alt, found := bodyModifiers[want]; found {
			want = alt
		}
		if !b.words[want] && !(want == "defence" && b.words["defense"]) && !(want == "defense" && b.words["defence"]) {
			ok = false
		}
	}
	return ok
}
