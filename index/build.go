package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/armswatch/armswatch"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"
)

func bleveMapping() *mapping.IndexMappingImpl { return bleve.NewIndexMapping() }

// meta describes a complete generation. It is written last: a generation
// directory without it is an interrupted build.
type meta struct {
	Fingerprint string         `json:"fingerprint"` // data fingerprint + mapping version
	BuiltAt     time.Time      `json:"built_at"`
	Documents   int            `json:"documents"`
	Claims      int            `json:"claims"` // indexed (retracted records are not)
	Earliest    armswatch.Date `json:"earliest"`
	Latest      armswatch.Date `json:"latest"`
	LastEnding  armswatch.Date `json:"last_ending"` // the date whose period ends last (bounds date filters)
	DataLabel   string         `json:"data_label,omitempty"`
	BodyBytes   int64          `json:"body_bytes"` // the size of bodies.dat
}

// aux is what answering needs besides the bleve index, loaded at open.
type aux struct {
	Aliases   []armswatch.AliasGroup `json:"aliases"`
	Claimants []string               `json:"claimants"`  // distinct claimant names
	Terms     []string               `json:"terms"`      // frequent words, for completion
	ClaimCats []armswatch.Category   `json:"categories"` // categories that claims have
}

// docEntry is a document's id and title, for completion (docs.json, loaded
// on first use).
type docEntry struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// manifest records what a generation holds, for the next reindex's report
// (manifest.json, loaded only then): a hash per document and the claims.
type manifest struct {
	Docs   map[string]string `json:"docs"`
	Claims []armswatch.Claim `json:"claims"`
}

// storedClaim is a claim as stored in the index: the record and the
// metadata of the documents it cites, so that a hit renders on its own.
type storedClaim struct {
	Claim   armswatch.Claim       `json:"claim"`
	Sources map[string]sourceMeta `json:"sources"`
}

type sourceMeta struct {
	Title     string         `json:"title"`
	Publisher string         `json:"publisher,omitempty"`
	Published armswatch.Date `json:"published,omitempty"`
	URL       string         `json:"url,omitempty"`
}

// storedDoc is a document's metadata as stored, with where its body is in
// bodies.dat (the body itself is not in bleve; see bodies.go).
type storedDoc struct {
	armswatch.Document
	BodyAt  int64  `json:"body_at"`
	BodyLen int    `json:"body_len"`
	BodyCRC uint32 `json:"body_crc"`
}

const (
	docPrefix   = "d:"
	claimPrefix = "c:"
	batchSize   = 1000
	// maxSegmentDocs caps the size of merged segments (see build).
	maxSegmentDocs = 25_000
)

// analyzers holds the analyzer instances the builder and queries use.
type analyzers struct {
	en, cyr, ko, name, keyword analysis.Analyzer
}

func newAnalyzers(m *mapping.IndexMappingImpl) (*analyzers, error) {
	a := &analyzers{}
	for _, x := range []struct {
		name string
		dst  *analysis.Analyzer
	}{{analyzerEn, &a.en}, {analyzerCyr, &a.cyr}, {analyzerKo, &a.ko}, {analyzerName, &a.name}, {keyword.Name, &a.keyword}} {
		an := m.AnalyzerNamed(x.name)
		if an == nil {
			return nil, fmt.Errorf("analyzer %q is not registered", x.name)
		}
		*x.dst = an
	}
	return a, nil
}

func (a *analyzers) forScript(s script) analysis.Analyzer {
	switch s {
	case scriptCyrillic:
		return a.cyr
	case scriptHangul:
		return a.ko
	}
	return a.en
}

// source is what a build reads, in this order: the alias groups, the
// documents one at a time, then the claims, once every document has been
// read and checked: armswatch.Stream (a data set on disk, which is never
// held in memory whole).
type source interface {
	Aliases() []armswatch.AliasGroup
	DocumentCount() int
	ClaimCount() int
	Documents() iter.Seq[*armswatch.Document]
	// Finish returns the data set (claims and aliases; documents need not
	// have bodies) or why it is invalid, in which case the build fails.
	Finish() (*armswatch.Corpus, error)
}

