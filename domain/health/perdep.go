package health

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// The legacy framework, Perdep 06/Per/Dep.6/IV/2016 (domain.md §4.2):
// seven aspects, each indicator weighted (bobot) within the 100 points
// of the assessment, its nilai from 0 to 100 by the scoring tables of
// Permen 14/Per/M.KUKM/XII/2009, which 06/2016 largely carried over
// (SECONDARY: only seen in secondary sources); the skor of an indicator
// is nilai × bobot / 100 and the composite their sum, graded by the same
// predicate bands as the current framework.

// The legacy aspects beyond Permodalan and Manajemen.
const (
	KualitasAktiva Aspect = "kualitas-aktiva-produktif" // quality of earning assets
	Efisiensi      Aspect = "efisiensi"                 // efficiency
	Likuiditas     Aspect = "likuiditas"                // liquidity
	Kemandirian    Aspect = "kemandirian-pertumbuhan"   // self-reliance and growth
	Jatidiri       Aspect = "jatidiri-koperasi"         // cooperative identity
)

// PerdepAspect is an aspect of the legacy framework with its weight in
// the conventional worksheet (the syariah weights of Perdep 07/2016
// differ and are not implemented).
type PerdepAspect struct {
	Aspect Aspect
	Weight decimal.Decimal
}

// PerdepAspects returns the seven aspects in the order of the worksheet:
// weights 15, 25, 15, 10, 15, 10 and 10.
func PerdepAspects() []PerdepAspect {
	w := func(a Aspect, n int64) PerdepAspect { return PerdepAspect{Aspect: a, Weight: decimal.NewFromInt(n)} }
	return []PerdepAspect{
		w(Permodalan, 15), w(KualitasAktiva, 25), w(Manajemen, 15), w(Efisiensi, 10),
		w(Likuiditas, 15), w(Kemandirian, 10), w(Jatidiri, 10),
	}
}

// The figures of the legacy framework beyond the other frameworks'.
const (
	// PinjamanBerisiko are the loans without adequate collateral: the
	// loan book records a collateral value at application but not
	// whether it is adequate, so the books never supply it.
	PinjamanBerisiko Figure = "pinjaman-berisiko"
	// VolumePinjamanAnggota and VolumePinjaman split the loans between
	// members and others: the books do not mark a loan to a non-member,
	// so they never supply them.
	VolumePinjamanAnggota Figure = "volume-pinjaman-anggota"
	VolumePinjaman        Figure = "volume-pinjaman"
	// RisikoPinjaman is 50 % of the kurang lancar loans, 75 % of the
	// diragukan and all of the macet (domain.md §2.5).
	RisikoPinjaman Figure = "risiko-pinjaman"
	// CadanganTujuanRisiko is the equity reserve for risks (cadangan
	// risiko, 3-2200 of the §5.4 chart).
	CadanganTujuanRisiko Figure = "cadangan-tujuan-risiko"
	// PartisipasiBruto is the operating revenue from members; in a
	// closed-loop cooperative the untagged operating revenue counts too.
	PartisipasiBruto Figure = "partisipasi-bruto"
	// PendapatanNonAnggota is the operating revenue tagged as earned from
	// non-members or other cooperatives.
	PendapatanNonAnggota Figure = "pendapatan-non-anggota"
	// SHUAnggota is the members' part of the SHU after tax.
	SHUAnggota Figure = "shu-anggota"
	// MEPPP is the members' economic benefit from transacting with the
	// cooperative: the books never supply it.
	MEPPP Figure = "meppp"
)

