package main

import (
	"net/url"
	"strings"
	"testing"
)

func TestInvite(t *testing.T) {
	t.Parallel()
	stdout, stderr, code := runArmswatch(t, map[string]string{"DISCORD_APP_ID": "123456789012345678"}, "invite")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	u, err := url.Parse(strings.TrimSpace(stdout))
	if err != nil || u.Scheme != "https" || u.Host != "discord.com" {
		t.Fatalf("not an invite URL: %q", stdout)
	}
	q := u.Query()
	if q.Get("client_id") != "123456789012345678" {
		t.Errorf("client_id = %q", q.Get("client_id"))
	}
	scopes := strings.Fields(q.Get("scope"))
	if len(scopes) != 2 || !strings.Contains(q.Get("scope"), "bot") || !strings.Contains(q.Get("scope"), "applications.commands") {
		t.Errorf("scope = %q, want bot and applications.commands", q.Get("scope"))
	}

	_, stderr, code = runArmswatch(t, nil, "invite")
	if code != 1 || !strings.Contains(stderr, "DISCORD_APP_ID is not set: copy .env.example to .env and paste your application id (see README, Discord)") {
		t.Errorf("no app id: exit %d: %s", code, stderr)
	}
	_, stderr, code = runArmswatch(t, map[string]string{"DISCORD_APP_ID": "my bot"}, "invite")
	if code != 1 || !strings.Contains(stderr, "not a Discord id") {
		t.Errorf("bad app id: exit %d: %s", code, stderr)
	}
}
