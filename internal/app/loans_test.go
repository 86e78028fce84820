package app_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/access"
	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
	"github.com/lumbung-ledger/lumbung/projections/loanbook"
)

// Loans through the service on a real SQLite store: the lifecycle, the
// refusals (each leaving the log as it was), the trial balance after
// every loan event, an exit netting a member's loan (and a crash between
// the netting and the loan's settlement), reviews and the allowance,
// write-offs and recoveries.
//
// Everything is dated in 2025; the service's clock stands at 1 March
// 2026. The cooperative holds a grant (hibah) of Rp 200 juta in kas,
// part of modal sendiri, so that the lending limit has room.

const (
	loanTeller    app.Actor = "teller-rina"
	loanKetua     app.Actor = "ketua-budi"
	loanPengawas  app.Actor = "pengawas-sri"
	loanBendahara           = testActor

	loansCode     = "1-1400"
	allowanceCode = "1-1490"
	clearingCode  = "2-1800"
	provisionCode = "5-2100"
	recoveryCode  = "4-2200"
	interestCode  = "4-1100"
	penaltyCode   = "4-1500"
	provisiCode   = "4-1300"
	adminCode     = "4-1400"
)

func d25(m time.Month, d int) calendar.Date { return calendar.MustNew(2025, m, d) }

var endOfTime = calendar.MustNew(9999, time.December, 31)

// loanProduct is Pinjaman umum: 24 % a year by method m over 12 months
// (at most 24), at most Rp 20 juta and ten times the borrower's savings;
// provisi 1 %, administrasi Rp 50.000; denda 0.1 % a day after 3 days of
// grace, at most 10 % of the instalment; the ketua approves up to Rp 5
// juta, the ketua and the pengawas above.
func loanProduct(code string, m loan.Method) loan.Product {
	d := decimal.RequireFromString
	return loan.Product{
		Code: code, Name: "Pinjaman " + code, Method: m, AnnualRate: d("0.24"),
		Months: 12, MaxMonths: 24, MaxPlafond: money.New(20_000_000), SavingsMultiple: d("10"),
		Provisi: loan.Fee{Percent: d("0.01"), Fixed: money.Zero()},
		Admin:   loan.Fee{Percent: decimal.Zero, Fixed: money.New(50_000)},
		Penalty: loan.Penalty{DailyRate: d("0.001"), GraceDays: 3, Cap: d("0.1")},
		Approvals: []loan.Band{
			{UpTo: money.New(5_000_000), Roles: []string{loan.RoleKetua}},
			{UpTo: money.Zero(), Roles: []string{loan.RoleKetua, loan.RolePengawas}},
		},
		RateCap: loan.DefaultRateCap(), Order: loan.PenaltyFirst, Quality: loan.DefaultProfile(),
	}
}

// lending is a cooperative lending to its members through a Service.
type lending struct {
	t     *testing.T
	ctx   context.Context
	store eventstore.Store
	svc   *app.Service
}

// newLending registers the test cooperative on a fresh store (through
// store, if given, wrapping the file's), defines the products umum
// (menurun) and flat, and records a grant of hibah rupiah into kas.
func newLending(t *testing.T, hibah int64, wrap ...func(eventstore.Store) eventstore.Store) (*lending, eventstore.Store) {
	t.Helper()
	raw := openStore(t, filepath.Join(t.TempDir(), "l.db"))
	var store eventstore.Store = raw
	for _, w := range wrap {
		store = w(store)
	}
	l := &lending{t: t, ctx: context.Background(), store: store, svc: newService(store, app.Options{})}
	registerCoop(t, l.svc)
	for _, p := range []loan.Product{loanProduct("umum", loan.Declining), loanProduct("flat", loan.Flat)} {
		_, err := l.svc.DefineProduct(l.ctx, loanKetua, testCoop, p, d25(time.January, 1))
		require.NoError(t, err)
	}
	if hibah > 0 {
		_, err := l.svc.PostJournal(l.ctx, loanBendahara, testCoop, "", app.Journal{Ref: "HIBAH", Memo: "hibah pemerintah desa", On: d25(time.January, 2),
			Lines: []ledger.Line{debit(kasCode, hibah), credit("3-3100", hibah)}})
		require.NoError(t, err)
	}
	return l, raw
}

// member admits id on 5 January, paying pokok (Rp 50.000), with a
// sukarela deposit.
func (l *lending) member(id member.ID, sukarela int64) {
	l.t.Helper()
	admitOn(l.t, l.svc, id, d25(time.January, 5), "ADM-"+string(id), true)
	if sukarela > 0 {
		depositOn(l.t, l.svc, id, savings.Sukarela, sukarela, d25(time.January, 5), "SK-"+string(id))
	}
}

// lend has the teller record an application of amount, the roles it
// needs approve it, and kas pay it out on d: the first instalment falls
// due a month later. The trial balance balances after each step.
func (l *lending) lend(id loan.ID, m member.ID, amount, collateral int64, d calendar.Date) {
	l.t.Helper()
	_, err := l.svc.ApplyLoan(l.ctx, loanTeller, testCoop, app.Application{Loan: id, Member: m, Product: "umum", Amount: money.New(amount), Collateral: money.New(collateral), Purpose: "modal usaha", On: d})
	require.NoError(l.t, err)
	l.requireBalanced()
	_, err = l.svc.ApproveLoan(l.ctx, loanKetua, testCoop, id, loan.RoleKetua, d)
	require.NoError(l.t, err)
	if amount > 5_000_000 {
		_, err = l.svc.ApproveLoan(l.ctx, loanPengawas, testCoop, id, loan.RolePengawas, d)
		require.NoError(l.t, err)
	}
	_, err = l.svc.DisburseLoan(l.ctx, loanBendahara, testCoop, id, d, calendar.Date{}, "")
	require.NoError(l.t, err)
	l.requireBalanced()
}

func (l *lending) repay(id loan.ID, ref string, amount int64, d calendar.Date) app.Result {
	l.t.Helper()
	res, err := l.svc.RepayLoan(l.ctx, loanBendahara, testCoop, id, ref, money.New(amount), d)
	require.NoError(l.t, err)
	l.requireBalanced()
	return res
}

