package bot

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// DefaultMaxAckAge is how old the last heartbeat acknowledgement may be for
// a gateway connection to count as healthy: about three of Discord's
// heartbeat intervals (41.25 s). discordgo itself gives up on a connection
// after five unacknowledged intervals.
const DefaultMaxAckAge = 2 * time.Minute

// transportState is what the transports of one Bot share (Bot.tr):
// whether a gateway session is connected, whether an HTTP server is
// serving, and the HTTP endpoint (one per Bot, so that its in-flight work
// can be drained).
type transportState struct {
	mu          sync.Mutex
	gw          *discordgo.Session // the running gateway session, nil when none
	gwConnected bool
	maxAckAge   time.Duration
	lastAck     time.Time // last LastHeartbeatAck read from gw
	serving     int       // HTTP servers serving
	endpoint    *httpEndpoint
	webhooks    *discordgo.Session // tokenless REST session for interaction webhooks
}

func (b *Bot) transport() *transportState { return b.tr }

// Healthy reports whether a transport of the Bot is up: an HTTP
// interactions server is serving (RunHTTP), or the gateway session is
// connected and its heartbeats were acknowledged within the last
// DefaultMaxAckAge (GatewayOptions.MaxAckAge). It is false before either
// starts and after they stop.
func (b *Bot) Healthy() bool {
	st := b.transport()
	st.mu.Lock()
	serving, s, connected, maxAge, last := st.serving > 0, st.gw, st.gwConnected, st.maxAckAge, st.lastAck
	st.mu.Unlock()
	if serving {
		return true
	}
	if s == nil || !connected {
		return false
	}
	// discordgo holds the session lock for up to a second while closing a
	// connection: do not wait for it, use the last value read.
	if s.TryRLock() {
		last = s.LastHeartbeatAck
		s.RUnlock()
		st.mu.Lock()
		st.lastAck = last
		st.mu.Unlock()
	}
	if maxAge <= 0 {
		maxAge = DefaultMaxAckAge
	}
	return time.Since(last) < maxAge
}

// HealthHandler answers GET and HEAD with 200 "ok" when Healthy, 503
// otherwise; for container health checks and load balancers. When the
// engine reports its index damaged (index.Index.Damaged), it answers 200
// "degraded: …" instead of "ok": the bot still answers what the index can,
// and the index is rebuilt without a restart (see metrics.Degraded).
func (b *Bot) HealthHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if !b.Healthy() {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("unavailable\n"))
			return
		}
		if e, ok := b.engine.(interface{ Damaged() (bool, string) }); ok {
			if damaged, why := e.Damaged(); damaged {
				_, _ = w.Write([]byte("degraded: " + why + "\n"))
				return
			}
		}
		_, _ = w.Write([]byte("ok\n"))
	})
}

// tracker counts the interactions a transport is working on, so that a
// shutdown can stop taking new ones and wait, for a bounded time, for
// those under way. Its context is the parent of their work; it is
// cancelled when the wait gives up.
type tracker struct {
	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
	ctx    context.Context
	cancel context.CancelFunc
}

func newTracker() *tracker {
	ctx, cancel := context.WithCancel(context.Background())
	return &tracker{ctx: ctx, cancel: cancel}
}

// begin registers one interaction; ok is false once draining has begun.
func (t *tracker) begin() (done func(), ok bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return nil, false
	}
	t.wg.Add(1)
	var once sync.Once
	return func() { once.Do(t.wg.Done) }, true
}

// cancelGrace is how long drain waits, after cancelling the work still
// under way, for it to unwind.
const cancelGrace = 2 * time.Second

// drain stops taking new interactions and waits for those under way until
// ctx ends; then it cancels their context, gives them cancelGrace to
// unwind, and returns ctx's error.
func (t *tracker) drain(ctx context.Context) error {
	t.mu.Lock()
	t.closed = true
	t.mu.Unlock()
	idle := make(chan struct{})
	go func() {
		t.wg.Wait()
		close(idle)
	}()
	select {
	case <-idle:
		t.cancel()
		return nil
	case <-ctx.Done():
		t.cancel()
		select {
		case <-idle:
		case <-time.After(cancelGrace):
		}
		return ctx.Err()
	}
}
