package main

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/bot"
	"github.com/joho/godotenv"
)

// testToken has the shape of a real bot token; it must never be printed.
const testToken = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB"

// testPublicKeyHex is a real Ed25519 public key, hex-encoded.
var testPublicKeyHex = func() string {
	pub, _, err := ed25519.GenerateKey(nil)
	if err != nil {
		panic(err)
	}
	return hex.EncodeToString(pub)
}()

func testSecret() armswatch.Secret { return armswatch.NewSecret(testToken) }

// getenvFrom returns a getenv over vars.
func getenvFrom(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func loadTestConfig(t *testing.T, vars map[string]string) (*config, error) {
	t.Helper()
	return loadConfig(&env{getenv: getenvFrom(vars)})
}

func TestConfigDefaults(t *testing.T) {
	t.Parallel()
	cfg, err := loadTestConfig(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := &config{
		APIURL:             "https://discord.com/api/v10/",
		RegisterCommands:   true,
		DataPollInterval:   60 * time.Second,
		OpsAddr:            "127.0.0.1:9090",
		LogLevel:           slog.LevelInfo,
		RatePerMinute:      10,
		RateBurst:          5,
		ShutdownTimeout:    10 * time.Second,
		HeartbeatExitAfter: 5 * time.Minute,
		GapsRetention:      90 * 24 * time.Hour,
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("defaults:\n got %+v\nwant %+v", cfg, want)
	}
	if cfg.transport() != transportGateway {
		t.Errorf("default transport %s, want gateway", cfg.transport())
	}
}

func TestConfigParsesEveryVariable(t *testing.T) {
	t.Parallel()
	cfg, err := loadTestConfig(t, map[string]string{
		"DISCORD_TOKEN":         "  Bot " + testToken + " ",
		"DISCORD_APP_ID":        "123456789012345678",
		"DISCORD_GUILD_ID":      "223456789012345678",
		"DISCORD_PUBLIC_KEY":    strings.ToUpper(testPublicKeyHex),
		"DISCORD_API_URL":       "http://nirn-proxy:8080/api/v10",
		"REGISTER_COMMANDS":     "false",
		"MODERATOR_ROLE_IDS":    " 323456789012345678, 423456789012345678,,323456789012345678 ",
		"MODERATOR_GUILD_IDS":   "523456789012345678",
		"DATA_DIR":              "/srv/data",
		"DATA_POLL_INTERVAL":    "0",
		"INDEX_PATH":            "/var/lib/armswatch/index",
		"HTTP_ADDR":             ":8080",
		"OPS_ADDR":              "off",
		"LOG_LEVEL":             "DEBUG",
		"LOG_FORMAT":            "text",
		"LOG_QUERIES":           "yes",
		"RATE_LIMIT_PER_MINUTE": "2.5",
		"RATE_LIMIT_BURST":      "3",
		"SHUTDOWN_TIMEOUT":      "1m30s",
		"HEARTBEAT_EXIT_AFTER":  "0",
	})
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := hex.DecodeString(testPublicKeyHex)
	checks := []struct {
		name      string
		got, want any
	}{
		{"token", cfg.Token.Reveal(), "Bot " + testToken},
		{"app id", cfg.AppID, "123456789012345678"},
		{"guild id", cfg.GuildID, "223456789012345678"},
		{"public key", []byte(cfg.PublicKey), pub},
		{"api url", cfg.APIURL, "http://nirn-proxy:8080/api/v10/"},
		{"register", cfg.RegisterCommands, false},
		{"roles", cfg.ModeratorRoleIDs, []string{"323456789012345678", "423456789012345678"}},
		{"guilds", cfg.ModeratorGuildIDs, []string{"523456789012345678"}},
		{"data dir", cfg.DataDir, "/srv/data"},
		{"poll", cfg.DataPollInterval, time.Duration(0)},
		{"index", cfg.IndexPath, "/var/lib/armswatch/index"},
		{"http", cfg.HTTPAddr, ":8080"},
		{"ops", cfg.OpsAddr, ""},
		{"level", cfg.LogLevel, slog.LevelDebug},
		{"format", cfg.LogFormat, "text"},
		{"queries", cfg.LogQueries, true},
		{"rate", cfg.RatePerMinute, 2.5},
		{"burst", cfg.RateBurst, 3},
		{"shutdown", cfg.ShutdownTimeout, 90 * time.Second},
		{"heartbeat", cfg.HeartbeatExitAfter, time.Duration(0)},
		{"transport", cfg.transport(), transportHTTP},
		{"warnings", len(cfg.warnings), 0},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %#v, want %#v", c.name, c.got, c.want)
		}
	}
}

func TestConfigErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, value string
		want        string // in the message
	}{
		{"DISCORD_APP_ID", "my-bot", `DISCORD_APP_ID is "my-bot", not a Discord id`},
		{"DISCORD_APP_ID", "99999999999999999999", "not a Discord id"}, // overflows uint64
		{"DISCORD_APP_ID", "0", "not a Discord id"},
		{"DISCORD_GUILD_ID", "12 34", "not a Discord id"},
		{"DISCORD_PUBLIC_KEY", "abcd", "want 64 hex digits (32 bytes)"},
		{"DISCORD_PUBLIC_KEY", strings.Repeat("zz", 32), "want 64 hex digits"},
		{"DISCORD_TOKEN", "Bot abc def", "contains spaces or quotes"},
		{"DISCORD_API_URL", "discord.com/api", "want an http(s) URL"},
		{"DISCORD_API_URL", "ftp://discord.com/api/", "want an http(s) URL"},
		{"DISCORD_API_URL", "https://user:pw@proxy/api/", "without query or credentials"},
		{"REGISTER_COMMANDS", "maybe", `REGISTER_COMMANDS is "maybe": want true or false`},
		{"MODERATOR_ROLE_IDS", "123456789012345678,Moderators", `MODERATOR_ROLE_IDS: item 2 is "Moderators", not a Discord id`},
		{"MODERATOR_GUILD_IDS", "<@&123456789012345678>", "MODERATOR_GUILD_IDS: item 1"},
		{"DATA_POLL_INTERVAL", "60", "add a unit: 60s"},
		{"DATA_POLL_INTERVAL", "-5s", "cannot be negative"},
		{"DATA_POLL_INTERVAL", "soon", "want a duration"},
		{"HTTP_ADDR", "8080", "want host:port"},
		{"HTTP_ADDR", "localhost:http", "want host:port"},
		{"OPS_ADDR", "127.0.0.1:99999", "want host:port"},
		{"LOG_LEVEL", "verbose", "want debug, info, warn or error"},
		{"LOG_FORMAT", "xml", "want json or text"},
		{"LOG_QUERIES", "2", "want true or false"},
		{"RATE_LIMIT_PER_MINUTE", "0", "greater than 0"},
		{"RATE_LIMIT_PER_MINUTE", "NaN", "greater than 0"},
		{"RATE_LIMIT_BURST", "1.5", "whole number greater than 0"},
		{"RATE_LIMIT_BURST", "-1", "whole number greater than 0"},
		{"SHUTDOWN_TIMEOUT", "0", "want at least"},
		{"HEARTBEAT_EXIT_AFTER", "30s", "too short"},
		{"HEARTBEAT_EXIT_AFTER", "5", "add a unit"},
		// A token pasted into the wrong variable is not echoed.
		{"DISCORD_APP_ID", testToken, "not shown: it may be a secret"},
		{"DISCORD_PUBLIC_KEY", testToken, "not shown: it may be a secret"},
		{"MODERATOR_ROLE_IDS", testToken, "not shown: it may be a secret"},
		{"LOG_LEVEL", testToken, "not shown: it may be a secret"},
	}
	for _, tt := range tests {
		t.Run(tt.name+"="+tt.value, func(t *testing.T) {
			_, err := loadTestConfig(t, map[string]string{tt.name: tt.value})
			if err == nil {
				t.Fatalf("no error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
			if strings.Contains(err.Error(), testToken) || strings.Contains(err.Error(), "GhIjKl") {
				t.Errorf("error leaks the token: %q", err)
			}
		})
	}
}

func TestConfigAcceptsVariants(t *testing.T) {
	t.Parallel()
	for _, vars := range []map[string]string{
		{"DISCORD_TOKEN": testToken},          // without "Bot "
		{"DISCORD_TOKEN": "bot " + testToken}, // any case
		{"DISCORD_API_URL": "https://discord.com/api/v10/"},
		{"REGISTER_COMMANDS": "0"}, {"REGISTER_COMMANDS": "TRUE"}, {"REGISTER_COMMANDS": "off"},
		{"LOG_LEVEL": "warning"}, {"LOG_LEVEL": "Error"},
		{"LOG_FORMAT": "JSON"},
		{"HTTP_ADDR": "[::1]:0"}, {"OPS_ADDR": "0.0.0.0:9090"}, {"OPS_ADDR": "OFF"},
		{"HEARTBEAT_EXIT_AFTER": "1m"}, {"DATA_POLL_INTERVAL": "500ms"},
		{"MODERATOR_ROLE_IDS": ","},
	} {
		if _, err := loadTestConfig(t, vars); err != nil {
			t.Errorf("%v: %v", vars, err)
		}
	}
}

func TestConfigReportsEveryProblemAtOnce(t *testing.T) {
	t.Parallel()
	_, err := loadTestConfig(t, map[string]string{
		"LOG_LEVEL": "loud", "OPS_ADDR": "nine", "RATE_LIMIT_BURST": "many",
	})
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"configuration has 3 problems", "LOG_LEVEL", "OPS_ADDR", "RATE_LIMIT_BURST"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
	var ce *configError
	if !errors.As(err, &ce) || len(ce.errs) != 3 {
		t.Errorf("want a configError with 3 problems, got %#v", err)
	}
}

func TestTokenThatLooksWrongIsAWarning(t *testing.T) {
	t.Parallel()
	cfg, err := loadTestConfig(t, map[string]string{"DISCORD_TOKEN": "0123456789abcdef0123456789abcdef"})
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.warnings) != 1 || !strings.Contains(cfg.warnings[0], "does not look like a bot token") {
		t.Errorf("warnings = %q", cfg.warnings)
	}
	if strings.Contains(strings.Join(cfg.warnings, ""), "0123456789abcdef") {
		t.Error("warning echoes the token")
	}
}

