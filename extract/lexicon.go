package extract

import (
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/armswatch/armswatch"
)

// phrase is a name or term as lower-case token bases, with what it stands
// for.
type phrase struct {
	words    []string
	canon    string             // canonical name (alias group name)
	category armswatch.Category // for item terms and designations
	kind     armswatch.AliasKind
}

// lexicon is what the rules know about words: item nouns, designations,
// countries, organisations and people, from built-in lists and the alias
// data.
type lexicon struct {
	items        phraseSet // item nouns and terms
	designations phraseSet
	countries    phraseSet
	orgs         phraseSet
	people       phraseSet
	places       phraseSet
	// markers name a country without being its name: "White House
	// spokesperson" is American.
	markers phraseSet
}

// countryMarkers are institutions that tell a claimant's country.
var countryMarkers = map[string]string{
	"White House": "United States", "Pentagon": "United States", "State Department": "United States",
	"Kremlin": "Russia", "Blue House": "South Korea", "Yongsan": "South Korea",
}

// blockers are nouns that make the item noun before them a modifier: "2
// missile factories" counts factories, not missiles.
var blockers = map[string]bool{
	"fragments": true, "fragment": true, "debris": true, "factories": true, "factory": true,
	"plants": true, "production": true, "stockpile": true, "stockpiles": true, "stocks": true,
	"programs": true, "programmes": true, "program": true, "programme": true, "tests": true,
	"test": true, "sites": true, "site": true, "trade": true, "deal": true, "deals": true,
	"exports": true, "imports": true, "industry": true, "supplies": true, "experts": true,
	"cooperation": true, "embargo": true, "development": true, "capabilities": true,
	"units": true, "battalions": true, "brigades": true, "regiments": true, "depots": true,
	"warehouses": true, "facilities": true, "crews": true,
}

// measureNouns count events rather than items: "9 launches of KN-23
// missiles", "20 shipments of missile parts". The item comes from the
// modifiers or the "of" phrase; the noun says what is measured.
var measureNouns = map[string]armswatch.Measure{
	"launches": armswatch.MeasureFired, "launch": armswatch.MeasureFired,
	"strikes": armswatch.MeasureFired, "attacks": armswatch.MeasureFired,
	"shipments": armswatch.MeasureShipped, "shipment": armswatch.MeasureShipped,
	"consignments": armswatch.MeasureShipped, "cargoes": armswatch.MeasureShipped,
	"trainloads": armswatch.MeasureShipped, "batches": armswatch.MeasureShipped,
	"deliveries": armswatch.MeasureDelivered, "delivery": armswatch.MeasureDelivered,
	"transfers": armswatch.MeasureDelivered,
}

// measureCues are the words that say what a figure measures.
var measureCues = map[string]armswatch.Measure{}

func init() {
	for m, words := range map[armswatch.Measure][]string{
		armswatch.MeasureCapacity: {
			"contain", "contains", "contained", "containing", "hold", "holds", "holding",
			"carry", "carries", "carried", "carrying", "capacity",
		},
		armswatch.MeasureDelivered: {
			"deliver", "delivers", "delivered", "delivering", "delivery", "deliveries",
			"supply", "supplies", "supplied", "supplying", "provide", "provides", "provided",
			"providing", "provision", "give", "gives", "gave", "given", "giving", "transfer",
			"transfers", "transferred", "transferring", "receive", "receives", "received",
			"receiving", "handed", "obtained",
		},
		armswatch.MeasureShipped: {
			"send", "sends", "sent", "sending", "dispatch", "dispatched", "dispatches",
			"dispatching", "ship", "ships", "shipped", "shipping", "shipment", "shipments",
			"transport", "transported", "transporting", "export", "exported", "exporting",
			"loaded", "moved",
		},
		armswatch.MeasureFired: {
			"use", "uses", "used", "using", "fire", "fires", "fired", "firing", "launch",
			"launched", "launching", "hit", "struck", "strike", "attacked", "expended",
		},
		armswatch.MeasurePurchased: {
			"purchase", "purchases", "purchased", "purchasing", "buy", "buys", "bought", "paid", "pays",
			"buying", "acquire", "acquired", "acquiring", "ordered", "sold", "sell", "sells",
			"selling",
		},
	} {
		for _, w := range words {
			measureCues[w] = m
		}
	}
}

