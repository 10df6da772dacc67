package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/armswatch/armswatch"
	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// Errors RunGateway stops with, instead of retrying, because retrying
// cannot help and every attempt counts against Discord's daily limit of
// gateway logins (1000 IDENTIFYs).
var (
	// ErrTokenRejected: Discord refused the bot token (gateway close code
	// 4004, or 401 from the REST API).
	ErrTokenRejected = errors.New("Discord rejected the bot token")
	// ErrIntentsRejected: Discord refused the gateway intents (close code
	// 4013 or 4014).
	ErrIntentsRejected = errors.New("Discord refused the gateway intents")
	// ErrGatewayRefused: another close code after which Discord says not to
	// reconnect (4010 invalid shard, 4011 sharding required, 4012 invalid
	// API version).
	ErrGatewayRefused = errors.New("Discord refused the gateway connection")
)

// GatewayOptions tunes RunGatewayWith; zero fields take the defaults.
type GatewayOptions struct {
	// FatalDelay is how long RunGateway waits, after Discord refused the
	// token or the intents, before it returns the error: a supervisor that
	// restarts the process at once would otherwise burn the daily login
	// limit in minutes. Default 30 s. Cancelling the context ends the wait.
	FatalDelay time.Duration
	// ReconnectMin and ReconnectMax bound the exponential backoff between
	// failed connection attempts. Defaults 1 s and 2 min.
	ReconnectMin, ReconnectMax time.Duration
	// MaxAckAge is the heartbeat acknowledgement age beyond which Healthy
	// reports false. Default DefaultMaxAckAge.
	MaxAckAge time.Duration
	// HTTPClient makes the REST calls; nil = a client with a 20 s timeout.
	HTTPClient *http.Client
}

func (o *GatewayOptions) defaults() {
	if o.FatalDelay <= 0 {
		o.FatalDelay = 30 * time.Second
	}
	if o.ReconnectMin <= 0 {
		o.ReconnectMin = time.Second
	}
	if o.ReconnectMax < o.ReconnectMin {
		o.ReconnectMax = max(2*time.Minute, o.ReconnectMin)
	}
	if o.MaxAckAge <= 0 {
		o.MaxAckAge = DefaultMaxAckAge
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: 20 * time.Second}
	}
}

// stableAfter is how long a connection must last for the reconnect backoff
// to reset; a connection dropped sooner counts as a failed attempt.
const stableAfter = 10 * time.Second

// interactionLifetime bounds the work on one interaction: its token can be
// used for 15 minutes.
const interactionLifetime = 15 * time.Minute

// RunGateway connects to Discord's gateway with the bot token and answers
// interactions until ctx is cancelled, with the default GatewayOptions.
// See RunGatewayWith.
func (b *Bot) RunGateway(ctx context.Context) error {
	return b.RunGatewayWith(ctx, GatewayOptions{})
}

