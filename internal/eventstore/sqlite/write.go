package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"math"

	"github.com/lumbung-ledger/lumbung/internal/eventstore"
)

// Append implements eventstore.Store.
func (s *Store) Append(ctx context.Context, stream string, expected eventstore.ExpectedRevision, events []eventstore.EventData) (eventstore.AppendResult, error) {
	if err := eventstore.ValidateAppend(stream, events); err != nil {
		return eventstore.AppendResult{}, err
	}
	if s.appends == nil {
		return eventstore.AppendResult{}, fmt.Errorf("%w: sqlite: append %s: %s is open read-only", eventstore.ErrUnavailable, stream, s.path)
	}
	if err := ctx.Err(); err != nil {
		return eventstore.AppendResult{}, fmt.Errorf("sqlite: append %s: %w", stream, err)
	}
	r := &appendRequest{ctx: ctx, stream: stream, expected: expected, events: events, done: make(chan struct{})}
	select {
	case s.appends <- r:
	case <-s.quit:
		return eventstore.AppendResult{}, fmt.Errorf("%w: sqlite: append %s: the store is closed", eventstore.ErrUnavailable, stream)
	case <-ctx.Done():
		return eventstore.AppendResult{}, fmt.Errorf("sqlite: append %s: %w", stream, ctx.Err())
	}
	// Once taken, the append is carried through whatever happens to ctx:
	// its outcome is known before it returns.
	<-r.done
	return r.res, r.err
}

// appendRequest is one Append waiting for the committer.
type appendRequest struct {
	ctx      context.Context
	stream   string
	expected eventstore.ExpectedRevision
	events   []eventstore.EventData
	res      eventstore.AppendResult
	err      error
	done     chan struct{}
}

// maxGroup bounds the appends committed in one transaction.
const maxGroup = 128

// commit is the committer: it takes the appends waiting and writes them
// in one transaction, one after another, each behind a savepoint so that
// one refused (a wrong expected revision, a duplicate id) leaves the
// others; one sync to disk then makes them all durable, and only then is
// each told its outcome. Under many concurrent writers this turns one
// sync per event into one sync per group.
func (s *Store) commit() {
	defer close(s.done)
	for {
		var group []*appendRequest
		select {
		case r := <-s.appends:
			group = append(group, r)
		case <-s.quit:
			return
		}
	more:
		for len(group) < maxGroup {
			select {
			case r := <-s.appends:
				group = append(group, r)
			default:
				break more
			}
		}
		s.commitGroup(group)
	}
}

func (s *Store) commitGroup(group []*appendRequest) {
	ctx := context.Background()
	err := s.write(ctx, "append", func(w *writer) (bool, error) {
		wrote := false
		for _, r := range group {
			if err := r.ctx.Err(); err != nil {
				r.err = fmt.Errorf("sqlite: append %s: %w", r.stream, err)
				continue
			}
			if _, err := w.tx.ExecContext(ctx, "SAVEPOINT append"); err != nil {
				return false, err
			}
			res, ok, err := w.append(ctx, r.stream, r.expected, r.events)
			if err != nil {
				if _, rerr := w.tx.ExecContext(ctx, "ROLLBACK TO append"); rerr != nil {
					return false, rerr
				}
				// What the writer knew of the stream may be undone.
				delete(w.heads, r.stream)
				delete(w.created, r.stream)
				r.err = err
			} else {
				r.res, wrote = res, wrote || ok
			}
			if _, err := w.tx.ExecContext(ctx, "RELEASE append"); err != nil {
				return false, err
			}
		}
		return wrote, nil
	})
	for _, r := range group {
		if err != nil && r.err == nil {
			// Nothing of the group was committed.
			r.res, r.err = eventstore.AppendResult{}, err
			if !errors.Is(err, eventstore.ErrUnavailable) && !errors.Is(err, eventstore.ErrCorrupt) {
				r.err = unavailable("append", r.stream, err)
			}
		}
		close(r.done)
	}
}

// AppendBatch implements eventstore.Store: the whole batch is one
// transaction.
func (s *Store) AppendBatch(ctx context.Context, parts iter.Seq2[eventstore.StreamAppend, error]) (eventstore.BatchResult, error) {
	var out eventstore.BatchResult
	err := s.write(ctx, "append batch", func(w *writer) (bool, error) {
		for part, err := range parts {
			if err != nil {
				return false, err
			}
			if err := eventstore.ValidateAppend(part.Stream, part.Events); err != nil {
				return false, err
			}
			res, wrote, err := w.append(ctx, part.Stream, part.Expected, part.Events)
			if err != nil {
				return false, err
			}
			if wrote {
				out.Events += len(part.Events)
				out.Last = res.Position
			}
			if err := ctx.Err(); err != nil {
				return false, err
			}
		}
		return out.Events > 0, nil
	})
	if err != nil {
		return eventstore.BatchResult{}, err
	}
	return out, nil
}

