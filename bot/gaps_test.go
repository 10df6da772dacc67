package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/bot/discordtest"
	"github.com/armswatch/armswatch/gaps"
	"github.com/bwmarrin/discordgo"
)

// gapCounter is an Observer that is also a GapObserver.
type gapCounter struct {
	recordingObserver
	mu        sync.Mutex
	questions int
	votes     map[string]int
}

func (g *gapCounter) GapQuestion() { g.mu.Lock(); g.questions++; g.mu.Unlock() }
func (g *gapCounter) Feedback(vote string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.votes == nil {
		g.votes = map[string]int{}
	}
	g.votes[vote]++
}

func openGaps(t *testing.T, path string) *gaps.Store {
	t.Helper()
	s, err := gaps.Open(path, gaps.Options{Now: FixtureConfig().Now})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func gapTerms(t *testing.T, s *gaps.Store) map[string]int {
	t.Helper()
	r, err := s.Report(30, 0)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]int{}
	for _, x := range r.Terms {
		m[x.Term] = x.Count
	}
	return m
}

func gapDowns(t *testing.T, s *gaps.Store) map[string]int {
	t.Helper()
	r, err := s.Report(30, 0)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]int{}
	for _, c := range r.Claims {
		m[c.ID] = c.Down
	}
	return m
}

// feedbackButton finds the 👍 (up) or 👎 button of a message.
func feedbackButton(t *testing.T, comps []discordgo.MessageComponent, up bool) (string, bool) {
	t.Helper()
	for _, c := range valueComponents(comps) {
		for _, rc := range c.(discordgo.ActionsRow).Components {
			btn := rc.(discordgo.Button)
			if ref, ok := parseFeedbackID(btn.CustomID); ok && ref.Up == up {
				return btn.CustomID, true
			}
		}
	}
	return "", false
}

// pressFeedback is pressButton for a feedback button.
func pressFeedback(t *testing.T, file string, msg *discordgo.Message, up bool) []byte {
	t.Helper()
	var payload map[string]any
	if err := json.Unmarshal(LoadFixtureRaw(t, file), &payload); err != nil {
		t.Fatal(err)
	}
	custom, ok := feedbackButton(t, msg.Components, up)
	if !ok {
		t.Fatalf("no feedback button on the message")
	}
	payload["data"].(map[string]any)["custom_id"] = custom
	m := payload["message"].(map[string]any)
	m["id"] = msg.ID
	m["embeds"] = jsonValue(t, msg.Embeds)
	m["components"] = jsonValue(t, msg.Components)
	m["flags"] = int(msg.Flags)
	out, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// With recording on, a no-answer over the gateway adds a count per term;
// with it off, nothing is written and no feedback button is shown.
func TestGatewayRecordsGaps(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), gaps.FileName)
	obs := &gapCounter{}
	fake := newFake(t, discordtest.Options{})
	b, _ := newE2EBot(t, fake, nil, func(c *Config) { c.Gaps = openGaps(t, path); c.Observer = obs })
	startGateway(t, fake, b)
	tr := gatewayTransport(fake)

	tr.send(t, LoadFixtureRaw(t, "claims_no_results.json")) // "submarines"
	if got := gapTerms(t, b.cfg.Gaps); got["submarines"] != 1 || len(got) != 1 {
		t.Fatalf("after a no-answer: %v, want submarines: 1", got)
	}
	answered := tr.send(t, LoadFixtureRaw(t, "claims_public_paged.json")) // "shells": answered
	if got := gapTerms(t, b.cfg.Gaps); len(got) != 1 {
		t.Errorf("an answered question was recorded: %v", got)
	}
	if obs.questions != 1 {
		t.Errorf("GapQuestion called %d times, want 1", obs.questions)
	}
	if _, ok := feedbackButton(t, answered.Original().Components, false); !ok {
		t.Errorf("recording on: the answer has no 👎 button")
	}
	b2, _ := os.ReadFile(path)
	for _, never := range []string{FixtureAskerID, FixtureGuildID, "1180000000000000200"} {
		if strings.Contains(string(b2), never) {
			t.Errorf("the store holds an id (%s):\n%s", never, b2)
		}
	}

	offPath := filepath.Join(t.TempDir(), gaps.FileName)
	fake2 := newFake(t, discordtest.Options{})
	off, _ := newE2EBot(t, fake2, nil, nil)
	startGateway(t, fake2, off)
	tr2 := gatewayTransport(fake2)
	tr2.send(t, LoadFixtureRaw(t, "claims_no_results.json"))
	in := tr2.send(t, LoadFixtureRaw(t, "claims_public_paged.json"))
	if _, err := os.Stat(offPath); !os.IsNotExist(err) {
		t.Errorf("recording off wrote a store: %v", err)
	}
	if _, ok := feedbackButton(t, in.Original().Components, false); ok {
		t.Errorf("recording off: the answer shows feedback buttons")
	}
}