func TestTransportRequirementMessages(t *testing.T) {
	t.Parallel()
	cfg, err := loadTestConfig(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		check func() error
		want  string
	}{
		{cfg.requireGateway, "DISCORD_TOKEN is not set: copy .env.example to .env and paste your bot token (see README, Discord)"},
		{cfg.requireHTTP, "DISCORD_PUBLIC_KEY is not set: copy .env.example to .env and paste your application's public key (64 hex digits) (see README, Discord)"},
		{cfg.requireAppID, "DISCORD_APP_ID is not set: copy .env.example to .env and paste your application id (see README, Discord)"},
	} {
		err := tt.check()
		if err == nil || err.Error() != tt.want {
			t.Errorf("got %v\nwant %s", err, tt.want)
		}
	}
	if err := cfg.requireRegister(); err == nil || !strings.Contains(err.Error(), "DISCORD_TOKEN is not set") || !strings.Contains(err.Error(), "DISCORD_APP_ID is not set") {
		t.Errorf("requireRegister = %v, want both missing variables", err)
	}
	full, err := loadTestConfig(t, map[string]string{"DISCORD_TOKEN": testToken, "DISCORD_APP_ID": "123456789012345678", "DISCORD_PUBLIC_KEY": testPublicKeyHex})
	if err != nil {
		t.Fatal(err)
	}
	for _, check := range []func() error{full.requireGateway, full.requireHTTP, full.requireAppID, full.requireRegister} {
		if err := check(); err != nil {
			t.Error(err)
		}
	}
}

func writeTestFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// .env fills what the environment leaves unset; the real environment wins.
func TestDotenvFillsDefaultsAndEnvironmentWins(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "armswatch.env")
	writeTestFile(t, path, "DISCORD_TOKEN="+testToken+"\nLOG_LEVEL=debug\nOPS_ADDR=127.0.0.1:9191\nDATA_POLL_INTERVAL=\"5m\"\n")
	e := &env{getenv: getenvFrom(map[string]string{"ENV_FILE": path, "LOG_LEVEL": "warn", "OPS_ADDR": ""})}
	loadDotEnv(e)
	cfg, err := loadConfig(e)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Token.Reveal() != testToken {
		t.Error("token from .env not read")
	}
	if cfg.LogLevel != slog.LevelWarn {
		t.Errorf("LOG_LEVEL = %v: the environment's warn should win over .env's debug", cfg.LogLevel)
	}
	if cfg.OpsAddr != "127.0.0.1:9191" {
		t.Errorf("OPS_ADDR = %q: an empty environment variable counts as unset", cfg.OpsAddr)
	}
	if cfg.DataPollInterval != 5*time.Minute {
		t.Errorf("quoted value: %v", cfg.DataPollInterval)
	}
}

// The default .env is read from the working directory, through run.
func TestDotenvInWorkingDirectory(t *testing.T) {
	dir := t.TempDir()
	writeTestFile(t, filepath.Join(dir, ".env"), "DISCORD_APP_ID=123456789012345678\n")
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	err := run(t.Context(), []string{"invite"}, getenvFrom(nil), nil, &stdout, &stderr)
	if err != nil {
		t.Fatalf("invite: %v (stderr %s)", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "client_id=123456789012345678") {
		t.Errorf("invite did not use .env's DISCORD_APP_ID: %s", stdout.String())
	}
}

// A broken .env is reported without quoting it: godotenv's errors include
// the text of the file, token and all.
func TestBrokenDotenvNeverQuoted(t *testing.T) {
	t.Parallel()
	for _, content := range []string{
		"DISCORD_TOKEN=\"" + testToken + "\n",            // unterminated quote
		"DISCORD-TOKEN=" + testToken + "\nLOG_LEVEL=x\n", // bad name
	} {
		path := filepath.Join(t.TempDir(), ".env")
		writeTestFile(t, path, content)
		e := &env{getenv: getenvFrom(map[string]string{"ENV_FILE": path})}
		loadDotEnv(e)
		if e.dotenvErr == nil {
			t.Fatalf("godotenv accepted %q", content)
		}
		cfg, err := loadConfig(e)
		if err != nil {
			t.Fatal(err)
		}
		if len(cfg.warnings) != 1 || !strings.Contains(cfg.warnings[0], "the .env file was ignored") {
			t.Errorf("warnings = %q", cfg.warnings)
		}
		if strings.Contains(strings.Join(cfg.warnings, ""), "GhIjKl") {
			t.Errorf("warning leaks the token: %q", cfg.warnings)
		}
		// When the configuration fails too, the .env problem is part of
		// the error, which explains why the token is "not set".
		var stdout, stderr bytes.Buffer
		err = run(t.Context(), []string{"serve"}, getenvFrom(map[string]string{"ENV_FILE": path}), nil, &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), "DISCORD_TOKEN is not set") || !strings.Contains(err.Error(), "the .env file was ignored") {
			t.Errorf("serve with a broken .env: %v", err)
		}
		if err != nil && strings.Contains(err.Error(), "GhIjKl") {
			t.Errorf("error leaks the token: %v", err)
		}
	}
}

