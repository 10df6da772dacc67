package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/ingest"
)

// runIngestCmd runs "armswatch ingest args..." with the given environment
// and standard input.
func runIngestCmd(t *testing.T, environ map[string]string, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	return runCmd(t, environ, stdin, append([]string{"ingest"}, args...)...)
}

func seedPath(name string) string { return filepath.Join("..", "..", "data", "raw", name) }

const kyivSeed = "004_03d5a275d44f3caa.txt"

// frontMatterKeys are the keys of a document's front matter, in order.
var frontMatterKeys = []string{"title", "publisher", "author", "url", "published", "language", "source_file", "notes"}

// readDocumentFile splits a document file into its front matter (as an
// ordered list of keys and a map of values) and its body. strict checks the
// form ingest writes: every value a string, one blank line before the body.
func readDocumentFile(t *testing.T, path string, strict bool) (keys []string, values map[string]string, body string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	if !strings.HasPrefix(s, "---\n") {
		t.Fatalf("%s does not start with ---:\n%s", path, s)
	}
	fm, body, ok := strings.Cut(s[4:], "\n---\n")
	if !ok {
		t.Fatalf("%s: front matter not closed:\n%s", path, s)
	}
	if strict && (!strings.HasPrefix(body, "\n") || strings.HasPrefix(body, "\n\n")) {
		t.Errorf("%s: want exactly one blank line after the front matter", path)
	}
	var node yaml.Node
	if err := yaml.Unmarshal([]byte(fm), &node); err != nil {
		t.Fatalf("%s: front matter is not YAML: %v\n%s", path, err, fm)
	}
	m := node.Content[0]
	values = map[string]string{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if strict && (v.Kind != yaml.ScalarNode || v.Tag != "!!str") {
			t.Errorf("%s: %s is a %v node tagged %s, want a string", path, k.Value, v.Kind, v.Tag)
		}
		keys = append(keys, k.Value)
		values[k.Value] = v.Value
	}
	return keys, values, strings.TrimLeft(body, "\n")
}

