package loan_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/policy"
)

// The fixture: member A-001 applies on 10 January 2025 for loan PJ-001 of
// Rp 12.000.000 over 12 months at 24 % a year, bunga menurun (domain.md
// §2.2's worked example), recorded by the teller; the ketua and the
// pengawas approve on 12 January; the loan is disbursed from kas on 15
// January, its first instalment due on 15 February 2025. Provisi is 1 %,
// administrasi a fixed Rp 50.000; the denda is 0.1 % a day of the unpaid
// instalment after 3 days of grace, at most 10 % of the instalment;
// repayments pay denda, then interest, then principal. Commands are
// issued on 30 June 2026.
//
// The schedule of the fixture, bunga menurun: each instalment repays
// Rp 1.000.000 of principal with interest 2 % of the balance: 240.000 in
// the first, 220.000 in the second, ... 20.000 in the twelfth.

const (
	loanID     loan.ID = "PJ-001"
	borrower           = "A-001"
	recorder           = "teller-rina"
	ketuaBy            = "ketua-budi"
	pengawasBy         = "pengawas-sri"
	purpose            = "modal warung"
)

func on(y int, m time.Month, d int) calendar.Date { return calendar.MustNew(y, m, d) }

func idr(n int64) money.Amount { return money.New(n) }

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

var (
	appliedOn   = on(2025, time.January, 10)
	approvedOn  = on(2025, time.January, 12)
	disbursedOn = on(2025, time.January, 15)
	firstDue    = on(2025, time.February, 15)
	issuedOn    = on(2026, time.June, 30)
)

// umum is the fixture's product with interest method m.
func umum(m loan.Method) loan.Product {
	return loan.Product{
		Code: "umum", Name: "Pinjaman umum", Method: m, AnnualRate: dec("0.24"),
		Months: 12, MaxMonths: 24, MaxPlafond: idr(20_000_000), SavingsMultiple: dec("10"),
		Provisi: loan.Fee{Percent: dec("0.01"), Fixed: money.Zero()},
		Admin:   loan.Fee{Percent: decimal.Zero, Fixed: idr(50_000)},
		Penalty: loan.Penalty{DailyRate: dec("0.001"), GraceDays: 3, Cap: dec("0.1")},
		Approvals: []loan.Band{
			{UpTo: idr(5_000_000), Roles: []string{loan.RoleKetua}},
			{UpTo: money.Zero(), Roles: []string{loan.RoleKetua, loan.RolePengawas}},
		},
		RateCap: loan.DefaultRateCap(), Order: loan.PenaltyFirst, Quality: loan.DefaultProfile(),
	}
}

func menurun() loan.Product { return umum(loan.Declining) }

// cashOf is a cooperative whose every cash account can pay amount.
type cashOf struct{ amount money.Amount }

func (c cashOf) Lowest(string, calendar.Date) money.Amount { return c.amount }

func policies() policy.Book {
	return policy.Book{}.Adopt(on(2020, time.January, 1), policy.Default(idr(100_000), idr(50_000)))
}

func products() loan.Book {
	return loan.Book{}.Define(on(2020, time.January, 1), menurun())
}

// given is what the fixture's commands are decided on: kas holds a
// billion rupiah.
func given() loan.Given {
	return loan.Given{
		Today: issuedOn, Policies: policies(), Products: products(),
		Books: &member.Books{Chart: ledger.DefaultChart(on(2020, time.January, 1)), Cash: cashOf{idr(1_000_000_000)}},
	}
}

// givenCash is given with kas holding only amount.
func givenCash(amount int64) loan.Given {
	g := given()
	g.Books = &member.Books{Chart: g.Chart, Cash: cashOf{idr(amount)}}
	return g
}

// Events.

func applied(change ...func(*loan.Applied)) loan.Applied {
	e := loan.Applied{
		Loan: loanID, Member: borrower, Product: "umum", ProductVersion: 1, Terms: menurun(),
		Amount: idr(12_000_000), Months: 12, Collateral: money.Zero(), Purpose: purpose, By: recorder, On: appliedOn,
	}
	for _, f := range change {
		f(&e)
	}
	return e
}

// withTerms sets an application's product terms.
func withTerms(p loan.Product) func(*loan.Applied) { return func(e *loan.Applied) { e.Terms = p } }

// limitOK is a lending-limit check with room: 15 % of Rp 200 juta.
func limitOK() loan.LimitCheck {
	return loan.LimitCheck{ModalSendiri: idr(200_000_000), Exposure: idr(12_000_000), Share: dec("0.15"), Limit: idr(30_000_000)}
}

func approved(role, by string) loan.Approved {
	return loan.Approved{Role: role, By: by, Limit: limitOK(), On: approvedOn}
}

// disbursedEvent is the disbursement of a's loan on disbursedOn, first
// instalment a month later, from kas.
func disbursedEvent(t testing.TB, a loan.Applied) loan.Disbursed {
	t.Helper()
	schedule, err := loan.Schedule(loan.Terms{Principal: a.Amount, AnnualRate: a.Terms.AnnualRate, Months: a.Months, Method: a.Terms.Method, First: firstDue}, 0)
	require.NoError(t, err)
	provisi, admin := a.Terms.Provisi.Of(a.Amount, 0), a.Terms.Admin.Of(a.Amount, 0)
	effective, err := loan.EffectiveAnnualRate(a.Amount, money.Zero(), schedule)
	require.NoError(t, err)
	allIn, err := loan.EffectiveAnnualRate(a.Amount, provisi.Add(admin), schedule)
	require.NoError(t, err)
	return loan.Disbursed{Provisi: provisi, Admin: admin, Schedule: schedule, EffectiveRate: effective, AllInRate: allIn, On: disbursedOn}
}

// approvedHistory is an application approved by the ketua and the
// pengawas.
func approvedHistory(a loan.Applied) []loan.Event {
	return []loan.Event{a, approved(loan.RoleKetua, ketuaBy), approved(loan.RolePengawas, pengawasBy)}
}

// activeHistory is the fixture's loan disbursed, and more.
func activeHistory(t testing.TB, more ...loan.Event) []loan.Event {
	return activeOf(t, applied(), more...)
}

func activeOf(t testing.TB, a loan.Applied, more ...loan.Event) []loan.Event {
	h := append(approvedHistory(a), disbursedEvent(t, a))
	return append(h, more...)
}

func part(n int, penalty, interest, principal int64) loan.Part {
	return loan.Part{N: n, Penalty: idr(penalty), Interest: idr(interest), Principal: idr(principal)}
}

// accrued sets the penalty accrued on a part's instalment up to the
// payment.
func accrued(p loan.Part, amount int64) loan.Part {
	p.Accrued = idr(amount)
	return p
}

func repaid(ref string, amount int64, d calendar.Date, parts ...loan.Part) loan.Repaid {
	return loan.Repaid{Ref: ref, Amount: idr(amount), Parts: parts, On: d}
}

// firstPaid is the first instalment paid on its due date.
func firstPaid() loan.Repaid {
	return repaid("ANG-1", 1_240_000, firstDue, part(1, 0, 240_000, 1_000_000))
}

// settlementParts are the parts that settle the fixture's loan on 20
// March 2025 once its first instalment is paid: the second instalment,
// due on 15 March and 5 days late (2 beyond the grace), with its denda
// 1.220.000 × 0.1 % × 2 = 2.440, and the principal of the ten instalments
// not yet due.
func settlementParts() []loan.Part {
	parts := []loan.Part{accrued(part(2, 2_440, 220_000, 1_000_000), 2_440)}
	for n := 3; n <= 12; n++ {
		parts = append(parts, part(n, 0, 0, 1_000_000))
	}
	return parts
}

// waivedOnSettlement is the interest of instalments 3 to 12, waived by a
// settlement on 20 March 2025: 200.000 + 180.000 + ... + 20.000.
const waivedOnSettlement = 1_100_000

var settledOn = on(2025, time.March, 20)

// Commands.

func apply(change ...func(*loan.Apply)) loan.Apply {
	c := loan.Apply{
		Given: given(), Loan: loanID, Member: borrower, MemberActive: true, Savings: idr(2_000_000),
		Product: "umum", Amount: idr(12_000_000), Months: 12, Purpose: purpose, By: recorder, On: appliedOn,
	}
	for _, f := range change {
		f(&c)
	}
	return c
}

