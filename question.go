package armswatch

import "strings"

// Intent is what kind of answer a question asks for, read from its words.
// It orders an answer (records that give what is asked for come first);
// it never hides a record that matched.
type Intent string

// The intents. IntentNone is a question that asks for nothing in
// particular ("KN-23", "shells Kharkiv").
const (
	IntentNone   Intent = ""
	IntentCount  Intent = "count"  // how many, how much, number of: figures first, the comparison first
	IntentDenial Intent = "denial" // who denied, deny, denial: denials first
	IntentDate   Intent = "date"   // when: dated records first, the date prominent
	IntentEntity Intent = "entity" // which, who: records that name the thing asked about first
	// IntentExchange is a question of what is given back ("what does North
	// Korea get in return"): a paraphrase of exchange (ExchangePhrase) with
	// the direction of the transfer named. Claims of an item given (not of
	// what is paid for) come first, then claims naming no item, denials
	// last.
	IntentExchange Intent = "exchange"
)

// intentWords are the single words that set an intent, by precedence:
// a denial asked about ("when did Moscow deny …") is a denial question.
var intentWords = []struct {
	intent Intent
	words  []string
}{
	{IntentDenial, []string{"deny", "denied", "denies", "denying", "denial", "denials", "refute", "refuted", "reject", "rejected"}},
	{IntentCount, []string{"quantity", "amount", "count", "figure", "figures", "estimate", "estimates"}},
	{IntentDate, []string{"when", "date", "dates", "since"}},
	{IntentEntity, []string{"which", "who", "whom", "whose"}},
}

// DenialWord reports whether a lowercase word of a question asks about a
// denial ("denied", "deny", "denial"): such a word matches a claim whose
// stance is denies, whatever words its quote uses.
func DenialWord(w string) bool {
	for _, x := range intentWords[0].words {
		if w == x {
			return true
		}
	}
	return false
}

// countPhrases set IntentCount as two words in a row.
var countPhrases = [][2]string{{"how", "many"}, {"how", "much"}, {"number", "of"}, {"how", "large"}, {"how", "big"}}

// focusAfter are the words after which a noun names what the question asks
// about ("which ships", "how many shells", "what weapons").
var focusAfter = map[string]bool{"which": true, "what": true, "many": true, "much": true, "whose": true}

// auxiliaries end a focus: "what does North Korea get" asks about no noun.
var auxiliaries = map[string]bool{
	"is": true, "are": true, "was": true, "were": true, "do": true, "does": true, "did": true,
	"has": true, "have": true, "had": true, "can": true, "could": true, "will": true, "would": true,
	"should": true, "kind": true, "type": true, "sort": true, "of": true, "the": true, "a": true, "an": true,
}

// ReadIntent reads a question's intent from its words (lowercase, in
// order) and returns the index of the word that names what it asks about
// (the word after "which", "what", "how many", "how much"), or -1 when it
// names nothing: "which ships carried them" gives IntentEntity and 1.
func ReadIntent(words []string) (Intent, int) {
	intent := IntentNone
	rank := len(intentWords)
	set := func(in Intent) {
		for r, iw := range intentWords {
			if iw.intent == in && r < rank {
				intent, rank = in, r
			}
		}
	}
	focus := -1
	for i, w := range words {
		for _, iw := range intentWords {
			for _, x := range iw.words {
				if w == x {
					set(iw.intent)
				}
			}
		}
		if i+1 < len(words) {
			for _, p := range countPhrases {
				if w == p[0] && words[i+1] == p[1] {
					set(IntentCount)
				}
			}
		}
		if focus < 0 && focusAfter[w] && i+1 < len(words) && !auxiliaries[words[i+1]] && !focusAfter[words[i+1]] {
			if w != "many" && w != "much" || i > 0 && words[i-1] == "how" {
				focus = i + 1
			}
		}
	}
	return intent, focus
}

