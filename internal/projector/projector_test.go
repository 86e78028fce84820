package projector_test

import (
	"bytes"
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/policy"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/sqlite"
	"github.com/lumbung-ledger/lumbung/internal/importer"
	"github.com/lumbung-ledger/lumbung/internal/projector"
	"github.com/lumbung-ledger/lumbung/internal/sample"
	"github.com/lumbung-ledger/lumbung/projections/balances"
)

const coop = "kdmp-test"

func clock() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) }

func on(m time.Month, d int) calendar.Date { return calendar.MustNew(2025, m, d) }

// ledger is a store with a cooperative and the sample generator's members
// and rows imported, and a service on it.
type ledger struct {
	store *sqlite.Store
	svc   *app.Service
}

func newLedger(t *testing.T, members, rows int) ledger {
	t.Helper()
	ctx := t.Context()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "l.db"), sqlite.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	svc := app.New(store, app.Options{Clock: clock})
	_, err = svc.Register(ctx, "bendahara", cooperative.Register{Coop: coop, Name: "Koperasi Test", Policy: policy.Default(money.New(50_000), money.New(10_000))})
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, sample.Write(&buf, sample.Config{
		Members: members, Rows: rows, Start: on(time.January, 1), Days: 300,
		Pokok: 50_000, Wajib: 10_000, Seed: 3, RefPrefix: "R",
	}))
	_, err = importer.Run(ctx, svc, "bendahara", coop, &buf, int64(buf.Len()), importer.Options{})
	require.NoError(t, err)
	return ledger{store: store, svc: svc}
}

// count returns the number of events in the log and the last position.
func (l ledger) count(t *testing.T) (int, eventstore.Position) {
	t.Helper()
	n, last := 0, eventstore.Start
	for {
		page, err := l.store.ReadAll(t.Context(), last, eventstore.Forwards, 0)
		require.NoError(t, err)
		if len(page) == 0 {
			return n, last
		}
		n += len(page)
		last = page[len(page)-1].Position
	}
}

// more records n new deposits dated after the sample's rows, returning
// the number of events written.
func (l ledger) more(t *testing.T, batch, n int) int {
	t.Helper()
	written := 0
	for i := range n {
		res, err := l.svc.Deposit(t.Context(), "bendahara", coop, "M0001", savings.Sukarela, money.New(int64(1000*(i+1))), on(time.December, 1+i%28), fmt.Sprintf("MORE-%d-%d", batch, i))
		require.NoError(t, err)
		written += len(res.Events)
	}
	return written
}

func encoded(t *testing.T, p *balances.Projection) []byte {
	t.Helper()
	b, err := p.MarshalBinary()
	require.NoError(t, err)
	return b
}

// rebuilt folds the whole log into a new projection, without snapshots.
func rebuilt(t *testing.T, store eventstore.Store) []byte {
	t.Helper()
	p := balances.New()
	st, err := projector.New(store, nil).Rebuild(t.Context(), p)
	require.NoError(t, err)
	require.False(t, st.Restored)
	return encoded(t, p)
}

