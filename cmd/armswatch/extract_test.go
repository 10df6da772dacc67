package main

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/data"
	"github.com/armswatch/armswatch/ingest"
)

// runExtractCmd runs "armswatch extract args..." without a .env file.
func runExtractCmd(t *testing.T, environ map[string]string, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	return runCmd(t, environ, stdin, append([]string{"extract"}, args...)...)
}

// copyIntoDataDir makes a data directory holding the alias file and the
// given document files (name -> content), and the candidates as its only
// claim file, the way a moderator would copy them.
func copyIntoDataDir(t *testing.T, aliases []byte, docs map[string][]byte, candidates string) string {
	t.Helper()
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "documents"), 0o755))
	must(os.MkdirAll(filepath.Join(dir, "claims"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "aliases.yaml"), aliases, 0o644))
	for name, b := range docs {
		must(os.WriteFile(filepath.Join(dir, "documents", name), b, 0o644))
	}
	must(os.WriteFile(filepath.Join(dir, "claims", "candidates.yaml"), []byte(candidates), 0o644))
	return dir
}

// loadAndCheck loads a data directory with the loader and with "armswatch
// check", and returns the claims.
func loadAndCheck(t *testing.T, dir string) []armswatch.Claim {
	t.Helper()
	c, err := armswatch.Load(os.DirFS(dir))
	if err != nil {
		t.Fatalf("the candidates do not pass the loader:\n%v", err)
	}
	var out, errOut bytes.Buffer
	getenv := func(k string) string {
		if k == "ENV_FILE" {
			return filepath.Join(dir, "no.env")
		}
		return ""
	}
	if err := run(context.Background(), []string{"check", "--data", dir}, getenv, strings.NewReader(""), &out, &errOut); err != nil {
		t.Fatalf("armswatch check: %v\n%s%s", err, out.String(), errOut.String())
	}
	return c.Claims
}

