package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/bot"
	"github.com/armswatch/armswatch/internal/testwait"
)

// lockedBuffer is a bytes.Buffer safe for a logger and a test to share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *lockedBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *lockedBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// fakeServeIndex stands in for *index.Index in serve's tests.
type fakeServeIndex struct {
	closed        atomic.Bool
	watchInterval atomic.Int64
	reindexErr    error
	onReindex     func(time.Duration, error)
}

func (f *fakeServeIndex) Answer(_ context.Context, q armswatch.Query) (armswatch.Answer, error) {
	return armswatch.Answer{Query: q.Text}, nil
}
func (f *fakeServeIndex) Document(context.Context, string) (armswatch.DocumentView, error) {
	return armswatch.DocumentView{}, armswatch.ErrNotFound
}
func (f *fakeServeIndex) Complete(context.Context, armswatch.CompletionKind, string, int) []armswatch.Completion {
	return nil
}
func (f *fakeServeIndex) Stats() armswatch.Stats {
	return armswatch.Stats{Documents: 3, Claims: 7, BuiltAt: "2024-05-01T10:00:00Z"}
}
func (f *fakeServeIndex) Reindex(context.Context) (armswatch.ReindexReport, error) {
	f.onReindex(time.Millisecond, f.reindexErr) // as the index reports to OnReindex
	return armswatch.ReindexReport{Documents: 3, Claims: 7}, f.reindexErr
}
func (f *fakeServeIndex) Corpus() (*armswatch.Corpus, error) { return &armswatch.Corpus{}, nil }
func (f *fakeServeIndex) Watch(ctx context.Context, interval time.Duration) {
	f.watchInterval.Store(int64(interval))
	<-ctx.Done()
}
func (f *fakeServeIndex) Ready() bool  { return !f.closed.Load() }
func (f *fakeServeIndex) Close() error { f.closed.Store(true); return nil }

// fakeServeBot stands in for *bot.Bot: its HTTP handler reports one interaction
// to the Observer as the bot does, and POST /reindex reindexes.
type fakeServeBot struct {
	cfg         bot.Config
	engine      bot.Engine
	healthy     atomic.Bool
	gatewayErr  chan error // RunGateway returns what arrives here
	stuck       bool       // RunGateway ignores its context
	registered  chan string
	registerErr error
}

func newFakeServeBot() *fakeServeBot {
	return &fakeServeBot{gatewayErr: make(chan error, 1), registered: make(chan string, 4)}
}

func (f *fakeServeBot) RunGateway(ctx context.Context) error {
	if f.stuck {
		select {}
	}
	select {
	case <-ctx.Done():
		return nil
	case err := <-f.gatewayErr:
		return err
	}
}

func (f *fakeServeBot) RunHTTPListener(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: f.handler()}
	go func() {
		<-ctx.Done()
		srv.Shutdown(context.Background())
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func (f *fakeServeBot) handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		if r.URL.Path == "/reindex" {
			_, err := f.engine.Reindex(r.Context())
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
			}
		}
		f.cfg.Observer.Interaction("about", bot.OutcomeOK, time.Since(start))
		fmt.Fprint(w, `{"type":1}`)
	})
}

func (f *fakeServeBot) RegisterCommands(_ context.Context, guildID string) error {
	f.registered <- guildID
	return f.registerErr
}

func (f *fakeServeBot) Healthy() bool { return f.healthy.Load() }

// serveRun is one `armswatch serve` running in the background.
type serveRun struct {
	t      *testing.T
	idx    *fakeServeIndex
	bot    *fakeServeBot
	stderr *lockedBuffer
	addrs  map[string]string // listener name → address
	cancel context.CancelFunc
	done   chan error
}

