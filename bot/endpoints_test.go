package bot

import (
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

func TestNormalizeAPIURL(t *testing.T) {
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

// TestAPIURLRepointsEveryEndpoint checks the endpoints the bot uses and
// every other one derived from EndpointAPI.
func TestAPIURLRepointsEveryEndpoint(t *testing.T) {
	saved := apiURLInUse()
	t.Cleanup(func() {
		if saved != "" {
			_ = useAPIURL(saved)
		}
	})
	const base = "http://127.0.0.1:9/proxy/api/v10/"
	if err := useAPIURL(strings.TrimSuffix(base, "/")); err != nil {
		t.Fatal(err)
	}
	if discordgo.APIVersion != "10" {
		t.Errorf("APIVersion = %s, want 10", discordgo.APIVersion)
	}
	for name, got := range map[string]string{
		"EndpointAPI":                        discordgo.EndpointAPI,
		"EndpointGateway":                    discordgo.EndpointGateway,
		"EndpointGatewayBot":                 discordgo.EndpointGatewayBot,
		"EndpointGuilds":                     discordgo.EndpointGuilds,
		"EndpointChannels":                   discordgo.EndpointChannels,
		"EndpointUsers":                      discordgo.EndpointUsers,
		"EndpointWebhooks":                   discordgo.EndpointWebhooks,
		"EndpointStickers":                   discordgo.EndpointStickers,
		"EndpointStageInstances":             discordgo.EndpointStageInstances,
		"EndpointSKUs":                       discordgo.EndpointSKUs,
		"EndpointVoiceRegions":               discordgo.EndpointVoiceRegions,
		"EndpointNitroStickersPacks":         discordgo.EndpointNitroStickersPacks,
		"EndpointGuildCreate":                discordgo.EndpointGuildCreate,
		"EndpointApplications":               discordgo.EndpointApplications,
		"EndpointOAuth2Applications":         discordgo.EndpointOAuth2Applications,
		"EndpointOauth2Applications":         discordgo.EndpointOauth2Applications,
		"EndpointApplicationGlobalCommands":  discordgo.EndpointApplicationGlobalCommands("1"),
		"EndpointApplicationGuildCommands":   discordgo.EndpointApplicationGuildCommands("1", "2"),
		"EndpointInteractionResponse":        discordgo.EndpointInteractionResponse("1", "tok"),
		"EndpointInteractionResponseActions": discordgo.EndpointInteractionResponseActions("1", "tok"),
		"EndpointFollowupMessage":            discordgo.EndpointFollowupMessage("1", "tok"),
		"EndpointWebhookMessage":             discordgo.EndpointWebhookMessage("1", "tok", "2"),
		"EndpointOAuth2Application":          discordgo.EndpointOAuth2Application("@me"),
		"EndpointChannelMessages":            discordgo.EndpointChannelMessages("1"),
		"EndpointGuildMember":                discordgo.EndpointGuildMember("1", "2"),
		"EndpointUser":                       discordgo.EndpointUser("@me"),
		"EndpointInvite":                     discordgo.EndpointInvite("x"),
		"EndpointEntitlements":               discordgo.EndpointEntitlements("1"),
		"EndpointSubscriptions":              discordgo.EndpointSubscriptions("1"),
	} {
		if !strings.HasPrefix(got, base) {
			t.Errorf("%s = %s, want it under %s", name, got, base)
		}
		if strings.Contains(strings.TrimPrefix(got, "http://"), "//") {
			t.Errorf("%s = %s has a double slash", name, got)
		}
	}
	if got := discordgo.EndpointApplicationGlobalCommands("1"); got != base+"applications/1/commands" {
		t.Errorf("global commands endpoint %s", got)
	}
	if got := discordgo.EndpointInteractionResponse("1", "tok"); got != base+"interactions/1/tok/callback" {
		t.Errorf("callback endpoint %s", got)
	}
	if got := discordgo.EndpointInteractionResponseActions("1", "tok"); got != base+"webhooks/1/tok/messages/@original" {
		t.Errorf("@original endpoint %s", got)
	}
	if err := useAPIURL("not a url"); err == nil {
		t.Error("a bad URL was accepted")
	}
	if apiURLInUse() != base {
		t.Error("a bad URL changed the endpoints")
	}
}
