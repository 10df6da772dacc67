package index

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/armswatch/armswatch/internal/prose"

	"github.com/armswatch/armswatch"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
)

func TestAnswerClaimsCitationsAndDocuments(t *testing.T) {
	ix := openFixture(t)
	a := ask(t, ix, "shells")
	ids := claimIDs(a)
	for _, want := range []string{"fx-skibitskyi-million", "fx-minister-containers", "fx-ko-shells"} {
		if !slices.Contains(ids, want) {
			t.Errorf("shells: claims %v lack %s", ids, want)
		}
	}
	var min armswatch.ClaimHit
	for _, c := range a.Claims {
		if c.ID == "fx-minister-containers" {
			min = c
		}
	}
	if len(min.Citations) != 1 {
		t.Fatalf("citations = %+v", min.Citations)
	}
	ci := min.Citations[0]
	if ci.Doc != "fx-en-containers" || ci.Title == "" || ci.Publisher != "Fixture Daily" || ci.Published.String() != "2024-02-27" {
		t.Errorf("citation metadata = %+v", ci)
	}
	if !strings.Contains(ci.Snippet, "**shells**") || ci.Quote == "" {
		t.Errorf("snippet %q does not bold the match", ci.Snippet)
	}
	if a.SourcesUpTo.String() != "2024-02-27" {
		t.Errorf("sources up to %s, want 2024-02-27", a.SourcesUpTo)
	}
	if a.FreshnessLine() != "Sources up to 2024-02-27." {
		t.Errorf("freshness %q", a.FreshnessLine())
	}
	// A document passage never repeats a quote shown with a claim.
	for _, d := range a.Documents {
		for _, s := range d.Snippets {
			if strings.Contains(strings.ReplaceAll(s, "**", ""), "could contain more than 3 million") {
				t.Errorf("document %s repeats a shown quote: %q", d.Doc, s)
			}
		}
	}
}

func TestAnswerRetractedNeverShowsSupersededSaysBy(t *testing.T) {
	ix := openFixture(t)
	for _, q := range []string{"zeppelin", "retracted", "Fixture Wire", "mentioned only in a retracted report"} {
		a := ask(t, ix, q)
		if slices.Contains(claimIDs(a), "fx-retracted-zeppelin") {
			t.Errorf("%q shows the retracted record", q)
		}
	}
	a := ask(t, ix, "million artillery rounds Moscow")
	ids := claimIDs(a)
	i, j := slices.Index(ids, "fx-skibitskyi-million"), slices.Index(ids, "fx-skibitskyi-early")
	if i < 0 || j < 0 || j < i {
		t.Fatalf("claims %v: want the superseded record after the one replacing it", ids)
	}
	sup := a.Claims[j]
	if sup.Status != armswatch.StatusSuperseded || sup.SupersededBy != "fx-skibitskyi-million" {
		t.Errorf("superseded record = %+v", sup.Claim)
	}
	if !strings.Contains(a.Summary, "superseded") {
		t.Errorf("summary %q does not mention the superseded record", a.Summary)
	}
	for _, c := range a.Comparisons {
		for _, r := range c.Rows {
			if r.ClaimID == "fx-skibitskyi-early" {
				t.Errorf("superseded record in a comparison")
			}
		}
	}
}

