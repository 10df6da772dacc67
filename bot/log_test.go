package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/bot/discordtest"
	"github.com/bwmarrin/discordgo"
)

// tokenLeaks returns the tokens found in s: whole, or (for long ones) any
// 24-character piece of them.
func tokenLeaks(s string, tokens []string) []string {
	var out []string
	for _, tok := range tokens {
		pieces := []string{tok}
		if raw := strings.TrimPrefix(tok, "Bot "); raw != tok {
			pieces = append(pieces, raw)
		}
		for k := 0; k+24 <= len(tok); k += 12 {
			pieces = append(pieces, tok[k:k+24])
		}
		for _, p := range pieces {
			if strings.Contains(s, p) {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// leakyEngine fails with errors that carry tokens, as discordgo's REST
// errors and URLs would.
type leakyEngine struct {
	*FakeEngine
	tokens []string
}

func (e *leakyEngine) leak() string {
	return fmt.Sprintf(`Post "https://discord.com/api/v10/webhooks/%s/%s/messages/@original": dial tcp: refused; token=%s; {"token":"%s"}`,
		FixtureAppID, e.tokens[1], e.tokens[0], e.tokens[2])
}

func (e *leakyEngine) Answer(ctx context.Context, q armswatch.Query) (armswatch.Answer, error) {
	if q.Text == "leak-panic" {
		panic(e.leak())
	}
	if q.Text == "leak" {
		return armswatch.Answer{}, errors.New(e.leak())
	}
	return e.FakeEngine.Answer(ctx, q)
}

func (e *leakyEngine) Reindex(context.Context) (armswatch.ReindexReport, error) {
	return armswatch.ReindexReport{}, errors.New(e.leak())
}

// TestLogsNeverHoldTokens runs every fixture, and failures whose errors
// and panics carry tokens, with debug logging through slog's JSON and text
// handlers and with query logging on; then prints the configuration and
// the Bot every way. Neither the bot token nor any interaction token may
// appear anywhere.
func TestLogsNeverHoldTokens(t *testing.T) {
	t.Parallel()
	tokens := FixtureTokens(t)
	for _, format := range []string{"json", "text"} {
		t.Run(format, func(t *testing.T) {
			var out bytes.Buffer
			opts := &slog.HandlerOptions{Level: slog.LevelDebug, AddSource: true}
			var h slog.Handler = slog.NewJSONHandler(&out, opts)
			if format == "text" {
				h = slog.NewTextHandler(&out, opts)
			}
			cfg := FixtureConfig()
			cfg.Logger, cfg.LogQueries = slog.New(h), true
			eng := &leakyEngine{FakeEngine: NewFixtureEngine(), tokens: tokens}
			b, err := New(cfg, eng)
			if err != nil {
				t.Fatal(err)
			}
			var replies bytes.Buffer
			record := func(resp Response) {
				js, _ := json.Marshal(resp.Initial)
				replies.Write(js)
				if resp.Then != nil {
					edit, err := resp.Then(context.Background())
					js, _ := json.Marshal(edit)
					replies.Write(js)
					fmt.Fprint(&replies, err)
				}
			}
			for _, f := range LoadFixtures(t) {
				record(b.Handle(context.Background(), f.Interaction))
			}
			for _, q := range []string{"leak", "leak-panic"} {
				i := claimsInteraction(q)
				i.Token = tokens[4]
				record(b.Handle(context.Background(), i))
			}
			// A user who pastes a token as their question: it is logged
			// (LogQueries) redacted. (The reply echoes what they typed.)
			b.Handle(context.Background(), claimsInteraction(tokens[3]))
			record(b.Handle(context.Background(), LoadInteraction(t, "reindex_moderator.json")))

			// The configuration and the Bot, printed every way.
			for _, v := range []any{cfg, &cfg, b, *b} {
				fmt.Fprintf(&out, "%v %+v %#v %s\n", v, v, v, v)
				b.log.Debug("value", "v", v)
			}
			js, _ := json.Marshal(struct {
				Token  armswatch.Secret
				Config Config `json:"-"`
			}{Token: cfg.Token})
			out.Write(js)

			if !strings.Contains(out.String(), `interaction_id`) {
				t.Fatalf("nothing logged? %s", out.String())
			}
			if leaks := tokenLeaks(out.String(), tokens); len(leaks) > 0 {
				t.Errorf("logs hold tokens %q:\n%s", leaks, out.String())
			}
			if leaks := tokenLeaks(replies.String(), tokens); len(leaks) > 0 {
				t.Errorf("replies hold tokens %q:\n%s", leaks, replies.String())
			}
		})
	}
}

// TestDiscordgoLogsRedacted routes discordgo's own logging through slog at
// debug level and makes a real discordgo session log request URLs with
// interaction tokens (a retried 502, a 429) and the identify packet; and
// checks that REST and transport errors are redacted by RedactError.
func TestDiscordgoLogsRedacted(t *testing.T) {
	saved := discordgo.Logger
	t.Cleanup(func() { discordgo.Logger = saved })
	const itoken = "aW50ZXJhY3Rpb246MTE4MDAwMDAwMDAwMDAwOTk5OTpkaXNjb3JkZ28tbG9nLXRlc3Q"
	var out bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&out, &slog.HandlerOptions{Level: slog.LevelDebug}))
	RouteDiscordgoLogs(logger, "Bot "+FixtureBotToken)

	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		switch calls.Add(1) {
		case 1:
			w.WriteHeader(http.StatusBadGateway)
		case 2:
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"message":"You are being rate limited.","retry_after":0.001,"global":false}`))
		case 3:
			w.WriteHeader(http.StatusNoContent)
		default:
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"message":"Unknown interaction","code":10062}`))
		}
	}))
	defer srv.Close()

	s, err := discordgo.New("Bot " + FixtureBotToken)
	if err != nil {
		t.Fatal(err)
	}
	s.LogLevel = discordgo.LogDebug
	s.MaxRestRetries = 1
	callback := srv.URL + "/api/v10/interactions/1180000000000009999/" + itoken + "/callback"
	if _, err := s.RequestWithBucketID(http.MethodPost, callback, map[string]any{"type": 4}, "callback"); err != nil {
		t.Fatalf("request through 502 and 429: %v", err)
	}
	if !strings.Contains(out.String(), "Retrying") || !strings.Contains(out.String(), "Rate Limiting") {
		t.Fatalf("discordgo logged nothing about the retries:\n%s", out.String())
	}
	// The identify packet, as discordgo prints it at debug level.
	discordgo.Logger(discordgo.LogDebug, 1, "Identify Packet: \n%#v", discordgo.Identify{Token: "Bot " + FixtureBotToken, Intents: discordgo.IntentsGuilds})
	// A gateway event as discordgo prints it at debug level.
	discordgo.Logger(discordgo.LogDebug, 1, "Op: %d, Seq: %d, Type: %s, Data: %s\n\n", 0, 3, "INTERACTION_CREATE",
		`{"id":"1","token":"`+itoken+`","type":2}`)

	// A REST error and a transport error, redacted for logging.
	_, restErr := s.RequestWithBucketID(http.MethodPost, callback, map[string]any{"type": 4}, "callback")
	if restErr == nil {
		t.Fatal("no REST error")
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	dead := "http://" + ln.Addr().String()
	ln.Close()
	_, netErr := s.RequestWithBucketID(http.MethodPatch, dead+"/api/v10/webhooks/"+FixtureAppID+"/"+itoken+"/messages/@original", map[string]any{}, "edit")
	if netErr == nil || !strings.Contains(netErr.Error(), itoken) {
		t.Fatalf("expected a transport error holding the token, got %v", netErr)
	}
	for _, e := range []error{restErr, netErr} {
		red := RedactError(e, FixtureBotToken)
		fmt.Fprintf(&out, "%v %+v %s %q\n", red, red, red, red.Error())
		logger.Error("send failed", "err", red)
		if !errors.Is(red, e) {
			t.Error("RedactError broke errors.Is")
		}
	}
	var re *discordgo.RESTError
	if !errors.As(RedactError(restErr), &re) || re.Message == nil || re.Message.Code != 10062 {
		t.Error("RedactError hides the REST error code from errors.As")
	}

	if leaks := tokenLeaks(out.String(), []string{FixtureBotToken, itoken}); len(leaks) > 0 {
		t.Errorf("discordgo logs hold tokens %q:\n%s", leaks, out.String())
	}
	if !strings.Contains(out.String(), redactedMark) {
		t.Error("nothing was redacted: the test did not exercise the redaction")
	}
}

