package esdb

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/google/uuid"

	"github.com/lumbung-ledger/lumbung/internal/eventstore"
)

// idIndex is where every event id of the store is: its stream (by
// number) and revision, as of position at in $all.
type idIndex struct {
	ids     map[uuid.UUID]location
	names   []string
	streams map[string]int32
	at      eventstore.Position
	heads   map[int32]uint64 // stream → its last revision seen
}

type location struct {
	stream   int32
	revision uint64
}

func newIDIndex() *idIndex {
	return &idIndex{ids: map[uuid.UUID]location{}, streams: map[string]int32{}, heads: map[int32]uint64{}}
}

func (x *idIndex) stream(name string) int32 {
	i, ok := x.streams[name]
	if !ok {
		i = int32(len(x.names))
		x.streams[name] = i
		x.names = append(x.names, name)
	}
	return i
}

func (x *idIndex) add(e eventstore.RecordedEvent) {
	i := x.stream(e.Stream)
	x.ids[e.ID] = location{stream: i, revision: e.Revision}
	x.heads[i] = e.Revision
	if x.at.Less(e.Position) {
		x.at = e.Position
	}
}

// catchUp reads $all from where the index stands to the end.
func (x *idIndex) catchUp(ctx context.Context, s *Store) error {
	for {
		page, err := s.ReadAll(ctx, x.at, eventstore.Forwards, eventstore.MaxReadCount)
		if err != nil {
			return err
		}
		if len(page) == 0 {
			return nil
		}
		for _, e := range page {
			x.add(e)
		}
	}
}

// last returns a stream's last revision and whether it has events.
func (x *idIndex) last(stream string) (uint64, bool) {
	i, ok := x.streams[stream]
	if !ok {
		return 0, false
	}
	r, ok := x.heads[i]
	return r, ok
}

