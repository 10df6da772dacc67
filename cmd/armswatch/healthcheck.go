package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

func healthcheckCommand() command {
	c := command{
		name:    "healthcheck",
		summary: "ask a running 'serve' whether it is healthy (exit 0) or not (exit 1)",
		usage: `healthcheck [--addr HOST:PORT] [--timeout 5s]

Requests /healthz from the ops listener of a running 'armswatch serve' (at
OPS_ADDR, default 127.0.0.1:9090) and exits 0 when it answers 200, 1
otherwise. It needs no shell or curl: Docker's HEALTHCHECK runs it.

Examples:
  armswatch healthcheck
  armswatch healthcheck --addr 127.0.0.1:9091`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fset := newFlagSet("healthcheck")
		addr := fset.String("addr", "", "the ops listener's `HOST:PORT` (default: OPS_ADDR, else "+defaultOpsAddr+")")
		timeout := fset.Duration("timeout", 5*time.Second, "give up after this long")
		pos, err := parseFlags(e, c, fset, args)
		if err != nil {
			return err
		}
		if len(pos) > 0 {
			return usagef("healthcheck takes no arguments, got %q", pos[0])
		}
		if *addr == "" {
			p := &configParser{getenv: e.getenv}
			*addr = p.addr("OPS_ADDR", defaultOpsAddr, true)
			if len(p.errs) > 0 {
				return p.errs[0]
			}
			if *addr == "" {
				return fmt.Errorf("OPS_ADDR is off: there is no ops listener to ask")
			}
		}
		ctx, cancel := context.WithTimeout(ctx, *timeout)
		defer cancel()
		status, body, err := getHealthz(ctx, *addr)
		if err != nil {
			return err
		}
		if status != http.StatusOK {
			return fmt.Errorf("unhealthy: %s answered %d: %s", *addr, status, body)
		}
		fmt.Fprintln(e.stdout, body)
		return nil
	}
	return c
}

// getHealthz requests /healthz at addr, a listening address: a wildcard
// host (":9090", "0.0.0.0:9090", "[::]:9090") is asked on loopback.
func getHealthz(ctx context.Context, addr string) (status int, body string, err error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return 0, "", fmt.Errorf("healthcheck: address %q: %w", addr, err)
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	url := "http://" + net.JoinHostPort(host, port) + "/healthz"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, "", fmt.Errorf("healthcheck: %w", err)
	}
	client := &http.Client{Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", fmt.Errorf("healthcheck: %w (is 'armswatch serve' running with OPS_ADDR=%s?)", err, addr)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	return resp.StatusCode, strings.TrimSpace(string(b)), nil
}
