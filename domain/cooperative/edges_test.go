package cooperative_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/money"
)

// Edge cases of the books that once went wrong.

// TestRegisteredAloneHasTheDefaultChart: a store written before charts
// were recorded holds a Registered event with no ChartAdopted after it.
// Its cooperative has the default chart, opened on the registration date,
// and its books work.
func TestRegisteredAloneHasTheDefaultChart(t *testing.T) {
	s := fold([]cooperative.Event{registeredEvent()})
	require.False(t, s.Chart.IsZero(), "a lone registration leaves no chart")
	assert.Equal(t, ledger.DefaultChart(registered).Accounts(), s.Chart.Accounts())
	assert.Equal(t, ledger.DefaultChart(registered).Units(), s.Chart.Units())
	kas, ok := s.Chart.ByRole(ledger.RoleCash)
	require.True(t, ok)
	assert.Equal(t, "1-1100", kas.Code)
	assert.Equal(t, registered, kas.Opened)

	// Registered on another day, the chart opens that day.
	other := registeredEvent()
	other.On = calendar.MustNew(2023, time.May, 17)
	s2 := fold([]cooperative.Event{other})
	assert.Equal(t, ledger.DefaultChart(other.On).Accounts(), s2.Chart.Accounts())

	// The books of such a cooperative take entries.
	got, err := cooperative.Decide(s, post())
	require.NoError(t, err)
	assert.Equal(t, describe([]cooperative.Event{posted(in(sp, dr("5-3400", 1_500_000)), in(sp, cr("1-1100", 1_500_000)))}), describe(got))

	// A ChartAdopted that follows the registration replaces the default.
	small := ledger.NewChart([]ledger.Account{{Code: "1", Name: "ASET", Class: ledger.Asset, Heading: true}}, []ledger.Unit{{Code: "klinik", Name: "Klinik"}})
	s3 := cooperative.Evolve(s, cooperative.ChartAdopted{Accounts: small.Accounts(), Units: small.Units(), On: registered})
	assert.Equal(t, small.Accounts(), s3.Chart.Accounts())
	assert.Equal(t, "klinik", s3.Chart.DefaultUnit().Code)

	// Registered then ChartAdopted, as every registration since, is
	// unchanged.
	assert.Equal(t, ledger.DefaultChart(registered).Accounts(), fold(books()).Chart.Accounts())
}

// The fixture of the year close: every month of 2026 closed and 2026
// closed; 2025 has only March closed; commands are issued on 10 January
// 2027.
var (
	later     = calendar.MustNew(2027, time.January, 10)
	yearEnd26 = calendar.MustNew(2026, time.December, 31)
)

func d(y int, m time.Month, dd int) calendar.Date { return calendar.MustNew(y, m, dd) }

func closed2026() cooperative.YearClosed {
	return cooperative.YearClosed{Year: 2026, Result: money.Zero(), On: yearEnd26}
}

// closedThrough2026 is the books with 2026 closed and, of 2025, March.
func closedThrough2026(more ...cooperative.Event) []cooperative.Event {
	events := []cooperative.Event{cooperative.PeriodClosed{Period: ledger.Month{Year: 2025, Month: time.March}}}
	events = append(events, closedMonths(2026, time.January, time.December)...)
	events = append(events, closed2026())
	return books(append(events, more...)...)
}

func closedIn(m ledger.Month, on calendar.Date) refusal {
	return func(t *testing.T, err error) {
		t.Helper()
		assert.Equal(t, &ledger.ClosedPeriodError{Period: m, On: on}, as[*ledger.ClosedPeriodError](t, err))
	}
}

func journalOn(ref string, on calendar.Date, lines ...ledger.Line) cooperative.PostJournal {
	return cooperative.PostJournal{Ref: ref, Memo: "Koreksi", Lines: lines, On: on, Today: later, Cash: plenty}
}

