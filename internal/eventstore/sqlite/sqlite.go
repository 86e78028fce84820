// Package sqlite is the embedded Store adapter: the whole ledger in one
// SQLite file, through the pure-Go modernc.org/sqlite driver.
//
// The file is in WAL mode with synchronous=FULL, so an append that
// returned has reached the disk and survives a crash or a power loss.
// Events are append-only in the schema itself (triggers refuse UPDATE and
// DELETE), so an auditor opening the file with any SQLite tool sees the
// same guarantees. One process may write at a time; others wait for the
// lock. A Store is safe for concurrent use.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/lumbung-ledger/lumbung/internal/eventstore"
)

// Store is a Store on one SQLite file.
type Store struct {
	path   string
	writer *sql.DB // one connection: appends are serialised
	reader *sql.DB

	mu      sync.Mutex
	changed chan struct{} // closed and replaced after every commit
	closed  bool
}

// Options tune how a store is opened.
type Options struct {
	// ReadOnly opens an existing file without writing to it, not even the
	// schema.
	ReadOnly bool
	// CacheMiB is the page cache of the writing connection in MiB, 64 if
	// zero. Bulk imports profit from a larger one.
	CacheMiB int
}

// Open opens or creates the store at path and brings its schema up to
// date. Errors wrap eventstore.ErrUnavailable (cannot open) or
// eventstore.ErrCorrupt (not a Lumbung store, or from a newer version).
func Open(ctx context.Context, path string, opt Options) (*Store, error) {
	if opt.CacheMiB == 0 {
		opt.CacheMiB = 64
	}
	if opt.ReadOnly {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("%w: open %s: %v", eventstore.ErrUnavailable, path, err)
		}
	} else if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("%w: open %s: %v", eventstore.ErrUnavailable, path, err)
		}
	}
	s := &Store{path: path, changed: make(chan struct{})}
	var err error
	if s.writer, err = sql.Open("sqlite", dsn(path, opt, true)); err != nil {
		return nil, fmt.Errorf("%w: open %s: %v", eventstore.ErrUnavailable, path, err)
	}
	s.writer.SetMaxOpenConns(1)
	s.writer.SetConnMaxIdleTime(0)
	if s.reader, err = sql.Open("sqlite", dsn(path, opt, false)); err != nil {
		s.writer.Close()
		return nil, fmt.Errorf("%w: open %s: %v", eventstore.ErrUnavailable, path, err)
	}
	s.reader.SetMaxOpenConns(4)
	if err := s.migrate(ctx, opt.ReadOnly); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func dsn(path string, opt Options, writer bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(30000)")
	q.Add("_pragma", "foreign_keys(1)")
	if opt.ReadOnly || !writer {
		q.Add("_pragma", "query_only(1)")
	}
	if writer && !opt.ReadOnly {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(FULL)")
		q.Add("_pragma", fmt.Sprintf("cache_size(-%d)", opt.CacheMiB*1024))
		q.Set("_txlock", "immediate")
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// Path returns the file the store is in.
func (s *Store) Path() string { return s.path }

func (s *Store) migrate(ctx context.Context, readOnly bool) error {
	var app, version int64
	if err := s.writer.QueryRowContext(ctx, "PRAGMA application_id").Scan(&app); err != nil {
		return fmt.Errorf("%w: %s: %v", eventstore.ErrUnavailable, s.path, err)
	}
	if err := s.writer.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("%w: %s: %v", eventstore.ErrUnavailable, s.path, err)
	}
	if app != applicationID && !(app == 0 && version == 0) {
		return fmt.Errorf("%w: %s is not a Lumbung store (application id %#x)", eventstore.ErrCorrupt, s.path, app)
	}
	if version > SchemaVersion {
		return fmt.Errorf("%w: %s has schema version %d, newer than this build's %d: upgrade lumbung", eventstore.ErrCorrupt, s.path, version, SchemaVersion)
	}
	if version == SchemaVersion {
		return nil
	}
	if readOnly {
		return fmt.Errorf("%w: %s has schema version %d and is opened read-only", eventstore.ErrUnavailable, s.path, version)
	}
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%w: migrate %s: %v", eventstore.ErrUnavailable, s.path, err)
	}
	defer tx.Rollback()
	// Read the version again under the write lock: another process may
	// have migrated in between.
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("%w: migrate %s: %v", eventstore.ErrUnavailable, s.path, err)
	}
	for v := version; v < SchemaVersion; v++ {
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			return fmt.Errorf("%w: migrate %s to schema %d: %v", eventstore.ErrUnavailable, s.path, v+1, err)
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d; PRAGMA user_version = %d", applicationID, SchemaVersion)); err != nil {
		return fmt.Errorf("%w: migrate %s: %v", eventstore.ErrUnavailable, s.path, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%w: migrate %s: %v", eventstore.ErrUnavailable, s.path, err)
	}
	return nil
}

