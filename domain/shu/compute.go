package shu

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/shopspring/decimal"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/money"
)

// Member is one member's bases for the year.
type Member struct {
	ID   string
	Name string
	// Capital is the member's capital weight: the balance at the year's
	// end, the sum of the twelve month-end balances, or the sum of every
	// day's balance, by the policy's measure. Dividing by the figures'
	// CapitalDivisor gives the capital basis in rupiah; the shares are
	// computed on the weights, so no average is ever rounded.
	Capital money.Amount
	// Patronage holds the member's basis for each patronage pool, in the
	// order of the policy's pools.
	Patronage []money.Amount
	// Exited is the date the member left, zero for a member still in.
	Exited calendar.Date
}

// Figures are what a computation starts from: the year's results, read
// from the closed books, and every member's bases.
type Figures struct {
	Year      int
	BeforeTax money.Amount // SHU sebelum pajak
	Tax       money.Amount // pajak penghasilan
	// NonMember is the part of the SHU after tax from business with
	// non-members (domain.md §3.2).
	NonMember money.Amount
	// CapitalDivisor turns a capital weight into rupiah: 1 at the year's
	// end, 12 for month-ends, the days of the year for a daily average.
	CapitalDivisor int64
	Members        []Member
	Places         int32
}

// PoolResult is one pool's amount and what its members were paid.
type PoolResult struct {
	Pool
	// Amount is the pool: its percentage of the member part, plus for the
	// reserve the non-member SHU sent to reserves.
	Amount money.Amount
	// Basis is the total of the members' bases, Paid the sum of their
	// payouts and Residue what rounding left; for a pool not paid to
	// members all three are zero.
	Basis   money.Amount
	Paid    money.Amount
	Residue money.Amount
}

// Payout is one member's share.
type Payout struct {
	Member string
	Name   string
	// Capital is the capital weight (see Member.Capital) and JasaModal
	// the jasa modal paid on it.
	Capital   money.Amount
	JasaModal money.Amount
	// Patronage and JasaUsaha hold, per patronage pool in the policy's
	// order, the basis and the jasa usaha paid on it.
	Patronage []money.Amount
	JasaUsaha []money.Amount
	// Total is what the member receives.
	Total  money.Amount
	Exited calendar.Date
}

// Result is a computation's outcome.
type Result struct {
	AfterTax money.Amount
	// MemberPart is the SHU after tax less the non-member part: what the
	// pools share.
	MemberPart money.Amount
	// NonMemberReserve is the non-member SHU that goes to reserves (part
	// of the reserve pool's Amount) and Retained the rest of it, left
	// undistributed.
	NonMemberReserve money.Amount
	Retained         money.Amount
	Pools            []PoolResult
	Payouts          []Payout
}

// Residue returns the rounding residue of every pool together.
func (r Result) Residue() money.Amount {
	total := money.Zero()
	for _, p := range r.Pools {
		total = total.Add(p.Residue)
	}
	return total
}

// Paid returns what the members receive together.
func (r Result) Paid() money.Amount {
	total := money.Zero()
	for _, p := range r.Payouts {
		total = total.Add(p.Total)
	}
	return total
}

// ErrNoSurplus refuses to distribute a year without a surplus for the
// members to share.
var ErrNoSurplus = errors.New("shu: the year has no surplus to distribute")

// NoSurplusError carries the figures of a year without a surplus.
type NoSurplusError struct {
	Year                 int
	AfterTax, MemberPart money.Amount
}

func (e *NoSurplusError) Error() string {
	return fmt.Sprintf("shu: %d: SHU after tax %s, member part %s: nothing to distribute", e.Year, e.AfterTax, e.MemberPart)
}

func (e *NoSurplusError) Unwrap() error { return ErrNoSurplus }

