// Package balances is the projection of members' savings balances: per
// cooperative, per member and per product, as of any effective date, and
// the cooperative's totals. It also knows the cooperatives and members of
// the store, for listings.
//
// The projection is a pure fold and is not safe for concurrent use.
package balances

import (
	"fmt"
	"slices"
	"strings"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/codec"
)

// Name and Version identify the projection's snapshots; a new Version
// makes the projector rebuild from the first event.
const (
	Name    = "balances"
	Version = 1
)

// Projection is the fold.
type Projection struct {
	coops map[string]*coop
}

type coop struct {
	id, name string
	currency string
	places   int32
	members  map[string]*memberState
}

type memberState struct {
	id, name string
	status   member.Status
	admitted calendar.Date
	exited   calendar.Date
	// current balances and the latest effective date of any change: as-of
	// queries on or after last need no history.
	current [3]money.Amount
	last    calendar.Date
	// history holds every change, encoded (product, date, amount) in the
	// order applied. It is a byte string rather than a slice of amounts so
	// that a store of millions of events keeps no pointer per event for
	// the garbage collector to trace; sums over it do not depend on order.
	history []byte
}

// New returns an empty projection.
func New() *Projection { return &Projection{coops: map[string]*coop{}} }

// Name returns the projection's name.
func (p *Projection) Name() string { return Name }

// Version returns the projection's version.
func (p *Projection) Version() int { return Version }

func index(pr savings.Product) int {
	switch pr {
	case savings.Pokok:
		return 0
	case savings.Wajib:
		return 1
	case savings.Sukarela:
		return 2
	}
	panic(fmt.Sprintf("balances: unknown product %q", pr))
}

// Apply folds one event in.
func (p *Projection) Apply(e codec.Event) {
	switch ev := e.Payload.(type) {
	case cooperative.Registered:
		p.coops[string(ev.Coop)] = &coop{
			id: string(ev.Coop), name: ev.Name, currency: ev.Policy.Currency, places: ev.Policy.Places,
			members: map[string]*memberState{},
		}
	case cooperative.PolicyChanged:
	case member.Admitted:
		c := p.coop(e)
		c.members[string(ev.Member)] = &memberState{
			id: string(ev.Member), name: ev.Name, status: member.StatusActive, admitted: ev.On,
		}
	case savings.Deposited:
		p.member(e).post(ev.Product, ev.On, ev.Amount)
	case savings.Withdrawn:
		p.member(e).post(ev.Product, ev.On, ev.Amount.Neg())
	case savings.Reversed:
		p.member(e).post(ev.Product, ev.On, ev.Change())
	case member.SHUReceived:
		if ev.To == string(savings.Sukarela) {
			p.member(e).post(savings.Sukarela, ev.On, ev.Amount)
		}
	case member.ExitSettled:
		m := p.member(e)
		for _, pr := range savings.Products() {
			if r := ev.Refund(pr); !r.IsZero() {
				m.post(pr, ev.On, r.Neg())
			}
		}
		m.status, m.exited = member.StatusExited, ev.On
	}
	// Events of other aggregates do not move savings.
}

func (p *Projection) coop(e codec.Event) *coop {
	c, ok := p.coops[e.Coop]
	if !ok {
		panic(fmt.Sprintf("balances: event %s of unregistered cooperative %q", e.ID, e.Coop))
	}
	return c
}

func (p *Projection) member(e codec.Event) *memberState {
	_, id, ok := codec.ParseMemberStream(e.Stream)
	if !ok {
		panic(fmt.Sprintf("balances: member event %s in stream %q", e.ID, e.Stream))
	}
	m, ok := p.coop(e).members[id]
	if !ok {
		panic(fmt.Sprintf("balances: event %s of unadmitted member %q", e.ID, id))
	}
	return m
}

func (m *memberState) post(pr savings.Product, on calendar.Date, change money.Amount) {
	i := index(pr)
	m.current[i] = m.current[i].Add(change)
	if on.After(m.last) {
		m.last = on
	}
	m.history = appendChange(m.history, i, on, change)
}

func (m *memberState) balanceAt(i int, asOf calendar.Date) money.Amount {
	if !asOf.Before(m.last) {
		return m.current[i]
	}
	sum := money.Zero()
	err := eachChange(m.history, func(product int, on calendar.Date, change money.Amount) {
		if product == i && !on.After(asOf) {
			sum = sum.Add(change)
		}
	})
	if err != nil {
		panic(fmt.Sprintf("balances: history of member %s: %v", m.id, err))
	}
	return sum
}

// Cooperative describes a cooperative the store holds.
type Cooperative struct {
	ID       string
	Name     string
	Currency string
	Places   int32
	Members  int
}

