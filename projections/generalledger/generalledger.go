// Package generalledger is the projection of the general ledger: per
// cooperative, the chart of accounts and periods as recorded, and every
// posting the posting rules make of every financial event, summed by
// account, business unit, party and day. Balances and movements over any
// range of dates come from it in logarithmic time, the cash accounts'
// running balances answer how much each can pay from a date on, and the
// cash received and paid is attributed to the accounts on the other side
// for the cash flow statement.
//
// The projection is a pure fold and is not safe for concurrent use.
package generalledger

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/posting"
	"github.com/lumbung-ledger/lumbung/internal/codec"
)

// Name and Version identify the projection's snapshots; a new Version
// makes the projector rebuild from the first event.
const (
	Name    = "general-ledger"
	Version = 1
)

// Projection is the fold.
type Projection struct {
	coops  map[string]*Books
	events *codec.Registry
}

// New returns an empty projection.
func New() *Projection { return &Projection{coops: map[string]*Books{}, events: codec.Events()} }

// Name returns the projection's name.
func (p *Projection) Name() string { return Name }

// Version returns the projection's version.
func (p *Projection) Version() int { return Version }

// Books returns a cooperative's books.
func (p *Projection) Books(coop string) (*Books, bool) {
	b, ok := p.coops[coop]
	return b, ok
}

// Books are one cooperative's general ledger.
type Books struct {
	ID    string
	State cooperative.State
	// kept are the events folded into State, for the snapshot.
	kept     []codec.Payload
	accounts map[string][]*series // by account code
	flows    map[string][]*series // cash attributed to the account, by code
	// cash holds the running balances of the cash accounts, built from
	// their series when first asked and dropped when they change: a
	// rebuild for reports never pays for them.
	cash map[string]*ledger.Running
	// isCash caches which codes are cash accounts, for the chart in force.
	isCash map[string]bool
	// Postings counts the lines posted; Entries the entries.
	Postings, Entries int
}

// series is one account's postings of one unit, party and kind, summed
// by day. The cumulative sums are rebuilt when a query finds them stale.
type series struct {
	unit    string
	party   ledger.Party
	closing bool
	days    []int32
	debit   []money.Amount
	credit  []money.Amount
	cumD    []money.Amount
	cumC    []money.Amount
	stale   bool
}

// Apply folds one event in.
func (p *Projection) Apply(e codec.Event) {
	if reg, ok := e.Payload.(cooperative.Registered); ok {
		p.coops[string(reg.Coop)] = &Books{ID: string(reg.Coop), accounts: map[string][]*series{}, flows: map[string][]*series{}}
	}
	b, ok := p.coops[e.Coop]
	if !ok {
		panic(fmt.Sprintf("generalledger: event %s of unregistered cooperative %q", e.ID, e.Coop))
	}
	if ce, ok := e.Payload.(cooperative.Event); ok {
		switch e.Payload.(type) {
		case cooperative.JournalPosted, cooperative.JournalReversed:
		default:
			b.State = cooperative.Evolve(b.State, ce)
			b.isCash = nil
			kept, err := p.events.EncodePayload(e.Payload)
			if err != nil {
				panic(fmt.Sprintf("generalledger: %v", err))
			}
			b.kept = append(b.kept, kept)
		}
	}
	for _, entry := range posting.Entries(e.Payload, b.State.Chart) {
		b.post(entry)
	}
}

// cashAccount reports whether code is a cash account of the chart.
func (b *Books) cashAccount(code string) bool {
	if b.isCash == nil {
		b.isCash = map[string]bool{}
		for _, a := range b.State.Chart.Accounts() {
			if a.Cash {
				b.isCash[a.Code] = true
			}
		}
	}
	return b.isCash[code]
}