func TestAnswerTypos(t *testing.T) {
	ix := openFixture(t)
	for _, tc := range []struct {
		q, showing, claim string
	}{
		{"shels", "shells", "fx-skibitskyi-million"},
		{"balistic missiles", "ballistic missiles", "fx-prosecutor-24-missiles"},
		{"containres", "containers", "fx-minister-containers"},
		{"prosecuter", "prosecutor", "fx-prosecutor-24-missiles"},
	} {
		a := ask(t, ix, tc.q)
		if a.ShowingFor != tc.showing {
			t.Errorf("%q: showing results for %q, want %q", tc.q, a.ShowingFor, tc.showing)
		}
		if !slices.Contains(claimIDs(a), tc.claim) {
			t.Errorf("%q: claims %v lack %s", tc.q, claimIDs(a), tc.claim)
		}
		if !strings.Contains(a.Summary, "Showing results for “"+tc.showing+"”") {
			t.Errorf("%q: summary %q does not say what it shows", tc.q, a.Summary)
		}
	}
	// "tanks" is not in the data, and "thanked"/"talks" are other words.
	a := ask(t, ix, "tanks")
	if !a.NoAnswer() || a.ShowingFor != "" {
		t.Errorf("tanks: want the no-answer, got claims %v docs %d showing %q", claimIDs(a), len(a.Documents), a.ShowingFor)
	}
	if !strings.Contains(a.Summary, "No sourced claim about “tanks”") || len(a.Suggestions) == 0 {
		t.Errorf("tanks: summary %q suggestions %v", a.Summary, a.Suggestions)
	}
	// A word in the data is never "corrected".
	if a := ask(t, ix, "talks"); a.ShowingFor != "" || a.NoAnswer() {
		t.Errorf("talks: showing %q, no-answer %v", a.ShowingFor, a.NoAnswer())
	}
}

func TestAnswerAliases(t *testing.T) {
	ix := openFixture(t)
	same := func(qs ...string) {
		t.Helper()
		want := claimIDs(ask(t, ix, qs[0]))
		slices.Sort(want)
		if len(want) == 0 {
			t.Fatalf("%q: no claims", qs[0])
		}
		for _, q := range qs[1:] {
			got := claimIDs(ask(t, ix, q))
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("%q: claims %v, want those of %q: %v", q, got, qs[0], want)
			}
		}
	}
	same("KN-23", "Hwasong-11", "kn23", "KN 23", "north korean iskander")
	same("North Korea", "DPRK", "Pyongyang", "north korea's", "북한", "КНДР", "Північна Корея")
	// Najin = Rajin: the document says Rajin; the phrase is set in bold.
	a := ask(t, ix, "Najin")
	if len(a.Documents) == 0 || !strings.Contains(strings.Join(a.Documents[0].Snippets, " "), "**Rajin**") {
		t.Errorf("Najin: documents %+v", a.Documents)
	}
	// A phrase alias is bold as a whole.
	a = ask(t, ix, "North Korea missiles")
	found := false
	for _, c := range a.Claims {
		for _, ci := range c.Citations {
			found = found || strings.Contains(ci.Snippet, "**North Korea**")
		}
	}
	if !found {
		t.Errorf("no snippet bolds **North Korea**: %+v", a.Claims)
	}
}

func TestAnswerQuestionWordsAndMinimumMatch(t *testing.T) {
	ix := openFixture(t)
	a := ask(t, ix, "how many artillery shells has North Korea sent to Russia")
	if ids := claimIDs(a); len(ids) < 2 || !slices.Contains(ids[:min(3, len(ids))], "fx-skibitskyi-million") {
		t.Errorf("claims %v: want fx-skibitskyi-million in the top 3", ids)
	}
	if a := ask(t, ix, "who denied"); len(a.Claims) == 0 || a.Claims[0].ID != "fx-kremlin-denial" {
		t.Errorf("who denied: claims %v", claimIDs(a))
	}
	// Two words must both match: Kharkiv and missile together. The other
	// missile claims follow it, said to match only part of the question
	// (fill.go).
	a = ask(t, ix, "Kharkiv missile")
	if ids := claimIDs(a); len(ids) == 0 || ids[0] != "fx-kharkiv-kn23" {
		t.Errorf("Kharkiv missile: claims %v", ids)
	}
	filled := len(a.Claims) - 1
	if !strings.HasPrefix(a.Summary, "1 claim matches") ||
		filled > 0 && !strings.Contains(a.Summary, prose.Count(filled, "claim", "claims")+" below "+prose.Plural(filled, "matches", "match")+" only part of the question.") {
		t.Errorf("Kharkiv missile: summary %q for claims %v", a.Summary, claimIDs(a))
	}
}

