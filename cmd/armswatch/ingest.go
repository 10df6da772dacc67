package main

import (
	"context"
	"errors"
)

func ingestCommand() command {
	c := command{name: "ingest", summary: "(not built yet)", usage: "ingest"}
	c.run = func(ctx context.Context, e *env, args []string) error {
		return errors.New("ingest: not built yet")
	}
	return c
}
