package report_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/shu"
	"github.com/lumbung-ledger/lumbung/internal/i18n"
	"github.com/lumbung-ledger/lumbung/internal/report"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
)

// yearOf returns a distributed year of n members with random capital and
// purchases.
func yearOf(tb testing.TB, n int) *cooperative.YearEnd {
	tb.Helper()
	rng := rand.New(rand.NewPCG(3, 4))
	f := shu.Figures{Year: 2025, BeforeTax: money.New(900_000_000), Tax: money.New(5_000_000), NonMember: money.New(10_000_000), CapitalDivisor: 1}
	for i := range n {
		f.Members = append(f.Members, shu.Member{ID: fmt.Sprintf("M%05d", i), Name: fmt.Sprintf("Anggota Nomor %d", i),
			Capital: money.New(50_000 + rng.Int64N(5_000_000)), Patronage: []money.Amount{money.New(rng.Int64N(3_000_000))}})
	}
	r, err := shu.Compute(shu.Default(), f)
	require.NoError(tb, err)
	c := cooperative.SHUComputed{Year: 2025, PolicyVersion: 1, Policy: shu.Default(), Figures: f, Result: r, Statements: "books", On: calendar.MustNew(2026, time.March, 1)}
	c.Members, c.Shares = n, cooperative.SharesDigest(f.Members, r.Payouts)
	c.Digest = c.Fingerprint()
	s := cooperative.State{}
	for _, e := range []cooperative.Event{c,
		cooperative.RATConvened{Year: 2025, Members: n, Quorum: shu.Default().Quorum, Required: n / 2, On: calendar.MustNew(2026, time.March, 14)},
		cooperative.RATResolution{Year: 2025, Kind: cooperative.ApproveSHU, For: n, Attending: n, Carried: true, SHU: c.Digest, Payout: cooperative.PayoutSukarela, On: calendar.MustNew(2026, time.March, 14)},
	} {
		s = cooperative.Evolve(s, e)
	}
	y := *s.Year(2025)
	full := *y.Computed
	full.Figures, full.Result = f, r
	y.Computed = &full
	return &y
}

// pack draws the RAT pack of the statements' scenario with a year of n
// members.
func pack(tb testing.TB, n int) []byte {
	tb.Helper()
	sc := buildBooks(tb)
	y := yearOf(tb, n)
	var buf bytes.Buffer
	err := sc.svc.Ledger(tb.Context(), booksCoop, func(b *generalledger.Books) {
		g := report.Growth{Start: 0, Admitted: n, End: n}
		for m := range g.MonthEnd {
			g.MonthEnd[m] = n * (m + 1) / 12
		}
		require.NoError(tb, report.RATPack(&buf, i18n.New(i18n.ID), report.Pack{Name: "Koperasi Sukamaju", Year: 2025, Books: b, YearEnd: y,
			Loans: report.LoanBook{AsOf: yearEnd2025}, Growth: g, Seal: "books"}))
	})
	require.NoError(tb, err)
	return buf.Bytes()
}

func TestRATPack(t *testing.T) {
	data := pack(t, 120)
	assert.True(t, bytes.HasPrefix(data, []byte("%PDF")))
	// Cover, four statements, the SHU calculation, the list over pages,
	// the loans, member growth with its charts, the RAT: more than ten
	// pages.
	assert.Greater(t, bytes.Count(data, []byte("/Type /Page\n")), 10)
}

// BenchmarkRATPack10k draws the RAT pack of a cooperative of 10,000
// members: the list of SHU shares runs over some 220 pages. Target: at
// most 5 s.
func BenchmarkRATPack10k(b *testing.B) {
	sc := buildBooks(b)
	y := yearOf(b, 10_000)
	p := i18n.New(i18n.ID)
	pages := 0
	for b.Loop() {
		var buf bytes.Buffer
		err := sc.svc.Ledger(b.Context(), booksCoop, func(bk *generalledger.Books) {
			require.NoError(b, report.RATPack(&buf, p, report.Pack{Name: "Koperasi Sukamaju", Year: 2025, Books: bk, YearEnd: y,
				Loans: report.LoanBook{AsOf: yearEnd2025}, Growth: report.Growth{End: 10_000}, Seal: "books"}))
		})
		require.NoError(b, err)
		pages = bytes.Count(buf.Bytes(), []byte("/Type /Page\n"))
	}
	b.ReportMetric(float64(pages), "pages")
}