func TestRedact(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"POST https://discord.com/api/v10/interactions/123/aW50ZXJhY3Rpb246abc/callback",
			"POST https://discord.com/api/v10/interactions/123/[redacted]/callback"},
		{"PATCH /api/v10/webhooks/456/some-token_value/messages/@original",
			"PATCH /api/v10/webhooks/456/[redacted]/messages/@original"},
		{`{"op":2,"d":{"token":"Bot abc.def.ghi"}}`, `{"op":2,"d":{"token":"[redacted]"}}`},
		{`discordgo.Identify{Token:"Bot xyz", Properties:...}`, `discordgo.Identify{Token:"[redacted]", Properties:...}`},
		{"[Authorization] = [Bot secret-value]", "[Authorization] = [[redacted]]"},
		{"MTE4MDAwMDAwMDAwMDAwMDAwMQ.GfXy1a.abcdefghijklmnopqrstuvwxyz0123", "[redacted]"},
		{"nothing secret here: interaction 123 by user 456", "nothing secret here: interaction 123 by user 456"},
	}
	for _, tt := range tests {
		if got := Redact(tt.in); got != tt.want {
			t.Errorf("Redact(%q)\n = %q\nwant %q", tt.in, got, tt.want)
		}
	}
	if got := Redact("token sk-123 and Bot sk-123", "Bot sk-123"); strings.Contains(got, "sk-123") {
		t.Errorf("explicit secret kept: %q", got)
	}
}

