package bot

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/armswatch/armswatch"
	"github.com/bwmarrin/discordgo"
)

// TestClaimsItemTerm: /claims item: takes what /timeline item: and ask
// --item take, a category or a term the alias data maps to one
// (armswatch.ResolveCategory), and asks the engine for the category.
func TestClaimsItemTerm(t *testing.T) {
	t.Parallel()
	tests := []struct {
		item string
		want armswatch.Category // "" = refused
	}{
		{"shells", armswatch.CategoryArtilleryShell},
		{"Shell", armswatch.CategoryArtilleryShell},
		{"포탄", armswatch.CategoryArtilleryShell},
		{"artillery ammunition", armswatch.CategoryArtilleryShell},
		{"KN23", armswatch.CategoryBallisticMissile},
		{"Hwasong-11", armswatch.CategoryBallisticMissile},
		{"Artillery shells", armswatch.CategoryArtilleryShell},
		{"ballistic-missile", armswatch.CategoryBallisticMissile},
		{"battleships", ""},
		{"Claimant One (fixture)", ""}, // an alias group without a category
	}
	for _, tt := range tests {
		t.Run(tt.item, func(t *testing.T) {
			b, eng := newFixtureBot(t, nil)
			r := b.Handle(context.Background(), commandInteraction(cmdClaims, []*discordgo.ApplicationCommandInteractionDataOption{
				{Name: optQuery, Type: discordgo.ApplicationCommandOptionString, Value: "shells"},
				{Name: optItem, Type: discordgo.ApplicationCommandOptionString, Value: tt.item},
			}))
			text := ResponseText(r.Initial)
			if tt.want == "" {
				if len(eng.Queries) != 0 || !strings.Contains(text, "is not an item I know") {
					t.Errorf("item %q: asked %+v, answered %s", tt.item, eng.Queries, text)
				}
				return
			}
			if len(eng.Queries) != 1 || eng.Queries[0].Item != tt.want {
				t.Fatalf("item %q: asked %+v, want item %q; answered %s", tt.item, eng.Queries, tt.want, text)
			}
			if strings.Contains(text, "not an item") {
				t.Errorf("item %q refused: %s", tt.item, text)
			}
		})
	}
}

// TestClaimsItemWithoutData: a category needs no alias data; a term is
// refused, not an error, when the data cannot be read.
func TestClaimsItemWithoutData(t *testing.T) {
	t.Parallel()
	b, eng := newFixtureBot(t, nil)
	eng.CorpusErr = errors.New("fake: no data")
	ask := func(item string) string {
		r := b.Handle(context.Background(), commandInteraction(cmdClaims, []*discordgo.ApplicationCommandInteractionDataOption{
			{Name: optQuery, Type: discordgo.ApplicationCommandOptionString, Value: "shells"},
			{Name: optItem, Type: discordgo.ApplicationCommandOptionString, Value: item},
		}))
		return ResponseText(r.Initial)
	}
	if text := ask("artillery shells"); len(eng.Queries) != 1 || eng.Queries[0].Item != armswatch.CategoryArtilleryShell {
		t.Errorf("category without data: asked %+v, answered %s", eng.Queries, text)
	}
	if text := ask("shells"); len(eng.Queries) != 1 || !strings.Contains(text, "is not an item I know") {
		t.Errorf("term without data: asked %+v, answered %s", eng.Queries, text)
	}
}
