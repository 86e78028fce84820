package projector_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/projector"
	"github.com/lumbung-ledger/lumbung/projections/balances"
)

// A followed projection catches up from its snapshot, folds in the events
// appended while it follows, and leaves a snapshot at the last one when
// stopped: equal to a fold of the whole log.
func TestFollowKeepsAProjectionUpToDate(t *testing.T) {
	l := newLedger(t, 20, 300)
	_, err := projector.New(l.store, l.store).CatchUp(t.Context(), balances.New())
	require.NoError(t, err)
	written := l.more(t, 1, 5) // after the snapshot

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	p := balances.New()
	var applied atomic.Int64
	caughtUp := make(chan struct{}, 10)
	done := make(chan error, 1)
	go func() {
		done <- projector.New(l.store, l.store).Follow(ctx, p, projector.FollowOptions{
			Every:    time.Hour,
			Applied:  func(eventstore.Position) { applied.Add(1) },
			CaughtUp: func() { caughtUp <- struct{}{} },
		})
	}()
	<-caughtUp
	assert.EqualValues(t, written, applied.Load(), "the catch-up folds in only what the snapshot lacks")
	written += l.more(t, 2, 7)
	require.Eventually(t, func() bool { return applied.Load() == int64(written) }, 10*time.Second, 5*time.Millisecond)
	cancel()
	require.ErrorIs(t, <-done, context.Canceled)

	assert.Equal(t, rebuilt(t, l.store), encoded(t, p))
	_, last := l.count(t)
	snap, ok, err := l.store.LoadSnapshot(t.Context(), balances.Name)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, last, snap.Position, "the snapshot is saved at the last event on the way out")
	restored := balances.New()
	st, err := projector.New(l.store, l.store).CatchUp(t.Context(), restored)
	require.NoError(t, err)
	assert.Zero(t, st.Events)
	assert.Equal(t, encoded(t, p), encoded(t, restored))
}