func TestAnswerMultilingual(t *testing.T) {
	ix := openFixture(t)
	for _, tc := range []struct{ q, claim string }{
		{"북한", "fx-ko-shells"},
		{"포탄이", "fx-ko-shells"},  // another particle than the text's 포탄을
		{"국방부의", "fx-ko-shells"}, // the claimant with a particle
		{"ракеты", "fx-ru-missiles"},
		{"ракетами", "fx-ru-missiles"},
		{"разведкой", "fx-ru-missiles"},
		{"снарядів", "fx-skibitskyi-million"}, // Ukrainian quote: мільйона снарядів
		{"розвідка", "fx-skibitskyi-million"},
	} {
		a := ask(t, ix, tc.q)
		if !slices.Contains(claimIDs(a), tc.claim) {
			t.Errorf("%q: claims %v lack %s", tc.q, claimIDs(a), tc.claim)
		}
	}
	a := ask(t, ix, "포탄")
	for _, c := range a.Claims {
		if c.ID == "fx-ko-shells" && !strings.Contains(c.Citations[0].Snippet, "**포탄을**") {
			t.Errorf("Korean snippet %q", c.Citations[0].Snippet)
		}
	}
}

func TestAnswerFilters(t *testing.T) {
	ix := openFixture(t)
	ctx := context.Background()
	run := func(q armswatch.Query) []string {
		t.Helper()
		a, err := ix.Answer(ctx, q)
		if err != nil {
			t.Fatalf("%+v: %v", q, err)
		}
		return claimIDs(a)
	}
	for _, item := range []armswatch.Category{"artillery-shell", "shells", "Artillery-Shell"} {
		ids := run(armswatch.Query{Text: "North Korea", Item: item})
		if len(ids) == 0 || slices.Contains(ids, "fx-prosecutor-24-missiles") || !slices.Contains(ids, "fx-minister-containers") {
			t.Errorf("item %s: %v", item, ids)
		}
	}
	if ids := run(armswatch.Query{Text: "North Korea", Claimant: "Skibitsky"}); len(ids) == 0 || slices.ContainsFunc(ids, func(id string) bool { return !strings.HasPrefix(id, "fx-skibitskyi") }) {
		t.Errorf("claimant alias: %v", ids)
	}
	if ids := run(armswatch.Query{Text: "North Korea", Claimant: "prosecutor general"}); !slices.Equal(ids, []string{"fx-prosecutor-24-missiles"}) {
		t.Errorf("claimant role: %v", ids)
	}
	// Filters alone list claims.
	if ids := run(armswatch.Query{Claimant: "Shin Won-sik"}); !slices.Equal(ids, []string{"fx-minister-containers"}) {
		t.Errorf("claimant only: %v", ids)
	}
	// Dates overlap at their precision; undated claims are left out.
	from, to := armswatch.MustDate("2024-02-15"), armswatch.MustDate("2024-03")
	ids := run(armswatch.Query{Text: "North Korea", From: from, To: to})
	slices.Sort(ids)
	if !slices.Equal(ids, []string{"fx-minister-containers", "fx-prosecutor-24-missiles"}) {
		t.Errorf("2024-02-15..2024-03: %v", ids)
	}
	ids = run(armswatch.Query{Text: "North Korea", To: armswatch.MustDate("2023")})
	if !slices.Equal(ids, []string{"fx-skibitskyi-million"}) {
		t.Errorf("..2023: %v", ids)
	}
	for _, q := range []armswatch.Query{
		{Text: "shells", Item: "tanks"},
		{Text: "shells", From: armswatch.MustDate("2024"), To: armswatch.MustDate("2023-12")},
	} {
		a, err := ix.Answer(ctx, q)
		if !errors.Is(err, armswatch.ErrBadQuery) || a.Error == "" {
			t.Errorf("%+v: err %v, answer error %q", q, err, a.Error)
		}
	}
	a, _ := ix.Answer(ctx, armswatch.Query{Text: "North Korea", Limit: 1})
	if len(a.Claims) != 1 {
		t.Errorf("limit 1: %d claims", len(a.Claims))
	}
}