// RunGatewayWith connects to Discord's gateway and answers every
// INTERACTION_CREATE through Handle: it sends Initial as the interaction
// callback and, when Then is set, Then's edit of the original response.
//
// It asks for no privileged intents (none at all: interactions reach a bot
// whatever its intents). It reconnects (resuming the session) when the
// connection drops, with exponential backoff between failed attempts, but
// stops with ErrTokenRejected (close code 4004, or 401 at start) or
// ErrIntentsRejected (4013, 4014) after opts.FatalDelay. At start it warns
// when the application has an Interactions Endpoint URL set, since Discord
// then sends interactions there and not over the gateway. discordgo's log
// output goes to the Bot's logger with tokens redacted.
//
// Run one gateway process per bot token: two would both receive every
// interaction, and the slower gets error 40060 (already acknowledged),
// which is logged as a warning saying so.
//
// When ctx is cancelled it closes the connection, so no new interactions
// arrive, waits up to Config.DrainTimeout for those under way, and returns
// nil.
func (b *Bot) RunGatewayWith(ctx context.Context, opts GatewayOptions) error {
	opts.defaults()
	cfg := b.cfg
	token := botToken(cfg.Token)
	if token == "" {
		return errors.New("run gateway: no bot token (DISCORD_TOKEN)")
	}
	log := b.log.With("transport", "gateway")
	routeDiscordgoLogs(log, cfg.LogQueries, token)

	s, err := discordgo.New(token)
	if err != nil {
		return fmt.Errorf("run gateway: %w", RedactError(err, token))
	}
	if err := configureSession(s, opts.HTTPClient, cfg); err != nil {
		return fmt.Errorf("run gateway: %w", err)
	}
	s.Identify.Intents = discordgo.IntentsNone
	s.ShouldReconnectOnError = false // reconnection is ours: discordgo's loop never stops on 4004
	s.StateEnabled = false
	s.LogLevel = discordgo.LogWarning
	if log.Enabled(ctx, slog.LevelDebug) {
		s.LogLevel = discordgo.LogDebug
	}

	g := &gatewayRun{b: b, s: s, opts: opts, log: log, token: token, track: newTracker(), lost: make(chan struct{}, 1)}
	s.AddHandler(g.onReady)
	s.AddHandler(g.onResumed)
	s.AddHandler(g.onDisconnect)
	s.AddHandler(g.onInteraction)

	if err := g.checkApplication(ctx); err != nil {
		return g.fatal(ctx, err)
	}

	st := b.transport()
	st.mu.Lock()
	st.gw, st.gwConnected, st.maxAckAge = s, false, opts.MaxAckAge
	st.mu.Unlock()
	defer func() {
		st.mu.Lock()
		if st.gw == s {
			st.gw, st.gwConnected = nil, false
		}
		st.mu.Unlock()
	}()
	return g.loop(ctx)
}

// gatewayRun is one RunGateway call.
type gatewayRun struct {
	b     *Bot
	s     *discordgo.Session
	opts  GatewayOptions
	log   *slog.Logger
	token string
	track *tracker
	lost  chan struct{} // a connection ended (discordgo's Disconnect event)
}

func (g *gatewayRun) loop(ctx context.Context) error {
	backoff := g.opts.ReconnectMin
	for {
		select {
		case <-g.lost: // left over from a connection already gone
		default:
		}
		err := g.s.Open()
		// discordgo can report one drop twice (its reader and its heartbeat
		// both close the session); a stale report leads here with the
		// session already open again, which is as good as a new connection.
		if err == nil || errors.Is(err, discordgo.ErrWSAlreadyOpen) {
			g.setConnected(true)
			since := time.Now()
			select {
			case <-ctx.Done():
				return g.shutdown()
			case <-g.lost:
				g.setConnected(false)
			}
			if time.Since(since) >= stableAfter {
				backoff = g.opts.ReconnectMin
				g.log.Warn("gateway connection lost; reconnecting")
				continue
			}
			g.log.Warn("gateway connection lost soon after connecting; reconnecting after a pause", "retry_in", backoff.String())
		} else {
			if fatal := fatalGatewayError(err); fatal != nil {
				return g.fatal(ctx, fatal)
			}
			g.log.Warn("gateway connection failed; retrying", "err", RedactError(err, g.token), "retry_in", backoff.String())
		}
		if !sleepCtx(ctx, backoff) {
			return g.shutdown()
		}
		backoff = min(2*backoff, g.opts.ReconnectMax)
	}
}

func (g *gatewayRun) setConnected(on bool) {
	st := g.b.transport()
	st.mu.Lock()
	if st.gw == g.s {
		st.gwConnected = on
	}
	st.mu.Unlock()
}

// fatal logs a refusal, waits FatalDelay (or until ctx ends) and returns it.
func (g *gatewayRun) fatal(ctx context.Context, err error) error {
	g.log.Error("Discord refused the bot; stopping instead of retrying", "err", err.Error(),
		"stopping_in", g.opts.FatalDelay.String(),
		"why_wait", "so that a supervisor restarting the process cannot use up Discord's daily gateway login limit")
	sleepCtx(ctx, g.opts.FatalDelay)
	_ = g.s.Close()
	dctx, cancel := context.WithTimeout(context.Background(), g.b.cfg.DrainTimeout)
	defer cancel()
	_ = g.track.drain(dctx) // interactions under way can still be answered: callbacks need no bot token
	return fmt.Errorf("run gateway: %w", err)
}

