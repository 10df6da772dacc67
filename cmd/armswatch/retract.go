package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/armswatch/armswatch/propose"
)

const retractUsage = `retract CLAIM_ID --reason TEXT [--data DIR] [--by NAME] [--index DIR] [--no-reindex]

Takes a published claim record out of service: in its claims file it gets
status: retracted and a retraction (reason, by, on), added to the record
with the rest of the file as it was, written whole or not at all, and a
line is appended to DIR/changelog.jsonl. A record retracted already is
refused. The index is then rebuilt as "armswatch reindex" does
(--no-reindex: leave that to a server polling the data), and the record
leaves the answers.
Nothing is deleted: the record and its history stay in the data.

DIR is --data, else $DATA_DIR. NAME is --by, else $USER. The index is
--index, else $INDEX_PATH, else the user cache directory.

Examples:
  armswatch retract kyiv-2024-02-01-drones-2 --reason "the ministry corrected the figure" --data ./data
  armswatch retract wire-2024-01-05-shells --reason "duplicate of wire-2024-01-04-shells" --by ana`

func retractCommand() command {
	c := command{
		name:    "retract",
		summary: "take a published claim record out of answers, with the reason",
		usage:   retractUsage,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlagSet(c.name)
		dataDir := fs.String("data", "", "data directory (default $DATA_DIR; required)")
		reason := fs.String("reason", "", "why the record is retracted (required)")
		by := fs.String("by", "", "who retracts it (default $USER)")
		indexDir := fs.String("index", "", "index to rebuild (default $INDEX_PATH, else the user cache directory)")
		noReindex := fs.Bool("no-reindex", false, "do not rebuild the index")
		rest, err := parseFlags(e, c, fs, args)
		if err != nil {
			return err
		}
		switch {
		case len(rest) == 0:
			return usagef("no CLAIM_ID given")
		case len(rest) > 1:
			return usagef("one claim at a time, got %d: %s", len(rest), strings.Join(rest, " "))
		case strings.TrimSpace(*reason) == "":
			return usagef("give the reason: --reason TEXT (it is kept in the record and in the changelog)")
		case strings.ContainsAny(*reason, "\n\r"):
			return usagef("--reason: want one line of text")
		}
		who, err := moderator(e, *by)
		if err != nil {
			return err
		}
		s, err := stagingArea(e, *dataDir)
		if err != nil {
			return err
		}
		rt, err := s.Retract(ctx, rest[0], *reason, who)
		var inv *propose.InvalidError
		switch {
		case errors.As(err, &inv):
			printProblems(e.stdout, "not retracted: the data directory would not pass the checks", inv.Problems)
			return &exitError{code: 1, err: errSilent}
		case err != nil:
			return fmt.Errorf("retract: %w", err)
		}
		fmt.Fprintf(e.stdout, "Retracted %s by %s: %s (status: retracted, reason %q); a line in %s.\n",
			rt.Claim, who, filepath.Join(s.Dir, filepath.FromSlash(rt.File)), strings.TrimSpace(*reason), filepath.Join(s.Dir, propose.ChangelogFile))
		fmt.Fprintln(e.stdout, "The record leaves the answers once the index is rebuilt.")
		return reindexAfter(ctx, e, s.Dir, *indexDir, *noReindex, rt.Claim+" is retracted")
	}
	return c
}
