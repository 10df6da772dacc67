package index

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/armswatch/armswatch/internal/prose"

	"github.com/armswatch/armswatch"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

const (
	answerTimeout  = 5 * time.Second // no answer may search longer
	docHitsShown   = 3               // documents in an answer
	docHitsFetched = 8               // documents looked at (some are covered by claims)
	passagesPerDoc = 2
	passageRunes   = 240
	snippetRunes   = 280
	maxSuggestions = 5
)

// Answer answers a query: claims first, comparisons of their figures,
// then document passages no shown claim covers, the freshness of the
// sources, and suggestions when nothing matches. A query the engine cannot
// take as given (a filter that is not a category, an inverted date range)
// gives an error matching armswatch.ErrBadQuery, with the Answer's Error
// set for rendering. Empty or meaningless text gets an answer that says so.
func (ix *Index) Answer(ctx context.Context, q armswatch.Query) (ans armswatch.Answer, err error) {
	started := time.Now()
	ans = armswatch.Answer{
		Query:       prose.Cut(cleanQuery(q.Text), 300),
		Comparisons: []armswatch.Comparison{},
		Claims:      []armswatch.ClaimHit{},
		Documents:   []armswatch.DocHit{},
		Suggestions: []string{},
	}
	defer func() { ans.TookMS = float64(time.Since(started).Microseconds()) / 1000 }()
	st, err := ix.acquire()
	if err != nil {
		ans.Error = "the index is not open"
		return ans, fmt.Errorf("answer: %w", err)
	}
	defer ix.mu.RUnlock()
	ctx, cancel := context.WithTimeout(ctx, answerTimeout)
	defer cancel()

	f, err := resolveFilters(st, q)
	if err != nil {
		ans.Error, _ = armswatch.ErrorMessage(err)
		return ans, err
	}
	p := understand(st, q.Text)
	ans.ShowingFor = p.showingFor
	if len(p.concepts) == 0 && !f.any() {
		if ans.Query == "" {
			ans.Summary = "The question is empty: ask about a weapon, a place, a claimant or a figure, for example “shells” or “KN-23”."
		} else {
			ans.Summary = fmt.Sprintf("“%s” has no words to search for: ask about a weapon, a place, a claimant or a figure, for example “shells” or “KN-23”.", ans.Query)
		}
		ans.Suggestions = exampleTerms(st)
		ans.SourcesUpTo = st.meta.Latest
		return ans, nil
	}
	limit := q.Limit
	if limit <= 0 {
		limit = defaultClaimLimit
	}
	limit = min(limit, maxClaimLimit)

	hl := newHighlighter(st, p)
	ans.Intent = p.intent
	ans.WordForms = p.wordForms()
	claims, docs, mode, err := ix.searchBoth(ctx, st, p, f, limit, hl)
	if err != nil {
		ans.Error = "the search failed"
		return ans, fmt.Errorf("answer: %w", err)
	}
	ans.Match = mode
	claims, docs, onlyNotItems := dropNotItems(st, p, claims, docs)
	orderByIntent(st, p, claims)
	filled := 0
	if mode == matchInformative {
		if claims, filled, err = ix.fill(ctx, st, p, f, claims, limit, hl); err != nil {
			ans.Error = "the search failed"
			return ans, fmt.Errorf("answer: %w", err)
		}
	}
	ans.Claims = claims
	var denials []armswatch.ClaimHit
	if armswatch.HasFigures(claims) {
		if denials, err = ix.searchDenials(ctx, st, f, hl); err != nil {
			ans.Error = "the search failed"
			return ans, fmt.Errorf("answer: %w", err)
		}
	}
	var besides []armswatch.ClaimHit
	ans.Comparisons, besides = armswatch.Compare(claims, denials)
	if asked := p.categoriesAsked(); len(asked) > 0 {
		// A question about troops shows no table of shell figures.
		kept := ans.Comparisons[:0]
		for _, c := range ans.Comparisons {
			if asked[c.Category] {
				kept = append(kept, c)
			}
		}
		ans.Comparisons = kept
		besides = besidesIn(ans.Comparisons, besides)
	}
	// A denial set beside the figures is shown with its quote too.
	ans.Claims = append(ans.Claims, besides...)
	ans.Documents = docs
	if len(ans.Claims) == 0 && p.routed() {
		// Say there is no claim about the items only when none is, within
		// the filters: not when the rest of the question ruled them out.
		none, err := ix.noneMatch(ctx, combine(itemQuery(st, p, claimKind), claimFilterQueries(st, f)))
		if err != nil {
			ans.Error = "the search failed"
			return ans, fmt.Errorf("answer: %w", err)
		}
		if none || onlyNotItems {
			ans.NoClaimAbout = p.itemWords()
		}
	}
	ans.SourcesUpTo = armswatch.Freshness(ans)
	if ans.NoAnswer() && ans.SourcesUpTo.IsZero() {
		// Nothing is cited: the freshness is the data's, so that a reader
		// knows how recent the data that has no answer is.
		ans.SourcesUpTo = st.meta.Latest
	}
	switch {
	case len(ans.NoClaimAbout) > 0 && len(ans.Documents) == 0:
		ans.Suggestions = itemSuggestions(st, p)
	case ans.NoAnswer():
		ans.Suggestions = suggest(st, p)
	}
	ans.Summary = summarize(ans, filled, len(besides), p, f)
	return ans, nil
}

