package main

import (
	"context"
	"errors"
)

func extractCommand() command {
	c := command{name: "extract", summary: "(not built yet)", usage: "extract"}
	c.run = func(ctx context.Context, e *env, args []string) error {
		return errors.New("extract: not built yet")
	}
	return c
}
