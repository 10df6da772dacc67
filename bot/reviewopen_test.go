package bot

import (
	"strconv"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// TestFitSelect: a select menu is cut to Discord's limits (25 options,
// values of at most 100 runes, labels and descriptions cut to 100), kept
// only alone in its row; CheckMessage passes what is kept and refuses each
// menu as built (labels of 150 runes, or worse).
func TestFitSelect(t *testing.T) {
	t.Parallel()
	opts := func(n int, value func(k int) string) []discordgo.SelectMenuOption {
		out := make([]discordgo.SelectMenuOption, n)
		for k := range out {
			out[k] = discordgo.SelectMenuOption{Label: strings.Repeat("é", 150), Value: value(k), Description: strings.Repeat("d", 120)}
		}
		return out
	}
	short := func(k int) string { return "v" + strconv.Itoa(k) }
	for _, tc := range []struct {
		name     string
		menu     discordgo.SelectMenu
		alone    bool
		wantKept bool
		wantOpts int
	}{
		{"fits", discordgo.SelectMenu{MenuType: discordgo.StringSelectMenu, CustomID: "x", Options: opts(3, short)}, true, true, 3},
		{"30 options", discordgo.SelectMenu{MenuType: discordgo.StringSelectMenu, CustomID: "x", Options: opts(30, short)}, true, true, 25},
		{"long values", discordgo.SelectMenu{MenuType: discordgo.StringSelectMenu, CustomID: "x", Options: opts(2, func(int) string { return strings.Repeat("v", 101) })}, true, false, 0},
		{"not alone", discordgo.SelectMenu{MenuType: discordgo.StringSelectMenu, CustomID: "x", Options: opts(2, short)}, false, false, 0},
		{"user select", discordgo.SelectMenu{MenuType: discordgo.UserSelectMenu, CustomID: "x", Options: opts(2, short)}, true, false, 0},
		{"long custom_id", discordgo.SelectMenu{MenuType: discordgo.StringSelectMenu, CustomID: strings.Repeat("x", 101), Options: opts(2, short)}, true, false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			row := []discordgo.MessageComponent{tc.menu}
			if !tc.alone {
				row = append(row, discordgo.Button{Label: "b", CustomID: "y", Style: discordgo.SecondaryButton})
			}
			got := fitComponents([]discordgo.MessageComponent{discordgo.ActionsRow{Components: row}})
			var kept *discordgo.SelectMenu
			for _, c := range got {
				for _, rc := range c.(discordgo.ActionsRow).Components {
					if m, ok := rc.(discordgo.SelectMenu); ok {
						kept = &m
					}
				}
			}
			if (kept != nil) != tc.wantKept {
				t.Fatalf("kept %v, want %v", kept != nil, tc.wantKept)
			}
			if kept != nil {
				if len(kept.Options) != tc.wantOpts {
					t.Errorf("%d options, want %d", len(kept.Options), tc.wantOpts)
				}
				for _, o := range kept.Options {
					if runeLen(o.Label) > LimitChoiceName || runeLen(o.Description) > LimitChoiceName {
						t.Errorf("option %q / %q over 100 runes", o.Label, o.Description)
					}
				}
				if err := CheckMessage("", nil, got, noMentions()); err != nil {
					t.Errorf("the fitted menu fails the checks: %v", err)
				}
			}
			if err := CheckMessage("", nil, []discordgo.MessageComponent{discordgo.ActionsRow{Components: row}}, noMentions()); err == nil {
				t.Error("CheckMessage passes the menu as built (options unfitted)")
			}
		})
	}
}
