package index

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/index/internal/synth"
)

// The peer: plain bleve over the same synthetic corpus, as someone would
// set it up without this package. bleve.New with bleve's default mapping
// (dynamic fields: stored, with term vectors and doc values, included in
// _all) and the standard English analyzer ("en") as the default analyzer;
// one field "text" holding what armswatch searches a record by: a
// document's title and body, a claim's claimText (statement, claimant,
// items, quotes). Records are added with bleve's batches of peerBatch
// records from one goroutine, and the build ends with Close (which waits
// for bleve to persist). A query is a MatchQuery over "text", 20 hits, with
// bleve's own highlighter (the default, html) on "text".
//
// BenchmarkVsBleve measures both in one process, under the same load:
// docs=N/build builds armswatch (input=corpus, then input=files, as
// BenchmarkBuild) and the peer from the same corpus, one after the other;
// docs=N/exact and docs=N/typo answer the queries of BenchmarkAnswer with
// armswatch (the whole Answer) and the peer, interleaved query by query
// (which goes first alternates), and report both latencies. Run it with
// -benchtime 1x (see peerQueries). See docs/performance.md.

const peerBatch = 1000

// peerQueries is how many queries of each kind one iteration of
// BenchmarkVsBleve's answer sub-benchmarks answers (both engines each):
// ARMSWATCH_BENCH_QUERIES, default 3000. The benchmark is meant to be run
// with -benchtime 1x, so that the builds run once and the answers are
// measured on the index the files build wrote.
func peerQueries() int {
	if k, err := strconv.Atoi(os.Getenv("ARMSWATCH_BENCH_QUERIES")); err == nil && k > 0 {
		return k
	}
	return 3000
}

func peerDir(n int) string {
	return filepath.Join(filepath.Dir(benchDir(n)), "bleve-"+strconv.Itoa(n))
}

const peerComplete = ".complete-peer-" + synthVersion

// buildPeer builds the plain-bleve index of c in dir (removed first).
func buildPeer(dir string, c *armswatch.Corpus) error {
	os.RemoveAll(dir)
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = en.AnalyzerName
	idx, err := bleve.New(dir, m)
	if err != nil {
		return err
	}
	batch := idx.NewBatch()
	add := func(id, text string) error {
		if err := batch.Index(id, map[string]any{"text": text}); err != nil {
			return err
		}
		if batch.Size() >= peerBatch {
			if err := idx.Batch(batch); err != nil {
				return err
			}
			batch.Reset()
		}
		return nil
	}
	for i := range c.Documents {
		d := &c.Documents[i]
		if err := add(docPrefix+d.ID, d.Title+"\n"+d.Body); err != nil {
			idx.Close()
			return err
		}
	}
	for _, cl := range c.Claims {
		if err := add(claimPrefix+cl.ID, claimText(cl)); err != nil {
			idx.Close()
			return err
		}
	}
	if batch.Size() > 0 {
		if err := idx.Batch(batch); err != nil {
			idx.Close()
			return err
		}
	}
	return idx.Close()
}

// openPeer opens the peer index of n documents, building it first when it
// is not there (or was not finished).
func openPeer(b testing.TB, n int) bleve.Index {
	b.Helper()
	dir := peerDir(n)
	if _, err := os.Stat(filepath.Join(dir, peerComplete)); err != nil {
		if err := buildPeer(dir, synth.New(benchConfig(n)).Corpus()); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, peerComplete), nil, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	idx, err := bleve.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	return idx
}

// peerSearch is the peer's answer: a match query over the text, 20 hits,
// highlighted. fuzziness 0 is a plain match.
func peerSearch(idx bleve.Index, text string, fuzziness int) (*bleve.SearchResult, error) {
	q := query.NewMatchQuery(text)
	q.SetField("text")
	if fuzziness > 0 {
		q.SetFuzziness(fuzziness)
	}
	req := bleve.NewSearchRequestOptions(q, 20, 0, false)
	req.Highlight = bleve.NewHighlight()
	req.Highlight.AddField("text")
	return idx.SearchInContext(context.Background(), req)
}

// buildArmswatch builds the armswatch index of n documents in benchDir(n)
// (removed first) from the generated corpus in memory (input "corpus") or
// from the data set on disk (input "files", what a reindex does), and makes
// it current. It returns the records' documents, wall and CPU seconds.
func buildArmswatch(b *testing.B, n int, input string) (docs int, secs, cpuSecs float64) {
	b.Helper()
	dir := benchDir(n)
	os.RemoveAll(dir)
	bl := &builder{fp: benchFingerprint(b, n), dir: filepath.Join(dir, "gen-1-bench")}
	var data string
	switch input {
	case "corpus":
		c := synth.New(benchConfig(n)).Corpus()
		bl.src, bl.heldBytes = corpusSource{c}, corpusSource{c}.heldBytes()
	case "files":
		data = benchDataFiles(b, n)
	}
	runtime.GC()
	start, cpu := time.Now(), cpuTime()
	var md meta
	var err error
	if data != "" {
		bl.src, err = armswatch.OpenStream(os.DirFS(data))
	}
	if err == nil {
		md, err = bl.build(context.Background())
	}
	secs, cpuSecs = time.Since(start).Seconds(), (cpuTime() - cpu).Seconds()
	if err != nil {
		b.Fatal(err)
	}
	ix := &Index{path: dir, log: discardLogger()}
	if err := ix.setCurrent("gen-1-bench"); err != nil {
		b.Fatal(err)
	}
	return md.Documents, secs, cpuSecs
}

