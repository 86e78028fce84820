// Package loan is the arithmetic of members' loans (pinjaman): the
// repayment schedule drawn at disbursement under the three interest
// methods of domain.md §2.2, and the effective rate that the cap of
// Permenkop 8/2023 Art. 27 is checked against (domain.md §2.1).
//
// Every figure is exact: amounts are shopspring decimals, every division
// is done with an explicit precision or exactly with a remainder, and
// rounding happens in one named place, roundHalfUp. The package is pure
// and safe for concurrent use.
package loan

import (
	"fmt"
	"math/big"
	"time"

	"github.com/shopspring/decimal"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/money"
)

// Method is how a loan's interest is charged. Its text is the stored name.
type Method string

// The interest methods (domain.md §2.2).
const (
	// Flat (bunga flat / tetap) charges the rate on the original principal
	// every month: equal instalments.
	Flat Method = "flat"
	// Declining (bunga menurun / efektif) repays equal principal and
	// charges the rate on the balance outstanding: falling instalments.
	Declining Method = "menurun"
	// Annuity (anuitas) charges the rate on the balance outstanding within
	// an equal instalment.
	Annuity Method = "anuitas"
)

// Methods lists the interest methods.
func Methods() []Method { return []Method{Flat, Declining, Annuity} }

// ParseMethod reads a method by its stored name, exactly: "flat",
// "menurun" or "anuitas".
func ParseMethod(s string) (Method, error) {
	switch m := Method(s); m {
	case Flat, Declining, Annuity:
		return m, nil
	}
	return "", &MethodError{Value: s}
}

// MethodError reports text that names no interest method.
type MethodError struct {
	Value string
}

// maxQuoted bounds how much of a refused value an error message repeats.
const maxQuoted = 40

func (e *MethodError) Error() string {
	return fmt.Sprintf("loan: %s is not an interest method (expected flat, menurun or anuitas)", quote(e.Value))
}

func quote(s string) string {
	if len(s) > maxQuoted {
		return fmt.Sprintf("%q...", s[:maxQuoted])
	}
	return fmt.Sprintf("%q", s)
}

// Limits on terms.
const (
	// MaxMonths is the longest term: 50 years.
	MaxMonths = 600
	// MaxRateDecimals is how many decimals an annual rate may have
	// (0.1234567890 at most). It bounds the size of the exact arithmetic
	// of the annuity.
	MaxRateDecimals = 10
	// MaxPlaces is the most decimals a currency's minor unit may have.
	MaxPlaces = 4
)

// Terms are what a loan's schedule is drawn from.
type Terms struct {
	// Principal is the amount disbursed (plafond): positive, a whole
	// number of the currency's unit.
	Principal money.Amount
	// AnnualRate is the nominal yearly rate: 0.24 for 24 % a year; the
	// monthly rate is AnnualRate/12. From 0 to 1.
	AnnualRate decimal.Decimal
	// Months is the term, 1 to MaxMonths.
	Months int
	// Method is how interest is charged.
	Method Method
	// First is the due date of the first instalment. Later instalments
	// fall due on the same day of each following month, or on the month's
	// last day when it has no such day.
	First calendar.Date
}

// Field names a field of Terms.
type Field string

// The fields of Terms, and places, the argument of Schedule.
const (
	FieldPrincipal  Field = "principal"
	FieldAnnualRate Field = "annual_rate"
	FieldMonths     Field = "months"
	FieldMethod     Field = "method"
	FieldFirst      Field = "first"
	FieldPlaces     Field = "places"
)

// TermsError reports terms no schedule can be drawn from: the field, the
// value refused, and (in the message) what was expected.
type TermsError struct {
	Field Field
	Value string
	// Places is the number of decimals of the currency's unit, which the
	// principal must be a whole number of.
	Places int32
}

func (e *TermsError) Error() string {
	var want string
	switch e.Field {
	case FieldPrincipal:
		want = fmt.Sprintf("an amount greater than zero and a whole number of %s", money.Unit(e.Places))
	case FieldAnnualRate:
		want = fmt.Sprintf("a yearly rate from 0 to 1 (0.24 for 24 %%) with at most %d decimals", MaxRateDecimals)
	case FieldMonths:
		want = fmt.Sprintf("1 to %d months", MaxMonths)
	case FieldMethod:
		want = "flat, menurun or anuitas"
	case FieldFirst:
		want = "a first due date whose last instalment falls by 9999-12-31"
	case FieldPlaces:
		want = fmt.Sprintf("0 to %d decimals", MaxPlaces)
	}
	return fmt.Sprintf("loan: %s %s: expected %s", e.Field, quote(e.Value), want)
}

