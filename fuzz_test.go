package armswatch

import (
	"errors"
	"io/fs"
	"maps"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
)

// The fuzz tests feed arbitrary bytes to the loader as a document, a claim
// file and an alias file. Load must return (a corpus or ValidationErrors),
// never panic, and every error must point into a file it read.

// fuzzSeeds adds every file under testdata/load matching pattern, plus
// extra inputs.
func fuzzSeeds(f *testing.F, pattern string, extra ...string) {
	m := fixtureFS(f, "good")
	matches, err := fs.Glob(m, pattern)
	if err != nil || len(matches) == 0 {
		f.Fatalf("no seeds for %s: %v", pattern, err)
	}
	for _, p := range matches {
		f.Add(m[p].Data)
	}
	for _, s := range extra {
		f.Add([]byte(s))
	}
}

// checkLoadResult checks the invariants of any Load result on a MapFS.
func checkLoadResult(t *testing.T, fsys fstest.MapFS, c *Corpus, err error) {
	t.Helper()
	if err == nil {
		if c == nil {
			t.Fatal("nil corpus without error")
		}
		return
	}
	if c != nil {
		t.Error("corpus returned with errors")
	}
	var ve ValidationErrors
	if !errors.As(err, &ve) || !errors.Is(err, ErrInvalidData) {
		t.Fatalf("error is %T, not ValidationErrors: %v", err, err)
	}
	if len(ve) == 0 {
		t.Fatal("empty ValidationErrors")
	}
	if !sort.SliceIsSorted(ve, func(i, j int) bool {
		return ve[i].Path < ve[j].Path || (ve[i].Path == ve[j].Path && ve[i].Line < ve[j].Line)
	}) {
		t.Errorf("errors not sorted:\n%v", err)
	}
	for _, e := range ve {
		file, ok := fsys[e.Path]
		if !ok {
			t.Errorf("error in unknown file %q: %v", e.Path, e)
			continue
		}
		lines := lineCount(file.Data)
		if e.Line < 0 || e.Line > lines {
			t.Errorf("line %d outside %s (%d lines): %v", e.Line, e.Path, lines, e)
		}
		if strings.TrimSpace(e.Message) == "" {
			t.Errorf("empty message: %#v", e)
		}
	}
}

func FuzzLoadDocument(f *testing.F) {
	fuzzSeeds(f, "documents/*.md",
		"",
		"---\n---\n",
		"---\ntitle: T\n---\nhello world\n",
		"\uFEFF---\r\ntitle: T\r\npublished: 2023-11\r\n---\r\nhello\r\nworld\r\n",
		"---\ntitle: &a [*a]\n---\nhello world\n",
		"---\n- a\n---\nhello world\n",
		"---\ntitle: T\npublished: 2023-02-29\n---\n",
		"---\ntitle: {a: 1}\nnotes: !!binary aGVsbG8=\n---\nhello world",
		"---\ntitle: T\n--- \n\xff\xfe hello world\n",
	)
	f.Fuzz(func(t *testing.T, doc []byte) {
		fsys := fstest.MapFS{
			"aliases.yaml":   {Data: []byte("[]\n")},
			"documents/d.md": {Data: doc},
			"claims/c.yaml":  {Data: []byte("- id: c\n  statement: S.\n  claimant: C\n  stance: reports\n  appearances:\n    - doc: d\n      quote: hello world\n")},
		}
		c, err := Load(fsys)
		checkLoadResult(t, fsys, c, err)
		if err == nil {
			d, ok := c.Document("d")
			if !ok || strings.TrimSpace(d.Title) == "" || !strings.Contains(NormalizeSpace(d.Body), "hello world") {
				t.Errorf("accepted a document without title or quote: %+v", d)
			}
		}
	})
}

