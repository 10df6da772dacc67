package timeline

import (
	"bytes"
	"fmt"
	"github.com/armswatch/armswatch/internal/prose"
	"image/color"
	"image/png"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// The chart's fixed size: 1200×700 pixels.
const (
	chartDPI    = 96
	chartWidth  = 1200 * vg.Inch / chartDPI
	chartHeight = 700 * vg.Inch / chartDPI
	margin      = vg.Length(14)
)

// Colours. Colour says where a marker's date comes from; shape says what
// the figure measures; a hollow marker is a hedged claim.
var (
	colorSaidOn    = color.NRGBA{R: 0x1f, G: 0x5f, B: 0xa8, A: 0xff} // blue
	colorPublished = color.NRGBA{R: 0xd4, G: 0x6a, B: 0x00, A: 0xff} // orange
	colorText      = color.NRGBA{R: 0x22, G: 0x22, B: 0x22, A: 0xff}
	colorMuted     = color.NRGBA{R: 0x5a, G: 0x5a, B: 0x5a, A: 0xff}
	colorLeader    = color.NRGBA{R: 0x99, G: 0x99, B: 0x99, A: 0xff}
	colorGrid      = color.NRGBA{R: 0xe4, G: 0xe4, B: 0xe4, A: 0xff}
	colorLabelBack = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xd8}
)

func placementColor(p Placement) color.Color {
	if p == PlacedPublished {
		return colorPublished
	}
	return colorSaidOn
}

// Marker sizes.
const (
	markerRadius = vg.Length(5)
	rangeHalf    = vg.Length(4) // half the width of a range bar
	strokeWidth  = vg.Length(1.6)
	labelSize    = vg.Length(8.5)
)

// iconKind is one way of drawing that the legend explains.
type iconKind int

const (
	iconCount iconKind = iota
	iconCapacity
	iconRange
	iconHedged
	iconSaidOn
	iconPublished
	iconDenial
	numIcons
)

// draw renders the timeline as a PNG.
func (t *timeline) draw() (png []byte, err error) {
	fs, err := fonts()
	if err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			png, err = nil, fmt.Errorf("draw chart: %v", r)
		}
	}()
	h := fallbackText{fs}
	img := vgimg.NewWith(vgimg.UseWH(chartWidth, chartHeight), vgimg.UseDPI(chartDPI), vgimg.UseBackgroundColor(color.White))
	dc := draw.New(img)

	top := t.drawTitle(dc, h)
	bottom := t.drawLegend(dc, h)
	area := draw.Canvas{Canvas: img, Rectangle: vg.Rectangle{
		Min: vg.Point{X: margin, Y: bottom + 6},
		Max: vg.Point{X: chartWidth - margin, Y: top - 8},
	}}
	p := t.newPlot(h)
	// The quantity axis's label is drawn here rather than by gonum, which
	// centres it on the arithmetic middle of the range: far off on a log
	// scale.
	ylab := textStyle(h, 10.5, colorText)
	ylab.Rotation = math.Pi / 2
	ylab.XAlign, ylab.YAlign = draw.XCenter, draw.YTop
	yText := "reported quantity"
	if t.log {
		yText += " (log scale)"
	}
	labelW := textStyle(h, 10.5, colorText).Height(yText)
	area.Min.X += labelW + 6
	data := p.DataCanvas(area)
	dc.FillText(ylab, vg.Point{X: margin, Y: data.Center().Y}, yText)
	p.Draw(area)
	return encodePNG(img)
}

func encodePNG(img *vgimg.Canvas) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img.Image()); err != nil {
		return nil, fmt.Errorf("encode chart: %w", err)
	}
	return buf.Bytes(), nil
}

func textStyle(h text.Handler, size vg.Length, c color.Color) text.Style {
	return text.Style{
		Color:   c,
		Font:    font.Font{Typeface: typefaceLatin, Size: size},
		XAlign:  draw.XLeft,
		YAlign:  draw.YTop,
		Handler: h,
	}
}

