package loan_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/money"
)

// Days past due, what is due on a date with its denda, and the classes
// of collectibility. The fixture is decide_test.go's: Rp 12.000.000 over
// 12 months, bunga menurun, the first instalment (1.240.000) due on 15
// February 2025; denda 0.1 % a day after 3 days of grace, at most 10 % of
// the instalment.

func TestDPD(t *testing.T) {
	partly := repaid("ANG-1", 740_000, firstDue, part(1, 0, 240_000, 500_000))
	closed := loan.Repaid{Ref: "LUNAS", Amount: idr(11_222_440), Parts: settlementParts(), Early: true, Waived: idr(waivedOnSettlement), On: settledOn}
	for _, tc := range []struct {
		name   string
		events []loan.Event
		on     calendar.Date
		want   int
	}{
		{"before the first due date", activeHistory(t), firstDue.AddDays(-1), 0},
		{"on the first due date", activeHistory(t), firstDue, 0},
		{"the day after", activeHistory(t), firstDue.AddDays(1), 1},
		{"from the oldest unpaid instalment, with a second one due", activeHistory(t), on(2025, time.March, 16), 29},
		{"the first paid: from the second", activeHistory(t, firstPaid()), on(2025, time.March, 20), 5},
		{"the first partly paid: still from the first", activeHistory(t, partly), on(2025, time.March, 20), 33},
		{"the first paid ahead in part: late the day after its due date", activeHistory(t, repaid("ANG-1", 1_000, disbursedOn, part(1, 0, 1_000, 0))), firstDue.AddDays(1), 1},
		{"a closed loan", activeHistory(t, firstPaid(), closed), on(2026, time.June, 1), 0},
		{"a written-off loan", activeHistory(t, loan.WrittenOff{Principal: idr(12_000_000), Allowance: idr(12_000_000), On: on(2025, time.September, 30)}), on(2026, time.June, 1), 0},
		{"an application", []loan.Event{applied()}, on(2026, time.June, 1), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, fold(tc.events).DPD(tc.on))
		})
	}
}

// oneInstalment is the fixture's loan repaid in one month: a single
// instalment of 12.000.000 + 240.000 due on 15 February, whose denda is
// 12.240 a day beyond the grace, at most 1.224.000.
func oneInstalment(change ...func(*loan.Applied)) loan.Applied {
	return applied(append([]func(*loan.Applied){func(e *loan.Applied) { e.Months = 1 }}, change...)...)
}

type dueCase struct {
	name                                 string
	events                               []loan.Event
	on                                   calendar.Date
	penalty, interest, principal, outstd int64
	dpd                                  int
}

func checkDue(t *testing.T, cases []dueCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			due := fold(tc.events).DueOn(tc.on, 0)
			assert.Equal(t,
				[]string{"penalty " + idr(tc.penalty).String(), "interest " + idr(tc.interest).String(), "principal " + idr(tc.principal).String(), "outstanding " + idr(tc.outstd).String()},
				[]string{"penalty " + due.Penalty.String(), "interest " + due.Interest.String(), "principal " + due.Principal.String(), "outstanding " + due.Outstanding.String()})
			assert.Equal(t, tc.dpd, due.DPD)
			requireIDR(t, tc.penalty+tc.interest+tc.principal, due.Total())
		})
	}
}

