package ledger

import (
	"math"

	"github.com/shopspring/decimal"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/money"
)

// Running is an account's balance by day. Add records a change from a day
// on; Lowest answers the lowest end-of-day balance from a day on, which is
// what a payment dated that day may not exceed: a backdated payment must
// not leave any later day below zero either. Both take time logarithmic in
// the number of days covered, so an import of a million backdated rows
// stays fast. The zero value is an empty account.
//
// Amounts are kept exactly. While every change is a whole number of the
// currency's smallest unit and the sums stay far from the limits of
// int64, the days are summed as integers of that unit; otherwise as
// decimals. The answers are the same either way.
type Running struct {
	base  int32 // ordinal of the first day covered
	size  int32 // days covered, a power of two; 0 when nothing was added
	final money.Amount
	// Integer mode: amounts are units of 10^exp; bound is the sum of the
	// absolute values of every change, which bounds every node.
	exp   int32
	bound int64
	ints  tree[units]
	// Decimal mode, once an amount does not fit the integer mode.
	decimals bool
	decs     tree[amount]
}

// units is an amount in integer units of 10^exp.
type units int64

func (a units) plus(b units) units { return a + b }
func (a units) less(b units) bool  { return a < b }

// amount is an amount in decimal mode.
type amount struct{ money.Amount }

func (a amount) plus(b amount) amount { return amount{a.Add(b.Amount)} }
func (a amount) less(b amount) bool   { return a.Cmp(b.Amount) < 0 }

// maxBound keeps integer sums far from overflow.
const maxBound = math.MaxInt64 / 4

// Add records change on day d and every day after.
func (r *Running) Add(d calendar.Date, change money.Amount) {
	if change.IsZero() {
		return
	}
	if r.size == 0 {
		r.exp = min(change.Decimal().Exponent(), 0)
	}
	r.cover(d.Ordinal())
	r.final = r.final.Add(change)
	at := d.Ordinal() - r.base
	if !r.decimals {
		if u, ok := r.toUnits(change); ok {
			r.ints.add(1, 0, r.size, at, u)
			return
		}
		r.toDecimals()
	}
	r.decs.add(1, 0, r.size, at, amount{change})
}

// toUnits converts change to integer units, or reports that the integer
// mode cannot hold it.
func (r *Running) toUnits(change money.Amount) (units, bool) {
	d := change.Decimal()
	shift := d.Exponent() - r.exp
	if shift < 0 || shift > 18 || d.NumDigits()+int(shift) > 18 {
		return 0, false
	}
	u := d.CoefficientInt64()
	for ; shift > 0; shift-- {
		u *= 10
	}
	abs := u
	if abs < 0 {
		abs = -abs
	}
	if abs > maxBound || r.bound > maxBound-abs {
		return 0, false
	}
	r.bound += abs
	return units(u), true
}

// toDecimals moves the tree to decimal mode.
func (r *Running) toDecimals() {
	leaves := r.ints.leaves(r.size)
	dec := make([]amount, len(leaves))
	for i, u := range leaves {
		dec[i] = amount{money.FromDecimal(decimal.New(int64(u), r.exp))}
	}
	r.decs = tree[amount]{nodes: make([]node[amount], 2*r.size)}
	r.decs.build(1, 0, r.size, dec)
	r.ints, r.decimals = tree[units]{}, true
}

// Balance returns the balance at the end of the latest day with a change.
func (r *Running) Balance() money.Amount { return r.final }

// Lowest returns the lowest end-of-day balance on d and every day after.
func (r *Running) Lowest(d calendar.Date) money.Amount {
	if r.size == 0 {
		return money.Zero()
	}
	at := d.Ordinal() - r.base
	if at >= r.size {
		return r.final
	}
	var low money.Amount
	if r.decimals {
		if at < 0 {
			low = r.decs.nodes[1].low.Amount
		} else {
			low = r.decs.lowest(1, 0, r.size, at).Amount
		}
	} else {
		var u units
		if at < 0 {
			u = r.ints.nodes[1].low
		} else {
			u = r.ints.lowest(1, 0, r.size, at)
		}
		low = money.FromDecimal(decimal.New(int64(u), r.exp))
	}
	if at < 0 {
		// The days before the first change have a zero balance.
		return money.Min(money.Zero(), low)
	}
	return low
}

