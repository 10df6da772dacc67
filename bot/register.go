package bot

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"

	"github.com/bwmarrin/discordgo"
)

// InvitePermissions is the permission integer of the invite URL: none.
// armswatch only ever answers interactions, and interaction responses,
// edits and follow-ups go through the interaction's webhook, which needs no
// channel permission (not Send Messages, not Read Message History) and
// always has Embed Links and Attach Files (Discord's change log,
// "Calculated permissions in interaction payloads"). The bot scope is still
// requested so that the bot user joins the server (members see who answers,
// and the gateway transport has a presence); it gets no managed role.
const InvitePermissions int64 = 0

// InviteURL returns the URL that adds the application to a server, with the
// bot and applications.commands scopes and InvitePermissions.
func InviteURL(appID string) string {
	q := url.Values{}
	q.Set("client_id", appID)
	q.Set("scope", "bot applications.commands")
	q.Set("permissions", strconv.FormatInt(InvitePermissions, 10))
	return "https://discord.com/oauth2/authorize?" + q.Encode()
}

// RegisterCommands registers the application commands with one bulk
// overwrite (PUT), globally when guildID is "" or in that guild, replacing
// whatever was registered there before. The set is Commands(guildID): with
// ModeratorGuildIDs set, the moderator commands (/reindex, /propose) are
// not in the global set.
//
// A global registration also settles the guilds this configuration knows
// (Config.GuildID and Config.ModeratorGuildIDs), so no guild shows a
// command twice or a stale one:
//   - a moderator guild gets exactly ModeratorCommands (/reindex, /propose) as
//     guild commands, with one bulk overwrite;
//   - any other known guild (typically the development guild) has its guild
//     commands, stale copies of earlier registrations, removed with one
//     empty bulk overwrite, and only when it has any (one GET first).
//
// Guilds the configuration does not name are not touched: their copies, if
// any, can be removed with ClearCommands(ctx, guildID). A registration to a
// single guild leaves the global commands alone. It needs Config.Token;
// Config.AppID is read from Discord when empty.
func (b *Bot) RegisterCommands(ctx context.Context, guildID string) error {
	r, err := b.registrar(ctx)
	if err != nil {
		return fmt.Errorf("register commands: %w", err)
	}
	cmds := b.Commands(guildID)
	if err := r.overwrite(ctx, guildID, cmds); err != nil {
		return fmt.Errorf("register commands%s: %w", scopeName(guildID), err)
	}
	r.log(guildID, "registered commands", cmds)
	if guildID != "" {
		return nil
	}
	var errs []error
	for _, g := range b.knownGuilds() {
		if mod := b.ModeratorCommands(g); len(mod) > 0 {
			if err := r.overwrite(ctx, g, mod); err != nil {
				errs = append(errs, fmt.Errorf("register moderator commands%s: %w", scopeName(g), err))
				continue
			}
			r.log(g, "registered moderator commands", mod)
			continue
		}
		if err := r.clearIfAny(ctx, g); err != nil {
			errs = append(errs, fmt.Errorf("remove stale commands%s: %w", scopeName(g), err))
		}
	}
	return errors.Join(errs...)
}

// ClearCommands removes the application's commands with an empty bulk
// overwrite: in guildID, or, when guildID is "", globally and in every
// guild the configuration knows (Config.GuildID, Config.ModeratorGuildIDs).
func (b *Bot) ClearCommands(ctx context.Context, guildID string) error {
	r, err := b.registrar(ctx)
	if err != nil {
		return fmt.Errorf("clear commands: %w", err)
	}
	if err := r.overwrite(ctx, guildID, []*discordgo.ApplicationCommand{}); err != nil {
		return fmt.Errorf("clear commands%s: %w", scopeName(guildID), err)
	}
	r.log(guildID, "cleared commands", nil)
	if guildID != "" {
		return nil
	}
	var errs []error
	for _, g := range b.knownGuilds() {
		if err := r.clearIfAny(ctx, g); err != nil {
			errs = append(errs, fmt.Errorf("clear commands%s: %w", scopeName(g), err))
		}
	}
	return errors.Join(errs...)
}

// knownGuilds are the guilds named by the configuration, without repeats.
func (b *Bot) knownGuilds() []string {
	var out []string
	for _, g := range append([]string{b.cfg.GuildID}, b.cfg.ModeratorGuildIDs...) {
		if g != "" && !slices.Contains(out, g) {
			out = append(out, g)
		}
	}
	return out
}

func scopeName(guildID string) string {
	if guildID == "" {
		return " globally"
	}
	return " in guild " + guildID
}

// registrar makes the REST calls of a registration.
type registrar struct {
	b     *Bot
	s     *discordgo.Session
	appID string
	token string
}

func (b *Bot) registrar(ctx context.Context) (*registrar, error) {
	token := botToken(b.cfg.Token)
	if token == "" {
		return nil, errors.New("no bot token (DISCORD_TOKEN)")
	}
	routeDiscordgoLogs(b.log, b.cfg.LogQueries, token)
	s, err := discordgo.New(token)
	if err != nil {
		return nil, RedactError(err, token)
	}
	if err := configureSession(s, nil, b.cfg); err != nil {
		return nil, err
	}
	s.StateEnabled = false
	r := &registrar{b: b, s: s, appID: b.cfg.AppID, token: token}
	if r.appID == "" {
		app, err := fetchApplication(ctx, s)
		if err != nil {
			if isUnauthorized(err) {
				return nil, fmt.Errorf("%w (401 Unauthorized from GET /applications/@me): check DISCORD_TOKEN", ErrTokenRejected)
			}
			return nil, fmt.Errorf("read the application id: %w", RedactError(err, token))
		}
		r.appID = app.ID
	}
	return r, nil
}

func (r *registrar) overwrite(ctx context.Context, guildID string, cmds []*discordgo.ApplicationCommand) error {
	if cmds == nil {
		cmds = []*discordgo.ApplicationCommand{}
	}
	if _, err := r.s.ApplicationCommandBulkOverwrite(r.appID, guildID, cmds, discordgo.WithContext(ctx)); err != nil {
		if isUnauthorized(err) {
			return fmt.Errorf("%w: check DISCORD_TOKEN", ErrTokenRejected)
		}
		return RedactError(err, r.token)
	}
	return nil
}

// clearIfAny removes a guild's commands when it has any.
func (r *registrar) clearIfAny(ctx context.Context, guildID string) error {
	have, err := r.s.ApplicationCommands(r.appID, guildID, discordgo.WithContext(ctx))
	if err != nil {
		return RedactError(err, r.token)
	}
	if len(have) == 0 {
		return nil
	}
	if err := r.overwrite(ctx, guildID, nil); err != nil {
		return err
	}
	r.log(guildID, "removed stale guild commands", have)
	return nil
}

func (r *registrar) log(guildID, msg string, cmds []*discordgo.ApplicationCommand) {
	names := make([]string, 0, len(cmds))
	for _, c := range cmds {
		names = append(names, "/"+c.Name)
	}
	scope := "global"
	if guildID != "" {
		scope = "guild " + guildID
	}
	r.b.log.Info(msg, "scope", scope, "application_id", r.appID, "commands", names)
}
