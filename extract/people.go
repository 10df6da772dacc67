package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Word classes for reading who says what.
var (
	// personTitles name a person's office; singular ones make "the
	// minister" a title to follow back to a named person.
	personTitles = set(
		"minister", "secretary", "president", "spokesperson", "spokesman", "spokeswoman", "chief",
		"head", "general", "gen.", "adm.", "admiral", "mr.", "mrs.", "ms.", "dr.", "prof.",
		"prosecutor", "director", "commander", "coordinator", "adviser", "advisor", "ambassador",
		"leader", "rep.", "sen.", "senator", "representative", "lawmaker", "envoy", "official",
		"deputy", "governor", "mayor", "premier", "chancellor", "dictator", "colonel", "col.",
		"lt.", "maj.", "capt.", "sgt.", "retired", "ret.", "analyst", "researcher", "chairman",
		"chairwoman", "chair", "marshal", "lieutenant", "major", "captain", "commissioner",
		"attorney", "judge", "speaker", "correspondent", "professor", "officer", "diplomat",
		"gov.", "pres.", "king", "emperor", "pope",
	)
	// titleWords qualify a title: "U.S. national security adviser".
	titleWords = set(
		"foreign", "defense", "defence", "national", "security", "state", "intelligence", "military",
		"affairs", "council", "joint", "chiefs", "staff", "top", "former", "acting", "vice", "prime",
		"regional", "armed", "forces", "air", "force", "navy", "army", "main", "directorate",
		"ministry", "department", "office", "house", "white", "pentagon", "kremlin", "special",
		"senior", "first", "supreme", "high", "federal", "presidential", "press", "communications",
		"spy", "prosecutor's", "general's", "chiefs", "un", "nato", "nsc", "interior", "finance",
		"trade", "economy", "unification", "border", "coast", "guard", "navy's", "public",
		"information", "media", "state-run", "ruling", "opposition", "lead", "chief's",
	)
	// orgWords make a capitalised run an organisation, not a person.
	orgWords = set(
		"ministry", "council", "house", "office", "service", "agency", "directorate", "command",
		"forces", "force", "army", "navy", "government", "committee", "department", "institute",
		"staff", "times", "news", "press", "post", "independent", "intelligence", "security",
		"defense", "defence", "foreign", "affairs", "assembly", "nations", "union", "panel",
		"monitor", "brief", "cosmodrome", "peninsula", "war", "images", "kremlin", "pentagon",
		"embassy", "university", "center", "centre", "group", "party", "voice", "wire", "herald",
		"watch", "bureau", "journal", "telegraph", "guardian", "tribune", "daily", "weekly",
		"network", "channel", "newsline", "tv", "radio", "media", "foundation", "studies",
		"organization", "organisation", "alliance", "company", "corporation", "bank", "fund",
		"court", "parliament", "senate", "congress", "duma", "rada", "federation", "republic",
		"state", "states", "kingdom", "region", "oblast", "province", "city", "port", "station",
		"summit", "meeting", "conference", "operation", "resolution", "regime", "association",
		"society", "academy", "program", "project", "initiative", "review", "report", "statement",
		"notes", "agency's", "general", "member", "nation", "world", "national", "joint",
		"chiefs", "commission", "authority", "administration", "cabinet", "navy", "guard",
	)
	// claimantHeads are the lower-case nouns that can head a claimant.
	claimantHeads = set(
		"officials", "official", "government", "ministry", "agency", "office", "spokesperson",
		"spokesman", "spokeswoman", "minister", "statement", "trio", "countries", "leaders",
		"experts", "analysts", "researchers", "boffins", "chiefs", "chief", "military", "media",
		"outlet", "embassy", "authorities", "administration", "diplomats", "lawmakers", "officers",
		"forces", "army", "command", "council", "service", "sources", "source", "prosecutors",
		"investigators", "president", "secretary", "head", "commander", "ambassador", "envoy",
		"adviser", "advisor", "director", "representative", "leader", "general", "prosecutor",
		"coordinator", "panel", "ministries", "governments", "agencies", "allies", "partners",
		"staff", "directorate", "intelligence-service", "department", "committee", "mission",
		"delegation", "side", "sides", "two", "both", "group", "report", "analysis", "tank",
		"institute", "observers", "monitors", "posts", "accounts", "bloggers", "channels",
		"outlets", "commentators", "users", "pundits",
	)
	// genericPeople are claimants that are really their organisation: "a
	// source in Ukraine's General Staff", "officials in Seoul".
	genericPeople = set(
		"source", "sources", "official", "officials", "boffins", "experts", "analysts",
		"researchers", "diplomats", "people", "insiders", "staff", "spokesperson", "spokesman",
		"representative", "representatives", "members",
	)
	functionWords = set(
		"the", "a", "an", "in", "on", "at", "according", "earlier", "however", "nonetheless",
		"meanwhile", "also", "but", "and", "based", "regarding", "update", "recent", "other",
		"this", "that", "these", "those", "it", "he", "she", "they", "we", "our", "their", "his",
		"her", "its", "there", "if", "when", "while", "since", "after", "before", "with", "for",
		"from", "by", "of", "to", "as", "one", "some", "many", "several", "both", "all", "each",
		"photo", "more", "most", "than", "over", "about", "nearly", "well", "maybe", "approximately",
		"my", "i", "you", "what", "who", "why", "how", "so", "yet", "still", "then", "now",
		"here", "today", "yesterday", "later", "ever", "never", "not", "no", "yes", "first",
		"second", "third", "last", "next", "new", "only", "just", "even", "because", "although",
		"though", "despite", "during", "until", "unless", "without", "within", "using", "given",
		"following", "amid", "among", "under", "above", "below", "between", "into", "onto",
		"upon", "via", "per", "against", "toward", "towards", "across", "through", "throughout",
		"around", "ahead", "behind", "beyond", "near", "inside", "outside", "satellite",
		"numbers", "estimates", "reports", "western", "eastern", "northern", "southern", "anchor",
	)
	monthWeekday = set(
		"january", "february", "march", "april", "may", "june", "july", "august", "september",
		"october", "november", "december", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.",
		"sep.", "sept.", "oct.", "nov.", "dec.", "monday", "tuesday", "wednesday", "thursday",
		"friday", "saturday", "sunday",
	)
	auxAdverbs = set(
		"has", "have", "had", "is", "are", "was", "were", "will", "would", "could", "may",
		"might", "did", "does", "do", "not", "also", "recently", "earlier", "later", "again",
		"previously", "now", "still", "already", "then", "further", "separately", "publicly",
		"officially", "reportedly", "just", "once", "repeatedly", "jointly", "collectively",
		"strongly", "firmly", "flatly", "categorically", "vehemently", "quickly", "immediately",
		"first", "last", "yesterday", "today", "initially", "subsequently", "had", "can",
	)
	adverbialStarts = set(
		"in", "on", "at", "during", "after", "before", "since", "following", "based", "regarding",
		"with", "for", "from", "by", "as", "amid", "despite", "given", "speaking", "using",
		"according", "under", "through", "over", "when", "while", "if", "although", "though",
		"because", "earlier", "however", "nonetheless", "meanwhile", "moreover", "also", "update",
		"separately", "still", "yet", "overall", "instead", "now", "then", "later", "finally",
		"well", "indeed", "first", "second", "last", "next", "here", "there", "so", "thus",
		"to", "of", "per", "via", "until", "throughout", "between", "among", "against",
	)
)

