package health

import "github.com/shopspring/decimal"

// Indicator is a quantitative indicator of the current framework: its
// ratio (a percentage of figures from the books) and the bands that grade
// it (domain.md §4.1). An indicator without bands is shown with its ratio
// and not scored: the sources did not confirm its bands.
type Indicator struct {
	Key          string
	Aspect       Aspect
	Name, NameEN string
	// Formula says how the ratio is computed, for the worksheet.
	Formula, FormulaEN string
	// Num and Den are the figures the ratio is Σ Num / Σ Den × 100 of.
	Num, Den []Term
	// Unconfirmed marks bands the sources did not confirm in full; an
	// indicator without bands is always unconfirmed.
	Unconfirmed bool
	// Why says, for the worksheet, what is unconfirmed or why a figure
	// cannot come from the books.
	Why, WhyEN string
	grade      func(x decimal.Decimal) Nilai
}

// Term is a figure added to (or, Minus, taken from) a sum.
type Term struct {
	Figure Figure
	Minus  bool
}

func plus(f Figure) Term  { return Term{Figure: f} }
func minus(f Figure) Term { return Term{Figure: f, Minus: true} }

// Scored reports whether the indicator has bands and counts in its
// aspect's score.
func (i Indicator) Scored() bool { return i.grade != nil }

// Grade returns the nilai of a ratio, on its unrounded value. It panics
// on an indicator that is not scored.
func (i Indicator) Grade(x decimal.Decimal) Nilai { return i.grade(x) }

// Figures lists every figure the indicator reads.
func (i Indicator) Figures() []Figure {
	var out []Figure
	for _, t := range append(append([]Term(nil), i.Num...), i.Den...) {
		if !containsFigure(out, t.Figure) {
			out = append(out, t.Figure)
		}
	}
	return out
}

func containsFigure(list []Figure, f Figure) bool {
	for _, g := range list {
		if g == f {
			return true
		}
	}
	return false
}

func pct(n int64) decimal.Decimal { return decimal.NewFromInt(n) }

// bands grades a ratio by three edges: nilai 1 when in(x, a), else 2
// when in(x, b), else 3 when in(x, c), else 4. in says which side of an
// edge is the better one, and whether the edge itself is.
func bands(in func(x, edge decimal.Decimal) bool, a, b, c int64) func(decimal.Decimal) Nilai {
	return func(x decimal.Decimal) Nilai {
		for n, edge := range []int64{a, b, c} {
			if in(x, pct(edge)) {
				return Nilai(n + 1)
			}
		}
		return 4
	}
}

// The four kinds of band: more is better with the edge in the better
// band (higher) or out of it (above); less is better with the edge out
// (below) or in (upTo).
func higher(a, b, c int64) func(decimal.Decimal) Nilai {
	return bands(decimal.Decimal.GreaterThanOrEqual, a, b, c)
}
func above(a, b, c int64) func(decimal.Decimal) Nilai {
	return bands(decimal.Decimal.GreaterThan, a, b, c)
}
func below(a, b, c int64) func(decimal.Decimal) Nilai {
	return bands(decimal.Decimal.LessThan, a, b, c)
}
func upTo(a, b, c int64) func(decimal.Decimal) Nilai {
	return bands(decimal.Decimal.LessThanOrEqual, a, b, c)
}

// Indicators returns the quantitative indicators whose bands domain.md
// §4.1 gives, in the order of the worksheet.
func Indicators() []Indicator {
	var out []Indicator
	for _, i := range juknisIndicators() {
		if i.Scored() {
			out = append(out, i)
		}
	}
	return out
}

