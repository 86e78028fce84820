package app_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/policy"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/eventstore/sqlite"
)

// BenchmarkDurableCommands records deposits one after the other, each
// acknowledged only once it is on disk (WAL, synchronous=FULL), spread
// over 100 members as a teller's day would be. Target: at least 2,500
// commands/s.
func BenchmarkDurableCommands(b *testing.B) {
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"), sqlite.Options{})
	require.NoError(b, err)
	defer store.Close()
	clock := func() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) }
	svc := app.New(store, app.Options{Clock: clock})
	_, err = svc.Register(ctx, "bench", cooperative.Register{Coop: "bench", Name: "Bench", Policy: policy.Default(money.New(50_000), money.New(10_000))})
	require.NoError(b, err)
	const members = 100
	for m := range members {
		id := member.ID(fmt.Sprintf("M%04d", m))
		_, err := svc.Admit(ctx, "bench", "bench", id, "Anggota", calendar.MustNew(2025, 1, 2), "A-"+string(id), true)
		require.NoError(b, err)
	}
	on := calendar.MustNew(2026, 2, 27)
	amount := money.New(25_000)
	n := 0
	for b.Loop() {
		id := member.ID(fmt.Sprintf("M%04d", n%members))
		if _, err := svc.Deposit(ctx, "bench", "bench", id, savings.Sukarela, amount, on, fmt.Sprintf("D-%d", n)); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "commands/s")
}
