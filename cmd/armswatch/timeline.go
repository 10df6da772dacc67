package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"unicode"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/timeline"
)

const timelineUsage = `timeline ITEM [--claimant NAME] [-o FILE] [--data DIR]

Draws a chart of the quantities that claims report for an item over time
(a 1200×700 PNG) and prints its caption: how to read the chart, every figure
on it, every claim about the item that is not on it and why, and the
sources (title, publisher, date).

ITEM is an item category (artillery-shell, ballistic-missile, container, …)
or a term that the alias data maps to one (shells, missiles, KN-23, 포탄,
снаряди). x is the date each claim was made (a date known only to the month
or year sits at the middle of it); a claim without one is placed at its
source's publication date, in orange. y is the quantity, on a log scale
when the figures span orders of magnitude. Each figure of each claim is
one marker, labelled with the claimant: figures are never added up.

The chart goes to FILE, by default ITEM.png in the current directory; with
-o - the PNG goes to standard output and the caption to standard error.
The data set is DIR, else $DATA_DIR, else the bundle built into armswatch.

Examples:
  armswatch timeline shells                     # writes shells.png
  armswatch timeline shells -o shells.png
  armswatch timeline ballistic-missile --claimant Kostin
  armswatch timeline containers -o - > containers.png

Exit status: 0 when the chart is written; 1 when no claim in the data is
about ITEM (by NAME), or on another error; 2 for bad usage, an ITEM that is
neither a category nor a term for one included.`

func timelineCommand() command {
	c := command{
		name:    "timeline",
		summary: "chart the reported quantities of an item over time (PNG and caption)",
		usage:   timelineUsage,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlagSet(c.name)
		claimant := fs.String("claimant", "", "only claims by this claimant (a name or an alias)")
		var out string
		fs.StringVar(&out, "o", "", "write the PNG to this file (- for standard output; default ITEM.png)")
		fs.StringVar(&out, "output", "", "same as -o")
		dataDir := fs.String("data", "", "data directory (default $DATA_DIR, else the bundled data)")
		pos, err := parseFlags(e, c, fs, args)
		if err != nil {
			return err
		}
		item := strings.TrimSpace(strings.Join(pos, " "))
		if item == "" {
			return usagef("no item given (a category such as artillery-shell, or a term such as shells)")
		}
		fsys, label, err := dataSource(e, *dataDir)
		if err != nil {
			return err
		}
		corpus, err := armswatch.LoadMetadata(fsys) // a chart needs no document text
		if err != nil {
			return fmt.Errorf("load %s (run 'armswatch check' for details): %w", label, err)
		}
		chart, err := timeline.Render(corpus, timeline.Query{Item: item, Claimant: *claimant})
		switch {
		case errors.Is(err, armswatch.ErrBadQuery):
			return usagef("%v", err)
		case err != nil:
			return err
		}
		caption := chart.Caption.String()
		if out == "-" {
			if _, err := e.stdout.Write(chart.PNG); err != nil {
				return fmt.Errorf("write chart to standard output: %w", err)
			}
			_, err := fmt.Fprint(e.stderr, caption)
			return err
		}
		if out == "" {
			out = chartFileName(item)
		}
		if err := os.WriteFile(out, chart.PNG, 0o644); err != nil {
			return fmt.Errorf("write chart: %w", err)
		}
		_, err = fmt.Fprintf(e.stdout, "Wrote %s (1200×700 PNG, %s, from %s).\n\n%s", out, chart.Category, label, caption)
		return err
	}
	return c
}

// chartFileName is the default file for an item's chart: the item as typed,
// letters, digits, "-" and "_" kept and anything else (a slash, a space)
// made a "-", then ".png": "shells.png", "artillery-shells.png",
// "포탄.png".
func chartFileName(item string) string {
	var b strings.Builder
	dash := false
	n := 0
	for _, r := range item {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			if n++; n >= 80 {
				break
			}
			continue
		}
		dash = true
	}
	name := strings.Trim(b.String(), "-")
	if name == "" {
		name = "timeline"
	}
	return name + ".png"
}