func approve(role, by string, change ...func(*loan.Approve)) loan.Approve {
	c := loan.Approve{MemberActive: true, Given: given(), Role: role, By: by, Limit: limitOK(), On: approvedOn}
	for _, f := range change {
		f(&c)
	}
	return c
}

func disburse(change ...func(*loan.Disburse)) loan.Disburse {
	c := loan.Disburse{MemberActive: true, Given: given(), On: disbursedOn}
	for _, f := range change {
		f(&c)
	}
	return c
}

func repay(ref string, amount int64, d calendar.Date) loan.Repay {
	return loan.Repay{Given: given(), Ref: ref, Amount: idr(amount), On: d}
}

// The harness.

func fold(events []loan.Event) *loan.State {
	s := &loan.State{}
	for _, e := range events {
		s = loan.Evolve(s, e)
	}
	return s
}

// describe renders events with their types and every field, amounts,
// rates and dates by their String methods, so that equal amounts compare
// equal whatever their internal exponent.
func describe(events []loan.Event) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = fmt.Sprintf("%T %+v", e, e)
	}
	return out
}

// none is the answer to a command that repeats what is recorded.
var none = []loan.Event{}

type refusal func(t *testing.T, err error)

func as[E error](t *testing.T, err error) E {
	t.Helper()
	var target E
	require.ErrorAs(t, err, &target)
	return target
}

// is expects a refusal wrapping the sentinel target.
func is(target error) refusal {
	return func(t *testing.T, err error) {
		t.Helper()
		assert.ErrorIs(t, err, target)
	}
}

// same expects a refusal of want's type with want's figures.
func same[E error](want E) refusal {
	return func(t *testing.T, err error) {
		t.Helper()
		got := as[E](t, err)
		assert.Equal(t, fmt.Sprintf("%+v", want), fmt.Sprintf("%+v", got))
	}
}

func inputError(field, value string, want input.Want, bound string) refusal {
	return same(&input.Error{Field: field, Value: value, Want: want, Bound: bound})
}

type loanCase struct {
	name  string
	given []loan.Event
	when  loan.Command
	// then is the events Decide returns (none for a repeat); err checks
	// the refusal. Exactly one is set.
	then []loan.Event
	err  refusal
	// after, if set, checks the state the given and returned events fold
	// to.
	after func(t *testing.T, s *loan.State)
}

func runCases(t *testing.T, tests []loanCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.True(t, (tt.then == nil) != (tt.err == nil), "a case expects either events or an error")
			s := fold(tt.given)
			got, err := loan.Decide(s, tt.when)
			assert.Equal(t, fold(tt.given), s, "Decide modified the state it was given")
			if tt.err != nil {
				require.Error(t, err)
				tt.err(t, err)
				assert.Empty(t, got, "a refusal returns no events")
				assert.Regexp(t, `^(loan|member|input|money|ledger): `, err.Error())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, describe(tt.then), describe(got))
			if tt.after != nil {
				tt.after(t, fold(append(append([]loan.Event{}, tt.given...), got...)))
			}
		})
	}
}

func requireIDR(t *testing.T, want int64, got money.Amount, msgAndArgs ...any) {
	t.Helper()
	require.Truef(t, got.Equal(idr(want)), "want %d, got %s %v", want, got, msgAndArgs)
}

func TestApply(t *testing.T) {
	runCases(t, []loanCase{
		{
			name: "an application under the product's terms",
			when: apply(),
			then: []loan.Event{applied()},
			after: func(t *testing.T, s *loan.State) {
				assert.Equal(t, loan.StatusApplied, s.Status)
				assert.Equal(t, loan.Lancar, s.Class)
				requireIDR(t, 0, s.Outstanding(), "nothing is lent before the disbursement")
			},
		},
		{
			name: "no term given: the product's",
			when: apply(func(c *loan.Apply) { c.Months = 0 }),
			then: []loan.Event{applied()},
		},
		{
			name: "a related party with collateral",
			when: apply(func(c *loan.Apply) { c.Related, c.Collateral = true, idr(9_000_000) }),
			then: []loan.Event{applied(func(e *loan.Applied) { e.Related, e.Collateral = true, idr(9_000_000) })},
		},
		{
			name: "the longest term",
			when: apply(func(c *loan.Apply) { c.Months = 24 }),
			then: []loan.Event{applied(func(e *loan.Applied) { e.Months = 24 })},
		},
		{
			name: "an unknown product",
			when: apply(func(c *loan.Apply) { c.Product = "kredit-x" }),
			err:  inputError("product", "kredit-x", input.WantKnownProduct, ""),
		},
		{
			name: "a member who is not active",
			when: apply(func(c *loan.Apply) { c.MemberActive = false }),
			err:  inputError("member", borrower, input.WantKnownMember, ""),
		},
		{
			name: "a term beyond the product's longest",
			when: apply(func(c *loan.Apply) { c.Months = 25 }),
			err:  inputError("months", "25", input.WantAtMost, "24"),
		},
		{
			name: "a negative term",
			when: apply(func(c *loan.Apply) { c.Months = -1 }),
			err:  inputError("months", "-1", input.WantAtMost, "24"),
		},
		{
			name: "an amount above the plafond",
			when: apply(func(c *loan.Apply) { c.Amount, c.Savings = idr(20_000_001), idr(10_000_000) }),
			err:  same(&loan.PlafondError{Amount: idr(20_000_001), Max: idr(20_000_000)}),
		},
		{
			name: "the plafond itself",
			when: apply(func(c *loan.Apply) { c.Amount, c.Savings = idr(20_000_000), idr(10_000_000) }),
			then: []loan.Event{applied(func(e *loan.Applied) { e.Amount = idr(20_000_000) })},
		},
		{
			name: "an amount above ten times the savings",
			when: apply(func(c *loan.Apply) { c.Savings = idr(1_000_000) }),
			err:  same(&loan.PlafondError{Amount: idr(12_000_000), Max: idr(10_000_000), Savings: idr(1_000_000), Multiple: dec("10")}),
		},
		{
			name: "exactly ten times the savings",
			when: apply(func(c *loan.Apply) { c.Savings = idr(1_200_000) }),
			then: []loan.Event{applied()},
		},
		{
			name:  "a repeat of the application",
			given: []loan.Event{applied()},
			when:  apply(),
			then:  none,
		},
		{
			name:  "the loan's id for another application",
			given: []loan.Event{applied()},
			when:  apply(func(c *loan.Apply) { c.Amount = idr(5_000_000) }),
			err:   inputError("loan", string(loanID), input.WantNewLoan, ""),
		},
		{
			name: "a loan id with a space",
			when: apply(func(c *loan.Apply) { c.Loan = "PJ 001" }),
			err:  inputError("loan", "PJ 001", input.WantLoanID, ""),
		},
		{
			name: "dated tomorrow",
			when: apply(func(c *loan.Apply) { c.On = issuedOn.AddDays(1) }),
			err:  inputError("date", "2026-07-01", input.WantNotFuture, "2026-06-30"),
		},
		{
			name: "a zero amount",
			when: apply(func(c *loan.Apply) { c.Amount = money.Zero() }),
			err: func(t *testing.T, err error) {
				assert.Equal(t, money.ProblemZero, as[*money.AmountError](t, err).Problem)
			},
		},
		{
			name: "negative collateral",
			when: apply(func(c *loan.Apply) { c.Collateral = idr(-1) }),
			err:  inputError("collateral", "-1", input.WantPolicyAmount, ""),
		},
	})
}

