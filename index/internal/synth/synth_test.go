package synth

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/armswatch/armswatch"
)

func TestDeterministicZipfCorpus(t *testing.T) {
	a := New(Config{Documents: 200, Seed: 1}).Corpus()
	b := New(Config{Documents: 200, Seed: 1}).Corpus()
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed gave different corpora")
	}
	if len(a.Documents) != 200 || len(a.Claims) != 20 || len(a.Aliases) == 0 {
		t.Fatalf("%d documents, %d claims, %d alias groups", len(a.Documents), len(a.Claims), len(a.Aliases))
	}
	counts := map[string]int{}
	words := 0
	for _, d := range a.Documents {
		for _, w := range strings.Fields(strings.ToLower(d.Body)) {
			counts[strings.Trim(w, ".,")]++
			words++
		}
	}
	if mean := words / len(a.Documents); mean < 300 || mean > 600 {
		t.Errorf("mean document length %d words, want news length", mean)
	}
	// Zipf: the most frequent word is far more frequent than the 100th.
	voc := Vocabulary(50_000, 1)
	if counts[voc[0]] < 20*max(1, counts[voc[100]]) {
		t.Errorf("rank 1 occurs %d times, rank 101 %d: not Zipf-like", counts[voc[0]], counts[voc[100]])
	}
	for _, c := range a.Claims {
		d, _ := a.Document(c.Appearances[0].Doc)
		if !strings.Contains(d.Body, c.Appearances[0].Quote) {
			t.Errorf("claim %s quotes text its document does not have", c.ID)
		}
	}
	if v := Vocabulary(1000, 3); len(v) != 1000 {
		t.Errorf("vocabulary of %d words", len(v))
	}
}

func TestWriteDataLoads(t *testing.T) {
	// The files load as the same corpus: what a benchmark builds from
	// disk is what it would build from memory.
	dir := t.TempDir()
	cfg := Config{Documents: 60, Seed: 5}
	if err := New(cfg).WriteData(dir); err != nil {
		t.Fatal(err)
	}
	got, err := armswatch.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	want := New(cfg).Corpus()
	for i := range want.Aliases {
		want.Aliases[i].Path, want.Aliases[i].Line = got.Aliases[i].Path, got.Aliases[i].Line
	}
	for i := range want.Claims {
		want.Claims[i].Path, want.Claims[i].Line = got.Claims[i].Path, got.Claims[i].Line
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the written data set loads differently:\n got %+v\nwant %+v", got.Claims[0], want.Claims[0])
	}
}
