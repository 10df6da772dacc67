package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/metrics"
)

// server is one run of serve: its configuration, and the state /healthz
// and the exit path read while it runs. The stages of runServe are its
// methods, in the order they run.
type server struct {
	ctx   context.Context
	e     *env
	cfg   *config
	deps  serveDeps
	log   *slog.Logger
	mode  transport
	start time.Time

	current  atomic.Pointer[serveIndex]
	theBot   atomic.Pointer[serveBot]
	stopping atomic.Bool
	// exiting is why serve is exiting with an error (set by failed):
	// /healthz says so while the exit is delayed.
	exiting atomic.Pointer[error]
}

// runServe is serve once its configuration is known. It returns nil after
// a clean shutdown on ctx's cancellation (SIGTERM, SIGINT), and an error
// when it cannot start or when the transport fails.
func runServe(ctx context.Context, e *env, cfg *config, deps serveDeps) error {
	s := &server{ctx: ctx, e: e, cfg: cfg, deps: deps, mode: cfg.transport(), start: time.Now()}
	if err := s.checkConfig(); err != nil {
		return err
	}
	fsys, dataLabel, err := dataSource(e, cfg.DataDir)
	if err != nil {
		return err
	}
	s.startLogger(dataLabel)

	// The ops listener comes first so that /healthz reports 503, not a
	// refused connection, while a first index build runs.
	m := s.newMetrics()
	stopOps, err := s.startOps(m)
	if err != nil {
		return err
	}
	defer stopOps()

	idx, err := s.deps.openIndex(ctx, cfg.IndexPath, fsys, dataLabel, s.log, m.Reindex)
	if err != nil {
		if ctx.Err() != nil {
			s.log.Info("stopped while opening the index")
			return nil
		}
		return s.failed(err)
	}
	s.current.Store(&idx)
	defer s.closeIndex(idx)
	st := idx.Stats()
	s.log.Info("index open", "documents", st.Documents, "claims", st.Claims, "built_at", st.BuiltAt)

	b, err := s.startBot(idx, m)
	if err != nil {
		return s.failed(err)
	}

	// Background work stops with stopBackground; wg tracks it.
	bgCtx, stopBackground := context.WithCancel(context.Background())
	defer stopBackground()
	var wg sync.WaitGroup
	if cfg.DataPollInterval > 0 {
		wg.Go(func() { idx.Watch(bgCtx, cfg.DataPollInterval) })
		s.log.Info("polling the data for changes", "data", dataLabel, "interval", cfg.DataPollInterval.String())
	}
	s.register(b)

	// transportCtx ends the transport: on a signal, or a failure elsewhere.
	transportCtx, stopTransport := context.WithCancel(context.Background())
	defer stopTransport()
	transportDone, err := s.startTransport(transportCtx, b)
	if err != nil {
		return s.failed(err)
	}
	watchdog := make(chan error, 1)
	if s.mode == transportGateway && cfg.HeartbeatExitAfter > 0 {
		wg.Go(func() {
			if err := watchHeartbeats(bgCtx, b.Healthy, cfg.HeartbeatExitAfter, s.deps.heartbeatTick, time.Now); err != nil {
				watchdog <- err
			}
		})
	}

	reason := s.wait(transportDone, watchdog)
	s.shutdown(stopTransport, transportDone, stopBackground, &wg)
	if reason != nil {
		return s.failed(reason)
	}
	s.log.Info("armswatch stopped")
	return nil
}

// checkConfig refuses a configuration the transport or the registration
// cannot work with.
func (s *server) checkConfig() error {
	switch s.mode {
	case transportGateway:
		if err := s.cfg.requireGateway(); err != nil {
			return err
		}
	case transportHTTP:
		if err := s.cfg.requireHTTP(); err != nil {
			return err
		}
	}
	if s.cfg.RegisterCommands {
		if err := s.cfg.requireRegister(); err != nil {
			return fmt.Errorf("%w\n(or set REGISTER_COMMANDS=false, or pass --register=false, to skip registering the slash commands)", err)
		}
	}
	return nil
}

