package index

import (
	"context"
	"io/fs"
	"iter"
	"os"
	"testing"

	"github.com/armswatch/armswatch"
)

// fixtureFS is the multilingual test corpus in testdata/fixture.
func fixtureFS() fs.FS { return os.DirFS("testdata/fixture") }

// openFixture opens a fresh index over the fixture in a temporary directory.
func openFixture(t testing.TB) *Index {
	t.Helper()
	return openData(t, fixtureFS(), t.TempDir())
}

func openData(t testing.TB, data fs.FS, dir string) *Index {
	t.Helper()
	ix, err := Open(context.Background(), Options{Path: dir, Data: data, DataLabel: "fixture"})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func ask(t testing.TB, ix *Index, text string) armswatch.Answer {
	t.Helper()
	a, err := ix.Answer(context.Background(), armswatch.Query{Text: text})
	if err != nil {
		t.Fatalf("Answer(%q): %v", text, err)
	}
	return a
}

func claimIDs(a armswatch.Answer) []string {
	ids := make([]string, len(a.Claims))
	for i, c := range a.Claims {
		ids[i] = c.ID
	}
	return ids
}

// corpusSource is a data set already in memory, for tests and benchmarks.
// The build consumes it: each document's body is dropped once it is in the
// index.
type corpusSource struct{ c *armswatch.Corpus }

func (s corpusSource) Aliases() []armswatch.AliasGroup { return s.c.Aliases }
func (s corpusSource) DocumentCount() int              { return len(s.c.Documents) }
func (s corpusSource) ClaimCount() int                 { return len(s.c.Claims) }
func (s corpusSource) Finish() (*armswatch.Corpus, error) {
	return s.c, nil
}
func (s corpusSource) Documents() iter.Seq[*armswatch.Document] {
	return func(yield func(*armswatch.Document) bool) {
		for i := range s.c.Documents {
			if !yield(&s.c.Documents[i]) {
				return
			}
		}
	}
}

// heldBytes is the text of the corpus's documents.
func (s corpusSource) heldBytes() int64 {
	var n int64
	for i := range s.c.Documents {
		n += int64(len(s.c.Documents[i].Body))
	}
	return n
}
