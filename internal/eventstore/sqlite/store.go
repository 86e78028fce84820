// Package sqlite is the embedded Store adapter: the whole ledger in one
// SQLite file, through the pure-Go modernc.org/sqlite driver.
//
// The file is in WAL mode with synchronous=FULL, so an append that
// returned has reached the disk and survives a crash or a power loss.
// Events are append-only in the schema itself (triggers refuse UPDATE and
// DELETE), so an auditor opening the file with any SQLite tool sees the
// same guarantees; the event_log view shows the log readably. One process
// may write at a time; others wait for the lock. A Store is safe for
// concurrent use.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/lumbung-ledger/lumbung/internal/eventstore"
)

// Store is a Store on one SQLite file.
type Store struct {
	path   string
	writer *sql.DB // one connection: appends are serialised
	reader *sql.DB
	reads  map[string]*sql.Stmt // prepared on the reader pool
	writes map[string]*sql.Stmt // prepared on the writing connection

	// names and ids cache the streams table, whose rows never change.
	namesMu sync.RWMutex
	names   map[int64]string
	ids     map[string]int64

	mu      sync.Mutex
	changed chan struct{} // closed and replaced after every commit
	closed  bool

	// appends are single appends waiting for the committer, which
	// writes the ones waiting together in one transaction (group
	// commit); quit stops it, done says it stopped.
	appends chan *appendRequest
	quit    chan struct{}
	done    chan struct{}
	// checkpointed says the checkpointer stopped.
	checkpointed chan struct{}

	// heads are the streams' heads as the last write transactions left
	// them, and dataVersion the writing connection's data_version then;
	// writeMu is held by the write using them, from its start to its end.
	writeMu     sync.Mutex
	heads       map[string]head
	dataVersion int64
}

// readers is the number of reading connections.
const readers = 4

// Options tune how a store is opened.
type Options struct {
	// ReadOnly opens an existing file without writing to it, not even the
	// schema.
	ReadOnly bool
	// CacheMiB is the page cache of the writing connection in MiB, 48 if
	// zero.
	CacheMiB int
}

// Open opens or creates the store at path and brings its schema up to
// date. Errors wrap eventstore.ErrUnavailable (cannot open) or
// eventstore.ErrCorrupt (not a Lumbung store, or from a newer version).
func Open(ctx context.Context, path string, opt Options) (*Store, error) {
	// A file being created by another process at the same moment can
	// answer "busy" to the switch to WAL even with a busy timeout: the
	// open is tried again, as the busy timeout would have waited.
	for wait := 5 * time.Millisecond; ; wait = min(2*wait, 200*time.Millisecond) {
		s, err := open(ctx, path, opt)
		if !errors.Is(err, errBusy) {
			return s, err
		}
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return nil, err
		}
	}
}

// errBusy marks an open that found the file locked by another opener.
var errBusy = errors.New("sqlite: the file is being opened by another process")

func open(ctx context.Context, path string, opt Options) (*Store, error) {
	if opt.CacheMiB == 0 {
		opt.CacheMiB = 48
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
	s := &Store{path: path, changed: make(chan struct{}), names: map[int64]string{}, ids: map[string]int64{}, heads: map[string]head{}}
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
	s.reader.SetMaxOpenConns(readers)
	// Every connection of the pool stays open: one closed after a busy
	// moment would be opened again, and its statements prepared again.
	s.reader.SetMaxIdleConns(readers)
	if err := s.migrate(ctx, opt.ReadOnly); err != nil {
		s.Close()
		return nil, err
	}
	s.reads = map[string]*sql.Stmt{}
	for _, q := range readQueries {
		stmt, err := s.reader.PrepareContext(ctx, q)
		if err != nil {
			s.Close()
			return nil, unavailable("prepare", q, err)
		}
		s.reads[q] = stmt
	}
	s.writes = map[string]*sql.Stmt{}
	for _, q := range writeQueries {
		if opt.ReadOnly {
			break
		}
		stmt, err := s.writer.PrepareContext(ctx, q)
		if err != nil {
			s.Close()
			return nil, unavailable("prepare", q, err)
		}
		s.writes[q] = stmt
	}
	if !opt.ReadOnly {
		checkpointer, err := sql.Open("sqlite", dsn(path, opt, true))
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("%w: open %s: %v", eventstore.ErrUnavailable, path, err)
		}
		checkpointer.SetMaxOpenConns(1)
		s.appends, s.quit = make(chan *appendRequest), make(chan struct{})
		s.done, s.checkpointed = make(chan struct{}), make(chan struct{})
		go s.commit()
		go s.checkpoint(checkpointer)
	}
	return s, nil
}

// checkpointEvery is how often, at most, the checkpointer copies what
// was committed to the write-ahead log into the database file.
const checkpointEvery = 500 * time.Millisecond

