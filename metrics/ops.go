package metrics

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// HealthFunc reports nil when armswatch can serve, else why it cannot; a
// *Degraded when it serves, but not fully.
type HealthFunc func() error

// Degraded is what a HealthFunc reports when armswatch serves, but not
// fully: the index is damaged and being rebuilt (or its rebuild failed)
// while it answers what it still can. /healthz then answers 200 with
// "degraded: " and the reason, not 503: a restart would not repair the
// index (it would only interrupt the rebuild), and a load balancer or an
// orchestrator taking the one instance out would turn answers that mostly
// work into none. Monitoring sees it in the body and in
// armswatch_index_damaged.
type Degraded struct{ Reason string }

func (d *Degraded) Error() string { return "degraded: " + d.Reason }

// OpsHandler is the ops listener's handler: GET /healthz answers 200 "ok"
// when health reports nil, 200 "degraded: …" when it reports a *Degraded,
// and 503 with the reason otherwise; GET /metrics
// serves m. Every other path is 404 (and another method 405): the ops
// listener exposes nothing else.
func OpsHandler(m *Metrics, health HealthFunc) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		err := health()
		var deg *Degraded
		if errors.As(err, &deg) {
			fmt.Fprintln(w, deg.Error())
			return
		}
		if err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintf(w, "unhealthy: %v\n", err)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	mux.Handle("GET /metrics", m.Handler())
	return mux
}

// NewOpsServer returns the ops listener's server with conservative
// timeouts; the caller runs Serve on its listener and Shutdown at exit.
func NewOpsServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
	}
}
