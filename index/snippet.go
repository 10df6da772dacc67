package index

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// highlighter marks in a text what a query matched: the words whose key is
// one of the query's (so "shells" marks "shell" and "Shells"), Korean words
// containing a query stem, and the names of the query's alias groups as
// whole phrases.
type highlighter struct {
	keys    map[string]bool
	koStems []string
	groups  map[int]bool
	aliases *aliasMatcher
	// firsts are the first runes of keys: a word whose first rune, folded
	// (firstFolded), is none of them has no key among keys.
	firsts []rune
}

func newHighlighter(st *state, p plan) *highlighter {
	h := &highlighter{keys: map[string]bool{}, groups: map[int]bool{}, aliases: st.aliases}
	for _, c := range p.concepts {
		if c.group >= 0 {
			h.groups[c.group] = true
			continue
		}
		w := c.searched()
		if isHangulWord(w) {
			if s := stripParticle(w); s != "" {
				h.koStems = append(h.koStems, s)
			}
			continue
		}
		if k := normWord(w); k != "" && !h.keys[k] {
			h.keys[k] = true
			r, _ := utf8.DecodeRuneInString(k)
			h.firsts = append(h.firsts, r)
		}
	}
	return h
}

// mayMark reports whether the word w may be marked. Every stemmer normWord
// uses (Porter, the Russian and Ukrainian ones, Korean particles) and its
// other steps (possessives, thousands separators) change only the end of a
// word, so a word's key starts with the word's first rune lowercased (ё
// read as е): a word that starts with no key's first rune has no key among
// keys, and marks need not look its keys up. With alias phrases or Korean
// stems to find, every word (every Hangul word) is looked at.
func (h *highlighter) mayMark(w string) bool {
	if len(h.groups) > 0 {
		return true
	}
	r := firstFolded(w)
	if len(h.koStems) > 0 && runeScript(r) == scriptHangul {
		return true
	}
	for _, f := range h.firsts {
		if f == r {
			return true
		}
	}
	return false
}

// firstFolded is the first rune of w as normWord would begin: lowercased,
// ё read as е.
func firstFolded(w string) rune {
	r, _ := utf8.DecodeRuneInString(w)
	r = unicode.ToLower(r)
	if r == 'ё' {
		r = 'е'
	}
	return r
}

// span is a byte range [start, end) of a text.
type span struct{ start, end int }

// marks returns the sorted, merged spans of text to set in bold.
func (h *highlighter) marks(text string) []span {
	if h == nil || (len(h.keys) == 0 && len(h.koStems) == 0 && len(h.groups) == 0) {
		return nil
	}
	var out []span
	var content []word // only for alias phrases
	forEachWord(text, func(s, e int) {
		if !h.mayMark(text[s:e]) {
			return
		}
		k := keysOf(text[s:e])
		if k.alias == "" {
			return
		}
		if len(h.groups) > 0 {
			content = append(content, word{start: s, end: e, key: k.alias})
		}
		switch {
		case isStopKey(k.alias):
		case h.keys[k.norm]:
			out = append(out, span{s, e})
		case len(h.koStems) > 0 && isHangulWord(text[s:e]):
			for _, st := range h.koStems {
				if strings.Contains(k.alias, st) {
					out = append(out, span{s, e})
					break
				}
			}
		}
	}, nil)
	if len(h.groups) > 0 {
		keys := make([]string, len(content))
		for i, w := range content {
			keys[i] = w.key
		}
		for _, hit := range h.aliases.find(keys) {
			if h.groups[hit.group] {
				out = append(out, span{content[hit.from].start, content[hit.to-1].end})
			}
		}
	}
	return mergeSpans(text, out)
}

// mergeSpans sorts spans and joins those that overlap or are separated by
// spaces only ("**ballistic missiles**", not "**ballistic** **missiles**").
func mergeSpans(text string, in []span) []span {
	if len(in) == 0 {
		return nil
	}
	sort.Slice(in, func(i, j int) bool { return in[i].start < in[j].start })
	out := []span{in[0]}
	for _, s := range in[1:] {
		last := &out[len(out)-1]
		if s.start <= last.end || strings.TrimSpace(text[last.end:s.start]) == "" {
			last.end = max(last.end, s.end)
			continue
		}
		out = append(out, s)
	}
	return out
}

// snippet is text with its marks in **bold**, cut to at most width runes
// (plus ellipses) around the window with the most marks, at word
// boundaries, whitespace collapsed. A text that fits is shown whole.
func (h *highlighter) snippet(text string, width int) string {
	marks := h.marks(text)
	w := bestWindow(text, marks, span{0, len(text)}, width)
	return render(text, w, marks)
}

