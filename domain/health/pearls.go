package health

import "github.com/shopspring/decimal"

// PEARLS figures beyond the current framework's (domain.md §8, with its
// mapping of Indonesian accounts).
const (
	SimpananAnggota   Figure = "simpanan-anggota"   // savings deposits: sukarela, berjangka, of other cooperatives
	ModalAnggota      Figure = "modal-anggota"      // member share capital: pokok, wajib and the like
	ModalLembaga      Figure = "modal-lembaga"      // institutional capital: reserves and grants
	InvestasiLikuid   Figure = "investasi-likuid"   // cash, bank and deposits
	TotalKewajiban    Figure = "total-kewajiban"    // every liability
	PinjamanMenunggak Figure = "pinjaman-menunggak" // principal of the loans past due
	AsetRataRata      Figure = "aset-rata-rata"     // total assets averaged over the 13 month ends
)

// pearlsLabel names the PEARLS figures.
func pearlsLabel(f Figure, english bool) (string, bool) {
	id, en := "", ""
	switch f {
	case SimpananAnggota:
		id, en = "Simpanan sukarela, berjangka dan koperasi lain", "Savings deposits"
	case ModalAnggota:
		id, en = "Simpanan pokok dan wajib (modal anggota)", "Member share capital (pokok, wajib)"
	case ModalLembaga:
		id, en = "Cadangan dan hibah (modal lembaga)", "Institutional capital (reserves, grants)"
	case InvestasiLikuid:
		id, en = "Kas, bank dan deposito", "Cash, bank and deposits"
	case TotalKewajiban:
		id, en = "Total kewajiban", "Total liabilities"
	case PinjamanMenunggak:
		id, en = "Sisa pokok pinjaman menunggak", "Principal of loans past due"
	case AsetRataRata:
		id, en = "Rata-rata total aset (13 akhir bulan)", "Average total assets (13 month ends)"
	default:
		return "", false
	}
	if english {
		return en, true
	}
	return id, true
}

// PearlsRatio is one ratio of WOCCU's PEARLS with its goal of
// excellence. A ratio without Num cannot be computed from the books; Why
// says why.
type PearlsRatio struct {
	Code         string
	Name, NameEN string
	Num, Den     []Term
	// Min and Max bound the goal (percent), nil for no bound; Goal,
	// GoalEN say it in words when it is not a number.
	Min, Max     *decimal.Decimal
	Goal, GoalEN string
	Why, WhyEN   string
}

func bound(n int64) *decimal.Decimal { d := decimal.NewFromInt(n); return &d }

// Met says whether a ratio meets the goal, and whether the goal is a
// number to meet.
func (r PearlsRatio) Met(x decimal.Decimal) (met, numeric bool) {
	if r.Min == nil && r.Max == nil {
		return false, false
	}
	return (r.Min == nil || x.GreaterThanOrEqual(*r.Min)) && (r.Max == nil || x.LessThanOrEqual(*r.Max)), true
}