// Instalment is one month's repayment (angsuran) of a schedule.
type Instalment struct {
	// N numbers the instalments from 1.
	N         int
	Due       calendar.Date
	Principal money.Amount
	Interest  money.Amount
}

// Total returns what the borrower pays: principal plus interest.
func (i Instalment) Total() money.Amount { return i.Principal.Add(i.Interest) }

// Check returns a *TermsError if no schedule can be drawn from t for a
// currency whose unit has places decimals.
func (t Terms) Check(places int32) error {
	fail := func(f Field, v string) error { return &TermsError{Field: f, Value: v, Places: places} }
	switch {
	case places < 0 || places > MaxPlaces:
		return fail(FieldPlaces, fmt.Sprint(places))
	case !t.Principal.IsPositive() || !t.Principal.IsMultipleOf(money.Unit(places)):
		return fail(FieldPrincipal, t.Principal.String())
	case t.AnnualRate.Sign() < 0 || t.AnnualRate.Cmp(decimal.NewFromInt(1)) > 0 ||
		!t.AnnualRate.Equal(t.AnnualRate.Truncate(MaxRateDecimals)):
		return fail(FieldAnnualRate, t.AnnualRate.String())
	case t.Months < 1 || t.Months > MaxMonths:
		return fail(FieldMonths, fmt.Sprint(t.Months))
	}
	if _, err := ParseMethod(string(t.Method)); err != nil {
		return fail(FieldMethod, string(t.Method))
	}
	if _, ok := due(t.First, t.Months-1); !ok {
		return fail(FieldFirst, t.First.String())
	}
	return nil
}

// Schedule draws the monthly schedule of a loan for a currency whose unit
// has places decimals (0 for rupiah), by the formulas of domain.md §2.2,
// with monthly rate i = AnnualRate/12 and O the principal outstanding
// before the instalment:
//
//   - Flat: interest round(P·i), principal round(P/n).
//   - Declining: interest round(O·i), principal round(P/n).
//   - Annuity: A = P·i/(1−(1+i)^−n), computed exactly (as a ratio of
//     integers, not to a precision) and rounded once; interest round(O·i),
//     principal round(A) − interest. A zero rate gives A = P/n.
//
// round is roundHalfUp to the currency's unit, applied to the exact
// value. The last instalment's principal is whatever is still outstanding,
// so the principals sum to P exactly, and its interest is round(O·i) like
// any other: the rounding residue lands in the last instalment. In the
// worked example (Rp 12,000,000, 12 months, 24 %) A is 1,134,715.1595…,
// so eleven instalments are 1,134,715 and the last, repaying the 1,112,469
// left with interest 22,249, is 1,134,718. No
// instalment repays more than is outstanding; for loans so small that the
// rounded share would, the share stops at the balance and later
// instalments repay no principal.
//
// Terms that fail Check give a *TermsError.
func Schedule(t Terms, places int32) ([]Instalment, error) {
	if err := t.Check(places); err != nil {
		return nil, err
	}
	n := int64(t.Months)
	p := t.Principal.Decimal()
	rate := t.AnnualRate
	twelve := decimal.NewFromInt(12)
	monthlyInterest := func(base decimal.Decimal) decimal.Decimal {
		return roundHalfUp(base.Mul(rate), twelve, places)
	}

	// share is the principal of each instalment but the last under Flat
	// and Declining; annuity is round(A), the instalment under Annuity.
	share := roundHalfUp(p, decimal.NewFromInt(n), places)
	flatInterest := monthlyInterest(p)
	var annuity decimal.Decimal
	if t.Method == Annuity {
		annuity = annuityPayment(p, rate, n, places)
	}

	out := make([]Instalment, t.Months)
	balance := p
	for k := range out {
		interest := flatInterest
		if t.Method != Flat {
			interest = monthlyInterest(balance)
		}
		principal := share
		if t.Method == Annuity {
			principal = annuity.Sub(interest)
		}
		if principal.Cmp(balance) > 0 {
			principal = balance
		}
		if k == len(out)-1 {
			principal = balance
		}
		date, _ := due(t.First, k) // Check proved every due date exists.
		out[k] = Instalment{
			N:         k + 1,
			Due:       date,
			Principal: money.FromDecimal(principal),
			Interest:  money.FromDecimal(interest),
		}
		balance = balance.Sub(principal)
	}
	assertSchedule(t, out)
	return out, nil
}

