package index

import (
	"encoding/binary"
	"testing"

	"github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"
)

// TestIDRanksFollowIDOrder: readIDRanks gives every record of a generation
// (documents and claims, numbered by bleve in the order they were indexed,
// not by id) a distinct place, in the byte order of their ids, and an
// unknown document number sorts last.
func TestIDRanksFollowIDOrder(t *testing.T) {
	t.Parallel()
	ix := openData(t, fixtureFS(), t.TempDir())
	rank, err := ix.st.idOrder()
	if err != nil {
		t.Fatal(err)
	}
	adv, err := ix.st.bi.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	all, err := r.DocIDReaderAll()
	if err != nil {
		t.Fatal(err)
	}
	defer all.Close()
	type rec struct {
		id   string
		rank string
	}
	var recs []rec
	sorted := true // the ids in document-number order: the test needs them not to be
	for {
		in, err := all.Next()
		if err != nil {
			t.Fatal(err)
		}
		if in == nil {
			break
		}
		id, err := r.ExternalID(in)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) > 0 && id < recs[len(recs)-1].id {
			sorted = false
		}
		recs = append(recs, rec{id, byIDRank{rank}.Value(docMatch(in))})
	}
	if len(recs) < 10 || sorted {
		t.Fatalf("%d records, in id order %v: the fixture no longer tests the ranks", len(recs), sorted)
	}
	seen := map[string]bool{}
	for _, a := range recs {
		if a.rank == noRank || seen[a.rank] || binary.BigEndian.Uint32([]byte(a.rank)) >= uint32(len(recs)) {
			t.Errorf("%s: rank %x (repeated or out of range)", a.id, a.rank)
		}
		seen[a.rank] = true
		for _, b := range recs {
			if (a.id < b.id) != (a.rank < b.rank) {
				t.Errorf("%s before %s, ranks %x and %x", a.id, b.id, a.rank, b.rank)
			}
		}
	}
	beyond := make([]byte, 8)
	binary.BigEndian.PutUint64(beyond, uint64(len(rank)/4))
	if got := (byIDRank{rank}).Value(docMatch(beyond)); got != noRank {
		t.Errorf("a number past the table: rank %x, want %x", got, noRank)
	}
	unranked := 0
	for i := 0; i < len(rank); i += 4 {
		if rank[i:i+4] == noRank {
			unranked++
		}
	}
	if unranked != len(rank)/4-len(recs) {
		t.Errorf("%d unranked numbers in a table of %d for %d records", unranked, len(rank)/4, len(recs))
	}
}

func docMatch(in bindex.IndexInternalID) *search.DocumentMatch {
	return &search.DocumentMatch{IndexInternalID: in}
}
