package main

import (
	"context"
	"errors"
)

func checkCommand() command {
	c := command{name: "check", summary: "(not built yet)", usage: "check"}
	c.run = func(ctx context.Context, e *env, args []string) error {
		return errors.New("check: not built yet")
	}
	return c
}
