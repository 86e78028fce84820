package projector_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/policy"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/audit"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/sqlite"
	"github.com/lumbung-ledger/lumbung/internal/importer"
	"github.com/lumbung-ledger/lumbung/internal/projector"
	"github.com/lumbung-ledger/lumbung/internal/sample"
	"github.com/lumbung-ledger/lumbung/projections/balances"
)

// seeded returns a store holding one cooperative with members and rows
// imported from the sample generator.
func seeded(b *testing.B, members, rows int) *sqlite.Store {
	b.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"), sqlite.Options{})
	require.NoError(b, err)
	b.Cleanup(func() { store.Close() })
	svc := app.New(store, app.Options{Clock: func() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) }})
	_, err = svc.Register(ctx, "bench", cooperative.Register{Coop: "bench", Name: "Bench", Policy: policy.Default(money.New(50_000), money.New(10_000))})
	require.NoError(b, err)
	var buf bytes.Buffer
	require.NoError(b, sample.Write(&buf, sample.Config{Members: members, Rows: rows, Start: calendar.MustNew(2025, 1, 1), Days: 365, Pokok: 50_000, Wajib: 10_000, Seed: 1, RefPrefix: "R"}))
	_, err = importer.Run(ctx, svc, "bench", "bench", &buf, int64(buf.Len()), importer.Options{})
	require.NoError(b, err)
	return store
}

// BenchmarkRebuild folds a 1,000,001-event log into the balances
// projection from zero, without a snapshot. Target: at least 400,000
// events/s.
func BenchmarkRebuild(b *testing.B) {
	store := seeded(b, 10_000, 1_000_000)
	ctx := context.Background()
	events := 0
	for b.Loop() {
		st, err := projector.New(store, nil).Rebuild(ctx, balances.New())
		require.NoError(b, err)
		events += st.Events
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkVerify is `lumbung audit verify` over the same log, sealed at
// its end: every event decoded, its hash and link to the previous one
// checked, and the seal's heads checked against the log. Target: at least
// 300,000 events/s.
func BenchmarkVerify(b *testing.B) {
	store := seeded(b, 10_000, 1_000_000)
	ctx := context.Background()
	svc := app.New(store, app.Options{Clock: func() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) }})
	_, err := svc.SealLog(ctx, "bench", "bench", calendar.Date{}, nil)
	require.NoError(b, err)
	// With Go's default collector target, and with the target the
	// lumbung binary sets for itself (cmd/lumbung/main.go).
	for _, gc := range []int{100, 400} {
		b.Run(fmt.Sprintf("gogc=%d", gc), func(b *testing.B) {
			defer debug.SetGCPercent(debug.SetGCPercent(gc))
			events := 0
			for b.Loop() {
				r, err := audit.Verify(ctx, store, nil)
				require.NoError(b, err)
				require.Nil(b, r.Break)
				require.Equal(b, 1, r.Seals)
				events += r.Events
			}
			b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
		})
	}
}
