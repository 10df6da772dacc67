package armswatch

import (
	"slices"
	"testing"
)

var resolveGroups = []AliasGroup{
	{Name: "shells", Kind: AliasTerm, Category: CategoryArtilleryShell, Aliases: []string{"artillery ammunition", "снаряди", "포탄"}},
	{Name: "KN-23", Kind: AliasDesignation, Category: CategoryBallisticMissile, Aliases: []string{"Hwasong-11"}},
	{Name: "North Korea", Kind: AliasCountry, Aliases: []string{"DPRK", "Pyongyang"}},
	{Name: "Vadym Skibitskyi", Kind: AliasPerson, Aliases: []string{"Skibitsky", "Вадим Скібіцький"}},
	{Name: "bogus", Kind: AliasTerm, Category: "battleship", Aliases: []string{"battleships"}},
	{Name: "munitions", Kind: AliasTerm, Category: CategoryArtilleryShell, Aliases: []string{"KN-23"}},
}

func TestResolveCategory(t *testing.T) {
	tests := []struct {
		term string
		want Category
		ok   bool
	}{
		{"artillery-shell", CategoryArtilleryShell, true},
		{"ARTILLERY-SHELL", CategoryArtilleryShell, true},
		{"Artillery shells", CategoryArtilleryShell, true},
		{"artillery shell", CategoryArtilleryShell, true},
		{"  artillery_shells ", CategoryArtilleryShell, true},
		{"BALLISTIC_MISSILE", CategoryBallisticMissile, true},
		{"drones", CategoryDrone, true},
		{"military equipment", CategoryMilitaryEquipment, true},
		{"troops", CategoryTroops, true},
		{"other items", CategoryOther, true},
		{"other", CategoryOther, true},
		{"shells", CategoryArtilleryShell, true},
		{"Shell", CategoryArtilleryShell, true},
		{"artillery ammunition", CategoryArtilleryShell, true},
		{"Снаряди", CategoryArtilleryShell, true},
		{"포탄", CategoryArtilleryShell, true},
		{"kn-23", CategoryBallisticMissile, true}, // the first group naming it wins
		{"KN23", CategoryBallisticMissile, true},
		{"hwasong 11", CategoryBallisticMissile, true},
		{"munitions", CategoryArtilleryShell, true},
		{"North Korea", "", false}, // a group without a category
		{"battleships", "", false}, // a group with an invalid category
		{"submarines", "", false},
		{"", "", false},
		{" - ", "", false},
		{"s", "", false},
	}
	for _, tt := range tests {
		got, ok := ResolveCategory(tt.term, resolveGroups)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ResolveCategory(%q) = %q, %v; want %q, %v", tt.term, got, ok, tt.want, tt.ok)
		}
	}
	// Without alias data only the categories resolve.
	if c, ok := ResolveCategory("Artillery shells", nil); !ok || c != CategoryArtilleryShell {
		t.Errorf("no aliases: %q, %v", c, ok)
	}
	if _, ok := ResolveCategory("shells", nil); ok {
		t.Error("no aliases: shells resolved")
	}
	for _, c := range Categories {
		if got, ok := ResolveCategory(string(c), nil); !ok || got != c {
			t.Errorf("category %q resolves to %q, %v", c, got, ok)
		}
		if got, ok := ResolveCategory(c.Label(), nil); !ok || got != c {
			t.Errorf("label %q resolves to %q, %v", c.Label(), got, ok)
		}
	}
}

func TestClaimantNames(t *testing.T) {
	tests := []struct {
		who  string
		want []string
	}{
		{"Skibitsky", []string{"Skibitsky", "Vadym Skibitskyi", "Вадим Скібіцький"}},
		{"  vadym   SKIBITSKYI ", []string{"vadym   SKIBITSKYI", "Skibitsky", "Вадим Скібіцький"}},
		{"вадим скібіцький", []string{"вадим скібіцький", "Vadym Skibitskyi", "Skibitsky"}},
		{"dprk", []string{"dprk", "North Korea", "Pyongyang"}},
		{"D.P.R.K.", []string{"D.P.R.K."}}, // only names with digits are compared written together
		{"Lloyd Austin", []string{"Lloyd Austin"}},
		{"Skibitskyi", []string{"Skibitskyi"}}, // a word of a name is not the name
		{"  ", nil},
		{"--", nil},
	}
	for _, tt := range tests {
		if got := ClaimantNames(tt.who, resolveGroups); !slices.Equal(got, tt.want) {
			t.Errorf("ClaimantNames(%q) = %q, want %q", tt.who, got, tt.want)
		}
	}
	if got := ClaimantNames("Skibitsky", nil); !slices.Equal(got, []string{"Skibitsky"}) {
		t.Errorf("no aliases: %q", got)
	}
}
