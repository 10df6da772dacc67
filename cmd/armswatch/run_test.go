package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// runCmd runs "armswatch args..." with the given environment (no .env
// file unless ENV_FILE names one) and standard input.
func runCmd(t *testing.T, environ map[string]string, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	noEnv := filepath.Join(t.TempDir(), "no.env")
	getenv := func(k string) string {
		if v, ok := environ[k]; ok || k != "ENV_FILE" {
			return v
		}
		return noEnv
	}
	var out, errOut bytes.Buffer
	err = run(context.Background(), args, getenv, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestUsageAndHelp(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     []string // each must appear
		stderr     []string
		stderrLine string // the stderr line that must appear alone
	}{
		{name: "no command", args: nil, code: 2,
			stderr: []string{"Usage: armswatch COMMAND", "Commands:"}, stderrLine: "armswatch: no command given"},
		{name: "--help", args: []string{"--help"}, code: 0,
			stdout: []string{"Usage: armswatch COMMAND", "Examples:", `armswatch ask "shells"`, "armswatch COMMAND --help"}},
		{name: "-h", args: []string{"-h"}, code: 0, stdout: []string{"Commands:"}},
		{name: "help", args: []string{"help"}, code: 0, stdout: []string{"Commands:"}},
		{name: "version", args: []string{"--version"}, code: 0, stdout: []string{"armswatch " + version}},
		{name: "unknown command", args: []string{"srve"}, code: 2,
			stderr: []string{"Usage: armswatch COMMAND"}, stderrLine: `armswatch: unknown command "srve"`},
		{name: "unknown flag", args: []string{"serve", "--htp", ":8080"}, code: 2,
			stderr: []string{"Usage: armswatch serve"}, stderrLine: "armswatch serve: flag provided but not defined: -htp"},
		{name: "bad flag value", args: []string{"healthcheck", "--timeout", "soon"}, code: 2,
			stderr: []string{"Usage: armswatch healthcheck"}, stderrLine: `armswatch healthcheck: invalid value "soon" for flag -timeout: parse error`},
		{name: "extra argument", args: []string{"invite", "now"}, code: 2,
			stderr: []string{"Usage: armswatch invite"}, stderrLine: `armswatch invite: invite takes no arguments, got "now"`},
		{name: "register guild not an id", args: []string{"register", "--guild", "my server"}, code: 2,
			stderrLine: `armswatch register: --guild "my server" is not a Discord id (a Discord id is digits only: enable Developer Mode in Discord's settings, then right-click and Copy ID)`},
		{name: "register guild and global", args: []string{"register", "--guild", "123456789012345678", "--global"}, code: 2,
			stderrLine: "armswatch register: --guild and --global cannot be used together"},
		{name: "data without subcommand", args: []string{"data"}, code: 2,
			stderr: []string{"Usage: armswatch data export DIR"}, stderrLine: "armswatch data: missing subcommand: want 'data export DIR'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := runArmswatch(t, map[string]string{"DISCORD_TOKEN": testToken}, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, stdout, stderr)
			}
			for _, want := range tt.stdout {
				if !strings.Contains(stdout, want) {
					t.Errorf("stdout lacks %q:\n%s", want, stdout)
				}
			}
			for _, want := range tt.stderr {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
			if tt.stderrLine != "" && !containsLine(stderr, tt.stderrLine) {
				t.Errorf("stderr lacks the line %q:\n%s", tt.stderrLine, stderr)
			}
			if strings.Contains(stdout+stderr, "GhIjKl") {
				t.Error("the token appears in the output")
			}
		})
	}
}

func containsLine(text, line string) bool {
	for _, l := range strings.Split(text, "\n") {
		if l == line {
			return true
		}
	}
	return false
}

// Every command has --help with its flags and examples (exit 0), lists in
// the overall usage, and turns an unknown flag into a usage error (exit 2).
func TestEveryCommandHelp(t *testing.T) {
	t.Parallel()
	usage, _, _ := runArmswatch(t, nil, "--help")
	for _, c := range commands() {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(usage, "  "+c.name+" ") {
				t.Errorf("armswatch --help does not list %s", c.name)
			}
			vars := map[string]string{"DISCORD_TOKEN": testToken, "DISCORD_PUBLIC_KEY": testPublicKeyHex}
			stdout, stderr, code := runArmswatch(t, vars, c.name, "--help")
			if code != 0 {
				t.Errorf("--help: exit %d: %s", code, stderr)
			}
			for _, want := range []string{"Usage: armswatch " + c.name, "Examples:\n  armswatch " + c.name} {
				if !strings.Contains(stdout, want) {
					t.Errorf("--help lacks %q:\n%s", want, stdout)
				}
			}
			if strings.Contains(stdout+stderr, "GhIjKl") || strings.Contains(stdout+stderr, testPublicKeyHex) {
				t.Error("--help shows a configured value")
			}
			_, stderr, code = runArmswatch(t, nil, c.name, "--no-such-flag")
			if code != 2 {
				t.Errorf("unknown flag: exit %d, want 2", code)
			}
			lines := strings.Split(strings.TrimSpace(stderr), "\n")
			if lines[0] != "armswatch "+c.name+": flag provided but not defined: -no-such-flag" {
				t.Errorf("unknown flag: first line %q", lines[0])
			}
			if !strings.Contains(stderr, "Usage: armswatch "+c.name) {
				t.Errorf("unknown flag: no usage:\n%s", stderr)
			}
		})
	}
}

// The flags of the commands this issue owns are documented in their help.
func TestOpsCommandFlags(t *testing.T) {
	t.Parallel()
	for cmd, flags := range map[string][]string{
		"serve":       {"-http ADDR", "-register", "-data DIR", "-index DIR"},
		"register":    {"-guild ID", "-global", "-clear"},
		"healthcheck": {"-addr HOST:PORT", "-timeout"},
	} {
		stdout, _, _ := runArmswatch(t, nil, cmd, "--help")
		for _, f := range flags {
			if !strings.Contains(stdout, f) {
				t.Errorf("%s --help lacks %s:\n%s", cmd, f, stdout)
			}
		}
	}
}
