package extract

import (
	"strings"
	"testing"

	"github.com/armswatch/armswatch"
)

// TestStatementContent checks the words a figureless statement takes from
// its sentence: the content, never the attribution phrase alone, and never
// a photo or agency credit (which the quote keeps, verbatim). The
// candidate checked is the one with the stance given whose quote holds in.
func TestStatementContent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		body   string
		in     string
		stance armswatch.Stance
		want   string // the statement, exactly
		why    string // a reason the candidate must give
	}{
		{name: "a nested attribution: said that he feared",
			body: "U.S. Secretary of Defense Lloyd Austin visited Seoul.\n\nAustin said that he feared Russia's military cooperation with North Korea has increased, with North Korea providing Russia with artillery shells.",
			in:   "he feared", stance: armswatch.StanceWarns,
			want: "Lloyd Austin warns: Russia's military cooperation with North Korea has increased, with North Korea providing Russia with artillery shells"},
		{name: "a fictional nested attribution",
			body: "Defense Minister Kang Tae-jun said that she warned the embassy about the arms trade between the two countries.",
			in:   "she warned", stance: armswatch.StanceWarns,
			want: "Kang Tae-jun warns: the embassy about the arms trade between the two countries"},
		{name: "the passive: confirmed by X",
			body: "Reports emerged that Kharkiv was struck by North Korean missiles, later confirmed by the prosecutor's office with additional details.",
			in:   "Kharkiv", stance: armswatch.StanceConfirms,
			want: "prosecutor's office confirms: Reports emerged that Kharkiv was struck by North Korean missiles"},
		{name: "a photo caption's credit",
			body: "Ambassador Hwang Joon-kook of South Korea to the UN speaks out against the use of North Korean ballistic missiles at a UN Security Council meeting. ⓒNewsis",
			in:   "Hwang", stance: armswatch.StanceCondemns,
			want: "Hwang Joon-kook condemns: the use of North Korean ballistic missiles at a UN Security Council meeting",
			why:  `stance condemns from "speaks out against"`},
		{name: "an agency credit after a slash",
			body: "Defense Minister Kang Tae-jun denied on Monday that his country had an arms deal with North Korea. / Yonhap",
			in:   "Kang", stance: armswatch.StanceDenies,
			want: "Kang Tae-jun denies: his country had an arms deal with North Korea"},
		{name: "a trailing messenger is not content",
			body: "The foreign ministry of Russia denied the arms deal with North Korea, the agency said.",
			in:   "foreign ministry", stance: armswatch.StanceDenies,
			want: "foreign ministry of Russia denies: the arms deal with North Korea"},
		{name: "a photo credit",
			body: "Defense Minister Kang Tae-jun condemned the missile trade between Russia and North Korea. Photo: Lee Min-ji",
			in:   "Kang", stance: armswatch.StanceCondemns,
			want: "Kang Tae-jun condemns: the missile trade between Russia and North Korea"},
		{name: "a trailing attribution keeps the words before it",
			body: "Russia and North Korea signed a widely condemned arms deal in October, which Russia has denied.",
			in:   "October", stance: armswatch.StanceDenies,
			want: "Russia denies: Russia and North Korea signed a widely condemned arms deal in October"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			doc := armswatch.Document{ID: "example-doc", Publisher: "Example Wire", Body: tc.body}
			var got *Candidate
			cands := Extract(doc, aliasesForTests)
			for i, c := range cands {
				if c.Claim.Stance == tc.stance && strings.Contains(c.Claim.Appearances[0].Quote, tc.in) {
					got = &cands[i]
				}
			}
			if got == nil {
				t.Fatalf("no %s candidate quoting %q in %+v", tc.stance, tc.in, cands)
			}
			if got.Claim.Statement != tc.want {
				t.Errorf("statement = %q, want %q", got.Claim.Statement, tc.want)
			}
			if !strings.Contains(tc.body, got.Claim.Appearances[0].Quote) {
				t.Errorf("quote %q is not verbatim", got.Claim.Appearances[0].Quote)
			}
			if tc.why != "" && !strings.Contains(strings.Join(got.Why, "\n"), tc.why) {
				t.Errorf("why = %q, want %q", got.Why, tc.why)
			}
			checkInvariants(t, doc, cands)
		})
	}
}