// builtinCountries name countries and their adjectives when the alias data
// does not; canonical names are those of the bundled alias data.
var builtinCountries = map[string][]string{
	"North Korea":    {"DPRK", "Pyongyang", "North Korean", "N. Korea", "N. Korean", "the North"},
	"Russia":         {"Russian", "Moscow", "Kremlin", "Russian Federation"},
	"South Korea":    {"South Korean", "Seoul", "ROK", "Republic of Korea"},
	"United States":  {"US", "U.S.", "USA", "American", "Washington", "United States of America"},
	"Ukraine":        {"Ukrainian", "Kyiv"},
	"Japan":          {"Japanese", "Tokyo"},
	"China":          {"Chinese", "Beijing"},
	"Czech Republic": {"Czech", "Czechia"},
	"United Kingdom": {"UK", "U.K.", "British", "Britain", "London"},
	"Iran":           {"Iranian", "Tehran"},
	"Belarus":        {"Belarusian", "Minsk"},
	"Germany":        {"German", "Berlin"},
	"France":         {"French", "Paris"},
	"Poland":         {"Polish", "Warsaw"},
}

// designationRE matches designations written like "KN-23", "Hwasong-11",
// "S-300", "Su-27", "Shahed-136" (a plural "s" is allowed and dropped).
var designationRE = regexp.MustCompile(`^([A-Z][A-Za-z]{0,9}-\d{1,4}[A-Z]?)(s)?$`)

// newLexicon builds the lexicon from the alias data and the built-ins.
func newLexicon(aliases []armswatch.AliasGroup) *lexicon {
	b := &lexiconBuilder{seen: map[string]bool{}}
	b.addAliases(aliases)
	b.addItemTerms()
	b.addBuiltinCountries()
	return &lexicon{
		items: newPhraseSet(b.items), designations: newPhraseSet(b.designations),
		countries: newPhraseSet(b.countries), orgs: newPhraseSet(b.orgs), people: newPhraseSet(b.people),
		places: newPhraseSet(b.places), markers: newPhraseSet(b.markers),
	}
}

// lexiconBuilder collects the phrases of a lexicon, each kind and wording
// once: the first one added wins.
type lexiconBuilder struct {
	items, designations, countries, orgs, people, places, markers []phrase
	seen                                                          map[string]bool
}

func (b *lexiconBuilder) add(list *[]phrase, name, canon string, cat armswatch.Category, kind armswatch.AliasKind) {
	words := phraseWords(name)
	if len(words) == 0 {
		return
	}
	key := string(kind) + "|" + strings.Join(words, " ")
	if b.seen[key] {
		return
	}
	b.seen[key] = true
	*list = append(*list, phrase{words: words, canon: canon, category: cat, kind: kind})
}

// addAliases adds the alias data's names, by kind.
func (b *lexiconBuilder) addAliases(aliases []armswatch.AliasGroup) {
	for _, g := range aliases {
		for _, n := range g.Names() {
			switch g.Kind {
			case armswatch.AliasTerm:
				if g.Category != "" {
					b.add(&b.items, n, g.Name, g.Category, g.Kind)
					for _, v := range numberVariants(n) {
						b.add(&b.items, v, g.Name, g.Category, g.Kind)
					}
				}
			case armswatch.AliasDesignation:
				b.add(&b.designations, n, g.Name, g.Category, g.Kind)
			case armswatch.AliasCountry:
				b.add(&b.countries, n, g.Name, "", g.Kind)
			case armswatch.AliasOrg:
				b.add(&b.orgs, n, g.Name, "", g.Kind)
			case armswatch.AliasPerson:
				b.add(&b.people, n, g.Name, "", g.Kind)
			case armswatch.AliasPlace:
				b.add(&b.places, n, g.Name, "", g.Kind)
			}
		}
	}
}

// addItemTerms adds the domain's item words (armswatch.ItemTerms) after
// the alias data's terms, which come first and win.
func (b *lexiconBuilder) addItemTerms() {
	cats := make([]string, 0, len(armswatch.ItemTerms))
	for c := range armswatch.ItemTerms {
		cats = append(cats, string(c))
	}
	sort.Strings(cats)
	for _, c := range cats {
		for _, n := range armswatch.ItemTerms[armswatch.Category(c)] {
			b.add(&b.items, n, n, armswatch.Category(c), armswatch.AliasTerm)
		}
	}
}

