package app_test

import (
	"context"
	"errors"
	"iter"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/domain/shu"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
	"github.com/lumbung-ledger/lumbung/projections/participation"
)

// shuPolicy is the default of domain.md §3.5 with jasa usaha on purchases
// from the shop unit.
func shuPolicy() shu.Policy {
	p := shu.Default()
	p.Pools = append([]shu.Pool(nil), p.Pools...)
	p.Pools[2].Basis, p.Pools[2].Unit = shu.Purchases, "toko"
	return p
}

// shuYear records a year of a small cooperative in 2025: Siti pays her
// pokok and twelve wajib, Budi his pokok and six; they and a non-member
// buy from the shop; a salary is paid; every month and the year are
// closed.
func shuYear(t *testing.T, svc *app.Service) {
	t.Helper()
	ctx := context.Background()
	_, err := svc.AdoptSHUPolicy(ctx, testActor, testCoop, "AD-2024", shuPolicy(), d25(time.January, 1))
	require.NoError(t, err)
	admitOn(t, svc, "A-1", d25(time.January, 5), "ADM-1", true)
	admitOn(t, svc, "A-2", d25(time.January, 5), "ADM-2", true)
	for m := time.January; m <= time.December; m++ {
		depositOn(t, svc, "A-1", savings.Wajib, wajibFee, d25(m, 10), "W1-"+m.String())
		if m <= time.June {
			depositOn(t, svc, "A-2", savings.Wajib, wajibFee, d25(m, 10), "W2-"+m.String())
		}
	}
	for _, s := range []app.Sale{
		{Ref: "TK-1", Member: "A-1", Amount: money.New(3_360_000), Cost: money.New(3_000_000), Unit: "toko", On: d25(time.March, 1)},
		{Ref: "TK-2", Member: "A-2", Amount: money.New(1_234_567), Cost: money.New(1_100_000), Unit: "toko", On: d25(time.April, 1)},
		{Ref: "TK-3", Amount: money.New(500_000), Cost: money.New(400_000), Unit: "toko", On: d25(time.May, 1)},
	} {
		_, err := svc.RecordSale(ctx, testActor, testCoop, s)
		require.NoError(t, err)
	}
	postJournal(t, svc, salary("GJ-1", d25(time.June, 30), 100_000))
	for m := time.January; m <= time.December; m++ {
		_, err := svc.ClosePeriod(ctx, testActor, testCoop, ledger.Month{Year: 2025, Month: m})
		require.NoError(t, err)
	}
	_, err = svc.CloseYear(ctx, testActor, testCoop, 2025)
	require.NoError(t, err)
}

