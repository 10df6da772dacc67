package bot

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/propose"
	"github.com/bwmarrin/discordgo"
)

var testReviewKey = []byte("0123456789abcdef0123456789abcdef")

// TestReviewIDSigned: every action's id at the largest index fits in 100
// characters and parses back; changing any part, the key or the guild
// makes it refused.
func TestReviewIDSigned(t *testing.T) {
	t.Parallel()
	for _, a := range []reviewAction{reviewAccept, reviewReject, reviewEdit, reviewPrev, reviewNext, reviewPublish, reviewSubmit} {
		ref := reviewRef{Action: a, Doc: reviewDocHash(strings.Repeat("long-document-id-", 30)), Index: maxReviewIndex, Rev: "0123abcd"}
		id := ref.sign(testReviewKey, FixtureGuildID)
		if len(id) > LimitCustomID {
			t.Errorf("%s: %d characters", a, len(id))
		}
		got, ok := parseReviewID(id, testReviewKey, FixtureGuildID)
		if !ok || got != ref {
			t.Fatalf("%s: %q parsed as %+v, %v", a, id, got, ok)
		}
		for k := range len(id) {
			if id[k] == ':' {
				continue
			}
			b := []byte(id)
			b[k] = map[bool]byte{true: '1', false: '0'}[b[k] == '0']
			if _, ok := parseReviewID(string(b), testReviewKey, FixtureGuildID); ok {
				t.Errorf("%s: %q with character %d changed is accepted", a, b, k)
			}
		}
		if _, ok := parseReviewID(id, testReviewKey, FixtureOtherGuildID); ok {
			t.Errorf("%s: accepted in another guild", a)
		}
		if _, ok := parseReviewID(id, []byte("another key, another key, anothe"), FixtureGuildID); ok {
			t.Errorf("%s: accepted under another key", a)
		}
		if _, ok := parseReviewID(id[:strings.LastIndex(id, ":")], testReviewKey, FixtureGuildID); ok {
			t.Errorf("%s: accepted unsigned", a)
		}
	}
}

// hugeStaged is a proposal whose every text is far over Discord's limits.
func hugeStaged() *propose.Staged {
	long := strings.Repeat("Ünïcode *markdown* text ", 400)
	c := armswatch.Claim{ID: strings.Repeat("x", 300), Statement: long, Claimant: long, Stance: armswatch.StanceAsserts,
		Items:       []armswatch.Item{{Category: armswatch.CategoryArtilleryShell, Quantity: &armswatch.Quantity{Text: long, Measure: armswatch.MeasureDelivered}}},
		Appearances: []armswatch.Appearance{{Doc: "d", Quote: long}, {Doc: "d", Quote: long}}}
	st := &propose.Staged{ID: strings.Repeat("doc-", 50) + "x", Source: long, Doc: armswatch.Document{Title: long, Publisher: long}}
	for k := range 30 {
		st.Records = append(st.Records, propose.Record{
			CandidateState: propose.CandidateState{ID: c.ID + string(rune('a'+k)), State: propose.Pending, Why: []string{long, long, long}, By: long, At: time.Now()},
			Claim:          c,
		})
	}
	return st
}

// TestReviewWithinLimits: a page and the Edit modal of a record whose
// texts are all far too long fit Discord's limits (CheckResponse), the
// modal has five rows and each value at most 4000 runes, cut on a rune.
func TestReviewWithinLimits(t *testing.T) {
	t.Parallel()
	st := hugeStaged()
	for _, index := range []int{0, 14, 29} {
		v := reviewPage(st, index, testReviewKey, FixtureGuildID, strings.Repeat("notice ", 500))
		r := v.update()
		fitData(r.Data)
		if err := CheckResponse(r); err != nil {
			t.Errorf("page %d: %v", index, err)
		}
		if err := CheckEdit(v.edit()); err != nil {
			t.Errorf("page %d as an edit: %v", index, err)
		}
	}
	b, err := New(FixtureConfig(), NewFixtureEngine())
	if err != nil {
		t.Fatal(err)
	}
	resp, err := b.reviewModal(st, reviewRef{Action: reviewEdit, Doc: reviewDocHash(st.ID), Index: 3, Rev: reviewRev(st)}, testReviewKey, FixtureGuildID)
	if err != nil {
		t.Fatal(err)
	}
	fitData(resp.Initial.Data)
	if err := CheckResponse(resp.Initial); err != nil {
		t.Fatal(err)
	}
	if n := len(resp.Initial.Data.Components); n != 5 {
		t.Fatalf("%d rows", n)
	}
	for _, row := range resp.Initial.Data.Components {
		in := row.(discordgo.ActionsRow).Components[0].(discordgo.TextInput)
		if utf8.RuneCountInString(in.Value) > LimitTextInputValue || !utf8.ValidString(in.Value) {
			t.Errorf("input %s: %d runes", in.CustomID, utf8.RuneCountInString(in.Value))
		}
	}
}