// fit cuts s with "…" until it is at most width wide in sty.
func fit(sty text.Style, s string, width vg.Length) string {
	if sty.Width(s) <= width {
		return s
	}
	r := []rune(s)
	for n := len(r) - 1; n > 0; n-- {
		cut := strings.TrimRight(string(r[:n]), " ") + "…"
		if sty.Width(cut) <= width {
			return cut
		}
	}
	return "…"
}

// drawTitle draws the title and subtitle and returns the y below them.
func (t *timeline) drawTitle(dc draw.Canvas, h text.Handler) vg.Length {
	width := chartWidth - 2*margin
	y := chartHeight - margin
	title := textStyle(h, 15, colorText)
	dc.FillText(title, vg.Point{X: margin, Y: y}, fit(title, t.caption.Title, width))
	y -= title.Height("X") + 5
	sub := textStyle(h, 9.5, colorMuted)
	dc.FillText(sub, vg.Point{X: margin, Y: y}, fit(sub, t.caption.Subtitle, width))
	return y - sub.Height("X")
}

// drawLegend draws the legend in two columns and the notes under it at
// the bottom of the chart, and returns the y above them.
func (t *timeline) drawLegend(dc draw.Canvas, h text.Handler) vg.Length {
	items := t.legend()
	notes := noteNeverAdded + " " + noteMidpoint
	noteSty := textStyle(h, 8.5, colorMuted)
	noteSty.YAlign = draw.YBottom
	width := chartWidth - 2*margin
	y := margin
	dc.FillText(noteSty, vg.Point{X: margin, Y: y}, fit(noteSty, notes, width))
	y += noteSty.Height("X") + 6

	const rowHeight = vg.Length(17)
	rows := (len(items) + 1) / 2
	if rows == 0 {
		return y
	}
	colWidth := width / 2
	for col := 0; col < 2; col++ {
		l := plot.NewLegend()
		l.TextStyle = textStyle(h, 9, colorText)
		l.TextStyle.YAlign = draw.YBottom
		l.Left, l.Top = true, true
		l.ThumbnailWidth = 22
		l.Padding = rowHeight - l.TextStyle.Height("X")
		n := 0
		for i := col * rows; i < len(items) && i < (col+1)*rows; i++ {
			l.Add(fit(l.TextStyle, items[i].chart, colWidth-40), legendIcon(items[i].icon))
			n++
		}
		if n == 0 {
			continue
		}
		x := margin + vg.Length(col)*colWidth
		c := draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: x, Y: y},
			Max: vg.Point{X: x + colWidth, Y: y + vg.Length(rows)*rowHeight},
		}}
		l.Draw(c)
	}
	return y + vg.Length(rows)*rowHeight
}

// newPlot sets up the axes, grid and marks.
func (t *timeline) newPlot(h text.Handler) *plot.Plot {
	p := plot.New()
	p.BackgroundColor = nil
	p.TextHandler = h
	p.Legend.TextStyle.Handler = h
	p.Title.TextStyle.Handler = h
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Handler = h
		ax.Label.TextStyle.Font = font.Font{Typeface: typefaceLatin, Size: 10.5}
		ax.Label.TextStyle.Color = colorText
		ax.Tick.Label.Handler = h
		ax.Tick.Label.Font = font.Font{Typeface: typefaceLatin, Size: 9}
		ax.Tick.Label.Color = colorText
		ax.Tick.Length = 5
		ax.LineStyle.Color = colorMuted
		ax.Tick.LineStyle.Color = colorMuted
	}
	p.X.Label.Text = "date claim was made"
	p.X.Padding, p.Y.Padding = 0, 0

	p.X.Min, p.X.Max = t.timeRange()
	p.X.Tick.Marker = monthTicks{}
	if len(t.marks) > 0 {
		p.Y.Min, p.Y.Max = t.quantityRange()
		p.Y.Tick.Marker = quantityTicks{log: t.log}
		if t.log {
			p.Y.Scale = plot.LogScale{}
		}
	} else {
		p.Y.Min, p.Y.Max = 0, 1
		p.Y.Tick.Marker = plot.ConstantTicks{}
	}
	if len(t.marks) == 0 && len(t.denials) == 0 {
		p.X.Tick.Marker = plot.ConstantTicks{}
	}
	grid := plotter.NewGrid()
	grid.Vertical.Color, grid.Horizontal.Color = colorGrid, colorGrid
	grid.Vertical.Width, grid.Horizontal.Width = 0.6, 0.6
	p.Add(grid, &marksPlotter{t: t, label: textStyle(h, labelSize, colorText)})
	return p
}

