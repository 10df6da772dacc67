package extract

import (
	"testing"

	"github.com/armswatch/armswatch"
)

func f(v float64) *float64 { return &v }

func TestParseFigure(t *testing.T) {
	type want struct {
		value    *float64
		min, max *float64
		q        armswatch.Qualifier
		vague    bool
		share    bool
	}
	tests := []struct {
		in   string
		want want
	}{
		{"more than 1 million", want{value: f(1e6), q: armswatch.QualifierMoreThan}},
		{"6,700", want{value: f(6700), q: armswatch.QualifierExact}},
		{"500,000", want{value: f(500000), q: armswatch.QualifierExact}},
		{"about a million", want{value: f(1e6), q: armswatch.QualifierAbout}},
		{"at least 24", want{value: f(24), q: armswatch.QualifierAtLeast}},
		{"hundreds of thousands", want{q: armswatch.QualifierUnspecified, vague: true}},
		{"hundreds of thousands of", want{q: armswatch.QualifierUnspecified, vague: true}},
		{"dozens", want{q: armswatch.QualifierUnspecified, vague: true}},
		{"dozens of", want{q: armswatch.QualifierUnspecified, vague: true}},
		{"several", want{q: armswatch.QualifierUnspecified, vague: true}},
		{"a substantial amount of", want{q: armswatch.QualifierUnspecified, vague: true}},
		{"1.5M", want{value: f(1.5e6), q: armswatch.QualifierExact}},
		{"about 1.5M", want{value: f(1.5e6), q: armswatch.QualifierAbout}},
		{"1M", want{value: f(1e6), q: armswatch.QualifierExact}},
		{"2bn", want{value: f(2e9), q: armswatch.QualifierExact}},
		{"one and a half million", want{value: f(1.5e6), q: armswatch.QualifierExact}},
		{"half a million", want{value: f(5e5), q: armswatch.QualifierExact}},
		{"5.2 million", want{value: f(5.2e6), q: armswatch.QualifierExact}},
		{"15-hundred", want{value: f(1500), q: armswatch.QualifierExact}},
		{"fifteen hundred", want{value: f(1500), q: armswatch.QualifierExact}},
		{"4.2–5.8 million", want{min: f(4.2e6), max: f(5.8e6), q: armswatch.QualifierRange}},
		{"2-3 million", want{min: f(2e6), max: f(3e6), q: armswatch.QualifierRange}},
		{"between 2 and 3 million", want{min: f(2e6), max: f(3e6), q: armswatch.QualifierRange}},
		{"from 3 million to 5 million", want{min: f(3e6), max: f(5e6), q: armswatch.QualifierRange}},
		{"300 to 500", want{value: nil, min: nil, max: nil}}, // not a figure on its own: see below
		{"over 1 million", want{value: f(1e6), q: armswatch.QualifierMoreThan}},
		{"upwards of 6,000", want{value: f(6000), q: armswatch.QualifierMoreThan}},
		{"north of 3 million", want{value: f(3e6), q: armswatch.QualifierMoreThan}},
		{"roughly 1,000", want{value: f(1000), q: armswatch.QualifierAbout}},
		{"approximately 6,700", want{value: f(6700), q: armswatch.QualifierAbout}},
		{"some 10,000", want{value: f(10000), q: armswatch.QualifierAbout}},
		{"nearly 3,000", want{value: f(3000), q: armswatch.QualifierAbout}},
		{"up to 3 million", want{value: f(3e6), q: armswatch.QualifierUpTo}},
		{"as many as 2 million", want{value: f(2e6), q: armswatch.QualifierUpTo}},
		{"no fewer than 40", want{value: f(40), q: armswatch.QualifierAtLeast}},
		{"fifty or so", want{value: f(50), q: armswatch.QualifierAbout}},
		{"50 or more", want{value: f(50), q: armswatch.QualifierAtLeast}},
		{"1,000+", want{value: f(1000), q: armswatch.QualifierMoreThan}},
		{"3 million-plus", want{value: f(3e6), q: armswatch.QualifierMoreThan}},
		{"twenty-four", want{value: f(24), q: armswatch.QualifierExact}},
		{"at least two", want{value: f(2), q: armswatch.QualifierAtLeast}},
		{"a dozen", want{value: f(12), q: armswatch.QualifierExact}},
		{"two dozen", want{value: f(24), q: armswatch.QualifierExact}},
		{"at least a half-dozen", want{value: f(6), q: armswatch.QualifierAtLeast}},
		{"half a dozen", want{value: f(6), q: armswatch.QualifierExact}},
		{"10,000-strong", want{value: f(10000), q: armswatch.QualifierExact}},
		{"about 50 to 60", want{min: f(50), max: f(60), q: armswatch.QualifierRange}},
		{"roughly 2 to 3 million", want{min: f(2e6), max: f(3e6), q: armswatch.QualifierRange}},
		{"several hundred thousand", want{q: armswatch.QualifierUnspecified, vague: true}},
		{"a few thousand", want{q: armswatch.QualifierUnspecified, vague: true}},
		{"million-plus", want{value: f(1e6), q: armswatch.QualifierMoreThan}},
		// Figures in words.
		{"ten-thousand", want{value: f(1e4), q: armswatch.QualifierExact}},
		{"ten thousand", want{value: f(1e4), q: armswatch.QualifierExact}},
		{"fifteen-hundred", want{value: f(1500), q: armswatch.QualifierExact}},
		{"two-hundred thousand", want{value: f(2e5), q: armswatch.QualifierExact}},
		{"a million and a half", want{value: f(1.5e6), q: armswatch.QualifierExact}},
		{"about a million and a half", want{value: f(1.5e6), q: armswatch.QualifierAbout}},
		{"2 million and a half", want{value: f(2.5e6), q: armswatch.QualifierExact}},
		{"tens of thousands", want{q: armswatch.QualifierUnspecified, vague: true}},
		{"tens of thousands of", want{q: armswatch.QualifierUnspecified, vague: true}},
		// Shares: text only, never a count.
		{"20 percent", want{q: armswatch.QualifierUnspecified, share: true}},
		{"20%", want{q: armswatch.QualifierUnspecified, share: true}},
		{"20 per cent of", want{q: armswatch.QualifierUnspecified, share: true}},
		{"20-percent", want{q: armswatch.QualifierUnspecified, share: true}},
		{"twenty percent of", want{q: armswatch.QualifierUnspecified, share: true}},
		{"about 20 percent of", want{q: armswatch.QualifierUnspecified, share: true}},
		{"a third of", want{q: armswatch.QualifierUnspecified, share: true}},
		{"a fifth", want{q: armswatch.QualifierUnspecified, share: true}},
		{"one-third of", want{q: armswatch.QualifierUnspecified, share: true}},
		{"two-thirds", want{q: armswatch.QualifierUnspecified, share: true}},
		{"two thirds of", want{q: armswatch.QualifierUnspecified, share: true}},
		{"three-quarters of", want{q: armswatch.QualifierUnspecified, share: true}},
		{"half of", want{q: armswatch.QualifierUnspecified, share: true}},
		{"more than half of", want{q: armswatch.QualifierUnspecified, share: true}},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := ParseFigure(tc.in)
			if tc.want.q == "" {
				if ok && got.Qualifier != armswatch.QualifierRange {
					return // a plain number is fine for "300 to 500" read alone
				}
				return
			}
			if !ok {
				t.Fatalf("ParseFigure(%q) failed", tc.in)
			}
			if got.Text != tc.in {
				t.Errorf("text = %q, want the whole input %q", got.Text, tc.in)
			}
			if got.Qualifier != tc.want.q {
				t.Errorf("qualifier = %q, want %q", got.Qualifier, tc.want.q)
			}
			if got.Vague != tc.want.vague {
				t.Errorf("vague = %v, want %v", got.Vague, tc.want.vague)
			}
			if got.Share != tc.want.share {
				t.Errorf("share = %v, want %v", got.Share, tc.want.share)
			}
			checkNum(t, "value", got.Value, tc.want.value)
			checkNum(t, "min", got.Min, tc.want.min)
			checkNum(t, "max", got.Max, tc.want.max)
		})
	}
}

