package audit_test

import (
	"bytes"
	"database/sql"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/policy"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/audit"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/sqlite"
)

const coop = "kdmp-test"

func clock() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) }

func on(m time.Month, d int) calendar.Date { return calendar.MustNew(2025, m, d) }

func rp(n int64) money.Amount { return money.New(n) }

// The ledger built by build: 21 events in 4 streams. Member streams by
// revision:
//
//	M001: 0 admitted, 1 ADM-001/pokok, 2 W-001-01, 3 W-001-02, 4 S-001,
//	      5 T-001, 6 S-001-0 (backdated), 7 W-001-03
//	M002: 0 admitted, 1 ADM-002/pokok, 2 W-002-02, 3 S-002, 4 S-002b,
//	      5 reversal of S-002b, 6 T-002
//	M003: 0 admitted, 1 ADM-003/pokok, 2 W-003-03, 3 S-003, 4 EXIT-003
const (
	wantEvents  = 22 // with the registration and the chart of accounts
	wantStreams = 4
)

// build records the ledger through the application, in a store at path,
// and returns the open store.
func build(t *testing.T, path string) *sqlite.Store {
	t.Helper()
	ctx := t.Context()
	store, err := sqlite.Open(ctx, path, sqlite.Options{})
	require.NoError(t, err)
	svc := app.New(store, app.Options{Clock: clock})
	_, err = svc.Register(ctx, "bendahara", cooperative.Register{Coop: coop, Name: "Koperasi Test", Policy: policy.Default(rp(50_000), rp(10_000))})
	require.NoError(t, err)
	steps := []func() (app.Result, error){
		func() (app.Result, error) {
			return svc.Admit(ctx, "bendahara", coop, "M001", "Siti Rahayu", on(time.January, 6), "ADM-001", true)
		},
		func() (app.Result, error) {
			return svc.Admit(ctx, "bendahara", coop, "M002", "Budi Santoso", on(time.February, 3), "ADM-002", true)
		},
		func() (app.Result, error) {
			return svc.Admit(ctx, "bendahara", coop, "M003", "Dewi Lestari", on(time.March, 10), "ADM-003", true)
		},
		func() (app.Result, error) {
			return svc.Deposit(ctx, "bendahara", coop, "M001", savings.Wajib, rp(10_000), on(time.January, 31), "W-001-01")
		},
		func() (app.Result, error) {
			return svc.Deposit(ctx, "bendahara", coop, "M001", savings.Wajib, rp(10_000), on(time.February, 28), "W-001-02")
		},
		func() (app.Result, error) {
			return svc.Deposit(ctx, "bendahara", coop, "M001", savings.Sukarela, rp(250_000), on(time.February, 10), "S-001")
		},
		func() (app.Result, error) {
			return svc.Deposit(ctx, "bendahara", coop, "M002", savings.Wajib, rp(10_000), on(time.February, 28), "W-002-02")
		},
		func() (app.Result, error) {
			return svc.Deposit(ctx, "bendahara", coop, "M002", savings.Sukarela, rp(1_000_000), on(time.March, 5), "S-002")
		},
		func() (app.Result, error) {
			return svc.Deposit(ctx, "bendahara", coop, "M002", savings.Sukarela, rp(500_000), on(time.March, 20), "S-002b")
		},
		func() (app.Result, error) {
			return svc.Withdraw(ctx, "bendahara", coop, "M001", savings.Sukarela, rp(100_000), on(time.April, 15), "T-001")
		},
		func() (app.Result, error) {
			return svc.Deposit(ctx, "bendahara", coop, "M003", savings.Wajib, rp(10_000), on(time.March, 31), "W-003-03")
		},
		func() (app.Result, error) {
			return svc.Deposit(ctx, "bendahara", coop, "M003", savings.Sukarela, rp(200_000), on(time.April, 1), "S-003")
		},
		func() (app.Result, error) {
			return svc.Reverse(ctx, "bendahara", coop, "S-002b", "salah input", calendar.Date{})
		},
		func() (app.Result, error) {
			return svc.Deposit(ctx, "bendahara", coop, "M001", savings.Sukarela, rp(75_000), on(time.January, 20), "S-001-0")
		},
		func() (app.Result, error) {
			return svc.Withdraw(ctx, "bendahara", coop, "M002", savings.Sukarela, rp(300_000), on(time.May, 2), "T-002")
		},
		func() (app.Result, error) {
			return svc.Exit(ctx, "bendahara", coop, "M003", on(time.June, 30), "EXIT-003", "pindah domisili", "")
		},
		func() (app.Result, error) {
			return svc.Deposit(ctx, "bendahara", coop, "M001", savings.Wajib, rp(10_000), on(time.March, 31), "W-001-03")
		},
	}
	for i, step := range steps {
		res, err := step()
		require.NoError(t, err, "step %d", i)
		require.False(t, res.Repeated, "step %d", i)
	}
	return store
}

