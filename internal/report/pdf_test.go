package report

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
)

func rupiah(ns ...int64) []money.Amount {
	out := make([]money.Amount, len(ns))
	for i, n := range ns {
		out[i] = money.New(n)
	}
	return out
}

// pdfNeraca is a balance sheet with every style, account codes, one text
// column and two figure columns, one figure negative.
func pdfNeraca() Statement {
	end := func(y int) calendar.Date { return calendar.MustNew(y, time.December, 31) }
	return Statement{
		Kind:        "neraca",
		Cooperative: "Koperasi Desa Sukamaju",
		Title:       "Laporan Posisi Keuangan (Neraca)",
		Subtitle:    "per 31 Desember 2025 — Konsolidasi",
		TextColumns: []string{"Catatan"},
		Columns:     []Column{{Label: "31 Desember 2025", To: end(2025)}, {Label: "31 Desember 2024", To: end(2024)}},
		Lines: []Line{
			{Key: "aset", Code: "1", Label: "ASET", Style: Heading},
			{Key: "aset_lancar", Code: "1-1", Label: "Aset lancar", Level: 1, Style: Heading},
			{Key: "account:1-1100", Code: "1-1100", Label: "Kas", Level: 2, Style: Item, Text: []string{"3"}, Values: rupiah(5_175_000, 4_450_000)},
			{Key: "account:1-1300", Code: "1-1300", Label: "Piutang pinjaman anggota", Level: 2, Style: Item, Text: []string{"4"}, Values: rupiah(12_500_000, 9_000_000)},
			{Key: "account:1-1390", Code: "1-1390", Label: "Cadangan kerugian piutang", Level: 2, Style: Item, Text: []string{"4"}, Values: rupiah(-1_250_000, -900_000)},
			{Key: "jumlah_aset_lancar", Label: "Jumlah aset lancar", Level: 1, Style: Subtotal, Values: rupiah(16_425_000, 12_550_000)},
			{Key: "total_aset", Label: "JUMLAH ASET", Style: Total, Values: rupiah(16_425_000, 12_550_000)},
		},
		Notes: []string{"Angka dalam rupiah.", "Laporan ini disusun dari catatan yang tersegel."},
	}
}

// pdfLong is a statement of n items under one heading, with a closing total.
func pdfLong(n int) Statement {
	s := Statement{
		Kind: "ledger", Cooperative: "Koperasi Desa Sukamaju", Title: "Buku Besar Kas",
		TextColumns: []string{"Tanggal", "Bukti"},
		Columns:     []Column{{Label: "Debit"}, {Label: "Kredit"}},
	}
	s.Lines = append(s.Lines, Line{Key: "account:1-1100", Label: "1-1100 Kas", Style: Heading})
	for i := range n {
		s.Lines = append(s.Lines, Line{
			Key: fmt.Sprintf("entry:%d", i), Label: fmt.Sprintf("Setoran simpanan wajib anggota A-%04d", i), Level: 1, Style: Item,
			Text: []string{"2025-03-01", fmt.Sprintf("BKM-%04d", i)}, Values: rupiah(int64(i)*1000, 0),
		})
	}
	s.Lines = append(s.Lines, Line{Key: "total", Label: "Jumlah", Style: Total, Values: rupiah(int64(n)*int64(n-1)*500, 0)})
	return s
}

// pages counts the page objects of a PDF.
func pages(t *testing.T, pdf []byte) int {
	t.Helper()
	return len(regexp.MustCompile(`/Type /Page\b`).FindAll(pdf, -1))
}

func renderPDF(t *testing.T, p i18n.Printer, s Statement) []byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, statementPDF(&b, p, s, withoutCompression()))
	return b.Bytes()
}

