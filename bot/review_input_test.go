package bot

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/armswatch/armswatch/propose"
	"github.com/bwmarrin/discordgo"
)

// TestReviewDMAndLongModal: a review button pressed in a direct message
// (no member, no guild) is refused as the commands refuse DMs and changes
// nothing; a modal submitted with every field at Discord's 4000-character
// limit is answered within Discord's limits (the fake checks them),
// refused or kept, never a failure, and whatever is kept is the text as
// typed.
func TestReviewDMAndLongModal(t *testing.T) {
	t.Parallel()
	r := newReviewRig(t, "http")
	page := r.proposeArticle(t)
	dm := func(p map[string]any) {
		m := p["member"].(map[string]any)
		p["user"] = m["user"]
		delete(p, "member")
		delete(p, "guild_id")
	}
	for _, label := range []string{"Accept", "Reject", "Edit", "▶"} {
		if text := ephemeralReply(t, r.press(t, page, button(t, page, label).CustomID, dm)); !strings.Contains(text, "not in direct messages") {
			t.Errorf("%s in a DM:\n%s", label, text)
		}
	}
	if s := r.stateOf(t, 0); s != propose.Pending {
		t.Fatalf("a press in a DM made candidate 1 %s", s)
	}
	in := r.press(t, page, button(t, page, "Edit").CustomID, nil)
	modalID, _ := in.Callbacks()[0].Data["custom_id"].(string)
	long := strings.Repeat("x", 4000)
	values := map[string]string{inStatement: long, inClaimant: long, inFigure: long, inMeasure: long, inSaidOn: long}
	sub := r.submit(t, page, modalID, values)
	cb := sub.Callbacks()[0]
	text := callbackText(cb)
	if strings.Contains(text, "went wrong") {
		t.Fatalf("a 4000-character modal:\n%s", text)
	}
	if cb.Type == discordgo.InteractionResponseUpdateMessage {
		if rec := r.staged(t).Records[0]; rec.Claim.Statement != long {
			t.Errorf("the kept statement is not the text as typed (%d characters)", len(rec.Claim.Statement))
		}
	} else if !strings.Contains(text, "does not pass the checks") && !strings.Contains(text, "not one figure") {
		t.Errorf("a 4000-character modal is refused with:\n%s", text)
	}
	for _, e := range r.fake.Violations() {
		t.Errorf("fake Discord: %v", e)
	}
}

// TestReviewBrokenProposal: a press on the page of a proposal whose state
// file was edited by hand into an unknown state is answered with the
// problem at its file and line (as armswatch check says it), not as a
// failure, and nothing is published.
func TestReviewBrokenProposal(t *testing.T) {
	t.Parallel()
	r := newReviewRig(t, "gateway")
	page := r.proposeArticle(t)
	id := r.staged(t).ID
	state := filepath.Join(r.dataDir, propose.ProposalsDir, id, propose.StagedState)
	raw, err := os.ReadFile(state)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(state, []byte(strings.Replace(string(raw), `"state": "pending"`, `"state": "maybe"`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, label := range []string{"Accept", "▶"} {
		text := ephemeralReply(t, r.press(t, page, button(t, page, label).CustomID, nil))
		if !strings.Contains(text, "state.json:") || !strings.Contains(text, "unknown state") || !strings.Contains(text, "armswatch check") {
			t.Errorf("%s on a broken proposal:\n%s", label, text)
		}
	}
	if _, err := os.Stat(filepath.Join(r.dataDir, "documents", id+".md")); err == nil {
		t.Error("published")
	}
}