func (l *lending) loan(id loan.ID) *loan.State {
	l.t.Helper()
	st, err := l.svc.Loan(l.ctx, testCoop, id)
	require.NoError(l.t, err)
	return st
}

// gl returns an account's balance with everything posted.
func (l *lending) gl(code string) money.Amount {
	l.t.Helper()
	return glBalance(l.t, l.svc, code, endOfTime)
}

// requireGL checks account balances on their normal sides.
func (l *lending) requireGL(want map[string]int64) {
	l.t.Helper()
	for code, amount := range want {
		requireAmount(l.t, amount, l.gl(code), "balance of %s", code)
	}
}

// requireBalanced checks the trial balance: the debits of every account
// equal the credits, with everything posted and on every day on which
// something was.
func (l *lending) requireBalanced() {
	l.t.Helper()
	books(l.t, l.svc, func(b *generalledger.Books) {
		var codes []string
		for _, a := range b.State.Chart.Accounts() {
			if !a.Heading {
				codes = append(codes, a.Code)
			}
		}
		for _, to := range []calendar.Date{d25(time.January, 1), d25(time.March, 31), d25(time.June, 30), d25(time.September, 30), endOfTime} {
			debit, credit := money.Zero(), money.Zero()
			for _, code := range codes {
				d, c := b.Totals(code, generalledger.Filter{To: to, Closing: true})
				debit, credit = debit.Add(d), credit.Add(c)
			}
			require.Truef(l.t, debit.Equal(credit), "trial balance to %s: debit %s, credit %s", to, debit, credit)
		}
	})
}

// countType counts the events of a stored type in the log.
func countType(t *testing.T, store eventstore.Store, typ string) int {
	t.Helper()
	n := 0
	for _, rec := range allEvents(t, store) {
		if rec.Type == typ {
			n++
		}
	}
	return n
}

func TestLoanLifecycleThroughTheService(t *testing.T) {
	l, _ := newLending(t, 200_000_000)
	ctx, svc := l.ctx, l.svc
	l.member("A-1", 2_000_000)
	kas := int64(200_000_000 + pokokFee + 2_000_000)

	res, err := svc.ApplyLoan(ctx, loanTeller, testCoop, app.Application{Loan: "PJ-1", Member: "A-1", Product: "umum", Amount: money.New(12_000_000), Purpose: "modal warung", On: d25(time.January, 10)})
	require.NoError(t, err)
	require.Len(t, res.Events, 1)
	assert.Equal(t, codec.LoanStream(string(testCoop), "PJ-1"), res.Stream)
	assert.Equal(t, "LoanApplied", res.Events[0].Envelope.Type)
	assert.Equal(t, string(loanTeller), res.Events[0].Envelope.Actor)
	l.requireBalanced()
	again, err := svc.ApplyLoan(ctx, loanTeller, testCoop, app.Application{Loan: "PJ-1", Member: "A-1", Product: "umum", Amount: money.New(12_000_000), Purpose: "modal warung", On: d25(time.January, 10)})
	require.NoError(t, err)
	assert.True(t, again.Repeated, "the same application again writes nothing")

	for _, a := range []struct {
		actor app.Actor
		role  string
	}{{loanKetua, loan.RoleKetua}, {loanPengawas, loan.RolePengawas}} {
		res, err := svc.ApproveLoan(ctx, a.actor, testCoop, "PJ-1", a.role, d25(time.January, 12))
		require.NoError(t, err)
		approved, ok := res.Events[0].Payload.(loan.Approved)
		require.True(t, ok)
		// Modal sendiri: the hibah and the pokok; 15 % of it.
		requireAmount(t, 200_050_000, approved.Limit.ModalSendiri)
		requireAmount(t, 12_000_000, approved.Limit.Exposure)
		requireAmount(t, 30_007_500, approved.Limit.Limit)
		assert.Equal(t, "0.15", approved.Limit.Share.String())
	}
	l.requireBalanced()

	res, err = svc.DisburseLoan(ctx, loanBendahara, testCoop, "PJ-1", d25(time.January, 15), calendar.Date{}, "")
	require.NoError(t, err)
	disbursed, ok := res.Events[0].Payload.(loan.Disbursed)
	require.True(t, ok)
	require.Len(t, disbursed.Schedule, 12)
	requireAmount(t, 1_240_000, disbursed.Schedule[0].Total())
	requireAmount(t, 1_020_000, disbursed.Schedule[11].Total())
	kas -= 12_000_000 - 120_000 - 50_000
	l.requireBalanced()
	l.requireGL(map[string]int64{loansCode: 12_000_000, kasCode: kas, provisiCode: 120_000, adminCode: 50_000})

	l.repay("PJ-1", "ANG-1", 1_240_000, d25(time.February, 15))
	kas += 1_240_000
	l.requireGL(map[string]int64{loansCode: 11_000_000, interestCode: 240_000, kasCode: kas})

	// The second instalment 10 days late: 7 beyond the grace, 8.540 of denda.
	due := l.loan("PJ-1").DueOn(d25(time.March, 25), 0)
	requireAmount(t, 1_228_540, due.Total())
	l.repay("PJ-1", "ANG-2", 1_228_540, d25(time.March, 25))
	kas += 1_228_540
	l.requireGL(map[string]int64{loansCode: 10_000_000, interestCode: 460_000, penaltyCode: 8_540, kasCode: kas})

	before := allEvents(t, l.store)
	res, err = svc.RepayLoan(ctx, loanBendahara, testCoop, "PJ-1", "ANG-2", money.New(1_228_540), d25(time.March, 25))
	require.NoError(t, err)
	assert.True(t, res.Repeated)
	requireNothingWritten(t, l.store, before)
	_, err = svc.RepayLoan(ctx, loanBendahara, testCoop, "PJ-1", "ANG-2", money.New(1_000_000), d25(time.March, 25))
	var dup *member.DuplicateRefError
	require.ErrorAs(t, err, &dup)
	requireNothingWritten(t, l.store, before)

	// Settled before the third instalment's due date: the principal left,
	// the interest of the ten instalments not yet due waived.
	res, err = svc.SettleLoan(ctx, loanBendahara, testCoop, "PJ-1", "LUNAS-1", d25(time.April, 10))
	require.NoError(t, err)
	settled, ok := res.Events[0].Payload.(loan.Repaid)
	require.True(t, ok)
	assert.True(t, settled.Early)
	requireAmount(t, 10_000_000, settled.Amount)
	requireAmount(t, 1_100_000, settled.Waived)
	kas += 10_000_000
	l.requireBalanced()
	l.requireGL(map[string]int64{loansCode: 0, interestCode: 460_000, penaltyCode: 8_540, kasCode: kas})
	st := l.loan("PJ-1")
	assert.Equal(t, loan.StatusClosed, st.Status)
	assert.Equal(t, d25(time.April, 10), st.Closed)
	requireVerified(t, l.store)
}

