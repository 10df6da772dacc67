package bot

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/bot/discordtest"
	"github.com/bwmarrin/discordgo"
)

const devGuildID = "1180000000000000399"

func commandNames(cmds []*discordgo.ApplicationCommand) []string {
	var out []string
	for _, c := range cmds {
		out = append(out, c.Name)
	}
	slices.Sort(out)
	return out
}

func findCommand(cmds []*discordgo.ApplicationCommand, name string) *discordgo.ApplicationCommand {
	for _, c := range cmds {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// TestRegisterCommandsGlobally registers globally with a moderator guild and
// a development guild holding stale copies: one bulk overwrite globally
// (without the moderator commands), /reindex and /propose alone in the
// moderator guild, the stale
// copies removed; every payload passes the spec (the fake checks).
func TestRegisterCommandsGlobally(t *testing.T) {
	t.Parallel()
	fake := newFake(t, discordtest.Options{})
	b, _ := newE2EBot(t, fake, nil, func(c *Config) { c.GuildID = devGuildID })
	fake.SetCommands(devGuildID, []*discordgo.ApplicationCommand{
		{Name: "claims", Description: "an old copy"}, {Name: "oldcommand", Description: "gone"},
	})
	fake.SetCommands(FixtureOtherGuildID, []*discordgo.ApplicationCommand{{Name: "claims", Description: "not ours to touch"}})

	if err := b.RegisterCommands(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	global := fake.Commands("")
	if got, want := commandNames(global), []string{"about", "claims", "source", "timeline"}; !slices.Equal(got, want) {
		t.Errorf("global commands %v, want %v", got, want)
	}
	if got := commandNames(fake.Commands(FixtureGuildID)); !slices.Equal(got, []string{"gaps", "propose", "reindex", "retract", "review"}) {
		t.Errorf("moderator guild commands %v, want [gaps propose reindex retract]", got)
	}
	re := findCommand(fake.Commands(FixtureGuildID), "reindex")
	if re == nil || re.DefaultMemberPermissions == nil || *re.DefaultMemberPermissions != discordgo.PermissionManageGuild {
		t.Errorf("/reindex is not hidden behind Manage Server: %+v", re)
	}
	if got := fake.Commands(devGuildID); len(got) != 0 {
		t.Errorf("stale development-guild commands left: %v", commandNames(got))
	}
	if got := commandNames(fake.Commands(FixtureOtherGuildID)); !slices.Equal(got, []string{"claims"}) {
		t.Errorf("a guild the configuration does not name was touched: %v", got)
	}
	puts := fake.RequestsTo("PUT", "/applications/")
	var scopes []string
	for _, p := range puts {
		scopes = append(scopes, p.Route)
		if p.Header.Get("Authorization") != "Bot "+FixtureBotToken {
			t.Errorf("%s without the bot token", p.Path)
		}
	}
	if len(puts) != 3 {
		t.Errorf("%d bulk overwrites (%v), want 3: global, moderator guild, stale guild", len(puts), scopes)
	}
	if puts[0].Path != "/applications/"+FixtureAppID+"/commands" {
		t.Errorf("first overwrite %s, want the global one", puts[0].Path)
	}

	// Registering again changes nothing and keeps the ids; the empty dev
	// guild is only read.
	ids := map[string]string{}
	for _, c := range global {
		ids[c.Name] = c.ID
	}
	if err := b.RegisterCommands(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	for _, c := range fake.Commands("") {
		if ids[c.Name] != c.ID {
			t.Errorf("/%s changed id", c.Name)
		}
	}
	if n := len(fake.RequestsTo("PUT", "/applications/")); n != 5 {
		t.Errorf("%d overwrites after the second registration, want 5 (no write to the empty dev guild)", n)
	}
}

// TestRegisterCommandsInGuild: a guild registration puts the whole set in
// that guild, /reindex only where moderators are listed, and leaves global
// commands alone.
func TestRegisterCommandsInGuild(t *testing.T) {
	t.Parallel()
	fake := newFake(t, discordtest.Options{})
	fake.SetCommands("", []*discordgo.ApplicationCommand{{Name: "claims", Description: "production"}})
	// A token without the "Bot " prefix and no application id: both are
	// worked out.
	b, _ := newE2EBot(t, fake, nil, func(c *Config) {
		c.Token = armswatch.NewSecret(FixtureBotToken)
		c.AppID = ""
	})
	ctx := context.Background()
	if err := b.RegisterCommands(ctx, FixtureGuildID); err != nil {
		t.Fatal(err)
	}
	if got, want := commandNames(fake.Commands(FixtureGuildID)), []string{"about", "claims", "gaps", "propose", "reindex", "retract", "review", "source", "timeline"}; !slices.Equal(got, want) {
		t.Errorf("moderator guild %v, want %v", got, want)
	}
	if err := b.RegisterCommands(ctx, FixtureOtherGuildID); err != nil {
		t.Fatal(err)
	}
	if got, want := commandNames(fake.Commands(FixtureOtherGuildID)), []string{"about", "claims", "source", "timeline"}; !slices.Equal(got, want) {
		t.Errorf("other guild %v, want %v (no /reindex outside the moderator guilds)", got, want)
	}
	if got := fake.Commands(""); len(got) != 1 || got[0].Description != "production" {
		t.Errorf("a guild registration touched the global commands: %v", commandNames(got))
	}
	if n := len(fake.RequestsTo("GET", "/applications/@me")); n != 2 {
		t.Errorf("the application id was read %d times from /applications/@me, want once per registration", n)
	}
}

// TestRegisterCommandsWithoutModeratorGuilds: with no moderator guilds,
// /reindex is global (hidden by default_member_permissions).
func TestRegisterCommandsWithoutModeratorGuilds(t *testing.T) {
	t.Parallel()
	fake := newFake(t, discordtest.Options{})
	b, _ := newE2EBot(t, fake, nil, func(c *Config) { c.ModeratorGuildIDs = nil })
	if err := b.RegisterCommands(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	if got, want := commandNames(fake.Commands("")), []string{"about", "claims", "gaps", "propose", "reindex", "retract", "review", "source", "timeline"}; !slices.Equal(got, want) {
		t.Errorf("global %v, want %v", got, want)
	}
	if n := len(fake.Requests()); n != 1 {
		t.Errorf("%d requests, want the one bulk overwrite", n)
	}
}

func TestClearCommands(t *testing.T) {
	t.Parallel()
	fake := newFake(t, discordtest.Options{})
	b, _ := newE2EBot(t, fake, nil, func(c *Config) { c.GuildID = devGuildID })
	ctx := context.Background()
	if err := b.RegisterCommands(ctx, ""); err != nil {
		t.Fatal(err)
	}
	if err := b.RegisterCommands(ctx, FixtureOtherGuildID); err != nil {
		t.Fatal(err)
	}
	if err := b.ClearCommands(ctx, FixtureOtherGuildID); err != nil {
		t.Fatal(err)
	}
	if len(fake.Commands(FixtureOtherGuildID)) != 0 || len(fake.Commands("")) == 0 {
		t.Fatal("clearing a guild should clear only that guild")
	}
	if err := b.ClearCommands(ctx, ""); err != nil {
		t.Fatal(err)
	}
	for _, g := range []string{"", FixtureGuildID, devGuildID} {
		if got := fake.Commands(g); len(got) != 0 {
			t.Errorf("scope %q still has %v", g, commandNames(got))
		}
	}
}

func TestRegisterCommandsErrors(t *testing.T) {
	t.Parallel()
	fake := newFake(t, discordtest.Options{Guilds: []string{FixtureGuildID}})
	ctx := context.Background()
	b, _ := newE2EBot(t, fake, nil, func(c *Config) { c.Token = armswatch.NewSecret("Bot wrong-token") })
	err := b.RegisterCommands(ctx, "")
	if !errors.Is(err, ErrTokenRejected) || strings.Contains(err.Error(), "wrong-token") {
		t.Errorf("bad token: %v", err)
	}
	b, _ = newE2EBot(t, fake, nil, func(c *Config) { c.Token = armswatch.Secret{} })
	if err := b.RegisterCommands(ctx, ""); err == nil {
		t.Error("no error without a token")
	}
	// A guild the application is not in (403 Missing Access).
	b, _ = newE2EBot(t, fake, nil, nil)
	err = b.RegisterCommands(ctx, FixtureOtherGuildID)
	if err == nil || !strings.Contains(err.Error(), "guild "+FixtureOtherGuildID) || !strings.Contains(err.Error(), "Missing Access") {
		t.Errorf("unknown guild: %v", err)
	}
}

func TestInviteURL(t *testing.T) {
	t.Parallel()
	got := InviteURL("1180000000000000001")
	u, err := url.Parse(got)
	if err != nil {
		t.Fatal(err)
	}
	if u.Scheme != "https" || u.Host != "discord.com" || u.Path != "/oauth2/authorize" {
		t.Errorf("URL %s", got)
	}
	q := u.Query()
	if q.Get("client_id") != "1180000000000000001" || q.Get("scope") != "bot applications.commands" || q.Get("permissions") != "0" {
		t.Errorf("query %v", q)
	}
	if want := "https://discord.com/oauth2/authorize?client_id=1180000000000000001&permissions=0&scope=bot+applications.commands"; got != want {
		t.Errorf("InviteURL = %s, want %s", got, want)
	}
}
