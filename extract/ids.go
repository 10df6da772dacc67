package extract

// Ids: kebab-case, unique in the output, tagged with the document.

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"unicode"

	"github.com/armswatch/armswatch"
)

// assignIDs gives every candidate a kebab-case id from the claimant's
// surname (or organisation) and its first figure or item, unique in the
// output, ending in a short tag of the document id: extract never reads
// claim records, and the tag keeps its ids from clashing with records
// already written by hand or with the candidates of another document.
func assignIDs(cands []Candidate, docID string) {
	used := map[string]bool{}
	// next is where the search for a free suffix of an id resumes: the
	// suffixes below it are taken (used only grows), so the search does
	// not start again from 2 for every repeat.
	next := map[string]int{}
	tag := docTag(docID)
	for i := range cands {
		c := &cands[i].Claim
		id := idFor(*c, cands[i].person) + "-" + tag
		unique := id
		n := max(next[id], 2)
		for ; used[unique]; n++ {
			unique = id + "-" + strconv.Itoa(n)
		}
		next[id] = n
		used[unique] = true
		c.ID = unique
	}
}

// docTag is four hex digits of a hash of the document id.
func docTag(docID string) string {
	h := fnv.New32a()
	h.Write([]byte(docID))
	return fmt.Sprintf("%04x", h.Sum32()&0xffff)
}

func idFor(c armswatch.Claim, person bool) string {
	who := claimantKey(c.Claimant, person)
	what := ""
	for _, it := range c.Items {
		if it.Quantity == nil {
			continue
		}
		what = figureKey(it.Quantity) + "-" + itemKey(it)
		break
	}
	if what == "" && len(c.Items) > 0 {
		what = itemKey(c.Items[0])
	}
	switch c.Stance {
	case armswatch.StanceDenies, armswatch.StanceCondemns, armswatch.StanceWarns, armswatch.StanceConfirms:
		what = strings.TrimSpace(string(c.Stance) + " " + what)
	}
	if what == "" {
		what = string(c.Stance)
	}
	return kebab(who + " " + what)
}

// claimantKey: a person's surname, else up to three words of the name.
func claimantKey(name string, person bool) string {
	name = strings.NewReplacer("'s ", " ", "’s ", " ").Replace(name + " ")
	name = strings.TrimSpace(name)
	if person && (strings.Contains(name, ",") || strings.Contains(name, " and ")) {
		first := strings.FieldsFunc(name, func(r rune) bool { return r == ',' })[0]
		first = strings.Split(first, " and ")[0]
		return claimantKey(first, true) + " et al"
	}
	f := strings.Fields(name)
	caps := len(f) > 0
	for _, w := range f {
		r := []rune(w)
		if len(r) == 0 || !unicode.IsUpper(r[0]) {
			caps = false
		}
	}
	if person && caps && len(f) >= 2 && len(f) <= 4 {
		sn := surnames(name)
		if len(sn) > 1 {
			return sn[1]
		}
		return sn[0]
	}
	var keep []string
	for _, w := range f {
		switch strings.ToLower(strings.Trim(w, ",")) {
		case "the", "of", "a", "an", "for", "and":
			continue
		}
		keep = append(keep, w)
		if len(keep) == 3 {
			break
		}
	}
	return strings.Join(keep, " ")
}

func figureKey(q *armswatch.Quantity) string {
	num := func(v float64) string {
		switch {
		case v >= 1e6 && v < 1e9:
			return strconv.FormatFloat(v/1e6, 'f', -1, 64) + " million"
		case v >= 1e9:
			return strconv.FormatFloat(v/1e9, 'f', -1, 64) + " billion"
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	switch {
	case q.Value != nil:
		return num(*q.Value)
	case q.Min != nil && q.Max != nil:
		return num(*q.Min) + " to " + num(*q.Max)
	}
	t := strings.TrimSuffix(normText(q.Text), " of")
	t = strings.TrimPrefix(t, "a ")
	return t
}

func itemKey(it armswatch.Item) string {
	if it.Designation != "" {
		return it.Designation
	}
	return categoryLabels[it.Category]
}

// kebab makes a lowercase kebab-case id of ASCII letters and digits;
// decimal points become hyphens ("1.5 million" -> "1-5-million").
func kebab(s string) string {
	// "U.S." is "us": full stops between letters go.
	rs := []rune(s)
	var folded []rune
	for i, r := range rs {
		if r == '.' && i > 0 && unicode.IsLetter(rs[i-1]) {
			continue
		}
		folded = append(folded, r)
	}
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(string(folded)) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		if r == '\'' || r == '’' {
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return "claim"
	}
	return b.String()
}
