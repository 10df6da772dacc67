package ingest

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenInput is one raw article with a golden file.
type goldenInput struct {
	name string // the input's name without its extension: golden/<name>.md
	path string
}

// goldenInputs lists the five seeds (../data/raw) and the hand-written pages
// (testdata/pages).
func goldenInputs(t *testing.T) []goldenInput {
	t.Helper()
	seeds, err := filepath.Glob(filepath.Join("..", "data", "raw", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(seeds) != 5 {
		t.Fatalf("found %d seeds in ../data/raw, want 5", len(seeds))
	}
	pages, err := filepath.Glob(filepath.Join("testdata", "pages", "*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) < 3 {
		t.Fatalf("found %d hand-written pages in testdata/pages, want at least 3", len(pages))
	}
	var out []goldenInput
	seen := map[string]bool{}
	for _, p := range append(seeds, pages...) {
		base := filepath.Base(p)
		name := strings.TrimSuffix(base, filepath.Ext(base))
		if seen[name] {
			t.Fatalf("two inputs named %s: golden files would clash", name)
		}
		seen[name] = true
		out = append(out, goldenInput{name: name, path: p})
	}
	return out
}

// TestGolden cleans each seed and hand-written page and compares the
// report and the document with testdata/golden/<name>.md. Run with -update
// to rewrite them (then review the diff line by line).
func TestGolden(t *testing.T) {
	for _, in := range goldenInputs(t) {
		t.Run(in.name, func(t *testing.T) {
			raw, err := os.ReadFile(in.path)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Clean(raw, Meta{})
			if err != nil {
				t.Fatalf("Clean: %v", err)
			}
			got := goldenText(filepath.ToSlash(in.path), res)
			path := filepath.Join("testdata", "golden", in.name+".md")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./ingest -run TestGolden -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the golden file (rerun with -update and review the diff):\n%s", path, firstDiff(string(want), string(got)))
			}
		})
	}
}

// TestNothingLostSilently checks, for every plain-text golden input, that
// each non-blank line either is reported as removed or is in the body.
func TestNothingLostSilently(t *testing.T) {
	for _, in := range goldenInputs(t) {
		raw, err := os.ReadFile(in.path)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Clean(raw, Meta{})
		if err != nil {
			t.Fatalf("%s: %v", in.name, err)
		}
		if res.Format != FormatText {
			continue
		}
		removed := map[int]bool{}
		for _, r := range res.Removed {
			if r.Rule != RuleGluedHeadline {
				removed[r.Line] = true
			}
		}
		body := strings.Join(strings.Fields(res.Body), " ")
		text := string(raw)
		if res.Encoding != "utf-8" {
			text = decodeNamed(raw, res.Encoding)
		}
		for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
			line = strings.Join(strings.Fields(line), " ")
			if line == "" || removed[i+1] {
				continue
			}
			if fixed, ok := repairMojibake(line); ok {
				line = fixed
			}
			tail := lastWords(line, 4)
			if !strings.Contains(body, tail) {
				t.Errorf("%s:%d: neither removed nor in the body: %q", in.name, i+1, line)
			}
		}
	}
}

// TestSeedSentencesKept checks that the article text of each seed survives
// word for word: every line that was not removed is in the body whole, and
// the body holds nothing that is not in the seed.
func TestSeedSentencesKept(t *testing.T) {
	for _, in := range goldenInputs(t)[:5] {
		raw, err := os.ReadFile(in.path)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Clean(raw, Meta{})
		if err != nil {
			t.Fatal(err)
		}
		seed := strings.Join(strings.Fields(string(raw)), " ")
		for _, para := range strings.Split(res.Body, "\n") {
			para = strings.TrimPrefix(para, "- ")
			if para == "" {
				continue
			}
			if !strings.Contains(seed, strings.Join(strings.Fields(para), " ")) {
				t.Errorf("%s: body line not in the seed: %q", in.name, para)
			}
		}
	}
}

// goldenText is what a golden file holds: the report, then the document.
func goldenText(input string, res Result) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "<!-- Golden file: ingest.Clean of %s with no flags. Rewrite with: go test ./ingest -run TestGolden -update -->\n\n", input)
	b.WriteString("# Report\n\n")
	fmt.Fprintf(&b, "id: %s\n", DocumentID(res.Meta.Publisher, res.Meta.Published, res.Meta.Title))
	fmt.Fprintf(&b, "format: %s (%s)\n", res.Format, res.Encoding)
	fmt.Fprintf(&b, "\n## Removed (%d)\n\n", len(res.Removed))
	for _, r := range res.Removed {
		fmt.Fprintf(&b, "- %s%s: %s\n", lineRef(r.Line), r.Rule, r.Text)
	}
	b.WriteString("\n## Kept\n\n")
	if len(res.Kept) == 0 {
		b.WriteString("(none)\n")
	}
	for _, k := range res.Kept {
		fmt.Fprintf(&b, "- %s%s: %s (cut off at %q)\n", lineRef(k.Line), k.Rule, k.Text, k.Ending)
	}
	b.WriteString("\n## Findings\n\n")
	if len(res.Findings) == 0 {
		b.WriteString("(none)\n")
	}
	for _, f := range res.Findings {
		fmt.Fprintf(&b, "- %s%s = %q from %q\n", lineRef(f.Line), f.Field, f.Value, f.Text)
	}
	b.WriteString("\n## Mojibake repairs\n\n")
	if len(res.Repairs) == 0 {
		b.WriteString("(none)\n")
	}
	for _, r := range res.Repairs {
		fmt.Fprintf(&b, "- %s%q\n  -> %q\n", lineRef(r.Line), r.Before, r.After)
	}
	b.WriteString("\n# Document\n\n")
	b.Write(Render(res.Document(DocumentID(res.Meta.Publisher, res.Meta.Published, res.Meta.Title), filepath.Base(input))))
	return []byte(b.String())
}

