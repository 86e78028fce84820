package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/lumbung-ledger/lumbung/internal/eventstore"
)

// The reads, prepared once on the reader pool.
const (
	eventColumns     = "position, stream_id, revision, event_id, type, data, metadata"
	qStreamID        = "SELECT id FROM streams WHERE name = ?"
	qStreamName      = "SELECT name FROM streams WHERE id = ?"
	qStreamForwards  = "SELECT " + eventColumns + " FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?"
	qStreamBackwards = "SELECT " + eventColumns + " FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?"
	qStreamExists    = "SELECT 1 FROM events WHERE stream_id = ? LIMIT 1"
	qAllForwards     = "SELECT " + eventColumns + " FROM events WHERE position > ? ORDER BY position LIMIT ?"
	qAllBackwards    = "SELECT " + eventColumns + " FROM events WHERE position < ? ORDER BY position DESC LIMIT ?"
	qFind            = "SELECT " + eventColumns + " FROM events WHERE event_id = ?"
)

const locateChunk = 500

var (
	// qLocate asks about locateChunk ids at once; shorter lists are padded
	// by repeating their first id, so one prepared statement serves all.
	qLocate     = "SELECT event_id, stream_id FROM events WHERE event_id IN (?" + strings.Repeat(",?", locateChunk-1) + ")"
	readQueries = []string{qStreamID, qStreamName, qStreamForwards, qStreamBackwards, qStreamExists, qAllForwards, qAllBackwards, qFind, qLocate}
)

// streamID returns the number of a stream, and false if it has none yet.
func (s *Store) streamID(ctx context.Context, name string) (int64, bool, error) {
	s.namesMu.RLock()
	id, ok := s.ids[name]
	s.namesMu.RUnlock()
	if ok {
		return id, true, nil
	}
	err := s.reads[qStreamID].QueryRowContext(ctx, name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	s.learn(id, name)
	return id, true, nil
}

// streamName returns the name of stream number id.
func (s *Store) streamName(ctx context.Context, id int64) (string, error) {
	s.namesMu.RLock()
	name, ok := s.names[id]
	s.namesMu.RUnlock()
	if ok {
		return name, nil
	}
	if err := s.reads[qStreamName].QueryRowContext(ctx, id).Scan(&name); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return "", fmt.Errorf("%w: event refers to stream %d, which does not exist", eventstore.ErrCorrupt, id)
		}
		return "", err
	}
	s.learn(id, name)
	return name, nil
}

// learn caches a stream's number; both are fixed once the stream exists.
func (s *Store) learn(id int64, name string) {
	s.namesMu.Lock()
	s.names[id], s.ids[name] = name, id
	s.namesMu.Unlock()
}

// ReadStream implements eventstore.Store.
func (s *Store) ReadStream(ctx context.Context, stream string, from uint64, dir eventstore.Direction, limit int) ([]eventstore.RecordedEvent, error) {
	limit = eventstore.ClampLimit(limit)
	id, ok, err := s.streamID(ctx, stream)
	if err != nil {
		return nil, unavailable("read stream", stream, err)
	}
	if !ok {
		return nil, fmt.Errorf("%w: %q", eventstore.ErrStreamNotFound, stream)
	}
	q := qStreamForwards
	if dir == eventstore.Backwards {
		q = qStreamBackwards
	}
	events, err := s.query(ctx, min(limit, 16), q, id, int64(min(from, math.MaxInt64)), limit)
	if err != nil {
		return nil, unavailable("read stream", stream, err)
	}
	return events, nil
}

// ReadAll implements eventstore.Store.
func (s *Store) ReadAll(ctx context.Context, from eventstore.Position, dir eventstore.Direction, limit int) ([]eventstore.RecordedEvent, error) {
	limit = eventstore.ClampLimit(limit)
	q := qAllForwards
	if dir == eventstore.Backwards {
		q = qAllBackwards
	}
	events, err := s.query(ctx, min(limit, 8192), q, int64(min(from.Commit, math.MaxInt64)), limit)
	if err != nil {
		return nil, unavailable("read all", from.String(), err)
	}
	return events, nil
}

// FindEvent implements eventstore.Store.
func (s *Store) FindEvent(ctx context.Context, id uuid.UUID) (eventstore.RecordedEvent, error) {
	events, err := s.query(ctx, 1, qFind, id[:])
	if err != nil {
		return eventstore.RecordedEvent{}, unavailable("find event", id.String(), err)
	}
	if len(events) == 0 {
		return eventstore.RecordedEvent{}, fmt.Errorf("%w: %s", eventstore.ErrEventNotFound, id)
	}
	return events[0], nil
}

