package importer_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/internal/importer"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
	"github.com/lumbung-ledger/lumbung/projections/loanbook"
)

// Loan rows of the import: loans granted before the books moved in
// (loan_disburse) and their repayments split as the records give them
// (loan_repay_principal, loan_repay_interest), all or nothing, with the
// general ledger agreeing with the loan book afterwards.

// loanHeader is the header of the loan files: every optional column.
const loanHeader = "date,member,kind,amount,ref,name,product,loan,rate,term_months,method"

// loanProduct is a product without fees: rate a year by method m over
// months (at most months), capped at 24 %, approved by the ketua.
func loanProduct(code string, m loan.Method, rate string, months int) loan.Product {
	return loan.Product{
		Code: code, Name: "Pinjaman " + code, Method: m, AnnualRate: decimal.RequireFromString(rate),
		Months: months, MaxMonths: months, MaxPlafond: money.Zero(),
		Provisi: loan.Fee{Fixed: money.Zero()}, Admin: loan.Fee{Fixed: money.Zero()},
		Penalty: loan.Penalty{DailyRate: decimal.RequireFromString("0.001"), GraceDays: 3, Cap: decimal.RequireFromString("0.1")},
		RateCap: loan.DefaultRateCap(), Order: loan.PenaltyFirst, Quality: loan.DefaultProfile(),
	}
}

// defineLoanProduct adopts p from 1 January 2025.
func (l *ledger) defineLoanProduct(t testing.TB, p loan.Product) {
	t.Helper()
	_, err := l.svc.DefineProduct(l.ctx, actor, coop, p, calendar.MustNew(2025, 1, 1))
	require.NoError(t, err)
}

// loanState returns a loan as the service reads it.
func loanState(t testing.TB, l *ledger, id loan.ID) *loan.State {
	t.Helper()
	st, err := l.svc.Loan(l.ctx, coop, id)
	require.NoError(t, err)
	return st
}

// requireTrialBalance checks that the debits of every account equal the
// credits, to the end of 2026.
func requireTrialBalance(t testing.TB, l *ledger) {
	t.Helper()
	err := l.svc.Ledger(l.ctx, coop, func(b *generalledger.Books) {
		require.NotNil(t, b)
		debit, credit := money.Zero(), money.Zero()
		for _, a := range b.State.Chart.Accounts() {
			if a.Heading {
				continue
			}
			d, c := b.Totals(a.Code, generalledger.Filter{To: calendar.MustNew(2026, 12, 31), Closing: true})
			debit, credit = debit.Add(d), credit.Add(c)
		}
		require.Truef(t, debit.Equal(credit), "trial balance: debit %s, credit %s", debit, credit)
		require.True(t, debit.IsPositive())
	})
	require.NoError(t, err)
}

// wantOverpayment checks a repayment refused for paying more than owed.
func wantOverpayment(amount, owed int64) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		t.Helper()
		var over *loan.OverpaymentError
		require.ErrorAs(t, err, &over)
		requireAmount(t, amount, over.Amount, "amount")
		requireAmount(t, owed, over.Owed, "owed")
	}
}

// wantMethod checks a refused interest method: an *input.Error or a
// *loan.MethodError naming the value.
func wantMethod(value string) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		t.Helper()
		var ie *input.Error
		if errors.As(err, &ie) {
			assert.Equal(t, "method", ie.Field)
			assert.Equal(t, value, ie.Value)
			return
		}
		var me *loan.MethodError
		require.ErrorAs(t, err, &me)
		assert.Equal(t, value, me.Value)
	}
}

