package metrics

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/armswatch/armswatch"
)

func scrape(t *testing.T, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics: %s", resp.Status)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("Content-Type %q, want the Prometheus text format", ct)
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// value returns the sample of the series written exactly as series.
func value(t *testing.T, exposition, series string) string {
	t.Helper()
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`)
	m := re.FindStringSubmatch(exposition)
	if m == nil {
		t.Fatalf("no series %s in:\n%s", series, exposition)
	}
	return m[1]
}

func TestInteractionCountedOnce(t *testing.T) {
	m := New(Options{Version: "v1.2.3"})
	ops := OpsHandler(m, func() error { return nil })
	m.Interaction("claims", "ok", 42*time.Millisecond)

	out := scrape(t, ops)
	if got := value(t, out, `armswatch_interactions_total{command="claims",outcome="ok"}`); got != "1" {
		t.Errorf("interactions counter = %s, want 1", got)
	}
	if got := value(t, out, `armswatch_interaction_duration_seconds_count{command="claims"}`); got != "1" {
		t.Errorf("latency count = %s, want 1", got)
	}
	if got := value(t, out, `armswatch_interaction_duration_seconds_bucket{command="claims",le="0.05"}`); got != "1" {
		t.Errorf("42 ms should fall in the 50 ms bucket, got %s", got)
	}
	if got := value(t, out, `armswatch_interaction_duration_seconds_bucket{command="claims",le="0.025"}`); got != "0" {
		t.Errorf("42 ms should not fall in the 25 ms bucket, got %s", got)
	}
	if got := value(t, out, `armswatch_build_info{version="v1.2.3"}`); got != "1" {
		t.Errorf("build info = %s", got)
	}
	for _, name := range []string{"go_goroutines", "armswatch_reindexes_total", "armswatch_reindex_failures_total"} {
		if !strings.Contains(out, "\n"+name+" ") {
			t.Errorf("%s missing from the exposition", name)
		}
	}

	m.Interaction("claims", "ok", time.Millisecond)
	m.Interaction("claims", "rate_limited", time.Millisecond)
	out = scrape(t, ops)
	if got := value(t, out, `armswatch_interactions_total{command="claims",outcome="ok"}`); got != "2" {
		t.Errorf("after a second interaction the counter = %s, want 2", got)
	}
	if got := value(t, out, `armswatch_interactions_total{command="claims",outcome="rate_limited"}`); got != "1" {
		t.Errorf("rate_limited = %s, want 1", got)
	}
}

func TestReindexAndIndexGauges(t *testing.T) {
	var ready atomic.Bool
	m := New(Options{
		Ready: ready.Load,
		Stats: func() armswatch.Stats {
			if !ready.Load() {
				t.Error("Stats called while not ready")
			}
			return armswatch.Stats{Documents: 5, Claims: 17, BuiltAt: "2024-05-01T10:00:00Z"}
		},
	})
	ops := OpsHandler(m, func() error { return nil })
	out := scrape(t, ops)
	if strings.Contains(out, "armswatch_documents_indexed ") {
		t.Error("document gauge reported before the index is ready")
	}

	ready.Store(true)
	m.Reindex(1500*time.Millisecond, nil)
	m.Reindex(200*time.Millisecond, errors.New("bad data"))
	out = scrape(t, ops)
	for series, want := range map[string]string{
		"armswatch_documents_indexed":              "5",
		"armswatch_claims_indexed":                 "17",
		"armswatch_reindexes_total":                "2",
		"armswatch_reindex_failures_total":         "1",
		"armswatch_reindex_duration_seconds_count": "2",
		"armswatch_index_built_timestamp_seconds":  "1.7145576e+09",
	} {
		if got := value(t, out, series); got != want {
			t.Errorf("%s = %s, want %s", series, got, want)
		}
	}
}

func TestOpsHandlerRoutes(t *testing.T) {
	m := New(Options{})
	var healthErr atomic.Pointer[error]
	ops := httptest.NewServer(OpsHandler(m, func() error {
		if p := healthErr.Load(); p != nil {
			return *p
		}
		return nil
	}))
	defer ops.Close()
	get := func(method, path string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(method, ops.URL+path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("GET", "/healthz"); code != 200 || strings.TrimSpace(body) != "ok" {
		t.Errorf("healthy /healthz = %d %q", code, body)
	}
	if code, _ := get("HEAD", "/healthz"); code != 200 {
		t.Errorf("HEAD /healthz = %d", code)
	}
	down := errors.New("the index is not open yet")
	healthErr.Store(&down)
	if code, body := get("GET", "/healthz"); code != 503 || !strings.Contains(body, "index is not open") {
		t.Errorf("unhealthy /healthz = %d %q", code, body)
	}
	for _, path := range []string{"/", "/debug/pprof/", "/healthz/", "/metrics/x", "/favicon.ico", "/interactions"} {
		if code, _ := get("GET", path); code != 404 {
			t.Errorf("GET %s = %d, want 404", path, code)
		}
	}
	if code, _ := get("POST", "/healthz"); code != http.StatusMethodNotAllowed {
		t.Errorf("POST /healthz = %d, want 405", code)
	}
}

// Each Metrics has its own registry: two can coexist in one process.
func TestOwnRegistry(t *testing.T) {
	a, b := New(Options{}), New(Options{})
	a.Interaction("about", "ok", time.Millisecond)
	out := scrape(t, OpsHandler(b, func() error { return nil }))
	if strings.Contains(out, `command="about"`) {
		t.Error("metrics leaked between registries")
	}
}