// PearlsRatios returns the PEARLS ratios of domain.md §8 the worksheet
// shows, in order.
func PearlsRatios() []PearlsRatio {
	const noAging, noAgingEN = "buku pinjaman tidak memisahkan cadangan per umur tunggakan", "the loan book does not split the allowance by age of delinquency"
	return []PearlsRatio{
		{Code: "P1", Name: "Cadangan / tunggakan > 12 bulan", NameEN: "Allowance / delinquency > 12 months", Min: bound(100), Why: noAging, WhyEN: noAgingEN},
		{Code: "P2", Name: "Cadangan bersih / cadangan wajib tunggakan 1–12 bulan", NameEN: "Net allowance / required allowance for delinquency 1–12 months", Min: bound(35), Why: noAging, WhyEN: noAgingEN},
		{Code: "P6", Name: "Solvabilitas", NameEN: "Solvency",
			Num: []Term{plus(TotalAset), minus(TotalKewajiban), plus(SimpananAnggota)}, Den: []Term{plus(SimpananAnggota), plus(ModalAnggota)}, Min: bound(111)},
		{Code: "E1", Name: "Pinjaman bersih / total aset", NameEN: "Net loans / total assets", Num: []Term{plus(Pinjaman), minus(PPAP)}, Den: []Term{plus(TotalAset)}, Min: bound(70), Max: bound(80)},
		{Code: "E2", Name: "Investasi likuid / total aset", NameEN: "Liquid investments / total assets", Num: []Term{plus(InvestasiLikuid)}, Den: []Term{plus(TotalAset)}, Max: bound(16)},
		{Code: "E5", Name: "Simpanan / total aset", NameEN: "Savings deposits / total assets", Num: []Term{plus(SimpananAnggota)}, Den: []Term{plus(TotalAset)}, Min: bound(70), Max: bound(80)},
		{Code: "E6", Name: "Pinjaman dari luar / total aset", NameEN: "External credit / total assets", Num: []Term{plus(PinjamanLuar)}, Den: []Term{plus(TotalAset)}, Min: bound(0), Max: bound(5)},
		{Code: "E7", Name: "Modal anggota / total aset", NameEN: "Member share capital / total assets", Num: []Term{plus(ModalAnggota)}, Den: []Term{plus(TotalAset)}, Max: bound(20)},
		{Code: "E8", Name: "Modal lembaga / total aset", NameEN: "Institutional capital / total assets", Num: []Term{plus(ModalLembaga)}, Den: []Term{plus(TotalAset)}, Min: bound(10)},
		{Code: "E9", Name: "Modal lembaga bersih / total aset", NameEN: "Net institutional capital / total assets",
			Num: []Term{plus(ModalLembaga), plus(PPAP), minus(PPAPWD)}, Den: []Term{plus(TotalAset)}, Min: bound(10)},
		{Code: "A1", Name: "Pinjaman menunggak / total pinjaman", NameEN: "Total delinquency / gross loan portfolio", Num: []Term{plus(PinjamanMenunggak)}, Den: []Term{plus(PinjamanBeredar)}, Max: bound(5)},
		{Code: "A2", Name: "Aset tidak produktif / total aset", NameEN: "Non-earning assets / total assets", Num: []Term{plus(TotalAset), minus(AsetProduktif)}, Den: []Term{plus(TotalAset)}, Max: bound(5)},
		{Code: "R9", Name: "Biaya usaha / rata-rata aset", NameEN: "Operating expenses / average assets", Num: []Term{plus(BiayaUsaha)}, Den: []Term{plus(AsetRataRata)}, Max: bound(5)},
		{Code: "R12", Name: "SHU bersih / rata-rata aset (ROA)", NameEN: "Net income / average assets (ROA)", Num: []Term{plus(SHUBersih)}, Den: []Term{plus(AsetRataRata)},
			Goal: "cukup untuk mencapai E9 ≥ 10 %", GoalEN: "enough to reach E9 ≥ 10%"},
		{Code: "L1", Name: "(Investasi likuid − kewajiban jangka pendek) / simpanan", NameEN: "(Liquid investments − short-term payables) / savings deposits",
			Num: []Term{plus(InvestasiLikuid), minus(KewajibanLancar), plus(SimpananAnggota)}, Den: []Term{plus(SimpananAnggota)}, Min: bound(15)},
		{Code: "S10", Name: "Pertumbuhan anggota", NameEN: "Membership growth", Min: bound(15),
			Why: "jumlah anggota bukan angka buku besar", WhyEN: "the number of members is not a figure of the general ledger"},
		{Code: "S11", Name: "Pertumbuhan total aset", NameEN: "Total asset growth", Num: []Term{plus(TotalAset), minus(TotalAsetLalu)}, Den: []Term{plus(TotalAsetLalu)},
			Goal: "> inflasi + 10 % (UNCONFIRMED)", GoalEN: "> inflation + 10% (UNCONFIRMED)"},
	}
}

// PearlsRow is a PEARLS ratio computed from the figures.
type PearlsRow struct {
	PearlsRatio
	Num, Den []Input
	Ratio    decimal.Decimal
	HasRatio bool
	Met      bool
	// Numeric is false for a goal in words: met or not is not said.
	Numeric bool
}

// Pearls computes the PEARLS ratios from the figures.
func Pearls(figures Figures) []PearlsRow {
	var out []PearlsRow
	for _, r := range PearlsRatios() {
		row := PearlsRow{PearlsRatio: r}
		if len(r.Num) > 0 {
			ind := indicatorRow(Indicator{Num: r.Num, Den: r.Den}, figures)
			row.Num, row.Den, row.Ratio, row.HasRatio = ind.Num, ind.Den, ind.Ratio, ind.HasRatio
			if row.HasRatio {
				row.Met, row.Numeric = r.Met(row.Ratio)
			}
		}
		out = append(out, row)
	}
	return out
}
