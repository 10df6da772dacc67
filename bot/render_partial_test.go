package bot

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/armswatch/armswatch"
)

// TestPartialClaimIsMarked: a claim that matches only part of the question
// says so in its field name, within Discord's limit whatever the claimant
// and role; a claim matching the whole question carries no note.
func TestPartialClaimIsMarked(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("Ministry of Very Long Names ", 20)
	for _, tc := range []struct {
		name           string
		claimant, role string
		partial        bool
	}{
		{"whole match", "Shin Won-sik", "South Korean Defense Minister", false},
		{"partial", "Shin Won-sik", "South Korean Defense Minister", true},
		{"partial, longest names", long, long, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := armswatch.ClaimHit{Claim: armswatch.Claim{ID: "x", Claimant: tc.claimant, ClaimantRole: tc.role, Stance: armswatch.StanceAsserts}, Partial: tc.partial}
			f := claimField(c, newSourceNumbers())
			note := "matches only part of the question"
			if got := strings.HasSuffix(f.Name, " · "+note); got != tc.partial {
				t.Errorf("name %q: note shown = %v, want %v", f.Name, got, tc.partial)
			}
			if n := utf8.RuneCountInString(f.Name); n > LimitFieldName {
				t.Errorf("name is %d characters, over %d", n, LimitFieldName)
			}
		})
	}
}

// TestPartialRowIsMarked: a comparison row of a claim that matches only
// part of the question says so ("partial match") before the claimant (so that no
// cut of a long name loses it); a row of a whole match has none.
func TestPartialRowIsMarked(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("Ministry of Very Long Names ", 20)
	for _, partial := range []bool{false, true} {
		row := armswatch.ComparisonRow{ClaimID: "x", Claimant: long, ClaimantRole: long, Stance: armswatch.StanceAsserts,
			Quantity: &armswatch.Quantity{Text: "more than 1 million", Measure: armswatch.MeasureDelivered}, Partial: partial}
		f := comparisonField(armswatch.Comparison{Category: armswatch.CategoryArtilleryShell, Rows: []armswatch.ComparisonRow{row}})
		if got := strings.Contains(f.Value, "*partial match*"); got != partial {
			t.Errorf("partial %v: note shown = %v in %q", partial, got, f.Value)
		}
	}
}
