package bot

// End-to-end tests of the transports: a real discordgo session (gateway)
// and a real HTTP server (interactions endpoint) against discordtest's fake
// Discord, which validates every payload the bot sends against Discord's
// OpenAPI spec. One table of interaction fixtures (testdata/interactions,
// cases.json) drives both transports.
//
// Each Bot's sessions send discordgo's requests to its own Config.APIURL,
// so every test has its own fake and runs in parallel.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/bot/discordtest"
	"github.com/bwmarrin/discordgo"
)

// logBuffer collects a test's log output.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// newFake starts a fake Discord that knows the fixtures' application and
// bot token, on the fixtures' clock.
func newFake(t *testing.T, opts discordtest.Options) *discordtest.Server {
	t.Helper()
	opts.Token = FixtureBotToken
	opts.AppID = FixtureAppID
	if opts.Now == nil {
		opts.Now = FixtureConfig().Now
	}
	return discordtest.New(t, opts)
}

// newE2EBot builds a Bot on the fixture configuration pointed at the fake,
// logging at debug level as JSON into the returned buffer.
func newE2EBot(t *testing.T, fake *discordtest.Server, eng Engine, change func(*Config)) (*Bot, *logBuffer) {
	t.Helper()
	logs := &logBuffer{}
	cfg := FixtureConfig()
	cfg.APIURL = fake.APIURL()
	cfg.PublicKey = fake.PublicKey()
	cfg.AttachmentOrigins = []string{fake.URL()} // the fake is Discord's CDN too
	cfg.Logger = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg.DrainTimeout = 5 * time.Second
	if change != nil {
		change(&cfg)
	}
	if eng == nil {
		eng = NewFixtureEngine()
	}
	b, err := New(cfg, eng)
	if err != nil {
		t.Fatal(err)
	}
	return b, logs
}

// testGatewayOptions keep the gateway tests fast.
var testGatewayOptions = GatewayOptions{
	FatalDelay:   50 * time.Millisecond,
	ReconnectMin: 10 * time.Millisecond,
	ReconnectMax: 100 * time.Millisecond,
}

// runGateway runs the gateway transport until the returned stop is called
// (or the test ends); stop returns RunGateway's error. done receives that
// error once, when RunGateway returns by itself.
func runGateway(t *testing.T, b *Bot, opts GatewayOptions) (stop func() error, done <-chan error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	finished := make(chan struct{})
	result := make(chan error, 1)
	var runErr error
	go func() {
		runErr = b.RunGatewayWith(ctx, opts)
		result <- runErr
		close(finished)
	}()
	stop = func() error {
		cancel()
		select {
		case <-finished:
		case <-time.After(30 * time.Second):
			t.Error("RunGateway did not return after cancellation")
		}
		return runErr
	}
	t.Cleanup(func() { _ = stop() })
	return stop, result
}

// startGateway runs the gateway and waits until the fake sees it ready.
func startGateway(t *testing.T, fake *discordtest.Server, b *Bot) (stop func() error) {
	t.Helper()
	stop, _ = runGateway(t, b, testGatewayOptions)
	fake.WaitFor(t, "the bot to identify", fake.GatewayReady)
	return stop
}

// startHTTP serves the HTTP transport on a loopback port; it returns the
// endpoint URL and a stop that returns RunHTTPListener's error.
func startHTTP(t *testing.T, b *Bot) (endpoint string, stop func() error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- b.RunHTTPListener(ctx, ln) }()
	var once sync.Once
	var runErr error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case runErr = <-errc:
			case <-time.After(30 * time.Second):
				t.Error("RunHTTPListener did not return after cancellation")
			}
		})
		return runErr
	}
	t.Cleanup(func() { _ = stop() })
	return "http://" + ln.Addr().String() + "/interactions", stop
}

// transport sends an interaction payload to the bot through one transport
// and returns it once the bot has answered.
type transport struct {
	name string
	send func(t *testing.T, raw []byte) *discordtest.Interaction
}