// annuityPayment returns round(A), A = P·i/(1−(1+i)^−n), i = r/12, or
// round(P/n) for a zero rate. With r = R/10^e, D = 12·10^e and N = D+R
// (so i = R/D and 1+i = N/D), A = P·R·N^n / (D·(N^n − D^n)): integers
// throughout, divided once, exactly, by roundHalfUp. Check's bounds on
// n and on the decimals of r keep the integers to a few thousand digits.
func annuityPayment(p, r decimal.Decimal, n int64, places int32) decimal.Decimal {
	if r.Sign() == 0 {
		return roundHalfUp(p, decimal.NewFromInt(n), places)
	}
	rInt, e := r.Coefficient(), -r.Exponent()
	ten := big.NewInt(10)
	for e > 0 && new(big.Int).Rem(rInt, ten).Sign() == 0 { // 0.2400 is 24/100
		rInt.Quo(rInt, ten)
		e--
	}
	if e < 0 {
		rInt.Mul(rInt, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(-e)), nil))
		e = 0
	}
	d := new(big.Int).Mul(big.NewInt(12), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(e)), nil))
	nPow := new(big.Int).Exp(new(big.Int).Add(d, rInt), big.NewInt(n), nil)
	dPow := new(big.Int).Exp(d, big.NewInt(n), nil)
	num := new(big.Int).Mul(rInt, nPow)
	den := new(big.Int).Mul(d, new(big.Int).Sub(nPow, dPow))
	return roundHalfUp(p.Mul(decimal.NewFromBigInt(num, 0)), decimal.NewFromBigInt(den, 0), places)
}

// roundHalfUp returns num/den rounded half up to places decimals: the one
// rounding of loan schedules (domain.md §9: "round interest and principal
// per instalment to Rp 1 (half-up)"). It is exact: QuoRem gives the
// quotient truncated to places decimals and the exact remainder, and the
// remainder decides, so no intermediate precision is involved. num must
// be non-negative and den positive, where half up and half away from zero
// agree.
func roundHalfUp(num, den decimal.Decimal, places int32) decimal.Decimal {
	if num.Sign() < 0 || den.Sign() <= 0 {
		panic(fmt.Sprintf("loan: roundHalfUp(%s, %s) outside its domain", num, den))
	}
	q, r := num.QuoRem(den, places)
	// num = q·den + r with 0 <= r < den·10^-places: the part cut off is
	// r/den units of 10^-places; it is at least half when 2r >= den·10^-places.
	if r.Add(r).Cmp(den.Shift(-places)) >= 0 {
		q = q.Add(decimal.New(1, -places))
	}
	return q
}

// due returns the due date of the instalment k months after first: first's
// day of the month, or the month's last day if it is shorter. It reports
// false for a zero first date and for dates past the calendar's end.
func due(first calendar.Date, k int) (calendar.Date, bool) {
	if first.IsZero() {
		return calendar.Date{}, false
	}
	y, m, d := first.Civil()
	months := int(m) - 1 + k
	y, m = y+months/12, time.Month(months%12+1)
	start, ok := calendar.New(y, m, 1)
	if !ok {
		return calendar.Date{}, false
	}
	_, _, last := start.MonthEnd().Civil()
	return calendar.New(y, m, min(d, last))
}

// assertSchedule panics if s breaks the invariants every schedule keeps:
// one instalment a month, no negative part, principals summing to the
// principal exactly. A breach is a bug in this package, not bad input.
func assertSchedule(t Terms, s []Instalment) {
	sum := money.Zero()
	for k, in := range s {
		if in.N != k+1 || in.Principal.IsNegative() || in.Interest.IsNegative() || (k > 0 && !s[k-1].Due.Before(in.Due)) {
			panic(fmt.Sprintf("loan: schedule of %+v broken at instalment %d: %+v", t, k+1, in))
		}
		sum = sum.Add(in.Principal)
	}
	if !sum.Equal(t.Principal) {
		panic(fmt.Sprintf("loan: schedule of %+v repays %s, not the principal", t, sum))
	}
}
