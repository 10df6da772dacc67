package timeline

import (
	"bytes"
	"errors"
	"fmt"
	"image/png"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/armswatch/armswatch"
	"gonum.org/v1/plot/vg"
)

func TestResolveItem(t *testing.T) {
	aliases := bundled(t).Aliases
	cases := []struct {
		term string
		want armswatch.Category
	}{
		{"shells", armswatch.CategoryArtilleryShell},
		{"Shells", armswatch.CategoryArtilleryShell},
		{"  artillery   ammunition ", armswatch.CategoryArtilleryShell},
		{"munitions", armswatch.CategoryArtilleryShell},
		{"포탄", armswatch.CategoryArtilleryShell},
		{"снаряди", armswatch.CategoryArtilleryShell},
		{"СНАРЯДЫ", armswatch.CategoryArtilleryShell},
		{"152mm", armswatch.CategoryArtilleryShell},
		{"152-millimeter", armswatch.CategoryArtilleryShell},
		{"artillery-shell", armswatch.CategoryArtilleryShell},
		{"artillery shell", armswatch.CategoryArtilleryShell},
		{"artillery shells", armswatch.CategoryArtilleryShell},
		{"ballistic-missile", armswatch.CategoryBallisticMissile},
		{"missiles", armswatch.CategoryBallisticMissile},
		{"KN-23", armswatch.CategoryBallisticMissile},
		{"kn23", armswatch.CategoryBallisticMissile},
		{"Hwasong-11", armswatch.CategoryBallisticMissile},
		{"containers", armswatch.CategoryContainer},
		{"troops", armswatch.CategoryTroops},
		{"military-equipment", armswatch.CategoryMilitaryEquipment},
		{"weapons", armswatch.CategoryMilitaryEquipment},
	}
	for _, tc := range cases {
		got, err := ResolveItem(aliases, tc.term)
		if err != nil || got != tc.want {
			t.Errorf("ResolveItem(%q) = %q, %v; want %q", tc.term, got, err, tc.want)
		}
	}
}

func TestResolveItemUnknown(t *testing.T) {
	aliases := bundled(t).Aliases
	for _, term := range []string{"bananas", "", "   ", "Kim Jong Un", "North Korea", "artillery", strings.Repeat("x", 5000)} {
		got, err := ResolveItem(aliases, term)
		if err == nil {
			t.Errorf("ResolveItem(%q) = %q, want an error", term, got)
			continue
		}
		if !errors.Is(err, armswatch.ErrBadQuery) {
			t.Errorf("ResolveItem(%q): %v does not match ErrBadQuery", term, err)
		}
		msg := err.Error()
		for _, c := range armswatch.Categories {
			if !strings.Contains(msg, string(c)) {
				t.Errorf("ResolveItem(%q): message does not list %s: %s", term, c, msg)
			}
		}
		if !strings.Contains(msg, "shells") {
			t.Errorf("ResolveItem(%q): message does not suggest a term: %s", term, msg)
		}
		if len(msg) > 1000 {
			t.Errorf("ResolveItem(%q): message is %d bytes long", term, len(msg))
		}
	}
}

func TestClaimantMatcher(t *testing.T) {
	aliases := bundled(t).Aliases
	cases := []struct {
		name, claimant string
		want           bool
	}{
		{"Austin", "Lloyd Austin", true},
		{"austin", "Shin Won-sik and Lloyd Austin", true},
		{"Lloyd Austin", "Shin Won-sik and Lloyd Austin", true},
		{"Skibitsky", "Vadym Skibitskyi", true},                 // an alias of the group
		{"Вадим Скібіцький", "Vadym Skibitskyi", true},          // a Ukrainian alias
		{"신원식", "Shin Won-sik", true},                           // a Korean alias
		{"Won-sik", "Shin Won-sik", true},                       // words in a row
		{"Shin Austin", "Shin Won-sik and Lloyd Austin", false}, // not in a row
		{"Aust", "Lloyd Austin", false},                         // whole words only
		{"Budanov", "Vadym Skibitskyi", false},
		{"White House", "White House", true},
		{"the White House", "White House", true}, // an alias of the organisation
	}
	for _, tc := range cases {
		m, err := newClaimantMatcher(aliases, tc.name)
		if err != nil {
			t.Fatalf("newClaimantMatcher(%q): %v", tc.name, err)
		}
		if got := m.match(tc.claimant); got != tc.want {
			t.Errorf("claimant %q matches %q = %v, want %v", tc.name, tc.claimant, got, tc.want)
		}
	}
	if _, err := newClaimantMatcher(aliases, " -- "); !errors.Is(err, armswatch.ErrBadQuery) {
		t.Errorf("claimant with no letters: %v, want ErrBadQuery", err)
	}
}

