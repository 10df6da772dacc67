package main

import (
	"context"
	"errors"
)

func reindexCommand() command {
	c := command{name: "reindex", summary: "(not built yet)", usage: "reindex"}
	c.run = func(ctx context.Context, e *env, args []string) error {
		return errors.New("reindex: not built yet")
	}
	return c
}
