package bot

// End-to-end tests of the review in Discord: /propose stages an article in
// a real data directory (propose.Staging) and answers with signed review
// pages; Accept, Edit (a modal and its submission), Reject and Publish
// are pressed through the fake Discord, and the engine is a real on-disk
// index over the same directory.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/armswatch/armswatch/bot/discordtest"
	"github.com/armswatch/armswatch/index"
	"github.com/armswatch/armswatch/internal/readonlytest"
	"github.com/armswatch/armswatch/propose"
	"github.com/bwmarrin/discordgo"
)

// reviewRig is a bot with staging over a copy of the index fixture data,
// a real index over it, and the fake Discord.
type reviewRig struct {
	fake    *discordtest.Server
	tr      transport
	dataDir string
	staging *propose.Staging
	ix      *index.Index
	// base is the /propose fixture payload, the model of every payload.
	base    map[string]any
	fixture Fixture
	logs    *logBuffer
}

func newReviewRig(t *testing.T, transportName string) *reviewRig {
	t.Helper()
	return newReviewRigWith(t, transportName, nil)
}

// newReviewRigWith is newReviewRig with the bot's staging area wrap of the
// real one (nil: the real one).
func newReviewRigWith(t *testing.T, transportName string, wrap func(*propose.Staging) Staging) *reviewRig {
	t.Helper()
	r := &reviewRig{dataDir: t.TempDir(), fixture: fixtureNamed(t, "propose by a moderator")}
	copyDir(t, filepath.Join("..", "index", "testdata", "fixture"), r.dataDir)
	r.staging = &propose.Staging{Dir: r.dataDir, Now: FixtureConfig().Now}
	ix, err := index.Open(context.Background(), index.Options{Path: t.TempDir(), Data: os.DirFS(r.dataDir), DataLabel: "test data"})
	if err != nil {
		t.Fatalf("open the index: %v", err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	r.ix = ix
	r.fake = newFake(t, discordtest.Options{})
	var staging Staging = r.staging
	if wrap != nil {
		staging = wrap(r.staging)
	}
	b, logs := newE2EBot(t, r.fake, ix, func(c *Config) { c.Staging = staging })
	r.logs = logs
	r.tr = startTransport(t, r.fake, b, transportName)
	for id, data := range r.fixture.AttachmentData {
		r.fake.PutAttachment(id, r.fixture.ContentTypeOf(id), data)
	}
	if err := json.Unmarshal(r.fixture.Raw, &r.base); err != nil {
		t.Fatal(err)
	}
	return r
}

// payload is the base payload of another type and data, its message msg
// (nil: none), then changed by change.
func (r *reviewRig) payload(t *testing.T, typ discordgo.InteractionType, data map[string]any, msg *discordgo.Message, change func(p map[string]any)) []byte {
	t.Helper()
	var p map[string]any
	if err := json.Unmarshal(r.fixture.Raw, &p); err != nil {
		t.Fatal(err)
	}
	p["type"] = int(typ)
	p["data"] = data
	if msg != nil {
		b, err := json.Marshal(msg)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		p["message"] = m
	}
	if change != nil {
		change(p)
	}
	out, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// press presses the button with that custom_id on msg.
func (r *reviewRig) press(t *testing.T, msg *discordgo.Message, customID string, change func(p map[string]any)) *discordtest.Interaction {
	t.Helper()
	return r.tr.send(t, r.payload(t, discordgo.InteractionMessageComponent,
		map[string]any{"component_type": 2, "custom_id": customID}, msg, change))
}

// submit submits a modal with those values, from msg.
func (r *reviewRig) submit(t *testing.T, msg *discordgo.Message, customID string, values map[string]string) *discordtest.Interaction {
	t.Helper()
	var rows []any
	for _, id := range []string{inStatement, inClaimant, inFigure, inMeasure, inSaidOn} {
		rows = append(rows, map[string]any{"type": 1, "components": []any{
			map[string]any{"type": 4, "custom_id": id, "value": values[id]},
		}})
	}
	return r.tr.send(t, r.payload(t, discordgo.InteractionModalSubmit,
		map[string]any{"custom_id": customID, "components": rows}, msg, nil))
}

// command sends a slash command with string options.
func (r *reviewRig) command(t *testing.T, name string, opts map[string]string) *discordtest.Interaction {
	t.Helper()
	var options []any
	for k, v := range opts {
		options = append(options, map[string]any{"name": k, "type": 3, "value": v})
	}
	return r.tr.send(t, r.payload(t, discordgo.InteractionApplicationCommand,
		map[string]any{"id": "1180000000000000690", "name": name, "type": 1, "options": options, "guild_id": FixtureGuildID}, nil, nil))
}

// proposeArticle runs /propose with the fixture article and returns the
// first review page.
func (r *reviewRig) proposeArticle(t *testing.T) *discordgo.Message {
	t.Helper()
	in := r.tr.send(t, r.fixture.Raw)
	r.fake.WaitFor(t, "the review page", func() bool { return in.Edits() > 0 })
	return in.Original()
}

// button finds a button of msg by label.
func button(t *testing.T, msg *discordgo.Message, label string) discordgo.Button {
	t.Helper()
	for _, c := range msg.Components {
		row, ok := c.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, rc := range row.Components {
			if b, ok := rc.(*discordgo.Button); ok && b.Label == label {
				return *b
			}
		}
	}
	t.Fatalf("no %q button on the page:\n%s", label, messageText(msg))
	return discordgo.Button{}
}

// updated is the page after a press answered with UPDATE_MESSAGE.
func updated(t *testing.T, in *discordtest.Interaction) *discordgo.Message {
	t.Helper()
	cb := in.Callbacks()[0]
	if cb.Type != discordgo.InteractionResponseUpdateMessage {
		t.Fatalf("callback type %d, want UPDATE_MESSAGE:\n%s", cb.Type, callbackText(cb))
	}
	return in.Original()
}

// ephemeralReply is the text of a press answered with an ephemeral
// message (a refusal), failing otherwise.
func ephemeralReply(t *testing.T, in *discordtest.Interaction) string {
	t.Helper()
	cb := in.Callbacks()[0]
	if cb.Type != discordgo.InteractionResponseChannelMessageWithSource || cb.Message().Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Fatalf("callback type %d, want an ephemeral message:\n%s", cb.Type, callbackText(cb))
	}
	return callbackText(cb)
}

func (r *reviewRig) staged(t *testing.T) *propose.Staged {
	t.Helper()
	ids, err := r.staging.List()
	if err != nil || len(ids) != 1 {
		t.Fatalf("staged proposals %v, %v: want one", ids, err)
	}
	st, err := r.staging.Get(ids[0])
	if err != nil {
		t.Fatal(err)
	}
	return st
}

const reviewer = "discord:" + FixtureAskerID

// TestReviewE2E runs the moderator loop through the fake Discord over each
// transport: /propose stages the article and shows candidate 1 of 4 with
// signed buttons; Accept; Edit opens a modal prefilled with the record,
// whose submission with an impossible date is refused with the problem
// (nothing changes) and then, with a changed figure text, kept; a forged,
// an unsigned and a stale custom_id, a member who is not a moderator and
// a guild that is not a moderator guild change nothing; the rest are
// rejected; Publish writes documents/ and claims/ (reviewed_by
// discord:<id>), a changelog line, reindexes and says what changed; the
// real index then answers with the new claim; /retract takes it out.
func TestReviewE2E(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"gateway", "http"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			testReviewLoop(t, name)
		})
	}
}

