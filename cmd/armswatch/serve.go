package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/bot"
	"github.com/armswatch/armswatch/index"
	"github.com/armswatch/armswatch/metrics"
	"github.com/armswatch/armswatch/propose"
)

func serveCommand() command {
	c := command{
		name:    "serve",
		summary: "run the Discord bot (gateway, or HTTP interactions with --http)",
		usage: `serve [--http ADDR] [--register=false] [--data DIR] [--index DIR]

Opens (or builds) the index, registers the slash commands unless
REGISTER_COMMANDS=false or --register=false, starts the ops listener on
OPS_ADDR (/healthz and /metrics) and receives interactions: over Discord's
gateway by default (needs DISCORD_TOKEN; run one process per token), or on
an HTTP interactions endpoint with --http or HTTP_ADDR (needs
DISCORD_PUBLIC_KEY). SIGTERM or SIGINT stops it cleanly. Every variable is
listed in the README's configuration reference and in .env.example.

Examples:
  armswatch serve
  armswatch serve --http 127.0.0.1:8080
  armswatch serve --register=false --data ./mydata`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fset := newFlagSet("serve")
		httpAddr := fset.String("http", "", "serve HTTP interactions on `ADDR` (host:port) instead of the gateway (default: HTTP_ADDR)")
		register := fset.Bool("register", true, "register the slash commands at start (REGISTER_COMMANDS=false turns it off)")
		dataDir := fset.String("data", "", "read the data from `DIR` (default: DATA_DIR, else the bundled data)")
		indexDir := fset.String("index", "", "keep the index in `DIR` (default: INDEX_PATH, else the user cache directory)")
		pos, err := parseFlags(e, c, fset, args)
		if err != nil {
			return err
		}
		if len(pos) > 0 {
			return usagef("serve takes no arguments, got %q", pos[0])
		}
		cfg, err := loadConfig(e)
		if err != nil {
			return err
		}
		var flagErr error
		fset.Visit(func(f *flag.Flag) {
			switch f.Name {
			case "http":
				p := &configParser{getenv: func(string) string { return *httpAddr }}
				cfg.HTTPAddr = p.addr("--http", "", false)
				if len(p.errs) > 0 {
					flagErr = usagef("%v", p.errs[0])
				}
			case "register":
				cfg.RegisterCommands = *register
			case "data":
				cfg.DataDir = *dataDir
			case "index":
				cfg.IndexPath = *indexDir
			}
		})
		if flagErr != nil {
			return flagErr
		}
		deps := defaultServeDeps()
		if e.serveDeps != nil {
			deps = *e.serveDeps
		}
		return runServe(ctx, e, cfg, deps)
	}
	return c
}

// serveIndex is what serve needs from the answer engine (*index.Index).
type serveIndex interface {
	bot.Engine
	// Watch polls the data for changes and reindexes until ctx ends;
	// failures are logged, never fatal.
	Watch(ctx context.Context, interval time.Duration)
	Ready() bool
	Close() error
}

// indexHealth is what *index.Index tells of damage to the index in service
// (for /healthz and the metrics); test fakes need not implement it.
type indexHealth interface {
	Damaged() (bool, string)
	Errors() uint64
}

// serveBot is what serve needs from the bot (*bot.Bot).
type serveBot interface {
	// RunGateway answers interactions from Discord's gateway until ctx
	// ends, then drains those under way (within Config.DrainTimeout).
	RunGateway(ctx context.Context) error
	// RunHTTPListener serves the HTTP interactions endpoint on ln until ctx
	// ends, then drains the interactions under way.
	RunHTTPListener(ctx context.Context, ln net.Listener) error
	RegisterCommands(ctx context.Context, guildID string) error
	Healthy() bool
}

// indexOpener opens the index that serve answers from.
type indexOpener func(ctx context.Context, path string, data fs.FS, dataLabel string, log *slog.Logger, onReindex func(time.Duration, error)) (serveIndex, error)

