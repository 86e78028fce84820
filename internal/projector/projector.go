// Package projector feeds projections from the global log: it restores a
// projection from its snapshot, folds in every event recorded since, and
// saves a new snapshot with the position of the last event folded in, so
// that a restart does not replay from the first event. Snapshot and
// position are saved together, so no event is ever counted twice or
// skipped.
package projector

import (
	"context"
	"encoding"
	"fmt"
	"time"

	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
)

// Projection is a fold the projector can feed and snapshot.
type Projection interface {
	Name() string
	// Version changes whenever the fold or its snapshot format does; a
	// snapshot of another version is ignored and the projection rebuilt.
	Version() int
	Apply(codec.Event)
	encoding.BinaryMarshaler
	encoding.BinaryUnmarshaler
}

// Projector feeds projections from one store.
type Projector struct {
	store  eventstore.Store
	snaps  eventstore.SnapshotStore // nil: always from the first event
	events *codec.Registry
	// PageSize is how many events one read fetches.
	PageSize int
}

// New returns a projector reading store and keeping snapshots in snaps,
// which may be nil.
func New(store eventstore.Store, snaps eventstore.SnapshotStore) *Projector {
	return &Projector{store: store, snaps: snaps, events: codec.Events(), PageSize: 5000}
}

// Stats tell what a catch-up did.
type Stats struct {
	// Restored is set when the projection started from a snapshot.
	Restored bool
	From, To eventstore.Position
	Events   int
	Elapsed  time.Duration
}

// CatchUp brings p up to the end of the log: from its snapshot if there is
// one of its version, else from the first event. It saves a snapshot if it
// folded anything in.
func (pr *Projector) CatchUp(ctx context.Context, p Projection) (Stats, error) {
	start := time.Now()
	var st Stats
	if pr.snaps != nil {
		snap, ok, err := pr.snaps.LoadSnapshot(ctx, p.Name())
		if err != nil {
			return st, err
		}
		if ok && snap.Version == p.Version() {
			if err := p.UnmarshalBinary(snap.Data); err != nil {
				return st, fmt.Errorf("projector: %s: %w", p.Name(), err)
			}
			st.Restored, st.From = true, snap.Position
		}
	}
	st.To = st.From
	n, last, err := pr.fold(ctx, st.From, p)
	st.Events, st.To = n, last
	if err != nil {
		return st, err
	}
	if n > 0 && pr.snaps != nil {
		if err := pr.save(ctx, p, last); err != nil {
			return st, err
		}
	}
	st.Elapsed = time.Since(start)
	return st, nil
}

// Rebuild folds the whole log into p, which must be empty, and replaces
// its snapshot.
func (pr *Projector) Rebuild(ctx context.Context, p Projection) (Stats, error) {
	start := time.Now()
	n, last, err := pr.fold(ctx, eventstore.Start, p)
	st := Stats{Events: n, To: last}
	if err != nil {
		return st, err
	}
	if pr.snaps != nil {
		if err := pr.save(ctx, p, last); err != nil {
			return st, err
		}
	}
	st.Elapsed = time.Since(start)
	return st, nil
}

func (pr *Projector) save(ctx context.Context, p Projection, at eventstore.Position) error {
	data, err := p.MarshalBinary()
	if err != nil {
		return fmt.Errorf("projector: %s: %w", p.Name(), err)
	}
	return pr.snaps.SaveSnapshot(ctx, eventstore.Snapshot{Name: p.Name(), Version: p.Version(), Position: at, Data: data})
}

// fold applies every event after from. Reading the next page overlaps
// with decoding and folding the current one.
func (pr *Projector) fold(ctx context.Context, from eventstore.Position, p Projection) (int, eventstore.Position, error) {
	type page struct {
		events []eventstore.RecordedEvent
		err    error
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pages := make(chan page, 2)
	go func() {
		defer close(pages)
		at := from
		for {
			events, err := pr.store.ReadAll(ctx, at, eventstore.Forwards, pr.PageSize)
			select {
			case pages <- page{events, err}:
			case <-ctx.Done():
				return
			}
			if err != nil || len(events) == 0 {
				return
			}
			at = events[len(events)-1].Position
		}
	}()
	n, last := 0, from
	for pg := range pages {
		if pg.err != nil {
			return n, last, fmt.Errorf("projector: read after %s: %w", last, pg.err)
		}
		for _, rec := range pg.events {
			e, err := pr.events.Decode(rec)
			if err != nil {
				return n, last, err
			}
			p.Apply(e)
			n++
			last = rec.Position
		}
	}
	return n, last, nil
}