func TestDueOnPenalties(t *testing.T) {
	single := activeOf(t, oneInstalment())
	noCap := activeOf(t, oneInstalment(func(e *loan.Applied) { e.Terms.Penalty.Cap = decimal.Zero }))
	noDenda := activeOf(t, oneInstalment(func(e *loan.Applied) { e.Terms.Penalty.DailyRate = decimal.Zero }))
	halfRupiah := activeOf(t, applied(func(e *loan.Applied) { e.Terms.Penalty.DailyRate = dec("0.0000125") }))
	denda50 := repaid("DENDA", 612_000, firstDue.AddDays(53), part(1, 612_000, 0, 0))
	checkDue(t, []dueCase{
		{"before the due date nothing is due", activeHistory(t), firstDue.AddDays(-1), 0, 0, 0, 12_000_000, 0},
		{"on the due date: the instalment, no denda", activeHistory(t), firstDue, 0, 240_000, 1_000_000, 12_000_000, 0},
		{"within the grace: no denda", activeHistory(t), firstDue.AddDays(3), 0, 240_000, 1_000_000, 12_000_000, 3},
		{"the first day beyond the grace: one day of denda", activeHistory(t), firstDue.AddDays(4), 1_240, 240_000, 1_000_000, 12_000_000, 4},
		{"seven days beyond the grace", activeHistory(t), firstDue.AddDays(10), 8_680, 240_000, 1_000_000, 12_000_000, 10},
		{"denda rounded half up to the rupiah: 15,5 is 16", halfRupiah, firstDue.AddDays(4), 16, 240_000, 1_000_000, 12_000_000, 4},
		{"two instalments due, each with its own denda", activeHistory(t), on(2025, time.March, 25), 43_400 + 8_540, 460_000, 2_000_000, 12_000_000, 38},
		{"a denda paid is not owed again", activeHistory(t, repaid("ANG-1", 8_680, firstDue.AddDays(10), part(1, 8_680, 0, 0))), firstDue.AddDays(10), 0, 240_000, 1_000_000, 12_000_000, 10},
		{"the denda of a partly paid instalment is on what is unpaid, less what was paid, never below zero",
			activeHistory(t, repaid("ANG-1", 100_000, firstDue.AddDays(10), part(1, 8_680, 91_320, 0))), firstDue.AddDays(10), 0, 148_680, 1_000_000, 12_000_000, 10},
		{"and later grows on what is unpaid: 1.148.680 × 1,5 % less 8.680",
			activeHistory(t, repaid("ANG-1", 100_000, firstDue.AddDays(10), part(1, 8_680, 91_320, 0))), firstDue.AddDays(18), 8_550, 148_680, 1_000_000, 12_000_000, 18},
		{"no compounding: 50 days of denda are 50 × 12.240", single, firstDue.AddDays(53), 612_000, 240_000, 12_000_000, 12_000_000, 53},
		{"no compounding: the denda paid adds nothing to the base", activeOf(t, oneInstalment(), denda50), firstDue.AddDays(63), 60*12_240 - 612_000, 240_000, 12_000_000, 12_000_000, 63},
		{"the cap: 100 days of denda are 10 % of the instalment", single, firstDue.AddDays(103), 1_224_000, 240_000, 12_000_000, 12_000_000, 103},
		{"the cap holds", single, firstDue.AddDays(203), 1_224_000, 240_000, 12_000_000, 12_000_000, 203},
		{"the cap less what was paid", activeOf(t, oneInstalment(), denda50), firstDue.AddDays(203), 1_224_000 - 612_000, 240_000, 12_000_000, 12_000_000, 203},
		{"without a cap the denda grows", noCap, firstDue.AddDays(203), 200 * 12_240, 240_000, 12_000_000, 12_000_000, 203},
		{"without a daily rate no denda, but days past due", noDenda, firstDue.AddDays(203), 0, 240_000, 12_000_000, 12_000_000, 203},
		{"a closed loan owes nothing", activeHistory(t, firstPaid(), loan.Repaid{Ref: "LUNAS", Amount: idr(11_222_440), Parts: settlementParts(), Early: true, Waived: idr(waivedOnSettlement), On: settledOn}),
			on(2026, time.June, 1), 0, 0, 0, 0, 0},
	})
}

// TestRepaymentPaysTheDendaDue: a repayment pays the denda DueOn names,
// and what the loan owes falls by the amount paid.
func TestRepaymentPaysTheDendaDue(t *testing.T) {
	for _, order := range []loan.Order{loan.PenaltyFirst, loan.PenaltyLast} {
		t.Run(string(order), func(t *testing.T) {
			h := activeOf(t, applied(func(e *loan.Applied) { e.Terms.Order = order }))
			s := fold(h)
			march25 := on(2025, time.March, 25)
			due := s.DueOn(march25, 0)
			requireIDR(t, 2_511_940, due.Total())
			events, err := loan.Decide(s, repay("ANG-1", 2_511_940, march25))
			require.NoError(t, err)
			pen, in, pr := loan.Totals(events[0].(loan.Repaid).Parts)
			requireIDR(t, 51_940, pen)
			requireIDR(t, 460_000, in)
			requireIDR(t, 2_000_000, pr)
			after := loan.Evolve(s, events[0]).DueOn(march25, 0)
			requireIDR(t, 0, after.Total())
			assert.Equal(t, 0, after.DPD)
		})
	}
}

