package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/armswatch/armswatch"
	"github.com/bwmarrin/discordgo"
)

// fakeClock is a settable clock for the rate limiter.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func claimsInteraction(query string) *discordgo.Interaction {
	return commandInteraction(cmdClaims, []*discordgo.ApplicationCommandInteractionDataOption{
		{Name: optQuery, Type: discordgo.ApplicationCommandOptionString, Value: query}})
}

func TestHandleNeverPanicsAndAnswersErrors(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	obs := &recordingObserver{}
	cfg := FixtureConfig()
	cfg.Observer = obs
	cfg.Logger = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	b, err := New(cfg, NewFixtureEngine())
	if err != nil {
		t.Fatal(err)
	}
	b.engineBudget = 50 * time.Millisecond
	ctx := context.Background()

	tests := []struct {
		name    string
		i       *discordgo.Interaction
		outcome string
		text    string
	}{
		{"nil interaction", nil, OutcomeError, msgFailed},
		{"engine panics", claimsInteraction("panic"), OutcomePanic, msgPanic},
		{"engine fails", claimsInteraction("fail"), OutcomeError, msgFailed},
		{"engine too slow", claimsInteraction("slow"), OutcomeError, msgTimeout},
		{"bad query", claimsInteraction("bad"), OutcomeBadInput, "I can't search for that"},
		{"index being repaired", claimsInteraction("damaged"), OutcomeBadInput, "being rebuilt from the data"},
		{"empty query", claimsInteraction(" \u202E\n "), OutcomeBadInput, "Type what to look for"},
		{"command data of the wrong type", &discordgo.Interaction{ID: "1", Type: discordgo.InteractionApplicationCommand,
			Data: discordgo.MessageComponentInteractionData{CustomID: "x"}, User: &discordgo.User{ID: "2"}}, OutcomeBadInput, msgUnsupported},
		{"modal submit", &discordgo.Interaction{ID: "1", Type: discordgo.InteractionModalSubmit,
			Data: discordgo.ModalSubmitInteractionData{CustomID: "x"}, User: &discordgo.User{ID: "2"}}, OutcomeBadInput, msgUnsupported},
		{"no user at all", &discordgo.Interaction{ID: "1", Type: discordgo.InteractionApplicationCommand,
			Data: discordgo.ApplicationCommandInteractionData{Name: cmdAbout}}, OutcomeOK, "About armswatch"},
		{"inverted dates", commandInteraction(cmdClaims, []*discordgo.ApplicationCommandInteractionDataOption{
			{Name: optQuery, Type: discordgo.ApplicationCommandOptionString, Value: "shells"},
			{Name: optFrom, Type: discordgo.ApplicationCommandOptionString, Value: "2024-02"},
			{Name: optTo, Type: discordgo.ApplicationCommandOptionString, Value: "2023"}}), OutcomeBadInput, "is after"},
		{"option of the wrong type", commandInteraction(cmdClaims, []*discordgo.ApplicationCommandInteractionDataOption{
			{Name: optQuery, Type: discordgo.ApplicationCommandOptionInteger, Value: float64(3)}}), OutcomeBadInput, "Type what to look for"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := b.Handle(ctx, tt.i)
			if resp.Initial == nil || resp.Initial.Data == nil {
				t.Fatalf("no reply: %+v", resp)
			}
			if err := CheckResponse(resp.Initial); err != nil {
				t.Error(err)
			}
			if text := ResponseText(resp.Initial); !strings.Contains(text, tt.text) {
				t.Errorf("reply %q lacks %q", text, tt.text)
			}
			if got := obs.last().outcome; got != tt.outcome {
				t.Errorf("outcome %q, want %q", got, tt.outcome)
			}
		})
	}
	if !strings.Contains(logs.String(), `"interaction_id":"1180000000000009001"`) {
		t.Errorf("log lines lack the interaction id:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), `"msg":"interaction panicked"`) || !strings.Contains(logs.String(), `"stack"`) {
		t.Error("the panic was not logged with its stack")
	}
}

