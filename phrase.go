package armswatch

import (
	"strconv"
	"strings"
)

// The words shared by every renderer (the CLI, the bot, the timeline
// chart) for figures, qualifiers, measures and items. Renderers add only
// their markup: terminal bold, Discord markdown, chart labels.

// Phrase words the qualifier as it is put before a figure: "about", "more
// than", "at least", "up to", "a range of". An exact, unspecified or empty
// qualifier says nothing more than the figure, and is "".
func (q Qualifier) Phrase() string {
	switch q {
	case QualifierAbout:
		return "about"
	case QualifierMoreThan:
		return "more than"
	case QualifierAtLeast:
		return "at least"
	case QualifierUpTo:
		return "up to"
	case QualifierRange:
		return "a range of"
	}
	return ""
}

// WordedIn reports whether a figure's text already words the qualifier:
// "more than 1 million" says more-than, "over 1 million" too, "1 million"
// does not. It is false for qualifiers that Phrase leaves unsaid.
func (q Qualifier) WordedIn(text string) bool {
	t := " " + strings.ToLower(text) + " "
	var words []string
	switch q {
	case QualifierAbout:
		words = []string{"about", "around", "approximately", "roughly", "some ", "nearly", "almost", "estimated", "~", "close to"}
	case QualifierMoreThan:
		words = []string{"more than", "over ", "above", "in excess", "exceed", "+", "upward"}
	case QualifierAtLeast:
		words = []string{"at least", "minimum", "no fewer", "no less"}
	case QualifierUpTo:
		words = []string{"up to", "as many as", "at most", "maximum", "no more than"}
	case QualifierRange:
		words = []string{"-", "–", " to ", "between"}
	}
	for _, w := range words {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}

// Phrase says what a figure counts: "delivered", "shipped", "fired",
// "purchased"; a capacity (what containers could hold) is an upper bound,
// "capacity: at most this many". An unspecified or empty measure is "".
func (m Measure) Phrase() string {
	switch m {
	case MeasureCapacity:
		return "capacity: at most this many"
	case MeasureUnspecified, "":
		return ""
	}
	return string(m)
}

// Figure is the figure exactly as reported ("more than 1 million",
// "dozens of"), trimmed; when there is no text, its numbers ("40",
// "1000–2000"), and failing those "an unstated number".
func (q Quantity) Figure() string {
	if t := strings.TrimSpace(q.Text); t != "" {
		return t
	}
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	switch {
	case q.Value != nil:
		return f(*q.Value)
	case q.Min != nil && q.Max != nil:
		return f(*q.Min) + "–" + f(*q.Max)
	case q.Min != nil:
		return f(*q.Min)
	case q.Max != nil:
		return f(*q.Max)
	}
	return "an unstated number"
}

// qualifierPrefix is what Phrase puts before the figure: the qualifier
// and a space ("more than ") when the figure's text does not word it, else
// "".
func (q Quantity) qualifierPrefix() string {
	if p := q.Qualifier.Phrase(); p != "" && !q.Qualifier.WordedIn(q.Figure()) {
		return p + " "
	}
	return ""
}

// Phrase is the figure as reported, after its qualifier when the text does
// not word it: "more than 1 million" as written, "more than" then "1
// million" when the text says only "1 million".
func (q Quantity) Phrase() string { return q.qualifierPrefix() + q.Figure() }

// Name names the item: caliber, designation and category, in that order
// ("152 mm artillery shells", "KN-23 ballistic missiles"). Empty parts are
// left out, an empty category too (a comparison row, whose category is its
// table's heading, may be just "152 mm").
func (it Item) Name() string { return it.name(nil) }

func (it Item) name(text func(string) string) string {
	if text == nil {
		text = func(s string) string { return s }
	}
	var parts []string
	for _, s := range []string{it.Caliber, it.Designation} {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, text(s))
		}
	}
	if it.Category != "" {
		parts = append(parts, text(it.Category.Label()))
	}
	return strings.Join(parts, " ")
}

// Phrase describes the item in one line: the figure's qualifier when its
// text does not word it, the figure as reported, what the item is, and in
// brackets what the figure counts:
//
//	more than 3 million 152 mm artillery shells (capacity: at most this many)
//	more than 1 million artillery shells  (the text is "1 million")
//	“a substantial amount” artillery shells (delivered)
//	KN-23 ballistic missiles (no figure given)
//
// A figure in words only is quoted, so that it cannot run into the item's
// name. PhraseMarked is the same with a renderer's markup.
func (it Item) Phrase() string {
	return it.PhraseMarked(func(fig string) string {
		if !strings.ContainsAny(fig, "0123456789") {
			return "“" + fig + "”"
		}
		return fig
	}, nil)
}

// PhraseMarked is Phrase with markup: figure marks up the figure as
// reported (bold, quotes), text every other piece of the data (caliber,
// designation, category name), for example to escape it. The words of the
// phrase itself (qualifier, measure) are not passed to either. A nil func
// leaves its text as it is.
func (it Item) PhraseMarked(figure, text func(string) string) string {
	if figure == nil {
		figure = func(s string) string { return s }
	}
	name := it.name(text)
	if it.Quantity == nil {
		if name == "" {
			name = "items"
		}
		return name + " (no figure given)"
	}
	s := it.Quantity.qualifierPrefix() + figure(it.Quantity.Figure())
	if name != "" {
		s += " " + name
	}
	if m := it.Quantity.Measure.Phrase(); m != "" {
		s += " (" + m + ")"
	}
	return s
}
