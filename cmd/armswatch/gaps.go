package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/bot"
	"github.com/armswatch/armswatch/gaps"
	"github.com/armswatch/armswatch/index"
	"github.com/armswatch/armswatch/metrics"
)

// metrics.Metrics counts what the gap recording counts.
var _ bot.GapObserver = (*metrics.Metrics)(nil)

// gapsOffHint says how to turn gap recording on.
const gapsOffHint = "Gap recording is off (RECORD_GAPS=false), so nothing new is counted. Set RECORD_GAPS=true in the environment or .env to count, per day, the informative words of questions the data cannot answer and the 👍/👎 pressed under /claims answers."

func gapsCommand() command {
	c := command{
		name:    "gaps",
		summary: "what questions found nothing, and the claims readers marked 👎 (RECORD_GAPS=true)",
		usage: `gaps [--days N] [--clear] [--index DIR]

With RECORD_GAPS=true, serve (and ask) count, per day, the informative words
of questions the data could not answer (no answer, items no claim is about,
or only loose matches) and the 👍/👎 pressed under /claims answers, per
claim id. This prints the top words of the last 7 and 30 days (or of the
last N days with --days) and the claims with the most 👎, by id: look them
up with 'armswatch ask' or their document with /source. Nothing about who
asked, where, or the question's text is stored; counts older than
GAPS_RETENTION are dropped. --clear deletes every count. The counts are in
` + gaps.FileName + ` beside the index directory.

Examples:
  armswatch gaps
  armswatch gaps --days 3
  armswatch gaps --clear`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fset := newFlagSet(c.name)
		days := fset.Int("days", 0, "show the counts of the last `N` days only (default: 7 and 30)")
		clear := fset.Bool("clear", false, "delete the store: every gap and feedback count")
		indexDir := fset.String("index", "", "index directory, beside which the store is (default: INDEX_PATH, else the user cache directory)")
		pos, err := parseFlags(e, c, fset, args)
		if err != nil {
			return err
		}
		if len(pos) > 0 {
			return usagef("gaps takes no arguments, got %q", pos[0])
		}
		if *days < 0 || *days > 3650 {
			return usagef("--days is %d: want 1 to 3650", *days)
		}
		on, retention, err := gapsSettings(e)
		if err != nil {
			return err
		}
		ipath, err := indexPath(e, *indexDir)
		if err != nil {
			return err
		}
		s, err := gaps.Open(gaps.PathFor(ipath), gaps.Options{Retention: retention})
		if err != nil {
			return err
		}
		if *clear {
			_, statErr := os.Stat(s.Path())
			if err := s.Clear(); err != nil {
				return err
			}
			if errors.Is(statErr, fs.ErrNotExist) {
				fmt.Fprintf(e.stdout, "No gap counts to delete (%s).\n", s.Path())
			} else {
				fmt.Fprintf(e.stdout, "Deleted every gap and feedback count (%s).\n", s.Path())
			}
			return nil
		}
		_, statErr := os.Stat(s.Path())
		if !on {
			fmt.Fprintln(e.stdout, gapsOffHint)
			if errors.Is(statErr, fs.ErrNotExist) {
				return nil
			}
			fmt.Fprintln(e.stdout, "Counts recorded earlier:")
			fmt.Fprintln(e.stdout)
		}
		periods := []int{7, 30}
		if *days > 0 {
			periods = []int{*days}
		}
		reports := make([]gaps.Report, len(periods))
		for k, d := range periods {
			if reports[k], err = s.Report(d, gapsListed); err != nil {
				return err
			}
		}
		return writeGaps(e.stdout, reports, retention, s.Path())
	}
	return c
}

// gapsListed is how many terms and claims each period lists.
const gapsListed = 20

// writeGaps prints the reports: per period the top terms; then the claims
// with the most 👎 over the longest period.
func writeGaps(w io.Writer, reports []gaps.Report, retention time.Duration, path string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "What the data could not answer (counts per day, kept %s; %s)\n", retentionText(retention), path)
	for _, r := range reports {
		fmt.Fprintf(&b, "\nWords of questions that found nothing, last %d days:\n", r.Days)
		if len(r.Terms) == 0 {
			b.WriteString("  (nothing recorded)\n")
		}
		for _, t := range r.Terms {
			fmt.Fprintf(&b, "  %-40s %6d\n", printable(t.Term), t.Count)
		}
	}
	last := reports[len(reports)-1]
	fmt.Fprintf(&b, "\nClaims with the most 👎, last %d days:\n", last.Days)
	if len(last.Claims) == 0 {
		b.WriteString("  (none)\n")
	}
	for _, c := range last.Claims {
		fmt.Fprintf(&b, "  %-40s 👎 %d  👍 %d\n", printable(c.ID), c.Down, c.Up)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// printable strips control characters from a term or id read from the
// store, so that a tampered file cannot drive the terminal.
func printable(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == utf8.RuneError {
			return -1
		}
		return r
	}, s)
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

