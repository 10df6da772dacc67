package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/armswatch/armswatch"
)

// update rewrites the golden files (go test ./cmd/armswatch -update): the
// package's one -update flag.
var update = flag.Bool("update", false, "rewrite golden files")

func updatingGolden() bool { return *update }

const fixtureData = "../../index/testdata/fixture"

// askEnv runs armswatch with DATA_DIR on the index fixture and INDEX_PATH
// in a temporary directory shared by the calls of one test.
type askEnv struct {
	t     *testing.T
	vars  map[string]string
	stdin string
}

func newAskEnv(t *testing.T) *askEnv {
	return &askEnv{t: t, vars: map[string]string{"DATA_DIR": fixtureData, "INDEX_PATH": t.TempDir(), "ENV_FILE": "/nonexistent"}}
}

func (a *askEnv) run(args ...string) (stdout, stderr string, code int) {
	a.t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, func(k string) string { return a.vars[k] }, strings.NewReader(a.stdin), &out, &errb)
	return out.String(), errb.String(), exitCode(err)
}

func TestAskJSONSchema(t *testing.T) {
	t.Parallel()
	env := newAskEnv(t)
	out, stderr, code := env.run("ask", "--json", "shells")
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	if strings.Count(strings.TrimSpace(out), "\n") != 0 {
		t.Errorf("not one line of JSON: %q", out)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"query", "took_ms", "summary", "sources_up_to", "comparisons", "claims", "documents", "suggestions"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	if m["took_ms"].(float64) <= 0 {
		t.Errorf("took_ms = %v", m["took_ms"])
	}
	claims := m["claims"].([]any)
	if len(claims) == 0 {
		t.Fatal("no claims")
	}
	c := claims[0].(map[string]any)
	for _, k := range []string{"id", "statement", "claimant", "stance", "score", "citations"} {
		if _, ok := c[k]; !ok {
			t.Errorf("claim lacks %q: %v", k, c)
		}
	}
	ci := c["citations"].([]any)[0].(map[string]any)
	for _, k := range []string{"doc", "title", "publisher", "published", "url", "quote", "snippet"} {
		if _, ok := ci[k]; !ok {
			t.Errorf("citation lacks %q", k)
		}
	}
	// The same answer decodes into the domain type.
	var a armswatch.Answer
	if err := json.Unmarshal([]byte(out), &a); err != nil || a.Query != "shells" {
		t.Errorf("decode: %v %+v", err, a.Query)
	}
}

func TestAskExitCodes(t *testing.T) {
	t.Parallel()
	env := newAskEnv(t)
	for _, tc := range []struct {
		args []string
		code int
		out  string // in stdout
	}{
		{[]string{"ask", "tanks"}, 0, "No sourced claim about “tanks”"},
		{[]string{"ask", "xqzv"}, 0, "No source in the data supports"},
		{[]string{"ask", "--json", "tanks"}, 0, `"claims":[]`},
		{[]string{"ask", "north", "korea", "--json"}, 0, `"query":"north korea"`},
		{[]string{"ask", "--json", "/.*a.*/"}, 0, `"summary"`},
		{[]string{"ask"}, 2, ""},
		{[]string{"ask", "--from", "2024-13", "shells"}, 2, ""},
		{[]string{"ask", "--bogus", "shells"}, 2, ""},
		{[]string{"ask", "--json", "--item", "tanks", "shells"}, 2, `"error":"`},
		{[]string{"ask", "--item", "tanks", "shells"}, 2, ""},
		{[]string{"ask", "--json", "--from", "2024", "--to", "2023", "shells"}, 2, `"error":"`},
		{[]string{"ask", "--data", "/nonexistent/dir", "shells"}, 1, ""},
		{[]string{"ask", "--item", "shells", "--claimant", "Skibitsky", "--to", "2023", "--json", "North Korea"}, 0, `"id":"fx-skibitskyi-million"`},
	} {
		out, stderr, code := env.run(tc.args...)
		if code != tc.code || !strings.Contains(out, tc.out) {
			t.Errorf("%q: exit %d (want %d), stdout %.200q, stderr %.200q", tc.args, code, tc.code, out, stderr)
		}
	}
}

func TestAskStdinOneAnswerPerLine(t *testing.T) {
	t.Parallel()
	env := newAskEnv(t)
	env.stdin = "shells\nKN-23\n\ntanks\n"
	out, stderr, code := env.run("ask", "--json", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines, want 4: %q", len(lines), out)
	}
	want := []string{"shells", "KN-23", "", "tanks"}
	for i, l := range lines {
		var a armswatch.Answer
		if err := json.Unmarshal([]byte(l), &a); err != nil || a.Query != want[i] {
			t.Errorf("line %d: %v query %q", i, err, a.Query)
		}
	}
}

// Golden files for the terminal rendering (without a terminal: marks stay
// as **bold**). Run with -update to rewrite them.
func TestAskTextGolden(t *testing.T) {
	t.Parallel()
	env := newAskEnv(t)
	for name, q := range map[string]string{
		"shells": "shells", "tanks": "tanks", "kn23": "KN-23", "typo": "balistic missiles", "korean": "포탄",
		"empty": "",
	} {
		out, stderr, code := env.run("ask", q)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", name, code, stderr)
		}
		path := filepath.Join("testdata", "ask", name+".golden")
		if updatingGolden() {
			os.WriteFile(path, []byte(out), 0o644)
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update to create)", err)
		}
		if out != string(want) {
			t.Errorf("%s: output differs from %s (run with -update to accept):\n%s", name, path, out)
		}
	}
}