// TestStripCredits checks each credit form, and text that only looks like
// one.
func TestStripCredits(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"on the 10th (local time). ⓒNewsis", "on the 10th (local time)"},
		{"shells from the U.S. ⓒNewsis", "shells from the U.S."},
		{"the launch site © Reuters", "the launch site"},
		{"the launch site (c) AFP/Getty Images", "the launch site"},
		{"the launch site ⓒ Yonhap News Agency", "the launch site"},
		{"the missile trade. Photo: Lee Min-ji", "the missile trade"},
		{"the missile trade. Photo by Kim Jae-won", "the missile trade"},
		{"the missile trade (Photo courtesy of Ministry of Defense)", "the missile trade"},
		{"the arms deal / Yonhap", "the arms deal"},
		// Not credits.
		{"the U.S./South Korea drills", "the U.S./South Korea drills"},
		{"1,000 containers (c. 2023)", "1,000 containers (c. 2023)"},
		{"the photographs of launchers", "the photographs of launchers"},
		{"North Korea and Russia", "North Korea and Russia"},
	}
	for _, tc := range tests {
		if got := stripCredits(tc.in); got != tc.want {
			t.Errorf("stripCredits(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestOneRecordPerAssertion checks that an assertion reported twice is one
// record, whatever the order of its parties, and that different ones stay
// apart.
func TestOneRecordPerAssertion(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		body        string
		records     int
		appearances []int // per record, in order
	}{
		{name: "a denial by the same parties in another order",
			body: "North Korea and Russia strongly deny the facts of the weapons trade.\n\n" +
				"However, in the Security Council meeting, Russia and North Korea repeatedly denied the existence of the weapons trade.",
			records: 1, appearances: []int{2}},
		{name: "denials of different things",
			body: "North Korea and Russia denied the arms deal.\n\n" +
				"Russia and North Korea denied that their joint military drills broke any rules.",
			records: 2, appearances: []int{1, 1}},
		{name: "denials by different parties",
			body: "North Korea and Russia deny the facts of the weapons trade.\n\n" +
				"Russia and Belarus deny the facts of the weapons trade.",
			records: 2, appearances: []int{1, 1}},
		{name: "a denial and a condemnation",
			body: "Russia denied the weapons trade with North Korea.\n\n" +
				"Russia condemned the weapons trade with North Korea.",
			records: 2, appearances: []int{1, 1}},
		{name: "a claimant's attribution inside their own: said that he feared",
			body:    "U.S. Defense Secretary Lloyd Austin said that he feared North Korea provides Russia with artillery shells.",
			records: 1, appearances: []int{1}},
		{name: "the same claimant saying two things in one sentence",
			body:    "Defense Minister Kang Tae-jun said North Korea sent 300 missiles to Russia, and Kang warned that more shipments of shells would follow.",
			records: 2, appearances: []int{1, 1}},
		{name: "the same stance twice in one sentence",
			body:    "Russia and North Korea denied the arms deal, and North Korea and Russia rejected the weapons trade.",
			records: 1, appearances: []int{1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			doc := armswatch.Document{ID: "example-doc", Publisher: "Example Wire", Body: tc.body}
			cands := Extract(doc, aliasesForTests)
			if len(cands) != tc.records {
				t.Fatalf("got %d records, want %d: %+v", len(cands), tc.records, cands)
			}
			for i, c := range cands {
				if n := len(c.Claim.Appearances); n != tc.appearances[i] {
					t.Errorf("record %d (%s): %d appearances, want %d", i, c.Claim.Statement, n, tc.appearances[i])
				}
			}
			checkInvariants(t, doc, cands)
		})
	}
}

func TestClaimantsKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		same bool
	}{
		{"North Korea and Russia", "Russia and North Korea", true},
		{"United States, South Korea and Japan", "Japan, United States, and South Korea", true},
		{"Russia", "russia", true},
		{"North Korea and Russia", "Russia", false},
		{"Russia and Belarus", "Russia and North Korea", false},
	}
	for _, tc := range tests {
		if got := claimantsKey(tc.a) == claimantsKey(tc.b); got != tc.same {
			t.Errorf("claimantsKey(%q) == claimantsKey(%q): %v, want %v", tc.a, tc.b, got, tc.same)
		}
	}
}

// TestPluralClaimants checks the verb agrees with the claimant.
func TestPluralClaimants(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		plural bool
	}{
		{"North Korea and Russia", true},
		{"South Korean military officials", true},
		{"Defense Ministers", true},
		{"Officials", true},
		{"United States", false},
		{"Reuters", false},
		{"Lloyd Austin", false},
		{"Joint Chiefs of Staff", false},
	}
	for _, tc := range tests {
		if got := plural(tc.name); got != tc.plural {
			t.Errorf("plural(%q) = %v, want %v", tc.name, got, tc.plural)
		}
	}
}