// perdepLabel names the legacy figures.
func perdepLabel(f Figure, english bool) (string, bool) {
	id, en := "", ""
	switch f {
	case PinjamanBerisiko:
		id, en = "Pinjaman berisiko (tanpa agunan memadai)", "Risky loans (without adequate collateral)"
	case VolumePinjamanAnggota:
		id, en = "Volume pinjaman kepada anggota", "Volume of loans to members"
	case VolumePinjaman:
		id, en = "Volume seluruh pinjaman", "Volume of all loans"
	case RisikoPinjaman:
		id, en = "Risiko pinjaman bermasalah (50 % KL + 75 % D + 100 % M)", "Problem loan risk (50% KL + 75% D + 100% M)"
	case CadanganTujuanRisiko:
		id, en = "Cadangan risiko (ekuitas)", "Risk reserve (equity)"
	case PartisipasiBruto:
		id, en = "Partisipasi bruto (pendapatan operasional dari anggota)", "Gross participation (operating revenue from members)"
	case PendapatanNonAnggota:
		id, en = "Pendapatan operasional dari bukan anggota", "Operating revenue from non-members"
	case SHUAnggota:
		id, en = "SHU bagian anggota", "Members' part of the surplus"
	case MEPPP:
		id, en = "Manfaat ekonomi partisipasi pinjaman (MEPPP)", "Members' economic benefit from loans (MEPPP)"
	default:
		return "", false
	}
	if english {
		return en, true
	}
	return id, true
}

// PerdepIndicator is a quantitative indicator of the legacy framework:
// its ratio, its weight and the table that gives its nilai. An indicator
// without a table is shown with its ratio and not scored; one without
// terms has no confirmed formula.
type PerdepIndicator struct {
	Key                string
	Aspect             Aspect
	Name, NameEN       string
	Formula, FormulaEN string
	Num, Den           []Term
	// Weight is the indicator's bobot; zero when the sources do not fix
	// it (the efficiency ratios).
	Weight decimal.Decimal
	// Table, TableEN state the scoring table, for the worksheet.
	Table, TableEN string
	// Why, WhyEN say what is unconfirmed or why a figure cannot come
	// from the books.
	Why, WhyEN string
	score      func(x decimal.Decimal) (decimal.Decimal, bool)
}

// Scored reports whether the indicator has a scoring table.
func (i PerdepIndicator) Scored() bool { return i.score != nil }

// Score returns the nilai (0 to 100) of a ratio by the indicator's table,
// on its unrounded value, and false when the table does not reach the
// ratio. It panics on an indicator that is not scored.
func (i PerdepIndicator) Score(x decimal.Decimal) (decimal.Decimal, bool) { return i.score(x) }

// Figures lists every figure the indicator reads.
func (i PerdepIndicator) Figures() []Figure {
	return Indicator{Num: i.Num, Den: i.Den}.Figures()
}

// step is a row of a step table: ratios below (or, orEqual, up to) edge
// earn nilai.
type step struct {
	edge    decimal.Decimal
	orEqual bool
	nilai   int64
}

func lt(edge string, nilai int64) step {
	return step{edge: decimal.RequireFromString(edge), nilai: nilai}
}
func le(edge string, nilai int64) step {
	return step{edge: decimal.RequireFromString(edge), orEqual: true, nilai: nilai}
}

// steps scores by the first row whose edge the ratio is within; above
// every edge the ratio earns rest, or, when rest is negative, is beyond
// the table.
func steps(rest int64, rows ...step) func(decimal.Decimal) (decimal.Decimal, bool) {
	return func(x decimal.Decimal) (decimal.Decimal, bool) {
		for _, s := range rows {
			if x.LessThan(s.edge) || s.orEqual && x.Equal(s.edge) {
				return decimal.NewFromInt(s.nilai), true
			}
		}
		if rest < 0 {
			return decimal.Zero, false
		}
		return decimal.NewFromInt(rest), true
	}
}

func hundred() decimal.Decimal { return decimal.NewFromInt(100) }

// perBand scores 0 up to and including zero, then per every started
// band of width percent: 10 % of modal sendiri over risky loans earns
// 10, 10.01 % earns 20; at most 100 (Permen 14/2009, "+10 per 10 %").
func perBand(width, points int64) func(decimal.Decimal) (decimal.Decimal, bool) {
	return func(x decimal.Decimal) (decimal.Decimal, bool) {
		if !x.IsPositive() {
			return decimal.Zero, true
		}
		n := x.Div(decimal.NewFromInt(width)).Ceil().Mul(decimal.NewFromInt(points))
		return decimal.Min(n, hundred()), true
	}
}

// rpmScore is 0 from 45 % up; below, 2 for every whole point under 45,
// at most 100 (Permen 14/2009).
func rpmScore(x decimal.Decimal) (decimal.Decimal, bool) {
	edge := decimal.NewFromInt(45)
	if x.GreaterThanOrEqual(edge) {
		return decimal.Zero, true
	}
	return decimal.Min(edge.Sub(x).Floor().Mul(decimal.NewFromInt(2)), hundred()), true
}

