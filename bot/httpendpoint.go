package bot

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// HTTP interactions endpoint limits.
const (
	// MaxInteractionBody is the largest request body the endpoint reads.
	MaxInteractionBody = 1 << 20
	// MaxTimestampSkew is how far X-Signature-Timestamp may be from now:
	// older requests are refused as possible replays.
	MaxTimestampSkew = 5 * time.Minute
)

// HTTPHandler returns the HTTP interactions endpoint: it accepts POST on
// "/" and "/interactions" (404 elsewhere, 405 for other methods), reads at
// most MaxInteractionBody bytes (413 beyond), verifies the Ed25519
// signature Discord sends in X-Signature-Ed25519 over
// X-Signature-Timestamp + body with Config.PublicKey (401 when missing or
// wrong) and refuses timestamps more than MaxTimestampSkew from now (401).
// It answers PING with PONG and every other interaction with Handle's
// Initial as the response body. When Handle returns a Then, it runs in the
// background and edits the original response over REST (the interaction
// token is enough; no bot token is needed); DrainHTTP waits for those.
//
// The endpoint is stateless: replicas behind a load balancer answer alike.
// It never logs interaction tokens. Every call returns the same handler.
func (b *Bot) HTTPHandler() http.Handler {
	st := b.transport()
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.endpoint == nil {
		st.endpoint = &httpEndpoint{b: b, track: newTracker(), log: b.log.With("transport", "http")}
		// The deferred edits go to Config.APIURL, also when the handler is
		// mounted on another server than RunHTTP's.
		if _, err := NormalizeAPIURL(b.cfg.APIURL); err != nil {
			st.endpoint.log.Error("deferred responses cannot be edited", "err", err)
		}
		routeDiscordgoLogs(st.endpoint.log, b.cfg.LogQueries, b.secret())
	}
	return st.endpoint
}

// DrainHTTP stops the HTTP endpoint from taking new interactions (it
// answers 503) and waits until the deferred work it started has finished or
// ctx ends, when that work is cancelled. RunHTTP calls it on shutdown; call
// it yourself when serving HTTPHandler from your own server.
func (b *Bot) DrainHTTP(ctx context.Context) error {
	return b.HTTPHandler().(*httpEndpoint).tracker().drain(ctx)
}

type httpEndpoint struct {
	b   *Bot
	log *slog.Logger

	mu    sync.Mutex
	track *tracker // replaced by reopen after a drain
}

func (h *httpEndpoint) tracker() *tracker {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.track
}

// reopen lets a drained endpoint take interactions again (a new RunHTTP).
func (h *httpEndpoint) reopen() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.track.mu.Lock()
	closed := h.track.closed
	h.track.mu.Unlock()
	if closed {
		h.track = newTracker()
	}
}

func (h *httpEndpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" && r.URL.Path != "/interactions" {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	pub := h.b.cfg.PublicKey
	if len(pub) != ed25519.PublicKeySize {
		h.log.Error("interaction refused: no public key configured (DISCORD_PUBLIC_KEY)")
		http.Error(w, "endpoint not configured", http.StatusServiceUnavailable)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxInteractionBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			h.log.Warn("interaction refused: body too large", "limit_bytes", MaxInteractionBody, "remote", r.RemoteAddr)
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "cannot read body", http.StatusBadRequest)
		return
	}
	if reason := verifyInteraction(pub, r.Header, body, h.b.now()); reason != "" {
		h.log.Warn("interaction refused: "+reason, "remote", r.RemoteAddr)
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	var i discordgo.Interaction
	if err := json.Unmarshal(body, &i); err != nil {
		h.log.Warn("interaction refused: not an interaction", "err", Redact(err.Error(), h.b.secret()))
		http.Error(w, "bad interaction", http.StatusBadRequest)
		return
	}
	if i.Type == discordgo.InteractionPing {
		writeInteractionJSON(w, &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong})
		return
	}
	track := h.tracker()
	done, ok := track.begin()
	if !ok {
		h.log.Warn("interaction refused: shutting down", "interaction_id", i.ID)
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	resp := h.b.Handle(r.Context(), &i)
	writeInteractionJSON(w, resp.Initial)
	if resp.Then == nil {
		done()
		return
	}
	go func() {
		defer done()
		ctx, cancel := context.WithTimeout(track.ctx, interactionLifetime)
		defer cancel()
		h.b.finishDeferred(ctx, h.b.webhookSession(), &i, resp.Then, "http")
	}()
}