func TestApprove(t *testing.T) {
	small := func(e *loan.Applied) { e.Amount = idr(3_000_000) }
	related := func(e *loan.Applied) { e.Amount, e.Related = idr(3_000_000), true }
	over := loan.LimitCheck{ModalSendiri: idr(40_060_000), Exposure: idr(12_000_000), Share: dec("0.15"), Limit: idr(6_009_000)}
	runCases(t, []loanCase{
		{
			name:  "the ketua approves",
			given: []loan.Event{applied()},
			when:  approve(loan.RoleKetua, ketuaBy),
			then:  []loan.Event{approved(loan.RoleKetua, ketuaBy)},
		},
		{
			name:  "maker-checker: who recorded the application may not approve it",
			given: []loan.Event{applied()},
			when:  approve(loan.RoleKetua, recorder),
			err:   is(loan.ErrSelfApproval),
		},
		{
			name:  "a role the matrix does not name for the amount",
			given: []loan.Event{applied()},
			when:  approve("bendahara", "bendahara-ani"),
			err:   same(&loan.RoleError{Role: "bendahara", Roles: []string{loan.RoleKetua, loan.RolePengawas}}),
		},
		{
			name:  "the pengawas does not approve a small loan of an unrelated member",
			given: []loan.Event{applied(small)},
			when:  approve(loan.RolePengawas, pengawasBy),
			err:   same(&loan.RoleError{Role: loan.RolePengawas, Roles: []string{loan.RoleKetua}}),
		},
		{
			name:  "a related party's small loan needs the pengawas besides the ketua",
			given: []loan.Event{applied(related)},
			when:  approve(loan.RolePengawas, pengawasBy),
			then:  []loan.Event{approved(loan.RolePengawas, pengawasBy)},
		},
		{
			name:  "the ketua stands for the pengurus of a related party's loan",
			given: []loan.Event{applied(related)},
			when:  approve(loan.RolePengurus, "pengurus-dedi"),
			err:   same(&loan.RoleError{Role: loan.RolePengurus, Roles: []string{loan.RoleKetua, loan.RolePengawas}}),
		},
		{
			name: "a related party's loan under a matrix of the bendahara alone needs the pengurus and the pengawas",
			given: []loan.Event{applied(related, func(e *loan.Applied) {
				e.Terms.Approvals = []loan.Band{{UpTo: money.Zero(), Roles: []string{"bendahara"}}}
			})},
			when: approve(loan.RolePengurus, "pengurus-dedi"),
			then: []loan.Event{approved(loan.RolePengurus, "pengurus-dedi")},
		},
		{
			name:  "over the lending limit, with the figures",
			given: []loan.Event{applied()},
			when:  approve(loan.RoleKetua, ketuaBy, func(c *loan.Approve) { c.Limit = over }),
			err:   same(&loan.LimitError{Check: over}),
		},
		{
			name:  "at the lending limit exactly",
			given: []loan.Event{applied()},
			when: approve(loan.RoleKetua, ketuaBy, func(c *loan.Approve) {
				c.Limit = loan.LimitCheck{ModalSendiri: idr(80_000_000), Exposure: idr(12_000_000), Share: dec("0.15"), Limit: idr(12_000_000)}
			}),
			then: []loan.Event{loan.Approved{Role: loan.RoleKetua, By: ketuaBy, On: approvedOn,
				Limit: loan.LimitCheck{ModalSendiri: idr(80_000_000), Exposure: idr(12_000_000), Share: dec("0.15"), Limit: idr(12_000_000)}}},
		},
		{
			name:  "a repeat of an approval",
			given: []loan.Event{applied(), approved(loan.RoleKetua, ketuaBy)},
			when:  approve(loan.RoleKetua, ketuaBy),
			then:  none,
		},
		{
			name:  "a repeat of an approval once disbursed",
			given: activeHistory(t),
			when:  approve(loan.RolePengawas, pengawasBy),
			then:  none,
		},
		{
			name:  "a second approver in a role approved already",
			given: []loan.Event{applied(), approved(loan.RoleKetua, ketuaBy)},
			when:  approve(loan.RoleKetua, "ketua-lain"),
			err:   is(loan.ErrRoleApprovedAlready),
		},
		{
			name:  "one person in two roles",
			given: []loan.Event{applied(), approved(loan.RoleKetua, ketuaBy)},
			when:  approve(loan.RolePengawas, ketuaBy),
			err:   is(loan.ErrRoleApprovedAlready),
		},
		{
			name:  "dated before the application",
			given: []loan.Event{applied()},
			when:  approve(loan.RoleKetua, ketuaBy, func(c *loan.Approve) { c.On = appliedOn.AddDays(-1) }),
			err:   inputError("date", "2025-01-09", input.WantNotBefore, "2025-01-10"),
		},
		{
			name:  "a rejected application",
			given: []loan.Event{applied(), loan.Rejected{Reason: "usaha belum berjalan", By: ketuaBy, On: approvedOn}},
			when:  approve(loan.RoleKetua, ketuaBy),
			err:   is(loan.ErrAlreadyDecided),
		},
		{
			name: "no such application",
			when: approve(loan.RoleKetua, ketuaBy),
			err:  is(loan.ErrNotApplied),
		},
	})
}

func TestReject(t *testing.T) {
	rejected := loan.Rejected{Reason: "usaha belum berjalan", By: ketuaBy, On: approvedOn}
	reject := loan.Reject{Given: given(), Reason: "usaha belum berjalan", By: ketuaBy, On: approvedOn}
	runCases(t, []loanCase{
		{
			name:  "an application refused",
			given: []loan.Event{applied()},
			when:  reject,
			then:  []loan.Event{rejected},
			after: func(t *testing.T, s *loan.State) { assert.Equal(t, loan.StatusRejected, s.Status) },
		},
		{
			name:  "a refusal repeated",
			given: []loan.Event{applied(), rejected},
			when:  reject,
			then:  none,
		},
		{
			name:  "an approved application may still be refused",
			given: []loan.Event{applied(), approved(loan.RoleKetua, ketuaBy)},
			when:  reject,
			then:  []loan.Event{rejected},
		},
		{
			name:  "a disbursed loan",
			given: activeHistory(t),
			when:  reject,
			err:   is(loan.ErrAlreadyDecided),
		},
		{
			name:  "no reason",
			given: []loan.Event{applied()},
			when:  loan.Reject{Given: given(), By: ketuaBy, On: approvedOn},
			err:   inputError("reason", "", input.WantReason, ""),
		},
	})
}

