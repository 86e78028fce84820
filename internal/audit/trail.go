package audit

import (
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/posting"
	"github.com/lumbung-ledger/lumbung/internal/codec"
)

// TrailFilter selects the events of an audit trail; empty fields select
// everything.
type TrailFilter struct {
	Coop string
	// Member selects the member's own stream, their loans and their
	// purchases.
	Member string
	// Account selects the events that post to the account.
	Account string
	Actor   string
	// From and To bound when the events were recorded (From included,
	// To excluded); zero is open.
	From, To time.Time
}

// TrailLine is one event of the trail: who recorded what, when.
type TrailLine struct {
	Recorded  time.Time
	Actor     string
	Type      string
	Stream    string
	Revision  uint64
	Effective string
	Decision  string
	EventID   uuid.UUID
	// Debit and Credit are what the event posted to the filter's account;
	// zero without an account filter.
	Debit, Credit money.Amount
}

// Trail is the fold of an audit trail: rebuild it from the first event
// without snapshots (projector.Rebuild with a nil snapshot store).
type Trail struct {
	Filter TrailFilter
	Lines  []TrailLine
	// state is the cooperative's stream folded so far: postings are read
	// with the chart of their day.
	state cooperative.State
	loans map[string]string // loan stream → member
	sales map[string]string // sale reference → member
}

// NewTrail returns an empty trail for f.
func NewTrail(f TrailFilter) *Trail {
	return &Trail{Filter: f, loans: map[string]string{}, sales: map[string]string{}}
}

// Name names the fold.
func (t *Trail) Name() string { return "audit-trail" }

// Version is the fold's version.
func (t *Trail) Version() int { return 1 }

var errTrailSnapshot = errors.New("audit: a trail answers one question and is never snapshotted")

// MarshalBinary refuses: the fold is never snapshotted.
func (t *Trail) MarshalBinary() ([]byte, error) { return nil, errTrailSnapshot }

// UnmarshalBinary refuses: the fold is never snapshotted.
func (t *Trail) UnmarshalBinary([]byte) error { return errTrailSnapshot }

// Apply folds one event in.
func (t *Trail) Apply(e codec.Event) {
	f := t.Filter
	if e.Coop != f.Coop {
		return
	}
	if c, ok := e.Payload.(cooperative.Event); ok && e.Stream == codec.CooperativeStream(f.Coop) {
		t.state = cooperative.Evolve(t.state, c)
	}
	switch p := e.Payload.(type) {
	case loan.Applied:
		t.loans[e.Stream] = p.Member
	case cooperative.SaleRecorded:
		if p.Member != "" {
			t.sales[p.Ref] = p.Member
		}
	}
	if f.Actor != "" && e.Actor != f.Actor {
		return
	}
	if (!f.From.IsZero() && e.Recorded.Before(f.From)) || (!f.To.IsZero() && !e.Recorded.Before(f.To)) {
		return
	}
	if f.Member != "" && !t.concerns(e, f.Member) {
		return
	}
	line := TrailLine{Recorded: e.Recorded, Actor: e.Actor, Type: e.Type, Stream: e.Stream, Revision: e.Revision,
		Effective: e.Effective.String(), Decision: e.Decision, EventID: e.ID, Debit: money.Zero(), Credit: money.Zero()}
	if f.Account != "" {
		touched := false
		for _, entry := range posting.Entries(e.Payload, t.state.Chart) {
			for _, l := range entry.Lines {
				if l.Account != f.Account {
					continue
				}
				touched = true
				if l.Side == ledger.Debit {
					line.Debit = line.Debit.Add(l.Amount)
				} else {
					line.Credit = line.Credit.Add(l.Amount)
				}
			}
		}
		if !touched {
			return
		}
	}
	t.Lines = append(t.Lines, line)
}

// concerns reports whether e is the member's: in their stream, in one of
// their loans' streams, a purchase of theirs or its reversal.
func (t *Trail) concerns(e codec.Event, member string) bool {
	if _, m, ok := codec.ParseMemberStream(e.Stream); ok {
		return m == member
	}
	if m, ok := t.loans[e.Stream]; ok {
		return m == member
	}
	switch p := e.Payload.(type) {
	case cooperative.SaleRecorded:
		return p.Member == member
	case cooperative.JournalReversed:
		return t.sales[p.Ref] == member
	}
	return false
}
