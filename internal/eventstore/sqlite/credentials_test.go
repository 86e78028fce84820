package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/sqlite"
)

var _ eventstore.CredentialStore = (*sqlite.Store)(nil)

func TestCredentials(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	_, ok, err := s.GetCredential(ctx, "password/kdmp/siti")
	require.NoError(t, err)
	assert.False(t, ok)

	require.NoError(t, s.PutCredential(ctx, "password/kdmp/siti", []byte("one")))
	require.NoError(t, s.PutCredential(ctx, "password/kdmp/siti", []byte("two")))
	v, ok, err := s.GetCredential(ctx, "password/kdmp/siti")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, "two", string(v), "a put replaces")

	require.NoError(t, s.DeleteCredential(ctx, "password/kdmp/siti"))
	require.NoError(t, s.DeleteCredential(ctx, "password/kdmp/siti"), "deleting twice is no error")
	_, ok, err = s.GetCredential(ctx, "password/kdmp/siti")
	require.NoError(t, err)
	assert.False(t, ok)
}

// TestSchemaOneMigrates opens a file of schema version 1 (the log and the
// snapshots, no credentials): read-only it reads as it is, and opened for
// writing it gains the credentials table.
func TestSchemaOneMigrates(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v1.db")
	s, err := sqlite.Open(ctx, path, sqlite.Options{})
	require.NoError(t, err)
	require.NoError(t, s.Close())
	raw, err := sql.Open("sqlite", "file:"+path)
	require.NoError(t, err)
	_, err = raw.Exec("DROP TABLE credentials; PRAGMA user_version = 1")
	require.NoError(t, err)
	require.NoError(t, raw.Close())

	ro, err := sqlite.Open(ctx, path, sqlite.Options{ReadOnly: true})
	require.NoError(t, err, "a read-only open of an older file reads its log")
	require.NoError(t, ro.Close())

	rw, err := sqlite.Open(ctx, path, sqlite.Options{})
	require.NoError(t, err)
	defer rw.Close()
	require.NoError(t, rw.PutCredential(ctx, "k", []byte("v")))
}