// perPoint is 1 for every whole percent, from 0, at most 100 (Permen
// 14/2009, cadangan risiko over problem loans).
func perPoint(x decimal.Decimal) (decimal.Decimal, bool) {
	if !x.IsPositive() {
		return decimal.Zero, true
	}
	return decimal.Min(x.Floor(), hundred()), true
}

func weight(n int64) decimal.Decimal { return decimal.NewFromInt(n) }

// perdepIndicators returns the quantitative indicators of the legacy
// framework in the order of the worksheet. Where domain.md §4.2 gives a
// band as "a–b" the lower edge belongs to it, unless the table says
// otherwise (≤, >); the edges are UNCONFIRMED.
func perdepIndicators() []PerdepIndicator {
	const (
		noTable, noTableEN         = "tabel nilai belum dikonfirmasi (domain.md §4.2)", "scoring table not confirmed (domain.md §4.2)"
		noModalRule, noModalRuleEN = "batas 2016 belum dikonfirmasi; aturan 2008 (+5 per 4 %) tidak diterapkan karena tidak pasti berlaku", "the 2016 bands are not confirmed; the 2008 rule (+5 per 4%) is not applied as it may not apply"
		noCollateral               = "buku pinjaman mencatat nilai agunan saat pengajuan, tetapi tidak apakah agunan itu memadai (taksasi, pengikatan), dan sumber tidak memberi batas memadai"
		noCollateralEN             = "the loan book records a collateral value at application but not whether it is adequate (appraisal, binding), and the sources give no adequacy threshold"
		noWeights, noWeightsEN     = "bobot dan tabel nilai rasio efisiensi belum dikonfirmasi (domain.md §4.2)", "the weights and scoring tables of the efficiency ratios are not confirmed (domain.md §4.2)"
	)
	return []PerdepIndicator{
		{Key: "2016-modal-sendiri-aset", Aspect: Permodalan, Name: "Modal sendiri / total aset", NameEN: "Own capital / total assets",
			Formula: "modal sendiri / total aset × 100", FormulaEN: "own capital / total assets × 100",
			Num: []Term{plus(ModalSendiri)}, Den: []Term{plus(TotalAset)}, Weight: weight(6), Why: noModalRule, WhyEN: noModalRuleEN},
		{Key: "2016-modal-sendiri-pinjaman-berisiko", Aspect: Permodalan, Name: "Modal sendiri / pinjaman diberikan yang berisiko", NameEN: "Own capital / risky loans",
			Formula: "modal sendiri / pinjaman berisiko × 100", FormulaEN: "own capital / risky loans × 100",
			Num: []Term{plus(ModalSendiri)}, Den: []Term{plus(PinjamanBerisiko)}, Weight: weight(6), score: perBand(10, 10),
			Table: "≤ 0 → 0; +10 per 10 % yang dimulai; ≥ 100 % → 100", TableEN: "≤ 0 → 0; +10 per 10% started; ≥ 100% → 100",
			Why: noCollateral, WhyEN: noCollateralEN},
		{Key: "2016-kecukupan-modal", Aspect: Permodalan, Name: "Rasio kecukupan modal sendiri", NameEN: "Own capital adequacy",
			Formula: "modal tertimbang / ATMR × 100", FormulaEN: "risk-weighted capital / risk-weighted assets × 100",
			Num: []Term{plus(ModalTertimbang)}, Den: []Term{plus(ATMR)}, Weight: weight(3), score: steps(100, lt("4", 0), lt("6", 50), lt("8", 75)),
			Table: "< 4 → 0; 4–< 6 → 50; 6–< 8 → 75; ≥ 8 → 100", TableEN: "< 4 → 0; 4–< 6 → 50; 6–< 8 → 75; ≥ 8 → 100",
			Why: "bobot modal tertimbang dan bobot risiko ATMR belum dikonfirmasi", WhyEN: "the capital weights and the ATMR risk weights are not confirmed"},

		{Key: "2016-volume-pinjaman-anggota", Aspect: KualitasAktiva, Name: "Volume pinjaman pada anggota / volume pinjaman", NameEN: "Loans to members / all loans",
			Formula: "volume pinjaman anggota / volume pinjaman × 100", FormulaEN: "volume of loans to members / volume of loans × 100",
			Num: []Term{plus(VolumePinjamanAnggota)}, Den: []Term{plus(VolumePinjaman)}, Weight: weight(10), score: steps(100, le("25", 0), le("50", 50), le("75", 75)),
			Table: "≤ 25 → 0; > 25–50 → 50; > 50–75 → 75; > 75 → 100", TableEN: "≤ 25 → 0; > 25–50 → 50; > 50–75 → 75; > 75 → 100",
			Why:   "buku tidak menandai pinjaman kepada bukan anggota: KSP tertutup (UU 4/2023 Ps. 44B, Permenkop 8/2023) hanya meminjamkan kepada anggota dan koperasi lain, sehingga setiap pinjaman kepada orang adalah pinjaman anggota; rasio itu tidak diandaikan",
			WhyEN: "the books do not mark loans to non-members: a closed-loop KSP (UU 4/2023 Art. 44B, Permenkop 8/2023) lends only to members and other cooperatives, so every loan to a person is a member's; the ratio is not assumed"},
		{Key: "2016-rpm", Aspect: KualitasAktiva, Name: "Risiko pinjaman bermasalah (RPM)", NameEN: "Problem loan risk (RPM)",
			Formula: "(50 % KL + 75 % D + 100 % M) / pinjaman diberikan × 100", FormulaEN: "(50% KL + 75% D + 100% M) / loans × 100",
			Num: []Term{plus(RisikoPinjaman)}, Den: []Term{plus(PinjamanBeredar)}, Weight: weight(5), score: rpmScore,
			Table: "≥ 45 → 0; tiap 1 poin di bawah 45 menambah 2; paling tinggi 100", TableEN: "≥ 45 → 0; each whole point below 45 adds 2; at most 100"},
		{Key: "2016-cadangan-risiko", Aspect: KualitasAktiva, Name: "Cadangan risiko / pinjaman bermasalah", NameEN: "Risk reserves / non-performing loans",
			Formula: "(cadangan risiko + PPAP) / (KL + D + M) × 100", FormulaEN: "(risk reserve + allowance) / (KL + D + M) × 100",
			Num: []Term{plus(CadanganTujuanRisiko), plus(PPAP)}, Den: []Term{plus(PinjamanBermasalah)}, Weight: weight(5), score: perPoint,
			Table: "0 → 0; +1 per 1 %; paling tinggi 100", TableEN: "0 → 0; +1 per 1%; at most 100"},
		{Key: "2016-pinjaman-berisiko", Aspect: KualitasAktiva, Name: "Pinjaman berisiko / pinjaman diberikan", NameEN: "Risky loans / loans",
			Formula: "pinjaman berisiko / pinjaman diberikan × 100", FormulaEN: "risky loans / loans × 100",
			Num: []Term{plus(PinjamanBerisiko)}, Den: []Term{plus(Pinjaman)}, Weight: weight(5),
			Why: noCollateral + "; " + noTable, WhyEN: noCollateralEN + "; " + noTableEN},

		{Key: "2016-beban-operasi-anggota", Aspect: Efisiensi, Name: "Beban operasi anggota / partisipasi bruto", NameEN: "Member operating cost / gross participation",
			Formula: "biaya operasional / partisipasi bruto × 100", FormulaEN: "operating costs / gross participation × 100",
			Num: []Term{plus(BiayaOperasional)}, Den: []Term{plus(PartisipasiBruto)}, Why: noWeights, WhyEN: noWeightsEN},
		{Key: "2016-beban-usaha-shu-kotor", Aspect: Efisiensi, Name: "Beban usaha / SHU kotor", NameEN: "Operating expenses / gross surplus",
			Formula: "biaya usaha / (pendapatan operasional − beban pokok) × 100", FormulaEN: "operating expenses / (operating revenue − cost of revenue) × 100",
			Num: []Term{plus(BiayaUsaha)}, Den: []Term{plus(PendapatanOperasional), minus(BebanPokok)}, Why: noWeights, WhyEN: noWeightsEN},
		{Key: "2016-efisiensi-pelayanan", Aspect: Efisiensi, Name: "Efisiensi pelayanan", NameEN: "Service efficiency",
			Formula: "rumus belum dikonfirmasi", FormulaEN: "formula not confirmed",
			Why: "rumus efisiensi pelayanan belum dikonfirmasi (domain.md §4.2)", WhyEN: "the service efficiency formula is not confirmed (domain.md §4.2)"},

		{Key: "2016-kas-bank-kewajiban-lancar", Aspect: Likuiditas, Name: "Kas + bank / kewajiban lancar", NameEN: "Cash + bank / current liabilities",
			Formula: "kas dan bank / kewajiban jangka pendek × 100", FormulaEN: "cash and bank / current liabilities × 100",
			Num: []Term{plus(AsetLikuid)}, Den: []Term{plus(KewajibanLancar)}, Weight: weight(10), score: steps(25, le("10", 25), le("15", 100), le("20", 50)),
			Table: "≤ 10 → 25; > 10–15 → 100; > 15–20 → 50; > 20 → 25", TableEN: "≤ 10 → 25; > 10–15 → 100; > 15–20 → 50; > 20 → 25"},
		{Key: "2016-pinjaman-dana-diterima", Aspect: Likuiditas, Name: "Pinjaman diberikan / dana yang diterima", NameEN: "Loans / funds received",
			Formula: "pinjaman diberikan / (simpanan + modal anggota + utang bank dan LPDB) × 100", FormulaEN: "loans / (savings deposits + member shares + bank and LPDB borrowings) × 100",
			Num: []Term{plus(Pinjaman)}, Den: []Term{plus(SimpananAnggota), plus(ModalAnggota), plus(PinjamanLuar)}, Weight: weight(5),
			score: steps(-1, lt("60", 25), lt("70", 50), lt("80", 75), le("90", 100)),
			Table: "< 60 → 25; 60–< 70 → 50; 70–< 80 → 75; 80–90 → 100; > 90 tidak ada di tabel", TableEN: "< 60 → 25; 60–< 70 → 50; 70–< 80 → 75; 80–90 → 100; > 90 not in the table",
			Why: "dana yang diterima menurut rancangan (simpanan + modal anggota + utang luar); definisi belum dikonfirmasi", WhyEN: "funds received by design (savings + member shares + external borrowings); the definition is not confirmed"},

		{Key: "2016-rentabilitas-aset", Aspect: Kemandirian, Name: "Rentabilitas aset", NameEN: "Return on assets",
			Formula: "SHU sebelum pajak / total aset × 100", FormulaEN: "surplus before tax / total assets × 100",
			Num: []Term{plus(SHUSebelumPajak)}, Den: []Term{plus(TotalAset)}, Weight: weight(3), score: steps(100, lt("5", 25), lt("7.5", 50), lt("10", 75)),
			Table: "< 5 → 25; 5–< 7,5 → 50; 7,5–< 10 → 75; ≥ 10 → 100", TableEN: "< 5 → 25; 5–< 7.5 → 50; 7.5–< 10 → 75; ≥ 10 → 100"},
		{Key: "2016-rentabilitas-modal-sendiri", Aspect: Kemandirian, Name: "Rentabilitas modal sendiri", NameEN: "Return on own capital",
			Formula: "SHU bagian anggota / modal sendiri × 100", FormulaEN: "members' part of the surplus / own capital × 100",
			Num: []Term{plus(SHUAnggota)}, Den: []Term{plus(ModalSendiri)}, Weight: weight(3), score: steps(100, lt("3", 25), lt("4", 50), lt("5", 75)),
			Table: "< 3 → 25; 3–< 4 → 50; 4–< 5 → 75; ≥ 5 → 100", TableEN: "< 3 → 25; 3–< 4 → 50; 4–< 5 → 75; ≥ 5 → 100"},
		{Key: "2016-kemandirian-operasional", Aspect: Kemandirian, Name: "Kemandirian operasional pelayanan", NameEN: "Operational self-reliance",
			Formula: "partisipasi neto / (beban usaha + beban perkoperasian) × 100", FormulaEN: "net participation / (operating expenses + governance expenses) × 100",
			Num: []Term{plus(PartisipasiBruto), minus(BebanPokok)}, Den: []Term{plus(BiayaUsaha)}, Weight: weight(4), score: steps(100, le("100", 0)),
			Table: "≤ 100 → 0; > 100 → 100", TableEN: "≤ 100 → 0; > 100 → 100"},

		{Key: "2016-partisipasi-bruto", Aspect: Jatidiri, Name: "Rasio partisipasi bruto", NameEN: "Gross participation ratio",
			Formula: "partisipasi bruto / (partisipasi bruto + pendapatan dari bukan anggota) × 100", FormulaEN: "gross participation / (gross participation + revenue from non-members) × 100",
			Num: []Term{plus(PartisipasiBruto)}, Den: []Term{plus(PartisipasiBruto), plus(PendapatanNonAnggota)}, Weight: weight(7),
			score: steps(100, lt("25", 25), lt("50", 50), le("75", 75)),
			Table: "< 25 → 25; 25–< 50 → 50; 50–75 → 75; > 75 → 100", TableEN: "< 25 → 25; 25–< 50 → 50; 50–75 → 75; > 75 → 100"},
		{Key: "2016-pea", Aspect: Jatidiri, Name: "Promosi ekonomi anggota (PEA)", NameEN: "Members' economic promotion (PEA)",
			Formula: "(MEPPP + SHU bagian anggota) / (simpanan pokok + wajib) × 100", FormulaEN: "(MEPPP + members' part of the surplus) / (member shares) × 100",
			Num: []Term{plus(MEPPP), plus(SHUAnggota)}, Den: []Term{plus(ModalAnggota)}, Weight: weight(3),
			Why:   "MEPPP (selisih jasa pinjaman anggota terhadap harga pasar) tidak tercatat di buku; penyebut dan tabel nilai belum dikonfirmasi",
			WhyEN: "MEPPP (members' saving on loan interest against the market price) is not in the books; the denominator and the scoring table are not confirmed"},
	}
}

