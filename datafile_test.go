package armswatch

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// diskFixture writes a data set under testdata/load to a temporary
// directory, so that a test can put real files (links, pipes) in it.
func diskFixture(t *testing.T, name string) string {
	t.Helper()
	dir := t.TempDir()
	for p, f := range fixtureFS(t, name) {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// loadEveryWay loads fsys with Load, LoadMetadata and a Stream, failing
// the test if any of them does not return within 10 s (a file that
// blocks or never ends) or if they disagree. It returns Load's result.
func loadEveryWay(t *testing.T, fsys fs.FS) (*Corpus, error) {
	t.Helper()
	type result struct {
		c                     *Corpus
		err, metaErr, streamE error
		handedOut             int
	}
	done := make(chan result, 1)
	go func() {
		var r result
		r.c, r.err = Load(fsys)
		_, r.metaErr = LoadMetadata(fsys)
		s, err := OpenStream(fsys)
		if err == nil {
			for range s.Documents() {
				r.handedOut++
			}
			_, err = s.Finish()
		}
		r.streamE = err
		done <- r
	}()
	select {
	case r := <-done:
		if fmt.Sprint(r.metaErr) != fmt.Sprint(r.err) || fmt.Sprint(r.streamE) != fmt.Sprint(r.err) {
			t.Errorf("Load:\n%v\nLoadMetadata:\n%v\nStream:\n%v", r.err, r.metaErr, r.streamE)
		}
		if r.err != nil && r.handedOut > 0 {
			t.Errorf("the stream handed out %d documents of invalid data", r.handedOut)
		}
		return r.c, r.err
	case <-time.After(10 * time.Second):
		t.Fatal("loading did not return within 10 s")
		return nil, nil
	}
}

// sparseFile makes a file of size bytes that starts with head; the rest
// is a hole, so the test writes almost nothing.
func sparseFile(t *testing.T, name, head string, size int64) {
	t.Helper()
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(head); err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestLoadRefusesLargeFiles(t *testing.T) {
	t.Parallel()
	const doc = "---\ntitle: T\n---\nText.\n"
	for _, tc := range []struct {
		name, file, head string
		size             int64
		want             []want
	}{
		{"document at the limit", "documents/big.md", doc, MaxFileBytes, nil},
		{"document one byte over", "documents/big.md", doc, MaxFileBytes + 1,
			[]want{{"documents/big.md", "too large (8.1 MiB; the limit is 8 MiB)"}}},
		{"claim file", "claims/big.yaml", "[]\n", 9 << 20,
			[]want{{"claims/big.yaml", "too large (9 MiB; the limit is 8 MiB)"}}},
		{"alias file", "aliases.yaml", "[]\n", 1 << 30,
			[]want{{"aliases.yaml", "too large (1024 MiB; the limit is 8 MiB)"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := diskFixture(t, "good")
			sparseFile(t, filepath.Join(dir, filepath.FromSlash(tc.file)), tc.head, tc.size)
			_, err := loadEveryWay(t, os.DirFS(dir))
			checkErrors(t, err, tc.want)
		})
	}
}

// endlessFS serves one file as a regular file of the size listed, which
// yields zeros for ever when read: a file that grows after it is checked.
// It has only Open, so that nothing reads the file around it.
type endlessFS struct {
	fsys fs.FS
	name string
}

func (e endlessFS) Open(name string) (fs.File, error) {
	f, err := e.fsys.Open(name)
	if err != nil || name != e.name {
		return f, err
	}
	return endlessFile{f}, nil
}

type endlessFile struct{ fs.File }

func (endlessFile) Read(p []byte) (int, error) { clear(p); return len(p), nil }

func TestLoadStopsReadingAFileThatGrows(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"aliases.yaml", "claims/shells.yaml", "documents/" + docShells + ".md"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fsys := endlessFS{fixtureFS(t, "good"), name}
			_, err := loadEveryWay(t, fsys)
			checkErrors(t, err, []want{{name, "too large (it grew past the limit of 8 MiB as it was read)"}})
		})
	}
}

func TestReadAtMost(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		size, expect, limit int64
		wantLen             int
	}{
		{0, 0, 10, 0},
		{10, 10, 10, 10},
		{11, 10, 10, 11}, // one over: the caller refuses it
		{1000, 3, 10, 11},
		{5, 1 << 40, 10, 5}, // a wrong expectation allocates at most limit+1
	} {
		got, err := readAtMost(io.LimitReader(zeros{}, tc.size), tc.expect, tc.limit)
		if err != nil || len(got) != tc.wantLen || cap(got) > int(tc.limit)+1 && tc.size <= tc.limit {
			t.Errorf("size %d, expect %d, limit %d: read %d (cap %d), %v; want %d", tc.size, tc.expect, tc.limit, len(got), cap(got), err, tc.wantLen)
		}
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

func TestLoadReportsLongFields(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", MaxFieldBytes+1)
	fits := strings.Repeat("y", MaxFieldBytes)
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  []want
	}{
		{
			name:  "document title",
			files: map[string]string{"documents/long.md": "---\ntitle: " + long + "\n---\nText.\n"},
			want:  []want{{"documents/long.md:2: title", "too long (64.1 KiB; the limit is 64 KiB for one value)"}},
		},
		{
			name:  "a value at the limit, and a body past it",
			files: map[string]string{"documents/fits.md": "---\ntitle: " + fits + "\n---\n" + long + " " + long + "\n"},
		},
		{
			name: "claim statement and quote",
			files: map[string]string{"claims/work.yaml": strings.NewReplacer(
				"statement: North Korea denies supplying weapons.", "statement: "+long,
				"quote: Pyongyang has denied supplying any weapons.", "quote: |\n        "+long,
			).Replace(base)},
			want: []want{
				{"claims/work.yaml:2: statement", "too long (64.1 KiB"},
				{"claims/work.yaml:7: appearances[0].quote", "too long (64.1 KiB"},
			},
		},
		{
			name:  "alias and field name",
			files: map[string]string{"aliases.yaml": "- name: X\n  kind: term\n  aliases: [Y, " + long + "]\n- name: Z\n  kind: term\n  aliases: [W]\n  ? " + long + "\n  : 1\n"},
			want: []want{
				{"aliases.yaml:3: aliases[1]", "too long (64.1 KiB"},
				{"aliases.yaml:7", "field name too long (64.1 KiB; the limit is 64 KiB)"},
			},
		},
		{
			name: "a long quote is not also looked up in its document",
			files: map[string]string{"documents/other.md": "---\ntitle: T\n---\nText.\n", "claims/work.yaml": strings.NewReplacer(
				"doc: "+docShells, "doc: other",
				"quote: Pyongyang has denied supplying any weapons.", "quote: "+long,
			).Replace(base)},
			want: []want{{"claims/work.yaml:7: appearances[0].quote", "too long"}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fsys := fixtureFS(t, "good")
			for p, content := range tc.files {
				fsys[p] = &fstest.MapFile{Data: []byte(content)}
			}
			_, err := loadEveryWay(t, fsys)
			checkErrors(t, err, tc.want)
			if err != nil && bytes.Contains([]byte(err.Error()), []byte(long)) {
				t.Error("a message quotes the long value")
			}
		})
	}
}