func TestRedactingHandler(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	log := slog.New(NewRedactingHandler(slog.NewJSONHandler(&out, nil), "s3cret-bot-token"))
	log.With("t", "s3cret-bot-token").WithGroup("g").Info("url https://x/webhooks/1/aW50ZXJhY3Rpb246zzz/messages",
		"err", errors.New("s3cret-bot-token"), slog.Group("inner", "v", "s3cret-bot-token"))
	if s := out.String(); strings.Contains(s, "s3cret") || strings.Contains(s, "aW50ZXJhY3Rpb246") {
		t.Errorf("redacting handler leaked: %s", s)
	}
}

// queryMarker stands for what a user types: with LogQueries off it must
// reach no log line.
const queryMarker = "zebramarker7"

// markerEngine fails the way an engine may, with the user's text in its
// errors and panics: a query, document id or completion prefix holding
// "fail" fails with an error quoting it, one holding "panic" panics with a
// message quoting it, a query holding "badquery" is a bad query quoting it.
type markerEngine struct{ *FakeEngine }

func (e markerEngine) Answer(ctx context.Context, q armswatch.Query) (armswatch.Answer, error) {
	switch {
	case strings.Contains(q.Text, "panic"):
		panic(fmt.Sprintf("answer %q: index out of order", q.Text))
	case strings.Contains(q.Text, "badquery"):
		return armswatch.Answer{Query: q.Text}, fmt.Errorf("%w: %q is not something to search for", armswatch.ErrBadQuery, q.Text)
	case strings.Contains(q.Text, "fail"):
		return armswatch.Answer{Query: q.Text}, fmt.Errorf("answer %q: %w", q.Text, &fs.PathError{Op: "read", Path: "/index/" + q.Text, Err: syscall.EIO})
	}
	return e.FakeEngine.Answer(ctx, q)
}

func (e markerEngine) Document(ctx context.Context, id string) (armswatch.DocumentView, error) {
	if strings.Contains(id, "fail") {
		return armswatch.DocumentView{}, fmt.Errorf("document %q: %w", id, errors.New("broken segment"))
	}
	return e.FakeEngine.Document(ctx, id)
}

func (e markerEngine) Complete(ctx context.Context, kind armswatch.CompletionKind, prefix string, limit int) []armswatch.Completion {
	if strings.Contains(prefix, "panic") {
		panic("complete " + prefix)
	}
	return e.FakeEngine.Complete(ctx, kind, prefix, limit)
}

// markedInteraction is a fixture payload with literal replacements (an
// option's `"value": "…"`, an attachment's `"filename": "…"`) that put
// queryMarker where the user types.
func markedInteraction(t *testing.T, file string, repl ...string) []byte {
	t.Helper()
	raw := string(LoadFixtureRaw(t, file))
	for k := 0; k+1 < len(repl); k += 2 {
		if !strings.Contains(raw, repl[k]) {
			t.Fatalf("%s holds no %s", file, repl[k])
		}
		raw = strings.ReplaceAll(raw, repl[k], repl[k+1])
	}
	return []byte(raw)
}