// Append implements eventstore.Store.
func (s *Store) Append(ctx context.Context, stream string, expected eventstore.ExpectedRevision, events []eventstore.EventData) (eventstore.AppendResult, error) {
	if err := eventstore.ValidateAppend(stream, events); err != nil {
		return eventstore.AppendResult{}, err
	}
	if system(stream) {
		return eventstore.AppendResult{}, fmt.Errorf("%w: stream %q is the server's", eventstore.ErrInvalidAppend, stream)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.index.catchUp(ctx, s); err != nil {
		return eventstore.AppendResult{}, err
	}
	res, retry, err := s.plan(ctx, stream, expected, events, nil)
	if err != nil || retry {
		return res, err
	}
	return s.write(ctx, stream, expected, events)
}

// plan checks an append against the index (and the parts of a batch
// before it, in pending): a retry of an append already written returns
// its result; an id stored elsewhere, or in the stream but not as this
// append, is refused.
func (s *Store) plan(ctx context.Context, stream string, expected eventstore.ExpectedRevision, events []eventstore.EventData, pending map[string]uint64) (eventstore.AppendResult, bool, error) {
	x := s.index
	first, known := x.ids[events[0].ID]
	if known && x.names[first.stream] == stream {
		if res, ok, err := s.retried(ctx, stream, expected, first.revision, events); err != nil || ok {
			return res, ok, err
		}
		return eventstore.AppendResult{}, false, s.wrongExpected(stream, expected, pending)
	}
	for _, e := range events {
		loc, ok := x.ids[e.ID]
		switch {
		case !ok:
		case x.names[loc.stream] != stream:
			return eventstore.AppendResult{}, false, fmt.Errorf("%w: %s is in stream %s", eventstore.ErrDuplicateEventID, e.ID, x.names[loc.stream])
		default:
			return eventstore.AppendResult{}, false, s.wrongExpected(stream, expected, pending)
		}
	}
	last, exists := x.last(stream)
	if r, ok := pending[stream]; ok {
		last, exists = r, true
	}
	switch r, exact := expected.Revision(); {
	case expected.IsNoStream() && exists, exact && (!exists || r != last):
		return eventstore.AppendResult{}, false, s.wrongExpected(stream, expected, pending)
	}
	return eventstore.AppendResult{}, false, nil
}

// retried reports whether events are already the stream's events from
// revision from on, byte for byte, placed where expected put them: a
// retried append, whose original result it returns.
func (s *Store) retried(ctx context.Context, stream string, expected eventstore.ExpectedRevision, from uint64, events []eventstore.EventData) (eventstore.AppendResult, bool, error) {
	if next, ok := expected.Next(); ok && next != from {
		return eventstore.AppendResult{}, false, nil
	}
	got, err := s.ReadStream(ctx, stream, from, eventstore.Forwards, len(events))
	if err != nil {
		return eventstore.AppendResult{}, false, err
	}
	if len(got) != len(events) {
		return eventstore.AppendResult{}, false, nil
	}
	for i, e := range events {
		g := got[i].EventData
		if g.ID != e.ID || g.Type != e.Type || !bytes.Equal(g.Data, e.Data) || !bytes.Equal(g.Metadata, e.Metadata) {
			return eventstore.AppendResult{}, false, nil
		}
	}
	lastEvent := got[len(got)-1]
	return eventstore.AppendResult{NextExpected: lastEvent.Revision, Position: lastEvent.Position}, true, nil
}

// wrongExpected is the refusal of an expectation, with the stream's last
// revision as the index (and the batch) have it.
func (s *Store) wrongExpected(stream string, expected eventstore.ExpectedRevision, pending map[string]uint64) error {
	last, exists := s.index.last(stream)
	if r, ok := pending[stream]; ok {
		last, exists = r, true
	}
	return &eventstore.WrongExpectedRevisionError{Stream: stream, Expected: expected, Actual: last, NoStream: !exists}
}

// write appends events to the server and records their ids.
func (s *Store) write(ctx context.Context, stream string, expected eventstore.ExpectedRevision, events []eventstore.EventData) (eventstore.AppendResult, error) {
	opts := esdb.AppendToStreamOptions{ExpectedRevision: esdb.Any{}}
	if expected.IsNoStream() {
		opts.ExpectedRevision = esdb.NoStream{}
	} else if r, ok := expected.Revision(); ok {
		opts.ExpectedRevision = esdb.Revision(r)
	}
	proposed := make([]esdb.EventData, len(events))
	for i, e := range events {
		proposed[i] = esdb.EventData{EventID: e.ID, EventType: e.Type, ContentType: esdb.ContentTypeJson, Data: e.Data, Metadata: e.Metadata}
	}
	client := s.conn()
	w, err := client.AppendToStream(ctx, stream, opts, proposed...)
	if err != nil {
		if code(err) == esdb.ErrorCodeWrongExpectedVersion {
			// Another writer won the stream: learn what it wrote.
			if cerr := s.index.catchUp(ctx, s); cerr != nil {
				return eventstore.AppendResult{}, errors.Join(s.wrongExpected(stream, expected, nil), cerr)
			}
			return eventstore.AppendResult{}, s.wrongExpected(stream, expected, nil)
		}
		return eventstore.AppendResult{}, s.unavailable(ctx, client, "append to "+stream, err)
	}
	// The index learns the events now; its catch-up over $all, which
	// meets them again later, records the same places.
	last := w.NextExpectedVersion
	first := last + 1 - uint64(len(events))
	i := s.index.stream(stream)
	for k, e := range events {
		s.index.ids[e.ID] = location{stream: i, revision: first + uint64(k)}
	}
	s.index.heads[i] = last
	res := eventstore.AppendResult{NextExpected: last, Position: eventstore.Position{Commit: w.CommitPosition, Prepare: w.PreparePosition}}
	// The position the log gives the last event, which a read of it
	// returns (the server's reply may name the transaction's instead).
	page, err := s.ReadStream(ctx, stream, last, eventstore.Forwards, 1)
	if err == nil && len(page) == 1 && page[0].ID == events[len(events)-1].ID {
		res.Position = page[0].Position
	}
	return res, nil
}

// AppendBatch implements eventstore.Store. Every part is taken and
// checked before anything is written (see the package comment).
func (s *Store) AppendBatch(ctx context.Context, parts iter.Seq2[eventstore.StreamAppend, error]) (eventstore.BatchResult, error) {
	var all []eventstore.StreamAppend
	size := map[string]int{}
	for p, err := range parts {
		if err != nil {
			return eventstore.BatchResult{}, err
		}
		if err := eventstore.ValidateAppend(p.Stream, p.Events); err != nil {
			return eventstore.BatchResult{}, err
		}
		all = append(all, p)
		size[p.Stream]++
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.index.catchUp(ctx, s); err != nil {
		return eventstore.BatchResult{}, err
	}
	// Check every part as the earlier parts will leave the store.
	pending := map[string]uint64{}
	seen := map[uuid.UUID]string{}
	write := make([]bool, len(all))
	for i, p := range all {
		for _, e := range p.Events {
			if other, dup := seen[e.ID]; dup {
				return eventstore.BatchResult{}, fmt.Errorf("%w: %s appears twice in the batch (%s, %s)", eventstore.ErrDuplicateEventID, e.ID, other, p.Stream)
			}
			seen[e.ID] = p.Stream
		}
		res, retry, err := s.plan(ctx, p.Stream, p.Expected, p.Events, pending)
		if err != nil {
			return eventstore.BatchResult{}, err
		}
		if retry {
			pending[p.Stream] = res.NextExpected
			continue
		}
		write[i] = true
		next, known := p.Expected.Next()
		if !known {
			if last, ok := pending[p.Stream]; ok {
				next = last + 1
			} else if last, ok := s.index.last(p.Stream); ok {
				next = last + 1
			}
		}
		pending[p.Stream] = next + uint64(len(p.Events)) - 1
	}
	var out eventstore.BatchResult
	for i, p := range all {
		if !write[i] {
			continue
		}
		res, err := s.write(ctx, p.Stream, p.Expected, p.Events)
		if err != nil {
			return out, err
		}
		out.Events += len(p.Events)
		out.Last = res.Position
	}
	return out, nil
}