func TestRateLimit(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{t: time.Date(2024, 2, 1, 10, 0, 0, 0, time.UTC)}
	obs := &recordingObserver{}
	cfg := FixtureConfig()
	cfg.Now, cfg.Observer = clock.now, obs
	cfg.RateLimit = RateLimit{PerMinute: 6, Burst: 2}
	b, err := New(cfg, NewFixtureEngine())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	about := func(user string) *discordgo.Interaction {
		i := commandInteraction(cmdAbout, nil)
		i.Member.User.ID = user
		return i
	}
	for k := range 2 {
		if r := b.Handle(ctx, about("1")); obs.last().outcome != OutcomeOK {
			t.Fatalf("call %d limited: %s", k, ResponseText(r.Initial))
		}
	}
	r := b.Handle(ctx, about("1"))
	if obs.last().outcome != OutcomeRateLimited || r.Initial.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Fatalf("third call: %s %+v", obs.last().outcome, r.Initial)
	}
	if text := ResponseText(r.Initial); !strings.Contains(text, "wait 10 seconds") {
		t.Errorf("limited reply %q", text)
	}
	// Another user has their own bucket.
	b.Handle(ctx, about("2"))
	if obs.last().outcome != OutcomeOK {
		t.Error("another user was limited")
	}
	// Autocomplete has its own, larger bucket; when empty it answers no
	// choices.
	ac := autocompleteInteraction(cmdClaims, optQuery, "sh")
	ac.Member.User.ID = "1"
	for range 2 * autocompleteFactor {
		if r := b.Handle(ctx, ac); obs.last().outcome != OutcomeOK || len(r.Initial.Data.Choices) == 0 {
			t.Fatalf("autocomplete limited early: %s", obs.last().outcome)
		}
	}
	r = b.Handle(ctx, ac)
	if obs.last().outcome != OutcomeRateLimited || r.Initial.Type != discordgo.InteractionApplicationCommandAutocompleteResult || len(r.Initial.Data.Choices) != 0 {
		t.Fatalf("limited autocomplete: %s %+v", obs.last().outcome, r.Initial)
	}
	// Ten seconds refill one token.
	clock.add(10 * time.Second)
	b.Handle(ctx, about("1"))
	if obs.last().outcome != OutcomeOK {
		t.Error("no refill after 10 s")
	}
	b.Handle(ctx, about("1"))
	if obs.last().outcome != OutcomeRateLimited {
		t.Error("refilled more than one token")
	}
}

func TestLimiterForgetsFullBuckets(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{t: time.Unix(0, 0)}
	l := newLimiter(RateLimit{PerMinute: 60, Burst: 1}, clock.now)
	for k := range maxBuckets {
		l.allow(fmt.Sprint(k))
	}
	clock.add(time.Minute)
	l.allow("new")
	if len(l.buckets) != 1 {
		t.Errorf("%d buckets kept, want 1", len(l.buckets))
	}
}

func TestAutocompleteAnswersInTime(t *testing.T) {
	t.Parallel()
	b, eng := newFixtureBot(t, nil)
	b.autocompleteBudget = 20 * time.Millisecond
	eng.CompleteDelay = 300 * time.Millisecond
	start := time.Now()
	r := b.Handle(context.Background(), autocompleteInteraction(cmdClaims, optClaimant, "claim"))
	if d := time.Since(start); d > 250*time.Millisecond {
		t.Errorf("took %v with a slow engine", d)
	}
	if r.Initial.Type != discordgo.InteractionApplicationCommandAutocompleteResult || len(r.Initial.Data.Choices) != 0 {
		t.Errorf("slow autocomplete: %+v", r.Initial)
	}
	// The item option still offers the categories without the engine.
	r = b.Handle(context.Background(), autocompleteInteraction(cmdClaims, optItem, "sh"))
	if !strings.Contains(ResponseText(r.Initial), "artillery-shell") {
		t.Errorf("item choices: %s", ResponseText(r.Initial))
	}
}

func TestAutocompleteChoicesFit(t *testing.T) {
	t.Parallel()
	b, eng := newFixtureBot(t, nil)
	long := strings.Repeat("é", 150)
	var comps []armswatch.Completion
	for k := range 40 {
		comps = append(comps, armswatch.Completion{Label: fmt.Sprintf("%d %s", k, long), Value: fmt.Sprintf("v%d", k)})
	}
	comps = append(comps, armswatch.Completion{Label: "too long a value", Value: long}, armswatch.Completion{Label: "dup", Value: "v1"})
	eng.Completions[armswatch.CompleteQuery] = comps
	r := b.Handle(context.Background(), autocompleteInteraction(cmdClaims, optQuery, ""))
	if err := CheckResponse(r.Initial); err != nil {
		t.Fatal(err)
	}
	if n := len(r.Initial.Data.Choices); n != LimitChoices {
		t.Errorf("%d choices, want %d", n, LimitChoices)
	}
	for _, c := range r.Initial.Data.Choices {
		if c.Value == long {
			t.Error("a value over 100 runes was offered (cut, it would ask for something else)")
		}
		if !strings.HasSuffix(c.Name, "…") {
			t.Errorf("long name not visibly cut: %q", c.Name)
		}
	}
}

