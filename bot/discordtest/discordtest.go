// Package discordtest is an in-process fake of Discord for tests: the REST
// routes armswatch's bot uses (gateway discovery, application info, command
// registration, interaction callbacks, the interaction webhook, with files
// as multipart/form-data), a CDN serving attachments (PutAttachment; see
// files.go) and the gateway websocket (HELLO, IDENTIFY/READY,
// RESUME/RESUMED, heartbeats, INTERACTION_CREATE), served by an httptest
// server that a real discordgo session connects to.
//
// It enforces Discord's rules rather than echoing whatever it is sent: one
// callback per interaction (40060 after), the 3-second deadline for the
// first callback (10062 after; the clock is injectable), the "Bot "
// authorization prefix on bot routes (401), a body size limit (413), and
// Discord's OpenAPI spec: every JSON body is validated against the spec's
// request schema for its route, plus the 6000-character total over a
// message's embeds that the spec does not encode (400, code 50035 Invalid
// Form Body). Every such violation is recorded and fails the test at
// cleanup unless taken with TakeViolations. It can also act as Discord
// towards an HTTP interactions endpoint (Deliver), signing with its own
// Ed25519 key.
//
// The spec is read from $DISCORD_API_SPEC or
// ../shared/discord-api-spec/openapi.json relative to the module root and is
// never copied into the project; New skips the test when it is absent.
package discordtest

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// APIPrefix is the path under which the fake serves the REST API.
const APIPrefix = "/api/v10"

// Discord's timing rules.
const (
	// CallbackDeadline is how long after an interaction is created its first
	// callback is accepted.
	CallbackDeadline = 3 * time.Second
	// TokenLifetime is how long an interaction token can be used on the
	// webhook routes.
	TokenLifetime = 15 * time.Minute
)

// Options configures a fake. The zero value is usable.
type Options struct {
	// Token is the bot token the fake accepts (without "Bot ").
	// Default "fake-bot-token.NzkyNzE1NDU0MTk2MDg4ODQy".
	Token string
	// AppID is the application's id. Default "900000000000000001".
	AppID string
	// BotUserID is the bot user's id. Default "900000000000000002".
	BotUserID string
	// Guilds, when non-nil, are the guilds the application is in: guild
	// command routes for any other guild answer 403 Missing Access (50001).
	Guilds []string
	// InteractionsEndpointURL is what GET /applications/@me reports.
	InteractionsEndpointURL string
	// Now is the clock for deadlines; nil = time.Now. See Clock.
	Now func() time.Time
	// HeartbeatInterval is sent in HELLO. Default 500ms (discordgo drops a
	// connection after five intervals without an acknowledgement).
	HeartbeatInterval time.Duration
	// AllowedIntents are the privileged intents the application may use;
	// identifying with any other privileged intent closes with 4014.
	AllowedIntents discordgo.Intent
	// MaxBodyBytes bounds request bodies (413, code 40005, beyond).
	// Default 1 MiB.
	MaxBodyBytes int64
	// MaxUploadBytes bounds multipart/form-data bodies, which carry files
	// (413, code 40005, beyond). Default DefaultMaxUploadBytes.
	MaxUploadBytes int64
	// AllowMentions turns off the project rule the fake checks by default:
	// every body that creates or edits message content must send
	// allowed_mentions with an empty parse list and no user or role ids.
	AllowMentions bool
	// SpecPath overrides FindSpec.
	SpecPath string
}

// Server is a running fake Discord.
type Server struct {
	t    testing.TB
	opts Options
	spec *Spec
	srv  *httptest.Server
	priv ed25519.PrivateKey
	pub  ed25519.PublicKey
	now  func() time.Time

	mu           sync.Mutex
	changed      chan struct{}
	closed       bool
	revoked      bool
	nextID       uint64
	requests     []Request
	violations   []Violation
	commands     map[string][]*discordgo.ApplicationCommand // "" = global
	interactions map[string]*Interaction                    // by id
	byToken      map[string]*Interaction
	cdn          map[string]cdnFile // attachments served at /attachments/, by id

	// gateway
	conns            map[*gwConn]bool
	sessions         map[string]*gwSession
	gwWG             sync.WaitGroup
	opened           int
	identifies       int
	identifyAttempts int
	resumes          int
	heartbeats       int
	noACK            bool

	identifyClose  int
	identifyReason string
}