func TestLoanRefusalsWriteNothing(t *testing.T) {
	l, _ := newLending(t, 200_000_000)
	ctx, svc := l.ctx, l.svc
	l.member("A-1", 2_000_000)
	l.member("A-2", 2_000_000)
	l.member("A-3", 2_000_000)
	l.lend("PJ-1", "A-1", 12_000_000, 0, d25(time.January, 15))
	l.lend("PJ-2", "A-2", 3_000_000, 0, d25(time.January, 15))
	_, err := svc.SettleLoan(ctx, loanBendahara, testCoop, "PJ-2", "LUNAS-2", d25(time.February, 1))
	require.NoError(t, err)
	l.lend("PJ-3", "A-3", 3_000_000, 0, d25(time.January, 15))
	_, err = svc.PostJournal(ctx, loanBendahara, testCoop, "", app.Journal{Ref: "PPAP-AWAL", Memo: "penyisihan awal", On: d25(time.January, 31),
		Lines: []ledger.Line{debit(provisionCode, 3_000_000), credit(allowanceCode, 3_000_000)}})
	require.NoError(t, err)
	_, err = svc.WriteOffLoan(ctx, loanKetua, testCoop, "PJ-3", "RAPAT-PENGURUS-9", d25(time.September, 30))
	require.NoError(t, err)
	_, err = svc.ApplyLoan(ctx, loanTeller, testCoop, app.Application{Loan: "PJ-FLAT", Member: "A-1", Product: "flat", Amount: money.New(3_000_000), On: d25(time.February, 1)})
	require.NoError(t, err)
	_, err = svc.ApproveLoan(ctx, loanKetua, testCoop, "PJ-FLAT", loan.RoleKetua, d25(time.February, 1))
	require.NoError(t, err)
	_, err = svc.ApplyLoan(ctx, loanTeller, testCoop, app.Application{Loan: "PJ-NEW", Member: "A-2", Product: "umum", Amount: money.New(3_000_000), On: d25(time.February, 1)})
	require.NoError(t, err)
	l.requireBalanced()
	before := allEvents(t, l.store)

	for _, tc := range []struct {
		name  string
		run   func() (app.Result, error)
		check func(t *testing.T, err error)
	}{
		{"a rate above the cap", func() (app.Result, error) {
			return svc.DisburseLoan(ctx, loanBendahara, testCoop, "PJ-FLAT", d25(time.February, 1), calendar.Date{}, "")
		}, func(t *testing.T, err error) {
			var capErr *loan.RateCapError
			require.ErrorAs(t, err, &capErr)
			assert.Equal(t, "0.24", capErr.Cap.String())
			assert.True(t, capErr.Effective.GreaterThan(decimal.RequireFromString("0.41")), "24 %% flat is %s effective", capErr.Effective)
		}},
		{"approval by who recorded the application", func() (app.Result, error) {
			return svc.ApproveLoan(ctx, loanTeller, testCoop, "PJ-NEW", loan.RoleKetua, d25(time.February, 1))
		}, func(t *testing.T, err error) {
			assert.ErrorIs(t, err, access.ErrOwnRequest, "the server refuses before the domain")
		}},
		{"disbursing twice, on another day", func() (app.Result, error) {
			return svc.DisburseLoan(ctx, loanBendahara, testCoop, "PJ-1", d25(time.January, 16), calendar.Date{}, "")
		}, func(t *testing.T, err error) { assert.ErrorIs(t, err, loan.ErrAlreadyDisbursed) }},
		{"repaying a closed loan", func() (app.Result, error) {
			return svc.RepayLoan(ctx, loanBendahara, testCoop, "PJ-2", "ANG-X", money.New(10_000), d25(time.March, 1))
		}, func(t *testing.T, err error) { assert.ErrorIs(t, err, loan.ErrNotActive) }},
		{"repaying a written-off loan", func() (app.Result, error) {
			return svc.RepayLoan(ctx, loanBendahara, testCoop, "PJ-3", "ANG-Y", money.New(10_000), d25(time.October, 1))
		}, func(t *testing.T, err error) { assert.ErrorIs(t, err, loan.ErrNotActive) }},
		{"a repayment dated before the disbursement", func() (app.Result, error) {
			return svc.RepayLoan(ctx, loanBendahara, testCoop, "PJ-1", "ANG-Z", money.New(10_000), d25(time.January, 14))
		}, func(t *testing.T, err error) {
			var bad *input.Error
			require.ErrorAs(t, err, &bad)
			assert.Equal(t, &input.Error{Field: "date", Value: "2025-01-14", Want: input.WantNotBefore, Bound: "2025-01-15"}, bad)
		}},
		{"more than the loan owes", func() (app.Result, error) {
			return svc.RepayLoan(ctx, loanBendahara, testCoop, "PJ-1", "ANG-Z", money.New(20_000_000), d25(time.January, 20))
		}, func(t *testing.T, err error) {
			var over *loan.OverpaymentError
			require.ErrorAs(t, err, &over)
			requireAmount(t, 13_560_000, over.Owed)
		}},
		{"a write-off the allowance cannot absorb", func() (app.Result, error) {
			return svc.WriteOffLoan(ctx, loanKetua, testCoop, "PJ-1", "RAPAT-PENGURUS-10", d25(time.September, 30))
		}, func(t *testing.T, err error) {
			var short *loan.AllowanceShortError
			require.ErrorAs(t, err, &short)
			requireAmount(t, 12_000_000, short.Principal)
			requireAmount(t, 0, short.Allowance, "the allowance went to PJ-3")
		}},
		{"a recovery of more than was written off", func() (app.Result, error) {
			return svc.RecoverLoan(ctx, loanBendahara, testCoop, "PJ-3", "PULIH-1", money.New(3_000_001), d25(time.October, 1))
		}, func(t *testing.T, err error) {
			var over *loan.OverpaymentError
			require.ErrorAs(t, err, &over)
			requireAmount(t, 3_000_000, over.Owed)
		}},
		{"an application by a non-member", func() (app.Result, error) {
			return svc.ApplyLoan(ctx, loanTeller, testCoop, app.Application{Loan: "PJ-X", Member: "B-9", Product: "umum", Amount: money.New(1_000_000), On: d25(time.February, 1)})
		}, func(t *testing.T, err error) { requireInputError(t, err, "member", input.WantKnownMember) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.run()
			require.Error(t, err)
			tc.check(t, err)
			requireNothingWritten(t, l.store, before)
		})
	}
}

