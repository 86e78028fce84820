package report_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
	"github.com/lumbung-ledger/lumbung/internal/report"
)

func day(y int, m time.Month, d int) calendar.Date { return calendar.MustNew(y, m, d) }

func amounts(ns ...int64) []money.Amount {
	out := make([]money.Amount, len(ns))
	for i, n := range ns {
		out[i] = money.New(n)
	}
	return out
}

// neraca is a balance sheet at two dates: account codes, three levels, a
// contra account with negative figures, a subtotal and a total.
func neraca() report.Statement {
	return report.Statement{
		Kind:        "neraca",
		Cooperative: "Koperasi Desa Merah Putih Test",
		Title:       "Neraca",
		Subtitle:    "Per 31 Desember 2025",
		Columns: []report.Column{
			{Label: "31 Des 2025", To: day(2025, time.December, 31)},
			{Label: "31 Des 2024", To: day(2024, time.December, 31)},
		},
		Lines: []report.Line{
			{Key: "aset", Label: "ASET", Level: 0, Style: report.Heading},
			{Key: "aset_lancar", Label: "Aset lancar", Level: 1, Style: report.Heading},
			{Key: "account:1-1100", Code: "1-1100", Label: "Kas", Level: 2, Style: report.Item, Values: amounts(1_250_000, 800_000)},
			{Key: "account:1-1300", Code: "1-1300", Label: "Piutang pinjaman anggota", Level: 2, Style: report.Item, Values: amounts(5_000_000, 4_500_000)},
			{Key: "account:1-1390", Code: "1-1390", Label: "Cadangan kerugian piutang", Level: 2, Style: report.Item, Values: amounts(-250_000, -200_000)},
			{Key: "jumlah_aset_lancar", Label: "Jumlah aset lancar", Level: 1, Style: report.Subtotal, Values: amounts(6_000_000, 5_100_000)},
			{Key: "total_aset", Label: "JUMLAH ASET", Level: 0, Style: report.Total, Values: amounts(6_000_000, 5_100_000)},
		},
		Notes: []string{"Angka dalam rupiah."},
	}
}

// ledger is a general ledger page: three text columns (date, reference,
// memo) before debit, credit and balance, no account codes on the lines.
func ledger() report.Statement {
	jan := func(d int) calendar.Date { return day(2025, time.January, d) }
	period := func(label string) report.Column {
		return report.Column{Label: label, From: jan(1), To: jan(31)}
	}
	return report.Statement{
		Kind:        "ledger",
		Cooperative: "Koperasi Desa Merah Putih Test",
		Title:       "General ledger",
		Subtitle:    "1 January 2025 - 31 January 2025",
		Unit:        "USP",
		TextColumns: []string{"Date", "Ref", "Memo"},
		Columns:     []report.Column{period("Debit"), period("Credit"), period("Balance")},
		Lines: []report.Line{
			{Key: "account:1-1100", Label: "1-1100 Cash", Level: 0, Style: report.Heading},
			{Key: "opening", Label: "Opening balance", Level: 1, Style: report.Item, Text: []string{"2025-01-01", "", ""}, Values: amounts(0, 0, 1_250_000)},
			{Key: "entry:1", Label: "Mandatory savings", Level: 1, Style: report.Item, Text: []string{"2025-01-15", "BKM-001", "member A-001"}, Values: amounts(50_000, 0, 1_300_000)},
			{Key: "entry:2", Label: "Loan disbursement", Level: 1, Style: report.Item, Text: []string{"2025-01-20", "BKK-002", "loan L-7"}, Values: amounts(0, 2_000_000, -700_000)},
			{Key: "closing", Label: "Closing balance", Level: 0, Style: report.Total, Text: []string{"2025-01-31", "", ""}, Values: amounts(50_000, 2_000_000, -700_000)},
		},
	}
}