// PerYes returns the points a yes earns in a Manajemen questionnaire of
// the legacy framework (Permen 14/2009, assumed carried into 06/2016):
// each questionnaire weighs 3, its questions share the weight, 0.25 in
// umum, 0.5 in kelembagaan, 0.6 in permodalan, 0.3 in aktiva and 0.6 in
// likuiditas.
func PerYes(key string) (decimal.Decimal, bool) {
	switch key {
	case "2016-manajemen-umum":
		return decimal.New(25, -2), true
	case "2016-manajemen-kelembagaan":
		return decimal.New(5, -1), true
	case "2016-manajemen-permodalan", "2016-manajemen-likuiditas":
		return decimal.New(6, -1), true
	case "2016-manajemen-aktiva":
		return decimal.New(3, -1), true
	}
	return decimal.Zero, false
}

// PerdepRow is one indicator of the legacy worksheet.
type PerdepRow struct {
	Key                string
	Aspect             Aspect
	Name, NameEN       string
	Formula, FormulaEN string
	Checklist          bool
	Answer             *Answer
	Num, Den           []Input
	Ratio              decimal.Decimal
	HasRatio           bool
	// Weight is the bobot, zero when unconfirmed; Nilai is 0 to 100;
	// Skor = Nilai × Weight / 100, the row's part of the composite.
	Weight, Nilai, Skor decimal.Decimal
	Status              Status
	Table, TableEN      string
	Why, WhyEN          string
}

