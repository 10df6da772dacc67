package extract

import (
	"fmt"
	"strings"

	"github.com/armswatch/armswatch"
)

// quantityMention is a figure with the item it counts.
type quantityMention struct {
	fig     figureAt
	item    armswatch.Item
	measure armswatch.Measure
	npHi    int // end of the item's noun phrase (tokens)
	why     []string
}

// itemMention is an item named without a figure.
type itemMention struct {
	item   armswatch.Item
	lo, hi int
	term   string
}

// npStops end an item's noun phrase.
var npStops = set(
	"to", "from", "in", "into", "on", "at", "by", "for", "with", "via", "since", "during", "after",
	"before", "across", "through", "over", "under", "against", "between", "per", "toward", "towards",
	"about", "including", "like", "as", "than", "within", "without", "onto", "upon", "amid", "among",
	"and", "or", "but", "while", "which", "that", "who", "whom", "whose", "where", "when", "if",
	"because", "so", "nor", "the", "a", "an", "this", "these", "those", "its", "their", "his", "her",
	"our", "my", "your", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had",
	"will", "would", "could", "may", "might", "can", "shall", "should", "must", "did", "does", "do",
	"it", "they", "he", "she", "we", "them", "said", "says", "according", "each", "every", "plus",
	"alongside", "besides", "also", "already", "now", "then", "last", "this", "next", "ago",
	// Verbs of holding: "containers held shells" counts containers.
	"held", "hold", "holds", "holding", "contained", "contain", "contains", "containing",
	"carried", "carry", "carries", "carrying",
)

// caliberAt reads a caliber at token i: "152 mm", "152mm", "152-millimeter".
func caliberAt(toks []token, i int) (string, int, bool) {
	if i >= len(toks) || toks[i].kind != tNum {
		return "", i, false
	}
	t := toks[i].lo
	k := 0
	for k < len(t) && t[k] >= '0' && t[k] <= '9' {
		k++
	}
	if k == 0 || k > 3 {
		return "", i, false
	}
	num, suf := t[:k], strings.TrimPrefix(t[k:], "-")
	switch suf {
	case "mm", "millimeter", "millimeters", "millimetre", "millimetres":
		return num + " mm", i + 1, true
	case "":
		if i+1 < len(toks) {
			switch toks[i+1].lo {
			case "mm", "millimeter", "millimeters", "millimetre", "millimetres", "-mm":
				return num + " mm", i + 2, true
			}
		}
	}
	return "", i, false
}

// npInfo is what an item noun phrase holds.
type npInfo struct {
	hi          int // end of the phrase
	headEnd     int // end of the item noun, or of the phrase without one
	category    armswatch.Category
	term        string // the item noun as written
	designation string
	desigCat    armswatch.Category
	caliber     string
	measure     armswatch.Measure // from a measure noun ("launches")
	measureNoun string
	blocked     string // a noun that makes it something else ("fragments")
	empty       bool   // no words at all before a stop
	twoCalibers bool   // "122 mm and 152 mm": no single caliber
}

// readNP reads a noun phrase of up to 7 words starting at token k: the
// last item noun in it is the head, unless a blocker follows it.
func (x *extractor) readNP(s *sentence, k int) npInfo {
	toks := s.toks
	info := npInfo{hi: k, empty: true}
	lastItem := -1
	n := 0
	for k < len(toks) && n < 7 {
		t := toks[k]
		if t.kind == tPunct {
			if end, ok := x.parenthetical(toks, k, &info); ok {
				k = end
				continue
			}
			break
		}
		// "122 mm and 152 mm shells": a caliber after "and" continues it.
		if (t.lo == "and" || t.lo == "or") && info.caliber != "" && lastItem < 0 {
			if _, _, ok := caliberAt(toks, k+1); ok {
				info.caliber = "" // two calibers: the item has none of its own
				info.twoCalibers = true
				k++
				n++
				continue
			}
		}
		if t.date || npStops[t.lo] || t.lo == "of" {
			break
		}
		if c, end, ok := caliberAt(toks, k); ok {
			if !info.twoCalibers {
				info.caliber = c
			}
			info.empty = false
			k = end
			n++
			continue
		}
		if t.kind == tNum {
			break
		}
		if end, words, ok := x.npNoun(s, k, &info, &lastItem); ok {
			n += words
			k = end
			continue
		}
		if m, ok := measureNouns[t.lo]; ok {
			info.measure, info.measureNoun = m, t.s
		} else if blockers[t.lo] && lastItem >= 0 {
			info.blocked = t.s
		}
		info.empty = false
		k++
		n++
	}
	info.hi = k
	info.headEnd = k
	if lastItem >= 0 {
		info.headEnd = lastItem
	}
	return info
}