func BenchmarkVsBleve(b *testing.B) {
	for _, n := range benchSizes(b) {
		b.Run(fmt.Sprintf("docs=%d/build", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				benchDataFiles(b, n) // written once, outside the time
				var awRate [2]float64
				for j, input := range []string{"corpus", "files"} {
					docs, secs, cpuSecs := buildArmswatch(b, n, input)
					awRate[j] = float64(docs) / secs
					b.ReportMetric(awRate[j], "aw-"+input+"-docs/s")
					b.ReportMetric(cpuSecs, "aw-"+input+"-cpu-s")
				}
				b.ReportMetric(float64(dirSize(benchDir(n)))/(1<<20), "aw-index-MB")

				c := synth.New(benchConfig(n)).Corpus()
				dir := peerDir(n)
				runtime.GC()
				start, cpu := time.Now(), cpuTime()
				if err := buildPeer(dir, c); err != nil {
					b.Fatal(err)
				}
				secs, cpuSecs := time.Since(start).Seconds(), (cpuTime() - cpu).Seconds()
				if err := os.WriteFile(filepath.Join(dir, peerComplete), nil, 0o644); err != nil {
					b.Fatal(err)
				}
				// The peer's records: documents and claims, as armswatch's
				// docs/s counts documents only; the peer's rate is counted
				// the same way (documents per second).
				peerRate := float64(len(c.Documents)) / secs
				b.ReportMetric(peerRate, "bleve-docs/s")
				b.ReportMetric(cpuSecs, "bleve-cpu-s")
				b.ReportMetric(float64(dirSize(dir))/(1<<20), "bleve-index-MB")
				b.ReportMetric(awRate[0]/peerRate, "x-corpus")
				b.ReportMetric(awRate[1]/peerRate, "x-files")
				c = nil
				b.StartTimer()
			}
		})

		var ix *Index
		var peer bleve.Index
		exact, typo := benchQueries(synth.Vocabulary(50_000, benchConfig(n).Seed), 2000)
		for _, path := range []struct {
			name    string
			queries []string
		}{{"exact", exact}, {"typo", typo}} {
			b.Run(fmt.Sprintf("docs=%d/%s", n, path.name), func(b *testing.B) {
				if ix == nil {
					ix = openBench(b, n)
					peer = openPeer(b, n)
				}
				aw := make([]time.Duration, 0, b.N*peerQueries())
				pl := make([]time.Duration, 0, b.N*peerQueries())
				var fz []time.Duration // typo: the peer with fuzziness 1, for reference
				var corrected, peerHits, peerFrag, fuzzyHits int
				total := b.N * peerQueries()
				b.ResetTimer()
				for i := 0; i < total; i++ {
					text := path.queries[i%len(path.queries)]
					runAw := func() {
						start := time.Now()
						a, err := ix.Answer(context.Background(), armswatch.Query{Text: text})
						aw = append(aw, time.Since(start))
						if err != nil {
							b.Fatal(err)
						}
						if a.ShowingFor != "" {
							corrected++
						}
					}
					runPeer := func() {
						start := time.Now()
						r, err := peerSearch(peer, text, 0)
						pl = append(pl, time.Since(start))
						if err != nil {
							b.Fatal(err)
						}
						if len(r.Hits) > 0 {
							peerHits++
							if len(r.Hits[0].Fragments["text"]) > 0 {
								peerFrag++
							}
						}
						if path.name == "typo" {
							start := time.Now()
							r, err := peerSearch(peer, text, 1)
							fz = append(fz, time.Since(start))
							if err != nil {
								b.Fatal(err)
							}
							if len(r.Hits) > 0 {
								fuzzyHits++
							}
						}
					}
					if i%2 == 0 {
						runAw()
						runPeer()
					} else {
						runPeer()
						runAw()
					}
				}
				b.StopTimer()
				b.ReportMetric(percentile(aw, 0.5), "aw-p50-ms")
				b.ReportMetric(percentile(aw, 0.99), "aw-p99-ms")
				b.ReportMetric(percentile(pl, 0.5), "bleve-p50-ms")
				b.ReportMetric(percentile(pl, 0.99), "bleve-p99-ms")
				b.ReportMetric(percentile(aw, 0.99)/max(percentile(pl, 0.99), 0.001), "x-p99")
				b.ReportMetric(float64(peerHits)/float64(total), "bleve-answered")
				b.ReportMetric(float64(peerFrag)/float64(total), "bleve-highlighted")
				if path.name == "typo" {
					b.ReportMetric(float64(corrected)/float64(total), "aw-corrected")
					b.ReportMetric(percentile(fz, 0.5), "bleve-fuzzy-p50-ms")
					b.ReportMetric(percentile(fz, 0.99), "bleve-fuzzy-p99-ms")
					b.ReportMetric(float64(fuzzyHits)/float64(total), "bleve-fuzzy-answered")
				}
			})
		}
		if ix != nil {
			ix.Close()
			peer.Close()
		}
	}
}

// TestBlevePeer checks, on a small corpus, that the peer of
// BenchmarkVsBleve finds and highlights what it is asked.
func TestBlevePeer(t *testing.T) {
	c := synth.New(synth.Config{Documents: 60, Seed: 3}).Corpus()
	dir := filepath.Join(t.TempDir(), "peer")
	if err := buildPeer(dir, c); err != nil {
		t.Fatal(err)
	}
	idx, err := bleve.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if n, _ := idx.DocCount(); n != uint64(len(c.Documents)+len(c.Claims)) {
		t.Fatalf("peer has %d records, want %d", n, len(c.Documents)+len(c.Claims))
	}
	word := synth.New(synth.Config{Documents: 60, Seed: 3}).Words()[300]
	r, err := peerSearch(idx, word, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Hits) == 0 || len(r.Hits[0].Fragments["text"]) == 0 {
		t.Fatalf("peer search %q: %d hits, fragments %v", word, len(r.Hits), r.Hits)
	}
}