// Request is one REST request the fake received.
type Request struct {
	Method string
	Path   string // relative to the API base, e.g. "/applications/1/commands"
	Query  url.Values
	Header http.Header
	Body   []byte         // for a multipart body, its payload_json
	Files  []UploadedFile // the files of a multipart body
	Status int            // the status the fake answered (0 while being handled)
	Route  string         // the spec's path template, "" if none
	At     time.Time
}

// Violation is a request that broke one of Discord's rules (or the
// project's no-mentions rule).
type Violation struct {
	Method string
	Path   string
	Route  string
	Err    string
	Body   []byte
}

func (v Violation) String() string {
	body := string(v.Body)
	if len(body) > 2000 {
		body = body[:2000] + "…"
	}
	return fmt.Sprintf("%s %s (%s): %s\n    body: %s", v.Method, v.Path, v.Route, v.Err, body)
}

// New starts a fake Discord for the test and stops it at cleanup. It skips
// the test when Discord's OpenAPI spec cannot be found. At cleanup every
// recorded violation not taken with TakeViolations fails the test.
func New(t testing.TB, opts Options) *Server {
	t.Helper()
	spec := RequireSpec(t, opts.SpecPath)
	if opts.Token == "" {
		opts.Token = "fake-bot-token.NzkyNzE1NDU0MTk2MDg4ODQy"
	}
	opts.Token = strings.TrimPrefix(opts.Token, "Bot ")
	if opts.AppID == "" {
		opts.AppID = "900000000000000001"
	}
	if opts.BotUserID == "" {
		opts.BotUserID = "900000000000000002"
	}
	if opts.HeartbeatInterval <= 0 {
		opts.HeartbeatInterval = 500 * time.Millisecond
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = 1 << 20
	}
	if opts.MaxUploadBytes <= 0 {
		opts.MaxUploadBytes = DefaultMaxUploadBytes
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatalf("discordtest: generate key: %v", err)
	}
	s := &Server{
		t: t, opts: opts, spec: spec, priv: priv, pub: pub, now: now,
		changed:      make(chan struct{}),
		nextID:       1100000000000000000,
		commands:     map[string][]*discordgo.ApplicationCommand{},
		interactions: map[string]*Interaction{},
		byToken:      map[string]*Interaction{},
		conns:        map[*gwConn]bool{},
		sessions:     map[string]*gwSession{},
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	t.Cleanup(func() {
		s.Close()
		for _, v := range s.TakeViolations() {
			t.Errorf("discordtest: Discord would reject this request: %s", v)
		}
	})
	return s
}

// RequireSpec loads Discord's OpenAPI spec (from path, or FindSpec when
// path is empty) or skips the test saying where it looked; under CI=true
// (as .ci/run sets it) a missing spec fails the test instead, so that CI
// cannot pass without the end-to-end tests.
func RequireSpec(t testing.TB, path string) *Spec {
	t.Helper()
	missing := t.Skipf
	if os.Getenv("CI") == "true" {
		missing = t.Fatalf
	}
	if path == "" {
		p, err := FindSpec()
		if err != nil {
			missing("%v", err)
		}
		path = p
	}
	spec, err := LoadSpec(path)
	if errors.Is(err, fs.ErrNotExist) {
		missing("Discord OpenAPI spec not found at %s: %v", path, err)
	}
	if err != nil {
		t.Fatalf("discordtest: %v", err)
	}
	return spec
}

// Close stops the fake: it closes every gateway connection and the HTTP
// server. It is called at cleanup; calling it twice is harmless.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	conns := s.connList()
	s.mu.Unlock()
	for _, c := range conns {
		c.close()
	}
	s.gwWG.Wait()
	s.srv.Close()
}

// URL is the fake's base URL (http://127.0.0.1:port).
func (s *Server) URL() string { return s.srv.URL }

// APIURL is the REST base URL to configure the bot with, with a trailing
// slash.
func (s *Server) APIURL() string { return s.srv.URL + APIPrefix + "/" }