// TestLendingLimit: with a grant of Rp 40 juta, modal sendiri is 40.050.000
// and the limit for one borrower 15 % of it, 6.007.500: a loan of Rp 12
// juta is refused with the figures, and nothing is written.
func TestLendingLimit(t *testing.T) {
	l, _ := newLending(t, 40_000_000)
	l.member("A-1", 2_000_000)
	_, err := l.svc.ApplyLoan(l.ctx, loanTeller, testCoop, app.Application{Loan: "PJ-1", Member: "A-1", Product: "umum", Amount: money.New(12_000_000), On: d25(time.January, 10)})
	require.NoError(t, err)
	before := allEvents(t, l.store)
	_, err = l.svc.ApproveLoan(l.ctx, loanKetua, testCoop, "PJ-1", loan.RoleKetua, d25(time.January, 12))
	var limit *loan.LimitError
	require.ErrorAs(t, err, &limit)
	requireAmount(t, 40_050_000, limit.Check.ModalSendiri)
	requireAmount(t, 12_000_000, limit.Check.Exposure)
	requireAmount(t, 6_007_500, limit.Check.Limit)
	assert.Equal(t, "0.15", limit.Check.Share.String())
	requireNothingWritten(t, l.store, before)

	// A related party's loans count together, against 10 % of modal
	// sendiri, now with the pokok of two more members: 4.015.000.
	l.member("P-1", 2_000_000)
	l.member("P-2", 2_000_000)
	for i, m := range []member.ID{"P-1", "P-2"} {
		id := loan.ID(fmt.Sprintf("PJ-R%d", i+1))
		_, err := l.svc.ApplyLoan(l.ctx, loanTeller, testCoop, app.Application{Loan: id, Member: m, Product: "umum", Amount: money.New(2_500_000), Related: true, On: d25(time.January, 10)})
		require.NoError(t, err)
		_, err = l.svc.ApproveLoan(l.ctx, loanPengawas, testCoop, id, loan.RolePengawas, d25(time.January, 12))
		if i == 0 {
			require.NoError(t, err)
			_, err = l.svc.ApproveLoan(l.ctx, loanKetua, testCoop, id, loan.RoleKetua, d25(time.January, 12))
			require.NoError(t, err)
			_, err = l.svc.DisburseLoan(l.ctx, loanBendahara, testCoop, id, d25(time.January, 15), calendar.Date{}, "")
			require.NoError(t, err)
			continue
		}
		require.ErrorAs(t, err, &limit)
		requireAmount(t, 5_000_000, limit.Check.Exposure, "both related loans")
		requireAmount(t, 40_150_000, limit.Check.ModalSendiri, "the hibah and three members' pokok")
		requireAmount(t, 4_015_000, limit.Check.Limit)
		assert.Equal(t, "0.1", limit.Check.Share.String())
	}
}

// exitFixture is a member, A-2, with pokok 50.000, wajib 100.000 and
// sukarela 5.000.000, and a loan PJ-9 of Rp 3 juta disbursed on 1
// February, its first instalment (250.000 + 60.000) due on 1 March and
// unpaid on 10 March, the day A-2 leaves: 6 days beyond the grace, denda
// 1.860. The settlement on 10 March is 1.860 + 60.000 + 3.000.000; the
// interest of the eleven instalments not yet due, 330.000, is waived.
const (
	exitOffset  = 3_061_860
	exitRefunds = pokokFee + 100_000 + 5_000_000
)

var exitOn = d25(time.March, 10)

func exitFixture(l *lending) {
	l.t.Helper()
	l.member("A-2", 5_000_000)
	depositOn(l.t, l.svc, "A-2", savings.Wajib, 100_000, d25(time.January, 5), "WJ-A-2")
	l.lend("PJ-9", "A-2", 3_000_000, 0, d25(time.February, 1))
	total, waived := l.loan("PJ-9").Settlement(exitOn, 0)
	requireAmount(l.t, exitOffset, total)
	requireAmount(l.t, 330_000, waived)
}

// requireSettledByExit checks the end of an exit netting PJ-9: the loan
// closed by the exit, once; the clearing account and the loans back to
// zero; the interest and denda taken into revenue.
func requireSettledByExit(t *testing.T, l *lending, store eventstore.Store) {
	t.Helper()
	st := l.loan("PJ-9")
	assert.Equal(t, loan.StatusClosed, st.Status)
	assert.Equal(t, exitOn, st.Closed)
	assert.Equal(t, 1, countType(t, store, "LoanSettledByExit"), "the loan is settled exactly once")
	l.requireBalanced()
	l.requireGL(map[string]int64{clearingCode: 0, loansCode: 0, interestCode: 60_000, penaltyCode: 1_860, "3-1100": 0, "3-1200": 0, "2-1100": 0})
}

// pending returns the exits whose loans the loan book has not seen
// settled.
func pending(t *testing.T, svc *app.Service) []loanbook.Exit {
	t.Helper()
	var out []loanbook.Exit
	require.NoError(t, svc.Loans(context.Background(), testCoop, func(b *loanbook.Book) { out = b.Pending() }))
	return out
}