func TestDisburse(t *testing.T) {
	flat := applied(withTerms(umum(loan.Flat)))
	flatOverridden := disbursedEvent(t, flat)
	flatOverridden.Override = "RAPAT-2025-07"
	flatEffective := disbursedEvent(t, flat).EffectiveRate
	require.True(t, flatEffective.GreaterThan(dec("0.41")), "24 %% flat is about 41.7 %% effective, got %s", flatEffective)
	throughBank := disbursedEvent(t, applied())
	throughBank.Cash = "1-1200"
	related := applied(func(e *loan.Applied) { e.Amount, e.Related = idr(3_000_000), true })
	runCases(t, []loanCase{
		{
			name:  "paid out with its schedule",
			given: approvedHistory(applied()),
			when:  disburse(),
			then:  []loan.Event{disbursedEvent(t, applied())},
			after: func(t *testing.T, s *loan.State) {
				assert.Equal(t, loan.StatusActive, s.Status)
				requireIDR(t, 12_000_000, s.Outstanding())
				assert.Equal(t, disbursedOn, s.Disbursed)
			},
		},
		{
			name:  "through the bank",
			given: approvedHistory(applied()),
			when:  disburse(func(c *loan.Disburse) { c.Cash = "1-1200" }),
			then:  []loan.Event{throughBank},
		},
		{
			name:  "through an account that is not cash",
			given: approvedHistory(applied()),
			when:  disburse(func(c *loan.Disburse) { c.Cash = "1-1400" }),
			err:   inputError("cash", "1-1400", input.WantCashAccount, ""),
		},
		{
			name:  "an approval missing",
			given: []loan.Event{applied(), approved(loan.RoleKetua, ketuaBy)},
			when:  disburse(),
			err:   same(&loan.ApprovalsMissingError{Missing: []string{loan.RolePengawas}}),
		},
		{
			name:  "every approval missing",
			given: []loan.Event{applied()},
			when:  disburse(),
			err:   same(&loan.ApprovalsMissingError{Missing: []string{loan.RoleKetua, loan.RolePengawas}}),
		},
		{
			name:  "a related party's loan without the pengawas",
			given: []loan.Event{related, approved(loan.RoleKetua, ketuaBy)},
			when:  disburse(),
			err:   same(&loan.ApprovalsMissingError{Missing: []string{loan.RolePengawas}}),
		},
		{
			name:  "24 % flat is above the cap on an effective basis",
			given: approvedHistory(flat),
			when:  disburse(),
			err: func(t *testing.T, err error) {
				got := as[*loan.RateCapError](t, err)
				assert.Equal(t, flatEffective.String(), got.Effective.String())
				assert.Equal(t, disbursedEvent(t, flat).AllInRate.String(), got.AllIn.String())
				assert.True(t, got.AllIn.GreaterThan(got.Effective), "fees raise the all-in rate")
				assert.Equal(t, "0.24", got.Cap.String())
			},
		},
		{
			name:  "above the cap by a decision overriding it",
			given: approvedHistory(flat),
			when:  disburse(func(c *loan.Disburse) { c.Override = "RAPAT-2025-07" }),
			then:  []loan.Event{flatOverridden},
		},
		{
			name:  "kas short of the money paid out (the principal less the fees)",
			given: approvedHistory(applied()),
			when:  loan.Disburse{MemberActive: true, Given: givenCash(1_000_000), On: disbursedOn},
			err: same(&ledger.InsufficientCashError{Account: "1-1100", Name: "Kas", On: disbursedOn,
				Available: idr(1_000_000), Amount: idr(12_000_000 - 120_000 - 50_000)}),
		},
		{
			name:  "kas holding exactly what is paid out",
			given: approvedHistory(applied()),
			when:  loan.Disburse{MemberActive: true, Given: givenCash(11_830_000), On: disbursedOn},
			then:  []loan.Event{disbursedEvent(t, applied())},
		},
		{
			name:  "again, as recorded: a repeat",
			given: activeHistory(t),
			when:  disburse(),
			then:  []loan.Event{},
		},
		{
			name:  "twice, on another date",
			given: activeHistory(t),
			when:  func() loan.Disburse { c := disburse(); c.On = c.On.AddDays(1); return c }(),
			err:   is(loan.ErrAlreadyDisbursed),
		},
		{
			name:  "a closed loan",
			given: activeHistory(t, firstPaid(), loan.Repaid{Ref: "LUNAS", Amount: idr(11_222_440), Parts: settlementParts(), Early: true, Waived: idr(waivedOnSettlement), On: settledOn}),
			when:  disburse(),
			err:   is(loan.ErrAlreadyDisbursed),
		},
		{
			name:  "a rejected application",
			given: []loan.Event{applied(), loan.Rejected{Reason: "tidak layak", By: ketuaBy, On: approvedOn}},
			when:  disburse(),
			err:   is(loan.ErrAlreadyDecided),
		},
		{
			name:  "dated before the last approval",
			given: approvedHistory(applied()),
			when:  disburse(func(c *loan.Disburse) { c.On = approvedOn.AddDays(-1) }),
			err:   inputError("date", "2025-01-11", input.WantNotBefore, "2025-01-12"),
		},
		{
			name:  "a first instalment due on the day of the disbursement",
			given: approvedHistory(applied()),
			when:  disburse(func(c *loan.Disburse) { c.First = disbursedOn }),
			err:   inputError("first", "2025-01-15", input.WantAfterLastPosting, "2025-01-15"),
		},
	})
}

// TestDisburseWorkedExample: the schedule the disbursement records is
// domain.md §2.2's worked example, with the fees of the product.
func TestDisburseWorkedExample(t *testing.T) {
	for _, tc := range []struct {
		method                loan.Method
		first, last, interest int64
		override              string
		effective             string // the effective annual rate, to four decimals
	}{
		{loan.Flat, 1_240_000, 1_240_000, 2_880_000, "RAPAT-7", "0.4170"},
		{loan.Declining, 1_240_000, 1_020_000, 1_560_000, "", "0.2400"},
		{loan.Annuity, 1_134_715, 1_134_718, 1_616_583, "", "0.2400"},
	} {
		t.Run(string(tc.method), func(t *testing.T) {
			a := applied(withTerms(umum(tc.method)))
			got, err := loan.Decide(fold(approvedHistory(a)), disburse(func(c *loan.Disburse) { c.Override = tc.override }))
			require.NoError(t, err)
			require.Len(t, got, 1)
			d, ok := got[0].(loan.Disbursed)
			require.True(t, ok, "%T", got[0])
			require.Len(t, d.Schedule, 12)
			requireIDR(t, tc.first, d.Schedule[0].Total(), "first instalment")
			requireIDR(t, tc.last, d.Schedule[11].Total(), "last instalment")
			principal, interest := money.Zero(), money.Zero()
			for k, in := range d.Schedule {
				principal, interest = principal.Add(in.Principal), interest.Add(in.Interest)
				assert.Equal(t, k+1, in.N)
			}
			requireIDR(t, 12_000_000, principal)
			requireIDR(t, tc.interest, interest)
			assert.Equal(t, firstDue, d.Schedule[0].Due)
			assert.Equal(t, on(2026, time.January, 15), d.Schedule[11].Due)
			requireIDR(t, 120_000, d.Provisi, "provisi 1 %%")
			requireIDR(t, 50_000, d.Admin, "administrasi fixed")
			assert.Equal(t, tc.effective, d.EffectiveRate.StringFixed(4))
			assert.True(t, d.AllInRate.GreaterThan(d.EffectiveRate))
			assert.Equal(t, tc.override, d.Override)
		})
	}
}

