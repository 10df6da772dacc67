package bot

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text helpers. Every length here is counted in runes, as Discord counts
// its limits.

// ellipsis marks text that was cut.
const ellipsis = "…"

func runeLen(s string) int { return utf8.RuneCountInString(s) }

// maxCleanRunes bounds the text clean returns: twice the longest text
// Discord shows (a description of 4096), so that work on hostile input
// stays small and every text cut here is cut again, visibly, later.
const maxCleanRunes = 2 * LimitEmbedDesc

// clean makes text from users or data safe to lay out: valid UTF-8, no
// control characters (line breaks become spaces), no bidirectional
// overrides or isolates (which would reorder the text around it), and runs
// of white space collapsed to one space. It keeps at most maxCleanRunes
// runes (then ending with "…").
func clean(s string) string { return cleanMax(s, maxCleanRunes) }

// cleanMax is clean keeping at most about max runes: it reads at most
// 2*max+16 runes of s (enough for max runes once white space is
// collapsed), and ends a cut text with "…". Callers pass the length they
// will show, so that the work on a huge text is bounded by what is shown.
func cleanMax(s string, max int) string {
	limit := min(2*max+16, maxCleanRunes)
	if len(s) > 4*limit+4 {
		s = s[:4*limit+4] // 4 bytes a rune at most: enough runes
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	space := false
	n := 0
	for _, r := range s {
		if n >= limit {
			b.WriteString(ellipsis)
			break
		}
		n++
		switch {
		case unicode.IsSpace(r) || unicode.IsControl(r):
			space = true
			continue
		case isBidiControl(r) || r == '\uFEFF':
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// isBidiControl reports the explicit directional formatting characters
// (embeddings, overrides and isolates). The implicit marks (LRM, RLM) stay.
func isBidiControl(r rune) bool {
	return (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069')
}

// cleanLines is clean applied to each line, keeping the line breaks.
func cleanLines(s string) string {
	if len(s) > 4*maxCleanRunes {
		s = s[:4*maxCleanRunes]
	}
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = clean(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// truncate returns s cut to at most max runes. A cut text ends with "…",
// at a word boundary when there is one near the end, otherwise at a rune
// boundary that does not split a combining sequence (accents, emoji with
// modifiers, ZWJ sequences, flags) where it can avoid it.
func truncate(s string, max int) string {
	if runeLen(s) <= max {
		return s
	}
	if max <= 0 {
		return ""
	}
	if max == 1 {
		return ellipsis
	}
	rs := []rune(s)
	n := cutPoint(rs, max-1)
	return strings.TrimRightFunc(string(rs[:n]), unicode.IsSpace) + ellipsis
}

// cutPoint returns how many runes of rs to keep, at most budget, preferring
// a word boundary in the last third and never splitting a cluster when a
// few runes of backing off avoid it.
func cutPoint(rs []rune, budget int) int {
	if budget >= len(rs) {
		return len(rs)
	}
	// A word boundary: the last space within budget, if not too far back.
	for j := budget; j > budget*2/3 && j > 0; j-- {
		if unicode.IsSpace(rs[j]) {
			return j
		}
	}
	n := budget
	for back := 0; n > 0 && back < 16 && splitsCluster(rs, n); back++ {
		n--
	}
	if n == 0 {
		n = budget // one enormous cluster: cut it anyway
	}
	return n
}

// splitsCluster reports whether cutting rs before index n splits what is
// displayed as one character.
func splitsCluster(rs []rune, n int) bool {
	if n <= 0 || n >= len(rs) {
		return false
	}
	prev, next := rs[n-1], rs[n]
	if prev == '\u200D' || next == '\u200D' || isExtend(next) {
		return true
	}
	if isRegionalIndicator(prev) && isRegionalIndicator(next) {
		// Flags are pairs: the cut splits one when an odd number of
		// indicators precede it.
		k := 0
		for j := n - 1; j >= 0 && isRegionalIndicator(rs[j]); j-- {
			k++
		}
		return k%2 == 1
	}
	// Hangul jamo sequences (a leading consonant followed by vowels).
	if unicode.Is(unicode.Hangul, prev) && next >= '\u1160' && next <= '\u11FF' {
		return true
	}
	return false
}

// isExtend reports runes that extend the previous one: combining marks,
// variation selectors, emoji modifiers and tag characters.
func isExtend(r rune) bool {
	return unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || unicode.Is(unicode.Mc, r) ||
		(r >= '\uFE00' && r <= '\uFE0F') || (r >= 0x1F3FB && r <= 0x1F3FF) ||
		(r >= 0xE0020 && r <= 0xE007F) || (r >= 0xE0100 && r <= 0xE01EF)
}

// mentionRe is Discord's mention syntax: users, roles, channels, custom
// emoji, @everyone and @here.
var mentionRe = regexp.MustCompile(`<(?:@[!&]?|#|a?:[A-Za-z0-9_~]+:)[0-9]+>|@(?:everyone|here)\b`)

// withoutMentions drops Discord mention syntax from what a user typed: a
// mention names nobody in the data and must not reach a search.
func withoutMentions(s string) string { return mentionRe.ReplaceAllString(s, " ") }

func isRegionalIndicator(r rune) bool { return r >= 0x1F1E6 && r <= 0x1F1FF }

// markdownSpecial are the characters escaped everywhere in user text and
// data echoed back: emphasis, code, spoilers, block quotes, masked links,
// mentions (<@id>, <#id>, @everyone), custom emoji and timestamps.
const markdownSpecial = "\\*_~`|<>[]@"

// lineStartSpecial are escaped only at the start of a line (after optional
// spaces), where they would start a heading, a list or subtext; "." after
// leading digits ("1.") too.
const lineStartSpecial = "#-+."

// escape escapes text for Discord markdown so that it displays as typed:
// no formatting, no links, no mentions, no headings or lists. It is undone
// by unescape.
func escape(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	lineStart := true
	digits := false // only digits since the start of the line
	for _, r := range s {
		switch {
		case strings.ContainsRune(markdownSpecial, r):
			b.WriteByte('\\')
		case lineStart && (r == '-' || r == '+' || r == '#'), digits && r == '.':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
		switch {
		case r == '\n':
			lineStart, digits = true, false
		case r == ' ' && lineStart:
		case r >= '0' && r <= '9' && (lineStart || digits):
			lineStart, digits = false, true
		default:
			lineStart, digits = false, false
		}
	}
	return b.String()
}

// unescape undoes escape: a backslash followed by a character escape may
// escape stands for that character.
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) && strings.IndexByte(markdownSpecial+lineStartSpecial, s[i+1]) >= 0 {
			i++
			c = s[i]
		}
		b.WriteByte(c)
	}
	return b.String()
}

// truncateMarkdown is truncate for text that holds markdown this package
// wrote (escapes and **bold**): the cut never leaves a dangling escape and
// closes a bold span it cuts into.
func truncateMarkdown(s string, max int) string {
	if runeLen(s) <= max {
		return s
	}
	if max < 4 {
		return truncate(plain(s), max)
	}
	reserve := 1 // room for "…"
	if strings.Contains(s, "**") {
		reserve = 3 // and for a closing "**"
	}
	rs := []rune(s)
	n := cutPoint(rs, max-reserve)
	head := string(rs[:n])
	// A dangling backslash would escape what follows.
	if k := trailingBackslashes(head); k%2 == 1 {
		head = head[:len(head)-1]
	}
	head = strings.TrimRightFunc(head, unicode.IsSpace)
	if openBold(head) {
		head = strings.TrimRightFunc(strings.TrimSuffix(head, "**"), unicode.IsSpace)
		if openBold(head) {
			head += "**"
		}
	}
	return head + ellipsis
}

func trailingBackslashes(s string) int {
	k := 0
	for k < len(s) && s[len(s)-1-k] == '\\' {
		k++
	}
	return k
}

// openBold reports whether s has an odd number of unescaped "**".
func openBold(s string) bool {
	n := 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\':
			i++
		case s[i] == '*' && i+1 < len(s) && s[i+1] == '*':
			n++
			i++
		}
	}
	return n%2 == 1
}

// plain strips this package's markdown (escapes and bold) from s.
func plain(s string) string {
	return unescape(strings.ReplaceAll(s, "**", ""))
}

// escapeSnippet escapes a snippet in which the engine marked matched terms
// with **bold**: the text is escaped and the bold re-applied around the
// escaped terms. A snippet whose markers do not pair up is escaped whole.
func escapeSnippet(s string) string { return escapeSnippetMax(s, maxCleanRunes) }

// escapeSnippetMax is escapeSnippet reading about max runes of s.
func escapeSnippetMax(s string, max int) string {
	s = cleanMax(s, max)
	parts := strings.Split(s, "**")
	if len(parts)%2 == 0 {
		return escape(s)
	}
	var b strings.Builder
	for k, p := range parts {
		if k%2 == 0 {
			b.WriteString(escape(p))
			continue
		}
		t := strings.TrimSpace(p)
		if t == "" {
			b.WriteString(escape(p))
			continue
		}
		// Keep the spaces outside the markers, where Discord needs them.
		lead := p[:len(p)-len(strings.TrimLeftFunc(p, unicode.IsSpace))]
		trail := p[len(strings.TrimRightFunc(p, unicode.IsSpace)):]
		b.WriteString(lead + "**" + escape(t) + "**" + trail)
	}
	out := b.String()
	for strings.Contains(out, "  ") {
		out = strings.ReplaceAll(out, "  ", " ")
	}
	return out
}

// oneLine is clean, escape and truncate: user text or data as one line of
// markdown of at most max runes.
func oneLine(s string, max int) string {
	return truncateMarkdown(escape(cleanMax(s, max)), max)
}

// joinLimited joins items with sep into at most max runes; items that do
// not fit are counted in a trailing "… and N more".
func joinLimited(items []string, sep string, max int) string {
	var b strings.Builder
	n := 0 // runes in b
	for k, it := range items {
		more := ""
		if rest := len(items) - k - 1; rest > 0 {
			more = sep + "… and " + itoa(rest) + " more"
		}
		piece := it
		if k > 0 {
			piece = sep + it
		}
		pn := runeLen(piece)
		if n+pn+runeLen(more) > max {
			tail := "… and " + itoa(len(items)-k) + " more"
			if k > 0 {
				tail = sep + tail
			}
			if n+runeLen(tail) <= max {
				b.WriteString(tail)
				return b.String()
			}
			return truncateMarkdown(b.String(), max)
		}
		b.WriteString(piece)
		n += pn
	}
	return b.String()
}
