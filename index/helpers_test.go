package index

import (
	"context"
	"io/fs"
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