func TestRepay(t *testing.T) {
	late := on(2025, time.February, 25) // 10 days after the first due date: 7 beyond the grace
	march25 := on(2025, time.March, 25) // the first instalment 38 days late, the second 10
	last := func(o loan.Order) func(*loan.Applied) {
		return func(e *loan.Applied) { e.Terms.Order = o }
	}
	penaltyLast := applied(last(loan.PenaltyLast))
	closed := activeHistory(t, firstPaid(), loan.Repaid{Ref: "LUNAS", Amount: idr(11_222_440), Parts: settlementParts(), Early: true, Waived: idr(waivedOnSettlement), On: settledOn})
	writtenOff := activeHistory(t, firstPaid(), loan.WrittenOff{Principal: idr(11_000_000), Allowance: idr(20_000_000), On: on(2025, time.September, 30)})
	viaBank := repaid("ANG-1", 1_240_000, firstDue, part(1, 0, 240_000, 1_000_000))
	viaBank.Cash = "1-1200"
	runCases(t, []loanCase{
		{
			name:  "the first instalment on its due date",
			given: activeHistory(t),
			when:  repay("ANG-1", 1_240_000, firstDue),
			then:  []loan.Event{firstPaid()},
			after: func(t *testing.T, s *loan.State) {
				requireIDR(t, 11_000_000, s.Outstanding())
				assert.Equal(t, loan.StatusActive, s.Status)
				a, ok := s.Ref("ANG-1")
				require.True(t, ok)
				requireIDR(t, 1_240_000, a)
			},
		},
		{
			name:  "into the bank",
			given: activeHistory(t),
			when:  loan.Repay{Given: given(), Ref: "ANG-1", Amount: idr(1_240_000), Cash: "1-1200", On: firstDue},
			then:  []loan.Event{viaBank},
		},
		{
			name:  "late: the denda first (1.240.000 × 0.1 % × 7 days), then interest, then principal",
			given: activeHistory(t),
			when:  repay("ANG-1", 1_248_680, late),
			then:  []loan.Event{repaid("ANG-1", 1_248_680, late, accrued(part(1, 8_680, 240_000, 1_000_000), 8_680))},
		},
		{
			name:  "a partial payment pays the denda, then interest",
			given: activeHistory(t),
			when:  repay("ANG-1", 100_000, late),
			then:  []loan.Event{repaid("ANG-1", 100_000, late, accrued(part(1, 8_680, 91_320, 0), 8_680))},
			after: func(t *testing.T, s *loan.State) {
				requireIDR(t, 12_000_000, s.Outstanding(), "no principal repaid")
				assert.Equal(t, 10, s.DPD(late))
			},
		},
		{
			name:  "the rest after a partial payment: the denda paid is not charged again",
			given: activeHistory(t, repaid("ANG-1", 100_000, late, part(1, 8_680, 91_320, 0))),
			when:  repay("ANG-2", 1_148_680, late),
			then:  []loan.Event{repaid("ANG-2", 1_148_680, late, accrued(part(1, 0, 148_680, 1_000_000), 8_041))},
		},
		{
			name:  "oldest instalment first: all of the first, then the second's denda and interest",
			given: activeHistory(t),
			when:  repay("ANG-1", 1_300_000, march25),
			// The first: 35 days beyond the grace, 43.400 of denda; the
			// second: 7 days, 1.220.000 × 0.7 % = 8.540.
			then: []loan.Event{repaid("ANG-1", 1_300_000, march25, accrued(part(1, 43_400, 240_000, 1_000_000), 43_400), accrued(part(2, 8_540, 8_060, 0), 8_540))},
		},
		{
			name:  "bunga-pokok-denda: interest and principal of every instalment due, then the denda",
			given: activeOf(t, penaltyLast),
			when:  repay("ANG-1", 1_300_000, march25),
			then:  []loan.Event{repaid("ANG-1", 1_300_000, march25, accrued(part(1, 0, 240_000, 1_000_000), 43_400), accrued(part(2, 0, 60_000, 0), 8_540))},
		},
		{
			name:  "bunga-pokok-denda: the denda after what is due, before what is not",
			given: activeOf(t, penaltyLast),
			when:  repay("ANG-1", 2_600_000, march25),
			then: []loan.Event{repaid("ANG-1", 2_600_000, march25,
				accrued(part(1, 43_400, 240_000, 1_000_000), 43_400), accrued(part(2, 8_540, 220_000, 1_000_000), 8_540), part(3, 0, 88_060, 0))},
		},
		{
			name:  "paying ahead: the instalments not yet due, in order, interest first",
			given: activeHistory(t),
			when:  repay("ANG-1", 2_500_000, firstDue),
			then: []loan.Event{repaid("ANG-1", 2_500_000, firstDue,
				part(1, 0, 240_000, 1_000_000), part(2, 0, 220_000, 1_000_000), part(3, 0, 40_000, 0))},
			after: func(t *testing.T, s *loan.State) {
				requireIDR(t, 10_000_000, s.Outstanding())
				assert.Equal(t, 0, s.DPD(on(2025, time.April, 15)), "the third instalment is not yet late on its due date")
				assert.Equal(t, 1, s.DPD(on(2025, time.April, 16)), "partly paid ahead, it is late the day after")
			},
		},
		{
			name:  "paying everything ahead closes the loan",
			given: activeHistory(t),
			when:  repay("ANG-1", 13_560_000, firstDue),
			then: []loan.Event{func() loan.Repaid {
				var parts []loan.Part
				for n := 1; n <= 12; n++ {
					parts = append(parts, part(n, 0, int64(20_000*(13-n)), 1_000_000))
				}
				return repaid("ANG-1", 13_560_000, firstDue, parts...)
			}()},
			after: func(t *testing.T, s *loan.State) {
				assert.Equal(t, loan.StatusClosed, s.Status)
				assert.Equal(t, firstDue, s.Closed)
				requireIDR(t, 0, s.Outstanding())
			},
		},
		{
			name:  "more than the loan owes, every instalment's interest included",
			given: activeHistory(t),
			when:  repay("ANG-1", 13_560_001, firstDue),
			err:   same(&loan.OverpaymentError{Amount: idr(13_560_001), Owed: idr(13_560_000)}),
		},
		{
			name:  "more than a late loan owes, its denda included",
			given: activeHistory(t),
			when:  repay("ANG-1", 13_611_941, march25),
			err:   same(&loan.OverpaymentError{Amount: idr(13_611_941), Owed: idr(13_560_000 + 43_400 + 8_540)}),
		},
		{
			name:  "dated before the disbursement",
			given: activeHistory(t),
			when:  repay("ANG-1", 1_240_000, disbursedOn.AddDays(-1)),
			err:   inputError("date", "2025-01-14", input.WantNotBefore, "2025-01-15"),
		},
		{
			name:  "on the day of the disbursement, ahead",
			given: activeHistory(t),
			when:  repay("ANG-1", 1_000, disbursedOn),
			then:  []loan.Event{repaid("ANG-1", 1_000, disbursedOn, part(1, 0, 1_000, 0))},
		},
		{
			name:  "dated tomorrow",
			given: activeHistory(t),
			when:  repay("ANG-1", 1_240_000, issuedOn.AddDays(1)),
			err:   inputError("date", "2026-07-01", input.WantNotFuture, "2026-06-30"),
		},
		{
			name:  "dated in a closed month",
			given: activeHistory(t),
			when: func() loan.Repay {
				c := repay("ANG-1", 1_240_000, firstDue)
				c.Books = &member.Books{Chart: c.Chart, Cash: c.Given.Books.Cash, Periods: ledger.Periods{}.Close(ledger.Month{Year: 2025, Month: time.February})}
				return c
			}(),
			err: same(&ledger.ClosedPeriodError{Period: ledger.Month{Year: 2025, Month: time.February}, On: firstDue}),
		},
		{
			name:  "a closed loan",
			given: closed,
			when:  repay("ANG-9", 1_000, on(2025, time.April, 1)),
			err:   is(loan.ErrNotActive),
		},
		{
			name:  "a written-off loan",
			given: writtenOff,
			when:  repay("ANG-9", 1_000, on(2025, time.October, 1)),
			err:   is(loan.ErrNotActive),
		},
		{
			name:  "an application not disbursed",
			given: approvedHistory(applied()),
			when:  repay("ANG-1", 1_000, disbursedOn),
			err:   is(loan.ErrNotActive),
		},
		{
			name: "no such loan",
			when: repay("ANG-1", 1_000, disbursedOn),
			err:  is(loan.ErrNotApplied),
		},
		{
			name:  "a repeat by its reference",
			given: activeHistory(t, firstPaid()),
			when:  repay("ANG-1", 1_240_000, firstDue),
			then:  none,
		},
		{
			name:  "a repeat once the loan is closed",
			given: closed,
			when:  repay("ANG-1", 1_240_000, firstDue),
			then:  none,
		},
		{
			name:  "the reference again for another amount",
			given: activeHistory(t, firstPaid()),
			when:  repay("ANG-1", 1_000_000, firstDue),
			err:   same(&member.DuplicateRefError{Ref: "ANG-1"}),
		},
		{
			name:  "no reference",
			given: activeHistory(t),
			when:  repay("", 1_000, firstDue),
			err:   inputError("ref", "", input.WantRef, ""),
		},
		{
			name:  "a zero amount",
			given: activeHistory(t),
			when:  repay("ANG-1", 0, firstDue),
			err: func(t *testing.T, err error) {
				assert.Equal(t, money.ProblemZero, as[*money.AmountError](t, err).Problem)
			},
		},
	})
}

func TestSettle(t *testing.T) {
	settle := loan.Settle{Given: given(), Ref: "LUNAS", On: settledOn}
	settled := loan.Repaid{Ref: "LUNAS", Amount: idr(11_222_440), Parts: settlementParts(), Early: true, Waived: idr(waivedOnSettlement), On: settledOn}
	runCases(t, []loanCase{
		{
			name:  "what is due with its denda and the principal not yet due; the interest not yet due waived",
			given: activeHistory(t, firstPaid()),
			when:  settle,
			then:  []loan.Event{settled},
			after: func(t *testing.T, s *loan.State) {
				assert.Equal(t, loan.StatusClosed, s.Status)
				assert.Equal(t, settledOn, s.Closed)
				requireIDR(t, 0, s.Outstanding())
				assert.Equal(t, 0, s.DPD(on(2025, time.December, 1)))
			},
		},
		{
			name:  "a repeat",
			given: activeHistory(t, firstPaid(), settled),
			when:  settle,
			then:  none,
		},
		{
			name:  "under a reference used by a repayment",
			given: activeHistory(t, firstPaid()),
			when:  loan.Settle{Given: given(), Ref: "ANG-1", On: settledOn},
			err:   same(&member.DuplicateRefError{Ref: "ANG-1"}),
		},
		{
			name:  "a closed loan, under another reference",
			given: activeHistory(t, firstPaid(), settled),
			when:  loan.Settle{Given: given(), Ref: "LUNAS-2", On: settledOn},
			err:   is(loan.ErrNotActive),
		},
		{
			name:  "dated before the disbursement",
			given: activeHistory(t),
			when:  loan.Settle{Given: given(), Ref: "LUNAS", On: disbursedOn.AddDays(-1)},
			err:   inputError("date", "2025-01-14", input.WantNotBefore, "2025-01-15"),
		},
	})

	// Settlement tells the same figures before the settlement.
	s := fold(activeHistory(t, firstPaid()))
	total, waived := s.Settlement(settledOn, 0)
	requireIDR(t, 11_222_440, total)
	requireIDR(t, waivedOnSettlement, waived)
}