func TestIngestWritesDocument(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out, stderr, err := runIngestCmd(t, nil, "", seedPath(kyivSeed), "--data", dir, "--url", "https://kyivindependent.com/example", "--language", "en")
	if err != nil {
		t.Fatalf("ingest: %v\nstderr: %s", err, stderr)
	}
	id := "kyivindependent-2023-11-14-austin-south-korea-allies"
	path := filepath.Join(dir, "documents", id+".md")
	for _, want := range []string{
		"id: " + id + "\n",
		"wrote: " + path + "\n",
		"metadata: title (text), publisher (text), author (text), url (flag), published (text), language (flag)\n",
		`kept: line 36: teaser kept "Russia, China and North Korea have new dynamics. And it’s bad for Ukraine", cut off at "by a Russ…"`,
		"removed 45: 24 newsletter box, 9 news-feed sidebar, 4 donation box, ",
		"  L1 [navigation] Skip to content\n",
		"  L43 [news-feed sidebar] News Feed\n",
		"  … and 5 more\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	keys, fm, body := readDocumentFile(t, path, true)
	if strings.Join(keys, ",") != strings.Join(frontMatterKeys, ",") {
		t.Errorf("front matter keys = %v, want %v", keys, frontMatterKeys)
	}
	want := map[string]string{
		"title":       "Austin: South Korea's allies concerned that Russia, China aid North Korea's military",
		"publisher":   "The Kyiv Independent",
		"author":      "Nate Ostiller and The Kyiv Independent news desk",
		"url":         "https://kyivindependent.com/example",
		"published":   "2023-11-14",
		"language":    "en",
		"source_file": kyivSeed,
	}
	for k, v := range want {
		if fm[k] != v {
			t.Errorf("%s = %q, want %q", k, fm[k], v)
		}
	}
	for _, note := range []string{
		"From the moderator's flags: url, language.",
		`Publisher, author and published from the text, line 6: "by Nate Ostiller and The Kyiv Independent news desk November 14, 2023 12:42 PM 2 min read".`,
		"an on-topic related-article teaser",
	} {
		if !strings.Contains(fm["notes"], note) {
			t.Errorf("notes lack %q:\n%s", note, fm["notes"])
		}
	}
	if !strings.HasPrefix(body, "U.S. Secretary of Defense Lloyd Austin") || !strings.HasSuffix(body, "to Dunay, Russia, by a Russ…\n") {
		t.Errorf("body:\n%s", body)
	}
	if strings.Contains(body, "indicates required") || strings.Contains(body, "News Feed") {
		t.Errorf("furniture left in the body:\n%s", body)
	}

	// The written file loads and validates as a document of a data set.
	if err := os.WriteFile(filepath.Join(dir, "aliases.yaml"), []byte("[]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	corpus, err := armswatch.Load(os.DirFS(dir))
	if err != nil {
		t.Fatalf("the written document does not load: %v", err)
	}
	doc, ok := corpus.Document(id)
	if !ok {
		t.Fatalf("document %s not loaded", id)
	}
	if doc.Published != armswatch.MustDate("2023-11-14") || doc.Title != want["title"] {
		t.Errorf("loaded %+v", doc)
	}
}

func TestIngestNeverOverwrites(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	base := filepath.Join(dir, "documents", "kyivindependent-2023-11-14-austin-south-korea-allies")
	for i, suffix := range []string{"", "-2", "-3"} {
		out, _, err := runIngestCmd(t, nil, "", seedPath(kyivSeed), "--data", dir)
		if err != nil {
			t.Fatalf("run %d: %v", i+1, err)
		}
		if !strings.Contains(out, "wrote: "+base+suffix+".md\n") {
			t.Errorf("run %d: want %s%s.md written:\n%s", i+1, base, suffix, out)
		}
		if dup := "was cleaned from the same source_file"; strings.Contains(out, dup) != (i > 0) {
			t.Errorf("run %d: duplicate warning present = %v, want %v:\n%s", i+1, !(i > 0), i > 0, out)
		}
	}
	// A file of the same name that the moderator edited is left alone.
	edited := []byte("---\ntitle: edited by hand\n---\n\nkeep me\n")
	if err := os.WriteFile(base+".md", edited, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runIngestCmd(t, nil, "", seedPath(kyivSeed), "--data", dir); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(base + ".md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, edited) {
		t.Errorf("an existing document was overwritten:\n%s", got)
	}
	if _, err := os.Stat(base + "-4.md"); err != nil {
		t.Errorf("want the fourth copy as -4: %v", err)
	}
}

func TestIngestFlagsWin(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out, _, err := runIngestCmd(t, nil, "", seedPath("002_f5d1194017b818c5.txt"), "--data", dir,
		"--title", "Allies criticise North Korea", "--author", "R. Cheplyk", "--publisher", "Example Outlet", "--published", "2024-01")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "documents", "exampleoutlet-2024-01-allies-criticise-north-korea.md")
	if !strings.Contains(out, "wrote: "+path) {
		t.Fatalf("output:\n%s", out)
	}
	_, fm, _ := readDocumentFile(t, path, true)
	if fm["title"] != "Allies criticise North Korea" || fm["author"] != "R. Cheplyk" || fm["publisher"] != "Example Outlet" || fm["published"] != "2024-01" {
		t.Errorf("flags did not win: %v", fm)
	}
	if !strings.Contains(fm["notes"], `The text states author "Roman Cheplyk"; the flag's "R. Cheplyk" was used.`) {
		t.Errorf("notes do not record the text's author:\n%s", fm["notes"])
	}
}

func TestIngestStdinAndDataDirEnv(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	page := "<html lang=\"en\"><body><nav>Home News</nav><article><h1>Harbour ferries return after the storm</h1>" +
		"<p>The three harbour ferries are running again after four days in dock, the port office said on Monday.</p>" +
		"<div class=\"share\">Share on Facebook</div></article></body></html>"
	out, _, err := runIngestCmd(t, map[string]string{"DATA_DIR": dir}, page, "-")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "documents", "harbour-ferries-return-storm.md")
	if !strings.Contains(out, "wrote: "+path) {
		t.Fatalf("want the document in $DATA_DIR:\n%s", out)
	}
	_, fm, body := readDocumentFile(t, path, true)
	if fm["source_file"] != "" || fm["language"] != "en" || !strings.Contains(fm["notes"], "from standard input (HTML)") {
		t.Errorf("front matter: %v", fm)
	}
	if body != "The three harbour ferries are running again after four days in dock, the port office said on Monday.\n" {
		t.Errorf("body = %q", body)
	}
	for _, want := range []string{"[html <nav>] Home News", "[html .share] Share on Facebook"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestIngestUsageErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"bad date", []string{seedPath(kyivSeed), "--data", dir, "--published", "2023-13-01"}, `--published: bad date: month 13 out of range in "2023-13-01"`},
		{"date with words", []string{seedPath(kyivSeed), "--data", dir, "--published", "Nov 14 2023"}, `--published: bad date: "Nov 14 2023" is not YYYY, YYYY-MM or YYYY-MM-DD`},
		{"no file", []string{"--data", dir}, "no FILE given"},
		{"two files", []string{seedPath(kyivSeed), seedPath(kyivSeed), "--data", dir}, "one FILE at a time"},
		{"bad url", []string{seedPath(kyivSeed), "--data", dir, "--url", "kyivindependent.com/x"}, "--url"},
		{"bad language", []string{seedPath(kyivSeed), "--data", dir, "--language", "English!"}, "--language"},
		{"unknown flag", []string{seedPath(kyivSeed), "--data", dir, "--titel", "x"}, "titel"},
	}
	for _, tt := range tests {
		_, stderr, err := runIngestCmd(t, nil, "", tt.args...)
		if code := exitCode(err); code != 2 {
			t.Errorf("%s: exit status %d (%v), want 2", tt.name, code, err)
		}
		if !strings.Contains(stderr, tt.want) || !strings.Contains(stderr, "Usage: armswatch ingest FILE") {
			t.Errorf("%s: stderr lacks %q and the usage:\n%s", tt.name, tt.want, stderr)
		}
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "documents")); len(entries) != 0 {
		t.Errorf("a usage error wrote %d documents", len(entries))
	}
}

