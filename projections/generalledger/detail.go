package generalledger

import (
	"errors"
	"slices"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/posting"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/codec"
)

// Detail is the fold behind the general ledger of one account (buku
// besar): every posting to the account in a range of dates, with the
// event it came from. Lines are in log order as folded; Sorted puts them
// in date order for a running balance. It keeps no snapshot: it
// reads the log each time it is asked.
type Detail struct {
	Coop, Account, Unit string
	From, To            calendar.Date
	// Lines are the postings selected, in log order.
	Lines []DetailLine

	chart cooperative.State
}

// DetailLine is one posting with what it came from.
type DetailLine struct {
	On      calendar.Date
	Type    string // the event's stored name
	Ref     string
	Member  string
	Loan    string
	Product savings.Product
	Memo    string
	Side    ledger.Side
	Line    ledger.Line
}

// Sorted returns the lines in date order, those of one date in the order
// recorded, so that a running balance is the balance at each line's date.
func (d *Detail) Sorted() []DetailLine {
	out := slices.Clone(d.Lines)
	slices.SortStableFunc(out, func(a, b DetailLine) int { return a.On.Compare(b.On) })
	return out
}

// Name implements projector.Projection.
func (d *Detail) Name() string { return "general-ledger-detail" }

// Version implements projector.Projection.
func (d *Detail) Version() int { return 1 }

var errNoSnapshot = errors.New("generalledger: the ledger detail keeps no snapshot")

// MarshalBinary implements projector.Projection; the detail is never
// snapshotted.
func (d *Detail) MarshalBinary() ([]byte, error) { return nil, errNoSnapshot }

// UnmarshalBinary implements projector.Projection.
func (d *Detail) UnmarshalBinary([]byte) error { return errNoSnapshot }

// Apply folds one event in.
func (d *Detail) Apply(e codec.Event) {
	if e.Coop != d.Coop {
		return
	}
	if ce, ok := e.Payload.(cooperative.Event); ok {
		switch e.Payload.(type) {
		case cooperative.JournalPosted, cooperative.JournalReversed:
		default:
			d.chart = cooperative.Evolve(d.chart, ce)
		}
	}
	for _, entry := range posting.Entries(e.Payload, d.chart.Chart) {
		if entry.On.Before(d.From) || entry.On.After(d.To) {
			continue
		}
		for _, l := range entry.Lines {
			if l.Account != d.Account || (d.Unit != "" && l.Unit != d.Unit) {
				continue
			}
			line := DetailLine{On: entry.On, Type: e.Type, Side: l.Side, Line: l}
			describe(&line, e)
			d.Lines = append(d.Lines, line)
		}
	}
}

func describe(l *DetailLine, e codec.Event) {
	if _, m, ok := codec.ParseMemberStream(e.Stream); ok {
		l.Member = m
	}
	if _, id, ok := codec.ParseLoanStream(e.Stream); ok {
		l.Loan = id
	}
	switch p := e.Payload.(type) {
	case cooperative.JournalPosted:
		l.Ref, l.Memo = p.Ref, p.Memo
	case cooperative.JournalReversed:
		l.Ref, l.Memo = p.Ref, p.Reason
	case cooperative.YearClosed:
		l.Ref = "year-close"
	case member.Admitted:
		l.Ref = p.Ref
	case savings.Deposited:
		l.Ref, l.Product = p.Ref, p.Product
	case savings.Withdrawn:
		l.Ref, l.Product = p.Ref, p.Product
	case savings.Reversed:
		l.Ref, l.Product, l.Memo = p.Ref, p.Product, p.Reason
	case member.ExitSettled:
		l.Ref, l.Memo = p.Ref, p.Reason
	case loan.Repaid:
		l.Ref = p.Ref
	case loan.Recovered:
		l.Ref = p.Ref
	case loan.SettledByExit:
		l.Ref = p.ExitRef
	}
}