// Compute distributes the year's SHU by the policy (domain.md §3.2–3.4).
// The pools split the member part by largest remainder, so they sum to
// it exactly; within a capital or patronage pool each member's share is
// basis × pool ÷ total basis, multiplied before it is divided and rounded
// down to the policy's unit, and what rounding leaves is the pool's
// residue. A member with no basis gets nothing; when nobody has a basis
// the whole pool is residue.
func Compute(p Policy, f Figures) (Result, error) {
	unit := money.Unit(f.Places)
	r := Result{AfterTax: f.BeforeTax.Sub(f.Tax), NonMemberReserve: money.Zero(), Retained: money.Zero()}
	if !r.AfterTax.IsPositive() {
		return Result{}, &NoSurplusError{Year: f.Year, AfterTax: r.AfterTax, MemberPart: r.AfterTax}
	}
	// The part of the SHU from business with non-members, within what
	// there is to share: a loss on that business is borne by the SHU
	// after tax already, and a surplus beyond the whole SHU (the members'
	// business lost money) leaves the members' part at zero.
	nonMember := f.NonMember
	if nonMember.IsNegative() {
		nonMember = money.Zero()
	}
	if nonMember.Cmp(r.AfterTax) > 0 {
		nonMember = r.AfterTax
	}
	r.MemberPart = r.AfterTax.Sub(nonMember)
	if nonMember.IsPositive() {
		parts := money.Allocate(nonMember, []decimal.Decimal{p.NonMemberToReserve, decimal.NewFromInt(100).Sub(p.NonMemberToReserve)}, unit)
		r.NonMemberReserve, r.Retained = parts[0], parts[1]
	}
	weights := make([]decimal.Decimal, len(p.Pools))
	for i, pool := range p.Pools {
		weights[i] = pool.Percent
	}
	amounts := make([]money.Amount, len(p.Pools))
	if r.MemberPart.IsPositive() {
		amounts = money.Allocate(r.MemberPart, weights, unit)
	} else {
		for i := range amounts {
			amounts[i] = money.Zero()
		}
	}

	eligible := func(m Member) bool {
		if m.Exited.IsZero() || p.Exited == Eligible {
			return true
		}
		return false
	}
	r.Payouts = make([]Payout, len(f.Members))
	patronage := 0
	for _, pool := range p.Pools {
		if pool.Kind == Patronage {
			patronage++
		}
	}
	for i, m := range f.Members {
		if len(m.Patronage) != patronage {
			return Result{}, fmt.Errorf("shu: member %s has %d patronage bases for %d patronage pools", m.ID, len(m.Patronage), patronage)
		}
		if m.Capital.IsNegative() {
			return Result{}, fmt.Errorf("shu: member %s has a negative capital weight %s", m.ID, m.Capital)
		}
		r.Payouts[i] = Payout{
			Member: m.ID, Name: m.Name, Exited: m.Exited, Total: money.Zero(),
			Capital: money.Zero(), JasaModal: money.Zero(),
			Patronage: make([]money.Amount, patronage), JasaUsaha: make([]money.Amount, patronage),
		}
		if eligible(m) {
			r.Payouts[i].Capital = m.Capital
		}
		for k := range patronage {
			r.Payouts[i].Patronage[k], r.Payouts[i].JasaUsaha[k] = money.Zero(), money.Zero()
			if eligible(m) {
				r.Payouts[i].Patronage[k] = m.Patronage[k]
			}
		}
	}

	k := 0
	for i, pool := range p.Pools {
		res := PoolResult{Pool: pool, Amount: amounts[i], Basis: money.Zero(), Paid: money.Zero(), Residue: money.Zero()}
		switch pool.Kind {
		case Reserve:
			res.Amount = res.Amount.Add(r.NonMemberReserve)
		case Capital:
			bases := make([]money.Amount, len(r.Payouts))
			for j := range r.Payouts {
				bases[j] = r.Payouts[j].Capital
			}
			shares, total, residue := share(res.Amount, bases, p.Rounding, f.Places)
			for j := range r.Payouts {
				r.Payouts[j].JasaModal = r.Payouts[j].JasaModal.Add(shares[j])
			}
			res.Basis, res.Residue, res.Paid = total, residue, res.Amount.Sub(residue)
		case Patronage:
			bases := make([]money.Amount, len(r.Payouts))
			for j := range r.Payouts {
				bases[j] = r.Payouts[j].Patronage[k]
			}
			shares, total, residue := share(res.Amount, bases, p.Rounding, f.Places)
			for j := range r.Payouts {
				r.Payouts[j].JasaUsaha[k] = shares[j]
			}
			res.Basis, res.Residue, res.Paid = total, residue, res.Amount.Sub(residue)
			k++
		}
		r.Pools = append(r.Pools, res)
	}
	for j := range r.Payouts {
		total := r.Payouts[j].JasaModal
		for _, ju := range r.Payouts[j].JasaUsaha {
			total = total.Add(ju)
		}
		r.Payouts[j].Total = total
	}
	return r, nil
}

// share splits pool over bases: each share is basis × pool ÷ total,
// rounded down to a multiple of rounding, computed on integers of the
// currency's minor unit so that nothing is lost before the one rounding.
// It returns the shares, the total basis and the residue.
func share(pool money.Amount, bases []money.Amount, rounding money.Amount, places int32) ([]money.Amount, money.Amount, money.Amount) {
	shares := make([]money.Amount, len(bases))
	// Only positive bases share: a basis below zero is none, so the
	// shares of the others never exceed the pool.
	total := money.Zero()
	for _, b := range bases {
		if b.IsPositive() {
			total = total.Add(b)
		}
	}
	for i := range shares {
		shares[i] = money.Zero()
	}
	if !total.IsPositive() || !pool.IsPositive() {
		return shares, total, pool
	}
	// Bases may carry decimals (a capital weight never does, but a basis
	// in a currency with minor units does): scale them all to integers.
	scale := int32(0)
	for _, b := range bases {
		if e := -b.Decimal().Exponent(); e > scale {
			scale = e
		}
	}
	toInt := func(d decimal.Decimal, places int32) *big.Int {
		return d.Shift(places).BigInt()
	}
	totalInt := toInt(total.Decimal(), scale)
	poolMinor := toInt(pool.Decimal(), places)
	unitMinor := toInt(rounding.Decimal(), places)
	den := new(big.Int).Mul(totalInt, unitMinor)
	given := new(big.Int)
	num, q := new(big.Int), new(big.Int)
	for i, b := range bases {
		if b.Sign() <= 0 {
			continue
		}
		num.Mul(toInt(b.Decimal(), scale), poolMinor)
		q.Quo(num, den) // whole rounding units, rounded down
		q.Mul(q, unitMinor)
		given.Add(given, q)
		shares[i] = money.FromDecimal(decimal.NewFromBigInt(q, -places))
	}
	residue := pool.Sub(money.FromDecimal(decimal.NewFromBigInt(given, -places)))
	return shares, total, residue
}
