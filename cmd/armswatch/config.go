package main

import (
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/bot"
	"golang.org/x/term"
)

// configVar documents one environment variable. The README's configuration
// reference and .env.example are checked against this list by tests.
type configVar struct {
	name    string
	def     string // default, as written in .env.example ("" = empty)
	format  string
	meaning string
}

// Defaults of the configuration.
const (
	defaultAPIURL             = bot.DefaultAPIURL
	defaultOpsAddr            = "127.0.0.1:9090"
	defaultDataPollInterval   = 60 * time.Second
	defaultShutdownTimeout    = 10 * time.Second
	defaultHeartbeatExitAfter = 5 * time.Minute
	defaultRatePerMinute      = 10 // bot.DefaultRateLimit, as constants for the docs
	defaultRateBurst          = 5
	// minHeartbeatExitAfter leaves room for Discord's heartbeat interval
	// (about 41 s) and one reconnect.
	minHeartbeatExitAfter = time.Minute
)

var configVars = []configVar{
	{"DISCORD_TOKEN", "", "secret text", "The bot token (Developer Portal → your application → Bot → Reset Token), with or without the `Bot ` prefix. Needed by the gateway and to register commands. Never logged."},
	{"DISCORD_APP_ID", "", "snowflake", "The application id (General Information → Application ID). Needed by `invite` and to register commands."},
	{"DISCORD_GUILD_ID", "", "snowflake", "Register commands to this server only (instant, for development) instead of globally."},
	{"DISCORD_PUBLIC_KEY", "", "64 hex digits", "The application's public key (General Information → Public Key). Needed in HTTP interactions mode to verify Discord's signatures."},
	{"DISCORD_API_URL", defaultAPIURL, "URL", "Discord's REST base URL; point it at a proxy such as nirn-proxy if you run one."},
	{"REGISTER_COMMANDS", "true", "true or false", "Register the slash commands when `serve` starts (one bulk overwrite). `serve --register=false` overrides it."},
	{"MODERATOR_ROLE_IDS", "", "comma-separated snowflakes", "Roles whose members may run /reindex, besides members with Manage Server."},
	{"MODERATOR_GUILD_IDS", "", "comma-separated snowflakes", "When set, /reindex is registered and honoured only in these servers."},
	{"DATA_DIR", "", "directory", "The moderators' data directory (`armswatch data export DIR` makes one). Empty: the data bundled in the binary."},
	{"DATA_POLL_INTERVAL", "60s", "duration", "How often `serve` checks DATA_DIR for changes and reindexes by itself; 0 disables."},
	{"INDEX_PATH", "", "directory", "Where the search index lives. Empty: armswatch/index in the user cache directory."},
	{"HTTP_ADDR", "", "host:port", "Serve Discord's HTTP interactions on this address instead of connecting to the gateway (`serve --http` overrides it)."},
	{"OPS_ADDR", defaultOpsAddr, "host:port or off", "The ops listener: /healthz and /metrics. `off` disables it (and `healthcheck`)."},
	{"LOG_LEVEL", "info", "debug, info, warn or error", "The least severe log level written."},
	{"LOG_FORMAT", "", "json or text", "Log format. Empty: text on a terminal, JSON otherwise."},
	{"LOG_QUERIES", "false", "true or false", "Whether users' query text is logged."},
	{"RATE_LIMIT_PER_MINUTE", strconv.Itoa(defaultRatePerMinute), "number > 0", "Interactions each user may make per minute, on average."},
	{"RATE_LIMIT_BURST", strconv.Itoa(defaultRateBurst), "integer > 0", "Interactions each user may make at once before the per-minute rate applies."},
	{"SHUTDOWN_TIMEOUT", "10s", "duration", "On SIGTERM/SIGINT, how long to wait for interactions in flight before closing the index."},
	{"HEARTBEAT_EXIT_AFTER", "5m", "duration (≥ 1m) or 0", "Gateway mode: exit with an error once the gateway has been unhealthy (disconnected, or no heartbeat acknowledged in the last 2 minutes) for this long, so that a restart policy starts afresh; 0 never exits."},
	{"RECORD_GAPS", "false", "true or false", "Count, per day, the informative words of questions the data cannot answer and the 👍/👎 pressed under /claims answers (per claim id), for /gaps and `armswatch gaps`; off, the answers show no feedback buttons. See Privacy of the gap counts."},
	{"GAPS_RETENTION", "90d", "whole days (90d) or duration", "How long gap and feedback counts are kept; older days are dropped. At least 1d."},
	{"ENV_FILE", ".env", "file", "The dotenv file read at start; variables already in the environment win over it."},
}

