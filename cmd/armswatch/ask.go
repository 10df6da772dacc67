package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/bot"
	"github.com/armswatch/armswatch/index"
	"golang.org/x/term"
	"golang.org/x/text/width"
)

func askCommand() command {
	c := command{
		name:    "ask",
		summary: "answer a question from the data, with claimants, dates, figures and quotes",
		usage: `ask [--json] [--item CATEGORY] [--claimant NAME] [--from DATE] [--to DATE]
                     [--data DIR] [--index DIR] QUERY | -

Examples:
  armswatch ask "shells"
  armswatch ask --json "KN-23"
  armswatch ask --item artillery-shell --from 2023-09 --to 2024 "North Korea"
  printf 'shells\nKN-23\n' | armswatch ask --json -

QUERY is searched as words, never as query syntax. With "-", one query is
read per line from standard input and one answer written per line.
Exit status: 0 for an answer or a no-answer, 1 for an error, 2 for bad usage.`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fset := newFlagSet(c.name)
		asJSON := fset.Bool("json", false, "print the answer as one JSON object (one per line with -)")
		item := fset.String("item", "", "only claims about this item category (e.g. artillery-shell) or a term for one (shells)")
		claimant := fset.String("claimant", "", "only claims by this claimant (a name or an alias)")
		from := fset.String("from", "", "only claims made in a period overlapping this date or later (YYYY, YYYY-MM or YYYY-MM-DD)")
		to := fset.String("to", "", "only claims made in a period overlapping this date or earlier")
		dataDir := fset.String("data", "", "data directory (default: DATA_DIR, else the bundled data)")
		indexDir := fset.String("index", "", "index directory (default: INDEX_PATH, else the user cache directory)")
		pos, err := parseFlags(e, c, fset, args)
		if err != nil {
			return err
		}
		q := armswatch.Query{Text: strings.Join(pos, " "), Item: armswatch.Category(strings.TrimSpace(*item)), Claimant: *claimant}
		// With --json every outcome is one JSON object on stdout, errors
		// included; the exit status says which kind of outcome it was.
		fail := func(err error) error {
			if *asJSON {
				if werr := writeJSON(e.stdout, errorAnswer(q.Text, err)); werr != nil {
					return werr
				}
			}
			return err
		}
		if len(pos) == 0 {
			return fail(usagef("no query given (a quoted question, or - to read queries from standard input)"))
		}
		if q.From, err = armswatch.ParseDate(*from); err != nil {
			return fail(usagef("--from: %v", err))
		}
		if q.To, err = armswatch.ParseDate(*to); err != nil {
			return fail(usagef("--to: %v", err))
		}
		stdinMode := len(pos) == 1 && pos[0] == "-"

		ix, err := openAnswerIndex(ctx, e, *dataDir, *indexDir)
		if err != nil {
			return fail(err)
		}
		defer ix.Close()
		src, err := recordingAnswerer(e, ix) // RECORD_GAPS
		if err != nil {
			return fail(err)
		}
		color := askIsTerminal(e.stdout) && e.getenv("NO_COLOR") == ""

		if !stdinMode {
			return answerOne(ctx, e, src, q, *asJSON, color)
		}
		sc := bufio.NewScanner(e.stdin)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			q.Text = sc.Text()
			if err := answerOne(ctx, e, src, q, *asJSON, color); err != nil {
				return err
			}
			if !*asJSON {
				fmt.Fprintln(e.stdout)
			}
		}
		if err := sc.Err(); err != nil {
			return fmt.Errorf("read queries: %w", err)
		}
		return nil
	}
	return c
}

// answerer is what ask needs of the index.
type answerer interface {
	Answer(ctx context.Context, q armswatch.Query) (armswatch.Answer, error)
}

// answerOne answers one query and prints it. A query the engine refuses
// (a filter that is not a category, an inverted range) is bad usage: with
// --json the answer with its error is printed all the same. A failure is
// returned (and printed on stderr) without its text unless LOG_QUERIES is
// true: the engine's errors may quote the query, and stderr is often a log.
func answerOne(ctx context.Context, e *env, ix answerer, q armswatch.Query, asJSON, color bool) error {
	ans, err := ix.Answer(ctx, q)
	if err != nil && !errors.Is(err, armswatch.ErrBadQuery) {
		if asJSON {
			writeJSON(e.stdout, ans)
		}
		if p := (&configParser{getenv: e.getenv}); !p.boolean("LOG_QUERIES", false) {
			return fmt.Errorf("answer: %s (LOG_QUERIES=true shows the error in full)", bot.WithheldError(err))
		}
		return err
	}
	if asJSON {
		if werr := writeJSON(e.stdout, ans); werr != nil {
			return werr
		}
		if err != nil {
			return &exitError{code: 2, err: errSilent}
		}
		return nil
	}
	if err != nil {
		return usagef("%s", ans.Error)
	}
	_, werr := io.WriteString(e.stdout, renderAnswer(ans, color))
	return werr
}

