// Package participation folds what each member of a cooperative brought
// to it: their capital (pokok, wajib, sukarela) with the date of every
// change, the loan interest they paid and the principal they borrowed,
// and their purchases from the shop units. It is what the bases of jasa
// modal and jasa usaha are measured from (domain.md §3.4).
//
// The projection holds every cooperative of the store and is kept live by
// the service, with snapshots. It is a pure fold and not safe for
// concurrent use.
package participation

import (
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/domain/shu"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/projector"
)

// Name and Version identify the projection's snapshots.
const (
	Name    = "participation"
	Version = 1
)

// Projection is the fold of every cooperative.
type Projection struct {
	coops map[string]*Fold
}

// New returns an empty projection.
func New() *Projection { return &Projection{coops: map[string]*Fold{}} }

// Name returns the projection's name.
func (p *Projection) Name() string { return Name }

// Version returns the projection's version.
func (p *Projection) Version() int { return Version }

// Coop returns a cooperative's members' participation; an empty one when
// it has none.
func (p *Projection) Coop(coop string) *Fold {
	if f, ok := p.coops[coop]; ok {
		return f
	}
	return newFold()
}

// Apply folds one event in.
func (p *Projection) Apply(e codec.Event) {
	f, ok := p.coops[e.Coop]
	if !ok {
		f = newFold()
		p.coops[e.Coop] = f
	}
	f.apply(e)
}

// Fold is one cooperative's members' participation.
type Fold struct {
	members map[string]*memberFold
	loans   map[string]string // loan id → member
	sales   map[string]sale   // reference → a member's purchase
	// unit is the business unit loans belong to: the chart's default.
	unit string
}

// sale is a member's purchase, kept by reference for its reversal.
type sale struct {
	member, unit string
	amount       money.Amount
}

// flow is a dated amount of one unit.
type flow struct {
	on     calendar.Date
	unit   string
	amount money.Amount
}

type memberFold struct {
	name      string
	admitted  calendar.Date
	exited    calendar.Date
	capital   [3][]shu.Change // by savings product: pokok, wajib, sukarela
	interest  []flow
	principal []flow
	purchases []flow
}

func newFold() *Fold {
	return &Fold{members: map[string]*memberFold{}, loans: map[string]string{}, sales: map[string]sale{}, unit: ledger.DefaultUnitCode}
}

func index(p savings.Product) int {
	switch p {
	case savings.Pokok:
		return 0
	case savings.Wajib:
		return 1
	}
	return 2
}

func (m *memberFold) change(p savings.Product, on calendar.Date, a money.Amount) {
	i := index(p)
	m.capital[i] = append(m.capital[i], shu.Change{On: on, Amount: a})
}

func (f *Fold) apply(e codec.Event) {
	switch ev := e.Payload.(type) {
	case cooperative.ChartAdopted:
		f.unit = ledger.NewChart(ev.Accounts, ev.Units).DefaultUnit().Code
	case cooperative.SaleRecorded:
		if ev.Member != "" {
			m := f.member(ev.Member)
			m.purchases = append(m.purchases, flow{on: ev.On, unit: ev.Unit, amount: ev.Amount})
			f.sales[ev.Ref] = sale{member: ev.Member, unit: ev.Unit, amount: ev.Amount}
		}
	case cooperative.JournalReversed:
		// The reversal of a member's purchase takes it out of their
		// purchases on the reversal's date.
		if s, ok := f.sales[ev.Ref]; ok {
			m := f.member(s.member)
			m.purchases = append(m.purchases, flow{on: ev.On, unit: s.unit, amount: s.amount.Neg()})
			delete(f.sales, ev.Ref)
		}
	case member.Admitted:
		m := f.member(string(ev.Member))
		m.name, m.admitted = ev.Name, ev.On
	case savings.Deposited:
		f.streamMember(e).change(ev.Product, ev.On, ev.Amount)
	case savings.Withdrawn:
		f.streamMember(e).change(ev.Product, ev.On, ev.Amount.Neg())
	case savings.Reversed:
		f.streamMember(e).change(ev.Product, ev.On, ev.Change())
	case member.SHUReceived:
		if ev.To == string(savings.Sukarela) {
			f.streamMember(e).change(savings.Sukarela, ev.On, ev.Amount)
		}
	case member.ExitSettled:
		m := f.streamMember(e)
		for _, p := range savings.Products() {
			if r := ev.Refund(p); !r.IsZero() {
				m.change(p, ev.On, r.Neg())
			}
		}
		m.exited = ev.On
	case loan.Applied:
		f.loans[string(ev.Loan)] = ev.Member
	case loan.Disbursed:
		if m := f.loanMember(e); m != nil {
			lent := money.Zero()
			for _, in := range ev.Schedule {
				lent = lent.Add(in.Principal)
			}
			m.principal = append(m.principal, flow{on: ev.On, unit: f.unit, amount: lent})
		}
	case loan.Repaid:
		f.interestPaid(e, ev.Parts, ev.On)
	case loan.SettledByExit:
		f.interestPaid(e, ev.Parts, ev.On)
	}
}