func TestSHUFromComputationToDistribution(t *testing.T) {
	store, svc, _ := setup(t, app.Options{})
	ctx := context.Background()

	// A policy whose pools do not sum to 100 % is refused with the sum.
	bad := shuPolicy()
	bad.Pools = append([]shu.Pool(nil), bad.Pools...)
	bad.Pools[0].Percent = decimal.NewFromInt(45)
	before := allEvents(t, store)
	_, err := svc.AdoptSHUPolicy(ctx, testActor, testCoop, "AD", bad, d25(time.January, 1))
	var sum *shu.PoolsSumError
	require.ErrorAs(t, err, &sum)
	assert.Equal(t, "105", sum.Sum.String())
	requireNothingWritten(t, store, before)

	shuYear(t, svc)

	// Computing an open year is refused.
	before = allEvents(t, store)
	_, _, err = svc.ComputeSHU(ctx, testActor, testCoop, 2026)
	require.ErrorIs(t, err, cooperative.ErrYearOpen)
	requireNothingWritten(t, store, before)

	y, res, err := svc.ComputeSHU(ctx, testActor, testCoop, 2025)
	require.NoError(t, err)
	require.Len(t, res.Events, 1)
	c := y.Computed
	// Revenue: sales 5,094,567 and entry fees none; costs: goods
	// 4,500,000 and the salary 100,000. The non-member sale made
	// 100,000 and bears its share of the salary by revenue.
	assert.Equal(t, "494567", c.Figures.BeforeTax.String())
	r := c.Result
	assert.Equal(t, r.AfterTax.String(), c.Figures.BeforeTax.Sub(c.Figures.Tax).String())
	for _, pool := range r.Pools {
		if pool.Kind == shu.Capital || pool.Kind == shu.Patronage {
			assert.Equal(t, pool.Amount.String(), pool.Paid.Add(pool.Residue).String(), pool.Key)
		}
	}
	require.Len(t, r.Payouts, 2)
	siti, budi := r.Payouts[0], r.Payouts[1]
	assert.Equal(t, "A-1", siti.Member)
	// Capital at the year's end: pokok 50,000 and wajib 120,000 / 60,000.
	assert.Equal(t, "170000", siti.Capital.String())
	assert.Equal(t, "110000", budi.Capital.String())
	assert.Equal(t, "3360000", siti.Patronage[0].String())
	assert.Equal(t, "1234567", budi.Patronage[0].String())
	jm, ju := r.Pools[1], r.Pools[2]
	want := func(basis, total int64, pool money.Amount) string {
		return decimal.NewFromInt(basis).Mul(pool.Decimal()).Div(decimal.NewFromInt(total)).Floor().String()
	}
	assert.Equal(t, want(170_000, 280_000, jm.Amount), siti.JasaModal.String())
	assert.Equal(t, want(1_234_567, 4_594_567, ju.Amount), budi.JasaUsaha[0].String())
	fingerprint := c.Fingerprint()

	// Computing again on the same books writes nothing.
	_, res, err = svc.ComputeSHU(ctx, testActor, testCoop, 2025)
	require.NoError(t, err)
	assert.Empty(t, res.Events)

	// No distribution before an approving resolution.
	before = allEvents(t, store)
	_, err = svc.DistributeSHU(ctx, testActor, testCoop, "RAT-2025/3", 2025, today)
	require.ErrorIs(t, err, cooperative.ErrSHUNotApproved)
	requireNothingWritten(t, store, before)

	rat := today // the day the SHU is computed: a RAT approves what was computed before it
	_, err = svc.ConveneRAT(ctx, testActor, testCoop, "UND-RAT-2025", 2025, rat)
	require.NoError(t, err)
	y, err = svc.YearEnd(ctx, testCoop, 2025)
	require.NoError(t, err)
	assert.Equal(t, 2, y.Meeting.Members)
	assert.Equal(t, 1, y.Meeting.Required) // half of two

	// Without attendance the quorum is not met.
	approve := app.Resolution{Year: 2025, Kind: cooperative.ApproveSHU, For: 2, SHU: fingerprint, Payout: cooperative.PayoutSukarela, On: rat}
	before = allEvents(t, store)
	_, err = svc.PassResolution(ctx, testActor, testCoop, "RAT-2025/3", approve)
	var quorum *cooperative.QuorumError
	require.ErrorAs(t, err, &quorum)
	assert.Equal(t, 0, quorum.Attending)
	requireNothingWritten(t, store, before)

	_, err = svc.RecordAttendance(ctx, testActor, testCoop, 2025, []cooperative.Attendance{{Member: "A-1", Mode: cooperative.Present}, {Member: "A-2", Mode: cooperative.Online}})
	require.NoError(t, err)
	// A non-member does not attend.
	before = allEvents(t, store)
	_, err = svc.RecordAttendance(ctx, testActor, testCoop, 2025, []cooperative.Attendance{{Member: "X-9", Mode: cooperative.Present}})
	require.ErrorIs(t, err, cooperative.ErrNotAMemberOnDate)
	// More votes than members attending are refused.
	_, err = svc.PassResolution(ctx, testActor, testCoop, "RAT-2025/3", app.Resolution{Year: 2025, Kind: cooperative.ApproveStatements, For: 3, On: rat})
	requireInputError(t, err, "votes", input.WantVotes)
	// A resolution quoting another computation is refused.
	other := approve
	other.SHU = "0000000000000000000000000000000000000000000000000000000000000000"
	_, err = svc.PassResolution(ctx, testActor, testCoop, "RAT-2025/3", other)
	requireInputError(t, err, "shu", input.WantSHUDigest)
	requireNothingWritten(t, store, before)

	_, err = svc.PassResolution(ctx, testActor, testCoop, "RAT-2025/1", app.Resolution{Year: 2025, Kind: cooperative.ApproveStatements, For: 2, On: rat})
	require.NoError(t, err)
	_, err = svc.PassResolution(ctx, testActor, testCoop, "RAT-2025/3", approve)
	require.NoError(t, err)

	// Once approved, the computation cannot be replaced.
	before = allEvents(t, store)
	_, _, err = svc.ComputeSHU(ctx, testActor, testCoop, 2025)
	require.ErrorIs(t, err, cooperative.ErrSHUApproved)
	requireNothingWritten(t, store, before)

	sitiBefore := balance(t, svc, "A-1", savings.Sukarela)
	dist, err := svc.DistributeSHU(ctx, testActor, testCoop, "RAT-2025/3", 2025, today)
	require.NoError(t, err)
	assert.True(t, dist.Recorded)
	assert.Equal(t, 2, dist.Members)
	assert.Equal(t, r.Paid().String(), dist.Paid.String())
	requireAmount(t, sitiBefore.Add(siti.Total).Decimal().IntPart(), balance(t, svc, "A-1", savings.Sukarela))

	// The ledger: SHU tahun berjalan emptied of the year's SHU, nothing
	// left payable, the reserve and the funds credited.
	on := today
	books(t, svc, func(b *generalledger.Books) {
		f := generalledger.Filter{To: on, Closing: true}
		assert.True(t, b.Balance("3-5100", f).IsZero(), "SHU tahun berjalan %s", b.Balance("3-5100", f))
		assert.True(t, b.Balance("2-1600", f).IsZero(), "utang SHU %s", b.Balance("2-1600", f))
		funds := money.Zero()
		for _, p := range r.Pools {
			if p.Kind == shu.Fund {
				funds = funds.Add(p.Amount)
			}
		}
		assert.Equal(t, funds.String(), b.Balance("2-1700", f).String())
		assert.Equal(t, r.Pools[0].Amount.Add(r.Residue()).String(), b.Balance("3-2100", f).String())
	})

	// A second distribution is refused and writes nothing.
	before = allEvents(t, store)
	_, err = svc.DistributeSHU(ctx, testActor, testCoop, "RAT-2025/3", 2025, today)
	require.ErrorIs(t, err, cooperative.ErrSHUDistributed)
	requireNothingWritten(t, store, before)

	// Frozen: nothing dated in 2025 can be added, a new computation is
	// refused, and what is recorded later leaves the year's SHU as it was.
	_, err = svc.RecordSale(ctx, testActor, testCoop, app.Sale{Ref: "TK-9", Member: "A-1", Amount: money.New(9_000_000), Unit: "toko", On: d25(time.December, 30)})
	var closed *ledger.ClosedPeriodError
	require.ErrorAs(t, err, &closed)
	_, err = svc.RecordSale(ctx, testActor, testCoop, app.Sale{Ref: "TK-10", Member: "A-1", Amount: money.New(9_000_000), Unit: "toko", On: today})
	require.NoError(t, err)
	_, _, err = svc.ComputeSHU(ctx, testActor, testCoop, 2025)
	require.ErrorIs(t, err, cooperative.ErrSHUDistributed)
	_, err = svc.AdoptSHUPolicy(ctx, testActor, testCoop, "AD-2026", shu.Default(), d25(time.June, 1))
	require.ErrorIs(t, err, cooperative.ErrSHUDistributed)
	y, err = newService(store, app.Options{}).YearEnd(ctx, testCoop, 2025)
	require.NoError(t, err)
	assert.Equal(t, fingerprint, y.Computed.Fingerprint())
	assert.Equal(t, fingerprint, y.Distributed.SHU)
	requireVerified(t, store)
}