// searchBoth finds the claims and the documents that answer a plan, under
// informative matching (match.go): strictly first, then, when neither kind
// has a record, with the half of the informative concepts relaxed to one.
// It returns how the records matched.
func (ix *Index) searchBoth(ctx context.Context, st *state, p plan, f filters, limit int, hl *highlighter) ([]armswatch.ClaimHit, []armswatch.DocHit, string, error) {
	claims, docs, mode, err := ix.searchOnce(ctx, st, p, f, limit, hl, false)
	if err != nil || len(claims) > 0 || len(docs) > 0 || mode != matchInformative {
		return claims, docs, mode, err
	}
	rc, rd, rmode, err := ix.searchOnce(ctx, st, p, f, limit, hl, true)
	if err != nil || rmode != matchRelaxed {
		return claims, docs, mode, err
	}
	return rc, rd, rmode, nil
}

func (ix *Index) searchOnce(ctx context.Context, st *state, p plan, f filters, limit int, hl *highlighter, relaxed bool) ([]armswatch.ClaimHit, []armswatch.DocHit, string, error) {
	text, mode := kindQuery(st, p, claimKind, relaxed)
	var claims []armswatch.ClaimHit
	if q := combine(text, claimFilterQueries(st, f)); q != nil {
		var err error
		if claims, err = ix.claimHits(ctx, q, limit, hl); err != nil {
			return nil, nil, "", err
		}
	}
	docs := []armswatch.DocHit{}
	if len(p.concepts) > 0 {
		dtext, dmode := kindQuery(st, p, docKind, relaxed)
		if mode == "" {
			mode = dmode
		}
		var err error
		if docs, err = ix.searchDocs(ctx, st, combine(dtext, docFilterQueries(st, f)), claims, hl); err != nil {
			return nil, nil, "", err
		}
	}
	if claims == nil {
		claims = []armswatch.ClaimHit{}
	}
	return claims, docs, mode, nil
}

// noneMatch reports whether no record matches q.
func (ix *Index) noneMatch(ctx context.Context, q query.Query) (bool, error) {
	req := bleve.NewSearchRequestOptions(q, 1, 0, false)
	res, err := ix.alias.SearchInContext(ctx, req)
	if err != nil {
		return false, err
	}
	return res.Total == 0, nil
}

// maxDenials bounds the denials looked up to stand beside comparisons.
const maxDenials = 20

