package extract

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/armswatch/armswatch"
)

// Score is how candidates compare with expected claim records, counted in
// quantities: one unit per item with a quantity, per document it appears
// in.
type Score struct {
	Expected  int // expected quantities
	Recovered int // expected quantities a candidate matches
	Proposed  int // candidate quantities
	Correct   int // candidate quantities that match an expected one
	Missed    []string
	Wrong     []string
}

// Recall is the share of expected quantities recovered.
func (s Score) Recall() float64 { return ratio(s.Recovered, s.Expected) }

// Precision is the share of candidate quantities that match an expected
// one.
func (s Score) Precision() float64 { return ratio(s.Correct, s.Proposed) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// Add sums two scores.
func (s Score) Add(o Score) Score {
	return Score{
		Expected: s.Expected + o.Expected, Recovered: s.Recovered + o.Recovered,
		Proposed: s.Proposed + o.Proposed, Correct: s.Correct + o.Correct,
		Missed: append(append([]string{}, s.Missed...), o.Missed...),
		Wrong:  append(append([]string{}, s.Wrong...), o.Wrong...),
	}
}

func (s Score) String() string {
	return fmt.Sprintf("recall %d/%d = %.1f%%, precision %d/%d = %.1f%%",
		s.Recovered, s.Expected, 100*s.Recall(), s.Correct, s.Proposed, 100*s.Precision())
}

// unit is one quantity of one claim in one document.
type unit struct {
	doc      string
	claimant string
	id       string
	item     armswatch.Item
}

func (u unit) String() string {
	return fmt.Sprintf("%s: %s %q %s (%s)", u.doc, u.claimant, u.item.Quantity.Text, u.item.Category, u.id)
}

// evaluate compares candidates with expected claim records. An expected
// quantity counts once for each document whose quote holds its text. A
// candidate quantity matches an expected one in the same document when the
// category is the same, the numbers are the same (value, or min and max;
// the same text, "of" aside, when neither gives a number), and the
// claimant is the same by surname or organisation, using the alias data.
func evaluate(expected, candidates []armswatch.Claim, aliases []armswatch.AliasGroup) Score {
	m := newMatcher(aliases)
	var exp, got []unit
	for _, c := range expected {
		for _, it := range c.Items {
			if it.Quantity == nil {
				continue
			}
			seen := map[string]bool{}
			for _, a := range c.Appearances {
				if seen[a.Doc] || !strings.Contains(armswatch.NormalizeSpace(a.Quote), armswatch.NormalizeSpace(it.Quantity.Text)) {
					continue
				}
				seen[a.Doc] = true
				exp = append(exp, unit{a.Doc, c.Claimant, c.ID, it})
			}
		}
	}
	for _, c := range candidates {
		for _, it := range c.Items {
			if it.Quantity == nil || len(c.Appearances) == 0 {
				continue
			}
			got = append(got, unit{c.Appearances[0].Doc, c.Claimant, c.ID, it})
		}
	}
	var s Score
	s.Expected, s.Proposed = len(exp), len(got)
	for _, e := range exp {
		found := false
		for _, g := range got {
			if m.match(e, g) {
				found = true
				break
			}
		}
		if found {
			s.Recovered++
		} else {
			s.Missed = append(s.Missed, e.String())
		}
	}
	for _, g := range got {
		found := false
		for _, e := range exp {
			if m.match(e, g) {
				found = true
				break
			}
		}
		if found {
			s.Correct++
		} else {
			s.Wrong = append(s.Wrong, g.String())
		}
	}
	sort.Strings(s.Missed)
	sort.Strings(s.Wrong)
	return s
}

type matcher struct {
	lx    *lexicon
	canon map[string]string // normalised name or alias -> canonical group
}

func newMatcher(aliases []armswatch.AliasGroup) *matcher {
	m := &matcher{lx: newLexicon(aliases), canon: map[string]string{}}
	for _, g := range aliases {
		switch g.Kind {
		case armswatch.AliasPerson, armswatch.AliasOrg, armswatch.AliasCountry:
			for _, n := range g.Names() {
				m.canon[normName(n)] = normName(g.Name)
			}
		}
	}
	return m
}

func (m *matcher) match(e, g unit) bool {
	return e.doc == g.doc && e.item.Category == g.item.Category &&
		sameNumbers(e.item.Quantity, g.item.Quantity) && m.sameClaimant(e.claimant, g.claimant)
}

// sameNumbers compares value, or min and max; without numbers, the text.
func sameNumbers(a, b *armswatch.Quantity) bool {
	eq := func(x, y *float64) bool {
		if x == nil || y == nil {
			return x == nil && y == nil
		}
		return math.Abs(*x-*y) <= 1e-9*math.Max(1, math.Abs(*x))
	}
	switch {
	case a.Value != nil || b.Value != nil:
		return eq(a.Value, b.Value)
	case a.Min != nil || a.Max != nil || b.Min != nil || b.Max != nil:
		return eq(a.Min, b.Min) && eq(a.Max, b.Max)
	}
	return normText(a.Text) == normText(b.Text)
}

// normName lower-cases a name and drops determiners, possessives and
// punctuation: "The U.S. government" -> "us government".
func normName(s string) string {
	s = strings.ToLower(s)
	s = strings.NewReplacer("’s", "", "'s", "", ".", "", ",", " ", "(", " ", ")", " ", "’", "", "'", "").Replace(s)
	var out []string
	for _, w := range strings.Fields(s) {
		switch w {
		case "the", "a", "an":
			continue
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}

// sameClaimant: the same canonical name in the alias data; the same
// surname for people; for organisations, one name containing the other
// (two words at least), or the same country for governments ("Washington"
// and "U.S. government").
func (m *matcher) sameClaimant(a, b string) bool {
	na, nb := normName(a), normName(b)
	if na == "" || nb == "" {
		return false
	}
	ca, cb := m.canonOf(na), m.canonOf(nb)
	if ca == cb {
		return true
	}
	if looksLikePerson(a) && looksLikePerson(b) || looksLikePerson(a) && !strings.Contains(b, " ") || looksLikePerson(b) && !strings.Contains(a, " ") {
		for _, x := range surnames(a) {
			for _, y := range surnames(b) {
				if strings.EqualFold(x, y) {
					return true
				}
			}
		}
		// Surnames through the alias data: "Skibitsky" = "Skibitskyi".
		for _, x := range surnames(a) {
			for _, y := range surnames(b) {
				if m.canonOf(normName(x)) == m.canonOf(normName(y)) && m.canon[normName(x)] != "" {
					return true
				}
			}
		}
		return false
	}
	wa, wb := strings.Fields(ca), strings.Fields(cb)
	if len(wa) >= 2 && containsWords(wb, wa) || len(wb) >= 2 && containsWords(wa, wb) {
		return true
	}
	// Countries written either way ("South Korea's defense minister",
	// "South Korean defense minister") fold to the alias data's name.
	if fa, fb := m.foldCountries(a), m.foldCountries(b); fa == fb {
		return true
	}
	ga, oka := m.government(a)
	gb, okb := m.government(b)
	return oka && okb && ga == gb
}

// foldCountries writes a name with every country phrase replaced by the
// alias data's canonical name, normalised.
func (m *matcher) foldCountries(name string) string {
	toks := tokenize(name)
	var out []string
	for i := 0; i < len(toks); {
		if p, end, ok := matchAt(m.lx.countries, toks, i); ok {
			out = append(out, strings.ToLower(p.canon))
			i = end
			continue
		}
		if toks[i].kind != tPunct && toks[i].lo != "the" && toks[i].lo != "a" && toks[i].lo != "an" {
			out = append(out, base(toks[i].lo))
		}
		i++
	}
	return strings.Join(out, " ")
}

func (m *matcher) canonOf(n string) string {
	if c, ok := m.canon[n]; ok {
		return c
	}
	return n
}

// government reads a name that is only a country and generic words
// ("officials in Seoul", "U.S. government", "Washington") as that
// country's government.
func (m *matcher) government(name string) (string, bool) {
	toks := tokenize(name)
	var country string
	for i := 0; i < len(toks); {
		if p, end, ok := matchAt(m.lx.countries, toks, i); ok {
			if country != "" && country != p.canon {
				return "", false
			}
			country = p.canon
			i = end
			continue
		}
		t := toks[i]
		switch base(t.lo) {
		case "the", "government", "officials", "official", "authorities", "administration", "in", "from", "of", ".", "(", ")":
		default:
			if t.kind != tPunct {
				return "", false
			}
		}
		i++
	}
	return country, country != ""
}

func looksLikePerson(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 || len(f) > 4 {
		return false
	}
	for _, w := range f {
		r := []rune(w)
		if len(r) == 0 || !(r[0] >= 'A' && r[0] <= 'Z' || r[0] > 127) {
			return false
		}
		if orgWords[strings.ToLower(w)] {
			return false
		}
	}
	return true
}

func containsWords(hay, needle []string) bool {
	for i := 0; i+len(needle) <= len(hay); i++ {
		ok := true
		for k, w := range needle {
			if hay[i+k] != w {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