func TestYearCloseLocksEveryDateUpToItsEnd(t *testing.T) {
	income := []ledger.Line{dr("1-1100", 10_000), cr("4-9100", 10_000)}
	recorded := []ledger.Line{in(sp, dr("1-1100", 10_000)), in(sp, cr("4-9100", 10_000))}
	runBooks(t, []booksCase{
		{
			name:  "a journal dated in a month of an earlier year never closed",
			given: closedThrough2026(),
			when:  journalOn("JU-OLD", d(2025, time.June, 5), income...),
			err:   closedIn(ledger.Month{Year: 2025, Month: time.June}, d(2025, time.June, 5)),
		},
		{
			name:  "a journal dated in the first month of the earlier year",
			given: closedThrough2026(),
			when:  journalOn("JU-OLD", d(2025, time.January, 31), income...),
			err:   closedIn(ledger.Month{Year: 2025, Month: time.January}, d(2025, time.January, 31)),
		},
		{
			name:  "a journal dated on the closed year's last day",
			given: closedThrough2026(),
			when:  journalOn("JU-OLD", yearEnd26, income...),
			err:   closedIn(ledger.Month{Year: 2026, Month: time.December}, yearEnd26),
		},
		{
			name:  "a journal dated the day after the closed year",
			given: closedThrough2026(),
			when:  journalOn("JU-NEW", d(2027, time.January, 1), income...),
			then:  []cooperative.Event{cooperative.JournalPosted{Ref: "JU-NEW", Memo: "Koreksi", Lines: recorded, On: d(2027, time.January, 1)}},
		},
		{
			name:  "a reversal on the date of an entry of an earlier year",
			given: closedThrough2026(rentPosted()),
			when:  cooperative.ReverseJournal{Original: rentPosted(), Reason: "salah akun", Today: later, Cash: plenty},
			err:   closedIn(ledger.Month{Year: 2025, Month: time.June}, day(time.June, 5)),
		},
		{
			name:  "closing an account from a date of an earlier year",
			given: closedThrough2026(),
			when:  cooperative.CloseAccount{Code: "5-3500", On: d(2025, time.August, 1), Balance: money.Zero(), Today: later},
			err:   closedIn(ledger.Month{Year: 2025, Month: time.August}, d(2025, time.August, 1)),
		},
		{
			name:  "reopening a month of an earlier year never closed",
			given: closedThrough2026(),
			when:  cooperative.ReopenPeriod{Period: ledger.Month{Year: 2025, Month: time.June}, Decision: "SK-09"},
			err:   is(cooperative.ErrYearClosed),
		},
		{
			name:  "reopening the month of an earlier year that was closed",
			given: closedThrough2026(),
			when:  cooperative.ReopenPeriod{Period: ledger.Month{Year: 2025, Month: time.March}, Decision: "SK-09"},
			err:   is(cooperative.ErrYearClosed),
		},
		{
			name:  "reopening a month of the closed year",
			given: closedThrough2026(),
			when:  cooperative.ReopenPeriod{Period: ledger.Month{Year: 2026, Month: time.May}, Decision: "SK-09"},
			err:   is(cooperative.ErrYearClosed),
		},
		{
			name:  "closing a month of an earlier year is nothing to do: it is locked",
			given: closedThrough2026(),
			when:  cooperative.ClosePeriod{Period: ledger.Month{Year: 2025, Month: time.June}, Today: later},
			then:  none,
		},
		{
			name:  "closing an earlier year whose months are open after a later year is closed",
			given: closedThrough2026(),
			when:  cooperative.CloseYear{Year: 2025, Today: later},
			err:   is(cooperative.ErrYearClosed),
		},
		{
			name: "closing an earlier year whose months are closed after a later year is closed",
			given: books(append(append(closedMonths(2025, time.January, time.December),
				closedMonths(2026, time.January, time.December)...), closed2026())...),
			when: cooperative.CloseYear{Year: 2025, Today: later, Balances: []ledger.Line{line("4-9100", ledger.Credit, 10_000, sp, ledger.NoParty)}},
			err:  is(cooperative.ErrYearClosed),
		},
		{
			name:  "closing the closed year again",
			given: closedThrough2026(),
			when:  cooperative.CloseYear{Year: 2026, Today: later},
			then:  none,
		},
	})
}