func TestStatementTextNeraca(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, report.StatementText(&b, i18n.New(i18n.ID), neraca()))
	want := `Koperasi Desa Merah Putih Test
Neraca
Per 31 Desember 2025

Kode    Uraian                         31 Des 2025  31 Des 2024
---------------------------------------------------------------
        ASET
          Aset lancar
1-1100      Kas                          1.250.000      800.000
1-1300      Piutang pinjaman anggota     5.000.000    4.500.000
1-1390      Cadangan kerugian piutang     -250.000     -200.000
          Jumlah aset lancar             6.000.000    5.100.000
---------------------------------------------------------------
        JUMLAH ASET                      6.000.000    5.100.000

Angka dalam rupiah.
`
	assert.Equal(t, want, b.String())
}

func TestStatementTextLedger(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, report.StatementText(&b, i18n.New(i18n.EN), ledger()))
	want := `Koperasi Desa Merah Putih Test
General ledger
1 January 2025 - 31 January 2025

Description          Date        Ref      Memo           Debit     Credit    Balance
------------------------------------------------------------------------------------
1-1100 Cash
  Opening balance    2025-01-01                              0          0  1,250,000
  Mandatory savings  2025-01-15  BKM-001  member A-001  50,000          0  1,300,000
  Loan disbursement  2025-01-20  BKK-002  loan L-7           0  2,000,000   -700,000
------------------------------------------------------------------------------------
Closing balance      2025-01-31                         50,000  2,000,000   -700,000
`
	assert.Equal(t, want, b.String())
}

func TestStatementJSON(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, report.StatementAsJSON(&b, neraca()))

	// Amounts are JSON strings, never numbers, and a heading's values are
	// an empty list, never null.
	var raw struct {
		Lines []struct {
			Values []any `json:"values"`
		} `json:"lines"`
	}
	require.NoError(t, json.Unmarshal(b.Bytes(), &raw))
	require.Len(t, raw.Lines, 7)
	require.NotNil(t, raw.Lines[0].Values)
	assert.Empty(t, raw.Lines[0].Values)
	assert.Equal(t, []any{"-250000", "-200000"}, raw.Lines[4].Values)
	assert.NotContains(t, b.String(), `"from"`, "a position at a date has no start")
	assert.NotContains(t, b.String(), `"unit"`)
	assert.NotContains(t, b.String(), `"text_columns"`)

	var got report.StatementJSON
	require.NoError(t, json.Unmarshal(b.Bytes(), &got))
	assert.Equal(t, "neraca", got.Report)
	assert.Equal(t, "Per 31 Desember 2025", got.Subtitle)
	assert.Equal(t, []report.ColumnJSON{{Label: "31 Des 2025", To: "2025-12-31"}, {Label: "31 Des 2024", To: "2024-12-31"}}, got.Columns)
	assert.Equal(t, report.LineJSON{Key: "account:1-1100", Code: "1-1100", Label: "Kas", Level: 2, Style: "item", Values: []string{"1250000", "800000"}}, got.Lines[2])
	assert.Equal(t, report.LineJSON{Key: "total_aset", Label: "JUMLAH ASET", Style: "total", Values: []string{"6000000", "5100000"}}, got.Lines[6])
	assert.Equal(t, []string{"Angka dalam rupiah."}, got.Notes)

	b.Reset()
	require.NoError(t, report.StatementAsJSON(&b, ledger()))
	got = report.StatementJSON{}
	require.NoError(t, json.Unmarshal(b.Bytes(), &got))
	assert.Equal(t, "USP", got.Unit)
	assert.Equal(t, []string{"Date", "Ref", "Memo"}, got.TextColumns)
	assert.Equal(t, report.ColumnJSON{Label: "Debit", From: "2025-01-01", To: "2025-01-31"}, got.Columns[0])
	assert.Equal(t, []string{"2025-01-20", "BKK-002", "loan L-7"}, got.Lines[3].Text)
	assert.Equal(t, []string{"0", "2000000", "-700000"}, got.Lines[3].Values)
	assert.Nil(t, got.Lines[0].Text)
	assert.Nil(t, got.Notes)
}