// parenthetical skips a parenthetical at token k ("KN-23 (Hwasong-11)
// missiles"), taking a designation from it; ok is false when k opens none.
func (x *extractor) parenthetical(toks []token, k int, info *npInfo) (int, bool) {
	if toks[k].s != "(" {
		return 0, false
	}
	end := k + 1
	for end < len(toks) && end-k < 7 && toks[end].s != ")" {
		end++
	}
	if end >= len(toks) || toks[end].s != ")" {
		return 0, false
	}
	if info.designation == "" {
		if d, c, _, ok := x.lx.designationAt(toks, k+1); ok {
			info.designation, info.desigCat = d, c
		}
	}
	return end + 1, true
}

// npNoun reads a designation or an item noun at token k into info, with
// the end of its words and how many words it counts for.
func (x *extractor) npNoun(s *sentence, k int, info *npInfo, lastItem *int) (end, words int, ok bool) {
	toks := s.toks
	if d, c, end, ok := x.lx.designationAt(toks, k); ok {
		info.designation, info.desigCat = d, c
		info.empty = false
		return end, 1, true
	}
	if p, end, ok := matchAt(x.lx.items, toks, k); ok {
		info.category = p.category
		info.term = span(s.text, toks, k, end)
		info.blocked = ""
		*lastItem = end
		info.empty = false
		return end, end - k, true
	}
	return 0, 0, false
}

// quantities finds the figures of a sentence with the items they count.
func (x *extractor) quantities(s *sentence, ctx []armswatch.Category) []quantityMention {
	toks := s.toks
	var out []quantityMention
	ifClause := conditionalSpans(toks)
	for i := 0; i < len(toks); i++ {
		f, ok := scanFigure(s.text, toks, i)
		if !ok {
			continue
		}
		if ifClause[i] {
			i = f.hi - 1
			continue // a hypothetical: "If each container held about 300 shells"
		}
		q := quantityMention{fig: f}
		if f.Share {
			// A share counts nothing; figures inside its "of" phrase ("a
			// third of the 6,700 containers") are read on their own.
			if x.shareOf(s, &q, out, ctx) {
				out = append(out, q)
			}
			i = f.hi - 1
			continue
		}
		np, ok := x.countedItem(s, &q, ctx)
		if !ok {
			i = f.hi - 1
			continue // a figure of something else: "17 countries", "2 missile factories"
		}
		out = append(out, q)
		i = max(np.hi, f.hi) - 1
	}
	return out
}

// countedItem reads the item a figure counts, its designation, caliber and
// measure, into q; ok is false for a figure of something else. np is the
// item's noun phrase.
func (x *extractor) countedItem(s *sentence, q *quantityMention, ctx []armswatch.Category) (npInfo, bool) {
	toks := s.toks
	f := q.fig
	cueFrom := f.lo // where to look back for the measure
	k := f.hi
	// "\"dozens\" of", "\"more than 1,000\" additional containers": a
	// closing quote ends the figure's text; its noun follows.
	if k < len(toks) && (toks[k].s == "”" || toks[k].s == "\"" && toks[k].start == toks[k-1].end) {
		k++
		if f.Vague && k < len(toks) && toks[k].lo == "of" {
			k++
		}
	}
	np := x.readNP(s, k)
	if !np.empty && np.category == "" && np.designation == "" && np.hi == k+1 && (toks[k].lo == "more" || toks[k].lo == "others") {
		// "several hundred thousand more": the noun is left out.
		np = npInfo{hi: k + 1, headEnd: k + 1, empty: true}
	}
	ofAt := -1
	if np.hi < len(toks) && toks[np.hi].lo == "of" {
		ofAt = np.hi
	}
	ok := true
	switch {
	case np.category != "" && np.blocked == "":
		x.nounItem(s, q, &np, ofAt)
	case np.blocked != "":
		return npInfo{}, false // "2 missile factories"
	case np.designation != "" && np.category == "":
		q.item.Category = np.desigCat
		if q.item.Category == "" {
			q.item.Category = armswatch.CategoryOther
		}
		q.why = append(q.why, fmt.Sprintf("%q counts %s (%s)", f.Text, np.designation, q.item.Category))
	case ofAt >= 0 && (np.measure != "" || np.empty):
		ok = x.ofPhraseItem(s, q, &np, ofAt)
	case np.empty:
		ok = x.bareItem(s, q, np, k, &cueFrom, ctx)
	case np.measure != "":
		ok = x.eventItem(s, q, &np)
	default:
		return npInfo{}, false // a figure of something else: "17 countries"
	}
	if !ok {
		return npInfo{}, false
	}
	if np.designation != "" {
		q.item.Designation = np.designation
	} else if d := x.designationInClause(s, np.hi); d != "" && q.item.Category == armswatch.CategoryBallisticMissile {
		// "at least 3 of them believed to be North Korean-made KN-23s"
		q.item.Designation = d
		q.why = append(q.why, fmt.Sprintf("designation %s named later in the clause", d))
	}
	q.item.Caliber = np.caliber
	q.npHi = np.hi
	if q.measure == "" {
		q.measure, q.why = x.measureFor(s, cueFrom, max(np.headEnd, f.hi), q.why)
	}
	return np, true
}

