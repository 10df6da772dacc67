package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/bot"
)

func registerCommand() command {
	c := command{
		name:    "register",
		summary: "register (or with --clear remove) the slash commands with Discord",
		usage: `register [--guild ID | --global] [--clear]

Registers armswatch's slash commands with one bulk overwrite: to the server
DISCORD_GUILD_ID (or --guild) when set, where they appear at once, else
globally, where they can take a while to reach every client. --clear removes them
instead, e.g. a stale development copy in a guild. 'serve' registers by
itself unless REGISTER_COMMANDS=false. Needs DISCORD_TOKEN and
DISCORD_APP_ID.

Examples:
  armswatch register
  armswatch register --guild 123456789012345678
  armswatch register --guild 123456789012345678 --clear`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fset := newFlagSet("register")
		guild := fset.String("guild", "", "register to the server with this `ID` (default: DISCORD_GUILD_ID)")
		global := fset.Bool("global", false, "register globally even when DISCORD_GUILD_ID is set")
		clear := fset.Bool("clear", false, "remove the commands instead of registering them")
		timeout := fset.Duration("timeout", 30*time.Second, "give up after this long")
		pos, err := parseFlags(e, c, fset, args)
		if err != nil {
			return err
		}
		if len(pos) > 0 {
			return usagef("register takes no arguments, got %q", pos[0])
		}
		guildSet := false
		fset.Visit(func(f *flag.Flag) { guildSet = guildSet || f.Name == "guild" })
		if guildSet && *global {
			return usagef("--guild and --global cannot be used together")
		}
		if guildSet && !isSnowflake(*guild) {
			return usagef("--guild %s is not a Discord id (%s)", shown(*guild), snowflakeHint)
		}
		cfg, err := loadConfig(e)
		if err != nil {
			return err
		}
		if err := cfg.requireRegister(); err != nil {
			return err
		}
		target := cfg.GuildID
		switch {
		case guildSet:
			target = *guild
		case *global:
			target = ""
		}
		r, err := newRegistrar(e, cfg)
		if err != nil {
			return err
		}
		ctx, cancel := context.WithTimeout(ctx, *timeout)
		defer cancel()
		where := "globally"
		if target != "" {
			where = "in guild " + target
		}
		if *clear {
			if err := r.ClearCommands(ctx, target); err != nil {
				return err // the bot names the operation and where
			}
			fmt.Fprintf(e.stdout, "slash commands removed %s\n", where)
			return nil
		}
		if err := r.RegisterCommands(ctx, target); err != nil {
			return err // the bot names the operation and where
		}
		note := "they can take a while to reach every client"
		if target != "" {
			note = "they are available at once"
		}
		fmt.Fprintf(e.stdout, "slash commands registered %s (%s)\n", where, note)
		return nil
	}
	return c
}

// registrar registers and removes the slash commands (*bot.Bot).
type registrar interface {
	RegisterCommands(ctx context.Context, guildID string) error
	ClearCommands(ctx context.Context, guildID string) error
}

// botConfig is the part of the bot's configuration that does not depend on
// serve's collaborators.
func botConfig(cfg *config) bot.Config {
	return bot.Config{
		Token:             cfg.Token,
		AppID:             cfg.AppID,
		PublicKey:         cfg.PublicKey,
		APIURL:            cfg.APIURL,
		GuildID:           cfg.GuildID,
		ModeratorRoleIDs:  cfg.ModeratorRoleIDs,
		ModeratorGuildIDs: cfg.ModeratorGuildIDs,
		RateLimit:         bot.RateLimit{PerMinute: cfg.RatePerMinute, Burst: cfg.RateBurst},
		Version:           version,
		DrainTimeout:      cfg.ShutdownTimeout,
		LogQueries:        cfg.LogQueries,
	}
}

// newRegistrar returns a bot for registering commands only: it answers no
// interaction, so it needs no index.
func newRegistrar(e *env, cfg *config) (registrar, error) {
	bcfg := botConfig(cfg)
	bcfg.Logger = newLogger(e.stderr, cfg.LogLevel, cfg.LogFormat)
	return bot.New(bcfg, noEngine{})
}

// noEngine stands in for the answer engine where none is needed.
type noEngine struct{}

var errNoEngine = errors.New("no answer engine in this command")

func (noEngine) Answer(context.Context, armswatch.Query) (armswatch.Answer, error) {
	return armswatch.Answer{}, errNoEngine
}
func (noEngine) Document(context.Context, string) (armswatch.DocumentView, error) {
	return armswatch.DocumentView{}, errNoEngine
}
func (noEngine) Complete(context.Context, armswatch.CompletionKind, string, int) []armswatch.Completion {
	return nil
}
func (noEngine) Stats() armswatch.Stats { return armswatch.Stats{} }
func (noEngine) Reindex(context.Context) (armswatch.ReindexReport, error) {
	return armswatch.ReindexReport{}, errNoEngine
}
func (noEngine) Corpus() (*armswatch.Corpus, error) { return nil, errNoEngine }

var _ bot.Engine = noEngine{}
