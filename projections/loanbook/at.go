package loanbook

import (
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/internal/codec"
)

// At folds the log into one cooperative's loans as they stood at the end
// of a date: each loan's events dated that day or earlier, in the order
// recorded. The general ledger sums postings by the same dates, so the
// principal outstanding it gives equals the balance of the loans account
// on that date, however late a repayment was recorded.
//
// One case cannot be told exactly: a repayment dated on or before the
// date but recorded after a restructuring dated later was allocated to
// the new schedule. Its principal still counts when its instalments exist
// in the old schedule (the days past due may then be off); when they do
// not, it is left out. Either way the loan is listed as inexact.
//
// At is a fold for one question: rebuild it from the first event without
// snapshots (projector.Rebuild with a nil snapshot store). It is a pure
// fold and not safe for concurrent use.
type At struct {
	coop  string
	at    calendar.Date
	loans map[string]*loanAt
}

type loanAt struct {
	state *loan.State
	// restructuredLater is set once a restructuring dated after the date
	// was recorded; inexact once an event dated on or before it followed.
	restructuredLater, inexact bool
}

// NewAt returns an empty fold of coop's loans at the end of at.
func NewAt(coop string, at calendar.Date) *At {
	return &At{coop: coop, at: at, loans: map[string]*loanAt{}}
}

// Date returns the date the loans are folded to.
func (l *At) Date() calendar.Date { return l.at }

// Name names the fold.
func (l *At) Name() string { return "loans-at" }

// Version is the fold's version.
func (l *At) Version() int { return 1 }

// Apply folds one event in.
func (l *At) Apply(e codec.Event) {
	ev, ok := e.Payload.(loan.Event)
	if !ok || e.Coop != l.coop {
		return
	}
	_, id, ok := codec.ParseLoanStream(e.Stream)
	if !ok {
		panic(fmt.Sprintf("loanbook: loan event %s in stream %q", e.ID, e.Stream))
	}
	en, ok := l.loans[id]
	if !ok {
		en = &loanAt{state: &loan.State{}}
		l.loans[id] = en
	}
	if e.Effective.After(l.at) {
		if _, ok := ev.(loan.Restructured); ok {
			en.restructuredLater = true
		}
		return
	}
	if en.restructuredLater {
		var parts []loan.Part
		switch p := ev.(type) {
		case loan.Repaid:
			parts = p.Parts
		case loan.SettledByExit:
			parts = p.Parts
		}
		if parts != nil {
			en.inexact = true
			if slices.ContainsFunc(parts, func(p loan.Part) bool { return p.N < 1 || p.N > len(en.state.Schedule) }) {
				return
			}
		}
	}
	en.state = loan.Evolve(en.state, ev)
}

// errAtNoSnapshot refuses to snapshot a fold made for one date.
var errAtNoSnapshot = errors.New("loanbook: the loans at a date are folded for one question and never snapshotted")

// MarshalBinary refuses: the fold is never snapshotted.
func (l *At) MarshalBinary() ([]byte, error) { return nil, errAtNoSnapshot }

// UnmarshalBinary refuses: the fold is never snapshotted.
func (l *At) UnmarshalBinary([]byte) error { return errAtNoSnapshot }

// Loans returns the loans folded, in id order, and the ids of those whose
// state on the date is not exact.
func (l *At) Loans() (loans []*loan.State, inexact []string) {
	for _, id := range slices.Sorted(maps.Keys(l.loans)) {
		en := l.loans[id]
		if !en.state.Exists() {
			continue
		}
		loans = append(loans, en.state)
		if en.inexact {
			inexact = append(inexact, id)
		}
	}
	return loans, inexact
}
