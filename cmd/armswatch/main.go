// Command armswatch answers questions about reported arms transfers from a
// validated, cited dataset: on the command line (ask), as a Discord bot
// (serve), and as a moderator's workbench (propose, review, retract; check,
// ingest, reindex, extract).
//
// This package is main, configuration and wiring only.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil && !errors.Is(err, errSilent) {
		fmt.Fprintln(os.Stderr, "armswatch:", err)
	}
	os.Exit(exitCode(err))
}