// refKind says what a subject refers to.
type refKind int

const (
	refNone    refKind = iota
	refPerson          // a named person
	refOrg             // an organisation, group or country
	refPronoun         // "he", "she"
	refThey            // "it", "they", "the statement", "the agency"
	refTitle           // a title without a name: "the minister"
	refOutlet          // "we", "our researchers": the outlet itself
)

// ref is a claimant as the sentence writes it, before resolution.
type ref struct {
	kind   refKind
	name   string // person name, organisation text, title or description
	title  string // the title before a person's name
	role   string // an appositive: "a representative of …"
	lo, hi int    // tokens
	list   []ref  // coordinated claimants: "X, Y and Z"
}

// who is a resolved claimant.
type who struct {
	name      string
	role      string
	countries []string
	person    bool
	outlet    bool
	sent      int // sentence where the claim is made
	para      int
	why       []string
}

// person is a named person the document mentions, with their titles.
type person struct {
	name  string
	title string // title and appositive role, as written
	words map[string]bool
	sent  int
	tok   int
}

// tokenFlags marks tokens belonging to countries, places, organisations
// and known people (from the lexicon).
type tokenFlags struct {
	country, place, org, known []bool
}

func (x *extractor) flags(s *sentence) tokenFlags {
	if f, ok := x.flagCache[s.index]; ok {
		return f
	}
	n := len(s.toks)
	f := tokenFlags{country: make([]bool, n), place: make([]bool, n), org: make([]bool, n), known: make([]bool, n)}
	for _, c := range []struct {
		list phraseSet
		mark []bool
	}{{x.lx.countries, f.country}, {x.lx.places, f.place}, {x.lx.orgs, f.org}, {x.lx.people, f.known}} {
		for i := 0; i < n; {
			if _, end, ok := matchAt(c.list, s.toks, i); ok {
				for k := i; k < end; k++ {
					c.mark[k] = true
				}
				i = end
				continue
			}
			i++
		}
	}
	x.flagCache[s.index] = f
	return f
}