// timeRange is the time axis: every placed mark with room around it.
func (t *timeline) timeRange() (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, ms := range [][]mark{t.marks, t.denials} {
		for _, m := range ms {
			lo, hi = math.Min(lo, m.x), math.Max(hi, m.x)
		}
	}
	if math.IsInf(lo, 0) {
		return 0, 1
	}
	const day = 24 * 60 * 60
	span := hi - lo
	pad := math.Max(span*0.08, 20*day)
	if span == 0 {
		pad = 45 * day
	}
	return lo - pad, hi + pad
}

// quantityRange is the quantity axis: from zero on a linear scale, from the
// decade below the smallest figure on a log scale, with room above.
func (t *timeline) quantityRange() (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, m := range t.marks {
		if m.kind == markRange {
			lo, hi = math.Min(lo, m.min), math.Max(hi, m.max)
		} else {
			lo, hi = math.Min(lo, m.value), math.Max(hi, m.value)
		}
	}
	if t.log {
		return math.Pow(10, math.Floor(math.Log10(lo/1.3))), math.Pow(10, math.Ceil(math.Log10(hi*1.3)))
	}
	if hi <= 0 {
		return 0, 1
	}
	return 0, hi * 1.18
}

// marksPlotter draws the figures, denials and their labels.
type marksPlotter struct {
	t     *timeline
	label text.Style
}

// GlyphBoxes makes the plot keep markers clear of the axes' edges.
func (mp *marksPlotter) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	var out []plot.GlyphBox
	r := markerRadius + strokeWidth
	for _, m := range mp.t.marks {
		y := m.value
		if m.kind == markRange {
			y = m.max
		}
		out = append(out, plot.GlyphBox{X: p.X.Norm(m.x), Y: p.Y.Norm(y),
			Rectangle: vg.Rectangle{Min: vg.Point{X: -r, Y: -r}, Max: vg.Point{X: r, Y: r}}})
	}
	return out
}

// clusterSlots are the offsets, in marker widths, given to markers that
// fall on the same spot: the spot itself, then the cells around it nearest
// first, wider than tall.
var clusterSlots = func() [][2]int {
	var out [][2]int
	for dx := -4; dx <= 4; dx++ {
		for dy := -2; dy <= 2; dy++ {
			out = append(out, [2]int{dx, dy})
		}
	}
	dist := func(s [2]int) int { return s[0]*s[0] + 2*s[1]*s[1] }
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if dist(a) != dist(b) {
			return dist(a) < dist(b)
		}
		if a[1] != b[1] {
			return a[1] > b[1]
		}
		return a[0] > b[0]
	})
	return out
}()

// placed is a mark's position on the canvas.
type placed struct {
	m      mark
	at     vg.Point     // the marker's centre (a range: the middle of its bar)
	extent vg.Rectangle // what the marker covers
}

