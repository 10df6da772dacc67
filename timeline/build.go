package timeline

import (
	"errors"
	"fmt"
	"github.com/armswatch/armswatch/internal/prose"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/armswatch/armswatch"
)

// ErrNoClaims: no active claim in the data is about the item (by the
// claimant asked for), so there is no chart to draw. Errors matching it
// say so in words fit for a reader ("no claim in the data is about
// drones").
var ErrNoClaims = errors.New("no claim in the data is about the item")

// noClaimsError is an ErrNoClaims with the item and claimant in words.
type noClaimsError struct{ msg string }

func (e *noClaimsError) Error() string        { return e.msg }
func (e *noClaimsError) Is(target error) bool { return target == ErrNoClaims }

// Placement says where a claim sits on the time axis.
type Placement int

// The placements.
const (
	// PlacedNowhere: neither the claim nor any document it appears in is
	// dated; it is listed in the caption instead.
	PlacedNowhere Placement = iota
	// PlacedSaidOn: at the date the claim was made (said_on).
	PlacedSaidOn
	// PlacedPublished: the date the claim was made is not given; it is
	// placed at the earliest publication date among its documents.
	PlacedPublished
)

// placeClaim returns the date a claim is placed at on the time axis: the
// date it was made, else the earliest publication date among the documents
// it appears in (doc is that document), else none.
func placeClaim(c *armswatch.Corpus, cl armswatch.Claim) (d armswatch.Date, how Placement, doc string) {
	if !cl.SaidOn.IsZero() {
		return cl.SaidOn, PlacedSaidOn, ""
	}
	for _, a := range cl.Appearances {
		dd, ok := c.Document(a.Doc)
		if !ok || dd.Published.IsZero() {
			continue
		}
		if d.IsZero() || dd.Published.Before(d) {
			d, doc = dd.Published, dd.ID
		}
	}
	if d.IsZero() {
		return armswatch.Date{}, PlacedNowhere, ""
	}
	return d, PlacedPublished, doc
}

// midpoint is where a date goes on the time axis: the middle of the period
// it covers (noon of a day, the middle of a month or of a year), in UTC.
func midpoint(d armswatch.Date) time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	s, e := d.Start(), d.End()
	return s.Add(e.Sub(s) / 2)
}