// isNameToken reports whether token i can be part of a person's name.
func (x *extractor) isNameToken(s *sentence, i int, f tokenFlags) bool {
	t := s.toks[i]
	if t.kind != tWord || !t.cap() || t.quoted || t.date {
		return false
	}
	if f.country[i] || f.place[i] || (f.org[i] && !f.known[i]) {
		return false
	}
	b := base(t.lo)
	if personTitles[b] || titleWords[b] || orgWords[b] || functionWords[b] || monthWeekday[b] {
		return false
	}
	if strings.HasSuffix(b, ".") && utf8.RuneCountInString(b) > 2 {
		return false // an abbreviation, not an initial
	}
	return true
}

// splitName finds the name at the end of tokens [lo, hi): up to four name
// tokens; the words before it are the title.
func (x *extractor) splitName(s *sentence, lo, hi int) (nameLo int) {
	f := x.flags(s)
	k := hi
	for k > lo && hi-k < 4 && x.isNameToken(s, k-1, f) {
		k--
	}
	// A possessive can only end a name.
	for j := k; j < hi-1; j++ {
		if base(s.toks[j].lo) != s.toks[j].lo {
			return hi
		}
	}
	return k
}

// nameText is the text of a name, without a possessive.
func nameText(s *sentence, lo, hi int) string {
	t := span(s.text, s.toks, lo, hi)
	for _, suf := range []string{"'s", "’s"} {
		t = strings.TrimSuffix(t, suf)
	}
	return t
}

// registerPeople records every named person with a title, an appositive
// role, or a name in the alias data, so that "the minister", "he" and
// "Austin" can be followed to them.
func (x *extractor) registerPeople() {
	for si := range x.sents {
		s := &x.sents[si]
		f := x.flags(s)
		toks := s.toks
		for i := 0; i < len(toks); {
			j := capitalRun(toks, i)
			if j == i {
				i++
				continue
			}
			x.registerRun(s, i, j, f)
			i = j
		}
	}
}

// capitalRun is the end of the run of capitalised words, titles and
// connectors starting at token i, without trailing connectors; i when
// there is none.
func capitalRun(toks []token, i int) int {
	// A run of capitalised words, titles and connectors.
	j := i
	for j < len(toks) {
		t := toks[j]
		if t.quoted || t.date {
			break
		}
		b := base(t.lo)
		if t.kind == tWord && (t.cap() || personTitles[b] || titleWords[b]) {
			j++
			continue
		}
		if (b == "of" || b == "the" || b == "for") && j > i && j+1 < len(toks) && toks[j+1].cap() {
			j++
			continue
		}
		break
	}
	// Trailing connectors are not part of the run.
	for j > i && (toks[j-1].lo == "of" || toks[j-1].lo == "the" || toks[j-1].lo == "for") {
		j--
	}
	return j
}