func testReviewLoop(t *testing.T, transportName string) {
	r := newReviewRig(t, transportName)
	page1 := r.proposeArticle(t)
	if page1.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Error("the review page is not ephemeral")
	}
	text := messageText(page1)
	for _, want := range []string{"Candidate 1 of 4 · Pending", "Fixture Ministry of Defence", "text “more than 5,000” · measure shipped",
		"> “The Fixture Ministry of Defence said on Tuesday that more than 5,000 containers had been shipped to Fixtureland since August.”",
		"measure shipped from \"shipped\"", "4 candidates are"} {
		if !strings.Contains(text, want) {
			t.Errorf("page 1 lacks %q:\n%s", want, text)
		}
	}
	if !button(t, page1, "Publish").Disabled {
		t.Error("Publish is enabled while candidates are pending")
	}
	for _, c := range page1.Components {
		for _, b := range c.(*discordgo.ActionsRow).Components {
			if id := b.(*discordgo.Button).CustomID; len(id) > LimitCustomID || !strings.HasPrefix(id, reviewIDVersion+":") {
				t.Errorf("custom_id %q", id)
			}
		}
	}
	st := r.staged(t)
	keys := []string{st.Records[0].ID, st.Records[1].ID, st.Records[2].ID, st.Records[3].ID}
	page3, statement := r.acceptAndEdit(t, page1)
	r.refusals(t, page1, page3)
	r.rejectAndPublish(t, page3, st.ID, keys)
	r.retractPublished(t, keys[0])
	if v := r.fake.Violations(); len(v) > 0 {
		t.Errorf("violations: %v", v)
	}
	// Without LOG_QUERIES the logs hold nothing the moderators typed, and
	// no token.
	logs := r.logs.String()
	for _, secret := range append(FixtureTokens(t), statement, "The ministry withdrew the figure", "containers shipped to Fixtureland") {
		if strings.Contains(logs, secret) {
			t.Errorf("the logs hold %q", secret)
		}
	}
	if !strings.Contains(logs, `"msg":"published"`) || !strings.Contains(logs, `"msg":"retracted"`) {
		t.Errorf("the publish and the retraction are not logged:\n%s", logs)
	}
}

