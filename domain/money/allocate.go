package money

import (
	"fmt"
	"math/big"
	"slices"

	"github.com/shopspring/decimal"
)

// Allocate splits pool into len(weights) shares proportional to weights, each
// a whole multiple of quantum, by the largest-remainder method: every share
// is first rounded down to quantum, then the quanta left over go one each to
// the shares with the largest remainders (ties to the earlier share). The
// shares sum to pool exactly.
//
// pool must be a non-negative multiple of quantum and weights non-negative
// with a positive sum; anything else is a programming error and panics.
// The arithmetic multiplies before it divides and divides exactly on
// integers, so no precision setting is involved.
func Allocate(pool Amount, weights []decimal.Decimal, quantum Amount) []Amount {
	shares, residue := allocateDown(pool, weights, quantum)
	left := units(residue, quantum).Int64()
	order := make([]int, len(shares.units))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int {
		return shares.remainders[j].Cmp(shares.remainders[i])
	})
	for k := int64(0); k < left; k++ {
		i := order[k]
		shares.units[i] = shares.units[i].Add(decimal.NewFromInt(1))
	}
	return shares.amounts(quantum)
}

// AllocateDown splits pool like Allocate but rounds every share down to
// quantum and returns what is left, the residue, instead of spreading it:
// the rule for SHU payouts, whose residue goes to a named account. The
// shares plus the residue sum to pool exactly.
func AllocateDown(pool Amount, weights []decimal.Decimal, quantum Amount) ([]Amount, Amount) {
	shares, residue := allocateDown(pool, weights, quantum)
	return shares.amounts(quantum), residue
}

// units returns a/quantum for an a that is a whole multiple of quantum,
// dividing exactly (QuoRem at precision 0), never through decimal's
// package-wide division precision.
func units(a, quantum Amount) *big.Int {
	q, r := a.d.QuoRem(quantum.d, 0)
	if !r.IsZero() {
		panic(fmt.Sprintf("money: %s is not a multiple of %s", a, quantum))
	}
	return q.BigInt()
}

type split struct {
	units      []decimal.Decimal // whole quanta per share
	remainders []decimal.Decimal // numerators of what was rounded away
}

func (s split) amounts(quantum Amount) []Amount {
	out := make([]Amount, len(s.units))
	for i, u := range s.units {
		out[i] = Amount{d: u.Mul(quantum.d)}
	}
	return out
}

func allocateDown(pool Amount, weights []decimal.Decimal, quantum Amount) (split, Amount) {
	if !quantum.IsPositive() {
		panic(fmt.Sprintf("money: allocation quantum %s is not positive", quantum))
	}
	if pool.IsNegative() || !pool.IsMultipleOf(quantum) {
		panic(fmt.Sprintf("money: allocation pool %s is not a non-negative multiple of %s", pool, quantum))
	}
	total := decimal.Zero
	for i, w := range weights {
		if w.Sign() < 0 {
			panic(fmt.Sprintf("money: allocation weight %d is negative (%s)", i, w))
		}
		total = total.Add(w)
	}
	if total.Sign() <= 0 {
		panic("money: allocation weights sum to zero")
	}
	// Scale weights to integers so that every division below is an exact
	// integer division with a remainder.
	scale := int32(0)
	for _, w := range weights {
		if -w.Exponent() > scale {
			scale = -w.Exponent()
		}
	}
	factor := decimal.New(1, scale)
	totalInt := total.Mul(factor).BigInt()
	poolUnits := units(pool, quantum)

	s := split{units: make([]decimal.Decimal, len(weights)), remainders: make([]decimal.Decimal, len(weights))}
	given := decimal.Zero
	for i, w := range weights {
		num := w.Mul(factor).BigInt()
		num.Mul(num, poolUnits)
		q, r := num.QuoRem(num, totalInt, new(big.Int))
		s.units[i] = decimal.NewFromBigInt(q, 0)
		s.remainders[i] = decimal.NewFromBigInt(r, 0)
		given = given.Add(s.units[i])
	}
	residue := Amount{d: decimal.NewFromBigInt(poolUnits, 0).Sub(given).Mul(quantum.d)}
	return s, residue
}