func (b *Books) post(e ledger.Entry) {
	b.Entries++
	net := money.Zero()
	cashLines := 0
	for _, l := range e.Lines {
		b.Postings++
		add(&b.accounts, l.Account, l.Unit, l.Party, e.Closing, e.On, l.Side, l.Amount)
		if b.cashAccount(l.Account) {
			delete(b.cash, l.Account)
			net = net.Add(l.Signed())
			cashLines++
		}
	}
	if cashLines == 0 || net.IsZero() {
		return
	}
	// The net cash in or out is attributed to the lines on the other side
	// of the entry from it: money received is what those accounts gave,
	// money paid what they took. A line on the cash's own side (a discount
	// beside a receipt) moved no cash. When such lines exist, the net is
	// shared among the other side's lines in proportion to them, largest
	// remainder, so the parts sum to the net exactly.
	cashSide := ledger.Debit
	if net.IsNegative() {
		cashSide = ledger.Credit
	}
	var counter []ledger.Line
	mixed := false
	for _, l := range e.Lines {
		switch {
		case b.cashAccount(l.Account):
		case l.Side != cashSide:
			counter = append(counter, l)
		default:
			mixed = true
		}
	}
	amounts := make([]money.Amount, len(counter))
	for i, l := range counter {
		amounts[i] = l.Amount
	}
	if mixed {
		weights := make([]decimal.Decimal, len(counter))
		for i, l := range counter {
			weights[i] = l.Amount.Decimal()
		}
		abs := net
		if abs.IsNegative() {
			abs = abs.Neg()
		}
		amounts = money.Allocate(abs, weights, money.Unit(b.places()))
	}
	// A correction takes back what the original received or paid.
	for i, l := range counter {
		if e.Correction {
			add(&b.flows, l.Account, l.Unit, ledger.NoParty, false, e.On, l.Side, amounts[i].Neg())
		} else {
			add(&b.flows, l.Account, l.Unit, ledger.NoParty, false, e.On, -l.Side, amounts[i])
		}
	}
}

// places returns the decimals of the cooperative's currency.
func (b *Books) places() int32 {
	v, _ := b.State.Policies.Latest()
	return v.Policy.Places
}

// running returns a cash account's running balance, built from its
// series if it changed since last asked.
func (b *Books) running(code string) *ledger.Running {
	if r, ok := b.cash[code]; ok {
		return r
	}
	r := &ledger.Running{}
	for _, s := range b.accounts[code] {
		for i, d := range s.days {
			r.Add(calendar.FromOrdinal(d), s.debit[i].Sub(s.credit[i]))
		}
	}
	if b.cash == nil {
		b.cash = map[string]*ledger.Running{}
	}
	b.cash[code] = r
	return r
}

func add(index *map[string][]*series, code, unit string, party ledger.Party, closing bool, on calendar.Date, side ledger.Side, amount money.Amount) {
	list := (*index)[code]
	var s *series
	for _, c := range list {
		if c.unit == unit && c.party == party && c.closing == closing {
			s = c
			break
		}
	}
	if s == nil {
		s = &series{unit: unit, party: party, closing: closing}
		list = append(list, s)
		slices.SortFunc(list, func(a, b *series) int { return a.compare(b) })
		(*index)[code] = list
	}
	s.add(on.Ordinal(), side, amount)
}

func (s *series) compare(o *series) int {
	if c := strings.Compare(s.unit, o.unit); c != 0 {
		return c
	}
	if c := strings.Compare(string(s.party), string(o.party)); c != 0 {
		return c
	}
	switch {
	case s.closing == o.closing:
		return 0
	case !s.closing:
		return -1
	}
	return 1
}

func (s *series) add(day int32, side ledger.Side, amount money.Amount) {
	n := len(s.days)
	var i int
	switch {
	case n > 0 && s.days[n-1] == day:
		i = n - 1
	case n == 0 || s.days[n-1] < day:
		i = n
		s.days = append(s.days, day)
		s.debit = append(s.debit, money.Zero())
		s.credit = append(s.credit, money.Zero())
	default:
		var found bool
		if i, found = slices.BinarySearch(s.days, day); !found {
			s.days = slices.Insert(s.days, i, day)
			s.debit = slices.Insert(s.debit, i, money.Zero())
			s.credit = slices.Insert(s.credit, i, money.Zero())
		}
	}
	if side == ledger.Debit {
		s.debit[i] = s.debit[i].Add(amount)
	} else {
		s.credit[i] = s.credit[i].Add(amount)
	}
	s.stale = true
}

// through returns the sums of debits and credits of every day up to and
// including day.
func (s *series) through(day int32) (money.Amount, money.Amount) {
	if s.stale || len(s.cumD) != len(s.days) {
		s.cumD = make([]money.Amount, len(s.days))
		s.cumC = make([]money.Amount, len(s.days))
		d, c := money.Zero(), money.Zero()
		for i := range s.days {
			d, c = d.Add(s.debit[i]), c.Add(s.credit[i])
			s.cumD[i], s.cumC[i] = d, c
		}
		s.stale = false
	}
	i, found := slices.BinarySearch(s.days, day)
	if found {
		i++
	}
	if i == 0 {
		return money.Zero(), money.Zero()
	}
	return s.cumD[i-1], s.cumC[i-1]
}