func gatewayTransport(fake *discordtest.Server) transport {
	return transport{name: "gateway", send: func(t *testing.T, raw []byte) *discordtest.Interaction {
		t.Helper()
		in, err := fake.Dispatch(raw)
		if err != nil {
			t.Fatal(err)
		}
		fake.WaitFor(t, "the interaction callback", in.Acknowledged)
		return in
	}}
}

func httpTransport(fake *discordtest.Server, endpoint string) transport {
	return transport{name: "http", send: func(t *testing.T, raw []byte) *discordtest.Interaction {
		t.Helper()
		in, d, err := fake.Deliver(context.Background(), endpoint, raw)
		if err != nil {
			t.Fatal(err)
		}
		if d.Status != http.StatusOK {
			t.Fatalf("endpoint answered %d: %s", d.Status, d.Body)
		}
		return in
	}}
}

// valueComponents turns the pointers discordgo decodes components into
// (*ActionsRow, *Button) into the values the bot builds them as.
func valueComponents(comps []discordgo.MessageComponent) []discordgo.MessageComponent {
	out := make([]discordgo.MessageComponent, 0, len(comps))
	for _, c := range comps {
		switch v := c.(type) {
		case *discordgo.ActionsRow:
			out = append(out, discordgo.ActionsRow{Components: valueComponents(v.Components)})
		case *discordgo.Button:
			out = append(out, *v)
		default:
			out = append(out, c)
		}
	}
	return out
}

// callbackText is ResponseText of a callback as the fake received it.
func callbackText(cb discordtest.Callback) string {
	r := &discordgo.InteractionResponse{Type: cb.Type}
	if m := cb.Message(); m != nil {
		r.Data = &discordgo.InteractionResponseData{Content: m.Content, Embeds: m.Embeds, Components: valueComponents(m.Components), Choices: cb.Choices()}
	}
	return ResponseText(r)
}

// messageText is EditText of a message as it stands at the fake.
func messageText(m *discordgo.Message) string {
	if m == nil {
		return ""
	}
	comps := valueComponents(m.Components)
	return EditText(&discordgo.WebhookEdit{Content: &m.Content, Embeds: &m.Embeds, Components: &comps})
}

// checkFixture checks what the fake received for one fixture against the
// fixture table.
func checkFixture(t *testing.T, fake *discordtest.Server, f Fixture, in *discordtest.Interaction) {
	t.Helper()
	cbs := in.Callbacks()
	if len(cbs) != 1 {
		t.Fatalf("%d callbacks, want 1", len(cbs))
	}
	cb := cbs[0]
	text := callbackText(cb)
	if cb.Type != f.ResponseType {
		t.Errorf("response type %d, want %d; text:\n%s", cb.Type, f.ResponseType, text)
	}
	eph := cb.Message() != nil && cb.Message().Flags&discordgo.MessageFlagsEphemeral != 0
	if eph != f.Ephemeral {
		t.Errorf("ephemeral %v, want %v", eph, f.Ephemeral)
	}
	for _, want := range f.Contains {
		if !strings.Contains(text, want) {
			t.Errorf("response lacks %q; text:\n%s", want, text)
		}
	}
	var editText string
	if f.Deferred {
		fake.WaitFor(t, "the deferred response's edit", func() bool { return in.Edits() > 0 })
		o := in.Original()
		editText = messageText(o)
		if o.Flags&discordgo.MessageFlagsEphemeral == 0 && f.Ephemeral {
			t.Error("the deferred response lost its ephemeral flag")
		}
		for _, want := range f.EditContains {
			if !strings.Contains(editText, want) {
				t.Errorf("edit lacks %q; text:\n%s", want, editText)
			}
		}
		var names []string
		for _, file := range in.Files() {
			names = append(names, file.Name)
		}
		if !slices.Equal(names, f.EditFiles) {
			t.Errorf("the reply has the files %q, want %q", names, f.EditFiles)
		}
	}
	for _, no := range f.Absent {
		if strings.Contains(text, no) || strings.Contains(editText, no) {
			t.Errorf("reply holds %q", no)
		}
	}
	for _, r := range fake.Requests() {
		if strings.Contains(string(r.Body), in.Token) || strings.Contains(string(r.Body), FixtureBotToken) {
			t.Errorf("a token is in the body of %s %s", r.Method, r.Route)
		}
	}
	if strings.Contains(string(cb.Body), in.Token) {
		t.Error("the interaction token is in the reply")
	}
}

