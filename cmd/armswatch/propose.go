package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/armswatch/armswatch/ingest"
	"github.com/armswatch/armswatch/internal/prose"
	"github.com/armswatch/armswatch/propose"
)

const proposeUsage = `propose FILE|URL|- [--data DIR] [--title T] [--publisher P]
       [--published DATE] [--by NAME]

Stages an article as a proposal for review: cleans it into a source document
(as "armswatch ingest" does), proposes candidate claim records for it (as
"armswatch extract" does), and writes both under DIR/proposals/<id>/, every
candidate pending. Nothing is served until "armswatch review" publishes it.

FILE is a raw article (plain text or HTML), "-" reads standard input, and
an https:// URL is downloaded (a page on the public internet, text/html or
text/plain, at most 5 MiB; plain http:// is refused). --title, --publisher
and --published win over what the text states.

It prints the document id, what the cleaning removed, the number of
candidates, any problem the checks found, a warning when a published
document has the same title or url, and the next step.

DIR is --data, else $DATA_DIR: staging writes, so it must be a data
directory, not the bundle built into armswatch. NAME (who proposes) is
--by, else $USER.

Examples:
  armswatch propose article.html --data ./data
  armswatch propose https://example.org/news/123 --published 2024-02-01
  pbpaste | armswatch propose - --title "Allies condemn arms transfers" --by ana`

// maxProposeBytes bounds an article read by propose, as ingest's.
const maxProposeBytes = maxIngestBytes

func proposeCommand() command {
	c := command{
		name:    "propose",
		summary: "stage an article (file, URL or stdin) with candidate claims for review",
		usage:   proposeUsage,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlagSet(c.name)
		dataDir := fs.String("data", "", "data directory to stage in (default $DATA_DIR; required)")
		title := fs.String("title", "", "the article's title (default: its headline)")
		publisher := fs.String("publisher", "", "the publisher (default: as the text states it)")
		published := fs.String("published", "", "publication date, YYYY[-MM[-DD]] (default: as the text states it)")
		by := fs.String("by", "", "who proposes it (default $USER)")
		rest, err := parseFlags(e, c, fs, args)
		if err != nil {
			return err
		}
		switch {
		case len(rest) == 0:
			return usagef("no FILE, URL or - given")
		case len(rest) > 1:
			return usagef("one article at a time, got %d: %s", len(rest), strings.Join(rest, " "))
		}
		hint, err := ingestHint(*title, *publisher, "", "", *published, "")
		if err != nil {
			return err
		}
		who, err := moderator(e, *by)
		if err != nil {
			return err
		}
		s, err := stagingArea(e, *dataDir)
		if err != nil {
			return err
		}
		return runPropose(ctx, e, s, rest[0], hint, who)
	}
	return c
}

func runPropose(ctx context.Context, e *env, s *propose.Staging, arg string, hint ingest.Meta, by string) error {
	src, err := proposeSource(ctx, e, arg)
	if err != nil {
		return err
	}
	src.Hint = hint
	corpus, err := loadDocuments(os.DirFS(s.Dir))
	if err != nil {
		return fmt.Errorf("propose: load %s: %w", s.Dir, err)
	}
	p, err := propose.Propose(ctx, src, propose.Options{Corpus: corpus, Taken: s.Taken})
	switch {
	case errors.Is(err, propose.ErrNoTitle):
		return usagef("%s has no headline-like line to take the title from: pass --title", sourceName(src, arg))
	case err != nil:
		return fmt.Errorf("propose %s: %w", sourceName(src, arg), err)
	}
	staged, err := s.Save(p, sourceName(src, arg), by)
	if err != nil {
		return fmt.Errorf("propose: stage %s: %w", p.Doc.ID, err)
	}
	w := e.stdout
	fmt.Fprintf(w, "proposed: %s (%s)\n", staged.ID, p.Doc.Title)
	fmt.Fprintf(w, "staged in: %s\n", filepath.Join(s.Dir, propose.ProposalsDir, staged.ID))
	fmt.Fprintf(w, "metadata: %s\n", metadataSummary(p.Cleaning))
	printRemovals(w, p.Cleaning)
	fmt.Fprintf(w, "candidates: %s\n", prose.Count(len(staged.Records), "record to review", "records to review"))
	if len(p.SameAs) > 0 {
		fmt.Fprintf(w, "warning: the data has %s with this title or url: is the article published already? If so, reject its records, or remove %s\n",
			prose.And(p.SameAs), filepath.Join(s.Dir, propose.ProposalsDir, staged.ID))
	}
	if n := len(p.Problems); n > 0 {
		fmt.Fprintf(w, "problems (%d): fix them in review (edit or reject the record):\n", n)
		for _, pr := range p.Problems {
			fmt.Fprintf(w, "  %s\n", pr.Error())
		}
	}
	fmt.Fprintf(w, "next: armswatch review %s --data %s\n", staged.ID, s.Dir)
	return nil
}

// proposeSource reads the article: a URL is fetched, "-" is standard
// input, anything else a regular file.
func proposeSource(ctx context.Context, e *env, arg string) (propose.Source, error) {
	if isURL(arg) {
		return fetchSource(ctx, e, arg)
	}
	if !isURL(arg) && arg != "-" && strings.Contains(arg, "://") {
		if _, err := os.Stat(arg); errors.Is(err, fs.ErrNotExist) {
			return propose.Source{}, fmt.Errorf("propose: %q is a link armswatch does not fetch: give the page's https:// address, or save the page and propose the file", arg)
		}
	}
	raw, sourceFile, err := readArticle(e, arg, maxProposeBytes)
	if err != nil {
		return propose.Source{}, fmt.Errorf("propose: %w", err)
	}
	if arg == "-" {
		return propose.Source{Raw: raw, Origin: "standard input"}, nil
	}
	return propose.Source{Raw: raw, SourceFile: sourceFile}, nil
}

func isURL(arg string) bool {
	l := strings.ToLower(arg)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// sourceName names the article in messages and in the proposal's source.
func sourceName(src propose.Source, arg string) string {
	switch {
	case src.URL != "":
		return src.URL
	case arg == "-":
		return "standard input"
	}
	return arg
}

// stagingArea is the data directory a moderator command writes: --data,
// else DATA_DIR; never the bundle.
func stagingArea(e *env, flagDir string) (*propose.Staging, error) {
	dir := flagDir
	if dir == "" {
		dir = e.getenv("DATA_DIR")
	}
	if dir == "" {
		return nil, usagef("no data directory: pass --data DIR or set DATA_DIR (staging and publishing write into a data directory; the bundle built into armswatch is read-only)")
	}
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("open data directory %q: %w", dir, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("open data directory %q: not a directory", dir)
	}
	return propose.New(dir), nil
}

// moderator is who makes a change: --by, else $USER.
func moderator(e *env, by string) (string, error) {
	who := strings.TrimSpace(by)
	if who == "" {
		who = strings.TrimSpace(e.getenv("USER"))
	}
	switch {
	case who == "":
		return "", usagef("say who you are: pass --by NAME (or set USER); it is recorded in the changelog and as reviewed_by")
	case strings.ContainsAny(who, "\n\r"):
		return "", usagef("--by: want one line of text")
	}
	return who, nil
}

// fetchSource downloads the article at rawURL with propose.Fetch, whose
// refusals (a private address, plain http, too large…) are messages for
// the user.
func fetchSource(ctx context.Context, e *env, rawURL string) (propose.Source, error) {
	src, err := propose.Fetch(ctx, rawURL, e.fetch)
	if err != nil {
		return propose.Source{}, fmt.Errorf("propose: %w", err)
	}
	return src, nil
}