// Close closes the store. Subscriptions end.
func (s *Store) Close() error {
	s.mu.Lock()
	if !s.closed {
		s.closed = true
		close(s.changed)
	}
	s.mu.Unlock()
	return errors.Join(s.reader.Close(), s.writer.Close())
}

func (s *Store) notify() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		close(s.changed)
		s.changed = make(chan struct{})
	}
}

func (s *Store) changes() (<-chan struct{}, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.changed, s.closed
}

// Append implements eventstore.Store.
func (s *Store) Append(ctx context.Context, stream string, expected eventstore.ExpectedRevision, events []eventstore.EventData) (eventstore.AppendResult, error) {
	if err := eventstore.ValidateAppend(stream, events); err != nil {
		return eventstore.AppendResult{}, err
	}
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return eventstore.AppendResult{}, unavailable("append", stream, err)
	}
	defer tx.Rollback()
	w, err := newWriter(ctx, tx)
	if err != nil {
		return eventstore.AppendResult{}, unavailable("append", stream, err)
	}
	defer w.close()
	res, wrote, err := w.append(ctx, stream, expected, events)
	if err != nil {
		return eventstore.AppendResult{}, err
	}
	if !wrote {
		return res, nil
	}
	if err := tx.Commit(); err != nil {
		return eventstore.AppendResult{}, unavailable("append", stream, err)
	}
	s.notify()
	return res, nil
}

// AppendBatch implements eventstore.Store: the whole batch is one
// transaction.
func (s *Store) AppendBatch(ctx context.Context, parts iter.Seq2[eventstore.StreamAppend, error]) (eventstore.BatchResult, error) {
	var out eventstore.BatchResult
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return out, unavailable("append batch", "", err)
	}
	defer tx.Rollback()
	w, err := newWriter(ctx, tx)
	if err != nil {
		return out, unavailable("append batch", "", err)
	}
	defer w.close()
	for part, err := range parts {
		if err != nil {
			return eventstore.BatchResult{}, err
		}
		if err := eventstore.ValidateAppend(part.Stream, part.Events); err != nil {
			return eventstore.BatchResult{}, err
		}
		res, wrote, err := w.append(ctx, part.Stream, part.Expected, part.Events)
		if err != nil {
			return eventstore.BatchResult{}, err
		}
		if wrote {
			out.Events += len(part.Events)
			out.Last = res.Position
		}
		if err := ctx.Err(); err != nil {
			return eventstore.BatchResult{}, err
		}
	}
	if out.Events == 0 {
		return out, nil
	}
	if err := tx.Commit(); err != nil {
		return eventstore.BatchResult{}, unavailable("append batch", "", err)
	}
	s.notify()
	return out, nil
}

// writer appends within one transaction, remembering stream heads so that
// a batch reads each head once.
type writer struct {
	tx     *sql.Tx
	head   *sql.Stmt
	insert *sql.Stmt
	heads  map[string]int64 // -1: no stream
}

func newWriter(ctx context.Context, tx *sql.Tx) (*writer, error) {
	head, err := tx.PrepareContext(ctx, "SELECT revision FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1")
	if err != nil {
		return nil, err
	}
	insert, err := tx.PrepareContext(ctx, "INSERT INTO events (stream, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)")
	if err != nil {
		head.Close()
		return nil, err
	}
	return &writer{tx: tx, head: head, insert: insert, heads: map[string]int64{}}, nil
}

func (w *writer) close() {
	w.head.Close()
	w.insert.Close()
}

func (w *writer) headOf(ctx context.Context, stream string) (int64, error) {
	if h, ok := w.heads[stream]; ok {
		return h, nil
	}
	var h int64
	switch err := w.head.QueryRowContext(ctx, stream).Scan(&h); {
	case errors.Is(err, sql.ErrNoRows):
		h = -1
	case err != nil:
		return 0, err
	}
	w.heads[stream] = h
	return h, nil
}