// stateOf is candidate i's state as staged.
func (r *reviewRig) stateOf(t *testing.T, i int) propose.State {
	t.Helper()
	return r.staged(t).Records[i].State
}

// acceptAndEdit accepts candidate 1 and edits candidate 2 (a refused
// date, then a changed figure); it returns the page then shown and the
// edited statement.
func (r *reviewRig) acceptAndEdit(t *testing.T, page1 *discordgo.Message) (*discordgo.Message, string) {
	t.Helper()
	// Accept candidate 1: the page moves to candidate 2.
	page2 := updated(t, r.press(t, page1, button(t, page1, "Accept").CustomID, nil))
	if text := messageText(page2); !strings.Contains(text, "Candidate 1 accepted.") || !strings.Contains(text, "Candidate 2 of 4") {
		t.Fatalf("after Accept:\n%s", text)
	}
	if rec := r.staged(t).Records[0]; rec.State != propose.Accepted || rec.By != reviewer {
		t.Fatalf("candidate 1 is %s by %q", rec.State, rec.By)
	}

	// Edit candidate 2: a modal prefilled with the record.
	in := r.press(t, page2, button(t, page2, "Edit").CustomID, nil)
	cb := in.Callbacks()[0]
	if cb.Type != discordgo.InteractionResponseModal {
		t.Fatalf("Edit answered with type %d, want a modal", cb.Type)
	}
	modalID, _ := cb.Data["custom_id"].(string)
	rows, _ := cb.Data["components"].([]any)
	raw, _ := json.Marshal(cb.Data)
	if !strings.HasPrefix(modalID, reviewIDVersion+":m:") || len(rows) != 5 || !strings.Contains(string(raw), `"value":"up to 2 million"`) ||
		!strings.Contains(string(raw), `"value":"Alex Sample"`) {
		t.Fatalf("modal %s", raw)
	}
	values := map[string]string{inStatement: "Alex Sample says the containers could hold up to 2 million artillery shells",
		inClaimant: "Alex Sample", inFigure: "2 million", inMeasure: "capacity", inSaidOn: "2024-13-45"}
	refused := ephemeralReply(t, r.submit(t, page2, modalID, values))
	if !strings.Contains(refused, "does not pass the checks") || !strings.Contains(refused, "said\\_on") {
		t.Errorf("an impossible date is refused with:\n%s", refused)
	}
	if s := r.stateOf(t, 1); s != propose.Pending {
		t.Fatalf("a refused edit left candidate 2 %s", s)
	}
	values[inSaidOn] = "2024-01-16"
	page3 := updated(t, r.submit(t, page2, modalID, values))
	if text := messageText(page3); !strings.Contains(text, "Candidate 2 edited and accepted.") || !strings.Contains(text, "Candidate 3 of 4") {
		t.Fatalf("after the edit:\n%s", text)
	}
	rec := r.staged(t).Records[1]
	if rec.State != propose.Edited || rec.Claim.Items[0].Quantity.Text != "2 million" || rec.Claim.SaidOn.String() != "2024-01-16" {
		t.Fatalf("candidate 2 is %s with %+v", rec.State, rec.Claim)
	}

	return page3, values[inStatement]
}

