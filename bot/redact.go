package bot

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"strings"
)

// redactedMark replaces every secret this package finds.
const redactedMark = "[redacted]"

// tokenPatterns find credentials whatever their value: URL path segments
// that carry a webhook or interaction token, interaction tokens themselves
// (base64 of "interaction:…"), JSON and Go-syntax token fields (discordgo's
// debug output prints gateway payloads and the identify packet), and
// authorization headers.
var tokenPatterns = []struct {
	re   *regexp.Regexp
	repl string
}{
	// webhooks/{application.id}/{interaction.token}[/messages/@original]
	// and interactions/{id}/{token}/callback.
	{regexp.MustCompile(`(?i)((?:webhooks|interactions)/[0-9]+/)[^/?#\s"'\x60<>]+`), "${1}" + redactedMark},
	{regexp.MustCompile(`aW50ZXJhY3Rpb246[A-Za-z0-9_\-.=+/%]*`), redactedMark},
	// (A value starting with "[" is left alone: it is "[redacted]".)
	{regexp.MustCompile(`(?i)(token\\?"?\s*[:=]\s*\\?"?)(?:(?:Bot|Bearer)\s+)?[^\s"'\\,;)}\][]+`), "${1}" + redactedMark},
	{regexp.MustCompile(`(?i)(authorization\\?"?\]?\s*[:=]\s*\[?\\?"?)(?:(?:Bot|Bearer)\s+)?[^\s"'\\,;)}\][]+`), "${1}" + redactedMark},
	// A Discord bot token: base64 user id, timestamp, HMAC.
	{regexp.MustCompile(`[A-Za-z0-9_\-]{23,28}\.[A-Za-z0-9_\-]{6,7}\.[A-Za-z0-9_\-]{27,}`), redactedMark},
}

// Redact returns s with every given secret (the bot token, with or without
// its "Bot " prefix) and anything that looks like a Discord token or a URL
// carrying one replaced by "[redacted]". Transports use it on discordgo's
// errors, whose messages hold request URLs with interaction tokens.
func Redact(s string, secrets ...string) string {
	for _, sec := range expandSecrets(secrets) {
		s = strings.ReplaceAll(s, sec, redactedMark)
	}
	for _, p := range tokenPatterns {
		s = p.re.ReplaceAllString(s, p.repl)
	}
	return s
}

// expandSecrets returns the non-empty secrets and their forms without a
// "Bot " prefix, longest first, so that a longer form is replaced whole.
func expandSecrets(secrets []string) []string {
	var out []string
	for _, s := range secrets {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		out = append(out, s)
		if t := strings.TrimSpace(strings.TrimPrefix(s, "Bot ")); t != s && t != "" {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return len(b) - len(a) })
	return out
}

// RedactError returns err with its message redacted as by Redact; nil for
// nil. errors.Is and errors.As still see the original chain, so print the
// returned error, never an error extracted from it.
func RedactError(err error, secrets ...string) error {
	if err == nil {
		return nil
	}
	return &redactedError{msg: Redact(err.Error(), secrets...), err: err}
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// Format prints the redacted message for every verb, so that %+v cannot
// reach the original error's own formatting.
func (e *redactedError) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(e.msg)) }

// LogValue keeps slog on the redacted message.
func (e *redactedError) LogValue() slog.Value { return slog.StringValue(e.msg) }

// RouteDiscordgoLogs sends discordgo's own log output (discordgo.Logger, a
// package variable: it affects every session) to logger, with the secrets
// and anything that looks like a token redacted. discordgo's levels map to
// slog's: error, warning, info, debug. Session.Debug must stay false: it
// prints requests through the standard log package, past discordgo.Logger.
func RouteDiscordgoLogs(logger *slog.Logger, secrets ...string) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	routeDiscordgoLogs(logger, false, secrets...)
}

// NewRedactingHandler wraps h so that the message and every string
// attribute of every record is redacted as by Redact. It is defence in
// depth for the process's logger; this package never logs a token.
func NewRedactingHandler(h slog.Handler, secrets ...string) slog.Handler {
	return &redactingHandler{h: h, secrets: slices.Clone(secrets)}
}

type redactingHandler struct {
	h       slog.Handler
	secrets []string
}

func (r *redactingHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return r.h.Enabled(ctx, l)
}

func (r *redactingHandler) Handle(ctx context.Context, rec slog.Record) error {
	out := slog.NewRecord(rec.Time, rec.Level, Redact(rec.Message, r.secrets...), rec.PC)
	rec.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(r.attr(a))
		return true
	})
	return r.h.Handle(ctx, out)
}

func (r *redactingHandler) attr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, Redact(v.String(), r.secrets...))
	case slog.KindGroup:
		g := v.Group()
		attrs := make([]slog.Attr, len(g))
		for k, x := range g {
			attrs[k] = r.attr(x)
		}
		return slog.Attr{Key: a.Key, Value: slog.GroupValue(attrs...)}
	case slog.KindAny:
		return slog.String(a.Key, Redact(fmt.Sprint(v.Any()), r.secrets...))
	}
	return slog.Attr{Key: a.Key, Value: v}
}

func (r *redactingHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	red := make([]slog.Attr, len(attrs))
	for k, a := range attrs {
		red[k] = r.attr(a)
	}
	return &redactingHandler{h: r.h.WithAttrs(red), secrets: r.secrets}
}

func (r *redactingHandler) WithGroup(name string) slog.Handler {
	return &redactingHandler{h: r.h.WithGroup(name), secrets: r.secrets}
}
