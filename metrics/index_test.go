package metrics

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

func TestIndexHealthMetrics(t *testing.T) {
	var errs atomic.Uint64
	var damaged atomic.Bool
	m := New(Options{IndexErrors: errs.Load, IndexDamaged: damaged.Load})
	ops := OpsHandler(m, func() error { return nil })
	out := scrape(t, ops)
	if got := value(t, out, "armswatch_index_errors_total"); got != "0" {
		t.Errorf("errors = %s, want 0", got)
	}
	if got := value(t, out, "armswatch_index_damaged"); got != "0" {
		t.Errorf("damaged = %s, want 0", got)
	}
	errs.Add(3)
	damaged.Store(true)
	out = scrape(t, ops)
	if got := value(t, out, "armswatch_index_errors_total"); got != "3" {
		t.Errorf("errors = %s, want 3", got)
	}
	if got := value(t, out, "armswatch_index_damaged"); got != "1" {
		t.Errorf("damaged = %s, want 1", got)
	}
}

func TestHealthzDegraded(t *testing.T) {
	m := New(Options{})
	ops := OpsHandler(m, func() error {
		return &Degraded{Reason: "the index is damaged (bodies.dat); rebuilding it from the data"}
	})
	srv := httptest.NewServer(ops)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(string(b), "degraded: the index is damaged") {
		t.Errorf("GET /healthz = %d %q, want 200 degraded", resp.StatusCode, b)
	}
}
