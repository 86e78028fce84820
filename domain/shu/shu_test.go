package shu_test

import (
	"errors"
	"math/big"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/domain/shu"
)

func rp(n int64) money.Amount { return money.New(n) }

var chart = ledger.DefaultChart(calendar.MustNew(2020, time.January, 1))

// worked is the KSP of domain.md §3.5: Siti, Budi, and the rest of the
// members together, so that the totals are the example's S_total of
// 950,000,000 and V_total of 480,000,000.
func worked() shu.Figures {
	return shu.Figures{
		Year: 2025, BeforeTax: rp(205_000_000), Tax: rp(5_000_000), NonMember: rp(10_000_000),
		CapitalDivisor: 1,
		Members: []shu.Member{
			{ID: "A-001", Name: "Siti", Capital: rp(2_500_000), Patronage: []money.Amount{rp(3_360_000)}},
			{ID: "A-002", Name: "Budi", Capital: rp(1_300_000), Patronage: []money.Amount{rp(1_234_567)}},
			{ID: "A-REST", Name: "Anggota lain", Capital: rp(950_000_000 - 3_800_000), Patronage: []money.Amount{rp(480_000_000 - 4_594_567)}},
		},
	}
}

func TestWorkedExampleOfDomainSection35(t *testing.T) {
	p := shu.Default()
	require.NoError(t, p.Validate(chart, 0))
	r, err := shu.Compute(p, worked())
	require.NoError(t, err)

	assert.Equal(t, "200000000", r.AfterTax.String())
	assert.Equal(t, "190000000", r.MemberPart.String())
	assert.Equal(t, "10000000", r.NonMemberReserve.String())
	assert.Equal(t, "0", r.Retained.String())
	want := map[string]int64{
		"cadangan": 86_000_000, "jasa-modal": 28_500_000, "jasa-usaha": 47_500_000,
		"pengurus-pengawas": 9_500_000, "karyawan": 9_500_000, "pendidikan": 9_500_000,
		"sosial": 4_750_000, "pembangunan-daerah-kerja": 4_750_000,
	}
	require.Len(t, r.Pools, len(want))
	for _, pool := range r.Pools {
		assert.Equal(t, rp(want[pool.Key]).String(), pool.Amount.String(), pool.Key)
	}
	siti, budi := r.Payouts[0], r.Payouts[1]
	assert.Equal(t, "75000", siti.JasaModal.String())
	assert.Equal(t, "332500", siti.JasaUsaha[0].String())
	assert.Equal(t, "407500", siti.Total.String())
	assert.Equal(t, "39000", budi.JasaModal.String())
	// 1,234,567 × 47,500,000 ÷ 480,000,000 = 122,170.69…, truncated.
	assert.Equal(t, "122170", budi.JasaUsaha[0].String())
	assert.Equal(t, "161170", budi.Total.String())
	assert.Equal(t, "950000000", r.Pools[1].Basis.String())
	assert.Equal(t, "480000000", r.Pools[2].Basis.String())
	for _, pool := range r.Pools {
		if pool.Kind == shu.Capital || pool.Kind == shu.Patronage {
			assert.Equal(t, pool.Amount.String(), pool.Paid.Add(pool.Residue).String(), pool.Key)
		}
	}
}

