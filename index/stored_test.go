package index

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/armswatch/armswatch"

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

// TestFetchClaimsLoadsOnlyWhatCanBeShown: fetchClaims, which decodes the
// hits past the first limit only when one of those is superseded, gives
// exactly the claims, scores and order that decoding every hit gives, at
// every limit, over claims that include superseded records.
func TestFetchClaimsLoadsOnlyWhatCanBeShown(t *testing.T) {
	t.Parallel()
	ix := openData(t, supersededData(30), t.TempDir())
	ctx := context.Background()
	q := query.NewPrefixQuery("c:")
	q.SetField("_id")
	for _, text := range []string{"", "shells", "north korea shells", "rounds", "delivered shells rounds"} {
		cq := query.Query(q)
		if text != "" {
			p := understand(ix.st, text)
			if cq, _ = kindQuery(ix.st, p, claimKind, false); cq == nil {
				t.Fatalf("%q: no claims query", text)
			}
		}
		for limit := 1; limit <= 32; limit++ {
			got, err := ix.fetchClaims(ctx, cq, limit)
			if err != nil {
				t.Fatal(err)
			}
			want := fetchEveryClaim(t, ix, cq, limit)
			if g, w := foundIDs(got), foundIDs(want); !slices.Equal(g, w) {
				t.Errorf("%q, limit %d: %v, want %v", text, limit, g, w)
			}
		}
	}
	all := fetchEveryClaim(t, ix, q, 1000)
	superseded := 0
	for _, fc := range all {
		if fc.sc.Claim.Status == armswatch.StatusSuperseded {
			superseded++
		}
	}
	if superseded < 5 || len(all) != 30 {
		t.Errorf("%d claims, %d superseded: the test checks little", len(all), superseded)
	}
}

// supersededData is a data set of n claims quoting one document, every
// third superseded by the next, with statements of different lengths (so
// different scores).
func supersededData(n int) fstest.MapFS {
	var doc, claims strings.Builder
	doc.WriteString("---\ntitle: Shipments report\npublished: 2024-01\n---\n")
	for i := range n {
		fmt.Fprintf(&doc, "Shipment %d carried shells%s to Russia.\n\n", i, strings.Repeat(" and rounds", i%4))
		fmt.Fprintf(&claims, "- id: c-%02d\n  statement: North Korea sent shells%s.\n  claimant: Officials\n  stance: asserts\n", i, strings.Repeat(" and more rounds", i%5))
		if i%3 == 0 && i+1 < n {
			fmt.Fprintf(&claims, "  status: superseded\n  superseded_by: c-%02d\n", i+1)
		}
		fmt.Fprintf(&claims, "  appearances:\n    - doc: report\n      quote: Shipment %d carried shells%s to Russia.\n", i, strings.Repeat(" and rounds", i%4))
	}
	return fstest.MapFS{
		"aliases.yaml":        {Data: []byte("[]\n")},
		"documents/report.md": {Data: []byte(doc.String())},
		"claims/claims.yaml":  {Data: []byte(claims.String())},
	}
}

// fetchEveryClaim is fetchClaims decoding every hit.
func fetchEveryClaim(t *testing.T, ix *Index, q query.Query, limit int) []foundClaim {
	t.Helper()
	hits, err := ix.searchByScore(context.Background(), q, limit+10)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.loadStored(context.Background(), hits, fClaimJSON); err != nil {
		t.Fatal(err)
	}
	var found []foundClaim
	for _, h := range hits {
		fc := foundClaim{score: h.Score}
		if err := json.Unmarshal([]byte(fieldString(h, fClaimJSON)), &fc.sc); err != nil {
			t.Fatal(err)
		}
		if fc.sc.Claim.Status == armswatch.StatusSuperseded {
			fc.score /= 2
		}
		found = append(found, fc)
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].score > found[j].score })
	return found[:min(len(found), limit)]
}

func foundIDs(fs []foundClaim) []string {
	out := make([]string, len(fs))
	for i, fc := range fs {
		out[i] = fmt.Sprintf("%s@%.4f", fc.sc.Claim.ID, fc.score)
	}
	return out
}
