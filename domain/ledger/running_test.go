package ledger_test

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/money"
)

// runningModel is the naive statement of what Running answers: the change
// of every day, in millionths of the currency unit, so that the model's
// arithmetic is exact integer arithmetic and owes nothing to the code
// under test. Big integers hold amounts far beyond int64.
type runningModel map[int32]*big.Int

// micro is the model's unit: 10^-6.
const microExp = -6

func (m runningModel) add(d calendar.Date, change *big.Int) {
	if change.Sign() == 0 {
		return
	}
	if m[d.Ordinal()] == nil {
		m[d.Ordinal()] = new(big.Int)
	}
	m[d.Ordinal()].Add(m[d.Ordinal()], change)
}

func (m runningModel) clone() runningModel {
	c := make(runningModel, len(m))
	for k, v := range m {
		c[k] = new(big.Int).Set(v)
	}
	return c
}

// final is the balance after every change.
func (m runningModel) final() *big.Int {
	sum := new(big.Int)
	for _, v := range m {
		sum.Add(sum, v)
	}
	return sum
}

// endOfDay returns the change days in order and the balance at the end
// of each.
func (m runningModel) endOfDay() (days []int32, balances []*big.Int) {
	for day := range m {
		days = append(days, day)
	}
	slices.Sort(days)
	sum := new(big.Int)
	for _, day := range days {
		sum = new(big.Int).Add(sum, m[day])
		balances = append(balances, sum)
	}
	return days, balances
}

// lowest is the minimum end-of-day balance over day n and every later
// day, from the change days and their balances: zero before the first
// change, constant after the last. The balance only changes on change
// days, so the minimum is over day n itself and the change days after it.
func lowest(days []int32, balances []*big.Int, n int32) *big.Int {
	low := new(big.Int) // the balance of day n: zero before the first change
	for i, day := range days {
		if day <= n {
			low = balances[i]
		}
	}
	for i, day := range days {
		if day > n && balances[i].Cmp(low) < 0 {
			low = balances[i]
		}
	}
	return low
}

var (
	million = big.NewInt(1_000_000)
	hundred = big.NewInt(100)
)

// amount converts model units to an amount, with the fewest decimals of
// 0, 2 and 6 that hold it, so that Running adds amounts of different
// exponents.
func amount(v *big.Int) money.Amount {
	var q, r big.Int
	if q.QuoRem(v, million, &r); r.Sign() == 0 {
		return money.FromDecimal(decimal.NewFromBigInt(&q, 0))
	}
	if q.QuoRem(v, new(big.Int).Mul(hundred, hundred), &r); r.Sign() == 0 {
		return money.FromDecimal(decimal.NewFromBigInt(&q, -2))
	}
	return money.FromDecimal(decimal.NewFromBigInt(v, microExp))
}

// written returns v as an amount written with an exponent drawn at random
// from those that hold it exactly, from -6 to 2: 1.5 may come as 1.5,
// 1.50 or 1.500000, and 100 as 1E2. Running must answer the same
// whatever the exponents of the changes.
func written(rng *rand.Rand, v *big.Int) money.Amount {
	var exps []int32
	for e := int32(microExp); e <= 2; e++ {
		var r big.Int
		r.Rem(v, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(e-microExp)), nil))
		if r.Sign() == 0 {
			exps = append(exps, e)
		}
	}
	e := exps[rng.IntN(len(exps))]
	q := new(big.Int).Quo(v, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(e-microExp)), nil))
	return money.FromDecimal(decimal.NewFromBigInt(q, e))
}

// rupiah returns n whole units in model units.
func rupiah(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), million) }

