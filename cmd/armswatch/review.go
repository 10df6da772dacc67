package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/internal/prose"
	"github.com/armswatch/armswatch/propose"
)

const reviewUsage = `review [DOC] [--data DIR] [--by NAME] [--index DIR] [--no-reindex]
       review DOC [--accept ID[,ID…]] [--reject ID[,ID…]] [--accept-all] [--publish]

Without DOC, lists the staged proposals (id, source, how many records are
pending, accepted and rejected); when only one is staged, reviews it.

With DOC, goes through its pending candidate records one at a time: it
shows the record (the reasons the rules found for it as "# why" comments,
then the record with its quote) and asks

  [a]ccept, [e]dit, [r]eject, [s]kip, [p]ublish, [q]uit

Edit opens the record in $VISUAL, else $EDITOR, else vi; the saved record
must pass the checks against the document, or the problems are shown and
you may edit it again or skip it. Publish needs every record accepted,
edited or rejected: it writes DIR/documents/DOC.md and DIR/claims/DOC.yaml
(reviewed_by and reviewed_on set), appends a line to DIR/changelog.jsonl,
and rebuilds the index as "armswatch reindex" does (--no-reindex: leave
that to a server polling the data). Quit, or the end of the input, keeps
every decision made so far: run review again to go on.

For scripts, the flags do the same without asking, in this order:
--accept and --reject take candidate ids (as proposed, comma-separated),
--accept-all accepts every record still pending, --publish publishes.

DIR is --data, else $DATA_DIR. NAME is --by, else $USER; it is recorded in
the state of each record, in reviewed_by and in the changelog. The index is
--index, else $INDEX_PATH, else the user cache directory, as for reindex.

Examples:
  armswatch review --data ./data
  armswatch review kyiv-2024-02-01-drones --data ./data --by ana
  armswatch review kyiv-2024-02-01-drones --accept-all --reject kyiv-2024-02-01-drones-3 --publish`

func reviewCommand() command {
	c := command{
		name:    "review",
		summary: "review a staged proposal: accept, edit or reject its records, then publish",
		usage:   reviewUsage,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlagSet(c.name)
		dataDir := fs.String("data", "", "data directory (default $DATA_DIR; required)")
		by := fs.String("by", "", "who reviews (default $USER)")
		indexDir := fs.String("index", "", "index to rebuild after publishing (default $INDEX_PATH, else the user cache directory)")
		noReindex := fs.Bool("no-reindex", false, "publish without rebuilding the index")
		var b batch
		accept := fs.String("accept", "", "accept these candidates (`IDS`, comma-separated)")
		reject := fs.String("reject", "", "reject these candidates (`IDS`, comma-separated)")
		fs.BoolVar(&b.acceptAll, "accept-all", false, "accept every record still pending")
		fs.BoolVar(&b.publish, "publish", false, "publish the proposal")
		rest, err := parseFlags(e, c, fs, args)
		if err != nil {
			return err
		}
		if len(rest) > 1 {
			return usagef("one proposal at a time, got %d: %s", len(rest), strings.Join(rest, " "))
		}
		b.accept, b.reject = splitIDs(*accept), splitIDs(*reject)
		s, err := stagingArea(e, *dataDir)
		if err != nil {
			return err
		}
		rv := &reviewer{ctx: ctx, e: e, s: s, index: *indexDir, noReindex: *noReindex}
		if len(rest) == 1 {
			rv.id = rest[0]
		} else if rv.id, err = onlyProposal(e, s, b.any()); rv.id == "" || err != nil {
			return err
		}
		if rv.by, err = moderator(e, *by); err != nil {
			return err
		}
		if b.any() {
			return rv.batch(b)
		}
		return rv.interactive()
	}
	return c
}

// batch is what the non-interactive flags ask for.
type batch struct {
	accept, reject     []string
	acceptAll, publish bool
}

func (b batch) any() bool {
	return len(b.accept)+len(b.reject) > 0 || b.acceptAll || b.publish
}

func splitIDs(s string) []string {
	var out []string
	for _, id := range strings.Split(s, ",") {
		if id = strings.TrimSpace(id); id != "" {
			out = append(out, id)
		}
	}
	return out
}

// onlyProposal lists the staged proposals and returns the id of the only
// one; "" when there is none, or several (a usage error when one must be
// named).
func onlyProposal(e *env, s *propose.Staging, mustName bool) (string, error) {
	ids, err := s.List()
	if err != nil {
		return "", fmt.Errorf("review: list %s: %w", filepath.Join(s.Dir, propose.ProposalsDir), err)
	}
	if len(ids) == 0 {
		fmt.Fprintf(e.stdout, "No proposal is staged in %s: stage one with \"armswatch propose FILE|URL\".\n", s.Dir)
		return "", nil
	}
	fmt.Fprintf(e.stdout, "%s staged in %s:\n", prose.Count(len(ids), "proposal", "proposals"), s.Dir)
	for _, id := range ids {
		st, err := s.Get(id)
		var invalid *propose.InvalidError
		switch {
		case errors.As(err, &invalid):
			fmt.Fprintf(e.stdout, "  %s  cannot be reviewed: %s; \"armswatch check\" lists them\n", id, prose.Count(len(invalid.Problems), "problem", "problems"))
			continue
		case err != nil:
			fmt.Fprintf(e.stdout, "  %s  cannot be read: %v\n", id, err)
			continue
		}
		fmt.Fprintf(e.stdout, "  %s  from %s, proposed by %s on %s: %s\n", id, st.Source, st.ProposedBy, st.ProposedAt.Format("2006-01-02"), stateCounts(st))
	}
	switch {
	case len(ids) == 1:
		return ids[0], nil
	case mustName:
		return "", usagef("%d proposals are staged: name the one to review", len(ids))
	}
	fmt.Fprintln(e.stdout, "Review one with \"armswatch review DOC\".")
	return "", nil
}