// write runs fn in one write transaction and commits if fn wrote
// something; nothing of a failed fn is kept.
func (s *Store) write(ctx context.Context, op string, fn func(*writer) (bool, error)) error {
	if len(s.writes) == 0 {
		return fmt.Errorf("%w: sqlite: %s: %s is open read-only", eventstore.ErrUnavailable, op, s.path)
	}
	// One write at a time, to its end: a cancelled context hands the
	// connection back before fn returns, and the next transaction must
	// not meet this one's heads half changed.
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		clear(s.heads)
		return unavailable(op, "", err)
	}
	defer tx.Rollback()
	// The heads known from earlier transactions hold while no other
	// connection (another process) has committed since; with the write
	// lock held, none can until this transaction ends.
	var version int64
	if err := tx.StmtContext(ctx, s.writes[qDataVersion]).QueryRowContext(ctx).Scan(&version); err != nil {
		clear(s.heads)
		return unavailable(op, "", err)
	}
	if version != s.dataVersion || len(s.heads) > maxHeads {
		clear(s.heads)
		s.dataVersion = version
	}
	w, err := s.newWriter(ctx, tx)
	if err != nil {
		return unavailable(op, "", err)
	}
	defer w.close()
	wrote, err := fn(w)
	if err != nil && ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
		// A cancelled context ends the transaction under the write, whose
		// statements then fail as closed: the cancellation is the cause,
		// and nothing was written.
		clear(s.heads)
		return fmt.Errorf("sqlite: %s: %w", op, ctx.Err())
	}
	if err != nil || !wrote {
		// What this transaction learnt of heads it may have moved is
		// undone with it.
		clear(s.heads)
		return err
	}
	if err := tx.Commit(); err != nil {
		clear(s.heads)
		return unavailable(op, "commit", err)
	}
	for name, id := range w.created {
		s.learn(id, name)
	}
	s.notify()
	return nil
}

// maxHeads bounds the stream heads kept between transactions.
const maxHeads = 100_000

// writer appends within one transaction, remembering stream heads (in
// the store's map, kept from one transaction to the next) so that
// a batch reads each head once.
type writer struct {
	s         *Store
	tx        *sql.Tx
	head      *sql.Stmt
	insert    *sql.Stmt
	newStream *sql.Stmt
	heads     map[string]head
	created   map[string]int64 // streams this transaction created
	id        [16]byte         // the event id being bound; SQLite copies it
}

// head is where a stream ends inside the transaction.
type head struct {
	id       int64 // 0: the stream does not exist yet
	revision int64 // -1: no events
}

// The writes, prepared once on the writing connection and bound to each
// transaction.
const (
	qHead      = "SELECT s.id, coalesce((SELECT max(revision) FROM events WHERE stream_id = s.id), -1) FROM streams s WHERE s.name = ?"
	qInsert    = "INSERT INTO events (stream_id, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)"
	qNewStream = "INSERT INTO streams (name) VALUES (?)"
	// qDataVersion changes when another connection commits.
	qDataVersion = "PRAGMA data_version"
)

var writeQueries = []string{qHead, qInsert, qNewStream, qDataVersion}

func (s *Store) newWriter(ctx context.Context, tx *sql.Tx) (*writer, error) {
	return &writer{
		s: s, tx: tx, heads: s.heads, created: map[string]int64{},
		head:      tx.StmtContext(ctx, s.writes[qHead]),
		insert:    tx.StmtContext(ctx, s.writes[qInsert]),
		newStream: tx.StmtContext(ctx, s.writes[qNewStream]),
	}, nil
}

func (w *writer) close() {
	for _, st := range []*sql.Stmt{w.head, w.insert, w.newStream} {
		if st != nil {
			st.Close()
		}
	}
}

func (w *writer) headOf(ctx context.Context, stream string) (head, error) {
	if h, ok := w.heads[stream]; ok {
		return h, nil
	}
	h := head{revision: -1}
	switch err := w.head.QueryRowContext(ctx, stream).Scan(&h.id, &h.revision); {
	case errors.Is(err, sql.ErrNoRows):
		h = head{revision: -1}
	case err != nil:
		return h, err
	}
	w.heads[stream] = h
	return h, nil
}