// nounItem is the item noun after the figure: "6,700 containers", "rounds
// of 152 mm ammunition" (the caliber in the "of" phrase).
func (x *extractor) nounItem(s *sentence, q *quantityMention, np *npInfo, ofAt int) {
	toks := s.toks
	f := q.fig
	q.item.Category = np.category
	q.why = append(q.why, fmt.Sprintf("%q counts %q (%s)", f.Text, np.term, np.category))
	if np.measure != "" {
		q.measure = np.measure
		q.why = append(q.why, fmt.Sprintf("measure %s from %q", np.measure, np.measureNoun))
	}
	// "rounds of 152 mm ammunition": the caliber is in the "of" phrase.
	if ofAt >= 0 && np.caliber == "" {
		np2 := x.readNP(s, skipDeterminers(toks, ofAt+1))
		if np2.caliber != "" && (np.category == armswatch.CategoryArtilleryShell || np.category == armswatch.CategoryRocket) {
			np.caliber = np2.caliber
		}
		if np2.hi > np.hi {
			np.hi = np2.hi
		}
	}
}

// ofPhraseItem is the item in an "of" phrase: "9 launches of KN-23
// missiles", "two of these missiles", "3 of them".
func (x *extractor) ofPhraseItem(s *sentence, q *quantityMention, np *npInfo, ofAt int) bool {
	toks := s.toks
	f := q.fig
	k2 := skipDeterminers(toks, ofAt+1)
	np2 := x.readNP(s, k2)
	switch {
	case np2.category != "" && np2.blocked == "":
		q.item.Category = np2.category
		q.why = append(q.why, fmt.Sprintf("%q counts %q (%s)", f.Text, np2.term, np2.category))
	case np2.designation != "":
		q.item.Category = np2.desigCat
		if q.item.Category == "" {
			q.item.Category = armswatch.CategoryOther
		}
		q.why = append(q.why, fmt.Sprintf("%q counts %s (%s)", f.Text, np2.designation, q.item.Category))
	case np.empty && k2 < len(toks) && (toks[k2-1].lo == "them" || toks[k2-1].lo == "these" || toks[k2-1].lo == "those"):
		if c := nearestItemBefore(x, s, f.lo); c != "" {
			q.item.Category = c
			q.why = append(q.why, fmt.Sprintf("%q of %q: the item named before it (%s)", f.Text, toks[k2-1].s, c))
		}
	}
	if q.item.Category == "" {
		return false
	}
	np.designation, np.caliber = np2.designation, np2.caliber
	np.headEnd = np2.headEnd
	if np.measure != "" {
		q.measure = np.measure
		q.why = append(q.why, fmt.Sprintf("measure %s from %q", np.measure, np.measureNoun))
	}
	np.hi = max(np2.hi, np.hi)
	return true
}

// bareItem is the item of a figure without a noun: in apposition
// ("launchers - at least a half-dozen -"), or a bare scaled figure that
// counts the item named before ("puts the figure at 5.2 million").
func (x *extractor) bareItem(s *sentence, q *quantityMention, np npInfo, k int, cueFrom *int, ctx []armswatch.Category) bool {
	f := q.fig
	// Apposition: "launchers - at least a half-dozen -".
	if c, term, at := x.itemBefore(s, f.lo); c != "" {
		q.item.Category = c
		*cueFrom = at
		q.why = append(q.why, fmt.Sprintf("%q stands in apposition to %q (%s)", f.Text, term, c))
	} else if f.scaled && (!x.followedByWord(s, np.hi) || np.hi > k) {
		// A bare figure that reads as a count: "puts the figure at
		// 5.2 million", "north of 3 million".
		if c := nearestItemBefore(x, s, f.lo); c != "" {
			q.item.Category = c
			q.why = append(q.why, fmt.Sprintf("%q has no noun; it counts the %s named earlier in the sentence", f.Text, c))
		} else if len(ctx) > 0 {
			q.item.Category = ctx[len(ctx)-1]
			q.why = append(q.why, fmt.Sprintf("%q has no noun; it counts the %s of the sentences before", f.Text, q.item.Category))
		}
	}
	return q.item.Category != ""
}