// refusals presses what must change nothing on page3 (candidate 3).
func (r *reviewRig) refusals(t *testing.T, page1, page3 *discordgo.Message) {
	t.Helper()
	// Forged, unsigned and stale ids; a member; another guild: nothing.
	reject := button(t, page3, "Reject").CustomID
	flipped := reject[:len(reject)-1] + string("01"[map[bool]int{true: 1}[reject[len(reject)-1] == '0']])
	unsigned := reject[:strings.LastIndex(reject, ":")]
	key, err := r.staging.ReviewKey()
	if err != nil {
		t.Fatal(err)
	}
	now := r.staged(t)
	beyond := reviewRef{Action: reviewAccept, Doc: reviewDocHash(now.ID), Index: len(now.Records), Rev: reviewRev(now)}.sign(key, FixtureGuildID)
	for _, tc := range []struct {
		name, id string
		change   func(p map[string]any)
		want     string
	}{
		{"forged", flipped, nil, "not armswatch's"},
		{"unsigned", unsigned, nil, "not armswatch's"},
		{"signed, no such candidate", beyond, nil, "not armswatch's"},
		{"stale", button(t, page1, "Reject").CustomID, nil, "the proposal changed since this page was drawn"},
		{"member", reject, func(p map[string]any) { p["member"].(map[string]any)["permissions"] = "0" }, "Only moderators"},
		{"other guild", reject, func(p map[string]any) { p["guild_id"] = FixtureOtherGuildID }, "not available in this server"},
	} {
		if text := ephemeralReply(t, r.press(t, page3, tc.id, tc.change)); !strings.Contains(text, tc.want) {
			t.Errorf("%s: the reply lacks %q:\n%s", tc.name, tc.want, text)
		}
		if s := r.stateOf(t, 2); s != propose.Pending {
			t.Fatalf("%s: candidate 3 became %s", tc.name, s)
		}
	}

}