func retentionText(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return strconv.Itoa(int(d/(24*time.Hour))) + " days"
	}
	return d.String()
}

// gapsSettings reads RECORD_GAPS and GAPS_RETENTION, for the commands that
// do not load the whole configuration (ask, gaps).
func gapsSettings(e *env) (bool, time.Duration, error) {
	p := &configParser{getenv: e.getenv}
	on := p.boolean("RECORD_GAPS", false)
	retention := p.retention("GAPS_RETENTION")
	if len(p.errs) > 0 {
		return false, 0, &configError{errs: p.errs}
	}
	return on, retention, nil
}

// retention parses GAPS_RETENTION: a Go duration ("2160h") or whole days
// ("90d"), at least a day.
func (p *configParser) retention(name string) time.Duration {
	v := p.str(name)
	if v == "" {
		return gaps.DefaultRetention
	}
	var d time.Duration
	var err error
	if n, ok := strings.CutSuffix(v, "d"); ok {
		var days int
		days, err = strconv.Atoi(n)
		if err == nil && (days < 0 || days > 36500) {
			err = errors.New("out of range")
		}
		d = time.Duration(days) * 24 * time.Hour
	} else {
		d, err = time.ParseDuration(v)
	}
	switch {
	case err != nil:
		p.fail("%s is %s: want whole days such as 90d, or a duration such as 720h", name, shown(v))
		return gaps.DefaultRetention
	case d < 24*time.Hour:
		p.fail("%s is %s: want at least a day (1d)", name, shown(v))
		return gaps.DefaultRetention
	}
	return d
}

// openGaps opens the gap store beside the index directory indexDir
// ("" = the default index path) when recording is on; nil when off.
func openGaps(on bool, retention time.Duration, indexDir string) (*gaps.Store, error) {
	if !on {
		return nil, nil
	}
	if indexDir == "" {
		def, err := index.DefaultPath()
		if err != nil {
			return nil, fmt.Errorf("gap store: %w (set INDEX_PATH)", err)
		}
		indexDir = def
	}
	s, err := gaps.Open(gaps.PathFor(indexDir), gaps.Options{Retention: retention})
	if err != nil {
		return nil, fmt.Errorf("gap store: %w", err)
	}
	return s, nil
}

// serveGaps opens serve's gap store (nil with RECORD_GAPS=false) beside
// the index in service, dropping the expired counts.
func serveGaps(cfg *config, idx serveIndex) (*gaps.Store, error) {
	dir := cfg.IndexPath
	if p, ok := idx.(interface{ Path() string }); ok && p.Path() != "" {
		dir = p.Path()
	}
	s, err := openGaps(cfg.RecordGaps, cfg.GapsRetention, dir)
	if err != nil || s == nil {
		return nil, err
	}
	if err := s.Prune(); err != nil {
		return nil, err
	}
	return s, nil
}

// recordingAnswerer records ask's gap questions (RECORD_GAPS=true) in the
// store beside the index; with recording off it is ix itself.
func recordingAnswerer(e *env, ix *index.Index) (answerer, error) {
	on, retention, err := gapsSettings(e)
	if err != nil || !on {
		return ix, err
	}
	s, err := openGaps(true, retention, ix.Path())
	if err != nil {
		return nil, err
	}
	return gapRecorder{answerer: ix, store: s, stderr: e.stderr}, nil
}

// gapRecorder is an answerer that counts its gap questions.
type gapRecorder struct {
	answerer
	store  *gaps.Store
	stderr io.Writer
}

func (g gapRecorder) Answer(ctx context.Context, q armswatch.Query) (armswatch.Answer, error) {
	a, err := g.answerer.Answer(ctx, q)
	if err == nil {
		if _, rerr := g.store.RecordAnswer(a); rerr != nil {
			fmt.Fprintf(g.stderr, "armswatch: recording the gap failed: %v\n", rerr) // names the store, never the question
		}
	}
	return a, err
}