// eventItem is the item after an event noun: "67 strikes that used North
// Korean ballistic missiles", "9 launches with KN-23s".
func (x *extractor) eventItem(s *sentence, q *quantityMention, np *npInfo) bool {
	toks := s.toks
	f := q.fig
	k2 := np.hi
	if k2 < len(toks) && (toks[k2].lo == "that" || toks[k2].lo == "which") {
		k2++
	}
	if k2 < len(toks) && (toks[k2].lo == "used" || toks[k2].lo == "using" || toks[k2].lo == "with" || toks[k2].lo == "involving" || toks[k2].lo == "involved") {
		np2 := x.readNP(s, skipDeterminers(toks, k2+1))
		if np2.category != "" && np2.blocked == "" {
			q.item.Category = np2.category
			q.measure = np.measure
			q.why = append(q.why, fmt.Sprintf("%q counts %s %q (%s)", f.Text, np.measureNoun, np2.term, np2.category),
				fmt.Sprintf("measure %s from %q", np.measure, np.measureNoun))
			np.designation, np.headEnd, np.hi = np2.designation, np2.headEnd, np2.hi
			return true
		}
	}
	return false
}

// conditionalSpans marks the tokens of "if" clauses (to the next comma).
func conditionalSpans(toks []token) []bool {
	out := make([]bool, len(toks))
	for i, t := range toks {
		if t.lo != "if" {
			continue
		}
		for k := i; k < len(toks) && toks[k].s != ","; k++ {
			out[k] = true
		}
	}
	return out
}

func skipDeterminers(toks []token, k int) int {
	for k < len(toks) {
		switch toks[k].lo {
		case "the", "these", "those", "them", "its", "their", "his", "her", "this", "our":
			k++
			continue
		}
		break
	}
	return k
}

// followedByWord reports whether a word (not punctuation or a link word
// like "to" or "and") follows token k: then a bare figure counts that
// word, not an item named earlier.
func (x *extractor) followedByWord(s *sentence, k int) bool {
	if k >= len(s.toks) {
		return false
	}
	t := s.toks[k]
	if t.kind == tPunct || t.date {
		return false
	}
	switch t.lo {
	case "to", "and", "or", "in", "since", "by", "last", "this", "so", "according":
		return false
	}
	return true
}

// itemBefore finds an item noun just before a figure set off by a dash or a
// bracket: "launchers - at least a half-dozen -".
func (x *extractor) itemBefore(s *sentence, lo int) (armswatch.Category, string, int) {
	toks := s.toks
	if lo < 2 {
		return "", "", 0
	}
	sep := toks[lo-1].s
	if sep != "-" && sep != "—" && sep != "–" && sep != "(" {
		return "", "", 0
	}
	for start := max(0, lo-5); start < lo-1; start++ {
		if p, end, ok := matchAt(x.lx.items, toks, start); ok && end == lo-1 {
			return p.category, span(s.text, toks, start, end), start
		}
	}
	return "", "", 0
}

// nearestItemBefore is the category of the item noun nearest before token
// lo in the sentence.
func nearestItemBefore(x *extractor, s *sentence, lo int) armswatch.Category {
	var cat armswatch.Category
	for _, m := range x.itemMentions(s, nil) {
		if m.hi <= lo {
			cat = m.item.Category
		}
	}
	return cat
}

// designationInClause finds a designation after token k, before the next
// comma or the end of the sentence.
func (x *extractor) designationInClause(s *sentence, k int) string {
	for i := k; i < len(s.toks) && s.toks[i].s != "," && s.toks[i].s != ";"; i++ {
		if d, _, _, ok := x.lx.designationAt(s.toks, i); ok {
			return d
		}
	}
	return ""
}