// repoFile reads a file at the module root.
func readRepoFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func configVarNames() []string {
	var names []string
	for _, v := range configVars {
		names = append(names, v.name)
	}
	return names
}

// .env.example lists exactly the variables the configuration reads, and,
// copied as is, configures the defaults.
func TestEnvExampleDocumentsEveryVariable(t *testing.T) {
	t.Parallel()
	text := readRepoFile(t, ".env.example")
	vars, err := godotenv.Unmarshal(text)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range configVarNames() {
		if name == "ENV_FILE" {
			if !strings.Contains(text, name) {
				t.Error(".env.example does not mention ENV_FILE")
			}
			continue
		}
		if _, ok := vars[name]; !ok {
			t.Errorf(".env.example lacks %s", name)
		}
	}
	for name := range vars {
		if !slices.Contains(configVarNames(), name) {
			t.Errorf(".env.example sets %s, which armswatch does not read", name)
		}
	}
	for _, v := range configVars {
		if v.def != "" && v.name != "ENV_FILE" && !strings.Contains(text, "Default: "+v.def) {
			t.Errorf(".env.example does not give %s's default %q", v.name, v.def)
		}
	}
	fromExample, err := loadTestConfig(t, vars)
	if err != nil {
		t.Fatal(err)
	}
	defaults, _ := loadTestConfig(t, nil)
	if !reflect.DeepEqual(fromExample, defaults) {
		t.Errorf("the example as is does not give the defaults:\n%+v\n%+v", fromExample, defaults)
	}
}

