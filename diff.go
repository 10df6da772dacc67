package armswatch

import (
	"slices"
	"sort"
)

// Diff reports what changed between two loaded data sets, by id: documents
// and claims added, changed (any field or the body differs; a claim that
// merely moved within or between files is not changed) and removed, each
// sorted, plus the new corpus's counts. Either corpus may be nil (empty).
func Diff(old, new *Corpus) ReindexReport {
	if old == nil {
		old = &Corpus{}
	}
	if new == nil {
		new = &Corpus{}
	}
	r := ReindexReport{
		DocumentsAdded: []string{}, DocumentsChanged: []string{}, DocumentsRemoved: []string{},
		ClaimsAdded: []string{}, ClaimsChanged: []string{}, ClaimsRemoved: []string{},
		Documents: len(new.Documents),
		Claims:    len(new.Claims),
	}
	oldDocs := make(map[string]Document, len(old.Documents))
	for _, d := range old.Documents {
		oldDocs[d.ID] = d
	}
	newDocs := make(map[string]bool, len(new.Documents))
	for _, d := range new.Documents {
		newDocs[d.ID] = true
		o, ok := oldDocs[d.ID]
		switch {
		case !ok:
			r.DocumentsAdded = append(r.DocumentsAdded, d.ID)
		case o != d:
			r.DocumentsChanged = append(r.DocumentsChanged, d.ID)
		}
	}
	for _, d := range old.Documents {
		if !newDocs[d.ID] {
			r.DocumentsRemoved = append(r.DocumentsRemoved, d.ID)
		}
	}

	oldClaims := make(map[string]Claim, len(old.Claims))
	for _, c := range old.Claims {
		oldClaims[c.ID] = c
	}
	newClaims := make(map[string]bool, len(new.Claims))
	for _, c := range new.Claims {
		newClaims[c.ID] = true
		o, ok := oldClaims[c.ID]
		switch {
		case !ok:
			r.ClaimsAdded = append(r.ClaimsAdded, c.ID)
		case !sameClaim(o, c):
			r.ClaimsChanged = append(r.ClaimsChanged, c.ID)
		}
	}
	for _, c := range old.Claims {
		if !newClaims[c.ID] {
			r.ClaimsRemoved = append(r.ClaimsRemoved, c.ID)
		}
	}
	for _, ids := range [][]string{r.DocumentsAdded, r.DocumentsChanged, r.DocumentsRemoved, r.ClaimsAdded, r.ClaimsChanged, r.ClaimsRemoved} {
		sort.Strings(ids)
	}
	return r
}

// sameClaim compares every field of two claims except where they sit
// (Path, Line). Empty and nil lists are the same.
func sameClaim(a, b Claim) bool {
	return a.ID == b.ID &&
		a.Statement == b.Statement &&
		a.Claimant == b.Claimant &&
		a.ClaimantRole == b.ClaimantRole &&
		slices.Equal(a.ClaimantCountry, b.ClaimantCountry) &&
		a.Stance == b.Stance &&
		a.Hedged == b.Hedged &&
		a.SaidOn == b.SaidOn &&
		a.Supplier == b.Supplier &&
		a.Recipient == b.Recipient &&
		slices.EqualFunc(a.Items, b.Items, sameItem) &&
		slices.Equal(a.Appearances, b.Appearances) &&
		a.Status == b.Status &&
		a.SupersededBy == b.SupersededBy &&
		a.Notes == b.Notes &&
		a.ReviewedBy == b.ReviewedBy &&
		a.ReviewedOn == b.ReviewedOn &&
		sameRetraction(a.Retraction, b.Retraction)
}

func sameRetraction(a, b *Retraction) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func sameItem(a, b Item) bool {
	return a.Category == b.Category &&
		a.Designation == b.Designation &&
		a.Caliber == b.Caliber &&
		sameQuantity(a.Quantity, b.Quantity)
}

func sameQuantity(a, b *Quantity) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Text == b.Text &&
		sameNumber(a.Value, b.Value) &&
		sameNumber(a.Min, b.Min) &&
		sameNumber(a.Max, b.Max) &&
		a.Qualifier == b.Qualifier &&
		a.Measure == b.Measure
}

func sameNumber(a, b *float64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
