package discordtest

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// session is a discordgo session whose REST requests go to fake.
func session(t *testing.T, fake *Server, token string) *discordgo.Session {
	t.Helper()
	s, err := discordgo.New(token)
	if err != nil {
		t.Fatal(err)
	}
	s.Client = fake.Client()
	s.ShouldReconnectOnError = false
	s.StateEnabled = false
	s.Identify.Intents = discordgo.IntentsNone
	s.LogLevel = -1
	return s
}

const commandPayload = `{"type":2,"channel_id":"1","guild_id":"2","data":{"id":"3","name":"claims","type":1},
"member":{"user":{"id":"4","username":"ana"},"permissions":"0","roles":[]}}`

func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

func restCode(err error) int {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Message != nil {
		return re.Message.Code
	}
	return -1
}

func TestGatewayInteractionLifecycle(t *testing.T) {
	t.Parallel()
	fake := New(t, Options{})
	s := session(t, fake, "Bot "+fake.Token())
	got := make(chan *discordgo.Interaction, 1)
	s.AddHandler(func(_ *discordgo.Session, ic *discordgo.InteractionCreate) { got <- ic.Interaction })
	if err := s.Open(); err != nil {
		t.Fatalf("open: %v", err)
	}
	defer s.Close()
	fake.WaitFor(t, "two heartbeats", func() bool { return fake.Heartbeats() >= 2 })
	s.RLock()
	ack := s.LastHeartbeatAck
	s.RUnlock()
	if time.Since(ack) > time.Second {
		t.Errorf("heartbeat not acknowledged: last ack %v ago", time.Since(ack))
	}
	if fake.Identifies() != 1 {
		t.Errorf("identifies = %d, want 1", fake.Identifies())
	}

	in, err := fake.Dispatch([]byte(commandPayload))
	if err != nil {
		t.Fatal(err)
	}
	var i *discordgo.Interaction
	select {
	case i = <-got:
	case <-time.After(5 * time.Second):
		t.Fatal("no INTERACTION_CREATE")
	}
	if i.ID != in.ID || i.Token != in.Token || i.AppID != fake.AppID() || i.Type != discordgo.InteractionApplicationCommand {
		t.Fatalf("interaction = %+v, want id %s with the fake's token and app id", i, in.ID)
	}
	deferred := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}}
	if err := s.InteractionRespond(i, deferred); err != nil {
		t.Fatalf("first callback: %v", err)
	}
	if orig := in.Original(); orig == nil || orig.Flags&discordgo.MessageFlagsLoading == 0 {
		t.Fatalf("after a deferral the original should be loading, got %+v", orig)
	}
	// One callback per interaction.
	err = s.InteractionRespond(i, deferred)
	if restCode(err) != discordgo.ErrCodeInteractionHasAlreadyBeenAcknowledged {
		t.Fatalf("second callback: err %v, want code 40060", err)
	}
	if v := fake.TakeViolations(); len(v) != 1 || !strings.Contains(v[0].Err, "already been acknowledged") {
		t.Fatalf("violations = %v, want the 40060", v)
	}
	content := "done"
	msg, err := s.InteractionResponseEdit(i, &discordgo.WebhookEdit{Content: &content, AllowedMentions: noMentions()})
	if err != nil {
		t.Fatalf("edit: %v", err)
	}
	if msg.Content != "done" || msg.Flags&discordgo.MessageFlagsEphemeral == 0 || msg.Flags&discordgo.MessageFlagsLoading != 0 {
		t.Fatalf("edited message = %+v", msg)
	}
	if in.Edits() != 1 || in.Original().Content != "done" {
		t.Fatalf("edits = %d, original %q", in.Edits(), in.Original().Content)
	}
	// A follow-up works with the same token.
	fm, err := s.FollowupMessageCreate(i, true, &discordgo.WebhookParams{Content: "more", AllowedMentions: noMentions()})
	if err != nil || fm.Content != "more" || len(in.Followups()) != 1 {
		t.Fatalf("follow-up: %v %+v", err, fm)
	}
}

