// Package testwait waits in tests for a condition that another goroutine
// or process makes true (a log line, a file, a health state), instead of
// sleeping and then asserting. It is imported by tests only.
package testwait

import (
	"testing"
	"time"
)

// Timeout is how long Until and For wait: long enough for a loaded 2-core
// CI machine under -race; a passing test never waits it out.
const Timeout = 60 * time.Second

// poll is how often the condition is evaluated.
const poll = 10 * time.Millisecond

// Until evaluates cond every few milliseconds until it is true (true) or
// Timeout has passed (false).
func Until(cond func() bool) bool {
	deadline := time.Now().Add(Timeout)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(poll)
	}
	return true
}

// For is Until that fails the test, naming what it waited for.
func For(t testing.TB, what string, cond func() bool) {
	t.Helper()
	if !Until(cond) {
		t.Fatalf("timed out after %s waiting for %s", Timeout, what)
	}
}
