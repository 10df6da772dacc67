package main

import (
	"context"
	"errors"
)

func healthcheckCommand() command {
	c := command{name: "healthcheck", summary: "(not built yet)", usage: "healthcheck"}
	c.run = func(ctx context.Context, e *env, args []string) error {
		return errors.New("healthcheck: not built yet")
	}
	return c
}