func TestStatementPDF(t *testing.T) {
	pdf := renderPDF(t, i18n.New(i18n.ID), pdfNeraca())
	require.True(t, bytes.HasPrefix(pdf, []byte("%PDF-")))
	assert.Equal(t, 1, pages(t, pdf))
	for _, want := range []string{
		"(Piutang pinjaman anggota) Tj", "(12.500.000) Tj", "(-1.250.000) Tj", "(JUMLAH ASET) Tj",
		"(Uraian) Tj", "(Kode) Tj", "(Catatan) Tj", "(31 Desember 2025) Tj",
		"(Angka dalam rupiah.) Tj", "(Halaman 1 dari 1) Tj", "(Koperasi Desa Sukamaju) Tj",
		// The em dash in cp1252.
		"Konsolidasi) Tj", "\x97",
	} {
		assert.Contains(t, string(pdf), want)
	}

	en := renderPDF(t, i18n.New(i18n.EN), pdfNeraca())
	assert.Contains(t, string(en), "(12,500,000) Tj")
	assert.Contains(t, string(en), "(Description) Tj")
	assert.Contains(t, string(en), "(Page 1 of 1) Tj")
}

func TestStatementPDFCompressed(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, StatementPDF(&b, i18n.New(i18n.ID), pdfNeraca()))
	require.True(t, bytes.HasPrefix(b.Bytes(), []byte("%PDF-")))
	assert.Equal(t, 1, pages(t, b.Bytes()))
	assert.NotContains(t, b.String(), "(Kas) Tj", "the page content is compressed")
}

func TestStatementPDFBreaksPagesAndRepeatsHeads(t *testing.T) {
	pdf := renderPDF(t, i18n.New(i18n.ID), pdfLong(500))
	n := pages(t, pdf)
	require.Greater(t, n, 5)
	text := string(pdf)
	assert.Equal(t, n, strings.Count(text, "(Uraian) Tj"), "the heads on every page")
	assert.Equal(t, n, strings.Count(text, "(Debit) Tj"))
	assert.Equal(t, n-1, strings.Count(text, "(Buku Besar Kas \\(lanjutan\\)) Tj"), "a continuation line on every page but the first")
	assert.Equal(t, 1, strings.Count(text, "(Buku Besar Kas) Tj"))
	assert.Contains(t, text, fmt.Sprintf("(Halaman %d dari %d) Tj", n, n))
	for i := range 500 {
		require.Contains(t, text, fmt.Sprintf("(BKM-%04d) Tj", i))
	}
	assert.Contains(t, text, "(124.750.000) Tj")

	d := newDocument(i18n.New(i18n.ID))
	require.NoError(t, d.Statement(pdfLong(500)))
	assert.Equal(t, n, d.pdf.PageCount())
}

func TestStatementPDFOrientation(t *testing.T) {
	portrait := renderPDF(t, i18n.New(i18n.ID), pdfNeraca())
	assert.NotContains(t, string(portrait), "/MediaBox [0 0 841.89 595.28]")

	wide := pdfNeraca()
	wide.Columns = nil
	for m := range 8 {
		wide.Columns = append(wide.Columns, Column{Label: fmt.Sprintf("Bulan %d", m+1)})
	}
	for i := range wide.Lines {
		if wide.Lines[i].Values != nil {
			wide.Lines[i].Values = rupiah(1_000_000_000, -2_000_000_000, 3, 4, 5, 6, 7, 8)
		}
	}
	landscape := renderPDF(t, i18n.New(i18n.ID), wide)
	assert.Contains(t, string(landscape), "/MediaBox [0 0 841.89 595.28]")
	assert.Contains(t, string(landscape), "(-2.000.000.000) Tj")

	wide.Columns = append(wide.Columns, wide.Columns...)
	wide.Columns = append(wide.Columns, wide.Columns...)
	for i := range wide.Lines {
		if wide.Lines[i].Values != nil {
			wide.Lines[i].Values = append(wide.Lines[i].Values, wide.Lines[i].Values...)
			wide.Lines[i].Values = append(wide.Lines[i].Values, wide.Lines[i].Values...)
		}
	}
	var b bytes.Buffer
	err := StatementPDF(&b, i18n.New(i18n.ID), wide)
	require.ErrorContains(t, err, "landscape A4")
	assert.Zero(t, b.Len())
}

func TestStatementPDFWrapsLongCells(t *testing.T) {
	s := pdfNeraca()
	s.Lines[2].Label = strings.Repeat("Piutang kepada anggota yang telah jatuh tempo ", 20)
	s.Lines[2].Text = []string{strings.Repeat("x", 300)}
	pdf := string(renderPDF(t, i18n.New(i18n.ID), s))
	assert.Equal(t, 2, strings.Count(pdf, "\x85) Tj"), "the cut label and text cell end with an ellipsis")
	assert.Contains(t, pdf, "x\x85) Tj", "the cut text cell too")
}