func TestMidpoint(t *testing.T) {
	d := armswatch.MustDate
	cases := []struct {
		date armswatch.Date
		want time.Time
	}{
		{d("2023-11-14"), time.Date(2023, 11, 14, 12, 0, 0, 0, time.UTC)},
		{d("2023-11"), time.Date(2023, 11, 16, 0, 0, 0, 0, time.UTC)},  // 30 days
		{d("2024-02"), time.Date(2024, 2, 15, 12, 0, 0, 0, time.UTC)},  // 29 days, leap year
		{d("2023-12"), time.Date(2023, 12, 16, 12, 0, 0, 0, time.UTC)}, // 31 days
		{d("2023"), time.Date(2023, 7, 2, 12, 0, 0, 0, time.UTC)},      // 365 days
		{d("2024"), time.Date(2024, 7, 2, 0, 0, 0, 0, time.UTC)},       // 366 days
		{armswatch.Date{}, time.Time{}},
	}
	for _, tc := range cases {
		if got := midpoint(tc.date); !got.Equal(tc.want) {
			t.Errorf("midpoint(%q) = %v, want %v", tc.date, got, tc.want)
		}
	}
}

func TestPlaceClaim(t *testing.T) {
	d := armswatch.MustDate
	c := &armswatch.Corpus{Documents: []armswatch.Document{
		{ID: "late", Published: d("2024-01-18")},
		{ID: "early", Published: d("2023-11")},
		{ID: "undated"},
	}}
	at := func(docs ...string) []armswatch.Appearance {
		var out []armswatch.Appearance
		for _, id := range docs {
			out = append(out, armswatch.Appearance{Doc: id})
		}
		return out
	}
	cases := []struct {
		name     string
		claim    armswatch.Claim
		wantDate string
		wantHow  Placement
		wantDoc  string
	}{
		{"said_on wins over publication", armswatch.Claim{SaidOn: d("2023-10-13"), Appearances: at("late")}, "2023-10-13", PlacedSaidOn, ""},
		{"said_on keeps its precision", armswatch.Claim{SaidOn: d("2023-09"), Appearances: at("late")}, "2023-09", PlacedSaidOn, ""},
		{"undated claim at its source's date", armswatch.Claim{Appearances: at("late")}, "2024-01-18", PlacedPublished, "late"},
		{"earliest dated source", armswatch.Claim{Appearances: at("undated", "late", "early")}, "2023-11", PlacedPublished, "early"},
		{"no date anywhere", armswatch.Claim{Appearances: at("undated")}, "", PlacedNowhere, ""},
		{"unknown document", armswatch.Claim{Appearances: at("missing")}, "", PlacedNowhere, ""},
	}
	for _, tc := range cases {
		gotDate, gotHow, gotDoc := placeClaim(c, tc.claim)
		if gotDate.String() != tc.wantDate || gotHow != tc.wantHow || gotDoc != tc.wantDoc {
			t.Errorf("%s: placeClaim = %q, %v, %q; want %q, %v, %q", tc.name, gotDate, gotHow, gotDoc, tc.wantDate, tc.wantHow, tc.wantDoc)
		}
	}
}

func TestUseLogScale(t *testing.T) {
	cases := []struct {
		values []float64
		want   bool
	}{
		{nil, false},
		{[]float64{1e6}, false},
		{[]float64{1e6, 1e6}, false},
		{[]float64{1000, 1e6}, true},
		{[]float64{24, 5.8e6, 1e6}, true},
		{[]float64{1, 100}, true},   // exactly two orders of magnitude
		{[]float64{1, 99.9}, false}, // just under
		{[]float64{500000, 3e6}, false},
		{[]float64{0, 1e6}, false}, // zero has no place on a log scale
		{[]float64{-5, 1e6}, false},
	}
	for _, tc := range cases {
		if got := useLogScale(tc.values); got != tc.want {
			t.Errorf("useLogScale(%v) = %v, want %v", tc.values, got, tc.want)
		}
	}
}

