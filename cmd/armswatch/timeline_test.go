package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/data"
	"github.com/armswatch/armswatch/timeline"
)

// runTimeline runs "armswatch timeline args..." with no .env and the given
// DATA_DIR, and returns what it wrote and its exit status.
func runTimeline(t *testing.T, dataDir string, args ...string) (stdout, stderr []byte, code int) {
	t.Helper()
	vars := map[string]string{"ENV_FILE": filepath.Join(t.TempDir(), "absent.env"), "DATA_DIR": dataDir}
	var out, errOut bytes.Buffer
	err := run(t.Context(), append([]string{"timeline"}, args...), func(k string) string { return vars[k] },
		strings.NewReader(""), &out, &errOut)
	if err != nil && !strings.Contains(errOut.String(), err.Error()) {
		errOut.WriteString("armswatch: " + err.Error() + "\n") // what main prints
	}
	return out.Bytes(), errOut.Bytes(), exitCode(err)
}

// bundledChart is what the timeline package draws from the bundled data.
func bundledChart(t *testing.T, q timeline.Query) timeline.Chart {
	t.Helper()
	c, err := armswatch.Load(data.FS())
	if err != nil {
		t.Fatal(err)
	}
	ch, err := timeline.Render(c, q)
	if err != nil {
		t.Fatal(err)
	}
	return ch
}

func checkPNG(t *testing.T, b []byte) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if s := img.Bounds().Size(); s.X != 1200 || s.Y != 700 {
		t.Errorf("chart is %v, want 1200x700", s)
	}
}

func TestTimelineWritesItemPNGInWorkingDirectory(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	stdout, stderr, code := runTimeline(t, "", "shells")
	if code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	got, err := os.ReadFile(filepath.Join(dir, "shells.png"))
	if err != nil {
		t.Fatalf("no shells.png: %v", err)
	}
	checkPNG(t, got)
	want := bundledChart(t, timeline.Query{Item: "shells"})
	if !bytes.Equal(got, want.PNG) {
		t.Error("shells.png differs from timeline.Render's chart")
	}
	out := string(stdout)
	for _, s := range []string{"Wrote shells.png", "artillery-shell", want.Caption.String()} {
		if !strings.Contains(out, s) {
			t.Errorf("stdout lacks %q:\n%s", s, out)
		}
	}
}

func TestTimelineOutputFlagAndStdout(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "chart.png")
	stdout, stderr, code := runTimeline(t, "", "--claimant", "Skibitsky", "artillery", "shells", "-o", file)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	checkPNG(t, b)
	if !strings.Contains(string(stdout), "Vadym Skibitskyi") || strings.Contains(string(stdout), "South Korean military officials") {
		t.Errorf("the claimant filter is not applied:\n%s", stdout)
	}

	// -o -: the PNG alone on stdout, the caption on stderr.
	stdout, stderr, code = runTimeline(t, "", "containers", "-o", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	checkPNG(t, stdout)
	if !strings.HasPrefix(string(stderr), "Reported quantities of containers over time\n") || !strings.Contains(string(stderr), "\nSources:\n") {
		t.Errorf("stderr is not the caption:\n%s", stderr)
	}
}

func TestTimelineDataDirectory(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.CopyFS(dir, data.FS()); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "x.png")
	stdout, stderr, code := runTimeline(t, "", "--data", dir, "shells", "-o", file)
	if code != 0 || !strings.Contains(string(stdout), "from "+dir) {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	_, stderr, code = runTimeline(t, filepath.Join(dir, "missing"), "shells", "-o", file)
	if code != 1 || !strings.Contains(string(stderr), "missing") {
		t.Errorf("a missing DATA_DIR: exit %d, %s", code, stderr)
	}
}

func TestTimelineErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"unknown item lists the categories", []string{"bananas", "-o", "-"}, 2,
			[]string{`"bananas" is not an item category`, "artillery-shell", "ballistic-missile", "troops", "shells", "Usage: armswatch timeline"}},
		{"no item", []string{}, 2, []string{"no item given"}},
		{"nothing about the item", []string{"drones", "-o", "-"}, 1, []string{"no claim in the data is about drones"}},
		{"nothing by the claimant", []string{"shells", "--claimant", "Nobody", "-o", "-"}, 1, []string{`is by "Nobody"`}},
		{"bad flag", []string{"shells", "--colour"}, 2, []string{"flag provided but not defined"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := runTimeline(t, "", tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstderr: %s", code, tc.code, stderr)
			}
			if len(stdout) != 0 {
				t.Errorf("wrote to stdout on error: %q", stdout)
			}
			for _, w := range tc.want {
				if !strings.Contains(string(stderr), w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
		})
	}
}

func TestTimelineHelp(t *testing.T) {
	t.Parallel()
	stdout, _, code := runTimeline(t, "", "--help")
	if code != 0 || !strings.Contains(string(stdout), "timeline ITEM [--claimant NAME] [-o FILE] [--data DIR]") {
		t.Errorf("exit %d, help:\n%s", code, stdout)
	}
}

func TestChartFileName(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"shells":           "shells.png",
		"artillery shells": "artillery-shells.png",
		"artillery-shell":  "artillery-shell.png",
		"포탄":               "포탄.png",
		"../../etc/passwd": "etc-passwd.png",
		"KN-23":            "KN-23.png",
		"///":              "timeline.png",
	}
	for in, want := range cases {
		if got := chartFileName(in); got != want {
			t.Errorf("chartFileName(%q) = %q, want %q", in, got, want)
		}
	}
}
