package extract

import (
	"strings"

	"github.com/armswatch/armswatch"
)

// Direction: the supplier and recipient a sentence names.

// direction reads supplier and recipient: "X provided Y with", "X sent …
// to Y", "Y received … from X", "Y purchased … from X", and
// "North Korean-made" items. Only countries are named.
func (x *extractor) direction(s *sentence) (supplier, recipient string) {
	toks := s.toks
	cs, made := x.countryMentions(toks)
	if len(cs) == 0 && made == "" {
		return "", ""
	}
	give, receives := transferVerb(toks)
	if give < 0 || bilateralNouns[toks[give].lo] {
		// "deny the facts of the weapons trade": a trade, a deal or an
		// exchange goes both ways.
		return "", ""
	}
	after := func(word string) string { return countryAfter(toks, cs, give, word) }
	subject := ""
	for _, c := range cs {
		if c.hi <= give && c.lo >= give-8 && !objectOfPreposition(toks, c) {
			subject = c.name
		}
	}
	made = x.madeBy(toks, cs, made)
	if receives {
		recipient = subject
		supplier = after("from")
		if supplier == "" {
			supplier = made
		}
	} else {
		supplier = subject
		recipient = after("to")
		if recipient == "" {
			// "provided Russia with"
			for _, c := range cs {
				if c.lo == give+1 {
					recipient = c.name
				}
			}
		}
		if supplier == "" {
			supplier = after("by") // "weapons provision by North Korea"
		}
		if supplier == "" {
			supplier = after("from") // "arms transfers from North Korea"
		}
		if supplier == "" {
			supplier = made
		}
	}
	if supplier == recipient {
		recipient = ""
	}
	return supplier, recipient
}

// objectOfPreposition: a country after "with", "to", "from", "in" … is
// no subject ("cooperation with Russia, particularly the supply"), unless
// it is a possessive.
func objectOfPreposition(toks []token, c countryMention) bool {
	last := toks[c.hi-1].lo
	if strings.HasSuffix(last, "'s") || strings.HasSuffix(last, "’s") || c.hi < len(toks) && (toks[c.hi].lo == "'s" || toks[c.hi].lo == "’s") {
		return false // "in response to North Korea's transfer": its transfer
	}
	k := c.lo - 1
	if k >= 0 && toks[k].lo == "the" {
		k--
	}
	return k >= 0 && prepositions[toks[k].lo]
}

var prepositions = set("with", "to", "from", "in", "into", "against", "between", "for", "on", "at")

var bilateralNouns = set("trade", "deal", "exchange", "arms")

// countryMention is a country named in a sentence, canonical, at tokens
// [lo, hi).
type countryMention struct {
	name   string
	lo, hi int
}

// countryMentions lists the countries a sentence names, and the country
// of a "North Korean-made" item.
func (x *extractor) countryMentions(toks []token) ([]countryMention, string) {
	var cs []countryMention
	// "North Korean-made": read the country without "-made".
	made := ""
	plain := make([]token, len(toks))
	copy(plain, toks)
	for i := range plain {
		if b, ok := strings.CutSuffix(plain[i].lo, "-made"); ok {
			plain[i].lo = b
			for j := max(0, i-2); j <= i; j++ {
				if p, end, ok := matchAt(x.lx.countries, plain, j); ok && end == i+1 {
					made = p.canon
				}
			}
		}
	}
	for i := 0; i < len(toks); {
		if p, end, ok := matchAt(x.lx.countries, toks, i); ok {
			cs = append(cs, countryMention{p.canon, i, end})
			i = end
			continue
		}
		i++
	}
	return cs, made
}

// transferVerb finds the verb of a transfer (else a transfer noun), and
// whether its subject receives: "received", "purchased", and "fired"
// (the user of the weapons received them). give is -1 without one.
func transferVerb(toks []token) (give int, receives bool) {
	give = -1
	var giveM armswatch.Measure
	for i, t := range toks {
		if m := measureCues[t.lo]; m != "" && m != armswatch.MeasureCapacity {
			give, giveM = i, m
			break
		}
	}
	if give < 0 {
		// A noun of transfer, preferring one with a direction ("arms
		// supplies to Russia") to a trade, a deal or an exchange.
		for i, t := range toks {
			if transferCues[t.lo] && (give < 0 || bilateralNouns[toks[give].lo] && !bilateralNouns[t.lo]) {
				give = i
			}
		}
	}
	if give < 0 {
		return -1, false
	}
	switch toks[give].lo {
	case "receive", "receives", "received", "receiving", "purchase", "purchases", "purchased", "purchasing", "buy", "buys", "bought", "buying", "acquire", "acquired", "acquiring", "obtained", "ordered":
		receives = true
	}
	if giveM == armswatch.MeasureFired {
		receives = true // the user of the weapons received them
	}
	return give, receives
}

// countryAfter is the country right after word ("from", "to"), the verb
// at give or later.
func countryAfter(toks []token, cs []countryMention, give int, word string) string {
	for i := give; i < len(toks)-1; i++ {
		if toks[i].lo == word {
			for _, c := range cs {
				if c.lo == i+1 || (c.lo == i+2 && toks[i+1].lo == "the") {
					return c.name
				}
			}
		}
	}
	return ""
}

// madeBy is the country that made the items: "North Korean missiles",
// "North Korean-made", else made as read before.
func (x *extractor) madeBy(toks []token, cs []countryMention, made string) string {
	for _, c := range cs {
		if c.hi < len(toks) {
			nx := toks[c.hi-1].lo
			if strings.HasSuffix(nx, "-made") || strings.HasSuffix(nx, "korean") {
				if c.hi < len(toks) {
					if _, _, ok := matchAt(x.lx.items, toks, c.hi); ok {
						made = c.name
					}
				}
				if strings.HasSuffix(nx, "-made") {
					made = c.name
				}
			}
		}
	}
	return made
}
