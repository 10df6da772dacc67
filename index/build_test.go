package index

import (
	"os"
	"slices"
	"testing"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/index/internal/synth"
)

// TestBuildManyBatches builds from a data set on disk large enough for
// several batches to be in bleve at once (records are read, counted and
// handed over while earlier batches are analysed and built): run under
// -race, it checks that the builder shares nothing it should not, and the
// index must hold every record and find claims by their statements.
func TestBuildManyBatches(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 2,600 documents")
	}
	const n = 2600
	cfg := synth.Config{Documents: n, MeanWords: 60, Seed: 9}
	data := t.TempDir()
	if err := synth.New(cfg).WriteData(data); err != nil {
		t.Fatal(err)
	}
	ix := openData(t, os.DirFS(data), t.TempDir())
	c, err := armswatch.Load(os.DirFS(data))
	if err != nil {
		t.Fatal(err)
	}
	if st := ix.Stats(); st.Documents != n || st.Claims != len(c.Claims) {
		t.Fatalf("index holds %d documents and %d claims, want %d and %d", st.Documents, st.Claims, n, len(c.Claims))
	}
	missed := 0
	for i := 0; i < len(c.Claims); i += len(c.Claims) / 25 {
		cl := c.Claims[i]
		a := ask(t, ix, cl.Statement)
		ids := claimIDs(a)
		if len(ids) > 3 {
			ids = ids[:3]
		}
		if !slices.Contains(ids, cl.ID) {
			missed++
			t.Logf("claim %s not in the top 3 for its own statement: %v", cl.ID, ids)
		}
	}
	if missed > 0 {
		t.Errorf("%d claims not found by their own statements", missed)
	}
}
