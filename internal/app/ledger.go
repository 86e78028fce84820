package app

import (
	"context"
	"sync"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/projector"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
	"github.com/lumbung-ledger/lumbung/projections/loanbook"
)

// Loans brings the loan book up to date and calls fn with the
// cooperative's loans (nil if it has none). The book is the service's
// own: fn must not keep it or call the service.
func (s *Service) Loans(ctx context.Context, coop cooperative.ID, fn func(*loanbook.Book)) error {
	return s.loans.read(ctx, func(p projector.Projection) {
		fn(p.(*loanbook.Projection).Book(string(coop)))
	})
}

// live is a projection the service keeps in memory and brings up to the
// end of the log before every read: the general ledger (the cash a
// payment would draw on, the balance of an account being closed, the
// results of a year being closed) and the loan book (exposures, the loans
// of a member leaving). Cross-aggregate rules read them and record the
// figures they relied on in their events (design decision 5).
type live struct {
	mu     sync.Mutex
	fresh  func() projector.Projection
	p      projector.Projection
	at     eventstore.Position
	loaded bool
	pr     *projector.Projector
}

func newLive(store eventstore.Store, fresh func() projector.Projection) *live {
	snaps, _ := store.(eventstore.SnapshotStore)
	return &live{fresh: fresh, p: fresh(), pr: projector.New(store, snaps)}
}

// read brings the projection up to date and calls fn with it, under the
// lock; fn must not keep it.
func (l *live) read(ctx context.Context, fn func(projector.Projection)) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.loaded {
		st, err := l.pr.CatchUp(ctx, l.p)
		if err != nil {
			l.p = l.fresh()
			return err
		}
		l.at, l.loaded = st.To, true
	} else {
		n, at, err := l.pr.Advance(ctx, l.p, l.at)
		if err != nil {
			// A fold that failed halfway leaves the projection unknown:
			// start again from the snapshot next time.
			l.p, l.loaded = l.fresh(), false
			return err
		}
		if n > 0 {
			l.at = at
		}
	}
	fn(l.p)
	return nil
}

// generalLedger is the general ledger kept live.
type generalLedger struct{ *live }

func newGeneralLedger(store eventstore.Store) *generalLedger {
	return &generalLedger{newLive(store, func() projector.Projection { return generalledger.New() })}
}

// read calls fn with the cooperative's books, if it has any.
func (g *generalLedger) read(ctx context.Context, coop cooperative.ID, fn func(*generalledger.Books)) error {
	return g.live.read(ctx, func(p projector.Projection) {
		if b, ok := p.(*generalledger.Projection).Books(string(coop)); ok {
			fn(b)
		}
	})
}

// Ledger brings the general ledger up to date and calls fn with the
// cooperative's books (nil if it has none yet). The books are the
// service's own: fn must not keep them or call the service.
func (s *Service) Ledger(ctx context.Context, coop cooperative.ID, fn func(*generalledger.Books)) error {
	called := false
	err := s.gl.read(ctx, coop, func(b *generalledger.Books) { called = true; fn(b) })
	if err == nil && !called {
		fn(nil)
	}
	return err
}

// cashView answers what a cooperative's cash accounts can pay from the
// general ledger brought up to date at each question. It implements
// ledger.CashBalances for decisions; a ledger it cannot read has nothing
// available, and the error is kept for the caller.
type cashView struct {
	ctx  context.Context
	gl   *generalLedger
	coop cooperative.ID
	err  *error
}

func (v cashView) Lowest(account string, from calendar.Date) money.Amount {
	low := money.Zero()
	err := v.gl.read(v.ctx, v.coop, func(b *generalledger.Books) { low = b.Lowest(account, from) })
	if err != nil && *v.err == nil {
		*v.err = err
	}
	return low
}