// Cooperatives lists the cooperatives, by id.
func (p *Projection) Cooperatives() []Cooperative {
	out := make([]Cooperative, 0, len(p.coops))
	for _, c := range p.coops {
		out = append(out, Cooperative{ID: c.id, Name: c.name, Currency: c.currency, Places: c.places, Members: len(c.members)})
	}
	slices.SortFunc(out, func(a, b Cooperative) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// Cooperative returns one cooperative.
func (p *Projection) Cooperative(id string) (Cooperative, bool) {
	c, ok := p.coops[id]
	if !ok {
		return Cooperative{}, false
	}
	return Cooperative{ID: c.id, Name: c.name, Currency: c.currency, Places: c.places, Members: len(c.members)}, true
}

// Row is one member's balances on a date.
type Row struct {
	Member   string
	Name     string
	Status   member.Status
	Admitted calendar.Date
	Exited   calendar.Date
	Pokok    money.Amount
	Wajib    money.Amount
	Sukarela money.Amount
}

// Total returns the sum of the three products.
func (r Row) Total() money.Amount { return money.Sum(r.Pokok, r.Wajib, r.Sukarela) }

// Totals are a cooperative's sums on a date.
type Totals struct {
	Pokok    money.Amount
	Wajib    money.Amount
	Sukarela money.Amount
	// Members counts the members listed; Active those not exited.
	Members int
	Active  int
}

// Total returns the sum of the three products.
func (t Totals) Total() money.Amount { return money.Sum(t.Pokok, t.Wajib, t.Sukarela) }

// Report is the balances of a cooperative's members on a date.
type Report struct {
	AsOf    calendar.Date
	Rows    []Row
	Totals  Totals
	Unknown bool // no such cooperative
}

// Balances returns every member admitted on or before asOf and not exited
// before it, ordered by member id, with the balances at the end of asOf.
func (p *Projection) Balances(coopID string, asOf calendar.Date) Report {
	r := Report{AsOf: asOf}
	c, ok := p.coops[coopID]
	if !ok {
		r.Unknown = true
		return r
	}
	ids := make([]string, 0, len(c.members))
	for id, m := range c.members {
		if m.admitted.After(asOf) || (m.status == member.StatusExited && m.exited.Before(asOf)) {
			continue
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	r.Rows = make([]Row, 0, len(ids))
	for _, id := range ids {
		row := c.members[id].rowAt(asOf)
		if row.Status == member.StatusActive {
			r.Totals.Active++
		}
		r.Rows = append(r.Rows, row)
		r.Totals.Pokok = r.Totals.Pokok.Add(row.Pokok)
		r.Totals.Wajib = r.Totals.Wajib.Add(row.Wajib)
		r.Totals.Sukarela = r.Totals.Sukarela.Add(row.Sukarela)
	}
	r.Totals.Members = len(r.Rows)
	return r
}

// rowAt returns the member as they stood at the end of asOf: not yet a
// member (StatusNone, no balances) before admission, exited from the exit
// date on.
func (m *memberState) rowAt(asOf calendar.Date) Row {
	row := Row{Member: m.id, Name: m.name, Admitted: m.admitted, Pokok: money.Zero(), Wajib: money.Zero(), Sukarela: money.Zero()}
	if m.admitted.After(asOf) {
		return row
	}
	row.Status = member.StatusActive
	if m.status == member.StatusExited && !m.exited.After(asOf) {
		row.Status, row.Exited = member.StatusExited, m.exited
	}
	row.Pokok, row.Wajib, row.Sukarela = m.balanceAt(0, asOf), m.balanceAt(1, asOf), m.balanceAt(2, asOf)
	return row
}

// Member returns one member's row as of asOf (see rowAt), and false if
// the cooperative has no such member.
func (p *Projection) Member(coopID, id string, asOf calendar.Date) (Row, bool) {
	c, ok := p.coops[coopID]
	if !ok {
		return Row{}, false
	}
	m, ok := c.members[id]
	if !ok {
		return Row{}, false
	}
	return m.rowAt(asOf), true
}

// Members lists every member ever admitted, by id, with today's balances.
func (p *Projection) Members(coopID string) []Row {
	c, ok := p.coops[coopID]
	if !ok {
		return nil
	}
	out := make([]Row, 0, len(c.members))
	for _, m := range c.members {
		out = append(out, Row{
			Member: m.id, Name: m.name, Status: m.status, Admitted: m.admitted, Exited: m.exited,
			Pokok: m.current[0], Wajib: m.current[1], Sukarela: m.current[2],
		})
	}
	slices.SortFunc(out, func(a, b Row) int { return strings.Compare(a.Member, b.Member) })
	return out
}