// append writes events after checking expected, or recognises a retry of
// an append already made. wrote is false for a retry.
func (w *writer) append(ctx context.Context, stream string, expected eventstore.ExpectedRevision, events []eventstore.EventData) (res eventstore.AppendResult, wrote bool, err error) {
	h, err := w.headOf(ctx, stream)
	if err != nil {
		return res, false, unavailable("append", stream, err)
	}
	ok := true
	if r, exact := expected.Revision(); exact {
		ok = h.revision == int64(r)
	} else if expected.IsNoStream() {
		ok = h.revision == -1
	}
	if h.id != 0 && (!ok || expected.IsAny()) {
		// A retried append finds its own events already in place.
		if res, found, err := w.retried(ctx, h.id, expected, events); err != nil || found {
			return res, false, err
		}
	}
	if !ok {
		e := &eventstore.WrongExpectedRevisionError{Stream: stream, Expected: expected, NoStream: h.revision < 0}
		if h.revision >= 0 {
			e.Actual = uint64(h.revision)
		}
		return res, false, e
	}
	if h.id == 0 {
		r, err := w.newStream.ExecContext(ctx, stream)
		if err != nil {
			return res, false, unavailable("append", stream, err)
		}
		if h.id, err = r.LastInsertId(); err != nil {
			return res, false, unavailable("append", stream, err)
		}
		w.created[stream] = h.id
	}
	for _, e := range events {
		h.revision++
		w.id = e.ID
		r, err := w.insert.ExecContext(ctx, h.id, h.revision, w.id[:], e.Type, e.Data, e.Metadata)
		if err != nil {
			delete(w.heads, stream)
			if isUnique(err) {
				return res, false, fmt.Errorf("%w: stream %q: event %s", eventstore.ErrDuplicateEventID, stream, e.ID)
			}
			return res, false, unavailable("append", stream, err)
		}
		pos, err := r.LastInsertId()
		if err != nil {
			return res, false, unavailable("append", stream, err)
		}
		res.Position = eventstore.Position{Commit: uint64(pos), Prepare: uint64(pos)}
	}
	w.heads[stream] = h
	res.NextExpected = uint64(h.revision)
	return res, true, nil
}

// retried reports whether events are already stored, in order, where this
// append would have put them: right after the expected revision, or for
// Any wherever the first of them is in the stream; byte for byte.
func (w *writer) retried(ctx context.Context, streamID int64, expected eventstore.ExpectedRevision, events []eventstore.EventData) (eventstore.AppendResult, bool, error) {
	var res eventstore.AppendResult
	start, known := expected.Next()
	if !known {
		var first int64
		err := w.tx.QueryRowContext(ctx, "SELECT revision FROM events WHERE event_id = ? AND stream_id = ?", events[0].ID[:], streamID).Scan(&first)
		if errors.Is(err, sql.ErrNoRows) {
			return res, false, nil
		}
		if err != nil {
			return res, false, unavailable("append", "", err)
		}
		start = uint64(first)
	}
	if start > math.MaxInt64-uint64(len(events)) {
		return res, false, nil
	}
	rows, err := w.tx.QueryContext(ctx, "SELECT revision, event_id, position, type, data, metadata FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?", streamID, int64(start), len(events))
	if err != nil {
		return res, false, unavailable("append", "", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var rev, pos int64
		var id []byte
		var typ string
		var data, meta []byte
		if err := rows.Scan(&rev, &id, &pos, &typ, &data, &meta); err != nil {
			return res, false, unavailable("append", "", err)
		}
		// A retry sends the very same events, byte for byte. The same ids
		// with anything else (another date, actor or time, and so another
		// hash) are another command: acknowledging it as written would let
		// its writer chain its next event onto a hash that is not stored.
		e := events[n]
		if uint64(rev) != start+uint64(n) || string(id) != string(e.ID[:]) || typ != e.Type ||
			string(data) != string(e.Data) || string(meta) != string(e.Metadata) {
			return res, false, nil
		}
		res.NextExpected, res.Position = uint64(rev), eventstore.Position{Commit: uint64(pos), Prepare: uint64(pos)}
		n++
	}
	if err := rows.Err(); err != nil {
		return res, false, unavailable("append", "", err)
	}
	return res, n == len(events), nil
}