// randomChange draws a change in model units: mostly whole rupiah and
// cents, sometimes zero, payments larger than receipts, and if exotic,
// millionths or amounts too large for 64-bit integers of the smallest
// unit.
func randomChange(rng *rand.Rand, exotic bool) *big.Int {
	k := rng.IntN(40)
	if !exotic && k >= 18 && k <= 21 {
		k = 39
	}
	switch {
	case k < 4:
		return new(big.Int) // a zero change changes nothing
	case k < 10:
		return rupiah(-rng.Int64N(1_000_000)) // payments larger than receipts
	case k < 18:
		return rupiah(rng.Int64N(2_000) - 1_000)
	case k == 18: // millionths
		return big.NewInt(rng.Int64N(2_000_000_000) - 1_000_000_000)
	case k == 19: // far beyond int64 in millionths, and in whole units
		v := new(big.Int).Mul(rupiah(rng.Int64N(1_000_000)+1), big.NewInt(1_000_000_000_000_000))
		if rng.IntN(2) == 0 {
			v.Neg(v)
		}
		return v
	case k == 20: // near the top of int64 in millionths
		return big.NewInt(rng.Int64N(1<<62) - 1<<61)
	case k == 21: // tenths and thousandths
		return big.NewInt((rng.Int64N(2_000_000) - 1_000_000) * 100)
	default: // cents
		return new(big.Int).Mul(big.NewInt(rng.Int64N(200_000)-100_000), new(big.Int).Mul(hundred, hundred))
	}
}

// checkRunning compares r with the model on every change day, the days
// either side of each, far before and after, and a few random days.
func checkRunning(t *testing.T, rng *rand.Rand, r *ledger.Running, m runningModel, step string) {
	t.Helper()
	require.Truef(t, amount(m.final()).Equal(r.Balance()), "%s: Balance %s, model %s", step, r.Balance(), amount(m.final()))
	days, balances := m.endOfDay()
	var queries []int32
	for _, d := range days {
		queries = append(queries, d-1, d, d+1)
	}
	if len(days) > 0 {
		first, last := days[0], days[len(days)-1]
		queries = append(queries, first-400, first-1, last+1, last+5000)
		for range 8 {
			queries = append(queries, first-30+rng.Int32N(last-first+61))
		}
	} else {
		queries = append(queries, 1, 45_000)
	}
	// Sample the queries when there are many days, to keep the test fast.
	if len(queries) > 60 {
		rng.Shuffle(len(queries), func(i, j int) { queries[i], queries[j] = queries[j], queries[i] })
		queries = queries[:60]
	}
	for _, q := range queries {
		if q < 1 {
			continue // before 1900-01-01: not a date
		}
		d := calendar.FromOrdinal(q)
		want := amount(lowest(days, balances, q))
		got := r.Lowest(d)
		require.Truef(t, want.Equal(got), "%s: Lowest(%s) = %s, model %s", step, d, got, want)
	}
}

// TestRunningAgainstModel is a property test: over many random sequences
// of changes, including backdated ones, dates far enough apart to make
// the covered days grow to the left and to the right, and amounts of
// every scale from millionths to far beyond int64, Running answers
// Balance and Lowest as the naive model does after every change.
// Clones taken along the way stay independent of the original.
func TestRunningAgainstModel(t *testing.T) {
	seeds := uint64(200)
	if testing.Short() {
		seeds = 40
	}
	for seed := range seeds {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 0x6c756d62756e67))
			start := calendar.MustNew(1990, time.January, 1).AddDays(rng.IntN(365 * 40))
			// A third of the sequences stay with whole rupiah and cents.
			exotic := seed%3 != 0
			var r ledger.Running
			m := runningModel{}
			var clones []*ledger.Running
			var cloneModels []runningModel
			steps := 1 + rng.IntN(120)
			for i := range steps {
				var d calendar.Date
				switch k := rng.IntN(20); {
				case k == 0: // years to the left: the covered days grow left
					d = start.AddDays(-rng.IntN(365 * 12))
				case k == 1: // years to the right: they grow right
					d = start.AddDays(rng.IntN(365 * 12))
				case k < 8: // backdated within a few weeks
					d = start.AddDays(-rng.IntN(40))
				default:
					d = start.AddDays(rng.IntN(40))
				}
				change := randomChange(rng, exotic)
				r.Add(d, written(rng, change))
				m.add(d, change)
				step := fmt.Sprintf("step %d: add %s on %s", i, amount(change), d)
				checkRunning(t, rng, &r, m, step)

				if len(clones) < 3 && rng.IntN(20) == 0 {
					c := r.Clone()
					clones = append(clones, &c)
					cloneModels = append(cloneModels, m.clone())
				}
				// Changes to clones and to the original do not leak into
				// each other.
				for j, c := range clones {
					if rng.IntN(3) == 0 {
						cd := start.AddDays(rng.IntN(200) - 100)
						if rng.IntN(10) == 0 {
							cd = start.AddDays(rng.IntN(365*12) - 365*6)
						}
						cc := randomChange(rng, exotic)
						c.Add(cd, written(rng, cc))
						cloneModels[j].add(cd, cc)
					}
				}
			}
			checkRunning(t, rng, &r, m, "original at the end")
			for j, c := range clones {
				checkRunning(t, rng, c, cloneModels[j], fmt.Sprintf("clone %d at the end", j))
			}
		})
	}
}