// Client is an http.Client for a discordgo session (Session.Client): it
// sends the requests discordgo addresses to Discord's REST API
// (https://discord.com/api/, with or without v<N>/, as discordgo's
// Endpoint* variables have them) to this fake, so that no test needs to
// rewrite those package variables and fakes can run in parallel.
func (s *Server) Client() *http.Client {
	return &http.Client{Timeout: 20 * time.Second, Transport: toFake{s.srv.URL + APIPrefix + "/"}}
}

type toFake struct{ base string }

func (f toFake) RoundTrip(r *http.Request) (*http.Response, error) {
	p, ok := strings.CutPrefix(r.URL.EscapedPath(), "/api/")
	if r.URL.Scheme != "https" || r.URL.Host != "discord.com" || !ok {
		return http.DefaultTransport.RoundTrip(r)
	}
	if v, after, found := strings.Cut(p, "/"); found && len(v) > 1 && v[0] == 'v' && strings.Trim(v[1:], "0123456789") == "" {
		p = after
	}
	raw := f.base + strings.TrimLeft(p, "/")
	if r.URL.RawQuery != "" {
		raw += "?" + r.URL.RawQuery
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, err
	}
	r2 := r.Clone(r.Context())
	r2.URL, r2.Host = u, ""
	return http.DefaultTransport.RoundTrip(r2)
}

// GatewayURL is the websocket URL that GET /gateway returns.
func (s *Server) GatewayURL() string {
	return "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/gateway-ws"
}

// Token is the bot token the fake accepts (without "Bot ").
func (s *Server) Token() string { return s.opts.Token }

// AppID is the application id.
func (s *Server) AppID() string { return s.opts.AppID }

// PublicKey is the key that verifies the fake's interaction signatures.
func (s *Server) PublicKey() ed25519.PublicKey { return s.pub }

// Spec is the compiled OpenAPI spec the fake validates with.
func (s *Server) Spec() *Spec { return s.spec }

// Now is the fake's clock.
func (s *Server) Now() time.Time { return s.now() }

// Requests returns every REST request received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// RequestsTo returns the requests whose method is method and whose path
// starts with prefix.
func (s *Server) RequestsTo(method, prefix string) []Request {
	var out []Request
	for _, r := range s.Requests() {
		if r.Method == method && strings.HasPrefix(r.Path, prefix) {
			out = append(out, r)
		}
	}
	return out
}

// Violations returns the violations recorded so far.
func (s *Server) Violations() []Violation {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Violation(nil), s.violations...)
}

// TakeViolations returns the violations recorded so far and forgets them,
// for tests that provoke them on purpose.
func (s *Server) TakeViolations() []Violation {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.violations
	s.violations = nil
	return v
}

// Commands returns the commands registered globally (guildID "") or in a
// guild.
func (s *Server) Commands(guildID string) []*discordgo.ApplicationCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*discordgo.ApplicationCommand(nil), s.commands[guildID]...)
}

// SetCommands seeds the registered commands of a scope, e.g. stale guild
// copies left by an earlier version.
func (s *Server) SetCommands(guildID string, cmds []*discordgo.ApplicationCommand) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.commands[guildID] = s.assignCommandIDs(guildID, nil, cmds)
	s.notifyLocked()
}

// RevokeToken makes the bot token invalid, as when it is reset in the
// developer portal: REST answers 401, IDENTIFY and RESUME close with 4004,
// and open gateway connections are closed with 4004.
func (s *Server) RevokeToken() {
	s.mu.Lock()
	s.revoked = true
	conns := s.connList()
	s.mu.Unlock()
	for _, c := range conns {
		c.closeWith(4004, "Authentication failed.")
	}
}

// Wait blocks until cond returns true (it is evaluated after every change
// the fake sees: requests, connections, callbacks) or ctx ends.
func (s *Server) Wait(ctx interface {
	Done() <-chan struct{}
	Err() error
}, cond func() bool) error {
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if cond() {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// WaitFor is Wait with a 10-second timeout that fails the test with what.
func (s *Server) WaitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(10 * time.Second)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if cond() {
			return
		}
		select {
		case <-ch:
		case <-deadline.C:
			t.Fatalf("discordtest: timed out waiting for %s", what)
		}
	}
}

func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

func (s *Server) snowflakeLocked() string {
	s.nextID++
	return strconv.FormatUint(s.nextID, 10)
}

