package main

import (
	"context"
	"errors"
)

func timelineCommand() command {
	c := command{name: "timeline", summary: "(not built yet)", usage: "timeline"}
	c.run = func(ctx context.Context, e *env, args []string) error {
		return errors.New("timeline: not built yet")
	}
	return c
}