func checkNum(t *testing.T, name string, got, want *float64) {
	t.Helper()
	switch {
	case got == nil && want == nil:
	case got == nil || want == nil:
		t.Errorf("%s = %v, want %v", name, fmtPtr(got), fmtPtr(want))
	case *got != *want:
		t.Errorf("%s = %v, want %v", name, *got, *want)
	}
}

func fmtPtr(p *float64) any {
	if p == nil {
		return "none"
	}
	return *p
}

// Things that look like numbers but are not figures of anything.
func TestParseFigureRejects(t *testing.T) {
	for _, in := range []string{
		"2023",           // a year
		"21st",           // an ordinal
		"152-millimeter", // a caliber
		"152mm",
		"14:32", // a time
		"$1",
		"$20",
		"a third batch",        // an ordinal
		"a thirds",             // not a fraction
		"1.5 million and",      // "and" without "a half"
		"one",                  // "one" alone reads as a pronoun
		"a million shells and", // more than one figure's worth of words
		"half",
		"the",
		"",
	} {
		if got, ok := ParseFigure(in); ok {
			t.Errorf("ParseFigure(%q) = %+v, want no figure", in, got)
		}
	}
}

// Figures in sentences: the text as written, the item, the measure, and no
// figure for what is not one.
func TestQuantitiesInSentences(t *testing.T) {
	type q struct {
		text    string
		cat     armswatch.Category
		measure armswatch.Measure
		caliber string
		desig   string
	}
	tests := []struct {
		sentence string
		want     []q
	}{
		{"Earlier, South Korea's Defense Minister said that the DPRK had sent 6,700 containers to Russia, which could contain more than 3 million 152-millimeter shells and 500,000 122-millimeter shells.",
			[]q{{"6,700", "container", "shipped", "", ""}, {"more than 3 million", "artillery-shell", "capacity", "152 mm", ""}, {"500,000", "artillery-shell", "capacity", "122 mm", ""}}},
		{"Ukraine's Prosecutor General Andrii Kostin says that Russians have already used at least 24 North Korean-made ballistic missiles to fire at Ukraine.",
			[]q{{"at least 24", "ballistic-missile", "fired", "", ""}}},
		{"The U.S. government recently revealed that North Korea has provided Russia with more than 1 million artillery shells, as well as dozens of ballistic missiles with several launchers.",
			[]q{{"more than 1 million", "artillery-shell", "delivered", "", ""}, {"dozens of", "ballistic-missile", "delivered", "", ""}, {"several", "launcher", "delivered", "", ""}}},
		{"In December 2023, the White House announced that Russia had purchased 40 ballistic missiles from North Korea.",
			[]q{{"40", "ballistic-missile", "purchased", "", ""}}},
		{"We also count at least 9 launches of KN-23 (Hwasong-11) missiles against Ukrainian targets.",
			[]q{{"at least 9", "ballistic-missile", "fired", "", "KN-23"}}},
		{"He said the ministry had also tracked at least 20 shipments of ballistic missile parts.",
			[]q{{"at least 20", "other", "shipped", "", ""}}},
		{"Russia fired 10 ballistic missiles overnight, at least 3 of them believed to be North Korean-made KN-23s.",
			[]q{{"10", "ballistic-missile", "fired", "", ""}, {"at least 3", "ballistic-missile", "fired", "", "KN-23"}}},
		{"\"They have also sent launchers - at least a half-dozen - and dozens of missiles,\" she said.",
			[]q{{"at least a half-dozen", "launcher", "shipped", "", ""}, {"dozens of", "ballistic-missile", "shipped", "", ""}}},
		{"North Korea dispatched roughly 1,000 containers of supplies, potentially containing artillery ammunition.",
			[]q{{"roughly 1,000", "container", "shipped", "", ""}}},
		{"The UNC, founded in 1950 at the start of the Korean War, consists of 17 countries pledged to defend South Korea.", nil},
		{"Of these, 2 missiles hit Kharkiv on January 2 and January 6, killing 2 civilians and injuring 61.",
			[]q{{"2", "ballistic-missile", "fired", "", ""}}},
		{"If each container held about 300 shells, the shipments could have carried up to 690,000 rounds.",
			[]q{{"up to 690,000", "artillery-shell", "capacity", "", ""}}},
		{"Boffins told MPs that Pyongyang had also sent \"dozens\" of short-range missiles.",
			[]q{{"dozens", "ballistic-missile", "shipped", "", ""}}},
		{"A source told this blog that Russia received roughly 4,000 122 mm Grad rockets in the spring.",
			[]q{{"roughly 4,000", "rocket", "delivered", "122 mm", ""}}},
		{"The UN says 1,000 people were killed and 2 missile factories expanded.", nil},
		{"South Korea's defense ministry said 7,000 containers, not 70,000.",
			[]q{{"7,000", "container", "unspecified", "", ""}}},
		{"Russia paid for at least 1.8 million North Korean 122 mm and 152 mm shells in 2023.",
			[]q{{"at least 1.8 million", "artillery-shell", "purchased", "", ""}}},
		{"North Korea delivered at least 1 million rounds and could send several hundred thousand more before the end of the year.",
			[]q{{"at least 1 million", "artillery-shell", "delivered", "", ""}, {"several hundred thousand", "artillery-shell", "shipped", "", ""}}},
		{"North Korea sent some 10,000 troops and 1,500 special forces to Russia.",
			[]q{{"some 10,000", "troops", "shipped", "", ""}, {"1,500", "troops", "shipped", "", ""}}},
		// Vessels come from armswatch.ItemTerms; "ships" the verb is no vessel.
		{"Satellite images show at least 12 cargo ships docked at Rajin, and two tankers.",
			[]q{{"at least 12", "vessel", "unspecified", "", ""}, {"two", "vessel", "unspecified", "", ""}}},
		{"North Korea ships 300 missiles a month to Russia.",
			[]q{{"300", "ballistic-missile", "shipped", "", ""}}},
		// Figures in words.
		{"The North sent ten-thousand rockets and fifteen hundred launchers.",
			[]q{{"ten-thousand", "rocket", "shipped", "", ""}, {"fifteen hundred", "launcher", "shipped", "", ""}}},
		{"Russia received a million and a half shells and two dozen KN-23 missiles.",
			[]q{{"a million and a half", "artillery-shell", "delivered", "", ""}, {"two dozen", "ballistic-missile", "delivered", "", "KN-23"}}},
		{"Pyongyang has shipped tens of thousands of rockets.",
			[]q{{"tens of thousands of", "rocket", "shipped", "", ""}}},
		// Shares: the item they are a share of, no count.
		{"Around 20 percent of the shells fired at Kharkiv were North Korean.",
			[]q{{"Around 20 percent of", "artillery-shell", "fired", "", ""}}},
		{"Half the rockets and two-thirds of the 152 mm shells were delivered by rail.",
			[]q{{"Half", "rocket", "unspecified", "", ""}, {"two-thirds of", "artillery-shell", "delivered", "152 mm", ""}}},
		{"A third of the 6,700 containers held shells.",
			[]q{{"6,700", "container", "unspecified", "", ""}}}, // the number counts them; the share adds none
		{"North Korea sent a third shipment of 200 rockets.",
			[]q{{"200", "rocket", "shipped", "", ""}}},
		{"Prices of shells on the black market rose 20% in a year.", nil},
	}
	for _, tc := range tests {
		t.Run(tc.sentence[:30], func(t *testing.T) {
			x := newTestExtractor(tc.sentence, armswatch.Date{})
			got := x.quantities(&x.sents[0], nil)
			if len(got) != len(tc.want) {
				var texts []string
				for _, g := range got {
					texts = append(texts, g.fig.Text+"→"+string(g.item.Category))
				}
				t.Fatalf("got %d figures %q, want %d", len(got), texts, len(tc.want))
			}
			for i, w := range tc.want {
				g := got[i]
				if g.fig.Text != w.text || g.item.Category != w.cat || g.measure != w.measure || g.item.Caliber != w.caliber || g.item.Designation != w.desig {
					t.Errorf("figure %d = %q %s %s %q %q, want %q %s %s %q %q", i,
						g.fig.Text, g.item.Category, g.measure, g.item.Caliber, g.item.Designation,
						w.text, w.cat, w.measure, w.caliber, w.desig)
				}
			}
		})
	}
}

// newTestExtractor prepares an extractor over a body, with the bundled
// style of alias data absent: only the built-in lexicon.
func newTestExtractor(body string, published armswatch.Date) *extractor {
	x := &extractor{doc: armswatch.Document{ID: "test-doc", Body: body, Published: published}, lx: newLexicon(nil), flagCache: map[int]tokenFlags{}}
	x.paras, x.sents = segment(body)
	x.dates = make([][]dateExpr, len(x.sents))
	for i := range x.sents {
		x.dates[i] = findDates(x.sents[i].text, published)
		markDates(x.sents[i].toks, x.dates[i])
	}
	x.registerPeople()
	x.registerBodies()
	return x
}