// checkpoint copies the write-ahead log into the database file after
// commits, on its own connection, so that no commit waits for it: the
// writing connection does not checkpoint (wal_autocheckpoint 0). A
// passive checkpoint waits for no reader or writer; what it cannot copy
// yet, a later one does. The last connection to close copies the rest.
func (s *Store) checkpoint(db *sql.DB) {
	defer close(s.checkpointed)
	defer db.Close()
	for {
		changed, closed := s.changes()
		if closed {
			return
		}
		select {
		case <-changed:
		case <-s.quit:
			return
		}
		select {
		case <-time.After(checkpointEvery):
		case <-s.quit:
			return
		}
		// A failed checkpoint loses nothing: the log keeps every commit,
		// and the next checkpoint tries again.
		db.Exec("PRAGMA wal_checkpoint(PASSIVE)")
	}
}

func dsn(path string, opt Options, writer bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(30000)")
	if opt.ReadOnly || !writer {
		q.Add("_pragma", "query_only(1)")
		// Map the file for reads: scans then cost no system call per page.
		q.Add("_pragma", "mmap_size(1073741824)")
	}
	if writer && !opt.ReadOnly {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(FULL)")
		q.Add("_pragma", "wal_autocheckpoint(0)")
		q.Add("_pragma", fmt.Sprintf("cache_size(-%d)", opt.CacheMiB*1024))
		q.Set("_txlock", "immediate")
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// Path returns the file the store is in.
func (s *Store) Path() string { return s.path }

func (s *Store) migrate(ctx context.Context, readOnly bool) error {
	var app, version int64
	// Both in one statement, so in one read of the file: another process
	// migrating between two reads would show a half-made store.
	if err := s.writer.QueryRowContext(ctx, "SELECT a.application_id, v.user_version FROM pragma_application_id() a, pragma_user_version() v").Scan(&app, &version); err != nil {
		return unavailable("open", s.path, err)
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
	if readOnly && version >= logSchema {
		return nil
	}
	if readOnly {
		return fmt.Errorf("%w: %s has schema version %d and is opened read-only", eventstore.ErrUnavailable, s.path, version)
	}
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return unavailable("migrate", s.path, err)
	}
	defer tx.Rollback()
	// Read the version again under the write lock: another process may
	// have migrated in between.
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return unavailable("migrate", s.path, err)
	}
	for v := version; v < SchemaVersion; v++ {
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			return unavailable("migrate", fmt.Sprintf("%s to schema %d", s.path, v+1), err)
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d; PRAGMA user_version = %d", applicationID, SchemaVersion)); err != nil {
		return unavailable("migrate", s.path, err)
	}
	if err := tx.Commit(); err != nil {
		return unavailable("migrate", s.path, err)
	}
	return nil
}

// Close closes the store. Subscriptions end.
func (s *Store) Close() error {
	s.mu.Lock()
	wasOpen := !s.closed
	if !s.closed {
		s.closed = true
		close(s.changed)
	}
	s.mu.Unlock()
	if wasOpen && s.quit != nil {
		close(s.quit)
		<-s.done
		<-s.checkpointed
	}
	for _, stmt := range s.reads {
		stmt.Close()
	}
	for _, stmt := range s.writes {
		stmt.Close()
	}
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

// GetCredential implements eventstore.CredentialStore.
func (s *Store) GetCredential(ctx context.Context, key string) ([]byte, bool, error) {
	var v []byte
	err := s.reader.QueryRowContext(ctx, "SELECT value FROM credentials WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, unavailable("get credential", key, err)
	}
	return v, true, nil
}

// PutCredential implements eventstore.CredentialStore.
func (s *Store) PutCredential(ctx context.Context, key string, value []byte) error {
	_, err := s.writer.ExecContext(ctx,
		"INSERT INTO credentials (key, value, updated_at) VALUES (?, ?, ?) "+
			"ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
		key, value, time.Now().UTC().Format(time.RFC3339Nano))
	if err != nil {
		return unavailable("put credential", key, err)
	}
	return nil
}

// DeleteCredential implements eventstore.CredentialStore.
func (s *Store) DeleteCredential(ctx context.Context, key string) error {
	if _, err := s.writer.ExecContext(ctx, "DELETE FROM credentials WHERE key = ?", key); err != nil {
		return unavailable("delete credential", key, err)
	}
	return nil
}

// Backup writes a consistent copy of the live store to path (VACUUM INTO:
// a transaction-consistent, compacted copy taken while others keep
// writing) and checks the copy's structure. path must not exist.
func (s *Store) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("sqlite: backup: %s already exists", path)
	}
	// VACUUM INTO writes only the copy, but SQLite refuses it on a
	// query-only connection, so it runs on the writing one.
	if _, err := s.writer.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
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

// IntegrityCheck runs SQLite's own check of the file's structure (PRAGMA
// integrity_check): every page well formed, and every index holding
// exactly its table's rows. The lighter quick_check would leave out the
// second, which the store's reads by stream and its uniqueness checks
// rely on.
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
	if op == "open" && errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_BUSY {
		return fmt.Errorf("%w: sqlite: %s %s: %v (%w)", eventstore.ErrUnavailable, op, key, err, errBusy)
	}
	return fmt.Errorf("%w: sqlite: %s %s: %v", eventstore.ErrUnavailable, op, key, err)
}

func isUnique(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && (se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY)
}