// ledger builds the ledger in a fresh file and returns its path, closed.
func ledger(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "l.db")
	require.NoError(t, build(t, path).Close())
	return path
}

// id returns the id of the event recorded under ref.
func id(ref string) uuid.UUID { return app.EventID(coop, "ref:"+ref) }

// rawDB opens the store's file directly, as an auditor's SQLite tool would.
func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?_pragma=busy_timeout(10000)")
	require.NoError(t, err)
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

// tamper drops the append-only triggers and runs fn in one transaction
// on the file at path.
func tamper(t *testing.T, path string, fn func(tx *sql.Tx)) {
	t.Helper()
	db := rawDB(t, path)
	ctx := t.Context()
	tx, err := db.BeginTx(ctx, nil)
	require.NoError(t, err)
	defer tx.Rollback()
	for _, q := range []string{"DROP TRIGGER events_append_only_update", "DROP TRIGGER events_append_only_delete"} {
		_, err := tx.ExecContext(ctx, q)
		require.NoError(t, err)
	}
	fn(tx)
	require.NoError(t, tx.Commit())
	require.NoError(t, db.Close())
}

// one runs a statement that must change exactly one row.
func one(t *testing.T, tx *sql.Tx, query string, args ...any) {
	t.Helper()
	res, err := tx.ExecContext(t.Context(), query, args...)
	require.NoError(t, err, query)
	n, err := res.RowsAffected()
	require.NoError(t, err)
	require.EqualValues(t, 1, n, "%s %v", query, args)
}

// columns reads the stored type, payload and metadata of an event.
func columns(t *testing.T, tx *sql.Tx, event uuid.UUID) (typ, data, meta string) {
	t.Helper()
	require.NoError(t, tx.QueryRowContext(t.Context(), "SELECT type, data, metadata FROM events WHERE event_id = ?", event[:]).Scan(&typ, &data, &meta))
	return typ, data, meta
}

// located is where an event sits in the log.
type located struct {
	Stream   string
	Revision uint64
	EventID  uuid.UUID
	Position eventstore.Position
}

// locate finds the events recorded under refs in the store at path.
func locate(t *testing.T, path string, refs ...string) map[string]located {
	t.Helper()
	store, err := sqlite.Open(t.Context(), path, sqlite.Options{ReadOnly: true})
	require.NoError(t, err)
	defer store.Close()
	out := map[string]located{}
	for _, ref := range refs {
		rec, err := store.FindEvent(t.Context(), id(ref))
		require.NoError(t, err, ref)
		out[ref] = located{Stream: rec.Stream, Revision: rec.Revision, EventID: rec.ID, Position: rec.Position}
	}
	return out
}

// verify opens the store at path and verifies it.
func verify(t *testing.T, path string) (audit.Report, error) {
	t.Helper()
	store, err := sqlite.Open(t.Context(), path, sqlite.Options{})
	require.NoError(t, err)
	defer store.Close()
	return audit.Verify(t.Context(), store, nil)
}

func TestVerifyIntactLog(t *testing.T) {
	path := ledger(t)
	store, err := sqlite.Open(t.Context(), path, sqlite.Options{})
	require.NoError(t, err)
	defer store.Close()

	var progress []int
	r, err := audit.Verify(t.Context(), store, func(n int) { progress = append(progress, n) })
	require.NoError(t, err)
	require.True(t, r.OK(), "break: %+v", r.Break)
	require.Nil(t, r.Break)
	require.Equal(t, wantEvents, r.Events)
	require.Equal(t, wantStreams, r.Streams)
	require.Equal(t, eventstore.Position{Commit: wantEvents, Prepare: wantEvents}, r.Last)
	require.NotEmpty(t, progress)
	require.Equal(t, wantEvents, progress[len(progress)-1])
}