// stateCounts says how many records are pending, accepted and rejected.
func stateCounts(st *propose.Staged) string {
	var pending, accepted, edited, rejected int
	for _, r := range st.Records {
		switch r.State {
		case propose.Pending:
			pending++
		case propose.Accepted:
			accepted++
		case propose.Edited:
			accepted++
			edited++
		case propose.Rejected:
			rejected++
		}
	}
	out := fmt.Sprintf("%d pending, %d accepted", pending, accepted)
	if edited > 0 {
		out += fmt.Sprintf(" (%d edited)", edited)
	}
	return out + fmt.Sprintf(", %d rejected", rejected)
}

// reviewer reviews one proposal.
type reviewer struct {
	ctx       context.Context
	e         *env
	s         *propose.Staging
	id, by    string
	index     string
	noReindex bool
	in        *prompter
}

// batch applies the non-interactive flags: every accept and reject is
// tried and reported; the publish only when all of them succeeded.
func (rv *reviewer) batch(b batch) error {
	st, err := rv.s.Get(rv.id)
	if err != nil {
		return fmt.Errorf("review: %w", err)
	}
	type step struct {
		key    string
		reject bool
	}
	var steps []step
	for _, k := range b.accept {
		steps = append(steps, step{key: k})
	}
	for _, k := range b.reject {
		steps = append(steps, step{key: k, reject: true})
	}
	if b.acceptAll {
		for _, r := range st.Records {
			if r.State == propose.Pending && !contains(b.reject, r.ID) {
				steps = append(steps, step{key: r.ID})
			}
		}
	}
	failed := 0
	for _, sp := range steps {
		verb, do := "accepted", rv.s.Accept
		if sp.reject {
			verb, do = "rejected", rv.s.Reject
		}
		err := do(rv.id, sp.key, rv.by)
		var inv *propose.InvalidError
		switch {
		case err == nil:
			fmt.Fprintf(rv.e.stdout, "%s: %s\n", verb, sp.key)
		case errors.As(err, &inv):
			failed++
			printProblems(rv.e.stdout, "not accepted: "+sp.key+" (edit it, or reject it)", inv.Problems)
		case errors.Is(err, propose.ErrNotFound):
			failed++
			fmt.Fprintf(rv.e.stdout, "not %s: %v\n", verb, err)
		default:
			return fmt.Errorf("review %s: %w", rv.id, err)
		}
	}
	if st, err = rv.s.Get(rv.id); err == nil {
		fmt.Fprintf(rv.e.stdout, "%s: %s\n", rv.id, stateCounts(st))
	}
	if failed > 0 {
		if b.publish {
			fmt.Fprintln(rv.e.stdout, "not published: fix the records above first")
		}
		return &exitError{code: 1, err: errSilent}
	}
	if b.publish {
		return rv.publish()
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// printProblems prints what failed the checks, one problem a line.
func printProblems(w io.Writer, what string, probs armswatch.ValidationErrors) {
	fmt.Fprintf(w, "%s: %s:\n", what, prose.Count(len(probs), "problem", "problems"))
	for _, p := range probs {
		fmt.Fprintf(w, "  %s\n", p.Error())
	}
}

// publish publishes the proposal, then rebuilds the index.
func (rv *reviewer) publish() error {
	e := rv.e
	pub, err := rv.s.Publish(rv.ctx, rv.id, rv.by)
	var inv *propose.InvalidError
	switch {
	case errors.As(err, &inv):
		printProblems(e.stdout, "not published: the data directory would not pass the checks", inv.Problems)
		return &exitError{code: 1, err: errSilent}
	case err != nil:
		return fmt.Errorf("review: publish %s: %w", rv.id, err)
	}
	fmt.Fprintf(e.stdout, "Published %s by %s:\n", pub.Document, rv.by)
	fmt.Fprintf(e.stdout, "  %s\n", filepath.Join(rv.s.Dir, filepath.FromSlash(pub.DocumentFile)))
	if pub.ClaimsFile != "" {
		fmt.Fprintf(e.stdout, "  %s (%s: %s)\n", filepath.Join(rv.s.Dir, filepath.FromSlash(pub.ClaimsFile)),
			prose.Count(len(pub.Claims), "claim", "claims"), strings.Join(pub.Claims, ", "))
	} else {
		fmt.Fprintln(e.stdout, "  no claim record (every candidate was rejected)")
	}
	if pub.Rejected > 0 {
		fmt.Fprintf(e.stdout, "  %s not published\n", prose.Count(pub.Rejected, "rejected record", "rejected records"))
	}
	fmt.Fprintf(e.stdout, "  a line in %s\n", filepath.Join(rv.s.Dir, propose.ChangelogFile))
	return reindexAfter(rv.ctx, e, rv.s.Dir, rv.index, rv.noReindex, pub.Document+" is published")
}

// reindexAfter rebuilds the index as "armswatch reindex" does, after a
// change to the data directory dir that done describes.
func reindexAfter(ctx context.Context, e *env, dir, indexFlag string, skip bool, done string) error {
	if skip {
		fmt.Fprintf(e.stdout, "The index was not rebuilt (--no-reindex): a server polling %s picks the change up, or run \"armswatch reindex --data %s\".\n", dir, dir)
		return nil
	}
	args := []string{"--data", dir}
	if indexFlag != "" {
		args = append(args, "--index", indexFlag)
	}
	if err := reindexCommand().run(ctx, e, args); err != nil {
		fmt.Fprintf(e.stderr, "armswatch: %s, but the index was not rebuilt: run \"armswatch reindex --data %s\"\n", done, dir)
		return err
	}
	return nil
}