func (f *Fold) interestPaid(e codec.Event, parts []loan.Part, on calendar.Date) {
	m := f.loanMember(e)
	if m == nil {
		return
	}
	_, interest, _ := loan.Totals(parts)
	if interest.IsPositive() {
		m.interest = append(m.interest, flow{on: on, unit: f.unit, amount: interest})
	}
}

func (f *Fold) member(id string) *memberFold {
	m, ok := f.members[id]
	if !ok {
		m = &memberFold{}
		f.members[id] = m
	}
	return m
}

func (f *Fold) streamMember(e codec.Event) *memberFold {
	_, id, ok := codec.ParseMemberStream(e.Stream)
	if !ok {
		panic(fmt.Sprintf("participation: %T in stream %q", e.Payload, e.Stream))
	}
	return f.member(id)
}

func (f *Fold) loanMember(e codec.Event) *memberFold {
	_, id, ok := codec.ParseLoanStream(e.Stream)
	if !ok {
		panic(fmt.Sprintf("participation: %T in stream %q", e.Payload, e.Stream))
	}
	who, ok := f.loans[id]
	if !ok {
		return nil
	}
	return f.member(who)
}

// Members returns, in member id order, every member admitted on or
// before the year's last day and not gone before its first, with their
// bases for the year under policy p: the capital weight by p's measure
// (with the divisor that turns it into rupiah), and per patronage pool of
// p the sum of the member's flows of the pool's basis dated in the year,
// of the pool's unit or of every unit.
func (f *Fold) Members(year int, p shu.Policy) ([]shu.Member, int64) {
	first, last := calendar.MustNew(year, 1, 1), calendar.MustNew(year, 12, 31)
	divisor := int64(1)
	var out []shu.Member
	for _, id := range slices.Sorted(maps.Keys(f.members)) {
		m := f.members[id]
		if m.admitted.IsZero() || m.admitted.After(last) || (!m.exited.IsZero() && m.exited.Before(first)) {
			continue
		}
		var changes []shu.Change
		for _, product := range p.Capital {
			changes = append(changes, m.capital[index(product)]...)
		}
		var weight money.Amount
		weight, divisor = shu.Weight(changes, year, p.Measure)
		sm := shu.Member{ID: id, Name: m.name, Capital: weight, Exited: m.exited}
		if !m.exited.IsZero() && m.exited.After(last) {
			sm.Exited = calendar.Date{}
		}
		for _, pool := range p.Pools {
			if pool.Kind != shu.Patronage {
				continue
			}
			flows := m.interest
			switch pool.Basis {
			case shu.PrincipalBorrowed:
				flows = m.principal
			case shu.Purchases:
				flows = m.purchases
			}
			sum := money.Zero()
			for _, fl := range flows {
				if fl.on.Before(first) || fl.on.After(last) || (pool.Unit != "" && fl.unit != pool.Unit) {
					continue
				}
				sum = sum.Add(fl.amount)
			}
			// A purchase of an earlier year reversed in this one can make
			// the year's sum negative: a basis is never below zero.
			if sum.IsNegative() {
				sum = money.Zero()
			}
			sm.Patronage = append(sm.Patronage, sum)
		}
		if sm.Patronage == nil {
			sm.Patronage = []money.Amount{}
		}
		out = append(out, sm)
	}
	if len(out) == 0 {
		_, divisor = shu.Weight(nil, year, p.Measure)
	}
	return out, divisor
}

// Active returns, in id order, the members at the end of on: admitted on
// or before it, and not exited on or before it.
func (f *Fold) Active(on calendar.Date) []string {
	var out []string
	for _, id := range slices.Sorted(maps.Keys(f.members)) {
		m := f.members[id]
		if m.admitted.IsZero() || m.admitted.After(on) || (!m.exited.IsZero() && !m.exited.After(on)) {
			continue
		}
		out = append(out, id)
	}
	return out
}

// Count is the members at a date and how they changed over a period.
type Count struct {
	Start, Admitted, Exited, End int
}