// Plot draws denial lines, then markers, then labels placed clear of the
// markers and of each other.
func (mp *marksPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	t := mp.t
	trX, trY := p.Transforms(&c)
	var all []placed
	var obstacles []vg.Rectangle
	r := markerRadius + strokeWidth/2
	for _, m := range t.denials {
		x := trX(m.x)
		at := vg.Point{X: x, Y: c.Min.Y}
		all = append(all, placed{m: m, at: at, extent: square(at, r+1)})
	}
	taken := map[[2]int]int{}
	for _, m := range t.marks {
		x := trX(m.x)
		var at vg.Point
		var ext vg.Rectangle
		if m.kind == markRange {
			y0, y1 := trY(m.min), trY(m.max)
			at = vg.Point{X: x, Y: (y0 + y1) / 2}
			ext = vg.Rectangle{Min: vg.Point{X: x - rangeHalf - 2, Y: y0 - 1}, Max: vg.Point{X: x + rangeHalf + 2, Y: y1 + 1}}
		} else {
			at = vg.Point{X: x, Y: trY(m.value)}
			// Markers that would sit on one another are set around the
			// spot, closest first: nothing is merged, and none strays far.
			key := [2]int{int(math.Round(float64(at.X) / 4)), int(math.Round(float64(at.Y) / 4))}
			slot := clusterSlots[taken[key]%len(clusterSlots)]
			taken[key]++
			at.X += vg.Length(slot[0]) * (2*markerRadius + 1)
			at.Y += vg.Length(slot[1]) * (2*markerRadius + 1)
			ext = square(at, r+1)
		}
		all = append(all, placed{m: m, at: at, extent: ext})
	}
	for _, pl := range all {
		obstacles = append(obstacles, pl.extent)
	}

	// Place every label first, then draw from the bottom up: denial lines,
	// leader lines, markers, labels.
	type labelled struct {
		box  vg.Rectangle
		near bool
		txt  string
	}
	labels := make([]labelled, len(all))
	for i, pl := range all {
		txt := labelText(pl.m)
		w, h := mp.label.Width(txt), mp.label.Height(txt)
		rx := (pl.extent.Max.X - pl.extent.Min.X) / 2
		ry := (pl.extent.Max.Y - pl.extent.Min.Y) / 2
		box, near := placeLabel(pl.at, rx, ry, w, h, c.Rectangle, obstacles)
		obstacles = append(obstacles, grow(box, 1.5))
		labels[i] = labelled{box, near, txt}
	}
	for _, pl := range all {
		if pl.m.kind == markDenial {
			col := placementColor(pl.m.placement)
			c.SetLineStyle(draw.LineStyle{Color: withAlpha(col, 0x90), Width: 1, Dashes: []vg.Length{2, 3}})
			var path vg.Path
			path.Move(vg.Point{X: pl.at.X, Y: c.Min.Y})
			path.Line(vg.Point{X: pl.at.X, Y: c.Max.Y})
			c.Stroke(path)
		}
	}
	for i, pl := range all {
		if l := labels[i]; !l.near {
			q := vg.Point{X: clamp(pl.at.X, l.box.Min.X, l.box.Max.X), Y: clamp(pl.at.Y, l.box.Min.Y, l.box.Max.Y)}
			c.StrokeLine2(draw.LineStyle{Color: colorLeader, Width: 0.7}, pl.at.X, pl.at.Y, q.X, q.Y)
		}
	}
	for _, pl := range all {
		drawMark(&c, pl)
	}
	for _, l := range labels {
		c.FillPolygon(colorLabelBack, rectPoints(grow(l.box, 1)))
		c.FillText(mp.label, vg.Point{X: l.box.Min.X, Y: l.box.Max.Y}, l.txt)
	}

	if len(t.marks) == 0 {
		msg := textStyle(mp.label.Handler, 11, colorMuted)
		msg.XAlign, msg.YAlign = draw.XCenter, draw.YCenter
		say := "No figure about " + categoryLabel(t.category) + " has both a number and a date to place it: see the caption."
		if len(t.denials) > 0 {
			say = "No figure about " + categoryLabel(t.category) + " can be plotted; only denials: see the caption."
		}
		ctr := c.Center()
		c.FillText(msg, ctr, fit(msg, say, c.Max.X-c.Min.X-20))
	}
}

// labelText is a marker's label: the claimant (wrapped, at most two lines)
// and the figure as reported.
func labelText(m mark) string {
	lines := wrapRunes(oneLine(m.claimant), 34, 2)
	fig := m.figure
	if fig == "" && m.kind == markDenial {
		fig = "denies"
	}
	lines = append(lines, prose.Shorten(oneLine(fig), 44))
	return strings.Join(lines, "\n")
}

