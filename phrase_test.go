package armswatch

import (
	"strings"
	"testing"
)

func TestQualifierPhrase(t *testing.T) {
	for q, want := range map[Qualifier]string{
		QualifierExact: "", QualifierAbout: "about", QualifierMoreThan: "more than", QualifierAtLeast: "at least",
		QualifierUpTo: "up to", QualifierRange: "a range of", QualifierUnspecified: "", "": "",
	} {
		if got := q.Phrase(); got != want {
			t.Errorf("%q.Phrase() = %q, want %q", q, got, want)
		}
	}
	for _, q := range Qualifiers {
		if q.Phrase() == "" && q.WordedIn("exact unspecified about more than at least up to 1-2") {
			t.Errorf("%q is worded in a text though it has no words", q)
		}
	}
}

func TestQualifierWordedIn(t *testing.T) {
	tests := []struct {
		q    Qualifier
		text string
		want bool
	}{
		{QualifierMoreThan, "more than 1 million", true},
		{QualifierMoreThan, "over 1 million", true},
		{QualifierMoreThan, "1 million", false},
		{QualifierAbout, "About a million", true},
		{QualifierAbout, "a million", false},
		{QualifierAtLeast, "at least 40", true},
		{QualifierUpTo, "up to 2 million", true},
		{QualifierUpTo, "2 million", false},
		{QualifierRange, "1–2 million", true},
		{QualifierRange, "between 1 and 2 million", true},
		{QualifierRange, "2 million", false},
	}
	for _, tt := range tests {
		if got := tt.q.WordedIn(tt.text); got != tt.want {
			t.Errorf("%q.WordedIn(%q) = %v, want %v", tt.q, tt.text, got, tt.want)
		}
	}
}

func TestMeasurePhrase(t *testing.T) {
	for m, want := range map[Measure]string{
		MeasureDelivered: "delivered", MeasureShipped: "shipped", MeasureCapacity: "capacity: at most this many",
		MeasureFired: "fired", MeasurePurchased: "purchased", MeasureUnspecified: "", "": "",
	} {
		if got := m.Phrase(); got != want {
			t.Errorf("%q.Phrase() = %q, want %q", m, got, want)
		}
	}
	for _, m := range Measures {
		if m != MeasureUnspecified && m.Phrase() == "" {
			t.Errorf("measure %q has no phrase", m)
		}
	}
}

func TestQuantityPhrase(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	tests := []struct {
		q          Quantity
		fig, whole string
	}{
		{Quantity{Text: "more than 1 million", Value: f(1e6), Qualifier: QualifierMoreThan}, "more than 1 million", "more than 1 million"},
		{Quantity{Text: "1 million", Value: f(1e6), Qualifier: QualifierMoreThan}, "1 million", "more than 1 million"},
		{Quantity{Text: " dozens of ", Qualifier: QualifierUnspecified}, "dozens of", "dozens of"},
		{Quantity{Text: "40", Value: f(40), Qualifier: QualifierExact}, "40", "40"},
		{Quantity{Value: f(40), Qualifier: QualifierAtLeast}, "40", "at least 40"},
		{Quantity{Min: f(1000), Max: f(2000), Qualifier: QualifierRange}, "1000–2000", "1000–2000"},
		{Quantity{Text: "від 4,2 до 5,8 мільйона", Min: f(4.2e6), Max: f(5.8e6), Qualifier: QualifierRange}, "від 4,2 до 5,8 мільйона", "a range of від 4,2 до 5,8 мільйона"},
		{Quantity{Max: f(3e6), Qualifier: QualifierUpTo}, "3000000", "up to 3000000"},
		{Quantity{Min: f(5)}, "5", "5"},
		{Quantity{}, "an unstated number", "an unstated number"},
	}
	for _, tt := range tests {
		if got := tt.q.Figure(); got != tt.fig {
			t.Errorf("%+v.Figure() = %q, want %q", tt.q, got, tt.fig)
		}
		if got := tt.q.Phrase(); got != tt.whole {
			t.Errorf("%+v.Phrase() = %q, want %q", tt.q, got, tt.whole)
		}
	}
}