// TestTransportsAnswerEveryFixture sends every fixture through the gateway
// and through the HTTP endpoint; both must answer as the table says, with
// payloads Discord's spec accepts (the fake fails the test otherwise).
func TestTransportsAnswerEveryFixture(t *testing.T) {
	t.Parallel()
	fixtures := LoadFixtures(t)
	for _, name := range []string{"gateway", "http"} {
		t.Run(name, func(t *testing.T) {
			fake := newFake(t, discordtest.Options{})
			obs := &recordingObserver{}
			b, logs := newE2EBot(t, fake, nil, func(c *Config) { c.Observer = obs })
			var tr transport
			if name == "gateway" {
				startGateway(t, fake, b)
				tr = gatewayTransport(fake)
			} else {
				endpoint, _ := startHTTP(t, b)
				tr = httpTransport(fake, endpoint)
			}
			for _, f := range fixtures {
				t.Run(f.Name, func(t *testing.T) {
					if f.Interaction.Type == discordgo.InteractionPing && name == "gateway" {
						t.Skip("Discord sends PING only to HTTP endpoints")
					}
					for id, data := range f.AttachmentData {
						fake.PutAttachment(id, f.ContentTypeOf(id), data)
					}
					in := tr.send(t, f.Raw)
					checkFixture(t, fake, f, in)
					if f.Deferred {
						fake.WaitFor(t, "the deferred interaction to be observed", func() bool {
							return obs.last() == observed{f.Command, f.Outcome}
						})
					}
					if f.Interaction.Type != discordgo.InteractionPing {
						if got, want := obs.last(), (observed{f.Command, f.Outcome}); got != want {
							t.Errorf("observed %+v, want %+v", got, want)
						}
					}
				})
			}
			checkNoTokens(t, logs.String(), fake)
		})
	}
}

// checkNoTokens fails if the bot token or any interaction token the fake
// issued appears in the logs.
func checkNoTokens(t *testing.T, logs string, fake *discordtest.Server) {
	t.Helper()
	tokens := append(FixtureTokens(t), strings.TrimPrefix(FixtureBotToken, "Bot "))
	for _, r := range fake.Requests() {
		if i := strings.Index(r.Path, "/interactions/"); i >= 0 {
			parts := strings.Split(r.Path, "/")
			if len(parts) > 3 {
				tokens = append(tokens, parts[3])
			}
		}
		if strings.HasPrefix(r.Path, "/webhooks/") {
			parts := strings.Split(r.Path, "/")
			if len(parts) > 3 {
				tokens = append(tokens, parts[3])
			}
		}
	}
	for _, tok := range tokens {
		if tok != "" && strings.Contains(logs, tok) {
			t.Errorf("a token (%.12s…) is in the logs", tok)
		}
	}
	if strings.Contains(logs, "aW50ZXJhY3Rpb246") {
		t.Error("something that looks like an interaction token is in the logs")
	}
}

