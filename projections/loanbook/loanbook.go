// Package loanbook is the projection of a cooperative's loans: every
// loan's state folded from its stream, the loans of each member, and the
// exit settlements whose loans are not yet settled. Lending limits,
// reviews, exits and the portfolio reports read it.
//
// The projection is a pure fold and is not safe for concurrent use.
package loanbook

import (
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/projector"
)

// Name and Version identify the projection's snapshots.
const (
	Name    = "loan-book"
	Version = 4
)

// Projection is the fold.
type Projection struct {
	coops  map[string]*Book
	events *codec.Registry
}

// New returns an empty projection.
func New() *Projection { return &Projection{coops: map[string]*Book{}, events: codec.Events()} }

// Name returns the projection's name.
func (p *Projection) Name() string { return Name }

// Version returns the projection's version.
func (p *Projection) Version() int { return Version }

// Book returns a cooperative's loans, nil if it has none.
func (p *Projection) Book(coop string) *Book { return p.coops[coop] }

// Book is one cooperative's loans.
type Book struct {
	loans map[string]*entry
	// pending are exit settlements netted against loans not yet settled
	// by them, by member.
	pending map[string]Exit
}

type entry struct {
	state *loan.State
	// last is the latest effective date of the loan's events.
	last calendar.Date
	// kept are the loan's events in their stored form, for the snapshot.
	kept []codec.Payload
	// revision and hash are the stream's head.
	revision uint64
	hash     codec.Hash
}

// Head is a loan stream's last event: its revision and hash.
type Head struct {
	Revision uint64
	Hash     codec.Hash
}

// Exit is an exit settlement netted against the member's loans, with who
// recorded it and under which decision.
type Exit struct {
	Member, Ref     string
	Offset          money.Amount
	On              calendar.Date
	Actor, Decision string
	// Settled is how much of the offset the loans have taken in so far.
	Settled money.Amount
}

// Left returns the part of the offset not yet taken in by a loan.
func (x Exit) Left() money.Amount { return x.Offset.Sub(x.Settled) }

// Apply folds one event in.
func (p *Projection) Apply(e codec.Event) {
	switch ev := e.Payload.(type) {
	case loan.Event:
		_, id, ok := codec.ParseLoanStream(e.Stream)
		if !ok {
			panic(fmt.Sprintf("loanbook: loan event %s in stream %q", e.ID, e.Stream))
		}
		b := p.book(e.Coop)
		en, ok := b.loans[id]
		if !ok {
			en = &entry{state: &loan.State{}}
			b.loans[id] = en
		}
		en.state = loan.Evolve(en.state, ev)
		kept, err := p.events.EncodePayload(e.Payload)
		if err != nil {
			panic(fmt.Sprintf("loanbook: %v", err))
		}
		en.kept = append(en.kept, kept)
		en.revision, en.hash = e.Revision, e.Hash
		if e.Effective.After(en.last) {
			en.last = e.Effective
		}
		switch ev := ev.(type) {
		case loan.SettledByExit:
			pen, in, pr := loan.Totals(ev.Parts)
			b.taken(en.state.Member, ev.ExitRef, pen.Add(in).Add(pr))
		case loan.Recovered:
			if ev.ExitRef != "" {
				b.taken(en.state.Member, ev.ExitRef, ev.Amount)
			}
		}
	case member.ExitSettled:
		if ev.LoanOffset.IsPositive() {
			_, m, _ := codec.ParseMemberStream(e.Stream)
			b := p.book(e.Coop)
			b.pending[m] = Exit{Member: m, Ref: ev.Ref, Offset: ev.LoanOffset, On: ev.On, Actor: e.Actor, Decision: e.Decision, Settled: money.Zero()}
		}
	case cooperative.Registered:
		p.book(string(ev.Coop))
	}
}

func (p *Projection) book(coop string) *Book {
	b, ok := p.coops[coop]
	if !ok {
		b = &Book{loans: map[string]*entry{}, pending: map[string]Exit{}}
		p.coops[coop] = b
	}
	return b
}

// taken records what a loan took in of a member's pending exit, and
// drops the exit once its whole offset is taken in.
func (b *Book) taken(member, ref string, amount money.Amount) {
	x, ok := b.pending[member]
	if !ok || x.Ref != ref {
		return
	}
	x.Settled = x.Settled.Add(amount)
	if x.Left().IsPositive() {
		b.pending[member] = x
		return
	}
	delete(b.pending, member)
}

// Loan returns a copy of a loan's state.
func (b *Book) Loan(id string) (*loan.State, bool) {
	if b == nil {
		return nil, false
	}
	en, ok := b.loans[id]
	if !ok {
		return nil, false
	}
	return en.state.Clone(), true
}

// Latest returns the latest effective date of any loan's events.
func (b *Book) Latest() calendar.Date {
	var last calendar.Date
	if b == nil {
		return last
	}
	for _, en := range b.loans {
		if en.last.After(last) {
			last = en.last
		}
	}
	return last
}

// Head returns the head of a loan's stream.
func (b *Book) Head(id string) (Head, bool) {
	if b == nil {
		return Head{}, false
	}
	en, ok := b.loans[id]
	if !ok {
		return Head{}, false
	}
	return Head{Revision: en.revision, Hash: en.hash}, true
}