// append writes events after checking expected, or recognises a retry of
// an append already made. wrote is false for a retry.
func (w *writer) append(ctx context.Context, stream string, expected eventstore.ExpectedRevision, events []eventstore.EventData) (res eventstore.AppendResult, wrote bool, err error) {
	head, err := w.headOf(ctx, stream)
	if err != nil {
		return res, false, unavailable("append", stream, err)
	}
	ok := true
	if r, exact := expected.Revision(); exact {
		ok = head == int64(r)
	} else if expected.IsNoStream() {
		ok = head == -1
	}
	if !ok || expected.IsAny() {
		// A retried append finds its own events already in place.
		if res, found, err := w.retried(ctx, stream, expected, events); err != nil || found {
			return res, false, err
		}
	}
	if !ok {
		e := &eventstore.WrongExpectedRevisionError{Stream: stream, Expected: expected, NoStream: head < 0}
		if head >= 0 {
			e.Actual = uint64(head)
		}
		return res, false, e
	}
	for _, e := range events {
		head++
		r, err := w.insert.ExecContext(ctx, stream, head, e.ID.String(), e.Type, e.Data, e.Metadata)
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
	w.heads[stream] = head
	res.NextExpected = uint64(head)
	return res, true, nil
}

// retried reports whether events are already stored, in order, where this
// append would have put them: right after the expected revision, or for
// Any wherever the first of them is in the stream.
func (w *writer) retried(ctx context.Context, stream string, expected eventstore.ExpectedRevision, events []eventstore.EventData) (eventstore.AppendResult, bool, error) {
	var res eventstore.AppendResult
	start, known := expected.Next()
	if !known {
		var first int64
		err := w.tx.QueryRowContext(ctx, "SELECT revision FROM events WHERE event_id = ? AND stream = ?", events[0].ID.String(), stream).Scan(&first)
		if errors.Is(err, sql.ErrNoRows) {
			return res, false, nil
		}
		if err != nil {
			return res, false, unavailable("append", stream, err)
		}
		start = uint64(first)
	}
	if start > math.MaxInt64-uint64(len(events)) {
		return res, false, nil
	}
	rows, err := w.tx.QueryContext(ctx, "SELECT revision, event_id, position FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?", stream, int64(start), len(events))
	if err != nil {
		return res, false, unavailable("append", stream, err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var rev, pos int64
		var id string
		if err := rows.Scan(&rev, &id, &pos); err != nil {
			return res, false, unavailable("append", stream, err)
		}
		if uint64(rev) != start+uint64(n) || id != events[n].ID.String() {
			return res, false, nil
		}
		res.NextExpected, res.Position = uint64(rev), eventstore.Position{Commit: uint64(pos), Prepare: uint64(pos)}
		n++
	}
	if err := rows.Err(); err != nil {
		return res, false, unavailable("append", stream, err)
	}
	return res, n == len(events), nil
}

const columns = "position, stream, revision, event_id, type, data, metadata"

// ReadStream implements eventstore.Store.
func (s *Store) ReadStream(ctx context.Context, stream string, from uint64, dir eventstore.Direction, limit int) ([]eventstore.RecordedEvent, error) {
	limit = eventstore.ClampLimit(limit)
	start := int64(min(from, math.MaxInt64))
	q := "SELECT " + columns + " FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?"
	if dir == eventstore.Backwards {
		q = "SELECT " + columns + " FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?"
	}
	events, err := s.query(ctx, q, stream, start, limit)
	if err != nil {
		return nil, unavailable("read stream", stream, err)
	}
	if len(events) == 0 {
		var one int
		err := s.reader.QueryRowContext(ctx, "SELECT 1 FROM events WHERE stream = ? LIMIT 1", stream).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("%w: %q", eventstore.ErrStreamNotFound, stream)
		}
		if err != nil {
			return nil, unavailable("read stream", stream, err)
		}
	}
	return events, nil
}

// ReadAll implements eventstore.Store.
func (s *Store) ReadAll(ctx context.Context, from eventstore.Position, dir eventstore.Direction, limit int) ([]eventstore.RecordedEvent, error) {
	limit = eventstore.ClampLimit(limit)
	pos := int64(min(from.Commit, math.MaxInt64))
	q := "SELECT " + columns + " FROM events WHERE position > ? ORDER BY position LIMIT ?"
	if dir == eventstore.Backwards {
		q = "SELECT " + columns + " FROM events WHERE position < ? ORDER BY position DESC LIMIT ?"
	}
	events, err := s.query(ctx, q, pos, limit)
	if err != nil {
		return nil, unavailable("read all", from.String(), err)
	}
	return events, nil
}

// FindEvent implements eventstore.Store.
func (s *Store) FindEvent(ctx context.Context, id uuid.UUID) (eventstore.RecordedEvent, error) {
	events, err := s.query(ctx, "SELECT "+columns+" FROM events WHERE event_id = ?", id.String())
	if err != nil {
		return eventstore.RecordedEvent{}, unavailable("find event", id.String(), err)
	}
	if len(events) == 0 {
		return eventstore.RecordedEvent{}, fmt.Errorf("%w: %s", eventstore.ErrEventNotFound, id)
	}
	return events[0], nil
}

func (s *Store) query(ctx context.Context, q string, args ...any) ([]eventstore.RecordedEvent, error) {
	rows, err := s.reader.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []eventstore.RecordedEvent
	for rows.Next() {
		var (
			e        eventstore.RecordedEvent
			pos, rev int64
			id       string
			data     string
			meta     string
		)
		if err := rows.Scan(&pos, &e.Stream, &rev, &id, &e.Type, &data, &meta); err != nil {
			return nil, err
		}
		if e.ID, err = uuid.Parse(id); err != nil {
			return nil, fmt.Errorf("%w: event at position %d has id %q: %v", eventstore.ErrCorrupt, pos, id, err)
		}
		e.Position = eventstore.Position{Commit: uint64(pos), Prepare: uint64(pos)}
		e.Revision = uint64(rev)
		e.Data, e.Metadata = []byte(data), []byte(meta)
		out = append(out, e)
	}
	return out, rows.Err()
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

// LoadSnapshot implements eventstore.SnapshotStore.
func (s *Store) LoadSnapshot(ctx context.Context, name string) (eventstore.Snapshot, bool, error) {
	snap := eventstore.Snapshot{Name: name}
	var pos int64
	err := s.reader.QueryRowContext(ctx, "SELECT version, position, data FROM snapshots WHERE name = ?", name).Scan(&snap.Version, &pos, &snap.Data)
	if errors.Is(err, sql.ErrNoRows) {
		return snap, false, nil
	}
	if err != nil {
		return snap, false, unavailable("load snapshot", name, err)
	}
	snap.Position = eventstore.Position{Commit: uint64(pos), Prepare: uint64(pos)}
	return snap, true, nil
}

// SaveSnapshot implements eventstore.SnapshotStore.
func (s *Store) SaveSnapshot(ctx context.Context, snap eventstore.Snapshot) error {
	_, err := s.writer.ExecContext(ctx,
		"INSERT INTO snapshots (name, version, position, data, saved_at) VALUES (?, ?, ?, ?, ?) "+
			"ON CONFLICT (name) DO UPDATE SET version = excluded.version, position = excluded.position, data = excluded.data, saved_at = excluded.saved_at",
		snap.Name, snap.Version, int64(snap.Position.Commit), snap.Data, time.Now().UTC().Format(time.RFC3339Nano))
	if err != nil {
		return unavailable("save snapshot", snap.Name, err)
	}
	return nil
}

// DeleteSnapshots implements eventstore.SnapshotStore.
func (s *Store) DeleteSnapshots(ctx context.Context) error {
	if _, err := s.writer.ExecContext(ctx, "DELETE FROM snapshots"); err != nil {
		return unavailable("delete snapshots", "", err)
	}
	return nil
}

// Backup writes a consistent copy of the live store to path (VACUUM INTO:
// a transaction-consistent, compacted copy taken while others keep
// writing) and checks the copy's integrity. path must not exist.
func (s *Store) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("sqlite: backup: %s already exists", path)
	}
	if _, err := s.reader.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return unavailable("backup", path, err)
	}
	copyDB, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?_pragma=query_only(1)")
	if err != nil {
		return unavailable("backup check", path, err)
	}
	defer copyDB.Close()
	var result string
	if err := copyDB.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&result); err != nil {
		return unavailable("backup check", path, err)
	}
	if result != "ok" {
		return fmt.Errorf("%w: backup %s fails its integrity check: %s", eventstore.ErrCorrupt, path, result)
	}
	return nil
}

// IntegrityCheck runs SQLite's own check of the file's structure.
func (s *Store) IntegrityCheck(ctx context.Context) error {
	rows, err := s.reader.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return unavailable("integrity check", s.path, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return unavailable("integrity check", s.path, err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: %s: %s", eventstore.ErrCorrupt, s.path, strings.Join(problems, "; "))
	}
	return rows.Err()
}

func unavailable(op, key string, err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("sqlite: %s %s: %w", op, key, err)
	}
	var se *sqlite.Error
	if errors.As(err, &se) && (se.Code()&0xff == sqlite3.SQLITE_CORRUPT || se.Code()&0xff == sqlite3.SQLITE_NOTADB) {
		return fmt.Errorf("%w: sqlite: %s %s: %v", eventstore.ErrCorrupt, op, key, err)
	}
	return fmt.Errorf("%w: sqlite: %s %s: %v", eventstore.ErrUnavailable, op, key, err)
}

func isUnique(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE
}