// wrapRunes folds s at spaces into lines of at most width runes, keeping at
// most maxLines (the last cut with "…").
func wrapRunes(s string, width, maxLines int) []string {
	var lines []string
	var cur []rune
	for _, w := range strings.Fields(s) {
		wr := []rune(w)
		if len(cur) > 0 && len(cur)+1+len(wr) > width {
			lines = append(lines, string(cur))
			cur = nil
		}
		if len(cur) > 0 {
			cur = append(cur, ' ')
		}
		cur = append(cur, wr...)
	}
	if len(cur) > 0 {
		lines = append(lines, string(cur))
	}
	for i, l := range lines {
		lines[i] = prose.Shorten(l, width)
	}
	if len(lines) > maxLines {
		lines = lines[:maxLines]
		last := []rune(strings.TrimSuffix(lines[maxLines-1], "…"))
		if len(last) >= width {
			last = last[:width-1]
		}
		lines[maxLines-1] = string(last) + "…"
	}
	return lines
}

// placeLabel chooses where a w×h label goes near a marker at `at` whose
// half-extent is rx×ry: the first of a fixed list of positions (right,
// left, the diagonals, above, below, then further away) that stays in
// bounds and overlaps nothing; failing that, the one that overlaps least.
// near is false for positions far enough to need a leader line.
func placeLabel(at vg.Point, rx, ry, w, h vg.Length, bounds vg.Rectangle, obstacles []vg.Rectangle) (box vg.Rectangle, near bool) {
	const gap = 3
	type cand struct {
		min  vg.Point
		near bool
	}
	mk := func(x, y vg.Length, near bool) cand { return cand{vg.Point{X: x, Y: y}, near} }
	right, left := at.X+rx+gap, at.X-rx-gap-w
	mid := at.Y - h/2
	above, below := at.Y+ry+gap, at.Y-ry-gap-h
	cands := []cand{
		mk(right, mid, true),
		mk(left, mid, true),
		mk(at.X+rx*0.6, at.Y+ry*0.6, true),
		mk(at.X+rx*0.6, at.Y-ry*0.6-h, true),
		mk(at.X-rx*0.6-w, at.Y+ry*0.6, true),
		mk(at.X-rx*0.6-w, at.Y-ry*0.6-h, true),
		mk(at.X-w/2, above, true),
		mk(at.X-w/2, below, true),
		mk(at.X-rx, above, true),
		mk(at.X-rx, below, true),
		mk(at.X+rx-w, above, true),
		mk(at.X+rx-w, below, true),
	}
	for k := 1; k <= 10; k++ {
		dy := vg.Length(k) * (h/2 + 4)
		dx := vg.Length(k/3) * 14
		cands = append(cands,
			mk(right+dx, mid+dy, false), mk(right+dx, mid-dy, false),
			mk(left-dx, mid+dy, false), mk(left-dx, mid-dy, false),
			mk(at.X-w/2, above+dy, false), mk(at.X-w/2, below-dy, false))
	}
	best, bestCost := -1, vg.Length(math.Inf(1))
	for i, cd := range cands {
		b := vg.Rectangle{Min: cd.min, Max: vg.Point{X: cd.min.X + w, Y: cd.min.Y + h}}
		cost := outside(b, bounds) * 1000
		for _, o := range obstacles {
			cost += overlap(b, o)
		}
		if cost == 0 {
			return b, cd.near
		}
		if cost < bestCost {
			best, bestCost = i, cost
		}
	}
	cd := cands[best]
	return vg.Rectangle{Min: cd.min, Max: vg.Point{X: cd.min.X + w, Y: cd.min.Y + h}}, cd.near
}

func overlap(a, b vg.Rectangle) vg.Length {
	w := min(a.Max.X, b.Max.X) - max(a.Min.X, b.Min.X)
	h := min(a.Max.Y, b.Max.Y) - max(a.Min.Y, b.Min.Y)
	if w <= 0 || h <= 0 {
		return 0
	}
	return w * h
}

// outside is how far a rectangle reaches out of bounds, added up over its
// sides.
func outside(a, bounds vg.Rectangle) vg.Length {
	var d vg.Length
	d += max(0, bounds.Min.X-a.Min.X)
	d += max(0, a.Max.X-bounds.Max.X)
	d += max(0, bounds.Min.Y-a.Min.Y)
	d += max(0, a.Max.Y-bounds.Max.Y)
	return d
}

