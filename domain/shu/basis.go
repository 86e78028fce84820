package shu

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/money"
)

// Change is a dated change of a member's capital: a deposit, a
// withdrawal, a reversal, a refund at exit.
type Change struct {
	On     calendar.Date
	Amount money.Amount
}

// Weight measures a member's capital over year from its changes, in any
// order, and returns the weight and the divisor that turns it into the
// capital basis (see Member.Capital):
//
//   - YearEnd: the balance at the end of 31 December, divisor 1;
//   - AvgMonthEnd: the sum of the twelve month-end balances, divisor 12;
//   - DailyAvg: the sum of the balance at the end of every day of the
//     year, divisor the days of the year (365 or 366).
//
// Changes after the year do not count; changes before it count in full.
func Weight(changes []Change, year int, m Measure) (money.Amount, int64) {
	first := calendar.MustNew(year, time.January, 1)
	last := calendar.MustNew(year, time.December, 31)
	days := int64(last.DaysSince(first) + 1)
	weight := decimal.Zero
	for _, c := range changes {
		if c.On.After(last) {
			continue
		}
		switch m {
		case YearEnd:
			weight = weight.Add(c.Amount.Decimal())
		case AvgMonthEnd:
			// The change counts at every month end from its own month's.
			months := int64(12)
			if !c.On.Before(first) {
				months = int64(12 - int(c.On.Month()) + 1)
			}
			weight = weight.Add(c.Amount.Decimal().Mul(decimal.NewFromInt(months)))
		case DailyAvg:
			// The change counts at the end of its own day and every day
			// after it in the year.
			n := days
			if !c.On.Before(first) {
				n = int64(last.DaysSince(c.On) + 1)
			}
			weight = weight.Add(c.Amount.Decimal().Mul(decimal.NewFromInt(n)))
		}
	}
	switch m {
	case AvgMonthEnd:
		return money.FromDecimal(weight), 12
	case DailyAvg:
		return money.FromDecimal(weight), days
	}
	return money.FromDecimal(weight), 1
}
