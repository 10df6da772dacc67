package index

import (
	"slices"
	"testing"

	"github.com/armswatch/armswatch"
)

// TestAliasPhrases: a name's stop words (not its articles) are part of it,
// a text's stop words the name does not have are passed over, and only
// plural endings are dropped, so that verbs and other nouns with the
// stemmer's stem do not match a name.
func TestAliasPhrases(t *testing.T) {
	t.Parallel()
	m := newAliasMatcher([]armswatch.AliasGroup{
		{Name: "in return", Kind: armswatch.AliasTerm, Aliases: []string{"in exchange"}},
		{Name: "duds", Kind: armswatch.AliasTerm, Aliases: []string{"do not function", "any good"}},
		{Name: "ships", Kind: armswatch.AliasTerm, Aliases: []string{"ship", "vessels"}},
		{Name: "shells", Kind: armswatch.AliasTerm, Aliases: []string{"artillery shells"}},
		{Name: "Russia", Kind: armswatch.AliasCountry, Aliases: []string{"the Kremlin"}},
	})
	names := []string{"in return", "duds", "ships", "shells", "Russia"}
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"what does North Korea get in return", []string{"in return"}},
		{"sixty return trips between the ports", nil},
		{"given in exchange for shells", []string{"in return", "shells"}},
		{"about half do not function as they should", []string{"duds"}},
		{"the function of the depot", nil},
		{"are the shells any good", []string{"shells", "duds"}},
		{"a good deal", nil},
		{"a shipping company shipped it", nil},
		{"two ships and a vessel", []string{"ships", "ships"}},
		{"Russian shelling of Kharkiv", nil},
		{"artillery and shells", []string{"shells"}},
		{"Kremlin's denial", []string{"Russia"}},
	} {
		ws := textWords(tc.text, aliasKey)
		var keys []string
		for _, w := range ws {
			if w.key != "" {
				keys = append(keys, w.key)
			}
		}
		var got []string
		for _, h := range m.find(keys) {
			got = append(got, names[h.group])
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q: groups %v, want %v (keys %q)", tc.text, got, tc.want, keys)
		}
	}
}

// TestItemWordsAreNotStems: a question word routes to an item only when it
// is an item's word or its plural, and the words for arms in general are
// told apart.
func TestItemWordsAreNotStems(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		word     string
		item     armswatch.Category
		umbrella bool
	}{
		{"tanks", armswatch.CategoryMilitaryEquipment, false},
		{"shells", armswatch.CategoryArtilleryShell, false},
		{"shelling", "", false},
		{"arms", armswatch.CategoryMilitaryEquipment, true},
		{"armed", "", false},
		{"weapons", armswatch.CategoryMilitaryEquipment, true},
		{"drones", armswatch.CategoryDrone, false},
	} {
		if got := itemCategory(tc.word); got != tc.item {
			t.Errorf("itemCategory(%q) = %q, want %q", tc.word, got, tc.item)
		}
		if got := isUmbrella(tc.word); got != tc.umbrella {
			t.Errorf("isUmbrella(%q) = %v, want %v", tc.word, got, tc.umbrella)
		}
	}
	if !isUmbrella("Military Equipment") || isUmbrella("military") {
		t.Error("isUmbrella is wrong about phrases")
	}
}

// TestDenialsAboutTransfers: a denial beside the figures names an item, a
// party, or arms; one about none of them stays out.
func TestDenialsAboutTransfers(t *testing.T) {
	t.Parallel()
	mk := func(id, statement, supplier string, items ...armswatch.Category) foundClaim {
		c := armswatch.Claim{ID: id, Statement: statement, Supplier: supplier}
		for _, it := range items {
			c.Items = append(c.Items, armswatch.Item{Category: it})
		}
		return foundClaim{sc: storedClaim{Claim: c}}
	}
	found := aboutTransfers([]foundClaim{
		mk("item", "Russia has not received any.", "", armswatch.CategoryArtilleryShell),
		mk("party", "There is no such trade.", "North Korea"),
		mk("arms", "Russia denies the arms deal with North Korea.", ""),
		mk("fair", "Exhibitors only displayed samples; no contracts were signed.", ""),
	})
	var ids []string
	for _, fc := range found {
		ids = append(ids, fc.sc.Claim.ID)
	}
	if want := []string{"item", "party", "arms"}; !slices.Equal(ids, want) {
		t.Errorf("kept %v, want %v", ids, want)
	}
}