// Filter selects postings.
type Filter struct {
	// Unit is a business unit's code; empty for every unit.
	Unit string
	// From and To bound the effective dates, both included; a zero From
	// is the beginning of the books.
	From, To calendar.Date
	// Parties selects revenue and expense lines by party; nil for all.
	Parties []ledger.Party
	// Closing says whether closing entries count.
	Closing bool
}

func (f Filter) selects(s *series) bool {
	return (f.Unit == "" || s.unit == f.Unit) &&
		(f.Parties == nil || slices.Contains(f.Parties, s.party)) &&
		(f.Closing || !s.closing)
}

func sum(list []*series, f Filter) (debit, credit money.Amount) {
	debit, credit = money.Zero(), money.Zero()
	for _, s := range list {
		if !f.selects(s) {
			continue
		}
		d, c := s.through(f.To.Ordinal())
		if !f.From.IsZero() {
			d0, c0 := s.through(f.From.Ordinal() - 1)
			d, c = d.Sub(d0), c.Sub(c0)
		}
		debit, credit = debit.Add(d), credit.Add(c)
	}
	return debit, credit
}

// Totals returns the debits and credits posted to an account.
func (b *Books) Totals(code string, f Filter) (debit, credit money.Amount) {
	return sum(b.accounts[code], f)
}

// Balance returns an account's balance on its normal side (a contra
// account's balance is positive when it reduces its section).
func (b *Books) Balance(code string, f Filter) money.Amount {
	d, c := b.Totals(code, f)
	a, _ := b.State.Chart.Account(code)
	if a.Normal() == ledger.Debit {
		return d.Sub(c)
	}
	return c.Sub(d)
}

// Flows returns the cash received from (in) and paid to (out) the
// counterparts in an account. Parties and Closing do not apply.
func (b *Books) Flows(code string, f Filter) (in, out money.Amount) {
	return sum(b.flows[code], Filter{Unit: f.Unit, From: f.From, To: f.To})
}

// Lowest returns the lowest end-of-day balance of a cash account from a
// date on; it implements ledger.CashBalances.
func (b *Books) Lowest(code string, from calendar.Date) money.Amount {
	if !b.cashAccount(code) {
		return money.Zero()
	}
	return b.running(code).Lowest(from)
}

// LastPosting returns the date of an account's last posting, zero if it
// has none.
func (b *Books) LastPosting(code string) calendar.Date {
	var last calendar.Date
	for _, s := range b.accounts[code] {
		if n := len(s.days); n > 0 {
			if d := calendar.FromOrdinal(s.days[n-1]); d.After(last) {
				last = d
			}
		}
	}
	return last
}

// FirstPosting returns the date of the earliest posting to any account,
// zero if the books have none: where the books begin, which for a
// cooperative that moved its history in is before its registration.
func (b *Books) FirstPosting() calendar.Date {
	var first calendar.Date
	for _, list := range b.accounts {
		for _, s := range list {
			if len(s.days) > 0 {
				if d := calendar.FromOrdinal(s.days[0]); first.IsZero() || d.Before(first) {
					first = d
				}
			}
		}
	}
	return first
}

