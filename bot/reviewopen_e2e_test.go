package bot

// End-to-end tests of /review through the fake Discord: the list of the
// staged proposals and its select menu, reopening a page by id (and
// reviewing from it), the autocomplete, and the refusals.

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/armswatch/armswatch/bot/discordtest"
	"github.com/armswatch/armswatch/propose"
	"github.com/bwmarrin/discordgo"
)

// review sends /review (id "" for none), its payload then changed by
// change.
func (r *reviewRig) review(t *testing.T, id string, change func(p map[string]any)) *discordtest.Interaction {
	t.Helper()
	options := []any{}
	if id != "" {
		options = append(options, map[string]any{"name": optID, "type": 3, "value": id})
	}
	return r.tr.send(t, r.payload(t, discordgo.InteractionApplicationCommand,
		map[string]any{"id": "1180000000000000691", "name": cmdReview, "type": 1, "options": options}, nil, change))
}

// reviewChoices is the autocomplete of /review id for typed.
func (r *reviewRig) reviewChoices(t *testing.T, typed string, change func(p map[string]any)) []*discordgo.ApplicationCommandOptionChoice {
	t.Helper()
	in := r.tr.send(t, r.payload(t, discordgo.InteractionApplicationCommandAutocomplete,
		map[string]any{"id": "1180000000000000691", "name": cmdReview, "type": 1,
			"options": []any{map[string]any{"name": optID, "type": 3, "value": typed, "focused": true}}}, nil, change))
	cb := in.Callbacks()[0]
	if cb.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
		t.Fatalf("autocomplete answered with type %d", cb.Type)
	}
	return cb.Choices()
}

// choose picks the option of value on msg's select menu.
func (r *reviewRig) choose(t *testing.T, msg *discordgo.Message, customID, value string, change func(p map[string]any)) *discordtest.Interaction {
	t.Helper()
	return r.tr.send(t, r.payload(t, discordgo.InteractionMessageComponent,
		map[string]any{"component_type": 3, "custom_id": customID, "values": []any{value}}, msg, change))
}

// selectMenu is the select menu of msg.
func selectMenu(t *testing.T, msg *discordgo.Message) *discordgo.SelectMenu {
	t.Helper()
	for _, c := range msg.Components {
		if row, ok := c.(*discordgo.ActionsRow); ok {
			for _, rc := range row.Components {
				if m, ok := rc.(*discordgo.SelectMenu); ok {
					return m
				}
			}
		}
	}
	t.Fatalf("no select menu on:\n%s", messageText(msg))
	return nil
}

var (
	asMember   = func(p map[string]any) { p["member"].(map[string]any)["permissions"] = "0" }
	otherGuild = func(p map[string]any) { p["guild_id"] = FixtureOtherGuildID }
	inDM       = func(p map[string]any) {
		p["user"] = p["member"].(map[string]any)["user"]
		delete(p, "member")
		delete(p, "guild_id")
	}
)

// TestReviewOpenE2E, over each transport: after /propose and an Accept,
// /review lists the proposal (title, id, source, who proposed it, its
// counts) with a signed select menu; choosing it replaces the list by the
// review page at the first pending candidate; /review id: opens the same
// page as a new ephemeral message, and Accept pressed on it is kept. The
// fake records no violation of Discord's rules.
func TestReviewOpenE2E(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"gateway", "http"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := newReviewRig(t, name)
			page1 := r.proposeArticle(t)
			updated(t, r.press(t, page1, button(t, page1, "Accept").CustomID, nil))
			st := r.staged(t)

			list := r.review(t, "", nil)
			msg := list.Original()
			if msg.Flags&discordgo.MessageFlagsEphemeral == 0 {
				t.Error("the list is not ephemeral")
			}
			text := messageText(msg)
			for _, want := range []string{"Staged proposals: 1", st.Doc.Title, "`" + st.ID + "`", "proposed by <@" + FixtureAskerID + ">",
				"3 pending · 1 accepted · 0 rejected", "From " + escape(st.Source)} {
				if !strings.Contains(text, want) {
					t.Errorf("the list lacks %q:\n%s", want, text)
				}
			}
			menu := selectMenu(t, msg)
			if !strings.HasPrefix(menu.CustomID, reviewIDVersion+":o:") || len(menu.Options) != 1 || menu.Options[0].Value != reviewDocHash(st.ID) {
				t.Fatalf("select menu %+v", menu)
			}
			opened := updated(t, r.choose(t, msg, menu.CustomID, menu.Options[0].Value, nil))
			if text := messageText(opened); !strings.Contains(text, "Candidate 2 of 4 · Pending") || !strings.Contains(text, "1 accepted") {
				t.Errorf("the page chosen from the list:\n%s", text)
			}

			in := r.review(t, st.ID, nil)
			if cb := in.Callbacks()[0]; cb.Type != discordgo.InteractionResponseChannelMessageWithSource || cb.Message().Flags&discordgo.MessageFlagsEphemeral == 0 {
				t.Fatalf("/review id: answered with type %d, not an ephemeral message", cb.Type)
			}
			page := in.Original()
			if text := messageText(page); !strings.Contains(text, "Candidate 2 of 4 · Pending") {
				t.Fatalf("the reopened page:\n%s", text)
			}
			next := updated(t, r.press(t, page, button(t, page, "Accept").CustomID, nil))
			if text := messageText(next); !strings.Contains(text, "Candidate 2 accepted.") || !strings.Contains(text, "Candidate 3 of 4") {
				t.Errorf("after Accept on the reopened page:\n%s", text)
			}
			if rec := r.staged(t).Records[1]; rec.State != propose.Accepted || rec.By != reviewer {
				t.Errorf("candidate 2 is %s by %q", rec.State, rec.By)
			}
			for _, v := range r.fake.Violations() {
				t.Errorf("fake Discord: %v", v)
			}
		})
	}
}