// transport is how the bot receives interactions.
type transport string

const (
	transportGateway transport = "gateway"
	transportHTTP    transport = "http"
)

// config is armswatch's whole configuration, parsed from the environment
// (and .env); flags of a command may override fields afterwards.
type config struct {
	Token     armswatch.Secret
	AppID     string
	GuildID   string
	PublicKey ed25519.PublicKey
	APIURL    string

	RegisterCommands  bool
	ModeratorRoleIDs  []string
	ModeratorGuildIDs []string

	DataDir          string
	DataPollInterval time.Duration
	IndexPath        string

	HTTPAddr string
	OpsAddr  string // "" when the ops listener is off

	LogLevel   slog.Level
	LogFormat  string // "json", "text" or "" (by terminal)
	LogQueries bool

	RatePerMinute float64
	RateBurst     int

	ShutdownTimeout    time.Duration
	HeartbeatExitAfter time.Duration

	RecordGaps    bool
	GapsRetention time.Duration

	// warnings are problems worth logging that do not stop armswatch.
	warnings []string
	// dotenvProblem says why .env was ignored, if it was: it explains a
	// variable that seems "not set".
	dotenvProblem string
}

// transport says which transport serve uses: HTTP when HTTP_ADDR (or
// --http) is set.
func (c *config) transport() transport {
	if c.HTTPAddr != "" {
		return transportHTTP
	}
	return transportGateway
}

// LogValue lists the configuration for the start-up log line. The token is
// a Secret and redacts itself; it is reported only as set or not.
func (c *config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("transport", string(c.transport())),
		slog.Bool("token_set", !c.Token.IsZero()),
		slog.String("app_id", c.AppID),
		slog.String("guild_id", c.GuildID),
		slog.Bool("public_key_set", c.PublicKey != nil),
		slog.String("api_url", c.APIURL),
		slog.Bool("register_commands", c.RegisterCommands),
		slog.Any("moderator_role_ids", c.ModeratorRoleIDs),
		slog.Any("moderator_guild_ids", c.ModeratorGuildIDs),
		slog.String("data_dir", c.DataDir),
		slog.Duration("data_poll_interval", c.DataPollInterval),
		slog.String("index_path", c.IndexPath),
		slog.String("http_addr", c.HTTPAddr),
		slog.String("ops_addr", c.OpsAddr),
		slog.String("log_level", c.LogLevel.String()),
		slog.Bool("log_queries", c.LogQueries),
		slog.Float64("rate_limit_per_minute", c.RatePerMinute),
		slog.Int("rate_limit_burst", c.RateBurst),
		slog.Duration("shutdown_timeout", c.ShutdownTimeout),
		slog.Duration("heartbeat_exit_after", c.HeartbeatExitAfter),
		slog.Bool("record_gaps", c.RecordGaps),
		slog.Duration("gaps_retention", c.GapsRetention),
	)
}