// failingBatches is a real store whose multi-stream appends fail: a
// process that dies after recording a distribution and before its
// members' shares.
type failingBatches struct{ eventstore.Store }

var errDied = errors.New("the process died")

func (s failingBatches) AppendBatch(context.Context, iter.Seq2[eventstore.StreamAppend, error]) (eventstore.BatchResult, error) {
	return eventstore.BatchResult{}, errDied
}

func TestSHUDistributionInterruptedIsCompletedOnce(t *testing.T) {
	store, svc, _ := setup(t, app.Options{})
	ctx := context.Background()
	shuYear(t, svc)
	computed, _, err := svc.ComputeSHU(ctx, testActor, testCoop, 2025)
	require.NoError(t, err)
	c := computed.Computed
	rat := today // the day the SHU is computed: a RAT approves what was computed before it
	_, err = svc.ConveneRAT(ctx, testActor, testCoop, "", 2025, rat)
	require.NoError(t, err)
	_, err = svc.RecordAttendance(ctx, testActor, testCoop, 2025, []cooperative.Attendance{{Member: "A-1", Mode: cooperative.Present}, {Member: "A-2", Mode: cooperative.Proxy, By: "A-1"}})
	require.NoError(t, err)
	_, err = svc.PassResolution(ctx, testActor, testCoop, "RAT-2025/3", app.Resolution{Year: 2025, Kind: cooperative.ApproveSHU, For: 2, SHU: c.Fingerprint(), Payout: cooperative.PayoutSukarela, On: rat})
	require.NoError(t, err)

	dying := newService(failingBatches{store}, app.Options{})
	_, err = dying.DistributeSHU(ctx, testActor, testCoop, "RAT-2025/3", 2025, today)
	require.ErrorIs(t, err, errDied)
	fresh := newService(store, app.Options{})
	y, err := fresh.YearEnd(ctx, testCoop, 2025)
	require.NoError(t, err)
	require.NotNil(t, y.Distributed, "the first step is recorded")
	before := balance(t, fresh, "A-1", savings.Sukarela)

	dist, err := fresh.DistributeSHU(ctx, testActor, testCoop, "RAT-2025/3", 2025, today)
	require.NoError(t, err)
	assert.False(t, dist.Recorded)
	assert.Equal(t, 2, dist.Members)
	requireAmount(t, before.Add(c.Result.Payouts[0].Total).Decimal().IntPart(), balance(t, fresh, "A-1", savings.Sukarela))
	// The shares take the distribution's date, not the date of the call.
	m := memberState(t, fresh, "A-1")
	assert.True(t, m.ReceivedSHU(2025))
	_, err = fresh.DistributeSHU(ctx, testActor, testCoop, "RAT-2025/3", 2025, today)
	require.ErrorIs(t, err, cooperative.ErrSHUDistributed)
	books(t, fresh, func(b *generalledger.Books) {
		assert.True(t, b.Balance("2-1600", generalledger.Filter{To: today, Closing: true}).IsZero())
	})
	requireVerified(t, store)
}