func TestCatchUpFromSnapshots(t *testing.T) {
	l := newLedger(t, 40, 1_500)
	ctx := t.Context()
	total, last := l.count(t)
	pr := projector.New(l.store, l.store)
	pr.PageSize = 97 // several pages, the last one short

	// From nothing: everything is folded and a snapshot saved.
	first := balances.New()
	st, err := pr.CatchUp(ctx, first)
	require.NoError(t, err)
	require.False(t, st.Restored)
	require.Equal(t, eventstore.Start, st.From)
	require.Equal(t, total, st.Events)
	require.Equal(t, last, st.To)
	snap, ok, err := l.store.LoadSnapshot(ctx, balances.Name)
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, balances.Version, snap.Version)
	require.Equal(t, last, snap.Position)
	require.Equal(t, encoded(t, first), payload(t, snap))
	require.Equal(t, rebuilt(t, l.store), payload(t, snap))

	// Again: restored from the snapshot, nothing to fold, nothing saved.
	second := balances.New()
	st, err = pr.CatchUp(ctx, second)
	require.NoError(t, err)
	require.True(t, st.Restored)
	require.Zero(t, st.Events)
	require.Equal(t, last, st.From)
	require.Equal(t, last, st.To)
	require.Equal(t, payload(t, snap), encoded(t, second))

	// After more events: only those are folded, and the result is what a
	// rebuild from zero gives.
	added := l.more(t, 1, 150)
	require.Equal(t, 150, added)
	total2, last2 := l.count(t)
	require.Equal(t, total+added, total2)
	third := balances.New()
	st, err = pr.CatchUp(ctx, third)
	require.NoError(t, err)
	require.True(t, st.Restored)
	require.Equal(t, last, st.From)
	require.Equal(t, added, st.Events)
	require.Equal(t, last2, st.To)
	want := rebuilt(t, l.store)
	require.Equal(t, want, encoded(t, third))
	snap, ok, err = l.store.LoadSnapshot(ctx, balances.Name)
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, last2, snap.Position)
	require.Equal(t, want, payload(t, snap))

	// A projection already in memory catches up the same way.
	added = l.more(t, 2, 5)
	st, err = pr.CatchUp(ctx, third)
	require.NoError(t, err)
	require.Equal(t, added, st.Events)
	require.Equal(t, rebuilt(t, l.store), encoded(t, third))
}

func TestCatchUpIgnoresSnapshotOfAnotherVersion(t *testing.T) {
	l := newLedger(t, 10, 200)
	ctx := t.Context()
	total, last := l.count(t)
	require.NoError(t, l.store.SaveSnapshot(ctx, eventstore.Snapshot{
		Name: balances.Name, Version: balances.Version + 1, Position: last, Data: []byte("a format this build does not know"),
	}))

	p := balances.New()
	st, err := projector.New(l.store, l.store).CatchUp(ctx, p)
	require.NoError(t, err)
	require.False(t, st.Restored)
	require.Equal(t, total, st.Events)
	require.Equal(t, rebuilt(t, l.store), encoded(t, p))
	snap, ok, err := l.store.LoadSnapshot(ctx, balances.Name)
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, balances.Version, snap.Version)
	require.Equal(t, encoded(t, p), payload(t, snap))
}

func TestCatchUpWithoutSnapshotStore(t *testing.T) {
	l := newLedger(t, 10, 200)
	total, _ := l.count(t)
	pr := projector.New(l.store, nil)
	for range 2 {
		p := balances.New()
		st, err := pr.CatchUp(t.Context(), p)
		require.NoError(t, err)
		require.False(t, st.Restored)
		require.Equal(t, total, st.Events)
	}
	_, ok, err := l.store.LoadSnapshot(t.Context(), balances.Name)
	require.NoError(t, err)
	require.False(t, ok)
}

// TestCatchUpRebuildsOverAnUnreadableSnapshot: a snapshot of the right
// version whose checksum fails is discarded and the projection rebuilt
// from the log, then saved again.
func TestCatchUpRebuildsOverAnUnreadableSnapshot(t *testing.T) {
	l := newLedger(t, 10, 200)
	ctx := t.Context()
	_, last := l.count(t)
	require.NoError(t, l.store.SaveSnapshot(ctx, eventstore.Snapshot{Name: balances.Name, Version: balances.Version, Position: last, Data: []byte("garbage")}))
	p := balances.New()
	st, err := projector.New(l.store, l.store).CatchUp(ctx, p)
	require.NoError(t, err)
	require.True(t, st.Discarded)
	require.False(t, st.Restored)
	require.Equal(t, rebuilt(t, l.store), encoded(t, p))
	snap, ok, err := l.store.LoadSnapshot(ctx, balances.Name)
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, encoded(t, p), payload(t, snap), "the snapshot is saved again, intact")
}

// payload returns a snapshot's payload, failing the test if its checksum
// does not hold.
func payload(t *testing.T, s eventstore.Snapshot) []byte {
	t.Helper()
	p, err := projector.SnapshotPayload(s)
	require.NoError(t, err)
	return p
}