// Counts returns the members at the end of the day before from, those
// admitted and those exited from..to, and the members at the end of to.
func (f *Fold) Counts(from, to calendar.Date) Count {
	var c Count
	before := from.AddDays(-1)
	for _, m := range f.members {
		if m.admitted.IsZero() {
			continue
		}
		in := func(d calendar.Date) bool { return !d.IsZero() && !d.Before(from) && !d.After(to) }
		active := func(d calendar.Date) bool {
			return !m.admitted.After(d) && (m.exited.IsZero() || m.exited.After(d))
		}
		if active(before) {
			c.Start++
		}
		if in(m.admitted) {
			c.Admitted++
		}
		if in(m.exited) {
			c.Exited++
		}
		if active(to) {
			c.End++
		}
	}
	return c
}

var magic = []byte("lumbung.participation.1\n")

// MarshalBinary encodes the projection for a snapshot, in a canonical
// order: the same state always gives the same bytes.
func (p *Projection) MarshalBinary() ([]byte, error) {
	w := &projector.Writer{Buf: append([]byte(nil), magic...)}
	ids := slices.Sorted(maps.Keys(p.coops))
	w.Uvarint(uint64(len(ids)))
	flows := func(list []flow) {
		w.Uvarint(uint64(len(list)))
		for _, fl := range list {
			w.Date(fl.on)
			w.Str(fl.unit)
			w.Amount(fl.amount)
		}
	}
	for _, id := range ids {
		f := p.coops[id]
		w.Str(id)
		w.Str(f.unit)
		members := slices.Sorted(maps.Keys(f.members))
		w.Uvarint(uint64(len(members)))
		for _, mid := range members {
			m := f.members[mid]
			w.Str(mid)
			w.Str(m.name)
			w.Date(m.admitted)
			w.Date(m.exited)
			for _, changes := range m.capital {
				w.Uvarint(uint64(len(changes)))
				for _, c := range changes {
					w.Date(c.On)
					w.Amount(c.Amount)
				}
			}
			flows(m.interest)
			flows(m.principal)
			flows(m.purchases)
		}
		loans := slices.Sorted(maps.Keys(f.loans))
		w.Uvarint(uint64(len(loans)))
		for _, l := range loans {
			w.Str(l)
			w.Str(f.loans[l])
		}
		sales := slices.Sorted(maps.Keys(f.sales))
		w.Uvarint(uint64(len(sales)))
		for _, ref := range sales {
			sl := f.sales[ref]
			w.Str(ref)
			w.Str(sl.member)
			w.Str(sl.unit)
			w.Amount(sl.amount)
		}
	}
	return w.Buf, nil
}

// UnmarshalBinary restores the projection from a snapshot.
func (p *Projection) UnmarshalBinary(data []byte) error {
	if len(data) < len(magic) || string(data[:len(magic)]) != string(magic) {
		return errors.New("participation: not a participation snapshot")
	}
	r := &projector.Reader{Buf: data[len(magic):]}
	flows := func() []flow {
		var list []flow
		for n := r.Uvarint(); n > 0 && r.Err == nil; n-- {
			list = append(list, flow{on: r.Date(), unit: r.Str(), amount: r.Amount()})
		}
		return list
	}
	coops := map[string]*Fold{}
	for n := r.Uvarint(); n > 0 && r.Err == nil; n-- {
		id := r.Str()
		f := newFold()
		f.unit = r.Str()
		for k := r.Uvarint(); k > 0 && r.Err == nil; k-- {
			mid := r.Str()
			m := &memberFold{name: r.Str(), admitted: r.Date(), exited: r.Date()}
			for i := range m.capital {
				for j := r.Uvarint(); j > 0 && r.Err == nil; j-- {
					m.capital[i] = append(m.capital[i], shu.Change{On: r.Date(), Amount: r.Amount()})
				}
			}
			m.interest, m.principal, m.purchases = flows(), flows(), flows()
			f.members[mid] = m
		}
		for k := r.Uvarint(); k > 0 && r.Err == nil; k-- {
			loan := r.Str()
			f.loans[loan] = r.Str()
		}
		for k := r.Uvarint(); k > 0 && r.Err == nil; k-- {
			ref := r.Str()
			f.sales[ref] = sale{member: r.Str(), unit: r.Str(), amount: r.Amount()}
		}
		coops[id] = f
	}
	if r.Err == nil && len(r.Buf) != 0 {
		r.Fail("end")
	}
	if r.Err != nil {
		return fmt.Errorf("participation: %w", r.Err)
	}
	p.coops = coops
	return nil
}
