package main

// End-to-end tests of serve and register: the real index (over the bundled
// data, in a temporary INDEX_PATH), the real bot and discordgo, against the
// bot package's fake Discord. They skip when Discord's OpenAPI spec, which
// the fake validates every request against, is absent.

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/armswatch/armswatch/bot"
	"github.com/armswatch/armswatch/bot/discordtest"
	"github.com/armswatch/armswatch/internal/testwait"
	"github.com/armswatch/armswatch/propose"
	"github.com/bwmarrin/discordgo"
	"gopkg.in/yaml.v3"
)

const e2eGuild = "1180000000000000300"

// aboutInteraction is /about used in a guild, as Discord sends it (the fake
// fills in id, token and application id).
const aboutInteraction = `{
  "type": 2, "version": 1, "context": 0, "locale": "en-GB", "guild_locale": "en-US",
  "app_permissions": "2248473465835073",
  "guild_id": "1180000000000000300", "channel_id": "1180000000000000200",
  "data": {"id": "1180000000000000603", "name": "about", "type": 1, "guild_id": "1180000000000000300"},
  "member": {
    "roles": [], "permissions": "2147863616", "joined_at": "2023-06-01T12:00:00.000000+00:00",
    "deaf": false, "mute": false, "flags": 0, "pending": false,
    "user": {"id": "1180000000000000501", "username": "ana.asker", "global_name": "Ana", "discriminator": "0", "avatar": null, "public_flags": 0}
  }
}`

// realServe runs serve with the real index and bot.
func realServe(t *testing.T, vars map[string]string, wait []string) *serveRun {
	t.Helper()
	deps := defaultServeDeps()
	deps.setDefaultLogger = false
	deps.minUptime = 0
	s := &serveRun{}
	launchServe(t, s, deps, vars, nil, wait)
	return s
}

func e2eVars(t *testing.T, fake *discordtest.Server, extra map[string]string) map[string]string {
	vars := map[string]string{
		"ENV_FILE":           "/nonexistent/.env",
		"DISCORD_TOKEN":      fake.Token(),
		"DISCORD_APP_ID":     fake.AppID(),
		"DISCORD_API_URL":    fake.APIURL(),
		"DISCORD_GUILD_ID":   e2eGuild,
		"INDEX_PATH":         filepath.Join(t.TempDir(), "index"),
		"OPS_ADDR":           "127.0.0.1:0",
		"LOG_LEVEL":          "debug",
		"DATA_POLL_INTERVAL": "1s",
	}
	for k, v := range extra {
		vars[k] = v
	}
	return vars
}

// waitMetric polls /metrics until series has value want.
func waitMetric(t *testing.T, ops, series, want string) {
	t.Helper()
	var body string
	reached := func() bool {
		_, body = opsGet(t, "http://"+ops+"/metrics")
		return slices.Contains(strings.Split(body, "\n"), series+" "+want)
	}
	if !testwait.Until(reached) {
		t.Fatalf("%s never reached %s:\n%s", series, want, grepLines(body, "armswatch_"))
	}
}

func grepLines(text, substr string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, substr) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func commandNames(cmds []*discordgo.ApplicationCommand) []string {
	var names []string
	for _, c := range cmds {
		names = append(names, c.Name)
	}
	slices.Sort(names)
	return names
}

func TestServeGatewayEndToEnd(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(t, discordtest.Options{Guilds: []string{e2eGuild}})
	vars := e2eVars(t, fake, map[string]string{"REGISTER_COMMANDS": "true"})
	s := realServe(t, vars, []string{"ops"})
	ops := s.addrs["ops"]

	// Registered to the development guild at start, then connected: the
	// ops listener reports healthy once Discord acknowledges heartbeats.
	fake.WaitFor(t, "commands registered", func() bool { return len(fake.Commands(e2eGuild)) > 0 })
	if got := commandNames(fake.Commands(e2eGuild)); !slices.Equal(got, []string{"about", "claims", "gaps", "propose", "reindex", "retract", "review", "source", "timeline"}) {
		t.Errorf("registered %v", got)
	}
	waitHealthy(t, "http://"+ops)

	in, err := fake.Dispatch([]byte(aboutInteraction))
	if err != nil {
		t.Fatal(err)
	}
	fake.WaitFor(t, "/about answered", in.Acknowledged)
	waitMetric(t, ops, `armswatch_interactions_total{command="about",outcome="ok"}`, "1")
	_, metrics := opsGet(t, "http://"+ops+"/metrics")
	if v := metricValue(t, metrics, "armswatch_claims_indexed"); v == "0" {
		t.Error("no claims indexed from the bundled data")
	}
	if v := metricValue(t, metrics, `armswatch_interaction_duration_seconds_count{command="about"}`); v != "1" {
		t.Errorf("latency observations %s, want 1", v)
	}

	if err := s.stop(); err != nil {
		t.Fatalf("serve after SIGTERM: %v", err)
	}
	log := s.stderr.String()
	if strings.Contains(log, fake.Token()) || strings.Contains(log, in.Token) {
		t.Errorf("a token is in the log:\n%s", log)
	}
	for _, want := range []string{"slash commands registered", "index open", "armswatch stopped"} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q", want)
		}
	}
}