// The average-balance variant of §3.5: Siti pays pokok 100,000 in January
// and wajib 200,000 every month. Her year-end capital is 2,500,000, her
// average month-end capital 1,400,000.
func TestAverageBalanceVariant(t *testing.T) {
	var changes []shu.Change
	changes = append(changes, shu.Change{On: calendar.MustNew(2025, time.January, 10), Amount: rp(100_000)})
	for m := time.January; m <= time.December; m++ {
		changes = append(changes, shu.Change{On: calendar.MustNew(2025, m, 15), Amount: rp(200_000)})
	}
	// A deposit after the year does not count.
	changes = append(changes, shu.Change{On: calendar.MustNew(2026, time.January, 15), Amount: rp(200_000)})

	w, d := shu.Weight(changes, 2025, shu.YearEnd)
	assert.Equal(t, "2500000", w.String())
	assert.Equal(t, int64(1), d)
	w, d = shu.Weight(changes, 2025, shu.AvgMonthEnd)
	assert.Equal(t, int64(12), d)
	assert.Equal(t, "1400000", w.Decimal().Div(decimal.NewFromInt(d)).String())

	// Daily: 100,000 from 10 January (356 days) and 200,000 from the 15th
	// of each month to the year's end.
	w, d = shu.Weight(changes, 2025, shu.DailyAvg)
	assert.Equal(t, int64(365), d)
	want := int64(100_000 * 356)
	for m := time.January; m <= time.December; m++ {
		want += 200_000 * int64(calendar.MustNew(2025, 12, 31).DaysSince(calendar.MustNew(2025, m, 15))+1)
	}
	assert.Equal(t, rp(want).String(), w.String())

	// The basis changes the payout: Siti's jasa modal on the average
	// is less than on the year end when the others' capital stands still.
	f := worked()
	f.Members[0].Capital = rp(1_400_000)
	r, err := shu.Compute(shu.Default(), f)
	require.NoError(t, err)
	// 1,400,000 × 28,500,000 ÷ 948,900,000 = 42,048.69…
	assert.Equal(t, "948900000", r.Pools[1].Basis.String())
	assert.Equal(t, "42048", r.Payouts[0].JasaModal.String())
}

func TestPolicyRefusals(t *testing.T) {
	p := shu.Default()
	p.Pools[0].Percent = decimal.RequireFromString("45")
	err := p.Validate(chart, 0)
	var sum *shu.PoolsSumError
	require.ErrorAs(t, err, &sum)
	assert.Equal(t, "105", sum.Sum.String())

	cases := map[string]func(*shu.Policy){
		"no reserve":        func(p *shu.Policy) { p.Pools[0].Kind = shu.Fund },
		"two reserves":      func(p *shu.Policy) { p.Pools[3].Kind = shu.Reserve },
		"duplicate key":     func(p *shu.Policy) { p.Pools[1].Key = "cadangan" },
		"bad key":           func(p *shu.Policy) { p.Pools[1].Key = "Jasa Modal" },
		"negative percent":  func(p *shu.Policy) { p.Pools[1].Percent = decimal.NewFromInt(-15) },
		"unknown basis":     func(p *shu.Policy) { p.Pools[2].Basis = "points" },
		"unknown unit":      func(p *shu.Policy) { p.Pools[2].Unit = "apotek" },
		"unknown kind":      func(p *shu.Policy) { p.Pools[3].Kind = "bonus" },
		"heading account":   func(p *shu.Policy) { p.Pools[3].Account = "2-1" },
		"no capital":        func(p *shu.Policy) { p.Capital = nil },
		"capital twice":     func(p *shu.Policy) { p.Capital = []savings.Product{savings.Pokok, savings.Pokok} },
		"unknown measure":   func(p *shu.Policy) { p.Measure = "median" },
		"rounding 50":       func(p *shu.Policy) { p.Rounding = rp(50) },
		"unknown residue":   func(p *shu.Policy) { p.ResidueAccount = "9-9999" },
		"non-member 101":    func(p *shu.Policy) { p.NonMemberToReserve = decimal.NewFromInt(101) },
		"exited maybe":      func(p *shu.Policy) { p.Exited = "maybe" },
		"quorum 0":          func(p *shu.Policy) { p.Quorum = decimal.Zero },
		"quorum above 1":    func(p *shu.Policy) { p.Quorum = decimal.RequireFromString("1.5") },
		"no pools":          func(p *shu.Policy) { p.Pools = nil },
		"five decimal pct":  func(p *shu.Policy) { p.Pools[1].Percent = decimal.RequireFromString("14.99999") },
		"sum 99.99 by pool": func(p *shu.Policy) { p.Pools[1].Percent = decimal.RequireFromString("14.99") },
	}
	for name, edit := range cases {
		t.Run(name, func(t *testing.T) {
			p := shu.Default()
			p.Pools = append([]shu.Pool(nil), p.Pools...)
			edit(&p)
			err := p.Validate(chart, 0)
			require.Error(t, err)
			var in *input.Error
			if !errors.As(err, &in) {
				require.ErrorAs(t, err, &sum)
			}
		})
	}
}