// The bases come from the log: loan interest paid in the year for jasa
// usaha, and capital averaged over month ends, with a member who left in
// July sharing on the months they were in.
func TestSHUBasesFromLoansAndAverageCapital(t *testing.T) {
	l, _ := newLending(t, 20_000_000)
	ctx := context.Background()
	p := shu.Default()
	p.Measure = shu.AvgMonthEnd
	_, err := l.svc.AdoptSHUPolicy(ctx, testActor, testCoop, "AD-2024", p, d25(time.January, 1))
	require.NoError(t, err)
	l.member("A-1", 300_000) // sukarela, which the policy leaves out of capital
	l.member("A-2", 0)
	l.lend("L-1", "A-1", 3_000_000, 0, d25(time.February, 1))
	l.repay("L-1", "R-1", 1_000_000, d25(time.March, 1))
	l.repay("L-1", "R-2", 1_000_000, d25(time.April, 1))
	_, err = l.svc.Exit(ctx, testActor, testCoop, "A-2", d25(time.July, 1), "KLR-2", "pindah", "")
	require.NoError(t, err)
	for m := time.January; m <= time.December; m++ {
		_, err := l.svc.ClosePeriod(ctx, testActor, testCoop, ledger.Month{Year: 2025, Month: m})
		require.NoError(t, err)
	}
	_, err = l.svc.CloseYear(ctx, testActor, testCoop, 2025)
	require.NoError(t, err)

	f, digest, err := l.svc.SHUFigures(ctx, testCoop, 2025)
	require.NoError(t, err)
	assert.Len(t, digest, 64)
	require.Len(t, f.Members, 2)
	assert.Equal(t, int64(12), f.CapitalDivisor)
	a1, a2 := f.Members[0], f.Members[1]
	assert.Equal(t, "600000", a1.Capital.String(), "pokok 50,000 at twelve month ends")
	assert.Equal(t, "300000", a2.Capital.String(), "pokok 50,000 at six month ends, refunded on 1 July")
	assert.Equal(t, d25(time.July, 1), a2.Exited)
	interest := money.Zero()
	st := l.loan("L-1")
	for n := 1; n <= len(st.Schedule); n++ {
		interest = interest.Add(st.Paid(n).Interest)
	}
	require.True(t, interest.IsPositive())
	assert.Equal(t, interest.String(), a1.Patronage[0].String())
	assert.True(t, a2.Patronage[0].IsZero())
}