func checkHeader(t *testing.T, out, docID string) {
	t.Helper()
	if !strings.HasPrefix(out, "# Candidate claim records for document "+docID) {
		t.Errorf("output does not start with the candidates comment:\n%s", firstLines(out, 3))
	}
	if !strings.Contains(out, "CANDIDATES TO REVIEW before copying into data/claims/") {
		t.Errorf("header does not say the records are candidates to review:\n%s", firstLines(out, 8))
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

// Every record extract prints for a bundled document passes the loader and
// "armswatch check" once copied into a data directory holding the document.
func TestExtractBundledDocumentsPassCheck(t *testing.T) {
	t.Parallel()
	corpus, err := armswatch.Load(data.FS())
	if err != nil {
		t.Fatal(err)
	}
	aliases, err := fs.ReadFile(data.FS(), "aliases.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(corpus.Documents) == 0 {
		t.Fatal("no bundled documents")
	}
	for _, d := range corpus.Documents {
		t.Run(d.ID, func(t *testing.T) {
			out, errOut, err := runExtractCmd(t, nil, "", d.ID)
			if err != nil {
				t.Fatalf("extract %s: %v\n%s", d.ID, err, errOut)
			}
			checkHeader(t, out, d.ID)
			raw, err := fs.ReadFile(data.FS(), d.Path)
			if err != nil {
				t.Fatal(err)
			}
			dir := copyIntoDataDir(t, aliases, map[string][]byte{d.ID + ".md": raw}, out)
			claims := loadAndCheck(t, dir)
			if len(claims) == 0 {
				t.Fatalf("no candidates for %s", d.ID)
			}
			if n := strings.Count(out, "\n- id: "); n != len(claims) {
				t.Errorf("%d records printed, %d loaded", n, len(claims))
			}
			for _, c := range claims {
				for _, a := range c.Appearances {
					if a.Doc != d.ID {
						t.Errorf("%s cites %q, want %q", c.ID, a.Doc, d.ID)
					}
				}
			}
			if !strings.Contains(errOut, "candidate") {
				t.Errorf("stderr does not count the candidates: %q", errOut)
			}
		})
	}
}

// A document in the data directory (--data, or DATA_DIR), whatever the
// directory's claim records hold: extract never reads them and writes
// nothing there.
func TestExtractDataDirDocument(t *testing.T) {
	t.Parallel()
	src := filepath.Join("..", "..", "extract", "testdata", "paragraphs")
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	// Broken claim records: extract must not read them.
	if err := os.WriteFile(filepath.Join(dir, "claims", "broken.yaml"), []byte("- id: [not, valid\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	id := "wire-eastern-2024-02-07-containers"
	for _, how := range []struct {
		name    string
		environ map[string]string
		args    []string
	}{
		{"--data", nil, []string{id, "--data", dir}},
		{"DATA_DIR", map[string]string{"DATA_DIR": dir}, []string{id}},
	} {
		t.Run(how.name, func(t *testing.T) {
			out, errOut, err := runExtractCmd(t, how.environ, "", how.args...)
			if err != nil {
				t.Fatalf("extract: %v\n%s", err, errOut)
			}
			checkHeader(t, out, id)
			aliases, err := os.ReadFile(filepath.Join(dir, "aliases.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := os.ReadFile(filepath.Join(dir, "documents", id+".md"))
			if err != nil {
				t.Fatal(err)
			}
			claims := loadAndCheck(t, copyIntoDataDir(t, aliases, map[string][]byte{id + ".md": doc}, out))
			var park bool
			for _, c := range claims {
				if c.Claimant == "Park Sung-ho" && c.SaidOn.String() == "2024-02-07" {
					park = true
				}
			}
			if !park {
				t.Errorf("no candidate by Park Sung-ho said on 2024-02-07:\n%s", out)
			}
		})
	}
	if after := snapshot(t, dir); strings.Join(before, "\n") != strings.Join(after, "\n") {
		t.Errorf("extract changed the data directory:\nbefore %q\nafter  %q", before, after)
	}
}

// snapshot lists every file of a directory with its size and content hash
// stand-in (the content itself: the fixtures are small).
func snapshot(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		out = append(out, p+"\x00"+string(b))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// A raw article (the seeds as received, an HTML page, standard input) is
// cleaned as ingest would clean it; its id is the one ingest would give it;
// the records pass check next to the document ingest would write.
func TestExtractRawFile(t *testing.T) {
	t.Parallel()
	aliases, err := fs.ReadFile(data.FS(), "aliases.yaml")
	if err != nil {
		t.Fatal(err)
	}
	corpus, err := armswatch.Load(data.FS())
	if err != nil {
		t.Fatal(err)
	}
	seeds, err := filepath.Glob(filepath.Join("..", "..", "data", "raw", "*.txt"))
	if err != nil || len(seeds) == 0 {
		t.Fatalf("no raw seeds: %v", err)
	}
	files := append(seeds, filepath.Join("testdata", "extract", "article.html"))
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			res, err := ingest.Clean(raw, ingest.Meta{})
			if err != nil {
				t.Fatal(err)
			}
			base := ingest.DocumentID(res.Meta.Publisher, res.Meta.Published, res.Meta.Title)
			wantID := base
			for n := 2; ; n++ {
				if _, taken := corpus.Document(wantID); !taken {
					break
				}
				wantID = base + "-" + strconv.Itoa(n)
			}
			out, errOut, err := runExtractCmd(t, nil, "", file)
			if err != nil {
				t.Fatalf("extract %s: %v\n%s", file, err, errOut)
			}
			checkHeader(t, out, wantID)
			doc := ingest.Render(res.Document(wantID, filepath.Base(file)))
			claims := loadAndCheck(t, copyIntoDataDir(t, aliases, map[string][]byte{wantID + ".md": doc}, out))
			if len(claims) == 0 {
				t.Errorf("no candidates from %s", file)
			}
			for _, c := range claims {
				if c.Appearances[0].Doc != wantID {
					t.Errorf("%s cites %q, want %q", c.ID, c.Appearances[0].Doc, wantID)
				}
			}
		})
	}
	t.Run("stdin", func(t *testing.T) {
		raw, err := os.ReadFile(filepath.Join("testdata", "extract", "article.html"))
		if err != nil {
			t.Fatal(err)
		}
		out, errOut, err := runExtractCmd(t, nil, string(raw), "-", "--published", "2024-03-08")
		if err != nil {
			t.Fatalf("extract -: %v\n%s", err, errOut)
		}
		if !strings.Contains(out, `said_on: "2024-03-07"`) {
			t.Errorf("\"on Thursday\" not resolved against --published 2024-03-08:\n%s", out)
		}
		if !strings.Contains(out, "text: \"up to 500,000\"") || !strings.Contains(out, `measure: "capacity"`) {
			t.Errorf("the capacity figure is missing:\n%s", out)
		}
	})
}

func TestExtractErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"no argument", nil, 2, "no DOC_OR_FILE"},
		{"two arguments", []string{"a", "b"}, 2, "one document at a time"},
		{"unknown document", []string{"no-such-document"}, 1, `no document "no-such-document"`},
		{"missing file", []string{"./missing/article.txt"}, 1, "read article"},
		{"a directory", []string{"."}, 1, "is a directory"},
		{"bad date", []string{"x.txt", "--published", "2024-13"}, 2, "--published"},
		{"missing data dir", []string{"a-doc", "--data", "/nonexistent/armswatch-data"}, 1, "open data directory"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, err := runExtractCmd(t, nil, "", tc.args...)
			if code := exitCode(err); code != tc.code {
				t.Fatalf("exit %d, want %d (err %v)\nstdout: %s\nstderr: %s", code, tc.code, err, out, errOut)
			}
			if msg := errOut + errString(err); !strings.Contains(msg, tc.msg) {
				t.Errorf("message %q does not say %q", msg, tc.msg)
			}
			if out != "" {
				t.Errorf("stdout should be empty on error, got %q", out)
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestExtractHelp(t *testing.T) {
	t.Parallel()
	out, _, err := runExtractCmd(t, nil, "", "--help")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"DOC_OR_FILE", "--data", "candidates", "never reads claim records"} {
		if !strings.Contains(out, want) {
			t.Errorf("help does not mention %q:\n%s", want, out)
		}
	}
}
