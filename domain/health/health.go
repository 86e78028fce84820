// Package health scores a savings-and-loan cooperative's health by the
// current framework, Permenkop 9/2020 with Juknis Deputi Perkoperasian
// 15/2021 (domain.md §4.1): every indicator gets a nilai from 1 (sehat)
// to 4 (tidak sehat) and a skor from 4 to 1; an aspect's score is the sum
// of its skor over four times its indicators, as a percentage; the
// composite weighs the four aspects 30/15/40/15; the predicate follows
// the bands of the composite.
//
// Bands are applied to unrounded values (domain.md §9): a ratio of
// 14.999 % is below 15 %. The package is pure.
package health

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// Aspect is one of the four aspects of the assessment.
type Aspect string

// The aspects.
const (
	TataKelola      Aspect = "tata-kelola"      // governance
	ProfilRisiko    Aspect = "profil-risiko"    // risk profile
	KinerjaKeuangan Aspect = "kinerja-keuangan" // financial performance
	Permodalan      Aspect = "permodalan"       // capital
)

// Aspects returns the aspects in the order of the worksheet.
func Aspects() []Aspect { return []Aspect{TataKelola, ProfilRisiko, KinerjaKeuangan, Permodalan} }

// Weight returns an aspect's weight in percent: 30, 15, 40 and 15
// (domain.md §4.1, from the Ministry's slides and the Juknis text).
func (a Aspect) Weight() decimal.Decimal {
	switch a {
	case TataKelola:
		return decimal.NewFromInt(30)
	case ProfilRisiko, Permodalan:
		return decimal.NewFromInt(15)
	case KinerjaKeuangan:
		return decimal.NewFromInt(40)
	}
	panic(fmt.Sprintf("health: unknown aspect %q", a))
}

// Nilai is an indicator's grade: 1 sehat, 2 cukup sehat, 3 kurang sehat,
// 4 tidak sehat.
type Nilai int

// Skor is the score a nilai earns: 4 for nilai 1, down to 1 for nilai 4.
func (n Nilai) Skor() int { return 5 - int(n) }

// Predicate is the outcome of the assessment, or of one aspect.
type Predicate string

// The predicates.
const (
	Sehat                 Predicate = "sehat"
	CukupSehat            Predicate = "cukup-sehat"
	DalamPengawasan       Predicate = "dalam-pengawasan"
	DalamPengawasanKhusus Predicate = "dalam-pengawasan-khusus"
)

// PredicateOf returns the predicate of a score from 0 to 100: 80 and
// above sehat; from 66 cukup sehat; from 51 dalam pengawasan; below,
// dalam pengawasan khusus. Whether the edges 51, 66 and 80 belong to the
// band above is UNCONFIRMED (public implementations differ); the bands
// here include them.
func PredicateOf(score decimal.Decimal) Predicate {
	switch {
	case score.GreaterThanOrEqual(decimal.NewFromInt(80)):
		return Sehat
	case score.GreaterThanOrEqual(decimal.NewFromInt(66)):
		return CukupSehat
	case score.GreaterThanOrEqual(decimal.NewFromInt(51)):
		return DalamPengawasan
	}
	return DalamPengawasanKhusus
}

// AspectScore returns an aspect's score from its indicators' grades:
// the sum of their skor, divided by four times their number, times 100.
func AspectScore(grades []Nilai) decimal.Decimal {
	if len(grades) == 0 {
		return decimal.Zero
	}
	sum := 0
	for _, n := range grades {
		sum += n.Skor()
	}
	return decimal.NewFromInt(int64(sum)*100).DivRound(decimal.NewFromInt(int64(len(grades)*4)), RatioPlaces)
}

// Composite returns the weighted score of the four aspects' scores.
func Composite(scores map[Aspect]decimal.Decimal) decimal.Decimal {
	total := decimal.Zero
	for _, a := range Aspects() {
		total = total.Add(scores[a].Mul(a.Weight()).Shift(-2))
	}
	return total
}

// Checklist grades a checklist indicator: the share of its sub-indicators
// fulfilled, as a percentage; 76 to 100 is nilai 1, 51 to 75 nilai 2, 26
// to 50 nilai 3, below nilai 4.
func Checklist(fulfilled, total int) (decimal.Decimal, Nilai) {
	if total <= 0 || fulfilled < 0 || fulfilled > total {
		panic(fmt.Sprintf("health: checklist of %d fulfilled out of %d", fulfilled, total))
	}
	ratio := decimal.NewFromInt(int64(fulfilled)*100).DivRound(decimal.NewFromInt(int64(total)), RatioPlaces)
	switch {
	case ratio.GreaterThanOrEqual(decimal.NewFromInt(76)):
		return ratio, 1
	case ratio.GreaterThanOrEqual(decimal.NewFromInt(51)):
		return ratio, 2
	case ratio.GreaterThanOrEqual(decimal.NewFromInt(26)):
		return ratio, 3
	}
	return ratio, 4
}