// shutdown closes the connection and waits for interactions under way.
func (g *gatewayRun) shutdown() error {
	g.setConnected(false)
	g.log.Info("closing the gateway connection")
	if err := g.s.Close(); err != nil {
		g.log.Warn("closing the gateway connection", "err", RedactError(err, g.token))
	}
	ctx, cancel := context.WithTimeout(context.Background(), g.b.cfg.DrainTimeout)
	defer cancel()
	if err := g.track.drain(ctx); err != nil {
		g.log.Warn("interactions still under way at shutdown were cancelled", "waited", g.b.cfg.DrainTimeout.String())
	}
	return nil
}

// fatalGatewayError maps the close codes after which Discord says not to
// reconnect to this package's errors; nil for anything worth a retry.
func fatalGatewayError(err error) error {
	var ce *websocket.CloseError
	if !errors.As(err, &ce) {
		return nil
	}
	switch ce.Code {
	case 4004:
		return fmt.Errorf("%w (gateway close code 4004 %q): check DISCORD_TOKEN; it may have been reset in the developer portal", ErrTokenRejected, ce.Text)
	case 4013, 4014:
		return fmt.Errorf("%w (gateway close code %d %q): armswatch asks for no privileged intents; check the application's settings", ErrIntentsRejected, ce.Code, ce.Text)
	case 4010, 4011, 4012:
		return fmt.Errorf("%w (gateway close code %d %q)", ErrGatewayRefused, ce.Code, ce.Text)
	}
	return nil
}

// applicationInfo is the part of GET /applications/@me the gateway checks;
// discordgo's Application has no interactions_endpoint_url.
type applicationInfo struct {
	ID                      string `json:"id"`
	Name                    string `json:"name"`
	InteractionsEndpointURL string `json:"interactions_endpoint_url"`
}

func fetchApplication(ctx context.Context, s *discordgo.Session) (applicationInfo, error) {
	var app applicationInfo
	body, err := s.RequestWithBucketID(http.MethodGet, discordgo.EndpointApplications+"/@me", nil,
		discordgo.EndpointApplications+"/@me", discordgo.WithContext(ctx))
	if err != nil {
		return app, err
	}
	if err := json.Unmarshal(body, &app); err != nil {
		return app, fmt.Errorf("decode application: %w", err)
	}
	return app, nil
}

// checkApplication reads the application at start: a 401 means the token
// is bad (fatal); an Interactions Endpoint URL means the gateway will get
// no interactions (a warning). Other failures are logged and ignored.
func (g *gatewayRun) checkApplication(ctx context.Context) error {
	app, err := fetchApplication(ctx, g.s)
	if err != nil {
		if isUnauthorized(err) {
			return fmt.Errorf("%w (401 Unauthorized from GET /applications/@me): check DISCORD_TOKEN", ErrTokenRejected)
		}
		g.log.Warn("could not read the application's settings", "err", RedactError(err, g.token))
		return nil
	}
	if app.InteractionsEndpointURL != "" {
		g.log.Warn("the application has an Interactions Endpoint URL set, so Discord sends interactions there and none over the gateway: remove it in the developer portal, or run the HTTP transport (--http) instead",
			"interactions_endpoint_url", app.InteractionsEndpointURL)
	}
	if id := g.b.cfg.AppID; id != "" && app.ID != "" && id != app.ID {
		g.log.Warn("DISCORD_APP_ID is not the bot token's application", "configured", id, "token_application", app.ID)
	}
	return nil
}

func isUnauthorized(err error) bool {
	if errors.Is(err, discordgo.ErrUnauthorized) {
		return true
	}
	var re *discordgo.RESTError
	return errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusUnauthorized
}

func (g *gatewayRun) onReady(_ *discordgo.Session, r *discordgo.Ready) {
	attrs := []any{"guilds", len(r.Guilds)}
	if r.Application != nil {
		attrs = append(attrs, "application_id", r.Application.ID)
	}
	if r.User != nil {
		attrs = append(attrs, "bot_user", r.User.Username)
	}
	g.log.Info("connected to the gateway", attrs...)
}