// TestReviewOpenRefusals: /review, its select menu and its autocomplete
// from a member who is not a moderator, in a DM and in a guild that is
// not a moderator guild are refused (the autocomplete with no choice, so
// no title leaks); a forged select id, an unknown id and a proposal
// published meanwhile get a clear message; nothing changes.
func TestReviewOpenRefusals(t *testing.T) {
	t.Parallel()
	r := newReviewRig(t, "http")
	r.proposeArticle(t)
	st := r.staged(t)
	list := r.review(t, "", nil).Original()
	menu := selectMenu(t, list)
	for _, tc := range []struct {
		name   string
		change func(p map[string]any)
		want   string
	}{
		{"member", asMember, "Only moderators"},
		{"DM", inDM, "not in direct messages"},
		{"other guild", otherGuild, "not available in this server"},
	} {
		for what, in := range map[string]*discordtest.Interaction{
			"list":   r.review(t, "", tc.change),
			"open":   r.review(t, st.ID, tc.change),
			"select": r.choose(t, list, menu.CustomID, menu.Options[0].Value, tc.change),
		} {
			if text := ephemeralReply(t, in); !strings.Contains(text, tc.want) || strings.Contains(text, st.Doc.Title) {
				t.Errorf("%s, %s: the reply lacks %q or shows the title:\n%s", tc.name, what, tc.want, text)
			}
		}
		if c := r.reviewChoices(t, "", tc.change); len(c) != 0 {
			t.Errorf("%s: autocomplete offers %d choices", tc.name, len(c))
		}
	}
	forged := menu.CustomID[:len(menu.CustomID)-1] + map[bool]string{true: "1", false: "0"}[strings.HasSuffix(menu.CustomID, "0")]
	for _, tc := range []struct {
		name, text string
		in         *discordtest.Interaction
	}{
		{"forged select", "not armswatch's", r.choose(t, list, forged, menu.Options[0].Value, nil)},
		{"select of another value", "no longer staged", r.choose(t, list, menu.CustomID, reviewDocHash("no-such-proposal"), nil)},
		{"unknown id", "No proposal `no-such-proposal` is staged", r.review(t, "no-such-proposal", nil)},
		{"not an id", "No proposal `Not An Id!` is staged", r.review(t, "Not An Id!", nil)},
	} {
		if text := ephemeralReply(t, tc.in); !strings.Contains(text, tc.text) {
			t.Errorf("%s: the reply lacks %q:\n%s", tc.name, tc.text, text)
		}
	}
	if r.staged(t).Pending() != 4 {
		t.Error("a refusal changed the proposal")
	}
	for _, v := range r.fake.Violations() {
		t.Errorf("fake Discord: %v", v)
	}
}

// copyProposal stages copies of proposal id under names id-copy-<k>: real
// staged proposals, as propose reads them.
func (r *reviewRig) copyProposal(t *testing.T, id string, n int) {
	t.Helper()
	dir := filepath.Join(r.dataDir, propose.ProposalsDir)
	for k := range n {
		copyDir(t, filepath.Join(dir, id), filepath.Join(dir, fmt.Sprintf("%s-copy-%d", id, k)))
	}
}