// ItemTerms are the words and phrases that name an item of each category
// without alias data: what extraction recognises as an item, and what makes
// a question about an item ("did they send tanks?" asks about tanks, and a
// record that does not mention them does not answer it). Moderators' alias
// groups with a category come first and win.
var ItemTerms = map[Category][]string{
	CategoryArtilleryShell: {
		"shell", "shells", "artillery shell", "artillery shells", "round", "rounds",
		"artillery round", "artillery rounds", "ammunition", "munitions", "artillery ammunition",
		"artillery munitions", "projectile", "projectiles", "artillery", "mortar rounds", "mortar shells", "ammo",
	},
	CategoryRocket:           {"rocket", "rockets", "artillery rockets", "MLRS rockets"},
	CategoryBallisticMissile: {"missile", "missiles", "ballistic missile", "ballistic missiles", "short-range ballistic missiles", "short-range ballistic missile", "SRBM", "SRBMs", "short-range missiles", "short-range missile"},
	CategoryLauncher: {
		"launcher", "launchers", "missile launchers", "launch vehicles", "TEL", "TELs",
		"transporter erector launchers", "multiple rocket launchers", "rocket launchers",
		"launch systems",
	},
	CategoryContainer: {"container", "containers", "shipping containers", "cargo containers"},
	CategoryDrone: {
		"drone", "drones", "UAV", "UAVs", "unmanned aerial vehicles", "loitering munitions",
		"attack drones", "kamikaze drones",
	},
	CategoryMilitaryEquipment: {
		"military equipment", "equipment", "weapons", "weapon", "arms", "weaponry", "military hardware",
		"hardware", "tank", "tanks", "howitzer", "howitzers", "armored vehicles", "armoured vehicles",
		"artillery systems", "artillery pieces", "guns", "self-propelled guns", "rifles",
		"air defense systems", "air defence systems",
	},
	CategoryTechnology: {"technology", "technologies", "tech", "know-how"},
	CategoryTroops: {
		"troops", "soldiers", "servicemen", "personnel", "special forces", "military personnel",
		"fighters", "infantry",
	},
	CategoryVessel: {"ship", "ships", "vessel", "vessels", "cargo ship", "cargo ships", "freighter", "freighters", "tanker", "tankers"},
	CategoryOther:  {"parts", "components", "missile parts", "spare parts"},
}

// askedItems are words that name an item in a question but that
// extraction does not count as items (a report of "fighter jets" is rare
// enough that it must be moderated, but a question about them must be
// routed): each is a single word, with the category it names.
var askedItems = map[string]Category{
	"jet": CategoryMilitaryEquipment, "jets": CategoryMilitaryEquipment,
	"aircraft": CategoryMilitaryEquipment, "plane": CategoryMilitaryEquipment, "planes": CategoryMilitaryEquipment,
	"warplane": CategoryMilitaryEquipment, "warplanes": CategoryMilitaryEquipment,
	"helicopter": CategoryMilitaryEquipment, "helicopters": CategoryMilitaryEquipment,
	"submarine": CategoryMilitaryEquipment, "submarines": CategoryMilitaryEquipment,
	"warship": CategoryVessel, "warships": CategoryVessel,
	"howitzer": CategoryMilitaryEquipment, "mortar": CategoryArtilleryShell, "mortars": CategoryArtilleryShell,
	"uranium": CategoryOther, "plutonium": CategoryOther, "nuclear": CategoryOther,
	"soldier": CategoryTroops, "forces": CategoryTroops, "workers": CategoryTroops, "labourers": CategoryTroops, "laborers": CategoryTroops,
	"food": CategoryOther, "grain": CategoryOther, "wheat": CategoryOther, "rice": CategoryOther,
	"oil": CategoryOther, "fuel": CategoryOther, "petroleum": CategoryOther, "coal": CategoryOther,
	"money": CategoryOther, "cash": CategoryOther, "payment": CategoryOther, "payments": CategoryOther,
	"satellite": CategoryTechnology, "satellites": CategoryTechnology,
	"grenade": CategoryArtilleryShell, "grenades": CategoryArtilleryShell,
	"bullets": CategoryArtilleryShell, "cartridges": CategoryArtilleryShell,
}

// itemWords maps every single word that names an item (the last word of
// each of ItemTerms' phrases, and askedItems) to its category.
var itemWords = func() map[string]Category {
	m := lastItemWords(false)
	for w, c := range askedItems {
		if _, ok := m[w]; !ok {
			m[w] = c
		}
	}
	// Too general to route a question by on their own.
	delete(m, "parts")
	delete(m, "components")
	delete(m, "systems")
	delete(m, "vehicles")
	delete(m, "pieces")
	return m
}()