func (g *gatewayRun) onResumed(_ *discordgo.Session, _ *discordgo.Resumed) {
	g.log.Info("resumed the gateway session")
}

func (g *gatewayRun) onDisconnect(_ *discordgo.Session, _ *discordgo.Disconnect) {
	select {
	case g.lost <- struct{}{}:
	default:
	}
}

func (g *gatewayRun) onInteraction(s *discordgo.Session, ic *discordgo.InteractionCreate) {
	if ic == nil || ic.Interaction == nil {
		return
	}
	i := ic.Interaction
	done, ok := g.track.begin()
	if !ok {
		g.log.Warn("interaction arrived during shutdown; not answered", "interaction_id", i.ID)
		return
	}
	defer done()
	ctx, cancel := context.WithTimeout(g.track.ctx, interactionLifetime)
	defer cancel()
	resp := g.b.Handle(ctx, i)
	if resp.Initial == nil {
		return
	}
	if err := s.InteractionRespond(i, resp.Initial, discordgo.WithContext(ctx)); err != nil {
		g.b.logRESTFailure("sending the interaction response failed", i, "gateway", err)
		return
	}
	if resp.Then != nil {
		g.b.finishDeferred(ctx, s, i, resp.Then, "gateway")
	}
}

// finishDeferred runs a deferred response's continuation and edits the
// original response with its result.
func (b *Bot) finishDeferred(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction, then func(context.Context) (*discordgo.WebhookEdit, error), transport string) {
	edit, err := then(ctx)
	if err != nil {
		b.log.Error("deferred interaction failed", "interaction_id", i.ID, "transport", transport,
			"err", RedactError(err, b.secret(), i.Token))
		edit = messageEdit(msgFailed)
	}
	if edit == nil {
		return
	}
	if _, err := s.InteractionResponseEdit(i, edit, discordgo.WithContext(ctx)); err != nil {
		b.logRESTFailure("editing the deferred response failed", i, transport, err)
		// An edit with files can be refused for them (too large, say)
		// where a message alone is not: say so rather than leave the
		// response loading.
		if len(edit.Files) > 0 && !interactionGone(err) {
			if _, err := s.InteractionResponseEdit(i, messageEdit(msgAttachFailed), discordgo.WithContext(ctx)); err != nil {
				b.logRESTFailure("editing the deferred response failed again", i, transport, err)
			}
		}
	}
}

// msgAttachFailed replaces a reply whose files Discord refused.
const msgAttachFailed = "Sorry, Discord refused the files of this answer. It has been logged; please try again later."

// interactionGone reports errors after which no edit can succeed: the
// interaction token expired or is unknown.
func interactionGone(err error) bool {
	var re *discordgo.RESTError
	if !errors.As(err, &re) || re.Message == nil {
		return false
	}
	switch re.Message.Code {
	case discordgo.ErrCodeUnknownInteraction, discordgo.ErrCodeUnknownWebhook, discordgo.ErrCodeInvalidWebhookTokenProvided:
		return true
	}
	return false
}

// logRESTFailure logs a failed interaction REST call by interaction id,
// never with its token: discordgo's errors can carry the request URL.
func (b *Bot) logRESTFailure(msg string, i *discordgo.Interaction, transport string, err error) {
	attrs := []any{"interaction_id", i.ID, "transport", transport, "err", RedactError(err, b.secret(), i.Token)}
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Message != nil {
		switch re.Message.Code {
		case discordgo.ErrCodeInteractionHasAlreadyBeenAcknowledged:
			b.log.Warn("interaction already acknowledged (Discord error 40060): another instance may be running with the same bot token; run one gateway process per token", attrs...)
			return
		case discordgo.ErrCodeUnknownInteraction:
			b.log.Warn("interaction expired before it was answered (Discord error 10062: the first response must come within 3 seconds)", attrs...)
			return
		}
	}
	b.log.Error(msg, attrs...)
}