func FuzzLoadClaims(f *testing.F) {
	fuzzSeeds(f, "claims/*.yaml",
		"",
		"[]",
		"- *x",
		"- &x {id: a}\n- *x\n",
		base+"---\n"+base,
		base+"  items:\n    - category: other\n      quantity: {text: any weapons, min: 3, max: 2, qualifier: range}\n",
		base+"  items: [{category: rocket, quantity: {text: any, value: 1e400}}]\n",
		base+"  said_on: !!timestamp 2023-11-14\n  hedged: !!bool yes\n",
		"- id: a\n  superseded_by: a\n  status: superseded\n",
		"- {id: x, statement: s, claimant: c, stance: denies, appearances: [{doc: testwire-2023-11-14-shells, quote: \"Pyongyang has\\n denied\"}]}\n",
		"- ? [a]\n  : b\n",
		"- <<: {id: a}\n",
		"key: [[[[[[[[[[]]]]]]]]]]",
	)
	// The fixture's documents and aliases, without its claim files, keep
	// each run cheap.
	good := fixtureFS(f, "good")
	for p := range good {
		if strings.HasPrefix(p, ClaimsDir+"/") {
			delete(good, p)
		}
	}
	f.Fuzz(func(t *testing.T, claims []byte) {
		fsys := maps.Clone(good)
		fsys["claims/fuzz.yaml"] = &fstest.MapFile{Data: claims}
		c, err := Load(fsys)
		checkLoadResult(t, fsys, c, err)
		if err != nil {
			return
		}
		// Whatever was accepted obeys the rules Load enforces.
		for _, cl := range c.Claims {
			if !IsKebabID(cl.ID) || strings.TrimSpace(cl.Statement) == "" || !cl.Stance.Valid() || len(cl.Appearances) == 0 {
				t.Errorf("accepted an invalid claim: %+v", cl)
			}
			for _, a := range cl.Appearances {
				d, ok := c.Document(a.Doc)
				if !ok || !strings.Contains(NormalizeSpace(d.Body), NormalizeSpace(a.Quote)) || NormalizeSpace(a.Quote) == "" {
					t.Errorf("accepted a quote not in its document: %+v", a)
				}
			}
		}
	})
}

func FuzzLoadAliases(f *testing.F) {
	fuzzSeeds(f, "aliases.yaml", "", "[]", "- name: a\n  kind: term\n  aliases: [b, B]\n", "- {name: x, kind: place, aliases: *y}")
	f.Fuzz(func(t *testing.T, aliases []byte) {
		fsys := fstest.MapFS{"aliases.yaml": {Data: aliases}}
		c, err := Load(fsys)
		checkLoadResult(t, fsys, c, err)
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, g := range c.Aliases {
			if !g.Kind.Valid() || len(g.Aliases) == 0 {
				t.Errorf("accepted an invalid alias group: %+v", g)
			}
			for _, n := range g.Names() {
				k := strings.ToLower(NormalizeSpace(n))
				if seen[k] {
					t.Errorf("accepted a duplicate name %q", n)
				}
				seen[k] = true
			}
		}
	})
}

// FuzzQuoteMismatch checks the explanation of a quote that is not in its
// document on any text, multi-byte and invalid UTF-8 included.
func FuzzQuoteMismatch(f *testing.F) {
	f.Add("North Korea has sent shells", "north Korea has sent shells")
	f.Add("\"The shells,\" he said.", "“The shells,” he said.")
	f.Add("", "x")
	f.Add("새로운 탄약을", "새로운 탄약이")
	f.Add("ab\xffcd", "ab\xfecd")
	f.Fuzz(func(t *testing.T, body, quote string) {
		body, quote = NormalizeSpace(body), NormalizeSpace(quote)
		if quote == "" || strings.Contains(body, quote) {
			return
		}
		if msg := quoteMismatch(body, quote); !strings.HasPrefix(msg, ": ") {
			t.Errorf("quoteMismatch(%q, %q) = %q", body, quote, msg)
		}
	})
}