func TestCallbackDeadlineAndTokenLifetime(t *testing.T) {
	t.Parallel()
	clock := NewClock(time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC))
	fake := New(t, Options{Now: clock.Now})
	s := session(t, fake, "")

	late, err := fake.newInteraction([]byte(commandPayload))
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(CallbackDeadline + time.Millisecond)
	i := &discordgo.Interaction{ID: late.ID, Token: late.Token, AppID: fake.AppID()}
	err = s.InteractionRespond(i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource})
	if restCode(err) != discordgo.ErrCodeUnknownInteraction {
		t.Fatalf("late callback: err %v, want 10062", err)
	}
	fake.TakeViolations()

	ok, _ := fake.newInteraction([]byte(commandPayload))
	clock.Advance(CallbackDeadline - time.Millisecond)
	i = &discordgo.Interaction{ID: ok.ID, Token: ok.Token, AppID: fake.AppID()}
	if err := s.InteractionRespond(i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}); err != nil {
		t.Fatalf("callback within the deadline: %v", err)
	}
	clock.Advance(TokenLifetime)
	content := "too late"
	_, err = s.InteractionResponseEdit(i, &discordgo.WebhookEdit{Content: &content, AllowedMentions: noMentions()})
	if restCode(err) != discordgo.ErrCodeInvalidWebhookTokenProvided {
		t.Fatalf("edit after 15 minutes: err %v, want 50027", err)
	}
	fake.TakeViolations()
}

func TestBotRoutesNeedBotPrefix(t *testing.T) {
	t.Parallel()
	fake := New(t, Options{InteractionsEndpointURL: "https://example.org/interactions"})
	for _, tc := range []struct {
		token string
		want  int
	}{
		{"Bot " + fake.Token(), http.StatusOK},
		{fake.Token(), http.StatusUnauthorized},
		{"Bearer " + fake.Token(), http.StatusUnauthorized},
		{"Bot wrong", http.StatusUnauthorized},
		{"", http.StatusUnauthorized},
	} {
		s := session(t, fake, tc.token)
		body, err := s.Request("GET", discordgo.EndpointApplications+"/@me", nil)
		status := http.StatusOK
		var re *discordgo.RESTError
		if errors.As(err, &re) {
			status = re.Response.StatusCode
		} else if err != nil {
			t.Fatalf("token %q: %v", tc.token, err)
		}
		if status != tc.want {
			t.Errorf("token %q: status %d, want %d", tc.token, status, tc.want)
		}
		if status == http.StatusOK && !strings.Contains(string(body), `"interactions_endpoint_url":"https://example.org/interactions"`) {
			t.Errorf("application = %s, want the interactions endpoint URL", body)
		}
	}
	if v := fake.Violations(); len(v) != 0 {
		t.Fatalf("401s are not spec violations: %v", v)
	}
}