// pressButton builds the component interaction Discord sends when a user
// presses the button whose custom_id starts with prefix on msg, from a
// button fixture (which supplies who presses it and where).
func pressButton(t *testing.T, file string, msg *discordgo.Message, action buttonAction) []byte {
	t.Helper()
	f := LoadFixtures(t)
	var raw []byte
	for _, x := range f {
		if x.File == file {
			raw = x.Raw
		}
	}
	if raw == nil {
		t.Fatalf("no fixture %s", file)
	}
	var payload map[string]any
	if err := json.Unmarshal(raw, &payload); err != nil {
		t.Fatal(err)
	}
	custom := buttonID(t, valueComponents(msg.Components), action)
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

// TestGatewayPagination asks a public /claims over the gateway, then pages
// it with the buttons of the message the fake holds: the asker moves to page
// 2 (the message is updated in place); someone else is told only the asker
// can page, and the message stays as it was.
func TestGatewayPagination(t *testing.T) {
	t.Parallel()
	fake := newFake(t, discordtest.Options{})
	b, _ := newE2EBot(t, fake, nil, nil)
	startGateway(t, fake, b)
	tr := gatewayTransport(fake)

	ask := tr.send(t, LoadFixtureRaw(t, "claims_public_paged.json"))
	answer := ask.Original()
	if answer == nil || answer.Flags&discordgo.MessageFlagsEphemeral != 0 {
		t.Fatalf("want a public answer, got %+v", answer)
	}
	if text := messageText(answer); !strings.Contains(text, "page 1 of 2") {
		t.Fatalf("answer is not paged:\n%s", text)
	}

	other := tr.send(t, pressButton(t, "button_next_other.json", answer, actionNext))
	cb := other.Callbacks()[0]
	if cb.Type != discordgo.InteractionResponseChannelMessageWithSource || cb.Message().Flags&discordgo.MessageFlagsEphemeral == 0 ||
		!strings.Contains(callbackText(cb), "Only the person who asked can page this answer") {
		t.Fatalf("someone else pressing Next: %d %s", cb.Type, callbackText(cb))
	}
	if got := messageText(other.SourceMessage()); !strings.Contains(got, "page 1 of 2") {
		t.Fatalf("someone else's press changed the message:\n%s", got)
	}

	next := tr.send(t, pressButton(t, "button_next_owner.json", answer, actionNext))
	cb = next.Callbacks()[0]
	if cb.Type != discordgo.InteractionResponseUpdateMessage {
		t.Fatalf("the asker pressing Next: callback type %d, want 7", cb.Type)
	}
	page2 := next.SourceMessage()
	if o := next.Original(); o == nil || o.ID != page2.ID {
		t.Fatalf("after an update the original response should be the paged message")
	}
	if text := messageText(page2); !strings.Contains(text, "page 2 of 2") || !strings.Contains(text, "Previous") {
		t.Fatalf("after Next the message is:\n%s", text)
	}
	back := tr.send(t, pressButton(t, "button_next_owner.json", page2, actionPrev))
	if text := messageText(back.Original()); !strings.Contains(text, "page 1 of 2") {
		t.Fatalf("after Previous the message is:\n%s", text)
	}
}

// LoadFixtureRaw reads one fixture file as bytes.
func LoadFixtureRaw(t *testing.T, file string) []byte {
	t.Helper()
	for _, f := range LoadFixtures(t) {
		if f.File == file {
			return f.Raw
		}
	}
	t.Fatalf("no fixture %s in cases.json", file)
	return nil
}

// blockingReindex is an engine whose Reindex waits for release and then
// fails on invalid data, as a data directory with a bad claim makes it.
type blockingReindex struct {
	*FakeEngine
	started chan struct{}
	release chan struct{}
}

func newBlockingReindex() *blockingReindex {
	e := &blockingReindex{FakeEngine: NewFixtureEngine(), started: make(chan struct{}, 1), release: make(chan struct{})}
	e.ReindexFunc = func(ctx context.Context) (armswatch.ReindexReport, error) {
		e.started <- struct{}{}
		select {
		case <-e.release:
		case <-ctx.Done():
			return armswatch.ReindexReport{}, ctx.Err()
		}
		return armswatch.ReindexReport{}, invalidDataError()
	}
	return e
}

// invalidDataError is what the engine returns for a data directory that
// fails validation.
func invalidDataError() error {
	return armswatch.ValidationErrors{{Path: "claims/bad.yaml", Line: 7, Field: "appearances[0].quote", Message: `not found verbatim in document "fixture-doc-1"`}}
}

// TestReindexFailureWhileAnswering runs a /reindex whose data is invalid
// over each transport: while it runs, /claims keeps being answered; then
// the deferred reply is edited with the validation error (file:line).
func TestReindexFailureWhileAnswering(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"gateway", "http"} {
		t.Run(name, func(t *testing.T) {
			fake := newFake(t, discordtest.Options{})
			eng := newBlockingReindex()
			b, _ := newE2EBot(t, fake, eng, nil)
			var tr transport
			if name == "gateway" {
				startGateway(t, fake, b)
				tr = gatewayTransport(fake)
			} else {
				endpoint, _ := startHTTP(t, b)
				tr = httpTransport(fake, endpoint)
			}
			re := tr.send(t, LoadFixtureRaw(t, "reindex_moderator.json"))
			if cb := re.Callbacks()[0]; cb.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
				t.Fatalf("reindex callback type %d, want 5", cb.Type)
			}
			<-eng.started
			for range 3 {
				in := tr.send(t, LoadFixtureRaw(t, "claims_guild.json"))
				if text := callbackText(in.Callbacks()[0]); !strings.Contains(text, "Claims: shells") {
					t.Fatalf("a /claims during the reindex got:\n%s", text)
				}
			}
			if re.Edits() != 0 {
				t.Fatal("the reindex reply was edited before the reindex ended")
			}
			close(eng.release)
			fake.WaitFor(t, "the reindex reply's edit", func() bool { return re.Edits() > 0 })
			text := messageText(re.Original())
			if !strings.Contains(text, "claims/bad.yaml:7") {
				t.Fatalf("the reindex reply does not name the bad file and line:\n%s", text)
			}
		})
	}
}