// Parts lists the units and parties an account has postings for.
func (b *Books) Parts(code string) []Part {
	var out []Part
	for _, s := range b.accounts[code] {
		p := Part{Unit: s.unit, Party: s.party}
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// Part is a unit and party an account has postings for.
type Part struct {
	Unit  string
	Party ledger.Party
}

// YearResults returns the lines a year's close brings to zero: for every
// revenue and expense account, unit and party, the balance of the year's
// postings on the side it stands.
func (b *Books) YearResults(year int) []ledger.Line {
	f := Filter{From: calendar.MustNew(year, 1, 1), To: calendar.MustNew(year, 12, 31)}
	var out []ledger.Line
	for _, a := range b.State.Chart.Accounts() {
		if a.Class != ledger.Revenue && a.Class != ledger.Expense {
			continue
		}
		for _, part := range b.Parts(a.Code) {
			pf := f
			pf.Unit, pf.Parties = part.Unit, []ledger.Party{part.Party}
			d, c := b.Totals(a.Code, pf)
			net := d.Sub(c)
			switch {
			case net.IsPositive():
				out = append(out, ledger.Line{Account: a.Code, Side: ledger.Debit, Amount: net, Unit: part.Unit, Party: part.Party})
			case net.IsNegative():
				out = append(out, ledger.Line{Account: a.Code, Side: ledger.Credit, Amount: net.Neg(), Unit: part.Unit, Party: part.Party})
			}
		}
	}
	return out
}

// CashRunning returns a copy of every cash account's running balance, for
// a batch that decides many payments before it writes any.
func (b *Books) CashRunning() map[string]ledger.Running {
	out := map[string]ledger.Running{}
	for code := range b.accounts {
		if b.cashAccount(code) {
			out[code] = b.running(code).Clone()
		}
	}
	return out
}

// ModalSendiri returns the cooperative's own capital on a date, the base
// of the lending limits (domain.md §2.1): the balances of the accounts
// marked modal sendiri (a contra account taking away) and the surplus of
// the revenue and expense not yet closed.
func (b *Books) ModalSendiri(on calendar.Date) money.Amount {
	f := Filter{To: on, Closing: true}
	modal := money.Zero()
	for _, a := range b.State.Chart.Accounts() {
		if a.Heading {
			continue
		}
		switch {
		case a.ModalSendiri && a.Contra:
			modal = modal.Sub(b.Balance(a.Code, f))
		case a.ModalSendiri:
			modal = modal.Add(b.Balance(a.Code, f))
		case a.Class == ledger.Revenue || a.Class == ledger.Expense:
			d, c := b.Totals(a.Code, f)
			modal = modal.Add(c.Sub(d))
		}
	}
	return modal
}

// Surplus is a period's result, split between member participation and
// business with non-members (domain.md §3.2).
type Surplus struct {
	Revenue, Expense money.Amount // expense without income tax
	BeforeTax, Tax   money.Amount
	AfterTax         money.Amount
	// Member and NonMember split AfterTax: revenue and costs tagged to a
	// party are that party's; untagged revenue, untagged costs and tax are
	// shared in proportion to member and non-member revenue (the DESIGN
	// default; the official method is unconfirmed).
	Member, NonMember money.Amount
}

// Surplus returns the result of the period and unit f selects (closing
// entries are left out whatever f says: the result is what they close).
func (b *Books) Surplus(f Filter) Surplus {
	f.Closing, f.Parties = false, nil
	chart := b.State.Chart
	flow := func(a ledger.Account, parties ...ledger.Party) money.Amount {
		g := f
		g.Parties = parties
		v := b.Balance(a.Code, g)
		if a.Contra {
			v = v.Neg()
		}
		return v
	}
	s := Surplus{Revenue: money.Zero(), Expense: money.Zero(), Tax: money.Zero()}
	memberRev, nonMemberRev, otherRev := money.Zero(), money.Zero(), money.Zero()
	nonMemberCost, sharedCost := money.Zero(), money.Zero()
	for _, a := range chart.Accounts() {
		if a.Heading {
			continue
		}
		switch a.Class {
		case ledger.Revenue:
			memberRev = memberRev.Add(flow(a, ledger.Member))
			nonMemberRev = nonMemberRev.Add(flow(a, ledger.NonMember, ledger.OtherCoop))
			otherRev = otherRev.Add(flow(a, ledger.NoParty))
		case ledger.Expense:
			if chart.IsTax(a.Code) {
				s.Tax = s.Tax.Add(flow(a))
				continue
			}
			s.Expense = s.Expense.Add(flow(a))
			nonMemberCost = nonMemberCost.Add(flow(a, ledger.NonMember, ledger.OtherCoop))
			sharedCost = sharedCost.Add(flow(a, ledger.NoParty))
		}
	}
	s.Revenue = memberRev.Add(nonMemberRev).Add(otherRev)
	s.BeforeTax = s.Revenue.Sub(s.Expense)
	s.AfterTax = s.BeforeTax.Sub(s.Tax)
	shared := otherRev.Sub(sharedCost).Sub(s.Tax)
	nmShare := money.Zero()
	if nonMemberRev.IsPositive() && !memberRev.IsNegative() && !shared.IsZero() {
		pool, negative := shared, shared.IsNegative()
		if negative {
			pool = pool.Neg()
		}
		parts := money.Allocate(pool, []decimal.Decimal{memberRev.Decimal(), nonMemberRev.Decimal()}, money.Unit(b.places()))
		nmShare = parts[1]
		if negative {
			nmShare = nmShare.Neg()
		}
	}
	s.NonMember = nonMemberRev.Sub(nonMemberCost).Add(nmShare)
	s.Member = s.AfterTax.Sub(s.NonMember)
	return s
}
