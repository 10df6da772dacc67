package main

import (
	"context"
	"errors"
)

func inviteCommand() command {
	c := command{name: "invite", summary: "(not built yet)", usage: "invite"}
	c.run = func(ctx context.Context, e *env, args []string) error {
		return errors.New("invite: not built yet")
	}
	return c
}
