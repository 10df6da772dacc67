package armswatch

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

func TestDiff(t *testing.T) {
	oldFS := fixtureFS(t, "good")
	old, err := Load(oldFS)
	if err != nil {
		t.Fatal(err)
	}

	newFS := fixtureFS(t, "good")
	edit := func(name, from, to string) {
		t.Helper()
		s := string(newFS[name].Data)
		if !strings.Contains(s, from) {
			t.Fatalf("%s has no %q", name, from)
		}
		newFS[name] = &fstest.MapFile{Data: []byte(strings.Replace(s, from, to, 1))}
	}
	// A document's body changes; another document is added.
	edit("documents/"+docMissiles+".md", "KN-24 missiles.", "KN-24 missiles. More text.")
	newFS["documents/new-doc.md"] = &fstest.MapFile{Data: []byte("---\ntitle: New\n---\nA new article.\n")}
	// One claim's figure changes; one is removed; one is added; one moves
	// to another file unchanged; a comment changes nothing.
	edit("claims/shells.yaml", "value: 1000000", "value: 1000001")
	edit("claims/shells.yaml", "# Claims about artillery shells.", "# Claims about shells, edited.")
	missiles := string(newFS["claims/missiles.yaml"].Data)
	i := strings.Index(missiles, "- id: white-house-more-than-1000-containers")
	j := strings.Index(missiles, "- id: prosecutors-kn-23-kn-24-fragments")
	newFS["claims/missiles.yaml"] = &fstest.MapFile{Data: []byte(missiles[:i] + missiles[j:])}
	newFS["claims/containers.yaml"] = &fstest.MapFile{Data: []byte(missiles[i:j] + `- id: new-claim
  statement: A new claim.
  claimant: Someone
  stance: reports
  appearances:
    - doc: new-doc
      quote: A new article.
`)}
	edit("claims/missiles.yaml", "  stance: reports\n  hedged: false\n", "  stance: reports\n  hedged: true\n")
	edit("claims/shells.yaml", "- id: north-korea-denies-supplying-weapons", "- id: removed-then-readded-under-new-id")

	cur, err := Load(newFS)
	if err != nil {
		t.Fatal(err)
	}
	got := Diff(old, cur)
	want := ReindexReport{
		DocumentsAdded:   []string{"new-doc"},
		DocumentsChanged: []string{docMissiles},
		DocumentsRemoved: []string{},
		ClaimsAdded:      []string{"new-claim", "removed-then-readded-under-new-id"},
		ClaimsChanged:    []string{"prosecutors-at-least-24-missiles", "ua-intel-about-a-million-shells"},
		ClaimsRemoved:    []string{"north-korea-denies-supplying-weapons"},
		Documents:        3,
		Claims:           6,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Diff:\n got %+v\nwant %+v", got, want)
	}

	// The reverse direction: added becomes removed.
	back := Diff(cur, old)
	if !reflect.DeepEqual(back.DocumentsRemoved, []string{"new-doc"}) || !reflect.DeepEqual(back.ClaimsRemoved, want.ClaimsAdded) ||
		back.Documents != 2 || back.Claims != 5 {
		t.Errorf("reverse Diff = %+v", back)
	}

	// Nothing changed: all lists empty (and [] in JSON, not null).
	same := Diff(old, old)
	if n := len(same.DocumentsAdded) + len(same.DocumentsChanged) + len(same.DocumentsRemoved) +
		len(same.ClaimsAdded) + len(same.ClaimsChanged) + len(same.ClaimsRemoved); n != 0 {
		t.Errorf("Diff(old, old) = %+v", same)
	}
	b, _ := json.Marshal(same)
	if strings.Contains(string(b), "null") {
		t.Errorf("JSON has null lists: %s", b)
	}

	// From nothing: everything is added.
	first := Diff(nil, old)
	if len(first.DocumentsAdded) != 2 || len(first.ClaimsAdded) != 5 || first.Claims != 5 {
		t.Errorf("Diff(nil, old) = %+v", first)
	}
}

func TestSameClaimEveryField(t *testing.T) {
	// Changing any one field of a claim makes it "changed"; Path and Line
	// (where it sits) do not. Walk the fields by reflection so that a field
	// added to Claim later cannot be forgotten by sameClaim.
	one, two := 1.0, 2.0
	base := Claim{
		ID: "a", Statement: "s", Claimant: "c", ClaimantRole: "r", ClaimantCountry: StringList{"x"},
		Stance: StanceAsserts, SaidOn: MustDate("2023"), Supplier: "p", Recipient: "q",
		Items:       []Item{{Category: CategoryOther, Quantity: &Quantity{Text: "t", Value: &one}}},
		Appearances: []Appearance{{Doc: "d", Quote: "q"}}, Status: StatusActive, SupersededBy: "", Notes: "n",
		Path: "claims/a.yaml", Line: 1,
	}
	variants := map[string]func(c *Claim){
		"ID":              func(c *Claim) { c.ID = "b" },
		"Statement":       func(c *Claim) { c.Statement = "t" },
		"Claimant":        func(c *Claim) { c.Claimant = "d" },
		"ClaimantRole":    func(c *Claim) { c.ClaimantRole = "" },
		"ClaimantCountry": func(c *Claim) { c.ClaimantCountry = StringList{"x", "y"} },
		"Stance":          func(c *Claim) { c.Stance = StanceDenies },
		"Hedged":          func(c *Claim) { c.Hedged = true },
		"SaidOn":          func(c *Claim) { c.SaidOn = MustDate("2023-01") },
		"Supplier":        func(c *Claim) { c.Supplier = "" },
		"Recipient":       func(c *Claim) { c.Recipient = "" },
		"Items": func(c *Claim) {
			c.Items = []Item{{Category: CategoryOther, Quantity: &Quantity{Text: "t", Value: &two}}}
		},
		"Appearances":  func(c *Claim) { c.Appearances = []Appearance{{Doc: "d", Quote: "q2"}} },
		"Status":       func(c *Claim) { c.Status = StatusRetracted },
		"SupersededBy": func(c *Claim) { c.SupersededBy = "z" },
		"Notes":        func(c *Claim) { c.Notes = "" },
		"ReviewedBy":   func(c *Claim) { c.ReviewedBy = "ana" },
		"ReviewedOn":   func(c *Claim) { c.ReviewedOn = MustDate("2024-02-01") },
		"Retraction":   func(c *Claim) { c.Retraction = &Retraction{Reason: "r", By: "ana"} },
	}
	ct := reflect.TypeOf(Claim{})
	for i := 0; i < ct.NumField(); i++ {
		name := ct.Field(i).Name
		if name == "Path" || name == "Line" {
			continue
		}
		change, ok := variants[name]
		if !ok {
			t.Errorf("no variant for Claim.%s: add it here and to sameClaim", name)
			continue
		}
		c := base
		change(&c)
		if sameClaim(base, c) {
			t.Errorf("changing %s is not a change", name)
		}
	}
	moved := base
	moved.Path, moved.Line = "claims/b.yaml", 40
	moved.Items = []Item{{Category: CategoryOther, Quantity: &Quantity{Text: "t", Value: &one}}}
	if !sameClaim(base, moved) {
		t.Error("a moved claim (new Path, Line, equal values behind new pointers) counts as changed")
	}
	empty, null := base, base
	empty.ClaimantCountry, null.ClaimantCountry = StringList{}, nil
	if !sameClaim(empty, null) {
		t.Error("empty and nil lists differ")
	}
}
