package extract

// Speaker labels: transcript speakers ("HOLLOWAY:"), headline sources
// ("Russia:") and interview answers ("A:") as claimants.

import (
	"fmt"
	"strings"
	"unicode"
)

// parenName returns a person's name written in brackets in a label:
// "Minister for Europe (Daniel Archer)".
func parenName(label string) string {
	i, j := strings.Index(label, "("), strings.LastIndex(label, ")")
	if i < 0 || j < i {
		return ""
	}
	inner := strings.TrimSpace(label[i+1 : j])
	f := strings.Fields(inner)
	if len(f) < 2 || len(f) > 4 {
		return ""
	}
	for _, w := range f {
		r := []rune(w)
		if !unicode.IsUpper(r[0]) || orgWords[strings.ToLower(w)] {
			return ""
		}
	}
	return inner
}

// labelOwner makes the paragraph's speaker label ("HOLLOWAY:", "Russia:")
// the claimant.
func (x *extractor) labelOwner(s *sentence, p paragraph) *owned {
	if p.label == "A" {
		return x.interviewee(s, p)
	}
	lt := tokenize(p.label)
	ls := sentence{para: p.index, index: s.index, text: p.label, toks: lt}
	r := x.parseNP(&ls, 0, len(lt))
	if r.kind == refNone {
		return nil
	}
	upper := strings.ToUpper(p.label) == p.label
	switch {
	case parenName(p.label) != "":
		// "Minister for Europe (Daniel Archer)": the name in brackets.
		r = ref{kind: refPerson, name: parenName(p.label), title: strings.TrimSpace(p.label[:strings.Index(p.label, "(")])}
	case upper && (r.kind == refOrg || r.kind == refTitle || r.kind == refPerson):
		// "HOLLOWAY": an upper-case surname named earlier; "DR. ELI FINCH":
		// a name in capitals; "ANCHOR" is not a claimant.
		if pp := x.personBySurname(titleCase(lastWord(p.label)), s.index); pp != nil {
			r = ref{kind: refPerson, name: pp.name}
			break
		}
		words := strings.Fields(p.label)
		for len(words) > 0 && personTitles[strings.ToLower(words[0])] {
			words = words[1:]
		}
		if len(words) < 2 || len(words) > 4 {
			return nil
		}
		for i, w := range words {
			words[i] = titleCase(w)
		}
		r = ref{kind: refPerson, name: strings.Join(words, " ")}
	case r.kind == refOrg && !x.namesABody(&ls, r):
		return nil // "Update:", "Numbers to know:"
	}
	w, ok := x.resolve(&ls, r)
	if !ok {
		return nil
	}
	w.sent, w.para = s.index, s.para
	w.why = append([]string{fmt.Sprintf("claimant from the speaker label %q", p.label+":")}, w.why...)
	return &owned{who: w}
}

// isQuestion reports whether a sentence outside quotation marks is a
// question ("Q: How many drones has Russia launched?").
func isQuestion(s *sentence) bool {
	n := len(s.toks)
	return n > 0 && s.toks[n-1].s == "?" && !s.toks[n-1].quoted
}

// interviewee owns an interview's answers ("A: …" after a "Q: …"
// paragraph): the person the document names first, before the answer.
func (x *extractor) interviewee(s *sentence, p paragraph) *owned {
	asked := false
	for _, q := range x.paras[:p.index] {
		asked = asked || q.label == "Q"
	}
	if !asked {
		return nil
	}
	var first *person
	for i := range x.people {
		pp := &x.people[i]
		if pp.sent >= 0 && pp.sent < s.index && (first == nil || pp.sent < first.sent || pp.sent == first.sent && pp.tok < first.tok) {
			first = pp
		}
	}
	if first == nil {
		return nil
	}
	w := who{name: first.name, role: first.title, person: true, countries: x.countriesOf(first.title + " " + first.name), sent: s.index, para: s.para}
	w.why = []string{fmt.Sprintf("claimant from the answer label \"A:\": %s, the person the interview introduces", first.name)}
	return &owned{who: w}
}