// Each calls fn with every loan in id order; fn must not keep or change
// the state.
func (b *Book) Each(fn func(*loan.State)) {
	if b == nil {
		return
	}
	for _, id := range slices.Sorted(maps.Keys(b.loans)) {
		fn(b.loans[id].state)
	}
}

// OfMember returns the ids of a member's loans, sorted.
func (b *Book) OfMember(member string) []string {
	var ids []string
	b.Each(func(s *loan.State) {
		if s.Member == member {
			ids = append(ids, string(s.ID))
		}
	})
	return ids
}

// Pending returns the exit settlements whose loans are not all settled,
// by member id.
func (b *Book) Pending() []Exit {
	if b == nil {
		return nil
	}
	out := make([]Exit, 0, len(b.pending))
	for _, m := range slices.Sorted(maps.Keys(b.pending)) {
		// An exit whose member has no loan left to take from it is
		// done, whatever its offset said.
		open := false
		for _, en := range b.loans {
			st := en.state
			if st.Member == m && (st.Status == loan.StatusActive || st.Status == loan.StatusWrittenOff && st.WrittenOff.Cmp(st.Recovered) > 0) {
				open = true
				break
			}
		}
		if open {
			out = append(out, b.pending[m])
		}
	}
	return out
}

// Exposure returns the outstanding principal of a member's active loans,
// and of every related party's.
func (b *Book) Exposure(member string) (own, related money.Amount) {
	own, related = money.Zero(), money.Zero()
	b.Each(func(s *loan.State) {
		if s.Member == member {
			own = own.Add(s.Outstanding())
		}
		if s.Related {
			related = related.Add(s.Outstanding())
		}
	})
	return own, related
}

// The snapshot holds every loan's events in their stored form and the
// pending exits; loading folds the events again.

var magic = []byte("lumbung.loan-book.4\n")

// MarshalBinary encodes the projection.
func (p *Projection) MarshalBinary() ([]byte, error) {
	w := &projector.Writer{Buf: append([]byte(nil), magic...)}
	ids := slices.Sorted(maps.Keys(p.coops))
	w.Uvarint(uint64(len(ids)))
	for _, id := range ids {
		b := p.coops[id]
		w.Str(id)
		loans := slices.Sorted(maps.Keys(b.loans))
		w.Uvarint(uint64(len(loans)))
		for _, l := range loans {
			en := b.loans[l]
			w.Str(l)
			w.Date(en.last)
			w.Uvarint(en.revision)
			w.Bytes(en.hash[:])
			w.Uvarint(uint64(len(en.kept)))
			for _, k := range en.kept {
				w.Str(k.Type)
				w.Date(k.On)
				w.Bytes(k.Data)
			}
		}
		w.Uvarint(uint64(len(b.pending)))
		for _, m := range slices.Sorted(maps.Keys(b.pending)) {
			x := b.pending[m]
			w.Str(x.Member)
			w.Str(x.Ref)
			w.Amount(x.Offset)
			w.Date(x.On)
			w.Str(x.Actor)
			w.Str(x.Decision)
			w.Amount(x.Settled)
		}
	}
	return w.Buf, nil
}

// UnmarshalBinary replaces the projection's state with an encoded one.
func (p *Projection) UnmarshalBinary(data []byte) error {
	if len(data) < len(magic) || string(data[:len(magic)]) != string(magic) {
		return errors.New("loanbook: not a loan book snapshot")
	}
	r := &projector.Reader{Buf: data[len(magic):]}
	coops := map[string]*Book{}
	for n := r.Uvarint(); n > 0 && r.Err == nil; n-- {
		id := r.Str()
		b := &Book{loans: map[string]*entry{}, pending: map[string]Exit{}}
		for k := r.Uvarint(); k > 0 && r.Err == nil; k-- {
			lid := r.Str()
			en := &entry{state: &loan.State{}}
			en.last = r.Date()
			en.revision = r.Uvarint()
			if h := r.Bytes(); len(h) == len(en.hash) {
				copy(en.hash[:], h)
			} else if r.Err == nil {
				r.Fail("hash")
			}
			for j := r.Uvarint(); j > 0 && r.Err == nil; j-- {
				kept := codec.Payload{Type: r.Str(), On: r.Date(), Data: r.Bytes()}
				if r.Err != nil {
					break
				}
				e, err := p.events.DecodePayload(kept)
				le, ok := e.(loan.Event)
				if err != nil || !ok {
					return fmt.Errorf("loanbook: snapshot: %s: %v", kept.Type, err)
				}
				en.state = loan.Evolve(en.state, le)
				en.kept = append(en.kept, kept)
			}
			b.loans[lid] = en
		}
		for k := r.Uvarint(); k > 0 && r.Err == nil; k-- {
			x := Exit{Member: r.Str(), Ref: r.Str(), Offset: r.Amount(), On: r.Date(), Actor: r.Str(), Decision: r.Str(), Settled: r.Amount()}
			b.pending[x.Member] = x
		}
		coops[id] = b
	}
	if r.Err == nil && len(r.Buf) != 0 {
		r.Err = fmt.Errorf("%d bytes left over", len(r.Buf))
	}
	if r.Err != nil {
		return fmt.Errorf("loanbook: snapshot: %w", r.Err)
	}
	p.coops = coops
	return nil
}