// A 👎 is counted once per user per answer: the same user's second press
// is not; another user's is. Counts survive a restart (a new Bot and
// Store on the same file).
func TestGatewayFeedbackOncePerUser(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), gaps.FileName)
	obs := &gapCounter{}
	fake := newFake(t, discordtest.Options{})
	b, _ := newE2EBot(t, fake, nil, func(c *Config) { c.Gaps = openGaps(t, path); c.Observer = obs })
	startGateway(t, fake, b)
	tr := gatewayTransport(fake)

	answer := tr.send(t, LoadFixtureRaw(t, "claims_public_paged.json")).Original()
	press := func(file string, up bool) string {
		t.Helper()
		in := tr.send(t, pressFeedback(t, file, answer, up))
		cb := in.Callbacks()[0]
		if cb.Type != discordgo.InteractionResponseChannelMessageWithSource || cb.Message().Flags&discordgo.MessageFlagsEphemeral == 0 {
			t.Fatalf("feedback press: callback %d, flags %d; want an ephemeral message", cb.Type, cb.Message().Flags)
		}
		if got := messageText(in.SourceMessage()); !strings.Contains(got, "page 1 of 2") {
			t.Errorf("a feedback press changed the answer:\n%s", got)
		}
		return callbackText(cb)
	}
	if got := press("button_next_owner.json", false); !strings.Contains(got, msgFeedbackCounted) {
		t.Fatalf("first 👎: %q", got)
	}
	if got := press("button_next_owner.json", false); !strings.Contains(got, msgFeedbackAlready) {
		t.Fatalf("second 👎 by the same user: %q", got)
	}
	if got := press("button_next_owner.json", true); !strings.Contains(got, msgFeedbackAlready) {
		t.Fatalf("👍 after 👎 by the same user: %q", got)
	}
	if got := press("button_next_other.json", false); !strings.Contains(got, msgFeedbackCounted) {
		t.Fatalf("👎 by another user: %q", got)
	}
	want := map[string]int{"fx-1": 2, "fx-2": 2, "fx-3": 2, "fx-4": 2}
	if got := gapDowns(t, b.cfg.Gaps); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("👎 per claim: %v, want %v (the claims of page 1, once per user)", got, want)
	}
	if obs.votes["down"] != 2 || obs.votes["up"] != 0 {
		t.Errorf("Feedback observed %v, want down: 2", obs.votes)
	}

	// A restart: a new Bot and Store on the same file.
	restarted, err := New(b.cfg, NewFixtureEngine())
	if err != nil {
		t.Fatal(err)
	}
	restarted.cfg.Gaps = openGaps(t, path)
	if got := gapDowns(t, restarted.cfg.Gaps); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("after a restart: %v, want %v", got, want)
	}
}

// A feedback press on an answer whose claims have changed since is not
// counted; nor is a press when recording is off.
func TestFeedbackStaleOrOff(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), gaps.FileName)
	eng := NewFixtureEngine()
	cfg := FixtureConfig()
	cfg.Gaps = openGaps(t, path)
	b, err := New(cfg, eng)
	if err != nil {
		t.Fatal(err)
	}
	ask := commandInteraction(cmdClaims, []*discordgo.ApplicationCommandInteractionDataOption{
		{Name: optQuery, Type: discordgo.ApplicationCommandOptionString, Value: "KN-23"}})
	resp := b.Handle(context.Background(), ask)
	checkReply(t, 0, "claims", resp)
	msg := &discordgo.Message{ID: "1180000000000009100", Embeds: resp.Initial.Data.Embeds, Components: resp.Initial.Data.Components}
	custom, ok := feedbackButton(t, msg.Components, false)
	if !ok {
		t.Fatal("no 👎 button")
	}
	pressI := func() *discordgo.Interaction {
		return &discordgo.Interaction{
			ID: "1180000000000009002", AppID: FixtureAppID, Type: discordgo.InteractionMessageComponent,
			Data:    discordgo.MessageComponentInteractionData{CustomID: custom, ComponentType: discordgo.ButtonComponent},
			GuildID: FixtureGuildID, ChannelID: "1180000000000000200", Token: "aW50ZXJhY3Rpb246feedback-token",
			Member:  &discordgo.Member{User: &discordgo.User{ID: FixtureOtherUserID}},
			Message: msg,
		}
	}
	// The data changes: KN-23 now has another claim.
	eng.mu.Lock()
	a := eng.Answers["KN-23"]
	a.Claims = append([]armswatch.ClaimHit{{Claim: armswatch.Claim{ID: "fx-new"}}}, a.Claims...)
	eng.Answers["KN-23"] = a
	eng.mu.Unlock()
	r := b.Handle(context.Background(), pressI())
	checkReply(t, 1, "stale feedback", r)
	if got := ResponseText(r.Initial); !strings.Contains(got, "has changed since it was shown") {
		t.Errorf("stale press: %s", got)
	}
	if got := gapDowns(t, cfg.Gaps); len(got) != 0 {
		t.Errorf("a stale press was counted: %v", got)
	}

	cfg.Gaps = nil
	off, _ := New(cfg, eng)
	r = off.Handle(context.Background(), pressI())
	checkReply(t, 2, "feedback off", r)
	if got := ResponseText(r.Initial); !strings.Contains(got, "not being recorded") {
		t.Errorf("press with recording off: %s", got)
	}
}

