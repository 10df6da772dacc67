package extract

import (
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/data"
)

// checkInvariants fails when a candidate could not pass the loader's
// checks: a quote not verbatim in the body, a quantity text not in its
// quote, a missing required field, an invalid value, an id that is not
// kebab-case or not unique.
func checkInvariants(t *testing.T, doc armswatch.Document, cands []Candidate) {
	t.Helper()
	ids := map[string]bool{}
	for _, c := range cands {
		cl := c.Claim
		if !armswatch.IsKebabID(cl.ID) {
			t.Errorf("%s: id %q is not kebab-case", doc.ID, cl.ID)
		}
		if ids[cl.ID] {
			t.Errorf("%s: duplicate id %q", doc.ID, cl.ID)
		}
		ids[cl.ID] = true
		if strings.TrimSpace(cl.Statement) == "" || strings.TrimSpace(cl.Claimant) == "" {
			t.Errorf("%s: %s: empty statement or claimant", doc.ID, cl.ID)
		}
		checkStatement(t, doc.ID, cl)
		if strings.ContainsAny(cl.Statement, "\n\r") {
			t.Errorf("%s: %s: statement is not one line: %q", doc.ID, cl.ID, cl.Statement)
		}
		if !cl.Stance.Valid() {
			t.Errorf("%s: %s: stance %q", doc.ID, cl.ID, cl.Stance)
		}
		if len(cl.Appearances) == 0 {
			t.Errorf("%s: %s: no appearances", doc.ID, cl.ID)
		}
		var quotes []string
		for _, a := range cl.Appearances {
			if a.Doc != doc.ID {
				t.Errorf("%s: %s: appearance cites %q", doc.ID, cl.ID, a.Doc)
			}
			if strings.TrimSpace(a.Quote) == "" || !strings.Contains(doc.Body, a.Quote) {
				t.Errorf("%s: %s: quote not verbatim in the body: %q", doc.ID, cl.ID, a.Quote)
			}
			quotes = append(quotes, a.Quote)
		}
		for _, it := range cl.Items {
			if !it.Category.Valid() {
				t.Errorf("%s: %s: category %q", doc.ID, cl.ID, it.Category)
			}
			q := it.Quantity
			if q == nil {
				continue
			}
			found := false
			for _, quote := range quotes {
				if q.Text != "" && strings.Contains(quote, q.Text) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: %s: quantity text %q not in its quotes", doc.ID, cl.ID, q.Text)
			}
			if !q.Qualifier.Valid() || !q.Measure.Valid() {
				t.Errorf("%s: %s: qualifier %q measure %q", doc.ID, cl.ID, q.Qualifier, q.Measure)
			}
			if q.Value != nil && (q.Min != nil || q.Max != nil) {
				t.Errorf("%s: %s: value and min/max together", doc.ID, cl.ID)
			}
			if (q.Min == nil) != (q.Max == nil) || q.Min != nil && *q.Min > *q.Max {
				t.Errorf("%s: %s: bad range %v–%v", doc.ID, cl.ID, fmtPtr(q.Min), fmtPtr(q.Max))
			}
			if q.Qualifier == armswatch.QualifierRange && q.Min == nil {
				t.Errorf("%s: %s: range without min and max", doc.ID, cl.ID)
			}
			if q.Qualifier == armswatch.QualifierUnspecified && (q.Value != nil || q.Min != nil) {
				t.Errorf("%s: %s: a number for %q", doc.ID, cl.ID, q.Text)
			}
		}
		if doc.Published.IsZero() && !cl.SaidOn.IsZero() {
			// Only a date the text writes with its year may be used.
			ok := false
			for _, a := range cl.Appearances {
				if strings.Contains(a.Quote, "20") {
					ok = true
				}
			}
			if !ok {
				t.Errorf("%s: %s: said_on %s in an undated document", doc.ID, cl.ID, cl.SaidOn)
			}
		}
	}
}

// checkStatement fails when a statement says nothing of its own: no
// "X says: …" part, a part made only of the attribution's words ("Lloyd
// Austin warns: Austin said that"), or a credit marker left in it.
func checkStatement(t *testing.T, docID string, cl armswatch.Claim) {
	t.Helper()
	_, part, ok := strings.Cut(strings.TrimPrefix(cl.Statement, cl.Claimant), ": ")
	if !ok {
		t.Errorf("%s: %s: statement without content: %q", docID, cl.ID, cl.Statement)
		return
	}
	own := false
	names := strings.Fields(strings.ToLower(cl.Claimant))
	for _, w := range strings.FieldsFunc(strings.ToLower(part), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' }) {
		_, verb := attribVerbs[w]
		if !verb && !joiningWords[w] && !slices.Contains(names, w) {
			own = true
		}
	}
	if !own {
		t.Errorf("%s: %s: statement is the attribution alone: %q", docID, cl.ID, cl.Statement)
	}
	if strings.ContainsAny(part, "ⓒ©") {
		t.Errorf("%s: %s: credit marker in the statement: %q", docID, cl.ID, cl.Statement)
	}
}

