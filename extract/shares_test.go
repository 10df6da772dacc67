package extract

import (
	"testing"

	"github.com/armswatch/armswatch"
)

// A share is kept as the text of a quantity of the item it is a share of,
// with no number: never a count of items. Figures beside it keep theirs.
func TestSharesAreNeverCounts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		body   string
		shares map[string]armswatch.Category // share text → item
		counts map[string]float64            // figure text → value
	}{
		{"The panel said about 20 percent of the shells fired at Kharkiv were North Korean.",
			map[string]armswatch.Category{"about 20 percent of": armswatch.CategoryArtilleryShell}, nil},
		{"North Korea has sent 9,000 containers, and 40% of them carried rockets, officials said.",
			map[string]armswatch.Category{"40% of": armswatch.CategoryContainer}, map[string]float64{"9,000": 9000}},
		{"A third of the 6,700 containers held shells, the ministry said.",
			nil, map[string]float64{"6,700": 6700}},
		{"Two-thirds of the KN-23 missiles fired at Kyiv failed, Ukraine's air force said.",
			map[string]armswatch.Category{"Two-thirds of": armswatch.CategoryBallisticMissile}, nil},
		{"More than half of the rockets came from North Korea, and a fifth of the launchers, the report said.",
			map[string]armswatch.Category{"More than half of": armswatch.CategoryRocket, "a fifth of": armswatch.CategoryLauncher}, nil},
		{"Ammunition prices rose 20 percent, the report said.", nil, nil},
	}
	for _, tc := range tests {
		doc := armswatch.Document{ID: "share-doc", Publisher: "Example News", Body: tc.body}
		shares, counts := map[string]armswatch.Category{}, map[string]float64{}
		for _, c := range Extract(doc, aliasesForTests) {
			for _, it := range c.Claim.Items {
				q := it.Quantity
				if q == nil {
					continue
				}
				if _, ok := tc.shares[q.Text]; ok {
					if q.Value != nil || q.Min != nil || q.Max != nil || q.Qualifier != armswatch.QualifierUnspecified {
						t.Errorf("%q: share %q has numbers or a qualifier: %+v", tc.body, q.Text, *q)
					}
					shares[q.Text] = it.Category
					continue
				}
				if q.Value == nil {
					t.Errorf("%q: unexpected quantity %q without a value", tc.body, q.Text)
					continue
				}
				counts[q.Text] = *q.Value
			}
		}
		if !equalMaps(shares, tc.shares) {
			t.Errorf("%q: shares = %v, want %v", tc.body, shares, tc.shares)
		}
		if !equalMaps(counts, tc.counts) {
			t.Errorf("%q: counts = %v, want %v", tc.body, counts, tc.counts)
		}
	}
}

func equalMaps[V comparable](a, b map[string]V) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
