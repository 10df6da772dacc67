package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

func TestHealthcheck(t *testing.T) {
	t.Parallel()
	var status atomic.Int32
	status.Store(200)
	var paths atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		paths.Store(r.Method + " " + r.URL.Path)
		w.WriteHeader(int(status.Load()))
		if status.Load() == 200 {
			w.Write([]byte("ok\n"))
		} else {
			w.Write([]byte("unhealthy: the index is not open yet\n"))
		}
	}))
	defer srv.Close()
	addr := srv.Listener.Addr().String()
	_, port, _ := net.SplitHostPort(addr)

	stdout, stderr, code := runArmswatch(t, nil, "healthcheck", "--addr", addr)
	if code != 0 || strings.TrimSpace(stdout) != "ok" {
		t.Errorf("healthy: exit %d, %q %q", code, stdout, stderr)
	}
	if p := paths.Load(); p != "GET /healthz" {
		t.Errorf("asked %v, want GET /healthz", p)
	}
	// OPS_ADDR is the default address, and a wildcard host is asked on
	// loopback (the container's OPS_ADDR is 0.0.0.0:9090).
	for _, opsAddr := range []string{addr, "0.0.0.0:" + port, ":" + port} {
		if _, stderr, code := runArmswatch(t, map[string]string{"OPS_ADDR": opsAddr}, "healthcheck"); code != 0 {
			t.Errorf("OPS_ADDR=%s: exit %d: %s", opsAddr, code, stderr)
		}
	}
	status.Store(503)
	_, stderr, code = runArmswatch(t, nil, "healthcheck", "--addr", addr)
	if code != 1 || !strings.Contains(stderr, "503") || !strings.Contains(stderr, "index is not open") {
		t.Errorf("unhealthy: exit %d: %s", code, stderr)
	}
}

func TestHealthcheckNothingListening(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	_, stderr, code := runArmswatch(t, nil, "healthcheck", "--addr", addr, "--timeout", "2s")
	if code != 1 || !strings.Contains(stderr, "is 'armswatch serve' running") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	if _, stderr, code := runArmswatch(t, map[string]string{"OPS_ADDR": "off"}, "healthcheck"); code != 1 || !strings.Contains(stderr, "OPS_ADDR is off") {
		t.Errorf("OPS_ADDR=off: exit %d: %s", code, stderr)
	}
	if _, _, code := runArmswatch(t, nil, "healthcheck", "extra"); code != 2 {
		t.Errorf("argument: exit %d, want 2", code)
	}
}

// healthcheck against a real serve: its ops listener (see serve_test.go).
func TestHealthcheckAgainstServe(t *testing.T) {
	t.Parallel()
	s := startServe(t, baseVars(nil), nil, []string{"ops"}, nil)
	ops := s.addrs["ops"]
	if _, _, code := runArmswatch(t, nil, "healthcheck", "--addr", ops); code != 1 {
		t.Errorf("gateway not connected: exit %d, want 1", code)
	}
	s.bot.healthy.Store(true)
	waitHealthy(t, "http://"+ops)
	if _, stderr, code := runArmswatch(t, nil, "healthcheck", "--addr", ops); code != 0 {
		t.Errorf("healthy: exit %d: %s", code, stderr)
	}
}
