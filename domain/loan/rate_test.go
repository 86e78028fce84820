package loan_test

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/money"
)

func within(t *testing.T, want, got decimal.Decimal, tolerance string, msg string) {
	t.Helper()
	assert.True(t, got.Sub(want).Abs().Cmp(rate(tolerance)) <= 0, "%s: got %s, want %s ± %s", msg, got, want, tolerance)
}

// TestEffectiveRateWorkedExample: 24 % a year is 24 % effective when
// charged on the balance, and ≈ 41.7 % when charged flat (domain.md §2.1:
// "≈ 3.48 %/month ≈ 41.7 % p.a. nominal").
func TestEffectiveRateWorkedExample(t *testing.T) {
	for _, tc := range []struct {
		method    loan.Method
		want, tol string
	}{
		{loan.Flat, "0.4170312129", "1e-9"},
		{loan.Declining, "0.24", "1e-6"},
		{loan.Annuity, "0.24", "1e-6"},
	} {
		t.Run(string(tc.method), func(t *testing.T) {
			s, err := loan.Schedule(workedExample(tc.method), 0)
			require.NoError(t, err)
			got, err := loan.EffectiveAnnualRate(money.New(12_000_000), money.Zero(), s)
			require.NoError(t, err)
			within(t, rate(tc.want), got, tc.tol, string(tc.method))
			if tc.method == loan.Flat {
				assert.Equal(t, "0.417", got.Round(3).String())
				assert.Equal(t, "0.0348", got.DivRound(decimal.NewFromInt(12), 4).String(), "monthly")
			}
		})
	}
}

// TestEffectiveRateExact checks rates known in closed form.
func TestEffectiveRateExact(t *testing.T) {
	due := calendar.MustNew(2025, time.January, 31)
	one := func(principal, interest int64) []loan.Instalment {
		return []loan.Instalment{{N: 1, Due: due, Principal: money.New(principal), Interest: money.New(interest)}}
	}
	for _, tc := range []struct {
		name      string
		principal int64
		fees      int64
		schedule  []loan.Instalment
		want      string
	}{
		{"2 % in one month", 100, 0, one(100, 2), "0.24"},
		// 100/98 − 1 = 0.0204081632653…, × 12 = 0.24489795918…
		{"fees in one month", 100, 2, one(100, 0), "0.2448979592"},
		{"no interest, no fees", 1_000, 0, []loan.Instalment{
			{N: 1, Due: due, Principal: money.New(500)}, {N: 2, Due: due.AddDays(28), Principal: money.New(500)},
		}, "0"},
		// 10 % a month for two months on 1,000: 100 then 1,100.
		{"interest only, then bullet", 1_000, 0, []loan.Instalment{
			{N: 1, Due: due, Interest: money.New(100)}, {N: 2, Due: due.AddDays(28), Principal: money.New(1_000), Interest: money.New(100)},
		}, "1.2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := loan.EffectiveAnnualRate(money.New(tc.principal), money.New(tc.fees), tc.schedule)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got.String())
		})
	}
}

func TestFeesRaiseTheRate(t *testing.T) {
	for _, m := range loan.Methods() {
		s, err := loan.Schedule(workedExample(m), 0)
		require.NoError(t, err)
		previous := decimal.NewFromInt(-1)
		for _, fees := range []int64{0, 1, 60_000, 120_000, 600_000, 6_000_000} {
			got, err := loan.EffectiveAnnualRate(money.New(12_000_000), money.New(fees), s)
			require.NoError(t, err)
			assert.True(t, got.GreaterThan(previous), "%s: fees %d give %s, not above %s", m, fees, got, previous)
			previous = got
		}
	}
}

