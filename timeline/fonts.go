package timeline

import (
	"embed"
	"fmt"
	"math"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// The bundled fonts (see fonts/README.md): Liberation Sans for Latin and
// Cyrillic (Ukrainian ґ є і ї included), NanumGothicCoding for Hangul. Each
// is unmodified and has its OFL licence next to it.
//
//go:embed fonts/LiberationSans-Regular.ttf fonts/NanumGothicCoding.ttf
var fontFiles embed.FS

// The typefaces under which the bundled fonts are registered in the font
// cache, in order of preference: a rune is drawn in the first that has a
// glyph for it.
const (
	typefaceLatin  font.Typeface = "Liberation Sans"
	typefaceHangul font.Typeface = "NanumGothicCoding"
)

var bundledFonts = []struct {
	typeface font.Typeface
	file     string
}{
	{typefaceLatin, "fonts/LiberationSans-Regular.ttf"},
	{typefaceHangul, "fonts/NanumGothicCoding.ttf"},
}

// fontSet is the bundled fonts registered in a gonum font cache of their
// own (the package-wide font.DefaultCache is left alone).
type fontSet struct {
	cache *font.Cache
	chain []font.Typeface
	faces map[font.Typeface]*opentype.Font
	known sync.Map // glyphKey -> bool: hasGlyph's answers
}

var loadedFonts = sync.OnceValues(func() (*fontSet, error) {
	fs := &fontSet{faces: map[font.Typeface]*opentype.Font{}}
	var coll font.Collection
	for _, bf := range bundledFonts {
		b, err := fontFiles.ReadFile(bf.file)
		if err != nil {
			return nil, fmt.Errorf("read bundled font %s: %w", bf.file, err)
		}
		f, err := opentype.Parse(b)
		if err != nil {
			return nil, fmt.Errorf("parse bundled font %s: %w", bf.file, err)
		}
		coll = append(coll, font.Face{Font: font.Font{Typeface: bf.typeface}, Face: f})
		fs.chain = append(fs.chain, bf.typeface)
		fs.faces[bf.typeface] = f
	}
	fs.cache = font.NewCache(coll)
	return fs, nil
})

// fonts returns the bundled fonts, parsed once.
func fonts() (*fontSet, error) { return loadedFonts() }

// hasGlyph reports whether the typeface has a glyph of its own for r, with
// an outline: some fonts map runes they do not draw to empty glyphs.
func (fs *fontSet) hasGlyph(tf font.Typeface, r rune, buf *sfnt.Buffer) bool {
	key := glyphKey{tf, r}
	if v, ok := fs.known.Load(key); ok {
		return v.(bool)
	}
	ok := false
	if f := fs.faces[tf]; f != nil {
		if g, err := f.GlyphIndex(buf, r); err == nil && g != 0 {
			segs, err := f.LoadGlyph(buf, g, fixed.I(64), nil)
			ok = err == nil && len(segs) > 0
		}
	}
	fs.known.Store(key, ok)
	return ok
}

type glyphKey struct {
	tf font.Typeface
	r  rune
}

// typefaceFor is the typeface a rune is drawn in: the first in the chain,
// starting with the one asked for, that has a glyph for it. Spaces and
// runes that no bundled font has stay in the typeface asked for.
func (fs *fontSet) typefaceFor(want font.Typeface, r rune, buf *sfnt.Buffer) font.Typeface {
	if unicode.IsSpace(r) || fs.hasGlyph(want, r, buf) {
		return want
	}
	for _, tf := range fs.chain {
		if tf != want && fs.hasGlyph(tf, r, buf) {
			return tf
		}
	}
	return want
}

// textRun is a stretch of text drawn in one typeface.
type textRun struct {
	typeface font.Typeface
	text     string
}

// runs splits a line into runs of runes that share a typeface.
func (fs *fontSet) runs(line string, want font.Typeface) []textRun {
	var buf sfnt.Buffer
	var out []textRun
	var cur strings.Builder
	curTF := font.Typeface("")
	for _, r := range line {
		tf := fs.typefaceFor(want, r, &buf) // spaces: the typeface asked for
		if tf != curTF && cur.Len() > 0 {
			out = append(out, textRun{curTF, cur.String()})
			cur.Reset()
		}
		curTF = tf
		cur.WriteRune(r)
	}
	if cur.Len() > 0 {
		out = append(out, textRun{curTF, cur.String()})
	}
	return out
}

// fallbackText is a gonum text.Handler for plain text that draws each run
// of a line in the first bundled typeface with glyphs for it, so that one
// label can mix Latin, Cyrillic and Hangul. Line metrics are those of the
// typeface the style asks for.
type fallbackText struct{ fonts *fontSet }

var _ text.Handler = fallbackText{}

// Cache returns the cache holding the bundled fonts.
func (h fallbackText) Cache() *font.Cache { return h.fonts.cache }

// face returns the bundled face of typeface tf at fnt's size. Only the
// bundled regular faces exist: any other typeface, variant, style or weight
// asked for (gonum's defaults among them) gets the first of the chain.
func (h fallbackText) face(fnt font.Font, tf font.Typeface) *font.Face {
	if h.fonts.faces[tf] == nil {
		tf = h.fonts.chain[0]
	}
	f := h.fonts.cache.Lookup(font.Font{Typeface: tf}, fnt.Size)
	return &f
}

// primary is the typeface text in fnt starts from.
func (h fallbackText) primary(fnt font.Font) font.Typeface {
	if h.fonts.faces[fnt.Typeface] != nil {
		return fnt.Typeface
	}
	return h.fonts.chain[0]
}

// Extents returns the extents of the font the style asks for.
func (h fallbackText) Extents(fnt font.Font) font.Extents {
	return h.face(fnt, fnt.Typeface).Extents()
}

// Lines splits text into lines.
func (h fallbackText) Lines(txt string) []string {
	return strings.Split(strings.TrimRight(txt, "\n"), "\n")
}

// Box measures one line: the widths of its runs added up, and the ascent
// and descent of the font asked for.
func (h fallbackText) Box(txt string, fnt font.Font) (width, height, depth vg.Length) {
	ext := h.Extents(fnt)
	return h.width(txt, fnt), ext.Ascent, ext.Descent
}

func (h fallbackText) width(line string, fnt font.Font) vg.Length {
	var w vg.Length
	for _, r := range h.fonts.runs(line, h.primary(fnt)) {
		w += h.face(fnt, r.typeface).Width(r.text)
	}
	return w
}

// Draw draws text as text.Plain does (alignment, rotation, lines), each
// line run by run.
func (h fallbackText) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	txt = strings.TrimRight(txt, "\n")
	if txt == "" {
		return
	}
	c.SetColor(sty.Color)
	if sty.Rotation != 0 {
		c.Push()
		c.Rotate(sty.Rotation)
		defer c.Pop()
		sin, cos := sincos(sty.Rotation)
		pt.X, pt.Y = pt.Y*sin+pt.X*cos, pt.Y*cos-pt.X*sin
	}
	ext := h.Extents(sty.Font)
	lines := h.Lines(txt)
	pt.Y += sty.Height(txt)*vg.Length(sty.YAlign) - ext.Ascent
	for i, line := range lines {
		x := pt.X + vg.Length(sty.XAlign)*h.width(line, sty.Font)
		y := pt.Y + vg.Length(len(lines)-i)*sty.Font.Size
		for _, r := range h.fonts.runs(line, h.primary(sty.Font)) {
			face := h.face(sty.Font, r.typeface)
			c.FillString(*face, vg.Point{X: x, Y: y}, r.text)
			x += face.Width(r.text)
		}
	}
}

func sincos(theta float64) (sin, cos vg.Length) {
	s, c := math.Sincos(theta)
	return vg.Length(s), vg.Length(c)
}
