package main

import (
	"context"
	"errors"
)

func registerCommand() command {
	c := command{name: "register", summary: "(not built yet)", usage: "register"}
	c.run = func(ctx context.Context, e *env, args []string) error {
		return errors.New("register: not built yet")
	}
	return c
}