// notItems are phrases in which a word that names an item does not: a
// "think tank" is no tank. A record that mentions an item word only in one
// of them does not answer a question about that item.
var notItems = []string{
	"think tank", "think tanks", "think-tank", "think-tanks", "fuel tank", "fuel tanks", "oil tank", "oil tanks",
	"water tank", "water tanks", "septic tank", "tank top", "shell company", "shell companies", "front company",
	"ship owner", "shipowner", "shipping company", "shipping companies",
}

// WithoutNotItems returns text with the phrases in which an item word names
// no item blanked out (same length, so offsets keep), compared without
// regard to case.
func WithoutNotItems(text string) string {
	lower := strings.ToLower(text)
	var b []byte
	for _, p := range notItems {
		for from := 0; ; {
			i := strings.Index(lower[from:], p)
			if i < 0 {
				break
			}
			if b == nil {
				b = []byte(text)
			}
			for k := from + i; k < from+i+len(p); k++ {
				b[k] = ' '
			}
			from += i + len(p)
		}
	}
	if b == nil {
		return text
	}
	return string(b)
}

// itemTermWords maps each one-word phrase of ItemTerms to its category:
// the words that name a whole category ("tech" technology), unlike
// askedItems' narrower ones ("grenades", "satellites").
var itemTermWords = lastItemWords(true)

// lastItemWords maps the last word of each of ItemTerms' phrases (of the
// one-word phrases only, with single) to its category, the first
// category's where two share it.
func lastItemWords(single bool) map[string]Category {
	m := map[string]Category{}
	for _, c := range Categories {
		for _, t := range ItemTerms[c] {
			f := strings.Fields(strings.ToLower(strings.ReplaceAll(t, "-", " ")))
			if len(f) == 0 || single && len(f) > 1 {
				continue
			}
			if _, ok := m[f[len(f)-1]]; !ok {
				m[f[len(f)-1]] = c
			}
		}
	}
	return m
}

// CategoryWord reports whether a single lowercase word names a whole
// category by one of ItemTerms ("tech", "ammunition", "troops"): a claim of
// the category answers a question with it whatever words the claim uses.
// A narrower word ("grenades", "satellites", "oil") does not.
func CategoryWord(w string) (Category, bool) {
	c, ok := itemTermWords[strings.ToLower(w)]
	return c, ok
}

// ItemWord reports the category a single word of a question names as an
// item ("tanks" names military equipment, "soldiers" troops), if any. The
// word is compared lowercased.
func ItemWord(w string) (Category, bool) {
	c, ok := itemWords[strings.ToLower(w)]
	return c, ok
}

// ItemWords lists every word ItemWord knows, for a caller that matches
// them by its own normalisation (stemming).
func ItemWords() map[string]Category {
	out := make(map[string]Category, len(itemWords))
	for w, c := range itemWords {
		out[w] = c
	}
	return out
}

// Role is the part a country named in a question plays in the transfer it
// asks about: "did North Korea send shells to Russia" names North Korea
// the supplier and Russia the recipient.
type Role int

// The roles.
const (
	RoleNone Role = iota
	RoleSupplier
	RoleRecipient
)

// giveVerbs have the supplier as their subject ("Russia is giving North
// Korea oil"); receiveVerbs the recipient ("what does North Korea get").
// Each lists its past participle, which in the passive ("is North Korea
// paid in cash") gives its subject the other role.
var (
	giveVerbs = wordSet("send", "sends", "sending", "sent", "give", "gives", "giving", "gave", "given",
		"supply", "supplies", "supplying", "supplied", "deliver", "delivers", "delivering", "delivered",
		"provide", "provides", "providing", "provided", "transfer", "transfers", "transferring", "transferred",
		"export", "exports", "exporting", "exported", "sell", "sells", "selling", "sold",
		"pay", "pays", "paying", "paid", "help", "helps", "helping", "helped", "offer", "offers",
		"offering", "offered", "shipped", "hand", "handing", "handed", "lend", "lending", "lent")
	receiveVerbs = wordSet("get", "gets", "getting", "got", "gotten", "receive", "receives", "receiving",
		"received", "obtain", "obtains", "obtaining", "obtained", "acquire", "acquires", "acquiring", "acquired",
		"import", "imports", "importing", "imported", "buy", "buys", "buying", "bought")
	participles = wordSet("sent", "given", "supplied", "delivered", "provided", "transferred", "exported",
		"sold", "paid", "helped", "offered", "shipped", "handed", "lent", "received", "obtained",
		"acquired", "imported", "bought")
	passiveAux = wordSet("is", "are", "was", "were", "be", "been", "being")
)