// loadConfig parses and checks every variable, reporting all the problems
// at once. It does not check what only a transport needs: see
// requireGateway, requireHTTP, requireRegister and requireAppID.
func loadConfig(e *env) (*config, error) {
	p := &configParser{getenv: e.getenv}
	c := &config{
		Token:     p.token("DISCORD_TOKEN"),
		AppID:     p.snowflake("DISCORD_APP_ID"),
		GuildID:   p.snowflake("DISCORD_GUILD_ID"),
		PublicKey: p.publicKey("DISCORD_PUBLIC_KEY"),
		APIURL:    p.apiURL("DISCORD_API_URL"),

		RegisterCommands:  p.boolean("REGISTER_COMMANDS", true),
		ModeratorRoleIDs:  p.snowflakes("MODERATOR_ROLE_IDS"),
		ModeratorGuildIDs: p.snowflakes("MODERATOR_GUILD_IDS"),

		DataDir:          p.str("DATA_DIR"),
		DataPollInterval: p.duration("DATA_POLL_INTERVAL", defaultDataPollInterval, 0),
		IndexPath:        p.str("INDEX_PATH"),

		HTTPAddr: p.addr("HTTP_ADDR", "", false),
		OpsAddr:  p.addr("OPS_ADDR", defaultOpsAddr, true),

		LogLevel:   p.level("LOG_LEVEL"),
		LogFormat:  p.format("LOG_FORMAT"),
		LogQueries: p.boolean("LOG_QUERIES", false),

		RatePerMinute: p.positiveFloat("RATE_LIMIT_PER_MINUTE", defaultRatePerMinute),
		RateBurst:     p.positiveInt("RATE_LIMIT_BURST", defaultRateBurst),

		ShutdownTimeout:    p.duration("SHUTDOWN_TIMEOUT", defaultShutdownTimeout, time.Millisecond),
		HeartbeatExitAfter: p.heartbeatExitAfter("HEARTBEAT_EXIT_AFTER"),

		RecordGaps:    p.boolean("RECORD_GAPS", false),
		GapsRetention: p.retention("GAPS_RETENTION"),
	}
	c.warnings = p.warnings
	if e.dotenvErr != nil {
		c.dotenvProblem = describeDotenvErr(e.dotenvErr)
		if len(p.errs) > 0 {
			p.errs = append(p.errs, errors.New(c.dotenvProblem))
		} else {
			c.warnings = append(c.warnings, c.dotenvProblem)
		}
	}
	if len(p.errs) > 0 {
		return nil, &configError{errs: p.errs}
	}
	return c, nil
}

// configError lists every problem found in the configuration.
type configError struct{ errs []error }

func (e *configError) Error() string {
	msgs := make([]string, len(e.errs))
	for i, err := range e.errs {
		msgs[i] = err.Error()
	}
	if len(msgs) == 1 {
		return msgs[0]
	}
	return "configuration has " + strconv.Itoa(len(msgs)) + " problems:\n  " + strings.Join(msgs, "\n  ")
}

func (e *configError) Unwrap() []error { return e.errs }

// notSet is the message for a variable a person must fill in; it adds why
// .env was ignored, when it was.
func (c *config) notSet(name, what string) error {
	msg := fmt.Sprintf("%s is not set: copy .env.example to .env and paste your %s (see README, Discord)", name, what)
	if c.dotenvProblem != "" {
		msg += "\n(" + c.dotenvProblem + ")"
	}
	return errors.New(msg)
}

// requireGateway checks what the gateway transport needs.
func (c *config) requireGateway() error {
	if c.Token.IsZero() {
		return c.notSet("DISCORD_TOKEN", "bot token")
	}
	return nil
}

// requireHTTP checks what the HTTP interactions transport needs.
func (c *config) requireHTTP() error {
	if c.PublicKey == nil {
		return c.notSet("DISCORD_PUBLIC_KEY", "application's public key (64 hex digits)")
	}
	return nil
}

// requireAppID checks that the application id is set.
func (c *config) requireAppID() error {
	if c.AppID == "" {
		return c.notSet("DISCORD_APP_ID", "application id")
	}
	return nil
}

// requireRegister checks what registering commands needs.
func (c *config) requireRegister() error {
	var errs []error
	if c.Token.IsZero() {
		errs = append(errs, c.notSet("DISCORD_TOKEN", "bot token"))
	}
	if c.AppID == "" {
		errs = append(errs, c.notSet("DISCORD_APP_ID", "application id"))
	}
	return errors.Join(errs...)
}

// configParser reads variables, collecting every problem.
type configParser struct {
	getenv   func(string) string
	errs     []error
	warnings []string
}

func (p *configParser) str(name string) string { return strings.TrimSpace(p.getenv(name)) }

