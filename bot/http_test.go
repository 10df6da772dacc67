package bot

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/armswatch/armswatch/bot/discordtest"
	"github.com/armswatch/armswatch/internal/testwait"
	"github.com/bwmarrin/discordgo"
)

// signedRequest builds an interactions request signed with key at ts.
func signedRequest(t *testing.T, path string, key ed25519.PrivateKey, ts time.Time, body []byte) *http.Request {
	t.Helper()
	stamp := strconv.FormatInt(ts.Unix(), 10)
	r := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-Signature-Timestamp", stamp)
	r.Header.Set("X-Signature-Ed25519", discordtest.Sign(key, stamp, body))
	return r
}

// TestHTTPEndpointSignatures checks the request rules of the HTTP
// interactions endpoint with real Ed25519 keys.
func TestHTTPEndpointSignatures(t *testing.T) {
	t.Parallel()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	_, otherPriv, _ := ed25519.GenerateKey(rand.Reader)
	cfg := FixtureConfig()
	cfg.PublicKey = pub
	b, err := New(cfg, NewFixtureEngine())
	if err != nil {
		t.Fatal(err)
	}
	h := b.HTTPHandler()
	t.Cleanup(func() { _ = b.DrainHTTP(context.Background()) })
	now := cfg.Now()
	ping := LoadFixtureRaw(t, "ping.json")
	claims := LoadFixtureRaw(t, "claims_guild.json")

	cases := []struct {
		name     string
		req      func() *http.Request
		status   int
		bodyType discordgo.InteractionResponseType // checked when status is 200
	}{
		{"PING", func() *http.Request { return signedRequest(t, "/interactions", priv, now, ping) }, 200, discordgo.InteractionResponsePong},
		{"PING on /", func() *http.Request { return signedRequest(t, "/", priv, now, ping) }, 200, discordgo.InteractionResponsePong},
		{"command", func() *http.Request { return signedRequest(t, "/interactions", priv, now, claims) }, 200, discordgo.InteractionResponseChannelMessageWithSource},
		{"tampered body", func() *http.Request {
			r := signedRequest(t, "/interactions", priv, now, ping)
			r.Body = io.NopCloser(bytes.NewReader(bytes.Replace(ping, []byte(`"type": 1`), []byte(`"type": 2`), 1)))
			return r
		}, 401, 0},
		{"tampered timestamp", func() *http.Request {
			r := signedRequest(t, "/interactions", priv, now, ping)
			r.Header.Set("X-Signature-Timestamp", strconv.FormatInt(now.Unix()+1, 10))
			return r
		}, 401, 0},
		{"wrong key", func() *http.Request { return signedRequest(t, "/interactions", otherPriv, now, ping) }, 401, 0},
		{"no signature", func() *http.Request {
			r := signedRequest(t, "/interactions", priv, now, ping)
			r.Header.Del("X-Signature-Ed25519")
			return r
		}, 401, 0},
		{"no timestamp", func() *http.Request {
			r := signedRequest(t, "/interactions", priv, now, ping)
			r.Header.Del("X-Signature-Timestamp")
			return r
		}, 401, 0},
		{"no headers", func() *http.Request {
			return httptest.NewRequest(http.MethodPost, "/interactions", bytes.NewReader(ping))
		}, 401, 0},
		{"signature not hex", func() *http.Request {
			r := signedRequest(t, "/interactions", priv, now, ping)
			r.Header.Set("X-Signature-Ed25519", "zz"+r.Header.Get("X-Signature-Ed25519")[2:])
			return r
		}, 401, 0},
		{"signature too short", func() *http.Request {
			r := signedRequest(t, "/interactions", priv, now, ping)
			r.Header.Set("X-Signature-Ed25519", r.Header.Get("X-Signature-Ed25519")[:64])
			return r
		}, 401, 0},
		{"timestamp 6 minutes old", func() *http.Request {
			return signedRequest(t, "/interactions", priv, now.Add(-6*time.Minute), ping)
		}, 401, 0},
		{"timestamp 6 minutes ahead", func() *http.Request {
			return signedRequest(t, "/interactions", priv, now.Add(6*time.Minute), ping)
		}, 401, 0},
		{"timestamp 4 minutes old", func() *http.Request {
			return signedRequest(t, "/interactions", priv, now.Add(-4*time.Minute), ping)
		}, 200, discordgo.InteractionResponsePong},
		{"timestamp not a number", func() *http.Request {
			body := ping
			r := httptest.NewRequest(http.MethodPost, "/interactions", bytes.NewReader(body))
			r.Header.Set("X-Signature-Timestamp", "yesterday")
			r.Header.Set("X-Signature-Ed25519", discordtest.Sign(priv, "yesterday", body))
			return r
		}, 401, 0},
		{"body over 1 MiB", func() *http.Request {
			body := append(bytes.Repeat([]byte(" "), MaxInteractionBody), ping...)
			return signedRequest(t, "/interactions", priv, now, body)
		}, 413, 0},
		{"body of exactly 1 MiB", func() *http.Request {
			body := append(bytes.Repeat([]byte(" "), MaxInteractionBody-len(ping)), ping...)
			return signedRequest(t, "/interactions", priv, now, body)
		}, 200, discordgo.InteractionResponsePong},
		{"signed but not JSON", func() *http.Request {
			return signedRequest(t, "/interactions", priv, now, []byte("not json"))
		}, 400, 0},
		{"GET", func() *http.Request { return httptest.NewRequest(http.MethodGet, "/interactions", nil) }, 405, 0},
		{"PUT", func() *http.Request {
			r := signedRequest(t, "/interactions", priv, now, ping)
			r.Method = http.MethodPut
			return r
		}, 405, 0},
		{"another path", func() *http.Request { return signedRequest(t, "/webhook", priv, now, ping) }, 404, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, tc.req())
			if w.Code != tc.status {
				t.Fatalf("status %d, want %d; body %q", w.Code, tc.status, w.Body.String())
			}
			if tc.status == http.StatusMethodNotAllowed && w.Header().Get("Allow") != http.MethodPost {
				t.Errorf("Allow = %q, want POST", w.Header().Get("Allow"))
			}
			if tc.status != http.StatusOK {
				return
			}
			if ct := w.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
			var resp struct {
				Type discordgo.InteractionResponseType `json:"type"`
			}
			if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil || resp.Type != tc.bodyType {
				t.Fatalf("body %s (%v), want type %d", w.Body.String(), err, tc.bodyType)
			}
		})
	}
}