// approveSHU computes 2025, holds the RAT today with both members and
// approves the computation with the payout given.
func approveSHU(t *testing.T, svc *app.Service, payout string) *cooperative.SHUComputed {
	t.Helper()
	ctx := context.Background()
	y, _, err := svc.ComputeSHU(ctx, testActor, testCoop, 2025)
	require.NoError(t, err)
	_, err = svc.ConveneRAT(ctx, testActor, testCoop, "", 2025, today)
	require.NoError(t, err)
	_, err = svc.RecordAttendance(ctx, testActor, testCoop, 2025, []cooperative.Attendance{{Member: "A-1", Mode: cooperative.Present}})
	require.NoError(t, err)
	_, err = svc.PassResolution(ctx, testActor, testCoop, "RAT-2025/3", app.Resolution{Year: 2025, Kind: cooperative.ApproveSHU, For: 1, SHU: y.Fingerprint, Payout: payout, On: today})
	require.NoError(t, err)
	return y.Computed
}

// A cash payout the cash cannot cover is refused before anything is
// written; a member who left after the year keeps their share payable
// until it is paid to them in cash; every unit's SHU for the year leaves
// SHU tahun berjalan.
func TestSHUCashPayoutHeldSharesAndUnits(t *testing.T) {
	store, svc, _ := setup(t, app.Options{})
	ctx := context.Background()
	shuYear(t, svc)
	// The closed year's months stay closed.
	_, err := svc.ReopenPeriod(ctx, testActor, testCoop, ledger.Month{Year: 2025, Month: time.May}, "RAPAT-1", "lupa dicatat")
	require.ErrorIs(t, err, cooperative.ErrYearClosed)
	_, err = svc.Exit(ctx, testActor, testCoop, "A-2", calendar.MustNew(2026, time.January, 15), "KLR-2", "pindah", "")
	require.NoError(t, err)
	c := approveSHU(t, svc, cooperative.PayoutCash)
	siti, budi := c.Result.Payouts[0], c.Result.Payouts[1]

	// Kas after a large payment leaves less than Siti's share.
	var kas money.Amount
	books(t, svc, func(b *generalledger.Books) { kas = b.Balance(kasCode, generalledger.Filter{To: today, Closing: true}) })
	drain := kas.Sub(siti.Total).Add(money.New(1))
	postJournal(t, svc, app.Journal{Ref: "BELI", Memo: "beli barang", On: today, Lines: []ledger.Line{debit("1-1900", drain.Decimal().IntPart()), credit(kasCode, drain.Decimal().IntPart())}})
	before := allEvents(t, store)
	_, err = svc.DistributeSHU(ctx, testActor, testCoop, "RAT-2025/3", 2025, today)
	var share *app.ShareError
	require.ErrorAs(t, err, &share)
	assert.Equal(t, "A-1", share.Member)
	var short *ledger.InsufficientCashError
	require.ErrorAs(t, err, &short)
	requireNothingWritten(t, store, before)

	// With the cash back, the distribution goes through; Budi, who left,
	// is held.
	postJournal(t, svc, app.Journal{Ref: "JUAL", Memo: "retur barang", On: today, Lines: []ledger.Line{debit(kasCode, drain.Decimal().IntPart()), credit("1-1900", drain.Decimal().IntPart())}})
	d, err := svc.DistributeSHU(ctx, testActor, testCoop, "RAT-2025/3", 2025, today)
	require.NoError(t, err)
	assert.Equal(t, 1, d.Members)
	assert.Equal(t, 1, d.Held)
	assert.Equal(t, budi.Total.String(), d.HeldAmount.String())
	f := generalledger.Filter{To: today, Closing: true}
	books(t, svc, func(b *generalledger.Books) {
		assert.Equal(t, budi.Total.String(), b.Balance("2-1600", f).String(), "Budi's share is payable")
		for _, u := range []string{"simpan-pinjam", "toko"} {
			g := f
			g.Unit = u
			assert.True(t, b.Balance("3-5100", g).IsZero(), "SHU tahun berjalan of %s: %s", u, b.Balance("3-5100", g))
		}
	})

	// Budi comes for it: paid in cash.
	res, paid, err := svc.PaySHU(ctx, testActor, testCoop, "A-2", 2025, today)
	require.NoError(t, err)
	require.Len(t, res.Events, 1)
	assert.Equal(t, budi.Total.String(), paid.String())
	books(t, svc, func(b *generalledger.Books) { assert.True(t, b.Balance("2-1600", f).IsZero()) })
	res, _, err = svc.PaySHU(ctx, testActor, testCoop, "A-2", 2025, today)
	require.NoError(t, err)
	assert.Empty(t, res.Events, "paid once")
	before = allEvents(t, store)
	_, _, err = svc.PaySHU(ctx, testActor, testCoop, "X-9", 2025, today)
	requireInputError(t, err, "member", input.WantSHUShare)
	requireNothingWritten(t, store, before)
	requireVerified(t, store)
}

