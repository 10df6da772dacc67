package main

import (
	"context"
	"errors"
)

func dataCommand() command {
	c := command{name: "data", summary: "(not built yet)", usage: "data"}
	c.run = func(ctx context.Context, e *env, args []string) error {
		return errors.New("data: not built yet")
	}
	return c
}
