package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
)

// maxLevel bounds a line's indentation: statements use 0 to 3, and a
// larger level is a builder's mistake, not a deeper chart of accounts.
const maxLevel = 10

// check reports a statement that no format can lay out faithfully: a line
// whose figures or text cells do not match the columns, an unknown style,
// a level out of range. Every renderer checks first, so no format shows a
// figure under the wrong column or silently drops one.
func check(s Statement) error {
	for i, l := range s.Lines {
		switch l.Style {
		case Heading, Item, Subtotal, Total:
		default:
			return fmt.Errorf("report: %s line %d (%q): unknown style %q", s.Kind, i, l.Key, l.Style)
		}
		if l.Level < 0 || l.Level > maxLevel {
			return fmt.Errorf("report: %s line %d (%q): level %d outside 0..%d", s.Kind, i, l.Key, l.Level, maxLevel)
		}
		if len(l.Values) != 0 && len(l.Values) != len(s.Columns) {
			return fmt.Errorf("report: %s line %d (%q): %d values for %d columns", s.Kind, i, l.Key, len(l.Values), len(s.Columns))
		}
		if len(l.Text) != 0 && len(l.Text) != len(s.TextColumns) {
			return fmt.Errorf("report: %s line %d (%q): %d text cells for %d text columns", s.Kind, i, l.Key, len(l.Text), len(s.TextColumns))
		}
	}
	return nil
}

// hasCodes reports whether any line has an account code, which decides
// whether the code column is shown at all.
func hasCodes(s Statement) bool {
	for _, l := range s.Lines {
		if l.Code != "" {
			return true
		}
	}
	return false
}

// figures returns the line's figures, one per column, and whether it has
// any to show: headings never do, whatever Values holds.
func figures(l Line) ([]money.Amount, bool) {
	if l.Style == Heading || len(l.Values) == 0 {
		return nil, false
	}
	return l.Values, true
}

// textCell returns the line's i-th text cell, empty when it has none.
func textCell(l Line, i int) string {
	if i < len(l.Text) {
		return l.Text[i]
	}
	return ""
}

// StatementText renders a statement as an aligned text table for people:
// the title block, the lines with their labels indented by level and a
// rule above every total, then the notes.
func StatementText(w io.Writer, p i18n.Printer, s Statement) error {
	if err := check(s); err != nil {
		return err
	}
	var head strings.Builder
	for _, h := range []string{s.Cooperative, s.Title, s.Subtitle} {
		if h != "" {
			head.WriteString(strings.TrimRight(h, " ") + "\n")
		}
	}
	if head.Len() > 0 {
		head.WriteString("\n")
	}
	if _, err := io.WriteString(w, head.String()); err != nil {
		return err
	}

	codes := hasCodes(s)
	t := &table{}
	if codes {
		t.headers = append(t.headers, p.T("Kode", "Code"))
		t.right = append(t.right, false)
	}
	t.headers = append(t.headers, p.T("Uraian", "Description"))
	t.right = append(t.right, false)
	for _, c := range s.TextColumns {
		t.headers = append(t.headers, c)
		t.right = append(t.right, false)
	}
	for _, c := range s.Columns {
		t.headers = append(t.headers, c.Label)
		t.right = append(t.right, true)
	}
	for _, l := range s.Lines {
		row := make([]string, 0, len(t.headers))
		if codes {
			row = append(row, l.Code)
		}
		row = append(row, strings.Repeat("  ", l.Level)+l.Label)
		for i := range s.TextColumns {
			row = append(row, textCell(l, i))
		}
		values, ok := figures(l)
		for i := range s.Columns {
			if ok {
				row = append(row, p.Number(values[i]))
			} else {
				row = append(row, "")
			}
		}
		if l.Style == Total {
			t.rule()
		}
		t.add(row...)
	}
	if err := t.render(w); err != nil {
		return err
	}

	if len(s.Notes) == 0 {
		return nil
	}
	var notes strings.Builder
	notes.WriteString("\n")
	for _, n := range s.Notes {
		notes.WriteString(strings.TrimRight(n, " ") + "\n")
	}
	_, err := io.WriteString(w, notes.String())
	return err
}

