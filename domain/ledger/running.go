package ledger

import (
	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/money"
)

// Running is an account's balance by day. Add records a change from a day
// on; Lowest answers the lowest end-of-day balance from a day on, which is
// what a payment dated that day may not exceed: a backdated payment must
// not leave any later day below zero either. Both take time logarithmic in
// the number of days covered, so an import of a million backdated rows
// stays fast. The zero value is an empty account.
type Running struct {
	base  int32 // ordinal of the first day covered
	size  int32 // days covered, a power of two; 0 when nothing was added
	nodes []node
	final money.Amount
}

// node is a segment of days: the lowest balance in it, and a change still
// to be passed down to its halves.
type node struct {
	low, pending money.Amount
}

// Add records change on day d and every day after.
func (r *Running) Add(d calendar.Date, change money.Amount) {
	if change.IsZero() {
		return
	}
	r.cover(d.Ordinal())
	r.final = r.final.Add(change)
	r.add(1, 0, r.size, d.Ordinal()-r.base, change)
}

// Balance returns the balance at the end of the latest day with a change.
func (r *Running) Balance() money.Amount { return r.final }

// Lowest returns the lowest end-of-day balance on d and every day after.
func (r *Running) Lowest(d calendar.Date) money.Amount {
	if r.size == 0 {
		return money.Zero()
	}
	at := d.Ordinal() - r.base
	switch {
	case at >= r.size:
		return r.final
	case at < 0:
		return money.Min(money.Zero(), r.nodes[1].low)
	}
	return r.lowest(1, 0, r.size, at)
}

// cover grows the days covered until they include day.
func (r *Running) cover(day int32) {
	if r.size == 0 {
		r.base, r.size = day, 1024
		r.nodes = make([]node, 2*r.size)
		return
	}
	if day >= r.base && day < r.base+r.size {
		return
	}
	balances := r.leaves()
	base, size := r.base, r.size
	for day < base || day >= base+size {
		if day < base {
			base -= size
		}
		size *= 2
	}
	grown := Running{base: base, size: size, nodes: make([]node, 2*size), final: r.final}
	leaf := make([]money.Amount, size)
	for i := range leaf {
		switch at := base + int32(i) - r.base; {
		case at < 0:
			leaf[i] = money.Zero()
		case at >= r.size:
			leaf[i] = r.final
		default:
			leaf[i] = balances[at]
		}
	}
	grown.build(1, 0, size, leaf)
	*r = grown
}

// leaves returns the balance of every day covered.
func (r *Running) leaves() []money.Amount {
	out := make([]money.Amount, r.size)
	var walk func(n, lo, hi int32, carry money.Amount)
	walk = func(n, lo, hi int32, carry money.Amount) {
		if hi-lo == 1 {
			out[lo] = r.nodes[n].low.Add(carry)
			return
		}
		carry = carry.Add(r.nodes[n].pending)
		mid := (lo + hi) / 2
		walk(2*n, lo, mid, carry)
		walk(2*n+1, mid, hi, carry)
	}
	walk(1, 0, r.size, money.Zero())
	return out
}

func (r *Running) build(n, lo, hi int32, leaf []money.Amount) {
	if hi-lo == 1 {
		r.nodes[n] = node{low: leaf[lo]}
		return
	}
	mid := (lo + hi) / 2
	r.build(2*n, lo, mid, leaf)
	r.build(2*n+1, mid, hi, leaf)
	r.nodes[n] = node{low: money.Min(r.nodes[2*n].low, r.nodes[2*n+1].low)}
}

// add adds change to every day from `from` on within the segment
// [lo, hi) of node n.
func (r *Running) add(n, lo, hi, from int32, change money.Amount) {
	if from >= hi {
		return
	}
	if from <= lo {
		r.nodes[n].low = r.nodes[n].low.Add(change)
		r.nodes[n].pending = r.nodes[n].pending.Add(change)
		return
	}
	mid := (lo + hi) / 2
	r.add(2*n, lo, mid, from, change)
	r.add(2*n+1, mid, hi, from, change)
	r.nodes[n].low = money.Min(r.nodes[2*n].low, r.nodes[2*n+1].low).Add(r.nodes[n].pending)
}

// lowest returns the lowest balance from day `from` on within [lo, hi).
func (r *Running) lowest(n, lo, hi, from int32) money.Amount {
	if from <= lo {
		return r.nodes[n].low
	}
	mid := (lo + hi) / 2
	low := r.lowest(2*n+1, mid, hi, from)
	if from < mid {
		low = money.Min(low, r.lowest(2*n, lo, mid, from))
	}
	return low.Add(r.nodes[n].pending)
}

// Clone returns a copy that later changes to r leave unchanged.
func (r *Running) Clone() Running {
	c := *r
	c.nodes = append([]node(nil), r.nodes...)
	return c
}
