package armswatch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/armswatch/armswatch/data"
)

// fixtureFS reads a data set under testdata/load into a MapFS, so that a
// test can change files without touching the disk.
func fixtureFS(t testing.TB, name string) fstest.MapFS {
	t.Helper()
	root := filepath.Join("testdata", "load", name)
	m := fstest.MapFS{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		m[filepath.ToSlash(rel)] = &fstest.MapFile{Data: b, Mode: 0o644}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

const (
	docShells   = "testwire-2023-11-14-shells"
	docMissiles = "testwire-2024-01-missiles"
)

func TestLoadGood(t *testing.T) {
	c, err := Load(fixtureFS(t, "good"))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(c.Documents) != 2 || len(c.Claims) != 5 || len(c.Aliases) != 3 {
		t.Fatalf("got %d documents, %d claims, %d alias groups; want 2, 5, 3", len(c.Documents), len(c.Claims), len(c.Aliases))
	}

	d := c.Documents[0]
	if d.ID != docShells || d.Path != "documents/"+docShells+".md" {
		t.Errorf("documents sorted by id: first is %q at %q", d.ID, d.Path)
	}
	wantDoc := Document{
		ID:         docShells,
		Title:      "North Korea has sent a million shells, official says",
		Publisher:  "Test Wire",
		Author:     "A. Reporter",
		Published:  MustDate("2023-11-14"),
		Language:   "en",
		SourceFile: "000_test.txt",
		Notes:      "A fixture for the loader's tests.",
		Path:       "documents/" + docShells + ".md",
	}
	gotDoc := d
	gotDoc.Body = ""
	if gotDoc != wantDoc {
		t.Errorf("document:\n got %+v\nwant %+v", gotDoc, wantDoc)
	}
	if !strings.HasPrefix(d.Body, "North Korea has sent about a million") || !strings.HasSuffix(d.Body, "munitions had been delivered.") {
		t.Errorf("body not trimmed to the article: %q", d.Body)
	}
	if p := c.Documents[1].Published; p != MustDate("2024-01") || p.Precision() != PrecisionMonth {
		t.Errorf("published = %v, want 2024-01 (month precision)", p)
	}

	// Claims keep file order: claims/missiles.yaml before claims/shells.yaml.
	var ids []string
	for _, cl := range c.Claims {
		ids = append(ids, cl.ID)
	}
	wantIDs := []string{
		"prosecutors-at-least-24-missiles", "white-house-more-than-1000-containers", "prosecutors-kn-23-kn-24-fragments",
		"ua-intel-about-a-million-shells", "north-korea-denies-supplying-weapons",
	}
	if !slices.Equal(ids, wantIDs) {
		t.Errorf("claim order = %v, want %v", ids, wantIDs)
	}

	ua, ok := c.Claim("ua-intel-about-a-million-shells")
	if !ok {
		t.Fatal("claim ua-intel-about-a-million-shells missing")
	}
	if ua.Path != "claims/shells.yaml" || ua.Line != 2 {
		t.Errorf("claim at %s:%d, want claims/shells.yaml:2", ua.Path, ua.Line)
	}
	if !slices.Equal(ua.ClaimantCountry, StringList{"Ukraine"}) {
		t.Errorf("claimant_country written as one string = %q", ua.ClaimantCountry)
	}
	if ua.Stance != StanceEstimates || ua.SaidOn != MustDate("2023-11-14") || ua.Supplier != "North Korea" {
		t.Errorf("claim fields: %+v", ua)
	}
	if len(ua.Items) != 1 || ua.Items[0].Quantity == nil {
		t.Fatalf("items = %+v", ua.Items)
	}
	q := ua.Items[0].Quantity
	if q.Text != "about a million" || q.Value == nil || *q.Value != 1e6 || q.Min != nil || q.Max != nil ||
		q.Qualifier != QualifierAbout || q.Measure != MeasureDelivered || ua.Items[0].Caliber != "152 mm" {
		t.Errorf("quantity = %+v (item %+v)", q, ua.Items[0])
	}
	wantQuote := "North Korea has sent about a million artillery shells to Russia, a Ukrainian intelligence official said on Tuesday."
	if ua.Appearances[0].Quote != wantQuote || ua.Appearances[0].Doc != docShells {
		t.Errorf("appearance = %+v", ua.Appearances[0])
	}

	wh, _ := c.Claim("white-house-more-than-1000-containers")
	if wq := wh.Items[0].Quantity; wq.Text != "more than 1,000" || wq.Min == nil || *wq.Min != 1000 || wq.Value != nil {
		t.Errorf("flow-style quantity = %+v", wq)
	}
	if wh.Line != 18 || !wh.Active() {
		t.Errorf("white house claim: line %d active %v", wh.Line, wh.Active())
	}

	g := c.Aliases[1]
	if g.Name != "Russia" || g.Kind != AliasCountry || !slices.Equal(g.Aliases, []string{"Moscow", "the Kremlin"}) || g.Path != "aliases.yaml" || g.Line != 5 {
		t.Errorf("alias group = %+v", g)
	}
	if c.Aliases[2].Category != CategoryArtilleryShell {
		t.Errorf("alias category = %q", c.Aliases[2].Category)
	}
}

// want is one expected error: at is "file:line: field" (or "file:line"
// for a record, "file" for a whole file), msg a part of the message.
type want struct{ at, msg string }

func checkErrors(t *testing.T, err error, wants []want) {
	t.Helper()
	if len(wants) == 0 {
		if err != nil {
			t.Fatalf("unexpected errors:\n%v", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("no error, want %d", len(wants))
	}
	if !errors.Is(err, ErrInvalidData) {
		t.Errorf("errors.Is(err, ErrInvalidData) = false for %T", err)
	}
	var ve ValidationErrors
	if !errors.As(err, &ve) {
		t.Fatalf("error is %T, not ValidationErrors: %v", err, err)
	}
	ok := len(ve) == len(wants)
	for i := 0; ok && i < len(ve); i++ {
		got, prefix := ve[i].Error(), wants[i].at+": "
		ok = strings.HasPrefix(got, prefix) && strings.Contains(got[len(prefix):], wants[i].msg)
	}
	if !ok {
		var w strings.Builder
		for _, x := range wants {
			w.WriteString(x.at + ": …" + x.msg + "…\n")
		}
		t.Errorf("errors:\n%v\n\nwant:\n%s", err, w.String())
	}
}

// base is a valid claim record (7 lines) for cases that break something
// else in the same file.
const base = `- id: base-claim
  statement: North Korea denies supplying weapons.
  claimant: North Korea
  stance: denies
  appearances:
    - doc: testwire-2023-11-14-shells
      quote: Pyongyang has denied supplying any weapons.
`

func TestLoadReportsEveryKindOfBadRecord(t *testing.T) {
	const work = "claims/work.yaml" // sorts after the fixture's claim files
	cases := []struct {
		name   string
		files  map[string]string // added to (or replacing files of) the good data set
		remove []string
		want   []want
	}{
		// ---- unknown fields, at every depth ----
		{
			name: "unknown fields in a claim, item, quantity and appearance",
			files: map[string]string{work: `- id: bad-claim
  statement: A statement.
  claimant: Someone
  stance: denies
  source: Reuters
  items:
    - category: other
      calibre: 152 mm
      quantity:
        text: any weapons
        qualifer: unspecified
  appearances:
    - doc: testwire-2023-11-14-shells
      quote: Pyongyang has denied supplying any weapons.
      page: 3
`},
			want: []want{
				{work + ":5: source", "unknown field; known fields: id, statement, claimant, claimant_role, claimant_country, stance, hedged, said_on"},
				{work + ":8: items[0].calibre", `unknown field (did you mean "caliber"?)`},
				{work + ":11: items[0].quantity.qualifer", `unknown field (did you mean "qualifier"?)`},
				{work + ":15: appearances[0].page", "unknown field; known fields: doc, quote"},
			},
		},
		{
			name: "unknown field in front matter",
			files: map[string]string{"documents/" + docMissiles + ".md": `---
title: Missiles
date: 2024-01
publisher: Test Wire
---
Prosecutors said at least 24 ballistic missiles made in North Korea had been fired.
Fragments were identified as KN-23 and KN-24 missiles.
`},
			want: []want{{"documents/" + docMissiles + ".md:3: date", "unknown field; known fields: title, publisher, author, url, published, language, source_file, notes"}},
		},
		{
			name: "unknown field in an alias group",
			files: map[string]string{"aliases.yaml": `- name: North Korea
  kind: country
  alias: [DPRK]
`},
			want: []want{
				{"aliases.yaml:1: aliases", "missing (required)"},
				{"aliases.yaml:3: alias", `unknown field (did you mean "aliases"?)`},
			},
		},
		{
			name:  "a field given twice",
			files: map[string]string{work: base + "  stance: asserts\n"},
			want:  []want{{work + ":8: stance", "duplicate field (first at line 4)"}},
		},

		// ---- missing required fields ----
		{
			name:  "claim with none of the required fields",
			files: map[string]string{work: "- notes: only a note\n"},
			want: []want{
				{work + ":1: appearances", "missing (required)"},
				{work + ":1: claimant", "missing (required)"},
				{work + ":1: id", "missing (required)"},
				{work + ":1: stance", "missing (required)"},
				{work + ":1: statement", "missing (required)"},
			},
		},
		{
			name: "required claim fields present but empty",
			files: map[string]string{work: `- id: ""
  statement: "  "
  claimant: ~
  stance:
  appearances: []
`},
			want: []want{
				{work + ":1: id", "empty (required)"},
				{work + ":2: statement", "empty (required)"},
				{work + ":3: claimant", "empty (required)"},
				{work + ":4: stance", "empty (required)"},
				{work + ":5: appearances", "empty (required)"},
			},
		},
		{
			name: "missing fields of items, quantities and appearances",
			files: map[string]string{work: `- id: bad-claim
  statement: A statement.
  claimant: Someone
  stance: reports
  items:
    - designation: KN-23
      quantity:
        value: 24
  appearances:
    - doc: testwire-2023-11-14-shells
    - quote: Pyongyang has denied supplying any weapons.
`},
			want: []want{
				{work + ":6: items[0].category", "missing (required)"},
				{work + ":8: items[0].quantity.text", "missing (required)"},
				{work + ":10: appearances[0].quote", "missing (required)"},
				{work + ":11: appearances[1].doc", "missing (required)"},
			},
		},
		{
			name: "document without a title",
			files: map[string]string{"documents/" + docMissiles + ".md": `---
publisher: Test Wire
---
at least 24 ballistic missiles made in North Korea.
Fragments were identified as KN-23 and KN-24 missiles.
`},
			want: []want{{"documents/" + docMissiles + ".md:2: title", "missing (required)"}},
		},
		{
			name:  "document with empty front matter",
			files: map[string]string{"documents/new-doc.md": "---\n---\nSome text.\n"},
			want:  []want{{"documents/new-doc.md:1: title", "missing (required)"}},
		},
		{
			name: "alias groups missing name, kind and aliases",
			files: map[string]string{"aliases.yaml": `- name: North Korea
  kind: country
  aliases: [DPRK]
- category: other
- name: Russia
  kind: country
  aliases: []
`},
			want: []want{
				{"aliases.yaml:4: aliases", "missing (required)"},
				{"aliases.yaml:4: kind", "missing (required)"},
				{"aliases.yaml:4: name", "missing (required)"},
				{"aliases.yaml:7: aliases", "empty (required)"},
			},
		},

		// ---- bad dates ----
		{
			name: "bad said_on dates",
			files: map[string]string{work: `- id: one
  statement: A statement.
  claimant: Someone
  stance: denies
  said_on: 2023-13
  appearances:
    - doc: testwire-2023-11-14-shells
      quote: Pyongyang has denied supplying any weapons.
- id: two
  statement: A statement.
  claimant: Someone
  stance: denies
  said_on: 14 November 2023
  appearances:
    - doc: testwire-2023-11-14-shells
      quote: Pyongyang has denied supplying any weapons.
- id: three
  statement: A statement.
  claimant: Someone
  stance: denies
  said_on: 2023-02-29
  appearances:
    - doc: testwire-2023-11-14-shells
      quote: Pyongyang has denied supplying any weapons.
- id: four
  statement: A statement.
  claimant: Someone
  stance: denies
  said_on: [2023]
  appearances:
    - doc: testwire-2023-11-14-shells
      quote: Pyongyang has denied supplying any weapons.
`},
			want: []want{
				{work + ":5: said_on", `bad date: month 13 out of range in "2023-13"`},
				{work + ":13: said_on", `bad date: "14 November 2023" is not YYYY, YYYY-MM or YYYY-MM-DD`},
				{work + ":21: said_on", `bad date: day 29 out of range in "2023-02-29"`},
				{work + ":29: said_on", "expected a date (YYYY, YYYY-MM or YYYY-MM-DD), got a list"},
			},
		},
		{
			name: "audit trail: reviewed_on without reviewed_by, bad reviewed_on, retraction without status",
			files: map[string]string{work: `- id: one
  statement: A statement.
  claimant: Someone
  stance: denies
  reviewed_on: 2024-02-01
  appearances:
    - doc: testwire-2023-11-14-shells
      quote: Pyongyang has denied supplying any weapons.
- id: two
  statement: A statement.
  claimant: Someone
  stance: denies
  reviewed_by: ana
  reviewed_on: 2024-02-30
  appearances:
    - doc: testwire-2023-11-14-shells
      quote: Pyongyang has denied supplying any weapons.
- id: three
  statement: A statement.
  claimant: Someone
  stance: denies
  retraction: {reason: "", by: ana, on: 2024-02-01}
  appearances:
    - doc: testwire-2023-11-14-shells
      quote: Pyongyang has denied supplying any weapons.
- id: four
  statement: A statement.
  claimant: Someone
  stance: denies
  status: retracted
  reviewed_by: ana
  reviewed_on: 2024-02-01
  retraction: {reason: misread the quote, by: ana, on: 2024-02-02}
  appearances:
    - doc: testwire-2023-11-14-shells
      quote: Pyongyang has denied supplying any weapons.
`},
			want: []want{
				{work + ":1: reviewed_by", "missing: reviewed_on is set"},
				{work + ":14: reviewed_on", `bad date: day 30 out of range in "2024-02-30"`},
				{work + ":22: retraction", `set, but status is "active"`},
				{work + ":22: retraction.reason", "empty (required)"},
			},
		},
		{
			name: "bad published date",
			files: map[string]string{"documents/new-doc.md": `---
title: New
published: 2023-11-14T09:00:00Z
---
Text.
`},
			want: []want{{"documents/new-doc.md:3: published", `bad date: "2023-11-14T09:00:00Z" is not YYYY`}},
		},

		// ---- unknown values from fixed lists ----
		{
			name: "unknown stance, category, qualifier, measure and status",
			files: map[string]string{work: `- id: bad-claim
  statement: A statement.
  claimant: Someone
  stance: claims
  status: withdrawn
  items:
    - category: artillery-shells
      quantity:
        text: any weapons
        qualifier: approximately
        measure: sent
  appearances:
    - doc: testwire-2023-11-14-shells
      quote: Pyongyang has denied supplying any weapons.
`},
			want: []want{
				{work + ":4: stance", `unknown stance "claims"; one of asserts, estimates, confirms, denies, warns, condemns, reports`},
				{work + ":5: status", `unknown status "withdrawn"; one of active, retracted, superseded`},
				{work + ":7: items[0].category", `unknown category "artillery-shells" (did you mean "artillery-shell"?); one of artillery-shell, rocket,`},
				{work + ":10: items[0].quantity.qualifier", `unknown qualifier "approximately"; one of exact, about, more-than, at-least, up-to, range, unspecified`},
				{work + ":11: items[0].quantity.measure", `unknown measure "sent"; one of delivered, shipped, capacity, fired, purchased, unspecified`},
			},
		},
		{
			name: "unknown alias kind and category",
			files: map[string]string{"aliases.yaml": `- name: Najin
  kind: city
  aliases: [Rajin]
- name: shells
  kind: term
  category: shell
  aliases: [rounds]
`},
			want: []want{
				{"aliases.yaml:2: kind", `unknown kind "city"; one of country, place, person, designation, term, organisation`},
				{"aliases.yaml:6: category", `unknown category "shell"`},
			},
		},

		// ---- duplicates ----
		{
			name: "duplicate claim ids, in another file and in the same file",
			files: map[string]string{work: `- id: ua-intel-about-a-million-shells
  statement: A statement.
  claimant: Someone
  stance: denies
  appearances:
    - doc: testwire-2023-11-14-shells
      quote: Pyongyang has denied supplying any weapons.
` + base + base},
			want: []want{
				{work + ":1: id", `duplicate id "ua-intel-about-a-million-shells" (first at claims/shells.yaml:2)`},
				{work + ":15: id", `duplicate id "base-claim" (first at claims/work.yaml:8)`},
			},
		},
		{
			name: "alias names repeated across and within groups, ignoring case",
			files: map[string]string{"aliases.yaml": `- name: North Korea
  kind: country
  aliases: [DPRK, Pyongyang]
- name: Russia
  kind: country
  aliases:
    - Moscow
    - dprk
    - MOSCOW
- name: north  korea
  kind: place
  aliases: [N. Korea]
`},
			want: []want{
				{"aliases.yaml:8: aliases[1]", `"dprk" is already a name in group "North Korea" (line 3)`},
				{"aliases.yaml:9: aliases[2]", `"MOSCOW" is already a name in group "Russia" (line 7)`},
				{"aliases.yaml:10: name", `"north  korea" is already a name in group "North Korea" (line 1)`},
			},
		},

		// ---- references ----
		{
			name: "claim citing an unknown document",
			files: map[string]string{work: `- id: bad-claim
  statement: A statement.
  claimant: Someone
  stance: denies
  appearances:
    - doc: testwire-2023-11-14-shell
      quote: Pyongyang has denied supplying any weapons.
    - doc: no-such-document
      quote: Pyongyang has denied supplying any weapons.
`},
			want: []want{
				{work + ":6: appearances[0].doc", `unknown document "testwire-2023-11-14-shell" (did you mean "testwire-2023-11-14-shells"?)`},
				{work + ":8: appearances[1].doc", `unknown document "no-such-document"`},
			},
		},
		{
			name: "superseded_by: unknown, missing, on an active claim, itself",
			files: map[string]string{work: `- id: one
  statement: A statement.
  claimant: Someone
  stance: denies
  status: superseded
  superseded_by: no-such-claim
  appearances:
    - doc: testwire-2023-11-14-shells
      quote: Pyongyang has denied supplying any weapons.
- id: two
  statement: A statement.
  claimant: Someone
  stance: denies
  status: superseded
  appearances:
    - doc: testwire-2023-11-14-shells
      quote: Pyongyang has denied supplying any weapons.
- id: three
  statement: A statement.
  claimant: Someone
  stance: denies
  superseded_by: one
  appearances:
    - doc: testwire-2023-11-14-shells
      quote: Pyongyang has denied supplying any weapons.
- id: four
  statement: A statement.
  claimant: Someone
  stance: denies
  status: superseded
  superseded_by: four
  appearances:
    - doc: testwire-2023-11-14-shells
      quote: Pyongyang has denied supplying any weapons.
`},
			want: []want{
				{work + ":6: superseded_by", `unknown claim "no-such-claim"`},
				{work + ":10: superseded_by", "missing: status superseded needs the id of the claim that supersedes it"},
				{work + ":22: superseded_by", `set, but status is "active"`},
				{work + ":31: superseded_by", "a claim cannot supersede itself"},
			},
		},
		{
			name: "a valid supersession",
			files: map[string]string{work: `- id: old-denial
  statement: A statement.
  claimant: Someone
  stance: denies
  status: superseded
  superseded_by: north-korea-denies-supplying-weapons
  appearances:
    - doc: testwire-2023-11-14-shells
      quote: Pyongyang has denied supplying any weapons.
- id: retracted-denial
  statement: A statement.
  claimant: Someone
  stance: denies
  status: retracted
  appearances:
    - doc: testwire-2023-11-14-shells
      quote: Pyongyang has denied supplying any weapons.
`},
		},

		// ---- quantities ----
		{
			name: "quantity text not in any quote (no case folding)",
			files: map[string]string{work: `- id: bad-claim
  statement: A statement.
  claimant: Someone
  stance: estimates
  items:
    - category: artillery-shell
      quantity:
        text: more than a million
    - category: artillery-shell
      quantity:
        text: About a million
    - category: container
      quantity:
        text: "more  than
          1,000"
  appearances:
    - doc: testwire-2023-11-14-shells
      quote: sent about a million artillery shells
    - doc: testwire-2023-11-14-shells
      quote: more than 1,000 containers
`},
			want: []want{
				{work + ":8: items[0].quantity.text", `"more than a million" not found in any quote of this claim`},
				{work + ":11: items[1].quantity.text", `"About a million" not found in any quote of this claim`},
			},
		},
		{
			name: "value with min/max, min above max, negative numbers, range without min/max, not a number",
			files: map[string]string{work: `- id: bad-claim
  statement: A statement.
  claimant: Someone
  stance: estimates
  items:
    - category: artillery-shell
      quantity:
        text: about a million
        value: 1000000
        min: 900000
    - category: artillery-shell
      quantity:
        text: about a million
        min: 2000000
        max: 1000000
    - category: artillery-shell
      quantity:
        text: about a million
        value: -1
        qualifier: about
    - category: artillery-shell
      quantity:
        text: about a million
        min: 1000000
        qualifier: range
    - category: artillery-shell
      quantity:
        text: about a million
        value: a million
    - category: artillery-shell
      quantity:
        text: about a million
        value: .nan
  appearances:
    - doc: testwire-2023-11-14-shells
      quote: sent about a million artillery shells
`},
			want: []want{
				{work + ":9: items[0].quantity.value", "value together with min/max: give either value or min and/or max"},
				{work + ":14: items[1].quantity.min", "min 2000000 is greater than max 1000000"},
				{work + ":19: items[2].quantity.value", "negative number -1"},
				{work + ":25: items[3].quantity.qualifier", "qualifier range needs both min and max"},
				{work + ":29: items[4].quantity.value", `expected a number, got the text "a million"`},
				{work + ":33: items[5].quantity.value", `expected a finite number, got the number ".nan"`},
			},
		},

		// ---- quotes ----
		{
			name: "quote not verbatim: case, quote characters, words",
			files: map[string]string{work: `- id: bad-claim
  statement: A statement.
  claimant: Someone
  stance: estimates
  appearances:
    - doc: testwire-2023-11-14-shells
      quote: north Korea has sent about a million artillery shells
    - doc: testwire-2023-11-14-shells
      quote: “The shells are 152 mm and 122 mm rounds,” he said.
    - doc: testwire-2023-11-14-shells
      quote: The shells are 152 mm and 122mm rounds
    - doc: testwire-2024-01-missiles
      quote: Pyongyang has denied supplying any weapons.
`},
			want: []want{
				{work + ":7: appearances[0].quote", `not found verbatim in document "testwire-2023-11-14-shells": it begins "n" where the document has "N"`},
				{work + ":9: appearances[1].quote", `not found verbatim in document "testwire-2023-11-14-shells": it begins "“" where the document has "\""; after that it matches up to "… are 152 mm and 122 mm rounds,", then the quote has "” he said." where the document has "\" he said. Pyongyang…"`},
				{work + ":11: appearances[2].quote", `it matches up to "The shells are 152 mm and 122", then the quote has "mm rounds" where the document has " mm rounds,\" he said…"`},
				{work + ":13: appearances[3].quote", `not found verbatim in document "testwire-2024-01-missiles": not even its first words are in the body`},
			},
		},
		{
			name: "quote matching after whitespace normalisation only",
			files: map[string]string{work: "- id: spaced-quote\n  statement: S.\n  claimant: Someone\n  stance: denies\n  appearances:\n" +
				"    - doc: testwire-2023-11-14-shells\n      quote: \"  Pyongyang\\u00a0has\\tdenied\\n supplying   any weapons.  \"\n" +
				"    - doc: testwire-2023-11-14-shells\n      quote: |\n        \"The shells are 152 mm and 122 mm rounds,\" he said. Pyongyang has\n        denied\n"},
		},

		{
			name: "line numbers count newlines only, not the parser's other line breaks",
			files: map[string]string{work: "- id: bad-claim\n  statement: \"A\u2028statement\rwith\u0085breaks\"\n  claimant: Someone\n  stance: claims\n" +
				"  appearances:\n    - doc: testwire-2023-11-14-shells\n      quote: \"Pyongyang\u2029has\r\n denied supplying any weapons.\"\n  hedged: no\n"},
			want: []want{
				{work + ":4: stance", `unknown stance "claims"`},
				{work + ":9: hedged", `expected true or false, got the text "no"`},
			},
		},

		// ---- ids ----
		{
			name:  "ids that are not lowercase kebab-case",
			files: map[string]string{work: strings.Replace(base, "base-claim", "UA_Intel--1", 1), "documents/Test_Doc.md": "---\ntitle: T\n---\nText.\n"},
			want: []want{
				{work + ":1: id", `"UA_Intel--1" is not a lowercase kebab-case id`},
				{"documents/Test_Doc.md:1: id", `"Test_Doc" (the file name) is not a lowercase kebab-case id`},
			},
		},

		// ---- YAML syntax and shape ----
		{
			name: "YAML syntax errors in claims, front matter and aliases",
			files: map[string]string{
				work:                   "- id: a\n  statement: [unclosed\n- id: b\n",
				"claims/indent.yaml":   "- id: a\n  statement: x\n claimant: b\n",
				"claims/quote.yaml":    "- id: a\n  statement: \"unclosed\n  claimant: b\n",
				"documents/new-doc.md": "---\ntitle: T\nnotes: a: b\n---\nText.\n",
				"aliases.yaml":         "- name: x\n\tkind: term\n",
			},
			want: []want{
				{"aliases.yaml:2", "YAML syntax: found a tab character that violates indentation"},
				{"claims/indent.yaml:3", "YAML syntax: did not find expected '-' indicator"},
				{"claims/quote.yaml:2", "YAML syntax: found unexpected end of stream"},
				{work + ":2", "YAML syntax: did not find expected ',' or ']'"},
				{"documents/new-doc.md:3", "front matter: YAML syntax: mapping values are not allowed in this context"},
			},
		},
		{
			name: "wrong shapes: scalars, lists and mappings where others belong",
			files: map[string]string{work: `- id: bad-claim
  statement: [two, statements]
  claimant: Someone
  claimant_country: {name: Ukraine}
  stance: denies
  hedged: yes
  items: artillery-shell
  appearances:
    doc: testwire-2023-11-14-shells
    quote: Pyongyang has denied supplying any weapons.
- just a sentence
- - nested
`},
			want: []want{
				{work + ":2: statement", "expected a string, got a list"},
				{work + ":4: claimant_country", "expected a string or a list of strings, got a mapping"},
				{work + ":6: hedged", `expected true or false, got the text "yes"`},
				{work + ":7: items", `expected a list, got the text "artillery-shell"`},
				{work + ":9: appearances", "expected a list, got a mapping"},
				{work + ":11", `claim record 2: expected a mapping of fields (id, statement, claimant, …), got the text "just a sentence"`},
				{work + ":12", "claim record 3: expected a mapping of fields (id, statement, claimant, …), got a list"},
			},
		},
		{
			name:  "claims file that is a mapping, not a list",
			files: map[string]string{work: "id: a\nstatement: b\n"},
			want:  []want{{work + ":1", `expected a list of claim records (each starting with "- "), got a mapping`}},
		},
		{
			name: "YAML aliases and a second document",
			files: map[string]string{
				work:              base + "---\n- id: x\n",
				"claims/ref.yaml": strings.Replace(base, "claimant: North Korea", "claimant_role: &name x\n  claimant: *name", 1),
				"claims/rec.yaml": strings.Replace(base, "- id: base-claim", "- &rec\n  id: rec-claim", 1) + "- *rec\n",
			},
			want: []want{
				{"claims/rec.yaml:9", "claim record 2: YAML aliases (*rec) are not supported: write the record out"},
				{"claims/ref.yaml:4: claimant", "YAML aliases (*name) are not supported: write the value out"},
				{work + ":8", `a second YAML document starts here ("---"): a file holds one document`},
			},
		},
		{
			name: "document front matter problems and empty body",
			files: map[string]string{
				"documents/no-front-matter.md": "Title: x\n\nText.\n",
				"documents/unclosed.md":        "---\ntitle: T\nText.\n",
				"documents/list.md":            "---\n- title\n---\nText.\n",
				"documents/no-body.md":         "---\ntitle: T\n---\n\n  \n",
				"documents/bad-utf8.md":        "---\ntitle: T\n---\nText \xff.\n",
			},
			want: []want{
				{"documents/bad-utf8.md:4: body", "not valid UTF-8"},
				{"documents/list.md:2", "front matter: expected a mapping of fields (title, publisher, …), got a list"},
				{"documents/no-body.md:4: body", `empty: the article text goes after the closing "---"`},
				{"documents/no-front-matter.md:1", `the file must start with a line "---"`},
				{"documents/unclosed.md:1", `the front matter is not closed: no second line "---"`},
			},
		},

		// ---- files ----
		{
			name:   "no aliases.yaml: no alias groups",
			remove: []string{"aliases.yaml"},
		},
		{
			name:   "misnamed alias file and misnamed files",
			remove: []string{"aliases.yaml"},
			files: map[string]string{
				"aliases.yml":              "[]\n",
				"Aliases.yaml":             "[]\n",
				"claims/extra.yml":         base,
				"documents/extra.markdown": "---\ntitle: T\n---\nText.\n",
				"documents/notes.txt":      "ignored",
				"claims/.work.yaml.swp":    "ignored",
				"raw/new.html":             "<p>ignored</p>",
			},
			want: []want{
				{"Aliases.yaml", `not loaded: the alias file must be named "aliases.yaml"`},
				{"aliases.yml", `not loaded: the alias file must be named "aliases.yaml"`},
				{"claims/extra.yml", `not loaded: files here must end in ".yaml"`},
				{"documents/extra.markdown", `not loaded: files here must end in ".md"`},
			},
		},
		{
			name:  "empty claims file and empty alias list are fine",
			files: map[string]string{work: "# nothing yet\n", "aliases.yaml": "[]\n"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fixtureFS(t, "good")
			for _, p := range tc.remove {
				delete(fsys, p)
			}
			for p, content := range tc.files {
				fsys[p] = &fstest.MapFile{Data: []byte(content)}
			}
			c, err := Load(fsys)
			checkErrors(t, err, tc.want)
			if err != nil && c != nil {
				t.Error("Load returned a corpus along with errors")
			}
			// The same data read one document at a time gives the same
			// problems, and no document once one is known.
			s, serr := OpenStream(fsys)
			if serr != nil {
				t.Fatalf("OpenStream: %v", serr)
			}
			yielded := 0
			for range s.Documents() {
				yielded++
			}
			_, serr = s.Finish()
			if fmt.Sprint(serr) != fmt.Sprint(err) {
				t.Errorf("streamed:\n%v\nLoad:\n%v", serr, err)
			}
			if err != nil && yielded == s.DocumentCount() && s.DocumentCount() > 0 {
				t.Errorf("streamed: all %d documents handed out although the data has problems", yielded)
			}
		})
	}
}

func TestLoadReportsAllFilesSorted(t *testing.T) {
	fsys := fixtureFS(t, "good")
	fsys["claims/a.yaml"] = &fstest.MapFile{Data: []byte("- id: a\n  stance: claims\n")}
	fsys["claims/shells.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(string(fsys["claims/shells.yaml"].Data), "stance: estimates", "stance: estimate", 1))}
	fsys["documents/"+docMissiles+".md"] = &fstest.MapFile{Data: []byte("---\ntitle: M\npublished: 2024-1\n---\nat least 24 ballistic missiles made in North Korea. Fragments were identified as KN-23 and KN-24 missiles.\n")}
	fsys["aliases.yaml"] = &fstest.MapFile{Data: []byte("- name: x\n  kind: thing\n  aliases: [y]\n")}
	_, err := Load(fsys)
	checkErrors(t, err, []want{
		{"aliases.yaml:2: kind", `unknown kind "thing"`},
		{"claims/a.yaml:1: appearances", "missing"},
		{"claims/a.yaml:1: claimant", "missing"},
		{"claims/a.yaml:1: statement", "missing"},
		{"claims/a.yaml:2: stance", `unknown stance "claims"`},
		{"claims/shells.yaml:7: stance", `unknown stance "estimate" (did you mean "estimates"?)`},
		{"documents/" + docMissiles + ".md:3: published", `bad date: "2024-1"`},
	})
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != 7 || lines[0] != `aliases.yaml:2: kind: unknown kind "thing"; one of country, place, person, designation, term, organisation` {
		t.Errorf("Error() = %q", err.Error())
	}
}

func TestValidationErrorFormat(t *testing.T) {
	for _, tc := range []struct {
		e    ValidationError
		want string
	}{
		{ValidationError{"claims/kyiv.yaml", 12, "appearances[0].quote", `not found verbatim in document "x"`}, `claims/kyiv.yaml:12: appearances[0].quote: not found verbatim in document "x"`},
		{ValidationError{"claims/kyiv.yaml", 3, "", "claim record 2: expected a mapping"}, "claims/kyiv.yaml:3: claim record 2: expected a mapping"},
		{ValidationError{"aliases.yaml", 0, "", "missing"}, "aliases.yaml: missing"},
	} {
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
	var err error = ValidationErrors{{Path: "a", Line: 1, Message: "x"}}
	if !errors.Is(err, ErrInvalidData) || errors.Is(err, ErrNotFound) {
		t.Error("ValidationErrors must match ErrInvalidData and nothing else")
	}
}

func TestNormalizeSpace(t *testing.T) {
	for in, want := range map[string]string{
		"":                           "",
		"  \t\n ":                    "",
		"a  b":                       "a b",
		" a\u00a0\u2003b\r\nc ":      "a b c",
		"“Don’t” fold ‘quotes’ Case": "“Don’t” fold ‘quotes’ Case",
		"새로운\n\n  탄약":                "새로운 탄약",
	} {
		if got := NormalizeSpace(in); got != want {
			t.Errorf("NormalizeSpace(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsKebabID(t *testing.T) {
	for id, ok := range map[string]bool{
		"a": true, "kyiv-2023-11-14": true, "kn-23": true, "9": true,
		"": false, "A": false, "a_b": false, "a--b": false, "-a": false, "a-": false, "a b": false, "é": false,
	} {
		if IsKebabID(id) != ok {
			t.Errorf("IsKebabID(%q) = %v", id, !ok)
		}
	}
}

// TestLoadBundledData loads the data set embedded in the binary: it must
// always pass validation.
func TestLoadBundledData(t *testing.T) {
	c, err := Load(data.FS())
	if err != nil {
		t.Fatalf("bundled data does not validate:\n%v", err)
	}
	if len(c.Documents) < 5 || len(c.Claims) == 0 {
		t.Errorf("bundled data: %d documents, %d claims; want the five seeds and their claims", len(c.Documents), len(c.Claims))
	}
	for _, d := range c.Documents {
		if len(c.ClaimsCiting(d.ID)) == 0 {
			t.Logf("note: document %s is cited by no claim", d.ID)
		}
	}
}

func TestLoadDirFS(t *testing.T) {
	// The same data set through os.DirFS (a moderator's --data DIR).
	c, err := Load(os.DirFS(filepath.Join("testdata", "load", "good")))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Documents) != 2 || len(c.Claims) != 5 {
		t.Errorf("got %d documents, %d claims", len(c.Documents), len(c.Claims))
	}
}

func TestLoadReadError(t *testing.T) {
	// A file that cannot be read is an I/O error, not invalid data.
	fsys := fixtureFS(t, "good")
	_, err := Load(failingFS{fsys, "claims/shells.yaml"})
	if err == nil || errors.Is(err, ErrInvalidData) || !strings.Contains(err.Error(), "claims/shells.yaml") {
		t.Errorf("err = %v", err)
	}
}

// failingFS fails to open one file.
type failingFS struct {
	fs.FS
	bad string
}

func (f failingFS) Open(name string) (fs.File, error) {
	if name == f.bad {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return f.FS.Open(name)
}