// StatementJSON is the contract of a statement rendered as JSON. Amounts
// are strings in canonical form ("1250000", "-4", "0.5"), never numbers.
type StatementJSON struct {
	// Report is the statement's Kind ("neraca", "ledger", ...).
	Report      string       `json:"report"`
	Cooperative string       `json:"cooperative"`
	Title       string       `json:"title"`
	Subtitle    string       `json:"subtitle"`
	Unit        string       `json:"unit,omitempty"`
	TextColumns []string     `json:"text_columns,omitempty"`
	Columns     []ColumnJSON `json:"columns"`
	Lines       []LineJSON   `json:"lines"`
	Notes       []string     `json:"notes,omitempty"`
}

// ColumnJSON is one column of figures; From is absent for a position at a
// date. Dates are YYYY-MM-DD.
type ColumnJSON struct {
	Label string `json:"label"`
	From  string `json:"from,omitempty"`
	To    string `json:"to"`
}

// LineJSON is one line. Values holds one amount per column, and is empty
// (never null) for a heading.
type LineJSON struct {
	Key    string   `json:"key"`
	Code   string   `json:"code,omitempty"`
	Label  string   `json:"label"`
	Level  int      `json:"level"`
	Style  string   `json:"style"`
	Text   []string `json:"text,omitempty"`
	Values []string `json:"values"`
}

// StatementAsJSON renders a statement as JSON for programs (the
// StatementJSON contract). It is not named StatementJSON, which is the
// contract type, following BalancesJSON and BalancesAsJSON.
func StatementAsJSON(w io.Writer, s Statement) error {
	if err := check(s); err != nil {
		return err
	}
	out := StatementJSON{
		Report:      s.Kind,
		Cooperative: s.Cooperative,
		Title:       s.Title,
		Subtitle:    s.Subtitle,
		Unit:        s.Unit,
		TextColumns: s.TextColumns,
		Columns:     make([]ColumnJSON, 0, len(s.Columns)),
		Lines:       make([]LineJSON, 0, len(s.Lines)),
		Notes:       s.Notes,
	}
	for _, c := range s.Columns {
		out.Columns = append(out.Columns, ColumnJSON{Label: c.Label, From: c.From.String(), To: c.To.String()})
	}
	for _, l := range s.Lines {
		line := LineJSON{Key: l.Key, Code: l.Code, Label: l.Label, Level: l.Level, Style: string(l.Style), Text: l.Text, Values: []string{}}
		values, _ := figures(l)
		for _, v := range values {
			line.Values = append(line.Values, v.String())
		}
		out.Lines = append(out.Lines, line)
	}
	return writeJSON(w, out)
}