// registerRun records the person a run of tokens [i, j) names, when it
// has a title, an appositive role, or is known from the alias data.
func (x *extractor) registerRun(s *sentence, i, j int, f tokenFlags) {
	toks := s.toks
	si := s.index
	nameLo := x.splitName(s, i, j)
	nTok := j - nameLo
	title := strings.TrimSpace(span(s.text, toks, i, nameLo))
	hasTitle := false
	for k := i; k < nameLo; k++ {
		if personTitles[base(toks[k].lo)] {
			hasTitle = true
		}
	}
	known := nTok > 0 && f.known[j-1]
	role, roleBefore := "", ""
	if nTok > 0 {
		role = appositiveAfter(s, j)
		roleBefore = appositiveBefore(s, nameLo)
		// "South Korea's defense minister, Shin Won-sik, said",
		// "Shin Won-sik, South Korea's defense minister, said": a
		// title set off by a comma beside the name.
		if role == "" && roleBefore == "" && nameLo == i {
			if a, b, ok := x.titleBeside(s, nameLo, j); ok {
				role = span(s.text, toks, a, b)
			}
		}
	}
	if nTok >= 2 && (hasTitle || known || role != "" || roleBefore != "") || nTok == 1 && (role != "" && hasTitleWord(role) || hasTitle && personTitles[base(toks[nameLo-1].lo)]) {
		all := cleanRole(joinRole(joinRole(title, cleanRole(role)), cleanRole(roleBefore)))
		x.addPerson(nameText(s, nameLo, j), all, si, nameLo)
	}
}

func hasTitleWord(s string) bool {
	for _, w := range strings.Fields(strings.ToLower(s)) {
		if personTitles[base(w)] || claimantHeads[w] {
			return true
		}
	}
	return false
}

func (x *extractor) addPerson(name, title string, sent, tok int) {
	name = x.canonPerson(name)
	words := titleKeyWords(title)
	// A surname alone ("Mr. Kim") joins the full name registered before.
	if !strings.Contains(name, " ") {
		if p := x.personBySurname(name, sent); p != nil {
			for w := range words {
				p.words[w] = true
			}
			return
		}
	}
	for i := range x.people {
		if x.people[i].name == name {
			for w := range words {
				x.people[i].words[w] = true
			}
			if x.people[i].title == "" {
				x.people[i].title = title
			}
			return
		}
	}
	x.people = append(x.people, person{name: name, title: title, words: words, sent: sent, tok: tok})
}

// canonPerson maps a name to the alias data's canonical spelling.
func (x *extractor) canonPerson(name string) string {
	w := phraseWords(name)
	for _, p := range x.lx.people.all {
		// The alias data's spelling, unless it is shorter than what the
		// text writes ("Hrytsenko" for "Mykola Hritsenko").
		if equalWords(p.words, w) && len(strings.Fields(p.canon)) >= len(w) {
			return p.canon
		}
	}
	return name
}

// personBySurname finds a registered person whose name ends (or, for
// Korean names, starts) with the given word.
func (x *extractor) personBySurname(word string, _ int) *person {
	w := strings.ToLower(word)
	for i := range x.people {
		for _, sn := range surnames(x.people[i].name) {
			if strings.ToLower(sn) == w {
				return &x.people[i]
			}
		}
	}
	// The alias data may know the surname.
	for _, p := range x.lx.people.all {
		if len(p.words) == 1 && p.words[0] == w {
			x.people = append(x.people, person{name: p.canon, words: map[string]bool{}, sent: -1})
			return &x.people[len(x.people)-1]
		}
	}
	return nil
}

// surnames returns the words that can stand for a person's name: the last
// word, and the first for a name like "Shin Won-sik" or "Kim Jong Un".
func surnames(name string) []string {
	f := strings.Fields(name)
	if len(f) == 0 {
		return nil
	}
	out := []string{f[len(f)-1]}
	if len(f) >= 2 && (strings.Contains(f[1], "-") || len(f) == 3 && len(f[1]) <= 4 && len(f[2]) <= 3) {
		out = append(out, f[0])
	}
	if len(f) == 1 && strings.Contains(f[0], "-") {
		parts := strings.Split(f[0], "-")
		out = append(out, parts[len(parts)-1])
	}
	return out
}

// titleKeyWords are the words of a title that identify an office, with
// synonyms folded: "Defence Minister" and "defense minister" match.
func titleKeyWords(title string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(title), func(r rune) bool {
		return !unicode.IsLetter(r) && r != '.' && r != '\'' && r != '’'
	}) {
		w = foldTitle(base(strings.TrimSuffix(w, ".")))
		switch w {
		case "", "the", "a", "an", "of", "for", "and", "to", "in", "under", "from", "with":
			continue
		}
		out[w] = true
	}
	return out
}

func foldTitle(w string) string {
	switch w {
	case "defence":
		return "defense"
	case "chief", "chiefs":
		return "head"
	case "spokesman", "spokeswoman":
		return "spokesperson"
	case "gen":
		return "general"
	case "adviser":
		return "advisor"
	case "ministry":
		return "minister"
	case "officials":
		return "official"
	}
	return w
}