func TestVerifyEmptyLog(t *testing.T) {
	store, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "l.db"), sqlite.Options{})
	require.NoError(t, err)
	defer store.Close()
	r, err := audit.Verify(t.Context(), store, nil)
	require.NoError(t, err)
	require.True(t, r.OK())
	require.Zero(t, r.Events)
	require.Zero(t, r.Streams)
}

// TestVerifyFindsTampering alters the file behind the store's back, as
// someone with a SQLite tool could after dropping the triggers, and
// expects the first broken link to be named exactly.
func TestVerifyFindsTampering(t *testing.T) {
	tests := []struct {
		name string
		// refs are the events the case touches, located before tampering.
		refs   []string
		tamper func(t *testing.T, tx *sql.Tx, at map[string]located)
		// want is the ref whose location the break must name, with the
		// stream and event id it must name where the tampering changed
		// them.
		want        string
		wantStream  string
		wantEventID uuid.UUID
		revision    uint64
		problem     string
		// deleted counts the rows the case deleted before the break.
		deleted int
	}{
		{
			name: "one byte of the payload",
			refs: []string{"S-001"},
			tamper: func(t *testing.T, tx *sql.Tx, _ map[string]located) {
				event := id("S-001")
				_, data, _ := columns(t, tx, event)
				require.Contains(t, data, `"250000"`)
				one(t, tx, `UPDATE events SET data = ? WHERE event_id = ?`, strings.Replace(data, `"250000"`, `"350000"`, 1), event[:])
			},
			want:     "S-001",
			revision: 4,
			problem:  "the hash does not match the event's bytes",
		},
		{
			name: "one byte of the actor in the metadata",
			refs: []string{"S-002"},
			tamper: func(t *testing.T, tx *sql.Tx, _ map[string]located) {
				event := id("S-002")
				_, _, meta := columns(t, tx, event)
				require.Contains(t, meta, `"actor":"bendahara"`)
				one(t, tx, `UPDATE events SET metadata = ? WHERE event_id = ?`, strings.Replace(meta, `"actor":"bendahara"`, `"actor":"bendaharA"`, 1), event[:])
			},
			want:     "S-002",
			revision: 3,
			problem:  "the hash does not match the event's bytes",
		},
		{
			name: "a row deleted in the middle of a stream",
			refs: []string{"W-001-02", "S-001"},
			tamper: func(t *testing.T, tx *sql.Tx, _ map[string]located) {
				one(t, tx, `DELETE FROM events WHERE event_id = ?`, bytesOf(id("W-001-02")))
			},
			want:     "S-001",
			revision: 4,
			problem:  "revision 4 follows revision 2",
			deleted:  1,
		},
		{
			name: "payload and metadata of two rows of a stream swapped",
			refs: []string{"W-001-01", "W-001-02"},
			tamper: func(t *testing.T, tx *sql.Tx, _ map[string]located) {
				a, b := id("W-001-01"), id("W-001-02")
				typeA, dataA, metaA := columns(t, tx, a)
				typeB, dataB, metaB := columns(t, tx, b)
				require.Equal(t, typeA, typeB)
				one(t, tx, `UPDATE events SET data = ?, metadata = ? WHERE event_id = ?`, dataB, metaB, a[:])
				one(t, tx, `UPDATE events SET data = ?, metadata = ? WHERE event_id = ?`, dataA, metaA, b[:])
			},
			want:     "W-001-01",
			revision: 2,
			problem:  "the previous-hash field does not match the hash of the previous event",
		},
		{
			name: "two whole rows swapped between streams",
			refs: []string{"W-001-01", "W-002-02"},
			tamper: func(t *testing.T, tx *sql.Tx, at map[string]located) {
				a, b := bytesOf(id("W-001-01")), bytesOf(id("W-002-02"))
				// Both are revision 2 of their streams: moving each row
				// to the other's stream keeps (stream, revision) unique.
				one(t, tx, `UPDATE events SET stream_id = -1 WHERE event_id = ?`, a)
				one(t, tx, `UPDATE events SET stream_id = (SELECT id FROM streams WHERE name = ?) WHERE event_id = ?`, at["W-001-01"].Stream, b)
				one(t, tx, `UPDATE events SET stream_id = (SELECT id FROM streams WHERE name = ?) WHERE event_id = ?`, at["W-002-02"].Stream, a)
			},
			// W-001-01 comes first in the log and now sits in M002's
			// stream at the same revision.
			want:       "W-001-01",
			wantStream: codec.MemberStream(coop, "M002"),
			revision:   2,
			problem:    "the previous-hash field does not match the hash of the previous event",
		},
		{
			name: "type renamed to an unknown name",
			refs: []string{"W-003-03"},
			tamper: func(t *testing.T, tx *sql.Tx, _ map[string]located) {
				one(t, tx, `UPDATE events SET type = 'SavingsDepositedV9' WHERE event_id = ?`, bytesOf(id("W-003-03")))
			},
			want:     "W-003-03",
			revision: 2,
			problem:  `unknown event type "SavingsDepositedV9"`,
		},
		{
			name: "a stream renamed",
			refs: []string{"ADM-001"},
			tamper: func(t *testing.T, tx *sql.Tx, at map[string]located) {
				_, err := tx.ExecContext(t.Context(), "DROP TRIGGER streams_append_only_update")
				require.NoError(t, err)
				one(t, tx, `UPDATE streams SET name = ? WHERE name = ?`, codec.MemberStream(coop, "M999"), at["ADM-001"].Stream)
			},
			want:       "ADM-001",
			wantStream: codec.MemberStream(coop, "M999"),
			revision:   0,
			problem:    "the hash does not match the event's bytes",
		},
		{
			name: "an event id replaced",
			refs: []string{"T-001"},
			tamper: func(t *testing.T, tx *sql.Tx, _ map[string]located) {
				one(t, tx, `UPDATE events SET event_id = ? WHERE event_id = ?`, bytesOf(id("T-999")), bytesOf(id("T-001")))
			},
			want:        "T-001",
			wantEventID: id("T-999"),
			revision:    5,
			problem:     "the hash does not match the event's bytes",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := ledger(t)
			at := locate(t, path, tt.refs...)
			tamper(t, path, func(tx *sql.Tx) { tt.tamper(t, tx, at) })

			r, err := verify(t, path)
			require.NoError(t, err)
			require.False(t, r.OK(), "tampering went unnoticed")
			want := at[tt.want]
			if tt.wantStream != "" {
				want.Stream = tt.wantStream
			}
			if tt.wantEventID != uuid.Nil {
				want.EventID = tt.wantEventID
			}
			got := located{Stream: r.Break.Stream, Revision: r.Break.Revision, EventID: r.Break.EventID, Position: r.Break.Position}
			require.Equal(t, tt.revision, want.Revision)
			require.Equal(t, want, got, "problem: %s", r.Break.Problem)
			require.Contains(t, r.Break.Problem, tt.problem)
			// Every event before the break verified.
			require.Equal(t, int(want.Position.Commit)-1-tt.deleted, r.Events)
		})
	}
}

