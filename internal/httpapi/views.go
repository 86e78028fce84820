package httpapi

import (
	"context"
	"sync"

	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/projector"
	"github.com/lumbung-ledger/lumbung/projections/balances"
)

// views are the read models the API keeps in memory: the members'
// balances, brought up to the end of the log before every read, so a
// person reads what they have just written.
type views struct {
	mu     sync.Mutex
	pr     *projector.Projector
	store  eventstore.Store
	bal    *balances.Projection
	at     eventstore.Position
	loaded bool
}

func newViews(store eventstore.Store) *views {
	snaps, _ := store.(eventstore.SnapshotStore)
	return &views{pr: projector.New(store, snaps), store: store, bal: balances.New()}
}

// balances brings the balances up to date and calls fn with them under
// the lock; fn must not keep them.
func (v *views) balances(ctx context.Context, fn func(*balances.Projection)) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.catchUp(ctx); err != nil {
		return err
	}
	fn(v.bal)
	return nil
}

func (v *views) catchUp(ctx context.Context) error {
	if !v.loaded {
		st, err := v.pr.CatchUp(ctx, v.bal)
		if err != nil {
			v.bal = balances.New()
			return err
		}
		v.at, v.loaded = st.To, true
		return nil
	}
	n, at, err := v.pr.Advance(ctx, v.bal, v.at)
	if err != nil {
		// A fold that failed halfway leaves the projection unknown.
		v.bal, v.loaded = balances.New(), false
		return err
	}
	if n > 0 {
		v.at = at
	}
	return nil
}

// lagLimit bounds the count of events a lag measurement reads.
const lagLimit = 10_000

// lag counts the events of the log the balances have not folded yet, at
// most lagLimit.
func (v *views) lag(ctx context.Context) (int, error) {
	v.mu.Lock()
	at, loaded := v.at, v.loaded
	v.mu.Unlock()
	if !loaded {
		at = eventstore.Start
	}
	page, err := v.store.ReadAll(ctx, at, eventstore.Forwards, lagLimit)
	return len(page), err
}
