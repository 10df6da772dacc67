package timeline

import (
	"github.com/armswatch/armswatch/internal/prose"
	"strings"
	"unicode"

	"github.com/armswatch/armswatch"
)

// Query says what a chart shows.
type Query struct {
	// Item is an item category ("artillery-shell") or a term that the alias
	// data maps to one ("shells", "포탄", "снаряди", "KN-23").
	Item string
	// Claimant, when set, keeps only the claims of this claimant: a name or
	// an alias of one ("Austin", "Skibitsky", "Вадим Скібіцький"), matched as
	// whole words of the claimant ("Austin" matches "Shin Won-sik and Lloyd
	// Austin").
	Claimant string
}

// ResolveItem maps what a user typed to an item category, as
// armswatch.ResolveCategory does: a category name ("artillery-shell", also
// "artillery shells"), or any name of an alias group that has a category
// ("shells", "munitions", "포탄", "KN-23"). Anything else is an error
// matching armswatch.ErrBadQuery whose message lists the categories.
func ResolveItem(aliases []armswatch.AliasGroup, term string) (armswatch.Category, error) {
	if len(words(term)) == 0 {
		return "", armswatch.BadQuery("no item given; %s", itemChoices(aliases))
	}
	if c, ok := armswatch.ResolveCategory(term, aliases); ok {
		return c, nil
	}
	return "", armswatch.BadQuery("%q is not an item category or a term for one; %s", prose.Shorten(strings.TrimSpace(term), 60), itemChoices(aliases))
}

// itemChoices lists the categories and the terms the alias data maps to
// them, for error messages.
func itemChoices(aliases []armswatch.AliasGroup) string {
	cats := make([]string, len(armswatch.Categories))
	for i, c := range armswatch.Categories {
		cats[i] = string(c)
	}
	s := "categories: " + strings.Join(cats, ", ")
	var terms []string
	for _, g := range aliases {
		if g.Category != "" && g.Kind == armswatch.AliasTerm {
			terms = append(terms, g.Name)
		}
	}
	if len(terms) > 0 {
		s += "; terms: " + strings.Join(terms, ", ")
	}
	return s
}

// claimantMatcher tells whether a claim's claimant is the one asked for: a
// claimant matches when the words of the name asked for, or of any other
// name it goes by (armswatch.ClaimantNames), appear in a row among its
// words.
type claimantMatcher struct {
	names [][]string
}

func newClaimantMatcher(aliases []armswatch.AliasGroup, name string) (claimantMatcher, error) {
	var m claimantMatcher
	for _, n := range armswatch.ClaimantNames(name, aliases) {
		if w := words(n); len(w) > 0 {
			m.names = append(m.names, w)
		}
	}
	if len(m.names) == 0 {
		return claimantMatcher{}, armswatch.BadQuery("claimant %q has no letters or digits", prose.Shorten(name, 60))
	}
	return m, nil
}

func (m claimantMatcher) match(claimant string) bool {
	have := words(claimant)
	for _, n := range m.names {
		if containsRun(have, n) {
			return true
		}
	}
	return false
}

// containsRun reports whether run appears in ws as consecutive elements.
func containsRun(ws, run []string) bool {
	for i := 0; i+len(run) <= len(ws); i++ {
		ok := true
		for j := range run {
			if ws[i+j] != run[j] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// words splits s into lower-cased runs of letters, marks and digits:
// "KN-23" is [kn 23], "Won-sik" is [won sik], "U.S." is [u s].
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r)
	})
}