func TestStatementCSV(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    report.Statement
		want [][]string
	}{
		{"neraca", neraca(), [][]string{
			{"key", "code", "label", "31 Des 2025", "31 Des 2024"},
			{"aset", "", "ASET", "", ""},
			{"aset_lancar", "", "Aset lancar", "", ""},
			{"account:1-1100", "1-1100", "Kas", "1250000", "800000"},
			{"account:1-1300", "1-1300", "Piutang pinjaman anggota", "5000000", "4500000"},
			{"account:1-1390", "1-1390", "Cadangan kerugian piutang", "-250000", "-200000"},
			{"jumlah_aset_lancar", "", "Jumlah aset lancar", "6000000", "5100000"},
			{"total_aset", "", "JUMLAH ASET", "6000000", "5100000"},
		}},
		{"ledger", ledger(), [][]string{
			{"key", "code", "label", "Date", "Ref", "Memo", "Debit", "Credit", "Balance"},
			{"account:1-1100", "", "1-1100 Cash", "", "", "", "", "", ""},
			{"opening", "", "Opening balance", "2025-01-01", "", "", "0", "0", "1250000"},
			{"entry:1", "", "Mandatory savings", "2025-01-15", "BKM-001", "member A-001", "50000", "0", "1300000"},
			{"entry:2", "", "Loan disbursement", "2025-01-20", "BKK-002", "loan L-7", "0", "2000000", "-700000"},
			{"closing", "", "Closing balance", "2025-01-31", "", "", "50000", "2000000", "-700000"},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, report.StatementCSV(&b, tc.s))
			got, err := csv.NewReader(&b).ReadAll()
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestStatementCSVQuotes(t *testing.T) {
	s := ledger()
	s.Lines[2].Text[2] = `member "A-001", first deposit`
	var b bytes.Buffer
	require.NoError(t, report.StatementCSV(&b, s))
	got, err := csv.NewReader(&b).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, `member "A-001", first deposit`, got[3][5])
}

func xlsx(t *testing.T, s report.Statement) []byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, report.StatementXLSX(&b, s))
	return b.Bytes()
}

func openXLSX(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	return f
}

// sheetXML returns the stored XML of the workbook's only worksheet.
func sheetXML(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	r, err := zr.Open("xl/worksheets/sheet1.xml")
	require.NoError(t, err)
	defer r.Close()
	x, err := io.ReadAll(r)
	require.NoError(t, err)
	return string(x)
}

// cellStyle returns the style of a cell.
func cellStyle(t *testing.T, f *excelize.File, sheet, cell string) *excelize.Style {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	require.NoError(t, err)
	st, err := f.GetStyle(id)
	require.NoError(t, err)
	return st
}

func bold(st *excelize.Style) bool { return st.Font != nil && st.Font.Bold }

// assertNumber checks that a cell is a number cell holding exactly want,
// as stored: in SpreadsheetML a cell without a type attribute is a number
// (ECMA-376 part 1, 18.18.11), which excelize reports as CellTypeUnset.
func assertNumber(t *testing.T, f *excelize.File, xml, sheet, cell, want string) {
	t.Helper()
	typ, err := f.GetCellType(sheet, cell)
	require.NoError(t, err)
	assert.Contains(t, []excelize.CellType{excelize.CellTypeUnset, excelize.CellTypeNumber}, typ, cell)
	got, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	assert.Equal(t, want, got, cell)
	stored := regexp.MustCompile(`<c r="` + cell + `"( s="\d+")?><v>` + regexp.QuoteMeta(want) + `</v></c>`)
	assert.Regexp(t, stored, xml, cell)
}

