package loan_test

import (
	"errors"
	"math/big"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/money"
)

// The properties of every schedule, checked on random terms (a fixed seed:
// a failure is reproducible) and under the fuzzer. The expected figures are
// recomputed independently, in big.Rat straight from the formulas of
// domain.md §2.2, not by the package's own arithmetic.

// roundRat returns x rounded half up to places decimals.
func roundRat(x *big.Rat, places int32) decimal.Decimal {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)
	y := new(big.Rat).Mul(x, new(big.Rat).SetInt(scale))
	y.Add(y, big.NewRat(1, 2))
	q := new(big.Int).Quo(y.Num(), y.Denom()) // y >= 0: truncation is floor
	return decimal.NewFromBigInt(q, -places)
}

// annuityRat returns A = P·i/(1−(1+i)^−n), i = r/12, exactly.
func annuityRat(p, r decimal.Decimal, n int) *big.Rat {
	i := new(big.Rat).Quo(r.Rat(), big.NewRat(12, 1))
	growth := new(big.Rat).Add(big.NewRat(1, 1), i)
	exp := big.NewInt(int64(n))
	pow := new(big.Rat).SetFrac( // (1+i)^n, normalised once
		new(big.Int).Exp(growth.Num(), exp, nil),
		new(big.Int).Exp(growth.Denom(), exp, nil))
	discount := new(big.Rat).Sub(big.NewRat(1, 1), new(big.Rat).Inv(pow))
	a := new(big.Rat).Mul(p.Rat(), i)
	return a.Quo(a, discount)
}

// monthlyInterest returns round(base·r/12).
func monthlyInterest(base, r decimal.Decimal, places int32) decimal.Decimal {
	x := new(big.Rat).Mul(base.Rat(), r.Rat())
	return roundRat(x.Quo(x, big.NewRat(12, 1)), places)
}

// checkSchedule fails t unless s is a correct schedule of terms.
func checkSchedule(t testing.TB, terms loan.Terms, places int32, s []loan.Instalment) {
	t.Helper()
	if len(s) != terms.Months {
		t.Fatalf("%+v: %d instalments, want %d", terms, len(s), terms.Months)
	}
	unit := money.Unit(places)
	p, r, n := terms.Principal.Decimal(), terms.AnnualRate, terms.Months
	share := roundRat(new(big.Rat).Quo(p.Rat(), big.NewRat(int64(n), 1)), places)
	annuity := share // a zero rate: A = P/n
	if !r.IsZero() {
		annuity = roundRat(annuityRat(p, r, n), places)
	}
	fy, fm, fd := terms.First.Civil()
	balance := p
	paid, interest, total := money.Zero(), money.Zero(), money.Zero()
	for k, in := range s {
		last := k == n-1
		if in.N != k+1 {
			t.Fatalf("%+v: instalment %d numbered %d", terms, k+1, in.N)
		}
		// Due: the first date's day, k months on, clamped to the month.
		start := calendar.MustNew(fy, fm, 1)
		y, m := start.Year()+(int(fm)-1+k)/12, time.Month((int(fm)-1+k)%12+1)
		_, _, monthDays := calendar.MustNew(y, m, 1).MonthEnd().Civil()
		if want := calendar.MustNew(y, m, min(fd, monthDays)); in.Due != want {
			t.Fatalf("%+v: instalment %d due %s, want %s", terms, k+1, in.Due, want)
		}
		for _, part := range []money.Amount{in.Principal, in.Interest} {
			if part.IsNegative() || !part.IsMultipleOf(unit) {
				t.Fatalf("%+v: instalment %d has part %s: negative or not whole units of %s", terms, k+1, part, unit)
			}
		}
		// Interest: on the principal (flat) or on the balance, rounded half up.
		base := balance
		if terms.Method == loan.Flat {
			base = p
		}
		if want := monthlyInterest(base, r, places); !in.Interest.Decimal().Equal(want) {
			t.Fatalf("%+v: instalment %d interest %s, want %s", terms, k+1, in.Interest, want)
		}
		// Principal: the share, never more than the balance; the rest in the last.
		want := share
		if terms.Method == loan.Annuity {
			want = annuity.Sub(in.Interest.Decimal())
		}
		if want.Cmp(balance) > 0 || last {
			want = balance
		}
		if !in.Principal.Decimal().Equal(want) {
			t.Fatalf("%+v: instalment %d principal %s, want %s", terms, k+1, in.Principal, want)
		}
		balance = balance.Sub(in.Principal.Decimal())
		if balance.Sign() < 0 {
			t.Fatalf("%+v: balance %s after instalment %d", terms, balance, k+1)
		}
		paid, interest, total = paid.Add(in.Principal), interest.Add(in.Interest), total.Add(in.Total())
	}
	if !paid.Equal(terms.Principal) {
		t.Fatalf("%+v: principals sum to %s", terms, paid)
	}
	if !total.Equal(terms.Principal.Add(interest)) {
		t.Fatalf("%+v: instalments total %s, not principal %s + interest %s", terms, total, terms.Principal, interest)
	}
}