// StatementCSV renders a statement as CSV: a header row (key, code, label,
// the text columns, the column labels), then one row per line with its
// amounts in canonical form, without grouping, and empty figure cells for
// headings. The title block and the notes are not part of the table and
// are left out; cells are written as they are, with no guard against
// spreadsheet formulas, because this format is for programs (people get
// XLSX, where every text cell is a string).
func StatementCSV(w io.Writer, s Statement) error {
	if err := check(s); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	header := []string{"key", "code", "label"}
	header = append(header, s.TextColumns...)
	for _, c := range s.Columns {
		header = append(header, c.Label)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, l := range s.Lines {
		row := make([]string, 0, len(header))
		row = append(row, l.Key, l.Code, l.Label)
		for i := range s.TextColumns {
			row = append(row, textCell(l, i))
		}
		values, ok := figures(l)
		for i := range s.Columns {
			if ok {
				row = append(row, values[i].String())
			} else {
				row = append(row, "")
			}
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// xlsxDigits is the most significant digits an amount may have in a
// workbook: Excel holds numbers as float64, and every decimal of at most
// 15 significant digits survives the round trip through one exactly.
const xlsxDigits = 15

// xlsxTime stands for the creation and modification times of every
// workbook: a statement is a rendering of the log, and the same statement
// must give the same bytes, so no time comes from the clock.
const xlsxTime = "2000-01-01T00:00:00Z"

// xlsxMaxWidth bounds a column's width, in characters, so one long memo
// does not push the figures off the screen.
const xlsxMaxWidth = 60

// StatementXLSX renders a statement as an Excel workbook for people: one
// sheet named after the Kind, the title block, a bold header row, the
// lines with their labels indented by level and amounts as numbers, bold
// subtotals and totals, then the notes. Amounts go into the workbook as
// their decimal text, never through float64; an amount with more than 15
// significant digits, which Excel could not hold exactly, is an error.
//
// The same statement renders to the same bytes: the document properties
// carry fixed times, and excelize writes the zip entries in a sorted order
// without modification times.
func StatementXLSX(w io.Writer, s Statement) error {
	if err := check(s); err != nil {
		return err
	}
	places := 0
	for i, l := range s.Lines {
		values, _ := figures(l)
		for _, v := range values {
			digits, decimals := digitsOf(v)
			if digits > xlsxDigits {
				return fmt.Errorf("report: %s line %d (%q): amount %s has more than %d significant digits, which a spreadsheet cannot hold exactly", s.Kind, i, l.Key, v, xlsxDigits)
			}
			places = max(places, decimals)
		}
	}
	numFmt := "#,##0"
	if places > 0 {
		// Cents show as two decimals even when every amount has one.
		places = max(places, 2)
		numFmt += "." + strings.Repeat("0", places)
	}

	f := excelize.NewFile()
	defer f.Close()
	sheet := sheetName(s.Kind)
	if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
		return fmt.Errorf("report: xlsx sheet %q: %w", sheet, err)
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:          s.Title,
		Subject:        s.Kind,
		Creator:        s.Cooperative,
		LastModifiedBy: s.Cooperative,
		Created:        xlsxTime,
		Modified:       xlsxTime,
	}); err != nil {
		return fmt.Errorf("report: xlsx properties: %w", err)
	}
	x := &xlsxSheet{f: f, sheet: sheet, numFmt: numFmt, styles: map[xlsxStyle]int{}}

	row := 1
	for i, h := range []string{s.Cooperative, s.Title, s.Subtitle} {
		if h == "" {
			continue
		}
		// The cooperative and the title are bold, the subtitle is not.
		x.text(1, row, h, xlsxStyle{bold: i < 2})
		row++
	}
	if row > 1 {
		row++
	}

	codes := hasCodes(s)
	labelCol := 1
	if codes {
		labelCol = 2
	}
	textCol := labelCol + 1
	figCol := textCol + len(s.TextColumns)
	widths := make([]int, figCol+len(s.Columns))

	// The code and label columns have no header: the renderer has no
	// printer to say "Kode" or "Uraian" in the reader's language, and the
	// codes and labels speak for themselves.
	for i, h := range s.TextColumns {
		x.text(textCol+i, row, h, xlsxStyle{bold: true})
		widths[textCol+i] = max(widths[textCol+i], utf8.RuneCountInString(h))
	}
	for i, c := range s.Columns {
		x.text(figCol+i, row, c.Label, xlsxStyle{bold: true, right: true})
		widths[figCol+i] = max(widths[figCol+i], utf8.RuneCountInString(c.Label))
	}
	row++

	for _, l := range s.Lines {
		bold := l.Style == Subtotal || l.Style == Total
		if codes {
			x.text(1, row, l.Code, xlsxStyle{bold: bold})
			widths[1] = max(widths[1], utf8.RuneCountInString(l.Code))
		}
		x.text(labelCol, row, l.Label, xlsxStyle{bold: bold, indent: l.Level})
		// Excel indents by about the width of two characters a level.
		widths[labelCol] = max(widths[labelCol], utf8.RuneCountInString(l.Label)+2*l.Level)
		for i := range s.TextColumns {
			c := textCell(l, i)
			x.text(textCol+i, row, c, xlsxStyle{bold: bold})
			widths[textCol+i] = max(widths[textCol+i], utf8.RuneCountInString(c))
		}
		values, _ := figures(l)
		for i, v := range values {
			x.amount(figCol+i, row, v, bold)
			// As displayed: grouped, with the format's decimals.
			widths[figCol+i] = max(widths[figCol+i], len(v.Grouped(",", ".", int32(places))))
		}
		row++
	}

	if len(s.Notes) > 0 {
		row++
		for _, n := range s.Notes {
			x.text(1, row, n, xlsxStyle{})
			row++
		}
	}
	if x.err != nil {
		return fmt.Errorf("report: xlsx %s: %w", s.Kind, x.err)
	}

	for c := 1; c < len(widths); c++ {
		name, err := excelize.ColumnNumberToName(c)
		if err != nil {
			return fmt.Errorf("report: xlsx column %d: %w", c, err)
		}
		width := float64(min(max(widths[c], 4), xlsxMaxWidth) + 2)
		if err := f.SetColWidth(sheet, name, name, width); err != nil {
			return fmt.Errorf("report: xlsx column %s width: %w", name, err)
		}
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("report: xlsx %s: %w", s.Kind, err)
	}
	return nil
}

// digitsOf returns the number of significant digits of a, leading zeros
// aside, and the number of its decimals, both read from its canonical text.
func digitsOf(a money.Amount) (digits, decimals int) {
	text := strings.TrimPrefix(a.String(), "-")
	whole, frac, _ := strings.Cut(text, ".")
	all := strings.TrimLeft(whole+frac, "0")
	return len(all), len(frac)
}

// sheetName makes a worksheet name of a Kind: Excel refuses names that are
// empty, longer than 31 characters, start or end with an apostrophe, or
// hold any of : \ / ? * [ ].
func sheetName(kind string) string {
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '-'
		}
		return r
	}, kind)
	name = strings.Trim(name, "'")
	if r := []rune(name); len(r) > 31 {
		name = string(r[:31])
	}
	if name == "" {
		return "report"
	}
	return name
}

