package audit_test

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/audit"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/sqlite"
)

// chair is the chair's key pair, from a fixed seed.
func chair() ed25519.PrivateKey { return ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize)) }

func signer(k ed25519.PrivateKey) app.Signer {
	return func(msg []byte) ([]byte, []byte) { return k.Public().(ed25519.PublicKey), ed25519.Sign(k, msg) }
}

// sealed builds the ledger, seals it unsigned, records a deposit,
// registers the chair's key and seals again, signed; it returns the
// store's path, closed.
func sealed(t *testing.T) string {
	t.Helper()
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "l.db")
	store := build(t, path)
	svc := app.New(store, app.Options{Clock: clock})
	_, err := svc.SealLog(ctx, "bendahara", coop, calendar.Date{}, nil)
	require.NoError(t, err)
	_, err = svc.Deposit(ctx, "bendahara", coop, "M002", savings.Wajib, rp(10_000), on(time.April, 30), "W-002-04")
	require.NoError(t, err)
	_, err = svc.RegisterKey(ctx, "ketua", coop, "RAPAT-1", "ketua", chair().Public().(ed25519.PublicKey))
	require.NoError(t, err)
	s, err := svc.SealLog(ctx, "ketua", coop, calendar.Date{}, signer(chair()))
	require.NoError(t, err)
	require.NotEmpty(t, s.Signature)
	require.NoError(t, store.Close())
	return path
}

func TestSealsVerify(t *testing.T) {
	path := sealed(t)
	r, err := verify(t, path)
	require.NoError(t, err)
	require.Nil(t, r.Break, "%+v", r.Break)
	assert.Equal(t, 2, r.Seals)
	require.NotNil(t, r.LastSeal)
	assert.NotEmpty(t, r.LastSeal.Signature)
}

// Deleting the last event of a stream leaves its hash chain whole; the
// seal that covered it names the stream.
func TestSealFindsTheLastEventOfAStreamDeleted(t *testing.T) {
	path := sealed(t)
	at := locate(t, path, "W-001-03")
	tamper(t, path, func(tx *sql.Tx) {
		one(t, tx, `DELETE FROM events WHERE event_id = ?`, bytesOf(id("W-001-03")))
	})
	r, err := verify(t, path)
	require.NoError(t, err)
	require.NotNil(t, r.Break)
	assert.Equal(t, audit.ProblemSeal, r.Break.Kind)
	assert.Contains(t, r.Break.Problem, at["W-001-03"].Stream)
	assert.Contains(t, r.Break.Problem, "revision 6")
	assert.Equal(t, codec.CooperativeStream(coop), r.Break.Stream, "the break is the first seal")
}

// Once the chair's key is registered a seal must be signed with it: an
// unsigned seal, one signed with another key and a bad signature are
// refused, and write nothing (not even the heads).
func TestSealSignatureIsChecked(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "l.db")
	store := build(t, path)
	defer store.Close()
	svc := app.New(store, app.Options{Clock: clock})
	_, err := svc.RegisterKey(ctx, "ketua", coop, "RAPAT-1", "ketua", chair().Public().(ed25519.PublicKey))
	require.NoError(t, err)
	before := countEvents(t, store)
	// Unsigned, or signed with another key: refused, nothing written.
	_, err = svc.SealLog(ctx, "bendahara", coop, calendar.Date{}, nil)
	require.ErrorIs(t, err, cooperative.ErrSealUnsigned)
	other := ed25519.NewKeyFromSeed([]byte(strings.Repeat("x", ed25519.SeedSize)))
	_, err = svc.SealLog(ctx, "bendahara", coop, calendar.Date{}, signer(other))
	require.ErrorIs(t, err, cooperative.ErrSealWrongKey)
	forged := func(msg []byte) ([]byte, []byte) {
		sig := ed25519.Sign(chair(), msg)
		sig[0] ^= 1
		return chair().Public().(ed25519.PublicKey), sig
	}
	_, err = svc.SealLog(ctx, "bendahara", coop, calendar.Date{}, forged)
	require.ErrorIs(t, err, cooperative.ErrSealSignature)
	assert.Equal(t, before, countEvents(t, store))
}

// Events appended between the reading of the heads and the seal are
// after the seal's position: the seal still verifies.
func TestSealWithEventsWrittenMeanwhile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "l.db")
	store := build(t, path)
	defer store.Close()
	svc := app.New(store, app.Options{Clock: clock})
	racer := &sealRace{Store: store, during: func() {
		_, err := svc.Deposit(ctx, "bendahara", coop, "M001", savings.Wajib, rp(10_000), on(time.April, 30), "W-001-04")
		require.NoError(t, err)
	}}
	_, err := app.New(racer, app.Options{Clock: clock}).SealLog(ctx, "bendahara", coop, calendar.Date{}, nil)
	require.NoError(t, err)
	r, err := audit.Verify(ctx, store, nil)
	require.NoError(t, err)
	require.Nil(t, r.Break, "%+v", r.Break)
	assert.Equal(t, 1, r.Seals)
}

// sealRace runs during once, just before the first append of a seal's
// heads: another writer's event lands after the heads were read.
type sealRace struct {
	eventstore.Store
	once   sync.Once
	during func()
}

func (s *sealRace) Append(ctx context.Context, stream string, expected eventstore.ExpectedRevision, events []eventstore.EventData) (eventstore.AppendResult, error) {
	if strings.HasPrefix(stream, "seal-") {
		s.once.Do(s.during)
	}
	return s.Store.Append(ctx, stream, expected, events)
}

func countEvents(t *testing.T, store *sqlite.Store) int {
	t.Helper()
	n := 0
	for at := eventstore.Start; ; {
		page, err := store.ReadAll(t.Context(), at, eventstore.Forwards, 5000)
		require.NoError(t, err)
		if len(page) == 0 {
			return n
		}
		n += len(page)
		at = page[len(page)-1].Position
	}
}

// A verification stopped before the end of the log claims nothing.
func TestCancelledVerifyIsAnError(t *testing.T) {
	path := ledger(t)
	store, err := sqlite.Open(t.Context(), path, sqlite.Options{ReadOnly: true})
	require.NoError(t, err)
	defer store.Close()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	r, err := audit.Verify(ctx, store, nil)
	require.Error(t, err)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Nil(t, r.Break)
}