// useLogScale decides the quantity axis: logarithmic when the figures span
// orders of magnitude (the largest at least 100 times the smallest), and
// all are above zero; linear otherwise.
func useLogScale(values []float64) bool {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range values {
		if v <= 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	return len(values) >= 2 && hi/lo >= 100
}

// markKind is how a figure is drawn.
type markKind int

const (
	markCount    markKind = iota // one number, counted (delivered, shipped, fired…)
	markCapacity                 // one number that is a capacity: an upper bound
	markRange                    // a range from min to max
	markDenial                   // a denial, on the time axis
)

// mark is one marker on the chart: one figure of one claim, or a denial.
type mark struct {
	kind      markKind
	value     float64 // markCount, markCapacity
	min, max  float64 // markRange
	hedged    bool
	placement Placement
	x         float64 // the midpoint of the date, in Unix seconds
	claimant  string
	figure    string // the figure as written, then what it measures, for the label
	entry     Entry
}

// timeline is what a chart shows, before it is drawn.
type timeline struct {
	category armswatch.Category
	marks    []mark // figures, in time order
	denials  []mark // dated denials, in time order
	log      bool
	caption  Caption
}

// build selects and places everything a chart of q shows.
func build(c *armswatch.Corpus, q Query) (*timeline, error) {
	cat, err := ResolveItem(c.Aliases, q.Item)
	if err != nil {
		return nil, err
	}
	var who *claimantMatcher
	if strings.TrimSpace(q.Claimant) != "" {
		m, err := newClaimantMatcher(c.Aliases, q.Claimant)
		if err != nil {
			return nil, err
		}
		who = &m
	}
	t := &timeline{category: cat}
	capt := &t.caption
	docs := map[string]bool{}
	about := 0
	for _, cl := range c.Claims {
		if !cl.Active() {
			continue // retracted and superseded records are never shown
		}
		if who != nil && !who.match(cl.Claimant) {
			continue
		}
		if cl.Stance == armswatch.StanceDenies {
			if !deniesCategory(cl, cat) {
				continue
			}
			for _, a := range cl.Appearances {
				docs[a.Doc] = true
			}
			d, how, doc := placeClaim(c, cl)
			e := newEntry(cl, d, how, doc)
			e.Figure = denialFigure(cl, cat)
			if how == PlacedNowhere {
				e.Reason = "a denial with no date: neither the claim nor its sources are dated"
				capt.Unplotted = append(capt.Unplotted, e)
				continue
			}
			t.denials = append(t.denials, mark{
				kind: markDenial, hedged: cl.Hedged, placement: how,
				x: unixSeconds(midpoint(d)), claimant: cl.Claimant, figure: e.Figure, entry: e,
			})
			continue
		}
		var items []armswatch.Item
		for _, it := range cl.Items {
			if it.Category == cat {
				items = append(items, it)
			}
		}
		if len(items) == 0 {
			continue
		}
		about++
		for _, a := range cl.Appearances {
			docs[a.Doc] = true
		}
		d, how, doc := placeClaim(c, cl)
		figures := 0
		for _, it := range items {
			if it.Quantity == nil {
				continue
			}
			figures++
			qty := it.Quantity
			e := newEntry(cl, d, how, doc)
			e.Figure = describeFigure(it)
			m := mark{
				hedged: cl.Hedged, placement: how, claimant: cl.Claimant,
				figure: labelFigure(it), entry: e,
			}
			switch {
			case !finite(qty.Value) || !finite(qty.Min) || !finite(qty.Max):
				e.Reason = "no number to plot: the number recorded is not finite"
				capt.Unplotted = append(capt.Unplotted, e)
				continue
			case qty.Value != nil:
				m.kind, m.value = markCount, *qty.Value
			case qty.Min != nil && qty.Max != nil && *qty.Min < *qty.Max:
				m.kind, m.min, m.max = markRange, *qty.Min, *qty.Max
			case qty.Min != nil:
				m.kind, m.value = markCount, *qty.Min
			case qty.Max != nil:
				m.kind, m.value = markCount, *qty.Max
			default:
				e.Reason = "no number to plot: the figure is given in words only"
				capt.Unplotted = append(capt.Unplotted, e)
				continue
			}
			if m.kind == markCount && qty.Measure == armswatch.MeasureCapacity {
				m.kind = markCapacity
			}
			if how == PlacedNowhere {
				e.Reason = "no date: neither the claim nor its sources are dated"
				capt.Unplotted = append(capt.Unplotted, e)
				continue
			}
			m.x = unixSeconds(midpoint(d))
			t.marks = append(t.marks, m)
		}
		if figures == 0 {
			capt.NoFigure = append(capt.NoFigure, newEntry(cl, d, how, doc))
		}
	}
	if about == 0 {
		what := categoryLabel(cat)
		if who != nil {
			return nil, &noClaimsError{fmt.Sprintf("no claim in the data about %s is by %q", what, prose.Shorten(strings.TrimSpace(q.Claimant), 60))}
		}
		return nil, &noClaimsError{"no claim in the data is about " + what}
	}
	sortMarks(t.marks)
	sortMarks(t.denials)
	var values []float64
	for _, m := range t.marks {
		if m.kind == markRange {
			values = append(values, m.min, m.max)
		} else {
			values = append(values, m.value)
		}
	}
	t.log = useLogScale(values)
	for _, m := range t.marks {
		capt.Plotted = append(capt.Plotted, m.entry)
	}
	for _, m := range t.denials {
		capt.Plotted = append(capt.Plotted, m.entry)
	}
	sort.SliceStable(capt.Plotted, func(i, j int) bool {
		return midpoint(capt.Plotted[i].Date).Before(midpoint(capt.Plotted[j].Date))
	})
	sort.SliceStable(capt.NoFigure, func(i, j int) bool { return capt.NoFigure[i].Date.Before(capt.NoFigure[j].Date) })
	capt.Sources = sources(c, docs)
	t.fillCaptionHead(q)
	return t, nil
}

// deniesCategory reports whether a denial concerns the category: it names
// an item of the category, or no item at all.
func deniesCategory(cl armswatch.Claim, cat armswatch.Category) bool {
	if len(cl.Items) == 0 {
		return true
	}
	for _, it := range cl.Items {
		if it.Category == cat {
			return true
		}
	}
	return false
}

func sortMarks(ms []mark) {
	sort.SliceStable(ms, func(i, j int) bool {
		a, b := ms[i], ms[j]
		if a.x != b.x {
			return a.x < b.x
		}
		return a.top() > b.top()
	})
}

// top is the highest quantity a mark reaches.
func (m mark) top() float64 {
	if m.kind == markRange {
		return m.max
	}
	return m.value
}

func unixSeconds(t time.Time) float64 { return float64(t.Unix()) }

// finite reports whether a recorded number, if any, is a finite number.
func finite(v *float64) bool { return v == nil || (!math.IsNaN(*v) && !math.IsInf(*v, 0)) }

func newEntry(cl armswatch.Claim, d armswatch.Date, how Placement, doc string) Entry {
	e := Entry{
		ClaimID: cl.ID, Claimant: cl.Claimant, Stance: cl.Stance, Hedged: cl.Hedged,
		Date: d, Placement: how,
	}
	if how == PlacedPublished {
		e.DateFrom = doc
	}
	return e
}

// describeFigure is an item's figure for the caption: the item's phrase
// (armswatch.Item.PhraseMarked) with the figure quoted exactly as reported,
// without the category, which the caption's title names.
func describeFigure(it armswatch.Item) string {
	it.Category = ""
	return it.PhraseMarked(func(fig string) string { return "“" + fig + "”" }, nil)
}

// labelFigure is an item's figure for the chart label, kept short: the
// figure as reported, the caliber and designation, and the name of what it
// counts (the legend says what a capacity is).
func labelFigure(it armswatch.Item) string {
	q := it.Quantity
	s := q.Figure()
	if extra := (armswatch.Item{Caliber: it.Caliber, Designation: it.Designation}).Name(); extra != "" {
		s += " " + extra
	}
	if q.Measure.Phrase() != "" {
		s += " · " + string(q.Measure)
	}
	return s
}

// denialFigure says what a denial denies, for the caption and the label.
func denialFigure(cl armswatch.Claim, cat armswatch.Category) string {
	for _, it := range cl.Items {
		if it.Category == cat && it.Quantity != nil {
			return "denies (“" + it.Quantity.Text + "”)"
		}
	}
	return "denies"
}

// sources lists the documents the shown and listed claims appear in,
// oldest first, undated last.
func sources(c *armswatch.Corpus, ids map[string]bool) []Source {
	var out []Source
	for _, d := range c.Documents {
		if !ids[d.ID] {
			continue
		}
		out = append(out, Source{Doc: d.ID, Title: d.Title, Publisher: d.Publisher, Published: d.Published, URL: d.URL})
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Published != b.Published {
			return a.Published.Before(b.Published)
		}
		if a.Title != b.Title {
			return a.Title < b.Title
		}
		return a.Doc < b.Doc
	})
	return out
}

// categoryLabel names a category in running text (plural).
func categoryLabel(c armswatch.Category) string { return c.Label() }