// TestDirectionAndRoleCountry checks supplier, recipient and the
// claimant's country where a sentence names countries it does not say
// send or receive anything.
func TestDirectionAndRoleCountry(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body, in      string
		supplier, recipient string
		country             []string
	}{
		{name: "a country after a preposition is no supplier",
			body: "The United States, South Korea, and Japan have collectively condemned North Korea’s military cooperation with Russia, particularly the supply of weapons being used in Russia’s war against Ukraine.",
			in:   "collectively", country: []string{"United States", "South Korea", "Japan"}},
		{name: "a possessive after a preposition is the supplier",
			body: "Jong-Park, the top US official for North Korean affairs, emphasized the need for coordinated action in response to North Korea's transfer of short-range ballistic missiles to Russia.",
			in:   "Jong-Park", supplier: "North Korea", recipient: "Russia", country: []string{"United States"}},
		{name: "a trade goes both ways",
			body: "North Korea and Russia strongly deny the facts of the weapons trade.",
			in:   "deny", country: []string{"North Korea", "Russia"}},
		{name: "a noun of transfer by X",
			body: "Defense Minister Kang Tae-jun confirmed several cases of weapons provision by North Korea to Russia.",
			in:   "Kang", supplier: "North Korea", recipient: "Russia"},
		{name: "a verb still gives the direction",
			body: "Defense Minister Kang Tae-jun said North Korea sent 300 missiles to Russia.",
			in:   "Kang", supplier: "North Korea", recipient: "Russia"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			doc := armswatch.Document{ID: "example-doc", Publisher: "Example Wire", Body: tc.body}
			cands := Extract(doc, aliasesForTests)
			if len(cands) == 0 {
				t.Fatalf("no candidate")
			}
			c := cands[0].Claim
			if !strings.Contains(c.Appearances[0].Quote, tc.in) {
				t.Fatalf("candidate quotes %q, want %q", c.Appearances[0].Quote, tc.in)
			}
			if c.Supplier != tc.supplier || c.Recipient != tc.recipient {
				t.Errorf("supplier, recipient = %q, %q, want %q, %q", c.Supplier, c.Recipient, tc.supplier, tc.recipient)
			}
			if tc.country != nil && strings.Join(c.ClaimantCountry, ",") != strings.Join(tc.country, ",") {
				t.Errorf("country of %q (%q) = %q, want %q", c.Claimant, c.ClaimantRole, c.ClaimantCountry, tc.country)
			}
		})
	}
}

// TestRoleCountries checks that the country a role is about or posted to
// is not the claimant's.
func TestRoleCountries(t *testing.T) {
	t.Parallel()
	x := &extractor{lx: newLexicon(aliasesForTests)}
	tests := []struct {
		text string
		want string
	}{
		{"top US official for North Korean affairs Jong-Park", "United States"},
		{"U.S. ambassador to Russia Lynne Tracy", "United States"},
		{"Ambassador of South Korea to the UN Hwang Joon-kook", "South Korea"},
		{"special envoy for North Korea Kim Min-ho", ""},
		{"officials in Seoul", "South Korea"},
		{"North Korea and Russia", "North Korea,Russia"},
		{"Ukraine's Prosecutor General Andrii Kostin", "Ukraine"},
	}
	for _, tc := range tests {
		if got := strings.Join(x.countriesOf(tc.text), ","); got != tc.want {
			t.Errorf("countriesOf(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

// TestQuotationContinues: a sentence that is only a quotation, with no
// attribution of its own, is in the words of the claimant quoted before it
// in its paragraph; with nobody quoted before, it stays the outlet's.
func TestQuotationContinues(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, body, in, claimant string }{
		{"after an attributed quotation",
			"“Such weapons deliveries will increase the toll,” Defense Minister Kang Tae-jun said. “We will expose Russia’s attempts to acquire military equipment from the DPRK.”",
			"We will expose", "Kang Tae-jun"},
		{"in a paragraph of its own",
			"Defense Minister Kang Tae-jun spoke on Monday.\n\n“We will expose Russia’s attempts to acquire military equipment from the DPRK.”",
			"We will expose", "Example Wire"},
		{"not only a quotation",
			"“Such weapons deliveries will increase the toll,” Defense Minister Kang Tae-jun said. Russia’s attempts to acquire “military equipment” from the DPRK continue.",
			"attempts", "Example Wire"},
	}
	for _, tc := range tests {
		doc := armswatch.Document{ID: "example-doc", Publisher: "Example Wire", Body: tc.body}
		got := ""
		for _, c := range Extract(doc, aliasesForTests) {
			if strings.Contains(c.Claim.Appearances[0].Quote, tc.in) {
				got = c.Claim.Claimant
			}
		}
		if got != tc.claimant {
			t.Errorf("%s: claimant of %q = %q, want %q", tc.name, tc.in, got, tc.claimant)
		}
	}
}

// TestHonorificIsNoRole: "Mr. Sullivan" names the person met before, and
// "Mr." is no role.
func TestHonorificIsNoRole(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, body, in, role string }{
		{"named before with a title",
			"U.S. national security adviser Jake Sullivan cautioned North Korea about arms trades with Russia.\n\n“Providing weapons to Russia will cost North Korea,” Mr. Sullivan said.",
			"Providing", "U.S. national security adviser"},
		{"only the honorific",
			"“Providing weapons to Russia will cost North Korea,” Ms. Hana Cho said.",
			"Providing", ""},
	}
	for _, tc := range tests {
		doc := armswatch.Document{ID: "example-doc", Publisher: "Example Wire", Body: tc.body}
		found := false
		for _, c := range Extract(doc, aliasesForTests) {
			if !strings.Contains(c.Claim.Appearances[0].Quote, tc.in) {
				continue
			}
			found = true
			if c.Claim.ClaimantRole != tc.role {
				t.Errorf("%s: role of %q = %q, want %q", tc.name, c.Claim.Claimant, c.Claim.ClaimantRole, tc.role)
			}
		}
		if !found {
			t.Errorf("%s: no candidate quotes %q", tc.name, tc.in)
		}
	}
}
