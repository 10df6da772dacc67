// Package bot owns everything Discord: the slash commands, their rendering
// into embeds and components that fit Discord's limits, the one handler core
// that turns an interaction into a response, the transports that carry it
// (the gateway session and the HTTP interactions endpoint), command
// registration and the redaction of tokens from logs. It is the only package
// that imports discordgo; it talks to the answer engine through Engine.
package bot

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/gaps"
	"github.com/armswatch/armswatch/propose"
	"github.com/bwmarrin/discordgo"
)

// Engine is what the bot needs from the answer engine. It is implemented by
// *index.Index.
type Engine interface {
	Answer(ctx context.Context, q armswatch.Query) (armswatch.Answer, error)
	Document(ctx context.Context, id string) (armswatch.DocumentView, error)
	Complete(ctx context.Context, kind armswatch.CompletionKind, prefix string, limit int) []armswatch.Completion
	Stats() armswatch.Stats
	Reindex(ctx context.Context) (armswatch.ReindexReport, error)
	// Corpus is the data set in service, loaded and validated: the claim
	// records and aliases that /timeline charts and /propose matches
	// against, and the documents' metadata (not their bodies). Callers
	// must not modify it.
	Corpus() (*armswatch.Corpus, error)
}

// Observer records interactions for metrics. It may be nil.
type Observer interface {
	// Interaction is called once per handled interaction with the command
	// name ("claims", "claims.next", "claims.autocomplete", …) and the
	// outcome: OutcomeOK, OutcomeError, OutcomeRateLimited,
	// OutcomeForbidden or OutcomePanic.
	Interaction(command, outcome string, d time.Duration)
}

// The outcomes reported to Observer.
const (
	OutcomeOK          = "ok"
	OutcomeError       = "error"
	OutcomeRateLimited = "rate_limited"
	OutcomeForbidden   = "forbidden"
	OutcomePanic       = "panic"
)

// RateLimit is a per-user token bucket: Burst interactions at once, refilled
// at PerMinute. The zero value means the default (DefaultRateLimit).
type RateLimit struct {
	PerMinute float64
	Burst     int
}

// DefaultDrainTimeout is used when Config.DrainTimeout is zero.
const DefaultDrainTimeout = 10 * time.Second

// DefaultRateLimit is used when Config.RateLimit is zero.
var DefaultRateLimit = RateLimit{PerMinute: 10, Burst: 5}

// Config configures a Bot. Only the handler core's fields matter to Handle
// and Commands; the transports use the rest.
type Config struct {
	Token     armswatch.Secret  // bot token, with or without the "Bot " prefix
	AppID     string            // application id
	PublicKey ed25519.PublicKey // for the HTTP interactions endpoint
	APIURL    string            // full REST base URL; "" = discordgo's default
	GuildID   string            // register commands to this guild ("" = globally)

	// ModeratorRoleIDs may run /reindex besides members with Manage Server.
	ModeratorRoleIDs []string
	// ModeratorGuildIDs, when set, are the only guilds where /reindex,
	// /propose (and its review buttons), /review, /retract and /gaps are
	// registered and honoured.
	ModeratorGuildIDs []string

	// AttachmentOrigins are the only origins ("https://cdn.discordapp.com":
	// scheme, host and port, nothing else) /propose downloads attachments
	// from; empty means DefaultAttachmentOrigins, Discord's CDN. Tests add
	// their fake Discord's.
	AttachmentOrigins []string

	RateLimit RateLimit
	Version   string

	// DrainTimeout bounds the wait, when a transport shuts down, for the
	// interactions under way (SHUTDOWN_TIMEOUT); 0 = DefaultDrainTimeout.
	DrainTimeout time.Duration

	// Staging, when set, is the data directory's staging area: /propose
	// stages what it proposes there and answers with the review pages
	// (Accept, Edit, Reject, Publish), and /retract works. Nil when the
	// data directory is not a real writable directory (the bundled data):
	// /propose then shows a preview and says how to enable staging.
	Staging Staging
	// FetchOptions are what /propose url: passes to propose.Fetch. Only
	// tests set them (PlainHTTPHost: their httptest server); the zero
	// value, production's, fetches https from public addresses only.
	FetchOptions propose.FetchOptions

	// Gaps, when set (RECORD_GAPS=true), counts the questions the data
	// cannot answer and the 👍/👎 under answers, for /gaps; nil records
	// nothing and shows no feedback buttons.
	Gaps *gaps.Store

	Logger     *slog.Logger // nil = discard
	LogQueries bool         // log the user's query text
	Observer   Observer     // may be nil

	Now func() time.Time // for tests; nil = time.Now
}