// addBuiltinCountries adds the built-in country names and markers, with
// the alias data's canonical names when it knows the country.
func (b *lexiconBuilder) addBuiltinCountries() {
	names := make([]string, 0, len(builtinCountries))
	for c := range builtinCountries {
		names = append(names, c)
	}
	sort.Strings(names)
	for _, c := range names {
		canon := c
		// Use the alias data's canonical name when it knows the country.
		if p, ok := lookupName(b.countries, c); ok {
			canon = p
		}
		b.add(&b.countries, c, canon, "", armswatch.AliasCountry)
		for _, a := range builtinCountries[c] {
			b.add(&b.countries, a, canon, "", armswatch.AliasCountry)
		}
	}
	for m, c := range countryMarkers {
		canon := c
		if p, ok := lookupName(b.countries, c); ok {
			canon = p
		}
		b.add(&b.markers, m, canon, "", armswatch.AliasCountry)
	}
}

// numberVariants adds the plural of a singular term and the reverse, so
// that a moderator's "container" also finds "containers".
func numberVariants(n string) []string {
	if strings.ContainsAny(n, "0123456789") || !isASCII(n) {
		return nil
	}
	if strings.HasSuffix(n, "s") {
		return []string{strings.TrimSuffix(n, "s")}
	}
	return []string{n + "s"}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func lookupName(list []phrase, name string) (string, bool) {
	w := phraseWords(name)
	for _, p := range list {
		if equalWords(p.words, w) {
			return p.canon, true
		}
	}
	return "", false
}

// phraseWords tokenizes a name into lower-case token bases.
func phraseWords(s string) []string {
	toks := tokenize(s)
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		if t.kind == tPunct && t.s != "-" {
			continue
		}
		out = append(out, base(t.lo))
	}
	return out
}

// base strips a possessive from a lower-case token: "korea's" -> "korea".
func base(lo string) string {
	for _, suf := range []string{"'s", "’s", "s'", "s’"} {
		if strings.HasSuffix(lo, suf) && len(lo) > len(suf) {
			if suf == "s'" || suf == "s’" {
				return strings.TrimSuffix(lo, suf[1:])
			}
			return strings.TrimSuffix(lo, suf)
		}
	}
	return lo
}

func equalWords(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// phraseSet is a list of phrases, longest first, indexed by first word.
type phraseSet struct {
	all   []phrase
	first map[string][]phrase
}

func newPhraseSet(list []phrase) phraseSet {
	sort.SliceStable(list, func(i, j int) bool { return len(list[i].words) > len(list[j].words) })
	ps := phraseSet{all: list, first: map[string][]phrase{}}
	for _, p := range list {
		ps.first[p.words[0]] = append(ps.first[p.words[0]], p)
	}
	return ps
}

// matchAt returns the longest phrase of the set matching the tokens at i
// and the index after it.
func matchAt(ps phraseSet, toks []token, i int) (phrase, int, bool) {
	if i >= len(toks) {
		return phrase{}, i, false
	}
	for _, p := range ps.first[base(toks[i].lo)] {
		k := i
		ok := true
		for _, w := range p.words {
			if k >= len(toks) || base(toks[k].lo) != w {
				ok = false
				break
			}
			k++
		}
		if ok {
			return p, k, true
		}
	}
	return phrase{}, i, false
}

// designationAt reads a designation at token i: one from the alias data
// (longest first), or one shaped like "KN-23".
func (lx *lexicon) designationAt(toks []token, i int) (name string, cat armswatch.Category, end int, ok bool) {
	if p, k, ok := matchAt(lx.designations, toks, i); ok {
		return p.canon, p.category, k, true
	}
	if i < len(toks) && toks[i].kind == tWord {
		w := toks[i].s
		if m := designationRE.FindStringSubmatch(w); m != nil {
			d := m[1]
			// An alias of a known designation, written with a plural "s".
			for _, p := range lx.designations.all {
				if len(p.words) == 1 && p.words[0] == strings.ToLower(d) {
					return p.canon, p.category, i + 1, true
				}
			}
			return d, "", i + 1, true
		}
	}
	return "", "", i, false
}

// countriesIn returns the canonical countries named in tokens [lo, hi), in
// order of appearance.
func (lx *lexicon) countriesIn(toks []token, lo, hi int) []string {
	var out []string
	for i := lo; i < hi; {
		p, k, ok := matchAt(lx.countries, toks, i)
		if !ok {
			p, k, ok = matchAt(lx.markers, toks, i)
		}
		if ok && k <= hi {
			if !slices.Contains(out, p.canon) {
				out = append(out, p.canon)
			}
			i = k
			continue
		}
		i++
	}
	return out
}