func TestImportLoans(t *testing.T) {
	l := newLedger(t)
	l.defineLoanProduct(t, loanProduct("umum", loan.Annuity, "0.24", 12))

	// Members, their savings (kas for the loans), and loans: PJ-A001 on
	// the product's terms, its id the ref; PJ-A002 and PJ-A003 on their
	// own terms, the rate as a percentage and as a share, PJ-A003 longer
	// than the product's term. Then repayments split as the records give
	// them.
	withLoanColumns := withHeader(loanHeader,
		"2025-01-02,A001,join,0,J-A001,Siti Rahayu,,,,,",
		"2025-01-02,A001,deposit_pokok,50000,P-A001,,,,,,",
		"2025-01-03,A001,deposit_sukarela,20000000,S-A001,,,,,,",
		"2025-01-02,A002,join,0,J-A002,Budi Santoso,,,,,",
		"2025-01-02,A002,deposit_pokok,50000,P-A002,,,,,,",
		"2025-02-01,A001,loan_disburse,6000000,PJ-A001,,,,,,",
		"2025-02-01,A002,loan_disburse,3000000,CAIR-2,,,PJ-A002,18%,6,menurun",
		"2025-02-10,A002,loan_disburse,2400000,CAIR-3,,umum,PJ-A003,0.2,18,anuitas",
		"2025-03-01,A001,loan_repay_principal,400000,ANG-1P,,,PJ-A001,,,",
		"2025-03-01,A001,loan_repay_interest,120000,ANG-1I,,,PJ-A001,,,",
		"2025-03-01,A002,loan_repay_principal,500000,ANG-2P,,,PJ-A002,,,",
		"2025-03-01,A002,loan_repay_interest,45000,ANG-2I,,,PJ-A002,,,",
	)
	sum, err := l.run(t, withLoanColumns, importer.Options{})
	require.NoError(t, err)
	assert.Equal(t, 12, sum.Rows)
	assert.Equal(t, 5+3*2+4, sum.Written, "a loan granted before the books is its application and its disbursement")
	assert.Equal(t, 3, sum.Kinds[importer.LoanDisburse])
	assert.Equal(t, 2, sum.Kinds[importer.LoanRepayPrincipal])
	assert.Equal(t, 2, sum.Kinds[importer.LoanRepayInterest])
	// A file of the required columns only: the loan is the ref, the
	// product the only one, its terms the product's.
	requiredOnly := withHeader("date,member,kind,amount,ref", "2025-03-05,A001,loan_disburse,1000000,PJ-A004")
	sum, err = l.run(t, requiredOnly, importer.Options{})
	require.NoError(t, err)
	assert.Equal(t, 2, sum.Written)

	// The second import of either file writes nothing.
	before := snapshot(t, l.store)
	for _, data := range []string{withLoanColumns, requiredOnly} {
		sum, err = l.run(t, data, importer.Options{})
		require.NoError(t, err)
		assert.Equal(t, 0, sum.Written)
		assert.Equal(t, sum.Rows, sum.Repeated)
		requireUnchanged(t, l, before)
	}

	// The loans: migrated, active, on the terms the rows gave.
	a1 := loanState(t, l, "PJ-A001")
	assert.Equal(t, loan.StatusActive, a1.Status)
	assert.True(t, a1.Migrated)
	assert.Equal(t, "A001", a1.Member)
	assert.Equal(t, "umum", a1.Product)
	assert.Equal(t, loan.Annuity, a1.Terms.Method)
	assert.True(t, decimal.RequireFromString("0.24").Equal(a1.Terms.AnnualRate))
	require.Len(t, a1.Schedule, 12)
	assert.Equal(t, calendar.MustNew(2025, 3, 1), a1.Schedule[0].Due)
	requireAmount(t, 120_000, a1.Schedule[0].Interest, "2 % of 6.000.000")
	requireAmount(t, 400_000, a1.Paid(1).Principal)
	requireAmount(t, 120_000, a1.Paid(1).Interest)
	requireAmount(t, 5_600_000, a1.Outstanding())

	assert.False(t, loanState(t, l, "CAIR-2").Exists(), "the loan column names the loan, not the ref")
	a2 := loanState(t, l, "PJ-A002")
	assert.Equal(t, loan.StatusActive, a2.Status)
	assert.Equal(t, loan.Declining, a2.Terms.Method)
	assert.True(t, decimal.RequireFromString("0.18").Equal(a2.Terms.AnnualRate), "18%% is %s", a2.Terms.AnnualRate)
	require.Len(t, a2.Schedule, 6)
	for k, in := range a2.Schedule {
		// Menurun: equal principal, interest 1.5 % of what is left.
		requireAmount(t, 500_000, in.Principal, "instalment ", k+1)
		requireAmount(t, (3_000_000-500_000*int64(k))*15/1000, in.Interest, "instalment ", k+1)
	}
	requireAmount(t, 2_500_000, a2.Outstanding())

	a3 := loanState(t, l, "PJ-A003")
	assert.Equal(t, loan.Annuity, a3.Terms.Method)
	assert.True(t, decimal.RequireFromString("0.2").Equal(a3.Terms.AnnualRate))
	require.Len(t, a3.Schedule, 18, "a term beyond the product's, as the records give it")
	requireAmount(t, 40_000, a3.Schedule[0].Interest, "20 %/12 of 2.400.000")

	a4 := loanState(t, l, "PJ-A004")
	assert.Equal(t, loan.StatusActive, a4.Status)
	require.Len(t, a4.Schedule, 12)
	requireAmount(t, 1_000_000, a4.Outstanding())

	// The ledger: piutang pinjaman is the principal lent less the
	// principal repaid, and the loan book's outstanding; kas is what came
	// in less what went out; debits equal credits.
	lent := int64(6_000_000 + 3_000_000 + 2_400_000 + 1_000_000)
	repaid := int64(400_000 + 500_000)
	requireAmount(t, lent-repaid, glBalance(t, l, "1-1400", ""), "1-1400")
	outstanding := money.Zero()
	require.NoError(t, l.svc.Loans(l.ctx, coop, func(b *loanbook.Book) {
		b.Each(func(st *loan.State) { outstanding = outstanding.Add(st.Outstanding()) })
	}))
	requireAmount(t, lent-repaid, outstanding, "the loan book")
	requireAmount(t, 120_000+45_000, glBalance(t, l, "4-1100", ""), "jasa pinjaman")
	requireAmount(t, 20_100_000-lent+repaid+165_000, glBalance(t, l, "1-1100", ""), "kas")
	requireTrialBalance(t, l)

	// Bad loan rows, with good rows before, between and after them: every
	// bad one is listed by its line, and nothing is written. A second
	// product makes a row without one ambiguous.
	l.defineLoanProduct(t, loanProduct("darurat", loan.Declining, "0.12", 6))
	before = snapshot(t, l.store)
	data := withHeader(loanHeader,
		"2025-04-01,A001,deposit_sukarela,100000,S-A001-2,,,,,,",               // 2: good
		"2025-04-01,A002,loan_disburse,1000000,PJ-B001,,darurat,,,,",           // 3: good
		"2025-04-02,A001,loan_repay_principal,100000,ANG-X1,,,PJ-TIDAK-ADA,,,", // 4: no such loan
		"2025-04-02,A002,loan_repay_principal,2600000,ANG-X2,,,PJ-A002,,,",     // 5: 2.500.000 is owed
		"2025-04-02,A002,loan_repay_interest,500000,ANG-X3,,,PJ-A002,,,",       // 6: 112.500 of interest is owed
		"2025-04-03,A001,loan_disburse,1000000,PJ-B002,,,,,,",                  // 7: which product?
		"2025-04-03,A001,loan_disburse,1000000,PJ-B003,,umum,,dua puluh,,",     // 8: bad rate
		"2025-04-03,A001,loan_disburse,1000000,PJ-B004,,umum,,,,tetap",         // 9: bad method
		"2025-04-03,A001,loan_disburse,1000000,PJ-B005,,umum,,,0,",             // 10: no term
		"2025-04-03,A001,loan_disburse,1000000,PJ-B006,,umum,,-5%,,",           // 11: negative rate
		"2025-04-04,A001,loan_repay_interest,10000,ANG-X4,,,PJ-A001,,,",        // 12: good
	)
	checks := map[int]func(*testing.T, error){
		4:  wantIs(loan.ErrNotApplied),
		5:  wantOverpayment(2_600_000, 2_500_000),
		6:  wantOverpayment(500_000, 37_500+30_000+22_500+15_000+7_500),
		7:  wantIs(importer.ErrLoanProduct),
		8:  wantInput("rate", input.WantRate, "dua puluh", ""),
		9:  wantMethod("tetap"),
		10: wantInput("term_months", input.WantAtLeast, "0", "1"),
		11: wantInput("rate", input.WantRate, "-5%", ""),
	}
	for _, dry := range []bool{true, false} {
		_, err = l.run(t, data, importer.Options{DryRun: dry})
		bad := rowsError(t, err, 4, 5, 6, 7, 8, 9, 10, 11)
		for _, r := range bad.Rows {
			t.Run(fmt.Sprintf("dry run %v line %d", dry, r.Line), func(t *testing.T) { checks[r.Line](t, r.Err) })
		}
		requireUnchanged(t, l, before)
	}

	// Without a product column at all, the same.
	_, err = l.run(t, withHeader("date,member,kind,amount,ref", "2025-04-03,A001,loan_disburse,1000000,PJ-B007"), importer.Options{})
	bad := rowsError(t, err, 2)
	wantIs(importer.ErrLoanProduct)(t, bad.Rows[0].Err)
	requireUnchanged(t, l, before)

	requireAmount(t, lent-repaid, glBalance(t, l, "1-1400", ""), "1-1400 after the refusals")
	requireTrialBalance(t, l)
}

