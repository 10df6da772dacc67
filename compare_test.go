package armswatch

import (
	"slices"
	"testing"
)

func TestCompare(t *testing.T) {
	q := func(text string, m Measure) *Quantity {
		return &Quantity{Text: text, Measure: m}
	}
	hit := func(id, said string, stance Stance, items ...Item) ClaimHit {
		c := Claim{ID: id, Claimant: id, Stance: stance, Items: items, Supplier: "North Korea", Recipient: "Russia"}
		if said != "" {
			c.SaidOn = MustDate(said)
		}
		return ClaimHit{Claim: c}
	}
	shell := func(qty *Quantity) Item {
		return Item{Category: CategoryArtilleryShell, Quantity: qty}
	}
	sup := hit("sup", "2023-01", StanceAsserts, shell(q("9", MeasureDelivered)))
	sup.Status = StatusSuperseded
	denial := hit("denial", "2023-12-01", StanceDenies)
	hedged := hit("hedged", "", StanceEstimates, shell(q("about a million", MeasureDelivered)))
	hedged.Hedged = true
	got, besides := Compare([]ClaimHit{
		hedged,
		hit("cap", "2024-02-27", StanceAsserts, shell(q("more than 3 million", MeasureCapacity))),
		hit("early", "2023-11", StanceAsserts, shell(q("more than 1 million", MeasureDelivered))),
		sup, denial,
		hit("alone", "2023", StanceAsserts, Item{Category: CategoryDrone, Quantity: q("5", "")}),
	}, nil)
	if len(besides) != 0 {
		t.Errorf("a denial among the claims reported as extra: %v", besides)
	}
	if len(got) != 1 || got[0].Category != CategoryArtilleryShell {
		t.Fatalf("comparisons = %+v", got)
	}
	var order []string
	for _, r := range got[0].Rows {
		order = append(order, r.ClaimID)
		switch r.ClaimID {
		case "cap":
			if !r.UpperBound {
				t.Errorf("capacity not an upper bound")
			}
		case "hedged":
			if !r.Hedged {
				t.Errorf("hedged not marked")
			}
		case "denial":
			if r.Quantity != nil || r.Stance != StanceDenies {
				t.Errorf("denial row = %+v", r)
			}
		}
	}
	if want := []string{"early", "denial", "cap", "hedged"}; !slices.Equal(order, want) {
		t.Errorf("rows %v, want %v (by date, undated last, superseded left out)", order, want)
	}
	if got, _ := Compare([]ClaimHit{hedged}, []ClaimHit{denial}); len(got) != 0 {
		t.Errorf("one claim compared with nothing")
	}
	// A denial looked up apart stands beside the figures, and is returned
	// so that the answer shows its quote.
	got, besides = Compare([]ClaimHit{hedged, hit("early", "2023-11", StanceAsserts, shell(q("more than 1 million", MeasureDelivered)))},
		[]ClaimHit{denial})
	if len(got) != 1 || len(got[0].Rows) != 3 || len(besides) != 1 || besides[0].ID != "denial" {
		t.Errorf("extra denial: comparisons %+v, besides %v", got, besides)
	}
}

// TestCompareSortsByReportedDate: a claim without said_on sorts by the
// first publication of its sources, not last.
func TestCompareSortsByReportedDate(t *testing.T) {
	t.Parallel()
	fig := func(id, said, published string) ClaimHit {
		h := ClaimHit{Claim: Claim{ID: id, Claimant: id, Stance: StanceAsserts, Items: []Item{{
			Category: CategoryArtilleryShell, Quantity: &Quantity{Text: "1"},
		}}}}
		if said != "" {
			h.SaidOn = MustDate(said)
		}
		if published != "" {
			h.Citations = []Citation{{Published: MustDate(published)}, {Published: MustDate("2025")}}
		}
		h.Reported = ReportedOn(h)
		return h
	}
	cs, _ := Compare([]ClaimHit{fig("undated", "", ""), fig("late", "2024-03", ""), fig("reported", "", "2023-11-14"), fig("said", "2024-01", "2023-01")}, nil)
	if len(cs) != 1 {
		t.Fatalf("comparisons %+v", cs)
	}
	var order []string
	for _, r := range cs[0].Rows {
		order = append(order, r.ClaimID+"@"+r.When())
	}
	want := []string{"reported@reported 2023-11-14", "said@2024-01", "late@2024-03", "undated@date not stated"}
	if !slices.Equal(order, want) {
		t.Errorf("rows %v, want %v", order, want)
	}
}

// TestCompareKeepsPartial: a figure of a claim that matches only part of
// the question is marked so in the comparison too (ComparisonRow.Partial,
// the same note), not set beside the others as if it answered it.
func TestCompareKeepsPartial(t *testing.T) {
	t.Parallel()
	shell := func(id string, partial bool) ClaimHit {
		qty := &Quantity{Text: "more than 1 million", Measure: MeasureDelivered}
		c := Claim{ID: id, Claimant: id, Stance: StanceAsserts, Items: []Item{{Category: CategoryArtilleryShell, Quantity: qty}}}
		return ClaimHit{Claim: c, Partial: partial}
	}
	got, _ := Compare([]ClaimHit{shell("whole", false), shell("part", true)}, nil)
	if len(got) != 1 || len(got[0].Rows) != 2 {
		t.Fatalf("comparisons = %+v", got)
	}
	for _, r := range got[0].Rows {
		if want := r.ClaimID == "part"; r.Partial != want || (r.PartialNote() != "") != want {
			t.Errorf("row %s: partial %v, note %q", r.ClaimID, r.Partial, r.PartialNote())
		}
	}
}