// searchDenials finds the active denials within the query's date filter:
// a denial of a transfer stands beside the figures compared for it even
// when the question's words do not match the denial's.
func (ix *Index) searchDenials(ctx context.Context, st *state, f filters, hl *highlighter) ([]armswatch.ClaimHit, error) {
	key := [2]armswatch.Date{f.from, f.to}
	found, ok := st.denials.get(key)
	if !ok {
		tq := query.NewTermQuery(string(armswatch.StanceDenies))
		tq.SetField(fClaimStance)
		var must []query.Query
		if q := dateQuery(f.from, f.to, f.span, fClaimDate); q != nil {
			must = append(must, q)
		}
		var err error
		if found, err = ix.fetchClaims(ctx, combine(tq, must), maxDenials); err != nil {
			return nil, err
		}
		found = aboutTransfers(found)
		st.denials.put(key, found)
	}
	return cite(found, maxDenials, hl), nil
}

// aboutTransfers keeps the denials that name an item or a party (a
// supplier or a recipient), or whose statement speaks of arms ("Russia
// denies the arms deal"): one that does none of these ("no contracts were
// signed at the fair") is about no transfer, and is shown only when the
// question's own words find it.
func aboutTransfers(found []foundClaim) []foundClaim {
	out := found[:0]
	for _, fc := range found {
		c := fc.sc.Claim
		if len(c.Items) > 0 || c.Supplier != "" || c.Recipient != "" || speaksOfArms(c.Statement) {
			out = append(out, fc)
		}
	}
	return out
}

// speaksOfArms reports whether a text has a word that names an item or
// arms in general.
func speaksOfArms(text string) bool {
	found := false
	forEachWord(text, func(s, e int) {
		w := lowerWord(text[s:e])
		found = found || isUmbrella(w) || itemCategory(w) != ""
	}, nil)
	return found
}

// denialCache keeps, per date filter, the denials looked up to stand beside
// comparisons: they do not depend on the question's words, and finding
// them (a query matching every denial, its ties broken by id) was a
// quarter to a third of an answer's time at 100,000 documents. A
// generation never changes once open, so the cache lives with it.
type denialCache struct {
	mu sync.Mutex
	m  map[[2]armswatch.Date][]foundClaim
}

// maxDenialFilters bounds the date filters remembered.
const maxDenialFilters = 256

func (c *denialCache) get(key [2]armswatch.Date) ([]foundClaim, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[key]
	return v, ok
}

func (c *denialCache) put(key [2]armswatch.Date, v []foundClaim) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[[2]armswatch.Date][]foundClaim{}
	}
	if len(c.m) < maxDenialFilters {
		c.m[key] = v
	}
}

// foundClaim is a stored claim found by a search, with its score.
type foundClaim struct {
	sc    storedClaim
	score float64
}

// claimHits runs a claims query and turns its hits into cited claims,
// best first.
func (ix *Index) claimHits(ctx context.Context, q query.Query, limit int, hl *highlighter) ([]armswatch.ClaimHit, error) {
	found, err := ix.fetchClaims(ctx, q, limit)
	if err != nil {
		return nil, err
	}
	return cite(found, limit, hl), nil
}

// fetchClaims runs a claims query and decodes its best hits, best first
// (superseded records at half their score, below those that replaced
// them), at most limit.
func (ix *Index) fetchClaims(ctx context.Context, q query.Query, limit int) ([]foundClaim, error) {
	hits, err := ix.searchByScore(ctx, q, limit+10)
	if err != nil {
		return nil, err
	}
	found, err := ix.decodeClaims(ctx, hits, limit)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].score > found[j].score })
	if len(found) > limit {
		found = found[:limit]
	}
	return found, nil
}

// cite turns found claims into the answer's hits, with the citations'
// snippets cut for this question.
func cite(found []foundClaim, limit int, hl *highlighter) []armswatch.ClaimHit {
	hits := make([]armswatch.ClaimHit, 0, min(len(found), limit))
	for _, fc := range found[:min(len(found), limit)] {
		sc := fc.sc
		hit := armswatch.ClaimHit{Claim: sc.Claim, Score: roundScore(fc.score), Citations: []armswatch.Citation{}}
		for _, a := range sc.Claim.Appearances {
			src := sc.Sources[a.Doc]
			hit.Citations = append(hit.Citations, armswatch.Citation{
				Doc: a.Doc, Title: src.Title, Publisher: src.Publisher, Published: src.Published,
				URL: src.URL, Quote: a.Quote, Snippet: hl.snippet(a.Quote, snippetRunes),
			})
		}
		hit.Reported = armswatch.ReportedOn(hit)
		hits = append(hits, hit)
	}
	return hits
}

