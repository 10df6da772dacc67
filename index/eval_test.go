package index

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/armswatch/armswatch"
)

// evalCase is one question of the evaluation set (testdata/eval): the
// claim ids that must be among the first four claims shown, every id a
// careful reader accepts as answering, ids that must not be shown, or
// no_claim for a question the data cannot answer.
type evalCase struct {
	Q         string   `yaml:"q"`
	Top       []string `yaml:"top"`
	Relevant  []string `yaml:"relevant"`
	Forbidden []string `yaml:"forbidden"`
	NoClaim   bool     `yaml:"no_claim"`
}

// Thresholds of the evaluation set, over all its questions. The targets
// are what the answer engine aims at; the floors are what it reaches
// today less 0.01 (docs/evaluation.md), enforced so that a change that
// makes answers worse fails. Raise the floors as the engine improves; once
// both targets are met, the floors are the targets.
const (
	targetPrecisionAt4 = 0.85
	targetRecallAt10   = 0.9
	minPrecisionAt4    = 0.90 // reached 0.917
	minRecallAt10      = 0.90 // reached 0.902

	// The held-out table's floors, the same way: it reached 0.867 and
	// 0.775 (0.850 and 0.790 before denial fills kept to the direction
	// asked: "did russia deny receiving shells" no longer shows the
	// embassy's denial of shipments to North Korea).
	heldOutMinPrecisionAt4 = 0.85
	heldOutMinRecallAt10   = 0.765

	// The second held-out table (heldout2.yaml), written by a helper who
	// read the fixture only and never ran the engine: its first run
	// reached 0.738 and 0.667; after three general fixes its failures
	// showed (item words no alias holds, chat fillers, "ammo") and the
	// review's fixes, 0.838 and 0.785 (docs/evaluation.md).
	heldOut2MinPrecisionAt4 = 0.82
	heldOut2MinRecallAt10   = 0.77
)

// TestEvaluationSet answers every question of testdata/eval/questions.yaml
// over the fictional fixture data set beside it and prints precision@4
// (of the first four claims shown, or fewer when fewer are shown, the share
// a careful reader accepts; 1 for a question without an answer that shows
// no claim, 0 when it shows any) and recall@10 (of the accepted ids, the
// share among the first ten). It fails below the thresholds, and on any
// forbidden id shown. Recall is over at most ten ids: a question with more
// relevant ids than fit in ten is judged on the ten it can show.
//
// The held-out table (testdata/eval/heldout.yaml) is scored the same way
// and printed beside it: it was written before the engine was tuned on the
// main table and is never tuned on, so that a change that only fits the
// main table's questions shows as a gap between the two.
func TestEvaluationSet(t *testing.T) {
	t.Parallel()
	data := os.DirFS("testdata/eval/data")
	corpus, err := armswatch.Load(data)
	if err != nil {
		t.Fatalf("the evaluation data does not load: %v", err)
	}
	if n := len(corpus.Documents); n < 15 {
		t.Fatalf("only %d documents; the set needs at least 15", n)
	}
	if n := len(corpus.Claims); n < 60 {
		t.Fatalf("only %d claims; the set needs at least 60", n)
	}
	ix := openData(t, data, t.TempDir())
	for _, set := range []struct {
		name, path   string
		minCases     int
		minP, minR   float64
		targetP, tgR float64
	}{
		{"evaluation set", "testdata/eval/questions.yaml", 30, minPrecisionAt4, minRecallAt10, targetPrecisionAt4, targetRecallAt10},
		{"held-out set", "testdata/eval/heldout.yaml", 10, heldOutMinPrecisionAt4, heldOutMinRecallAt10, targetPrecisionAt4, targetRecallAt10},
		{"second held-out set", "testdata/eval/heldout2.yaml", 20, heldOut2MinPrecisionAt4, heldOut2MinRecallAt10, targetPrecisionAt4, targetRecallAt10},
	} {
		cases := readCases[evalCase](t, set.path, set.minCases)
		precision, recall := runEval(t, ix, corpus, cases)
		t.Logf("%s: %d questions, precision@4 %.3f (floor %.2f, target %.2f), recall@10 %.3f (floor %.2f, target %.2f)",
			set.name, len(cases), precision, set.minP, set.targetP, recall, set.minR, set.tgR)
		if precision < set.targetP || recall < set.tgR {
			t.Logf("%s: below the target; see the ✗ lines", set.name)
		}
		if precision < set.minP {
			t.Errorf("%s: precision@4 %.3f is below %.2f", set.name, precision, set.minP)
		}
		if recall < set.minR {
			t.Errorf("%s: recall@10 %.3f is below %.2f", set.name, recall, set.minR)
		}
	}
}