func TestSpecAndLimitsAreEnforced(t *testing.T) {
	t.Parallel()
	fake := New(t, Options{MaxBodyBytes: 64 << 10})
	s := session(t, fake, "Bot "+fake.Token())
	respond := func(data *discordgo.InteractionResponseData) error {
		in, err := fake.newInteraction([]byte(commandPayload))
		if err != nil {
			t.Fatal(err)
		}
		i := &discordgo.Interaction{ID: in.ID, Token: in.Token, AppID: fake.AppID()}
		return s.InteractionRespond(i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: data})
	}
	field := func(n int) *discordgo.MessageEmbedField {
		return &discordgo.MessageEmbedField{Name: "f", Value: strings.Repeat("é", n)}
	}
	cases := []struct {
		name    string
		data    *discordgo.InteractionResponseData
		wantErr string // in the violation; "" = accepted
	}{
		{"fits", &discordgo.InteractionResponseData{Content: strings.Repeat("x", 2000), AllowedMentions: noMentions()}, ""},
		{"content 2001", &discordgo.InteractionResponseData{Content: strings.Repeat("x", 2001), AllowedMentions: noMentions()}, "maxLength"},
		{"embed title 257", &discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{{Title: strings.Repeat("t", 257)}}, AllowedMentions: noMentions()}, "title"},
		{"6000 over embeds", &discordgo.InteractionResponseData{AllowedMentions: noMentions(), Embeds: []*discordgo.MessageEmbed{
			{Fields: []*discordgo.MessageEmbedField{field(1000), field(1000), field(1000)}},
			{Fields: []*discordgo.MessageEmbedField{field(1000), field(1000), field(992)}},
		}}, ""}, // 6 × "f" + 5992 runes = 5998
		{"6001 over embeds", &discordgo.InteractionResponseData{AllowedMentions: noMentions(), Embeds: []*discordgo.MessageEmbed{
			{Fields: []*discordgo.MessageEmbedField{field(1000), field(1000), field(1000)}},
			{Fields: []*discordgo.MessageEmbedField{field(1000), field(1000), field(995)}},
		}}, "more than 6000"},
		{"no allowed_mentions", &discordgo.InteractionResponseData{Content: "@everyone"}, "allowed_mentions missing"},
		{"parse everyone", &discordgo.InteractionResponseData{Content: "hi", AllowedMentions: &discordgo.MessageAllowedMentions{
			Parse: []discordgo.AllowedMentionType{discordgo.AllowedMentionTypeEveryone}}}, "parse"},
		{"body over the limit", &discordgo.InteractionResponseData{AllowedMentions: noMentions(), Embeds: func() []*discordgo.MessageEmbed {
			var e []*discordgo.MessageEmbed
			for range 10 {
				e = append(e, &discordgo.MessageEmbed{Description: strings.Repeat("ы", 4096)})
			}
			return e
		}()}, "body larger than"},
	}
	for _, tc := range cases {
		err := respond(tc.data)
		v := fake.TakeViolations()
		if tc.wantErr == "" {
			if err != nil || len(v) != 0 {
				t.Errorf("%s: err %v, violations %v; want accepted", tc.name, err, v)
			}
			continue
		}
		code := discordgo.ErrCodeInvalidFormBody
		if strings.Contains(tc.wantErr, "larger") {
			code = discordgo.ErrCodeRequestEntityTooLarge
		}
		if restCode(err) != code {
			t.Errorf("%s: err %v, want code %d", tc.name, err, code)
		}
		if len(v) != 1 || !strings.Contains(v[0].Err, tc.wantErr) {
			t.Errorf("%s: violations %v, want one mentioning %q", tc.name, v, tc.wantErr)
		}
	}

	// Interaction type rules: an autocomplete result for a command.
	in, _ := fake.newInteraction([]byte(commandPayload))
	i := &discordgo.Interaction{ID: in.ID, Token: in.Token, AppID: fake.AppID()}
	err := s.InteractionRespond(i, &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{}}})
	if restCode(err) != discordgo.ErrCodeInvalidFormBody {
		t.Errorf("autocomplete result for a command: err %v, want 50035", err)
	}
	if v := fake.TakeViolations(); len(v) != 1 {
		t.Errorf("violations %v, want one", v)
	}
}

func TestCommandRegistrationValidation(t *testing.T) {
	t.Parallel()
	fake := New(t, Options{Guilds: []string{"42"}})
	s := session(t, fake, "Bot "+fake.Token())
	perm := int64(discordgo.PermissionManageGuild)
	cmds := []*discordgo.ApplicationCommand{{
		Name: "reindex", Description: "Rebuild", DefaultMemberPermissions: &perm,
		Contexts: &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild},
	}}
	got, err := s.ApplicationCommandBulkOverwrite(fake.AppID(), "", cmds)
	if err != nil {
		t.Fatalf("bulk overwrite: %v", err)
	}
	if len(got) != 1 || got[0].ID == "" || got[0].DefaultMemberPermissions == nil || *got[0].DefaultMemberPermissions != perm {
		t.Fatalf("registered %+v", got[0])
	}
	id := got[0].ID
	got, _ = s.ApplicationCommandBulkOverwrite(fake.AppID(), "", cmds)
	if got[0].ID != id {
		t.Errorf("overwrite changed the id of an unchanged command: %s -> %s", id, got[0].ID)
	}
	// The spec's integer: a non-numeric permission string is refused.
	_, err = s.Request("PUT", discordgo.EndpointApplicationGlobalCommands(fake.AppID()),
		[]map[string]any{{"name": "x", "description": "y", "default_member_permissions": "manage"}})
	if restCode(err) != discordgo.ErrCodeInvalidFormBody {
		t.Errorf("permissions %q: err %v, want 50035", "manage", err)
	}
	// Names must be lower case.
	_, err = s.ApplicationCommandBulkOverwrite(fake.AppID(), "", []*discordgo.ApplicationCommand{{Name: "Bad Name", Description: "d"}})
	if restCode(err) != discordgo.ErrCodeInvalidFormBody {
		t.Errorf("bad name: err %v, want 50035", err)
	}
	// Duplicates.
	_, err = s.ApplicationCommandBulkOverwrite(fake.AppID(), "", []*discordgo.ApplicationCommand{{Name: "a", Description: "d"}, {Name: "a", Description: "d"}})
	if restCode(err) != discordgo.ErrCodeInvalidFormBody {
		t.Errorf("duplicate: err %v, want 50035", err)
	}
	if v := fake.TakeViolations(); len(v) != 3 {
		t.Errorf("violations = %d, want 3 (non-numeric permissions, bad name, duplicate): %v", len(v), v)
	}
	// A guild the application is not in.
	_, err = s.ApplicationCommandBulkOverwrite(fake.AppID(), "43", cmds)
	if restCode(err) != discordgo.ErrCodeMissingAccess {
		t.Errorf("unknown guild: err %v, want 50001", err)
	}
	if _, err := s.ApplicationCommandBulkOverwrite(fake.AppID(), "42", cmds); err != nil || len(fake.Commands("42")) != 1 {
		t.Errorf("guild overwrite: %v, %d commands", err, len(fake.Commands("42")))
	}
}