func TestCandidatesInvariants(t *testing.T) {
	var docs []armswatch.Document
	var aliases [][]armswatch.AliasGroup
	for _, fsys := range []struct {
		name string
		load func() (*armswatch.Corpus, error)
	}{
		{"bundled", func() (*armswatch.Corpus, error) { return armswatch.Load(data.FS()) }},
		{"paragraphs", func() (*armswatch.Corpus, error) { return armswatch.Load(os.DirFS("testdata/paragraphs")) }},
		{"heldout", func() (*armswatch.Corpus, error) { return armswatch.Load(os.DirFS("testdata/heldout")) }},
		{"heldout2", func() (*armswatch.Corpus, error) { return armswatch.Load(os.DirFS("testdata/heldout2")) }},
		{"heldout3", func() (*armswatch.Corpus, error) { return armswatch.Load(os.DirFS("testdata/heldout3")) }},
		{"heldout4", func() (*armswatch.Corpus, error) { return armswatch.Load(os.DirFS("testdata/heldout4")) }},
	} {
		c, err := fsys.load()
		if err != nil {
			t.Fatalf("load %s: %v", fsys.name, err)
		}
		for _, d := range c.Documents {
			docs = append(docs, d)
			aliases = append(aliases, c.Aliases)
		}
	}
	for i, d := range docs {
		cands := Extract(d, aliases[i])
		if len(cands) == 0 {
			t.Errorf("%s: no candidates at all", d.ID)
		}
		checkInvariants(t, d, cands)
		if again := Extract(d, aliases[i]); !reflect.DeepEqual(cands, again) {
			t.Errorf("%s: two runs differ", d.ID)
		}
	}
}

// An undated document keeps every relative date empty.
func TestUndatedDocumentLeavesRelativeDatesEmpty(t *testing.T) {
	body := "Ukraine's defense minister Oleh Marchenko said on Wednesday that Russia has fired at least 50 North Korean missiles. " +
		"In December 2023, the White House announced that Russia had purchased 10 ballistic missiles."
	for _, pub := range []string{"", "2024-02-29"} {
		doc := armswatch.Document{ID: "d", Body: body}
		if pub != "" {
			doc.Published = armswatch.MustDate(pub)
		}
		got := map[string]string{}
		for _, c := range Candidates(doc, nil) {
			got[c.Claimant] = c.SaidOn.String()
		}
		wantMarchenko := ""
		if pub != "" {
			wantMarchenko = "2024-02-28"
		}
		if got["Oleh Marchenko"] != wantMarchenko {
			t.Errorf("published %q: Marchenko said_on %q, want %q", pub, got["Oleh Marchenko"], wantMarchenko)
		}
		if got["White House"] != "2023-12" {
			t.Errorf("published %q: White House said_on %q, want 2023-12 (written with its year)", pub, got["White House"])
		}
	}
}

func TestIDs(t *testing.T) {
	doc := armswatch.Document{ID: "d", Publisher: "The Example Times", Body: "Defense Minister Shin Won-sik said North Korea sent 6,700 containers to Russia. " +
		"Shin said North Korea sent 6,700 containers to Russia by rail. " +
		"U.S. officials said North Korea delivered about 1.5 million shells. " +
		"North Korea sent dozens of missiles to Russia."}
	var ids []string
	for _, c := range Candidates(doc, nil) {
		ids = append(ids, c.ID)
	}
	want := []string{"shin-6700-containers-2473", "us-officials-1-5-million-artillery-shells-2473", "example-times-dozens-ballistic-missiles-2473"}
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("ids = %q, want %q", ids, want)
	}
}

// The same figures by the same claimant in two sentences of a document are
// one record with two appearances.
func TestMergeRepeats(t *testing.T) {
	doc := armswatch.Document{ID: "d", Body: "Ukrainian intelligence chief: “North Korea has delivered a substantial amount of artillery ammunition to Russia.”\n\n" +
		"Kirillo Budanov, the head of military intelligence, said that North Korea has delivered a substantial amount of artillery ammunition to Russia."}
	cands := Candidates(doc, nil)
	if len(cands) != 1 || len(cands[0].Appearances) != 2 {
		t.Fatalf("got %d candidates %+v, want one with two appearances", len(cands), cands)
	}
}

