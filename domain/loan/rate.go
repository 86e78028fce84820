package loan

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/lumbung-ledger/lumbung/domain/money"
)

// The precision of EffectiveAnnualRate.
const (
	// irrTolerance is the width of the bracket the monthly rate is
	// narrowed to: far inside the 1e-10 the rate is promised to.
	irrTolerance = 13 // decimals: 1e-13
	// irrWorkPlaces is the decimals kept by the present-value sum at each
	// step, enough for amounts of 10^18 with the rate still exact to 1e-13.
	irrWorkPlaces = 40
	// RateDecimals is the number of decimals of an effective annual rate.
	RateDecimals = 10
	// maxMonthlyIRR is the highest monthly rate searched for: 1,000,000 %
	// a month. Fees leaving almost nothing disbursed can need more; such
	// flows are refused.
	maxMonthlyIRR = 10_000
)

// RateProblem names why cash flows have no effective rate.
type RateProblem string

// Why cash flows have no effective rate.
const (
	RateNoPrincipal   RateProblem = "no_principal"   // the principal is not positive
	RateNegativeFees  RateProblem = "negative_fees"  // the fees are negative
	RateFeesAbsorb    RateProblem = "fees_absorb"    // the fees are the principal or more: nothing is disbursed
	RateNoInstalments RateProblem = "no_instalments" // the schedule is empty
	RateNegativePart  RateProblem = "negative_part"  // an instalment has a negative principal or interest
	RateNotRepaid     RateProblem = "not_repaid"     // the schedule's principals do not sum to the principal
	RateBeyondSearch  RateProblem = "beyond_search"  // the rate exceeds maxMonthlyIRR a month
)

// RateError reports cash flows EffectiveAnnualRate cannot rate, with the
// figures: the principal, the fees, and what the schedule repays.
type RateError struct {
	Problem   RateProblem
	Principal money.Amount
	Fees      money.Amount
	// Repaid is the sum of the schedule's principals.
	Repaid money.Amount
	// N is the instalment at fault, for RateNegativePart.
	N int
}

func (e *RateError) Error() string {
	switch e.Problem {
	case RateNoPrincipal:
		return fmt.Sprintf("loan: principal %s is not positive", e.Principal)
	case RateNegativeFees:
		return fmt.Sprintf("loan: fees %s are negative", e.Fees)
	case RateFeesAbsorb:
		return fmt.Sprintf("loan: fees %s leave nothing of principal %s disbursed", e.Fees, e.Principal)
	case RateNoInstalments:
		return "loan: the schedule has no instalments"
	case RateNegativePart:
		return fmt.Sprintf("loan: instalment %d has a negative part", e.N)
	case RateNotRepaid:
		return fmt.Sprintf("loan: the schedule repays %s, not the principal %s", e.Repaid, e.Principal)
	default:
		return fmt.Sprintf("loan: fees %s on principal %s give a rate above %d %% a month", e.Fees, e.Principal, maxMonthlyIRR*100)
	}
}

// EffectiveAnnualRate returns the effective annual rate of a loan: the
// monthly internal rate of return of its cash flows, times 12 (a nominal
// yearly rate, domain.md §2.1: "effective annual rate (IRR × 12)"). The
// flows are principal − upfrontFees paid out at month 0 and each
// instalment's total paid in at month N. The result is 0.24 for 24 % a
// year, rounded half away from zero to RateDecimals decimals: the monthly
// rate is found to within 1e-13, so the result / 12 is within 5e-12 of
// the true monthly rate.
//
// The monthly rate x solves Σ Total(k)/(1+x)^k = principal − fees. The
// left side falls as x rises, and at x = 0 it is at least the principal
// (interest is never negative), so the root is unique and not negative;
// it is found by bisection, in decimal arithmetic only. Fees raise the
// rate; a schedule that charges no interest and no fees has rate 0.
//
// The schedule must repay principal exactly, with no negative part, and
// the fees must be non-negative and less than principal; otherwise the
// error is a *RateError.
func EffectiveAnnualRate(principal money.Amount, upfrontFees money.Amount, schedule []Instalment) (decimal.Decimal, error) {
	fail := func(p RateProblem, n int, repaid money.Amount) (decimal.Decimal, error) {
		return decimal.Zero, &RateError{Problem: p, Principal: principal, Fees: upfrontFees, Repaid: repaid, N: n}
	}
	switch {
	case !principal.IsPositive():
		return fail(RateNoPrincipal, 0, money.Zero())
	case upfrontFees.IsNegative():
		return fail(RateNegativeFees, 0, money.Zero())
	case upfrontFees.Cmp(principal) >= 0:
		return fail(RateFeesAbsorb, 0, money.Zero())
	case len(schedule) == 0:
		return fail(RateNoInstalments, 0, money.Zero())
	}
	totals := make([]decimal.Decimal, len(schedule))
	repaid := money.Zero()
	for k, in := range schedule {
		if in.Principal.IsNegative() || in.Interest.IsNegative() {
			return fail(RateNegativePart, in.N, money.Zero())
		}
		repaid = repaid.Add(in.Principal)
		totals[k] = in.Total().Decimal()
	}
	if !repaid.Equal(principal) {
		return fail(RateNotRepaid, 0, repaid)
	}
	net := principal.Sub(upfrontFees).Decimal()

	// surplus(x) = Σ Total(k)/(1+x)^k − net falls as x rises;
	// surplus(lo) >= 0 > surplus(hi) throughout.
	one := decimal.NewFromInt(1)
	surplus := func(x decimal.Decimal) decimal.Decimal {
		v := one.DivRound(one.Add(x), irrWorkPlaces) // the discount factor 1/(1+x)
		pv := decimal.Zero
		for k := len(totals) - 1; k >= 0; k-- { // Horner: v·(T1 + v·(T2 + ...))
			pv = pv.Add(totals[k]).Mul(v).Round(irrWorkPlaces)
		}
		return pv.Sub(net)
	}
	lo, hi := decimal.Zero, one
	for surplus(hi).Sign() >= 0 {
		lo, hi = hi, hi.Add(hi)
		if hi.Cmp(decimal.NewFromInt(maxMonthlyIRR)) > 0 {
			return fail(RateBeyondSearch, 0, repaid)
		}
	}
	two, tolerance := decimal.NewFromInt(2), decimal.New(1, -irrTolerance)
	for hi.Sub(lo).Cmp(tolerance) > 0 {
		// Halving at irrTolerance+2 decimals keeps the bracket's ends short.
		mid := lo.Add(hi).DivRound(two, irrTolerance+2)
		if surplus(mid).Sign() >= 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	monthly := lo.Add(hi).DivRound(two, irrTolerance+2)
	return monthly.Mul(decimal.NewFromInt(12)).Round(RateDecimals), nil
}
