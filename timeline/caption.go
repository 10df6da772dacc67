package timeline

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/armswatch/armswatch/internal/prose"

	"github.com/armswatch/armswatch"
)

// Caption is the text that goes with a chart: what it shows, how to read
// it, every figure on it, every claim about the item that is not on it and
// why, and the sources. String renders all of it as plain text; Fit renders
// it within a length limit, keeping what a reader needs to check the chart
// (the figures plotted and the sources) first; a front end can also render
// the fields itself.
type Caption struct {
	// Title says what the chart shows: "Reported quantities of artillery
	// shells over time".
	Title string
	// Subtitle gives the item as asked, the claimant filter and the counts.
	Subtitle string
	// Legend says how to read the chart, one line each.
	Legend []string
	// Plotted is every figure and denial on the chart, in time order.
	Plotted []Entry
	// Unplotted is every figure and denial about the item that is not on
	// the chart, with the Reason: no number ("dozens of"), or no date.
	Unplotted []Entry
	// NoFigure is the other claims about the item: they give no figure.
	NoFigure []Entry
	// Sources is the documents all of these appear in, oldest first,
	// undated last.
	Sources []Source
}

// Entry is one claim's figure (or denial) in a caption.
type Entry struct {
	ClaimID  string
	Claimant string
	Stance   armswatch.Stance
	Hedged   bool
	// Figure is the figure exactly as reported, in quotes, with what it
	// measures (“over 1 million” delivered); "denies" for a denial; empty
	// in NoFigure.
	Figure string
	// Date is where the claim is placed on the time axis, at its own
	// precision; zero when it has none.
	Date      armswatch.Date
	Placement Placement
	// DateFrom is the document whose publication date Date is, when
	// Placement is PlacedPublished.
	DateFrom string
	// Reason says why an Unplotted entry is not on the chart.
	Reason string
}

// Source is a document that a caption's claims appear in.
type Source struct {
	Doc       string
	Title     string
	Publisher string
	Published armswatch.Date
	URL       string
}

// Notes that every caption and chart carries.
const (
	noteNeverAdded = "Each marker is one figure from one claim; figures are never added up or merged."
	noteMidpoint   = "Dates known only to the month or year are placed at the middle of that month or year."
	noteLogScale   = "The quantity axis is logarithmic: the figures span orders of magnitude."
)

// legendItem is one way of drawing, with what it means on the chart and in
// the caption.
type legendItem struct {
	icon    iconKind
	chart   string
	caption string
}

// legend lists the ways of drawing this chart uses.
func (t *timeline) legend() []legendItem {
	var has [numIcons]bool
	all := append(append([]mark(nil), t.marks...), t.denials...)
	for _, m := range all {
		switch m.kind {
		case markCount:
			has[iconCount] = true
		case markCapacity:
			has[iconCapacity] = true
		case markRange:
			has[iconRange] = true
		case markDenial:
			has[iconDenial] = true
		}
		if m.hedged && m.kind != markDenial {
			has[iconHedged] = true
		}
		switch m.placement {
		case PlacedSaidOn:
			has[iconSaidOn] = true
		case PlacedPublished:
			has[iconPublished] = true
		}
	}
	var out []legendItem
	add := func(k iconKind, chart, caption string) {
		if has[k] {
			out = append(out, legendItem{k, chart, caption})
		}
	}
	add(iconCount, "a count (delivered, shipped, fired…)",
		"● a count: delivered, shipped, fired, purchased, or not said")
	add(iconCapacity, "a capacity: what containers could hold (an upper bound)",
		"▼ a capacity: what containers could hold, an upper bound, not a count of deliveries")
	add(iconRange, "a range: lowest to highest figure given",
		"┃ a range, from the lowest to the highest figure given")
	add(iconHedged, "hollow: a hedged claim (“may have”, “believed to”)",
		"hollow marker: a hedged claim (“may have”, “is believed to”)")
	if has[iconPublished] {
		add(iconSaidOn, "blue: at the date the claim was made",
			"blue marker: placed at the date the claim was made")
	}
	add(iconPublished, "orange: claim undated, placed at its source's publication date",
		"orange marker: the date the claim was made is not given; it is placed at its source's publication date")
	add(iconDenial, "× on the time axis: a denial",
		"✕ on the time axis, with a dotted line: a denial")
	return out
}

// fillCaptionHead writes the title, subtitle and legend.
func (t *timeline) fillCaptionHead(q Query) {
	c := &t.caption
	c.Title = "Reported quantities of " + categoryLabel(t.category) + " over time"
	item := oneLine(q.Item)
	var sub []string
	if strings.Join(words(item), " ") == strings.Join(words(string(t.category)), " ") {
		sub = append(sub, "Item "+string(t.category))
	} else {
		sub = append(sub, "Item “"+prose.Shorten(item, 60)+"” → "+string(t.category))
	}
	if who := oneLine(q.Claimant); who != "" {
		sub = append(sub, "claimant “"+prose.Shorten(who, 60)+"”")
	}
	sub = append(sub, countPhrase(len(t.marks), "figure plotted", "figures plotted"))
	if len(t.denials) > 0 {
		sub = append(sub, countPhrase(len(t.denials), "denial", "denials"))
	}
	var more []string
	if n := len(c.Unplotted); n > 0 {
		more = append(more, fmt.Sprintf("%d not plotted", n))
	}
	if n := len(c.NoFigure); n > 0 {
		more = append(more, countPhrase(n, "claim", "claims")+" without a figure")
	}
	if len(more) > 0 {
		sub = append(sub, strings.Join(more, ", ")+": see the caption")
	}
	c.Subtitle = strings.Join(sub, " · ")
	for _, l := range t.legend() {
		c.Legend = append(c.Legend, l.caption)
	}
	c.Legend = append(c.Legend, noteNeverAdded, noteMidpoint)
	if t.log {
		c.Legend = append(c.Legend, noteLogScale)
	}
}

