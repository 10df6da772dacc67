package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/internal/prose"
)

func reindexCommand() command {
	c := command{
		name:    "reindex",
		summary: "build the search index from the data (with a progress bar) and report what changed",
		usage: `reindex [--data DIR] [--index DIR]

Examples:
  armswatch reindex
  armswatch reindex --data ./data --index /var/lib/armswatch/index

The new index is built beside the one in service and swapped in when it is
complete and checked; invalid data leaves the index as it was (exit 1).`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fset := newFlagSet(c.name)
		dataDir := fset.String("data", "", "data directory (default: DATA_DIR, else the bundled data)")
		indexDir := fset.String("index", "", "index directory (default: INDEX_PATH, else the user cache directory)")
		pos, err := parseFlags(e, c, fset, args)
		if err != nil {
			return err
		}
		if len(pos) > 0 {
			return usagef("unexpected argument %q", pos[0])
		}
		bar := newProgressBar(e.stderr, askIsTerminal(e.stderr))
		start := time.Now()
		built := false
		ix, err := openIndexWith(ctx, e, *dataDir, *indexDir, func(done, total int) {
			built = true
			bar.update(done, total)
		}, true)
		if err != nil {
			bar.finish()
			return reindexError(e, err)
		}
		defer ix.Close()
		bar.finish()
		if built {
			st := ix.Stats()
			fmt.Fprintf(e.stdout, "Indexed %s and %s in %.1f seconds (new index at %s).\n",
				count(st.Documents, "document"), count(st.Claims, "claim"), time.Since(start).Seconds(), ix.Path())
			return nil
		}
		// The index in service was current: rebuild it all the same, as asked.
		bar = newProgressBar(e.stderr, askIsTerminal(e.stderr))
		ix.SetProgress(bar.update)
		rep, err := ix.Reindex(ctx)
		bar.finish()
		if err != nil {
			return reindexError(e, err)
		}
		fmt.Fprintf(e.stdout, "Indexed %s and %s in %.1f seconds (index at %s).\n",
			count(rep.Documents, "document"), count(rep.Claims, "claim"), rep.Seconds, ix.Path())
		for _, ch := range []struct {
			what string
			ids  []string
		}{
			{"Documents added", rep.DocumentsAdded}, {"Documents changed", rep.DocumentsChanged},
			{"Documents removed", rep.DocumentsRemoved}, {"Claims added", rep.ClaimsAdded},
			{"Claims changed", rep.ClaimsChanged}, {"Claims removed", rep.ClaimsRemoved},
		} {
			if len(ch.ids) > 0 {
				fmt.Fprintf(e.stdout, "%s (%d): %s\n", ch.what, len(ch.ids), strings.Join(ch.ids, ", "))
			}
		}
		if len(rep.DocumentsAdded)+len(rep.DocumentsChanged)+len(rep.DocumentsRemoved)+
			len(rep.ClaimsAdded)+len(rep.ClaimsChanged)+len(rep.ClaimsRemoved) == 0 {
			fmt.Fprintln(e.stdout, "Nothing changed in the data.")
		}
		return nil
	}
	return c
}

// reindexError reports invalid data as its list of problems (file:line:
// field: message), one per line, and exits 1.
func reindexError(e *env, err error) error {
	var verrs armswatch.ValidationErrors
	if errors.As(err, &verrs) {
		fmt.Fprintf(e.stderr, "armswatch reindex: the data is invalid (%s); the index was not changed:\n", count(len(verrs), "problem"))
		for _, v := range verrs {
			fmt.Fprintf(e.stderr, "  %s\n", v.Error())
		}
		return errSilent
	}
	if errors.Is(err, armswatch.ErrReindexRunning) {
		return fmt.Errorf("reindex: %w (another process is building this index; try again when it is done)", err)
	}
	return err
}

func count(n int, what string) string {
	return prose.Count(n, what, what+"s")
}

// progressBar draws "[#####.....]  50%  1200/2400" on a terminal, at most
// ten times a second; elsewhere it stays silent.
type progressBar struct {
	mu    sync.Mutex
	w     io.Writer
	tty   bool
	last  time.Time
	drawn bool
}

func newProgressBar(w io.Writer, tty bool) *progressBar { return &progressBar{w: w, tty: tty} }

func (p *progressBar) update(done, total int) {
	if !p.tty || total <= 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if done < total && time.Since(p.last) < 100*time.Millisecond {
		return
	}
	p.last = time.Now()
	const width = 30
	filled := done * width / total
	fmt.Fprintf(p.w, "\r[%s%s] %3d%%  %d/%d records", strings.Repeat("#", filled), strings.Repeat(".", width-filled), done*100/total, done, total)
	p.drawn = true
}

func (p *progressBar) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprintln(p.w)
		p.drawn = false
	}
}