// A sale keyed to the wrong member is reversed like a journal entry
// (lumbung reverse REF), and leaves that member's purchases.
func TestSaleReversalLeavesThePurchases(t *testing.T) {
	store, svc, _ := setup(t, app.Options{})
	ctx := context.Background()
	admitOn(t, svc, "A-1", d25(time.January, 5), "ADM-1", true)
	admitOn(t, svc, "A-2", d25(time.January, 5), "ADM-2", true)
	for _, s := range []app.Sale{
		{Ref: "TK-1", Member: "A-1", Amount: money.New(1_000_000), Cost: money.New(800_000), Unit: "toko", On: d25(time.March, 1)},
		{Ref: "TK-2", Member: "A-2", Amount: money.New(300_000), Unit: "toko", On: d25(time.March, 2)},
	} {
		_, err := svc.RecordSale(ctx, testActor, testCoop, s)
		require.NoError(t, err)
	}
	// The same sale again writes nothing; the same reference for another
	// sale is refused.
	res, err := svc.RecordSale(ctx, testActor, testCoop, app.Sale{Ref: "TK-2", Member: "A-2", Amount: money.New(300_000), Unit: "toko", On: d25(time.March, 2)})
	require.NoError(t, err)
	assert.True(t, res.Repeated)
	before := allEvents(t, store)
	_, err = svc.RecordSale(ctx, testActor, testCoop, app.Sale{Ref: "TK-2", Member: "A-1", Amount: money.New(300_000), Unit: "toko", On: d25(time.March, 2)})
	var dup *member.DuplicateRefError
	require.ErrorAs(t, err, &dup)
	// A buyer who is not a member, an unknown unit and a bad amount are refused.
	_, err = svc.RecordSale(ctx, testActor, testCoop, app.Sale{Ref: "TK-3", Member: "X-9", Amount: money.New(1), Unit: "toko", On: d25(time.March, 2)})
	requireInputError(t, err, "member", input.WantKnownMember)
	_, err = svc.RecordSale(ctx, testActor, testCoop, app.Sale{Ref: "TK-3", Amount: money.New(1), Unit: "apotek", On: d25(time.March, 2)})
	requireInputError(t, err, "unit", input.WantKnownUnit)
	_, err = svc.RecordSale(ctx, testActor, testCoop, app.Sale{Ref: "TK-3", Amount: money.New(-5), Unit: "toko", On: d25(time.March, 2)})
	require.Error(t, err)
	_, err = svc.RecordSale(ctx, testActor, testCoop, app.Sale{Ref: "TK-3", Member: "A-1", Amount: money.New(5), Unit: "toko", On: d25(time.January, 2)})
	require.ErrorIs(t, err, cooperative.ErrSaleMemberUnknown, "before the admission")
	requireNothingWritten(t, store, before)

	_, err = svc.Reverse(ctx, testActor, testCoop, "TK-1", "salah anggota", calendar.Date{})
	require.NoError(t, err)
	_, err = svc.Reverse(ctx, testActor, testCoop, "TK-1", "salah anggota", calendar.Date{})
	require.ErrorIs(t, err, cooperative.ErrAlreadyReversed)
	var members []shu.Member
	require.NoError(t, svc.Participation(ctx, testCoop, func(parts *participation.Fold) { members, _ = parts.Members(2025, shuPolicy()) }))
	require.Len(t, members, 2)
	assert.True(t, members[0].Patronage[0].IsZero(), "A-1's purchase reversed: %s", members[0].Patronage[0])
	assert.Equal(t, "300000", members[1].Patronage[0].String())
	books(t, svc, func(b *generalledger.Books) {
		f := generalledger.Filter{Unit: "toko", To: d25(time.December, 31), Closing: true}
		assert.Equal(t, "300000", b.Balance("4-3100", f).String(), "sales of the shop: only TK-2")
		assert.True(t, b.Balance("5-5100", f).IsZero())
	})
}

