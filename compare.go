package armswatch

import (
	"slices"
	"sort"
)

// The comparison rules: how figures of different claims stand side by
// side, which denials stand beside them, and how recent an answer's
// sources are. Every front end shows what these compute; none repeats them.

// HasFigures reports whether any active claim gives a figure.
func HasFigures(claims []ClaimHit) bool {
	for _, c := range claims {
		for _, it := range c.Items {
			if it.Quantity != nil && c.Active() {
				return true
			}
		}
	}
	return false
}

// Compare sets side by side the figures the claims give per item category
// (two claims at least), with the denials of the same transfer beside them:
// those among the claims, and those of extra (the denials looked up apart).
// It returns the comparisons and the denials of extra it used that are not
// among the claims. Superseded records stay out. Rows are ordered by the
// date the claim was made (else reported), undated last. Nothing is summed
// or merged: each row is one claimant's figure.
func Compare(claims, extra []ClaimHit) ([]Comparison, []ClaimHit) {
	type catRows struct {
		rows     []ComparisonRow
		claimIDs map[string]bool
		parties  map[[2]string]bool
		order    int
	}
	byCat := map[Category]*catRows{}
	for i, c := range claims {
		if !c.Active() || c.Stance == StanceDenies {
			continue
		}
		for _, it := range c.Items {
			if it.Quantity == nil {
				continue
			}
			cr := byCat[it.Category]
			if cr == nil {
				cr = &catRows{claimIDs: map[string]bool{}, parties: map[[2]string]bool{}, order: i}
				byCat[it.Category] = cr
			}
			cr.claimIDs[c.ID] = true
			cr.parties[[2]string{c.Supplier, c.Recipient}] = true
			cr.rows = append(cr.rows, row(c, it))
		}
	}
	shown := map[string]bool{}
	candidates := slices.Clone(claims)
	for _, c := range claims {
		shown[c.ID] = true
	}
	for _, c := range extra {
		if !shown[c.ID] {
			candidates = append(candidates, c)
		}
	}
	// Categories in the order their first claim ranks (then by name), so
	// that the answer is the same every time.
	cats := make([]Category, 0, len(byCat))
	for cat, cr := range byCat {
		if len(cr.claimIDs) >= 2 {
			cats = append(cats, cat)
		}
	}
	sort.Slice(cats, func(i, j int) bool {
		if a, b := byCat[cats[i]].order, byCat[cats[j]].order; a != b {
			return a < b
		}
		return cats[i] < cats[j]
	})
	var besides []ClaimHit
	out := []Comparison{}
	for _, cat := range cats {
		cr := byCat[cat]
		for _, c := range candidates {
			if !c.Active() || c.Stance != StanceDenies {
				continue
			}
			if !deniesTransfer(c, cat, cr.parties) {
				continue
			}
			if !shown[c.ID] {
				shown[c.ID] = true
				besides = append(besides, c)
			}
			r := row(c, Item{Category: cat})
			for _, it := range c.Items {
				if it.Category == cat {
					r.Designation, r.Caliber = it.Designation, it.Caliber
				}
			}
			cr.rows = append(cr.rows, r)
		}
		sort.SliceStable(cr.rows, func(i, j int) bool {
			a, b := cmpOrDate(cr.rows[i].SaidOn, cr.rows[i].Reported), cmpOrDate(cr.rows[j].SaidOn, cr.rows[j].Reported)
			if a == b {
				return false
			}
			return a.Before(b)
		})
		out = append(out, Comparison{Category: cat, Rows: cr.rows})
	}
	return out, besides
}

// deniesTransfer reports whether a denial concerns the transfer a
// comparison is about: it names the category, or it names no item and the
// same supplier and recipient as one of the figures (or none).
func deniesTransfer(c ClaimHit, cat Category, parties map[[2]string]bool) bool {
	for _, it := range c.Items {
		if it.Category == cat {
			return true
		}
	}
	if len(c.Items) > 0 {
		return false
	}
	if c.Supplier == "" && c.Recipient == "" {
		return true
	}
	for p := range parties {
		if (c.Supplier == "" || c.Supplier == p[0]) && (c.Recipient == "" || c.Recipient == p[1]) {
			return true
		}
	}
	return false
}

func row(c ClaimHit, it Item) ComparisonRow {
	r := ComparisonRow{
		ClaimID: c.ID, Claimant: c.Claimant, ClaimantRole: c.ClaimantRole, SaidOn: c.SaidOn, Reported: c.Reported,
		Stance: c.Stance, Hedged: c.Hedged, Designation: it.Designation, Caliber: it.Caliber, Partial: c.Partial,
	}
	if it.Quantity != nil {
		q := *it.Quantity
		r.Quantity = &q
		r.UpperBound = q.Measure == MeasureCapacity || q.Qualifier == QualifierUpTo
	}
	return r
}

// cmpOrDate is d, or fallback when d is zero.
func cmpOrDate(d, fallback Date) Date {
	if d.IsZero() {
		return fallback
	}
	return d
}

// Freshness is the latest publication date among the sources of what the
// answer shows.
func Freshness(a Answer) Date {
	var latest Date
	see := func(d Date) {
		if !d.IsZero() && (latest.IsZero() || latest.Before(d)) {
			latest = d
		}
	}
	for _, c := range a.Claims {
		for _, ci := range c.Citations {
			see(ci.Published)
		}
	}
	for _, d := range a.Documents {
		see(d.Published)
	}
	return latest
}

// ReportedOn is the earliest publication date of a claim's citations, for a
// claim that states no said_on; zero otherwise.
func ReportedOn(h ClaimHit) Date {
	if !h.SaidOn.IsZero() {
		return Date{}
	}
	var first Date
	for _, c := range h.Citations {
		if !c.Published.IsZero() && (first.IsZero() || c.Published.Before(first)) {
			first = c.Published
		}
	}
	return first
}
