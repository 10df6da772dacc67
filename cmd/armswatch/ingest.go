package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/armswatch/armswatch/internal/prose"

	"gopkg.in/yaml.v3"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/ingest"
)

const ingestUsage = `ingest FILE [--title T] [--publisher P] [--author A] [--url U]
       [--published YYYY[-MM[-DD]]] [--language L] [--data DIR]

Cleans a raw article (plain text as copied from a web page, or HTML) and
writes it as a source document, DIR/documents/<id>.md: YAML front matter
(title, publisher, author, url, published, language, source_file, notes),
a blank line, then the article with the page furniture removed. FILE "-"
reads standard input.

Metadata comes from the flags, else from what the text itself states (a
byline, a date line, a desk credit); anything neither gives stays empty,
never guessed. The notes say which is which. The id is made from publisher,
date and title; if a document with that id exists, -2, -3… is added:
nothing is ever overwritten.

It prints the id, the file written, and every line it removed with the
rule that removed it. Review the document before adding claims that cite it.

DIR is --data, else $DATA_DIR, else ./data.

Examples:
  armswatch ingest article.txt --url https://example.org/news/123 --language en
  armswatch ingest page.html --published 2024-01-18 --publisher "Example News"
  pbpaste | armswatch ingest - --title "Allies condemn arms transfers"`

// maxIngestBytes bounds the raw article read: no news page is this large.
const maxIngestBytes = 32 << 20

// maxReportedRemovals is how many removed lines ingest lists before it
// summarises the rest.
const maxReportedRemovals = 40

var reLanguageTag = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

func ingestCommand() command {
	c := command{
		name:    "ingest",
		summary: "clean a raw article (text or HTML) into a source document",
		usage:   ingestUsage,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlagSet(c.name)
		title := fs.String("title", "", "the article's title (default: its headline in the text)")
		publisher := fs.String("publisher", "", "the publisher, e.g. \"The Kyiv Independent\" (default: as the text states it)")
		author := fs.String("author", "", "the author(s) (default: the byline in the text)")
		rawURL := fs.String("url", "", "the article's address, http(s)://…")
		published := fs.String("published", "", "publication date: YYYY, YYYY-MM or YYYY-MM-DD (default: as the text states it)")
		language := fs.String("language", "", "language as a BCP 47 tag, e.g. en")
		dataDir := fs.String("data", "", "data directory (default $DATA_DIR, else ./data)")
		rest, err := parseFlags(e, c, fs, args)
		if err != nil {
			return err
		}
		switch {
		case len(rest) == 0:
			return usagef("no FILE given (use - for standard input)")
		case len(rest) > 1:
			return usagef("one FILE at a time, got %d: %s", len(rest), strings.Join(rest, " "))
		}
		hint, err := ingestHint(*title, *publisher, *author, *rawURL, *published, *language)
		if err != nil {
			return err
		}
		return runIngest(e, rest[0], hint, *dataDir)
	}
	return c
}

// ingestHint checks the metadata flags.
func ingestHint(title, publisher, author, rawURL, published, language string) (ingest.Meta, error) {
	hint := ingest.Meta{
		Title:     strings.TrimSpace(title),
		Publisher: strings.TrimSpace(publisher),
		Author:    strings.TrimSpace(author),
		URL:       strings.TrimSpace(rawURL),
		Language:  strings.TrimSpace(language),
	}
	d, err := armswatch.ParseDate(published)
	if err != nil {
		return hint, usagef("--published: %v", err) // the error names the value and the forms
	}
	hint.Published = d
	if hint.URL != "" {
		u, err := url.Parse(hint.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return hint, usagef("--url %q: want an absolute http:// or https:// address", hint.URL)
		}
	}
	if hint.Language != "" && !reLanguageTag.MatchString(hint.Language) {
		return hint, usagef("--language %q: want a BCP 47 tag such as en or en-GB", hint.Language)
	}
	for name, v := range map[string]string{"title": hint.Title, "publisher": hint.Publisher, "author": hint.Author} {
		if !utf8.ValidString(v) || strings.ContainsAny(v, "\n\r") {
			return hint, usagef("--%s: want one line of text", name)
		}
	}
	return hint, nil
}

func runIngest(e *env, file string, hint ingest.Meta, dataDir string) error {
	raw, sourceFile, err := readArticle(e, file, maxIngestBytes)
	if err != nil {
		return err
	}
	res, err := ingest.Clean(raw, hint)
	if errors.Is(err, ingest.ErrNothingLeft) {
		printRemovals(e.stdout, res)
	}
	if err != nil {
		return fmt.Errorf("ingest %s: %w", displayName(file), err)
	}
	if strings.TrimSpace(res.Meta.Title) == "" {
		return usagef("%s has no headline-like line to take the title from: pass --title", displayName(file))
	}

	dir := dataDir
	if dir == "" {
		dir = e.getenv("DATA_DIR")
	}
	if dir == "" {
		dir = "data"
	}
	st, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("open data directory %q: %w", dir, err)
	}
	if !st.IsDir() {
		return fmt.Errorf("open data directory %q: not a directory", dir)
	}
	docsDir := filepath.Join(dir, armswatch.DocumentsDir)
	if err := os.MkdirAll(docsDir, 0o755); err != nil {
		return fmt.Errorf("create %q: %w", docsDir, err)
	}

	earlier := documentsFromSource(docsDir, sourceFile)
	base := ingest.DocumentID(res.Meta.Publisher, res.Meta.Published, res.Meta.Title)
	id, path, err := writeNewDocument(docsDir, base, func(id string) []byte {
		return ingest.Render(res.Document(id, sourceFile))
	})
	if err != nil {
		return err
	}

	w := e.stdout
	fmt.Fprintf(w, "id: %s\n", id)
	if id != base {
		fmt.Fprintf(w, "  (%s.md exists; nothing was overwritten)\n", base)
	}
	fmt.Fprintf(w, "wrote: %s\n", path)
	for _, name := range earlier {
		fmt.Fprintf(w, "  note: %s was cleaned from the same source_file %q: is this a duplicate?\n", name, sourceFile)
	}
	fmt.Fprintf(w, "metadata: %s\n", metadataSummary(res))
	if res.Meta.Language == "" {
		fmt.Fprintln(w, "  language is empty: pass --language (e.g. en) if you know it")
	}
	for _, f := range res.Findings {
		if f.Field == ingest.FieldAmbiguousDate {
			fmt.Fprintf(w, "  the date %q reads both month-first and day-first: not used; pass --published\n", f.Value)
		}
	}
	for _, k := range res.Kept {
		fmt.Fprintf(w, "kept: %s%s %q, cut off at %q (mentioned in notes)\n", lineLabel(k.Line), k.Rule, k.Text, k.Ending)
	}
	if n := len(res.Repairs); n > 0 {
		fmt.Fprintf(w, "repaired mojibake on %d %s\n", n, prose.Plural(n, "line", "lines"))
	}
	printRemovals(w, res)
	return nil
}