func TestNoSurplusIsRefused(t *testing.T) {
	f := worked()
	f.BeforeTax = rp(5_000_000) // after tax: zero
	_, err := shu.Compute(shu.Default(), f)
	require.ErrorIs(t, err, shu.ErrNoSurplus)
}

// The non-member part is bounded by the SHU: a loss on business with
// non-members leaves the whole SHU after tax to the members' pools; a
// non-member surplus beyond the whole SHU leaves the members nothing and
// sends the SHU to reserves. Either way the pools and what is kept back
// make the SHU after tax exactly.
func TestNonMemberPartWithinTheSHU(t *testing.T) {
	for _, nonMember := range []int64{-400_000_000, -1, 0, 10_000_000, 200_000_000, 250_000_000} {
		f := worked()
		f.NonMember = rp(nonMember)
		r, err := shu.Compute(shu.Default(), f)
		require.NoError(t, err, nonMember)
		total := r.Retained
		for _, pool := range r.Pools {
			total = total.Add(pool.Amount)
		}
		assert.Equal(t, r.AfterTax.String(), total.String(), "non-member %d", nonMember)
		assert.False(t, r.MemberPart.IsNegative())
		assert.True(t, r.MemberPart.Cmp(r.AfterTax) <= 0)
	}
	f := worked()
	f.NonMember = rp(-400_000_000)
	r, _ := shu.Compute(shu.Default(), f)
	assert.Equal(t, "200000000", r.MemberPart.String())
	f.NonMember = rp(250_000_000)
	r, _ = shu.Compute(shu.Default(), f)
	assert.True(t, r.MemberPart.IsZero())
	assert.Equal(t, "200000000", r.NonMemberReserve.String())
	assert.True(t, r.Paid().IsZero())
}

func TestExitedMembersByPolicy(t *testing.T) {
	f := worked()
	f.Members[1].Exited = calendar.MustNew(2025, time.June, 30)
	p := shu.Default()
	r, err := shu.Compute(p, f)
	require.NoError(t, err)
	assert.Equal(t, "161170", r.Payouts[1].Total.String())
	p.Exited = shu.Excluded
	r, err = shu.Compute(p, f)
	require.NoError(t, err)
	assert.True(t, r.Payouts[1].Total.IsZero())
	// Budi's share is not lost: it raises everyone else's.
	assert.Equal(t, "948700000", r.Pools[1].Basis.String())
}

func TestRoundingUnitAndResidue(t *testing.T) {
	p := shu.Default()
	p.Rounding = rp(1000)
	r, err := shu.Compute(p, worked())
	require.NoError(t, err)
	assert.Equal(t, "407000", r.Payouts[0].Total.String()) // 75,000 + 332,000
	assert.Equal(t, "161000", r.Payouts[1].Total.String()) // 39,000 + 122,000
	for _, pool := range r.Pools[1:3] {
		assert.Equal(t, pool.Amount.String(), pool.Paid.Add(pool.Residue).String(), pool.Key)
		for _, pay := range r.Payouts {
			assert.True(t, pay.Total.IsMultipleOf(rp(1000)))
		}
	}
}