// Every default in configVars is the one loadConfig applies.
func TestConfigVarDefaultsAreApplied(t *testing.T) {
	t.Parallel()
	defaults, err := loadTestConfig(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range configVars {
		if v.def == "" || v.name == "ENV_FILE" {
			continue
		}
		explicit, err := loadTestConfig(t, map[string]string{v.name: v.def})
		if err != nil {
			t.Errorf("%s=%s: %v", v.name, v.def, err)
			continue
		}
		if !reflect.DeepEqual(explicit, defaults) {
			t.Errorf("%s=%s differs from leaving it unset", v.name, v.def)
		}
	}
}

// The README's configuration reference has a row for every variable.
func TestREADMEConfigurationReference(t *testing.T) {
	t.Parallel()
	readme := readRepoFile(t, "README.md")
	i := strings.Index(readme, "## Configuration reference")
	if i < 0 {
		t.Fatal("README has no Configuration reference section")
	}
	section := readme[i:]
	if j := strings.Index(section[3:], "\n## "); j >= 0 {
		section = section[:j+3]
	}
	for _, v := range configVars {
		row := regexp.MustCompile("(?m)^\\| `" + v.name + "` \\|([^|]*)\\|")
		m := row.FindStringSubmatch(section)
		if m == nil {
			t.Errorf("no row for %s", v.name)
			continue
		}
		def := strings.Trim(strings.TrimSpace(m[1]), "`")
		want := v.def
		if want == "" {
			want = "(empty)"
		}
		if def != want {
			t.Errorf("%s: README default %q, want %q", v.name, def, want)
		}
	}
}

func TestLogger(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log := newLogger(&buf, slog.LevelInfo, "")
	log.Debug("hidden")
	log.Info("shown", "token", testSecret())
	var rec map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
		t.Fatalf("not on a terminal the log is JSON: %v: %s", err, buf.String())
	}
	if rec["msg"] != "shown" || rec["token"] != "[redacted]" {
		t.Errorf("record %v", rec)
	}
	buf.Reset()
	newLogger(&buf, slog.LevelDebug, "text").Debug("visible", "k", "v")
	if !strings.Contains(buf.String(), "level=DEBUG msg=visible k=v") {
		t.Errorf("text log: %q", buf.String())
	}
	buf.Reset()
	newLogger(&buf, slog.LevelError, "json").Warn("hidden")
	if buf.Len() != 0 {
		t.Errorf("warn written at error level: %s", buf.String())
	}
}

// The configuration as logged at start shows whether secrets are set, never
// what they are.
func TestConfigLogValueHidesSecrets(t *testing.T) {
	t.Parallel()
	cfg, err := loadTestConfig(t, map[string]string{"DISCORD_TOKEN": testToken, "DISCORD_PUBLIC_KEY": testPublicKeyHex})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	newLogger(&buf, slog.LevelDebug, "json").Debug("config", "config", cfg)
	newLogger(&buf, slog.LevelDebug, "text").Debug("config", "config", cfg)
	fmt.Fprintf(&buf, "%v %+v %#v", cfg, cfg, cfg)
	out := buf.String()
	if strings.Contains(out, testToken) || strings.Contains(out, "GhIjKl") {
		t.Errorf("token leaked: %s", out)
	}
	if !strings.Contains(out, `"token_set":true`) {
		t.Errorf("the log should say the token is set: %s", out)
	}
}

// The documented rate-limit defaults are the bot's.
func TestRateLimitDefaultsAreTheBots(t *testing.T) {
	t.Parallel()
	if bot.DefaultRateLimit != (bot.RateLimit{PerMinute: defaultRatePerMinute, Burst: defaultRateBurst}) {
		t.Errorf("bot.DefaultRateLimit %+v, documented %v/%v", bot.DefaultRateLimit, defaultRatePerMinute, defaultRateBurst)
	}
}
