package extract

// Merging: the same figures by the same claimant in two sentences are one
// record with two appearances.

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/armswatch/armswatch"
)

// merge joins candidates of a document that repeat the same figures by
// the same claimant (a standfirst and the body, a quote and its
// paraphrase) into one record with several appearances.
func merge(cands []Candidate) []Candidate {
	var out []Candidate
	index := map[string]int{}
	for _, c := range cands {
		sig := signature(c.Claim)
		if sig == "" {
			out = append(out, c)
			continue
		}
		key := strings.ToLower(c.Claim.Claimant) + "|" + sig
		if i, ok := index[key]; ok {
			m := &out[i]
			m.Claim.Appearances = append(m.Claim.Appearances, c.Claim.Appearances...)
			if m.Claim.SaidOn.IsZero() {
				m.Claim.SaidOn = c.Claim.SaidOn
			}
			m.Why = append(m.Why, fmt.Sprintf("the same figures by the same claimant again in %q", c.Claim.Appearances[0].Quote))
			continue
		}
		index[key] = len(out)
		out = append(out, c)
	}
	return out
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