func TestRestructure(t *testing.T) {
	may20 := on(2025, time.May, 20)
	// On 20 May the second, third and fourth instalments are due (15
	// March, April, May): their interest, 220.000 + 200.000 + 180.000, is
	// carried; their denda, 63, 32 and 2 days beyond the grace on
	// 1.220.000, 1.200.000 and 1.180.000, is waived: 76.860 + 38.400 +
	// 2.360.
	schedule, err := loan.Schedule(loan.Terms{Principal: idr(11_000_000), AnnualRate: dec("0.24"), Months: 11, Method: loan.Declining, First: on(2025, time.June, 20)}, 0)
	require.NoError(t, err)
	schedule[0].Interest = schedule[0].Interest.Add(idr(600_000))
	restructure := loan.Restructure{Given: given(), Months: 11, Rate: decimal.NewFromInt(-1), Reason: "usaha terdampak banjir", On: may20}
	runCases(t, []loanCase{
		{
			name:  "the outstanding principal over a new term; overdue interest carried into the first instalment, denda waived",
			given: activeHistory(t, firstPaid()),
			when:  restructure,
			then:  []loan.Event{loan.Restructured{Schedule: schedule, Carried: idr(600_000), Waived: idr(117_620), Reason: "usaha terdampak banjir", On: may20}},
			after: func(t *testing.T, s *loan.State) {
				requireIDR(t, 11_000_000, s.Outstanding())
				require.Len(t, s.Schedule, 11)
				requireIDR(t, 1_000_000, s.Schedule[0].Principal)
				requireIDR(t, 220_000+600_000, s.Schedule[0].Interest)
				assert.Equal(t, on(2025, time.June, 20), s.Schedule[0].Due)
				due := s.DueOn(may20, 0)
				requireIDR(t, 0, due.Total(), "nothing is due any more")
				assert.Equal(t, 0, s.DPD(may20))
				assert.Equal(t, loan.StatusActive, s.Status)
			},
		},
		{
			name:  "at a lower rate",
			given: activeHistory(t, firstPaid()),
			when:  loan.Restructure{Given: given(), Months: 11, Rate: dec("0.12"), Reason: "usaha terdampak banjir", On: may20},
			after: func(t *testing.T, s *loan.State) {
				requireIDR(t, 110_000+600_000, s.Schedule[0].Interest)
				requireIDR(t, 10_000, s.Schedule[10].Interest)
			},
			then: []loan.Event{func() loan.Restructured {
				s, err := loan.Schedule(loan.Terms{Principal: idr(11_000_000), AnnualRate: dec("0.12"), Months: 11, Method: loan.Declining, First: on(2025, time.June, 20)}, 0)
				require.NoError(t, err)
				s[0].Interest = s[0].Interest.Add(idr(600_000))
				return loan.Restructured{Schedule: s, Carried: idr(600_000), Waived: idr(117_620), Reason: "usaha terdampak banjir", On: may20}
			}()},
		},
		{
			name:  "no reason",
			given: activeHistory(t, firstPaid()),
			when:  loan.Restructure{Given: given(), Months: 11, Rate: decimal.NewFromInt(-1), On: may20},
			err:   inputError("reason", "", input.WantReason, ""),
		},
		{
			name:  "a closed loan",
			given: activeHistory(t, firstPaid(), loan.Repaid{Ref: "LUNAS", Amount: idr(11_222_440), Parts: settlementParts(), Early: true, Waived: idr(waivedOnSettlement), On: settledOn}),
			when:  restructure,
			err:   is(loan.ErrNotActive),
		},
		{
			name:  "no term",
			given: activeHistory(t, firstPaid()),
			when:  loan.Restructure{Given: given(), Months: 0, Rate: decimal.NewFromInt(-1), Reason: "usaha terdampak banjir", On: may20},
			err:   same(&loan.TermsError{Field: loan.FieldMonths, Value: "0"}),
		},
	})
}

func TestWriteOff(t *testing.T) {
	sept30 := on(2025, time.September, 30)
	writeOff := func(allowance int64) loan.WriteOff {
		return loan.WriteOff{Given: given(), Allowance: idr(allowance), On: sept30}
	}
	written := loan.WrittenOff{Principal: idr(11_000_000), Allowance: idr(11_000_000), On: sept30}
	runCases(t, []loanCase{
		{
			name:  "an allowance short of the outstanding principal",
			given: activeHistory(t, firstPaid()),
			when:  writeOff(10_999_999),
			err:   same(&loan.AllowanceShortError{Principal: idr(11_000_000), Allowance: idr(10_999_999)}),
		},
		{
			name:  "the outstanding principal written off against the allowance",
			given: activeHistory(t, firstPaid()),
			when:  writeOff(11_000_000),
			then:  []loan.Event{written},
			after: func(t *testing.T, s *loan.State) {
				assert.Equal(t, loan.StatusWrittenOff, s.Status)
				requireIDR(t, 0, s.Outstanding(), "off the books")
				requireIDR(t, 11_000_000, s.WrittenOff, "but still claimed")
				assert.Equal(t, sept30, s.Closed)
				assert.Equal(t, 0, s.DPD(on(2025, time.December, 1)))
				requireIDR(t, 0, s.DueOn(on(2025, time.December, 1), 0).Total())
			},
		},
		{
			name:  "a repeat",
			given: activeHistory(t, firstPaid(), written),
			when:  writeOff(11_000_000),
			then:  none,
		},
		{
			name:  "a closed loan",
			given: activeHistory(t, firstPaid(), loan.Repaid{Ref: "LUNAS", Amount: idr(11_222_440), Parts: settlementParts(), Early: true, Waived: idr(waivedOnSettlement), On: settledOn}),
			when:  writeOff(20_000_000),
			err:   is(loan.ErrNotActive),
		},
	})
}

func TestRecover(t *testing.T) {
	sept30, oct10 := on(2025, time.September, 30), on(2025, time.October, 10)
	writtenOff := activeHistory(t, firstPaid(), loan.WrittenOff{Principal: idr(11_000_000), Allowance: idr(11_000_000), On: sept30})
	recover := func(ref string, amount int64, d calendar.Date) loan.Recover {
		return loan.Recover{Given: given(), Ref: ref, Amount: idr(amount), On: d}
	}
	recovered := loan.Recovered{Ref: "PULIH-1", Amount: idr(4_000_000), On: oct10}
	runCases(t, []loanCase{
		{
			name:  "money received on a written-off loan",
			given: writtenOff,
			when:  recover("PULIH-1", 4_000_000, oct10),
			then:  []loan.Event{recovered},
			after: func(t *testing.T, s *loan.State) {
				requireIDR(t, 4_000_000, s.Recovered)
				assert.Equal(t, loan.StatusWrittenOff, s.Status)
			},
		},
		{
			name:  "all that was written off",
			given: writtenOff,
			when:  recover("PULIH-1", 11_000_000, oct10),
			then:  []loan.Event{loan.Recovered{Ref: "PULIH-1", Amount: idr(11_000_000), On: oct10}},
		},
		{
			name:  "more than was written off",
			given: writtenOff,
			when:  recover("PULIH-1", 11_000_001, oct10),
			err:   same(&loan.OverpaymentError{Amount: idr(11_000_001), Owed: idr(11_000_000)}),
		},
		{
			name:  "more than is left after an earlier recovery",
			given: append(writtenOff, recovered),
			when:  recover("PULIH-2", 7_000_001, oct10),
			err:   same(&loan.OverpaymentError{Amount: idr(7_000_001), Owed: idr(7_000_000)}),
		},
		{
			name:  "a repeat",
			given: append(writtenOff, recovered),
			when:  recover("PULIH-1", 4_000_000, oct10),
			then:  none,
		},
		{
			name:  "the reference again for another amount",
			given: append(writtenOff, recovered),
			when:  recover("PULIH-1", 5_000_000, oct10),
			err:   same(&member.DuplicateRefError{Ref: "PULIH-1"}),
		},
		{
			name:  "an active loan",
			given: activeHistory(t, firstPaid()),
			when:  recover("PULIH-1", 1_000, oct10),
			err:   is(loan.ErrNotWrittenOff),
		},
		{
			name:  "dated before the write-off",
			given: writtenOff,
			when:  recover("PULIH-1", 1_000, sept30.AddDays(-1)),
			err:   inputError("date", "2025-09-29", input.WantNotBefore, "2025-09-30"),
		},
	})
}

