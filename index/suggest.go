package index

import (
	"sort"
	"strings"

	"github.com/armswatch/armswatch"
)

// Suggestions: what to ask instead when nothing, or nothing about the items
// asked, is in the data.

// suggest lists the vocabulary's closest words to the query's words (the
// unknown ones first), then alias names, when nothing matched.
func suggest(st *state, p plan) []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		k := strings.ToLower(s)
		if len(out) < maxSuggestions && !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	words := make([]concept, 0, len(p.concepts))
	for _, c := range p.concepts {
		if c.group < 0 && c.unknown {
			words = append(words, c)
		}
	}
	for _, c := range p.concepts {
		if c.group < 0 && !c.unknown {
			words = append(words, c)
		}
	}
	for _, c := range words {
		seen[c.word] = true
	}
	for _, c := range words {
		type sc struct {
			s    string
			cost int
			freq uint64
		}
		var cands []sc
		for _, cand := range st.vocab.near(c.word, 2, 20) {
			if isQueryStopWord(cand.word) || isNumber(cand.word) || len([]rune(cand.word)) < 3 {
				continue
			}
			cands = append(cands, sc{cand.word, cand.cost, cand.freq})
		}
		for _, g := range st.aliases.groups {
			for _, n := range g.Names() {
				if d := typoCost(c.word, strings.ToLower(n)); d <= 2 {
					cands = append(cands, sc{n, d - 1, 1 << 40}) // a name beats a word as close
				}
			}
		}
		sort.SliceStable(cands, func(i, j int) bool {
			if cands[i].cost != cands[j].cost {
				return cands[i].cost < cands[j].cost
			}
			return cands[i].freq > cands[j].freq
		})
		for _, x := range cands {
			add(x.s)
		}
	}
	if len(out) == 0 {
		for _, s := range exampleTerms(st) {
			add(s)
		}
	}
	return out
}

// itemSuggestions are, for a question about items no claim is about, the
// item categories that claims are about: what the data can answer instead.
func itemSuggestions(st *state, p plan) []string {
	asked := p.categoriesAsked()
	out := []string{}
	for _, c := range st.aux.ClaimCats {
		if !asked[c] && c != armswatch.CategoryOther && len(out) < maxSuggestions {
			out = append(out, c.Label())
		}
	}
	if len(out) == 0 {
		return suggest(st, p)
	}
	return out
}

// exampleTerms are things worth asking about: the alias groups' names.
func exampleTerms(st *state) []string {
	var out []string
	for _, g := range st.aliases.groups {
		if g.Kind == armswatch.AliasPerson {
			continue
		}
		out = append(out, g.Name)
		if len(out) == maxSuggestions {
			break
		}
	}
	if out == nil {
		for _, t := range st.aux.Terms {
			out = append(out, t)
			if len(out) == maxSuggestions {
				break
			}
		}
	}
	if out == nil {
		out = []string{}
	}
	return out
}
