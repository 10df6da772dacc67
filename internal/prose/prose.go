// Package prose holds the small text helpers every package shares: cutting
// text to a number of runes, plurals and lists in running text. It knows
// nothing of the domain; the domain's own wording (how a figure is phrased,
// what a category is called) lives in the root package.
package prose

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Ellipsis is what marks text cut short.
const Ellipsis = "…"

// Cut is s cut to at most n runes, with nothing added.
func Cut(s string, n int) string {
	if n <= 0 {
		return ""
	}
	i := 0
	for k := range s {
		if i == n {
			return s[:k]
		}
		i++
	}
	return s
}

// Shorten is s cut to its first n runes followed by an ellipsis when it is
// longer ("abcdef", 3 → "abc…"): n runes of the text are kept.
func Shorten(s string, n int) string {
	if c := Cut(s, n); len(c) < len(s) {
		return c + Ellipsis
	}
	return s
}

// Fit is s in at most n runes in all, the last an ellipsis when it is cut
// ("abcdef", 4 → "abc…").
func Fit(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	if n <= 1 {
		return Cut(Ellipsis, n)
	}
	return Cut(s, n-1) + Ellipsis
}

// Plural is one when n is 1, else many: the noun alone.
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Count is n followed by the noun in the right number: "1 claim matches",
// "3 claims match".
func Count(n int, one, many string) string {
	return strconv.Itoa(n) + " " + Plural(n, one, many)
}

// And joins items as running text: "a", "a and b", "a, b and c".
func And(items []string) string { return join(items, " and ") }

// Or joins items as running text: "a", "a or b", "a, b or c".
func Or(items []string) string { return join(items, " or ") }

func join(items []string, last string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + last + items[len(items)-1]
}
