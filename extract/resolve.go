package extract

// Resolution: a claimant reference made into a claimant, with canonical
// names from the alias data, a role and countries.

import (
	"fmt"
	"slices"
	"strings"

	"github.com/armswatch/armswatch/internal/prose"
)

// resolve turns a ref into a claimant, following pronouns, titles and
// descriptions back to the named person or body.
func (x *extractor) resolve(s *sentence, r ref) (who, bool) {
	w := who{sent: s.index, para: s.para}
	switch r.kind {
	case refPerson:
		return x.resolvePerson(s, r, w), true
	case refOrg:
		return x.resolveOrg(s, r, w)
	case refPronoun:
		if p := x.lastPerson(s, r.lo); p != nil {
			w = *p
			w.sent, w.para = s.index, s.para
			w.why = []string{fmt.Sprintf("%q is %s, named before", r.name, p.name)}
			return w, true
		}
		return who{}, false
	case refThey:
		return x.resolveThey(s, r, w)
	case refTitle:
		return x.resolveTitle(s, r, w), true
	case refOutlet:
		if w, ok := x.authors(s, r.name); ok {
			return w, true
		}
		return x.outlet(s, fmt.Sprintf("%q is the outlet speaking for itself", r.name)), true
	}
	return who{}, false
}

// resolvePerson is a named person, with the alias data's spelling, the
// full name for a surname named before, and their role.
func (x *extractor) resolvePerson(s *sentence, r ref, w who) who {
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
	return w
}

// resolveOrg is an organisation or country, or a list of claimants ("X, Y
// and Z") made one.
func (x *extractor) resolveOrg(s *sentence, r ref, w who) (who, bool) {
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
				if !slices.Contains(w.countries, c) {
					w.countries = append(w.countries, c)
				}
			}
		}
		w.name = prose.And(names)
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
}

// resolveThey is "it", "they", "the agency": the body named before, else
// a description kept as written.
func (x *extractor) resolveThey(s *sentence, r ref, w who) (who, bool) {
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
}

// resolveTitle is a title without a name: the person named with that
// title in the document, else the title itself.
func (x *extractor) resolveTitle(s *sentence, r ref, w who) who {
	if p := x.personTitled(r.name, s.index); p != nil {
		w.name, w.person = p.name, true
		w.role = r.name
		if p.title != "" {
			w.role = p.title
		}
		w.countries = x.countriesOf(r.name + " " + w.role)
		w.why = []string{fmt.Sprintf("%q is %s, named with that title in the document", r.name, p.name)}
		return w
	}
	name := strings.TrimPrefix(strings.TrimPrefix(r.name, "the "), "The ")
	w.name = name
	w.role = name
	w.countries = x.countriesOf(name)
	w.why = []string{fmt.Sprintf("%q: no person with that title is named in the document", r.name)}
	return w
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
	if honorifics[strings.ToLower(strings.TrimSuffix(s, "."))] {
		return "" // "Mr. Sullivan": a form of address, no role
	}
	for _, a := range []string{"a ", "an ", "the ", "The "} {
		if strings.HasPrefix(s, a) {
			return strings.TrimSpace(s[len(a):])
		}
	}
	return s
}

var honorifics = set("mr", "mrs", "ms", "miss", "mx", "messrs", "madam", "sir")

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
// order, canonical; not a country the role is about or posted to ("the top
// US official for North Korean affairs", "ambassador to Russia").
func (x *extractor) countriesOf(text string) []string {
	toks := tokenize(text)
	var out []string
	lo := 0
	for i := 0; i <= len(toks); i++ {
		if i < len(toks) && !aboutWords[toks[i].lo] {
			continue
		}
		out = appendNew(out, x.lx.countriesIn(toks, lo, i)...)
		if i == len(toks) {
			break
		}
		// Skip the country the preposition introduces.
		k := i + 1
		for k < len(toks) && toks[k].lo == "the" {
			k++
		}
		if _, end, ok := matchAt(x.lx.countries, toks, k); ok {
			k = end
		}
		lo = k
		i = k - 1
	}
	return out
}

var aboutWords = set("for", "on", "to", "against", "about", "over")

func appendNew(out []string, add ...string) []string {
	for _, a := range add {
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
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
