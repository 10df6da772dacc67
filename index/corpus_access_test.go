package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/armswatch/armswatch"
)

// TestCorpus: Corpus gives the data set the index serves, loaded once and
// cached; data changed on disk (valid or not) does not show until a
// reindex puts it in service; a closed index has none.
func TestCorpus(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, fixtureFS()); err != nil {
		t.Fatal(err)
	}
	ix := openData(t, os.DirFS(dir), t.TempDir())
	want, err := armswatch.Load(fixtureFS())
	if err != nil {
		t.Fatal(err)
	}
	first, err := ix.Corpus()
	if err != nil {
		t.Fatalf("Corpus: %v", err)
	}
	if len(first.Documents) != len(want.Documents) || len(first.Claims) != len(want.Claims) || len(first.Aliases) != len(want.Aliases) {
		t.Fatalf("corpus of %d documents, %d claims, %d alias groups; want %d, %d, %d", len(first.Documents), len(first.Claims),
			len(first.Aliases), len(want.Documents), len(want.Claims), len(want.Aliases))
	}
	for _, d := range first.Documents {
		if w, _ := want.Document(d.ID); d.Body != "" || d.Title != w.Title || d.Published != w.Published {
			t.Errorf("document %s: want its metadata without its body", d.ID)
		}
	}
	if again, _ := ix.Corpus(); again != first {
		t.Error("the corpus was loaded again with nothing changed")
	}

	// An invalid claim: the index in service and its corpus stay.
	bad := "- id: fx-corpus-bad\n  statement: Bad.\n  claimant: Nobody\n  stance: asserts\n  appearances:\n    - doc: fx-en-containers\n      quote: Not in the document.\n"
	write := func(text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, "claims", "zz-corpus.yaml"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(bad)
	if c, err := ix.Corpus(); err != nil || c != first {
		t.Errorf("with invalid data on disk: %p, %v; want the corpus in service", c, err)
	}
	if _, err := ix.Reindex(context.Background()); !errors.Is(err, armswatch.ErrInvalidData) {
		t.Fatalf("Reindex of invalid data: %v", err)
	}
	if c, _ := ix.Corpus(); c != first {
		t.Error("a failed reindex changed the corpus")
	}

	// A valid new claim shows once reindexed.
	doc, _ := want.Document("fx-en-containers")
	sentence, _, _ := strings.Cut(armswatch.NormalizeSpace(doc.Body), ". ")
	write("- id: fx-corpus-new\n  statement: New.\n  claimant: Somebody\n  stance: asserts\n  appearances:\n    - doc: fx-en-containers\n      quote: " +
		strconv.Quote(sentence) + "\n")
	if c, _ := ix.Corpus(); c != first {
		t.Error("data not yet reindexed shows in the corpus")
	}
	if _, err := ix.Reindex(context.Background()); err != nil {
		t.Fatalf("Reindex: %v", err)
	}
	after, err := ix.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := after.Claim("fx-corpus-new"); !ok || len(after.Claims) != len(first.Claims)+1 {
		t.Errorf("after the reindex: %d claims, new claim there: %v", len(after.Claims), ok)
	}

	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Corpus(); err == nil {
		t.Error("a closed index gave a corpus")
	}
}