// errorAnswer is the JSON answer of a query that could not be answered.
func errorAnswer(query string, err error) armswatch.Answer {
	return armswatch.Answer{
		Query: query, Error: err.Error(),
		Comparisons: []armswatch.Comparison{}, Claims: []armswatch.ClaimHit{},
		Documents: []armswatch.DocHit{}, Suggestions: []string{},
	}
}

func writeJSON(w io.Writer, ans armswatch.Answer) error {
	b, err := json.Marshal(ans)
	if err != nil {
		return fmt.Errorf("encode answer: %w", err)
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}

// openAnswerIndex opens (building when needed) the index for ask and reindex.
// The index path is --index, else INDEX_PATH, else the user cache
// directory; when that default is not writable, a directory in the
// temporary directory is used instead, and stderr says so.
func openAnswerIndex(ctx context.Context, e *env, dataFlag, indexFlag string) (*index.Index, error) {
	return openIndexWith(ctx, e, dataFlag, indexFlag, nil, false)
}

func openIndexWith(ctx context.Context, e *env, dataFlag, indexFlag string, progress func(done, total int), openStale bool) (*index.Index, error) {
	data, label, err := dataSource(e, dataFlag)
	if err != nil {
		return nil, err
	}
	path, err := indexPath(e, indexFlag)
	if err != nil {
		return nil, err
	}
	var once sync.Once
	opts := index.Options{
		Path: path, Data: data, DataLabel: label, OpenStale: openStale,
		Logger: slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
		Progress: func(done, total int) {
			if progress != nil {
				progress(done, total)
				return
			}
			once.Do(func() {
				fmt.Fprintf(e.stderr, "armswatch: building the index of %s at %s (once; later runs reuse it)…\n", label, path)
			})
		},
	}
	ix, err := index.Open(ctx, opts)
	if err != nil {
		return nil, err
	}
	return ix, nil
}

// indexPath resolves the index directory.
func indexPath(e *env, flagDir string) (string, error) {
	if flagDir != "" {
		return flagDir, nil
	}
	if p := e.getenv("INDEX_PATH"); p != "" {
		return p, nil
	}
	def, err := index.DefaultPath()
	if err == nil && writableDir(def) {
		return def, nil
	}
	tmp := filepath.Join(os.TempDir(), fmt.Sprintf("armswatch-index-%d", os.Getuid()))
	reason := "is not writable"
	if err != nil {
		def, reason = "the user cache directory", "cannot be found"
	}
	fmt.Fprintf(e.stderr, "armswatch: %s %s; using %s for the index (set INDEX_PATH or --index to choose)\n", def, reason, tmp)
	return tmp, nil
}

// writableDir reports whether dir exists or can be made, and takes files.
func writableDir(dir string) bool {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false
	}
	f, err := os.CreateTemp(dir, ".write-test-*")
	if err != nil {
		return false
	}
	name := f.Name()
	f.Close()
	os.Remove(name)
	return true
}

func askIsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// ---- rendering an answer for a terminal ----

const (
	ansiBold  = "\x1b[1m"
	ansiReset = "\x1b[0m"
)

// renderAnswer writes an answer as text: the summary, the comparisons,
// the claims with their citations, the document passages, suggestions.
// Matched terms are marked **like this** in snippets; with color they are
// set in bold with ANSI escapes instead. Text from the data is stripped of
// control characters so that it cannot drive the terminal.
func renderAnswer(a armswatch.Answer, color bool) string {
	var b strings.Builder
	bold := func(s string) string {
		if color {
			return ansiBold + s + ansiReset
		}
		return s
	}
	b.WriteString(wrap(clean(a.Summary+" "+a.FreshnessLine()), 78, ""))
	b.WriteString("\n")
	if a.Error != "" {
		fmt.Fprintf(&b, "\nError: %s\n", clean(a.Error))
	}

	for _, c := range a.Comparisons {
		fmt.Fprintf(&b, "\n%s\n", bold("Figures for "+c.Category.Label()+", side by side (never added up)"))
		width := 10
		for _, r := range c.Rows {
			width = max(width, len(r.When()))
		}
		for _, r := range c.Rows {
			date := r.When()
			who := r.Claimant
			if r.ClaimantRole != "" {
				who += ", " + r.ClaimantRole
			}
			fmt.Fprintf(&b, "  %-*s  %s\n", width, date, clean(who))
			fmt.Fprintf(&b, "  %*s  %s  [%s]\n", width, "", clean(figure(r)), r.ClaimID)
		}
	}

	if len(a.Claims) > 0 {
		fmt.Fprintf(&b, "\n%s\n", bold("Claims"))
	}
	n := 0
	for i, c := range a.Claims {
		fmt.Fprintf(&b, "\n%2d. %s\n", i+1, wrap(bold(clean(c.Statement)), 74, "    "))
		meta := []string{clean(c.Claimant)}
		if c.ClaimantRole != "" {
			meta[0] += ", " + clean(c.ClaimantRole)
		}
		stance := string(c.Stance)
		if c.Hedged {
			stance += " (hedged)"
		}
		meta = append(meta, stance)
		meta = append(meta, c.When())
		if note := c.PartialNote(); note != "" {
			meta = append(meta, note)
		}
		fmt.Fprintf(&b, "    %s\n", wrap(strings.Join(meta, " · "), 74, "    "))
		for _, it := range c.Items {
			if f := itemFigure(it); f != "" {
				label := "Item"
				if it.Quantity != nil {
					label = "Figure"
				}
				fmt.Fprintf(&b, "    %s: %s\n", label, clean(f))
			}
		}
		if c.Status == armswatch.StatusSuperseded {
			fmt.Fprintf(&b, "    Superseded by %s: a later record replaces this one.\n", c.SupersededBy)
		}
		for _, ci := range c.Citations {
			n++
			fmt.Fprintf(&b, "    [%d] %s\n", n, wrap("“"+boldMarks(clean(ci.Snippet), color)+"”", 70, "        "))
			fmt.Fprintf(&b, "        %s\n", wrap(clean(source(ci.Title, ci.Publisher, ci.Published, ci.Doc, ci.URL)), 70, "        "))
		}
		fmt.Fprintf(&b, "    (claim %s)\n", c.ID)
	}

	if len(a.Documents) > 0 {
		fmt.Fprintf(&b, "\n%s\n", bold("More from the sources"))
		for _, d := range a.Documents {
			fmt.Fprintf(&b, "\n  %s\n", wrap(clean(source(d.Title, d.Publisher, d.Published, d.Doc, "")), 76, "  "))
			for _, s := range d.Snippets {
				fmt.Fprintf(&b, "    %s\n", wrap(boldMarks(clean(s), color), 74, "    "))
			}
		}
	}
	if len(a.Suggestions) > 0 && a.NoAnswer() {
		fmt.Fprintf(&b, "\nTry: %s\n", clean(strings.Join(a.Suggestions, ", ")))
	}
	return b.String()
}