func TestExitNetsTheLoan(t *testing.T) {
	l, _ := newLending(t, 200_000_000)
	exitFixture(l)
	kas := l.gl(kasCode)

	res, err := l.svc.Exit(l.ctx, loanBendahara, testCoop, "A-2", exitOn, "EXIT-A-2", "pindah domisili", "")
	require.NoError(t, err)
	require.Len(t, res.Events, 1)
	settled, ok := res.Events[0].Payload.(member.ExitSettled)
	require.True(t, ok, "%T", res.Events[0].Payload)
	requireAmount(t, exitOffset, settled.LoanOffset, "the loan's settlement on the exit's date")
	requireAmount(t, exitRefunds-exitOffset, settled.NetPayout)
	requireAmount(t, exitRefunds-exitOffset, kas.Sub(l.gl(kasCode)), "kas pays the net")
	requireSettledByExit(t, l, l.store)
	assert.Empty(t, pending(t, l.svc))

	// The exit again is a repeat: nothing more is settled.
	before := allEvents(t, l.store)
	res, err = l.svc.Exit(l.ctx, loanBendahara, testCoop, "A-2", exitOn, "EXIT-A-2", "pindah domisili", "")
	require.NoError(t, err)
	assert.True(t, res.Repeated)
	requireNothingWritten(t, l.store, before)
	requireVerified(t, l.store)
}

// failLoans refuses appends to loan streams while fail is set: a process
// that dies after recording an exit and before settling its loans.
type failLoans struct {
	eventstore.Store
	fail atomic.Bool
}

var errCrash = errors.New("crash before the loan's settlement")

func (s *failLoans) Append(ctx context.Context, stream string, expected eventstore.ExpectedRevision, events []eventstore.EventData) (eventstore.AppendResult, error) {
	if _, _, isLoan := codec.ParseLoanStream(stream); isLoan && s.fail.Load() {
		return eventstore.AppendResult{}, errCrash
	}
	return s.Store.Append(ctx, stream, expected, events)
}

// TestExitCrashBetweenNettingAndSettlement: the exit is recorded, netting
// the loan, and the process dies before the loan's stream takes the
// settlement. The clearing account holds the offset meanwhile. A fresh
// service resumes: the loan is settled exactly once however often (and
// however concurrently) it resumes, the clearing account nets to zero,
// and no money is doubled or lost.
func TestExitCrashBetweenNettingAndSettlement(t *testing.T) {
	var crashing *failLoans
	l, raw := newLending(t, 200_000_000, func(s eventstore.Store) eventstore.Store {
		crashing = &failLoans{Store: s}
		return crashing
	})
	exitFixture(l)
	kas := l.gl(kasCode)

	crashing.fail.Store(true)
	_, err := l.svc.Exit(l.ctx, loanBendahara, testCoop, "A-2", exitOn, "EXIT-A-2", "pindah domisili", "")
	require.ErrorIs(t, err, errCrash)
	assert.Equal(t, member.StatusExited, memberState(t, l.svc, "A-2").Status, "the exit is recorded")
	assert.Equal(t, 0, countType(t, raw, "LoanSettledByExit"))
	requireAmount(t, exitOffset, l.gl(clearingCode), "the offset is held in the clearing account")
	requireAmount(t, 3_000_000, l.gl(loansCode), "the loan is still on the books")
	l.requireBalanced()
	require.Len(t, pending(t, l.svc), 1)

	// A fresh process resumes, twice over, two services at once.
	fresh := &lending{t: t, ctx: l.ctx, store: raw, svc: newService(raw, app.Options{})}
	other := newService(raw, app.Options{})
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, svc := range []*app.Service{fresh.svc, other} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = svc.ResumeExits(l.ctx, loanBendahara, testCoop)
		}()
	}
	wg.Wait()
	require.NoError(t, errs[0])
	require.NoError(t, errs[1])
	require.NoError(t, fresh.svc.ResumeExits(l.ctx, loanBendahara, testCoop))
	requireSettledByExit(t, fresh, raw)
	assert.Empty(t, pending(t, fresh.svc))

	// The crashed process, back, resumes too: nothing more.
	crashing.fail.Store(false)
	require.NoError(t, l.svc.ResumeExits(l.ctx, loanBendahara, testCoop))
	assert.Equal(t, 1, countType(t, raw, "LoanSettledByExit"))
	requireAmount(t, exitRefunds-exitOffset, kas.Sub(fresh.gl(kasCode)), "kas paid the net once")
	requireVerified(t, raw)
}

// TestExitWrittenByAnotherProcessIsResumed: the exit's event is appended
// as another process would have (through the codec, with the loan
// offset), and a fresh service's ResumeExits settles the loan from it,
// once.
func TestExitWrittenByAnotherProcessIsResumed(t *testing.T) {
	l, _ := newLending(t, 200_000_000)
	exitFixture(l)
	stream := codec.MemberStream(string(testCoop), "A-2")
	last, err := l.store.ReadStream(l.ctx, stream, eventstore.LastRevision, eventstore.Backwards, 1)
	require.NoError(t, err)
	prev, err := codec.Events().Decode(last[0])
	require.NoError(t, err)
	data, _, err := codec.Events().Encode(stream, last[0].Revision+1, prev.Hash, codec.Meta{
		ID: app.RefEventID(testCoop, "EXIT-A-2"), Coop: string(testCoop), Recorded: fixedNow, Actor: string(loanBendahara),
	}, member.ExitSettled{Ref: "EXIT-A-2", Pokok: money.New(pokokFee), Wajib: money.New(100_000), Sukarela: money.New(5_000_000),
		LoanOffset: money.New(exitOffset), NetPayout: money.New(exitRefunds - exitOffset), Reason: "pindah domisili", On: exitOn})
	require.NoError(t, err)
	_, err = l.store.Append(l.ctx, stream, eventstore.Exact(last[0].Revision), []eventstore.EventData{data})
	require.NoError(t, err)

	fresh := &lending{t: t, ctx: l.ctx, store: l.store, svc: newService(l.store, app.Options{})}
	require.Len(t, pending(t, fresh.svc), 1)
	for range 2 {
		require.NoError(t, fresh.svc.ResumeExits(l.ctx, loanBendahara, testCoop))
	}
	requireSettledByExit(t, fresh, l.store)
	requireVerified(t, l.store)
}

