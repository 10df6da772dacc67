package extract

// Merging: one assertion reported twice is one record (with two
// appearances when it is in two sentences).

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/armswatch/armswatch"
)

// merge joins candidates of a document that are one assertion reported
// more than once: the same figures by the same claimant (a standfirst and
// the body, a quote and its paraphrase), the same stance by the same
// claimants in one sentence, and a figureless denial, condemnation,
// warning or confirmation by the same claimants about the same items and
// words ("North Korea and Russia strongly deny the facts of the weapons
// trade" … "Russia and North Korea … denied the existence of the weapons
// trade"). Claimants are the same set of parties in any order.
func merge(cands []Candidate) []Candidate {
	var out []Candidate
	for _, c := range cands {
		i := sameAssertion(out, c)
		if i < 0 {
			out = append(out, c)
			continue
		}
		m := &out[i]
		if m.Claim.Appearances[0].Quote == c.Claim.Appearances[0].Quote {
			m.Claim.Items = unionItems(m.Claim.Items, c.Claim.Items)
			m.Why = append(m.Why, fmt.Sprintf("the same stance by the same claimants (%s) again in the same sentence, merged", c.Claim.Claimant))
			continue
		}
		m.Claim.Appearances = append(m.Claim.Appearances, c.Claim.Appearances...)
		if m.Claim.SaidOn.IsZero() {
			m.Claim.SaidOn = c.Claim.SaidOn
		}
		if signature(c.Claim) != "" {
			m.Why = append(m.Why, fmt.Sprintf("the same figures by the same claimant again in %q", c.Claim.Appearances[0].Quote))
		} else {
			m.Why = append(m.Why, fmt.Sprintf("the same %s by the same claimants again in %q", c.Claim.Stance, c.Claim.Appearances[0].Quote))
		}
	}
	return out
}

// sameAssertion is the index in out of the candidate that c repeats, or -1.
func sameAssertion(out []Candidate, c Candidate) int {
	key, sig := claimantsKey(c.Claim.Claimant), signature(c.Claim)
	for i, m := range out {
		if claimantsKey(m.Claim.Claimant) != key {
			continue
		}
		switch {
		case sig != "" && signature(m.Claim) == sig:
			return i
		case m.Claim.Stance == c.Claim.Stance && m.Claim.Appearances[0].Quote == c.Claim.Appearances[0].Quote:
			return i
		case sig == "" && signature(m.Claim) == "" && sameTakenStance(m.Claim, c.Claim):
			return i
		}
	}
	return -1
}

// sameTakenStance: two figureless records taking the same stance (not a
// plain assertion or report) on the same items, whose statements share at
// least two words of their own.
func sameTakenStance(a, b armswatch.Claim) bool {
	switch a.Stance {
	case armswatch.StanceDenies, armswatch.StanceCondemns, armswatch.StanceWarns, armswatch.StanceConfirms:
	default:
		return false
	}
	if a.Stance != b.Stance || itemsKey(a.Items) != itemsKey(b.Items) || !agree(a.Supplier, b.Supplier) || !agree(a.Recipient, b.Recipient) {
		return false
	}
	return sharedWords(statementWords(a.Statement), statementWords(b.Statement)) >= 2
}

// agree: the same, or one not given.
func agree(a, b string) bool { return a == b || a == "" || b == "" }

// claimantsKey is a claimant as a set of parties: "North Korea and
// Russia" = "Russia and North Korea".
func claimantsKey(name string) string {
	name = strings.ReplaceAll(strings.ToLower(name), ", and ", ", ")
	parts := strings.FieldsFunc(strings.ReplaceAll(name, " and ", ","), func(r rune) bool { return r == ',' })
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	sort.Strings(parts)
	return strings.Join(parts, "|")
}

func itemsKey(items []armswatch.Item) string {
	var parts []string
	for _, it := range items {
		parts = append(parts, string(it.Category)+"/"+it.Designation)
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

// unionItems adds to a the items of b it does not hold yet.
func unionItems(a, b []armswatch.Item) []armswatch.Item {
	for _, it := range b {
		if !slices.ContainsFunc(a, func(x armswatch.Item) bool { return reflect.DeepEqual(x, it) }) {
			a = append(a, it)
		}
	}
	return a
}

// statementWords are the words of a statement after its "X denies:", of
// four letters or more.
func statementWords(st string) map[string]bool {
	if _, after, ok := strings.Cut(st, ": "); ok {
		st = after
	}
	w := map[string]bool{}
	for _, f := range strings.FieldsFunc(strings.ToLower(st), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len([]rune(f)) >= 4 && !joiningWords[f] {
			w[f] = true
		}
	}
	return w
}

func sharedWords(a, b map[string]bool) int {
	n := 0
	for w := range a {
		if b[w] {
			n++
		}
	}
	return n
}

func signature(c armswatch.Claim) string {
	var parts []string
	for _, it := range c.Items {
		q := it.Quantity
		if q == nil {
			continue
		}
		parts = append(parts, string(it.Category)+":"+numbersKey(q))
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

func numbersKey(q *armswatch.Quantity) string {
	switch {
	case q.Value != nil:
		return strconv.FormatFloat(*q.Value, 'g', -1, 64)
	case q.Min != nil && q.Max != nil:
		return strconv.FormatFloat(*q.Min, 'g', -1, 64) + "-" + strconv.FormatFloat(*q.Max, 'g', -1, 64)
	}
	return normText(q.Text)
}

// normText lower-cases a figure's text, folds whitespace and quotes, and
// drops a trailing "of" ("dozens of" = "dozens").
func normText(s string) string {
	s = strings.ToLower(armswatch.NormalizeSpace(s))
	s = strings.Trim(s, "\"“” ")
	return strings.TrimSuffix(s, " of")
}