func TestStatementPDFText(t *testing.T) {
	s := pdfNeraca()
	s.Lines[2].Label = "Kas\tbesar — café ✓"
	pdf := string(renderPDF(t, i18n.New(i18n.ID), s))
	assert.Contains(t, pdf, "(Kas besar \x97 caf\xe9 .) Tj", "cp1252, a tab as a space, a character outside cp1252 as a full stop")
}

func TestStatementPDFRefusesWhatCheckRefuses(t *testing.T) {
	s := pdfNeraca()
	s.Lines[3].Values = rupiah(1)
	var b bytes.Buffer
	err := StatementPDF(&b, i18n.New(i18n.ID), s)
	require.ErrorContains(t, err, "1 values for 2 columns")
	assert.Equal(t, check(s), err)
	assert.Zero(t, b.Len())

	d := NewDocument(i18n.New(i18n.ID))
	require.Error(t, d.Statement(s))
	assert.Zero(t, d.pdf.PageCount(), "a refused statement adds no page")
	require.ErrorContains(t, d.Write(&b), "no pages")
	assert.Zero(t, b.Len())
}

func TestDocumentIsDeterministic(t *testing.T) {
	render := func() []byte {
		d := NewDocument(i18n.New(i18n.ID))
		d.Cover("Laporan Pertanggungjawaban Pengurus", "Rapat Anggota Tahunan 2025", []string{"Koperasi Desa Sukamaju", "Tahun buku 2025"})
		require.NoError(t, d.Statement(pdfNeraca()))
		require.NoError(t, d.Statement(pdfLong(120)))
		require.NoError(t, d.Chart(pdfChart(12, 3)))
		var b bytes.Buffer
		require.NoError(t, d.Write(&b))
		return b.Bytes()
	}
	first := render()
	assert.Equal(t, first, render())
	assert.Contains(t, string(first), "/CreationDate (D:20000101000000)")
}

func TestDocumentSections(t *testing.T) {
	d := newDocument(i18n.New(i18n.ID), withoutCompression())
	d.Cover("Laporan Tahunan", "Tahun buku 2025", []string{"Koperasi Desa Sukamaju", "segel 9f2c"})
	require.NoError(t, d.Statement(pdfNeraca()))
	require.NoError(t, d.Chart(pdfChart(12, 3)))
	var b bytes.Buffer
	require.NoError(t, d.Write(&b))
	pdf := b.String()
	assert.Equal(t, 2, pages(t, b.Bytes()), "the cover, then the statement with the chart under it")
	assert.Contains(t, pdf, "(Laporan Tahunan) Tj")
	assert.Contains(t, pdf, "(segel 9f2c) Tj")
	assert.Contains(t, pdf, "(Halaman 1 dari 2) Tj")
	assert.Contains(t, pdf, "(Halaman 2 dari 2) Tj")
	assert.Equal(t, 4, strings.Count(pdf, "(Koperasi Desa Sukamaju) Tj"), "on the cover, over the statement and in both footers")

	require.ErrorContains(t, d.Write(&b), "already written")
	require.ErrorContains(t, d.Statement(pdfNeraca()), "already written")

	d = NewDocument(i18n.New(i18n.ID))
	d.Cover("Laporan Tahunan", "", nil)
	require.NoError(t, d.Chart(pdfChart(12, 3)))
	require.NoError(t, d.Chart(pdfChart(12, 3)))
	require.NoError(t, d.Chart(pdfChart(12, 3)))
	b.Reset()
	require.NoError(t, d.Write(&b))
	assert.Equal(t, 3, pages(t, b.Bytes()), "the cover alone, then two charts a page")
}

func TestChartCutsLongText(t *testing.T) {
	c := pdfChart(3, 1)
	c.Labels[1] = strings.Repeat("Simpanan sukarela ", 10)
	c.Series[0].Name = strings.Repeat("Nama seri yang panjang ", 20)
	pdf := chartPDF(t, c)
	assert.Equal(t, 2, strings.Count(pdf, "\x85) Tj"), "the label and the name end with an ellipsis")
}