func (ix *Index) searchDocs(ctx context.Context, st *state, q query.Query, claims []armswatch.ClaimHit, hl *highlighter) ([]armswatch.DocHit, error) {
	if q == nil {
		return []armswatch.DocHit{}, nil
	}
	found, err := ix.searchByScore(ctx, q, docHitsFetched)
	if err != nil {
		return nil, err
	}
	quotes := map[string][]string{}
	for _, c := range claims {
		for _, a := range c.Appearances {
			quotes[a.Doc] = append(quotes[a.Doc], a.Quote)
		}
	}
	var out []armswatch.DocHit
	for _, h := range found {
		if len(out) == docHitsShown {
			break
		}
		if err := ix.loadHit(ctx, h, fDocMeta); err != nil {
			return nil, err
		}
		var d storedDoc
		if err := json.Unmarshal([]byte(fieldString(h, fDocMeta)), &d); err != nil {
			return nil, fmt.Errorf("document %s: %w", h.ID, err)
		}
		body, err := st.bodies.body(&d)
		if err != nil {
			return nil, err
		}
		var covered []span
		for _, qt := range quotes[d.ID] {
			if s, ok := findQuote(body, qt); ok {
				covered = append(covered, s)
			}
		}
		snips := hl.passages(body, covered, passagesPerDoc, passageRunes)
		if len(snips) == 0 {
			continue // everything it matched is in a claim shown above
		}
		out = append(out, armswatch.DocHit{
			Doc: d.ID, Title: d.Title, Publisher: d.Publisher, Published: d.Published,
			Snippets: snips, Score: roundScore(h.Score),
		})
	}
	if out == nil {
		out = []armswatch.DocHit{}
	}
	return out, nil
}

func fieldString(h *search.DocumentMatch, name string) string {
	switch v := h.Fields[name].(type) {
	case string:
		return v
	case []interface{}:
		if len(v) > 0 {
			s, _ := v[0].(string)
			return s
		}
	}
	return ""
}

// searchByScore returns the best size hits of q, without their stored
// fields (loadStored loads those of the hits used), in scoreThenID order,
// without having bleve sort by id: that makes it load the id of every
// matching record, a fifth of an answer's time at 100,000
// documents. It asks for more hits by score alone; when the last of them
// scores below the size-th, every hit that ties with one kept is among
// them, and ordering them by score and id gives exactly what the id sort
// gives. When a tie reaches past them, it runs the id sort, on the
// generation's id ranks (idrank.go) when they could be read.
func (ix *Index) searchByScore(ctx context.Context, q query.Query, size int) ([]*search.DocumentMatch, error) {
	fetch := 2*size + 10
	req := bleve.NewSearchRequestOptions(q, fetch, 0, false)
	res, err := ix.alias.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	hits := res.Hits
	if len(hits) == fetch && hits[fetch-1].Score >= hits[size-1].Score {
		req := bleve.NewSearchRequestOptions(q, size, 0, false)
		if rank, err := ix.st.idOrder(); err == nil {
			req.SortByCustom(search.SortOrder{&search.SortScore{Desc: true}, byIDRank{rank}})
		} else {
			req.SortBy(scoreThenID)
		}
		res, err := ix.alias.SearchInContext(ctx, req)
		if err != nil {
			return nil, err
		}
		return res.Hits, nil
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].ID < hits[j].ID
	})
	if len(hits) > size {
		hits = hits[:size]
	}
	return hits, nil
}

// scoreThenID orders hits best first, and equal scores by id: bleve's own
// order for ties follows segment layout, which differs between builds.
var scoreThenID = []string{"-_score", "_id"}

func roundScore(s float64) float64 { return float64(int64(s*10000+0.5)) / 10000 }