func TestStatementXLSXNeraca(t *testing.T) {
	data := xlsx(t, neraca())
	f := openXLSX(t, data)
	xml := sheetXML(t, data)
	assert.Equal(t, []string{"neraca"}, f.GetSheetList())
	const sh = "neraca"

	rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	assert.Equal(t, [][]string{
		{"Koperasi Desa Merah Putih Test"},
		{"Neraca"},
		{"Per 31 Desember 2025"},
		nil,
		{"", "", "31 Des 2025", "31 Des 2024"},
		{"", "ASET"},
		{"", "Aset lancar"},
		{"1-1100", "Kas", "1250000", "800000"},
		{"1-1300", "Piutang pinjaman anggota", "5000000", "4500000"},
		{"1-1390", "Cadangan kerugian piutang", "-250000", "-200000"},
		{"", "Jumlah aset lancar", "6000000", "5100000"},
		{"", "JUMLAH ASET", "6000000", "5100000"},
		nil,
		{"Angka dalam rupiah."},
	}, rows)

	assertNumber(t, f, xml, sh, "C8", "1250000")
	assertNumber(t, f, xml, sh, "D10", "-200000")
	assertNumber(t, f, xml, sh, "C12", "6000000")
	typ, err := f.GetCellType(sh, "A8")
	require.NoError(t, err)
	assert.Equal(t, excelize.CellTypeSharedString, typ, "account codes stay text")

	// Amounts are grouped by the number format, not by their text.
	shown, err := f.GetCellValue(sh, "C10")
	require.NoError(t, err)
	assert.Equal(t, "-250,000", shown)
	amount := cellStyle(t, f, sh, "C8")
	require.NotNil(t, amount.CustomNumFmt)
	assert.Equal(t, "#,##0", *amount.CustomNumFmt)

	assert.Equal(t, 2, cellStyle(t, f, sh, "B8").Alignment.Indent, "a level-2 label")
	assert.Equal(t, 1, cellStyle(t, f, sh, "B7").Alignment.Indent, "a level-1 heading")
	assert.True(t, bold(cellStyle(t, f, sh, "A1")), "the cooperative is bold")
	assert.True(t, bold(cellStyle(t, f, sh, "A2")), "the title is bold")
	assert.False(t, bold(cellStyle(t, f, sh, "A3")), "the subtitle is not")
	for _, cell := range []string{"B11", "C11", "D11", "B12", "C12", "D12"} {
		assert.True(t, bold(cellStyle(t, f, sh, cell)), "subtotal and total are bold: %s", cell)
	}
	for _, cell := range []string{"B6", "A8", "B8", "C8", "D10"} {
		assert.False(t, bold(cellStyle(t, f, sh, cell)), "headings and items are not bold: %s", cell)
	}
	for _, cell := range []string{"C5", "D5"} {
		assert.True(t, bold(cellStyle(t, f, sh, cell)), "the header is bold: %s", cell)
	}

	width, err := f.GetColWidth(sh, "B")
	require.NoError(t, err)
	assert.GreaterOrEqual(t, width, float64(len("Cadangan kerugian piutang")))
}

func TestStatementXLSXLedger(t *testing.T) {
	data := xlsx(t, ledger())
	f := openXLSX(t, data)
	xml := sheetXML(t, data)
	const sh = "ledger"
	rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	assert.Equal(t, []string{"", "Date", "Ref", "Memo", "Debit", "Credit", "Balance"}, rows[4])
	assert.Equal(t, []string{"Loan disbursement", "2025-01-20", "BKK-002", "loan L-7", "0", "2000000", "-700000"}, rows[8])

	assertNumber(t, f, xml, sh, "E7", "0")
	assertNumber(t, f, xml, sh, "G9", "-700000")
	typ, err := f.GetCellType(sh, "B7")
	require.NoError(t, err)
	assert.Equal(t, excelize.CellTypeSharedString, typ, "dates in text columns stay text")
	assert.True(t, bold(cellStyle(t, f, sh, "G10")), "the closing balance is a total")
	assert.True(t, bold(cellStyle(t, f, sh, "A10")))
}

func TestStatementXLSXDecimals(t *testing.T) {
	s := report.Statement{
		Kind:    "arus-kas",
		Columns: []report.Column{{Label: "2025"}},
		Lines: []report.Line{
			{Key: "a", Label: "A", Style: report.Item, Values: []money.Amount{money.NewMinor(123_456_789, 2)}},
			{Key: "b", Label: "B", Style: report.Total, Values: []money.Amount{money.NewMinor(-5, 1)}},
		},
	}
	data := xlsx(t, s)
	f := openXLSX(t, data)
	xml := sheetXML(t, data)
	assertNumber(t, f, xml, "arus-kas", "B2", "1234567.89")
	assertNumber(t, f, xml, "arus-kas", "B3", "-0.5")
	st := cellStyle(t, f, "arus-kas", "B3")
	require.NotNil(t, st.CustomNumFmt)
	assert.Equal(t, "#,##0.00", *st.CustomNumFmt)
}