// serveDeps are serve's collaborators and timings: defaultServeDeps, or a
// test's (env.serveDeps).
type serveDeps struct {
	openIndex indexOpener
	newBot    func(bot.Config, bot.Engine) (serveBot, error)
	// minUptime is how long the process stays up before exiting with an
	// error, so that a restart policy cannot run it in a tight loop (Docker's
	// backoff starts at 100 ms and resets after 10 s of uptime).
	minUptime time.Duration
	// heartbeatTick is how often the gateway's health is sampled.
	heartbeatTick time.Duration
	// setDefaultLogger makes the logger slog's (and package log's) default.
	setDefaultLogger bool
	// listening, when set, is told each listener's address (tests).
	listening func(name string, addr net.Addr)
}

// defaultServeDeps returns the production collaborators.
func defaultServeDeps() serveDeps {
	return serveDeps{
		openIndex:        openIndex,
		newBot:           newBot,
		minUptime:        time.Minute,
		heartbeatTick:    5 * time.Second,
		setDefaultLogger: true,
	}
}

// metrics.Metrics observes the bot's interactions.
var _ bot.Observer = (*metrics.Metrics)(nil)

// runServe is serve once its configuration is known. It returns nil after
// a clean shutdown on ctx's cancellation (SIGTERM, SIGINT), and an error
// when it cannot start or when the transport fails.
func runServe(ctx context.Context, e *env, cfg *config, deps serveDeps) error {
	start := time.Now()
	mode := cfg.transport()
	switch mode {
	case transportGateway:
		if err := cfg.requireGateway(); err != nil {
			return err
		}
	case transportHTTP:
		if err := cfg.requireHTTP(); err != nil {
			return err
		}
	}
	if cfg.RegisterCommands {
		if err := cfg.requireRegister(); err != nil {
			return fmt.Errorf("%w\n(or set REGISTER_COMMANDS=false, or pass --register=false, to skip registering the slash commands)", err)
		}
	}
	fsys, dataLabel, err := dataSource(e, cfg.DataDir)
	if err != nil {
		return err
	}

	log := newLogger(e.stderr, cfg.LogLevel, cfg.LogFormat)
	if deps.setDefaultLogger {
		slog.SetDefault(log)
	}
	for _, w := range cfg.warnings {
		log.Warn(w)
	}
	log.Info("armswatch starting", "version", version, "data", dataLabel, "config", cfg)

	// The ops listener comes first so that /healthz reports 503, not a
	// refused connection, while a first index build runs.
	var (
		current  atomic.Pointer[serveIndex]
		theBot   atomic.Pointer[serveBot]
		stopping atomic.Bool
		// exiting is why serve is exiting with an error (set by failed,
		// below): /healthz says so while the exit is delayed.
		exiting atomic.Pointer[error]
	)
	health := func() error {
		if why := exiting.Load(); why != nil {
			return fmt.Errorf("exiting: %w", *why)
		}
		if stopping.Load() {
			return errors.New("shutting down")
		}
		idx := current.Load()
		if idx == nil || !(*idx).Ready() {
			return errors.New("the index is not open yet")
		}
		if mode == transportGateway {
			b := theBot.Load()
			if b == nil || !(*b).Healthy() {
				return errors.New("the gateway is not connected, or Discord has not acknowledged its heartbeats lately")
			}
		}
		if h, ok := (*idx).(indexHealth); ok {
			if damaged, why := h.Damaged(); damaged {
				return &metrics.Degraded{Reason: why} // 200: see metrics.Degraded
			}
		}
		return nil
	}
	indexState := func() indexHealth {
		if idx := current.Load(); idx != nil {
			h, _ := (*idx).(indexHealth)
			return h
		}
		return nil
	}
	m := metrics.New(metrics.Options{
		Version: version,
		Logger:  log,
		Ready:   func() bool { idx := current.Load(); return idx != nil && (*idx).Ready() },
		Stats:   func() armswatch.Stats { return (*current.Load()).Stats() },
		IndexErrors: func() uint64 {
			if h := indexState(); h != nil {
				return h.Errors()
			}
			return 0
		},
		IndexDamaged: func() bool {
			if h := indexState(); h != nil {
				damaged, _ := h.Damaged()
				return damaged
			}
			return false
		},
	})
	var opsSrv *http.Server
	if cfg.OpsAddr != "" {
		ln, err := net.Listen("tcp", cfg.OpsAddr)
		if err != nil {
			return fmt.Errorf("ops listener: %w (set OPS_ADDR to a free host:port, or off)", err)
		}
		if deps.listening != nil {
			deps.listening("ops", ln.Addr())
		}
		opsSrv = metrics.NewOpsServer(metrics.OpsHandler(m, health))
		go func() {
			if err := opsSrv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				log.Error("ops listener stopped", "error", err)
			}
		}()
		log.Info("ops listener ready", "addr", ln.Addr().String(), "paths", "/healthz /metrics")
		defer func() {
			sctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			_ = opsSrv.Shutdown(sctx)
		}()
	}

	// failed is the exit path for errors once serving has begun: it waits
	// out the minimum uptime first, /healthz answering 503 with the error.
	failed := func(err error) error {
		exiting.Store(&err)
		if wait := deps.minUptime - time.Since(start); wait > 0 {
			msg := "armswatch cannot continue; exiting after a delay so that a restart policy does not loop"
			if isTerminal(e.stderr) {
				msg += " (Ctrl-C exits now)"
			}
			log.Error(msg, "error", err, "exit_in", wait.Round(time.Second).String())
			t := time.NewTimer(wait)
			defer t.Stop()
			select {
			case <-t.C:
			case <-ctx.Done():
			}
		}
		return err
	}

	idx, err := deps.openIndex(ctx, cfg.IndexPath, fsys, dataLabel, log, m.Reindex)
	if err != nil {
		if ctx.Err() != nil {
			log.Info("stopped while opening the index")
			return nil
		}
		return failed(err)
	}
	current.Store(&idx)
	defer func() {
		if err := idx.Close(); err != nil {
			log.Error("close index", "error", err)
		} else {
			log.Info("index closed")
		}
	}()
	st := idx.Stats()
	log.Info("index open", "documents", st.Documents, "claims", st.Claims, "built_at", st.BuiltAt)

	bcfg := botConfig(cfg)
	bcfg.Logger = log
	bcfg.Observer = m
	if bcfg.Gaps, err = serveGaps(cfg, idx); err != nil {
		return failed(err)
	}
	if bcfg.Staging = serveStaging(cfg); bcfg.Staging != nil {
		log.Info("staging on: /propose stages articles for review in Discord, /retract retracts", "data", cfg.DataDir)
	}
	b, err := deps.newBot(bcfg, idx)
	if err != nil {
		return failed(fmt.Errorf("start bot: %w", err))
	}
	theBot.Store(&b)

	// Background work stops with stopBackground; wg tracks it.
	bgCtx, stopBackground := context.WithCancel(context.Background())
	defer stopBackground()
	var wg sync.WaitGroup
	if cfg.DataPollInterval > 0 {
		wg.Go(func() { idx.Watch(bgCtx, cfg.DataPollInterval) })
		log.Info("polling the data for changes", "data", dataLabel, "interval", cfg.DataPollInterval.String())
	}

	if cfg.RegisterCommands {
		rctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		err := b.RegisterCommands(rctx, cfg.GuildID)
		cancel()
		scope := "globally"
		if cfg.GuildID != "" {
			scope = "to guild " + cfg.GuildID
		}
		if err != nil {
			// Commands registered earlier keep working: serve on.
			log.Error("register slash commands failed; serving with the commands registered before (retry with 'armswatch register')",
				"error", err, "scope", scope)
		} else {
			log.Info("slash commands registered", "scope", scope)
		}
	}

	// transportCtx ends the transport: on a signal, or a failure elsewhere.
	transportCtx, stopTransport := context.WithCancel(context.Background())
	defer stopTransport()
	transportDone := make(chan error, 1)
	switch mode {
	case transportGateway:
		go func() { transportDone <- b.RunGateway(transportCtx) }()
		log.Info("connecting to Discord's gateway")
	case transportHTTP:
		ln, err := net.Listen("tcp", cfg.HTTPAddr)
		if err != nil {
			return failed(fmt.Errorf("HTTP interactions listener: %w", err))
		}
		if deps.listening != nil {
			deps.listening("http", ln.Addr())
		}
		go func() { transportDone <- b.RunHTTPListener(transportCtx, ln) }()
		log.Info("HTTP interactions endpoint ready", "addr", ln.Addr().String(), "paths", "/ /interactions")
	}

	watchdog := make(chan error, 1)
	if mode == transportGateway && cfg.HeartbeatExitAfter > 0 {
		wg.Go(func() {
			if err := watchHeartbeats(bgCtx, b.Healthy, cfg.HeartbeatExitAfter, deps.heartbeatTick, time.Now); err != nil {
				watchdog <- err
			}
		})
	}

	var reason error
	select {
	case <-ctx.Done():
		log.Info("shutting down: finishing interactions in flight", "timeout", cfg.ShutdownTimeout.String())
	case err := <-transportDone:
		if err == nil {
			err = errors.New("stopped unexpectedly")
		}
		reason = fmt.Errorf("%s: %w", mode, err)
		transportDone <- nil // for the wait below
	case err := <-watchdog:
		reason = err
	}

	// Stop taking interactions and give those in flight SHUTDOWN_TIMEOUT
	// (the transport drains them within it; a second more for its return).
	stopping.Store(true)
	stopTransport()
	deadline, cancelDeadline := context.WithTimeout(context.Background(), cfg.ShutdownTimeout+time.Second)
	defer cancelDeadline()
	select {
	case <-transportDone:
	case <-deadline.Done():
		log.Warn("the transport did not stop within the shutdown timeout", "timeout", cfg.ShutdownTimeout.String())
	}
	stopBackground()
	bgDone := make(chan struct{})
	go func() { wg.Wait(); close(bgDone) }()
	select {
	case <-bgDone:
	case <-deadline.Done():
		log.Warn("data polling did not stop within the shutdown timeout")
	}
	if reason != nil {
		return failed(reason)
	}
	log.Info("armswatch stopped")
	return nil
}

