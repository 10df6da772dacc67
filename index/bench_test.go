package index

import (
	"context"
	"fmt"
	"io/fs"
	"iter"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/index/internal/synth"
)

// Benchmarks over synthetic corpora (index/internal/synth) of 1,000 and
// 10,000 documents, and 100,000 when ARMSWATCH_BENCH_100K=1. Indexes are
// kept in ARMSWATCH_BENCH_DIR (default: the temporary directory) so that
// answering, opening and serving can be measured in a process that did not
// build them. See docs/performance.md for the commands and figures.

const synthVersion = "synth-2" // synth-2: claim figures are written in their quotes

func benchSizes(b *testing.B) []int {
	sizes := []int{1_000, 10_000}
	if os.Getenv("ARMSWATCH_BENCH_100K") == "1" {
		sizes = append(sizes, 100_000)
	}
	return sizes
}

func benchConfig(n int) synth.Config { return synth.Config{Documents: n, Seed: 42} }

// benchData is the stand-in data set whose fingerprint names a synthetic
// index: the index itself is built from the generated corpus.
func benchData(n int) fs.FS {
	return fstest.MapFS{"aliases.yaml": {Data: []byte(fmt.Sprintf("# %s %d\n[]\n", synthVersion, n))}}
}

func benchDir(n int) string {
	root := os.Getenv("ARMSWATCH_BENCH_DIR")
	if root == "" {
		root = filepath.Join(os.TempDir(), "armswatch-bench")
	}
	return filepath.Join(root, "docs-"+strconv.Itoa(n))
}

// buildSynthetic builds a generation from a corpus and makes it current,
// as Reindex does after loading the data.
func buildSynthetic(ctx context.Context, dir string, c *armswatch.Corpus, data fs.FS) (meta, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return meta{}, err
	}
	ix := &Index{path: dir, opts: Options{Data: data}}
	fp, err := ix.fingerprint()
	if err != nil {
		return meta{}, err
	}
	gen := fmt.Sprintf("gen-%d-bench", time.Now().UnixNano())
	bl := &builder{dir: filepath.Join(dir, gen), src: corpusSource{c}, heldBytes: corpusSource{c}.heldBytes(), fp: fp}
	md, err := bl.build(ctx)
	if err != nil {
		return md, err
	}
	if err := ix.setCurrent(gen); err != nil {
		return md, err
	}
	ix.log = discardLogger()
	ix.removeStale(gen)
	return md, nil
}

// openBench opens the synthetic index of n documents, building it first
// when it is not there.
func openBench(b *testing.B, n int) *Index {
	b.Helper()
	dir := benchDir(n)
	ix, err := Open(context.Background(), Options{Path: dir, Data: benchData(n), Progress: func(int, int) {}})
	if err == nil && ix.Stats().Documents == n {
		return ix
	}
	if ix != nil {
		ix.Close()
	}
	c := synth.New(benchConfig(n)).Corpus()
	if _, err := buildSynthetic(context.Background(), dir, c, benchData(n)); err != nil {
		b.Fatal(err)
	}
	ix, err = Open(context.Background(), Options{Path: dir, Data: benchData(n)})
	if err != nil {
		b.Fatal(err)
	}
	return ix
}

// heapSampler records the peak of live heap objects while it runs.
type heapSampler struct {
	peak atomic.Uint64
	stop chan struct{}
	done chan struct{}
}

func startHeapSampler() *heapSampler {
	h := &heapSampler{stop: make(chan struct{}), done: make(chan struct{})}
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	go func() {
		defer close(h.done)
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > h.peak.Load() {
				h.peak.Store(v)
			}
			select {
			case <-h.stop:
				return
			case <-t.C:
			}
		}
	}()
	return h
}

func (h *heapSampler) finish() uint64 { close(h.stop); <-h.done; return h.peak.Load() }

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

