package bot

import (
	"fmt"
	"net/url"
	"strings"
	"sync"

	"github.com/bwmarrin/discordgo"
)

// DefaultAPIURL is Discord's REST base URL, used when Config.APIURL is
// empty.
const DefaultAPIURL = "https://discord.com/api/v10/"

// apiVersion is the gateway version requested, matching the REST base.
const apiVersion = "10"

var (
	endpointsMu  sync.Mutex
	endpointsURL string // the base the discordgo endpoints point at; "" = not set yet
)

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

// useAPIURL points every discordgo endpoint derived from its EndpointAPI at
// base (see NormalizeAPIURL).
//
// discordgo keeps its endpoints in package variables computed at init from
// EndpointAPI (v9 by default), and its endpoint functions read the string
// variables at call time, so reassigning the string variables re-points the
// functions too. Because they are globals, one process talks to one API
// URL: every Bot in a process must use the same Config.APIURL, and the URL
// must be set (by the transport or registration call) before any discordgo
// request is in flight. Tests run one fake Discord at a time for this
// reason. Setting the URL already in use writes nothing, so concurrent
// Bots with the same URL do not race.
func useAPIURL(raw string) error {
	base, err := NormalizeAPIURL(raw)
	if err != nil {
		return err
	}
	endpointsMu.Lock()
	defer endpointsMu.Unlock()
	if endpointsURL == base {
		return nil
	}
	setEndpoints(base)
	endpointsURL = base
	return nil
}

// setEndpoints assigns every discordgo string endpoint built from
// EndpointAPI, with the suffixes of discordgo v0.29.0's endpoints.go (less
// its stray double slash before "voice/" and "sticker-packs"). The endpoint functions (EndpointApplicationGlobalCommands,
// EndpointInteractionResponse, EndpointWebhookMessage, …) are closures over
// these variables and need no change. CDN and status endpoints do not
// derive from EndpointAPI and are left alone.
func setEndpoints(base string) {
	discordgo.APIVersion = apiVersion
	discordgo.EndpointAPI = base
	discordgo.EndpointGuilds = base + "guilds/"
	discordgo.EndpointChannels = base + "channels/"
	discordgo.EndpointUsers = base + "users/"
	discordgo.EndpointGateway = base + "gateway"
	discordgo.EndpointGatewayBot = discordgo.EndpointGateway + "/bot"
	discordgo.EndpointWebhooks = base + "webhooks/"
	discordgo.EndpointStickers = base + "stickers/"
	discordgo.EndpointStageInstances = base + "stage-instances"
	discordgo.EndpointSKUs = base + "skus"
	discordgo.EndpointVoice = base + "voice/"
	discordgo.EndpointVoiceRegions = discordgo.EndpointVoice + "regions"
	discordgo.EndpointNitroStickersPacks = base + "sticker-packs"
	discordgo.EndpointGuildCreate = base + "guilds"
	discordgo.EndpointApplications = base + "applications"
	discordgo.EndpointOAuth2 = base + "oauth2/"
	discordgo.EndpointOAuth2Applications = discordgo.EndpointOAuth2 + "applications"
	discordgo.EndpointOauth2 = discordgo.EndpointOAuth2
	discordgo.EndpointOauth2Applications = discordgo.EndpointOAuth2Applications
}

// apiURLInUse returns the base the discordgo endpoints point at ("" if no
// Bot has set it yet).
func apiURLInUse() string {
	endpointsMu.Lock()
	defer endpointsMu.Unlock()
	return endpointsURL
}