// TestRepaymentWhileAnExitIsPending: after the crash, before any exit is
// resumed, the teller takes a repayment on the loan the exit netted. The
// member may not pay twice: either the repayment is refused (the loan is
// settled by the exit first), or the settlement takes in less, but the
// clearing account must end at zero with nothing held for the former
// member that no one will pay out.
func TestRepaymentWhileAnExitIsPending(t *testing.T) {
	var crashing *failLoans
	l, raw := newLending(t, 200_000_000, func(s eventstore.Store) eventstore.Store {
		crashing = &failLoans{Store: s}
		return crashing
	})
	exitFixture(l)
	crashing.fail.Store(true)
	_, err := l.svc.Exit(l.ctx, loanBendahara, testCoop, "A-2", exitOn, "EXIT-A-2", "pindah domisili", "")
	require.ErrorIs(t, err, errCrash)

	fresh := &lending{t: t, ctx: l.ctx, store: raw, svc: newService(raw, app.Options{})}
	_, repayErr := fresh.svc.RepayLoan(l.ctx, loanBendahara, testCoop, "PJ-9", "ANG-9", money.New(310_000), exitOn)
	require.NoError(t, fresh.svc.ResumeExits(l.ctx, loanBendahara, testCoop))
	assert.Equal(t, loan.StatusClosed, fresh.loan("PJ-9").Status)
	fresh.requireBalanced()
	assert.Truef(t, fresh.gl(clearingCode).IsZero(),
		"the repayment (error: %v) was taken from a member whose loan the exit had already netted: %s stays in %s after the settlement",
		repayErr, fresh.gl(clearingCode), clearingCode)
}

func TestExitRefusedWhileLoansExceedTheRefund(t *testing.T) {
	l, _ := newLending(t, 200_000_000)
	l.member("A-3", 500_000)
	l.lend("PJ-3", "A-3", 3_000_000, 0, d25(time.February, 1))
	before := allEvents(t, l.store)
	_, err := l.svc.Exit(l.ctx, loanBendahara, testCoop, "A-3", exitOn, "EXIT-A-3", "pindah domisili", "")
	var owes *member.LoanOutstandingError
	require.ErrorAs(t, err, &owes)
	assert.Equal(t, member.ID("A-3"), owes.Member)
	requireAmount(t, exitOffset, owes.Outstanding)
	requireAmount(t, pokokFee+500_000, owes.Refunds)
	requireNothingWritten(t, l.store, before)
	assert.Equal(t, loan.StatusActive, l.loan("PJ-3").Status)
}

// TestLoanAppliedBeforeAnExitIsNotDisbursedAfterIt: loans are for members
// only (domain.md §11.1). An application not yet disbursed when its
// member leaves is not netted by the exit; disbursing it afterwards would
// lend to a former member, with no savings left to net it against.
func TestLoanAppliedBeforeAnExitIsNotDisbursedAfterIt(t *testing.T) {
	l, _ := newLending(t, 200_000_000)
	l.member("A-5", 2_000_000)
	_, err := l.svc.ApplyLoan(l.ctx, loanTeller, testCoop, app.Application{Loan: "PJ-5", Member: "A-5", Product: "umum", Amount: money.New(3_000_000), On: d25(time.February, 1)})
	require.NoError(t, err)
	_, err = l.svc.Exit(l.ctx, loanBendahara, testCoop, "A-5", d25(time.February, 10), "EXIT-A-5", "pindah domisili", "")
	require.NoError(t, err)
	before := allEvents(t, l.store)

	_, approveErr := l.svc.ApproveLoan(l.ctx, loanKetua, testCoop, "PJ-5", loan.RoleKetua, d25(time.February, 15))
	_, disburseErr := l.svc.DisburseLoan(l.ctx, loanBendahara, testCoop, "PJ-5", d25(time.February, 15), calendar.Date{}, "")
	assert.Truef(t, approveErr != nil || disburseErr != nil, "a loan was approved and disbursed to A-5, who left on 2025-02-10")
	if disburseErr == nil {
		requireAmount(t, 0, l.gl(loansCode), "lent to a former member")
	} else {
		requireNothingWritten(t, l.store, before)
	}
}

// reviewFixture is four loans of Rp 2.400.000 (bunga menurun: 200.000 of
// principal a month, interest 48.000 in the first):
//
//	PJ-1 (M-1) disbursed 15 January, no collateral, never repaid
//	PJ-2 (M-2) disbursed 15 January, collateral 2.000.000, never repaid
//	PJ-3 (M-3) disbursed 10 April, never repaid
//	PJ-4 (M-4) disbursed 1 July, its first instalment paid on 1 August
//
// On 20 August PJ-1 and PJ-2 are 186 days past due, PJ-3 102, PJ-4 none.
func reviewFixture(t *testing.T) *lending {
	l, _ := newLending(t, 200_000_000)
	for _, m := range []member.ID{"M-1", "M-2", "M-3", "M-4"} {
		l.member(m, 1_000_000)
	}
	l.lend("PJ-1", "M-1", 2_400_000, 0, d25(time.January, 15))
	l.lend("PJ-2", "M-2", 2_400_000, 2_000_000, d25(time.January, 15))
	l.lend("PJ-3", "M-3", 2_400_000, 0, d25(time.April, 10))
	l.lend("PJ-4", "M-4", 2_400_000, 0, d25(time.July, 1))
	l.repay("PJ-4", "ANG-4-1", 248_000, d25(time.August, 1))
	return l
}

func allowanceClass(class loan.Class, outstanding int64, rate string, required int64) cooperative.AllowanceClass {
	return cooperative.AllowanceClass{Class: string(class), Outstanding: money.New(outstanding), Rate: decimal.RequireFromString(rate), Required: money.New(required)}
}