func TestDocumentFootersOnMixedOrientations(t *testing.T) {
	wide := pdfLong(10)
	for range 6 {
		wide.Columns = append(wide.Columns, Column{Label: "Saldo akhir bulan"})
	}
	for i := range wide.Lines {
		if wide.Lines[i].Values != nil {
			wide.Lines[i].Values = append(wide.Lines[i].Values, rupiah(100_000_000_000, 1, 2, 3, 4, 5)...)
		}
	}
	d := newDocument(i18n.New(i18n.EN), withoutCompression())
	require.NoError(t, d.Statement(pdfNeraca()))
	require.NoError(t, d.Statement(wide))
	require.NoError(t, d.Statement(pdfNeraca()))
	var b bytes.Buffer
	require.NoError(t, d.Write(&b))
	// Each footer sits 10 mm (28.35 points) above its own page's foot.
	for _, want := range []string{"28.35 Td (Page 1 of 3)", "28.35 Td (Page 2 of 3)", "28.35 Td (Page 3 of 3)"} {
		assert.Contains(t, b.String(), want)
	}
}

func pdfChart(labels, series int) BarChart {
	months := []string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}
	c := BarChart{Title: "Simpanan per bulan"}
	for i := range labels {
		c.Labels = append(c.Labels, months[i%12])
	}
	for j := range series {
		s := Series{Name: fmt.Sprintf("Simpanan %c", 'A'+j)}
		for i := range labels {
			s.Values = append(s.Values, money.New(int64((i+1)*(j+2))*125_000))
		}
		c.Series = append(c.Series, s)
	}
	return c
}

func chartPDF(t *testing.T, c BarChart) string {
	t.Helper()
	d := newDocument(i18n.New(i18n.ID), withoutCompression())
	require.NoError(t, d.Chart(c))
	var b bytes.Buffer
	require.NoError(t, d.Write(&b))
	return b.String()
}

func TestChart(t *testing.T) {
	pdf := chartPDF(t, pdfChart(12, 3))
	assert.Contains(t, pdf, "(Simpanan per bulan) Tj")
	for _, want := range []string{"(Simpanan A) Tj", "(Simpanan C) Tj", "(Desember) Tj", "(0) Tj", "(2.000.000) Tj", "(6.000.000) Tj"} {
		assert.Contains(t, pdf, want)
	}
	// The largest amount is 12 * 4 * 125.000 = 6.000.000: steps of 2.000.000.
	assert.NotContains(t, pdf, "(8.000.000) Tj")
	assert.Equal(t, 36+3, strings.Count(pdf, " re f"), "a bar per label and series, a legend key per series")
}

// TestChartAllZero: the zero line alone, saying so, and no bars.
func TestChartAllZero(t *testing.T) {
	c := pdfChart(4, 2)
	for _, s := range c.Series {
		for i := range s.Values {
			s.Values[i] = money.Zero()
		}
	}
	pdf := chartPDF(t, c)
	assert.Contains(t, pdf, "(0) Tj")
	assert.Contains(t, pdf, "(Semua nilai nol) Tj")
	assert.Equal(t, 2, strings.Count(pdf, " re f"), "the legend keys only")
}

// TestChartNegative: the axis reaches below zero and bars hang from the
// zero line.
func TestChartNegative(t *testing.T) {
	c := pdfChart(6, 2)
	c.Series[1].Values[2] = money.New(-1_700_000)
	c.Series[0].Values[0] = money.Zero()
	pdf := chartPDF(t, c)
	assert.Contains(t, pdf, "(-2.000.000) Tj")
	assert.Contains(t, pdf, "(0) Tj")
	assert.Equal(t, 2+11, strings.Count(pdf, " re f"), "a zero draws no bar")

	for _, s := range c.Series {
		for i := range s.Values {
			s.Values[i] = s.Values[i].Neg()
		}
	}
	assert.Contains(t, chartPDF(t, c), "(-3.000.000) Tj", "all negative")
}