func square(at vg.Point, r vg.Length) vg.Rectangle {
	return vg.Rectangle{Min: vg.Point{X: at.X - r, Y: at.Y - r}, Max: vg.Point{X: at.X + r, Y: at.Y + r}}
}

func grow(r vg.Rectangle, by vg.Length) vg.Rectangle {
	return vg.Rectangle{Min: vg.Point{X: r.Min.X - by, Y: r.Min.Y - by}, Max: vg.Point{X: r.Max.X + by, Y: r.Max.Y + by}}
}

func rectPoints(r vg.Rectangle) []vg.Point {
	return []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}}
}

func clamp(v, lo, hi vg.Length) vg.Length { return max(lo, min(hi, v)) }

func withAlpha(c color.Color, a uint8) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = a
	return n
}

// drawMark draws one marker: shape for what the figure measures, hollow
// when hedged, colour for where its date comes from.
func drawMark(c *draw.Canvas, pl placed) {
	m := pl.m
	col := placementColor(m.placement)
	switch m.kind {
	case markDenial:
		drawCross(c, pl.at, col)
	case markRange:
		drawRange(c, pl.at.X, pl.extent.Min.Y+1, pl.extent.Max.Y-1, col, m.hedged)
	case markCapacity:
		drawTriangle(c, pl.at, col, m.hedged)
	default:
		drawCircle(c, pl.at, col, m.hedged)
	}
}

func fillStroke(c *draw.Canvas, path vg.Path, col color.Color, hollow bool) {
	if hollow {
		c.SetColor(color.White)
	} else {
		c.SetColor(col)
	}
	c.Fill(path)
	c.SetLineStyle(draw.LineStyle{Color: col, Width: strokeWidth})
	c.Stroke(path)
}

func drawCircle(c *draw.Canvas, at vg.Point, col color.Color, hollow bool) {
	var p vg.Path
	p.Move(vg.Point{X: at.X + markerRadius, Y: at.Y})
	p.Arc(at, markerRadius, 0, 2*math.Pi)
	p.Close()
	fillStroke(c, p, col, hollow)
}

// drawTriangle draws a triangle pointing down: an upper bound.
func drawTriangle(c *draw.Canvas, at vg.Point, col color.Color, hollow bool) {
	r := markerRadius * 1.25
	var p vg.Path
	p.Move(vg.Point{X: at.X - r, Y: at.Y + r*0.6})
	p.Line(vg.Point{X: at.X + r, Y: at.Y + r*0.6})
	p.Line(vg.Point{X: at.X, Y: at.Y - r})
	p.Close()
	fillStroke(c, p, col, hollow)
}

// drawRange draws a bar from y0 to y1 with caps.
func drawRange(c *draw.Canvas, x, y0, y1 vg.Length, col color.Color, hollow bool) {
	var p vg.Path
	p.Move(vg.Point{X: x - rangeHalf, Y: y0})
	p.Line(vg.Point{X: x + rangeHalf, Y: y0})
	p.Line(vg.Point{X: x + rangeHalf, Y: y1})
	p.Line(vg.Point{X: x - rangeHalf, Y: y1})
	p.Close()
	fillStroke(c, p, col, hollow)
	caps := draw.LineStyle{Color: col, Width: strokeWidth}
	c.StrokeLine2(caps, x-rangeHalf-3, y0, x+rangeHalf+3, y0)
	c.StrokeLine2(caps, x-rangeHalf-3, y1, x+rangeHalf+3, y1)
}

func drawCross(c *draw.Canvas, at vg.Point, col color.Color) {
	r := markerRadius
	sty := draw.LineStyle{Color: col, Width: 2.4}
	c.StrokeLine2(sty, at.X-r, at.Y-r, at.X+r, at.Y+r)
	c.StrokeLine2(sty, at.X-r, at.Y+r, at.X+r, at.Y-r)
}

// legendIcon is a legend thumbnail.
type legendIcon iconKind