func TestIngestNoTitle(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	text := "the operator said on tuesday that ferry fares will rise by five per cent from the first of april.\n"
	_, stderr, err := runIngestCmd(t, nil, text, "-", "--data", dir)
	if exitCode(err) != 2 || !strings.Contains(stderr, "pass --title") {
		t.Fatalf("err = %v, stderr:\n%s", err, stderr)
	}
	out, _, err := runIngestCmd(t, nil, text, "-", "--data", dir, "--title", "Ferry fares to rise")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "id: ferry-fares-rise\n") {
		t.Errorf("output:\n%s", out)
	}
}

func TestIngestFailures(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct {
		name  string
		stdin string
		args  []string
		want  string // in the error
	}{
		{"missing file", "", []string{filepath.Join(dir, "nope.txt"), "--data", dir}, "nope.txt"},
		{"missing data dir", "", []string{seedPath(kyivSeed), "--data", filepath.Join(dir, "nope")}, "open data directory"},
		{"empty input", "  \n", []string{"-", "--data", dir}, "no text"},
		{"only furniture", "Skip to content\nSubscribe\n", []string{"-", "--data", dir}, "nothing left"},
	}
	for _, tt := range tests {
		_, _, err := runIngestCmd(t, nil, tt.stdin, tt.args...)
		if exitCode(err) != 1 || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v (exit %d), want exit 1 mentioning %q", tt.name, err, exitCode(err), tt.want)
		}
	}
}

// TestBundledDocumentsMatchIngest cleans the raw seed behind each bundled
// document (data/documents/*.md with a source_file) and compares the body
// with the hand-written one after whitespace normalisation. The two were
// written independently; a difference is reported line by line.
func TestBundledDocumentsMatchIngest(t *testing.T) {
	t.Parallel()
	docs, err := filepath.Glob(filepath.Join("..", "..", "data", "documents", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, p := range docs {
		_, fm, body := readDocumentFile(t, p, false)
		src := fm["source_file"]
		if src == "" {
			continue
		}
		checked++
		raw, err := os.ReadFile(seedPath(src))
		if err != nil {
			t.Errorf("%s: source_file %q: %v", filepath.Base(p), src, err)
			continue
		}
		res, err := ingest.Clean(raw, ingest.Meta{})
		if err != nil {
			t.Errorf("%s: clean %s: %v", filepath.Base(p), src, err)
			continue
		}
		if got, want := armswatch.NormalizeSpace(res.Body), armswatch.NormalizeSpace(body); got != want {
			t.Errorf("%s: body differs from ingest of %s:\n%s", filepath.Base(p), src, paragraphDiff(body, res.Body))
		}
		// What the text states must agree too (url and language come from
		// the moderator, not the text).
		for field, got := range map[string]string{
			"title":     res.Meta.Title,
			"publisher": res.Meta.Publisher,
			"author":    res.Meta.Author,
			"published": res.Meta.Published.String(),
		} {
			if fm[field] != got {
				t.Errorf("%s: %s = %q, but the text of %s states %q", filepath.Base(p), field, fm[field], src, got)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no bundled document names a source_file: nothing was compared")
	}
	t.Logf("compared %d bundled documents", checked)
}

// paragraphDiff lists the paragraphs only one of two bodies has, in order.
func paragraphDiff(hand, cleaned string) string {
	paras := func(s string) []string {
		var out []string
		for _, p := range strings.Split(s, "\n\n") {
			if p = armswatch.NormalizeSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	}
	h, c := paras(hand), paras(cleaned)
	var b strings.Builder
	for _, p := range h {
		if !slices.Contains(c, p) {
			b.WriteString("  only in the bundled document: " + p + "\n")
		}
	}
	for _, p := range c {
		if !slices.Contains(h, p) {
			b.WriteString("  only in ingest's output:      " + p + "\n")
		}
	}
	if b.Len() == 0 {
		b.WriteString("  same paragraphs, split or joined differently\n")
	}
	return b.String()
}

// An empty directory ingested into is a data set that check accepts: no
// aliases.yaml or claims/ is needed.
func TestIngestIntoEmptyDirPassesCheck(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out, errOut, err := runIngestCmd(t, nil, "", seedPath(kyivSeed), "--data", dir)
	if err != nil {
		t.Fatalf("ingest: %v\n%s%s", err, out, errOut)
	}
	out, errOut, err = runCmd(t, nil, "", "check", "--data", dir)
	if err != nil || !strings.HasPrefix(out, "ok: 1 document, 0 claims, 0 alias groups") {
		t.Errorf("check after ingest: %v\n%s%s", err, out, errOut)
	}
}