func lineRef(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("L%d ", n)
}

// firstDiff shows the first line where two texts differ.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\nwant: %q\ngot:  %q", i+1, wl, gl)
		}
	}
	return "(no difference)"
}

// TestSeedKeyPassages pins what the issue names for each seed: passages
// that must stay in the body word for word, and furniture that must go.
func TestSeedKeyPassages(t *testing.T) {
	tests := []struct {
		seed       string
		keep, drop []string
	}{
		{"000_d482eaf38f616cb6.txt",
			[]string{"Photo: Pentagon chief Lloyd Austin (Getty Images)", "DPRK transfers weapons to Russia", "which could contain more than 3 million 152-millimeter shells and 500,000 122-millimeter shells.", "at least 24 North Korean-made ballistic missiles to fire at Ukraine."},
			[]string{"ua en ru", "Author: Liliana Oleniak", "Russia Photo:"}},
		{"001_05aa1756d1e21267.txt",
			[]string{"황준국 주유엔대표부 대사가 10일(현지시간) 유엔 안전보장이사회의 우크라이나 평화·안보 관련 회의에서 북한의 탄도미사일이 러시아와 우크라이나 전쟁에 사용된 것을 비판하고 있다. ⓒ뉴시스", "ⓒNewsis", "Ukrainian intelligence chief: “North Korea has delivered a substantial amount of artillery ammunition to Russia.”", "more than 1 million artillery shells, as well as dozens of ballistic missiles with several launchers."},
			[]string{"Quick access", "+1", "Profile image", "Comments0", "300", "Share it on"}},
		{"002_f5d1194017b818c5.txt",
			[]string{"North Korea's Involvement in the Conflict:", "- Vadym Skibitsky, a representative from the Main Directorate of Intelligence", "particularly the supply of weapons being used in Russia’s war against Ukraine\n"},
			[]string{"by Roman Cheplyk", "Thursday", "You will be interested"}},
		{"003_e54a7e6d0ee621e3.txt",
			[]string{"Liberal democratic governments in the Pacific", "(Mikhail Metzel/POOL/AFP via Getty Images)", "roughly 1,000 containers of supplies", "Both have demonstrated a willingness to employ forceful military tactics to advance their political agendas."},
			[]string{"10/26/2023", "Updated", "0:00"}},
		{"004_03d5a275d44f3caa.txt",
			[]string{"(Dursun Aydemir/Anadolu via Getty Images)", "Russia, China and North Korea have new dynamics. And it’s bad for Ukraine", "more than 1,000 containers of military equipment and ammunition", "from Najin, North Korea, to Dunay, Russia, by a Russ…"},
			[]string{"Skip to content", "Edit post", "This audio", "Support independent journalism", "Become a member", "visa", "News Feed", "Decorated Ukrainian pilot", "Our partners fear", "MORE NEWS", "Editors' Picks", "indicates required", "Subscribe", "Successfuly", "Thank you for signing up"}},
	}
	for _, tt := range tests {
		raw, err := os.ReadFile(filepath.Join("..", "data", "raw", tt.seed))
		if err != nil {
			t.Fatal(err)
		}
		res, err := Clean(raw, Meta{})
		if err != nil {
			t.Fatalf("%s: %v", tt.seed, err)
		}
		for _, s := range tt.keep {
			if !strings.Contains(res.Body, s) {
				t.Errorf("%s: body lacks %q", tt.seed, s)
			}
		}
		for _, s := range tt.drop {
			if strings.Contains(res.Body, s) {
				t.Errorf("%s: body still holds %q", tt.seed, s)
			}
		}
	}
}
