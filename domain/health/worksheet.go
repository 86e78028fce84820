package health

import (
	"github.com/shopspring/decimal"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/money"
)

// RatioPlaces is the precision ratios are kept to: a quotient is rounded
// half away from zero at the sixteenth decimal, once, and the bands are
// applied to that value; the worksheet shows two decimals (domain.md §9).
const RatioPlaces = 16

// Ratio returns num / den × 100 to RatioPlaces, and false when den is
// not positive (a ratio of nothing, or of a negative base, says nothing).
func Ratio(num, den decimal.Decimal) (decimal.Decimal, bool) {
	if !den.IsPositive() {
		return decimal.Zero, false
	}
	return num.Mul(decimal.NewFromInt(100)).DivRound(den, RatioPlaces), true
}

// Answer is the pengawas's answer to a checklist indicator for a year:
// the sub-indicators fulfilled out of the total, by whom and when.
type Answer struct {
	Year             int
	Indicator        string
	Fulfilled, Total int
	// Role is the office of who answered (pengawas).
	Role string
	On   calendar.Date
}

// Status says how an indicator counts in the worksheet.
type Status string

// The statuses of a worksheet's rows.
const (
	// Scored rows have a nilai and count in their aspect's score.
	Scored Status = "scored"
	// Unscored rows have a ratio but no confirmed bands: shown, not
	// counted.
	Unscored Status = "unscored"
	// NotComputable rows lack a figure the books cannot give, or divide
	// by a base that is not positive.
	NotComputable Status = "not-computable"
	// NotAnswered rows are checklists the pengawas has not answered.
	NotAnswered Status = "not-answered"
)

// Input is one figure of a ratio with its amount.
type Input struct {
	Figure Figure
	Amount money.Amount
	Minus  bool
	// Absent marks a figure the books cannot give.
	Absent bool
}

// Row is one indicator of the worksheet.
type Row struct {
	Key                string
	Aspect             Aspect
	Name, NameEN       string
	Formula, FormulaEN string
	// Checklist rows carry the answer (nil when not answered); the others
	// their numerator and denominator.
	Checklist bool
	Answer    *Answer
	Num, Den  []Input
	Ratio     decimal.Decimal
	HasRatio  bool
	Nilai     Nilai
	Status    Status
	// Unconfirmed marks bands not confirmed in full; Why, WhyEN say what.
	Unconfirmed bool
	Why, WhyEN  string
}

// Skor returns the row's skor, 0 when it is not scored.
func (r Row) Skor() int {
	if r.Status != Scored {
		return 0
	}
	return r.Nilai.Skor()
}

// AspectResult is an aspect's score from its scored rows.
type AspectResult struct {
	Aspect Aspect
	// Scored counts the rows scored, Skor sums their skor.
	Scored, Skor int
	Score        decimal.Decimal
	Predicate    Predicate
	// Weighted is the score times the aspect's weight.
	Weighted decimal.Decimal
}

// Worksheet is a year's assessment by the current framework.
type Worksheet struct {
	Rules   RuleSet
	Year    int
	Rows    []Row
	Aspects []AspectResult
	// HasComposite is false when an aspect has no scored row: no
	// composite can be weighed.
	HasComposite bool
	Composite    decimal.Decimal
	Predicate    Predicate
	// Complete is false when a checklist is not answered or a scored
	// indicator cannot be computed: the composite leaves them out.
	Complete bool
}

// Assess fills the worksheet of the current framework for a year from
// the figures of the books and the pengawas's answers to the checklists
// (by indicator key): every indicator with its inputs, ratio and grade,
// each aspect's score, the composite and its predicate.
func Assess(rules RuleSet, year int, figures Figures, answers map[string]Answer) Worksheet {
	w := Worksheet{Rules: rules, Year: year, Complete: true}
	for _, a := range Aspects() {
		for _, c := range rules.Checklists {
			if c.Aspect == a {
				w.Rows = append(w.Rows, checklistRow(c, answers))
			}
		}
		for _, i := range rules.Indicators {
			if i.Aspect == a {
				w.Rows = append(w.Rows, indicatorRow(i, figures))
			}
		}
	}
	w.HasComposite = true
	scores := map[Aspect]decimal.Decimal{}
	for _, a := range Aspects() {
		res := AspectResult{Aspect: a}
		var grades []Nilai
		for _, r := range w.Rows {
			if r.Aspect != a {
				continue
			}
			switch {
			case r.Status == Scored:
				grades = append(grades, r.Nilai)
				res.Skor += r.Skor()
			case r.Status == NotAnswered, r.Status == NotComputable && r.Checklist:
				w.Complete = false
			case r.Status == NotComputable && !r.Unconfirmed:
				w.Complete = false
			}
		}
		res.Scored = len(grades)
		if res.Scored == 0 {
			w.HasComposite = false
		} else {
			res.Score = AspectScore(grades)
			res.Predicate = PredicateOf(res.Score)
			res.Weighted = res.Score.Mul(a.Weight()).Shift(-2)
		}
		scores[a] = res.Score
		w.Aspects = append(w.Aspects, res)
	}
	if w.HasComposite {
		w.Composite = Composite(scores)
		w.Predicate = PredicateOf(w.Composite)
	}
	return w
}

func checklistRow(c ChecklistItem, answers map[string]Answer) Row {
	r := Row{Key: c.Key, Aspect: c.Aspect, Name: c.Name, NameEN: c.NameEN, Checklist: true,
		Formula: "sub-indikator terpenuhi / seluruh sub-indikator × 100", FormulaEN: "sub-indicators fulfilled / all sub-indicators × 100"}
	a, ok := answers[c.Key]
	if !ok {
		r.Status = NotAnswered
		return r
	}
	r.Answer = &a
	r.Ratio, r.Nilai = Checklist(a.Fulfilled, a.Total)
	r.HasRatio, r.Status = true, Scored
	return r
}

func indicatorRow(i Indicator, figures Figures) Row {
	r := Row{Key: i.Key, Aspect: i.Aspect, Name: i.Name, NameEN: i.NameEN, Formula: i.Formula, FormulaEN: i.FormulaEN,
		Unconfirmed: i.Unconfirmed || !i.Scored(), Why: i.Why, WhyEN: i.WhyEN}
	sum := func(terms []Term) ([]Input, decimal.Decimal, bool) {
		total, complete := decimal.Zero, true
		inputs := make([]Input, 0, len(terms))
		for _, t := range terms {
			v, ok := figures[t.Figure]
			inputs = append(inputs, Input{Figure: t.Figure, Amount: v, Minus: t.Minus, Absent: !ok})
			if !ok {
				complete = false
				continue
			}
			if t.Minus {
				total = total.Sub(v.Decimal())
			} else {
				total = total.Add(v.Decimal())
			}
		}
		return inputs, total, complete
	}
	var num, den decimal.Decimal
	var okNum, okDen bool
	r.Num, num, okNum = sum(i.Num)
	r.Den, den, okDen = sum(i.Den)
	if okNum && okDen {
		r.Ratio, r.HasRatio = Ratio(num, den)
	}
	switch {
	case !r.HasRatio:
		r.Status = NotComputable
	case !i.Scored():
		r.Status = Unscored
	default:
		r.Status, r.Nilai = Scored, i.Grade(r.Ratio)
	}
	return r
}