func (p *configParser) fail(format string, args ...any) {
	p.errs = append(p.errs, fmt.Errorf(format, args...))
}

// tokenShape is what a Discord bot token looks like: three base64url parts.
var tokenShape = regexp.MustCompile(`^[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}$`)

// shown quotes a value for an error message unless it could be a secret
// pasted into the wrong variable: then only its length is given.
func shown(v string) string {
	if len(v) > 32 || strings.Count(v, ".") >= 2 {
		return fmt.Sprintf("a %d-character value (not shown: it may be a secret)", len([]rune(v)))
	}
	return strconv.Quote(v)
}

func (p *configParser) token(name string) armswatch.Secret {
	v := p.str(name)
	if v == "" {
		return armswatch.Secret{}
	}
	bare := v
	if len(bare) > 4 && strings.EqualFold(bare[:4], "bot ") {
		bare = strings.TrimSpace(bare[4:])
	}
	switch {
	case strings.ContainsAny(bare, " \t\r\n\"'"):
		p.fail("%s contains spaces or quotes: paste the bot token alone (Bot → Reset Token in the Developer Portal)", name)
	case !tokenShape.MatchString(bare):
		p.warnings = append(p.warnings, name+" does not look like a bot token (three parts separated by dots): the client secret and the public key are not the token; see README, Discord")
	}
	return armswatch.NewSecret(v)
}

// isSnowflake reports whether v is a Discord id: a positive 64-bit decimal.
func isSnowflake(v string) bool {
	if v == "" || len(v) > 20 {
		return false
	}
	for _, r := range v {
		if r < '0' || r > '9' {
			return false
		}
	}
	n, err := strconv.ParseUint(v, 10, 64)
	return err == nil && n > 0
}

const snowflakeHint = "a Discord id is digits only: enable Developer Mode in Discord's settings, then right-click and Copy ID"

func (p *configParser) snowflake(name string) string {
	v := p.str(name)
	if v != "" && !isSnowflake(v) {
		p.fail("%s is %s, not a Discord id (%s)", name, shown(v), snowflakeHint)
		return ""
	}
	return v
}

