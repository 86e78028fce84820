package esdb_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/policy"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/esdb"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/esdb/esdbtest"
	"github.com/lumbung-ledger/lumbung/internal/importer"
	"github.com/lumbung-ledger/lumbung/internal/projector"
	"github.com/lumbung-ledger/lumbung/internal/sample"
	"github.com/lumbung-ledger/lumbung/projections/balances"
)

// BenchmarkManyCooperatives drives 1,000 cooperatives of 100 members each
// through the protocol test server and the adapter, as a national
// platform would take them on: each registered, then its members
// imported (admission, pokok and a year of deposits and withdrawals).
// It reports the append rate, and the catch-up rate of the balances
// projection folding the whole log from the server, with every
// cooperative in it; and checks the projection holds them all.
func BenchmarkManyCooperatives(b *testing.B) {
	const coops, members, rows = 1000, 100, 400
	for b.Loop() {
		ctx := context.Background()
		server := esdbtest.Start(b)
		store, err := esdb.Open(ctx, server.URL())
		require.NoError(b, err)
		clock := func() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) }
		svc := app.New(store, app.Options{Clock: clock})
		start := time.Now()
		events := 0
		for c := range coops {
			id := cooperative.ID(fmt.Sprintf("kdmp-%04d", c))
			res, err := svc.Register(ctx, "platform", cooperative.Register{Coop: id, Name: string(id), Policy: policy.Default(money.New(50_000), money.New(10_000))})
			require.NoError(b, err)
			events += len(res.Events)
			var csv bytes.Buffer
			require.NoError(b, sample.Write(&csv, sample.Config{Members: members, Rows: rows, Start: calendar.MustNew(2025, 1, 1), Days: 360, Pokok: 50_000, Wajib: 10_000, Seed: uint64(c), RefPrefix: "R"}))
			sum, err := importer.Run(ctx, svc, "platform", id, &csv, int64(csv.Len()), importer.Options{})
			require.NoError(b, err)
			events += sum.Written
		}
		appending := time.Since(start)

		start = time.Now()
		p := balances.New()
		st, err := projector.New(store, nil).Rebuild(ctx, p)
		require.NoError(b, err)
		catchingUp := time.Since(start)
		require.Len(b, p.Cooperatives(), coops)
		require.Equal(b, events, st.Events)
		store.Close()

		b.ReportMetric(float64(events), "events")
		b.ReportMetric(float64(events)/appending.Seconds(), "appended/s")
		b.ReportMetric(float64(st.Events)/catchingUp.Seconds(), "caught-up/s")
	}
}