func (s *Server) violateLocked(method, path, route string, body []byte, format string, args ...any) {
	s.violations = append(s.violations, Violation{
		Method: method, Path: path, Route: route, Body: append([]byte(nil), body...),
		Err: fmt.Sprintf(format, args...),
	})
}

// serveHTTP routes the gateway websocket and the REST API.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/gateway-ws" || r.URL.Path == "/gateway-ws/":
		s.serveGateway(w, r)
	case strings.HasPrefix(r.URL.Path, APIPrefix+"/"):
		s.serveREST(w, r, strings.TrimPrefix(r.URL.Path, APIPrefix))
	case strings.HasPrefix(r.URL.Path, "/attachments/") || strings.HasPrefix(r.URL.Path, "/ephemeral-attachments/"):
		s.serveAttachment(w, r)
	default:
		writeError(w, http.StatusNotFound, 0, "404: Not Found")
	}
}

// apiError is Discord's JSON error body.
type apiError struct {
	Message string `json:"message"`
	Code    int    `json:"code"`
	Errors  any    `json:"errors,omitempty"`
}

func writeError(w http.ResponseWriter, status, code int, msg string) {
	writeJSON(w, status, apiError{Message: msg, Code: code})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// statusWriter remembers the status written.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// route is one REST route the fake serves.
type route struct {
	method string
	segs   []string // "*" matches one segment
	auth   bool     // needs "Authorization: Bot <token>"
	files  bool     // takes a multipart/form-data body with files
	handle func(s *Server, c *call)
}

// call is one REST request being served.
type call struct {
	w     http.ResponseWriter
	r     *http.Request
	path  string
	args  []string // the segments matched by "*"
	body  []byte   // the JSON body (a multipart body's payload_json)
	files []UploadedFile
	route string // spec template
	now   time.Time
}

var routes = []route{
	{"GET", []string{"gateway"}, false, false, (*Server).getGateway},
	{"GET", []string{"gateway", "bot"}, true, false, (*Server).getGatewayBot},
	{"GET", []string{"applications", "@me"}, true, false, (*Server).getApplication},
	{"GET", []string{"oauth2", "applications", "@me"}, true, false, (*Server).getApplication},
	{"GET", []string{"applications", "*", "commands"}, true, false, (*Server).listCommands},
	{"PUT", []string{"applications", "*", "commands"}, true, false, (*Server).putCommands},
	{"POST", []string{"applications", "*", "commands"}, true, false, (*Server).postCommand},
	{"DELETE", []string{"applications", "*", "commands", "*"}, true, false, (*Server).deleteCommand},
	{"GET", []string{"applications", "*", "guilds", "*", "commands"}, true, false, (*Server).listCommands},
	{"PUT", []string{"applications", "*", "guilds", "*", "commands"}, true, false, (*Server).putCommands},
	{"POST", []string{"applications", "*", "guilds", "*", "commands"}, true, false, (*Server).postCommand},
	{"DELETE", []string{"applications", "*", "guilds", "*", "commands", "*"}, true, false, (*Server).deleteCommand},
	{"POST", []string{"interactions", "*", "*", "callback"}, false, false, (*Server).postCallback},
	{"POST", []string{"webhooks", "*", "*"}, false, false, (*Server).postFollowup},
	{"GET", []string{"webhooks", "*", "*", "messages", "*"}, false, false, (*Server).getMessage},
	{"PATCH", []string{"webhooks", "*", "*", "messages", "*"}, false, true, (*Server).patchMessage},
	{"DELETE", []string{"webhooks", "*", "*", "messages", "*"}, false, false, (*Server).deleteMessage},
}

func matchRoute(method string, segs []string) (rt *route, args []string, pathKnown bool) {
	for i := range routes {
		r := &routes[i]
		if len(r.segs) != len(segs) {
			continue
		}
		var a []string
		ok := true
		for j, p := range r.segs {
			switch {
			case p == "*" && segs[j] != "":
				a = append(a, segs[j])
			case p != segs[j]:
				ok = false
			}
			if !ok {
				break
			}
		}
		if !ok {
			continue
		}
		pathKnown = true
		if r.method == method {
			return r, a, true
		}
	}
	return nil, nil, pathKnown
}

func (s *Server) serveREST(rw http.ResponseWriter, r *http.Request, path string) {
	w := &statusWriter{ResponseWriter: rw}
	now := s.now()
	ct := r.Header.Get("Content-Type")
	multi := isMultipart(ct)
	limit := s.opts.MaxBodyBytes
	if multi {
		limit = s.opts.MaxUploadBytes
	}
	body, readErr := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var files []UploadedFile
	var multiErr error
	if multi && readErr == nil {
		body, files, multiErr = parseMultipart(ct, body)
	}
	rec := Request{Method: r.Method, Path: path, Query: r.URL.Query(), Header: r.Header.Clone(), Body: body, Files: files, At: now}
	if tmpl, ok := s.spec.Route(r.Method, path); ok {
		rec.Route = tmpl
	}
	// The request is on record before it is handled, so that whoever sees
	// its effect (an edit, a callback) also finds it in Requests; its
	// status is filled in afterwards.
	s.mu.Lock()
	s.requests = append(s.requests, rec)
	idx := len(s.requests) - 1
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.requests[idx].Status = w.status
		s.notifyLocked()
		s.mu.Unlock()
	}()
	if readErr != nil {
		var mbe *http.MaxBytesError
		if errors.As(readErr, &mbe) {
			s.mu.Lock()
			s.violateLocked(r.Method, path, rec.Route, nil, "body larger than %d bytes", limit)
			s.mu.Unlock()
			writeError(w, http.StatusRequestEntityTooLarge, discordgo.ErrCodeRequestEntityTooLarge, "Request entity too large")
			return
		}
		writeError(w, http.StatusBadRequest, 0, "400: Bad Request")
		return
	}
	rt, args, known := matchRoute(r.Method, splitPath(path))
	if rt == nil {
		s.mu.Lock()
		s.violateLocked(r.Method, path, rec.Route, body, "route not served by the fake (known path: %v)", known)
		s.mu.Unlock()
		if known {
			writeError(w, http.StatusMethodNotAllowed, 0, "405: Method Not Allowed")
		} else {
			writeError(w, http.StatusNotFound, 0, "404: Not Found")
		}
		return
	}
	if rt.auth && !s.authorized(r.Header.Get("Authorization")) {
		writeError(w, http.StatusUnauthorized, 0, "401: Unauthorized")
		return
	}
	if multi {
		if multiErr == nil && !rt.files {
			multiErr = errors.New("the fake takes files only when editing a message (PATCH …/messages/…)")
		}
		if multiErr != nil {
			s.mu.Lock()
			s.violateLocked(r.Method, path, rec.Route, body, "%v", multiErr)
			s.mu.Unlock()
			writeError(w, http.StatusBadRequest, discordgo.ErrCodeInvalidFormBody, "Invalid Form Body")
			return
		}
	}
	if len(bytes.TrimSpace(body)) > 0 || r.Method == "PUT" || r.Method == "POST" || r.Method == "PATCH" {
		if len(body) > 0 && !multi && !strings.HasPrefix(ct, "application/json") {
			s.mu.Lock()
			s.violateLocked(r.Method, path, rec.Route, body, "Content-Type %q, want application/json", ct)
			s.mu.Unlock()
			writeError(w, http.StatusBadRequest, discordgo.ErrCodeInvalidFormBody, "Invalid Form Body")
			return
		}
		if len(body) > 0 || rec.Route != "" {
			if _, err := s.spec.ValidateRequest(r.Method, path, body); err != nil {
				s.mu.Lock()
				s.violateLocked(r.Method, path, rec.Route, body, "%v", err)
				s.mu.Unlock()
				writeJSON(w, http.StatusBadRequest, apiError{
					Message: "Invalid Form Body", Code: discordgo.ErrCodeInvalidFormBody,
					Errors: map[string]any{"_errors": []map[string]string{{"code": "SPEC_VIOLATION", "message": err.Error()}}},
				})
				return
			}
		}
	}
	rt.handle(s, &call{w: w, r: r, path: path, args: args, body: body, files: files, route: rec.Route, now: now})
}

