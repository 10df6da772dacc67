package index

import (
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
)

// Breaking ties in score by record id without reading the ids.
//
// searchByScore falls back to bleve's sort by score then _id when equal
// scores reach past the hits it fetched. That sort reads the id of every
// hit from the stored fields, each a jump to another place in the files:
// for a word in thousands of documents of equal length (a typo answer's
// correction often is one), 4 ms of a 10 ms answer, the slowest answers
// of the typo path. The generation is opened read only, so bleve's
// internal document numbers do not change: idRanks reads every id once,
// the first time a search needs it, and keeps each record's place in id
// order by its number, which the sort reads instead.

// idRanks is a generation's records' places in id order.
type idRanks struct {
	once sync.Once
	rank string // 4 bytes (big endian) per internal document number
	err  error
}

// noRank sorts after every rank; a number the table does not know (none,
// in a read-only generation) gets it.
const noRank = "\xff\xff\xff\xff"

// idOrder returns the generation's id ranks, read on first use; the caller
// holds ix.mu for reading.
func (st *state) idOrder() (string, error) {
	st.ids.once.Do(func() { st.ids.rank, st.ids.err = readIDRanks(st.bi) })
	return st.ids.rank, st.ids.err
}

// readIDRanks reads every record's id and numbers them in id order (the
// byte order of the strings, as bleve's _id sort compares them).
func readIDRanks(bi bleve.Index) (string, error) {
	adv, err := bi.Advanced()
	if err != nil {
		return "", fmt.Errorf("read record ids: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return "", fmt.Errorf("read record ids: %w", err)
	}
	defer r.Close()
	all, err := r.DocIDReaderAll()
	if err != nil {
		return "", fmt.Errorf("read record ids: %w", err)
	}
	defer all.Close()
	type rec struct {
		num uint64
		id  string
	}
	count, _ := r.DocCount()
	recs := make([]rec, 0, count)
	var top uint64
	for {
		in, err := all.Next()
		if err != nil {
			return "", fmt.Errorf("read record ids: %w", err)
		}
		if in == nil {
			break
		}
		id, err := r.ExternalID(in)
		if err != nil {
			return "", fmt.Errorf("read record ids: %w", err)
		}
		recs = append(recs, rec{in.Value(), id})
		top = max(top, in.Value())
	}
	slices.SortFunc(recs, func(a, b rec) int { return strings.Compare(a.id, b.id) })
	buf := []byte(strings.Repeat(noRank, int(top)+1))
	for i, rc := range recs {
		binary.BigEndian.PutUint32(buf[4*rc.num:], uint32(i))
	}
	return string(buf), nil
}

// byIDRank is the sort by id ascending that reads ranks instead of ids: in
// a sort after the score, it gives what bleve's "_id" gives.
type byIDRank struct{ rank string }

func (s byIDRank) Value(d *search.DocumentMatch) string {
	n := d.IndexInternalID.Value()
	if n >= uint64(len(s.rank)/4) {
		return noRank
	}
	return s.rank[4*n : 4*n+4]
}

func (byIDRank) UpdateVisitor(string, []byte) {}
func (byIDRank) DecodeValue(v string) string  { return v }
func (byIDRank) Descending() bool             { return false }
func (byIDRank) RequiresDocID() bool          { return false }
func (byIDRank) RequiresScoring() bool        { return false }
func (byIDRank) RequiresFields() []string     { return nil }
func (byIDRank) Reverse()                     {}
func (s byIDRank) Copy() search.SearchSort    { return s }
