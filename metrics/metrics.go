// Package metrics owns armswatch's operational surface: the Prometheus
// metrics (on a registry of their own, never the global one) and the ops
// HTTP listener that serves them at /metrics beside the /healthz probe.
//
// Metrics implements bot.Observer (interactions by command and outcome, and
// their latency) and records reindexes; the index's document and claim
// counts are read at scrape time from a stats function.
package metrics

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/armswatch/armswatch"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Options configures New.
type Options struct {
	// Version is reported by armswatch_build_info.
	Version string
	// Stats, when set, is read at every scrape for the documents and claims
	// indexed and the time of the last build. It must be cheap and safe for
	// concurrent use; it is not called when Ready reports false.
	Stats func() armswatch.Stats
	// Ready reports whether Stats may be called (the index is open). Nil
	// means always.
	Ready func() bool
	// Logger receives errors from serving /metrics. Nil discards them.
	Logger *slog.Logger
	// IndexErrors, when set, is read at every scrape for
	// armswatch_index_errors_total: the index's read errors and failed
	// checks since it was opened (index.Index.Errors).
	IndexErrors func() uint64
	// IndexDamaged, when set, is read at every scrape for
	// armswatch_index_damaged (index.Index.Health).
	IndexDamaged func() bool
}

// Metrics holds armswatch's collectors and their registry.
type Metrics struct {
	registry *prometheus.Registry
	log      *slog.Logger

	interactions    *prometheus.CounterVec
	latency         *prometheus.HistogramVec
	reindexes       prometheus.Counter
	reindexFailures prometheus.Counter
	reindexDuration prometheus.Histogram
	gaps            gapMetrics
}

// LatencyBuckets are the bounds, in seconds, of the interaction latency
// histogram: Discord allows 3 s for the first response.
var LatencyBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10}

// New registers armswatch's metrics, plus the Go runtime and process
// collectors, on a new registry.
func New(opts Options) *Metrics {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	version := opts.Version
	if version == "" {
		version = "dev"
	}
	reg := prometheus.NewRegistry()
	m := &Metrics{
		registry: reg,
		log:      log,
		interactions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "armswatch_interactions_total",
			Help: "Discord interactions handled, by command and outcome (ok, error, rate_limited, forbidden, panic).",
		}, []string{"command", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "armswatch_interaction_duration_seconds",
			Help:    "Time from receiving an interaction to having its response ready, by command.",
			Buckets: LatencyBuckets,
		}, []string{"command"}),
		reindexes: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "armswatch_reindexes_total",
			Help: "Reindexes attempted (from /reindex or the data directory poll), failed ones included.",
		}),
		reindexFailures: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "armswatch_reindex_failures_total",
			Help: "Reindexes that failed; the previous index kept serving.",
		}),
		reindexDuration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "armswatch_reindex_duration_seconds",
			Help:    "Time taken by reindexes, failed ones included.",
			Buckets: []float64{0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300},
		}),
	}
	buildInfo := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        "armswatch_build_info",
		Help:        "Always 1; the version label says which armswatch is running.",
		ConstLabels: prometheus.Labels{"version": version},
	})
	buildInfo.Set(1)
	reg.MustRegister(
		m.interactions, m.latency, m.reindexes, m.reindexFailures, m.reindexDuration, buildInfo,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	m.gaps = newGapMetrics(reg)
	registerIndexHealth(reg, opts)
	if opts.Stats != nil {
		reg.MustRegister(&statsCollector{stats: opts.Stats, ready: opts.Ready})
	}
	return m
}

// Interaction implements bot.Observer: it counts one handled interaction
// and records how long it took.
func (m *Metrics) Interaction(command, outcome string, d time.Duration) {
	m.interactions.WithLabelValues(command, outcome).Inc()
	m.latency.WithLabelValues(command).Observe(d.Seconds())
}

// Reindex records one reindex attempt that took d and failed when err is
// not nil.
func (m *Metrics) Reindex(d time.Duration, err error) {
	m.reindexes.Inc()
	m.reindexDuration.Observe(d.Seconds())
	if err != nil {
		m.reindexFailures.Inc()
	}
}

// Registry returns the registry the metrics are on.
func (m *Metrics) Registry() *prometheus.Registry { return m.registry }

// Handler serves the metrics in the Prometheus exposition formats.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{
		ErrorLog:            slogPrinter{m.log},
		ErrorHandling:       promhttp.ContinueOnError,
		Registry:            m.registry, // promhttp_metric_handler_errors_total
		MaxRequestsInFlight: 4,
		Timeout:             10 * time.Second,
	})
}

// slogPrinter adapts a slog.Logger to promhttp's Logger.
type slogPrinter struct{ log *slog.Logger }

func (p slogPrinter) Println(v ...any) {
	p.log.Error("serve metrics", "err", slog.AnyValue(v))
}

// statsCollector reports the index's counts at scrape time.
type statsCollector struct {
	stats func() armswatch.Stats
	ready func() bool
}

var (
	documentsDesc = prometheus.NewDesc("armswatch_documents_indexed",
		"Source documents in the index being served.", nil, nil)
	claimsDesc = prometheus.NewDesc("armswatch_claims_indexed",
		"Claim records in the index being served.", nil, nil)
	builtDesc = prometheus.NewDesc("armswatch_index_built_timestamp_seconds",
		"When the index being served was built (Unix time).", nil, nil)
)

func (c *statsCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- documentsDesc
	ch <- claimsDesc
	ch <- builtDesc
}

func (c *statsCollector) Collect(ch chan<- prometheus.Metric) {
	if c.ready != nil && !c.ready() {
		return
	}
	s := c.stats()
	ch <- prometheus.MustNewConstMetric(documentsDesc, prometheus.GaugeValue, float64(s.Documents))
	ch <- prometheus.MustNewConstMetric(claimsDesc, prometheus.GaugeValue, float64(s.Claims))
	if t, err := time.Parse(time.RFC3339, s.BuiltAt); err == nil {
		ch <- prometheus.MustNewConstMetric(builtDesc, prometheus.GaugeValue, float64(t.UnixNano())/1e9)
	}
}
