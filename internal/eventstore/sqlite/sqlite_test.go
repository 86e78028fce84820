package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/contract"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/sqlite"
)

func open(t *testing.T) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "lumbung.db"), sqlite.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

func TestContract(t *testing.T) {
	contract.Run(t, func(t *testing.T) eventstore.Store { return open(t) })
}

func TestOpenRefusesFilesItCannotTrust(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()

	newer := filepath.Join(dir, "newer.db")
	s := openAt(t, newer)
	require.NoError(t, s.Close())
	raw, err := sql.Open("sqlite", "file:"+newer)
	require.NoError(t, err)
	_, err = raw.Exec(fmt.Sprintf("PRAGMA user_version = %d", sqlite.SchemaVersion+1))
	require.NoError(t, err)
	require.NoError(t, raw.Close())
	_, err = sqlite.Open(ctx, newer, sqlite.Options{})
	assert.ErrorIs(t, err, eventstore.ErrCorrupt, "a store from a newer build is not opened")
	assert.ErrorContains(t, err, "upgrade lumbung")

	foreign := filepath.Join(dir, "foreign.db")
	raw, err = sql.Open("sqlite", "file:"+foreign)
	require.NoError(t, err)
	_, err = raw.Exec("CREATE TABLE kas (tanggal TEXT, jumlah INTEGER); PRAGMA user_version = 3")
	require.NoError(t, err)
	require.NoError(t, raw.Close())
	_, err = sqlite.Open(ctx, foreign, sqlite.Options{})
	assert.ErrorIs(t, err, eventstore.ErrCorrupt, "another application's database is not taken over")

	text := filepath.Join(dir, "notes.txt")
	require.NoError(t, os.WriteFile(text, []byte(strings.Repeat("bukan basis data\n", 300)), 0o600))
	_, err = sqlite.Open(ctx, text, sqlite.Options{})
	assert.Error(t, err)

	_, err = sqlite.Open(ctx, filepath.Join(dir, "missing.db"), sqlite.Options{ReadOnly: true})
	assert.ErrorIs(t, err, eventstore.ErrUnavailable, "read-only never creates a file")
	_, statErr := os.Stat(filepath.Join(dir, "missing.db"))
	assert.True(t, os.IsNotExist(statErr))
}

func TestSchemaIsCreatedOnceUnderConcurrentOpens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			s, err := sqlite.Open(context.Background(), path, sqlite.Options{})
			if err == nil {
				err = s.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	s := openAt(t, path)
	_, err := s.Append(context.Background(), "x", eventstore.NoStream(), []eventstore.EventData{{ID: uuid.New(), Type: "T", Data: []byte("{}"), Metadata: []byte("{}")}})
	require.NoError(t, err)
}

func TestReadOnlyStoreRefusesWrites(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ro.db")
	require.NoError(t, openAt(t, path).Close())
	ro, err := sqlite.Open(context.Background(), path, sqlite.Options{ReadOnly: true})
	require.NoError(t, err)
	defer ro.Close()
	_, err = ro.Append(context.Background(), "x", eventstore.Any(), []eventstore.EventData{{ID: uuid.New(), Type: "T", Data: []byte("{}"), Metadata: []byte("{}")}})
	assert.ErrorIs(t, err, eventstore.ErrUnavailable)
}

func openAt(t *testing.T, path string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), path, sqlite.Options{})
	require.NoError(t, err)
	return s
}

// Appends made at once are committed together; one refused in a group
// (a wrong expected revision, an id taken) leaves the others written,
// and each writer is told its own outcome.
func TestConcurrentAppendsAreCommittedTogether(t *testing.T) {
	s := openAt(t, filepath.Join(t.TempDir(), "group.db"))
	ctx := context.Background()
	ev := func() []eventstore.EventData {
		return []eventstore.EventData{{ID: uuid.New(), Type: "T", Data: []byte(`{}`), Metadata: []byte(`{}`)}}
	}
	_, err := s.Append(ctx, "shared", eventstore.NoStream(), ev())
	require.NoError(t, err)
	taken := ev()
	_, err = s.Append(ctx, "taken", eventstore.NoStream(), taken)
	require.NoError(t, err)

	const writers = 60
	errs := make([]error, writers)
	var wg sync.WaitGroup
	for i := range writers {
		wg.Go(func() {
			switch i % 3 {
			case 0: // a stream of its own: always written
				_, errs[i] = s.Append(ctx, fmt.Sprintf("own-%d", i), eventstore.NoStream(), ev())
			case 1: // all race for revision 1 of one stream: one wins
				_, errs[i] = s.Append(ctx, "shared", eventstore.Exact(0), ev())
			case 2: // an id already stored elsewhere: refused
				_, errs[i] = s.Append(ctx, fmt.Sprintf("dup-%d", i), eventstore.NoStream(), taken)
			}
		})
	}
	wg.Wait()
	won := 0
	for i, err := range errs {
		switch i % 3 {
		case 0:
			assert.NoError(t, err, "writer %d", i)
			got, rerr := s.ReadStream(ctx, fmt.Sprintf("own-%d", i), 0, eventstore.Forwards, 0)
			require.NoError(t, rerr)
			assert.Len(t, got, 1)
		case 1:
			if err == nil {
				won++
			} else {
				assert.ErrorIs(t, err, eventstore.ErrWrongExpectedRevision)
			}
		case 2:
			assert.ErrorIs(t, err, eventstore.ErrDuplicateEventID, "writer %d", i)
			_, rerr := s.ReadStream(ctx, fmt.Sprintf("dup-%d", i), 0, eventstore.Forwards, 0)
			assert.ErrorIs(t, rerr, eventstore.ErrStreamNotFound, "a refused append leaves no stream behind")
		}
	}
	assert.Equal(t, 1, won)
	got, err := s.ReadStream(ctx, "shared", 0, eventstore.Forwards, 0)
	require.NoError(t, err)
	assert.Len(t, got, 2)
}