// authorized checks an Authorization header for a bot route: Discord
// requires the "Bot " prefix.
func (s *Server) authorized(h string) bool {
	s.mu.Lock()
	revoked := s.revoked
	s.mu.Unlock()
	return !revoked && h == "Bot "+s.opts.Token
}

// tokenOK checks a gateway token, which discordgo sends as given to
// discordgo.New (with or without "Bot ").
func (s *Server) tokenOK(tok string) bool {
	s.mu.Lock()
	revoked := s.revoked
	s.mu.Unlock()
	return !revoked && strings.TrimPrefix(tok, "Bot ") == s.opts.Token
}

func (s *Server) getGateway(c *call) {
	writeJSON(c.w, http.StatusOK, map[string]any{"url": s.GatewayURL()})
}

func (s *Server) getGatewayBot(c *call) {
	s.mu.Lock()
	remaining := 1000 - s.identifies
	s.mu.Unlock()
	writeJSON(c.w, http.StatusOK, map[string]any{
		"url":    s.GatewayURL(),
		"shards": 1,
		"session_start_limit": map[string]any{
			"total": 1000, "remaining": remaining, "reset_after": 86400000, "max_concurrency": 1,
		},
	})
}

func (s *Server) getApplication(c *call) {
	app := map[string]any{
		"id":          s.opts.AppID,
		"name":        "armswatch-test",
		"description": "",
		"verify_key":  hex.EncodeToString(s.pub),
		"flags":       0,
		"bot_public":  false,
		"bot": map[string]any{
			"id": s.opts.BotUserID, "username": "armswatch-test", "discriminator": "0000", "bot": true,
		},
	}
	if s.opts.InteractionsEndpointURL != "" {
		app["interactions_endpoint_url"] = s.opts.InteractionsEndpointURL
	} else {
		app["interactions_endpoint_url"] = nil
	}
	writeJSON(c.w, http.StatusOK, app)
}

