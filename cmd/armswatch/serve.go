package main

import (
	"context"
	"errors"
)

func serveCommand() command {
	c := command{name: "serve", summary: "(not built yet)", usage: "serve"}
	c.run = func(ctx context.Context, e *env, args []string) error {
		return errors.New("serve: not built yet")
	}
	return c
}
