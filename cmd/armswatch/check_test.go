package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/armswatch/armswatch/index"
)

// copyGoodData copies the loader's good fixture data set into a temp directory
// that a test may change.
func copyGoodData(t *testing.T) string {
	t.Helper()
	src := filepath.Join("..", "..", "testdata", "load", "good")
	dst := t.TempDir()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dst
}

// runCheck runs "armswatch check args..." with the given environment.
func runCheck(t *testing.T, environ map[string]string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	return runCmd(t, environ, "", append([]string{"check"}, args...)...)
}

func TestCheckValidData(t *testing.T) {
	t.Parallel()
	dir := copyGoodData(t)
	out, errOut, err := runCheck(t, nil, "--data", dir)
	if err != nil || exitCode(err) != 0 {
		t.Fatalf("check: %v (exit %d)\nstdout: %s\nstderr: %s", err, exitCode(err), out, errOut)
	}
	want := "ok: 2 documents, 5 claims, 3 alias groups, sources 2023-11-14 … 2024-01 in " + dir + "\n"
	if out != want || errOut != "" {
		t.Errorf("stdout %q, stderr %q; want stdout %q", out, errOut, want)
	}

	// DATA_DIR is used when --data is not given.
	out, _, err = runCheck(t, map[string]string{"DATA_DIR": dir})
	if err != nil || !strings.HasSuffix(out, " in "+dir+"\n") {
		t.Errorf("with DATA_DIR: %v, %q", err, out)
	}
}

func TestCheckInvalidData(t *testing.T) {
	t.Parallel()
	dir := copyGoodData(t)
	bad := `- id: bad-claim
  statement: A statement.
  claimant: Someone
  stance: claims
  appearances:
    - doc: testwire-2023-11-14-shells
      quote: Pyongyang has denied supplying all weapons.
`
	if err := os.WriteFile(filepath.Join(dir, "claims", "work.yaml"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "documents", "Bad.md"), []byte("no front matter\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, err := runCheck(t, nil, "--data", dir)
	if exitCode(err) != 1 || !errors.Is(err, errSilent) {
		t.Fatalf("err = %v (exit %d), want exit 1 and nothing more for main to print", err, exitCode(err))
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	want := []string{
		`claims/work.yaml:4: stance: unknown stance "claims"`,
		`claims/work.yaml:7: appearances[0].quote: not found verbatim in document "testwire-2023-11-14-shells": it matches up to`,
		`documents/Bad.md:1: the file must start with a line "---"`,
		`documents/Bad.md:1: id: "Bad" (the file name) is not a lowercase kebab-case id`,
		"4 errors in " + dir,
	}
	if len(lines) != len(want) {
		t.Fatalf("stdout:\n%s\nwant %d lines", out, len(want))
	}
	for i := range want {
		if !strings.HasPrefix(lines[i], want[i]) {
			t.Errorf("line %d = %q, want prefix %q", i+1, lines[i], want[i])
		}
	}
	if errOut != "" {
		t.Errorf("stderr = %q", errOut)
	}
}

func TestCheckOneError(t *testing.T) {
	t.Parallel()
	dir := copyGoodData(t)
	// An absent alias file is none, but a misspelt one is not ignored.
	if err := os.Rename(filepath.Join(dir, "aliases.yaml"), filepath.Join(dir, "aliases.yml")); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCheck(t, nil, "--data", dir)
	if exitCode(err) != 1 || !strings.HasSuffix(out, "aliases.yml: not loaded: the alias file must be named \"aliases.yaml\"\n1 error in "+dir+"\n") {
		t.Errorf("exit %d, stdout %q", exitCode(err), out)
	}
}

func TestCheckBundledData(t *testing.T) {
	t.Parallel()
	out, errOut, err := runCheck(t, nil)
	if err != nil {
		t.Fatalf("check on bundled data: %v\n%s%s", err, out, errOut)
	}
	if !strings.HasPrefix(out, "ok: ") || !strings.HasSuffix(out, " in bundled data\n") {
		t.Errorf("stdout = %q", out)
	}
}

func TestCheckUsage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args     []string
		code     int
		inStderr string
	}{
		{[]string{"extra-arg"}, 2, `unexpected argument "extra-arg"`},
		{[]string{"--bogus"}, 2, "flag provided but not defined: -bogus"},
		{[]string{"--data", "/no/such/dir"}, 1, ""},
	} {
		out, errOut, err := runCheck(t, nil, tc.args...)
		if exitCode(err) != tc.code || !strings.Contains(errOut, tc.inStderr) {
			t.Errorf("check %v: exit %d (err %v), stdout %q, stderr %q", tc.args, exitCode(err), err, out, errOut)
		}
		if tc.code == 1 && (err == nil || !strings.Contains(err.Error(), `open data directory "/no/such/dir"`)) {
			t.Errorf("check %v: err = %v", tc.args, err)
		}
	}

	out, _, err := runCheck(t, nil, "--help")
	if err != nil || !strings.Contains(out, "Usage: armswatch check [--data DIR]") || !strings.Contains(out, "armswatch check --data ./data") {
		t.Errorf("--help: %v\n%s", err, out)
	}
}

// buildIndex builds the index of a copy of the good data set in a new
// directory and returns it and its generation.
func buildIndex(t *testing.T) (dir, gen string) {
	t.Helper()
	dir = t.TempDir()
	ix, err := index.Open(context.Background(), index.Options{Path: dir, Data: os.DirFS(copyGoodData(t))})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "current"))
	if err != nil {
		t.Fatal(err)
	}
	return dir, strings.TrimSpace(string(b))
}

func TestCheckIndex(t *testing.T) {
	t.Parallel()
	dir, gen := buildIndex(t)
	out, errOut, err := runCheck(t, nil, "--index", dir)
	want := "ok: 2 documents, 5 claims, 1 segment, 2 bodies checked in the index at " + dir + " (generation " + gen + ")\n"
	if err != nil || out != want || errOut != "" {
		t.Fatalf("check --index of a sound index: %v\nstdout %q\nstderr %q\nwant %q", err, out, errOut, want)
	}

	// A byte flipped in a body and manifest.json truncated: both reported,
	// one a line, and the exit status is 1.
	bodies := filepath.Join(dir, gen, "bodies.dat")
	b, err := os.ReadFile(bodies)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)-2] ^= 0x20
	if err := os.WriteFile(bodies, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(filepath.Join(dir, gen, "manifest.json"), 10); err != nil {
		t.Fatal(err)
	}
	out, _, err = runCheck(t, nil, "--index", dir)
	if exitCode(err) != 1 {
		t.Errorf("exit = %d (%v), want 1", exitCode(err), err)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 3 || !strings.Contains(lines[0], "manifest.json") || !strings.Contains(lines[1], "bodies.dat: document") ||
		lines[2] != "2 problems in the index at "+dir+" (generation "+gen+")" {
		t.Errorf("check --index of a damaged index:\n%s", out)
	}

	if _, _, err := runCheck(t, nil, "--index", dir, "--data", dir); exitCode(err) != 2 {
		t.Errorf("--index with --data: exit %d, want 2 (usage)", exitCode(err))
	}
	out, _, err = runCheck(t, nil, "--index", t.TempDir())
	if exitCode(err) != 1 || !strings.HasPrefix(out, "current: ") {
		t.Errorf("check --index of an empty directory: exit %d, %q", exitCode(err), out)
	}
}
