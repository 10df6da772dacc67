package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/extract"
	"github.com/armswatch/armswatch/ingest"
	"github.com/armswatch/armswatch/internal/prose"
	"github.com/armswatch/armswatch/propose"
)

const extractUsage = `extract DOC_OR_FILE [--data DIR] [--title T] [--publisher P] [--published DATE]

Proposes claim records for one document, as YAML in the claim-record format,
headed by a comment: they are candidates for a moderator to review, then
copy (corrected) into DIR/claims/. Above each record, comments give the
reasons the rules found for it.

DOC_OR_FILE is a document id (bundled, or in DIR/documents/), or a path to a
raw article (plain text or HTML, "-" for standard input), cleaned on the fly
as "armswatch ingest" would clean it; its id is the one ingest would give
it. --title, --publisher and --published describe a raw article, as for
ingest; a document's own metadata is used otherwise.

Every quote is a whole sentence of the document, verbatim, so each record
passes "armswatch check" once copied next to its document. extract never
writes into the data directory and never reads claim records.

DIR is --data, else $DATA_DIR, else the bundle built into armswatch.

Examples:
  armswatch extract unknown-undated-us-south-korea-crack-down
  armswatch extract new-article.html --published 2024-02-01 > candidates.yaml
  armswatch extract kyiv-2024-01-02-strike --data ./data`

// maxExtractBytes bounds a raw article read by extract.
const maxExtractBytes = 32 << 20

func extractCommand() command {
	c := command{
		name:    "extract",
		summary: "propose candidate claim records for a document (YAML to review)",
		usage:   extractUsage,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlagSet(c.name)
		dataDir := fs.String("data", "", "data directory (default $DATA_DIR, else the bundled data)")
		title := fs.String("title", "", "a raw article's title (default: its headline)")
		publisher := fs.String("publisher", "", "a raw article's publisher (default: as the text states it)")
		published := fs.String("published", "", "a raw article's publication date, YYYY[-MM[-DD]] (default: as the text states it)")
		rest, err := parseFlags(e, c, fs, args)
		if err != nil {
			return err
		}
		switch {
		case len(rest) == 0:
			return usagef("no DOC_OR_FILE given")
		case len(rest) > 1:
			return usagef("one document at a time, got %d: %s", len(rest), strings.Join(rest, " "))
		}
		hint := ingest.Meta{Title: strings.TrimSpace(*title), Publisher: strings.TrimSpace(*publisher)}
		if hint.Published, err = armswatch.ParseDate(*published); err != nil {
			return usagef("--published %q: want YYYY, YYYY-MM or YYYY-MM-DD", *published)
		}
		fsys, label, err := dataSource(e, *dataDir)
		if err != nil {
			return err
		}
		corpus, err := loadDocuments(fsys)
		if err != nil {
			return fmt.Errorf("extract: load %s: %w", label, err)
		}
		out, n, origin, err := extractSource(ctx, e, corpus, rest[0], hint, label)
		if err != nil {
			return err
		}
		if _, err := e.stdout.Write(out); err != nil {
			return fmt.Errorf("extract: write: %w", err)
		}
		fmt.Fprintf(e.stderr, "%s from %s\n", prose.Count(n, "candidate", "candidates"), origin)
		return nil
	}
	return c
}

// extractSource proposes the candidates, as YAML, and counts them: for a
// raw file when arg names one (or is "-"), cleaned by propose.Propose,
// else for a document id of the data set. origin names the source.
func extractSource(ctx context.Context, e *env, corpus *armswatch.Corpus, arg string, hint ingest.Meta, label string) (out []byte, n int, origin string, err error) {
	st, statErr := os.Stat(arg)
	if arg != "-" && (statErr != nil || st.IsDir()) {
		d, ok := corpus.Document(arg)
		switch {
		case ok:
			origin = fmt.Sprintf("document %s (%s)", d.ID, label)
			cands := extract.Extract(d, corpus.Aliases)
			out, err := extract.CandidatesYAML(d, origin, cands)
			if err != nil {
				return nil, 0, "", fmt.Errorf("extract: %w", err)
			}
			return out, len(cands), origin, nil
		case statErr == nil && st.IsDir():
			return nil, 0, "", fmt.Errorf("extract: %q is a directory, not a document id or an article file", arg)
		case armswatch.IsKebabID(arg):
			return nil, 0, "", fmt.Errorf("extract: no document %q in %s, and no file of that name", arg, label)
		}
		return nil, 0, "", fmt.Errorf("extract: read article: %w", statErr)
	}
	raw, _, err := readArticle(e, arg, maxExtractBytes)
	if err != nil {
		return nil, 0, "", fmt.Errorf("extract: %w", err)
	}
	name := arg
	if arg == "-" {
		name = "standard input"
	}
	src := propose.Source{Raw: raw, Hint: hint}
	if arg == "-" {
		src.Origin = name
	} else {
		src.SourceFile = filepath.Base(arg)
	}
	// Cleaned and named as ingest would: an id taken by a document of the
	// data set gets a suffix.
	p, err := propose.Propose(ctx, src, propose.Options{Corpus: corpus})
	if err != nil {
		return nil, 0, "", fmt.Errorf("extract: clean %s: %w", name, err)
	}
	return p.CandidatesYAML, len(p.Candidates), name + ", cleaned as document " + p.Doc.ID, nil
}

// loadDocuments loads a data set's documents and aliases only: its claim
// records are hidden, neither read nor validated.
func loadDocuments(fsys fs.FS) (*armswatch.Corpus, error) {
	return armswatch.Load(withoutClaims{fsys})
}

// withoutClaims hides the claims directory of a data set, so that loading
// reads (and validates) only documents and aliases.
type withoutClaims struct{ fs.FS }

func (w withoutClaims) hidden(name string) bool {
	return name == armswatch.ClaimsDir || strings.HasPrefix(name, armswatch.ClaimsDir+"/")
}

func (w withoutClaims) Open(name string) (fs.File, error) {
	if w.hidden(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return w.FS.Open(name)
}

// Stat passes through without opening, so the loader's checks of special
// files (a link to a FIFO would block an open) see what os.DirFS sees.
func (w withoutClaims) Stat(name string) (fs.FileInfo, error) {
	if w.hidden(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
	}
	return fs.Stat(w.FS, name)
}

// ReadDir passes through, for the same reason.
func (w withoutClaims) ReadDir(name string) ([]fs.DirEntry, error) {
	if w.hidden(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	return fs.ReadDir(w.FS, name)
}
