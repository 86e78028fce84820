package app_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/shu"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/importer"
	"github.com/lumbung-ledger/lumbung/projections/participation"
)

// BenchmarkComputeSHU100k is `lumbung shu compute` for a cooperative of
// 100,000 members with a closed year: each member joined in January,
// paid pokok and wajib (some of them twice), and the year made a surplus.
// An iteration reads the ledger's surplus, folds the log (400,000
// events, kept live) into every member's capital, computes, and records
// the computation (the header, and 100,000 rows in 50 events of the
// computation's stream): each under a new policy version, so that every
// iteration writes. Target: at most 1 s.
func BenchmarkComputeSHU100k(b *testing.B) {
	const n = 100_000
	ctx := context.Background()
	_, svc, _ := setup(b, app.Options{})
	var csv bytes.Buffer
	csv.WriteString("date,member,kind,amount,ref,name\n")
	for i := range n {
		fmt.Fprintf(&csv, "2025-01-02,S%06d,join,0,J%06d,Anggota %d\n", i, i, i)
		fmt.Fprintf(&csv, "2025-01-02,S%06d,deposit_pokok,%d,P%06d,\n", i, pokokFee, i)
		fmt.Fprintf(&csv, "2025-0%d-10,S%06d,deposit_wajib,%d,W%06d,\n", 1+i%9, i, wajibFee*(1+i%12), i)
	}
	_, err := importer.Run(ctx, svc, testActor, testCoop, &csv, int64(csv.Len()), importer.Options{})
	require.NoError(b, err)
	_, err = svc.PostJournal(ctx, testActor, testCoop, "", app.Journal{Ref: "BUNGA", Memo: "jasa giro", On: calendar.MustNew(2025, 6, 30),
		Lines: []ledger.Line{debit(kasCode, 900_000_000), credit("4-2100", 900_000_000)}})
	require.NoError(b, err)
	for m := time.January; m <= time.December; m++ {
		_, err := svc.ClosePeriod(ctx, testActor, testCoop, ledger.Month{Year: 2025, Month: m})
		require.NoError(b, err)
	}
	_, err = svc.CloseYear(ctx, testActor, testCoop, 2025)
	require.NoError(b, err)
	// The service keeps the members' participation live (from its snapshot
	// in a new process): bring it up to date before timing, as any earlier
	// command of the process would have.
	require.NoError(b, svc.Participation(ctx, testCoop, func(*participation.Fold) {}))
	p := shu.Default()
	p.Measure = shu.DailyAvg
	rounding := []int64{1, 100, 1000}
	i := 0
	for b.Loop() {
		p.Rounding = money.New(rounding[i%3])
		i++
		_, err := svc.AdoptSHUPolicy(ctx, testActor, testCoop, fmt.Sprintf("AD-%d", i), p, calendar.MustNew(2025, 1, 1))
		require.NoError(b, err)
		c, res, err := svc.ComputeSHU(ctx, testActor, testCoop, 2025)
		require.NoError(b, err)
		require.Len(b, res.Events, 1)
		require.Len(b, c.Computed.Result.Payouts, n)
	}
}