func requireAllowance(t *testing.T, got *cooperative.AllowanceRecomputed, required, held, delta int64, classes ...cooperative.AllowanceClass) {
	t.Helper()
	require.NotNil(t, got, "no allowance recorded")
	requireAmount(t, required, got.Required, "required")
	requireAmount(t, held, got.Held, "held")
	requireAmount(t, delta, got.Delta, "delta")
	assert.Equal(t, fmt.Sprintf("%+v", classes), fmt.Sprintf("%+v", got.Classes))
}

func TestReviewLoansPostsTheAllowance(t *testing.T) {
	l := reviewFixture(t)
	ctx, svc := l.ctx, l.svc
	aug20 := d25(time.August, 20)

	// Before any review there is no allowance to write a loan off against.
	before := allEvents(t, l.store)
	_, err := svc.WriteOffLoan(ctx, loanKetua, testCoop, "PJ-1", "RAPAT-1", aug20)
	var short *loan.AllowanceShortError
	require.ErrorAs(t, err, &short)
	requireAmount(t, 2_400_000, short.Principal)
	requireAmount(t, 0, short.Allowance)
	requireNothingWritten(t, l.store, before)

	review, err := svc.ReviewLoans(ctx, loanKetua, testCoop, aug20)
	require.NoError(t, err)
	assert.Equal(t, 4, review.Loans)
	assert.Equal(t, 3, review.Reclassified, "PJ-4 stays lancar")
	for id, want := range map[loan.ID]loan.Class{"PJ-1": loan.Macet, "PJ-2": loan.Diragukan, "PJ-3": loan.KurangLancar, "PJ-4": loan.Lancar} {
		assert.Equal(t, want, l.loan(id).Class, id)
	}
	// 0.5 % of 2.200.000; 10 %, 50 % and 100 % of 2.400.000.
	requireAllowance(t, review.Allowance, 3_851_000, 0, 3_851_000,
		allowanceClass(loan.Lancar, 2_200_000, "0.005", 11_000),
		allowanceClass(loan.KurangLancar, 2_400_000, "0.1", 240_000),
		allowanceClass(loan.Diragukan, 2_400_000, "0.5", 1_200_000),
		allowanceClass(loan.Macet, 2_400_000, "1", 2_400_000))
	l.requireBalanced()
	l.requireGL(map[string]int64{provisionCode: 3_851_000, allowanceCode: 3_851_000})
	books(t, svc, func(b *generalledger.Books) {
		d, c := b.Totals(provisionCode, generalledger.Filter{From: aug20, To: aug20})
		requireAmount(t, 3_851_000, d, "debit 5-2100")
		requireAmount(t, 0, c)
		d, c = b.Totals(allowanceCode, generalledger.Filter{From: aug20, To: aug20})
		requireAmount(t, 0, d)
		requireAmount(t, 3_851_000, c, "credit 1-1490")
	})

	// Nothing changed: nothing is written.
	before = allEvents(t, l.store)
	review, err = svc.ReviewLoans(ctx, loanKetua, testCoop, aug20)
	require.NoError(t, err)
	assert.Equal(t, 0, review.Reclassified)
	assert.Nil(t, review.Allowance)
	requireNothingWritten(t, l.store, before)

	// PJ-3 pays its four instalments due, with their denda (capped on the
	// first): the loan is lancar again and the allowance is released.
	sept1 := d25(time.September, 1)
	due := l.loan("PJ-3").DueOn(sept1, 0)
	requireAmount(t, 24_800+19_520+12_000+4_484, due.Penalty)
	requireAmount(t, 1_028_804, due.Total())
	l.repay("PJ-3", "ANG-3-1", 1_028_804, sept1)
	review, err = svc.ReviewLoans(ctx, loanKetua, testCoop, sept1)
	require.NoError(t, err)
	assert.Equal(t, 1, review.Reclassified)
	assert.Equal(t, loan.Lancar, l.loan("PJ-3").Class)
	requireAllowance(t, review.Allowance, 3_619_000, 3_851_000, -232_000,
		allowanceClass(loan.Lancar, 2_200_000+1_600_000, "0.005", 11_000+8_000),
		allowanceClass(loan.Diragukan, 2_400_000, "0.5", 1_200_000),
		allowanceClass(loan.Macet, 2_400_000, "1", 2_400_000))
	l.requireBalanced()
	l.requireGL(map[string]int64{provisionCode: 3_619_000, allowanceCode: 3_619_000})
	books(t, svc, func(b *generalledger.Books) {
		d, c := b.Totals(allowanceCode, generalledger.Filter{From: sept1, To: sept1})
		requireAmount(t, 232_000, d, "the release debits 1-1490")
		requireAmount(t, 0, c)
		d, c = b.Totals(provisionCode, generalledger.Filter{From: sept1, To: sept1})
		requireAmount(t, 0, d)
		requireAmount(t, 232_000, c, "and credits 5-2100")
	})

	// The macet loan is written off against the allowance.
	sept30 := d25(time.September, 30)
	res, err := svc.WriteOffLoan(ctx, loanKetua, testCoop, "PJ-1", "RAPAT-PENGURUS-12", sept30)
	require.NoError(t, err)
	assert.Equal(t, "RAPAT-PENGURUS-12", res.Events[0].Envelope.Decision)
	written, ok := res.Events[0].Payload.(loan.WrittenOff)
	require.True(t, ok)
	requireAmount(t, 2_400_000, written.Principal)
	requireAmount(t, 3_619_000, written.Allowance)
	l.requireBalanced()
	l.requireGL(map[string]int64{allowanceCode: 3_619_000 - 2_400_000, loansCode: 2_400_000 + 1_600_000 + 2_200_000})
	books(t, svc, func(b *generalledger.Books) {
		d, c := b.Totals(allowanceCode, generalledger.Filter{From: sept30, To: sept30})
		requireAmount(t, 2_400_000, d, "Dr 1-1490")
		requireAmount(t, 0, c)
		d, c = b.Totals(loansCode, generalledger.Filter{From: sept30, To: sept30})
		requireAmount(t, 0, d)
		requireAmount(t, 2_400_000, c, "Cr 1-1400")
	})
	st := l.loan("PJ-1")
	assert.Equal(t, loan.StatusWrittenOff, st.Status)
	requireAmount(t, 0, st.Outstanding())

	// Money later received on it is a recovery: Dr kas, Cr 4-2200.
	kas := l.gl(kasCode)
	oct10 := d25(time.October, 10)
	_, err = svc.RecoverLoan(ctx, loanBendahara, testCoop, "PJ-1", "PULIH-1", money.New(500_000), oct10)
	require.NoError(t, err)
	l.requireBalanced()
	requireAmount(t, 500_000, l.gl(kasCode).Sub(kas))
	l.requireGL(map[string]int64{recoveryCode: 500_000, loansCode: 6_200_000, allowanceCode: 1_219_000})
	books(t, svc, func(b *generalledger.Books) {
		d, c := b.Totals(kasCode, generalledger.Filter{From: oct10, To: oct10})
		requireAmount(t, 500_000, d)
		requireAmount(t, 0, c)
		d, c = b.Totals(recoveryCode, generalledger.Filter{From: oct10, To: oct10})
		requireAmount(t, 0, d)
		requireAmount(t, 500_000, c)
	})

	// The next review requires no allowance for the written-off loan:
	// what is left after the write-off, 1.219.000, is what the three
	// others require (8.000 + 11.000 + 1.200.000), so nothing is posted.
	before = allEvents(t, l.store)
	review, err = svc.ReviewLoans(ctx, loanKetua, testCoop, d25(time.October, 31))
	require.NoError(t, err)
	assert.Equal(t, 3, review.Loans)
	assert.Nil(t, review.Allowance)
	requireNothingWritten(t, l.store, before)
	l.requireGL(map[string]int64{allowanceCode: 1_219_000})
	requireVerified(t, l.store)
}