func TestEvolveYearClosedLocksEarlierYears(t *testing.T) {
	before := fold(books(append(closedMonths(2026, time.January, time.December), cooperative.PeriodClosed{Period: ledger.Month{Year: 2025, Month: time.March}})...))
	s := cooperative.Evolve(before, closed2026())
	assert.Equal(t, []int{2026}, s.ClosedYears)
	assert.Equal(t, 2026, s.Periods.ClosedThrough())
	assert.Equal(t, 0, before.Periods.ClosedThrough(), "Evolve leaves the state it was given unchanged")

	tests := []struct {
		on     calendar.Date
		locked bool
	}{
		{d(2020, time.January, 1), true},
		{d(2024, time.December, 31), true},
		{d(2025, time.June, 15), true}, // never closed as a month
		{d(2025, time.March, 1), true},
		{yearEnd26, true},
		{d(2027, time.January, 1), false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.locked, s.Periods.Locks(tt.on), "Locks(%s)", tt.on)
		assert.Equal(t, tt.locked, s.Periods.IsClosed(ledger.MonthOf(tt.on)), "IsClosed(%s)", ledger.MonthOf(tt.on))
		if tt.locked {
			closedIn(ledger.MonthOf(tt.on), tt.on)(t, s.Periods.Check(tt.on))
		} else {
			assert.NoError(t, s.Periods.Check(tt.on))
		}
	}
	assert.False(t, before.Periods.Locks(d(2025, time.June, 15)))

	// A year closed earlier than the last, replayed later, does not unlock.
	s2 := cooperative.Evolve(s, cooperative.YearClosed{Year: 2024, Result: money.Zero(), On: d(2024, time.December, 31)})
	assert.Equal(t, 2026, s2.Periods.ClosedThrough())
	assert.True(t, s2.Periods.Locks(d(2025, time.June, 15)))

	// Reopening and closing months keeps the lock.
	s3 := cooperative.Evolve(cooperative.Evolve(s, cooperative.PeriodClosed{Period: ledger.Month{Year: 2027, Month: time.January}}),
		cooperative.PeriodReopened{Period: ledger.Month{Year: 2027, Month: time.January}})
	assert.Equal(t, 2026, s3.Periods.ClosedThrough())
	assert.True(t, s3.Periods.Locks(d(2025, time.June, 15)))
}

func TestAddAccountWithoutAHeading(t *testing.T) {
	runBooks(t, []booksCase{
		{
			name:  "an expense account with no group",
			given: books(),
			when:  cooperative.AddAccount{Account: ledger.Account{Code: "5-3700", Name: "Beban transportasi", Class: ledger.Expense}, Today: today},
			err:   inputError("group", "5-3700", input.WantGroup, ""),
		},
		{
			name:  "a contra equity account with no group",
			given: books(),
			when:  cooperative.AddAccount{Account: ledger.Account{Code: "3-9900", Name: "Prive", Class: ledger.Equity, Contra: true}, Today: today},
			err:   inputError("group", "3-9900", input.WantGroup, ""),
		},
		{
			name:  "a new top heading needs none",
			given: books(),
			when:  cooperative.AddAccount{Account: ledger.Account{Code: "7", Name: "LAIN", Class: ledger.Expense, Heading: true}, Today: today},
			then: []cooperative.Event{cooperative.AccountAdded{
				Account: ledger.Account{Code: "7", Name: "LAIN", Class: ledger.Expense, Heading: true, Flow: ledger.Operating, Opened: today}, On: today,
			}},
		},
		{
			name:  "a contra equity account under the equity heading",
			given: books(),
			when:  cooperative.AddAccount{Account: ledger.Account{Code: "3-9900", Name: "Prive", Class: ledger.Equity, Contra: true, Group: "3", Flow: ledger.Financing}, Today: today},
			then: []cooperative.Event{cooperative.AccountAdded{
				Account: ledger.Account{Code: "3-9900", Name: "Prive", Class: ledger.Equity, Contra: true, Group: "3", Flow: ledger.Financing, Opened: today}, On: today,
			}},
		},
	})
}