// TestEditRecord: the modal's fields land in the record YAML; an empty
// said_on or measure removes the key; a figure for a record without one is
// refused.
func TestEditRecord(t *testing.T) {
	t.Parallel()
	orig := []byte(`- id: r
  statement: old
  claimant: Old Name
  said_on: "2024-01"
  items:
    - category: artillery-shell
      quantity:
        text: more than 5
        measure: shipped
  appearances:
    - doc: d
      quote: more than 5 shells
`)
	got, err := editRecord(orig, map[string]string{inStatement: "new", inClaimant: " New Name ", inFigure: "5", inMeasure: "", inSaidOn: ""})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"statement: new", "claimant: New Name", "text: \"5\"", "quote: more than 5 shells"} {
		if !strings.Contains(string(got), want) {
			t.Errorf("lacks %q:\n%s", want, got)
		}
	}
	for _, gone := range []string{"said_on", "measure"} {
		if strings.Contains(string(got), gone) {
			t.Errorf("still has %s:\n%s", gone, got)
		}
	}
	noFigure := []byte("- id: r\n  statement: s\n  claimant: c\n")
	if _, err := editRecord(noFigure, map[string]string{inStatement: "s", inClaimant: "c", inFigure: "5"}); err == nil || !strings.Contains(err.Error(), "no figure") {
		t.Errorf("a figure for a record without one: %v", err)
	}
	if _, err := editRecord([]byte("not: [a list"), nil); err == nil {
		t.Error("a broken record was edited")
	}
}

// TestReviewRevOfRestagedProposal: a proposal removed and staged again
// under the same document id (every candidate pending again) has another
// rev, so a page drawn for the first one cannot change the second.
func TestReviewRevOfRestagedProposal(t *testing.T) {
	t.Parallel()
	recs := []propose.Record{{CandidateState: propose.CandidateState{ID: "fx-1", State: propose.Pending}}}
	first := &propose.Staged{ID: "doc", ProposedAt: time.Date(2024, 2, 1, 12, 0, 0, 0, time.UTC), Records: recs}
	again := &propose.Staged{ID: "doc", ProposedAt: first.ProposedAt.Add(time.Hour), Records: recs}
	if reviewRev(first) == reviewRev(again) {
		t.Errorf("the same rev %s for two stagings of document doc", reviewRev(first))
	}
}

// TestEditRecordFigure: a figure text changed in the modal gets the
// numbers and qualifier it says (none of the old figure's are kept), an
// unchanged one keeps the record's, and a text that is not one figure is
// refused with the way to edit it.
func TestEditRecordFigure(t *testing.T) {
	t.Parallel()
	orig := []byte(`- id: r
  statement: s
  claimant: c
  items:
    - category: artillery-shell
      quantity:
        text: up to 2 million
        max: 2000000
        qualifier: up-to
        measure: capacity
  appearances:
    - doc: d
      quote: could hold up to 2 million shells, more than 5,000 of them
`)
	for _, tc := range []struct {
		figure    string
		want      armswatch.Quantity
		wantError string
	}{
		{figure: "up to 2 million", want: armswatch.Quantity{Text: "up to 2 million", Max: ptr(2e6), Qualifier: armswatch.QualifierUpTo, Measure: armswatch.MeasureCapacity}},
		{figure: "2 million", want: armswatch.Quantity{Text: "2 million", Value: ptr(2e6), Qualifier: armswatch.QualifierExact, Measure: armswatch.MeasureCapacity}},
		{figure: "more than 5,000", want: armswatch.Quantity{Text: "more than 5,000", Value: ptr(5000.0), Qualifier: armswatch.QualifierMoreThan, Measure: armswatch.MeasureCapacity}},
		{figure: "shells galore", wantError: "not one figure"},
	} {
		t.Run(tc.figure, func(t *testing.T) {
			t.Parallel()
			got, err := editRecord(orig, map[string]string{inStatement: "s", inClaimant: "c", inFigure: tc.figure, inMeasure: "capacity"})
			if tc.wantError != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantError) || !strings.Contains(err.Error(), "armswatch review") {
					t.Fatalf("err %v, want one saying %q and armswatch review", err, tc.wantError)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var recs []armswatch.Claim
			if err := yaml.Unmarshal(got, &recs); err != nil || len(recs) != 1 || len(recs[0].Items) != 1 || recs[0].Items[0].Quantity == nil {
				t.Fatalf("%v:\n%s", err, got)
			}
			if q := *recs[0].Items[0].Quantity; !reflect.DeepEqual(q, tc.want) {
				t.Errorf("quantity %s, want %s:\n%s", show(q), show(tc.want), got)
			}
		})
	}
}

func show(q armswatch.Quantity) string {
	n := func(p *float64) string {
		if p == nil {
			return "-"
		}
		return strconv.FormatFloat(*p, 'f', -1, 64)
	}
	return fmt.Sprintf("{%q value %s min %s max %s %s %s}", q.Text, n(q.Value), n(q.Min), n(q.Max), q.Qualifier, q.Measure)
}