// botToken returns the bot token with the "Bot " prefix Discord's REST API
// requires, whether or not it was configured with one; "" when unset.
func botToken(s armswatch.Secret) string {
	t := strings.TrimLeft(s.Reveal(), " \t")
	if len(t) >= 4 && strings.EqualFold(t[:4], "bot ") {
		t = t[4:]
	}
	t = strings.TrimSpace(t)
	if t == "" {
		return ""
	}
	return "Bot " + t
}

// configureSession sets what every session of this package shares: its
// client (a copy of client, nil for one with a 20 s timeout) sends the
// REST requests to cfg.APIURL (see apiTransport).
func configureSession(s *discordgo.Session, client *http.Client, cfg Config) error {
	c, err := apiClient(client, cfg.APIURL)
	if err != nil {
		return err
	}
	s.Client = c
	version := cfg.Version
	if version == "" {
		version = "dev"
	}
	s.UserAgent = "DiscordBot (https://github.com/armswatch/armswatch, " + version + ")"
	s.Debug = false // Debug prints requests, tokens included, through the log package
	return nil
}

// sleepCtx sleeps for d or until ctx ends; it reports whether it slept the
// whole time.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// discordgo's log output goes through one process-wide discordgo.Logger,
// installed once, that forwards to the latest logger given and redacts the
// secrets of every Bot that started a transport: assigning discordgo.Logger
// again later would race with the goroutines of a session already running.
// RouteDiscordgoLogs, the exported form, goes through it too.
type discordgoLogSink struct {
	log     *slog.Logger
	secrets []string
	// logQueries lets the gateway's interaction payloads, which hold
	// the user's options, through (Config.LogQueries).
	logQueries bool
}

var (
	discordgoLogOnce sync.Once
	discordgoLogMu   sync.Mutex // serialises updates of discordgoLog
	discordgoLog     atomic.Pointer[discordgoLogSink]
)

func routeDiscordgoLogs(logger *slog.Logger, logQueries bool, secrets ...string) {
	discordgoLogMu.Lock()
	var all []string
	if old := discordgoLog.Load(); old != nil {
		all = append(all, old.secrets...)
	}
	for _, sec := range secrets {
		if sec = strings.TrimSpace(sec); sec != "" && !slices.Contains(all, sec) {
			all = append(all, sec)
		}
	}
	discordgoLog.Store(&discordgoLogSink{log: logger, secrets: all, logQueries: logQueries})
	discordgoLogMu.Unlock()
	discordgoLogOnce.Do(func() { discordgo.Logger = logDiscordgo })
}

// logDiscordgo is discordgo.Logger: discordgo's levels map to slog's
// (error, warning, info, debug), every message is redacted.
func logDiscordgo(msgL, _ int, format string, a ...any) {
	if sink := discordgoLog.Load(); sink != nil {
		sink.logf(msgL, format, a...)
	}
}

// gatewayEventFormat is how discordgo logs (at debug level) every gateway
// event it receives: operation, sequence, type and the raw payload.
const gatewayEventFormat = "Op: %d, Seq: %d, Type: %s, Data: %s"

func (sink *discordgoLogSink) logf(msgL int, format string, a ...any) {
	if sink.log == nil {
		return
	}
	level := slog.LevelDebug
	switch msgL {
	case discordgo.LogError:
		level = slog.LevelError
	case discordgo.LogWarning:
		level = slog.LevelWarn
	case discordgo.LogInformational:
		level = slog.LevelInfo
	}
	ctx := context.Background()
	if !sink.log.Enabled(ctx, level) {
		return
	}
	// An interaction's payload holds the options the user typed.
	if !sink.logQueries && strings.HasPrefix(format, gatewayEventFormat) && len(a) >= 4 {
		if typ, _ := a[2].(string); typ == "INTERACTION_CREATE" {
			a = slices.Clone(a)
			a[3] = "[" + withheldMark + "]"
		}
	}
	sink.log.Log(ctx, level, Redact(fmt.Sprintf(format, a...), sink.secrets...), "component", "discordgo")
}
