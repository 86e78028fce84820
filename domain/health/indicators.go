package health

import "github.com/shopspring/decimal"

// Indicator is a quantitative indicator of the current framework: its
// ratio (a percentage) and the bands that grade it (domain.md §4.1).
type Indicator struct {
	Key          string
	Aspect       Aspect
	Name, NameEN string
	// Formula says how the ratio is computed, for the worksheet.
	Formula string
	// Unconfirmed marks bands the sources did not confirm in full.
	Unconfirmed bool
	grade       func(x decimal.Decimal) Nilai
}

// Grade returns the nilai of a ratio, on its unrounded value.
func (i Indicator) Grade(x decimal.Decimal) Nilai { return i.grade(x) }

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
	return []Indicator{
		{Key: "pinjaman-aset-produktif", Aspect: ProfilRisiko, Name: "Pinjaman / total aset produktif", NameEN: "Loans / productive assets",
			Formula: "pinjaman diberikan / aset produktif × 100", grade: upTo(75, 85, 95)},
		{Key: "npm", Aspect: KinerjaKeuangan, Name: "Net profit margin (NPM)", NameEN: "Net profit margin (NPM)",
			Formula: "SHU bersih / total pendapatan × 100", grade: higher(15, 10, 5)},
		{Key: "bopo", Aspect: KinerjaKeuangan, Name: "Biaya operasional / pendapatan operasional (BOPO)", NameEN: "Operating cost / operating income (BOPO)",
			Formula: "biaya operasional / pendapatan operasional × 100", grade: below(80, 90, 100)},
		{Key: "biaya-usaha-shu-kotor", Aspect: KinerjaKeuangan, Name: "Biaya usaha / SHU kotor", NameEN: "Operating expenses / gross surplus",
			Formula: "biaya usaha / (pendapatan − beban pokok) × 100", grade: below(40, 60, 80)},
		{Key: "pinjaman-bermasalah", Aspect: KinerjaKeuangan, Name: "Pinjaman bermasalah / total pinjaman", NameEN: "Non-performing loans / total loans",
			Formula: "(kurang lancar + diragukan + macet) / total pinjaman × 100", grade: upTo(5, 10, 15)},
		{Key: "pertumbuhan-ekuitas", Aspect: KinerjaKeuangan, Name: "Pertumbuhan ekuitas", NameEN: "Equity growth",
			Formula: "(ekuitas tahun ini − ekuitas tahun lalu) / ekuitas tahun lalu × 100", grade: higher(10, 7, 4)},
		{Key: "biaya-pembinaan-shu", Aspect: KinerjaKeuangan, Name: "Biaya pembinaan / SHU", NameEN: "Member education cost / surplus",
			Formula: "biaya pendidikan anggota / SHU × 100", grade: higher(5, 3, 1)},
		{Key: "ekuitas-aset", Aspect: Permodalan, Name: "Ekuitas / total aset", NameEN: "Equity / total assets",
			Formula: "modal sendiri / total aset × 100", grade: above(30, 20, 10)},
		{Key: "car", Aspect: Permodalan, Name: "Rasio kecukupan modal (CAR)", NameEN: "Capital adequacy ratio (CAR)",
			Formula: "modal sendiri tertimbang / ATMR × 100", Unconfirmed: true, grade: higher(8, 6, 4)},
	}
}

// Find returns the indicator with key.
func Find(key string) (Indicator, bool) {
	for _, i := range Indicators() {
		if i.Key == key {
			return i, true
		}
	}
	return Indicator{}, false
}