// rejectAndPublish rejects the pending candidates from page and publishes.
func (r *reviewRig) rejectAndPublish(t *testing.T, page3 *discordgo.Message, id string, keys []string) {
	t.Helper()
	// Reject the rest; then Publish is enabled.
	page := page3
	for k := 0; r.staged(t).Pending() > 0; k++ {
		if k == 4 {
			t.Fatal("rejecting did not end")
		}
		page = updated(t, r.press(t, page, button(t, page, "Reject").CustomID, nil))
	}
	if button(t, page, "Publish").Disabled {
		t.Fatalf("Publish is disabled with nothing pending:\n%s", messageText(page))
	}
	pub := r.press(t, page, button(t, page, "Publish").CustomID, nil)
	if cb := pub.Callbacks()[0]; cb.Type != discordgo.InteractionResponseDeferredMessageUpdate {
		t.Fatalf("Publish answered with type %d, want a deferred update", cb.Type)
	}
	r.fake.WaitFor(t, "the publish edit", func() bool { return pub.Edits() > 0 })
	text := messageText(pub.Original())
	for _, want := range []string{"Published " + id, "claims/" + id + ".yaml", "2 records", "**Rejected:** 2", "Reindex finished", "Claims added (2)", "Documents added (1)"} {
		if !strings.Contains(text, want) {
			t.Errorf("the publish reply lacks %q:\n%s", want, text)
		}
	}
	claimsFile, err := os.ReadFile(filepath.Join(r.dataDir, "claims", id+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"reviewed_by: " + reviewer, `reviewed_on: "2024-02-01"`, "text: 2 million", keys[0], keys[1]} {
		if !strings.Contains(string(claimsFile), want) {
			t.Errorf("the claims file lacks %q:\n%s", want, claimsFile)
		}
	}
	if strings.Contains(string(claimsFile), keys[2]) || strings.Contains(string(claimsFile), keys[3]) {
		t.Errorf("a rejected record was published:\n%s", claimsFile)
	}
	if _, err := os.Stat(filepath.Join(r.dataDir, "documents", id+".md")); err != nil {
		t.Error(err)
	}
	changelog, _ := os.ReadFile(filepath.Join(r.dataDir, propose.ChangelogFile))
	if !strings.Contains(string(changelog), `"action":"publish"`) || !strings.Contains(string(changelog), `"by":"`+reviewer+`"`) {
		t.Errorf("changelog:\n%s", changelog)
	}
	if ids, _ := r.staging.List(); len(ids) != 0 {
		t.Errorf("still staged after publishing: %v", ids)
	}

}

// retractPublished asks /claims for the published claim, retracts it and
// asks again.
func (r *reviewRig) retractPublished(t *testing.T, claimID string) {
	t.Helper()
	// The index answers with the new claim; /retract takes it out.
	ask := func() string {
		t.Helper()
		return callbackText(r.command(t, "claims", map[string]string{"query": "containers shipped to Fixtureland"}).Callbacks()[0])
	}
	if text := ask(); !strings.Contains(text, "Fixture Ministry of Defence") {
		t.Fatalf("/claims does not show the published claim:\n%s", text)
	}
	re := r.command(t, "retract", map[string]string{"id": claimID, "reason": "The ministry withdrew the figure."})
	r.fake.WaitFor(t, "the retract edit", func() bool { return re.Edits() > 0 })
	if text := messageText(re.Original()); !strings.Contains(text, "Retracted "+claimID) || !strings.Contains(text, "Reindex finished") {
		t.Fatalf("the retract reply:\n%s", text)
	}
	if text := ask(); strings.Contains(text, "Fixture Ministry of Defence") {
		t.Errorf("/claims still shows the retracted claim:\n%s", text)
	}
	again := r.command(t, "retract", map[string]string{"id": claimID, "reason": "Twice."})
	if text := callbackText(again.Callbacks()[0]); !strings.Contains(text, "retracted already") {
		t.Errorf("a second retraction:\n%s", text)
	}
}

// readOnlyStaging is a staging area whose writes fail as propose's do on
// a read-only data directory, for where the test cannot make one (root
// without CAP_SYS_ADMIN).
type readOnlyStaging struct {
	*propose.Staging
	on *atomic.Bool
}

func (s readOnlyStaging) refused() error {
	return fmt.Errorf("the data directory %s is not writable (permission denied): make it writable (chmod u+w, or mount it read-write) and try again: %w", s.Dir, propose.ErrReadOnly)
}

func (s readOnlyStaging) Save(p *propose.Proposal, source, by string) (*propose.Staged, error) {
	if s.on.Load() {
		return nil, s.refused()
	}
	return s.Staging.Save(p, source, by)
}

func (s readOnlyStaging) Publish(ctx context.Context, id, by string) (*propose.Published, error) {
	if s.on.Load() {
		return nil, s.refused()
	}
	return s.Staging.Publish(ctx, id, by)
}

// TestReviewPublishRefusedKeepsPage: a publish the data directory refuses
// (its error built as propose words it) edits the page back in, headed by
// the reason, with the proposal still staged and Publish still there.
func TestReviewPublishRefusedKeepsPage(t *testing.T) {
	t.Parallel()
	var on atomic.Bool
	r := newReviewRigWith(t, "http", func(s *propose.Staging) Staging { return readOnlyStaging{s, &on} })
	page := r.proposeArticle(t)
	for r.staged(t).Pending() > 0 {
		page = updated(t, r.press(t, page, button(t, page, "Reject").CustomID, nil))
	}
	on.Store(true)
	pub := r.press(t, page, button(t, page, "Publish").CustomID, nil)
	r.fake.WaitFor(t, "the publish edit", func() bool { return pub.Edits() > 0 })
	msg := pub.Original()
	text := messageText(msg)
	if !strings.Contains(text, "**Not published:**") || !strings.Contains(text, "is not writable") || !strings.Contains(text, " of 4 · Rejected") {
		t.Errorf("the refused publish:\n%s", text)
	}
	if button(t, msg, "Publish").Disabled {
		t.Error("Publish is no longer offered after a refused publish")
	}
	if st := r.staged(t); len(st.Records) != 4 {
		t.Errorf("the proposal changed: %+v", st)
	}
	if _, err := os.Stat(filepath.Join(r.dataDir, "documents", r.staged(t).ID+".md")); err == nil {
		t.Error("a refused publish wrote the document")
	}
}

func (s readOnlyStaging) Accept(id, key, by string) error {
	if s.on.Load() {
		return s.refused()
	}
	return s.Staging.Accept(id, key, by)
}

// TestReviewReadOnlyDataDir: with the data directory made read-only after
// a proposal is staged, Accept is answered ephemerally with the reason and
// the fix and the candidate stays pending; a new /propose shows the
// preview and says nothing was staged, and why. Where no directory can be
// made read-only (root without CAP_SYS_ADMIN), the staging area's error is
// built as propose words it, and the test says so.
func TestReviewReadOnlyDataDir(t *testing.T) {
	t.Parallel()
	var on atomic.Bool
	r := newReviewRigWith(t, "gateway", func(s *propose.Staging) Staging { return readOnlyStaging{s, &on} })
	page := r.proposeArticle(t)
	if readonlytest.Make(t, r.dataDir) == nil {
		t.Log("no directory can be made read-only here (root without CAP_SYS_ADMIN): the staging area's error is constructed")
		on.Store(true)
	}
	text := ephemeralReply(t, r.press(t, page, button(t, page, "Accept").CustomID, nil))
	for _, want := range []string{"is not writable", r.dataDir, "make it writable"} {
		if !strings.Contains(text, want) {
			t.Errorf("the refusal lacks %q:\n%s", want, text)
		}
	}
	if s := r.staged(t).Records[0].State; s != propose.Pending {
		t.Errorf("candidate 1 is %s after a refused write", s)
	}
	attID := "1180000000000000799"
	r.fake.PutAttachment(attID, "text/plain; charset=utf-8", r.fixture.AttachmentData["1180000000000000701"])
	in := r.tr.send(t, proposePayload(t, r.fixture.Raw, attID, nil))
	r.fake.WaitFor(t, "the preview", func() bool { return in.Edits() > 0 })
	text = messageText(in.Original())
	if !strings.Contains(text, "Nothing was staged") || !strings.Contains(text, "is not writable") || len(in.Files()) != 2 {
		t.Errorf("/propose on a read-only directory (%d files):\n%s", len(in.Files()), text)
	}
}

// TestProposeWithoutStaging: without a staging area /propose shows the
// preview, saying how to enable staging, and /retract says the same.
func TestProposeWithoutStaging(t *testing.T) {
	t.Parallel()
	fake := newFake(t, discordtest.Options{})
	b, _ := newE2EBot(t, fake, nil, nil)
	tr := startTransport(t, fake, b, "http")
	fixture := fixtureNamed(t, "propose by a moderator")
	for id, data := range fixture.AttachmentData {
		fake.PutAttachment(id, fixture.ContentTypeOf(id), data)
	}
	in := tr.send(t, fixture.Raw)
	fake.WaitFor(t, "the preview", func() bool { return in.Edits() > 0 })
	if text := messageText(in.Original()); !strings.Contains(text, "set DATA_DIR to one") || len(in.Files()) != 2 {
		t.Errorf("the preview (%d files):\n%s", len(in.Files()), text)
	}
	r := &reviewRig{fake: fake, tr: tr, fixture: fixture}
	if text := callbackText(r.command(t, "retract", map[string]string{"id": "fx-1", "reason": "A test."}).Callbacks()[0]); !strings.Contains(text, "Set DATA_DIR to a writable data directory") {
		t.Errorf("/retract without staging:\n%s", text)
	}
}

// TestProposeURLE2E: /propose url: fetches the page (here from an
// httptest server, the one plain-http host Config.FetchOptions allows),
// stages it with the link as its source and url, and shows the review
// page; a link Fetch refuses, and a file and a url together, get a clear
// message and stage nothing.
func TestProposeURLE2E(t *testing.T) {
	t.Parallel()
	article := fixtureNamed(t, "propose by a moderator").AttachmentData["1180000000000000701"]
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write(article)
	}))
	t.Cleanup(srv.Close)
	dataDir := t.TempDir()
	staging := propose.New(dataDir)
	fake := newFake(t, discordtest.Options{})
	b, _ := newE2EBot(t, fake, nil, func(c *Config) {
		c.Staging = staging
		c.FetchOptions = propose.FetchOptions{PlainHTTPHost: srv.Listener.Addr().String()}
	})
	r := &reviewRig{fake: fake, tr: startTransport(t, fake, b, "http"), fixture: fixtureNamed(t, "propose by a moderator")}
	link := srv.URL + "/news/shells.txt"
	in := r.command(t, "propose", map[string]string{"url": link})
	fake.WaitFor(t, "the review page", func() bool { return in.Edits() > 0 })
	text := messageText(in.Original())
	if !strings.Contains(text, "Candidate 1 of 4") || !strings.Contains(text, "**Source:** "+link) {
		t.Fatalf("the page of a fetched article:\n%s", text)
	}
	ids, _ := staging.List()
	if len(ids) != 1 {
		t.Fatalf("staged %v", ids)
	}
	if st, _ := staging.Get(ids[0]); st.Doc.URL != link {
		t.Errorf("the document's url is %q, want %q", st.Doc.URL, link)
	}

	bad := r.command(t, "propose", map[string]string{"url": "ftp://example.org/article.txt"})
	fake.WaitFor(t, "the refusal", func() bool { return bad.Edits() > 0 })
	if text := messageText(bad.Original()); !strings.Contains(text, "Cannot fetch") {
		t.Errorf("an ftp link:\n%s", text)
	}
	both := r.tr.send(t, r.payload(t, discordgo.InteractionApplicationCommand, func() map[string]any {
		var p map[string]any
		_ = json.Unmarshal(r.fixture.Raw, &p)
		d := p["data"].(map[string]any)
		d["options"] = append(d["options"].([]any), map[string]any{"name": "url", "type": 3, "value": link})
		return d
	}(), nil, nil))
	if text := callbackText(both.Callbacks()[0]); !strings.Contains(text, "either as a file or as a url") {
		t.Errorf("a file and a url:\n%s", text)
	}
	if ids, _ := staging.List(); len(ids) != 1 {
		t.Errorf("refusals staged %v", ids)
	}
}