// commandScope checks the application id (and guild) of a command route and
// returns the scope ("" = global).
func (s *Server) commandScope(c *call) (string, bool) {
	if c.args[0] != s.opts.AppID {
		writeError(c.w, http.StatusForbidden, discordgo.ErrCodeMissingAccess, "Missing Access")
		return "", false
	}
	if !strings.Contains(c.path, "/guilds/") {
		return "", true
	}
	g := c.args[1]
	if s.opts.Guilds != nil && !slices.Contains(s.opts.Guilds, g) {
		writeError(c.w, http.StatusForbidden, discordgo.ErrCodeMissingAccess, "Missing Access")
		return "", false
	}
	return g, true
}

func (s *Server) listCommands(c *call) {
	scope, ok := s.commandScope(c)
	if !ok {
		return
	}
	cmds := s.Commands(scope)
	if cmds == nil {
		cmds = []*discordgo.ApplicationCommand{}
	}
	writeJSON(c.w, http.StatusOK, cmds)
}

func (s *Server) putCommands(c *call) {
	scope, ok := s.commandScope(c)
	if !ok {
		return
	}
	var cmds []*discordgo.ApplicationCommand
	if err := json.Unmarshal(c.body, &cmds); err != nil {
		s.formError(c, "decode commands: %v", err)
		return
	}
	seen := map[string]bool{}
	for _, cmd := range cmds {
		if err := checkCommandNames(cmd); err != nil {
			s.formError(c, "%v", err)
			return
		}
		key := fmt.Sprintf("%d/%s", cmd.Type, cmd.Name)
		if seen[key] {
			s.formError(c, "APPLICATION_COMMANDS_DUPLICATE_NAME: %q registered twice", cmd.Name)
			return
		}
		seen[key] = true
	}
	s.mu.Lock()
	s.commands[scope] = s.assignCommandIDs(scope, s.commands[scope], cmds)
	out := append([]*discordgo.ApplicationCommand{}, s.commands[scope]...)
	s.mu.Unlock()
	writeJSON(c.w, http.StatusOK, out)
}

