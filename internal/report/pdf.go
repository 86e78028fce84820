package report

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	"github.com/shopspring/decimal"

	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
)

// The layout of every page, in millimetres on A4 paper.
const (
	pdfMargin = 15.0 // left, right and top
	// pdfBottom is the space under the content, which holds the footer:
	// a rule at pdfFooterRule and the footer's text on a baseline at
	// pdfFooterText above the bottom edge.
	pdfBottom     = 20.0
	pdfFooterRule = 14.0
	pdfFooterText = 10.0
	// pdfPad is the space either side of a cell's text; pdfVPad above and
	// below a row's text.
	pdfPad  = 1.5
	pdfVPad = 0.6
	// pdfLeading is a line's height as a multiple of the font size.
	pdfLeading = 1.25
	// ptMM is one typographic point in millimetres.
	ptMM = 25.4 / 72
)

// The rules a statement's table is laid out by.
const (
	// pdfBodySize is the table's font size in points when the table fits
	// at it; on a page too narrow even in landscape the font shrinks a
	// point at a time down to pdfMinSize.
	pdfBodySize = 9.0
	pdfMinSize  = 6.0
	// pdfLabelMin is the narrowest the label column may get: when the
	// other columns leave less on a portrait page, the page turns
	// landscape.
	pdfLabelMin = 40.0
	// pdfTextCap is the widest a code or text column (a date, a
	// reference, a memo, a name) gets; longer cells wrap.
	pdfTextCap = 45.0
	// pdfMaxCellLines bounds the lines a wrapped cell takes; the text
	// beyond them is cut and ends with an ellipsis, so no row is taller
	// than a page.
	pdfMaxCellLines = 3
	// pdfIndent is a level's indentation of a label, in thousandths of
	// an em (about 4 mm at 9 points).
	pdfIndent = 1250
)

// The rules a chart is drawn by.
const (
	// pdfMaxIntervals bounds the gridlines of a chart's value axis: the
	// axis steps by the smallest round step (1, 2 or 5 times a power of
	// ten, never below the currency's minor unit) that covers the values
	// in at most this many intervals.
	pdfMaxIntervals = 5
	// pdfMaxLabels bounds a chart's x labels, which must stay legible
	// across a page.
	pdfMaxLabels = 60
	// pdfPlotHeight is the height of a chart's plot area, pdfChartLabel
	// the widest an x label gets.
	pdfPlotHeight = 70.0
	pdfChartLabel = 30.0
)

// pdfPalette colours a chart's series, one each; the colours stay apart
// when printed in grey.
var pdfPalette = [...][3]int{
	{31, 119, 180},  // blue
	{255, 127, 14},  // orange
	{44, 160, 44},   // green
	{214, 39, 40},   // red
	{148, 103, 189}, // purple
	{140, 86, 75},   // brown
	{227, 119, 194}, // pink
	{127, 127, 127}, // grey
}

// pdfTime stands for the creation and modification times of every
// document, as xlsxTime does for workbooks: the same document must give
// the same bytes, so no time comes from the clock.
var pdfTime = time.Date(2000, time.January, 1, 0, 0, 0, 0, time.UTC)

// Document is a PDF built from sections, A4, each section starting on a
// new page (a chart shares the page before it when there is room). Text is
// set in the core Helvetica font in the Windows-1252 code page, which
// holds every letter of Indonesian and English; a character outside it
// prints as a full stop. The same sections give the same bytes.
//
// A Document is not safe for concurrent use. Once written, or after fpdf
// fails, it refuses further sections; a statement or chart refused by its
// checks leaves it as it was.
type Document struct {
	p   i18n.Printer
	pdf *fpdf.Fpdf
	tr  func(string) string
	a4  fpdf.SizeType
	// regular and bold are the width of every cp1252 byte in thousandths
	// of an em, so cells are measured without selecting fonts.
	regular, bold [256]int
	// font is the font last selected; orientation the current page's.
	font        pdfFont
	orientation string
	// y is where the next content goes on the current page; shared says
	// whether a chart may go there too (not under a cover).
	y      float64
	shared bool
	// cooperative names the cooperative in the footers: the first
	// statement's that names one. title is the document's title in its
	// properties: the cover's, else the first statement's.
	cooperative string
	title       string
	written     bool
}

type pdfFont struct {
	style string
	size  float64
}

// docOption adjusts a new document; the tests turn compression off to
// read the page content.
type docOption func(*fpdf.Fpdf)

func withoutCompression() docOption {
	return func(f *fpdf.Fpdf) { f.SetCompression(false) }
}

// NewDocument returns an empty document whose fixed words ("page",
// "continued") are in p's language and whose figures p formats.
func NewDocument(p i18n.Printer) *Document { return newDocument(p) }

