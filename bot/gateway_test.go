package bot

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/bot/discordtest"
	"github.com/armswatch/armswatch/internal/testwait"
	"github.com/bwmarrin/discordgo"
)

func TestBotToken(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"abc":       "Bot abc",
		"Bot abc":   "Bot abc",
		"bot abc":   "Bot abc",
		" Bot abc ": "Bot abc",
		"":          "",
		"Bot ":      "",
	} {
		if got := botToken(armswatch.NewSecret(in)); got != want {
			t.Errorf("botToken(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestGatewayReconnects drops the socket, sends op 7 (reconnect) and op 9
// (invalid session): each time the bot comes back, resuming when it can,
// and keeps answering.
func TestGatewayReconnects(t *testing.T) {
	t.Parallel()
	fake := newFake(t, discordtest.Options{})
	b, logs := newE2EBot(t, fake, nil, nil)
	startGateway(t, fake, b)
	tr := gatewayTransport(fake)
	ask := func() {
		t.Helper()
		in := tr.send(t, LoadFixtureRaw(t, "claims_guild.json"))
		if text := callbackText(in.Callbacks()[0]); !strings.Contains(text, "Claims: shells") {
			t.Fatalf("answer:\n%s", text)
		}
	}
	ask()

	fake.DropConnections()
	fake.WaitFor(t, "a resume after the dropped socket", func() bool { return fake.Resumes() == 1 && fake.GatewayReady() })
	ask()

	fake.SendReconnect()
	fake.WaitFor(t, "a resume after op 7", func() bool { return fake.Resumes() == 2 && fake.GatewayReady() })
	ask()

	fake.SendInvalidSession(false)
	fake.WaitFor(t, "a new identify after op 9", func() bool { return fake.Identifies() == 2 && fake.GatewayReady() })
	ask()

	fake.WaitFor(t, "the bot to be healthy again", b.Healthy)
	if got := fake.IdentifyAttempts(); got != 2 {
		t.Errorf("%d IDENTIFYs, want 2: resuming must not spend logins", got)
	}
	if !strings.Contains(logs.String(), "gateway connection lost") {
		t.Error("the lost connection was not logged")
	}
}

// TestGatewayStopsOnRejectedToken: Discord closes with 4004 (here when the
// token is reset while connected, so the resume is refused) and the bot
// stops with ErrTokenRejected after the fatal delay instead of retrying.
func TestGatewayStopsOnRejectedToken(t *testing.T) {
	t.Parallel()
	fake := newFake(t, discordtest.Options{})
	b, logs := newE2EBot(t, fake, nil, nil)
	opts := testGatewayOptions
	opts.FatalDelay = 300 * time.Millisecond
	_, done := runGateway(t, b, opts)
	fake.WaitFor(t, "the bot to identify", fake.GatewayReady)

	fake.RevokeToken()
	revoked := time.Now()
	var err error
	select {
	case err = <-done:
	case <-time.After(20 * time.Second):
		t.Fatalf("RunGateway kept going after 4004; log:\n%s", logs.String())
	}
	if !errors.Is(err, ErrTokenRejected) || !strings.Contains(err.Error(), "4004") {
		t.Fatalf("err = %v, want ErrTokenRejected naming 4004", err)
	}
	if waited := time.Since(revoked); waited < opts.FatalDelay {
		t.Errorf("returned after %v, before the fatal delay of %v", waited, opts.FatalDelay)
	}
	if got := fake.IdentifyAttempts(); got != 1 {
		t.Errorf("%d IDENTIFYs: a rejected token must not be retried", got)
	}
	if !strings.Contains(logs.String(), "stopping instead of retrying") {
		t.Errorf("no clear log line:\n%s", logs.String())
	}
	if b.Healthy() {
		t.Error("healthy after stopping")
	}
}

// TestGatewayStopsOnIdentifyRefusal covers the close codes Discord answers
// an IDENTIFY with: 4004 (bad token) and 4014 (disallowed intents), on the
// very first connection.
func TestGatewayStopsOnIdentifyRefusal(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		code int
		want error
	}{
		{4004, ErrTokenRejected},
		{4014, ErrIntentsRejected},
	} {
		fake := newFake(t, discordtest.Options{})
		fake.CloseOnIdentify(tc.code, "refused by the test")
		b, _ := newE2EBot(t, fake, nil, nil)
		err := b.RunGatewayWith(context.Background(), testGatewayOptions)
		if !errors.Is(err, tc.want) {
			t.Errorf("close %d: err = %v, want %v", tc.code, err, tc.want)
		}
		if got := fake.IdentifyAttempts(); got != 1 {
			t.Errorf("close %d: %d IDENTIFYs, want 1", tc.code, got)
		}
	}
}

// TestGatewayStopsOnUnauthorizedAtStart: a token the REST API refuses stops
// the bot before it spends a gateway login.
func TestGatewayStopsOnUnauthorizedAtStart(t *testing.T) {
	t.Parallel()
	fake := newFake(t, discordtest.Options{})
	b, _ := newE2EBot(t, fake, nil, func(c *Config) { c.Token = armswatch.NewSecret("Bot not-the-token") })
	err := b.RunGatewayWith(context.Background(), testGatewayOptions)
	if !errors.Is(err, ErrTokenRejected) {
		t.Fatalf("err = %v, want ErrTokenRejected", err)
	}
	if fake.Opened() != 0 {
		t.Errorf("%d gateway connections, want none", fake.Opened())
	}
	if strings.Contains(err.Error(), "not-the-token") {
		t.Error("the token is in the error")
	}

	b, _ = newE2EBot(t, fake, nil, func(c *Config) { c.Token = armswatch.Secret{} })
	if err := b.RunGatewayWith(context.Background(), testGatewayOptions); err == nil || !strings.Contains(err.Error(), "no bot token") {
		t.Fatalf("without a token: err = %v", err)
	}
}

// TestGatewayFatalDelayEndsWithContext: cancelling during the fatal delay
// returns at once.
func TestGatewayFatalDelayEndsWithContext(t *testing.T) {
	t.Parallel()
	fake := newFake(t, discordtest.Options{})
	fake.CloseOnIdentify(4004, "Authentication failed.")
	b, _ := newE2EBot(t, fake, nil, nil)
	opts := testGatewayOptions
	opts.FatalDelay = time.Hour
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- b.RunGatewayWith(ctx, opts) }()
	fake.WaitFor(t, "the IDENTIFY", func() bool { return fake.IdentifyAttempts() == 1 })
	cancel()
	select {
	case err := <-errc:
		if !errors.Is(err, ErrTokenRejected) {
			t.Fatalf("err = %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the fatal delay ignored the context")
	}
}

// TestGatewayWarnings: the application has an Interactions Endpoint URL
// (the gateway then gets no interactions), and another instance answers an
// interaction first (40060): both are logged as warnings.
func TestGatewayWarnings(t *testing.T) {
	t.Parallel()
	fake := newFake(t, discordtest.Options{InteractionsEndpointURL: "https://bot.example.org/interactions"})
	eng := NewFixtureEngine()
	eng.CompleteDelay = 300 * time.Millisecond
	b, logs := newE2EBot(t, fake, eng, nil)
	startGateway(t, fake, b)
	if !strings.Contains(logs.String(), "Interactions Endpoint URL set") || !strings.Contains(logs.String(), "https://bot.example.org/interactions") {
		t.Errorf("no warning about the Interactions Endpoint URL:\n%s", logs.String())
	}

	// "Another instance" answers the autocomplete while this one is still
	// asking the engine.
	in, err := fake.Dispatch(LoadFixtureRaw(t, "autocomplete_query.json"))
	if err != nil {
		t.Fatal(err)
	}
	other, _ := discordgo.New("")
	other.Client = fakeClient(t, fake)
	i := &discordgo.Interaction{ID: in.ID, Token: in.Token, AppID: FixtureAppID}
	if err := other.InteractionRespond(i, autocompleteResponse(nil)); err != nil {
		t.Fatalf("the other instance's answer: %v", err)
	}
	fake.WaitFor(t, "the bot's late callback", func() bool {
		return len(fake.RequestsTo("POST", "/interactions/"+in.ID)) == 2
	})
	v := fake.TakeViolations()
	if len(v) != 1 || !strings.Contains(v[0].Err, "already been acknowledged") {
		t.Fatalf("violations = %v, want the bot's 40060", v)
	}
	waitForLog(t, logs, "another instance may be running with the same bot token")
}

func waitForLog(t *testing.T, logs *logBuffer, want string) {
	t.Helper()
	if !testwait.Until(func() bool { return strings.Contains(logs.String(), want) }) {
		t.Fatalf("log lacks %q:\n%s", want, logs.String())
	}
}

// TestGatewayHealth: unhealthy before connecting, healthy while heartbeats
// are acknowledged, unhealthy when they stop being acknowledged (a zombie
// connection) and after shutdown.
func TestGatewayHealth(t *testing.T) {
	t.Parallel()
	fake := newFake(t, discordtest.Options{HeartbeatInterval: 100 * time.Millisecond})
	b, _ := newE2EBot(t, fake, nil, nil)
	if b.Healthy() {
		t.Fatal("healthy before starting")
	}
	opts := testGatewayOptions
	opts.MaxAckAge = 250 * time.Millisecond
	stop, _ := runGateway(t, b, opts)
	fake.WaitFor(t, "the bot to identify", fake.GatewayReady)
	fake.WaitFor(t, "a heartbeat", func() bool { return fake.Heartbeats() > 0 })
	// The ACK reaches discordgo's reader goroutine a moment after the fake
	// counts the heartbeat: wait for it rather than race it.
	if !testwait.Until(b.Healthy) {
		t.Fatal("not healthy while connected")
	}
	fake.SetHeartbeatACKs(false)
	if !testwait.Until(func() bool { return !b.Healthy() }) {
		t.Fatal("still healthy without heartbeat ACKs")
	}
	fake.SetHeartbeatACKs(true)
	if !testwait.Until(b.Healthy) {
		t.Fatal("not healthy again after ACKs resumed")
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if b.Healthy() {
		t.Error("healthy after shutdown")
	}
}

// TestGatewayGracefulShutdown: cancelling while a /reindex runs closes the
// connection (no new interactions), waits for the reindex and sends its
// edit before RunGateway returns.
func TestGatewayGracefulShutdown(t *testing.T) {
	t.Parallel()
	fake := newFake(t, discordtest.Options{})
	eng := NewFixtureEngine()
	started, release := make(chan struct{}), make(chan struct{})
	eng.ReindexFunc = func(ctx context.Context) (armswatch.ReindexReport, error) {
		close(started)
		<-release
		return armswatch.ReindexReport{Documents: 2, Claims: 7}, nil
	}
	b, _ := newE2EBot(t, fake, eng, nil)
	stop := startGateway(t, fake, b)
	in := gatewayTransport(fake).send(t, LoadFixtureRaw(t, "reindex_moderator.json"))
	<-started
	stopped := make(chan error, 1)
	go func() { stopped <- stop() }()
	fake.WaitFor(t, "the connection to close", func() bool { return fake.Connections() == 0 })
	select {
	case err := <-stopped:
		t.Fatalf("RunGateway returned (%v) with a reindex under way", err)
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	if err := <-stopped; err != nil {
		t.Fatal(err)
	}
	if in.Edits() != 1 || !strings.Contains(messageText(in.Original()), "Reindex finished") {
		t.Fatalf("the reindex's edit was not sent before shutdown: %q", messageText(in.Original()))
	}
}

// TestGatewayDrainIsBounded: work that outlives DrainTimeout is cancelled.
func TestGatewayDrainIsBounded(t *testing.T) {
	t.Parallel()
	fake := newFake(t, discordtest.Options{})
	eng := NewFixtureEngine()
	started := make(chan struct{})
	eng.ReindexFunc = func(ctx context.Context) (armswatch.ReindexReport, error) {
		close(started)
		<-ctx.Done()
		return armswatch.ReindexReport{}, ctx.Err()
	}
	b, logs := newE2EBot(t, fake, eng, func(c *Config) { c.DrainTimeout = 100 * time.Millisecond })
	stop, _ := runGateway(t, b, testGatewayOptions)
	fake.WaitFor(t, "the bot to identify", fake.GatewayReady)
	gatewayTransport(fake).send(t, LoadFixtureRaw(t, "reindex_moderator.json"))
	<-started
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	waitForLog(t, logs, "cancelled")
}

// gatedEngine answers only once released, to hold an interaction past
// Discord's deadline.
type gatedEngine struct {
	*FakeEngine
	asked   chan struct{}
	release chan struct{}
}

func (g *gatedEngine) Answer(ctx context.Context, q armswatch.Query) (armswatch.Answer, error) {
	g.asked <- struct{}{}
	<-g.release
	return g.FakeEngine.Answer(ctx, q)
}

// TestGatewayLateAnswerIsLogged: an answer that reaches Discord after the
// 3-second deadline (on the fake's clock) is refused with 10062, and the bot
// logs why instead of an opaque failure.
func TestGatewayLateAnswerIsLogged(t *testing.T) {
	t.Parallel()
	clock := discordtest.NewClock(FixtureConfig().Now())
	fake := newFake(t, discordtest.Options{Now: clock.Now})
	eng := &gatedEngine{FakeEngine: NewFixtureEngine(), asked: make(chan struct{}, 1), release: make(chan struct{})}
	b, logs := newE2EBot(t, fake, eng, nil)
	startGateway(t, fake, b)
	in, err := fake.Dispatch(LoadFixtureRaw(t, "claims_guild.json"))
	if err != nil {
		t.Fatal(err)
	}
	<-eng.asked
	clock.Advance(discordtest.CallbackDeadline + time.Second)
	close(eng.release)
	fake.WaitFor(t, "the late callback", func() bool { return len(fake.RequestsTo("POST", "/interactions/"+in.ID)) == 1 })
	waitForLog(t, logs, "Discord error 10062")
	if in.Acknowledged() {
		t.Error("a late callback was accepted")
	}
	if v := fake.TakeViolations(); len(v) != 1 || !strings.Contains(v[0].Err, "Unknown interaction") {
		t.Errorf("violations = %v, want the late callback", v)
	}
}