// BenchmarkBuild builds an index of generated documents: documents per
// second, the peak of the Go heap during the build (live and not yet
// collected objects) and the size on disk. input=files is what a reindex
// does: the data set is files on disk (written once, see benchDataFiles),
// read, checked and indexed one document at a time through
// armswatch.Stream, all of it in the time. input=corpus holds the whole
// generated corpus in memory first (armswatch.Load's way); input=stream
// generates the documents while they are indexed (the generation's cost is
// included in the time), which shows the index's own share of the heap.
func BenchmarkBuild(b *testing.B) {
	for _, n := range benchSizes(b) {
		for _, input := range []string{"corpus", "stream", "files"} {
			b.Run(fmt.Sprintf("docs=%d/input=%s", n, input), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					dir := benchDir(n)
					os.RemoveAll(dir)
					bl := &builder{fp: benchFingerprint(b, n), dir: filepath.Join(dir, "gen-1-bench")}
					var textMB float64
					var data fs.FS // input=files: opened once the timer runs
					switch input {
					case "corpus":
						c := synth.New(benchConfig(n)).Corpus()
						for _, d := range c.Documents {
							textMB += float64(len(d.Body)) / (1 << 20)
						}
						bl.src, bl.heldBytes = corpusSource{c}, corpusSource{c}.heldBytes()
					case "stream":
						g := synth.New(benchConfig(n))
						src := &synthSource{n: n, c: &armswatch.Corpus{Aliases: g.Aliases()}}
						for j := 0; j < n; j++ {
							d, c := g.Next()
							textMB += float64(len(d.Body)) / (1 << 20)
							if c != nil {
								src.c.Claims = append(src.c.Claims, *c)
							}
						}
						bl.src = src
					case "files":
						data = os.DirFS(benchDataFiles(b, n))
						textMB = synthTextMB(n)
					}
					if path := os.Getenv("ARMSWATCH_BENCH_HEAP_PROFILE"); path != "" {
						// What is live halfway through the build (and at 90 %),
						// for go tool pprof.
						bl.progress = heapProfiler(path)
					}
					runtime.GC()
					h := startHeapSampler()
					b.StartTimer()
					start, cpu := time.Now(), cpuTime()
					var md meta
					var err error
					if data != nil {
						bl.src, err = armswatch.OpenStream(data)
					}
					if err == nil {
						md, err = bl.build(context.Background())
					}
					secs := time.Since(start).Seconds()
					cpuSecs := (cpuTime() - cpu).Seconds()
					b.StopTimer()
					peak := h.finish()
					if err != nil {
						b.Fatal(err)
					}
					ix := &Index{path: dir, log: discardLogger()}
					if err := ix.setCurrent("gen-1-bench"); err != nil {
						b.Fatal(err)
					}
					b.ReportMetric(float64(md.Documents)/secs, "docs/s")
					// What two otherwise idle cores would do, from the CPU time
					// used: the figure to read when the machine is shared.
					b.ReportMetric(float64(md.Documents)/(cpuSecs/2), "docs/s-2cpu")
					b.ReportMetric(cpuSecs, "cpu-s")
					b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
					b.ReportMetric(textMB, "text-MB")
					b.ReportMetric(float64(dirSize(dir))/(1<<20), "index-MB")
					bl.src = nil
					b.StartTimer()
				}
			})
		}
	}
}

// heapProfiler returns a progress function that writes the live heap to
// path.50 and path.90 when the build is half and nine tenths done.
func heapProfiler(path string) func(done, total int) {
	var written [2]bool
	return func(done, total int) {
		for i, pct := range []int{50, 90} {
			if written[i] || total == 0 || done*100 < total*pct {
				continue
			}
			written[i] = true
			runtime.GC()
			f, err := os.Create(fmt.Sprintf("%s.%d", path, pct))
			if err != nil {
				continue
			}
			pprof.WriteHeapProfile(f)
			f.Close()
		}
	}
}

// synthSource streams a generated corpus's documents; its claims and
// aliases are generated beforehand.
type synthSource struct {
	n int
	c *armswatch.Corpus
}

func (s *synthSource) Aliases() []armswatch.AliasGroup    { return s.c.Aliases }
func (s *synthSource) DocumentCount() int                 { return s.n }
func (s *synthSource) ClaimCount() int                    { return len(s.c.Claims) }
func (s *synthSource) Finish() (*armswatch.Corpus, error) { return s.c, nil }
func (s *synthSource) Documents() iter.Seq[*armswatch.Document] {
	return func(yield func(*armswatch.Document) bool) {
		g := synth.New(benchConfig(s.n))
		for j := 0; j < s.n; j++ {
			d, _ := g.Next()
			if !yield(&d) {
				return
			}
		}
	}
}

// benchDataFiles writes the synthetic corpus of n documents as a data set
// on disk, once (ARMSWATCH_BENCH_DIR/data-N), and returns its directory.
func benchDataFiles(b *testing.B, n int) string {
	dir := filepath.Join(filepath.Dir(benchDir(n)), "data-"+strconv.Itoa(n))
	done := filepath.Join(dir, ".complete-"+synthVersion)
	if _, err := os.Stat(done); err == nil {
		return dir
	}
	os.RemoveAll(dir)
	if err := synth.New(benchConfig(n)).WriteData(dir); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(done, nil, 0o644); err != nil {
		b.Fatal(err)
	}
	return dir
}

// synthTextMB is the size of the generated documents' bodies.
func synthTextMB(n int) float64 {
	g := synth.New(benchConfig(n))
	var mb float64
	for j := 0; j < n; j++ {
		d, _ := g.Next()
		mb += float64(len(d.Body)) / (1 << 20)
	}
	return mb
}

func benchFingerprint(b *testing.B, n int) string {
	ix := &Index{opts: Options{Data: benchData(n)}}
	fp, err := ix.fingerprint()
	if err != nil {
		b.Fatal(err)
	}
	return fp
}