func (s *Server) postCommand(c *call) {
	scope, ok := s.commandScope(c)
	if !ok {
		return
	}
	var cmd discordgo.ApplicationCommand
	if err := json.Unmarshal(c.body, &cmd); err != nil {
		s.formError(c, "decode command: %v", err)
		return
	}
	if err := checkCommandNames(&cmd); err != nil {
		s.formError(c, "%v", err)
		return
	}
	s.mu.Lock()
	old := s.commands[scope]
	var keep []*discordgo.ApplicationCommand
	for _, o := range old {
		if o.Name != cmd.Name || o.Type != cmd.Type {
			keep = append(keep, o)
		}
	}
	s.commands[scope] = s.assignCommandIDs(scope, old, append(keep, &cmd))
	var created *discordgo.ApplicationCommand
	for _, o := range s.commands[scope] {
		if o.Name == cmd.Name && o.Type == cmd.Type {
			created = o
		}
	}
	s.mu.Unlock()
	writeJSON(c.w, http.StatusCreated, created)
}

func (s *Server) deleteCommand(c *call) {
	scope, ok := s.commandScope(c)
	if !ok {
		return
	}
	id := c.args[len(c.args)-1]
	s.mu.Lock()
	defer s.mu.Unlock()
	var keep []*discordgo.ApplicationCommand
	found := false
	for _, o := range s.commands[scope] {
		if o.ID == id {
			found = true
			continue
		}
		keep = append(keep, o)
	}
	if !found {
		writeError(c.w, http.StatusNotFound, discordgo.ErrCodeUnknownApplicationCommand, "Unknown application command")
		return
	}
	s.commands[scope] = keep
	c.w.WriteHeader(http.StatusNoContent)
}

// assignCommandIDs gives new commands ids, keeping the id of a command with
// the same type and name in old, as Discord does. Callers hold s.mu.
func (s *Server) assignCommandIDs(scope string, old, cmds []*discordgo.ApplicationCommand) []*discordgo.ApplicationCommand {
	out := make([]*discordgo.ApplicationCommand, 0, len(cmds))
	for _, in := range cmds {
		cmd := *in
		if cmd.Type == 0 {
			cmd.Type = discordgo.ChatApplicationCommand
		}
		cmd.ID = ""
		for _, o := range old {
			if o.Name == cmd.Name && o.Type == cmd.Type {
				cmd.ID = o.ID
			}
		}
		if cmd.ID == "" {
			cmd.ID = s.snowflakeLocked()
		}
		cmd.ApplicationID = s.opts.AppID
		cmd.GuildID = scope
		cmd.Version = s.snowflakeLocked()
		out = append(out, &cmd)
	}
	return out
}

func (s *Server) formError(c *call, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	s.mu.Lock()
	s.violateLocked(c.r.Method, c.path, c.route, c.body, "%s", msg)
	s.mu.Unlock()
	writeJSON(c.w, http.StatusBadRequest, apiError{
		Message: "Invalid Form Body", Code: discordgo.ErrCodeInvalidFormBody,
		Errors: map[string]any{"_errors": []map[string]string{{"code": "INVALID", "message": msg}}},
	})
}

// commandName is Discord's rule for chat input command and option names,
// which the spec does not encode (it only bounds the length).
var commandName = regexp.MustCompile(`^[-_\p{L}\p{N}\p{Devanagari}\p{Thai}]{1,32}$`)

// checkCommandNames applies Discord's naming rules to a chat input command
// and its options: names match commandName and are lower case where the
// script has case; descriptions are 1 to 100 characters.
func checkCommandNames(cmd *discordgo.ApplicationCommand) error {
	if cmd.Type != 0 && cmd.Type != discordgo.ChatApplicationCommand {
		return nil
	}
	check := func(what, name, desc string) error {
		if !commandName.MatchString(name) || strings.ToLower(name) != name {
			return fmt.Errorf("APPLICATION_COMMAND_INVALID_NAME: %s name %q", what, name)
		}
		if n := utf8.RuneCountInString(desc); n < 1 || n > 100 {
			return fmt.Errorf("BASE_TYPE_BAD_LENGTH: %s %q description has %d characters, want 1 to 100", what, name, n)
		}
		return nil
	}
	if err := check("command", cmd.Name, cmd.Description); err != nil {
		return err
	}
	var walk func([]*discordgo.ApplicationCommandOption) error
	walk = func(opts []*discordgo.ApplicationCommandOption) error {
		for _, o := range opts {
			if err := check("option", o.Name, o.Description); err != nil {
				return err
			}
			if err := walk(o.Options); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(cmd.Options)
}