// verifyInteraction checks Discord's signature headers; it returns why a
// request is refused, or "".
func verifyInteraction(pub ed25519.PublicKey, h http.Header, body []byte, now time.Time) string {
	sigHex, ts := h.Get("X-Signature-Ed25519"), h.Get("X-Signature-Timestamp")
	if sigHex == "" || ts == "" {
		return "missing signature headers"
	}
	sig, err := hex.DecodeString(sigHex)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return "malformed signature"
	}
	msg := make([]byte, 0, len(ts)+len(body))
	msg = append(append(msg, ts...), body...)
	if !ed25519.Verify(pub, msg, sig) {
		return "bad signature"
	}
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return "malformed timestamp"
	}
	if d := now.Sub(time.Unix(secs, 0)); d > MaxTimestampSkew || d < -MaxTimestampSkew {
		return "timestamp more than 5 minutes from now"
	}
	return ""
}

func writeInteractionJSON(w http.ResponseWriter, resp *discordgo.InteractionResponse) {
	b, err := json.Marshal(resp)
	if err != nil {
		http.Error(w, "cannot encode response", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(b)
}

// webhookSession is the REST session that edits responses for the HTTP
// transport. It has no token: interaction webhooks authenticate by the
// interaction token in the URL.
func (b *Bot) webhookSession() *discordgo.Session {
	st := b.transport()
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.webhooks == nil {
		s, _ := discordgo.New("") // cannot fail
		if err := configureSession(s, nil, b.cfg); err != nil {
			// HTTPHandler has logged it; the edits would go to Discord.
			_ = configureSession(s, nil, Config{Version: b.cfg.Version})
		}
		s.StateEnabled = false
		st.webhooks = s
	}
	return st.webhooks
}

// RunHTTP serves the interactions endpoint on addr until ctx is cancelled:
// HTTPHandler on "/" and "/interactions", HealthHandler on "/healthz".
// See RunHTTPListener.
func (b *Bot) RunHTTP(ctx context.Context, addr string) error {
	if err := b.checkHTTPConfig(); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("run HTTP interactions endpoint: %w", err)
	}
	return b.RunHTTPListener(ctx, ln)
}

func (b *Bot) checkHTTPConfig() error {
	if len(b.cfg.PublicKey) != ed25519.PublicKeySize {
		return errors.New("run HTTP interactions endpoint: no public key (DISCORD_PUBLIC_KEY)")
	}
	if _, err := NormalizeAPIURL(b.cfg.APIURL); err != nil {
		return fmt.Errorf("run HTTP interactions endpoint: %w", err)
	}
	return nil
}

// RunHTTPListener serves the interactions endpoint on ln until ctx is
// cancelled; Healthy reports true while it serves. On cancellation it
// stops accepting connections, waits up to Config.DrainTimeout for requests
// and deferred work under way (DrainHTTP), and returns nil.
func (b *Bot) RunHTTPListener(ctx context.Context, ln net.Listener) error {
	if err := b.checkHTTPConfig(); err != nil {
		_ = ln.Close()
		return err
	}
	log := b.log.With("transport", "http")
	routeDiscordgoLogs(log, b.cfg.LogQueries, b.secret())
	mux := http.NewServeMux()
	mux.Handle("/healthz", b.HealthHandler())
	endpoint := b.HTTPHandler().(*httpEndpoint)
	endpoint.reopen()
	mux.Handle("/", endpoint)
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	st := b.transport()
	setServing := func(d int) {
		st.mu.Lock()
		st.serving += d
		st.mu.Unlock()
	}
	setServing(1)
	serving := true
	defer func() {
		if serving {
			setServing(-1)
		}
	}()
	log.Info("serving the HTTP interactions endpoint", "addr", ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("run HTTP interactions endpoint: %w", err)
	case <-ctx.Done():
	}
	setServing(-1)
	serving = false
	sctx, cancel := context.WithTimeout(context.Background(), b.cfg.DrainTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		log.Warn("requests still under way at shutdown were cut", "err", err)
		_ = srv.Close()
	}
	if err := b.DrainHTTP(sctx); err != nil {
		log.Warn("deferred interactions still under way at shutdown were cancelled", "waited", b.cfg.DrainTimeout.String())
	}
	<-errc
	return nil
}