func parseInteraction(t *testing.T, raw []byte) *discordgo.Interaction {
	t.Helper()
	i := new(discordgo.Interaction)
	if err := json.Unmarshal(raw, i); err != nil {
		t.Fatal(err)
	}
	return i
}

// queryLogCases put queryMarker through every path of the handler core
// that logs: an engine error and an engine panic quoting it, refusals of
// bad options quoting it, a rate-limited question, autocomplete (the
// engine panicking with the prefix), /source and /timeline, /propose with
// the marker as the attachment's file name. shown says whether
// LOG_QUERIES=true logs it (the rate limit refuses before any option is
// read).
var queryLogCases = []struct {
	name    string
	file    string
	repl    []string
	outcome string
	twice   bool // sent twice, to one bot allowing one interaction a minute
	shown   bool
}{
	{"answer error", "claims_guild.json", []string{`"value": "shells"`, `"value": "` + queryMarker + ` fail"`}, OutcomeError, false, true},
	{"answer panic", "claims_guild.json", []string{`"value": "shells"`, `"value": "` + queryMarker + ` panic"`}, OutcomePanic, false, true},
	{"bad query", "claims_guild.json", []string{`"value": "shells"`, `"value": "` + queryMarker + ` badquery"`}, OutcomeBadInput, false, true},
	{"bad item", "claims_bad_item.json", []string{`"value": "battleships"`, `"value": "` + queryMarker + `"`}, OutcomeBadInput, false, true},
	{"bad date", "claims_bad_date.json", []string{`"value": "2023-13"`, `"value": "` + queryMarker + `"`}, OutcomeBadInput, false, true},
	{"rate limited", "claims_guild.json", []string{`"value": "shells"`, `"value": "` + queryMarker + `"`}, OutcomeRateLimited, true, false},
	{"autocomplete", "autocomplete_query.json", []string{`"value": "sh"`, `"value": "` + queryMarker + `"`}, OutcomeOK, false, true},
	{"autocomplete panic", "autocomplete_query.json", []string{`"value": "sh"`, `"value": "` + queryMarker + ` panic"`}, OutcomeOK, false, true},
	{"source error", "source.json", []string{`"value": "fixture-doc-1"`, `"value": "` + queryMarker + ` fail"`}, OutcomeError, false, true},
	{"source not found", "source_not_found.json", []string{`"value": "no-such-document"`, `"value": "` + queryMarker + `"`}, OutcomeBadInput, false, true},
	{"timeline unknown item", "timeline_unknown_item.json", []string{`"value": "battleships"`, `"value": "` + queryMarker + `"`}, OutcomeBadInput, false, true},
	{"propose too big", "propose_too_big.json", []string{`"whole-site-dump.html"`, `"` + queryMarker + `.html"`}, OutcomeBadInput, false, true},
}

// TestLogQueriesOffLogsNoUserText sends queryMarker through every path in
// queryLogCases with debug logging (JSON and text handlers, source
// attributes on): with LogQueries off the marker is in no log line; with it
// on, it is in the log of every path that knows the query, so the check can
// fail.
func TestLogQueriesOffLogsNoUserText(t *testing.T) {
	t.Parallel()
	for _, logQueries := range []bool{false, true} {
		for _, tt := range queryLogCases {
			t.Run(fmt.Sprintf("%s/log_queries=%v", tt.name, logQueries), func(t *testing.T) {
				t.Parallel()
				var out logBuffer
				opts := &slog.HandlerOptions{Level: slog.LevelDebug, AddSource: true}
				cfg := FixtureConfig()
				cfg.Logger = slog.New(slog.NewJSONHandler(&out, opts))
				if logQueries {
					cfg.Logger = slog.New(slog.NewTextHandler(&out, opts))
				}
				cfg.LogQueries = logQueries
				obs := &recordingObserver{}
				cfg.Observer = obs
				if tt.twice {
					cfg.RateLimit = RateLimit{PerMinute: 1, Burst: 1}
				}
				b, err := New(cfg, markerEngine{NewFixtureEngine()})
				if err != nil {
					t.Fatal(err)
				}
				i := parseInteraction(t, markedInteraction(t, tt.file, tt.repl...))
				sends := 1
				if tt.twice {
					sends = 2
				}
				for range sends {
					resp := b.Handle(context.Background(), i)
					if resp.Then != nil {
						if _, err := resp.Then(context.Background()); err != nil {
							t.Fatal(err)
						}
					}
				}
				if got := obs.last().outcome; got != tt.outcome {
					t.Errorf("outcome %s, want %s: the case does not take its path", got, tt.outcome)
				}
				logs := out.String()
				if logs == "" {
					t.Fatal("nothing logged")
				}
				switch has := strings.Contains(logs, queryMarker); {
				case !logQueries && has:
					t.Errorf("LOG_QUERIES=false, yet the user's text is logged:\n%s", logs)
				case logQueries && tt.shown && !has:
					t.Errorf("LOG_QUERIES=true, yet the user's text is not logged:\n%s", logs)
				}
			})
		}
	}
}