func bytesOf(u uuid.UUID) []byte { return u[:] }

// TestTamperedRowsAreWhereTheCasesSayTheyAre checks the premises of the
// swap cases above: consecutive deposits of one stream, and rows of the
// same revision in two streams, the first earlier in the log.
func TestTamperedRowsAreWhereTheCasesSayTheyAre(t *testing.T) {
	at := locate(t, ledger(t), "W-001-01", "W-001-02", "W-002-02")
	require.Equal(t, at["W-001-01"].Stream, at["W-001-02"].Stream)
	require.Equal(t, at["W-001-01"].Revision+1, at["W-001-02"].Revision)
	require.Equal(t, at["W-001-01"].Revision, at["W-002-02"].Revision)
	require.True(t, at["W-001-01"].Position.Less(at["W-002-02"].Position))
	require.NotEqual(t, at["W-001-01"].Stream, at["W-002-02"].Stream)
}

// TestTriggersRefuseChanges shows that the schema itself keeps the log
// append-only for anyone opening the file, even while the store is open.
func TestTriggersRefuseChanges(t *testing.T) {
	path := filepath.Join(t.TempDir(), "l.db")
	store := build(t, path)
	defer store.Close()
	db := rawDB(t, path)
	ctx := t.Context()

	var before string
	require.NoError(t, db.QueryRowContext(ctx, "SELECT data FROM events WHERE position = 10").Scan(&before))

	for _, q := range []struct{ query, want string }{
		{"UPDATE events SET data = replace(data, '250000', '350000') WHERE position = 10", "append-only"},
		{"UPDATE events SET stream_id = 1 WHERE position = 10", "append-only"},
		{"DELETE FROM events WHERE position = 10", "append-only"},
		{"DELETE FROM events", "append-only"},
		{"UPDATE streams SET name = 'member-kdmp-test.M999' WHERE id = 2", "never renamed"},
		{"DELETE FROM streams WHERE id = 2", "never deleted"},
	} {
		_, err := db.ExecContext(ctx, q.query)
		require.Error(t, err, q.query)
		require.Contains(t, err.Error(), q.want, q.query)
	}

	var after string
	require.NoError(t, db.QueryRowContext(ctx, "SELECT data FROM events WHERE position = 10").Scan(&after))
	require.Equal(t, before, after)
	var n int
	require.NoError(t, db.QueryRowContext(ctx, "SELECT count(*) FROM events").Scan(&n))
	require.Equal(t, wantEvents, n)

	r, err := audit.Verify(ctx, store, nil)
	require.NoError(t, err)
	require.True(t, r.OK(), "break: %+v", r.Break)
	require.Equal(t, wantEvents, r.Events)
}

