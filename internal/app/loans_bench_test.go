package app_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/importer"
)

// loanBook returns a service whose cooperative has n members, each with
// savings, and an active loan each: Rp 1,000,000 over 12 months under an
// annuity product, first due dates spread over a year.
func loanBook(b *testing.B, n int) *app.Service {
	b.Helper()
	ctx := context.Background()
	_, svc, _ := setup(b, app.Options{})
	var csv bytes.Buffer
	csv.WriteString("date,member,kind,amount,ref,name\n")
	for i := range n {
		fmt.Fprintf(&csv, "2025-01-02,B%05d,join,0,J%05d,Anggota %d\n", i, i, i)
		fmt.Fprintf(&csv, "2025-01-02,B%05d,deposit_pokok,%d,P%05d,\n", i, pokokFee, i)
		fmt.Fprintf(&csv, "2025-01-02,B%05d,deposit_sukarela,5000000,S%05d,\n", i, i)
	}
	_, err := importer.Run(ctx, svc, testActor, testCoop, &csv, int64(csv.Len()), importer.Options{})
	require.NoError(b, err)
	product := loan.Product{
		Code: "umum", Name: "Pinjaman umum", Method: loan.Annuity, AnnualRate: decimal.New(18, -2), Months: 12, MaxMonths: 24,
		Provisi: loan.Fee{Percent: decimal.New(1, -2)}, Penalty: loan.Penalty{DailyRate: decimal.New(1, -3), GraceDays: 3, Cap: decimal.New(10, -2)},
		RateCap: loan.DefaultRateCap(), Order: loan.PenaltyFirst, Quality: loan.DefaultProfile(),
	}
	_, err = svc.DefineProduct(ctx, testActor, testCoop, product, calendar.MustNew(2025, 1, 1))
	require.NoError(b, err)
	start := calendar.MustNew(2025, 2, 1)
	for i := range n {
		id := loan.ID(fmt.Sprintf("PJ-%05d", i))
		on := start.AddDays(i % 300)
		_, err := svc.ApplyLoan(ctx, testActor, testCoop, app.Application{Loan: id, Member: member.ID(fmt.Sprintf("B%05d", i)), Product: "umum", Amount: money.New(1_000_000), On: on})
		require.NoError(b, err)
		_, err = svc.ApproveLoan(ctx, "ketua", testCoop, id, loan.RoleKetua, on)
		require.NoError(b, err)
		_, err = svc.DisburseLoan(ctx, testActor, testCoop, id, on, calendar.Date{}, "")
		require.NoError(b, err)
	}
	return svc
}

// BenchmarkLoansReview reviews 10,000 active loans: each iteration a month
// later, so that loans move between classes and the allowance changes.
// Target: at most 1 s an iteration.
func BenchmarkLoansReview(b *testing.B) {
	svc := loanBook(b, 10_000)
	ctx := context.Background()
	// Month ends after the last disbursement, up to today (1 March 2026).
	on := calendar.MustNew(2025, 12, 31)
	changed := 0
	for b.Loop() {
		r, err := svc.ReviewLoans(ctx, testActor, testCoop, on)
		require.NoError(b, err)
		require.Equal(b, 10_000, r.Loans)
		changed += r.Reclassified
		on = on.AddDays(29)
	}
	b.ReportMetric(float64(changed)/float64(b.N), "reclassified/op")
}

// BenchmarkRepayLoan records repayments one after another, each on disk
// before it returns: the latency a teller waits for.
func BenchmarkRepayLoan(b *testing.B) {
	const n = 1_000
	svc := loanBook(b, n)
	ctx := context.Background()
	on := calendar.MustNew(2025, 12, 1)
	i := 0
	for b.Loop() {
		id := loan.ID(fmt.Sprintf("PJ-%05d", i%n))
		_, err := svc.RepayLoan(ctx, testActor, testCoop, id, fmt.Sprintf("R-%d", i), money.New(10_000), on)
		require.NoError(b, err)
		i++
	}
}
