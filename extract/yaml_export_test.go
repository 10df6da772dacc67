package extract

import (
	"fmt"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/data"
)

// documentFile writes a minimal document file the loader accepts.
func documentFile(d armswatch.Document) []byte {
	return []byte(fmt.Sprintf("---\ntitle: %s\npublished: %s\n---\n\n%s\n", armswatch.QuoteYAML(d.Title), armswatch.QuoteYAML(d.Published.String()), d.Body))
}

// The candidates file loads with the loader, next to its document, for
// every bundled and hand-written document, and holds what Extract found.
func TestCandidatesYAMLLoads(t *testing.T) {
	for _, src := range []struct {
		name string
		load func() (*armswatch.Corpus, error)
	}{
		{"bundled", func() (*armswatch.Corpus, error) { return armswatch.Load(data.FS()) }},
		{"paragraphs", func() (*armswatch.Corpus, error) { return armswatch.Load(os.DirFS("testdata/paragraphs")) }},
		{"heldout3", func() (*armswatch.Corpus, error) { return armswatch.Load(os.DirFS("testdata/heldout3")) }},
	} {
		c, err := src.load()
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range c.Documents {
			cands := Extract(d, c.Aliases)
			out, err := CandidatesYAML(d, "a test", cands)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(out), "CANDIDATES TO REVIEW") {
				t.Errorf("%s: no candidates comment", d.ID)
			}
			fsys := fstest.MapFS{
				"aliases.yaml":              {Data: []byte("[]\n")},
				"documents/" + d.ID + ".md": {Data: documentFile(d)},
				"claims/candidates.yaml":    {Data: out},
			}
			got, err := armswatch.Load(fsys)
			if err != nil {
				t.Fatalf("%s %s: candidates do not load:\n%v\n%s", src.name, d.ID, err, out)
			}
			if len(got.Claims) != len(cands) {
				t.Fatalf("%s: %d claims loaded, %d written", d.ID, len(got.Claims), len(cands))
			}
			for i, cl := range got.Claims {
				want := cands[i].Claim
				if cl.ID != want.ID || cl.Statement != want.Statement || cl.Claimant != want.Claimant ||
					cl.Stance != want.Stance || cl.Hedged != want.Hedged || cl.SaidOn != want.SaidOn ||
					len(cl.Items) != len(want.Items) || cl.Appearances[0].Quote != want.Appearances[0].Quote {
					t.Errorf("%s: record %d does not round-trip:\ngot  %+v\nwant %+v", d.ID, i, cl, want)
				}
			}
		}
	}
}

func TestCandidatesYAMLEmptyAndTricky(t *testing.T) {
	doc := armswatch.Document{ID: "d", Body: "Nothing here."}
	out, err := CandidatesYAML(doc, "", nil)
	if err != nil || !strings.Contains(string(out), "[]") {
		t.Fatalf("no candidates: %q, %v", out, err)
	}
	if !strings.Contains(string(out), "no date") {
		t.Errorf("an undated document should be said so: %q", out)
	}
	for in, want := range map[string]string{
		`say "yes": #1`: `"say \"yes\": #1"`,
		"a\nb\\c":       `"a\nb\\c"`,
		"6,700":         `"6,700"`,
		"\u2028":        `"\u2028"`,
	} {
		if got := armswatch.QuoteYAML(in); got != want {
			t.Errorf("armswatch.QuoteYAML(%q) = %s, want %s", in, got, want)
		}
	}
}

// The candidates of every bundled document, copied into the bundled data
// directory beside the records already written by hand, pass the loader's
// checks: no id clashes with existing records or between documents.
func TestCandidatesJoinBundledData(t *testing.T) {
	c, err := armswatch.Load(data.FS())
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	err = fs.WalkDir(data.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(data.FS(), p)
		fsys[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	written := 0
	for _, d := range c.Documents {
		cands := Extract(d, c.Aliases)
		out, err := CandidatesYAML(d, "a test", cands)
		if err != nil {
			t.Fatal(err)
		}
		fsys["claims/zz-candidates-"+d.ID+".yaml"] = &fstest.MapFile{Data: out}
		written += len(cands)
	}
	got, err := armswatch.Load(fsys)
	if err != nil {
		t.Fatalf("bundled data plus candidates does not load:\n%v", err)
	}
	if len(got.Claims) != len(c.Claims)+written {
		t.Errorf("%d claims loaded, want %d bundled + %d candidates", len(got.Claims), len(c.Claims), written)
	}
}