func newDocument(p i18n.Printer, opts ...docOption) *Document {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetCreationDate(pdfTime)
	f.SetModificationDate(pdfTime)
	f.SetCatalogSort(true)
	f.SetMargins(pdfMargin, pdfMargin, pdfMargin)
	// Every page break is decided here, so a table can repeat its heads.
	f.SetAutoPageBreak(false, pdfBottom)
	f.SetLang(string(p.Lang))
	for _, o := range opts {
		o(f)
	}
	d := &Document{p: p, pdf: f, tr: f.UnicodeTranslatorFromDescriptor(""), a4: f.GetPageSizeStr("A4")}
	d.bold = d.widths("B")
	d.regular = d.widths("")
	d.font = pdfFont{"", 10}
	return d
}

// widths measures every byte of the Helvetica face style.
func (d *Document) widths(style string) [256]int {
	var w [256]int
	d.pdf.SetFont("Helvetica", style, 10)
	for b := 1; b < 256; b++ {
		w[b] = d.pdf.GetStringSymbolWidth(string([]byte{byte(b)}))
	}
	return w
}

// usable reports why no section can be added.
func (d *Document) usable() error {
	if d.written {
		return errors.New("report: pdf document already written")
	}
	if err := d.pdf.Error(); err != nil {
		return fmt.Errorf("report: pdf: %w", err)
	}
	return nil
}

// failed returns fpdf's error, if any, for the section op.
func (d *Document) failed(op string) error {
	if err := d.pdf.Error(); err != nil {
		return fmt.Errorf("report: pdf %s: %w", op, err)
	}
	return nil
}

// text translates s to cp1252 for the core font; control characters
// become spaces, since a cell holds one line.
func (d *Document) text(s string) string {
	t := d.tr(s)
	for i := 0; i < len(t); i++ {
		if t[i] < ' ' || t[i] == 0x7f {
			// Byte by byte: the text is cp1252 now, not UTF-8.
			b := []byte(t)
			for j, c := range b {
				if c < ' ' || c == 0x7f {
					b[j] = ' '
				}
			}
			return string(b)
		}
	}
	return t
}

// units is the width of the cp1252 text s in thousandths of an em.
func (d *Document) units(s string, bold bool) int {
	w := &d.regular
	if bold {
		w = &d.bold
	}
	n := 0
	for i := 0; i < len(s); i++ {
		n += w[s[i]]
	}
	return n
}

// mm converts a width in thousandths of an em at size points to mm.
func mm(units int, size float64) float64 { return float64(units) * size * ptMM / 1000 }

// emUnits converts millimetres at size points to thousandths of an em,
// rounding, so a width measured from a text holds that text again.
func emUnits(w, size float64) int { return int(math.Round(w * 1000 / (size * ptMM))) }

func (d *Document) setFont(style string, size float64) {
	if d.font == (pdfFont{style, size}) {
		return
	}
	d.pdf.SetFont("Helvetica", style, size)
	d.font = pdfFont{style, size}
}

// newPage starts a page; fpdf carries the font, colours and line width
// over from the page before.
func (d *Document) newPage(orientation string) {
	d.pdf.AddPageFormat(orientation, d.a4)
	d.orientation = orientation
	d.y = pdfMargin
	d.shared = true
}

// bottom is the lowest the content of the current page may reach.
func (d *Document) bottom() float64 {
	_, h := d.pdf.GetPageSize()
	return h - pdfBottom
}

// contentWidth is the width between the current page's margins.
func (d *Document) contentWidth() float64 {
	w, _ := d.pdf.GetPageSize()
	return w - 2*pdfMargin
}

