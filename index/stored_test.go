package index

import (
	"context"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// TestLoadStoredMatchesSearchFields: the stored field loadStored puts into
// a hit is exactly what a search asking bleve for that field gives, for
// every document and claim of the fixture; a hit that has it already is
// left alone, and a cancelled request loads nothing.
func TestLoadStoredMatchesSearchFields(t *testing.T) {
	t.Parallel()
	ix := openData(t, fixtureFS(), t.TempDir())
	ctx := context.Background()
	for _, field := range []string{fDocMeta, fClaimJSON} {
		req := bleve.NewSearchRequestOptions(query.NewMatchAllQuery(), 10_000, 0, false)
		req.Fields = []string{field}
		want, err := ix.alias.SearchInContext(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		req.Fields = nil
		got, err := ix.alias.SearchInContext(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		if err := ix.loadStored(ctx, got.Hits, field); err != nil {
			t.Fatal(err)
		}
		byID := map[string]string{}
		for _, h := range want.Hits {
			byID[h.ID] = fieldString(h, field)
		}
		loaded := 0
		for _, h := range got.Hits {
			if g, w := fieldString(h, field), byID[h.ID]; g != w {
				t.Errorf("%s of %s: %q, want %q", field, h.ID, g, w)
			}
			if fieldString(h, field) != "" {
				loaded++
			}
		}
		if loaded == 0 || len(got.Hits) != len(want.Hits) {
			t.Errorf("%s: %d of %d hits loaded (search gave %d)", field, loaded, len(got.Hits), len(want.Hits))
		}
	}

	req := bleve.NewSearchRequestOptions(query.NewMatchAllQuery(), 1, 0, false)
	res, err := ix.alias.SearchInContext(ctx, req)
	if err != nil || len(res.Hits) != 1 {
		t.Fatalf("search: %v, %d hits", err, len(res.Hits))
	}
	h := res.Hits[0]
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := ix.loadHit(cancelled, h, fDocMeta); err == nil || h.Fields[fDocMeta] != nil {
		t.Errorf("cancelled load: err %v, field %v", err, h.Fields[fDocMeta])
	}
	h.Fields = map[string]any{fDocMeta: "kept"}
	if err := ix.loadHit(ctx, h, fDocMeta); err != nil || fieldString(h, fDocMeta) != "kept" {
		t.Errorf("a hit with the field: err %v, field %q", err, fieldString(h, fDocMeta))
	}
}
