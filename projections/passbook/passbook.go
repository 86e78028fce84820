// Package passbook is the projection of one member's savings passbook
// (buku tabungan): every transaction in effective-date order with the
// running balance of its product and of all products.
//
// It folds the events of one member's stream; the caller reads that stream
// and applies it. The projection is pure and not safe for concurrent use.
package passbook

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/codec"
)

// Kind is what a passbook line records.
type Kind string

// Line kinds.
const (
	Admission  Kind = "admission"
	Deposit    Kind = "deposit"
	Withdrawal Kind = "withdrawal"
	Reversal   Kind = "reversal"
	Exit       Kind = "exit"
	SHU        Kind = "shu"
)

// Line is one line of the passbook.
type Line struct {
	On      calendar.Date
	Ref     string
	Kind    Kind
	Product savings.Product // empty for admission
	In      money.Amount
	Out     money.Amount
	// Balance is the product's balance after the line; Total the sum of
	// all products.
	Balance money.Amount
	Total   money.Amount
	// Note is the reason of a reversal or exit, or the name at admission.
	Note     string
	Recorded time.Time
	Actor    string
	EventID  uuid.UUID
	revision uint64
}

// Passbook is the fold.
type Passbook struct {
	Member   string
	Name     string
	Admitted calendar.Date
	Status   member.Status
	lines    []Line // in the order applied
}

// New returns an empty passbook.
func New() *Passbook { return &Passbook{} }

// Apply folds one event of the member's stream in. An exit settlement adds
// one line per product refunded.
func (p *Passbook) Apply(e codec.Event) {
	base := Line{On: e.Effective, Recorded: e.Recorded, Actor: e.Actor, EventID: e.ID, revision: e.Revision}
	switch ev := e.Payload.(type) {
	case member.Admitted:
		p.Member, p.Name, p.Admitted, p.Status = string(ev.Member), ev.Name, ev.On, member.StatusActive
		base.Ref, base.Kind, base.Note = ev.Ref, Admission, ev.Name
		base.In, base.Out = money.Zero(), money.Zero()
		p.lines = append(p.lines, base)
	case savings.Deposited:
		base.Ref, base.Kind, base.Product, base.In, base.Out = ev.Ref, Deposit, ev.Product, ev.Amount, money.Zero()
		p.lines = append(p.lines, base)
	case savings.Withdrawn:
		base.Ref, base.Kind, base.Product, base.In, base.Out = ev.Ref, Withdrawal, ev.Product, money.Zero(), ev.Amount
		p.lines = append(p.lines, base)
	case savings.Reversed:
		base.Ref, base.Kind, base.Product, base.Note = ev.Ref, Reversal, ev.Product, ev.Reason
		base.In, base.Out = money.Zero(), money.Zero()
		if c := ev.Change(); c.IsNegative() {
			base.Out = c.Neg()
		} else {
			base.In = c
		}
		p.lines = append(p.lines, base)
	case member.ExitSettled:
		p.Status = member.StatusExited
		for _, pr := range savings.Products() {
			if r := ev.Refund(pr); !r.IsZero() {
				l := base
				l.Ref, l.Kind, l.Product, l.In, l.Out, l.Note = ev.Ref, Exit, pr, money.Zero(), r, ev.Reason
				p.lines = append(p.lines, l)
			}
		}
	case member.SHUReceived:
		// A share paid in cash never reaches the savings: the passbook
		// shows only what was credited to sukarela.
		if ev.To == string(savings.Sukarela) {
			base.Ref, base.Kind, base.Product, base.In, base.Out = fmt.Sprintf("SHU-%d", ev.Year), SHU, savings.Sukarela, ev.Amount, money.Zero()
			p.lines = append(p.lines, base)
		}
	default:
		panic(fmt.Sprintf("passbook: unknown event %T", e.Payload))
	}
}

// Page is the passbook between two dates.
type Page struct {
	Member string
	Name   string
	From   calendar.Date // zero: from the first line
	To     calendar.Date // zero: to the last line
	// Opening is the balance per product before From; Closing after To.
	Opening map[savings.Product]money.Amount
	Closing map[savings.Product]money.Amount
	Lines   []Line
}

// Between returns the lines dated from..to inclusive (a zero bound is
// open), in effective-date order and, on one date, in the order recorded,
// with running balances that count every earlier line.
func (p *Passbook) Between(from, to calendar.Date) Page {
	sorted := slices.Clone(p.lines)
	slices.SortStableFunc(sorted, func(a, b Line) int {
		if c := a.On.Compare(b.On); c != 0 {
			return c
		}
		return cmp.Compare(a.revision, b.revision)
	})
	page := Page{Member: p.Member, Name: p.Name, From: from, To: to, Opening: zeroes(), Closing: zeroes()}
	balance := zeroes()
	for _, l := range sorted {
		if l.Product != "" {
			balance[l.Product] = balance[l.Product].Add(l.In).Sub(l.Out)
			l.Balance = balance[l.Product]
		} else {
			l.Balance = money.Zero()
		}
		l.Total = money.Sum(balance[savings.Pokok], balance[savings.Wajib], balance[savings.Sukarela])
		switch {
		case !from.IsZero() && l.On.Before(from):
			page.Opening = clone(balance)
		case !to.IsZero() && l.On.After(to):
			continue
		default:
			page.Lines = append(page.Lines, l)
		}
		if to.IsZero() || !l.On.After(to) {
			page.Closing = clone(balance)
		}
	}
	return page
}

func zeroes() map[savings.Product]money.Amount {
	return map[savings.Product]money.Amount{savings.Pokok: money.Zero(), savings.Wajib: money.Zero(), savings.Sukarela: money.Zero()}
}

func clone(m map[savings.Product]money.Amount) map[savings.Product]money.Amount {
	out := make(map[savings.Product]money.Amount, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