// Any input gets a normal answer or a clear message, never an error, and
// the work is bounded by the caps on length and terms.
func TestAnswerHostileInput(t *testing.T) {
	ix := openFixture(t)
	long := strings.Repeat("shells artillery ", 5000)
	words := make([]string, 0, 100)
	for i := 0; i < 100; i++ {
		words = append(words, "word"+strings.Repeat("x", i%7)+string(rune('a'+i%26)))
	}
	for _, q := range []string{
		"", " ", "*", "?", "/.*a.*/", "field:x", "title:shells", "shells AND NOT x", "+shells -x",
		"\x00\x01\x1b[31mshells\x7f", "<@123456789012345678> @everyone @here <#123> <@&99> shells",
		"**shells** _x_ `code` ~~y~~ > quote | spoiler ||", "💥👨‍👩‍👧 shells", "שלום shells مرحبا",
		long, strings.Repeat("a", 10000), strings.Join(words, " "), "\xff\xfe broken utf8 shells",
		"shells~2", "shel*", `"north korea"`, "(shells OR rounds)", "..........", "1 2 3 4 5",
	} {
		a, err := ix.Answer(context.Background(), armswatch.Query{Text: q})
		if err != nil {
			t.Errorf("%.40q: error %v", q, err)
			continue
		}
		if a.Summary == "" {
			t.Errorf("%.40q: no summary", q)
		}
		if utf8.RuneCountInString(a.Query) > 300 || strings.ContainsAny(a.Query, "\x00\x1b") {
			t.Errorf("%.40q: query echoed as %.80q", q, a.Query)
		}
	}
	// Only the first maxConcepts terms are searched, and the summary says so.
	p := understand(ix.st, strings.Join(words, " "))
	if len(p.concepts) > maxConcepts || p.dropped == 0 {
		t.Errorf("%d concepts, %d dropped", len(p.concepts), p.dropped)
	}
	if n := utf8.RuneCountInString(cleanQuery(long)); n > maxQueryRunes {
		t.Errorf("clean query has %d runes", n)
	}
}

func TestDocumentView(t *testing.T) {
	ix := openFixture(t)
	v, err := ix.Document(context.Background(), "fx-en-denial")
	if err != nil {
		t.Fatal(err)
	}
	if v.Document.Title == "" || !strings.Contains(v.Document.Body, "Kremlin spokesman") || v.Excerpt == "" {
		t.Errorf("view = %+v", v)
	}
	var ids []string
	for _, c := range v.Claims {
		ids = append(ids, c.ID)
	}
	if !slices.Equal(ids, []string{"fx-kremlin-denial"}) {
		t.Errorf("claims citing fx-en-denial = %v (the retracted one must not be there)", ids)
	}
	for _, id := range []string{"nope", "", "fx-en-denial\x00", strings.Repeat("x", 500)} {
		if _, err := ix.Document(context.Background(), id); !errors.Is(err, armswatch.ErrNotFound) {
			t.Errorf("Document(%.20q) = %v, want ErrNotFound", id, err)
		}
	}
}

