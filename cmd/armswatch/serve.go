package main

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"time"

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