// adoptOnce is a real store that adopts a new SHU policy just before the
// first append of an SHU computation's rows: the policy changes while
// the SHU is computed.
type adoptOnce struct {
	eventstore.Store
	once  sync.Once
	adopt func()
}

func (s *adoptOnce) Append(ctx context.Context, stream string, expected eventstore.ExpectedRevision, events []eventstore.EventData) (eventstore.AppendResult, error) {
	if strings.HasPrefix(stream, "shu-") {
		s.once.Do(s.adopt)
	}
	return s.Store.Append(ctx, stream, expected, events)
}

func TestSHUPolicyChangedDuringComputation(t *testing.T) {
	store, svc, _ := setup(t, app.Options{})
	ctx := context.Background()
	shuYear(t, svc)
	other := shuPolicy()
	other.Rounding = money.New(100)
	racer := &adoptOnce{Store: store, adopt: func() {
		_, err := svc.AdoptSHUPolicy(ctx, testActor, testCoop, "AD-2025", other, d25(time.January, 1))
		require.NoError(t, err)
	}}
	y, res, err := newService(racer, app.Options{}).ComputeSHU(ctx, testActor, testCoop, 2025)
	require.NoError(t, err)
	require.Len(t, res.Events, 1)
	assert.Equal(t, 2, y.Computed.PolicyVersion, "computed again under the policy adopted meanwhile")
	read, err := newService(store, app.Options{}).YearEnd(ctx, testCoop, 2025)
	require.NoError(t, err, "the year recorded is readable")
	assert.Equal(t, y.Fingerprint, read.Fingerprint)
	for _, p := range read.Computed.Result.Payouts {
		assert.True(t, p.Total.IsMultipleOf(money.New(100)))
	}
	requireVerified(t, store)
}