// TestLogsCarryNoTokens drives both transports with discordgo's own debug
// output on (the bot logs at debug level, so discordgo logs every gateway
// payload, interaction tokens included) and checks that neither the bot
// token nor any interaction token reaches the log, and that errors carrying
// request URLs are redacted too.
func TestLogsCarryNoTokens(t *testing.T) {
	fake := newFake(t, discordtest.Options{})
	b, logs := newE2EBot(t, fake, nil, nil)
	startGateway(t, fake, b)
	gw := gatewayTransport(fake)
	endpoint, _ := startHTTP(t, b)
	ht := httpTransport(fake, endpoint)
	for _, file := range []string{"claims_guild.json", "reindex_moderator.json", "autocomplete_query.json"} {
		for _, tr := range []transport{gw, ht} {
			in := tr.send(t, LoadFixtureRaw(t, file))
			if in.Callbacks()[0].Type == discordgo.InteractionResponseDeferredChannelMessageWithSource {
				fake.WaitFor(t, "the edit", func() bool { return in.Edits() > 0 })
			}
		}
	}
	// A REST failure whose error holds the request URL: answer an
	// interaction the fake never issued, so the callback URL carries a token
	// the fake rejects.
	i := &discordgo.Interaction{ID: "1", Token: "aW50ZXJhY3Rpb246bm90LWlzc3VlZA", AppID: FixtureAppID, Type: discordgo.InteractionApplicationCommand}
	b.logRESTFailure("test", i, "gateway", errors.New(`Post "`+fake.APIURL()+`interactions/1/`+i.Token+`/callback": connection refused`))
	fake.TakeViolations()
	if !strings.Contains(logs.String(), `"level":"DEBUG"`) || !strings.Contains(logs.String(), "discordgo") {
		t.Fatal("the test needs discordgo's debug output in the log")
	}
	checkNoTokens(t, logs.String(), fake)
	if strings.Contains(logs.String(), i.Token) {
		t.Error("the token of a failed callback's URL is in the log")
	}
}
