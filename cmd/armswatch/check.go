package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/index"
	"github.com/armswatch/armswatch/internal/prose"
	"github.com/armswatch/armswatch/propose"
)

const checkUsage = `check [--data DIR]
       check --index DIR

Loads the data set (documents, claim records and aliases) and validates all
of it: unknown or missing fields, bad dates, unknown categories, stances,
qualifiers, measures and statuses, duplicate ids and aliases, claims citing
unknown documents or claims, quantity texts missing from their quotes, and
quotes not found verbatim in their document (whitespace aside). Staged
proposals (DIR/proposals/, never served) are checked too: each document,
its candidates, its state file and every edited record.

Each problem is printed as "file:line: field: message", followed by a count;
the exit status is then 1. A valid data set prints its counts and exits 0.

The data set is DIR, else $DATA_DIR, else the bundle built into armswatch.

With --index, check verifies the on-disk index at DIR instead (INDEX_PATH of
a server), read-only, so it can run beside the server using it: the
generation in service opens, its meta.json, aux.json, docs.json and
manifest.json parse and agree, bodies.dat has the recorded size and every
document's body its checksum, every bleve segment its checksum, and bleve
holds the recorded number of records. Each problem is printed on a line,
followed by a count, and the exit status is 1; a sound index prints "ok: …".

Examples:
  armswatch check                  # the bundled data (or $DATA_DIR)
  armswatch check --data ./data    # a moderator's working copy
  DATA_DIR=/srv/armswatch/data armswatch check
  armswatch check --index /var/lib/armswatch/index`

func checkCommand() command {
	c := command{
		name:    "check",
		summary: "validate documents, claim records and aliases; list every problem",
		usage:   checkUsage,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlagSet(c.name)
		dataDir := fs.String("data", "", "data directory (default $DATA_DIR, else the bundled data)")
		indexDir := fs.String("index", "", "verify the index at `DIR` instead of the data")
		rest, err := parseFlags(e, c, fs, args)
		if err != nil {
			return err
		}
		if len(rest) > 0 {
			return usagef("unexpected argument %q (check takes only --data or --index)", rest[0])
		}
		if *indexDir != "" {
			if *dataDir != "" {
				return usagef("check takes --data or --index, not both")
			}
			return checkIndex(ctx, e, *indexDir)
		}
		fsys, label, err := dataSource(e, *dataDir)
		if err != nil {
			return err
		}
		// One document at a time: checking a large data set does not hold
		// every body in memory.
		corpus, err := armswatch.LoadMetadata(fsys)
		var verrs armswatch.ValidationErrors
		if err == nil || errors.As(err, &verrs) {
			// Staged proposals are never served, but a broken one is
			// reported like any other problem.
			verrs = append(verrs, propose.CheckProposals(fsys)...)
		}
		if len(verrs) > 0 {
			for _, ve := range verrs {
				fmt.Fprintln(e.stdout, ve.Error())
			}
			fmt.Fprintf(e.stdout, "%d %s in %s\n", len(verrs), prose.Plural(len(verrs), "error", "errors"), label)
			return &exitError{code: 1, err: errSilent}
		}
		if err != nil {
			return fmt.Errorf("check %s: %w", label, err)
		}
		fmt.Fprintf(e.stdout, "ok: %d %s, %d %s, %d alias %s, %s in %s\n",
			len(corpus.Documents), prose.Plural(len(corpus.Documents), "document", "documents"),
			len(corpus.Claims), prose.Plural(len(corpus.Claims), "claim", "claims"),
			len(corpus.Aliases), prose.Plural(len(corpus.Aliases), "group", "groups"),
			sourcesSpan(corpus), label)
		if n := stagedProposals(fsys); n > 0 {
			fmt.Fprintf(e.stdout, "ok: %s checked (staged, not served)\n", prose.Count(n, "proposal", "proposals"))
		}
		return nil
	}
	return c
}

// stagedProposals counts the proposals staged in a data set.
func stagedProposals(fsys fs.FS) int {
	entries, _ := fs.ReadDir(fsys, propose.ProposalsDir)
	n := 0
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			n++
		}
	}
	return n
}

// sourcesSpan describes the publication dates of the documents: "sources
// 2023-10 … 2024-01", "sources 2023-11", or "sources undated".
func sourcesSpan(c *armswatch.Corpus) string {
	var first armswatch.Date
	for _, d := range c.Documents {
		if p := d.Published; !p.IsZero() && (first.IsZero() || p.Before(first)) {
			first = p
		}
	}
	last := c.SourcesUpTo()
	switch {
	case first.IsZero():
		return "sources undated"
	case first == last:
		return "sources " + first.String()
	default:
		return "sources " + first.String() + " … " + last.String()
	}
}

// checkIndex verifies the index at dir and prints its problems, one a line,
// or "ok: …".
func checkIndex(ctx context.Context, e *env, dir string) error {
	rep, err := index.Verify(ctx, dir)
	if err != nil {
		return err
	}
	where := "the index at " + dir
	if rep.Generation != "" {
		where += " (generation " + rep.Generation + ")"
	}
	if n := len(rep.Problems); n > 0 {
		for _, p := range rep.Problems {
			fmt.Fprintln(e.stdout, p)
		}
		fmt.Fprintf(e.stdout, "%d %s in %s\n", n, prose.Plural(n, "problem", "problems"), where)
		return &exitError{code: 1, err: errSilent}
	}
	fmt.Fprintf(e.stdout, "ok: %d %s, %d %s, %d %s, %d %s checked in %s\n",
		rep.Documents, prose.Plural(rep.Documents, "document", "documents"),
		rep.Claims, prose.Plural(rep.Claims, "claim", "claims"),
		rep.Segments, prose.Plural(rep.Segments, "segment", "segments"),
		rep.Bodies, prose.Plural(rep.Bodies, "body", "bodies"), where)
	return nil
}
