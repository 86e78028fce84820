package codec_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
)

func benchEvent(b *testing.B) eventstore.RecordedEvent {
	payload := savings.Deposited{Product: savings.Wajib, Amount: money.New(20_000), Ref: "R0012345", On: calendar.MustNew(2025, 6, 1)}
	data, _, err := codec.Events().Encode("member-bench.M00042", 17, codec.Hash{1, 2, 3}, codec.Meta{
		ID: uuid.New(), Coop: "bench", Recorded: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), Actor: "bendahara",
	}, payload)
	require.NoError(b, err)
	return eventstore.RecordedEvent{EventData: data, Stream: "member-bench.M00042", Revision: 17}
}

// BenchmarkDecode measures decoding one stored savings event, the work a
// projection rebuild does per event besides reading and folding.
func BenchmarkDecode(b *testing.B) {
	rec := benchEvent(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := codec.Events().Decode(rec); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncode measures sealing one savings event onto a chain.
func BenchmarkEncode(b *testing.B) {
	payload := savings.Deposited{Product: savings.Wajib, Amount: money.New(20_000), Ref: "R0012345", On: calendar.MustNew(2025, 6, 1)}
	meta := codec.Meta{ID: uuid.New(), Coop: "bench", Recorded: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), Actor: "bendahara"}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := codec.Events().Encode("member-bench.M00042", 17, codec.Hash{1, 2, 3}, meta, payload); err != nil {
			b.Fatal(err)
		}
	}
}