func TestServeHTTPEndToEnd(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(t, discordtest.Options{Guilds: []string{e2eGuild}})
	vars := e2eVars(t, fake, map[string]string{
		"DISCORD_TOKEN":      "", // HTTP mode needs no token when not registering
		"REGISTER_COMMANDS":  "false",
		"HTTP_ADDR":          "127.0.0.1:0",
		"DISCORD_PUBLIC_KEY": hex.EncodeToString(fake.PublicKey()),
	})
	s := realServe(t, vars, []string{"ops", "http"})
	endpoint := "http://" + s.addrs["http"] + "/interactions"
	waitHealthy(t, "http://"+s.addrs["ops"])

	_, d, err := fake.Deliver(t.Context(), endpoint, []byte(`{"type": 1}`))
	if err != nil {
		t.Fatal(err)
	}
	var pong struct{ Type int }
	if d.Status != 200 || json.Unmarshal(d.Body, &pong) != nil || pong.Type != 1 {
		t.Fatalf("PING: %d %s", d.Status, d.Body)
	}
	in, d, err := fake.Deliver(t.Context(), endpoint, []byte(aboutInteraction))
	if err != nil || d.Status != 200 || !in.Acknowledged() {
		t.Fatalf("/about: %v %+v", err, d)
	}
	waitMetric(t, s.addrs["ops"], `armswatch_interactions_total{command="about",outcome="ok"}`, "1")

	// A request not signed by Discord is refused.
	req, _ := fake.SignedRequest(t.Context(), endpoint, []byte(`{"type": 1}`))
	req.Header.Set("X-Signature-Ed25519", strings.Repeat("00", 64))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("bad signature: %s, want 401", resp.Status)
	}
	if err := s.stop(); err != nil {
		t.Fatalf("serve after SIGTERM: %v", err)
	}
	if len(fake.RequestsTo("PUT", "/applications")) != 0 {
		t.Error("commands registered although REGISTER_COMMANDS=false")
	}
}