func TestRenderAnswerBoldOnTerminal(t *testing.T) {
	t.Parallel()
	a := armswatch.Answer{
		Query: "shells", Summary: "1 claim matches \x1b[31m“shells”.",
		Claims: []armswatch.ClaimHit{{
			Claim:     armswatch.Claim{ID: "c", Statement: "S", Claimant: "X", Stance: armswatch.StanceAsserts},
			Citations: []armswatch.Citation{{Doc: "d", Title: "T", Snippet: "about a million **shells** sent"}},
		}},
	}
	color := renderAnswer(a, true)
	if !strings.Contains(color, ansiBold+"shells"+ansiReset) || strings.Contains(color, "**") {
		t.Errorf("terminal rendering: %q", color)
	}
	plain := renderAnswer(a, false)
	if strings.Contains(plain, "\x1b") || !strings.Contains(plain, "**shells**") {
		t.Errorf("plain rendering: %q", plain)
	}
}

// From a fresh clone with no environment at all: the bundled data, the
// index in the user cache directory, or a temporary one when that is not
// writable (said on stderr).
func TestAskWithNoEnvironment(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv("HOME", cache)
	noEnv := func(string) string { return "" }
	var out, errb bytes.Buffer
	err := run(context.Background(), []string{"ask", "shells"}, noEnv, strings.NewReader(""), &out, &errb)
	if err != nil || !strings.Contains(out.String(), "claim") {
		t.Fatalf("err %v, stdout %.300q, stderr %q", err, out.String(), errb.String())
	}
	if _, err := os.Stat(filepath.Join(cache, "armswatch", "index", "current")); err != nil {
		t.Errorf("no index in the user cache directory: %v", err)
	}

	blocked := filepath.Join(t.TempDir(), "not-a-dir")
	os.WriteFile(blocked, nil, 0o644)
	t.Setenv("XDG_CACHE_HOME", blocked)
	t.Setenv("TMPDIR", t.TempDir())
	out.Reset()
	errb.Reset()
	err = run(context.Background(), []string{"ask", "--json", "shells"}, noEnv, strings.NewReader(""), &out, &errb)
	if err != nil || !strings.Contains(errb.String(), "using "+os.TempDir()) || !strings.Contains(out.String(), `"claims":[{`) {
		t.Errorf("fallback: err %v, stdout %.200q, stderr %q", err, out.String(), errb.String())
	}
}

// TestAskJSONAlwaysOneObject: with --json, every outcome — an answer, a bad
// filter, a bad date, no query, a missing or invalid data directory — is
// one JSON object on stdout with the documented fields, and the exit
// status tells the outcome apart.
func TestAskJSONAlwaysOneObject(t *testing.T) {
	t.Parallel()
	broken := t.TempDir()
	for _, sub := range []string{"documents", "claims"} {
		if err := os.MkdirAll(filepath.Join(broken, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(broken, "aliases.yaml"), []byte("- name: X\n  kind: nonsense\n  aliases: [Y]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		args      []string
		code      int
		wantError string
	}{
		{"answer", []string{"shells"}, 0, ""},
		{"bad item", []string{"--item", "bogus", "shells"}, 2, "bogus"},
		{"bad date", []string{"--from", "2023-13", "shells"}, 2, "--from"},
		{"no query", nil, 2, "no query"},
		{"missing data", []string{"--data", filepath.Join(broken, "nope"), "shells"}, 1, "open data directory"},
		{"invalid data", []string{"--data", broken, "shells"}, 1, "aliases.yaml:2: kind"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := newAskEnv(t)
			out, stderr, code := env.run(append([]string{"ask", "--json"}, tc.args...)...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr %s", code, tc.code, stderr)
			}
			if strings.Count(strings.TrimSpace(out), "\n") != 0 {
				t.Fatalf("not one line of JSON: %q", out)
			}
			var m map[string]any
			if err := json.Unmarshal([]byte(out), &m); err != nil {
				t.Fatalf("stdout is not JSON: %v: %q", err, out)
			}
			for _, k := range []string{"query", "took_ms", "summary", "sources_up_to", "comparisons", "claims", "documents", "suggestions"} {
				if _, ok := m[k]; !ok {
					t.Errorf("field %q missing", k)
				}
			}
			got, _ := m["error"].(string)
			if tc.wantError == "" && got != "" || !strings.Contains(got, tc.wantError) {
				t.Errorf("error = %q, want it to contain %q", got, tc.wantError)
			}
		})
	}
}

// TestREADMEExampleAnswerIsReal: every line of the example answer at the top
// of the README is what `armswatch ask "containers"` prints over the bundled
// data, so the README cannot drift from the program.
func TestREADMEExampleAnswerIsReal(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(readme)
	start := strings.Index(s, "```text\n")
	if start < 0 {
		t.Fatal("README has no example answer")
	}
	example := s[start+len("```text\n"):]
	example = example[:strings.Index(example, "```")]
	env := newAskEnv(t)
	delete(env.vars, "DATA_DIR") // the bundled data
	out, stderr, code := env.run("ask", "containers")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, line := range strings.Split(strings.TrimSpace(example), "\n") {
		if strings.TrimSpace(line) == "…" {
			continue
		}
		if !strings.Contains(out, line) {
			t.Errorf("README example line not in the output: %q", line)
		}
	}
}