// startLogger makes the logger and says how serve starts.
func (s *server) startLogger(dataLabel string) {
	s.log = newLogger(s.e.stderr, s.cfg.LogLevel, s.cfg.LogFormat)
	if s.deps.setDefaultLogger {
		slog.SetDefault(s.log)
	}
	for _, w := range s.cfg.warnings {
		s.log.Warn(w)
	}
	s.log.Info("armswatch starting", "version", version, "data", dataLabel, "config", s.cfg)
}

// health is /healthz: nil when serving, the reason otherwise (a
// *metrics.Degraded answers 200 with the reason).
func (s *server) health() error {
	if why := s.exiting.Load(); why != nil {
		return fmt.Errorf("exiting: %w", *why)
	}
	if s.stopping.Load() {
		return errors.New("shutting down")
	}
	idx := s.current.Load()
	if idx == nil || !(*idx).Ready() {
		return errors.New("the index is not open yet")
	}
	if s.mode == transportGateway {
		b := s.theBot.Load()
		if b == nil || !(*b).Healthy() {
			return errors.New("the gateway is not connected, or Discord has not acknowledged its heartbeats lately")
		}
	}
	if h := s.indexHealth(); h != nil {
		if damaged, why := h.Damaged(); damaged {
			return &metrics.Degraded{Reason: why} // 200: see metrics.Degraded
		}
	}
	return nil
}

// indexHealth is the open index's damage report; nil before it opens.
func (s *server) indexHealth() indexHealth {
	if idx := s.current.Load(); idx != nil {
		h, _ := (*idx).(indexHealth)
		return h
	}
	return nil
}

func (s *server) newMetrics() *metrics.Metrics {
	return metrics.New(metrics.Options{
		Version: version,
		Logger:  s.log,
		Ready:   func() bool { idx := s.current.Load(); return idx != nil && (*idx).Ready() },
		Stats:   func() armswatch.Stats { return (*s.current.Load()).Stats() },
		IndexErrors: func() uint64 {
			if h := s.indexHealth(); h != nil {
				return h.Errors()
			}
			return 0
		},
		IndexDamaged: func() bool {
			if h := s.indexHealth(); h != nil {
				damaged, _ := h.Damaged()
				return damaged
			}
			return false
		},
	})
}

// startOps starts the ops listener (unless OPS_ADDR is off) and returns
// the function that stops it.
func (s *server) startOps(m *metrics.Metrics) (stop func(), err error) {
	if s.cfg.OpsAddr == "" {
		return func() {}, nil
	}
	ln, err := net.Listen("tcp", s.cfg.OpsAddr)
	if err != nil {
		return nil, fmt.Errorf("ops listener: %w (set OPS_ADDR to a free host:port, or off)", err)
	}
	if s.deps.listening != nil {
		s.deps.listening("ops", ln.Addr())
	}
	srv := metrics.NewOpsServer(metrics.OpsHandler(m, s.health))
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("ops listener stopped", "err", err)
		}
	}()
	s.log.Info("ops listener ready", "addr", ln.Addr().String(), "paths", "/healthz /metrics")
	return func() {
		sctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}, nil
}

// failed is the exit path for errors once serving has begun: it waits
// out the minimum uptime first, /healthz answering 503 with the error.
func (s *server) failed(err error) error {
	s.exiting.Store(&err)
	if wait := s.deps.minUptime - time.Since(s.start); wait > 0 {
		msg := "armswatch cannot continue; exiting after a delay so that a restart policy does not loop"
		if isTerminal(s.e.stderr) {
			msg += " (Ctrl-C exits now)"
		}
		s.log.Error(msg, "err", err, "exit_in", wait.Round(time.Second).String())
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case <-t.C:
		case <-s.ctx.Done():
		}
	}
	return err
}

func (s *server) closeIndex(idx serveIndex) {
	if err := idx.Close(); err != nil {
		s.log.Error("close index", "err", err)
	} else {
		s.log.Info("index closed")
	}
}