func TestRegisterEndToEnd(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(t, discordtest.Options{Guilds: []string{e2eGuild}})
	vars := e2eVars(t, fake, nil)

	stdout, stderr, code := runArmswatch(t, vars, "register")
	if code != 0 || !strings.Contains(stdout, "registered in guild "+e2eGuild) {
		t.Fatalf("register: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if got := commandNames(fake.Commands(e2eGuild)); !slices.Equal(got, []string{"about", "claims", "gaps", "propose", "reindex", "retract", "review", "source", "timeline"}) {
		t.Errorf("guild commands %v", got)
	}
	if len(fake.Commands("")) != 0 {
		t.Error("a guild registration touched the global commands")
	}

	stdout, stderr, code = runArmswatch(t, vars, "register", "--global")
	if code != 0 || !strings.Contains(stdout, "registered globally") {
		t.Fatalf("register --global: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if len(fake.Commands("")) == 0 {
		t.Error("no global commands")
	}

	stdout, stderr, code = runArmswatch(t, vars, "register", "--guild", e2eGuild, "--clear")
	if code != 0 || !strings.Contains(stdout, "removed in guild "+e2eGuild) {
		t.Fatalf("register --clear: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if n := len(fake.Commands(e2eGuild)); n != 0 {
		t.Errorf("%d guild commands left after --clear", n)
	}
	if strings.Contains(stdout+stderr, fake.Token()) {
		t.Error("the token is in the output")
	}

	// A token Discord rejects is an error that names the variable, not the
	// token.
	bad := e2eVars(t, fake, map[string]string{"DISCORD_TOKEN": testToken})
	_, stderr, code = runArmswatch(t, bad, "register")
	if code != 1 || strings.Contains(stderr, "GhIjKl") {
		t.Errorf("rejected token: exit %d: %s", code, stderr)
	}
}

func TestInviteIsTheBots(t *testing.T) {
	t.Parallel()
	stdout, _, _ := runArmswatch(t, map[string]string{"DISCORD_APP_ID": "123456789012345678"}, "invite")
	if strings.TrimSpace(stdout) != bot.InviteURL("123456789012345678") {
		t.Errorf("invite printed %q, want bot.InviteURL", stdout)
	}
}

// serve polls DATA_DIR: a change is reindexed by itself, a change that
// breaks the data is a failed reindex while the previous index serves, and
// both show in /metrics. No Discord is needed: HTTP mode, no registration.
func TestServeReindexesChangedData(t *testing.T) {
	t.Parallel()
	dataDir := filepath.Join(t.TempDir(), "data")
	if _, stderr, code := runArmswatch(t, nil, "data", "export", dataDir); code != 0 {
		t.Fatal(stderr)
	}
	vars := map[string]string{
		"ENV_FILE":           "/nonexistent/.env",
		"DATA_DIR":           dataDir,
		"DATA_POLL_INTERVAL": "100ms",
		"INDEX_PATH":         filepath.Join(t.TempDir(), "index"),
		"HTTP_ADDR":          "127.0.0.1:0",
		"OPS_ADDR":           "127.0.0.1:0",
		"DISCORD_PUBLIC_KEY": testPublicKeyHex,
		"REGISTER_COMMANDS":  "false",
	}
	s := realServe(t, vars, []string{"ops", "http"})
	ops := s.addrs["ops"]
	waitHealthy(t, "http://"+ops)
	_, metrics := opsGet(t, "http://"+ops+"/metrics")
	claims := metricValue(t, metrics, "armswatch_claims_indexed")
	if metricValue(t, metrics, "armswatch_reindexes_total") != "0" {
		t.Fatal("reindexed before any change")
	}

	// The same content with a new modification time is a change.
	aliases := filepath.Join(dataDir, "aliases.yaml")
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(aliases, later, later); err != nil {
		t.Fatal(err)
	}
	waitMetric(t, ops, "armswatch_reindexes_total", "1")
	waitMetric(t, ops, "armswatch_reindex_failures_total", "0")

	// A claim file that is not YAML fails validation: counted as a failure,
	// and the previous index keeps answering.
	writeTestFile(t, filepath.Join(dataDir, "claims", "broken.yaml"), "claims: [unclosed\n")
	waitMetric(t, ops, "armswatch_reindex_failures_total", "1")
	waitMetric(t, ops, "armswatch_reindexes_total", "2")
	waitMetric(t, ops, "armswatch_claims_indexed", claims)
	if code, body := opsGet(t, "http://"+ops+"/healthz"); code != 200 {
		t.Errorf("after a failed reindex /healthz = %d %s", code, body)
	}
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
}

// retractInteraction is /retract by a member with Manage Server; %s are
// the claim id and the reason.
const retractInteraction = `{
  "type": 2, "version": 1, "context": 0, "locale": "en-GB", "guild_locale": "en-US",
  "app_permissions": "2248473465835073",
  "guild_id": "1180000000000000300", "channel_id": "1180000000000000200",
  "data": {"id": "1180000000000000607", "name": "retract", "type": 1, "guild_id": "1180000000000000300",
    "options": [{"name": "id", "type": 3, "value": %q}, {"name": "reason", "type": 3, "value": %q}]},
  "member": {
    "roles": [], "permissions": "2147871842", "joined_at": "2023-06-01T12:00:00.000000+00:00",
    "deaf": false, "mute": false, "flags": 0, "pending": false,
    "user": {"id": "1180000000000000501", "username": "ana.asker", "global_name": "Ana", "discriminator": "0", "avatar": null, "public_flags": 0}
  }
}`

// TestServeStagesInDataDir: with DATA_DIR a real directory, serve gives
// the bot the staging area of that directory: /retract over the gateway
// marks a bundled claim retracted in DATA_DIR's claims file, with the
// moderator and the reason, appends the changelog line and reindexes.
// With the bundled data there is no staging area.
func TestServeStagesInDataDir(t *testing.T) {
	t.Parallel()
	if serveStaging(&config{}) != nil {
		t.Error("a staging area for the bundled data")
	}
	dataDir := filepath.Join(t.TempDir(), "data")
	if _, stderr, code := runArmswatch(t, nil, "data", "export", dataDir); code != 0 {
		t.Fatal(stderr)
	}
	files, _ := filepath.Glob(filepath.Join(dataDir, "claims", "*.yaml"))
	if len(files) == 0 {
		t.Fatal("no claims exported")
	}
	raw, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	var recs []struct {
		ID string `yaml:"id"`
	}
	if err := yaml.Unmarshal(raw, &recs); err != nil || len(recs) == 0 {
		t.Fatalf("%s: %v", files[0], err)
	}
	id := recs[0].ID
	fake := discordtest.New(t, discordtest.Options{Guilds: []string{e2eGuild}})
	s := realServe(t, e2eVars(t, fake, map[string]string{"DATA_DIR": dataDir, "DATA_POLL_INTERVAL": "0", "REGISTER_COMMANDS": "false"}), []string{"ops"})
	waitHealthy(t, "http://"+s.addrs["ops"])
	in, err := fake.Dispatch([]byte(fmt.Sprintf(retractInteraction, id, "A serve test retracts it.")))
	if err != nil {
		t.Fatal(err)
	}
	fake.WaitFor(t, "the /retract edit", func() bool { return in.Edits() > 0 })
	msg := in.Original()
	var text strings.Builder
	for _, e := range msg.Embeds {
		text.WriteString(e.Title + "\n" + e.Description + "\n")
	}
	if !strings.Contains(text.String(), "Retracted "+id) || !strings.Contains(text.String(), "Reindex finished") {
		t.Fatalf("the reply:\n%s%s", msg.Content, text.String())
	}
	after, _ := os.ReadFile(files[0])
	for _, want := range []string{"status: retracted", "reason: A serve test retracts it.", "by: discord:1180000000000000501"} {
		if !strings.Contains(string(after), want) {
			t.Errorf("%s lacks %q", files[0], want)
		}
	}
	if log, _ := os.ReadFile(filepath.Join(dataDir, propose.ChangelogFile)); !strings.Contains(string(log), `"action":"retract"`) {
		t.Errorf("changelog: %s", log)
	}
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
}