// xlsxStyle is how a cell is set; each distinct one becomes one excelize
// style.
type xlsxStyle struct {
	bold   bool
	right  bool
	indent int
	amount bool
}

// xlsxSheet writes the cells of one sheet, keeping the first error so the
// layout code reads straight through.
type xlsxSheet struct {
	f      *excelize.File
	sheet  string
	numFmt string
	styles map[xlsxStyle]int
	err    error
}

func (x *xlsxSheet) style(st xlsxStyle) int {
	if id, ok := x.styles[st]; ok {
		return id
	}
	var def excelize.Style
	if st.bold {
		def.Font = &excelize.Font{Bold: true}
	}
	switch {
	case st.right:
		def.Alignment = &excelize.Alignment{Horizontal: "right"}
	case st.indent > 0:
		// Excel honours an indent only with an explicit alignment.
		def.Alignment = &excelize.Alignment{Horizontal: "left", Indent: st.indent}
	}
	if st.amount {
		def.CustomNumFmt = &x.numFmt
	}
	id, err := x.f.NewStyle(&def)
	if err != nil && x.err == nil {
		x.err = err
	}
	x.styles[st] = id
	return id
}

func (x *xlsxSheet) cell(col, row int) string {
	name, err := excelize.CoordinatesToCellName(col, row)
	if err != nil && x.err == nil {
		x.err = err
	}
	return name
}

// text writes a text cell; an empty text with a plain style writes
// nothing, so the sheet holds no empty cells without reason.
func (x *xlsxSheet) text(col, row int, v string, st xlsxStyle) {
	if x.err != nil || (v == "" && st == xlsxStyle{}) {
		return
	}
	cell := x.cell(col, row)
	if err := x.f.SetCellStr(x.sheet, cell, v); err != nil && x.err == nil {
		x.err = err
	}
	if st != (xlsxStyle{}) {
		if err := x.f.SetCellStyle(x.sheet, cell, cell, x.style(st)); err != nil && x.err == nil {
			x.err = err
		}
	}
}

// amount writes a numeric cell from the amount's decimal text:
// SetCellDefault stores numeric text as a number cell as it is, so no
// float64 stands between the ledger and the workbook.
func (x *xlsxSheet) amount(col, row int, v money.Amount, bold bool) {
	if x.err != nil {
		return
	}
	cell := x.cell(col, row)
	if err := x.f.SetCellDefault(x.sheet, cell, v.String()); err != nil && x.err == nil {
		x.err = err
	}
	if err := x.f.SetCellStyle(x.sheet, cell, cell, x.style(xlsxStyle{bold: bold, amount: true})); err != nil && x.err == nil {
		x.err = err
	}
}