// displayName names the input in messages.
func displayName(file string) string {
	if file == "-" {
		return "standard input"
	}
	return file
}

// documentsFromSource lists the documents in dir whose front matter names
// sourceFile as their source_file. Files it cannot read or parse are
// skipped: this is only a warning.
func documentsFromSource(dir, sourceFile string) []string {
	if sourceFile == "" {
		return nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, ent := range entries {
		if ent.IsDir() || !strings.HasSuffix(ent.Name(), ".md") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, ent.Name()))
		if err != nil {
			continue
		}
		text := strings.ReplaceAll(string(data), "\r\n", "\n")
		rest, ok := strings.CutPrefix(text, "---\n")
		if !ok {
			continue
		}
		fm, _, ok := strings.Cut(rest, "\n---")
		if !ok {
			continue
		}
		var meta struct {
			SourceFile string `yaml:"source_file"`
		}
		if yaml.Unmarshal([]byte(fm), &meta) == nil && meta.SourceFile == sourceFile {
			out = append(out, ent.Name())
		}
	}
	return out
}

// maxIDSuffix bounds the search for a free id.
const maxIDSuffix = 1000

// writeNewDocument writes dir/<id>.md, where id is base or, when that file
// exists, base-2, base-3…; it never overwrites a file (O_EXCL).
func writeNewDocument(dir, base string, content func(id string) []byte) (id, path string, err error) {
	for n := 1; n <= maxIDSuffix; n++ {
		id = base
		if n > 1 {
			id = fmt.Sprintf("%s-%d", base, n)
		}
		path = filepath.Join(dir, id+".md")
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", "", fmt.Errorf("create document %q: %w", path, err)
		}
		_, werr := f.Write(content(id))
		cerr := f.Close()
		if werr != nil || cerr != nil {
			os.Remove(path) // ours, just created: do not leave half a document
			return "", "", fmt.Errorf("write document %q: %w", path, errors.Join(werr, cerr))
		}
		return id, path, nil
	}
	return "", "", fmt.Errorf("create document: %s.md and %d suffixed variants all exist in %s", base, maxIDSuffix-1, dir)
}

// metadataSummary says each field's value and where it came from.
func metadataSummary(res ingest.Result) string {
	type field struct{ name, value, hint string }
	fields := []field{
		{"title", res.Meta.Title, res.Hint.Title},
		{"publisher", res.Meta.Publisher, res.Hint.Publisher},
		{"author", res.Meta.Author, res.Hint.Author},
		{"url", res.Meta.URL, res.Hint.URL},
		{"published", res.Meta.Published.String(), res.Hint.Published.String()},
		{"language", res.Meta.Language, res.Hint.Language},
	}
	var parts []string
	for _, f := range fields {
		switch {
		case f.hint != "":
			parts = append(parts, f.name+" (flag)")
		case f.value != "":
			parts = append(parts, f.name+" (text)")
		default:
			parts = append(parts, f.name+" (empty)")
		}
	}
	return strings.Join(parts, ", ")
}

func lineLabel(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("line %d: ", n)
}

// printRemovals prints the count of removed lines by rule, then the lines
// themselves (each cut to one screen line, the list cut after
// maxReportedRemovals).
func printRemovals(w io.Writer, res ingest.Result) {
	n := len(res.Removed)
	if n == 0 {
		fmt.Fprintln(w, "removed: nothing")
		return
	}
	counts := map[ingest.Rule]int{}
	for _, r := range res.Removed {
		counts[r.Rule]++
	}
	rules := make([]ingest.Rule, 0, len(counts))
	for r := range counts {
		rules = append(rules, r)
	}
	sort.Slice(rules, func(i, j int) bool {
		if counts[rules[i]] != counts[rules[j]] {
			return counts[rules[i]] > counts[rules[j]]
		}
		return rules[i] < rules[j]
	})
	var summary []string
	for _, r := range rules {
		summary = append(summary, fmt.Sprintf("%d %s", counts[r], r))
	}
	fmt.Fprintf(w, "removed %d: %s\n", n, strings.Join(summary, ", "))
	for i, r := range res.Removed {
		if i == maxReportedRemovals {
			fmt.Fprintf(w, "  … and %d more\n", n-maxReportedRemovals)
			break
		}
		where := ""
		if r.Line > 0 {
			where = fmt.Sprintf("L%d ", r.Line)
		}
		fmt.Fprintf(w, "  %s[%s] %s\n", where, r.Rule, prose.Fit(r.Text, 100))
	}
}