// juknisIndicators returns every quantitative indicator of the current
// framework the worksheet shows, scored or not, in its order.
func juknisIndicators() []Indicator {
	const unconfirmedBands, unconfirmedBandsEN = "batas nilai belum dikonfirmasi (domain.md §4.1)", "bands not confirmed (domain.md §4.1)"
	return []Indicator{
		{Key: "aset-produktif-aset", Aspect: ProfilRisiko, Name: "Aset produktif / total aset", NameEN: "Productive assets / total assets",
			Formula: "aset produktif / total aset × 100", FormulaEN: "productive assets / total assets × 100",
			Num: []Term{plus(AsetProduktif)}, Den: []Term{plus(TotalAset)}, Unconfirmed: true, Why: unconfirmedBands, WhyEN: unconfirmedBandsEN},
		{Key: "pinjaman-aset-produktif", Aspect: ProfilRisiko, Name: "Pinjaman / total aset produktif", NameEN: "Loans / productive assets",
			Formula: "pinjaman diberikan / aset produktif × 100", FormulaEN: "loans / productive assets × 100",
			Num: []Term{plus(Pinjaman)}, Den: []Term{plus(AsetProduktif)}, grade: upTo(75, 85, 95)},
		{Key: "aset-likuid-aset", Aspect: ProfilRisiko, Name: "Aset likuid / total aset", NameEN: "Liquid assets / total assets",
			Formula: "kas dan bank / total aset × 100", FormulaEN: "cash and bank / total assets × 100",
			Num: []Term{plus(AsetLikuid)}, Den: []Term{plus(TotalAset)}, Unconfirmed: true, Why: unconfirmedBands, WhyEN: unconfirmedBandsEN},
		{Key: "aset-likuid-kewajiban-lancar", Aspect: ProfilRisiko, Name: "Aset likuid / kewajiban jangka pendek", NameEN: "Liquid assets / current liabilities",
			Formula: "kas dan bank / kewajiban jangka pendek × 100", FormulaEN: "cash and bank / current liabilities × 100",
			Num: []Term{plus(AsetLikuid)}, Den: []Term{plus(KewajibanLancar)}, Unconfirmed: true, Why: unconfirmedBands, WhyEN: unconfirmedBandsEN},

		{Key: "npm", Aspect: KinerjaKeuangan, Name: "Net profit margin (NPM)", NameEN: "Net profit margin (NPM)",
			Formula: "SHU bersih / total pendapatan × 100", FormulaEN: "net surplus / total revenue × 100",
			Num: []Term{plus(SHUBersih)}, Den: []Term{plus(Pendapatan)}, grade: higher(15, 10, 5)},
		{Key: "bopo", Aspect: KinerjaKeuangan, Name: "Biaya operasional / pendapatan operasional (BOPO)", NameEN: "Operating cost / operating income (BOPO)",
			Formula: "biaya operasional / pendapatan operasional × 100", FormulaEN: "operating costs / operating revenue × 100",
			Num: []Term{plus(BiayaOperasional)}, Den: []Term{plus(PendapatanOperasional)}, grade: below(80, 90, 100)},
		{Key: "biaya-usaha-shu-kotor", Aspect: KinerjaKeuangan, Name: "Biaya usaha / SHU kotor", NameEN: "Operating expenses / gross surplus",
			Formula: "biaya usaha / (pendapatan operasional − beban pokok) × 100", FormulaEN: "operating expenses / (operating revenue − cost of revenue) × 100",
			Num: []Term{plus(BiayaUsaha)}, Den: []Term{plus(PendapatanOperasional), minus(BebanPokok)}, grade: below(40, 60, 80)},
		{Key: "pinjaman-bermasalah", Aspect: KinerjaKeuangan, Name: "Pinjaman bermasalah / total pinjaman", NameEN: "Non-performing loans / total loans",
			Formula: "(kurang lancar + diragukan + macet) / total pinjaman × 100", FormulaEN: "(substandard + doubtful + loss) / total loans × 100",
			Num: []Term{plus(PinjamanBermasalah)}, Den: []Term{plus(PinjamanBeredar)}, grade: upTo(5, 10, 15)},
		{Key: "ppap-ppapwd", Aspect: KinerjaKeuangan, Name: "PPAP / PPAPWD", NameEN: "Allowance booked / allowance required",
			Formula: "PPAP dibentuk / PPAP wajib dibentuk × 100", FormulaEN: "allowance booked / allowance required × 100",
			Num: []Term{plus(PPAP)}, Den: []Term{plus(PPAPWD)}, Unconfirmed: true, Why: unconfirmedBands + "; §2.5", WhyEN: unconfirmedBandsEN + "; §2.5"},
		{Key: "pertumbuhan-ekuitas", Aspect: KinerjaKeuangan, Name: "Pertumbuhan ekuitas", NameEN: "Equity growth",
			Formula: "(ekuitas tahun ini − ekuitas tahun lalu) / ekuitas tahun lalu × 100", FormulaEN: "(equity this year − equity last year) / equity last year × 100",
			Num: []Term{plus(Ekuitas), minus(EkuitasLalu)}, Den: []Term{plus(EkuitasLalu)}, grade: higher(10, 7, 4)},
		{Key: "pertumbuhan-shu", Aspect: KinerjaKeuangan, Name: "Pertumbuhan hasil usaha bersih", NameEN: "Net surplus growth",
			Formula: "(SHU bersih tahun ini − tahun lalu) / SHU bersih tahun lalu × 100", FormulaEN: "(net surplus this year − last year) / net surplus last year × 100",
			Num: []Term{plus(SHUBersih), minus(SHUBersihLalu)}, Den: []Term{plus(SHUBersihLalu)}, Unconfirmed: true,
			Why: "hanya batas < 1 → nilai 4 yang diketahui; batas lain belum dikonfirmasi", WhyEN: "only < 1 → nilai 4 is known; the other bands are not confirmed"},
		{Key: "biaya-pembinaan-shu", Aspect: KinerjaKeuangan, Name: "Biaya pembinaan / SHU", NameEN: "Member education cost / surplus",
			Formula: "biaya pendidikan anggota / SHU bersih × 100", FormulaEN: "member education cost / net surplus × 100",
			Num: []Term{plus(BiayaPembinaan)}, Den: []Term{plus(SHUBersih)}, grade: higher(5, 3, 1)},
		{Key: "roa", Aspect: KinerjaKeuangan, Name: "Rentabilitas aset (ROA)", NameEN: "Return on assets (ROA)",
			Formula: "SHU sebelum pajak / total aset × 100", FormulaEN: "surplus before tax / total assets × 100",
			Num: []Term{plus(SHUSebelumPajak)}, Den: []Term{plus(TotalAset)}, Unconfirmed: true, Why: unconfirmedBands, WhyEN: unconfirmedBandsEN},
		{Key: "roe", Aspect: KinerjaKeuangan, Name: "Rentabilitas ekuitas (ROE)", NameEN: "Return on equity (ROE)",
			Formula: "SHU bersih / ekuitas × 100", FormulaEN: "net surplus / equity × 100",
			Num: []Term{plus(SHUBersih)}, Den: []Term{plus(Ekuitas)}, Unconfirmed: true, Why: unconfirmedBands, WhyEN: unconfirmedBandsEN},
		{Key: "pertumbuhan-aset", Aspect: KinerjaKeuangan, Name: "Pertumbuhan aset", NameEN: "Asset growth",
			Formula: "(total aset tahun ini − tahun lalu) / total aset tahun lalu × 100", FormulaEN: "(total assets this year − last year) / total assets last year × 100",
			Num: []Term{plus(TotalAset), minus(TotalAsetLalu)}, Den: []Term{plus(TotalAsetLalu)}, Unconfirmed: true, Why: unconfirmedBands, WhyEN: unconfirmedBandsEN},

		{Key: "ekuitas-aset", Aspect: Permodalan, Name: "Ekuitas / total aset", NameEN: "Equity / total assets",
			Formula: "ekuitas / total aset × 100", FormulaEN: "equity / total assets × 100",
			Num: []Term{plus(Ekuitas)}, Den: []Term{plus(TotalAset)}, grade: above(30, 20, 10)},
		{Key: "car", Aspect: Permodalan, Name: "Rasio kecukupan modal (CAR)", NameEN: "Capital adequacy ratio (CAR)",
			Formula: "modal sendiri tertimbang / ATMR × 100", FormulaEN: "risk-weighted own capital / risk-weighted assets × 100",
			Num: []Term{plus(ModalTertimbang)}, Den: []Term{plus(ATMR)}, Unconfirmed: true, grade: higher(8, 6, 4),
			Why:   "batas teratas sebagian disimpulkan; bobot risiko ATMR dan sebagian bobot modal belum dikonfirmasi",
			WhyEN: "the top band is partly inferred; the ATMR risk weights and some capital weights are not confirmed"},
		{Key: "modal-pinjaman-aset", Aspect: Permodalan, Name: "Modal pinjaman / total aset", NameEN: "Borrowed capital / total assets",
			Formula: "utang bank dan LPDB / total aset × 100", FormulaEN: "bank and LPDB borrowings / total assets × 100",
			Num: []Term{plus(PinjamanLuar)}, Den: []Term{plus(TotalAset)}, Unconfirmed: true, Why: unconfirmedBands, WhyEN: unconfirmedBandsEN},
	}
}

// Find returns the scored indicator with key.
func Find(key string) (Indicator, bool) {
	for _, i := range Indicators() {
		if i.Key == key {
			return i, true
		}
	}
	return Indicator{}, false
}