// measureFor finds the word that says what a figure measures: the nearest
// cue before it in the clause (up to 25 words back, over a parenthesis set
// off by dashes but not across a lone dash or a semicolon), else a cue just
// after its noun ("2 missiles that hit").
func (x *extractor) measureFor(s *sentence, lo, hi int, why []string) (armswatch.Measure, []string) {
	toks := s.toks
	for k, n := lo-1, 0; k >= 0 && n < 25; k, n = k-1, n+1 {
		t := toks[k]
		if t.s == ";" {
			break
		}
		if isDash(toks, k) {
			// Jump over "- at least a half-dozen -"; stop at a lone dash.
			open := -1
			for j := k - 1; j >= 0 && j >= k-12; j-- {
				if isDash(toks, j) {
					open = j
					break
				}
			}
			if open < 0 {
				break
			}
			k = open
			continue
		}
		if m, ok := measureCues[t.lo]; ok && !x.cueIsItemNoun(toks, k) {
			return m, append(why, fmt.Sprintf("measure %s from %q", m, t.s))
		}
	}
	for k, n := hi, 0; k < len(toks) && n < 6; k, n = k+1, n+1 {
		t := toks[k]
		if t.s == "," || t.s == ";" || t.s == "." || isDash(toks, k) {
			break
		}
		if m, ok := measureCues[t.lo]; ok && !x.cueIsItemNoun(toks, k) {
			return m, append(why, fmt.Sprintf("measure %s from %q", m, t.s))
		}
	}
	return armswatch.MeasureUnspecified, why
}

// cueIsItemNoun reports whether the cue word at token k is used as an item
// noun rather than a verb: "ships" in "12 cargo ships" or "the ships" names
// vessels; in "North Korea ships 300 missiles" it says they were shipped.
func (x *extractor) cueIsItemNoun(toks []token, k int) bool {
	for j := max(0, k-2); j <= k; j++ {
		p, end, ok := matchAt(x.lx.items, toks, j)
		if !ok || end != k+1 {
			continue
		}
		if j < k {
			return true // the head of a compound: "cargo ships"
		}
		if len(p.words) == 1 && j > 0 {
			prev := toks[j-1]
			_, small := smallNumbers[prev.lo]
			_, scale := scaleWords[prev.lo]
			if prev.kind == tNum || determiners[prev.lo] || small || scale {
				return true
			}
		}
	}
	return false
}

// determiners make the word after them a noun.
var determiners = set("the", "a", "an", "these", "those", "this", "its", "their", "his", "her",
	"our", "dozen", "dozens", "several", "many", "few", "some", "of", "all", "both", "more", "other")

// isDash reports whether token k is a dash set off by spaces.
func isDash(toks []token, k int) bool {
	t := toks[k]
	if t.s != "-" && t.s != "—" && t.s != "–" {
		return false
	}
	if t.s == "—" || t.s == "–" {
		return true
	}
	return k > 0 && toks[k-1].end < t.start
}

// itemMentions finds the items a sentence names outside the given figures'
// noun phrases: item nouns and designations, not followed by a blocker
// ("missile tests", "weapons trade").
func (x *extractor) itemMentions(s *sentence, qs []quantityMention) []itemMention {
	toks := s.toks
	inQty := make([]bool, len(toks))
	for _, q := range qs {
		for k := q.fig.lo; k < q.npHi && k < len(toks); k++ {
			inQty[k] = true
		}
	}
	var out []itemMention
	for i := 0; i < len(toks); {
		if inQty[i] {
			i++
			continue
		}
		if d, c, end, ok := x.lx.designationAt(toks, i); ok {
			if c == "" {
				c = armswatch.CategoryOther
			}
			out = append(out, itemMention{item: armswatch.Item{Category: c, Designation: d}, lo: i, hi: end, term: span(s.text, toks, i, end)})
			i = end
			continue
		}
		if p, end, ok := matchAt(x.lx.items, toks, i); ok {
			// The last item noun of a compound is the head: "ballistic
			// missile technology" is technology.
			if p2, end2, ok2 := matchAt(x.lx.items, toks, end); ok2 {
				p, end = p2, end2
			}
			if end < len(toks) && (blockers[toks[end].lo] || measureNouns[toks[end].lo] != "") {
				i = end
				continue
			}
			it := armswatch.Item{Category: p.category}
			if i > 0 {
				if c, _, ok := caliberAt(toks, i-1); ok {
					it.Caliber = c
				} else if i > 1 {
					if c, _, ok := caliberAt(toks, i-2); ok {
						it.Caliber = c
					}
				}
			}
			out = append(out, itemMention{item: it, lo: i, hi: end, term: span(s.text, toks, i, end)})
			i = end
			continue
		}
		i++
	}
	return out
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
