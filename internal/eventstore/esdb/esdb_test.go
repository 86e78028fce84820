package esdb_test

import (
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/contract"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/esdb"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/esdb/esdbtest"
)

// The adapter passes the store contract against the protocol test
// server, through the unmodified official client, with the server's own
// events in $all as a real node has them.
func TestContract(t *testing.T) {
	server := esdbtest.Start(t, esdbtest.WithSystemEvents())
	contract.Run(t, func(t *testing.T) eventstore.Store {
		s, err := esdb.Open(t.Context(), server.URL())
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })
		return s
	})
}

// With LUMBUNG_ESDB_URL set (make test-esdb), the same contract against
// a real EventStoreDB/KurrentDB node.
func TestContractOnARealServer(t *testing.T) {
	url := os.Getenv("LUMBUNG_ESDB_URL")
	if url == "" {
		t.Skip("LUMBUNG_ESDB_URL is not set: no real server to test against")
	}
	contract.Run(t, func(t *testing.T) eventstore.Store {
		s, err := esdb.Open(t.Context(), url)
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })
		return s
	})
}

// A server away for longer than the client keeps looking for it (its
// discovery gives up for good after ten tries) is found again once back.
func TestTheServerComesBack(t *testing.T) {
	server := esdbtest.Start(t)
	s, err := esdb.Open(t.Context(), server.URL())
	require.NoError(t, err)
	defer s.Close()
	server.Stop()
	for range 3 {
		_, err := s.ReadAll(t.Context(), eventstore.Start, eventstore.Forwards, 1)
		require.ErrorIs(t, err, eventstore.ErrUnavailable)
	}
	require.NoError(t, server.Restart())
	require.Eventually(t, func() bool {
		_, err := s.ReadAll(t.Context(), eventstore.Start, eventstore.Forwards, 1)
		return err == nil
	}, 10*time.Second, 50*time.Millisecond)
}