// TestPaging answers /claims publicly, then presses the buttons as the
// asker and as someone else, the way Discord sends the message back.
func TestPaging(t *testing.T) {
	t.Parallel()
	b, eng := newFixtureBot(t, nil)
	ctx := context.Background()
	opts := []*discordgo.ApplicationCommandInteractionDataOption{
		{Name: optQuery, Type: discordgo.ApplicationCommandOptionString, Value: " <@1180000000000000502> shells @everyone "},
		{Name: optClaimant, Type: discordgo.ApplicationCommandOptionString, Value: "Claimant *One* <@1> (fixture)"},
		{Name: optItem, Type: discordgo.ApplicationCommandOptionString, Value: "Artillery shells"},
		{Name: optFrom, Type: discordgo.ApplicationCommandOptionString, Value: "2023-09"},
		{Name: optPublic, Type: discordgo.ApplicationCommandOptionBoolean, Value: true},
	}
	first := b.Handle(ctx, commandInteraction(cmdClaims, opts))
	if first.Initial.Data.Flags&discordgo.MessageFlagsEphemeral != 0 {
		t.Fatal("public answer is ephemeral")
	}
	press := func(resp *discordgo.InteractionResponse, label, user string) Response {
		t.Helper()
		m := messageAsSent(t, resp.Data.Embeds, resp.Data.Components)
		for _, c := range m.Components {
			for _, bc := range c.(*discordgo.ActionsRow).Components {
				if btn := bc.(*discordgo.Button); btn.Label == label {
					i := commandInteraction("", nil)
					i.Type, i.Message = discordgo.InteractionMessageComponent, m
					i.Data = discordgo.MessageComponentInteractionData{CustomID: btn.CustomID, ComponentType: discordgo.ButtonComponent}
					i.Member.User.ID = user
					return b.Handle(ctx, i)
				}
			}
		}
		t.Fatalf("no %s button", label)
		return Response{}
	}
	next := press(first.Initial, "Next", FixtureAskerID)
	if next.Initial.Type != discordgo.InteractionResponseUpdateMessage || !strings.Contains(ResponseText(next.Initial), "page 2 of 2") {
		t.Fatalf("next: %s", ResponseText(next.Initial))
	}
	last := eng.Queries[len(eng.Queries)-1]
	want := armswatch.Query{Text: "shells", Item: armswatch.CategoryArtilleryShell, Claimant: "Claimant *One* <@1> (fixture)",
		From: armswatch.MustDate("2023-09"), Limit: maxClaims}
	if !queryEqual(last, want) {
		t.Errorf("paging asked %+v, want %+v", last, want)
	}
	back := press(next.Initial, "Previous", FixtureAskerID)
	if a, b := ResponseText(back.Initial), ResponseText(first.Initial); a != b {
		t.Errorf("previous page differs from the first answer:\n%s\n---\n%s", a, b)
	}
	other := press(first.Initial, "Next", FixtureOtherUserID)
	if other.Initial.Type != discordgo.InteractionResponseChannelMessageWithSource || other.Initial.Data.Flags&discordgo.MessageFlagsEphemeral == 0 ||
		!strings.Contains(ResponseText(other.Initial), "Only the person who asked") {
		t.Errorf("someone else paged: %s", ResponseText(other.Initial))
	}
	src := press(first.Initial, "Sources", FixtureOtherUserID)
	if src.Initial.Data.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(ResponseText(src.Initial), "[1] Fixture article one") {
		t.Errorf("sources: %s", ResponseText(src.Initial))
	}
}

func queryEqual(a, b armswatch.Query) bool {
	return a.Text == b.Text && a.Item == b.Item && a.Claimant == b.Claimant && a.From == b.From && a.To == b.To && a.Limit == b.Limit
}