// figure writes a comparison row's figure: the item's phrase
// (armswatch.Item.Phrase: the figure as reported, its qualifier, caliber
// and designation, what it measures) and whether it is hedged, or a
// denial; and whether its claim matches only part of the question.
func figure(r armswatch.ComparisonRow) string {
	s := string(r.Stance) + " the transfer"
	if r.Quantity != nil {
		s = armswatch.Item{Caliber: r.Caliber, Designation: r.Designation, Quantity: r.Quantity}.Phrase()
		if r.Hedged {
			s += " — hedged"
		}
	}
	if note := r.PartialNote(); note != "" {
		s += " — " + note
	}
	return s
}

// itemFigure describes an item with armswatch.Item.Phrase; "" for an item
// with neither a figure nor a caliber or designation, which says nothing
// the claim's statement does not.
func itemFigure(it armswatch.Item) string {
	if it.Quantity == nil && it.Caliber == "" && it.Designation == "" {
		return ""
	}
	return it.Phrase()
}

func source(title, publisher string, published armswatch.Date, doc, url string) string {
	s := title
	var meta []string
	if publisher != "" {
		meta = append(meta, publisher)
	}
	if !published.IsZero() {
		meta = append(meta, published.String())
	} else {
		meta = append(meta, "undated")
	}
	s += " — " + strings.Join(meta, ", ") + " [" + doc + "]"
	if url != "" {
		s += " " + url
	}
	return s
}

// boldMarks turns **marks** into ANSI bold when color is on, and leaves
// them as they are otherwise.
func boldMarks(s string, color bool) string {
	if !color {
		return s
	}
	var b strings.Builder
	on := false
	for {
		i := strings.Index(s, "**")
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		if on {
			b.WriteString(ansiReset)
		} else {
			b.WriteString(ansiBold)
		}
		on = !on
		s = s[i+2:]
	}
	if on {
		b.WriteString(ansiReset)
	}
	return b.String()
}

// clean removes control characters (escape sequences included).
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return ' '
		}
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return -1
		}
		return r
	}, s)
}

// wrap folds text at spaces to lines of at most width terminal columns
// (ANSI escapes not counted, Hangul and other wide characters counted
// twice), continuing lines with indent.
func wrap(s string, width int, indent string) string {
	words := strings.Fields(s)
	var b strings.Builder
	line := 0
	for i, w := range words {
		n := visibleLen(w)
		if i > 0 {
			if line+1+n > width {
				b.WriteString("\n")
				b.WriteString(indent)
				line = 0
			} else {
				b.WriteByte(' ')
				line++
			}
		}
		b.WriteString(w)
		line += n
	}
	return b.String()
}

// visibleLen is the number of terminal columns s takes: ANSI escapes take
// none, and each rune takes runeWidth.
func visibleLen(s string) int {
	n := 0
	esc := false
	for _, r := range s {
		switch {
		case r == 0x1b:
			esc = true
		case esc:
			if r == 'm' {
				esc = false
			}
		default:
			n += runeWidth(r)
		}
	}
	return n
}

// runeWidth is the number of terminal columns r takes: two for East Asian
// wide and fullwidth characters (Hangul syllables, CJK), none for
// combining marks and format characters (zero-width joiners), one for the
// rest.
func runeWidth(r rune) int {
	if unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) {
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}
