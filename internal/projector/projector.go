// Package projector feeds projections from the global log: it restores a
// projection from its snapshot, folds in every event recorded since, and
// saves a new snapshot with the position of the last event folded in, so
// that a restart does not replay from the first event. Snapshot and
// position are saved together, so no event is ever counted twice or
// skipped.
package projector

import (
	"context"
	"crypto/sha256"
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
	// Discarded is set when a snapshot was found damaged (its checksum
	// does not match) and the projection was rebuilt instead.
	Discarded bool
	From, To  eventstore.Position
	Events    int
	Elapsed   time.Duration
}

// CatchUp brings p up to the end of the log: from its snapshot if there is
// one of its version, else from the first event. It saves a snapshot if it
// folded anything in.
func (pr *Projector) CatchUp(ctx context.Context, p Projection) (Stats, error) {
	start := time.Now()
	st, err := pr.restore(ctx, p)
	if err != nil {
		return st, err
	}
	st.To = st.From
	n, last, err := pr.fold(ctx, st.From, p)
	st.Events, st.To = n, last
	if err != nil {
		return st, err
	}
	if (n > 0 || st.Discarded) && pr.snaps != nil {
		if err := pr.save(ctx, p, last); err != nil {
			return st, err
		}
	}
	st.Elapsed = time.Since(start)
	return st, nil
}

// restore loads p's snapshot, if there is an intact one of its version;
// st.From is then its position.
func (pr *Projector) restore(ctx context.Context, p Projection) (Stats, error) {
	var st Stats
	if pr.snaps != nil {
		snap, ok, err := pr.snaps.LoadSnapshot(ctx, p.Name())
		if err != nil {
			return st, err
		}
		if ok && snap.Version == p.Version() {
			payload, intact := open(snap.Data)
			if intact {
				if err := p.UnmarshalBinary(payload); err != nil {
					return st, fmt.Errorf("projector: %s: %w", p.Name(), err)
				}
				st.Restored, st.From = true, snap.Position
			} else {
				st.Discarded = true
			}
		}
	}
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
	return pr.snaps.SaveSnapshot(ctx, eventstore.Snapshot{Name: p.Name(), Version: p.Version(), Position: at, Data: seal(data)})
}

// A saved snapshot is its payload behind a SHA-256 checksum, so that a
// damaged snapshot (a bad disk sector, an edit with a SQLite tool) is
// rebuilt from the log rather than believed. A deliberate edit can
// recompute the checksum: `lumbung audit verify` therefore also rebuilds
// the projections from the verified log and compares.
const snapshotMagic = "lumbung.snapshot.1\n"

func seal(payload []byte) []byte {
	sum := sha256.Sum256(payload)
	out := make([]byte, 0, len(snapshotMagic)+len(sum)+len(payload))
	out = append(append(append(out, snapshotMagic...), sum[:]...), payload...)
	return out
}

// SnapshotPayload returns what a projection saved in a snapshot, and an
// error wrapping eventstore.ErrCorrupt if the checksum does not hold.
func SnapshotPayload(s eventstore.Snapshot) ([]byte, error) {
	payload, intact := open(s.Data)
	if !intact {
		return nil, fmt.Errorf("%w: snapshot %s: checksum does not match", eventstore.ErrCorrupt, s.Name)
	}
	return payload, nil
}

// open returns a snapshot's payload and whether its checksum holds.
func open(data []byte) ([]byte, bool) {
	head := len(snapshotMagic) + sha256.Size
	if len(data) < head || string(data[:len(snapshotMagic)]) != snapshotMagic {
		return nil, false
	}
	payload := data[head:]
	sum := sha256.Sum256(payload)
	return payload, string(sum[:]) == string(data[len(snapshotMagic):head])
}

// Compare folds the whole log into fresh, which must be empty, and
// reports whether it equals the saved snapshot of the same projection
// caught up to the end of the log. It saves nothing. With no snapshot
// saved there is nothing to compare and it reports true.
func (pr *Projector) Compare(ctx context.Context, saved, fresh Projection) (bool, error) {
	if pr.snaps == nil {
		return true, nil
	}
	snap, ok, err := pr.snaps.LoadSnapshot(ctx, saved.Name())
	if err != nil || !ok || snap.Version != saved.Version() {
		return true, err
	}
	payload, intact := open(snap.Data)
	if !intact {
		return false, nil
	}
	if err := saved.UnmarshalBinary(payload); err != nil {
		return false, nil
	}
	// Both are brought to the same position, so that events appended
	// while the comparison runs do not make them differ.
	_, last, err := pr.fold(ctx, eventstore.Start, fresh)
	if err != nil {
		return false, err
	}
	if snap.Position.Less(last) {
		if _, _, err := pr.foldUntil(ctx, snap.Position, last, saved); err != nil {
			return false, err
		}
	}
	a, err := saved.MarshalBinary()
	if err != nil {
		return false, err
	}
	b, err := fresh.MarshalBinary()
	if err != nil {
		return false, err
	}
	return string(a) == string(b), nil
}

// fold applies every event after from. Reading, decoding and folding run
// as a pipeline, so that a two-core machine keeps both cores busy; events
// are still applied one at a time, in log order.
func (pr *Projector) fold(ctx context.Context, from eventstore.Position, p Projection) (int, eventstore.Position, error) {
	return pr.foldUntil(ctx, from, eventstore.End, p)
}

// foldUntil is fold stopping after the event at position until.
func (pr *Projector) foldUntil(ctx context.Context, from, until eventstore.Position, p Projection) (int, eventstore.Position, error) {
	type page struct {
		events []codec.Event
		last   eventstore.Position
		err    error
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	send := func(ch chan<- page, pg page) bool {
		select {
		case ch <- pg:
			return true
		case <-ctx.Done():
			return false
		}
	}
	raw := make(chan []eventstore.RecordedEvent, 2)
	decoded := make(chan page, 2)
	readErr := make(chan error, 1)
	go func() {
		defer close(raw)
		at := from
		for {
			events, err := pr.store.ReadAll(ctx, at, eventstore.Forwards, pr.PageSize)
			if err != nil {
				readErr <- fmt.Errorf("projector: read after %s: %w", at, err)
				return
			}
			for len(events) > 0 && until.Less(events[len(events)-1].Position) {
				events = events[:len(events)-1]
			}
			if len(events) == 0 {
				return
			}
			select {
			case raw <- events:
			case <-ctx.Done():
				return
			}
			at = events[len(events)-1].Position
		}
	}()
	go func() {
		defer close(decoded)
		for events := range raw {
			out := page{events: make([]codec.Event, 0, len(events)), last: events[len(events)-1].Position}
			for _, rec := range events {
				e, err := pr.events.Decode(rec)
				if err != nil {
					send(decoded, page{err: err})
					return
				}
				out.events = append(out.events, e)
			}
			if !send(decoded, out) {
				return
			}
		}
		select {
		case err := <-readErr:
			send(decoded, page{err: err})
		default:
		}
	}()
	n, last := 0, from
	for pg := range decoded {
		if pg.err != nil {
			return n, last, pg.err
		}
		for _, e := range pg.events {
			p.Apply(e)
		}
		n += len(pg.events)
		last = pg.last
	}
	return n, last, ctx.Err()
}

// Advance folds into p every event after from, without snapshots, and
// returns how many it folded and the position of the last. A service
// keeping a projection in memory calls it before each decision that
// reads the projection.
func (pr *Projector) Advance(ctx context.Context, p Projection, from eventstore.Position) (int, eventstore.Position, error) {
	return pr.fold(ctx, from, p)
}