// The share of a member who left is paid once, in cash, not before the
// distribution; an active member's share is the distribution's.
func TestSHUPayHeldShareRules(t *testing.T) {
	_, svc, _ := setup(t, app.Options{})
	ctx := context.Background()
	shuYear(t, svc)
	_, err := svc.Exit(ctx, testActor, testCoop, "A-2", calendar.MustNew(2026, time.January, 15), "KLR-2", "pindah", "")
	require.NoError(t, err)
	_, _, err = svc.PaySHU(ctx, testActor, testCoop, "A-2", 2025, today)
	require.ErrorIs(t, err, cooperative.ErrSHUNotDistributed)
	approveSHU(t, svc, cooperative.PayoutSukarela)
	_, err = svc.DistributeSHU(ctx, testActor, testCoop, "RAT-2025/3", 2025, today)
	require.NoError(t, err)
	_, _, err = svc.PaySHU(ctx, testActor, testCoop, "A-2", 2025, calendar.MustNew(2026, time.February, 1))
	requireInputError(t, err, "date", input.WantNotBefore)
	res, _, err := svc.PaySHU(ctx, testActor, testCoop, "A-1", 2025, today)
	require.NoError(t, err)
	assert.True(t, res.Repeated, "A-1's share was credited by the distribution")
	res, _, err = svc.PaySHU(ctx, testActor, testCoop, "A-2", 2025, today)
	require.NoError(t, err)
	require.Len(t, res.Events, 1)
}

// Closing the month of a distribution interrupted between its two steps
// completes it first: no share is stranded behind a closed period.
func TestClosingTheMonthCompletesTheDistribution(t *testing.T) {
	store, svc, _ := setup(t, app.Options{})
	ctx := context.Background()
	shuYear(t, svc)
	c := approveSHU(t, svc, cooperative.PayoutSukarela)
	_, err := newService(failingBatches{store}, app.Options{}).DistributeSHU(ctx, testActor, testCoop, "RAT-2025/3", 2025, today)
	require.ErrorIs(t, err, errDied)
	april := newService(store, app.Options{Clock: func() time.Time { return time.Date(2026, 4, 2, 9, 0, 0, 0, time.UTC) }})
	_, err = april.ClosePeriod(ctx, testActor, testCoop, ledger.Month{Year: 2026, Month: time.March})
	require.NoError(t, err)
	for _, id := range []member.ID{"A-1", "A-2"} {
		assert.True(t, memberState(t, april, id).ReceivedSHU(2025), "%s", id)
	}
	requireAmount(t, c.Result.Payouts[0].Total.Decimal().IntPart(), balance(t, april, "A-1", savings.Sukarela))
	requireVerified(t, store)
}

// A purchase of one year reversed in the next leaves the next year's
// basis at zero, never below: the others' shares stay within the pool.
func TestSaleReversedInTheNextYear(t *testing.T) {
	_, svc, _ := setup(t, app.Options{})
	ctx := context.Background()
	admitOn(t, svc, "A-1", calendar.MustNew(2024, time.January, 5), "ADM-1", true)
	_, err := svc.RecordSale(ctx, testActor, testCoop, app.Sale{Ref: "TK-1", Member: "A-1", Amount: money.New(500_000), Unit: "toko", On: calendar.MustNew(2024, time.December, 20)})
	require.NoError(t, err)
	_, err = svc.Reverse(ctx, testActor, testCoop, "TK-1", "retur", d25(time.January, 10))
	require.NoError(t, err)
	var members []shu.Member
	require.NoError(t, svc.Participation(ctx, testCoop, func(parts *participation.Fold) { members, _ = parts.Members(2025, shuPolicy()) }))
	require.Len(t, members, 1)
	assert.True(t, members[0].Patronage[0].IsZero(), "basis %s", members[0].Patronage[0])
}
