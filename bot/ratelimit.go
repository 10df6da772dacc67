package bot

import (
	"sync"
	"time"
)

// limiter is a set of per-user token buckets.
type limiter struct {
	mu      sync.Mutex
	rate    float64 // tokens per second
	burst   float64
	now     func() time.Time
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

// autocompleteFactor scales the rate limit for autocomplete, which fires
// as the user types: it has its own bucket, this many times larger.
const autocompleteFactor = 6

// maxBuckets bounds the memory of the limiter: beyond it, buckets that
// have refilled completely are forgotten (they are equivalent to new ones).
const maxBuckets = 10000

func newLimiter(rl RateLimit, now func() time.Time) *limiter {
	return &limiter{
		rate:    rl.PerMinute / 60,
		burst:   float64(rl.Burst),
		now:     now,
		buckets: make(map[string]*bucket),
	}
}

// allow takes one token from key's bucket and reports whether there was
// one; when not, how long until there is.
func (l *limiter) allow(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) >= maxBuckets {
			l.prune(now)
		}
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	if d := now.Sub(b.last); d > 0 {
		b.tokens = min(l.burst, b.tokens+d.Seconds()*l.rate)
		b.last = now
	}
	if b.tokens < 1 {
		return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
	}
	b.tokens--
	return true, 0
}

// prune forgets the buckets that are full by now.
func (l *limiter) prune(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.last).Seconds()*l.rate >= l.burst {
			delete(l.buckets, k)
		}
	}
}