// TestVerifyFindsDamagedFile overwrites bytes of the closed file on disk,
// below the level of rows: SQLite's own structure is broken. Verify must
// not call such a log intact: it reports a break or an error wrapping
// eventstore.ErrCorrupt (as may opening the store).
func TestVerifyFindsDamagedFile(t *testing.T) {
	tests := []struct {
		name string
		// at returns the offset to overwrite, given the file, its page
		// size and the pages of the events table by type.
		at      func(t *testing.T, file []byte, pageSize int, events map[string][]int) int
		garbage []byte
	}{
		{
			name: "header of a page of events",
			at: func(t *testing.T, _ []byte, pageSize int, events map[string][]int) int {
				require.NotEmpty(t, events["leaf"])
				return (events["leaf"][0] - 1) * pageSize
			},
			garbage: bytes.Repeat([]byte{0xff}, 8),
		},
		{
			name: "cell pointers of a page of events",
			at: func(t *testing.T, _ []byte, pageSize int, events map[string][]int) int {
				leaves := events["leaf"]
				require.NotEmpty(t, leaves)
				return (leaves[len(leaves)-1]-1)*pageSize + 8
			},
			garbage: bytes.Repeat([]byte{0xff}, 16),
		},
		{
			name: "root of the events table",
			at: func(t *testing.T, _ []byte, pageSize int, events map[string][]int) int {
				require.NotEmpty(t, events["internal"], "the events table fits one page: grow the ledger")
				return (events["internal"][0] - 1) * pageSize
			},
			garbage: []byte{0x0d, 0x00, 0x00, 0x7f, 0xff},
		},
		{
			name: "the middle of the file",
			at: func(t *testing.T, file []byte, pageSize int, _ map[string][]int) int {
				pages := len(file) / pageSize
				require.Greater(t, pages, 2)
				return pages / 2 * pageSize
			},
			garbage: bytes.Repeat([]byte{0xa5}, 32),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := ledger(t)
			pageSize, events := settle(t, path)
			file, err := os.ReadFile(path)
			require.NoError(t, err)
			at := tt.at(t, file, pageSize, events)
			require.Greater(t, at, 100, "the file header is not what this case damages")
			require.LessOrEqual(t, at+len(tt.garbage), len(file))
			copy(file[at:], tt.garbage)
			require.NoError(t, os.WriteFile(path, file, 0o644))

			store, err := sqlite.Open(t.Context(), path, sqlite.Options{})
			if err != nil {
				t.Logf("open: %v", err)
				require.ErrorIs(t, err, eventstore.ErrCorrupt)
				return
			}
			defer store.Close()
			r, err := audit.Verify(t.Context(), store, nil)
			if err != nil {
				t.Logf("verify: %v", err)
				require.ErrorIs(t, err, eventstore.ErrCorrupt)
				return
			}
			require.False(t, r.OK(), "a damaged file verified: %d events in %d streams", r.Events, r.Streams)
			require.NotEmpty(t, r.Break.Problem)
			t.Logf("break: %+v", *r.Break)
		})
	}
}

