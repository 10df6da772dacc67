package bot

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/armswatch/armswatch/bot/discordtest"
	"github.com/bwmarrin/discordgo"
)

func TestNormalizeAPIURL(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"":                            DefaultAPIURL,
		"https://discord.com/api/v10": "https://discord.com/api/v10/",
		"http://nirn:8080/api/v10/":   "http://nirn:8080/api/v10/",
		" http://127.0.0.1:1/api/ ":   "http://127.0.0.1:1/api/",
	} {
		got, err := NormalizeAPIURL(in)
		if err != nil || got != want {
			t.Errorf("NormalizeAPIURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"discord.com/api/v10", "ftp://discord.com/api", "https:///api", "https://x/api?v=10", "https://u:p@x/api", "://"} {
		if got, err := NormalizeAPIURL(bad); err == nil {
			t.Errorf("NormalizeAPIURL(%q) = %q, want an error", bad, got)
		}
	}
}

// recordingTransport answers every request with 204 and keeps its URL.
type recordingTransport struct {
	mu   sync.Mutex
	urls []string
}

func (r *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	r.urls = append(r.urls, req.URL.String())
	r.mu.Unlock()
	return &http.Response{StatusCode: http.StatusNoContent, Body: http.NoBody, Request: req, Header: http.Header{}}, nil
}

// TestAPITransportRewrites: the endpoints the bot uses, and every other
// one derived from discordgo's EndpointAPI, reach Config.APIURL; other
// hosts are left alone.
func TestAPITransportRewrites(t *testing.T) {
	t.Parallel()
	const base = "http://127.0.0.1:9/proxy/api/v10/"
	rec := &recordingTransport{}
	client, err := apiClient(&http.Client{Transport: rec}, strings.TrimSuffix(base, "/"))
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		discordgo.EndpointGateway:                                     base + "gateway",
		discordgo.EndpointGatewayBot:                                  base + "gateway/bot",
		discordgo.EndpointApplications + "/@me":                       base + "applications/@me",
		discordgo.EndpointApplicationGlobalCommands("1"):              base + "applications/1/commands",
		discordgo.EndpointApplicationGuildCommands("1", "2"):          base + "applications/1/guilds/2/commands",
		discordgo.EndpointInteractionResponse("1", "a%2Fb"):           base + "interactions/1/a%2Fb/callback",
		discordgo.EndpointInteractionResponseActions("1", "tok"):      base + "webhooks/1/tok/messages/@original",
		discordgo.EndpointFollowupMessage("1", "tok") + "?wait=true":  base + "webhooks/1/tok?wait=true",
		discordgo.EndpointWebhookMessage("1", "tok", "2"):             base + "webhooks/1/tok/messages/2",
		discordgo.EndpointVoiceRegions:                                base + "voice/regions",
		discordgo.EndpointNitroStickersPacks:                          base + "sticker-packs",
		"https://discord.com/api/applications/@me":                    base + "applications/@me",
		"https://discord.com/api/v9/users/@me":                        base + "users/@me",
		"https://cdn.discordapp.com/attachments/1/2/a.yaml":           "https://cdn.discordapp.com/attachments/1/2/a.yaml",
		"https://discord.com/developers/applications":                 "https://discord.com/developers/applications",
		"http://discord.com/api/v10/gateway":                          "http://discord.com/api/v10/gateway",
		"https://discord.com/api/v10/interactions/1/tok/callback?x=1": base + "interactions/1/tok/callback?x=1",
	} {
		rec.mu.Lock()
		rec.urls = nil
		rec.mu.Unlock()
		req, err := http.NewRequest(http.MethodGet, in, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		resp.Body.Close()
		if len(rec.urls) != 1 || rec.urls[0] != want {
			t.Errorf("%s went to %v, want %s", in, rec.urls, want)
		}
	}
	if _, err := apiClient(nil, "not a url"); err == nil {
		t.Error("a bad URL was accepted")
	}
	if !strings.HasPrefix(discordgo.EndpointAPI, "https://discord.com/api/") {
		t.Errorf("discordgo.EndpointAPI = %s: the package rewrote a discordgo variable", discordgo.EndpointAPI)
	}
}

// fakeClient is an http.Client whose discordgo requests reach fake.
func fakeClient(t *testing.T, fake *discordtest.Server) *http.Client {
	t.Helper()
	c, err := apiClient(nil, fake.APIURL())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestTwoBotsTwoFakes runs two Bots in one process against two fake
// Discords at once, each registering its commands and answering over its
// gateway: neither's requests reach the other's fake.
func TestTwoBotsTwoFakes(t *testing.T) {
	t.Parallel()
	fakes := []*discordtest.Server{newFake(t, discordtest.Options{}), newFake(t, discordtest.Options{})}
	var bots []*Bot
	for _, fake := range fakes {
		b, _ := newE2EBot(t, fake, nil, nil)
		bots = append(bots, b)
	}
	var wg sync.WaitGroup
	for i := range fakes {
		wg.Go(func() {
			if err := bots[i].RegisterCommands(context.Background(), "1180000000000000300"); err != nil {
				t.Errorf("bot %d: register: %v", i, err)
			}
		})
		startGateway(t, fakes[i], bots[i])
	}
	wg.Wait()
	for i, fake := range fakes {
		in := gatewayTransport(fake).send(t, LoadFixtureRaw(t, "claims_guild.json"))
		if text := callbackText(in.Callbacks()[0]); !strings.Contains(text, "Claims: shells") {
			t.Errorf("bot %d answered:\n%s", i, text)
		}
		if n := fake.Identifies(); n != 1 {
			t.Errorf("fake %d saw %d identifies, want 1", i, n)
		}
		if n := len(fake.RequestsTo("PUT", "/applications/")); n != 1 {
			t.Errorf("fake %d saw %d command registrations, want 1", i, n)
		}
		if n := len(fake.RequestsTo("POST", "/interactions/")); n != 1 {
			t.Errorf("fake %d saw %d interaction callbacks, want 1", i, n)
		}
		if v := fake.TakeViolations(); len(v) > 0 {
			t.Errorf("fake %d: violations %v", i, v)
		}
		if !bots[i].Healthy() {
			t.Errorf("bot %d not healthy", i)
		}
	}
}
