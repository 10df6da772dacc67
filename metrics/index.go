package metrics

import "github.com/prometheus/client_golang/prometheus"

// registerIndexHealth registers armswatch_index_errors_total and
// armswatch_index_damaged, read at scrape time from opts.
func registerIndexHealth(reg *prometheus.Registry, opts Options) {
	if opts.IndexErrors != nil {
		reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "armswatch_index_errors_total",
			Help: "Reads of the index that failed other than by cancellation (a search, a document body's checksum) and failed checks of its files; each marks the index damaged and starts a rebuild, unless it was one already.",
		}, func() float64 { return float64(opts.IndexErrors()) }))
	}
	if opts.IndexDamaged != nil {
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "armswatch_index_damaged",
			Help: "1 while the index in service is known to be damaged (being rebuilt, or its rebuild failed), else 0.",
		}, func() float64 {
			if opts.IndexDamaged() {
				return 1
			}
			return 0
		}))
	}
}