// The feedback custom_id stays within 100 characters whatever the page
// holds: ten claims with long ids, the longest filters and owner.
func TestFeedbackCustomIDLength(t *testing.T) {
	t.Parallel()
	var claims []armswatch.ClaimHit
	for k := range 10 {
		claims = append(claims, armswatch.ClaimHit{Claim: armswatch.Claim{ID: fmt.Sprintf("%02d-%s", k, strings.Repeat("long-claim-id-", 7))}})
	}
	a := armswatch.Answer{Query: "q", Claims: claims}
	q := claimsQuery{Text: strings.Repeat("w", maxQueryRunes), Item: armswatch.CategoryMilitaryEquipment,
		From: armswatch.MustDate("2023-01-01"), To: armswatch.MustDate("2024-12-31"), Owner: "18446744073709551615"}
	cfg := FixtureConfig()
	cfg.Gaps = openGaps(t, filepath.Join(t.TempDir(), gaps.FileName))
	b, _ := New(cfg, NewFixtureEngine())

	// A page of ten claims, as the custom_id is built for any page.
	ids := make([]string, len(claims))
	for k, c := range claims {
		ids[k] = c.ID
	}
	ref := feedbackRef{IDsHash: pageClaimsHash(ids), claimsRef: claimsRef{Action: actionSources, Page: maxPage, Item: q.Item, From: q.From, To: q.To, Owner: q.Owner, Hash: q.hash()}}
	for _, up := range []bool{true, false} {
		ref.Up = up
		id := ref.customID()
		if len(id) > LimitCustomID {
			t.Errorf("custom_id %q is %d characters, limit %d", id, len(id), LimitCustomID)
		}
		back, ok := parseFeedbackID(id)
		if !ok || back != ref {
			t.Errorf("custom_id %q reads back as %+v, %v; want %+v", id, back, ok, ref)
		}
	}
	for page := range 3 {
		comps := b.withFeedback(q, a, page, claimsButtons(q, pageOf(a, page)))
		if err := CheckMessage("", nil, comps, noMentions()); err != nil {
			t.Errorf("page %d: %v", page, err)
		}
		if _, ok := feedbackButton(t, comps, true); !ok {
			t.Errorf("page %d has no 👍", page)
		}
	}
}

// /gaps: moderators only; with recording off it says how to turn it on;
// with many long terms and claims it fits Discord's limits.
func TestGapsCommand(t *testing.T) {
	t.Parallel()
	gapsI := func(mod bool) *discordgo.Interaction {
		i := commandInteraction(cmdGaps, nil)
		if mod {
			i = moderatorInteraction(i)
		}
		return i
	}
	off, _ := New(FixtureConfig(), NewFixtureEngine())
	r := off.Handle(context.Background(), gapsI(true))
	checkReply(t, 0, "gaps off", r)
	if got := ResponseText(r.Initial); !strings.Contains(got, "RECORD_GAPS=true") || r.Initial.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Errorf("/gaps with recording off: %s", got)
	}

	cfg := FixtureConfig()
	now := cfg.Now()
	clock := discordtest.NewClock(now.Add(-20 * 24 * time.Hour))
	s, err := gaps.Open(filepath.Join(t.TempDir(), gaps.FileName), gaps.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	for day := range 20 {
		for k := range 12 {
			term := fmt.Sprintf("term%02d%02d-%s", day, k, strings.Repeat("x", 40))
			if _, err := s.RecordAnswer(armswatch.Answer{Query: term + " `tick` **bold** <@1180000000000000502>"}); err != nil {
				t.Fatal(err)
			}
		}
		var ids []string
		for k := range 30 {
			ids = append(ids, fmt.Sprintf("claim-%02d-%s", k, strings.Repeat("y", 80)))
		}
		if err := s.RecordVote(ids, day%2 == 0); err != nil {
			t.Fatal(err)
		}
		clock.Advance(24 * time.Hour)
	}
	if _, err := s.RecordAnswer(armswatch.Answer{Query: "tanks"}); err != nil {
		t.Fatal(err)
	}
	cfg.Gaps = s
	b, _ := New(cfg, NewFixtureEngine())

	r = b.Handle(context.Background(), gapsI(false))
	checkReply(t, 1, "gaps by a member", r)
	if got := ResponseText(r.Initial); !strings.Contains(got, "Only moderators") {
		t.Errorf("/gaps by a member: %s", got)
	}
	dm := gapsI(true)
	dm.GuildID, dm.User, dm.Member = "", dm.Member.User, nil
	r = b.Handle(context.Background(), dm)
	checkReply(t, 2, "gaps in a DM", r)

	r = b.Handle(context.Background(), gapsI(true))
	checkReply(t, 3, "gaps", r)
	if r.Initial.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Error("/gaps is not ephemeral")
	}
	text := ResponseText(r.Initial)
	for _, want := range []string{"Last 7 days", "Last 30 days", "Most 👎", "`tanks` — 1", "claim-00-"} {
		if !strings.Contains(text, want) {
			t.Errorf("/gaps lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "https://") {
		t.Errorf("/gaps shows links:\n%s", text)
	}
}