func countPhrase(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// String renders the whole caption as plain text, one item a line.
func (c Caption) String() string { return c.Fit(0) }

// captionSection is one titled list of a rendered caption.
type captionSection struct {
	head  string
	lines []string
}

// sections lists the caption's parts in display order.
func (c Caption) sections() []captionSection {
	lines := func(es []Entry, withReason bool) []string {
		out := make([]string, len(es))
		for i, e := range es {
			out[i] = e.line(withReason)
		}
		return out
	}
	src := make([]string, len(c.Sources))
	for i, s := range c.Sources {
		src[i] = s.line()
	}
	return []captionSection{
		{"How to read it:", c.Legend},
		{fmt.Sprintf("Plotted (%d):", len(c.Plotted)), lines(c.Plotted, false)},
		{fmt.Sprintf("Not plotted (%d):", len(c.Unplotted)), lines(c.Unplotted, true)},
		{fmt.Sprintf("Also about this item, without a figure (%d):", len(c.NoFigure)), lines(c.NoFigure, false)},
		{"Sources:", src},
	}
}

// Fit renders the caption in at most max runes (no limit when max <= 0),
// for front ends with a length limit (a Discord message holds 2000).
// Whole lines are kept, in this order of priority: title and subtitle,
// the figures plotted, the sources, the claims not plotted, how to read
// it, the claims without a figure; the text stays in display order, and a
// last line says how many lines were left out. Lines are never cut, except
// a title or subtitle longer than max.
func (c Caption) Fit(limit int) string {
	secs := c.sections()
	head := []string{c.Title}
	if c.Subtitle != "" {
		head = append(head, c.Subtitle)
	}
	kept := make([][]string, len(secs))
	total, shown := 0, 0
	if limit <= 0 {
		for i, s := range secs {
			kept[i] = s.lines
		}
	} else {
		const noteRoom = 42 // for the closing note on lines left out
		budget := limit - noteRoom
		for i, h := range head {
			if n := runeLen(h) + 1; n > budget {
				head[i] = prose.Shorten(h, max(budget-2, 1))
			}
			budget -= runeLen(head[i]) + 1
		}
		// Plotted, sources, not plotted, how to read it, no figure.
		for _, si := range []int{1, 4, 2, 0, 3} {
			s := secs[si]
			total += len(s.lines)
			for k, l := range s.lines {
				cost := runeLen(l) + 3 // "- " and the newline
				if k == 0 {
					cost += runeLen(s.head) + 2 // a blank line and the head
				}
				if cost > budget {
					break
				}
				budget -= cost
				kept[si] = append(kept[si], l)
			}
		}
	}
	var b strings.Builder
	for _, h := range head {
		b.WriteString(h + "\n")
	}
	for i, s := range secs {
		writeSection(&b, s.head, kept[i])
		shown += len(kept[i])
	}
	if left := total - shown; limit > 0 && left > 0 {
		fmt.Fprintf(&b, "\n(%d more %s left out for length.)\n", left, prose.Plural(left, "line", "lines"))
	}
	return b.String()
}

func writeSection(b *strings.Builder, head string, lines []string) {
	if len(lines) == 0 {
		return
	}
	b.WriteString("\n" + head + "\n")
	for _, l := range lines {
		b.WriteString("- " + l + "\n")
	}
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }

// line renders an entry: when, who, what, and the claim record's id.
func (e Entry) line(withReason bool) string {
	var b strings.Builder
	switch e.Placement {
	case PlacedSaidOn:
		b.WriteString(e.Date.String())
		b.WriteString(" · ")
	case PlacedPublished:
		b.WriteString(e.Date.String())
		b.WriteString(" (claim undated; publication date of " + e.DateFrom + ") · ")
	default:
		b.WriteString("undated · ")
	}
	b.WriteString(oneLine(e.Claimant))
	if e.Figure != "" {
		b.WriteString(": ")
		b.WriteString(oneLine(e.Figure))
	}
	if e.Hedged {
		b.WriteString(", hedged")
	}
	if withReason && e.Reason != "" {
		b.WriteString(" — ")
		b.WriteString(e.Reason)
	}
	b.WriteString(" [" + e.ClaimID + "]")
	return b.String()
}

// line renders a source: title, publisher, date, id and URL; a field the
// document does not state is said to be missing, never guessed.
func (s Source) line() string {
	pub := s.Publisher
	if pub == "" {
		pub = "publisher not stated"
	}
	date := s.Published.String()
	if date == "" {
		date = "undated"
	}
	out := "“" + oneLine(s.Title) + "” — " + oneLine(pub) + ", " + date + " [" + s.Doc + "]"
	if s.URL != "" {
		out += " " + s.URL
	}
	return out
}

// oneLine folds whitespace and drops control characters, so that data
// cannot break a caption's layout.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t' || r == '\r':
			return ' '
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
