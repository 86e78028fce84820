package esdb

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/google/uuid"

	"github.com/lumbung-ledger/lumbung/internal/eventstore"
)

// limit returns the count a read asks for: zero and anything above the
// port's maximum is the maximum.
func limit(n int) uint64 {
	if n <= 0 || n > eventstore.MaxReadCount {
		return eventstore.MaxReadCount
	}
	return uint64(n)
}

func direction(d eventstore.Direction) esdb.Direction {
	if d == eventstore.Backwards {
		return esdb.Backwards
	}
	return esdb.Forwards
}

// drain reads every event of a read.
func (s *Store) drain(ctx context.Context, client *esdb.Client, op string, r *esdb.ReadStream, keep func(eventstore.RecordedEvent) bool) error {
	defer r.Close()
	for {
		ev, err := r.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			if code(err) == esdb.ErrorCodeResourceNotFound {
				return eventstore.ErrStreamNotFound
			}
			if code(err) == esdb.ErrorCodeStreamDeleted {
				return fmt.Errorf("%w: %s: the stream is deleted", eventstore.ErrCorrupt, op)
			}
			return s.unavailable(ctx, client, op, err)
		}
		if ev.Event == nil {
			continue
		}
		if !keep(recorded(ev.Event)) {
			return nil
		}
	}
}

// ReadStream implements eventstore.Store.
func (s *Store) ReadStream(ctx context.Context, stream string, from uint64, dir eventstore.Direction, n int) ([]eventstore.RecordedEvent, error) {
	opts := esdb.ReadStreamOptions{Direction: direction(dir), From: esdb.Revision(from)}
	if from == eventstore.LastRevision {
		opts.From = esdb.End{}
	}
	client := s.conn()
	r, err := client.ReadStream(ctx, stream, opts, limit(n))
	if err != nil {
		if code(err) == esdb.ErrorCodeResourceNotFound {
			return nil, fmt.Errorf("%w: %s", eventstore.ErrStreamNotFound, stream)
		}
		return nil, s.unavailable(ctx, client, "read "+stream, err)
	}
	var out []eventstore.RecordedEvent
	err = s.drain(ctx, client, "read "+stream, r, func(e eventstore.RecordedEvent) bool {
		out = append(out, e)
		return true
	})
	if errors.Is(err, eventstore.ErrStreamNotFound) {
		return nil, fmt.Errorf("%w: %s", eventstore.ErrStreamNotFound, stream)
	}
	return out, err
}

// ReadAll implements eventstore.Store. The server's own events are
// skipped; a page holds at most n of the others, and is empty only at
// the end of the log.
func (s *Store) ReadAll(ctx context.Context, from eventstore.Position, dir eventstore.Direction, n int) ([]eventstore.RecordedEvent, error) {
	want := int(limit(n))
	var out []eventstore.RecordedEvent
	at, atStart := from, from == eventstore.Start
	atEnd := from == eventstore.End
	for len(out) < want {
		opts := esdb.ReadAllOptions{Direction: direction(dir), From: esdb.Position{Commit: at.Commit, Prepare: at.Prepare}}
		switch {
		case atStart && dir == eventstore.Forwards:
			opts.From = esdb.Start{}
		case atEnd && dir == eventstore.Backwards:
			opts.From = esdb.End{}
		}
		// Forwards, the server includes the event at the position; the
		// port does not: one more is asked for and the first dropped.
		ask := uint64(want - len(out))
		skipAt := dir == eventstore.Forwards && !(atStart && at == eventstore.Start)
		if skipAt {
			ask++
		}
		client := s.conn()
		r, err := client.ReadAll(ctx, opts, ask)
		if err != nil {
			return nil, s.unavailable(ctx, client, "read $all", err)
		}
		read, last := 0, at
		err = s.drain(ctx, client, "read $all", r, func(e eventstore.RecordedEvent) bool {
			read++
			last = e.Position
			if skipAt && e.Position == at {
				return true
			}
			if !system(e.Stream) {
				out = append(out, e)
			}
			return len(out) < want
		})
		if err != nil {
			return nil, err
		}
		if len(out) >= want || uint64(read) < ask {
			break // full, or the end of the log
		}
		at, atStart, atEnd = last, false, false
	}
	return out, nil
}

// FindEvent implements eventstore.Store, through the index of ids.
func (s *Store) FindEvent(ctx context.Context, id uuid.UUID) (eventstore.RecordedEvent, error) {
	s.mu.Lock()
	err := s.index.catchUp(ctx, s)
	loc, ok := s.index.ids[id]
	s.mu.Unlock()
	if err != nil {
		return eventstore.RecordedEvent{}, err
	}
	if !ok {
		return eventstore.RecordedEvent{}, fmt.Errorf("%w: %s", eventstore.ErrEventNotFound, id)
	}
	page, err := s.ReadStream(ctx, s.index.names[loc.stream], loc.revision, eventstore.Forwards, 1)
	if err != nil {
		return eventstore.RecordedEvent{}, err
	}
	if len(page) != 1 || page[0].ID != id {
		return eventstore.RecordedEvent{}, fmt.Errorf("%w: event %s is not where the log had it", eventstore.ErrCorrupt, id)
	}
	return page[0], nil
}

// Locate implements eventstore.Store, through the index of ids.
func (s *Store) Locate(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.index.catchUp(ctx, s); err != nil {
		return nil, err
	}
	out := map[uuid.UUID]string{}
	for _, id := range ids {
		if loc, ok := s.index.ids[id]; ok {
			out[id] = s.index.names[loc.stream]
		}
	}
	return out, nil
}

// Subscribe implements eventstore.Store: the stored events after from are
// read page by page, then CaughtUp is delivered, then the server's
// subscription to $all from the last position delivers the new ones.
func (s *Store) Subscribe(ctx context.Context, from eventstore.Position, fn func(eventstore.Message) error) error {
	at := from
	for {
		page, err := s.ReadAll(ctx, at, eventstore.Forwards, 1000)
		if err != nil {
			return err
		}
		if len(page) == 0 {
			break
		}
		for i := range page {
			if err := fn(eventstore.Message{Event: &page[i]}); err != nil {
				return err
			}
		}
		at = page[len(page)-1].Position
	}
	if err := fn(eventstore.Message{CaughtUp: true}); err != nil {
		return err
	}
	opts := esdb.SubscribeToAllOptions{From: esdb.Position{Commit: at.Commit, Prepare: at.Prepare}, Filter: esdb.ExcludeSystemEventsFilter()}
	if at == eventstore.Start {
		opts.From = esdb.Start{}
	}
	client := s.conn()
	sub, err := client.SubscribeToAll(ctx, opts)
	if err != nil {
		return s.unavailable(ctx, client, "subscribe to $all", err)
	}
	defer sub.Close()
	for {
		ev := sub.Recv()
		switch {
		case ev.SubscriptionDropped != nil:
			if err := ctx.Err(); err != nil {
				return err
			}
			return s.unavailable(ctx, client, "subscription to $all", ev.SubscriptionDropped.Error)
		case ev.EventAppeared != nil && ev.EventAppeared.Event != nil:
			e := recorded(ev.EventAppeared.Event)
			// A subscription from a position excludes it; the filter
			// keeps system event types out, the name check the rest.
			if system(e.Stream) || !at.Less(e.Position) {
				continue
			}
			at = e.Position
			if err := fn(eventstore.Message{Event: &e}); err != nil {
				return err
			}
		}
	}
}
