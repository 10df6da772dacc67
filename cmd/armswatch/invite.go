package main

import (
	"context"
	"fmt"

	"github.com/armswatch/armswatch/bot"
)

func inviteCommand() command {
	c := command{
		name:    "invite",
		summary: "print the URL that adds the bot to a Discord server",
		usage: `invite

Prints the invite URL for DISCORD_APP_ID with the bot and
applications.commands scopes and the minimal permissions. Open it in a
browser while logged in to Discord and pick a server you manage.

Examples:
  armswatch invite
  DISCORD_APP_ID=123456789012345678 armswatch invite`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fset := newFlagSet("invite")
		pos, err := parseFlags(e, c, fset, args)
		if err != nil {
			return err
		}
		if len(pos) > 0 {
			return usagef("invite takes no arguments, got %q", pos[0])
		}
		cfg, err := loadConfig(e)
		if err != nil {
			return err
		}
		if err := cfg.requireAppID(); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, bot.InviteURL(cfg.AppID))
		return nil
	}
	return c
}