// passages cuts up to n snippets of body around marks that lie outside
// the covered spans (the quotes of claims already shown), each at most
// width runes and never reaching into a covered span. None when every
// mark is covered.
func (h *highlighter) passages(body string, covered []span, n, width int) []string {
	marks := h.marks(body)
	var free []span
	for _, m := range marks {
		if !overlapsAny(m, covered) {
			free = append(free, m)
		}
	}
	var out []string
	var used []span
	for len(out) < n && len(free) > 0 {
		// The region around the first free mark that no covered span
		// touches.
		m := free[0]
		region := span{0, len(body)}
		for _, c := range covered {
			if c.end <= m.start && c.end > region.start {
				region.start = c.end
			}
			if c.start >= m.end && c.start < region.end {
				region.end = c.start
			}
		}
		var inRegion []span
		for _, f := range free {
			if f.start >= region.start && f.end <= region.end {
				inRegion = append(inRegion, f)
			}
		}
		win := bestWindow(body, inRegion, region, width)
		if win.end <= win.start || overlapsAny(win, used) {
			free = free[1:]
			continue
		}
		out = append(out, render(body, win, marks))
		used = append(used, win)
		rest := free[:0]
		for _, f := range free {
			if f.end <= win.start || f.start >= win.end {
				rest = append(rest, f)
			}
		}
		free = rest
	}
	return out
}

func overlapsAny(s span, list []span) bool {
	for _, c := range list {
		if s.start < c.end && c.start < s.end {
			return true
		}
	}
	return false
}

// bestWindow picks the span of at most width runes within region holding
// the most marks, starting a little before a mark, with both ends moved to
// word boundaries.
func bestWindow(text string, marks []span, region span, width int) span {
	if utf8.RuneCountInString(text[region.start:region.end]) <= width {
		return trimSpaceSpan(text, region)
	}
	lead := width / 5
	best, bestCount := span{region.start, advanceRunes(text, region.start, width, region.end)}, -1
	if len(marks) == 0 {
		return snapWindow(text, best, region)
	}
	for _, m := range marks {
		start := retreatRunes(text, m.start, lead, region.start)
		end := advanceRunes(text, start, width, region.end)
		count := 0
		for _, o := range marks {
			if o.start >= start && o.end <= end {
				count++
			}
		}
		if count > bestCount {
			best, bestCount = span{start, end}, count
		}
	}
	return snapWindow(text, best, region)
}

// snapWindow moves a window's ends inward to word boundaries (unless they
// are the region's ends) so that no word is cut.
func snapWindow(text string, w, region span) span {
	if w.start > region.start && w.start < len(text) {
		r, _ := utf8.DecodeLastRuneInString(text[:w.start])
		if isWordRune(r) {
			// inside a word: skip to its end
			for w.start < w.end {
				r, size := utf8.DecodeRuneInString(text[w.start:])
				if !isWordRune(r) {
					break
				}
				w.start += size
			}
		}
	}
	if w.end < region.end && w.end > 0 {
		r, _ := utf8.DecodeRuneInString(text[w.end:])
		if isWordRune(r) {
			for w.end > w.start {
				r, size := utf8.DecodeLastRuneInString(text[:w.end])
				if !isWordRune(r) {
					break
				}
				w.end -= size
			}
		}
	}
	return trimSpaceSpan(text, w)
}

func trimSpaceSpan(text string, w span) span {
	for w.start < w.end {
		r, size := utf8.DecodeRuneInString(text[w.start:])
		if !unicode.IsSpace(r) {
			break
		}
		w.start += size
	}
	for w.end > w.start {
		r, size := utf8.DecodeLastRuneInString(text[:w.end])
		if !unicode.IsSpace(r) {
			break
		}
		w.end -= size
	}
	return w
}

func advanceRunes(text string, from, n, limit int) int {
	i := from
	for ; n > 0 && i < limit; n-- {
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
	}
	return min(i, limit)
}

func retreatRunes(text string, from, n, limit int) int {
	i := from
	for ; n > 0 && i > limit; n-- {
		_, size := utf8.DecodeLastRuneInString(text[:i])
		i -= size
	}
	return max(i, limit)
}

// render writes text[w] with the marks inside it in **bold**, an ellipsis
// where the text was cut, and whitespace collapsed.
func render(text string, w span, marks []span) string {
	var b strings.Builder
	if w.start > 0 && strings.TrimSpace(text[:w.start]) != "" {
		b.WriteString("…")
	}
	pos := w.start
	for _, m := range marks {
		s, e := max(m.start, w.start), min(m.end, w.end)
		if s >= e {
			continue
		}
		b.WriteString(text[pos:s])
		b.WriteString("**")
		b.WriteString(text[s:e])
		b.WriteString("**")
		pos = e
	}
	b.WriteString(text[pos:w.end])
	if w.end < len(text) && strings.TrimSpace(text[w.end:]) != "" {
		b.WriteString("…")
	}
	return collapseSpace(b.String())
}

func collapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
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

// findQuote locates a quote in a body, comparing with whitespace collapsed
// (as the loader checks quotes); ok is false when it is not there.
func findQuote(body, quote string) (span, bool) {
	if i := strings.Index(body, quote); i >= 0 && quote != "" {
		return span{i, i + len(quote)}, true
	}
	q := collapseSpace(quote)
	if q == "" {
		return span{}, false
	}
	// Collapse the body, remembering where each byte came from.
	var nb strings.Builder
	origin := make([]int, 0, len(body))
	space := false
	for i, r := range body {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && nb.Len() > 0 {
			nb.WriteByte(' ')
			origin = append(origin, i)
		}
		space = false
		n := utf8.RuneLen(r)
		for k := 0; k < n; k++ {
			origin = append(origin, i+k)
		}
		nb.WriteRune(r)
	}
	norm := nb.String()
	i := strings.Index(norm, q)
	if i < 0 {
		return span{}, false
	}
	end := i + len(q)
	return span{origin[i], origin[end-1] + 1}, true
}