// Locate implements eventstore.Store.
func (s *Store) Locate(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]string, error) {
	if len(ids) > eventstore.MaxReadCount {
		return nil, fmt.Errorf("%w: locate %d ids, limit %d", eventstore.ErrInvalidAppend, len(ids), eventstore.MaxReadCount)
	}
	found := map[uuid.UUID]string{}
	args := make([]any, locateChunk)
	for start := 0; start < len(ids); start += locateChunk {
		chunk := ids[start:min(start+locateChunk, len(ids))]
		for i := range args {
			id := chunk[0]
			if i < len(chunk) {
				id = chunk[i]
			}
			args[i] = id[:]
		}
		rows, err := s.reads[qLocate].QueryContext(ctx, args...)
		if err != nil {
			return nil, unavailable("locate", "", err)
		}
		held := map[uuid.UUID]int64{}
		for rows.Next() {
			var raw []byte
			var streamID int64
			if err := rows.Scan(&raw, &streamID); err != nil {
				rows.Close()
				return nil, unavailable("locate", "", err)
			}
			var id uuid.UUID
			copy(id[:], raw)
			held[id] = streamID
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, unavailable("locate", "", err)
		}
		for id, streamID := range held {
			name, err := s.streamName(ctx, streamID)
			if err != nil {
				return nil, unavailable("locate", "", err)
			}
			found[id] = name
		}
	}
	return found, nil
}

// query runs a prepared read of events. Payloads and metadata of a page
// share one buffer, and type names are shared, to keep allocations per
// event few: rebuilding projections reads millions.
func (s *Store) query(ctx context.Context, hint int, q string, args ...any) ([]eventstore.RecordedEvent, error) {
	rows, err := s.reads[q].QueryContext(ctx, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	// Stream reads usually find a few new events, page reads of the log
	// thousands: the first allocations follow the caller's hint.
	var (
		out       = make([]eventstore.RecordedEvent, 0, hint)
		chunk     []byte // where payloads and metadata are copied, in chunks growing to 256 KiB
		typeBuf   sql.RawBytes
		idBuf     sql.RawBytes
		data      sql.RawBytes
		meta      sql.RawBytes
		types     = map[string]string{}
		streamIDs = make([]int64, 0, hint)
		streamID  int64
		pos, rev  int64
	)
	for rows.Next() {
		if err := rows.Scan(&pos, &streamID, &rev, &idBuf, &typeBuf, &data, &meta); err != nil {
			return nil, err
		}
		var e eventstore.RecordedEvent
		if len(idBuf) != len(e.ID) {
			return nil, fmt.Errorf("%w: event at position %d has an id of %d bytes", eventstore.ErrCorrupt, pos, len(idBuf))
		}
		copy(e.ID[:], idBuf)
		typ, ok := types[string(typeBuf)]
		if !ok {
			typ = string(typeBuf)
			types[typ] = typ
		}
		e.Type = typ
		streamIDs = append(streamIDs, streamID)
		e.Position = eventstore.Position{Commit: uint64(pos), Prepare: uint64(pos)}
		e.Revision = uint64(rev)
		for _, f := range [2]struct {
			dst *[]byte
			src []byte
		}{{&e.Data, data}, {&e.Metadata, meta}} {
			if cap(chunk)-len(chunk) < len(f.src) {
				chunk = make([]byte, 0, max(min(2*cap(chunk), 256<<10), min(hint*256, 256<<10), 4<<10, len(f.src)))
			}
			start := len(chunk)
			chunk = append(chunk, f.src...)
			*f.dst = chunk[start:len(chunk):len(chunk)]
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Names are resolved once the rows are closed: a name not yet cached
	// is read on another connection of the pool, which must not wait on
	// this one.
	rows.Close()
	for i, id := range streamIDs {
		if out[i].Stream, err = s.streamName(ctx, id); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// pollInterval is how often a live subscription looks for events appended
// by other processes; appends by this process wake it at once.
const pollInterval = 200 * time.Millisecond

// Subscribe implements eventstore.Store.
func (s *Store) Subscribe(ctx context.Context, from eventstore.Position, fn func(eventstore.Message) error) error {
	caughtUp := false
	ticker := time.NewTicker(pollInterval)
	defer ticker.Stop()
	for {
		changed, closed := s.changes()
		if closed {
			return fmt.Errorf("%w: store closed", eventstore.ErrUnavailable)
		}
		batch, err := s.ReadAll(ctx, from, eventstore.Forwards, 1000)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return err
		}
		for i := range batch {
			if err := fn(eventstore.Message{Event: &batch[i]}); err != nil {
				return err
			}
			from = batch[i].Position
		}
		if len(batch) > 0 {
			continue
		}
		if !caughtUp {
			caughtUp = true
			if err := fn(eventstore.Message{CaughtUp: true}); err != nil {
				return err
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-changed:
		case <-ticker.C:
		}
	}
}