// TestLogQueriesOffTransports drives both transports with discordgo's debug
// output on (it logs every gateway payload it receives) and the marker in
// the options: with LogQueries off, the marker is in no log line; with it
// on, the gateway's payload and the failure are logged with it.
func TestLogQueriesOffTransports(t *testing.T) {
	t.Parallel()
	for _, logQueries := range []bool{false, true} {
		t.Run(fmt.Sprintf("log_queries=%v", logQueries), func(t *testing.T) {
			fake := newFake(t, discordtest.Options{})
			b, logs := newE2EBot(t, fake, markerEngine{NewFixtureEngine()}, func(c *Config) { c.LogQueries = logQueries })
			startGateway(t, fake, b)
			endpoint, _ := startHTTP(t, b)
			for _, tr := range []transport{gatewayTransport(fake), httpTransport(fake, endpoint)} {
				for _, tt := range queryLogCases {
					if tt.twice || strings.HasPrefix(tt.file, "propose") {
						continue
					}
					in := tr.send(t, markedInteraction(t, tt.file, tt.repl...))
					if in.Callbacks()[0].Type == discordgo.InteractionResponseDeferredChannelMessageWithSource {
						fake.WaitFor(t, "the edit", func() bool { return in.Edits() > 0 })
					}
				}
			}
			fake.TakeViolations()
			if !strings.Contains(logs.String(), "INTERACTION_CREATE") {
				t.Fatal("the test needs discordgo's debug output of gateway payloads in the log")
			}
			switch has := strings.Contains(logs.String(), queryMarker); {
			case !logQueries && has:
				t.Errorf("LOG_QUERIES=false, yet the user's text is logged:\n%s", logs.String())
			case logQueries && !has:
				t.Errorf("LOG_QUERIES=true, yet the user's text is not logged:\n%s", logs.String())
			}
		})
	}
}

func TestLogErr(t *testing.T) {
	t.Parallel()
	b, _ := newFixtureBot(t, nil)
	tests := []struct {
		err  error
		want string
	}{
		{badInput("“%s” is not an item I know. Pick one of: %s.", queryMarker, "x"), "“…” is not an item I know. Pick one of: …."},
		{fmt.Errorf("answer %q: %w", queryMarker, context.DeadlineExceeded), withheldMark + ": *fmt.wrapError > context deadline exceeded"},
		{fmt.Errorf("answer: %w", &fs.PathError{Op: "open", Path: queryMarker, Err: syscall.EACCES}), withheldMark + ": *fmt.wrapError > *fs.PathError > permission denied"},
		{errors.Join(errors.New(queryMarker), armswatch.ErrNotFound), withheldMark + ": *errors.joinError > (*errors.errorString; not found)"},
		{serverFailure(fmt.Errorf("reindex: %w", errors.New("disk full"))), "reindex: disk full"},
	}
	for _, tt := range tests {
		if got := b.logErr(tt.err); got != tt.want {
			t.Errorf("logErr(%v)\n = %q\nwant %q", tt.err, got, tt.want)
		}
	}
	var nilMap map[string]int
	func() {
		defer func() {
			if got := b.logPanic(recover()); !strings.Contains(got, "assignment to entry in nil map") {
				t.Errorf("a runtime error's panic is logged as %q", got)
			}
		}()
		nilMap["x"] = 1
	}()
	if got := b.logPanic("boom " + queryMarker); got != withheldMark+": a string" {
		t.Errorf("logPanic = %q", got)
	}
}
