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
)

// generalLedger is the service's general ledger, kept in memory and
// brought up to the end of the log before every read: the cash accounts
// a payment would draw on, the balance of an account being closed, the
// results of a year being closed. Cross-aggregate rules read it and
// record the figures they relied on in their events (design decision 5).
type generalLedger struct {
	mu     sync.Mutex
	gl     *generalledger.Projection
	at     eventstore.Position
	loaded bool
	pr     *projector.Projector
}

func newGeneralLedger(store eventstore.Store) *generalLedger {
	snaps, _ := store.(eventstore.SnapshotStore)
	return &generalLedger{gl: generalledger.New(), pr: projector.New(store, snaps)}
}

// read brings the ledger up to date and calls fn with the cooperative's
// books, under the ledger's lock; fn must not keep them.
func (g *generalLedger) read(ctx context.Context, coop cooperative.ID, fn func(*generalledger.Books)) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.loaded {
		st, err := g.pr.CatchUp(ctx, g.gl)
		if err != nil {
			g.gl = generalledger.New()
			return err
		}
		g.at, g.loaded = st.To, true
	} else {
		n, at, err := g.pr.Advance(ctx, g.gl, g.at)
		if err != nil {
			// A fold that failed halfway leaves the projection unknown:
			// start again from the snapshot next time.
			g.gl, g.loaded = generalledger.New(), false
			return err
		}
		if n > 0 {
			g.at = at
		}
	}
	b, ok := g.gl.Books(string(coop))
	if !ok {
		return nil
	}
	fn(b)
	return nil
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