// appositiveAfter returns the role set off by commas after a name:
// "Vadym Skibitskyi, a representative of …, said".
func appositiveAfter(s *sentence, k int) string {
	toks := s.toks
	if k >= len(toks) || toks[k].s != "," || k+1 >= len(toks) {
		return ""
	}
	lo := k + 1
	if !startsAppositive(toks, lo) {
		return ""
	}
	hi := lo
	for hi < len(toks) && toks[hi].s != "," && toks[hi].s != "." && !toks[hi].quoted {
		hi++
	}
	if hi >= len(toks) || toks[hi].s != "," {
		return ""
	}
	return span(s.text, toks, lo, hi)
}

// appositiveBefore returns the role set off by commas before a name: "…,
// the head of the Main Intelligence Directorate, Mykola Hrytsenko, has said".
func appositiveBefore(s *sentence, k int) string {
	toks := s.toks
	if k < 2 || toks[k-1].s != "," {
		return ""
	}
	lo := k - 2
	for lo > 0 && toks[lo-1].s != "," && !toks[lo-1].quoted {
		lo--
	}
	if lo == 0 || toks[lo-1].s != "," || !startsAppositive(toks, lo) {
		return ""
	}
	return span(s.text, toks, lo, k-1)
}

// startsAppositive reports whether tokens at lo begin a role description:
// "a representative of", "the head of", "commander of", "representing".
func startsAppositive(toks []token, lo int) bool {
	if lo >= len(toks) {
		return false
	}
	k := lo
	switch toks[k].lo {
	case "a", "an", "the":
		k++
	}
	if k >= len(toks) || toks[k].cap() || toks[k].kind != tWord {
		return false
	}
	b := base(toks[k].lo)
	if personTitles[b] || titleWords[b] || claimantHeads[b] || b == "former" || b == "top" {
		return true
	}
	if k == lo && strings.HasSuffix(b, "ing") {
		return true // "representing Japan at the meeting"
	}
	// "a former commander", "the top US official": a title within 3 words.
	for j := k; j < len(toks) && j < k+4; j++ {
		if personTitles[base(toks[j].lo)] {
			return true
		}
		if toks[j].s == "," {
			break
		}
	}
	return false
}

// titleBeside finds a title without a name set off by a comma just before
// the name at [lo, hi) (from the start of the sentence or a comma) or just
// after it (to the next comma): "South Korea's defense minister, Shin
// Won-sik, …", "Shin Won-sik, South Korea's defense minister, …".
func (x *extractor) titleBeside(s *sentence, lo, hi int) (int, int, bool) {
	toks := s.toks
	if lo >= 2 && toks[lo-1].s == "," {
		a := lo - 1
		for a > 0 && toks[a-1].s != "," && lo-1-a < 8 {
			a--
		}
		if a == 0 || toks[a-1].s == "," {
			a += skipArticles(toks, a, lo-1)
			if x.isTitleOnly(s, a, lo-1) {
				return a, lo - 1, true
			}
		}
	}
	if hi+1 < len(toks) && toks[hi].s == "," {
		b := hi + 1
		for b < len(toks) && toks[b].s != "," && b-hi < 9 {
			b++
		}
		if b < len(toks) && toks[b].s == "," {
			a := hi + 1 + skipArticles(toks, hi+1, b)
			if x.isTitleOnly(s, a, b) {
				return a, b, true
			}
		}
	}
	return 0, 0, false
}

// isTitleOnly reports whether tokens [lo, hi) are a title without a name:
// words of a title or a country, ending in a person's title ("South
// Korea's defense minister", "the country's top diplomat").
func (x *extractor) isTitleOnly(s *sentence, lo, hi int) bool {
	if hi <= lo || hi-lo > 7 || !personTitles[base(s.toks[hi-1].lo)] {
		return false
	}
	f := x.flags(s)
	for k := lo; k < hi; k++ {
		t := s.toks[k]
		b := base(t.lo)
		if t.kind != tWord || t.quoted || t.date {
			return false
		}
		if !(f.country[k] || personTitles[b] || titleWords[b] || b == "country" || b == "nation" || b == "top" || t.cap() && !x.isNameToken(s, k, f)) {
			return false
		}
	}
	return true
}