// TestRunningLargeSums adds changes that each fit 64-bit integers of the
// smallest unit but whose sums do not, in both directions, with the
// smallest unit set by the first change to a rupiah and to a millionth.
func TestRunningLargeSums(t *testing.T) {
	for _, first := range []*big.Int{rupiah(1), big.NewInt(1)} {
		for _, sign := range []int64{1, -1} {
			t.Run(fmt.Sprintf("first %s, sign %d", amount(first), sign), func(t *testing.T) {
				rng := rand.New(rand.NewPCG(uint64(sign+2), first.Uint64()))
				on := calendar.MustNew(2025, time.January, 1)
				var r ledger.Running
				m := runningModel{}
				add := func(d calendar.Date, v *big.Int) {
					r.Add(d, amount(v))
					m.add(d, v)
				}
				add(on, first)
				// 9E17 of the smallest unit: 18 digits each.
				large := new(big.Int).Mul(first, big.NewInt(900_000_000_000_000_000*sign))
				for i := range 24 {
					add(on.AddDays(1+i), large)
					checkRunning(t, rng, &r, m, fmt.Sprintf("large change %d", i))
				}
				add(on.AddDays(100), new(big.Int).Neg(large)) // and back, once
				add(on.AddDays(-5), big.NewInt(sign))         // backdated, with the smallest unit of all
				checkRunning(t, rng, &r, m, "at the end")
			})
		}
	}
}

func TestRunningZeroValue(t *testing.T) {
	var r ledger.Running
	assert.True(t, r.Balance().IsZero())
	assert.True(t, r.Lowest(calendar.MustNew(2025, time.June, 1)).IsZero())

	r.Add(calendar.MustNew(2025, time.June, 1), money.Zero())
	assert.True(t, r.Balance().IsZero(), "a zero change changes nothing")
	assert.True(t, r.Lowest(calendar.MustNew(1900, time.January, 1)).IsZero())
}