// PerdepAspectResult sums an aspect's scored rows.
type PerdepAspectResult struct {
	PerdepAspect
	// ScoredWeight is the weight of the rows scored, Skor the sum of
	// their skor.
	ScoredWeight, Skor decimal.Decimal
}

// PerdepWorksheet is a year's assessment by the legacy framework.
type PerdepWorksheet struct {
	Rules   RuleSet
	Year    int
	Rows    []PerdepRow
	Aspects []PerdepAspectResult
	// Composite is Σ skor over the rows scored, on 0 to 100; ScoredWeight
	// is the weight they cover out of 100.
	Composite, ScoredWeight decimal.Decimal
	Predicate               Predicate
	// Complete is false when a row is not scored: the composite leaves
	// out its weight.
	Complete bool
}

// AssessPerdep fills the legacy worksheet for a year from the figures of
// the books and the pengawas's answers to the Manajemen questionnaires:
// every indicator with its inputs, ratio, nilai, weight and skor; each
// aspect's skor; the composite and its predicate.
func AssessPerdep(rules RuleSet, year int, figures Figures, answers map[string]Answer) PerdepWorksheet {
	if rules.Framework != Perdep {
		panic(fmt.Sprintf("health: rules %s are not of the legacy framework", rules.Version))
	}
	w := PerdepWorksheet{Rules: rules, Year: year, Composite: decimal.Zero, ScoredWeight: decimal.Zero}
	for _, a := range PerdepAspects() {
		res := PerdepAspectResult{PerdepAspect: a, ScoredWeight: decimal.Zero, Skor: decimal.Zero}
		for _, c := range rules.Checklists {
			if c.Aspect == a.Aspect {
				w.Rows = append(w.Rows, perdepChecklistRow(c, answers))
			}
		}
		for _, i := range rules.PerdepIndicators {
			if i.Aspect == a.Aspect {
				w.Rows = append(w.Rows, perdepIndicatorRow(i, figures))
			}
		}
		for _, r := range w.Rows {
			if r.Aspect == a.Aspect && r.Status == Scored {
				res.ScoredWeight = res.ScoredWeight.Add(r.Weight)
				res.Skor = res.Skor.Add(r.Skor)
			}
		}
		w.Composite = w.Composite.Add(res.Skor)
		w.ScoredWeight = w.ScoredWeight.Add(res.ScoredWeight)
		w.Aspects = append(w.Aspects, res)
	}
	w.Complete = w.ScoredWeight.Equal(hundred())
	w.Predicate = PredicateOf(w.Composite)
	return w
}

