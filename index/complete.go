package index

import (
	"context"
	"github.com/armswatch/armswatch/internal/prose"
	"path/filepath"
	"sort"
	"strings"

	"github.com/armswatch/armswatch"
)

const maxLabelRunes = 100 // Discord's limit for a choice's name and value

// Complete offers up to limit completions of prefix: for free query text
// the alias names (designations among them) and the data's frequent words;
// item categories (also through their terms: "shel" offers
// artillery-shell); claimants (also through person aliases); documents by
// id or title words. It never fails and looks at a bounded number of
// entries, so it is fast whatever the input.
func (ix *Index) Complete(ctx context.Context, kind armswatch.CompletionKind, prefix string, limit int) []armswatch.Completion {
	out := []armswatch.Completion{}
	if limit <= 0 {
		return out
	}
	st, err := ix.acquire()
	if err != nil {
		return out
	}
	defer ix.mu.RUnlock()
	p := strings.ToLower(prose.Cut(cleanQuery(prefix), maxLabelRunes))
	seen := map[string]bool{}
	add := func(label, value string) bool {
		if len(out) >= limit {
			return false
		}
		value = prose.Cut(value, maxLabelRunes)
		if seen[value] || value == "" {
			return true
		}
		seen[value] = true
		out = append(out, armswatch.Completion{Label: truncateLabel(label), Value: value})
		return len(out) < limit
	}
	switch kind {
	case armswatch.CompleteQuery:
		completeQuery(st, p, add)
	case armswatch.CompleteItem:
		completeItem(st, p, add)
	case armswatch.CompleteClaimant:
		for _, c := range st.aux.Claimants {
			if wordPrefix(c, p) && !add(c, c) {
				return out
			}
		}
		for _, g := range st.aliases.groups {
			if g.Kind != armswatch.AliasPerson {
				continue
			}
			for _, n := range g.Names() {
				if wordPrefix(n, p) && !add(n, n) {
					return out
				}
			}
		}
	case armswatch.CompleteDocument:
		for _, d := range st.docEntries() {
			if (strings.HasPrefix(d.ID, p) || wordPrefix(d.Title, p)) && !add(d.Title+" ("+d.ID+")", d.ID) {
				return out
			}
		}
	}
	return out
}

func truncateLabel(s string) string {
	if len([]rune(s)) <= maxLabelRunes {
		return s
	}
	return prose.Cut(s, maxLabelRunes-1) + "…"
}

// wordPrefix reports whether s, or one of its words, starts with the
// lowercase prefix p ("" matches everything).
func wordPrefix(s, p string) bool {
	if p == "" {
		return true
	}
	ls := strings.ToLower(s)
	if strings.HasPrefix(ls, p) {
		return true
	}
	found := false
	forEachWord(ls, func(a, b int) {
		if !found && strings.HasPrefix(ls[a:], p) {
			found = true
		}
	}, nil)
	return found
}

func completeQuery(st *state, p string, add func(label, value string) bool) {
	// Alias names first: designations, places, countries, terms.
	var names []string
	for _, g := range st.aliases.groups {
		for _, n := range g.Names() {
			if wordPrefix(n, p) {
				names = append(names, n)
			}
		}
	}
	sort.SliceStable(names, func(i, j int) bool {
		pi, pj := strings.HasPrefix(strings.ToLower(names[i]), p), strings.HasPrefix(strings.ToLower(names[j]), p)
		return pi && !pj
	})
	for _, n := range names {
		if !add(n, n) {
			return
		}
	}
	// Then the data's words: complete the last word of the prefix.
	head, last := "", p
	if i := strings.LastIndexByte(p, ' '); i >= 0 {
		head, last = p[:i+1], p[i+1:]
	}
	if last == "" {
		for _, t := range st.aux.Terms {
			if !add(head+t, head+t) {
				return
			}
		}
		return
	}
	for _, c := range st.vocab.prefixed(last, 50, 5000) {
		if isQueryStopWord(c.word) || isNumber(c.word) {
			continue
		}
		if !add(head+c.word, head+c.word) {
			return
		}
	}
}

func completeItem(st *state, p string, add func(label, value string) bool) {
	terms := map[armswatch.Category][]string{}
	for _, g := range st.aliases.groups {
		if g.Category != "" {
			terms[g.Category] = append(terms[g.Category], g.Names()...)
		}
	}
	cats := append([]armswatch.Category{}, st.aux.ClaimCats...)
	for _, c := range armswatch.Categories {
		if !containsCat(cats, c) {
			cats = append(cats, c)
		}
	}
	for pass := 0; pass < 2; pass++ {
		for _, c := range cats {
			name := string(c)
			hit := false
			if pass == 0 {
				hit = wordPrefix(strings.ReplaceAll(name, "-", " "), p) || strings.HasPrefix(name, p)
			} else {
				for _, t := range terms[c] {
					if wordPrefix(t, p) {
						hit = true
						break
					}
				}
			}
			if !hit {
				continue
			}
			label := name
			if ts := terms[c]; len(ts) > 0 {
				label += " — " + strings.Join(ts, ", ")
			}
			if !add(label, name) {
				return
			}
		}
	}
}

func containsCat(cs []armswatch.Category, c armswatch.Category) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}

// docEntries loads the documents' ids and titles on first use.
func (st *state) docEntries() []docEntry {
	st.docsOnce.Do(func() {
		if err := readJSON(filepath.Join(st.dir, "docs.json"), &st.docs); err != nil {
			st.docs = nil
		}
	})
	return st.docs
}