// Property: for random members, bases, surpluses, policies and rounding
// units, every pool is exactly its payouts plus its residue, the pools
// sum to the member part, nobody gets a negative amount, a zero basis
// gets zero, the residue of a pool is less than one rounding unit per
// member with a basis, and each payout is the exact share rounded down
// (recomputed independently with big.Rat).
func TestPropertyPayoutsAndResidueMakeEachPool(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 2025))
	for iter := range 300 {
		n := 1 + rng.IntN(60)
		f := shu.Figures{Year: 2025, CapitalDivisor: 1, Tax: rp(rng.Int64N(1_000_000))}
		f.BeforeTax = f.Tax.Add(rp(1 + rng.Int64N(2_000_000_000)))
		f.NonMember = rp(rng.Int64N(f.BeforeTax.Sub(f.Tax).Decimal().IntPart() + 1))
		for i := range n {
			m := shu.Member{ID: string(rune('A'+i%26)) + string(rune('a'+i/26)), Capital: rp(0), Patronage: []money.Amount{rp(0), rp(0)}}
			if rng.IntN(5) > 0 {
				m.Capital = rp(rng.Int64N(50_000_000))
			}
			for k := range m.Patronage {
				if rng.IntN(3) > 0 {
					m.Patronage[k] = rp(rng.Int64N(10_000_000))
				}
			}
			f.Members = append(f.Members, m)
		}
		p := shu.Default()
		p.Pools = append([]shu.Pool(nil), p.Pools...)
		p.Pools[5].Kind, p.Pools[5].Basis, p.Pools[5].Unit = shu.Patronage, shu.Purchases, "toko"
		p.Rounding = rp([]int64{1, 100, 1000}[rng.IntN(3)])
		p.NonMemberToReserve = decimal.NewFromInt(rng.Int64N(101))
		require.NoError(t, p.Validate(chart, 0))

		r, err := shu.Compute(p, f)
		require.NoError(t, err, "iteration %d", iter)
		sum := money.Zero()
		k := 0
		for _, pool := range r.Pools {
			sum = sum.Add(pool.Amount)
			if pool.Kind != shu.Capital && pool.Kind != shu.Patronage {
				require.True(t, pool.Paid.IsZero() && pool.Residue.IsZero())
				continue
			}
			require.Equal(t, pool.Amount.String(), pool.Paid.Add(pool.Residue).String(), "iteration %d pool %s", iter, pool.Key)
			require.False(t, pool.Residue.IsNegative())
			paid := money.Zero()
			withBasis := int64(0)
			for _, pay := range r.Payouts {
				basis, got := pay.Capital, pay.JasaModal
				if pool.Kind == shu.Patronage {
					basis, got = pay.Patronage[k], pay.JasaUsaha[k]
				}
				require.False(t, got.IsNegative())
				if basis.IsZero() {
					require.True(t, got.IsZero(), "a zero basis got %s", got)
					continue
				}
				withBasis++
				exact := new(big.Rat).Quo(new(big.Rat).Mul(basis.Decimal().Rat(), pool.Amount.Decimal().Rat()), pool.Basis.Decimal().Rat())
				units := new(big.Rat).Quo(exact, p.Rounding.Decimal().Rat())
				floor := new(big.Int).Quo(units.Num(), units.Denom())
				require.Equal(t, new(big.Int).Mul(floor, p.Rounding.Decimal().BigInt()).String(), got.String())
				paid = paid.Add(got)
			}
			require.Equal(t, pool.Paid.String(), paid.String())
			if pool.Basis.IsPositive() {
				bound := money.FromDecimal(decimal.NewFromInt(withBasis).Mul(p.Rounding.Decimal()))
				require.Negative(t, pool.Residue.Cmp(bound), "iteration %d: residue %s for %d members", iter, pool.Residue, withBasis)
			}
			if pool.Kind == shu.Patronage {
				k++
			}
		}
		require.Equal(t, r.MemberPart.Add(r.NonMemberReserve).String(), sum.String(), "iteration %d", iter)
		require.Equal(t, r.AfterTax.String(), r.MemberPart.Add(r.NonMemberReserve).Add(r.Retained).String())
	}
}

// A basis below zero is none: it gets nothing and does not swell the
// others' shares beyond the pool.
func TestNegativeBasisSharesNothing(t *testing.T) {
	f := worked()
	f.Members[1].Patronage[0] = rp(-1_000_000)
	r, err := shu.Compute(shu.Default(), f)
	require.NoError(t, err)
	ju := r.Pools[2]
	assert.True(t, r.Payouts[1].JasaUsaha[0].IsZero())
	assert.Equal(t, ju.Amount.String(), ju.Paid.Add(ju.Residue).String())
	assert.False(t, ju.Residue.IsNegative())
	assert.Equal(t, rp(480_000_000-1_234_567).String(), ju.Basis.String(), "the total counts positive bases only")
}