func perdepChecklistRow(c ChecklistItem, answers map[string]Answer) PerdepRow {
	perYes, ok := PerYes(c.Key)
	if !ok {
		panic(fmt.Sprintf("health: no points for a yes in %s", c.Key))
	}
	r := PerdepRow{Key: c.Key, Aspect: c.Aspect, Name: c.Name, NameEN: c.NameEN, Checklist: true,
		Formula: "jawaban ya × " + strings.Replace(perYes.String(), ".", ",", 1), FormulaEN: "yes answers × " + perYes.String(),
		Weight: perYes.Mul(decimal.NewFromInt(int64(c.Total))), Nilai: decimal.Zero, Skor: decimal.Zero}
	a, ok := answers[c.Key]
	if !ok {
		r.Status = NotAnswered
		return r
	}
	r.Answer = &a
	r.Ratio, r.HasRatio = Ratio(decimal.NewFromInt(int64(a.Fulfilled)), decimal.NewFromInt(int64(a.Total)))
	// The skor is counted from the answers, exactly; the nilai is what
	// it is of the weight.
	r.Skor = perYes.Mul(decimal.NewFromInt(int64(a.Fulfilled)))
	r.Nilai, r.Status = r.Ratio, Scored
	return r
}

func perdepIndicatorRow(i PerdepIndicator, figures Figures) PerdepRow {
	r := PerdepRow{Key: i.Key, Aspect: i.Aspect, Name: i.Name, NameEN: i.NameEN, Formula: i.Formula, FormulaEN: i.FormulaEN,
		Weight: i.Weight, Nilai: decimal.Zero, Skor: decimal.Zero, Table: i.Table, TableEN: i.TableEN, Why: i.Why, WhyEN: i.WhyEN}
	if len(i.Num) == 0 {
		r.Status = NotComputable
		return r
	}
	ind := indicatorRow(Indicator{Num: i.Num, Den: i.Den}, figures)
	r.Num, r.Den, r.Ratio, r.HasRatio = ind.Num, ind.Den, ind.Ratio, ind.HasRatio
	switch {
	case !r.HasRatio:
		r.Status = NotComputable
		return r
	case !i.Scored() || !i.Weight.IsPositive():
		r.Status = Unscored
		return r
	}
	nilai, ok := i.Score(r.Ratio)
	if !ok {
		r.Status = Unscored
		r.Why, r.WhyEN = "rasio di luar tabel nilai; "+i.Why, "the ratio is beyond the scoring table; "+i.WhyEN
		return r
	}
	r.Nilai, r.Skor, r.Status = nilai, nilai.Mul(i.Weight).Shift(-2), Scored
	return r
}