// cover grows the days covered until they include day.
func (r *Running) cover(day int32) {
	if r.size == 0 {
		r.base, r.size = day, 1024
		r.ints = tree[units]{nodes: make([]node[units], 2*r.size)}
		return
	}
	if day >= r.base && day < r.base+r.size {
		return
	}
	base, size := r.base, r.size
	for day < base || day >= base+size {
		if day < base {
			base -= size
		}
		size *= 2
	}
	if r.decimals {
		r.decs = grow(r.decs, r.base, r.size, base, size, amount{money.Zero()}, amount{r.final})
	} else {
		r.ints = grow(r.ints, r.base, r.size, base, size, 0, r.ints.total(r.size))
	}
	r.base, r.size = base, size
}

// Clone returns a copy that later changes to r leave unchanged.
func (r *Running) Clone() Running {
	c := *r
	c.ints.nodes = append([]node[units](nil), r.ints.nodes...)
	c.decs.nodes = append([]node[amount](nil), r.decs.nodes...)
	return c
}

// value is what a tree sums: integer units or decimal amounts.
type value[T any] interface {
	plus(T) T
	less(T) bool
}

// tree is a segment tree over days: each node holds the lowest balance of
// its days and a change still to be passed down to its halves.
type tree[T value[T]] struct {
	nodes []node[T]
}

type node[T any] struct {
	low, pending T
}

func lower[T value[T]](a, b T) T {
	if b.less(a) {
		return b
	}
	return a
}

// add adds change to every day from `from` on within [lo, hi) of node n.
func (t *tree[T]) add(n, lo, hi, from int32, change T) {
	if from >= hi {
		return
	}
	if from <= lo {
		t.nodes[n].low = t.nodes[n].low.plus(change)
		t.nodes[n].pending = t.nodes[n].pending.plus(change)
		return
	}
	mid := (lo + hi) / 2
	t.add(2*n, lo, mid, from, change)
	t.add(2*n+1, mid, hi, from, change)
	t.nodes[n].low = lower(t.nodes[2*n].low, t.nodes[2*n+1].low).plus(t.nodes[n].pending)
}

// lowest returns the lowest balance from day `from` on within [lo, hi).
func (t *tree[T]) lowest(n, lo, hi, from int32) T {
	if from <= lo {
		return t.nodes[n].low
	}
	mid := (lo + hi) / 2
	low := t.lowest(2*n+1, mid, hi, from)
	if from < mid {
		low = lower(low, t.lowest(2*n, lo, mid, from))
	}
	return low.plus(t.nodes[n].pending)
}

// leaves returns the balance of every day of a tree over size days.
func (t *tree[T]) leaves(size int32) []T {
	out := make([]T, size)
	var walk func(n, lo, hi int32, carry T)
	walk = func(n, lo, hi int32, carry T) {
		if hi-lo == 1 {
			out[lo] = t.nodes[n].low.plus(carry)
			return
		}
		carry = carry.plus(t.nodes[n].pending)
		mid := (lo + hi) / 2
		walk(2*n, lo, mid, carry)
		walk(2*n+1, mid, hi, carry)
	}
	var zero T
	walk(1, 0, size, zero)
	return out
}

// total returns the balance of the last day of a tree over size days.
func (t *tree[T]) total(size int32) T {
	leaves := t.leaves(size)
	return leaves[len(leaves)-1]
}

func (t *tree[T]) build(n, lo, hi int32, leaf []T) {
	if hi-lo == 1 {
		t.nodes[n] = node[T]{low: leaf[lo]}
		return
	}
	mid := (lo + hi) / 2
	t.build(2*n, lo, mid, leaf)
	t.build(2*n+1, mid, hi, leaf)
	t.nodes[n] = node[T]{low: lower(t.nodes[2*n].low, t.nodes[2*n+1].low)}
}

// grow returns t, over the days from oldBase for oldSize, rebuilt over the
// days from base for size: days before the old ones have zero balance,
// days after them the final balance.
func grow[T value[T]](t tree[T], oldBase, oldSize, base, size int32, zero, final T) tree[T] {
	balances := t.leaves(oldSize)
	leaf := make([]T, size)
	for i := range leaf {
		switch at := base + int32(i) - oldBase; {
		case at < 0:
			leaf[i] = zero
		case at >= oldSize:
			leaf[i] = final
		default:
			leaf[i] = balances[at]
		}
	}
	grown := tree[T]{nodes: make([]node[T], 2*size)}
	grown.build(1, 0, size, leaf)
	return grown
}