func TestReview(t *testing.T) {
	review := func(d calendar.Date) loan.Review { return loan.Review{Given: given(), On: d} }
	classified := func(from, to loan.Class, dpd int) loan.Classified {
		return loan.Classified{From: from, To: to, DPD: dpd, On: firstDue.AddDays(dpd)}
	}
	collateral := func(amount int64) loan.Applied {
		return applied(func(e *loan.Applied) { e.Collateral = idr(amount) })
	}
	kl := classified(loan.Lancar, loan.KurangLancar, 91)
	runCases(t, []loanCase{
		{
			name:  "90 days past due is lancar: no change, no event",
			given: activeHistory(t),
			when:  review(firstDue.AddDays(90)),
			then:  none,
		},
		{
			name:  "91 days past due is kurang lancar",
			given: activeHistory(t),
			when:  review(firstDue.AddDays(91)),
			then:  []loan.Event{kl},
			after: func(t *testing.T, s *loan.State) { assert.Equal(t, loan.KurangLancar, s.Class) },
		},
		{
			name:  "180 days past due is still kurang lancar",
			given: activeHistory(t, kl),
			when:  review(firstDue.AddDays(180)),
			then:  none,
		},
		{
			name:  "181 days past due with collateral of 75 % of the outstanding principal is diragukan",
			given: activeOf(t, collateral(9_000_000), kl),
			when:  review(firstDue.AddDays(181)),
			then:  []loan.Event{classified(loan.KurangLancar, loan.Diragukan, 181)},
		},
		{
			name:  "181 days past due with collateral just short of 75 % is macet",
			given: activeOf(t, collateral(8_999_999), kl),
			when:  review(firstDue.AddDays(181)),
			then:  []loan.Event{classified(loan.KurangLancar, loan.Macet, 181)},
		},
		{
			name:  "from lancar straight to macet, without collateral",
			given: activeHistory(t),
			when:  review(firstDue.AddDays(400)),
			then:  []loan.Event{classified(loan.Lancar, loan.Macet, 400)},
		},
		{
			name:  "back to lancar once the arrears are paid",
			given: activeHistory(t, kl, repaid("ANG-1", 1_240_000, firstDue.AddDays(95), part(1, 0, 240_000, 1_000_000))),
			when:  review(firstDue.AddDays(95)),
			// The first instalment paid, the oldest unpaid is the second,
			// due 15 March: 67 days on 21 May.
			then: []loan.Event{loan.Classified{From: loan.KurangLancar, To: loan.Lancar, DPD: 67, On: firstDue.AddDays(95)}},
		},
		{
			name:  "a closed loan",
			given: activeHistory(t, firstPaid(), loan.Repaid{Ref: "LUNAS", Amount: idr(11_222_440), Parts: settlementParts(), Early: true, Waived: idr(waivedOnSettlement), On: settledOn}),
			when:  review(firstDue.AddDays(400)),
			then:  none,
		},
		{
			name:  "an application",
			given: []loan.Event{applied()},
			when:  review(firstDue.AddDays(400)),
			then:  none,
		},
		{
			name:  "dated before the disbursement",
			given: activeHistory(t),
			when:  review(disbursedOn.AddDays(-1)),
			then:  none,
		},
	})
}

func TestSettleByExit(t *testing.T) {
	byExit := loan.SettleByExit{Given: given(), ExitRef: "EXIT-9", On: settledOn}
	settled := loan.SettledByExit{ExitRef: "EXIT-9", Parts: settlementParts(), Waived: idr(waivedOnSettlement), On: settledOn}
	runCases(t, []loanCase{
		{
			name:  "the settlement taken from the exit",
			given: activeHistory(t, firstPaid()),
			when:  byExit,
			then:  []loan.Event{settled},
			after: func(t *testing.T, s *loan.State) {
				assert.Equal(t, loan.StatusClosed, s.Status)
				assert.Equal(t, settledOn, s.Closed)
				requireIDR(t, 0, s.Outstanding())
			},
		},
		{
			name:  "a repeat of the same exit",
			given: activeHistory(t, firstPaid(), settled),
			when:  byExit,
			then:  none,
		},
		{
			name:  "another exit of a closed loan",
			given: activeHistory(t, firstPaid(), settled),
			when:  loan.SettleByExit{Given: given(), ExitRef: "EXIT-10", On: settledOn},
			err:   is(loan.ErrNotActive),
		},
	})
}

// TestErrorMessagesNameTheFigures: a person reading a refusal sees the
// amounts it was decided on.
func TestErrorMessagesNameTheFigures(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&loan.OverpaymentError{Amount: idr(13_560_001), Owed: idr(13_560_000)}, "loan: 13560001 is more than the loan owes, 13560000"},
		{&loan.AllowanceShortError{Principal: idr(11_000_000), Allowance: idr(5)}, "loan: writing off 11000000 needs an allowance of at least that; it holds 5"},
		{&loan.LimitError{Check: loan.LimitCheck{ModalSendiri: idr(40_060_000), Exposure: idr(12_000_000), Share: dec("0.15"), Limit: idr(6_009_000)}},
			"loan: exposure 12000000 is above the lending limit 6009000 (0.15 of modal sendiri 40060000)"},
		{&loan.PlafondError{Amount: idr(12_000_000), Max: idr(10_000_000)}, "loan: 12000000 is above the most this loan may be, 10000000"},
		{&loan.ApprovalsMissingError{Missing: []string{"pengawas"}}, "loan: approvals missing: [pengawas]"},
	} {
		assert.Equal(t, tc.want, tc.err.Error())
	}
}

// The properties of repayments, over random sequences of them on random
// loans (a fixed seed: a failure is reproducible).

func randomLoan(t *testing.T, rng *rand.Rand) []loan.Event {
	t.Helper()
	methods := loan.Methods()
	p := umum(methods[rng.IntN(len(methods))])
	p.AnnualRate = decimal.New(int64(rng.IntN(2401)), -4) // 0 to 24 %
	p.Penalty = loan.Penalty{DailyRate: decimal.New(int64(rng.IntN(30)), -4), GraceDays: rng.IntN(8), Cap: decimal.New(int64(rng.IntN(3)*10), -2)}
	if rng.IntN(2) == 0 {
		p.Order = loan.PenaltyLast
	}
	p.MaxPlafond, p.SavingsMultiple = money.Zero(), decimal.Zero
	amount := idr(1_000 * int64(1+rng.IntN(20_000)))
	months := 1 + rng.IntN(24)
	a := applied(withTerms(p), func(e *loan.Applied) { e.Amount, e.Months = amount, months })
	h := approvedHistory(a)
	if len(p.RolesFor(amount, false)) == 1 {
		h = h[:2]
	}
	events, err := loan.Decide(fold(h), disburse(func(c *loan.Disburse) { c.Override = "RAPAT-UJI" }))
	require.NoError(t, err)
	return append(h, events...)
}

