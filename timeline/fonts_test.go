package timeline

import (
	"image"
	"image/color"
	"os"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

const multilingualLabel = "Пётр Ї є ґ 북한"

// glyphOK reports whether the face chosen for r has a glyph with an
// outline for it (not .notdef, not empty).
func glyphOK(t *testing.T, fs *fontSet, r rune) (font.Typeface, bool) {
	t.Helper()
	var buf sfnt.Buffer
	tf := fs.typefaceFor(typefaceLatin, r, &buf)
	f := fs.faces[tf]
	g, err := f.GlyphIndex(&buf, r)
	if err != nil || g == 0 {
		return tf, false
	}
	segs, err := f.LoadGlyph(&buf, g, fixed.I(100), nil)
	return tf, err == nil && len(segs) > 0
}

func TestBundledFontsCoverEveryRune(t *testing.T) {
	fs, err := fonts()
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{
		multilingualLabel,
		"Ґґ Єє Іі Її Ёё ЩщЪъЫыЭэЮюЯя", // Ukrainian and Russian letters
		"가각힣 포탄 북한 러시아 신원식 국방부 장관",    // Hangul, first and last syllables included
		"Reported quantities — “over 1 million” · ≥ … × → ’",
	}
	c := multilingualCorpus()
	for _, cl := range c.Claims {
		texts = append(texts, cl.Claimant)
		for _, it := range cl.Items {
			if it.Quantity != nil {
				texts = append(texts, it.Quantity.Text)
			}
		}
	}
	for _, d := range c.Documents {
		texts = append(texts, d.Title, d.Publisher)
	}
	for _, s := range texts {
		for _, r := range s {
			if unicode.IsSpace(r) {
				continue
			}
			if tf, ok := glyphOK(t, fs, r); !ok {
				t.Errorf("no glyph for %q (U+%04X) in %s (text %q)", r, r, tf, s)
			}
		}
	}
}

func TestEveryHangulSyllableHasAGlyph(t *testing.T) {
	fs, err := fonts()
	if err != nil {
		t.Fatal(err)
	}
	// Every syllable falls back to the Hangul face (Liberation Sans has
	// none), so check that face directly. Every syllable must map to a
	// glyph of its own; outlines are loaded for one syllable in five (and
	// the last), which is enough to catch a font that maps syllables it
	// does not draw to empty glyphs, and keeps the test fast under -race.
	var buf sfnt.Buffer
	if fs.hasGlyph(typefaceLatin, '가', &buf) {
		t.Fatal("Liberation Sans draws Hangul: the fallback is not exercised")
	}
	f := fs.faces[typefaceHangul]
	missing := 0
	seen := map[sfnt.GlyphIndex]rune{}
	for r := rune(0xAC00); r <= 0xD7A3; r++ {
		g, err := f.GlyphIndex(&buf, r)
		if err != nil || g == 0 {
			missing++
			continue
		}
		if prev, ok := seen[g]; ok {
			t.Errorf("%q and %q share glyph %d", prev, r, g)
		}
		seen[g] = r
		if (r-0xAC00)%5 != 0 && r != 0xD7A3 {
			continue
		}
		if segs, err := f.LoadGlyph(&buf, g, fixed.I(16), nil); err != nil || len(segs) == 0 {
			missing++
		}
	}
	if missing > 0 {
		t.Errorf("%d of 11,172 Hangul syllables have no glyph with an outline", missing)
	}
}

func TestRunsPickTheFontPerScript(t *testing.T) {
	fs, err := fonts()
	if err != nil {
		t.Fatal(err)
	}
	got := fs.runs(multilingualLabel, typefaceLatin)
	want := []textRun{{typefaceLatin, "Пётр Ї є ґ "}, {typefaceHangul, "북한"}}
	if len(got) != len(want) {
		t.Fatalf("runs = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("run %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

// TestRenderMultilingualLabel draws the label with the chart's text handler
// and checks that every rune leaves ink of its own, in the width the
// handler measured.
func TestRenderMultilingualLabel(t *testing.T) {
	fs, err := fonts()
	if err != nil {
		t.Fatal(err)
	}
	h := fallbackText{fs}
	sty := textStyle(h, 24, color.Black)
	width := sty.Width(multilingualLabel)
	if width <= 0 {
		t.Fatalf("label width %v", width)
	}
	ink := func(txt string) (int, image.Rectangle) {
		img := vgimg.NewWith(vgimg.UseWH(width+40, 60), vgimg.UseDPI(72), vgimg.UseBackgroundColor(color.White))
		dc := draw.New(img)
		dc.FillText(sty, vg.Point{X: 20, Y: 50}, txt)
		n := 0
		var box image.Rectangle
		im := img.Image()
		b := im.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				if r, _, _, _ := im.At(x, y).RGBA(); r < 0x8000 {
					n++
					box = box.Union(image.Rect(x, y, x+1, y+1))
				}
			}
		}
		return n, box
	}
	n, box := ink(multilingualLabel)
	if n == 0 {
		t.Fatal("the label left no ink")
	}
	if w := box.Dx(); float64(w) > float64(width)+4 || float64(w) < float64(width)*0.8 {
		t.Errorf("ink is %d px wide, the handler measured %v", w, width)
	}
	for _, r := range multilingualLabel {
		if unicode.IsSpace(r) {
			continue
		}
		if n, _ := ink(string(r)); n == 0 {
			t.Errorf("%q left no ink", r)
		}
	}
}

func TestFontLicencesNextToFonts(t *testing.T) {
	for _, bf := range bundledFonts {
		lic := strings.TrimSuffix(bf.file, ".ttf") + ".LICENSE.txt"
		b, err := os.ReadFile(lic)
		if err != nil {
			t.Errorf("font %s has no licence file: %v", bf.file, err)
			continue
		}
		text := string(b)
		for _, want := range []string{"SIL Open Font License", "Version 1.1", "Copyright", "PERMISSION & CONDITIONS", "DISCLAIMER"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s lacks %q", lic, want)
			}
		}
	}
}