func TestStatementXLSXRefusesAmountsExcelCannotHold(t *testing.T) {
	big, err := money.Parse("1234567890123456")
	require.NoError(t, err)
	s := report.Statement{
		Kind:    "neraca",
		Columns: []report.Column{{Label: "2025"}},
		Lines:   []report.Line{{Key: "a", Label: "A", Style: report.Item, Values: []money.Amount{big}}},
	}
	err = report.StatementXLSX(io.Discard, s)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "1234567890123456")
}

func TestStatementRenderingIsDeterministic(t *testing.T) {
	render := map[string]func(io.Writer, report.Statement) error{
		"text": func(w io.Writer, s report.Statement) error { return report.StatementText(w, i18n.New(i18n.ID), s) },
		"json": report.StatementAsJSON,
		"csv":  report.StatementCSV,
		"xlsx": report.StatementXLSX,
	}
	for name, fn := range render {
		t.Run(name, func(t *testing.T) {
			for _, s := range []report.Statement{neraca(), ledger()} {
				var a, b bytes.Buffer
				require.NoError(t, fn(&a, s))
				require.NoError(t, fn(&b, s))
				assert.Equal(t, a.Bytes(), b.Bytes())
			}
		})
	}
}

func TestStatementWithoutLines(t *testing.T) {
	for _, s := range []report.Statement{
		{},
		{Kind: "neraca", Title: "Neraca", Columns: []report.Column{{Label: "2025"}}},
	} {
		var b bytes.Buffer
		require.NoError(t, report.StatementText(&b, i18n.New(i18n.EN), s))
		assert.NotContains(t, b.String(), " \n")
		b.Reset()
		require.NoError(t, report.StatementAsJSON(&b, s))
		var got report.StatementJSON
		require.NoError(t, json.Unmarshal(b.Bytes(), &got))
		assert.NotNil(t, got.Lines)
		assert.Contains(t, b.String(), `"lines": []`)
		b.Reset()
		require.NoError(t, report.StatementCSV(&b, s))
		rows, err := csv.NewReader(&b).ReadAll()
		require.NoError(t, err)
		assert.Len(t, rows, 1)
		b.Reset()
		require.NoError(t, report.StatementXLSX(&b, s))
		openXLSX(t, b.Bytes())
	}
	var b bytes.Buffer
	require.NoError(t, report.StatementText(&b, i18n.New(i18n.EN), report.Statement{}))
	assert.Equal(t, "Description\n-----------\n", b.String())
}

func TestStatementShapeIsChecked(t *testing.T) {
	for name, broken := range map[string]func(*report.Statement){
		"too few values":   func(s *report.Statement) { s.Lines[2].Values = s.Lines[2].Values[:1] },
		"too many text":    func(s *report.Statement) { s.Lines[2].Text = []string{"x"} },
		"unknown style":    func(s *report.Statement) { s.Lines[2].Style = "" },
		"negative level":   func(s *report.Statement) { s.Lines[2].Level = -1 },
		"level too deep":   func(s *report.Statement) { s.Lines[2].Level = 11 },
		"values, no cols":  func(s *report.Statement) { s.Columns = nil },
		"text, no columns": func(s *report.Statement) { s.Lines[1].Text = []string{"2025-01-01"} },
	} {
		t.Run(name, func(t *testing.T) {
			s := neraca()
			broken(&s)
			for _, err := range []error{
				report.StatementText(io.Discard, i18n.New(i18n.ID), s),
				report.StatementAsJSON(io.Discard, s),
				report.StatementCSV(io.Discard, s),
				report.StatementXLSX(io.Discard, s),
			} {
				require.Error(t, err)
				assert.True(t, strings.HasPrefix(err.Error(), "report: neraca line "), err.Error())
			}
		})
	}
}