// watchHeartbeats samples healthy every tick and returns an error once it
// has been false for exitAfter without a break (counted from the start, so
// a gateway that never connects counts too). It returns nil when ctx ends.
func watchHeartbeats(ctx context.Context, healthy func() bool, exitAfter, tick time.Duration, now func() time.Time) error {
	lastOK := now()
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		if healthy() {
			lastOK = now()
			continue
		}
		if missing := now().Sub(lastOK); missing >= exitAfter {
			return fmt.Errorf("the gateway has been down or without acknowledged heartbeats for %v (HEARTBEAT_EXIT_AFTER=%v): exiting so that the restart policy starts a fresh process",
				missing.Round(time.Second), exitAfter)
		}
	}
}

// newBot builds the bot; its transports drain within its
// Config.DrainTimeout (SHUTDOWN_TIMEOUT, from botConfig).
func newBot(cfg bot.Config, engine bot.Engine) (serveBot, error) {
	return bot.New(cfg, engine)
}

// openIndex opens the on-disk index at path ("" = the user cache
// directory), building it when missing or stale. onReindex is told of
// every reindex, from /reindex or the data polling.
func openIndex(ctx context.Context, path string, data fs.FS, dataLabel string, log *slog.Logger, onReindex func(time.Duration, error)) (serveIndex, error) {
	return index.Open(ctx, index.Options{Path: path, Data: data, DataLabel: dataLabel, Logger: log, OnReindex: onReindex})
}

// serveStaging is the staging area of DATA_DIR for /propose's review and
// /retract (dataSource has checked that it is a directory); nil for the
// bundled data, which cannot be written. A read-only DATA_DIR still gets
// one: each change then says the directory is not writable and how to fix
// it.
func serveStaging(cfg *config) bot.Staging {
	if cfg.DataDir == "" {
		return nil
	}
	return propose.New(cfg.DataDir)
}