// Bot is the handler core plus its configuration. It is safe for concurrent
// use by several transports.
type Bot struct {
	cfg     Config
	engine  Engine
	log     *slog.Logger
	now     func() time.Time
	limiter *limiter // commands and buttons
	// autoLimiter is the autocomplete bucket, autocompleteFactor times
	// larger: autocomplete fires as the user types.
	autoLimiter *limiter

	// Time budgets (engineBudget, autocompleteBudget, deferredBudget,
	// downloadBudget; tests shorten them).
	engineBudget, autocompleteBudget, deferredBudget, downloadBudget time.Duration

	// attachmentOrigins are Config.AttachmentOrigins, normalised.
	attachmentOrigins []string
	// charts bounds the timeline charts drawn at once: drawing is CPU work.
	charts chan struct{}
	// votes remembers who has pressed a feedback button on which answer.
	votes *voteMemory
	// keys caches the review key of Config.Staging.
	keys *reviewKeys
	// tr is the transports' shared state.
	tr *transportState
}

// New checks the configuration and returns a Bot answering from engine.
func New(cfg Config, engine Engine) (*Bot, error) {
	if engine == nil {
		return nil, errors.New("new bot: no engine")
	}
	if cfg.RateLimit == (RateLimit{}) {
		cfg.RateLimit = DefaultRateLimit
	}
	if cfg.RateLimit.PerMinute <= 0 || cfg.RateLimit.Burst <= 0 {
		return nil, fmt.Errorf("new bot: rate limit %v per minute, burst %d: both must be positive", cfg.RateLimit.PerMinute, cfg.RateLimit.Burst)
	}
	if cfg.PublicKey != nil && len(cfg.PublicKey) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("new bot: public key is %d bytes, want %d", len(cfg.PublicKey), ed25519.PublicKeySize)
	}
	for _, id := range append(append([]string(nil), cfg.ModeratorRoleIDs...), cfg.ModeratorGuildIDs...) {
		if strings.TrimSpace(id) == "" {
			return nil, errors.New("new bot: empty moderator role or guild id")
		}
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	if cfg.Version == "" {
		cfg.Version = "dev"
	}
	if cfg.DrainTimeout <= 0 {
		cfg.DrainTimeout = DefaultDrainTimeout
	}
	if len(cfg.AttachmentOrigins) == 0 {
		cfg.AttachmentOrigins = append([]string(nil), DefaultAttachmentOrigins...)
	}
	origins, err := normalizeOrigins(cfg.AttachmentOrigins)
	if err != nil {
		return nil, fmt.Errorf("new bot: %w", err)
	}
	b := &Bot{cfg: cfg, engine: engine, log: log, now: now,
		engineBudget: engineBudget, autocompleteBudget: autocompleteBudget, deferredBudget: deferredBudget,
		downloadBudget: downloadBudget, attachmentOrigins: origins, charts: make(chan struct{}, chartSlots())}
	b.limiter = newLimiter(cfg.RateLimit, now)
	b.votes = &voteMemory{}
	b.keys = &reviewKeys{}
	b.tr = &transportState{}
	b.autoLimiter = newLimiter(RateLimit{
		PerMinute: cfg.RateLimit.PerMinute * autocompleteFactor,
		Burst:     cfg.RateLimit.Burst * autocompleteFactor,
	}, now)
	return b, nil
}

// Config returns the configuration the Bot was built with (defaults filled).
func (b *Bot) Config() Config { return b.cfg }

// Logger returns the Bot's logger (never nil).
func (b *Bot) Logger() *slog.Logger { return b.log }

// Format prints a Bot without its secrets, for every verb (%v, %+v, %#v,
// %s): fmt cannot reach the redacting methods of unexported fields, so the
// Bot describes itself.
func (b Bot) Format(f fmt.State, _ rune) {
	_, _ = fmt.Fprintf(f, "bot.Bot{app_id: %q, version: %q}", b.cfg.AppID, b.cfg.Version)
}

// LogValue implements slog.LogValuer: the Bot's safe configuration.
func (b Bot) LogValue() slog.Value { return b.cfg.LogValue() }

// LogValue implements slog.LogValuer: the configuration without secrets
// (whether a token is set, not the token).
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("app_id", c.AppID),
		slog.Bool("token_set", !c.Token.IsZero()),
		slog.Bool("public_key_set", len(c.PublicKey) > 0),
		slog.String("api_url", c.APIURL),
		slog.String("guild_id", c.GuildID),
		slog.Any("moderator_role_ids", c.ModeratorRoleIDs),
		slog.Any("moderator_guild_ids", c.ModeratorGuildIDs),
		slog.Any("attachment_origins", c.AttachmentOrigins),
		slog.Float64("rate_per_minute", c.RateLimit.PerMinute),
		slog.Int("rate_burst", c.RateLimit.Burst),
		slog.String("version", c.Version),
		slog.Bool("log_queries", c.LogQueries),
		slog.Bool("staging", c.Staging != nil),
	)
}

// Response is the core's answer to one interaction.
type Response struct {
	// Initial is the interaction callback; never nil.
	Initial *discordgo.InteractionResponse
	// Then, when non-nil, runs after Initial (a deferred response) has been
	// sent and returns the edit of the original response.
	Then func(ctx context.Context) (*discordgo.WebhookEdit, error)
}