// wrap breaks the cp1252 text s into lines at most width thousandths of
// an em wide, at spaces where it can and inside a word where it must. At
// most limit lines are returned; when the text needs more, the last one
// ends with an ellipsis.
func (d *Document) wrap(s string, bold bool, width, limit int) []string {
	if d.units(s, bold) <= width {
		return []string{s}
	}
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		next := word
		if line != "" {
			next = line + " " + word
		}
		if d.units(next, bold) <= width {
			line = next
			continue
		}
		if line != "" {
			lines = append(lines, line)
		}
		line = word
		for d.units(line, bold) > width {
			cut := d.fit(line, bold, width)
			lines = append(lines, line[:cut])
			line = line[cut:]
		}
		if len(lines) > limit {
			break
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	if len(lines) > limit {
		lines = lines[:limit]
		last := lines[limit-1] + "\x85" // cp1252 ellipsis
		for len(last) > 1 && d.units(last, bold) > width {
			last = last[:len(last)-2] + "\x85"
		}
		lines[limit-1] = last
	}
	return lines
}

// fit returns how many leading bytes of s fit in width, at least one.
func (d *Document) fit(s string, bold bool, width int) int {
	w := &d.regular
	if bold {
		w = &d.bold
	}
	n := 0
	for i := 0; i < len(s); i++ {
		n += w[s[i]]
		if n > width {
			return max(i, 1)
		}
	}
	return len(s)
}

// line translates s and cuts it to one line at most width mm wide at
// size points.
func (d *Document) line(s string, bold bool, width, size float64) string {
	return d.wrap(d.text(s), bold, emUnits(width, size), 1)[0]
}

// paragraph sets the text s in lines across the content width, aligned
// "L" or "C", starting a page of the same orientation when one is full.
func (d *Document) paragraph(s, style string, size float64, align string) {
	if s == "" {
		return
	}
	d.setFont(style, size)
	width := d.contentWidth()
	lead := size * ptMM * pdfLeading
	bold := style == "B"
	// A paragraph is bounded only by the page: a hundred lines is far
	// more than any title or note.
	for _, line := range d.wrap(d.text(s), bold, emUnits(width, size), 100) {
		if d.y+lead > d.bottom() {
			d.newPage(d.orientation)
		}
		x := pdfMargin
		if align == "C" {
			x += (width - mm(d.units(line, bold), size)) / 2
		}
		d.pdf.Text(x, baseline(d.y, lead, size), line)
		d.y += lead
	}
}

// baseline is where text of size points sits in a line of height lead
// whose top is y: the capitals centred in the line.
func baseline(y, lead, size float64) float64 {
	return y + lead/2 + 0.35*size*ptMM
}

// Cover adds a cover page: a big title, a subtitle, and lines of text (the
// cooperative, the year, the date of the meeting, a seal value), centred.
// The page holds nothing else. A document already written ignores it, and
// Write says so.
func (d *Document) Cover(title, subtitle string, lines []string) {
	if d.usable() != nil {
		return
	}
	d.newPage("P")
	d.shared = false
	d.y = 80
	d.paragraph(title, "B", 26, "C")
	d.y += 4
	d.paragraph(subtitle, "", 15, "C")
	d.y += 8
	if len(lines) > 0 {
		w := 60.0
		d.pdf.SetDrawColor(150, 150, 150)
		d.pdf.SetLineWidth(0.3)
		d.pdf.Line(pdfMargin+(d.contentWidth()-w)/2, d.y, pdfMargin+(d.contentWidth()+w)/2, d.y)
		d.y += 8
	}
	for _, l := range lines {
		d.paragraph(l, "", 11, "C")
		d.y += 1.5
	}
	if d.title == "" {
		d.title = title
	}
}

// pdfColumn is one column of a statement's table.
type pdfColumn struct {
	head  string // cp1252
	right bool   // figures, set right and never wrapped
	// natural is the widest cell, least the narrowest the head fits in
	// pdfMaxCellLines lines and full the whole head on one, all in
	// thousandths of an em.
	natural, least, full int
	x, w                 float64
	heads                []string // the head wrapped to w
}

// pdfRow is one line of a statement, its cells in cp1252, figures
// formatted.
type pdfRow struct {
	style Style
	level int
	cells []string
}

// pdfTable lays out and draws a statement.
type pdfTable struct {
	d      *Document
	cols   []pdfColumn
	label  int // the label column's index
	figure int // the first figure column's index
	rows   []pdfRow
	size   float64
	lead   float64
	// orientation is "P" or "L"; continued titles continuation pages.
	orientation string
	continued   string
}

// Statement adds a statement as a table on a new page: the title block,
// the column heads (the code when any line has one, the label, the text
// columns, then the figure columns with their Label), the lines with
// their labels indented by level, headings bold without figures,
// subtotals bold with a rule above their figures, totals bold with a rule
// above the line and a double rule under the figures, then the notes. A
// long statement breaks across pages and repeats the column heads on each;
// a heading is never left alone at the foot of a page.
//
// The page is portrait when the columns fit it at 9 points with at least
// 40 mm for the labels, else landscape, where the font shrinks down to 6
// points if it must; a statement whose figures do not fit even then is an
// error. Code and text columns are at most 45 mm wide and wrap, as labels
// do, to at most three lines. Figures are right-aligned as the printer
// formats them, negatives with their minus sign. A statement that fails
// the checks every renderer makes adds nothing and returns the error.
func (d *Document) Statement(s Statement) error {
	if err := check(s); err != nil {
		return err
	}
	if err := d.usable(); err != nil {
		return err
	}
	t := d.table(s)
	if err := t.layout(); err != nil {
		return fmt.Errorf("report: pdf %s: %w", s.Kind, err)
	}

	d.newPage(t.orientation)
	d.pdf.SetTextColor(0, 0, 0)
	d.paragraph(s.Cooperative, "B", 10, "C")
	d.paragraph(s.Title, "B", 14, "C")
	d.paragraph(s.Subtitle, "", 10, "C")
	if s.Cooperative != "" || s.Title != "" || s.Subtitle != "" {
		d.y += 4
	}
	t.draw()

	if len(s.Notes) > 0 {
		d.y += 3
		for _, n := range s.Notes {
			d.paragraph(n, "", 8, "L")
		}
	}
	if d.cooperative == "" {
		d.cooperative = s.Cooperative
	}
	if d.title == "" {
		d.title = s.Title
	}
	return d.failed(s.Kind)
}

// table translates and measures a statement's cells.
func (d *Document) table(s Statement) *pdfTable {
	t := &pdfTable{d: d, continued: d.text(strings.TrimSpace(s.Title + " " + d.p.T("(lanjutan)", "(continued)")))}
	codes := hasCodes(s)
	if codes {
		t.cols = append(t.cols, pdfColumn{head: d.text(d.p.T("Kode", "Code"))})
	}
	t.label = len(t.cols)
	t.cols = append(t.cols, pdfColumn{head: d.text(d.p.T("Uraian", "Description"))})
	for _, h := range s.TextColumns {
		t.cols = append(t.cols, pdfColumn{head: d.text(h)})
	}
	t.figure = len(t.cols)
	for _, c := range s.Columns {
		t.cols = append(t.cols, pdfColumn{head: d.text(c.Label), right: true})
	}
	for i := range t.cols {
		c := &t.cols[i]
		c.full = d.units(c.head, true)
		for _, word := range strings.Fields(c.head) {
			c.least = max(c.least, d.units(word, true))
		}
		// Heads are short: widening a tenth of an em at a time until the
		// head wraps to few enough lines takes few steps.
		for c.least < c.full && len(d.wrap(c.head, true, c.least, pdfMaxCellLines+1)) > pdfMaxCellLines {
			c.least += 100
		}
	}

	t.rows = make([]pdfRow, len(s.Lines))
	cells := make([]string, len(s.Lines)*len(t.cols))
	for i, l := range s.Lines {
		r := pdfRow{style: l.Style, level: l.Level, cells: cells[i*len(t.cols) : (i+1)*len(t.cols)]}
		bold := l.Style != Item
		if codes {
			r.cells[0] = d.text(l.Code)
		}
		r.cells[t.label] = d.text(l.Label)
		for j := range s.TextColumns {
			r.cells[t.label+1+j] = d.text(textCell(l, j))
		}
		if values, ok := figures(l); ok {
			for j, v := range values {
				r.cells[t.figure+j] = d.p.Number(v)
			}
		}
		for j, c := range r.cells {
			n := d.units(c, bold)
			if j == t.label {
				n += l.Level * pdfIndent
			}
			t.cols[j].natural = max(t.cols[j].natural, n)
		}
		t.rows[i] = r
	}
	return t
}

// layout chooses the orientation and font size and sets the columns'
// widths: every column but the label's gets its natural width (code and
// text columns at most pdfTextCap), and the label takes the rest.
func (t *pdfTable) layout() error {
	tries := []struct {
		orientation string
		size        float64
	}{{"P", pdfBodySize}}
	for size := pdfBodySize; size >= pdfMinSize; size-- {
		tries = append(tries, struct {
			orientation string
			size        float64
		}{"L", size})
	}
	var need float64
	for _, try := range tries {
		avail := t.d.a4.Wd - 2*pdfMargin
		if try.orientation == "L" {
			avail = t.d.a4.Ht - 2*pdfMargin
		}
		others := 0.0
		for i := range t.cols {
			if i == t.label {
				continue
			}
			c := &t.cols[i]
			c.w = mm(c.natural, try.size) + 2*pdfPad
			if !c.right {
				c.w = min(c.w, pdfTextCap)
			}
			c.w = max(c.w, mm(c.least, try.size)+2*pdfPad)
			others += c.w
		}
		label := max(min(mm(t.cols[t.label].natural, try.size), pdfLabelMin), mm(t.cols[t.label].least, try.size)) + 2*pdfPad
		need = others + label
		if need > avail {
			continue
		}
		// What the labels do not need, up to half the page, goes to the
		// columns whose heads would wrap, in order, so heads take as few
		// lines as they can.
		labels := min(max(mm(t.cols[t.label].natural, try.size)+2*pdfPad, pdfLabelMin), avail/2)
		spare := avail - others - labels
		for i := range t.cols {
			c := &t.cols[i]
			if i == t.label || spare <= 0 {
				continue
			}
			grow := min(max(mm(c.full, try.size)+2*pdfPad-c.w, 0), spare)
			c.w += grow
			others += grow
			spare -= grow
		}
		t.cols[t.label].w = avail - others
		x := pdfMargin
		for i := range t.cols {
			c := &t.cols[i]
			c.x = x
			x += c.w
			c.heads = t.d.wrap(c.head, true, emUnits(c.w-2*pdfPad, try.size), pdfMaxCellLines)
		}
		t.orientation, t.size = try.orientation, try.size
		t.lead = try.size * ptMM * pdfLeading
		return nil
	}
	return fmt.Errorf("%d columns need %.0f mm at %.0f points, more than a landscape A4 page holds", len(t.cols), need, pdfMinSize)
}

// width is the table's width.
func (t *pdfTable) width() float64 {
	last := t.cols[len(t.cols)-1]
	return last.x + last.w - pdfMargin
}

// heads draws the column heads at the current position: bold on a grey
// band, labels and text heads left, figure heads right, all sitting on the
// band's last line.
func (t *pdfTable) heads() {
	d := t.d
	n := 1
	for _, c := range t.cols {
		n = max(n, len(c.heads))
	}
	h := float64(n)*t.lead + 2*pdfVPad
	d.pdf.SetFillColor(230, 230, 230)
	d.pdf.Rect(pdfMargin, d.y, t.width(), h, "F")
	d.setFont("B", t.size)
	for _, c := range t.cols {
		for i, line := range c.heads {
			top := d.y + pdfVPad + float64(n-len(c.heads)+i)*t.lead
			t.cell(c, line, top, true, 0)
		}
	}
	d.pdf.SetDrawColor(0, 0, 0)
	d.pdf.SetLineWidth(0.3)
	d.pdf.Line(pdfMargin, d.y+h, pdfMargin+t.width(), d.y+h)
	d.y += h + 0.5
}

// cell draws one line of a cell whose top is at top.
func (t *pdfTable) cell(c pdfColumn, s string, top float64, bold bool, indent int) {
	if s == "" {
		return
	}
	x := c.x + pdfPad + mm(indent, t.size)
	if c.right {
		x = c.x + c.w - pdfPad - mm(t.d.units(s, bold), t.size)
	}
	t.d.pdf.Text(x, baseline(top, t.lead, t.size), s)
}

// lines wraps a row's cells to their columns and returns them with the
// row's height. The cells of most rows fit, and are not copied.
func (t *pdfTable) lines(r pdfRow, buf [][]string) ([][]string, float64) {
	bold := r.style != Item
	n := 1
	for j, s := range r.cells {
		c := t.cols[j]
		indent := 0
		if j == t.label {
			indent = r.level * pdfIndent
		}
		width := emUnits(c.w-2*pdfPad, t.size) - indent
		if c.right || t.d.units(s, bold) <= width {
			buf[j] = append(buf[j][:0], s)
			continue
		}
		buf[j] = t.d.wrap(s, bold, max(width, 1000), pdfMaxCellLines)
		n = max(n, len(buf[j]))
	}
	return buf, float64(n)*t.lead + 2*pdfVPad
}

// draw draws the heads and the rows, starting a page with the heads again
// whenever the next row does not fit.
func (t *pdfTable) draw() {
	d := t.d
	t.heads()
	top := d.y
	cur := make([][]string, len(t.cols))
	next := make([][]string, len(t.cols))
	for i, r := range t.rows {
		cells, h := t.lines(r, cur)
		need := h
		if r.style == Heading && i+1 < len(t.rows) {
			_, nh := t.lines(t.rows[i+1], next)
			need += nh
		}
		space := 0.0
		if r.style == Heading && r.level == 0 && d.y > top {
			space = t.lead / 2
		}
		if d.y+space+need > d.bottom() && d.y > top {
			d.newPage(t.orientation)
			d.setFont("I", 8)
			d.pdf.Text(pdfMargin, baseline(d.y, 8*ptMM*pdfLeading, 8), t.continued)
			d.y += 8*ptMM*pdfLeading + 1
			t.heads()
			top = d.y
			space = 0
		}
		d.y += space
		t.row(r, cells, h)
		d.y += h
	}
}

// row draws one row at the current position.
func (t *pdfTable) row(r pdfRow, cells [][]string, h float64) {
	d := t.d
	right := pdfMargin + t.width()
	switch r.style {
	case Subtotal:
		d.pdf.SetDrawColor(0, 0, 0)
		d.pdf.SetLineWidth(0.2)
		for j, c := range t.cols[t.figure:] {
			if r.cells[t.figure+j] != "" {
				d.pdf.Line(c.x+pdfPad, d.y, c.x+c.w-pdfPad, d.y)
			}
		}
	case Total:
		d.pdf.SetDrawColor(0, 0, 0)
		d.pdf.SetLineWidth(0.3)
		d.pdf.Line(pdfMargin, d.y, right, d.y)
		d.pdf.SetLineWidth(0.2)
		for j, c := range t.cols[t.figure:] {
			if r.cells[t.figure+j] != "" {
				d.pdf.Line(c.x+pdfPad, d.y+h-0.3, c.x+c.w-pdfPad, d.y+h-0.3)
				d.pdf.Line(c.x+pdfPad, d.y+h+0.3, c.x+c.w-pdfPad, d.y+h+0.3)
			}
		}
	}
	bold := r.style != Item
	if bold {
		d.setFont("B", t.size)
	} else {
		d.setFont("", t.size)
	}
	for j, c := range t.cols {
		indent := 0
		if j == t.label {
			indent = r.level * pdfIndent
		}
		for k, s := range cells[j] {
			t.cell(c, s, d.y+pdfVPad+float64(k)*t.lead, bold, indent)
		}
	}
}

// BarChart is a bar chart: one group of bars per label, one bar in each
// group per series. (Chart, the name the Document method takes, is the
// package's chart of accounts.)
type BarChart struct {
	Title  string
	Labels []string
	Series []Series
}

// Series is one series of a chart: a name for the legend and one amount
// per label.
type Series struct {
	Name   string
	Values []money.Amount
}

// Chart adds a bar chart on the current page when there is room under
// what is on it, else on a new portrait page: the title, a legend with one
// colour per series, the value axis with a few round gridlines labelled as
// the printer formats numbers, and the x labels under their groups
// (slanted when they are too wide to stand side by side).
//
// The axis always includes zero, so bars grow from the zero line: up for
// positive amounts, down for negative ones. When every amount is zero,
// the plot holds only the zero line, at its foot, and the words "Semua
// nilai nol" ("All values are zero"), with no bars. The scale is computed
// in exact decimals; only the final coordinates are floating point. The
// title, the series' names and the x labels are cut to one line (x labels
// to 30 mm), ending with an ellipsis. A chart without labels or series,
// with more than 60 labels or 8 series, or with a series whose amounts do
// not match the labels, adds nothing and returns an error.
func (d *Document) Chart(c BarChart) error {
	if err := checkChart(c); err != nil {
		return err
	}
	if err := d.usable(); err != nil {
		return err
	}
	var all []decimal.Decimal
	for _, s := range c.Series {
		for _, v := range s.Values {
			all = append(all, v.Decimal())
		}
	}
	sc := newScale(all, money.Unit(d.p.Places).Decimal())
	ticks := sc.ticks()
	tickText := make([]string, len(ticks))
	tickW := 0.0
	const small = 7.5
	for i, v := range ticks {
		tickText[i] = d.p.Number(money.FromDecimal(v))
		tickW = max(tickW, mm(d.units(tickText[i], false), small))
	}
	labels := make([]string, len(c.Labels))
	labelW := 0.0
	for i, l := range c.Labels {
		labels[i] = d.line(l, false, pdfChartLabel, small)
		labelW = max(labelW, mm(d.units(labels[i], false), small))
	}

	if d.shared {
		d.y += 8
	} else {
		d.newPage("P")
	}
	// The legend's names leave room for a key before them.
	names := make([]string, len(c.Series))
	for i, s := range c.Series {
		names[i] = d.line(s.Name, false, d.contentWidth()-12, 8)
	}
	g := d.chartGeometry(tickW, labelW, len(labels), names)
	if d.y+g.height > d.bottom() {
		d.newPage("P")
		for i, s := range c.Series {
			names[i] = d.line(s.Name, false, d.contentWidth()-12, 8)
		}
		g = d.chartGeometry(tickW, labelW, len(labels), names)
	}
	plotX, plotW, group := g.plotX, g.plotW, g.group

	d.setFont("B", 11)
	d.pdf.SetTextColor(0, 0, 0)
	d.pdf.Text(pdfMargin, baseline(d.y, 6, 11), d.line(c.Title, true, d.contentWidth(), 11))
	d.y += 9
	d.setFont("", 8)
	for _, row := range g.legend {
		x := pdfMargin
		for _, i := range row {
			col := pdfPalette[i]
			d.pdf.SetFillColor(col[0], col[1], col[2])
			d.pdf.Rect(x, d.y+0.8, 3, 3, "F")
			d.pdf.Text(x+4.5, baseline(d.y, 4.6, 8), names[i])
			x += 4.5 + mm(d.units(names[i], false), 8) + 6
		}
		d.y += 5
	}
	d.y += 3

	plotY := d.y
	yOf := func(v decimal.Decimal) float64 {
		return plotY + pdfPlotHeight*(1-sc.fraction(v))
	}
	d.setFont("", small)
	d.pdf.SetTextColor(60, 60, 60)
	d.pdf.SetLineWidth(0.15)
	for i, v := range ticks {
		y := yOf(v)
		if !v.IsZero() {
			d.pdf.SetDrawColor(210, 210, 210)
			d.pdf.Line(plotX, y, plotX+plotW, y)
		}
		d.pdf.Text(plotX-2-mm(d.units(tickText[i], false), small), y+0.35*small*ptMM, tickText[i])
	}

	if sc.step.IsZero() {
		none := d.text(d.p.T("Semua nilai nol", "All values are zero"))
		d.setFont("I", 9)
		d.pdf.Text(plotX+(plotW-mm(d.units(none, false), 9))/2, plotY+pdfPlotHeight/2, none)
		d.setFont("", small)
	}
	zero := yOf(decimal.Zero)
	bar := group * 0.8 / float64(len(c.Series))
	for j, s := range c.Series {
		col := pdfPalette[j]
		d.pdf.SetFillColor(col[0], col[1], col[2])
		for i, v := range s.Values {
			if v.IsZero() {
				continue
			}
			y := yOf(v.Decimal())
			x := plotX + float64(i)*group + group*0.1 + float64(j)*bar
			d.pdf.Rect(x, min(y, zero), bar, max(y, zero)-min(y, zero), "F")
		}
	}
	d.pdf.SetDrawColor(60, 60, 60)
	d.pdf.SetLineWidth(0.3)
	d.pdf.Line(plotX, zero, plotX+plotW, zero)
	d.pdf.SetLineWidth(0.15)
	d.pdf.Line(plotX, plotY, plotX, plotY+pdfPlotHeight)

	foot := plotY + pdfPlotHeight
	for i, l := range labels {
		cx := plotX + (float64(i)+0.5)*group
		w := mm(d.units(l, false), small)
		if !g.slant {
			d.pdf.Text(cx-w/2, foot+4, l)
			continue
		}
		// Each label ends under its group and runs down to the left.
		d.pdf.TransformBegin()
		d.pdf.TransformRotate(45, cx, foot+3)
		d.pdf.Text(cx-w, foot+3+0.35*small*ptMM, l)
		d.pdf.TransformEnd()
	}
	d.pdf.SetTextColor(0, 0, 0)
	d.pdf.SetDrawColor(0, 0, 0)
	d.pdf.SetLineWidth(0.2)
	d.y = foot + g.under
	if d.title == "" {
		d.title = c.Title
	}
	return d.failed("chart " + c.Title)
}

// chartGeometry places a chart on the current page: the plot right of
// the value axis's labels (tickW wide), n groups across it, the x labels
// (labelW at the widest) under it, slanted when they do not fit their
// group, and the legend's rows above it.
type chartGeometry struct {
	plotX, plotW, group float64
	slant               bool
	under, height       float64
	legend              [][]int
}

func (d *Document) chartGeometry(tickW, labelW float64, n int, names []string) chartGeometry {
	width := d.contentWidth()
	g := chartGeometry{plotX: pdfMargin + tickW + 2}
	g.plotW = pdfMargin + width - g.plotX
	g.group = g.plotW / float64(n)
	g.slant = labelW > g.group-1
	g.under = 6
	if g.slant {
		// The labels run down at 45 degrees.
		g.under = 3 + labelW*0.7072 + 2
	}
	g.legend = d.legendRows(names, width)
	g.height = 9 + float64(len(g.legend))*5 + 3 + pdfPlotHeight + g.under
	return g
}

// legendRows lays the legend's entries out in rows across width.
func (d *Document) legendRows(names []string, width float64) [][]int {
	var rows [][]int
	var row []int
	x := 0.0
	for i, n := range names {
		w := 4.5 + mm(d.units(n, false), 8) + 6
		if len(row) > 0 && x+w > width {
			rows = append(rows, row)
			row, x = nil, 0
		}
		row = append(row, i)
		x += w
	}
	return append(rows, row)
}

// checkChart reports a chart that cannot be drawn faithfully.
func checkChart(c BarChart) error {
	switch {
	case len(c.Labels) == 0:
		return fmt.Errorf("report: chart %q has no labels", c.Title)
	case len(c.Labels) > pdfMaxLabels:
		return fmt.Errorf("report: chart %q has %d labels, more than %d", c.Title, len(c.Labels), pdfMaxLabels)
	case len(c.Series) == 0:
		return fmt.Errorf("report: chart %q has no series", c.Title)
	case len(c.Series) > len(pdfPalette):
		return fmt.Errorf("report: chart %q has %d series, more than %d", c.Title, len(c.Series), len(pdfPalette))
	}
	for _, s := range c.Series {
		if len(s.Values) != len(c.Labels) {
			return fmt.Errorf("report: chart %q series %q: %d amounts for %d labels", c.Title, s.Name, len(s.Values), len(c.Labels))
		}
	}
	return nil
}

// scale is a chart's value axis: from lo to hi in steps of step, all
// exact; step is zero when every value is zero, and lo and hi are then
// zero too.
type scale struct {
	lo, hi, step decimal.Decimal
}

// newScale returns the axis for values: it includes zero, and steps by
// the smallest of 1, 2 or 5 times a power of ten, at least least (the
// currency's minor unit), that spans the values in at most
// pdfMaxIntervals steps, from a multiple of the step to a multiple of the
// step.
func newScale(values []decimal.Decimal, least decimal.Decimal) scale {
	lo, hi := decimal.Zero, decimal.Zero
	for _, v := range values {
		lo = decimal.Min(lo, v)
		hi = decimal.Max(hi, v)
	}
	if lo.Equal(hi) {
		return scale{lo: lo, hi: hi}
	}
	span := hi.Sub(lo)
	// A step a tenth of the span's order of magnitude takes at most 100
	// steps; the loop grows it until few enough do.
	exp := int32(len(span.Coefficient().String())) + span.Exponent() - 2
	limit := decimal.NewFromInt(pdfMaxIntervals)
	for ; ; exp++ {
		for _, m := range []int64{1, 2, 5} {
			step := decimal.New(m, exp)
			if step.LessThan(least) {
				continue
			}
			from, to := floorDiv(lo, step), ceilDiv(hi, step)
			if to.Sub(from).LessThanOrEqual(limit) {
				return scale{lo: from.Mul(step), hi: to.Mul(step), step: step}
			}
		}
	}
}

// floorDiv and ceilDiv return a/step rounded down and up to an integer,
// dividing exactly: QuoRem at precision 0 truncates toward zero and says
// by what.
func floorDiv(a, step decimal.Decimal) decimal.Decimal {
	q, r := a.QuoRem(step, 0)
	if r.Sign() < 0 {
		q = q.Sub(decimal.NewFromInt(1))
	}
	return q
}

func ceilDiv(a, step decimal.Decimal) decimal.Decimal {
	q, r := a.QuoRem(step, 0)
	if r.Sign() > 0 {
		q = q.Add(decimal.NewFromInt(1))
	}
	return q
}

// ticks returns the gridlines' values, lo to hi.
func (s scale) ticks() []decimal.Decimal {
	if s.step.IsZero() {
		return []decimal.Decimal{s.lo}
	}
	var out []decimal.Decimal
	for v := s.lo; v.LessThanOrEqual(s.hi); v = v.Add(s.step) {
		out = append(out, v)
	}
	return out
}

// fraction returns where v sits between lo (0) and hi (1), to six
// decimals, as the float64 a drawing coordinate needs.
func (s scale) fraction(v decimal.Decimal) float64 {
	if s.hi.Equal(s.lo) {
		return 0
	}
	return v.Sub(s.lo).DivRound(s.hi.Sub(s.lo), 6).InexactFloat64()
}

// Write writes the PDF to w. Every page's footer carries the
// cooperative's name, when a statement named it, and "Halaman N dari M"
// ("Page N of M"). A document without pages is an error, and a document is
// written once.
func (d *Document) Write(w io.Writer) error {
	if err := d.usable(); err != nil {
		return err
	}
	pages := d.pdf.PageCount()
	if pages == 0 {
		return errors.New("report: pdf document has no pages")
	}
	d.written = true
	// The footers are drawn last, when the number of pages is known. fpdf
	// places text from the current (last) page's height, so each page's
	// footer is shifted by the difference from its own.
	_, lastH := d.pdf.GetPageSize()
	coop := d.text(d.cooperative)
	for n := 1; n <= pages; n++ {
		d.pdf.SetPage(n)
		pw, ph, _ := d.pdf.PageSize(n)
		shift := lastH - ph
		d.pdf.SetFont("Helvetica", "", 8)
		d.pdf.SetTextColor(90, 90, 90)
		d.pdf.SetDrawColor(170, 170, 170)
		d.pdf.SetLineWidth(0.2)
		d.pdf.Line(pdfMargin, ph-pdfFooterRule+shift, pw-pdfMargin, ph-pdfFooterRule+shift)
		y := ph - pdfFooterText + shift
		if coop != "" {
			d.pdf.Text(pdfMargin, y, coop)
		}
		page := d.text(fmt.Sprintf(d.p.T("Halaman %d dari %d", "Page %d of %d"), n, pages))
		d.pdf.Text(pw-pdfMargin-mm(d.units(page, false), 8), y, page)
	}
	d.pdf.SetPage(pages)
	d.font = pdfFont{"", 8}
	if d.title != "" {
		d.pdf.SetTitle(d.title, true)
	}
	if d.cooperative != "" {
		d.pdf.SetAuthor(d.cooperative, true)
	}
	d.pdf.SetCreator("Lumbung", false)
	if err := d.pdf.Output(w); err != nil {
		return fmt.Errorf("report: pdf: %w", err)
	}
	return nil
}

// StatementPDF renders one statement as a PDF: a Document with that one
// section. A statement that fails the checks writes nothing.
func StatementPDF(w io.Writer, p i18n.Printer, s Statement) error {
	return statementPDF(w, p, s)
}

func statementPDF(w io.Writer, p i18n.Printer, s Statement, opts ...docOption) error {
	d := newDocument(p, opts...)
	if err := d.Statement(s); err != nil {
		return err
	}
	return d.Write(w)
}