func TestHTTPEndpointWithoutPublicKey(t *testing.T) {
	t.Parallel()
	cfg := FixtureConfig()
	b, err := New(cfg, NewFixtureEngine())
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	b.HTTPHandler().ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/interactions", strings.NewReader("{}")))
	if w.Code != http.StatusServiceUnavailable {
		t.Errorf("status %d, want 503", w.Code)
	}
	if err := b.RunHTTP(context.Background(), "127.0.0.1:0"); err == nil || !strings.Contains(err.Error(), "DISCORD_PUBLIC_KEY") {
		t.Errorf("RunHTTP without a key: %v", err)
	}
}

// TestHTTPDeferredEditNeedsNoBotToken: a /reindex over HTTP is deferred in
// the HTTP answer and edited over REST with the interaction token alone,
// without the bot token.
func TestHTTPDeferredEditNeedsNoBotToken(t *testing.T) {
	t.Parallel()
	fake := newFake(t, discordtest.Options{})
	b, logs := newE2EBot(t, fake, nil, nil)
	endpoint, stop := startHTTP(t, b)
	in := httpTransport(fake, endpoint).send(t, LoadFixtureRaw(t, "reindex_moderator.json"))
	if cb := in.Callbacks()[0]; cb.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Fatalf("callback type %d, want 5", cb.Type)
	}
	fake.WaitFor(t, "the edit", func() bool { return in.Edits() == 1 })
	patches := fake.RequestsTo(http.MethodPatch, "/webhooks/")
	if len(patches) != 1 {
		t.Fatalf("%d PATCHes, want 1", len(patches))
	}
	if a := patches[0].Header.Get("Authorization"); a != "" {
		t.Errorf("the edit sent Authorization %q; interaction webhooks need none", a[:min(len(a), 4)])
	}
	if !strings.HasPrefix(patches[0].Header.Get("User-Agent"), "DiscordBot (https://github.com/armswatch/armswatch") {
		t.Errorf("User-Agent %q", patches[0].Header.Get("User-Agent"))
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	checkNoTokens(t, logs.String(), fake)
}

// TestHTTPHealthAndDrain: healthy while serving, /healthz says so; after
// shutdown unhealthy, and the drained endpoint refuses new interactions.
func TestHTTPHealthAndDrain(t *testing.T) {
	t.Parallel()
	fake := newFake(t, discordtest.Options{})
	b, _ := newE2EBot(t, fake, nil, nil)
	if b.Healthy() {
		t.Fatal("healthy before serving")
	}
	endpoint, stop := startHTTP(t, b)
	healthz := strings.TrimSuffix(endpoint, "/interactions") + "/healthz"
	if !testwait.Until(b.Healthy) {
		t.Fatal("not healthy while serving")
	}
	resp, err := http.Get(healthz)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || string(body) != "ok\n" {
		t.Fatalf("/healthz: %d %q", resp.StatusCode, body)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if b.Healthy() {
		t.Error("healthy after shutdown")
	}
	w := httptest.NewRecorder()
	b.HealthHandler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if w.Code != http.StatusServiceUnavailable {
		t.Errorf("/healthz after shutdown: %d", w.Code)
	}
	req, _ := fake.SignedRequest(context.Background(), "http://example.invalid/interactions", LoadFixtureRaw(t, "claims_guild.json"))
	req.URL.Path = "/interactions"
	w = httptest.NewRecorder()
	b.HTTPHandler().ServeHTTP(w, req)
	if w.Code != http.StatusServiceUnavailable {
		t.Errorf("a command after the drain: %d, want 503", w.Code)
	}
}