// builder turns a data set into one generation directory.
type builder struct {
	dir string
	src source
	// heldBytes is document text the caller holds in memory during the
	// build (a benchmark's whole corpus); it raises the build's memory
	// limit (see limitBuildMemory).
	heldBytes int64
	fp        string
	label     string
	progress  func(done, total int)

	an      *analyzers
	bodies  *bodyWriter
	aliases *aliasMatcher
	vocab   *vocabBuilder
	keys    []string        // scratch: the current record's word keys
	terms   termCounter     // scratch: the current record's English terms
	cyr, ko strings.Builder // scratch: the current record's Cyrillic and Hangul words

	// What the build collects as it reads (the producer alone writes them,
	// and finish reads them once every batch is done).
	md         meta
	sources    map[string]sourceMeta
	man        manifest
	entries    []docEntry
	claimants  map[string]bool
	cats       map[armswatch.Category]bool
	done       int // records handed to bleve (the workers, under their lock)
	total      int
	bodiesDone bool // bodies.dat is finished or aborted
	biClosed   bool // the new bleve index is closed
}

// build writes a complete generation into dir (which must not exist) and
// returns its meta. On error the directory may hold a partial build, which
// the caller removes. Its stages: open the new bleve index and bodies file,
// index every record (index: a producer making batches, workers handing
// them to bleve), merge the segments, then write the side files and, last,
// meta.json (finish).
func (b *builder) build(ctx context.Context) (meta, error) {
	bi, err := b.open()
	if err != nil {
		return meta{}, err
	}
	defer b.abort(bi)
	defer limitBuildMemory(b.heldBytes)()
	b.start()
	if err := b.index(ctx, bi); err != nil {
		return meta{}, err
	}
	if err := forceMerge(ctx, bi); err != nil {
		return meta{}, err
	}
	b.biClosed = true
	if err := bi.Close(); err != nil {
		return meta{}, fmt.Errorf("close new index: %w", err)
	}
	return b.finish()
}

// open creates the generation directory, the bodies file and the bleve
// index, with the analyzers, alias matcher and vocabulary the build uses.
func (b *builder) open() (bleve.Index, error) {
	if err := os.MkdirAll(b.dir, 0o755); err != nil {
		return nil, err
	}
	m := buildMapping()
	an, err := newAnalyzers(m)
	if err != nil {
		return nil, err
	}
	b.an = an
	b.aliases = newAliasMatcher(b.src.Aliases())
	b.vocab = newVocabBuilder()
	if b.bodies, err = createBodies(b.dir); err != nil {
		return nil, err
	}
	bi, err := bleve.NewUsing(filepath.Join(b.dir, "bleve"), m, scorch.Name, scorch.Name, map[string]interface{}{
		"bolt_timeout": "5s",
		"unsafe_batch": true,
		// Segments stop growing at maxSegmentDocs: merging ever larger
		// segments costs memory and CPU that grow with the corpus, and a
		// search over a handful of segments is as fast.
		"scorchMergePlanOptions": map[string]interface{}{"MaxSegmentSize": maxSegmentDocs},
	})
	if err != nil {
		b.bodies.abort()
		b.bodiesDone = true
		return nil, fmt.Errorf("create index: %w", err)
	}
	return bi, nil
}

// abort releases what a failed build holds open (nothing after a
// successful one).
func (b *builder) abort(bi bleve.Index) {
	if !b.bodiesDone {
		b.bodies.abort()
	}
	if !b.biClosed {
		bi.Close()
	}
}

// start readies what the build collects as it reads the records.
func (b *builder) start() {
	ndocs := b.src.DocumentCount()
	b.md = meta{Fingerprint: b.fp, DataLabel: b.label}
	b.sources = make(map[string]sourceMeta, ndocs)
	b.man = manifest{Docs: make(map[string]string, ndocs)}
	b.entries = make([]docEntry, 0, ndocs)
	b.claimants = map[string]bool{}
	b.cats = map[armswatch.Category]bool{}
	b.total = ndocs + b.src.ClaimCount()
	b.report()
}

