package esdb_test

import (
	"bytes"
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/policy"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/esdb"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/esdb/esdbtest"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/sqlite"
	"github.com/lumbung-ledger/lumbung/internal/importer"
	"github.com/lumbung-ledger/lumbung/internal/projector"
	"github.com/lumbung-ledger/lumbung/internal/sample"
	"github.com/lumbung-ledger/lumbung/projections/balances"
)

func encode(t *testing.T, p *balances.Projection) []byte {
	t.Helper()
	b, err := p.MarshalBinary()
	require.NoError(t, err)
	return b
}

// A projection following the server over a subscription, with its
// checkpoint in a local file, loses and double-counts nothing when the
// server goes away in the middle of its catch-up and comes back, nor
// when the follower itself is stopped and started again.
func TestFollowResumesAfterTheServerWentAway(t *testing.T) {
	ctx := t.Context()
	server := esdbtest.Start(t, esdbtest.WithSystemEvents())
	store, err := esdb.Open(ctx, server.URL())
	require.NoError(t, err)
	defer store.Close()
	clock := func() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) }
	svc := app.New(store, app.Options{Clock: clock})
	_, err = svc.Register(ctx, "bendahara", cooperative.Register{Coop: "kdmp", Name: "Koperasi", Policy: policy.Default(money.New(50_000), money.New(10_000))})
	require.NoError(t, err)
	var csv bytes.Buffer
	require.NoError(t, sample.Write(&csv, sample.Config{Members: 40, Rows: 1500, Start: calendar.MustNew(2025, 1, 1), Days: 300, Pokok: 50_000, Wajib: 10_000, Seed: 9, RefPrefix: "R"}))
	_, err = importer.Run(ctx, svc, "bendahara", "kdmp", &csv, int64(csv.Len()), importer.Options{})
	require.NoError(t, err)

	cache, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "cache.db"), sqlite.Options{})
	require.NoError(t, err)
	defer cache.Close()
	follow := func(ctx context.Context, p *balances.Projection, applied func(int64), caughtUp chan<- struct{}, dropped *atomic.Int64) error {
		var n atomic.Int64
		return projector.New(store, cache).Follow(ctx, p, projector.FollowOptions{
			Every:    time.Millisecond,
			Applied:  func(eventstore.Position) { applied(n.Add(1)) },
			CaughtUp: func() { caughtUp <- struct{}{} },
			Dropped:  func(error) { dropped.Add(1) },
		})
	}

	// The server goes away after 300 events of the catch-up.
	stopped := make(chan struct{})
	p := balances.New()
	caughtUp := make(chan struct{}, 16)
	var dropped atomic.Int64
	run, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		done <- follow(run, p, func(n int64) {
			if n == 300 {
				server.Stop()
				close(stopped)
			}
		}, caughtUp, &dropped)
	}()
	<-stopped
	require.Eventually(t, func() bool { return dropped.Load() > 0 }, 10*time.Second, time.Millisecond, "the follower sees the server go")
	// Away for longer than the client's discovery lasts (ten tries a
	// tenth of a second apart): the adapter needs a new client.
	time.Sleep(1500 * time.Millisecond)
	require.NoError(t, server.Restart())
	select {
	case <-caughtUp:
	case <-time.After(30 * time.Second):
		t.Fatal("the follower never caught up after the server came back")
	}
	want := balances.New()
	_, err = projector.New(store, nil).Rebuild(ctx, want)
	require.NoError(t, err)
	assert.Equal(t, encode(t, want), encode(t, p), "every event folded in once")

	// The follower stops; new events arrive; a new follower resumes from
	// the checkpoint.
	cancel()
	require.ErrorIs(t, <-done, context.Canceled)
	_, err = svc.Deposit(ctx, "bendahara", "kdmp", "M0001", "sukarela", money.New(12_345), calendar.MustNew(2025, 12, 1), "SETELAH-HENTI")
	require.NoError(t, err)
	again := balances.New()
	var resumed atomic.Int64
	run2, cancel2 := context.WithCancel(ctx)
	defer cancel2()
	caughtUp2 := make(chan struct{}, 16)
	go func() { _ = follow(run2, again, func(n int64) { resumed.Store(n) }, caughtUp2, &dropped) }()
	<-caughtUp2
	assert.EqualValues(t, 1, resumed.Load(), "only the deposit made meanwhile is folded in")
	want = balances.New()
	_, err = projector.New(store, nil).Rebuild(ctx, want)
	require.NoError(t, err)
	assert.Equal(t, encode(t, want), encode(t, again))
}