// startServe runs `armswatch serve args...` with vars as its environment
// and fakes for the index and the bot; it returns once the listeners named
// in wait are up (or serve returned).
func startServe(t *testing.T, vars map[string]string, args []string, wait []string, tweak func(*serveDeps, *fakeServeBot)) *serveRun {
	t.Helper()
	s := &serveRun{t: t, idx: &fakeServeIndex{}, bot: newFakeServeBot()}
	deps := serveDeps{
		openIndex: func(ctx context.Context, path string, data fs.FS, label string, log *slog.Logger, onReindex func(time.Duration, error)) (serveIndex, error) {
			if data == nil || label == "" || onReindex == nil {
				t.Errorf("openIndex got data %v label %q onReindex %v", data, label, onReindex != nil)
			}
			s.idx.onReindex = onReindex
			return s.idx, nil
		},
		newBot: func(cfg bot.Config, engine bot.Engine) (serveBot, error) {
			s.bot.cfg, s.bot.engine = cfg, engine
			return s.bot, nil
		},
		minUptime:     0,
		heartbeatTick: 10 * time.Millisecond,
	}
	if tweak != nil {
		tweak(&deps, s.bot)
	}
	launchServe(t, s, deps, vars, args, wait)
	return s
}

// launchServe runs serve with deps (plus a hook reporting its listeners)
// in the background and waits for the listeners named in wait.
func launchServe(t *testing.T, s *serveRun, deps serveDeps, vars map[string]string, args []string, wait []string) {
	t.Helper()
	s.t, s.stderr, s.addrs, s.done = t, &lockedBuffer{}, map[string]string{}, make(chan error, 1)
	listening := make(chan [2]string, 4)
	deps.listening = func(name string, addr net.Addr) {
		listening <- [2]string{name, addr.String()}
	}

	ctx, cancel := context.WithCancel(t.Context())
	s.cancel = cancel
	go func() {
		e := &env{stdout: io.Discard, stderr: s.stderr, getenv: getenvFrom(vars), serveDeps: &deps}
		s.done <- runEnv(ctx, e, append([]string{"serve"}, args...))
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-s.done:
		case <-time.After(15 * time.Second):
			t.Error("serve did not stop")
		}
	})
	for len(s.addrs) < len(wait) {
		select {
		case l := <-listening:
			s.addrs[l[0]] = l[1]
		case err := <-s.done:
			s.done <- err
			return
		case <-time.After(10 * time.Second):
			t.Fatalf("listeners %v not up; log:\n%s", wait, s.stderr.String())
		}
	}
}

// stop cancels serve's context (as SIGTERM does) and returns its error.
func (s *serveRun) stop() error {
	s.t.Helper()
	s.cancel()
	return s.wait(10 * time.Second)
}

func (s *serveRun) wait(d time.Duration) error {
	s.t.Helper()
	select {
	case err := <-s.done:
		s.done <- err // for Cleanup
		return err
	case <-time.After(d):
		s.t.Fatalf("serve still running after %v; log:\n%s", d, s.stderr.String())
		return nil
	}
}

func opsGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func metricValue(t *testing.T, exposition, series string) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindStringSubmatch(exposition)
	if m == nil {
		t.Fatalf("no series %s in /metrics", series)
	}
	return m[1]
}

func baseVars(extra map[string]string) map[string]string {
	vars := map[string]string{
		"ENV_FILE":          "/nonexistent/.env",
		"DISCORD_TOKEN":     testToken,
		"OPS_ADDR":          "127.0.0.1:0",
		"REGISTER_COMMANDS": "false",
		"LOG_LEVEL":         "debug",
	}
	for k, v := range extra {
		vars[k] = v
	}
	return vars
}