// report tells the progress callback how far the build is.
func (b *builder) report() {
	if b.progress != nil {
		b.progress(b.done, b.total)
	}
}

// note widens the data's date span (meta) by d.
func (b *builder) note(d armswatch.Date) {
	md := &b.md
	if d.IsZero() {
		return
	}
	if md.Earliest.IsZero() || d.Before(md.Earliest) {
		md.Earliest = d
	}
	if md.Latest.IsZero() || md.Latest.Before(d) {
		md.Latest = d
	}
	if md.LastEnding.IsZero() || d.End().After(md.LastEnding.End()) {
		md.LastEnding = d
	}
}

// work is a batch of records for bleve, and how many records it stands for
// (retracted ones, never indexed, included).
type work struct {
	batch *bleve.Batch
	n     int
}

// index reads every record and indexes it: a producer goroutine turns
// records into batches (routing, aliases, vocabulary) while batchWorkers
// goroutines hand the previous batches to bleve. bleve's Batch analyses a
// batch on its workers, then builds the batch's segment in the calling
// goroutine, so that one batch is analysed while another's segment is
// built. At most maxInFlight batches are in bleve at once (being analysed,
// built, or waiting to be persisted), which bounds the heap; all of them are
// waited for at the end. The order in which batches reach the index does
// not matter: document numbers inside bleve were never in corpus order (a
// batch is a map), and answers do not depend on them.
func (b *builder) index(ctx context.Context, bi bleve.Index) error {
	const (
		batchWorkers = 2
		maxInFlight  = 3
	)
	pctx, cancel := context.WithCancel(ctx)
	defer cancel()
	works := make(chan work, 1)
	var perr error
	go func() {
		defer close(works)
		perr = b.produce(pctx, bi, works)
	}()
	var (
		mu       sync.Mutex // b.done, b.report, firstErr
		firstErr error
	)
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
		cancel()
	}
	failed := func() error {
		mu.Lock()
		defer mu.Unlock()
		return firstErr
	}
	slots := make(chan struct{}, maxInFlight)
	var wg sync.WaitGroup
	for range batchWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for w := range works {
				if pctx.Err() != nil {
					continue // let the producer finish
				}
				select {
				case slots <- struct{}{}:
				case <-pctx.Done():
					continue
				}
				w.batch.SetPersistedCallback(func(err error) {
					if err != nil {
						fail(fmt.Errorf("persist index: %w", err))
					}
					<-slots
				})
				if err := bi.Batch(w.batch); err != nil {
					fail(fmt.Errorf("index batch: %w", err))
					continue
				}
				mu.Lock()
				b.done += w.n
				b.report()
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	if perr != nil {
		return perr
	}
	if err := failed(); err != nil {
		return err
	}
	for range maxInFlight { // every batch is persisted once its slot is free
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return failed()
}

// produce reads the documents, then the claims (only known to be valid
// once every document has been read: their quotes are checked against
// them), and sends them to works in batches (unsafe_batch: batches are not
// waited for one by one).
func (b *builder) produce(ctx context.Context, bi bleve.Index, works chan<- work) error {
	scratch := make([]byte, 32<<10)
	batch := bi.NewBatch()
	skipped := 0
	send := func(force bool) bool {
		if !force && batch.Size() < batchSize {
			return true
		}
		select {
		case works <- work{batch: batch, n: batch.Size() + skipped}:
		case <-ctx.Done():
			return false
		}
		batch, skipped = bi.NewBatch(), 0
		return true
	}
	for d := range b.src.Documents() {
		doc, err := b.docRecord(d)
		if err == nil {
			err = batch.IndexAdvanced(doc)
		}
		if err != nil {
			return fmt.Errorf("index document %s: %w", d.ID, err)
		}
		b.note(d.Published)
		b.md.Documents++
		b.man.Docs[d.ID] = docHash(d, scratch)
		// The body is in bodies.dat and its words in the batch's fields
		// now: let it go, so that the corpus does not stay in memory on top
		// of the index being built.
		d.Body = ""
		b.entries = append(b.entries, docEntry{ID: d.ID, Title: d.Title})
		b.sources[d.ID] = sourceMeta{Title: d.Title, Publisher: d.Publisher, Published: d.Published, URL: d.URL}
		if !send(false) {
			return nil
		}
	}
	c, err := b.src.Finish()
	if err != nil {
		return err
	}
	for _, cl := range c.Claims {
		b.man.Claims = append(b.man.Claims, cl)
		if cl.Status == armswatch.StatusRetracted {
			skipped++ // never indexed: a retracted record never shows
			continue
		}
		doc, err := b.claimRecord(cl, b.sources)
		if err == nil {
			err = batch.IndexAdvanced(doc)
		}
		if err != nil {
			return fmt.Errorf("index claim %s: %w", cl.ID, err)
		}
		b.note(cl.SaidOn)
		b.md.Claims++
		b.claimants[cl.Claimant] = true
		for _, it := range cl.Items {
			b.cats[it.Category] = true
		}
		if !send(false) {
			return nil
		}
	}
	send(true)
	return nil
}

// forceMerge merges the new index's segments: with both cores indexing,
// the merger falls behind and the build would end with many small
// segments, which make answers slower. The policy is the build's.
func forceMerge(ctx context.Context, bi bleve.Index) error {
	adv, err := bi.Advanced()
	if err != nil {
		return nil
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	opts := mergeplan.DefaultMergePlanOptions
	opts.MaxSegmentSize = maxSegmentDocs
	if err := sc.ForceMerge(ctx, &opts); err != nil {
		return fmt.Errorf("merge index: %w", err)
	}
	return nil
}

// finish writes the side files (aux.json, docs.json, manifest.json, the
// vocabulary, the end of bodies.dat), syncs the tree, and writes meta.json
// last: a generation without it is an interrupted build.
func (b *builder) finish() (meta, error) {
	ax := aux{Aliases: b.src.Aliases(), Terms: b.frequentTerms(2000)}
	for name := range b.claimants {
		ax.Claimants = append(ax.Claimants, name)
	}
	sort.Strings(ax.Claimants)
	for _, cat := range armswatch.Categories {
		if b.cats[cat] {
			ax.ClaimCats = append(ax.ClaimCats, cat)
		}
	}
	if ax.Aliases == nil {
		ax.Aliases = []armswatch.AliasGroup{}
	}
	if err := b.vocab.write(b.dir); err != nil {
		return meta{}, err
	}
	for name, v := range map[string]any{"aux.json": ax, "docs.json": b.entries, "manifest.json": b.man} {
		if err := writeJSON(filepath.Join(b.dir, name), v); err != nil {
			return meta{}, err
		}
	}
	b.bodiesDone = true
	var err error
	if b.md.BodyBytes, err = b.bodies.finish(); err != nil {
		return meta{}, err
	}
	if err := syncTree(filepath.Join(b.dir, "bleve")); err != nil {
		return meta{}, err
	}
	b.md.BuiltAt = time.Now().UTC().Truncate(time.Second)
	if err := writeJSON(filepath.Join(b.dir, "meta.json"), b.md); err != nil {
		return meta{}, err
	}
	if err := syncDir(b.dir); err != nil {
		return meta{}, err
	}
	return b.md, nil
}

// addText indexes a record's text in the kind's fields, reading it once:
// it counts its words into the vocabulary, works out the English field's
// terms itself (each distinct word is stemmed once, when the vocabulary
// first sees it; see enAnalyzer for why this is the same as analysing the
// field), hands Cyrillic and Hangul words to their fields (analysed by
// bleve), and adds the alias field: one group id per occurrence of one of
// a group's names.
//
// The text is the parts one after the other, a blank line between them
// (title and body): they are read where they are, not copied together.
func (b *builder) addText(doc *document.Document, f textFields, parts ...string) {
	v := b.vocab
	v.next()
	b.keys = b.keys[:0]
	tc := &b.terms
	b.cyr.Reset()
	b.ko.Reset()
	size := 2 * (len(parts) - 1)
	for _, text := range parts {
		size += len(text)
		b.countWords(text)
	}
	if fld := tc.field(f.en, v.stems, size); fld != nil {
		doc.AddField(fld)
	}
	if b.cyr.Len() > 0 {
		doc.AddField(document.NewTextFieldCustom(f.cyr, nil, []byte(b.cyr.String()), bindex.IndexField, b.an.cyr))
	}
	if b.ko.Len() > 0 {
		doc.AddField(document.NewTextFieldCustom(f.ko, nil, []byte(b.ko.String()), bindex.IndexField, b.an.ko))
	}
	if len(b.aliases.byFirst) == 0 {
		return
	}
	var out strings.Builder
	for _, h := range b.aliases.find(b.keys) {
		out.WriteString(groupID(h.group))
		out.WriteByte(' ')
	}
	if out.Len() > 0 {
		doc.AddField(document.NewTextFieldCustom(f.alias, nil, []byte(out.String()), bindex.IndexField, b.an.name))
	}
}

// countWords reads the words of text for addText: the vocabulary, the word
// keys for aliases, the English terms, and the Cyrillic and Hangul words
// for their own fields (each followed by a space).
func (b *builder) countWords(text string) {
	v, tc := b.vocab, &b.terms
	forEachWord(text, func(s, e int) {
		var vw *vocabWord
		if e-s <= maxVocabWordLen*4 {
			if w := lowerWord(text[s:e]); utf8.RuneCountInString(w) <= maxVocabWordLen {
				vw = v.seeWord(w)
			}
		}
		var sc script
		switch {
		case vw != nil:
			sc = vw.script
			if vw.aliasKey != "" {
				b.keys = append(b.keys, vw.aliasKey)
			}
			if vw.stem >= 0 {
				if sc == scriptOther {
					tc.add(vw.stem)
				}
			}
		default:
			// Too long for the vocabulary (base64, URLs glued together):
			// the fields have it all the same, as the analysers would.
			if sc = wordScript(text[s:e]); sc == scriptOther {
				if t := normWord(text[s:e]); t != "" {
					tc.addOther(t)
				}
			}
		}
		switch sc {
		case scriptCyrillic:
			b.cyr.WriteString(text[s:e])
			b.cyr.WriteByte(' ')
		case scriptHangul:
			b.ko.WriteString(text[s:e])
			b.ko.WriteByte(' ')
		}
	}, nil)
}

func (b *builder) docRecord(d *armswatch.Document) (*document.Document, error) {
	doc := document.NewDocument(docPrefix + d.ID)
	b.addText(doc, docFields, d.Title, d.Body)
	b.addDate(doc, fDocDate, d.Published)
	sd := storedDoc{Document: *d}
	if err := b.bodies.add(&sd, d.Body); err != nil {
		return nil, err
	}
	js, err := json.Marshal(sd)
	if err != nil {
		return nil, fmt.Errorf("encode document %s: %w", d.ID, err)
	}
	doc.AddField(document.NewTextFieldCustom(fDocMeta, nil, js, bindex.StoreField, nil))
	return doc, nil
}

// addDate indexes a record's date as its terms (see dates.go).
func (b *builder) addDate(doc *document.Document, field string, d armswatch.Date) {
	for _, t := range dateTerms(d) {
		doc.AddField(document.NewTextFieldCustom(field, nil, []byte(t), bindex.IndexField, b.an.keyword))
	}
}

// claimText is everything a claim is searched by: its statement, who said
// it, its items and its quotes.
func claimText(cl armswatch.Claim) string {
	var sb strings.Builder
	sb.WriteString(cl.Statement)
	sb.WriteString("\n")
	sb.WriteString(cl.Claimant)
	sb.WriteString("\n")
	sb.WriteString(cl.ClaimantRole)
	for _, it := range cl.Items {
		sb.WriteString("\n")
		sb.WriteString(it.Designation)
		sb.WriteString(" ")
		sb.WriteString(it.Caliber)
		if it.Quantity != nil {
			sb.WriteString(" ")
			sb.WriteString(it.Quantity.Text)
		}
	}
	for _, a := range cl.Appearances {
		sb.WriteString("\n")
		sb.WriteString(a.Quote)
	}
	return sb.String()
}

func (b *builder) claimRecord(cl armswatch.Claim, docs map[string]sourceMeta) (*document.Document, error) {
	doc := document.NewDocument(claimPrefix + cl.ID)
	b.addText(doc, claimFields, claimText(cl))
	for _, it := range cl.Items {
		doc.AddField(document.NewTextFieldCustom(fClaimCat, nil, []byte(it.Category), bindex.IndexField, b.an.keyword))
	}
	if len(cl.Items) == 0 {
		doc.AddField(document.NewTextFieldCustom(fClaimCat, nil, []byte(noItems), bindex.IndexField, b.an.keyword))
	}
	if cl.Active() {
		doc.AddField(document.NewTextFieldCustom(fClaimStance, nil, []byte(cl.Stance), bindex.IndexField, b.an.keyword))
	}
	for _, side := range [...]struct{ field, name string }{{fClaimFrom, cl.Supplier}, {fClaimTo, cl.Recipient}} {
		for _, term := range b.sideTerms(side.name) {
			doc.AddField(document.NewTextFieldCustom(side.field, nil, []byte(term), bindex.IndexField, b.an.keyword))
		}
	}
	who := cl.Claimant + "\n" + cl.ClaimantRole + "\n" + strings.Join(cl.ClaimantCountry, "\n")
	doc.AddField(document.NewTextFieldCustom(fClaimWho, nil, []byte(who), bindex.IndexField, b.an.name))
	st := storedClaim{Claim: cl, Sources: map[string]sourceMeta{}}
	for _, a := range cl.Appearances {
		if _, dup := st.Sources[a.Doc]; dup {
			continue
		}
		doc.AddField(document.NewTextFieldCustom(fClaimDoc, nil, []byte(a.Doc), bindex.IndexField, b.an.keyword))
		st.Sources[a.Doc] = docs[a.Doc]
	}
	b.addDate(doc, fClaimDate, cl.SaidOn)
	js, err := json.Marshal(st)
	if err != nil {
		return nil, fmt.Errorf("encode claim %s: %w", cl.ID, err)
	}
	doc.AddField(document.NewTextFieldCustom(fClaimJSON, nil, js, bindex.StoreField, nil))
	return doc, nil
}

// frequentTerms lists the most frequent vocabulary words that are worth
// completing: not stop words, not numbers, at least three letters.
func (b *builder) frequentTerms(n int) []string {
	type wf struct {
		w string
		f uint64
	}
	var all []wf
	for _, e := range b.vocab.words {
		w, f := e.word, e.freq
		if f < 2 || len([]rune(w)) < 3 || isNumber(w) || isQueryStopWord(w) {
			continue
		}
		all = append(all, wf{w, f})
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].f != all[j].f {
			return all[i].f > all[j].f
		}
		return all[i].w < all[j].w
	})
	if len(all) > n {
		all = all[:n]
	}
	out := make([]string, len(all))
	for i, x := range all {
		out[i] = x.w
	}
	sort.Strings(out)
	return out
}

func docHash(d *armswatch.Document, scratch []byte) string {
	h := sha256.New()
	js, _ := json.Marshal(d)
	h.Write(js)
	h.Write([]byte{0})
	writeString(h, d.Body, scratch)
	h.Write([]byte{0})
	h.Write([]byte(d.Path))
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// writeJSON writes v to path and syncs it.
func writeJSON(path string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", filepath.Base(path), err)
	}
	return writeFileSync(path, data)
}

// writeFileSync writes and fsyncs a file.
func writeFileSync(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncTree fsyncs every file and directory under dir.
func syncTree(dir string) error {
	return filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		return f.Sync()
	})
}

func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