func TestComplete(t *testing.T) {
	ix := openFixture(t)
	ctx := context.Background()
	has := func(cs []armswatch.Completion, value string) bool {
		return slices.ContainsFunc(cs, func(c armswatch.Completion) bool { return c.Value == value })
	}
	if cs := ix.Complete(ctx, armswatch.CompleteQuery, "kn", 25); !has(cs, "KN-23") || !has(cs, "KN-24") {
		t.Errorf("query kn: %+v", cs)
	}
	if cs := ix.Complete(ctx, armswatch.CompleteQuery, "contai", 25); !has(cs, "containers") {
		t.Errorf("query contai: %+v", cs)
	}
	if cs := ix.Complete(ctx, armswatch.CompleteItem, "shel", 25); !has(cs, "artillery-shell") {
		t.Errorf("item shel: %+v", cs)
	}
	if cs := ix.Complete(ctx, armswatch.CompleteItem, "", 25); len(cs) != len(armswatch.Categories) {
		t.Errorf("item '': %d choices", len(cs))
	}
	if cs := ix.Complete(ctx, armswatch.CompleteClaimant, "skib", 25); !has(cs, "Vadym Skibitskyi") {
		t.Errorf("claimant skib: %+v", cs)
	}
	if cs := ix.Complete(ctx, armswatch.CompleteDocument, "kremlin", 25); !has(cs, "fx-en-denial") {
		t.Errorf("document kremlin: %+v", cs)
	}
	for _, kind := range []armswatch.CompletionKind{armswatch.CompleteQuery, armswatch.CompleteItem, armswatch.CompleteClaimant, armswatch.CompleteDocument, "bogus"} {
		for _, prefix := range []string{"", "a", strings.Repeat("é", 300), "\x00<@1>"} {
			cs := ix.Complete(ctx, kind, prefix, 3)
			if len(cs) > 3 {
				t.Errorf("%s %.10q: %d > limit", kind, prefix, len(cs))
			}
			for _, c := range cs {
				if utf8.RuneCountInString(c.Label) > 100 || utf8.RuneCountInString(c.Value) > 100 {
					t.Errorf("%s: choice too long: %+v", kind, c)
				}
			}
		}
	}
	if cs := ix.Complete(ctx, armswatch.CompleteQuery, "kn", 0); len(cs) != 0 {
		t.Errorf("limit 0 gave %d", len(cs))
	}
}

func TestStats(t *testing.T) {
	ix := openFixture(t)
	st := ix.Stats()
	if st.Documents != 6 || st.Claims != 8 {
		t.Errorf("stats = %+v, want 6 documents and 8 claims (the retracted one not counted)", st)
	}
	if st.Earliest.String() != "2023-11" || st.Latest.String() != "2024-02-27" || st.BuiltAt == "" || st.Fingerprint == "" {
		t.Errorf("stats = %+v", st)
	}
	if !ix.Ready() {
		t.Error("not ready")
	}
}

// TestSearchByScoreMatchesIDSort: searchByScore gives exactly the hits,
// in the same order, that sorting by score then id in bleve gives, over
// data with many equal scores (identical documents), where it must fall
// back to the id sort, and over the fixture.
func TestSearchByScoreMatchesIDSort(t *testing.T) {
	identical := fstest.MapFS{"aliases.yaml": {Data: []byte("[]\n")}}
	for i := range 40 {
		text := "---\ntitle: Shells report\n---\nNorth Korea sent shells to Russia.\n"
		if i%3 == 0 {
			text = "---\ntitle: Shells and missiles report\n---\nNorth Korea sent shells and missiles to Russia, officials said.\n"
		}
		identical[fmt.Sprintf("documents/report-%02d.md", (i*17)%40)] = &fstest.MapFile{Data: []byte(text)}
	}
	for name, data := range map[string]fs.FS{"identical": identical, "fixture": fixtureFS()} {
		ix := openData(t, data, t.TempDir())
		for _, text := range []string{"shells", "missiles", "north korea russia", "officials said shells", "containers"} {
			p := understand(ix.st, text)
			q, _ := kindQuery(ix.st, p, docKind, false)
			if q == nil {
				continue
			}
			for _, size := range []int{1, 3, 8, 30} {
				got, err := ix.searchByScore(context.Background(), q, size)
				if err != nil {
					t.Fatal(err)
				}
				req := bleve.NewSearchRequestOptions(q, size, 0, false)
				req.SortBy(scoreThenID)
				res, err := ix.alias.SearchInContext(context.Background(), req)
				if err != nil {
					t.Fatal(err)
				}
				if g, w := hitIDs(got), hitIDs(res.Hits); !slices.Equal(g, w) {
					t.Errorf("%s, %q, size %d: %q, want %q", name, text, size, g, w)
				}
			}
		}
	}
}

func hitIDs(hs []*search.DocumentMatch) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.ID
	}
	return out
}
