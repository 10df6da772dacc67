package discordtest

import (
	"sync"
	"time"
)

// Clock is a settable clock for the fake's deadlines (the 3 seconds for an
// interaction's first callback, the 15 minutes an interaction token lives),
// so that tests move time instead of sleeping. Pass its Now as
// Options.Now. The zero Clock starts at a fixed date; it is safe for
// concurrent use.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock set to t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.t.IsZero() {
		c.t = time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	}
	return c.t
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.t.IsZero() {
		c.t = time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	}
	c.t = c.t.Add(d)
}