// The writing connection does not checkpoint: a checkpoint of its own
// copies what was committed into the database file while the store stays
// open, and commits go on meanwhile.
func TestCommitsReachTheDatabaseFileWhileOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "checkpoint.db")
	s := openAt(t, path)
	defer s.Close()
	ctx := context.Background()
	before, err := os.Stat(path)
	require.NoError(t, err)
	payload := []byte(`{"note":"` + strings.Repeat("x", 2000) + `"}`)
	for i := range 500 {
		_, err := s.Append(ctx, fmt.Sprintf("s-%d", i%10), eventstore.Any(), []eventstore.EventData{{ID: uuid.New(), Type: "T", Data: payload, Metadata: []byte(`{}`)}})
		require.NoError(t, err)
	}
	// About 1 MB was committed to the log; the file had the schema only.
	require.Eventually(t, func() bool {
		now, err := os.Stat(path)
		return err == nil && now.Size() > before.Size()+500*2000
	}, 10*time.Second, 20*time.Millisecond, "the database file never received the commits")
	got, err := s.ReadStream(ctx, "s-3", 0, eventstore.Forwards, 0)
	require.NoError(t, err)
	assert.Len(t, got, 50)
}

// A store keeps the heads of the streams it wrote from one transaction
// to the next, and forgets them when another process has committed: an
// append expecting the head another process left is accepted, one
// expecting the head this store last wrote is refused.
func TestAppendsSeeWhatAnotherProcessCommitted(t *testing.T) {
	path := filepath.Join(t.TempDir(), "two.db")
	one, two := openAt(t, path), openAt(t, path)
	defer one.Close()
	defer two.Close()
	ctx := context.Background()
	ev := func() []eventstore.EventData {
		return []eventstore.EventData{{ID: uuid.New(), Type: "T", Data: []byte(`{}`), Metadata: []byte(`{}`)}}
	}
	_, err := one.Append(ctx, "s", eventstore.NoStream(), ev())
	require.NoError(t, err)
	_, err = one.Append(ctx, "s", eventstore.Exact(0), ev())
	require.NoError(t, err)
	_, err = two.Append(ctx, "s", eventstore.Exact(1), ev())
	require.NoError(t, err)

	_, err = one.Append(ctx, "s", eventstore.Exact(1), ev())
	var wrong *eventstore.WrongExpectedRevisionError
	require.ErrorAs(t, err, &wrong)
	assert.Equal(t, uint64(2), wrong.Actual)
	res, err := one.Append(ctx, "s", eventstore.Exact(2), ev())
	require.NoError(t, err)
	assert.Equal(t, uint64(3), res.NextExpected)
	got, err := two.ReadStream(ctx, "s", 0, eventstore.Forwards, 0)
	require.NoError(t, err)
	assert.Len(t, got, 4)
}

// A batch whose context ends halfway leaves nothing, while appends go on
// beside it; what the writer knows of stream heads stays true: every
// stream afterwards holds its events at revisions 0, 1, 2, ... and a
// write expecting each true head succeeds.
func TestCancelledBatchesBesideAppends(t *testing.T) {
	s := openAt(t, filepath.Join(t.TempDir(), "cancel.db"))
	defer s.Close()
	ctx := context.Background()
	ev := func() []eventstore.EventData {
		return []eventstore.EventData{{ID: uuid.New(), Type: "T", Data: []byte(`{}`), Metadata: []byte(`{}`)}}
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				s.Append(ctx, fmt.Sprintf("c-%d-%d", g, i%20), eventstore.Any(), ev())
			}
		})
	}
	for round := range 100 {
		cctx, cancel := context.WithCancel(ctx)
		_, err := s.AppendBatch(cctx, func(yield func(eventstore.StreamAppend, error) bool) {
			for i := range 50 {
				if i == 3 {
					cancel()
				}
				// Into the appenders' streams too.
				if !yield(eventstore.StreamAppend{Stream: fmt.Sprintf("c-%d-%d", round%4, i%20), Expected: eventstore.Any(), Events: ev()}, nil) {
					return
				}
			}
		})
		cancel()
		assert.Error(t, err, "round %d", round)
	}
	close(stop)
	wg.Wait()
	for g := range 4 {
		for i := range 20 {
			stream := fmt.Sprintf("c-%d-%d", g, i)
			got, err := s.ReadStream(ctx, stream, 0, eventstore.Forwards, 0)
			if errors.Is(err, eventstore.ErrStreamNotFound) {
				// Only the cancelled batches named it.
				_, err = s.Append(ctx, stream, eventstore.NoStream(), ev())
				require.NoError(t, err, stream)
				continue
			}
			require.NoError(t, err)
			for rev, e := range got {
				require.Equal(t, uint64(rev), e.Revision, stream)
			}
			_, err = s.Append(ctx, stream, eventstore.Exact(uint64(len(got)-1)), ev())
			require.NoError(t, err, stream)
		}
	}
}