// randomTerms draws terms across the whole range Check accepts, biased to
// the edges: tiny and huge principals, one month and the longest terms,
// zero and the highest rates, month-end first dates.
func randomTerms(rng *rand.Rand) (loan.Terms, int32) {
	places := []int32{0, 0, 0, 2, 4}[rng.IntN(5)]
	digits := 1 + rng.IntN(14)
	principal := money.NewMinor(1+rng.Int64N(pow10(digits)), places)
	var months int
	switch rng.IntN(4) {
	case 0:
		months = 1 + rng.IntN(12)
	case 1:
		months = loan.MaxMonths - rng.IntN(3)
	default:
		months = 1 + rng.IntN(loan.MaxMonths)
	}
	var r decimal.Decimal
	switch rng.IntN(5) {
	case 0:
		r = decimal.Zero
	case 1:
		r = decimal.NewFromInt(1)
	case 2:
		r = decimal.New(rng.Int64N(pow10(10)+1), -10)
	default:
		r = decimal.New(rng.Int64N(4001), -4) // 0 to 40 % in basis points
	}
	first := calendar.MustNew(1990+rng.IntN(60), time.Month(1+rng.IntN(12)), 1)
	if rng.IntN(2) == 0 {
		first = first.MonthEnd()
	} else {
		first = first.AddDays(rng.IntN(28))
	}
	methods := loan.Methods()
	return loan.Terms{
		Principal:  principal,
		AnnualRate: r,
		Months:     months,
		Method:     methods[rng.IntN(len(methods))],
		First:      first,
	}, places
}

func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}

func TestScheduleProperties(t *testing.T) {
	cases := 1000
	if testing.Short() {
		cases = 100
	}
	rng := rand.New(rand.NewPCG(2025, 12))
	for range cases {
		terms, places := randomTerms(rng)
		s, err := loan.Schedule(terms, places)
		if err != nil {
			t.Fatalf("Schedule(%+v, %d): %v", terms, places, err)
		}
		checkSchedule(t, terms, places, s)
	}
}

// FuzzSchedule: any terms give a correct schedule or a *TermsError that
// Check agrees with, never a panic.
func FuzzSchedule(f *testing.F) {
	f.Add(int64(12_000_000), uint8(0), uint64(24), uint8(2), 12, uint8(2), int32(45_000))
	f.Add(int64(2), uint8(0), uint64(1), uint8(2), 4, uint8(2), int32(45_000))
	f.Add(int64(100_000), uint8(2), uint64(1), uint8(0), 600, uint8(0), int32(1))
	f.Add(int64(-1), uint8(9), uint64(1e12), uint8(20), 0, uint8(7), int32(0))
	f.Fuzz(func(t *testing.T, minor int64, places uint8, rateCoef uint64, rateDecimals uint8, months int, method uint8, first int32) {
		methods := append(loan.Methods(), "", "Flat")
		terms := loan.Terms{
			Principal:  money.NewMinor(minor, int32(places%8)),
			AnnualRate: decimal.NewFromBigInt(new(big.Int).SetUint64(rateCoef), -int32(rateDecimals%24)),
			Months:     months,
			Method:     methods[int(method)%len(methods)],
			First:      calendar.FromOrdinal(first),
		}
		if first < 0 || first > calendar.MustNew(9999, time.December, 31).Ordinal() {
			terms.First = calendar.Date{}
		}
		p := int32(places % 8)
		s, err := loan.Schedule(terms, p)
		if err != nil {
			var te *loan.TermsError
			if !errors.As(err, &te) || s != nil {
				t.Fatalf("Schedule(%+v) = %v, %v; want a *TermsError", terms, s, err)
			}
			if check := terms.Check(p); check == nil || check.Error() != err.Error() {
				t.Fatalf("Schedule(%+v) refused with %v but Check says %v", terms, err, check)
			}
			return
		}
		checkSchedule(t, terms, p, s)
	})
}
