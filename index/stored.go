package index

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime/debug"

	"github.com/armswatch/armswatch"
	"github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Loading the stored field of the hits an answer shows.
//
// A search that asks bleve for stored fields loads them for every hit it
// returns, and searchByScore asks for more hits than it keeps (2 × size +
// 10) to break ties without an id sort: at 100,000 documents, loading the
// 70 claims and 26 documents of every answer's searches was a sixth of its
// time. The searches ask for none, and the hits kept are loaded here, the
// documents one at a time as the answer uses them.

// loadStored loads field into every hit that has not got it.
func (ix *Index) loadStored(ctx context.Context, hits []*search.DocumentMatch, field string) error {
	for _, h := range hits {
		if err := ix.loadHit(ctx, h, field); err != nil {
			return err
		}
	}
	return nil
}

// loadHit loads field into h (into h.Fields, as a search asked for it
// would, so that fieldString reads it). A load that fails or panics
// (damaged bytes) counts as a failed search (damage.go).
func (ix *Index) loadHit(ctx context.Context, h *search.DocumentMatch, field string) (err error) {
	if _, ok := h.Fields[field]; ok {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("load %s of %s: %w", field, h.ID, err)
	}
	defer func() {
		if r := recover(); r != nil {
			ix.log.Error("loading a stored field panicked", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			err = ix.searchFailed(ctx, fmt.Errorf("load %s of %s: %w: %v", field, h.ID, errSearchPanic, r))
		}
	}()
	doc, err := ix.alias.Document(h.ID)
	if err != nil {
		return ix.searchFailed(ctx, fmt.Errorf("load %s of %s: %w", field, h.ID, err))
	}
	var value any
	if doc != nil {
		doc.VisitFields(func(f bindex.Field) {
			if tf, ok := f.(bindex.TextField); ok && value == nil && f.Name() == field {
				value = tf.Text()
			}
		})
	}
	if h.Fields == nil {
		h.Fields = map[string]any{}
	}
	if value != nil {
		h.Fields[field] = value
	}
	return nil
}

// decodeClaims loads and decodes the claims of hits (best first) that can
// be among the best limit once superseded records are at half their score
// (fetchClaims). Those past the first limit can only if one of the first
// limit is superseded: otherwise none of these loses score, each scores at
// least as much as any hit after it, and a stable sort keeps them first.
// So the others are loaded only then.
func (ix *Index) decodeClaims(ctx context.Context, hits []*search.DocumentMatch, limit int) ([]foundClaim, error) {
	found := make([]foundClaim, 0, len(hits))
	superseded := false
	for i, h := range hits {
		if i == limit && !superseded {
			break
		}
		if err := ix.loadHit(ctx, h, fClaimJSON); err != nil {
			return nil, err
		}
		fc := foundClaim{score: h.Score}
		if err := json.Unmarshal([]byte(fieldString(h, fClaimJSON)), &fc.sc); err != nil {
			return nil, fmt.Errorf("claim %s: %w", h.ID, err)
		}
		if fc.sc.Claim.Status == armswatch.StatusSuperseded {
			fc.score /= 2 // shown, below the records that replaced it
			superseded = true
		}
		found = append(found, fc)
	}
	return found, nil
}