// startBot configures the bot (gap counts, staging) over the open index.
func (s *server) startBot(idx serveIndex, m *metrics.Metrics) (serveBot, error) {
	bcfg := botConfig(s.cfg)
	bcfg.Logger = s.log
	bcfg.Observer = m
	var err error
	if bcfg.Gaps, err = serveGaps(s.cfg, idx); err != nil {
		return nil, err
	}
	if bcfg.Staging = serveStaging(s.cfg); bcfg.Staging != nil {
		s.log.Info("staging on: /propose stages articles for review in Discord, /retract retracts", "data", s.cfg.DataDir)
	}
	b, err := s.deps.newBot(bcfg, idx)
	if err != nil {
		return nil, fmt.Errorf("start bot: %w", err)
	}
	s.theBot.Store(&b)
	return b, nil
}

// register registers the slash commands when asked; a failure is logged
// and serving goes on with the commands registered before.
func (s *server) register(b serveBot) {
	if !s.cfg.RegisterCommands {
		return
	}
	rctx, cancel := context.WithTimeout(s.ctx, 30*time.Second)
	err := b.RegisterCommands(rctx, s.cfg.GuildID)
	cancel()
	scope := "globally"
	if s.cfg.GuildID != "" {
		scope = "to guild " + s.cfg.GuildID
	}
	if err != nil {
		s.log.Error("register slash commands failed; serving with the commands registered before (retry with 'armswatch register')",
			"err", err, "scope", scope)
		return
	}
	s.log.Info("slash commands registered", "scope", scope)
}

// startTransport runs the gateway or the HTTP endpoint until ctx ends; its
// result arrives on the channel.
func (s *server) startTransport(ctx context.Context, b serveBot) (chan error, error) {
	done := make(chan error, 1)
	switch s.mode {
	case transportGateway:
		go func() { done <- b.RunGateway(ctx) }()
		s.log.Info("connecting to Discord's gateway")
	case transportHTTP:
		ln, err := net.Listen("tcp", s.cfg.HTTPAddr)
		if err != nil {
			return nil, fmt.Errorf("HTTP interactions listener: %w", err)
		}
		if s.deps.listening != nil {
			s.deps.listening("http", ln.Addr())
		}
		go func() { done <- b.RunHTTPListener(ctx, ln) }()
		s.log.Info("HTTP interactions endpoint ready", "addr", ln.Addr().String(), "paths", "/ /interactions")
	}
	return done, nil
}

// wait serves until a signal (nil), the transport's end or the heartbeat
// watchdog (the reason to exit with an error).
func (s *server) wait(transportDone chan error, watchdog <-chan error) error {
	select {
	case <-s.ctx.Done():
		s.log.Info("shutting down: finishing interactions in flight", "timeout", s.cfg.ShutdownTimeout.String())
		return nil
	case err := <-transportDone:
		if err == nil {
			err = errors.New("stopped unexpectedly")
		}
		transportDone <- nil // for shutdown's wait
		return fmt.Errorf("%s: %w", s.mode, err)
	case err := <-watchdog:
		return err
	}
}

// shutdown stops taking interactions and gives those in flight
// SHUTDOWN_TIMEOUT (the transport drains them within it; a second more for
// its return), then stops the background work within the same deadline.
func (s *server) shutdown(stopTransport func(), transportDone <-chan error, stopBackground func(), wg *sync.WaitGroup) {
	s.stopping.Store(true)
	stopTransport()
	deadline, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout+time.Second)
	defer cancel()
	select {
	case <-transportDone:
	case <-deadline.Done():
		s.log.Warn("the transport did not stop within the shutdown timeout", "timeout", s.cfg.ShutdownTimeout.String())
	}
	stopBackground()
	bgDone := make(chan struct{})
	go func() { wg.Wait(); close(bgDone) }()
	select {
	case <-bgDone:
	case <-deadline.Done():
		s.log.Warn("data polling did not stop within the shutdown timeout")
	}
}
