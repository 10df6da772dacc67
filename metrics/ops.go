package metrics

import (
	"fmt"
	"net/http"
	"time"
)

// HealthFunc reports nil when armswatch can serve, else why it cannot.
type HealthFunc func() error

// OpsHandler is the ops listener's handler: GET /healthz answers 200 "ok"
// when health reports nil and 503 with the reason otherwise; GET /metrics
// serves m. Every other path is 404 (and another method 405): the ops
// listener exposes nothing else.
func OpsHandler(m *Metrics, health HealthFunc) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if err := health(); err != nil {
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