// settle folds the write-ahead log into the main file and removes it, so
// that the bytes on disk are the whole database, and returns the page
// size and the pages of the events table, by page type (SQLite's dbstat).
func settle(t *testing.T, path string) (int, map[string][]int) {
	t.Helper()
	db := rawDB(t, path)
	ctx := t.Context()
	_, err := db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	require.NoError(t, err)
	var mode string
	require.NoError(t, db.QueryRowContext(ctx, "PRAGMA journal_mode = DELETE").Scan(&mode))
	require.Equal(t, "delete", mode)
	var pageSize int
	require.NoError(t, db.QueryRowContext(ctx, "PRAGMA page_size").Scan(&pageSize))
	rows, err := db.QueryContext(ctx, "SELECT pageno, pagetype FROM dbstat WHERE name = 'events' ORDER BY pageno")
	require.NoError(t, err)
	events := map[string][]int{}
	for rows.Next() {
		var page int
		var typ string
		require.NoError(t, rows.Scan(&page, &typ))
		require.Greater(t, page, 1)
		events[typ] = append(events[typ], page)
	}
	require.NoError(t, rows.Err())
	require.NoError(t, rows.Close())
	require.NoError(t, db.Close())
	_, err = os.Stat(path + "-wal")
	require.True(t, errors.Is(err, os.ErrNotExist), "the write-ahead log is still there: %v", err)
	return pageSize, events
}

// TestBrokenReportCountsWhatVerified: a report with a break says how many
// events verified before it, and so should it say in how many streams;
// `audit verify --json` prints both.
func TestBrokenReportCountsWhatVerified(t *testing.T) {
	path := ledger(t)
	tamper(t, path, func(tx *sql.Tx) {
		one(t, tx, `UPDATE events SET type = 'NoSuchEvent' WHERE event_id = ?`, bytesOf(id("W-003-03")))
	})
	r, err := verify(t, path)
	require.NoError(t, err)
	require.False(t, r.OK())
	require.Equal(t, 15, r.Events)
	// The coop stream and M001, M002 and M003 all had events verified.
	require.Equal(t, 4, r.Streams)
}

// TestVerifyFindsRewrittenMetadata: metadata whose values still hash
// right but whose bytes were rewritten (a key added) is found.
func TestVerifyFindsRewrittenMetadata(t *testing.T) {
	path := filepath.Join(t.TempDir(), "l.db")
	require.NoError(t, build(t, path).Close())
	db, err := sql.Open("sqlite", "file:"+path)
	require.NoError(t, err)
	for _, q := range []string{
		"DROP TRIGGER events_append_only_update",
		`UPDATE events SET metadata = CAST(replace(CAST(metadata AS TEXT), '{"schema":1,', '{"schema":1,"note":"edited",') AS BLOB) WHERE position = 3`,
	} {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}
	require.NoError(t, db.Close())
	reopened, err := sqlite.Open(t.Context(), path, sqlite.Options{ReadOnly: true})
	require.NoError(t, err)
	defer reopened.Close()
	r, err := audit.Verify(t.Context(), reopened, nil)
	require.NoError(t, err)
	require.NotNil(t, r.Break)
	require.Equal(t, audit.ProblemNonCanonical, r.Break.Kind)
	require.Equal(t, eventstore.Position{Commit: 3, Prepare: 3}, r.Break.Position)
}
