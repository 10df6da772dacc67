package main

import (
	"strings"
	"testing"

	"github.com/armswatch/armswatch"
)

// TestRenderPartialMarked: in the terminal, a claim and a comparison row
// (a figure's, a denial's) that match only part of the question each say so; whole matches do not.
func TestRenderPartialMarked(t *testing.T) {
	t.Parallel()
	qty := &armswatch.Quantity{Text: "more than 1 million", Measure: armswatch.MeasureDelivered}
	for _, partial := range []bool{false, true} {
		a := armswatch.Answer{
			Comparisons: []armswatch.Comparison{{Category: armswatch.CategoryArtilleryShell, Rows: []armswatch.ComparisonRow{
				{ClaimID: "row-x", Claimant: "X", Stance: armswatch.StanceAsserts, Quantity: qty, Partial: partial},
				{ClaimID: "row-y", Claimant: "Y", Stance: armswatch.StanceDenies, Partial: partial}}}},
			Claims: []armswatch.ClaimHit{{Claim: armswatch.Claim{ID: "claim-x", Claimant: "X", Statement: "X says so", Stance: armswatch.StanceAsserts}, Partial: partial}},
		}
		out := renderAnswer(a, false)
		want := 0
		if partial {
			want = 3
		}
		if n := strings.Count(out, "matches only part of the question"); n != want {
			t.Errorf("partial %v: the note %d times, want %d:\n%s", partial, n, want, out)
		}
	}
}