// Thumbnail draws the icon in the middle of c.
func (k legendIcon) Thumbnail(c *draw.Canvas) {
	at := c.Center()
	switch iconKind(k) {
	// Shapes are shown in grey, colours on circles.
	case iconCount:
		drawCircle(c, at, colorMuted, false)
	case iconCapacity:
		drawTriangle(c, at, colorMuted, false)
	case iconRange:
		drawRange(c, at.X, at.Y-5, at.Y+5, colorMuted, false)
	case iconHedged:
		drawCircle(c, at, colorMuted, true)
	case iconSaidOn:
		drawCircle(c, at, colorSaidOn, false)
	case iconPublished:
		drawCircle(c, at, colorPublished, false)
	case iconDenial:
		drawCross(c, at, colorMuted)
	}
}

// monthTicks marks the time axis (Unix seconds) at month starts, labelled
// "Nov 2023", or at years when the span is long.
type monthTicks struct{}

// Ticks returns the ticks between min and max.
func (monthTicks) Ticks(min, max float64) []plot.Tick {
	first := time.Unix(int64(math.Ceil(min)), 0).UTC()
	last := time.Unix(int64(math.Floor(max)), 0).UTC()
	m0 := first.Year()*12 + int(first.Month()) - 1
	if first.Day() != 1 || first.Hour() != 0 || first.Minute() != 0 || first.Second() != 0 {
		m0++
	}
	m1 := last.Year()*12 + int(last.Month()) - 1
	if m1 < m0 {
		return nil
	}
	step := 1
	for _, s := range []int{1, 2, 3, 6, 12, 24, 60, 120} {
		step = s
		if (m1-m0)/s+1 <= 8 {
			break
		}
	}
	minor := 1
	switch {
	case step == 12:
		minor = 3
	case step > 12:
		minor = 12
	}
	var ticks []plot.Tick
	for mi := m0; mi <= m1; mi++ {
		if mi%minor != 0 {
			continue
		}
		at := time.Date(mi/12, time.Month(mi%12+1), 1, 0, 0, 0, 0, time.UTC)
		tk := plot.Tick{Value: float64(at.Unix())}
		if mi%step == 0 {
			if step >= 12 {
				tk.Label = at.Format("2006")
			} else {
				tk.Label = at.Format("Jan 2006")
			}
		}
		ticks = append(ticks, tk)
	}
	return ticks
}

// quantityTicks marks the quantity axis with figures written out ("500,000",
// "1.2 million"): at round steps, or at powers of ten on a log scale.
type quantityTicks struct{ log bool }

// Ticks returns the ticks between min and max.
func (q quantityTicks) Ticks(min, max float64) []plot.Tick {
	if !q.log {
		ticks := plot.DefaultTicks{}.Ticks(min, max)
		for i := range ticks {
			if ticks[i].Label != "" {
				ticks[i].Label = humanNumber(ticks[i].Value)
			}
		}
		return ticks
	}
	var ticks []plot.Tick
	for e := math.Floor(math.Log10(min)); e <= math.Ceil(math.Log10(max)); e++ {
		base := math.Pow(10, e)
		for k := 1; k <= 9; k++ {
			v := base * float64(k)
			if v < min*(1-1e-9) || v > max*(1+1e-9) {
				continue
			}
			tk := plot.Tick{Value: v}
			if k == 1 {
				tk.Label = humanNumber(v)
			}
			ticks = append(ticks, tk)
		}
	}
	return ticks
}

// humanNumber writes a quantity as a reader would: "24", "6,700",
// "500,000", "1 million", "1.2 million", "3 billion".
func humanNumber(v float64) string {
	switch {
	case v >= 1e9:
		return trimDecimal(v/1e9) + " billion"
	case v >= 1e6:
		return trimDecimal(v/1e6) + " million"
	}
	if v != math.Trunc(v) {
		return trimDecimal(v)
	}
	s := strconv.FormatInt(int64(v), 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// trimDecimal writes v with at most three decimals, no trailing zeros.
func trimDecimal(v float64) string {
	s := strconv.FormatFloat(v, 'f', 3, 64)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