func TestBuildMultilingual(t *testing.T) {
	tl, err := build(multilingualCorpus(), Query{Item: "shells"})
	if err != nil {
		t.Fatal(err)
	}
	ids := func(ms []mark) []string {
		var out []string
		for _, m := range ms {
			out = append(out, m.entry.ClaimID)
		}
		return out
	}
	// In time order; the two figures of the same day stay two markers.
	wantMarks := []string{"ivanov-50k", "shin-3m-capacity", "kim-1m-hedged", "budanov-1-5m", "austin-same-day", "gudz-range"}
	if got := ids(tl.marks); strings.Join(got, " ") != strings.Join(wantMarks, " ") {
		t.Errorf("marks = %v, want %v", got, wantMarks)
	}
	if got := ids(tl.denials); strings.Join(got, " ") != "zakharova-denies kcna-denies" {
		t.Errorf("denials = %v", got)
	}
	kinds := map[string]markKind{}
	for _, m := range tl.marks {
		kinds[m.entry.ClaimID] = m.kind
		if m.entry.ClaimID == "kim-1m-hedged" && (m.placement != PlacedPublished || !m.hedged) {
			t.Errorf("kim-1m-hedged: placement %v hedged %v, want placed at publication, hedged", m.placement, m.hedged)
		}
		if m.entry.ClaimID == "gudz-range" && (m.min != 4.2e6 || m.max != 5.8e6) {
			t.Errorf("gudz-range: %v–%v", m.min, m.max)
		}
	}
	if kinds["shin-3m-capacity"] != markCapacity || kinds["gudz-range"] != markRange || kinds["budanov-1-5m"] != markCount {
		t.Errorf("kinds = %v", kinds)
	}
	if !tl.log {
		t.Error("figures from 50,000 to 5.8 million: want a log scale")
	}
	reasons := map[string]string{}
	for _, e := range tl.caption.Unplotted {
		reasons[e.ClaimID] = e.Reason
	}
	if !strings.Contains(reasons["words-only"], "no number") || !strings.Contains(reasons["no-date-2m"], "no date") ||
		!strings.Contains(reasons["kremlin-denies-undated"], "denial") || len(reasons) != 3 {
		t.Errorf("unplotted = %v", reasons)
	}
	if len(tl.caption.NoFigure) != 1 || tl.caption.NoFigure[0].ClaimID != "no-figure" {
		t.Errorf("no figure = %+v", tl.caption.NoFigure)
	}
	text := tl.caption.String()
	for _, never := range []string{"retracted-9m", "superseded-8m", "missiles-only", "9 million", "8 million", "щонайменше 24"} {
		if strings.Contains(text, never) {
			t.Errorf("caption shows %q:\n%s", never, text)
		}
	}
	for _, want := range []string{"Тестова газета, 2024-02-10", "테스트 통신, 2023-12", "publisher not stated, undated",
		"“десятки тисяч” (delivered)", "middle of that month or year", "never added up"} {
		if !strings.Contains(text, want) {
			t.Errorf("caption lacks %q:\n%s", want, text)
		}
	}
}

func TestBuildClaimantFilter(t *testing.T) {
	c := multilingualCorpus()
	// A Latin alias finds the Cyrillic claimant.
	tl, err := build(c, Query{Item: "artillery-shell", Claimant: "Yevheniia Gudz-Yizhak"})
	if err != nil {
		t.Fatal(err)
	}
	if len(tl.marks) != 1 || tl.marks[0].entry.ClaimID != "gudz-range" || len(tl.denials) != 0 {
		t.Errorf("marks %+v denials %+v, want only gudz-range", tl.marks, tl.denials)
	}
	if len(tl.caption.Sources) != 1 || tl.caption.Sources[0].Doc != "ua-2024-02" {
		t.Errorf("sources = %+v", tl.caption.Sources)
	}
	_, err = build(c, Query{Item: "shells", Claimant: "Nobody Atall"})
	if !errors.Is(err, ErrNoClaims) || !strings.Contains(err.Error(), "Nobody Atall") {
		t.Errorf("unknown claimant: %v", err)
	}
	_, err = build(c, Query{Item: "drones"})
	if !errors.Is(err, ErrNoClaims) || err.Error() != "no claim in the data is about drones" {
		t.Errorf("no drone claims: %v", err)
	}
	// Denials alone do not make a chart.
	_, err = build(c, Query{Item: "troops"})
	if !errors.Is(err, ErrNoClaims) {
		t.Errorf("only generic denials: %v, want ErrNoClaims", err)
	}
}