// TestBackdatedReviewDoesNotDoubleTheAllowance: a review dated before the
// last one reads the allowance held on its own date, before the later
// review's posting. Whatever it decides, the allowance in the books must
// end at what the latest recorded review requires, not at that plus or
// minus the later review's delta.
func TestBackdatedReviewDoesNotDoubleTheAllowance(t *testing.T) {
	l := reviewFixture(t)
	_, err := l.svc.ReviewLoans(l.ctx, loanKetua, testCoop, d25(time.August, 20))
	require.NoError(t, err)
	l.repay("PJ-3", "ANG-3-1", 1_028_804, d25(time.September, 1))
	_, err = l.svc.ReviewLoans(l.ctx, loanKetua, testCoop, d25(time.September, 1))
	require.NoError(t, err)
	requireAmount(t, 3_619_000, l.gl(allowanceCode))

	review, err := l.svc.ReviewLoans(l.ctx, loanKetua, testCoop, d25(time.August, 25))
	if err != nil {
		t.Logf("the backdated review is refused: %v", err)
		requireAmount(t, 3_619_000, l.gl(allowanceCode))
		return
	}
	l.requireBalanced()
	required := int64(3_619_000)
	if review.Allowance != nil {
		required = review.Allowance.Required.Decimal().IntPart()
	}
	assert.Truef(t, l.gl(allowanceCode).Equal(money.New(required)),
		"after a review dated 2025-08-25 (required %d), 1-1490 holds %s", required, l.gl(allowanceCode))
}

// TestBackdatedWriteOffMayNotOverdrawTheAllowance: a write-off is decided
// on the allowance held; dated before the review that built the
// allowance, it would leave 1-1490 on the wrong side on the days between,
// as a backdated payment may not overdraw kas.
func TestBackdatedWriteOffMayNotOverdrawTheAllowance(t *testing.T) {
	l := reviewFixture(t)
	_, err := l.svc.ReviewLoans(l.ctx, loanKetua, testCoop, d25(time.August, 20))
	require.NoError(t, err)
	before := allEvents(t, l.store)
	_, err = l.svc.WriteOffLoan(l.ctx, loanKetua, testCoop, "PJ-1", "RAPAT-PENGURUS-8", d25(time.August, 1))
	if err != nil {
		requireNothingWritten(t, l.store, before)
		// Refused for the date: the allowance it would draw on was
		// posted later.
		var bad *input.Error
		require.ErrorAs(t, err, &bad)
		assert.Equal(t, &input.Error{Field: "date", Value: "2025-08-01", Want: input.WantNotBefore, Bound: "2025-08-20"}, bad)
		return
	}
	var overdrawn []string
	books(t, l.svc, func(b *generalledger.Books) {
		for d := d25(time.August, 1); !d.After(d25(time.August, 20)); d = d.AddDays(1) {
			if held := b.Balance(allowanceCode, generalledger.Filter{To: d, Closing: true}); held.IsNegative() {
				overdrawn = append(overdrawn, fmt.Sprintf("%s: %s", d, held))
			}
		}
	})
	if len(overdrawn) > 0 {
		t.Errorf("the write-off dated 2025-08-01 used an allowance recorded on 2025-08-20: 1-1490 is on the wrong side on %d days, from %s to %s",
			len(overdrawn), overdrawn[0], overdrawn[len(overdrawn)-1])
	}
}

// A month-end review recorded after the next month's first repayments
// classifies each loan as it stood on the review's date: PJ-3, whose dues
// were all paid on 22 August, was 102 days past due on 20 August: kurang
// lancar then, whatever it is now.
func TestMonthEndReviewAfterLaterRepayments(t *testing.T) {
	l := reviewFixture(t)
	aug20, aug22 := d25(time.August, 20), d25(time.August, 22)
	pj3 := l.loan("PJ-3")
	due := pj3.DueOn(aug22, 0)
	_, err := l.svc.RepayLoan(l.ctx, loanBendahara, testCoop, "PJ-3", "ANG-3-ALL", due.Total(), aug22)
	require.NoError(t, err)
	require.Equal(t, 0, l.loan("PJ-3").DPD(aug22), "PJ-3 is paid up on 22 August")

	r, err := l.svc.ReviewLoans(l.ctx, loanKetua, testCoop, aug20)
	require.NoError(t, err, "a review is not refused for later repayments")
	assert.Equal(t, loan.KurangLancar, l.loan("PJ-3").Class, "102 days past due as it stood on 20 August")
	require.NotNil(t, r.Allowance)
	l.requireBalanced()
}
