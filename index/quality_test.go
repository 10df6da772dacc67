package index

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/data"
	"gopkg.in/yaml.v3"
)

type qualityCase struct {
	Query      string             `yaml:"query"`
	Top3       []string           `yaml:"top3"`
	ShowingFor string             `yaml:"showing_for"`
	NoAnswer   bool               `yaml:"no_answer"`
	NoClaim    bool               `yaml:"no_claim"`   // no claim may be shown (documents may)
	MaxClaims  int                `yaml:"max_claims"` // at most this many claims match
	Intent     armswatch.Intent   `yaml:"intent"`
	Includes   []string           `yaml:"includes"` // among the claims shown, anywhere
	Item       armswatch.Category `yaml:"item"`
	Claimant   string             `yaml:"claimant"`
	From       armswatch.Date     `yaml:"from"`
	To         armswatch.Date     `yaml:"to"`
}

// readCases reads a data-driven table of at least minCases cases.
func readCases[T any](t *testing.T, path string, minCases int) []T {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cases []T
	if err := yaml.Unmarshal(raw, &cases); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(cases) < minCases {
		t.Fatalf("%s: only %d cases; the table needs at least %d", path, len(cases), minCases)
	}
	return cases
}

// TestSearchQuality runs the search-quality table over the bundled data.
func TestSearchQuality(t *testing.T) {
	cases := readCases[qualityCase](t, "testdata/quality.yaml", 30)
	ix := openData(t, data.FS(), t.TempDir())
	corpus, err := armswatch.Load(data.FS())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		t.Run(tc.Query, func(t *testing.T) {
			for _, id := range slices.Concat(tc.Top3, tc.Includes) {
				if _, ok := corpus.Claim(id); !ok {
					t.Fatalf("the table names claim %q, which the bundled data does not have", id)
				}
			}
			a, err := ix.Answer(context.Background(), armswatch.Query{Text: tc.Query, Item: tc.Item, Claimant: tc.Claimant, From: tc.From, To: tc.To})
			if err != nil {
				t.Fatal(err)
			}
			ids := claimIDs(a)
			if tc.NoAnswer {
				if !a.NoAnswer() {
					t.Errorf("want no answer, got claims %v and %d documents", ids, len(a.Documents))
				}
				if len(a.Suggestions) == 0 {
					t.Errorf("no suggestions with the no-answer")
				}
				return
			}
			if tc.NoClaim {
				if len(ids) > 0 {
					t.Errorf("want no claim, got %v", ids)
				}
				if len(a.NoClaimAbout) == 0 || !strings.HasPrefix(a.Summary, "No sourced claim about") && !strings.HasPrefix(a.Summary, "No claim record names") {
					t.Errorf("the summary does not say there is no sourced claim: %q", a.Summary)
				}
				return
			}
			if tc.MaxClaims > 0 && len(ids) > tc.MaxClaims {
				t.Errorf("%d claims match, want at most %d: %v", len(ids), tc.MaxClaims, ids)
			}
			for _, want := range tc.Includes {
				if !slices.Contains(ids, want) {
					t.Errorf("%s not among the claims %v", want, ids)
				}
			}
			if tc.Intent != "" && a.Intent != tc.Intent {
				t.Errorf("intent %q, want %q", a.Intent, tc.Intent)
			}
			top := ids[:min(3, len(ids))]
			for _, want := range tc.Top3 {
				if !slices.Contains(top, want) {
					t.Errorf("%s not in the top 3 %v", want, top)
				}
			}
			if a.ShowingFor != tc.ShowingFor {
				t.Errorf("showing results for %q, want %q", a.ShowingFor, tc.ShowingFor)
			}
		})
	}
}
