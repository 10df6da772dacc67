package index

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/internal/prose"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// A document with the claims citing it, for /source.

// Document returns a document with an excerpt and the claims citing it;
// armswatch.ErrNotFound when there is none with that id.
func (ix *Index) Document(ctx context.Context, id string) (armswatch.DocumentView, error) {
	st, err := ix.acquire()
	if err != nil {
		return armswatch.DocumentView{}, fmt.Errorf("document %q: %w", id, err)
	}
	defer ix.mu.RUnlock()
	id = strings.TrimSpace(id)
	if id == "" || len(id) > 200 {
		return armswatch.DocumentView{}, fmt.Errorf("document %q: %w", prose.Cut(id, 60), armswatch.ErrNotFound)
	}
	tq := query.NewDocIDQuery([]string{docPrefix + id})
	req := bleve.NewSearchRequestOptions(tq, 1, 0, false)
	req.Fields = []string{fDocMeta}
	res, err := ix.alias.SearchInContext(ctx, req)
	if err != nil {
		return armswatch.DocumentView{}, fmt.Errorf("document %q: %w", id, err)
	}
	if len(res.Hits) == 0 {
		return armswatch.DocumentView{}, fmt.Errorf("document %q: %w", id, armswatch.ErrNotFound)
	}
	var d storedDoc
	if err := json.Unmarshal([]byte(fieldString(res.Hits[0], fDocMeta)), &d); err != nil {
		return armswatch.DocumentView{}, fmt.Errorf("document %q: %w", id, err)
	}
	body, err := st.bodies.body(&d)
	if err != nil {
		return armswatch.DocumentView{}, fmt.Errorf("document %q: %w", id, err)
	}
	doc := d.Document
	doc.Body = body
	view := armswatch.DocumentView{Document: doc, Claims: []armswatch.Claim{}}
	view.Excerpt = excerpt(doc.Body, 400)

	cq := query.NewTermQuery(id)
	cq.SetField(fClaimDoc)
	creq := bleve.NewSearchRequestOptions(cq, 1000, 0, false)
	creq.Fields = []string{fClaimJSON}
	creq.SortBy([]string{"_id"})
	cres, err := ix.alias.SearchInContext(ctx, creq)
	if err != nil {
		return armswatch.DocumentView{}, fmt.Errorf("document %q: claims: %w", id, err)
	}
	for _, h := range cres.Hits {
		var sc storedClaim
		if err := json.Unmarshal([]byte(fieldString(h, fClaimJSON)), &sc); err == nil {
			view.Claims = append(view.Claims, sc.Claim)
		}
	}
	sort.SliceStable(view.Claims, func(i, j int) bool {
		a, b := view.Claims[i].SaidOn, view.Claims[j].SaidOn
		if a != b {
			return a.Before(b)
		}
		return view.Claims[i].ID < view.Claims[j].ID
	})
	return view, nil
}

// excerpt is the start of a body, at most n runes, cut at a word boundary.
func excerpt(body string, n int) string {
	w := snapWindow(body, span{0, advanceRunes(body, 0, n, len(body))}, span{0, len(body)})
	return render(body, w, nil)
}

// categoryLabel names a category in prose: "artillery shells".
func categoryLabel(c armswatch.Category) string { return c.Label() }