func TestServeHTTPModeHealthMetricsAndCleanShutdown(t *testing.T) {
	t.Parallel()
	s := startServe(t, baseVars(map[string]string{
		"DISCORD_PUBLIC_KEY": testPublicKeyHex,
		"HTTP_ADDR":          "127.0.0.1:0",
		"DATA_POLL_INTERVAL": "7s",
	}), nil, []string{"ops", "http"}, nil)
	ops := "http://" + s.addrs["ops"]

	if code, body := opsGet(t, ops+"/healthz"); code != 200 {
		t.Errorf("/healthz = %d %s", code, body)
	}
	resp, err := http.Post("http://"+s.addrs["http"]+"/interactions", "application/json", strings.NewReader(`{"type":1}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	_, metrics := opsGet(t, ops+"/metrics")
	if got := metricValue(t, metrics, `armswatch_interactions_total{command="about",outcome="ok"}`); got != "1" {
		t.Errorf("interaction counter after one interaction = %s, want 1", got)
	}
	if got := metricValue(t, metrics, "armswatch_claims_indexed"); got != "7" {
		t.Errorf("claims gauge = %s", got)
	}

	// A /reindex through the bot's engine is counted; a failed one too.
	resp, err = http.Post("http://"+s.addrs["http"]+"/reindex", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	_, metrics = opsGet(t, ops+"/metrics")
	if got := metricValue(t, metrics, "armswatch_reindexes_total"); got != "1" {
		t.Errorf("reindex counter = %s, want 1", got)
	}
	if got := metricValue(t, metrics, "armswatch_reindex_failures_total"); got != "0" {
		t.Errorf("reindex failures = %s, want 0", got)
	}
	if code, _ := opsGet(t, ops+"/debug/pprof/"); code != 404 {
		t.Errorf("ops listener serves /debug/pprof/: %d", code)
	}
	if got := time.Duration(s.idx.watchInterval.Load()); got != 7*time.Second {
		t.Errorf("Watch interval %v, want DATA_POLL_INTERVAL 7s", got)
	}

	if err := s.stop(); err != nil {
		t.Fatalf("serve after SIGTERM: %v, want nil (exit 0)", err)
	}
	if !s.idx.closed.Load() {
		t.Error("index not closed at shutdown")
	}
	log := s.stderr.String()
	for _, line := range strings.Split(strings.TrimSpace(log), "\n") {
		if !strings.HasPrefix(line, "{") {
			t.Errorf("not a JSON log line (stderr is not a terminal): %s", line)
		}
	}
	if strings.Contains(log, testToken) || strings.Contains(log, "GhIjKl") {
		t.Errorf("token in the log:\n%s", log)
	}
	for _, want := range []string{`"token_set":true`, "shutting down", "armswatch stopped", "index closed"} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
	if _, err := http.Get(ops + "/healthz"); err == nil {
		t.Error("ops listener still up after serve returned")
	}
}

func TestServeGatewayHealthFollowsHeartbeats(t *testing.T) {
	t.Parallel()
	s := startServe(t, baseVars(nil), nil, []string{"ops"}, nil)
	ops := "http://" + s.addrs["ops"]
	// The listener is up before the index opens: wait for the index.
	var code int
	var body string
	if !testwait.Until(func() bool { code, body = opsGet(t, ops+"/healthz"); return strings.Contains(body, "heartbeats") }) {
		t.Fatalf("/healthz = %d %s", code, body)
	}
	if code != 503 {
		t.Errorf("unacknowledged heartbeats: /healthz = %d", code)
	}
	s.bot.healthy.Store(true)
	// serve hands the bot to the health check a moment after the index
	// opens: wait for it rather than race it.
	if !testwait.Until(func() bool { code, body = opsGet(t, ops+"/healthz"); return code == 200 }) {
		t.Fatalf("healthy gateway: /healthz = %d %s", code, body)
	}
	s.bot.healthy.Store(false)
	if code, _ := opsGet(t, ops+"/healthz"); code != 503 {
		t.Errorf("heartbeats lost: /healthz = %d", code)
	}
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
}

func TestServeRegistersCommands(t *testing.T) {
	t.Parallel()
	const app, guild = "123456789012345678", "223456789012345678"
	tests := []struct {
		name string
		vars map[string]string
		args []string
		want bool
	}{
		{"default", map[string]string{"REGISTER_COMMANDS": ""}, nil, true},
		{"variable off", map[string]string{"REGISTER_COMMANDS": "false"}, nil, false},
		{"flag off", map[string]string{"REGISTER_COMMANDS": "true"}, []string{"--register=false"}, false},
		{"flag on wins", map[string]string{"REGISTER_COMMANDS": "false"}, []string{"--register"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vars := baseVars(map[string]string{"DISCORD_APP_ID": app, "DISCORD_GUILD_ID": guild})
			for k, v := range tt.vars {
				vars[k] = v
			}
			s := startServe(t, vars, tt.args, []string{"ops"}, nil)
			s.bot.healthy.Store(true)
			waitHealthy(t, "http://"+s.addrs["ops"])
			if err := s.stop(); err != nil {
				t.Fatal(err)
			}
			select {
			case g := <-s.bot.registered:
				if !tt.want {
					t.Error("registered, want not")
				}
				if g != guild {
					t.Errorf("registered to %q, want DISCORD_GUILD_ID %s", g, guild)
				}
			default:
				if tt.want {
					t.Error("not registered")
				}
			}
		})
	}
}

func waitHealthy(t *testing.T, ops string) {
	t.Helper()
	var code int
	var body string
	if !testwait.Until(func() bool { code, body = opsGet(t, ops+"/healthz"); return code == 200 }) {
		t.Fatalf("never healthy: %d %s", code, body)
	}
}

// A failed registration is logged and serving goes on with the commands
// registered before.
func TestServeSurvivesFailedRegistration(t *testing.T) {
	t.Parallel()
	s := startServe(t, baseVars(map[string]string{"REGISTER_COMMANDS": "true", "DISCORD_APP_ID": "123456789012345678"}), nil, []string{"ops"},
		func(_ *serveDeps, b *fakeServeBot) { b.registerErr = errors.New("503 from Discord") })
	s.bot.healthy.Store(true)
	waitHealthy(t, "http://"+s.addrs["ops"])
	// Registration runs beside serving: wait for its log line rather than
	// expect it by the time the server is healthy.
	logged := func() bool {
		out := s.stderr.String()
		return strings.Contains(out, "register slash commands failed") && strings.Contains(out, "503 from Discord")
	}
	if !testwait.Until(logged) {
		t.Errorf("the failure is not logged:\n%s", s.stderr.String())
	}
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
}

func TestServeGatewayFailureWaitsMinimumUptime(t *testing.T) {
	t.Parallel()
	const minUptime = 300 * time.Millisecond
	start := time.Now()
	s := startServe(t, baseVars(nil), nil, []string{"ops"}, func(d *serveDeps, _ *fakeServeBot) { d.minUptime = minUptime })
	rejected := errors.New("Discord rejected the bot token")
	s.bot.gatewayErr <- rejected
	err := s.wait(10 * time.Second)
	if !errors.Is(err, rejected) || exitCode(err) != 1 {
		t.Fatalf("serve = %v (exit %d), want the gateway's error, exit 1", err, exitCode(err))
	}
	if took := time.Since(start); took < minUptime {
		t.Errorf("exited after %v, before the minimum uptime %v", took, minUptime)
	}
	if !s.idx.closed.Load() {
		t.Error("index not closed")
	}
	if !strings.Contains(s.stderr.String(), "exiting after a delay") {
		t.Errorf("the delay is not logged:\n%s", s.stderr.String())
	}
}

// SIGTERM during the minimum-uptime wait exits at once.
func TestServeSignalCutsTheUptimeWait(t *testing.T) {
	t.Parallel()
	s := startServe(t, baseVars(nil), nil, []string{"ops"}, func(d *serveDeps, _ *fakeServeBot) { d.minUptime = time.Hour })
	s.bot.gatewayErr <- errors.New("boom")
	if !testwait.Until(func() bool { return strings.Contains(s.stderr.String(), "exiting after a delay") }) {
		t.Fatal("no delay logged")
	}
	if err := s.stop(); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("serve = %v, want the gateway's error", err)
	}
}

func TestServeShutdownTimeoutBoundsAStuckTransport(t *testing.T) {
	t.Parallel()
	s := startServe(t, baseVars(map[string]string{"SHUTDOWN_TIMEOUT": "200ms"}), nil, []string{"ops"},
		func(_ *serveDeps, b *fakeServeBot) { b.stuck = true })
	time.Sleep(20 * time.Millisecond)
	start := time.Now()
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("shutdown took %v with SHUTDOWN_TIMEOUT=200ms", took)
	}
	if !s.idx.closed.Load() {
		t.Error("index not closed")
	}
	if !strings.Contains(s.stderr.String(), "did not stop within the shutdown timeout") {
		t.Errorf("no warning about the stuck transport:\n%s", s.stderr.String())
	}
}

func TestServeExitsWhenHeartbeatsStayMissing(t *testing.T) {
	t.Parallel()
	cfg, err := loadTestConfig(t, baseVars(nil))
	if err != nil {
		t.Fatal(err)
	}
	cfg.HeartbeatExitAfter = 150 * time.Millisecond
	fb := newFakeServeBot()
	stderr := &lockedBuffer{}
	deps := serveDeps{
		openIndex: func(context.Context, string, fs.FS, string, *slog.Logger, func(time.Duration, error)) (serveIndex, error) {
			return &fakeServeIndex{}, nil
		},
		newBot:        func(bot.Config, bot.Engine) (serveBot, error) { return fb, nil },
		heartbeatTick: 5 * time.Millisecond,
	}
	start := time.Now()
	err = runServe(t.Context(), &env{getenv: getenvFrom(nil), stderr: stderr}, cfg, deps)
	if err == nil || !strings.Contains(err.Error(), "heartbeats") || exitCode(err) != 1 {
		t.Fatalf("runServe = %v, want a heartbeat error", err)
	}
	if took := time.Since(start); took < 150*time.Millisecond {
		t.Errorf("exited after %v, before HEARTBEAT_EXIT_AFTER", took)
	}
}

func TestWatchHeartbeats(t *testing.T) {
	t.Parallel()
	// Healthy now and then: never exits.
	var n atomic.Int32
	flaky := func() bool { return n.Add(1)%5 == 0 }
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	if err := watchHeartbeats(ctx, flaky, 100*time.Millisecond, 5*time.Millisecond, time.Now); err != nil {
		t.Errorf("acknowledged every 25 ms, yet: %v", err)
	}
	// Never healthy: exits once exitAfter has passed, not before.
	start := time.Now()
	err := watchHeartbeats(t.Context(), func() bool { return false }, 50*time.Millisecond, 5*time.Millisecond, time.Now)
	if err == nil || time.Since(start) < 50*time.Millisecond {
		t.Errorf("never acknowledged: %v after %v", err, time.Since(start))
	}
	if !strings.Contains(err.Error(), "HEARTBEAT_EXIT_AFTER") {
		t.Errorf("the error does not name the setting: %v", err)
	}
}

// TestServeHealthWhileExiting: once serve has decided to exit with an error
// it waits out the minimum uptime, and /healthz answers 503 with the
// reason all that while, not 200: when the HTTP interactions listener
// cannot bind (a real listener holds the port), when the gateway fails,
// when the index cannot be opened.
func TestServeHealthWhileExiting(t *testing.T) {
	t.Parallel()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	tests := []struct {
		name  string
		vars  map[string]string
		tweak func(*serveDeps, *fakeServeBot)
		fail  func(*serveRun) // makes serve fail, once it is up
		want  []string        // in /healthz's body
	}{
		{"HTTP port taken", map[string]string{"DISCORD_PUBLIC_KEY": testPublicKeyHex, "HTTP_ADDR": busy.Addr().String()}, nil, nil,
			[]string{"exiting: HTTP interactions listener", busy.Addr().String(), "address already in use"}},
		{"gateway failed", nil, func(_ *serveDeps, b *fakeServeBot) { b.healthy.Store(true) },
			func(s *serveRun) { s.bot.gatewayErr <- errors.New("Discord rejected the bot token") },
			[]string{"exiting: gateway: Discord rejected the bot token"}},
		{"index cannot be opened", nil, func(d *serveDeps, _ *fakeServeBot) {
			d.openIndex = func(context.Context, string, fs.FS, string, *slog.Logger, func(time.Duration, error)) (serveIndex, error) {
				return nil, errors.New(`open index "/x": permission denied`)
			}
		}, nil, []string{`exiting: open index "/x": permission denied`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startServe(t, baseVars(tt.vars), nil, []string{"ops"}, func(d *serveDeps, b *fakeServeBot) {
				d.minUptime = time.Hour
				if tt.tweak != nil {
					tt.tweak(d, b)
				}
			})
			ops := "http://" + s.addrs["ops"]
			if tt.fail != nil {
				waitHealthy(t, ops)
				tt.fail(s)
			}
			if !testwait.Until(func() bool { return strings.Contains(s.stderr.String(), "exiting after a delay") }) {
				t.Fatalf("serve is not waiting to exit; log:\n%s", s.stderr.String())
			}
			code, body := opsGet(t, ops+"/healthz")
			if code != http.StatusServiceUnavailable {
				t.Errorf("/healthz while exiting = %d %q, want 503", code, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("/healthz says %q, want the reason (%q)", body, w)
				}
			}
			if err := s.stop(); err == nil || exitCode(err) != 1 {
				t.Errorf("serve = %v, want the error (exit 1)", err)
			}
		})
	}
}

func TestServeIndexFailure(t *testing.T) {
	t.Parallel()
	s := startServe(t, baseVars(nil), nil, nil, func(d *serveDeps, _ *fakeServeBot) {
		d.openIndex = func(context.Context, string, fs.FS, string, *slog.Logger, func(time.Duration, error)) (serveIndex, error) {
			return nil, errors.New(`open index "/x": permission denied`)
		}
	})
	err := s.wait(5 * time.Second)
	if err == nil || !strings.Contains(err.Error(), "permission denied") || exitCode(err) != 1 {
		t.Errorf("serve = %v", err)
	}
}

func TestServeStartErrors(t *testing.T) {
	t.Parallel()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	tests := []struct {
		name string
		vars map[string]string
		args []string
		want string
		code int
	}{
		{"gateway without token", map[string]string{"DISCORD_TOKEN": ""}, nil,
			"DISCORD_TOKEN is not set: copy .env.example to .env and paste your bot token (see README, Discord)", 1},
		{"HTTP without public key", map[string]string{"HTTP_ADDR": "127.0.0.1:0"}, nil,
			"DISCORD_PUBLIC_KEY is not set: copy .env.example to .env and paste your application's public key", 1},
		{"--http without public key", nil, []string{"--http", "127.0.0.1:0"},
			"DISCORD_PUBLIC_KEY is not set", 1},
		{"register without app id", map[string]string{"REGISTER_COMMANDS": "true"}, nil,
			"DISCORD_APP_ID is not set", 1},
		{"bad variable", map[string]string{"LOG_LEVEL": "chatty"}, nil, "LOG_LEVEL", 1},
		{"ops port taken", map[string]string{"OPS_ADDR": busy.Addr().String()}, nil, "set OPS_ADDR to a free host:port", 1},
		{"missing data dir", map[string]string{"DATA_DIR": "/nonexistent/data"}, nil, `open data directory "/nonexistent/data"`, 1},
		{"bad --http", nil, []string{"--http", "nowhere"}, "", 2},
		{"argument", nil, []string{"now"}, "", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startServe(t, baseVars(tt.vars), tt.args, nil, nil)
			err := s.wait(5 * time.Second)
			if exitCode(err) != tt.code {
				t.Errorf("exit %d (%v), want %d", exitCode(err), err, tt.code)
			}
			if tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), "GhIjKl") {
				t.Errorf("token in error: %v", err)
			}
		})
	}
}