func TestGatewayRefusals(t *testing.T) {
	t.Parallel()
	fake := New(t, Options{})
	for _, tc := range []struct {
		name    string
		token   string
		intents discordgo.Intent
		code    int
	}{
		{"bad token", "Bot nope", discordgo.IntentsNone, 4004},
		{"privileged intent", "Bot " + fake.Token(), discordgo.IntentMessageContent, 4014},
	} {
		s := session(t, fake, tc.token)
		s.Identify.Intents = tc.intents
		err := s.Open()
		var ce *websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != tc.code {
			t.Errorf("%s: open: %v, want close code %d", tc.name, err, tc.code)
		}
	}
	// The token works without the prefix on the gateway too.
	s := session(t, fake, fake.Token())
	if err := s.Open(); err != nil {
		t.Fatalf("open with a bare token: %v", err)
	}
	s.Close()
}

func TestDeliverSignsAndRecordsTheAnswer(t *testing.T) {
	t.Parallel()
	fake := New(t, Options{})
	var mu sync.Mutex
	var verified bool
	endpoint := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		ts := r.Header.Get("X-Signature-Timestamp")
		mu.Lock()
		verified = fake.Sign(ts, body) == r.Header.Get("X-Signature-Ed25519")
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"type": 4, "data": map[string]any{
			"content": "hello", "flags": 64, "allowed_mentions": map[string]any{"parse": []string{}}}})
	}))
	defer endpoint.Close()
	in, d, err := fake.Deliver(context.Background(), endpoint.URL, []byte(commandPayload))
	if err != nil || d.Status != http.StatusOK {
		t.Fatalf("deliver: %v %+v", err, d)
	}
	mu.Lock()
	defer mu.Unlock()
	if !verified {
		t.Error("the signature does not verify")
	}
	cb := in.Callbacks()
	if len(cb) != 1 || cb[0].Via != "http" || cb[0].Message().Content != "hello" {
		t.Fatalf("callbacks = %+v", cb)
	}
	if in.Original() == nil || in.Original().Content != "hello" {
		t.Fatalf("original = %+v", in.Original())
	}
}

func TestFindSpecSaysWhere(t *testing.T) {
	t.Setenv(SpecEnv, "/nonexistent/openapi.json")
	_, err := FindSpec()
	if !errors.Is(err, ErrSpecNotFound) || !strings.Contains(err.Error(), "/nonexistent/openapi.json") {
		t.Fatalf("err = %v, want ErrSpecNotFound naming the path", err)
	}
}

// outcomeTB records whether a test helper skipped or failed.
type outcomeTB struct {
	testing.TB
	outcome string
}

func (r *outcomeTB) Helper() {}
func (r *outcomeTB) Skipf(string, ...any) {
	r.outcome = "skip"
	runtime.Goexit()
}
func (r *outcomeTB) Fatalf(string, ...any) {
	r.outcome = "fail"
	runtime.Goexit()
}

// TestRequireSpecFailsUnderCI: a missing spec skips the end-to-end tests
// on a workstation and fails them under CI=true.
func TestRequireSpecFailsUnderCI(t *testing.T) {
	t.Setenv(SpecEnv, "/nonexistent/openapi.json")
	for ci, want := range map[string]string{"true": "fail", "": "skip"} {
		t.Setenv("CI", ci)
		tb := &outcomeTB{}
		done := make(chan struct{})
		go func() {
			defer close(done)
			RequireSpec(tb, "")
		}()
		<-done
		if tb.outcome != want {
			t.Errorf("CI=%q: RequireSpec without the spec did %q, want %q", ci, tb.outcome, want)
		}
	}
}