// TestPenaltyLastKeepsTheDendaOwed: under bunga-pokok-denda a repayment
// pays interest, then principal, then the denda; one that covers the
// interest and principal of a late instalment but not its denda leaves
// the denda owed, to be paid next. The order says what is paid first,
// not what is owed.
func TestPenaltyLastKeepsTheDendaOwed(t *testing.T) {
	late := firstDue.AddDays(10) // 7 days beyond the grace: denda 8.680
	h := activeOf(t, applied(func(e *loan.Applied) { e.Terms.Order = loan.PenaltyLast }))
	s := fold(h)
	requireIDR(t, 8_680, s.DueOn(late, 0).Penalty, "the denda before the repayment")

	events, err := loan.Decide(s, repay("ANG-1", 1_240_000, late))
	require.NoError(t, err)
	assert.Equal(t, describe([]loan.Event{repaid("ANG-1", 1_240_000, late, accrued(part(1, 0, 240_000, 1_000_000), 8_680))}), describe(events))
	s = loan.Evolve(s, events[0])

	assert.Truef(t, s.DueOn(late, 0).Penalty.Equal(idr(8_680)),
		"the denda of 8.680 accrued on the first instalment is still owed after paying its interest and principal; DueOn says %s", s.DueOn(late, 0).Penalty)
	events, err = loan.Decide(s, repay("ANG-2", 8_680, late))
	require.NoError(t, err)
	assert.Equal(t, describe([]loan.Event{repaid("ANG-2", 8_680, late, accrued(part(1, 8_680, 0, 0), 8_680))}), describe(events),
		"the next repayment pays the denda owed, not the interest of the second instalment ahead")
}

func TestClassOf(t *testing.T) {
	p := loan.DefaultProfile()
	for _, tc := range []struct {
		dpd                     int
		collateral, outstanding int64
		want                    loan.Class
	}{
		{0, 0, 1_000_000, loan.Lancar},
		{90, 0, 1_000_000, loan.Lancar},
		{91, 0, 1_000_000, loan.KurangLancar},
		{180, 0, 1_000_000, loan.KurangLancar},
		{181, 750_000, 1_000_000, loan.Diragukan},
		{181, 749_999, 1_000_000, loan.Macet},
		{181, 0, 1_000_000, loan.Macet},
		{5_000, 2_000_000, 1_000_000, loan.Diragukan},
		{181, 1_000_000, 0, loan.Macet}, // nothing outstanding: no collateral test
	} {
		assert.Equalf(t, tc.want, p.ClassOf(tc.dpd, idr(tc.collateral), idr(tc.outstanding)),
			"%d days past due, collateral %d of %d", tc.dpd, tc.collateral, tc.outstanding)
	}

	// A bank-style profile: 30 and 90 days, collateral covering all.
	bank := loan.Profile{Lancar: 30, KurangLancar: 90, CollateralShare: decimal.NewFromInt(1)}
	assert.Equal(t, loan.Lancar, bank.ClassOf(30, money.Zero(), idr(1)))
	assert.Equal(t, loan.KurangLancar, bank.ClassOf(31, money.Zero(), idr(1)))
	assert.Equal(t, loan.Macet, bank.ClassOf(91, idr(999), idr(1_000)))
	assert.Equal(t, loan.Diragukan, bank.ClassOf(91, idr(1_000), idr(1_000)))
}

func TestProfileRates(t *testing.T) {
	p := loan.DefaultProfile()
	assert.Equal(t, 90, p.Lancar)
	assert.Equal(t, 180, p.KurangLancar)
	assert.Equal(t, "0.75", p.CollateralShare.String())
	for class, want := range map[loan.Class]string{loan.Lancar: "0.005", loan.KurangLancar: "0.1", loan.Diragukan: "0.5", loan.Macet: "1", "lain": "0"} {
		assert.Equalf(t, want, p.Rate(class).String(), "rate of %s", class)
	}
	assert.Equal(t, []loan.Class{loan.Lancar, loan.KurangLancar, loan.Diragukan, loan.Macet}, loan.Classes())
	assert.Equal(t, "0", loan.Profile{}.Rate(loan.Macet).String(), "a profile without rates requires no allowance")
}
