package index

import (
	"context"
	"strings"
	"testing"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/data"
)

// TestFreshnessAlwaysSaid: every answer with sources says how recent they
// are, including when none of them states a date (the KN-23 claim's only
// source is undated), and a no-answer says nothing about sources.
func TestFreshnessAlwaysSaid(t *testing.T) {
	ix := openData(t, data.FS(), t.TempDir())
	for _, tc := range []struct {
		query string
		want  string
	}{
		{"KN-23", armswatch.UndatedSources},
		{"Kostin", armswatch.UndatedSources},
		{"containers", "Sources up to 2023-11-14."},
		{"Skibitskyi", "Sources up to 2024-01-18."},
	} {
		a, err := ix.Answer(context.Background(), armswatch.Query{Text: tc.query})
		if err != nil {
			t.Fatal(err)
		}
		if got := a.FreshnessLine(); got != tc.want {
			t.Errorf("%q: freshness %q, want %q", tc.query, got, tc.want)
		}
		if strings.Contains(a.Summary, "Sources up to") || strings.Contains(a.Summary, "sources' dates") {
			t.Errorf("%q: the summary repeats the freshness line: %q", tc.query, a.Summary)
		}
	}
	a, err := ix.Answer(context.Background(), armswatch.Query{Text: "tanks"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(a.Summary, "Sources") || strings.Contains(a.Summary, "sources' dates") {
		t.Errorf("no-answer speaks of sources: %q", a.Summary)
	}
	// Nothing is cited: the freshness is the data's.
	if a.SourcesUpTo.String() != "2024-01-18" {
		t.Errorf("no-answer: sources up to %q, want the data's latest date", a.SourcesUpTo)
	}
}

// TestDenialsBesideFigures: denials of the same transfer are set beside the
// compared figures with their quotes, and the summary counts them apart
// from the claims that match the question.
func TestDenialsBesideFigures(t *testing.T) {
	ix := openData(t, data.FS(), t.TempDir())
	a, err := ix.Answer(context.Background(), armswatch.Query{Text: "containers"})
	if err != nil {
		t.Fatal(err)
	}
	shown := map[string]bool{}
	for _, c := range a.Claims {
		shown[c.ID] = true
	}
	var denialRows int
	for _, cmp := range a.Comparisons {
		for _, r := range cmp.Rows {
			if r.Stance == armswatch.StanceDenies {
				denialRows++
				if !shown[r.ClaimID] {
					t.Errorf("denial %s beside the figures but not shown with its quote", r.ClaimID)
				}
			}
		}
	}
	if denialRows == 0 {
		t.Fatalf("no denial beside the container figures: %+v", a.Comparisons)
	}
	if !strings.HasPrefix(a.Summary, "3 claims match") || !strings.Contains(a.Summary, "2 denials of the same transfer stand beside them.") {
		t.Errorf("summary %q", a.Summary)
	}
}
