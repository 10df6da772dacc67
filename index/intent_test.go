package index

import (
	"testing"

	"github.com/armswatch/armswatch"
)

// TestCountTiers: for "how many", a count of what was sent comes before a
// capacity (what could be held), unless the question asks what could be
// held, and both before a claim without a figure or a denial.
func TestCountTiers(t *testing.T) {
	t.Parallel()
	fig := func(m armswatch.Measure, stance armswatch.Stance) armswatch.ClaimHit {
		c := armswatch.ClaimHit{Claim: armswatch.Claim{Stance: stance}}
		c.Items = []armswatch.Item{{Category: armswatch.CategoryArtilleryShell, Quantity: &armswatch.Quantity{Text: "1", Measure: m}}}
		return c
	}
	sent := fig(armswatch.MeasureDelivered, armswatch.StanceAsserts)
	capacity := fig(armswatch.MeasureCapacity, armswatch.StanceEstimates)
	denial := fig(armswatch.MeasureDelivered, armswatch.StanceDenies)
	none := armswatch.ClaimHit{Claim: armswatch.Claim{Stance: armswatch.StanceAsserts}}
	for _, tc := range []struct {
		q                      string
		sent, capacity, others int
	}{
		{"how many shells were sent", 0, 1, 2},
		{"how many shells could the containers hold", 0, 0, 2},
		{"what is the capacity of the containers, how many", 0, 0, 2},
	} {
		p := plan{clean: tc.q, intent: armswatch.IntentCount, focus: -1}
		tier := intentTier(nil, p)
		if got := [4]int{tier(sent), tier(capacity), tier(denial), tier(none)}; got != [4]int{tc.sent, tc.capacity, tc.others, tc.others} {
			t.Errorf("%q: tiers (sent, capacity, denial, no figure) %v, want %d %d %d %d", tc.q, got, tc.sent, tc.capacity, tc.others, tc.others)
		}
	}

	// Asked about shells: a count of containers is next to a count of
	// shells, not beside it.
	containers := armswatch.ClaimHit{Claim: armswatch.Claim{Stance: armswatch.StanceAsserts, Items: []armswatch.Item{
		{Category: armswatch.CategoryContainer, Quantity: &armswatch.Quantity{Text: "6,700", Measure: armswatch.MeasureShipped}},
		{Category: armswatch.CategoryArtilleryShell}}}}
	shells := plan{clean: "how many shells were sent", intent: armswatch.IntentCount, focus: 0,
		concepts: []concept{{item: armswatch.CategoryArtilleryShell}}}
	if got := [3]int{intentTier(nil, shells)(sent), intentTier(nil, shells)(containers), intentTier(nil, shells)(none)}; got != [3]int{0, 1, 2} {
		t.Errorf("how many shells: tiers (shells sent, containers sent, no figure) %v, want [0 1 2]", got)
	}
}
