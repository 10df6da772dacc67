package index

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/internal/prose"
)

// TestFillShortAnswer: a short strict answer is followed by the claims of
// the item (or names) asked, said in the summary; the routing is kept,
// a denial question is filled with denials only, and a question the data
// cannot answer is never filled.
func TestFillShortAnswer(t *testing.T) {
	t.Parallel()
	data := os.DirFS("testdata/eval/data")
	ix := openData(t, data, t.TempDir())
	corpus, err := armswatch.Load(data)
	if err != nil {
		t.Fatal(err)
	}
	mentions := func(id, word string) bool {
		c, _ := corpus.Claim(id)
		text := strings.ToLower(c.Statement)
		for _, a := range c.Appearances {
			text += " " + strings.ToLower(a.Quote)
		}
		return strings.Contains(text, word)
	}
	category := func(id string, cat armswatch.Category) bool {
		c, _ := corpus.Claim(id)
		return slices.ContainsFunc(c.Items, func(it armswatch.Item) bool { return it.Category == cat })
	}

	a := ask(t, ix, "drone production in north korea")
	ids := claimIDs(a)
	if len(ids) < 4 {
		t.Fatalf("drone production: only %v", ids)
	}
	for i, id := range ids {
		if !category(id, armswatch.CategoryDrone) {
			t.Errorf("drone production: %s (#%d) is not about drones", id, i+1)
		}
	}
	strict := 0
	for strict < len(ids) && mentions(ids[strict], "production") {
		strict++
	}
	filled := len(ids) - strict
	if strict == 0 || strict >= fillBelow || !strings.HasPrefix(a.Summary, prose.Count(strict, "claim matches", "claims match")) ||
		!strings.Contains(a.Summary, prose.Count(filled, "claim", "claims")+" below") {
		t.Errorf("drone production: %d strict, %d filled %v, summary %q", strict, filled, ids, a.Summary)
	}
	for _, id := range ids[strict:] {
		if mentions(id, "production") {
			t.Errorf("drone production: %s is filled but matches the whole question", id)
		}
	}
	for i, c := range a.Claims {
		if c.Partial != (i >= strict) {
			t.Errorf("drone production: %s (#%d) has partial = %v, want %v", c.ID, i+1, c.Partial, i >= strict)
		}
	}

	for _, id := range claimIDs(ask(t, ix, "who denied the arms deliveries")) {
		if c, _ := corpus.Claim(id); c.Stance != armswatch.StanceDenies {
			t.Errorf("who denied the arms deliveries: %s is not a denial", id)
		}
	}
	for _, q := range []string{"did belarus send troops to russia", "submarine technology transfer", "chemical weapons north korea russia"} {
		if ids := claimIDs(ask(t, ix, q)); len(ids) > 0 {
			t.Errorf("%q shows %v", q, ids)
		}
	}
}

// TestFillDenialWithoutStrictMatch: a question about a denial of arms that
// no claim matches whole ("who denied sending shells to russia" over the
// bundled data, whose denials name no item) is answered by the denials of
// a transfer, each marked partial and said so; one about troops is not.
func TestFillDenialWithoutStrictMatch(t *testing.T) {
	t.Parallel()
	data := os.DirFS("../data")
	ix := openData(t, data, t.TempDir())
	a := ask(t, ix, "who denied sending shells to russia")
	if len(a.Claims) == 0 {
		t.Fatalf("no claim shown: %q", a.Summary)
	}
	for _, c := range a.Claims {
		if !c.Partial || c.Stance != armswatch.StanceDenies {
			t.Errorf("%s: partial %v, stance %s; want a partial denial", c.ID, c.Partial, c.Stance)
		}
	}
	if want := "No claim record matches all of"; !strings.HasPrefix(a.Summary, want) {
		t.Errorf("summary %q, want it to start %q", a.Summary, want)
	}
	// Over the fixture, which has troops and shells denials: a question
	// about denials of troops shows no shells denial, one about missiles
	// no troops denial and no denial naming only other items, and one
	// naming a recipient no denial of shipments elsewhere.
	fixture := os.DirFS("testdata/eval/data")
	fx := openData(t, fixture, t.TempDir())
	corpus, err := armswatch.Load(fixture)
	if err != nil {
		t.Fatal(err)
	}
	for q, allowed := range map[string]func(armswatch.Claim) bool{
		"who denied sending troops": func(c armswatch.Claim) bool { return hasCategory(c, armswatch.CategoryTroops) },
		"who denied sending missiles": func(c armswatch.Claim) bool {
			return len(c.Items) == 0 || slices.ContainsFunc(armsCategories, func(cat armswatch.Category) bool { return hasCategory(c, cat) })
		},
		"did ukraine deny receiving shells from north korea": func(c armswatch.Claim) bool { return c.Recipient == "Ukraine" },
	} {
		a := ask(t, fx, q)
		for _, h := range a.Claims {
			if c, _ := corpus.Claim(h.ID); h.Partial && !allowed(c) {
				t.Errorf("%q: filled with %s", q, h.ID)
			}
		}
	}
}

func hasCategory(c armswatch.Claim, cat armswatch.Category) bool {
	return slices.ContainsFunc(c.Items, func(it armswatch.Item) bool { return it.Category == cat })
}