func wordSet(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// VerbRole is the role a lowercase verb gives its subject, RoleNone for a
// word that is no verb of transfer. With passive (the question has "is",
// "was", "been" … before the subject) a participle gives the other role.
func VerbRole(w string, passive bool) Role {
	r := RoleNone
	switch {
	case giveVerbs[w]:
		r = RoleSupplier
	case receiveVerbs[w]:
		r = RoleRecipient
	}
	if passive && participles[w] {
		r = r.Other()
	}
	return r
}

// ObjectRole is the role a verb gives a country named right after it:
// "giving North Korea", "pay North Korea", "has given North Korea" name
// the recipient; a passive participle names none ("was sent North
// Korea's …").
func ObjectRole(w string, passive bool) Role {
	if giveVerbs[w] && !(passive && participles[w]) {
		return RoleRecipient
	}
	return RoleNone
}

// PrepositionRole is the role of a country named after a lowercase
// preposition: "to Russia" the recipient, "from Pyongyang" the supplier,
// "by Russia" the supplier of a passive question.
func PrepositionRole(w string, passive bool) Role {
	switch w {
	case "to", "into", "toward", "towards":
		return RoleRecipient
	case "from":
		return RoleSupplier
	case "by":
		if passive {
			return RoleSupplier
		}
	}
	return RoleNone
}

// activeAux are the auxiliaries that keep a participle active: "what has
// Russia given" (but "what has Russia been sent" is passive: "been" is
// nearer).
var activeAux = wordSet("has", "have", "had", "do", "does", "did", "will", "would", "can", "could")

// Passive reports whether the verb words[v] is passive: the auxiliary
// nearest before it is a form of "be" ("is North Korea paid", "has Russia
// been sent", "were North Korean troops sent") and not "has", "did" …
// ("is it known what Russia has given").
func Passive(words []string, v int) bool {
	for i := v - 1; i >= 0; i-- {
		switch {
		case passiveAux[words[i]]:
			return true
		case activeAux[words[i]]:
			return false
		}
	}
	return false
}

// notTransferBefore are words after which "to" names no recipient:
// "according to Ukraine", "close to Russia", "turned to North Korea".
var notTransferBefore = wordSet("according", "close", "closer", "closest", "next", "due", "thanks",
	"similar", "compared", "relative", "prior", "turn", "turns", "turned", "turning", "go", "goes",
	"going", "went", "gone", "come", "comes", "came", "travel", "travelled", "traveled", "trip", "visit",
	"visited", "ally", "allied", "ties", "relations", "respond", "responded", "threat", "up")

// PrepositionRoleAfter is PrepositionRole for the preposition words[i]:
// RoleNone when the word before it makes it name no side of a transfer
// ("according to", "close to", "went to").
func PrepositionRoleAfter(words []string, i int, passive bool) Role {
	if i > 0 && notTransferBefore[words[i-1]] {
		return RoleNone
	}
	return PrepositionRole(words[i], passive)
}

// Other is the opposite role.
func (r Role) Other() Role {
	switch r {
	case RoleSupplier:
		return RoleRecipient
	case RoleRecipient:
		return RoleSupplier
	}
	return RoleNone
}

// exchangePhrases say that something is given back for a transfer: a
// question with one ("what does North Korea get in return") is answered by
// the transfers the other way, whatever words they use.
var exchangePhrases = wordSet("in return", "in return for", "in exchange", "in exchange for", "in turn",
	"in payment", "in payment for", "as payment", "as payment for")

// ExchangePhrase reports whether a phrase (any case, words separated by
// single spaces) says that something is given in return.
func ExchangePhrase(phrase string) bool {
	return exchangePhrases[strings.ToLower(strings.Join(strings.Fields(phrase), " "))]
}
