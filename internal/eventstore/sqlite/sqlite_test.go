package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

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
