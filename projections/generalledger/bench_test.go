package generalledger_test

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/policy"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/sqlite"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
	"github.com/lumbung-ledger/lumbung/internal/importer"
	"github.com/lumbung-ledger/lumbung/internal/projector"
	"github.com/lumbung-ledger/lumbung/internal/report"
	"github.com/lumbung-ledger/lumbung/internal/sample"
	"github.com/lumbung-ledger/lumbung/projections/balances"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
)

// postingsStore returns a store whose log makes 1,000,000 postings or
// more: a cooperative of 10,000 members and 500,000 imported rows over a
// year (every savings movement posts two lines).
func postingsStore(b *testing.B) *sqlite.Store {
	b.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"), sqlite.Options{})
	require.NoError(b, err)
	b.Cleanup(func() { store.Close() })
	svc := app.New(store, app.Options{Clock: func() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) }})
	_, err = svc.Register(ctx, "bench", cooperative.Register{Coop: "bench", Name: "Bench", Policy: policy.Default(money.New(50_000), money.New(10_000))})
	require.NoError(b, err)
	var buf bytes.Buffer
	require.NoError(b, sample.Write(&buf, sample.Config{Members: 10_000, Rows: 510_000, Start: calendar.MustNew(2025, 1, 1), Days: 365, Pokok: 50_000, Wajib: 10_000, Seed: 1, RefPrefix: "R"}))
	_, err = importer.Run(ctx, svc, "bench", "bench", &buf, int64(buf.Len()), importer.Options{})
	require.NoError(b, err)
	return store
}

// statements renders the trial balance and the neraca, with their
// comparative columns, as a treasurer asks for them.
func statements(b *testing.B, books *generalledger.Books) {
	p := i18n.New(i18n.ID)
	period := report.Period{AsOf: calendar.MustNew(2025, 12, 31), Compare: calendar.MustNew(2025, 6, 30)}
	require.NoError(b, report.StatementText(io.Discard, p, report.TrialBalance(p, books, "Bench", period)))
	require.NoError(b, report.StatementText(io.Discard, p, report.Neraca(p, books, "Bench", period)))
}

// BenchmarkStatementsWarm draws the trial balance and the neraca from the
// general ledger already in memory. Target: at most 100 ms.
func BenchmarkStatementsWarm(b *testing.B) {
	store := postingsStore(b)
	gl := generalledger.New()
	_, err := projector.New(store, nil).Rebuild(context.Background(), gl)
	require.NoError(b, err)
	books, ok := gl.Books("bench")
	require.True(b, ok)
	b.ReportMetric(float64(books.Postings), "postings")
	for b.Loop() {
		statements(b, books)
	}
}

// BenchmarkStatementsCold rebuilds the general ledger from the log, then
// draws the two statements; BenchmarkRebuildBalances is the foundation's
// projection rebuilt from the same log, for the ratio. Target: cold at
// most twice the balances rebuild.
func BenchmarkStatementsCold(b *testing.B) {
	store := postingsStore(b)
	ctx := context.Background()
	postings := 0
	for b.Loop() {
		gl := generalledger.New()
		_, err := projector.New(store, nil).Rebuild(ctx, gl)
		require.NoError(b, err)
		books, _ := gl.Books("bench")
		postings = books.Postings
		statements(b, books)
	}
	b.ReportMetric(float64(postings), "postings")
	b.ReportMetric(float64(postings)*float64(b.N)/b.Elapsed().Seconds(), "postings/s")
}

// BenchmarkRebuildBalances rebuilds the savings balances projection from
// the same log as BenchmarkStatementsCold.
func BenchmarkRebuildBalances(b *testing.B) {
	store := postingsStore(b)
	ctx := context.Background()
	for b.Loop() {
		_, err := projector.New(store, nil).Rebuild(ctx, balances.New())
		require.NoError(b, err)
	}
}