func (p *configParser) snowflakes(name string) []string {
	v := p.str(name)
	if v == "" {
		return nil
	}
	var ids []string
	seen := map[string]bool{}
	for i, part := range strings.Split(v, ",") {
		id := strings.TrimSpace(part)
		if id == "" {
			continue // "1,2," and "1,,2" are forgiven
		}
		if !isSnowflake(id) {
			p.fail("%s: item %d is %s, not a Discord id (comma-separated ids; %s)", name, i+1, shown(id), snowflakeHint)
			continue
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids
}

func (p *configParser) publicKey(name string) ed25519.PublicKey {
	v := p.str(name)
	if v == "" {
		return nil
	}
	b, err := hex.DecodeString(v)
	if err != nil || len(b) != ed25519.PublicKeySize {
		p.fail("%s is not a public key: want %d hex digits (%d bytes), as shown under Public Key on your application's General Information page; got %s",
			name, 2*ed25519.PublicKeySize, ed25519.PublicKeySize, shown(v))
		return nil
	}
	return ed25519.PublicKey(b)
}

func (p *configParser) apiURL(name string) string {
	v := p.str(name)
	norm, err := bot.NormalizeAPIURL(v)
	if err != nil {
		p.fail("%s is %s: want an http(s) URL such as %s, without query or credentials", name, shown(v), defaultAPIURL)
		return defaultAPIURL
	}
	return norm
}

// parseBool accepts the usual spellings of a yes or a no.
func parseBool(v string) (bool, bool) {
	switch strings.ToLower(v) {
	case "1", "t", "true", "y", "yes", "on":
		return true, true
	case "0", "f", "false", "n", "no", "off":
		return false, true
	}
	return false, false
}

func (p *configParser) boolean(name string, def bool) bool {
	v := p.str(name)
	if v == "" {
		return def
	}
	b, ok := parseBool(v)
	if !ok {
		p.fail("%s is %s: want true or false", name, shown(v))
		return def
	}
	return b
}

// duration parses a Go duration ("60s", "5m"); min is the smallest positive
// value accepted, and 0 is accepted when min is 0.
func (p *configParser) duration(name string, def, min time.Duration) time.Duration {
	v := p.str(name)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		hint := ""
		if _, nerr := strconv.ParseFloat(v, 64); nerr == nil {
			hint = " (add a unit: " + v + "s)"
		}
		p.fail("%s is %s: want a duration such as 60s, 5m or 1h30m%s", name, shown(v), hint)
		return def
	}
	switch {
	case d < 0:
		p.fail("%s is %s: a duration cannot be negative", name, shown(v))
		return def
	case d < min:
		p.fail("%s is %s: want at least %v", name, shown(v), min)
		return def
	}
	return d
}

func (p *configParser) heartbeatExitAfter(name string) time.Duration {
	d := p.duration(name, defaultHeartbeatExitAfter, 0)
	if d > 0 && d < minHeartbeatExitAfter {
		p.fail("%s is %v: too short, Discord heartbeats come about every 41 s; use at least %v, or 0 to never exit", name, d, minHeartbeatExitAfter)
		return defaultHeartbeatExitAfter
	}
	return d
}

// addr checks a host:port; off allows "off" to disable the listener.
func (p *configParser) addr(name, def string, off bool) string {
	v := p.str(name)
	if v == "" {
		return def
	}
	if off && strings.EqualFold(v, "off") {
		return ""
	}
	host, port, err := net.SplitHostPort(v)
	if err == nil {
		_, err = strconv.ParseUint(port, 10, 16)
	}
	if err == nil && strings.ContainsAny(host, "/ ") {
		err = errors.New("bad host")
	}
	if err != nil {
		p.fail("%s is %s: want host:port such as 127.0.0.1:9090 or :8080", name, shown(v))
		return def
	}
	return v
}

func (p *configParser) level(name string) slog.Level {
	v := p.str(name)
	switch strings.ToLower(v) {
	case "", "info":
		return slog.LevelInfo
	case "debug":
		return slog.LevelDebug
	case "warn", "warning":
		return slog.LevelWarn
	case "error":
		return slog.LevelError
	}
	p.fail("%s is %s: want debug, info, warn or error", name, shown(v))
	return slog.LevelInfo
}

func (p *configParser) format(name string) string {
	v := strings.ToLower(p.str(name))
	switch v {
	case "", "json", "text":
		return v
	}
	p.fail("%s is %s: want json or text (or leave it empty: text on a terminal, JSON otherwise)", name, shown(v))
	return ""
}

func (p *configParser) positiveFloat(name string, def float64) float64 {
	v := p.str(name)
	if v == "" {
		return def
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || !(f > 0) || f > 1e9 {
		p.fail("%s is %s: want a number greater than 0, such as %v", name, shown(v), def)
		return def
	}
	return f
}

func (p *configParser) positiveInt(name string, def int) int {
	v := p.str(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 || n > 1_000_000 {
		p.fail("%s is %s: want a whole number greater than 0, such as %d", name, shown(v), def)
		return def
	}
	return n
}

// describeDotenvErr reports a .env that could not be read without quoting
// it: godotenv's parse errors include the file's text, tokens and all.
func describeDotenvErr(err error) string {
	const prefix = "the .env file was ignored: "
	var pe *os.PathError
	if errors.As(err, &pe) {
		return prefix + pe.Error()
	}
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "unterminated quoted value"):
		return prefix + "a quoted value has no closing quote"
	case strings.HasPrefix(msg, "unexpected character"):
		return prefix + "a variable name has a character other than letters, digits, _ and ."
	}
	return prefix + "it is not in KEY=value lines"
}

// newLogger returns armswatch's one logger, writing to w: JSON or text as
// format says, or by whether w is a terminal when format is "".
func newLogger(w io.Writer, level slog.Level, format string) *slog.Logger {
	if format == "" {
		format = "json"
		if isTerminal(w) {
			format = "text"
		}
	}
	opts := &slog.HandlerOptions{Level: level}
	if format == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
