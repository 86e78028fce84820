package loan

import (
	"github.com/shopspring/decimal"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/money"
)

// Class is a loan's collectibility (kolektibilitas, domain.md §2.4).
type Class string

// Collectibility classes, best first.
const (
	Lancar       Class = "lancar"
	KurangLancar Class = "kurang-lancar"
	Diragukan    Class = "diragukan"
	Macet        Class = "macet"
)

// Classes lists the classes, best first.
func Classes() []Class { return []Class{Lancar, KurangLancar, Diragukan, Macet} }

// Profile maps days past due to a class and a class to its allowance
// (PPAP) rate. The default follows domain.md §2.4–2.5 (DESIGN, derived
// from the legacy KSP rule; the day boundaries of Juknis 15/2021 are
// unconfirmed): up to 90 days lancar, up to 180 kurang lancar, beyond
// that diragukan when the collateral covers at least 75 % of the debt,
// else macet; allowance 0.5 / 10 / 50 / 100 %.
type Profile struct {
	// KurangLancar and Doubtful are the last days past due of lancar and
	// of kurang lancar.
	Lancar, KurangLancar int
	// CollateralShare is the share of the outstanding principal the
	// collateral must cover for a loan beyond KurangLancar days to be
	// diragukan rather than macet.
	CollateralShare decimal.Decimal
	// Rates are the allowance rates by class.
	Rates map[Class]decimal.Decimal
}

// DefaultProfile returns the default profile.
func DefaultProfile() Profile {
	return Profile{
		Lancar: 90, KurangLancar: 180, CollateralShare: decimal.New(75, -2),
		Rates: map[Class]decimal.Decimal{
			Lancar: decimal.New(5, -3), KurangLancar: decimal.New(10, -2),
			Diragukan: decimal.New(50, -2), Macet: decimal.NewFromInt(1),
		},
	}
}

// ClassOf returns the class of a loan days past due with the collateral
// and outstanding principal given.
func (p Profile) ClassOf(dpd int, collateral, outstanding money.Amount) Class {
	switch {
	case dpd <= p.Lancar:
		return Lancar
	case dpd <= p.KurangLancar:
		return KurangLancar
	case outstanding.IsPositive() && collateral.Decimal().Cmp(outstanding.Decimal().Mul(p.CollateralShare)) >= 0:
		return Diragukan
	}
	return Macet
}

// Rate returns the allowance rate of class c.
func (p Profile) Rate(c Class) decimal.Decimal {
	if r, ok := p.Rates[c]; ok {
		return r
	}
	return decimal.Zero
}

// DPD returns the days past due on d: from the due date of the oldest
// instalment not fully paid and due before d, or 0.
func (s *State) DPD(d calendar.Date) int {
	if s.Status != StatusActive {
		return 0
	}
	for i, in := range s.Schedule {
		if !in.Due.Before(d) {
			return 0
		}
		if s.unpaid(i).IsPositive() {
			return d.DaysSince(in.Due)
		}
	}
	return 0
}

// unpaid returns the principal and interest of instalment i (from 0) not
// yet paid.
func (s *State) unpaid(i int) money.Amount {
	in, p := s.Schedule[i], s.paid[i]
	return in.Principal.Sub(p.Principal).Add(in.Interest.Sub(p.Interest))
}

// Due is what a loan owes on a date.
type Due struct {
	// Penalty, Interest and Principal are what is due on the date: the
	// instalments whose due date has come, and their penalties.
	Penalty, Interest, Principal money.Amount
	// Outstanding is the principal not yet repaid, due or not.
	Outstanding money.Amount
	DPD         int
}

// Total returns what is due.
func (d Due) Total() money.Amount { return d.Penalty.Add(d.Interest).Add(d.Principal) }

// DueOn returns what the loan owes on d. Penalties accrue day by day on
// each instalment's unpaid principal and interest after its grace period,
// capped, never on penalties (no compounding), less what was paid of
// them.
func (s *State) DueOn(d calendar.Date, places int32) Due {
	due := Due{Penalty: money.Zero(), Interest: money.Zero(), Principal: money.Zero(), Outstanding: s.Outstanding(), DPD: s.DPD(d)}
	if s.Status != StatusActive {
		return due
	}
	for i, in := range s.Schedule {
		if in.Due.After(d) {
			break
		}
		p := s.paid[i]
		due.Interest = due.Interest.Add(in.Interest.Sub(p.Interest))
		due.Principal = due.Principal.Add(in.Principal.Sub(p.Principal))
		due.Penalty = due.Penalty.Add(s.penalty(i, d, places))
	}
	return due
}

// penalty returns the penalty of instalment i (from 0) on d still to pay.
func (s *State) penalty(i int, d calendar.Date, places int32) money.Amount {
	owed := s.accruedPenalty(i, d, places).Sub(s.paid[i].Penalty)
	if owed.IsNegative() {
		return money.Zero()
	}
	return owed
}

// accruedPenalty returns the penalty accrued on instalment i (from 0) up
// to d: what was accrued up to its last payment, and since then a day's
// rate on the amount unpaid for each day after the grace period, capped
// at a share of the instalment, never on penalties (no compounding).
func (s *State) accruedPenalty(i int, d calendar.Date, places int32) money.Amount {
	pen := s.Terms.Penalty
	accrued := s.accrued[i]
	if !pen.DailyRate.IsPositive() {
		return accrued
	}
	start := s.Schedule[i].Due.AddDays(pen.GraceDays)
	if s.accruedOn[i].After(start) {
		start = s.accruedOn[i]
	}
	days := d.DaysSince(start)
	unpaid := s.unpaid(i)
	if days > 0 && unpaid.IsPositive() {
		// The one rounding of penalties: half-up to the currency's unit,
		// on each stretch between payments.
		more := unpaid.Decimal().Mul(pen.DailyRate).Mul(decimal.NewFromInt(int64(days))).Round(places)
		accrued = accrued.Add(money.FromDecimal(more))
	}
	if pen.Cap.IsPositive() {
		most := money.FromDecimal(s.Schedule[i].Total().Decimal().Mul(pen.Cap).Round(places))
		accrued = money.Min(accrued, most)
	}
	return accrued
}
