package extract

import (
	"sort"
	"strings"
)

// Coreference: "he", "it", "the agency", "the minister" followed back to
// the person or body named before.

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
