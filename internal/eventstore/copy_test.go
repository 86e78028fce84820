package eventstore_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"path/filepath"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/esdb"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/esdb/esdbtest"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/sqlite"
)

// cutShort is a store whose batches stop after a number of parts, as a
// copy cut short by a lost connection or a stopped process leaves them.
type cutShort struct {
	eventstore.Store
	parts int
}

var errCut = errors.New("the connection was lost")

func (c cutShort) AppendBatch(ctx context.Context, parts iter.Seq2[eventstore.StreamAppend, error]) (eventstore.BatchResult, error) {
	n := 0
	res, err := c.Store.AppendBatch(ctx, func(yield func(eventstore.StreamAppend, error) bool) {
		for p, err := range parts {
			if n == c.parts || !yield(p, err) {
				return
			}
			n++
		}
	})
	if err != nil {
		return res, err
	}
	return res, errCut
}

// everything reads a store's log.
func everything(t *testing.T, s eventstore.Store) []eventstore.RecordedEvent {
	t.Helper()
	var out []eventstore.RecordedEvent
	for at := eventstore.Start; ; {
		page, err := s.ReadAll(t.Context(), at, eventstore.Forwards, 0)
		require.NoError(t, err)
		if len(page) == 0 {
			return out
		}
		out = append(out, page...)
		at = page[len(page)-1].Position
	}
}

// A copy from SQLite to a server cut short after some streams' runs, and
// run again, finishes with every event once, in its stream and order,
// with its id and bytes; a third run copies nothing.
func TestCopyInterruptedAndRunAgain(t *testing.T) {
	ctx := t.Context()
	src, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "src.db"), sqlite.Options{})
	require.NoError(t, err)
	defer src.Close()
	for i := range 240 {
		stream := fmt.Sprintf("member-kdmp.M%03d", i%17)
		_, err := src.Append(ctx, stream, eventstore.Any(), []eventstore.EventData{{
			ID: uuid.New(), Type: "Tested", Data: fmt.Appendf(nil, `{"n":%d}`, i), Metadata: []byte(`{"m":1}`),
		}})
		require.NoError(t, err)
	}
	want := everything(t, src)

	server := esdbtest.Start(t, esdbtest.WithSystemEvents())
	dst, err := esdb.Open(ctx, server.URL())
	require.NoError(t, err)
	defer dst.Close()

	read, written, err := eventstore.Copy(ctx, src, cutShort{Store: dst, parts: 60}, nil)
	require.ErrorIs(t, err, errCut)
	assert.Equal(t, 0, read, "the page that failed is not counted")
	partial := len(everything(t, dst))
	assert.Equal(t, 60, partial, "one event per run here: sixty runs were written")
	assert.Zero(t, written)

	read, written, err = eventstore.Copy(ctx, src, dst, nil)
	require.NoError(t, err)
	assert.Equal(t, len(want), read)
	assert.Equal(t, len(want)-partial, written, "what was copied before is not written again")

	got := everything(t, dst)
	require.Len(t, got, len(want))
	for i := range want {
		assert.Equal(t, want[i].EventData, got[i].EventData)
		assert.Equal(t, want[i].Stream, got[i].Stream)
		assert.Equal(t, want[i].Revision, got[i].Revision)
	}
	_, written, err = eventstore.Copy(ctx, src, dst, nil)
	require.NoError(t, err)
	assert.Zero(t, written)
}