// TestImportLoanHonoursTheBorrowersSavings: a product bounding a loan to
// a multiple of the borrower's savings (pokok + wajib + sukarela) bounds
// a loan granted before the books moved in by the savings the borrower
// holds on its date, as an application does; a borrower with savings is
// never taken for one without.
func TestImportLoanHonoursTheBorrowersSavings(t *testing.T) {
	l := newLedger(t)
	p := loanProduct("umum", loan.Annuity, "0.24", 12)
	p.SavingsMultiple = decimal.NewFromInt(3)
	l.defineLoanProduct(t, p)
	members := []string{
		"2025-01-02,A001,join,0,J-A001,Siti Rahayu",
		"2025-01-02,A001,deposit_pokok,50000,P-A001,",
		"2025-01-03,A001,deposit_sukarela,2000000,S-A001,",
		"2025-01-03,A001,deposit_sukarela,10000000,S-A001-KAS,",
	}
	_, err := l.run(t, file(members...), importer.Options{})
	require.NoError(t, err)
	// A001 holds 12.050.000: three times that is 36.150.000.
	before := snapshot(t, l.store)
	_, err = l.run(t, file("2025-02-01,A001,loan_disburse,6000000,PJ-A001,"), importer.Options{})
	if assert.NoError(t, err, "6.000.000 is within three times savings of 12.050.000") {
		requireAmount(t, 6_000_000, loanState(t, l, "PJ-A001").Outstanding())
		return
	}
	var plafond *loan.PlafondError
	if errors.As(err, &plafond) {
		requireAmount(t, 12_050_000, plafond.Savings, "the savings the refusal was decided on")
	}
	requireUnchanged(t, l, before)
}