// benchQueries returns exact-path queries (one to three words of middle
// frequency, as people ask) and typo-path queries (a word of six letters or
// more with one typo, which is not itself a word of the data).
func benchQueries(words []string, n int) (exact, typo []string) {
	rng := rand.New(rand.NewPCG(7, 7))
	known := make(map[string]bool, len(words))
	for _, w := range words {
		known[w] = true
	}
	mid := words[200:min(len(words), 5000)]
	for len(exact) < n {
		k := 1 + rng.IntN(3)
		q := make([]string, k)
		for i := range q {
			q[i] = mid[rng.IntN(len(mid))]
		}
		exact = append(exact, strings.Join(q, " "))
	}
	for len(typo) < n {
		w := mid[rng.IntN(len(mid))]
		if len(w) < 6 {
			continue
		}
		r := []byte(w)
		i := 1 + rng.IntN(len(r)-2)
		switch rng.IntN(2) {
		case 0: // transposition
			r[i], r[i+1] = r[i+1], r[i]
		default: // deletion
			r = append(r[:i], r[i+1:]...)
		}
		if t := string(r); !known[t] {
			typo = append(typo, t)
		}
	}
	return exact, typo
}

func percentile(ds []time.Duration, p float64) float64 {
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(float64(len(s)-1) * p)
	return float64(s[i].Microseconds()) / 1000
}

// BenchmarkAnswer measures whole answers (claims, comparisons, documents
// with snippets) on the exact path and the typo path separately; p50 and
// p99 latencies are reported over the b.N answers of a run, and the CPU
// time per answer.
func BenchmarkAnswer(b *testing.B) {
	for _, n := range benchSizes(b) {
		ix := openBench(b, n)
		exact, typo := benchQueries(synth.Vocabulary(50_000, benchConfig(n).Seed), 2000)
		for _, path := range []struct {
			name    string
			queries []string
		}{{"exact", exact}, {"typo", typo}} {
			b.Run(fmt.Sprintf("docs=%d/%s", n, path.name), func(b *testing.B) {
				lat := make([]time.Duration, 0, b.N)
				corrected := 0
				b.ResetTimer()
				cpu := cpuTime()
				for i := 0; i < b.N; i++ {
					start := time.Now()
					a, err := ix.Answer(context.Background(), armswatch.Query{Text: path.queries[i%len(path.queries)]})
					lat = append(lat, time.Since(start))
					if err != nil {
						b.Fatal(err)
					}
					if a.ShowingFor != "" {
						corrected++
					}
				}
				b.StopTimer()
				// The process's CPU time per answer (collection included):
				// what the sharing of the machine disturbs least.
				b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
				b.ReportMetric(percentile(lat, 0.5), "p50-ms")
				b.ReportMetric(percentile(lat, 0.99), "p99-ms")
				if path.name == "typo" {
					b.ReportMetric(float64(corrected)/float64(b.N), "corrected")
				}
			})
		}
		ix.Close()
	}
}

// BenchmarkOpen measures opening a current index (the process is new to it;
// the operating system's file cache may be warm).
func BenchmarkOpen(b *testing.B) {
	for _, n := range benchSizes(b) {
		openBench(b, n).Close()
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				ix, err := Open(context.Background(), Options{Path: benchDir(n), Data: benchData(n)})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := ix.Answer(context.Background(), armswatch.Query{Text: "x"}); err != nil {
					b.Fatal(err)
				}
				ix.Close()
			}
		})
	}
}

// BenchmarkServe reports the resident set size of a process serving
// answers: open the index and answer 2,000 queries. Run it alone (after
// BenchmarkBuild) so that no build shares the process.
func BenchmarkServe(b *testing.B) {
	for _, n := range benchSizes(b) {
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
			ix := openBench(b, n)
			defer ix.Close()
			exact, typo := benchQueries(synth.Vocabulary(50_000, benchConfig(n).Seed), 1000)
			runtime.GC()
			debug.FreeOSMemory()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				for _, q := range append(exact, typo...) {
					ix.Answer(context.Background(), armswatch.Query{Text: q})
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(procStatus("VmRSS"))/(1<<20), "rss-MB")
			// Anonymous memory is the process's own; file pages are the
			// index's memory-mapped segments, shared with the page cache and
			// reclaimable.
			b.ReportMetric(float64(procStatus("RssAnon"))/(1<<20), "rss-anon-MB")
			b.ReportMetric(float64(procStatus("RssFile"))/(1<<20), "rss-file-MB")
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-inuse-MB")
		})
	}
}

// procStatus reads a size from /proc/self/status (Linux); 0 elsewhere.
func procStatus(key string) int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, key+":"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				kb, _ := strconv.ParseInt(f[0], 10, 64)
				return kb * 1024
			}
		}
	}
	return 0
}
