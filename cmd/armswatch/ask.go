package main

import (
	"context"
	"errors"
)

func askCommand() command {
	c := command{name: "ask", summary: "(not built yet)", usage: "ask"}
	c.run = func(ctx context.Context, e *env, args []string) error {
		return errors.New("ask: not built yet")
	}
	return c
}