func TestEffectiveRateRefused(t *testing.T) {
	s, err := loan.Schedule(workedExample(loan.Annuity), 0)
	require.NoError(t, err)
	negative := append([]loan.Instalment(nil), s...)
	negative[3].Interest = money.New(-1)
	for _, tc := range []struct {
		name            string
		principal, fees money.Amount
		schedule        []loan.Instalment
		problem         loan.RateProblem
		message         string
	}{
		{"no principal", money.Zero(), money.Zero(), s, loan.RateNoPrincipal, "loan: principal 0 is not positive"},
		{"negative fees", money.New(12_000_000), money.New(-1), s, loan.RateNegativeFees, "loan: fees -1 are negative"},
		{"fees of the whole principal", money.New(12_000_000), money.New(12_000_000), s, loan.RateFeesAbsorb,
			"loan: fees 12000000 leave nothing of principal 12000000 disbursed"},
		{"no instalments", money.New(12_000_000), money.Zero(), nil, loan.RateNoInstalments, "loan: the schedule has no instalments"},
		{"a negative part", money.New(12_000_000), money.Zero(), negative, loan.RateNegativePart, "loan: instalment 4 has a negative part"},
		{"another principal", money.New(12_000_001), money.Zero(), s, loan.RateNotRepaid,
			"loan: the schedule repays 12000000, not the principal 12000001"},
		{"fees leaving almost nothing", money.New(12_000_000), money.New(11_999_999), s, loan.RateBeyondSearch,
			"loan: fees 11999999 on principal 12000000 give a rate above 1000000 % a month"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := loan.EffectiveAnnualRate(tc.principal, tc.fees, tc.schedule)
			var re *loan.RateError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, tc.problem, re.Problem)
			assert.EqualError(t, err, tc.message)
			assert.True(t, got.IsZero())
		})
	}
}

// npv returns Σ Total(k)/(1+x)^k − net exactly.
func npv(s []loan.Instalment, net money.Amount, x decimal.Decimal) *big.Rat {
	v := new(big.Rat).Inv(new(big.Rat).Add(big.NewRat(1, 1), x.Rat()))
	sum := new(big.Rat).Neg(net.Decimal().Rat())
	factor := big.NewRat(1, 1)
	for _, in := range s {
		factor.Mul(factor, v)
		sum.Add(sum, new(big.Rat).Mul(in.Total().Decimal().Rat(), factor))
	}
	return sum
}

// TestEffectiveRateProperties checks, on random loans, that the monthly
// rate (the result / 12) is within 1e-10 of the root: the exact present
// value changes sign between rate − 1e-10 and rate + 1e-10.
func TestEffectiveRateProperties(t *testing.T) {
	cases := 200
	if testing.Short() {
		cases = 20
	}
	rng := rand.New(rand.NewPCG(1992, 25))
	tolerance := decimal.New(1, -10)
	for range cases {
		terms, places := randomTerms(rng)
		terms.Months = 1 + rng.IntN(60) // keeps the exact present values small
		s, err := loan.Schedule(terms, places)
		require.NoError(t, err)
		fees := money.FromDecimal(terms.Principal.Decimal().Mul(decimal.New(rng.Int64N(101), -3)).RoundDown(places)) // 0 to 10 %
		annual, err := loan.EffectiveAnnualRate(terms.Principal, fees, s)
		require.NoError(t, err, "%+v fees %s", terms, fees)
		monthly := annual.DivRound(decimal.NewFromInt(12), 20)
		net := terms.Principal.Sub(fees)
		below, above := npv(s, net, monthly.Sub(tolerance)), npv(s, net, monthly.Add(tolerance))
		require.True(t, below.Sign() >= 0 && above.Sign() <= 0,
			"%+v fees %s: rate %s a year is not within 1e-10 a month of the root (npv %s, %s)",
			terms, fees, annual, below.FloatString(6), above.FloatString(6))
		if fees.IsZero() && terms.Method != loan.Flat && terms.Principal.Cmp(money.NewMinor(1e8, places)) >= 0 {
			// Interest on the balance is charged at the rate itself; only
			// the rounding of the instalments moves the effective rate, by
			// little once the balances are large against the unit.
			within(t, terms.AnnualRate, annual, "1e-4", fmt.Sprintf("%+v", terms))
		}
	}
}

// ExampleEffectiveAnnualRate rates the flat loan of domain.md §2.1.
func ExampleEffectiveAnnualRate() {
	s, err := loan.Schedule(loan.Terms{
		Principal:  money.New(12_000_000),
		AnnualRate: decimal.RequireFromString("0.24"),
		Months:     12,
		Method:     loan.Flat,
		First:      calendar.MustNew(2025, time.January, 31),
	}, 0)
	if err != nil {
		panic(err)
	}
	r, err := loan.EffectiveAnnualRate(money.New(12_000_000), money.Zero(), s)
	if err != nil {
		panic(err)
	}
	fmt.Println(r, r.Mul(decimal.NewFromInt(100)).StringFixed(1)+" %")
	// Output: 0.4170312129 41.7 %
}

func BenchmarkEffectiveAnnualRate(b *testing.B) {
	terms := workedExample(loan.Annuity)
	terms.Months = loan.MaxMonths
	s, err := loan.Schedule(terms, 0)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := loan.EffectiveAnnualRate(terms.Principal, money.New(100_000), s); err != nil {
			b.Fatal(err)
		}
	}
}