func TestItemPhrase(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	q := func(text string, ql Qualifier, m Measure) *Quantity {
		return &Quantity{Text: text, Value: f(1), Qualifier: ql, Measure: m}
	}
	tests := []struct {
		it         Item
		name, want string
	}{
		{Item{Category: CategoryArtilleryShell, Caliber: "152 mm", Quantity: q("more than 3 million", QualifierMoreThan, MeasureCapacity)},
			"152 mm artillery shells", "more than 3 million 152 mm artillery shells (capacity: at most this many)"},
		{Item{Category: CategoryContainer, Quantity: q("more than 1,000", QualifierMoreThan, MeasureShipped)},
			"containers", "more than 1,000 containers (shipped)"},
		{Item{Category: CategoryArtilleryShell, Quantity: q("1 million", QualifierMoreThan, MeasureUnspecified)},
			"artillery shells", "more than 1 million artillery shells"},
		{Item{Category: CategoryArtilleryShell, Quantity: &Quantity{Text: "a substantial amount", Measure: MeasureDelivered}},
			"artillery shells", "“a substantial amount” artillery shells (delivered)"},
		{Item{Category: CategoryBallisticMissile, Designation: "KN-23", Quantity: q("at least 40", QualifierAtLeast, MeasureFired)},
			"KN-23 ballistic missiles", "at least 40 KN-23 ballistic missiles (fired)"},
		{Item{Category: CategoryRocket, Caliber: "122 mm", Designation: "Grad", Quantity: q("100", QualifierExact, "")},
			"122 mm Grad rockets", "100 122 mm Grad rockets"},
		{Item{Category: CategoryBallisticMissile, Designation: "KN-23"}, "KN-23 ballistic missiles", "KN-23 ballistic missiles (no figure given)"},
		{Item{}, "", "items (no figure given)"},
		// A comparison row: no category, its table names it.
		{Item{Caliber: "122 mm", Quantity: q("500,000", QualifierExact, MeasureCapacity)}, "122 mm", "500,000 122 mm (capacity: at most this many)"},
		{Item{Quantity: q("about 6,700", QualifierAbout, MeasureShipped)}, "", "about 6,700 (shipped)"},
	}
	for _, tt := range tests {
		if got := tt.it.Name(); got != tt.name {
			t.Errorf("Name() of %+v = %q, want %q", tt.it, got, tt.name)
		}
		if got := tt.it.Phrase(); got != tt.want {
			t.Errorf("Phrase() of %+v = %q, want %q", tt.it, got, tt.want)
		}
	}
}

func TestItemPhraseMarked(t *testing.T) {
	v := 1.0
	it := Item{Category: CategoryArtilleryShell, Caliber: "152 mm", Designation: "*x*",
		Quantity: &Quantity{Text: "1 million", Value: &v, Qualifier: QualifierMoreThan, Measure: MeasureCapacity}}
	bold := func(s string) string { return "**" + s + "**" }
	esc := func(s string) string { return strings.ReplaceAll(s, "*", `\*`) }
	want := `more than **1 million** 152 mm \*x\* artillery shells (capacity: at most this many)`
	if got := it.PhraseMarked(bold, esc); got != want {
		t.Errorf("PhraseMarked = %q, want %q", got, want)
	}
	// nil marks leave the text as it is; a figure in words is not quoted.
	it.Quantity.Text, it.Quantity.Qualifier = "dozens of", QualifierUnspecified
	if got, want := it.PhraseMarked(nil, nil), "dozens of 152 mm *x* artillery shells (capacity: at most this many)"; got != want {
		t.Errorf("PhraseMarked(nil, nil) = %q, want %q", got, want)
	}
}