// checkRepaid checks a repayment's allocation and the state after it.
func checkRepaid(t *testing.T, r loan.Repaid, s *loan.State, lent money.Amount) {
	t.Helper()
	pen, in, pr := loan.Totals(r.Parts)
	require.Truef(t, pen.Add(in).Add(pr).Equal(r.Amount), "parts %v sum to %s, not the amount %s", r.Parts, pen.Add(in).Add(pr), r.Amount)
	for _, p := range r.Parts {
		require.Falsef(t, p.Penalty.IsNegative() || p.Interest.IsNegative() || p.Principal.IsNegative(), "a negative part %+v", p)
	}
	principal := money.Zero()
	for _, in := range s.Schedule {
		paid := s.Paid(in.N)
		require.LessOrEqualf(t, paid.Principal.Cmp(in.Principal), 0, "instalment %d: principal paid %s of %s", in.N, paid.Principal, in.Principal)
		require.LessOrEqualf(t, paid.Interest.Cmp(in.Interest), 0, "instalment %d: interest paid %s of %s", in.N, paid.Interest, in.Interest)
		if cp := s.Terms.Penalty.Cap; cp.IsPositive() {
			most := money.FromDecimal(in.Total().Decimal().Mul(cp).Round(0))
			require.LessOrEqualf(t, paid.Penalty.Cmp(most), 0, "instalment %d: denda paid %s above the cap %s", in.N, paid.Penalty, most)
		}
		principal = principal.Add(paid.Principal)
	}
	require.LessOrEqualf(t, principal.Cmp(lent), 0, "principal repaid %s of %s lent", principal, lent)
	require.Falsef(t, s.Outstanding().IsNegative(), "outstanding %s", s.Outstanding())
	if s.Status == loan.StatusActive {
		require.Truef(t, s.Outstanding().Equal(lent.Sub(principal)), "outstanding %s, lent %s less repaid %s", s.Outstanding(), lent, principal)
	} else {
		require.Equal(t, loan.StatusClosed, s.Status)
		require.Truef(t, principal.Equal(lent), "closed with %s of %s repaid", principal, lent)
	}
}

func TestRepaymentProperties(t *testing.T) {
	seeds := 300
	if testing.Short() {
		seeds = 50
	}
	for seed := range uint64(seeds) {
		rng := rand.New(rand.NewPCG(seed, 2025))
		h := randomLoan(t, rng)
		s := fold(h)
		lent := s.Amount
		d, refs := s.Disbursed, 0
		g := given()
		g.Today = on(2030, time.December, 31)
		for step := 0; step < 40 && s.Status == loan.StatusActive; step++ {
			d = d.AddDays(rng.IntN(45))
			refs++
			ref := fmt.Sprintf("R-%d", refs)
			// What the loan owes on d: the figure an overpayment names.
			_, err := loan.Decide(s, loan.Repay{Given: g, Ref: ref, Amount: idr(9_000_000_000), On: d})
			over := as[*loan.OverpaymentError](t, err)
			owed := over.Owed
			require.True(t, owed.IsPositive(), "seed %d: an active loan owes nothing on %s", seed, d)
			due := s.DueOn(d, 0)
			require.LessOrEqual(t, due.Total().Cmp(owed), 0, "seed %d: due %s, owed %s", seed, due.Total(), owed)

			var amount money.Amount
			switch r := rng.IntN(10); {
			case r == 0:
				amount = owed
			case r == 1 && due.Total().IsPositive():
				amount = due.Total()
			case r == 2:
				_, err := loan.Decide(s, loan.Repay{Given: g, Ref: ref, Amount: owed.Add(idr(1)), On: d})
				require.Equal(t, owed.String(), as[*loan.OverpaymentError](t, err).Owed.String())
				continue
			default:
				amount = idr(1 + rng.Int64N(owed.Decimal().IntPart()))
			}
			events, err := loan.Decide(s, loan.Repay{Given: g, Ref: ref, Amount: amount, On: d})
			require.NoError(t, err, "seed %d", seed)
			require.Len(t, events, 1)
			s = loan.Evolve(s, events[0])
			checkRepaid(t, events[0].(loan.Repaid), s, lent)
			if amount.Equal(owed) {
				require.Equal(t, loan.StatusClosed, s.Status, "seed %d: paying all it owes closes the loan", seed)
			}
		}
		if s.Status == loan.StatusActive {
			// Settled at last: the principal repaid is what was lent.
			d = d.AddDays(rng.IntN(45))
			events, err := loan.Decide(s, loan.Settle{Given: g, Ref: "LUNAS", On: d})
			require.NoError(t, err)
			r := events[0].(loan.Repaid)
			s = loan.Evolve(s, r)
			checkRepaid(t, r, s, lent)
			assert.Equal(t, loan.StatusClosed, s.Status)
		}
	}
}

func TestDecideNeedsPolicyAndBooks(t *testing.T) {
	assert.Panics(t, func() { _, _ = loan.Decide(nil, loan.Apply{}) })
	got, err := loan.Decide(nil, repay("ANG-1", 1_000, firstDue))
	assert.Empty(t, got)
	assert.True(t, errors.Is(err, loan.ErrNotApplied))
}

// TestDecliningAtTheCapIsWithinIt: 24 % a year by the declining method
// (or the annuity) is 24 % effective: the rate is charged on the balance.
// Rounding each month's interest half up to the rupiah raises the
// schedule's rate of return a little; the cap is checked to a hundredth
// of a percent so that the rounding never refuses a loan at the cap. On
// small loans the rounding moves the rate by more than that.
func TestDecliningAtTheCapIsWithinIt(t *testing.T) {
	for _, tc := range []struct {
		amount int64
		months int
	}{
		{12_000_000, 12}, {26_000, 16}, {100_000, 32}, {101_000, 8}, {105_000, 24},
	} {
		t.Run(fmt.Sprintf("%d over %d months", tc.amount, tc.months), func(t *testing.T) {
			a := applied(func(e *loan.Applied) {
				e.Amount, e.Months = idr(tc.amount), tc.months
				e.Terms.Admin = loan.Fee{Percent: decimal.Zero, Fixed: money.Zero()} // fees do not count towards the cap
			})
			events, err := loan.Decide(fold(approvedHistory(a)), disburse())
			if err != nil {
				var capErr *loan.RateCapError
				require.ErrorAs(t, err, &capErr)
				t.Errorf("Rp %d at 24 %% menurun over %d months refused as above the cap: effective %s (%s to four decimals)",
					tc.amount, tc.months, capErr.Effective, capErr.Effective.StringFixed(4))
				return
			}
			require.Len(t, events, 1)
		})
	}
}

// A second restructuring before the first new instalment falls due
// carries the interest the first carried, not forgiving it.
func TestRestructureTwiceCarriesTheCarriedInterest(t *testing.T) {
	may20, may25 := on(2025, time.May, 20), on(2025, time.May, 25)
	s := fold(activeHistory(t, firstPaid()))
	first, err := loan.Decide(s, loan.Restructure{Given: given(), Months: 11, Rate: decimal.NewFromInt(-1), Reason: "banjir", On: may20})
	require.NoError(t, err)
	s = loan.Evolve(s, first[0])
	second, err := loan.Decide(s, loan.Restructure{Given: given(), Months: 12, Rate: decimal.NewFromInt(-1), Reason: "banjir lagi", On: may25})
	require.NoError(t, err)
	r := second[0].(loan.Restructured)
	requireIDR(t, 600_000, r.Carried, "the 600.000 carried by the first restructuring is carried again")
}

// An approval band names only roles that approve loans: one naming
// another role, or none, could never be met.
func TestProductApprovalBandsNameApprovers(t *testing.T) {
	require.NoError(t, umum(loan.Annuity).Check(0))
	for _, roles := range [][]string{{"bendahara"}, {"ketua", "raja"}, {}, {"Ketua"}} {
		p := umum(loan.Annuity)
		p.Approvals = []loan.Band{{UpTo: idr(5_000_000), Roles: roles}}
		var in *input.Error
		require.ErrorAs(t, p.Check(0), &in, "%v", roles)
		assert.Equal(t, "approvals", in.Field)
		assert.Equal(t, input.WantApprover, in.Want)
	}
}