func TestCloseAccountOnlyAfterItsLastPosting(t *testing.T) {
	closeOn := func(on, last calendar.Date) cooperative.CloseAccount {
		return cooperative.CloseAccount{Code: "5-3700", On: on, Balance: money.Zero(), LastPosting: last, Today: today}
	}
	runBooks(t, []booksCase{
		{
			name:  "before the last posting",
			given: books(transportAdded()),
			when:  closeOn(day(time.June, 5), day(time.June, 10)),
			err:   inputError("date", "2025-06-05", input.WantAfterLastPosting, "2025-06-10"),
		},
		{
			name:  "on the day of the last posting",
			given: books(transportAdded()),
			when:  closeOn(day(time.June, 10), day(time.June, 10)),
			err:   inputError("date", "2025-06-10", input.WantAfterLastPosting, "2025-06-10"),
		},
		{
			name:  "the day after the last posting",
			given: books(transportAdded()),
			when:  closeOn(day(time.June, 11), day(time.June, 10)),
			then:  []cooperative.Event{cooperative.AccountClosed{Code: "5-3700", Balance: money.Zero(), On: day(time.June, 11)}},
		},
		{
			name:  "an account never posted to",
			given: books(transportAdded()),
			when:  closeOn(day(time.June, 1), calendar.Date{}),
			then:  []cooperative.Event{cooperative.AccountClosed{Code: "5-3700", Balance: money.Zero(), On: day(time.June, 1)}},
		},
		{
			name:  "a balance is reported before the date",
			given: books(transportAdded()),
			when:  cooperative.CloseAccount{Code: "5-3700", On: day(time.June, 5), Balance: rp(1_500), LastPosting: day(time.June, 10), Today: today},
			err:   hasBalance("5-3700", "1500"),
		},
	})
}

func TestNormalizeLines(t *testing.T) {
	chart := ledger.DefaultChart(registered)
	asked := []ledger.Line{
		withParty(ledger.Member, dr("1-1100", 10_000)),               // not revenue or expense: no party
		withParty(ledger.Member, cr("4-9100", 6_000)),                // revenue keeps its party
		in("toko", withParty(ledger.NonMember, cr("4-3100", 3_000))), // and its unit
		in("toko", withParty(ledger.NonMember, dr("5-5100", 1_000))), // expense keeps its party
		in("toko", withParty(ledger.Member, cr("2-1500", 2_000))),    // liability: no party
	}
	want := []ledger.Line{
		in(sp, dr("1-1100", 10_000)),
		in(sp, withParty(ledger.Member, cr("4-9100", 6_000))),
		in("toko", withParty(ledger.NonMember, cr("4-3100", 3_000))),
		in("toko", withParty(ledger.NonMember, dr("5-5100", 1_000))),
		in("toko", cr("2-1500", 2_000)),
	}
	got := cooperative.NormalizeLines(chart, asked)
	assert.Equal(t, want, got)
	assert.Equal(t, ledger.Party(ledger.Member), asked[0].Party, "NormalizeLines leaves its argument unchanged")
	assert.Empty(t, asked[0].Unit)

	// It gives what a posted entry records.
	events, err := cooperative.Decide(fold(books()), cooperative.PostJournal{Ref: "JU-N", Memo: "n", On: day(time.June, 5), Today: today, Cash: plenty, Lines: asked})
	require.NoError(t, err)
	assert.Equal(t, events[0].(cooperative.JournalPosted).Lines, got)
}