func TestRebuildReplacesTheSnapshot(t *testing.T) {
	l := newLedger(t, 10, 200)
	ctx := t.Context()
	total, last := l.count(t)
	pr := projector.New(l.store, l.store)
	_, err := pr.CatchUp(ctx, balances.New())
	require.NoError(t, err)
	added := l.more(t, 1, 3)

	p := balances.New()
	st, err := pr.Rebuild(ctx, p)
	require.NoError(t, err)
	require.False(t, st.Restored)
	require.Equal(t, total+added, st.Events)
	require.True(t, last.Less(st.To))
	snap, ok, err := l.store.LoadSnapshot(ctx, balances.Name)
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, st.To, snap.Position)
	require.Equal(t, encoded(t, p), payload(t, snap))
}

// TestPageSizesGiveTheSameProjection folds the log in pages of several
// sizes, including one event per page.
func TestPageSizesGiveTheSameProjection(t *testing.T) {
	l := newLedger(t, 10, 300)
	want := rebuilt(t, l.store)
	total, _ := l.count(t)
	for _, size := range []int{1, 2, 7, 299, total, total + 1, 10_000} {
		pr := projector.New(l.store, nil)
		pr.PageSize = size
		p := balances.New()
		st, err := pr.CatchUp(t.Context(), p)
		require.NoError(t, err)
		require.Equal(t, total, st.Events, "page size %d", size)
		require.Equal(t, want, encoded(t, p), "page size %d", size)
	}
}

// TestCatchUpStopsAtACorruptEvent renames one stored event's type behind
// the store's back: the catch-up fails with an error wrapping
// eventstore.ErrCorrupt and saves no snapshot.
func TestCatchUpStopsAtACorruptEvent(t *testing.T) {
	l := newLedger(t, 10, 200)
	ctx := t.Context()
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: l.store.Path()}).EscapedPath()+"?_pragma=busy_timeout(10000)")
	require.NoError(t, err)
	defer db.Close()
	for _, q := range []string{
		"DROP TRIGGER events_append_only_update",
		"UPDATE events SET type = 'NoSuchEvent' WHERE position = 100",
	} {
		_, err := db.ExecContext(ctx, q)
		require.NoError(t, err, q)
	}
	require.NoError(t, db.Close())

	pr := projector.New(l.store, l.store)
	pr.PageSize = 30
	st, err := pr.CatchUp(ctx, balances.New())
	require.ErrorIs(t, err, eventstore.ErrCorrupt)
	require.ErrorContains(t, err, `unknown event type "NoSuchEvent"`)
	require.Less(t, st.Events, 100)
	_, ok, err := l.store.LoadSnapshot(ctx, balances.Name)
	require.NoError(t, err)
	require.False(t, ok, "a snapshot was saved from a corrupt log")
}

// TestCatchUpNoticesAnAlteredSnapshot changes one digit of a member's
// balance inside the saved snapshot, as a bit flip on disk or an edit with
// a SQLite tool would (the snapshots table has no append-only triggers and
// audit.Verify does not look at it). The balances shown must still be the
// log's.
func TestCatchUpNoticesAnAlteredSnapshot(t *testing.T) {
	l := newLedger(t, 10, 200)
	ctx := t.Context()
	pr := projector.New(l.store, l.store)
	_, err := pr.CatchUp(ctx, balances.New())
	require.NoError(t, err)
	want := rebuilt(t, l.store)

	snap, ok, err := l.store.LoadSnapshot(ctx, balances.Name)
	require.NoError(t, err)
	require.True(t, ok)
	i := bytes.Index(snap.Data, []byte("50000"))
	require.Positive(t, i)
	snap.Data = bytes.Clone(snap.Data)
	snap.Data[i] = '9' // 50000 becomes 90000
	require.NoError(t, l.store.SaveSnapshot(ctx, snap))

	p := balances.New()
	st, err := pr.CatchUp(ctx, p)
	require.NoError(t, err)
	assert.True(t, st.Discarded, "the damaged snapshot is noticed")
	assert.False(t, st.Restored)
	require.Equal(t, want, encoded(t, p), "the balances are the log's, not the altered snapshot's")

	snap, ok, err = l.store.LoadSnapshot(ctx, balances.Name)
	require.NoError(t, err)
	require.True(t, ok)
	restored := balances.New()
	st, err = pr.CatchUp(ctx, restored)
	require.NoError(t, err)
	assert.True(t, st.Restored, "the snapshot was saved again, intact")
	require.Equal(t, want, encoded(t, restored))
}