func TestChartRefusals(t *testing.T) {
	d := NewDocument(i18n.New(i18n.ID))
	for _, tc := range []struct {
		name  string
		chart BarChart
		want  string
	}{
		{"no labels", BarChart{Series: []Series{{Name: "a"}}}, "no labels"},
		{"no series", BarChart{Labels: []string{"Jan"}}, "no series"},
		{"short series", BarChart{Labels: []string{"Jan", "Feb"}, Series: []Series{{Name: "a", Values: rupiah(1)}}}, `series "a": 1 amounts for 2 labels`},
		{"too many series", BarChart{Labels: []string{"Jan"}, Series: make([]Series, 9)}, "9 series, more than 8"},
		{"too many labels", BarChart{Labels: make([]string, 61), Series: []Series{{}}}, "61 labels, more than 60"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.ErrorContains(t, d.Chart(tc.chart), tc.want)
		})
	}
	assert.Zero(t, d.pdf.PageCount())
}

func TestScale(t *testing.T) {
	dec := func(ss ...string) []decimal.Decimal {
		out := make([]decimal.Decimal, len(ss))
		for i, s := range ss {
			out[i] = decimal.RequireFromString(s)
		}
		return out
	}
	rupiahUnit := decimal.NewFromInt(1)
	for _, tc := range []struct {
		values         []string
		least          decimal.Decimal
		lo, hi, step   string
		gridlinesCount int
	}{
		{[]string{"1234567"}, rupiahUnit, "0", "1500000", "500000", 4},
		{[]string{"6000000", "125000"}, rupiahUnit, "0", "6000000", "2000000", 4},
		{[]string{"-300000", "1234567"}, rupiahUnit, "-500000", "1500000", "500000", 5},
		{[]string{"-1700000"}, rupiahUnit, "-2000000", "0", "500000", 5},
		{[]string{"0", "0"}, rupiahUnit, "0", "0", "0", 1},
		{[]string{"3"}, rupiahUnit, "0", "3", "1", 4},
		{[]string{"0.03"}, rupiahUnit, "0", "1", "1", 2},
		{[]string{"0.03"}, decimal.New(1, -2), "0", "0.03", "0.01", 4},
		{[]string{"999999999999999"}, rupiahUnit, "0", "1000000000000000", "200000000000000", 6},
	} {
		t.Run(strings.Join(tc.values, ","), func(t *testing.T) {
			s := newScale(dec(tc.values...), tc.least)
			assert.Equal(t, tc.lo, s.lo.String())
			assert.Equal(t, tc.hi, s.hi.String())
			assert.Equal(t, tc.step, s.step.String())
			assert.Len(t, s.ticks(), tc.gridlinesCount)
			for _, v := range dec(tc.values...) {
				f := s.fraction(v)
				assert.True(t, f >= 0 && f <= 1, "%s at %v", v, f)
			}
		})
	}
}

// TestScaleProperties: for any amounts, the axis includes zero and every
// amount, starts and ends on a multiple of its step, and takes at most
// pdfMaxIntervals steps of 1, 2 or 5 times a power of ten, never below the
// minor unit.
func TestScaleProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		places := int32(r.IntN(3))
		values := make([]decimal.Decimal, 1+r.IntN(20))
		limit := int64(10)
		for range r.IntN(15) {
			limit *= 10
		}
		for i := range values {
			values[i] = decimal.New(r.Int64N(limit)-r.Int64N(limit/2), -places)
		}
		least := money.Unit(places).Decimal()
		s := newScale(values, least)
		require.True(t, s.lo.Sign() <= 0 && s.hi.Sign() >= 0, "zero on the axis: %v", s)
		for _, v := range values {
			require.True(t, s.lo.LessThanOrEqual(v) && v.LessThanOrEqual(s.hi), "%s within %v", v, s)
		}
		if s.step.IsZero() {
			continue
		}
		require.True(t, s.step.GreaterThanOrEqual(least))
		coef := strings.TrimRight(s.step.Coefficient().String(), "0")
		require.Contains(t, []string{"1", "2", "5"}, coef, "step %s", s.step)
		_, rem := s.lo.QuoRem(s.step, 0)
		require.True(t, rem.IsZero())
		_, rem = s.hi.QuoRem(s.step, 0)
		require.True(t, rem.IsZero())
		require.LessOrEqual(t, len(s.ticks())-1, pdfMaxIntervals)
	}
}
