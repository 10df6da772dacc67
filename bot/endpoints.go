package bot

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// DefaultAPIURL is Discord's REST base URL, used when Config.APIURL is
// empty.
const DefaultAPIURL = "https://discord.com/api/v10/"

// apiVersion is the gateway version requested, matching the REST base.
const apiVersion = "10"

// discordgo asks the gateway for the version in its APIVersion variable
// ("?v=9" by default). Set once, before any session exists, to the version
// of the REST base; nothing in this package writes a discordgo variable
// afterwards.
func init() { discordgo.APIVersion = apiVersion }

// NormalizeAPIURL checks a REST base URL (DISCORD_API_URL) and returns it
// with a trailing slash; "" gives DefaultAPIURL. It must be an absolute
// http or https URL without query or fragment, e.g.
// "https://discord.com/api/v10/" or a proxy's "http://nirn:8080/api/v10/".
func NormalizeAPIURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return DefaultAPIURL, nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("Discord API URL %q: %w", raw, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("Discord API URL %q: want an absolute http or https URL", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("Discord API URL %q: no query, fragment or credentials allowed", raw)
	}
	if !strings.HasSuffix(raw, "/") {
		raw += "/"
	}
	return raw, nil
}

// apiTransport sends the requests discordgo addresses to Discord's REST API
// (https://discord.com/api/ or https://discord.com/api/v<N>/, the form of
// discordgo's Endpoint* variables, which this package leaves untouched) to
// base instead; every other request (Discord's CDN, say) goes out as it is.
// Each session of a Bot has one on its http.Client, so Bots in one process
// can talk to different API URLs. The gateway follows: discordgo dials the
// URL that GET /gateway, sent through here, returns.
type apiTransport struct {
	base string // normalised (NormalizeAPIURL)
	next http.RoundTripper
}

func (t *apiTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	next := t.next
	if next == nil {
		next = http.DefaultTransport
	}
	rest, ok := discordAPIPath(r.URL)
	if !ok {
		return next.RoundTrip(r)
	}
	raw := t.base + rest
	if r.URL.RawQuery != "" {
		raw += "?" + r.URL.RawQuery
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("Discord API URL for %s: %w", r.URL.Path, err)
	}
	r2 := r.Clone(r.Context())
	r2.URL = u
	r2.Host = ""
	return next.RoundTrip(r2)
}

// discordAPIPath returns the escaped path of u after Discord's REST base
// (https://discord.com/api/, optionally followed by v<N>/), without leading
// slashes; ok is false when u is not under it.
func discordAPIPath(u *url.URL) (rest string, ok bool) {
	if u.Scheme != "https" || !strings.EqualFold(u.Host, "discord.com") {
		return "", false
	}
	p, ok := strings.CutPrefix(u.EscapedPath(), "/api/")
	if !ok {
		return "", false
	}
	if v, after, found := strings.Cut(p, "/"); found && len(v) > 1 && v[0] == 'v' && strings.Trim(v[1:], "0123456789") == "" {
		p = after
	}
	return strings.TrimLeft(p, "/"), true
}

// apiClient returns a copy of client (nil: one with a 20 s timeout) whose
// transport sends discordgo's REST requests to the API URL raw (see
// NormalizeAPIURL).
func apiClient(client *http.Client, raw string) (*http.Client, error) {
	base, err := NormalizeAPIURL(raw)
	if err != nil {
		return nil, err
	}
	c := &http.Client{Timeout: 20 * time.Second}
	if client != nil {
		c2 := *client
		c = &c2
	}
	c.Transport = &apiTransport{base: base, next: c.Transport}
	return c, nil
}