func TestReindexOutcomes(t *testing.T) {
	t.Parallel()
	problems := errors.Join(armswatch.ErrInvalidData,
		errors.New("claims/a.yaml:12: quote not found in documents/x.md"),
		errors.New("documents/y.md:3: bad date \"2023-13\""))
	tests := []struct {
		name    string
		run     func(context.Context) (armswatch.ReindexReport, error)
		outcome string
		want    []string
	}{
		{"changes", nil, OutcomeOK, []string{"Reindex finished", "Claims added (1)", "fx-7", "Took 250 ms"}},
		{"nothing changed", func(context.Context) (armswatch.ReindexReport, error) {
			return armswatch.ReindexReport{Documents: 2, Claims: 7}, nil
		}, OutcomeOK, []string{"Nothing changed."}},
		{"already running", func(context.Context) (armswatch.ReindexReport, error) {
			return armswatch.ReindexReport{}, fmt.Errorf("reindex: %w", armswatch.ErrReindexRunning)
		}, OutcomeBadInput, []string{"A reindex is already running"}},
		{"invalid data", func(context.Context) (armswatch.ReindexReport, error) {
			return armswatch.ReindexReport{}, fmt.Errorf("load data: %w", problems)
		}, OutcomeOK, []string{"Reindex refused: 2 problems", "previous index is still serving", "claims/a.yaml:12: quote not found", "documents/y.md:3"}},
		{"validation errors", func(context.Context) (armswatch.ReindexReport, error) {
			return armswatch.ReindexReport{}, fmt.Errorf("reindex: load data: %w", armswatch.ValidationErrors{
				{Path: "claims/kyiv.yaml", Line: 14, Field: "appearances[0].quote", Message: "not found verbatim in documents/kyiv.md"},
				{Path: "documents/x.md", Message: "no title"},
			})
		}, OutcomeOK, []string{"Reindex refused: 2 problems", `claims/kyiv.yaml:14: appearances\[0\].quote: not found verbatim`, "• documents/x.md: no title"}},
		{"failure", func(context.Context) (armswatch.ReindexReport, error) {
			return armswatch.ReindexReport{}, errors.New("disk full")
		}, OutcomeError, []string{msgFailed}},
		{"panic", func(context.Context) (armswatch.ReindexReport, error) { panic("boom") }, OutcomePanic, []string{msgPanic}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obs := &recordingObserver{}
			b, eng := newFixtureBot(t, obs)
			eng.ReindexFunc = tt.run
			resp := b.Handle(context.Background(), LoadInteraction(t, "reindex_moderator.json"))
			if resp.Then == nil || resp.Initial.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
				t.Fatalf("not deferred: %+v", resp.Initial)
			}
			if len(obs.calls) != 0 {
				t.Error("observed before Then ran")
			}
			edit, err := resp.Then(context.Background())
			if err != nil || edit == nil {
				t.Fatalf("Then = %v, %v", edit, err)
			}
			if err := CheckEdit(edit); err != nil {
				t.Error(err)
			}
			text := EditText(edit)
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("edit lacks %q:\n%s", w, text)
				}
			}
			if got := obs.last(); got != (observed{cmdReindex, tt.outcome}) {
				t.Errorf("observed %+v, want outcome %s", got, tt.outcome)
			}
		})
	}
}

func TestValidationProblemsFit(t *testing.T) {
	t.Parallel()
	var errs []error
	for k := range 500 {
		errs = append(errs, fmt.Errorf("claims/file-%d.yaml:%d: %s", k, k, strings.Repeat("long problem text ", 20)))
	}
	embeds := renderValidationProblems(validationProblems(errors.Join(append([]error{armswatch.ErrInvalidData}, errs...)...)))
	if err := CheckMessage("", embeds, nil, noMentions()); err != nil {
		t.Fatal(err)
	}
	if d := embeds[0].Description; !strings.Contains(d, "claims/file-0.yaml:0") || !strings.Contains(d, "more") {
		t.Errorf("description: %s", d)
	}
	if !strings.Contains(embeds[0].Title, "500 problems") {
		t.Errorf("title %q", embeds[0].Title)
	}
}