func FuzzExtract(f *testing.F) {
	c, err := armswatch.Load(data.FS())
	if err != nil {
		f.Fatal(err)
	}
	for _, d := range c.Documents {
		f.Add(d.Body, d.Published.String())
	}
	f.Add("“unclosed quote. He said “10 shells", "2024-01")
	f.Add("- - - 1,000,000,000,000,000 M bn of of of the the", "")
	f.Fuzz(func(t *testing.T, body, published string) {
		pub, err := armswatch.ParseDate(published)
		if err != nil {
			pub = armswatch.Date{}
		}
		doc := armswatch.Document{ID: "fuzz-doc", Body: body, Published: pub}
		checkInvariants(t, doc, Extract(doc, c.Aliases))
	})
}

// BenchmarkExtract measures one bundled-size article (about 5 KB) and
// documents of 1, 2 and 4 MiB made by repeating the bundled and
// hand-written documents (1 MiB is the worst case /propose accepts), as
// written and with every line break a space (one paragraph of 4 MiB).
// The time per byte should not grow with the size.
func BenchmarkExtract(b *testing.B) {
	c, err := armswatch.Load(data.FS())
	if err != nil {
		b.Fatal(err)
	}
	type bench struct {
		name string
		doc  armswatch.Document
	}
	benches := []bench{{"article", c.Documents[len(c.Documents)-1]}}
	for _, layout := range []struct {
		name string
		sep  string
	}{{"", "\n"}, {"-one-paragraph", " "}} {
		for _, mb := range []int{1, 2, 4} {
			body := repeatedBody(b, mb<<20, layout.sep)
			benches = append(benches, bench{fmt.Sprintf("%dMiB%s", mb, layout.name), armswatch.Document{ID: "big", Body: body}})
		}
	}
	for _, bc := range benches {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.doc.Body)))
			for range b.N {
				Extract(bc.doc, c.Aliases)
			}
		})
	}
}

// repeatedBody is a document body of at least size bytes: the bodies of
// the bundled and the hand-written documents, in turn, again and again,
// with every line break written as lineBreak and a blank line between
// documents.
func repeatedBody(tb testing.TB, size int, lineBreak string) string {
	tb.Helper()
	var bodies []string
	for _, fsys := range []fs.FS{data.FS(), os.DirFS("testdata/paragraphs"), os.DirFS("testdata/heldout"), os.DirFS("testdata/heldout2"), os.DirFS("testdata/heldout3")} {
		c, err := armswatch.Load(fsys)
		if err != nil {
			tb.Fatal(err)
		}
		for _, d := range c.Documents {
			bodies = append(bodies, strings.ReplaceAll(d.Body, "\n", lineBreak))
		}
	}
	var b strings.Builder
	for b.Len() < size {
		for _, body := range bodies {
			b.WriteString(body)
			b.WriteString(lineBreak + lineBreak)
		}
	}
	return b.String()
}

// TestExtractScalesLinearly fails when the memory Extract allocates grows
// faster than the document: a rule that reads all the text before a
// sentence again (the item categories named so far, the claimants
// remembered, the ids given) makes a long document quadratic. It counts
// bytes, not time, so a slow or busy machine cannot fail it.
func TestExtractScalesLinearly(t *testing.T) {
	if testing.Short() {
		t.Skip("extracts about 250 KB of text")
	}
	c, err := armswatch.Load(data.FS())
	if err != nil {
		t.Fatal(err)
	}
	allocated := func(body string) uint64 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		Extract(armswatch.Document{ID: "big", Body: body}, c.Aliases)
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	for _, tc := range []struct {
		name      string
		lineBreak string
	}{
		{"paragraphs", "\n"},
		{"one paragraph", " "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			small := repeatedBody(t, 1, tc.lineBreak) // one round of the documents
			large := strings.Repeat(small, 3)
			a, b := allocated(small), allocated(large)
			perByte := func(n uint64, body string) float64 { return float64(n) / float64(len(body)) }
			ratio := perByte(b, large) / perByte(a, small)
			t.Logf("%d KB: %.0f bytes allocated per byte of text; %d KB: %.0f (%.2f times)", len(small)>>10, perByte(a, small), len(large)>>10, perByte(b, large), ratio)
			if ratio > 1.35 {
				t.Errorf("%.2f times as many bytes per byte of text at three times the size, want about 1", ratio)
			}
		})
	}
}