// runEval answers every case, logs one line per question and returns the
// mean precision@4 and recall@10 (over the cases with relevant ids). A
// forbidden id shown is an error.
func runEval(t *testing.T, ix *Index, corpus *armswatch.Corpus, cases []evalCase) (precision, recall float64) {
	t.Helper()
	var sumP, sumR float64
	var nR int
	for _, tc := range cases {
		for _, id := range slices.Concat(tc.Top, tc.Relevant, tc.Forbidden) {
			if _, ok := corpus.Claim(id); !ok {
				t.Fatalf("%q names claim %q, which the evaluation data does not have", tc.Q, id)
			}
		}
		a, err := ix.Answer(context.Background(), armswatch.Query{Text: tc.Q})
		if err != nil {
			t.Fatalf("%q: %v", tc.Q, err)
		}
		ids := claimIDs(a)
		p, r, problems := scoreEval(tc, ids)
		sumP += p
		if r >= 0 {
			sumR += r
			nR++
		}
		for _, id := range tc.Forbidden {
			if slices.Contains(ids, id) {
				t.Errorf("%q shows the forbidden %s: %v", tc.Q, id, ids)
			}
		}
		mark := " "
		if len(problems) > 0 {
			mark = "✗"
		}
		t.Logf("%s P@4 %.2f R@10 %5.2f  %-60q %s %s", mark, p, r, tc.Q, a.Intent, strings.Join(problems, "; "))
	}
	return sumP / float64(max(len(cases), 1)), sumR / float64(max(nR, 1))
}

// scoreEval is one question's precision@4 and recall@10 (-1 when it has
// no relevant ids) and what a reader would notice.
func scoreEval(tc evalCase, ids []string) (precision, recall float64, problems []string) {
	relevant := slices.Concat(tc.Top, tc.Relevant)
	if tc.NoClaim || len(relevant) == 0 {
		if len(ids) > 0 {
			return 0, -1, []string{"shows claims " + strings.Join(ids[:min(4, len(ids))], ", ")}
		}
		return 1, -1, nil
	}
	top := ids[:min(4, len(ids))]
	hits := 0
	for _, id := range top {
		if slices.Contains(relevant, id) {
			hits++
		} else {
			problems = append(problems, "not relevant in top 4: "+id)
		}
	}
	if len(top) > 0 {
		precision = float64(hits) / float64(len(top))
	}
	for _, id := range tc.Top {
		if !slices.Contains(top, id) {
			problems = append(problems, "missing from top 4: "+id)
		}
	}
	found := 0
	first10 := ids[:min(10, len(ids))]
	uniq := map[string]bool{}
	for _, id := range relevant {
		if uniq[id] {
			continue
		}
		uniq[id] = true
		if slices.Contains(first10, id) {
			found++
		}
	}
	// Ten claims are shown at most: more relevant ids than that cannot all be.
	return precision, float64(found) / float64(min(10, len(uniq))), problems
}

// TestScoreEval checks the measure itself, so that the evaluation can fail.
func TestScoreEval(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		c    evalCase
		ids  []string
		p, r float64
	}{
		{"perfect", evalCase{Top: []string{"a"}, Relevant: []string{"a", "b"}}, []string{"a", "b"}, 1, 1},
		{"noise on top", evalCase{Top: []string{"a"}, Relevant: []string{"a", "b"}}, []string{"x", "y", "a", "b"}, 0.5, 1},
		{"missed", evalCase{Relevant: []string{"a", "b"}}, []string{"a"}, 1, 0.5},
		{"nothing shown", evalCase{Relevant: []string{"a"}}, nil, 0, 0},
		{"negative kept", evalCase{NoClaim: true}, nil, 1, -1},
		{"negative broken", evalCase{NoClaim: true}, []string{"x"}, 0, -1},
	} {
		p, r, _ := scoreEval(tc.c, tc.ids)
		if p != tc.p || r != tc.r {
			t.Errorf("%s: precision %.2f recall %.2f, want %.2f %.2f", tc.name, p, r, tc.p, tc.r)
		}
	}
}