func TestCaptionSanitisesData(t *testing.T) {
	c := multilingualCorpus()
	c.Claims[0].Claimant = "Кирило\x1b[31m Буданов\nline two"
	c.Documents[0].Title = "Title\twith\r\ncontrol\x07 chars"
	tl, err := build(c, Query{Item: "shells"})
	if err != nil {
		t.Fatal(err)
	}
	text := tl.caption.String()
	if strings.ContainsAny(text, "\x1b\x07\r\t") || strings.Contains(text, "line two\n") {
		t.Errorf("caption passes control characters or line breaks through:\n%q", text)
	}
}

func TestHumanNumber(t *testing.T) {
	cases := map[float64]string{
		0: "0", 24: "24", 1000: "1,000", 6700: "6,700", 500000: "500,000",
		1e6: "1 million", 1.2e6: "1.2 million", 1200000.0000000002: "1.2 million", 5.8e6: "5.8 million",
		3e9: "3 billion", 2.5: "2.5",
	}
	for v, want := range cases {
		if got := humanNumber(v); got != want {
			t.Errorf("humanNumber(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestMonthTicks(t *testing.T) {
	unix := func(y int, m time.Month, d int) float64 {
		return float64(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix())
	}
	labels := func(min, max float64) []string {
		var out []string
		for _, tk := range (monthTicks{}).Ticks(min, max) {
			if tk.Label != "" {
				out = append(out, tk.Label)
			}
		}
		return out
	}
	if got := strings.Join(labels(unix(2023, 10, 20), unix(2024, 2, 5)), ","); got != "Nov 2023,Dec 2023,Jan 2024,Feb 2024" {
		t.Errorf("four months: %s", got)
	}
	if got := strings.Join(labels(unix(2023, 1, 1), unix(2024, 12, 31)), ","); got != "Jan 2023,Apr 2023,Jul 2023,Oct 2023,Jan 2024,Apr 2024,Jul 2024,Oct 2024" {
		t.Errorf("two years: %s", got)
	}
	if got := strings.Join(labels(unix(2015, 6, 1), unix(2024, 6, 1)), ","); got != "2016,2018,2020,2022,2024" {
		t.Errorf("nine years: %s", got)
	}
}

func TestPlaceLabelAvoidsObstacles(t *testing.T) {
	bounds := rect(0, 0, 600, 400)
	var obstacles []vgRect
	// A crowd of markers on one spot: every label must land in bounds, and
	// those placed near must not overlap earlier ones.
	for i := 0; i < 12; i++ {
		at := pt(300+float64(i%3)*12, 200)
		obstacles = append(obstacles, square(at, 6))
	}
	for i := 0; i < 12; i++ {
		at := pt(300+float64(i%3)*12, 200)
		box, _ := placeLabel(at, 6, 6, 90, 22, bounds, obstacles)
		if outside(box, bounds) > 0 {
			t.Errorf("label %d out of bounds: %+v", i, box)
		}
		for j, o := range obstacles {
			if overlap(box, o) > 0 {
				t.Errorf("label %d overlaps obstacle %d", i, j)
			}
		}
		obstacles = append(obstacles, grow(box, 1.5))
	}
	// Near the right edge, the label goes left.
	box, near := placeLabel(pt(595, 200), 6, 6, 90, 22, bounds, nil)
	if !near || box.Max.X > 600 || box.Min.X >= 595 {
		t.Errorf("at the right edge: %+v near=%v", box, near)
	}
}

type vgRect = vg.Rectangle

func rect(x0, y0, x1, y1 float64) vg.Rectangle {
	return vg.Rectangle{Min: pt(x0, y0), Max: pt(x1, y1)}
}

func pt(x, y float64) vg.Point { return vg.Point{X: vg.Length(x), Y: vg.Length(y)} }

func TestCaptionFit(t *testing.T) {
	tl, err := build(bundled(t), Query{Item: "shells"})
	if err != nil {
		t.Fatal(err)
	}
	c := tl.caption
	full := c.String()
	if got := c.Fit(runeLen(full) + 100); got != full {
		t.Errorf("a caption that fits is changed:\n%s", got)
	}
	for _, limit := range []int{2000, 1000, 600, 200, 60} {
		got := c.Fit(limit)
		if n := runeLen(got); n > limit {
			t.Errorf("Fit(%d) is %d runes", limit, n)
		}
		if !strings.HasPrefix(got, "Reported") {
			t.Errorf("Fit(%d) lost the title:\n%s", limit, got)
		}
		if !strings.Contains(got, "left out for length") {
			t.Errorf("Fit(%d) does not say lines were left out:\n%s", limit, got)
		}
		// Every line kept is a whole line of the full caption.
		for _, l := range strings.Split(got, "\n") {
			if l != "" && !strings.Contains(l, "left out for length") && !strings.Contains(full, l) && !strings.HasSuffix(l, "…") {
				t.Errorf("Fit(%d) cut a line: %q", limit, l)
			}
		}
	}
	// Priorities: at 1600 runes the plotted figures and the sources stay,
	// the claims without a figure go first.
	got := c.Fit(1600)
	for _, want := range []string{"Plotted (3):", "rok-military-srbm-over-1-million-shells", "Sources:", "[north-korea-key-supplier]"} {
		if !strings.Contains(got, want) {
			t.Errorf("Fit(1600) lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "kirby-russia-received-nk-shipments") {
		t.Errorf("Fit(1600) kept a claim without a figure before the rest:\n%s", got)
	}
}

// TestRenderEdgeCases draws charts the golden files do not cover and checks
// each is a sound PNG: odd numbers, a crowd of equal figures on one day,
// and nothing to plot at all.
func TestRenderEdgeCases(t *testing.T) {
	d := armswatch.MustDate
	shell := armswatch.CategoryArtilleryShell
	doc := armswatch.Document{ID: "doc", Title: "A source", Published: d("2024-03-01")}
	claim := func(id string, v float64, said string) armswatch.Claim {
		return armswatch.Claim{ID: id, Claimant: "Claimant " + id, Stance: armswatch.StanceAsserts, SaidOn: d(said),
			Items:       []armswatch.Item{{Category: shell, Quantity: &armswatch.Quantity{Text: "x", Value: num(v)}}},
			Appearances: []armswatch.Appearance{{Doc: "doc"}}}
	}
	odd := &armswatch.Corpus{Documents: []armswatch.Document{doc}, Claims: []armswatch.Claim{
		claim("zero", 0, "2024-01-01"), claim("inf", math.Inf(1), "2024-01-02"), claim("nan", math.NaN(), "2024-01-03"),
		claim("tiny", 0.5, "2024-01-04"), claim("huge", 1e12, "2024-01-05"),
	}}
	crowd := &armswatch.Corpus{Documents: []armswatch.Document{doc}}
	for i := 0; i < 30; i++ {
		crowd.Claims = append(crowd.Claims, claim(fmt.Sprintf("c%02d", i), 1e6, "2024-01-15"))
	}
	empty := &armswatch.Corpus{Documents: []armswatch.Document{{ID: "doc"}}, Claims: []armswatch.Claim{
		{ID: "words", Claimant: "Someone", Stance: armswatch.StanceAsserts,
			Items:       []armswatch.Item{{Category: shell, Quantity: &armswatch.Quantity{Text: "dozens of"}}},
			Appearances: []armswatch.Appearance{{Doc: "doc"}}},
	}}
	for name, c := range map[string]*armswatch.Corpus{"odd": odd, "crowd": crowd, "empty": empty} {
		ch, err := Render(c, Query{Item: "artillery-shell"})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		img, err := png.Decode(bytes.NewReader(ch.PNG))
		if err != nil || img.Bounds().Dx() != 1200 || img.Bounds().Dy() != 700 {
			t.Errorf("%s: not a 1200x700 PNG: %v", name, err)
		}
		switch name {
		case "odd":
			text := ch.Caption.String()
			if !strings.Contains(text, "not finite [inf]") || !strings.Contains(text, "not finite [nan]") {
				t.Errorf("odd: non-finite numbers not listed as unplotted:\n%s", text)
			}
			if len(ch.Caption.Plotted) != 3 {
				t.Errorf("odd: plotted %d, want zero, tiny and huge", len(ch.Caption.Plotted))
			}
		case "crowd":
			if len(ch.Caption.Plotted) != 30 {
				t.Errorf("crowd: plotted %d of 30 equal figures: figures must never be merged", len(ch.Caption.Plotted))
			}
		}
	}
}