func TestRunningLowest(t *testing.T) {
	d := func(m time.Month, day int) calendar.Date { return calendar.MustNew(2025, m, day) }
	var r ledger.Running
	r.Add(d(time.March, 1), money.New(1_000_000)) // deposit
	r.Add(d(time.March, 10), money.New(-700_000)) // payment
	r.Add(d(time.April, 1), money.New(200_000))   // deposit
	r.Add(d(time.March, 5), money.New(-250_000))  // backdated payment

	tests := []struct {
		on   calendar.Date
		want string
	}{
		{d(time.January, 1), "0"},    // before any change: nothing yet
		{d(time.February, 28), "0"},  // the day before the first change
		{d(time.March, 1), "50000"},  // 1.000.000, 750.000, 50.000, 250.000: the lowest is 50.000
		{d(time.March, 5), "50000"},  // 750.000 then 50.000
		{d(time.March, 9), "50000"},  // still 750.000 on the 9th, then 50.000
		{d(time.March, 10), "50000"}, // 50.000 from the 10th
		{d(time.March, 31), "50000"}, // the last day before the deposit
		{d(time.April, 1), "250000"}, // after the last change
		{d(time.December, 31), "250000"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, r.Lowest(tt.on).String(), "Lowest(%s)", tt.on)
	}
	assert.Equal(t, "250000", r.Balance().String())

	// A backdated payment that leaves a later day below zero shows there.
	r.Add(d(time.February, 1), money.New(-100_000))
	assert.Equal(t, "-100000", r.Lowest(d(time.January, 1)).String())
	assert.Equal(t, "-100000", r.Lowest(d(time.February, 1)).String())
	assert.Equal(t, "-100000", r.Lowest(d(time.February, 2)).String())
	assert.Equal(t, "-50000", r.Lowest(d(time.March, 1)).String())
}

// TestRunningFarApart covers more than two centuries of days: the tree
// grows to the left and to the right many times.
func TestRunningFarApart(t *testing.T) {
	var r ledger.Running
	m := runningModel{}
	add := func(d calendar.Date, cents int64) {
		v := big.NewInt(cents * 10_000)
		r.Add(d, amount(v))
		m.add(d, v)
	}
	mid := calendar.MustNew(2025, time.June, 15)
	add(mid, 10_000)
	add(calendar.MustNew(2199, time.December, 31), -1_000)
	add(calendar.MustNew(1900, time.January, 1), 500)
	add(calendar.MustNew(1950, time.July, 1), -900)
	add(mid.AddDays(1), -9_000)
	add(calendar.MustNew(2100, time.February, 28), 2_000)

	rng := rand.New(rand.NewPCG(1, 2))
	checkRunning(t, rng, &r, m, "far apart")
	// End-of-day balances in minor units: 500 (1900), -400 (1950), 9600
	// and 600 (June 2025), 2600 (2100), 1600 (2199).
	assert.Equal(t, "-4", r.Lowest(calendar.MustNew(1900, time.January, 1)).String())
	assert.Equal(t, "-4", r.Lowest(calendar.MustNew(1950, time.July, 1)).String())
	assert.Equal(t, "6", r.Lowest(calendar.MustNew(2025, time.June, 16)).String())
	assert.Equal(t, "16", r.Lowest(calendar.MustNew(2100, time.February, 28)).String())
	assert.Equal(t, "16", r.Lowest(calendar.MustNew(2199, time.December, 31)).String())
	assert.Equal(t, "16", r.Lowest(calendar.MustNew(2200, time.January, 1)).String())
	assert.Equal(t, "16", r.Balance().String())
}

func TestRunningClone(t *testing.T) {
	on := calendar.MustNew(2025, time.January, 10)
	var r ledger.Running
	r.Add(on, money.New(1_000))
	c := r.Clone()

	r.Add(on.AddDays(1), money.New(-600))
	c.Add(on.AddDays(2), money.New(500))
	c.Add(on.AddDays(-20_000), money.New(7)) // grows the clone only

	assert.Equal(t, "400", r.Balance().String())
	assert.Equal(t, "400", r.Lowest(on).String())
	assert.Equal(t, "0", r.Lowest(on.AddDays(-20_000)).String())
	assert.Equal(t, "1507", c.Balance().String())
	assert.Equal(t, "1007", c.Lowest(on).String())
	assert.Equal(t, "7", c.Lowest(on.AddDays(-20_000)).String())

	var zero ledger.Running
	zc := zero.Clone()
	zc.Add(on, money.New(5))
	assert.True(t, zero.Balance().IsZero(), "a clone of the zero value is independent")
	assert.True(t, zero.Lowest(on).IsZero())
}