func TestReindexLogsModerator(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	cfg := FixtureConfig()
	cfg.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	b, _ := New(cfg, NewFixtureEngine())
	i := LoadInteraction(t, "reindex_moderator.json")
	resp := b.Handle(context.Background(), i)
	if _, err := resp.Then(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, msg := range []string{"reindex requested", "reindex finished"} {
		found := false
		for _, line := range strings.Split(logs.String(), "\n") {
			if strings.Contains(line, `"msg":"`+msg+`"`) && strings.Contains(line, `"moderator_id":"`+i.Member.User.ID+`"`) {
				found = true
			}
		}
		if !found {
			t.Errorf("no %q line with the moderator id:\n%s", msg, logs.String())
		}
	}
}

func TestCommands(t *testing.T) {
	t.Parallel()
	b, _ := newFixtureBot(t, nil)
	names := func(cmds []*discordgo.ApplicationCommand) string {
		var out []string
		for _, c := range cmds {
			out = append(out, c.Name)
		}
		return strings.Join(out, ",")
	}
	if got := names(b.Commands("")); got != "claims,source,about,timeline" {
		t.Errorf("global commands with moderator guilds set: %s", got)
	}
	if got := names(b.Commands(FixtureOtherGuildID)); got != "claims,source,about,timeline" {
		t.Errorf("commands of another guild: %s", got)
	}
	if got := names(b.Commands(FixtureGuildID)); got != "claims,source,about,timeline,reindex,propose,review,retract,gaps" {
		t.Errorf("commands of the moderator guild: %s", got)
	}
	if got := names(b.ModeratorCommands(FixtureGuildID)); got != "reindex,propose,review,retract,gaps" {
		t.Errorf("moderator commands: %s", got)
	}
	if got := b.ModeratorCommands(FixtureOtherGuildID); got != nil {
		t.Errorf("moderator commands of another guild: %v", got)
	}
	open, _ := New(Config{}, NewFixtureEngine())
	if got := names(open.Commands("")); got != "claims,source,about,timeline,reindex,propose,review,retract,gaps" {
		t.Errorf("global commands without moderator guilds: %s", got)
	}

	cmds := b.Commands(FixtureGuildID)
	for _, mod := range cmds[4:] {
		if mod.DefaultMemberPermissions == nil || *mod.DefaultMemberPermissions != discordgo.PermissionManageGuild {
			t.Errorf("%s is not hidden behind Manage Server", mod.Name)
		}
		js, _ := json.Marshal(mod)
		if !strings.Contains(string(js), `"default_member_permissions":"32"`) || !strings.Contains(string(js), `"contexts":[0]`) {
			t.Errorf("%s JSON: %s", mod.Name, js)
		}
	}
	if o := cmds[5].Options; len(o) != 2 || o[0].Type != discordgo.ApplicationCommandOptionAttachment || o[0].Required ||
		o[1].Name != optURL || o[1].Type != discordgo.ApplicationCommandOptionString || o[1].Required {
		t.Errorf("propose's file and url options (each optional: one of them is given): %+v %+v", o[0], o[len(o)-1])
	}
	if o := cmds[6].Options; cmds[6].Name != cmdReview || len(o) != 1 || o[0].Name != optID || o[0].Required || !o[0].Autocomplete {
		t.Errorf("review's id option (optional, autocompleted: without it, the list): %+v", o)
	}
	if o := cmds[7].Options; cmds[7].Name != cmdRetract || len(o) != 2 || !o[0].Required || !o[1].Required || o[1].Name != optReason {
		t.Errorf("retract's id and reason options: %+v", o)
	}
	if o := cmds[3].Options; len(o) != 3 || o[0].Name != optItem || !o[0].Required || !o[0].Autocomplete || !o[1].Autocomplete {
		t.Errorf("timeline's options: %+v", o)
	}
	for _, c := range cmds {
		checkCommandShape(t, c.Name, c.Description)
		for _, o := range c.Options {
			checkCommandShape(t, c.Name+" "+o.Name, o.Description)
			if len(o.Choices) > LimitChoices {
				t.Errorf("%s: %d choices", o.Name, len(o.Choices))
			}
		}
	}
	claims := cmds[0]
	if claims.Options[0].Name != optQuery || !claims.Options[0].Required || claims.Options[0].MaxLength != maxQueryRunes {
		t.Errorf("query option: %+v", claims.Options[0])
	}
}

func checkCommandShape(t *testing.T, name, desc string) {
	t.Helper()
	last := name[strings.LastIndex(name, " ")+1:]
	if last == "" || len(last) > 32 || strings.ToLower(last) != last {
		t.Errorf("bad name %q", last)
	}
	if n := runeLen(desc); n < 1 || n > 100 {
		t.Errorf("%s: description of %d runes", name, n)
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	t.Parallel()
	if _, err := New(Config{}, nil); err == nil {
		t.Error("nil engine accepted")
	}
	if _, err := New(Config{RateLimit: RateLimit{PerMinute: -1, Burst: 1}}, NewFixtureEngine()); err == nil {
		t.Error("negative rate accepted")
	}
	if _, err := New(Config{PublicKey: make([]byte, 5)}, NewFixtureEngine()); err == nil {
		t.Error("short public key accepted")
	}
	if _, err := New(Config{ModeratorRoleIDs: []string{""}}, NewFixtureEngine()); err == nil {
		t.Error("empty role id accepted")
	}
}