// TestReviewOpenManyAndBroken: with 31 proposals staged, the list has 4
// pages of 10 (their menus offering the page's proposals), turned with ◀
// and ▶, and a proposal chosen on the last page opens; all within
// Discord's limits; the autocomplete offers at most 25, by title or id,
// with names and values of at most 100 characters, and none for text
// nothing matches (which the logs do not hold). A proposal whose state.json was edited by hand is
// listed as unreadable, and /review id: answers with its problems as the
// buttons do.
func TestReviewOpenManyAndBroken(t *testing.T) {
	t.Parallel()
	r := newReviewRig(t, "gateway")
	r.proposeArticle(t)
	st := r.staged(t)
	r.copyProposal(t, st.ID, 30)
	if _, err := r.staging.Get(st.ID + "-copy-7"); err != nil {
		t.Fatalf("a copied proposal does not read: %v", err)
	}

	// The list: 4 pages of 10, turned with ▶ to the last, which has 1.
	msg := r.review(t, "", nil).Original()
	text := messageText(msg)
	if !strings.Contains(text, "Staged proposals: 31") || !strings.Contains(text, "Page 1 of 4") || !strings.Contains(text, "**10.**") || strings.Contains(text, "**11.**") {
		t.Errorf("page 1 of the list of 31:\n%s", text)
	}
	if n := len(selectMenu(t, msg).Options); n != 10 || !button(t, msg, "◀").Disabled || button(t, msg, "▶").Disabled {
		t.Errorf("page 1 offers %d options, ◀ enabled or ▶ disabled", n)
	}
	for page := 2; page <= 4; page++ {
		msg = updated(t, r.press(t, msg, button(t, msg, "▶").CustomID, nil))
		if text := messageText(msg); !strings.Contains(text, fmt.Sprintf("Page %d of 4", page)) || !strings.Contains(text, fmt.Sprintf("**%d.**", page*10-9)) {
			t.Errorf("page %d:\n%s", page, text)
		}
	}
	if n := len(selectMenu(t, msg).Options); n != 1 || !button(t, msg, "▶").Disabled || button(t, msg, "◀").Disabled {
		t.Errorf("the last page offers %d options, ▶ enabled or ◀ disabled", n)
	}
	last := selectMenu(t, msg)
	opened := updated(t, r.choose(t, msg, last.CustomID, last.Options[0].Value, nil))
	if text := messageText(opened); !strings.Contains(text, "Candidate 1 of 4 · Pending") {
		t.Errorf("the proposal chosen on the last page:\n%s", text)
	}
	if page := messageText(updated(t, r.press(t, msg, button(t, msg, "◀").CustomID, nil))); !strings.Contains(page, "Page 3 of 4") {
		t.Errorf("◀ from the last page:\n%s", page)
	}

	for _, tc := range []struct {
		typed string
		want  int
	}{
		{"", 25},
		{strings.ToLower(st.Doc.Title[:10]), 25},
		{"copy-12", 1},
		{"nothing-matches-this", 0},
	} {
		choices := r.reviewChoices(t, tc.typed, nil)
		if len(choices) != tc.want {
			t.Errorf("typed %q: %d choices, want %d", tc.typed, len(choices), tc.want)
		}
		for _, c := range choices {
			if v, _ := c.Value.(string); runeLen(c.Name) > LimitChoiceName || len(v) > LimitChoiceValue || !strings.HasPrefix(v, st.ID) {
				t.Errorf("choice %q = %q", c.Name, v)
			}
		}
	}

	// Without LOG_QUERIES nothing typed is logged, nor any token.
	for _, secret := range append(FixtureTokens(t), "nothing-matches-this") {
		if strings.Contains(r.logs.String(), secret) {
			t.Errorf("the logs hold %q", secret)
		}
	}

	broken := st.ID // the first listed
	state := filepath.Join(r.dataDir, propose.ProposalsDir, broken, propose.StagedState)
	raw, err := os.ReadFile(state)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(state, []byte(strings.Replace(string(raw), `"state": "pending"`, `"state": "maybe"`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if text := messageText(r.review(t, "", nil).Original()); !strings.Contains(text, "`"+broken+"`: cannot be read as its files stand") {
		t.Errorf("the list with a broken proposal:\n%s", text)
	}
	reply := ephemeralReply(t, r.review(t, broken, nil))
	if !strings.Contains(reply, "state.json:") || !strings.Contains(reply, "unknown state") || !strings.Contains(reply, "armswatch check") {
		t.Errorf("/review id: of a broken proposal:\n%s", reply)
	}
	for _, v := range r.fake.Violations() {
		t.Errorf("fake Discord: %v", v)
	}
}

// TestReviewOpenWithoutStaging: without a staging area /review says how
// to enable it; with staging and nothing staged, it says so.
func TestReviewOpenWithoutStaging(t *testing.T) {
	t.Parallel()
	fake := newFake(t, discordtest.Options{})
	b, _ := newE2EBot(t, fake, nil, nil)
	r := &reviewRig{fake: fake, tr: startTransport(t, fake, b, "http"), fixture: fixtureNamed(t, "propose by a moderator")}
	if text := ephemeralReply(t, r.review(t, "", nil)); !strings.Contains(text, "Set DATA_DIR to a writable data directory") {
		t.Errorf("/review without staging:\n%s", text)
	}
	if c := r.reviewChoices(t, "", nil); len(c) != 0 {
		t.Errorf("autocomplete without staging: %d choices", len(c))
	}

	fake2 := newFake(t, discordtest.Options{})
	b2, _ := newE2EBot(t, fake2, nil, func(c *Config) { c.Staging = propose.New(t.TempDir()) })
	r2 := &reviewRig{fake: fake2, tr: startTransport(t, fake2, b2, "http"), fixture: r.fixture}
	if text := ephemeralReply(t, r2.review(t, "", nil)); !strings.Contains(text, "No proposal is staged") {
		t.Errorf("/review with nothing staged:\n%s", text)
	}
	for _, v := range append(fake.Violations(), fake2.Violations()...) {
		t.Errorf("fake Discord: %v", v)
	}
}
