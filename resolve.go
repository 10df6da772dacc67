package armswatch

import (
	"strings"
	"unicode"
)

// ResolveCategory maps what a user typed to an item category. It accepts
// a category's name or label in any case, with spaces, hyphens or other
// punctuation between the words, singular or plural ("artillery-shell",
// "Artillery shells", "artillery shell", "other items"); failing that, any
// name of an alias group that has a category ("shells", "снаряди",
// "KN-23", also "KN23"), the first such group in groups winning. It
// reports false when the term is neither.
func ResolveCategory(term string, groups []AliasGroup) (Category, bool) {
	key := nameKey(term)
	if key == "" {
		return "", false
	}
	for _, c := range Categories {
		for _, form := range []string{string(c), c.Label()} {
			if samePlural(key, nameKey(form)) {
				return c, true
			}
		}
	}
	for _, g := range groups {
		if !g.Category.Valid() {
			continue
		}
		for _, n := range g.Names() {
			if samePlural(key, nameKey(n)) {
				return g.Category, true
			}
		}
	}
	return "", false
}

// ClaimantNames is who was asked for and the other names it goes by: who
// (trimmed) first, then every name of each alias group one of whose names
// is who, compared case-insensitively and ignoring punctuation ("Skibitsky"
// brings "Vadym Skibitskyi" and the group's other aliases). Each name
// appears once. It is nil when who has no letters or digits.
func ClaimantNames(who string, groups []AliasGroup) []string {
	who = strings.TrimSpace(who)
	key := nameKey(who)
	if key == "" {
		return nil
	}
	names := []string{who}
	seen := map[string]bool{key: true}
	for _, g := range groups {
		in := false
		for _, n := range g.Names() {
			if sameKey(key, nameKey(n)) {
				in = true
				break
			}
		}
		if !in {
			continue
		}
		for _, n := range g.Names() {
			k := nameKey(n)
			if k == "" || seen[k] {
				continue
			}
			seen[k] = true
			names = append(names, strings.TrimSpace(n))
		}
	}
	return names
}

// nameKey is s lower-cased, its runs of letters, marks and digits joined
// by single spaces: "KN-23" is "kn 23", "U.S." is "u s".
func nameKey(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r)
	}), " ")
}

// sameKey reports whether two name keys name the same thing: equal, or,
// for names with digits, equal written together ("kn 23" and "kn23").
func sameKey(a, b string) bool {
	if a == b {
		return true
	}
	if !strings.ContainsAny(a, "0123456789") {
		return false
	}
	return strings.ReplaceAll(a, " ", "") == strings.ReplaceAll(b, " ", "")
}

// samePlural is sameKey, also when one of the two is the other with an
// "s" added ("artillery shell" and "artillery shells").
func samePlural(a, b string) bool {
	return b != "" && (sameKey(a, b) || a+"s" == b || a == b+"s")
}
