package index

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/armswatch/armswatch"
)

// TestReadDirection reads the transfer a question asks about from its verbs
// and prepositions (the evaluation data's aliases: Pyongyang and "North
// Korean" are North Korea, Moscow and the Kremlin Russia).
func TestReadDirection(t *testing.T) {
	t.Parallel()
	ix := openData(t, os.DirFS("testdata/eval/data"), t.TempDir())
	group := func(name string) int {
		for _, g := range ix.st.aliases.groupsNamed(name) {
			if ix.st.aliases.groups[g].Kind == armswatch.AliasCountry {
				return g
			}
		}
		t.Fatalf("no country group names %q", name)
		return -1
	}
	nk, ru := group("North Korea"), group("Russia")
	for _, tc := range []struct {
		q        string
		from, to int
	}{
		{"did north korea send tanks to russia", nk, ru},
		{"what does north korea get in return", -1, nk},
		{"what is russia giving north korea in exchange for the shells", ru, nk},
		{"how does russia pay north korea", ru, nk},
		{"does moscow deny getting weapons from pyongyang", nk, ru},
		{"is north korea paid in cash", -1, nk}, // passive: the subject receives
		{"was north korea paid by moscow", ru, nk},
		{"is russia sending food to pyongyang", ru, nk},
		{"is russia helping north korea make drones", ru, nk},
		{"shells from north korea", nk, -1},
		{"has north korea been sending shells", nk, -1},
		// No direction: no verb of transfer or preposition, or two
		// countries joined by "and" or "or" (both in one role).
		{"north korea russia", -1, -1},
		{"how many north korean soldiers are in russia", nk, -1}, // the soldiers' origin
		{"were north korean troops sent to russia", nk, ru},
		{"russian oil to north korea", ru, nk},
		{"did russia give north korea shells", ru, nk},
		// Passive only where a form of "be" is the verb's nearest auxiliary.
		{"what has russia been sent", -1, ru},
		{"what has north korea been given in return", -1, nk},
		{"is it known what russia has given north korea in return", ru, nk},
		{"is it true russia has given north korea technology", ru, nk},
		// "to" after a word that makes it no side of a transfer.
		{"what did russia go to north korea for", -1, -1},
		{"how close to russia is north korea", -1, -1},
		{"according to ukraine did north korea send missiles", nk, -1},
		{"russia turned to north korea for ammunition", -1, -1},
		{"when did the kremlin deny it", -1, -1},
		{"did north korea and russia send shells to each other", -1, -1},
		{"did russia or north korea get drones", -1, -1},
		{"shells sent from pyongyang to moscow", nk, ru},
	} {
		p := understand(ix.st, tc.q)
		if got := p.dir; got != (direction{tc.from, tc.to}) {
			t.Errorf("%q: direction %+v, want %+v (north korea %d, russia %d)", tc.q, got, direction{tc.from, tc.to}, nk, ru)
		}
	}
}

// TestExchangeAnswers: a paraphrase of exchange with a direction finds the
// transfers that way though they share no word with the question, says
// the intent, keeps a claim that says "in return" first, and never shows
// the items paid for as the answer; without a direction it is a phrase
// like any other.
func TestExchangeAnswers(t *testing.T) {
	t.Parallel()
	data := os.DirFS("testdata/eval/data")
	corpus, err := armswatch.Load(data)
	if err != nil {
		t.Fatal(err)
	}
	ix := openData(t, data, t.TempDir())
	a := ask(t, ix, "what does north korea get in return")
	if a.Intent != armswatch.IntentExchange {
		t.Errorf("intent %q, want exchange", a.Intent)
	}
	ids := claimIDs(a)
	if !slices.Contains(ids, "nis-more-than-1-million-barrels-oil") {
		t.Errorf("the oil claim (no word of the question) is not shown: %v", ids)
	}
	first, _ := corpus.Claim(ids[0])
	if !mentionsExchange(first) {
		t.Errorf("first claim %s does not say it is given in return", ids[0])
	}
	for _, id := range ids {
		c, _ := corpus.Claim(id)
		if c.Recipient != "North Korea" && !mentionsExchange(c) {
			t.Errorf("%s: neither to North Korea nor in return", id)
		}
	}
	for i := 1; i < len(a.Claims); i++ {
		if a.Claims[i-1].Stance == armswatch.StanceDenies && a.Claims[i].Stance != armswatch.StanceDenies {
			t.Errorf("denial %s before %s", a.Claims[i-1].ID, a.Claims[i].ID)
		}
	}
	b := ask(t, ix, "what is russia giving north korea in exchange for the shells")
	for _, c := range b.Claims {
		if c.Recipient != "North Korea" && !mentionsExchange(c.Claim) {
			t.Errorf("in exchange for the shells: %s is not a transfer to North Korea", c.ID)
		}
	}
	if a := ask(t, ix, "in return"); a.Intent == armswatch.IntentExchange {
		t.Errorf("no direction named, intent %q", a.Intent)
	}
}

func mentionsExchange(c armswatch.Claim) bool {
	for _, ap := range c.Appearances {
		for _, w := range []string{"in return", "in exchange"} {
			if strings.Contains(strings.ToLower(ap.Quote), w) {
				return true
			}
		}
	}
	return false
}
