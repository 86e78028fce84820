package cooperative_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
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

// The books fixture: the cooperative registered on 2 January 2025 with the
// default chart; commands are issued on 30 June 2025 (today), the year
// close on 10 January 2026.

// sp is the default unit.
const sp = ledger.DefaultUnitCode

var newYear = calendar.MustNew(2026, time.January, 10)

func day(m time.Month, d int) calendar.Date { return calendar.MustNew(2025, m, d) }

func rp(n int64) money.Amount { return money.New(n) }

// books is the registered cooperative's stream, then more.
func books(more ...cooperative.Event) []cooperative.Event {
	return append([]cooperative.Event{registeredEvent(), chartAdopted(registered)}, more...)
}

// line is a line of the journal: unit and party as given.
func line(account string, side ledger.Side, amount int64, unit string, party ledger.Party) ledger.Line {
	return ledger.Line{Account: account, Side: side, Amount: rp(amount), Unit: unit, Party: party}
}

func dr(account string, amount int64) ledger.Line { return line(account, ledger.Debit, amount, "", "") }
func cr(account string, amount int64) ledger.Line {
	return line(account, ledger.Credit, amount, "", "")
}

// in returns l in unit u.
func in(u string, l ledger.Line) ledger.Line { l.Unit = u; return l }

// withParty returns l tagged with party p.
func withParty(p ledger.Party, l ledger.Line) ledger.Line { l.Party = p; return l }

// cashOnHand is a fake of ledger.CashBalances: the lowest balance of each
// cash account from any day on.
type cashOnHand map[string]int64

func (c cashOnHand) Lowest(account string, _ calendar.Date) money.Amount { return rp(c[account]) }

// plenty can pay anything from kas and the bank.
var plenty = cashOnHand{"1-1100": 1_000_000_000, "1-1200": 1_000_000_000}

// transport is an expense account a treasurer adds under 5-3.
func transport() ledger.Account {
	return ledger.Account{Code: "5-3700", Name: "Beban transportasi", NameEN: "Transport", Class: ledger.Expense, Group: "5-3", Flow: ledger.Operating}
}

// transportAdded is transport added today.
func transportAdded() cooperative.AccountAdded {
	a := transport()
	a.Opened = today
	return cooperative.AccountAdded{Account: a, On: today}
}

// closedMonths closes months from..to of year.
func closedMonths(year int, from, to time.Month) []cooperative.Event {
	var out []cooperative.Event
	for m := from; m <= to; m++ {
		out = append(out, cooperative.PeriodClosed{Period: ledger.Month{Year: year, Month: m}})
	}
	return out
}

// none is the answer to a command that repeats what is recorded: no events
// and no error.
var none = []cooperative.Event{}

func as[E error](t *testing.T, err error) E {
	t.Helper()
	var target E
	require.ErrorAs(t, err, &target)
	return target
}

func unbalanced(debit, credit string) refusal {
	return func(t *testing.T, err error) {
		t.Helper()
		got := as[*ledger.UnbalancedError](t, err)
		assert.Equal(t, []string{"debit " + debit, "credit " + credit}, []string{"debit " + got.Debit.String(), "credit " + got.Credit.String()})
	}
}

func closedAccount(code, name string, closed, on calendar.Date) refusal {
	return func(t *testing.T, err error) {
		t.Helper()
		assert.Equal(t, &ledger.ClosedAccountError{Account: code, Name: name, Closed: closed, On: on}, as[*ledger.ClosedAccountError](t, err))
	}
}

func closedPeriod(m time.Month, on calendar.Date) refusal {
	return func(t *testing.T, err error) {
		t.Helper()
		assert.Equal(t, &ledger.ClosedPeriodError{Period: ledger.Month{Year: 2025, Month: m}, On: on}, as[*ledger.ClosedPeriodError](t, err))
	}
}

func insufficientCash(account, name string, on calendar.Date, available, amount string) refusal {
	return func(t *testing.T, err error) {
		t.Helper()
		got := as[*ledger.InsufficientCashError](t, err)
		assert.Equal(t,
			[]string{account, name, on.String(), "available " + available, "amount " + amount},
			[]string{got.Account, got.Name, got.On.String(), "available " + got.Available.String(), "amount " + got.Amount.String()})
	}
}

func amountError(field, amount string, problem money.Problem) refusal {
	return func(t *testing.T, err error) {
		t.Helper()
		got := as[*money.AmountError](t, err)
		assert.Equal(t, []string{field, amount, string(problem), "places 0", "max 10000000000"},
			[]string{got.Field, got.Amount.String(), string(got.Problem), fmt.Sprint("places ", got.Limits.Places), "max " + got.Limits.Max.String()})
	}
}

func hasBalance(code, balance string) refusal {
	return func(t *testing.T, err error) {
		t.Helper()
		require.ErrorIs(t, err, cooperative.ErrAccountHasBalance)
		got := as[*cooperative.HasBalanceError](t, err)
		assert.Equal(t, code, got.Code)
		assert.Equal(t, balance, got.Balance.String())
	}
}

func openMonths(year int, months ...time.Month) refusal {
	return func(t *testing.T, err error) {
		t.Helper()
		want := &cooperative.OpenMonthsError{Year: year}
		for _, m := range months {
			want.Open = append(want.Open, ledger.Month{Year: year, Month: m})
		}
		assert.Equal(t, want, as[*cooperative.OpenMonthsError](t, err))
	}
}

// booksCase is one given / when / then case of the books.
type booksCase struct {
	name  string
	given []cooperative.Event
	when  cooperative.Command
	// then is the events Decide returns (none for a repeated command),
	// err checks the refusal: exactly one of them is set.
	then []cooperative.Event
	err  refusal
}

func runBooks(t *testing.T, tests []booksCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.True(t, (tt.then == nil) != (tt.err == nil), "a case expects either events or an error")
			s := fold(tt.given)
			got, err := cooperative.Decide(s, tt.when)
			assert.Equal(t, fold(tt.given), s, "Decide modified the state it was given")
			if tt.err != nil {
				require.Error(t, err)
				tt.err(t, err)
				assert.Empty(t, got, "a refusal returns no events")
				assert.Regexp(t, `^(cooperative|input|ledger|money): `, err.Error())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, describe(tt.then), describe(got))
			if len(tt.then) == 0 {
				assert.Empty(t, got)
			}
			// The events apply to the state they were decided on.
			assert.NotPanics(t, func() { fold(append(append([]cooperative.Event{}, tt.given...), got...)) })
		})
	}
}

func TestAddAccount(t *testing.T) {
	add := func(change ...func(*ledger.Account)) cooperative.AddAccount {
		a := transport()
		for _, f := range change {
			f(&a)
		}
		return cooperative.AddAccount{Account: a, Today: today}
	}
	defaultAccount := func(code string) ledger.Account {
		a, _ := ledger.DefaultChart(registered).Account(code)
		return a
	}
	runBooks(t, []booksCase{
		{
			name:  "add an expense account",
			given: books(),
			when:  add(),
			then:  []cooperative.Event{transportAdded()},
		},
		{
			name:  "the flow defaults to operating",
			given: books(),
			when:  add(func(a *ledger.Account) { a.Flow = "" }),
			then:  []cooperative.Event{transportAdded()},
		},
		{
			name:  "a given flow is kept",
			given: books(),
			when: cooperative.AddAccount{Today: today, Account: ledger.Account{
				Code: "1-3500", Name: "Mesin", Class: ledger.Asset, Group: "1-3", Flow: ledger.Investing,
			}},
			then: []cooperative.Event{cooperative.AccountAdded{On: today, Account: ledger.Account{
				Code: "1-3500", Name: "Mesin", Class: ledger.Asset, Group: "1-3", Flow: ledger.Investing, Opened: today,
			}}},
		},
		{
			name:  "the account opens today and is not closed, whatever the command says",
			given: books(),
			when:  add(func(a *ledger.Account) { a.Opened, a.Closed = registered, day(time.May, 1) }),
			then:  []cooperative.Event{transportAdded()},
		},
		{
			name:  "a bank account",
			given: books(),
			when: cooperative.AddAccount{Today: today, Account: ledger.Account{
				Code: "1-1220", Name: "Bank BRI", Class: ledger.Asset, Group: "1-1", Cash: true,
			}},
			then: []cooperative.Event{cooperative.AccountAdded{On: today, Account: ledger.Account{
				Code: "1-1220", Name: "Bank BRI", Class: ledger.Asset, Group: "1-1", Cash: true, Flow: ledger.Operating, Opened: today,
			}}},
		},
		{
			name:  "add the same account again",
			given: books(transportAdded()),
			when:  add(),
			then:  none,
		},
		{
			name:  "add the same account again on another day",
			given: books(transportAdded()),
			when:  func() cooperative.AddAccount { c := add(); c.Today = today.AddDays(3); return c }(),
			then:  none,
		},
		{
			name:  "add an account of the default chart as it is",
			given: books(),
			when:  cooperative.AddAccount{Account: defaultAccount("5-3100"), Today: today},
			then:  none,
		},
		{
			name:  "add the cash account as it is",
			given: books(),
			when:  cooperative.AddAccount{Account: defaultAccount("1-1100"), Today: today},
			then:  none,
		},
		{
			name:  "the code of an account with another name",
			given: books(transportAdded()),
			when:  add(func(a *ledger.Account) { a.Name = "Beban perjalanan" }),
			err:   inputError("code", "5-3700", input.WantNewAccount, ""),
		},
		{
			name:  "the code of a closed account",
			given: books(transportAdded(), cooperative.AccountClosed{Code: "5-3700", Balance: money.Zero(), On: today}),
			when:  add(),
			err:   inputError("code", "5-3700", input.WantNewAccount, ""),
		},
		{
			name:  "the code of a default account",
			given: books(),
			when:  add(func(a *ledger.Account) { a.Code = "5-3100" }),
			err:   inputError("code", "5-3100", input.WantNewAccount, ""),
		},
		{
			name:  "a role",
			given: books(),
			when:  add(func(a *ledger.Account) { a.Role = ledger.RoleCash; a.Code = "5-3800" }),
			err:   inputError("role", "cash", input.WantKnownAccount, ""),
		},
		{
			name:  "a code that is not one",
			given: books(),
			when:  add(func(a *ledger.Account) { a.Code = "5.3700" }),
			err:   inputError("code", "5.3700", input.WantAccountCode, ""),
		},
		{
			name:  "a class other than its heading's",
			given: books(),
			when:  add(func(a *ledger.Account) { a.Class = ledger.Revenue }),
			err:   inputError("class", "revenue", input.WantGroupClass, "expense"),
		},
		{
			name:  "a code outside its heading",
			given: books(),
			when:  add(func(a *ledger.Account) { a.Code = "5-4700" }),
			err:   inputError("code", "5-4700", input.WantCodeInGroup, "5-3"),
		},
		{
			name:  "a group that is not a heading",
			given: books(),
			when:  add(func(a *ledger.Account) { a.Group = "5-3100"; a.Code = "5-3100-1" }),
			err:   inputError("group", "5-3100", input.WantHeading, ""),
		},
		{
			name:  "a cash expense",
			given: books(),
			when:  add(func(a *ledger.Account) { a.Cash = true }),
			err:   inputError("cash", "5-3700", input.WantCashAsset, ""),
		},
		{
			name:  "an unknown flow",
			given: books(),
			when:  add(func(a *ledger.Account) { a.Flow = "financial" }),
			err:   inputError("flow", "financial", input.WantFlow, ""),
		},
		{
			name:  "no name",
			given: books(),
			when:  add(func(a *ledger.Account) { a.Name = "" }),
			err:   inputError("name", "", input.WantName, ""),
		},
		{
			name: "a cooperative not registered",
			when: add(),
			err:  is(cooperative.ErrNotRegistered),
		},
	})
}

func TestRenameAccount(t *testing.T) {
	runBooks(t, []booksCase{
		{
			name:  "rename an account",
			given: books(),
			when:  cooperative.RenameAccount{Code: "5-3400", Name: "Beban sewa kantor", NameEN: "Office rent", Today: today},
			then:  []cooperative.Event{cooperative.AccountRenamed{Code: "5-3400", Name: "Beban sewa kantor", NameEN: "Office rent", On: today}},
		},
		{
			name:  "without an English name the English name stays",
			given: books(),
			when:  cooperative.RenameAccount{Code: "5-3400", Name: "Beban sewa kantor", Today: today},
			then:  []cooperative.Event{cooperative.AccountRenamed{Code: "5-3400", Name: "Beban sewa kantor", NameEN: "Rent", On: today}},
		},
		{
			name:  "only the English name",
			given: books(),
			when:  cooperative.RenameAccount{Code: "5-3400", Name: "Beban sewa", NameEN: "Rent expense", Today: today},
			then:  []cooperative.Event{cooperative.AccountRenamed{Code: "5-3400", Name: "Beban sewa", NameEN: "Rent expense", On: today}},
		},
		{
			name:  "a heading",
			given: books(),
			when:  cooperative.RenameAccount{Code: "5-3", Name: "Beban usaha", Today: today},
			then:  []cooperative.Event{cooperative.AccountRenamed{Code: "5-3", Name: "Beban usaha", NameEN: "Operating expenses", On: today}},
		},
		{
			name:  "the name it has",
			given: books(),
			when:  cooperative.RenameAccount{Code: "5-3400", Name: "Beban sewa", Today: today},
			then:  none,
		},
		{
			name:  "the names it has",
			given: books(),
			when:  cooperative.RenameAccount{Code: "5-3400", Name: "Beban sewa", NameEN: "Rent", Today: today},
			then:  none,
		},
		{
			name: "the name given by an earlier rename",
			given: books(
				cooperative.AccountRenamed{Code: "5-3400", Name: "Beban sewa kantor", NameEN: "Office rent", On: today},
			),
			when: cooperative.RenameAccount{Code: "5-3400", Name: "Beban sewa kantor", Today: today},
			then: none,
		},
		{
			name:  "an unknown account",
			given: books(),
			when:  cooperative.RenameAccount{Code: "5-9999", Name: "Lain", Today: today},
			err:   inputError("account", "5-9999", input.WantKnownAccount, ""),
		},
		{
			name:  "no name",
			given: books(),
			when:  cooperative.RenameAccount{Code: "5-3400", Name: "", Today: today},
			err:   inputError("name", "", input.WantName, ""),
		},
		{
			name:  "a name of 121 characters",
			given: books(),
			when:  cooperative.RenameAccount{Code: "5-3400", Name: strings.Repeat("s", 121), Today: today},
			err:   inputError("name", strings.Repeat("s", 121), input.WantName, ""),
		},
		{
			name:  "an English name with a trailing space",
			given: books(),
			when:  cooperative.RenameAccount{Code: "5-3400", Name: "Beban sewa", NameEN: "Rent ", Today: today},
			err:   inputError("name_en", "Rent ", input.WantName, ""),
		},
	})
}

func TestCloseAccount(t *testing.T) {
	closeOn := func(code string, on calendar.Date) cooperative.CloseAccount {
		return cooperative.CloseAccount{Code: code, On: on, Balance: money.Zero(), Today: today}
	}
	runBooks(t, []booksCase{
		{
			name:  "close an account without a balance",
			given: books(transportAdded()),
			when:  closeOn("5-3700", day(time.June, 1)),
			then:  []cooperative.Event{cooperative.AccountClosed{Code: "5-3700", Balance: money.Zero(), On: day(time.June, 1)}},
		},
		{
			name:  "close an account of the default chart today",
			given: books(),
			when:  closeOn("5-3500", today),
			then:  []cooperative.Event{cooperative.AccountClosed{Code: "5-3500", Balance: money.Zero(), On: today}},
		},
		{
			name:  "close it again on the same day",
			given: books(transportAdded(), cooperative.AccountClosed{Code: "5-3700", Balance: money.Zero(), On: day(time.June, 1)}),
			when:  closeOn("5-3700", day(time.June, 1)),
			then:  none,
		},
		{
			name:  "close it again on another day",
			given: books(transportAdded(), cooperative.AccountClosed{Code: "5-3700", Balance: money.Zero(), On: day(time.June, 1)}),
			when:  closeOn("5-3700", day(time.June, 2)),
			err:   is(cooperative.ErrAlreadyClosed),
		},
		{
			name:  "with a balance",
			given: books(transportAdded()),
			when:  cooperative.CloseAccount{Code: "5-3700", On: day(time.June, 1), Balance: rp(1_500), Today: today},
			err:   hasBalance("5-3700", "1500"),
		},
		{
			name:  "with a credit balance",
			given: books(transportAdded()),
			when:  cooperative.CloseAccount{Code: "5-3700", On: day(time.June, 1), Balance: rp(-1), Today: today},
			err:   hasBalance("5-3700", "-1"),
		},
		{
			name:  "an account with a role",
			given: books(),
			when:  closeOn("1-1100", day(time.June, 1)),
			err:   is(cooperative.ErrAccountHasRole),
		},
		{
			name:  "the SHU account",
			given: books(),
			when:  closeOn("3-5100", day(time.June, 1)),
			err:   is(cooperative.ErrAccountHasRole),
		},
		{
			name:  "in a closed month",
			given: books(append([]cooperative.Event{transportAdded()}, closedMonths(2025, time.January, time.May)...)...),
			when:  closeOn("5-3700", day(time.May, 31)),
			err:   closedPeriod(time.May, day(time.May, 31)),
		},
		{
			name:  "tomorrow",
			given: books(transportAdded()),
			when:  closeOn("5-3700", today.AddDays(1)),
			err:   inputError("date", "2025-07-01", input.WantNotFuture, "2025-06-30"),
		},
		{
			name:  "no date",
			given: books(transportAdded()),
			when:  closeOn("5-3700", calendar.Date{}),
			err:   inputError("date", "", input.WantDate, ""),
		},
		{
			name:  "an unknown account",
			given: books(),
			when:  closeOn("5-9999", today),
			err:   inputError("account", "5-9999", input.WantKnownAccount, ""),
		},
		{
			name:  "a heading",
			given: books(),
			when:  closeOn("5-3", today),
			err:   inputError("account", "5-3", input.WantPostableAccount, ""),
		},
	})
}

func TestAddUnit(t *testing.T) {
	klinik := ledger.Unit{Code: "klinik", Name: "Unit klinik", NameEN: "Clinic"}
	runBooks(t, []booksCase{
		{
			name:  "add a unit",
			given: books(),
			when:  cooperative.AddUnit{Unit: klinik, Today: today},
			then:  []cooperative.Event{cooperative.UnitAdded{Unit: klinik, On: today}},
		},
		{
			name:  "add it again",
			given: books(cooperative.UnitAdded{Unit: klinik, On: today}),
			when:  cooperative.AddUnit{Unit: klinik, Today: today.AddDays(1)},
			then:  none,
		},
		{
			name:  "the default chart's shop unit as it is",
			given: books(),
			when:  cooperative.AddUnit{Unit: ledger.Unit{Code: "toko", Name: "Unit toko / sembako", NameEN: "Shop unit"}, Today: today},
			then:  none,
		},
		{
			name:  "the code of a unit with another name",
			given: books(),
			when:  cooperative.AddUnit{Unit: ledger.Unit{Code: "toko", Name: "Toko"}, Today: today},
			err:   inputError("unit", "toko", input.WantNewUnit, ""),
		},
		{
			name:  "an uppercase code",
			given: books(),
			when:  cooperative.AddUnit{Unit: ledger.Unit{Code: "Klinik", Name: "Klinik"}, Today: today},
			err:   inputError("unit", "Klinik", input.WantUnitCode, ""),
		},
		{
			name:  "no name",
			given: books(),
			when:  cooperative.AddUnit{Unit: ledger.Unit{Code: "klinik"}, Today: today},
			err:   inputError("name", "", input.WantName, ""),
		},
	})
}

// post is a journal entry dated 5 June: rent paid from kas, with lines
// replaced when given.
func post(lines ...ledger.Line) cooperative.PostJournal {
	if lines == nil {
		lines = []ledger.Line{dr("5-3400", 1_500_000), cr("1-1100", 1_500_000)}
	}
	return cooperative.PostJournal{Ref: "JU-2025-06-001", Memo: "Sewa kantor Juni", Lines: lines, On: day(time.June, 5), Today: today, Cash: plenty}
}

// posted is what post records with the lines given.
func posted(lines ...ledger.Line) cooperative.JournalPosted {
	return cooperative.JournalPosted{Ref: "JU-2025-06-001", Memo: "Sewa kantor Juni", Lines: lines, On: day(time.June, 5)}
}

func TestPostJournal(t *testing.T) {
	postWith := func(change func(*cooperative.PostJournal), lines ...ledger.Line) cooperative.PostJournal {
		c := post(lines...)
		change(&c)
		return c
	}
	manyLines := func(n int) []ledger.Line {
		out := []ledger.Line{cr("1-1100", int64(n-1))}
		for range n - 1 {
			out = append(out, dr("5-3200", 1))
		}
		return out
	}
	runBooks(t, []booksCase{
		{
			name:  "rent paid from kas: lines without a unit go to the default unit",
			given: books(),
			when:  post(),
			then:  []cooperative.Event{posted(in(sp, dr("5-3400", 1_500_000)), in(sp, cr("1-1100", 1_500_000)))},
		},
		{
			name:  "a unit given is kept",
			given: books(),
			when:  post(in("toko", dr("5-5100", 400_000)), in("toko", cr("1-1900", 400_000))),
			then:  []cooperative.Event{posted(in("toko", dr("5-5100", 400_000)), in("toko", cr("1-1900", 400_000)))},
		},
		{
			name:  "several lines each side",
			given: books(),
			when:  post(dr("5-3100", 2_000_000), dr("5-3500", 350_000), cr("1-1100", 1_000_000), cr("1-1200", 1_350_000)),
			then: []cooperative.Event{posted(
				in(sp, dr("5-3100", 2_000_000)), in(sp, dr("5-3500", 350_000)), in(sp, cr("1-1100", 1_000_000)), in(sp, cr("1-1200", 1_350_000)),
			)},
		},
		{
			name:  "the party stays on revenue and expense lines and is cleared on the others",
			given: books(),
			when: post(
				withParty(ledger.Member, dr("1-1100", 700_000)),
				withParty(ledger.NonMember, dr("1-1200", 300_000)),
				in("toko", withParty(ledger.Member, cr("4-3100", 600_000))),
				in("toko", withParty(ledger.NonMember, cr("4-3100", 400_000))),
			),
			then: []cooperative.Event{posted(
				in(sp, dr("1-1100", 700_000)),
				in(sp, dr("1-1200", 300_000)),
				in("toko", withParty(ledger.Member, cr("4-3100", 600_000))),
				in("toko", withParty(ledger.NonMember, cr("4-3100", 400_000))),
			)},
		},
		{
			name:  "an expense with another cooperative",
			given: books(),
			when:  post(withParty(ledger.OtherCoop, dr("5-1300", 50_000)), withParty(ledger.OtherCoop, cr("2-2100", 50_000))),
			then:  []cooperative.Event{posted(in(sp, withParty(ledger.OtherCoop, dr("5-1300", 50_000))), in(sp, cr("2-2100", 50_000)))},
		},
		{
			name:  "dated today",
			given: books(),
			when:  postWith(func(c *cooperative.PostJournal) { c.On = today }),
			then: []cooperative.Event{func() cooperative.JournalPosted {
				e := posted(in(sp, dr("5-3400", 1_500_000)), in(sp, cr("1-1100", 1_500_000)))
				e.On = today
				return e
			}()},
		},
		{
			name:  "dated before the registration: history moved in",
			given: books(),
			when:  postWith(func(c *cooperative.PostJournal) { c.On = calendar.MustNew(2024, time.December, 31) }),
			then: []cooperative.Event{func() cooperative.JournalPosted {
				e := posted(in(sp, dr("5-3400", 1_500_000)), in(sp, cr("1-1100", 1_500_000)))
				e.On = calendar.MustNew(2024, time.December, 31)
				return e
			}()},
		},
		{
			name:  "money in needs no cash",
			given: books(),
			when:  postWith(func(c *cooperative.PostJournal) { c.Cash = nil }, dr("1-1200", 25_000), cr("4-2100", 25_000)),
			then:  []cooperative.Event{posted(in(sp, dr("1-1200", 25_000)), in(sp, cr("4-2100", 25_000)))},
		},
		{
			name:  "exactly the cash there is",
			given: books(),
			when:  postWith(func(c *cooperative.PostJournal) { c.Cash = cashOnHand{"1-1100": 1_500_000} }),
			then:  []cooperative.Event{posted(in(sp, dr("5-3400", 1_500_000)), in(sp, cr("1-1100", 1_500_000)))},
		},
		{
			name:  "200 lines",
			given: books(),
			when:  post(manyLines(200)...),
			then: []cooperative.Event{func() cooperative.JournalPosted {
				lines := manyLines(200)
				for i := range lines {
					lines[i].Unit = sp
				}
				return posted(lines...)
			}()},
		},
		{
			name:  "more cash than there is",
			given: books(),
			when:  postWith(func(c *cooperative.PostJournal) { c.Cash = cashOnHand{"1-1100": 1_000_000} }),
			err:   insufficientCash("1-1100", "Kas", day(time.June, 5), "1000000", "1500000"),
		},
		{
			name:  "with no cash balances nothing can be paid",
			given: books(),
			when:  postWith(func(c *cooperative.PostJournal) { c.Cash = nil }),
			err:   insufficientCash("1-1100", "Kas", day(time.June, 5), "0", "1500000"),
		},
		{
			name:  "paid from kas and the bank, the bank short",
			given: books(),
			when: postWith(func(c *cooperative.PostJournal) { c.Cash = cashOnHand{"1-1100": 5_000_000, "1-1200": 1_000_000} },
				dr("5-3100", 3_000_000), cr("1-1100", 1_000_000), cr("1-1200", 2_000_000)),
			err: insufficientCash("1-1200", "Bank (giro/tabungan)", day(time.June, 5), "1000000", "2000000"),
		},
		{
			name:  "more debits than credits",
			given: books(),
			when:  post(dr("5-3400", 1_500_000), cr("1-1100", 1_400_000)),
			err:   unbalanced("1500000", "1400000"),
		},
		{
			name:  "more credits than debits",
			given: books(),
			when:  post(dr("5-3400", 100), cr("1-1100", 60), cr("1-1200", 60)),
			err:   unbalanced("100", "120"),
		},
		{
			name:  "only debits",
			given: books(),
			when:  post(dr("5-3400", 100), dr("1-1100", 100)),
			err:   inputError("line", "2", input.WantTwoLines, ""),
		},
		{
			name:  "only credits",
			given: books(),
			when:  post(cr("5-3400", 100), cr("1-1100", 100), cr("1-1200", 100)),
			err:   inputError("line", "3", input.WantTwoLines, ""),
		},
		{
			name:  "one line",
			given: books(),
			when:  post(dr("5-3400", 100)),
			err:   inputError("line", "1", input.WantTwoLines, ""),
		},
		{
			name:  "no lines",
			given: books(),
			when:  postWith(func(c *cooperative.PostJournal) { c.Lines = []ledger.Line{} }),
			err:   inputError("line", "0", input.WantTwoLines, ""),
		},
		{
			name:  "201 lines",
			given: books(),
			when:  post(manyLines(201)...),
			err:   inputError("line", "201", input.WantLine, "200"),
		},
		{
			name:  "a zero line",
			given: books(),
			when:  post(dr("5-3400", 100), cr("1-1100", 100), dr("5-3500", 0)),
			err:   inputError("line", "0", input.WantPolicyAmount, ""),
		},
		{
			name:  "a negative line",
			given: books(),
			when:  post(dr("5-3400", 100), cr("1-1100", 100), dr("5-3500", -5), cr("1-1200", -5)),
			err:   inputError("line", "-5", input.WantPolicyAmount, ""),
		},
		{
			name:  "an unknown account",
			given: books(),
			when:  post(dr("5-3999", 100), cr("1-1100", 100)),
			err:   inputError("account", "5-3999", input.WantKnownAccount, ""),
		},
		{
			name:  "a heading",
			given: books(),
			when:  post(dr("5-3", 100), cr("1-1100", 100)),
			err:   inputError("account", "5-3", input.WantPostableAccount, ""),
		},
		{
			name:  "a closed account",
			given: books(transportAdded(), cooperative.AccountClosed{Code: "5-3700", Balance: money.Zero(), On: day(time.June, 1)}),
			when:  post(dr("5-3700", 100), cr("1-1100", 100)),
			err:   closedAccount("5-3700", "Beban transportasi", day(time.June, 1), day(time.June, 5)),
		},
		{
			name:  "an account closed after the entry's date: a closed account takes no posting of any date",
			given: books(transportAdded(), cooperative.AccountClosed{Code: "5-3700", Balance: money.Zero(), On: day(time.June, 6)}),
			when:  post(dr("5-3700", 100), cr("1-1100", 100)),
			err:   closedAccount("5-3700", "Beban transportasi", day(time.June, 6), day(time.June, 5)),
		},
		{
			name:  "simpanan sukarela: only the members' own transactions move it",
			given: books(),
			when:  post(dr("1-1100", 100), cr("2-1100", 100)),
			err:   inputError("account", "2-1100", input.WantJournalAccount, ""),
		},
		{
			name:  "simpanan pokok",
			given: books(),
			when:  post(dr("3-1100", 100), cr("3-2100", 100)),
			err:   inputError("account", "3-1100", input.WantJournalAccount, ""),
		},
		{
			name:  "simpanan wajib",
			given: books(),
			when:  post(dr("5-9100", 100), cr("3-1200", 100)),
			err:   inputError("account", "3-1200", input.WantJournalAccount, ""),
		},
		{
			name:  "other equity",
			given: books(),
			when:  post(dr("3-2100", 100), cr("3-9100", 100)),
			then:  []cooperative.Event{posted(in(sp, dr("3-2100", 100)), in(sp, cr("3-9100", 100)))},
		},
		{
			name:  "a fraction of a rupiah",
			given: books(),
			when: post(
				ledger.Line{Account: "5-3600", Side: ledger.Debit, Amount: money.NewMinor(1_050, 2)},
				ledger.Line{Account: "1-1200", Side: ledger.Credit, Amount: money.NewMinor(1_050, 2)},
			),
			err: amountError("line", "10.5", money.ProblemFraction),
		},
		{
			name:  "whole rupiah written with decimals",
			given: books(),
			when: post(
				ledger.Line{Account: "5-3600", Side: ledger.Debit, Amount: money.NewMinor(1_000, 2)},
				ledger.Line{Account: "1-1200", Side: ledger.Credit, Amount: money.NewMinor(1_000, 2)},
			),
			err: amountError("line", "10", money.ProblemDecimals),
		},
		{
			name:  "above the limit of one transaction",
			given: books(),
			when:  post(dr("1-3200", 10_000_000_001), cr("2-2100", 10_000_000_001)),
			err:   amountError("line", "10000000001", money.ProblemAboveMax),
		},
		{
			name:  "at the limit of one transaction",
			given: books(),
			when:  post(dr("1-3200", 10_000_000_000), cr("2-2100", 10_000_000_000)),
			then:  []cooperative.Event{posted(in(sp, dr("1-3200", 10_000_000_000)), in(sp, cr("2-2100", 10_000_000_000)))},
		},
		{
			name:  "an unknown unit",
			given: books(),
			when:  post(in("klinik", dr("5-3400", 100)), cr("1-1100", 100)),
			err:   inputError("unit", "klinik", input.WantKnownUnit, ""),
		},
		{
			name:  "a unit added later",
			given: books(cooperative.UnitAdded{Unit: ledger.Unit{Code: "klinik", Name: "Klinik"}, On: today}),
			when:  post(in("klinik", dr("5-3400", 100)), cr("1-1100", 100)),
			then:  []cooperative.Event{posted(in("klinik", dr("5-3400", 100)), in(sp, cr("1-1100", 100)))},
		},
		{
			name:  "an unknown party",
			given: books(),
			when:  post(dr("1-1100", 100), withParty("anggota", cr("4-9100", 100))),
			err:   inputError("party", "anggota", input.WantParty, ""),
		},
		{
			name:  "a line with no side",
			given: books(),
			when:  post(dr("5-3400", 100), cr("1-1100", 100), ledger.Line{Account: "5-3500", Amount: rp(1)}),
			err: func(t *testing.T, err error) {
				assert.EqualError(t, err, "ledger: line 3 has no side")
			},
		},
		{
			name:  "in a closed month",
			given: books(closedMonths(2025, time.January, time.May)...),
			when:  postWith(func(c *cooperative.PostJournal) { c.On = day(time.May, 31) }),
			err:   closedPeriod(time.May, day(time.May, 31)),
		},
		{
			name:  "the month after the months closed",
			given: books(closedMonths(2025, time.January, time.May)...),
			when:  post(),
			then:  []cooperative.Event{posted(in(sp, dr("5-3400", 1_500_000)), in(sp, cr("1-1100", 1_500_000)))},
		},
		{
			name:  "in a month reopened",
			given: books(append(closedMonths(2025, time.January, time.May), cooperative.PeriodReopened{Period: ledger.Month{Year: 2025, Month: time.May}})...),
			when:  postWith(func(c *cooperative.PostJournal) { c.On = day(time.May, 31) }),
			then: []cooperative.Event{func() cooperative.JournalPosted {
				e := posted(in(sp, dr("5-3400", 1_500_000)), in(sp, cr("1-1100", 1_500_000)))
				e.On = day(time.May, 31)
				return e
			}()},
		},
		{
			name:  "tomorrow",
			given: books(),
			when:  postWith(func(c *cooperative.PostJournal) { c.On = today.AddDays(1) }),
			err:   inputError("date", "2025-07-01", input.WantNotFuture, "2025-06-30"),
		},
		{
			name:  "no date",
			given: books(),
			when:  postWith(func(c *cooperative.PostJournal) { c.On = calendar.Date{} }),
			err:   inputError("date", "", input.WantDate, ""),
		},
		{
			name:  "no reference",
			given: books(),
			when:  postWith(func(c *cooperative.PostJournal) { c.Ref = "" }),
			err:   inputError("ref", "", input.WantRef, ""),
		},
		{
			name:  "a reference of 65 characters",
			given: books(),
			when:  postWith(func(c *cooperative.PostJournal) { c.Ref = strings.Repeat("J", 65) }),
			err:   inputError("ref", strings.Repeat("J", 65), input.WantRef, ""),
		},
		{
			name:  "no memo",
			given: books(),
			when:  postWith(func(c *cooperative.PostJournal) { c.Memo = "" }),
			err:   inputError("memo", "", input.WantMemo, "200"),
		},
		{
			name:  "a memo of 201 characters",
			given: books(),
			when:  postWith(func(c *cooperative.PostJournal) { c.Memo = strings.Repeat("m", 201) }),
			err:   inputError("memo", strings.Repeat("m", 201), input.WantMemo, "200"),
		},
		{
			name: "a cooperative not registered",
			when: post(),
			err:  is(cooperative.ErrNotRegistered),
		},
	})
}

func TestPostJournalDoesNotChangeTheCommandsLines(t *testing.T) {
	s := fold(books())
	c := post(withParty(ledger.Member, dr("1-1100", 100)), cr("4-9100", 100))
	events, err := cooperative.Decide(s, c)
	require.NoError(t, err)
	require.Len(t, events, 1)
	assert.Equal(t, "", c.Lines[0].Unit, "the command's lines are left as given")
	assert.Equal(t, ledger.Member, c.Lines[0].Party)
}

// rentPosted is the rent of 5 June, as recorded.
func rentPosted() cooperative.JournalPosted {
	return posted(in(sp, dr("5-3400", 1_500_000)), in(sp, cr("1-1100", 1_500_000)))
}

func reverse(original cooperative.JournalPosted, on calendar.Date) cooperative.ReverseJournal {
	return cooperative.ReverseJournal{Original: original, Reason: "salah akun", On: on, Today: today, Cash: plenty}
}

func TestReverseJournal(t *testing.T) {
	// interest is bank interest received into kas on 5 June: its reversal
	// takes money out.
	interest := cooperative.JournalPosted{
		Ref: "JU-2", Memo: "Jasa giro", On: day(time.June, 5),
		Lines: []ledger.Line{in(sp, dr("1-1100", 500_000)), in(sp, cr("4-2100", 500_000))},
	}
	mayRent := rentPosted()
	mayRent.On = day(time.May, 5)
	transportPaid := cooperative.JournalPosted{
		Ref: "JU-3", Memo: "Bensin", On: day(time.June, 5),
		Lines: []ledger.Line{in(sp, dr("5-3700", 100_000)), in(sp, cr("1-1100", 100_000))},
	}
	runBooks(t, []booksCase{
		{
			name:  "reverse on the original's date",
			given: books(rentPosted()),
			when:  reverse(rentPosted(), calendar.Date{}),
			then: []cooperative.Event{cooperative.JournalReversed{
				Ref: "JU-2025-06-001", Lines: rentPosted().Lines, Reason: "salah akun", On: day(time.June, 5),
			}},
		},
		{
			name:  "reverse on a later date",
			given: books(rentPosted()),
			when:  reverse(rentPosted(), day(time.June, 20)),
			then: []cooperative.Event{cooperative.JournalReversed{
				Ref: "JU-2025-06-001", Lines: rentPosted().Lines, Reason: "salah akun", On: day(time.June, 20),
			}},
		},
		{
			name:  "reverse a payment with no cash balances: money comes back in",
			given: books(rentPosted()),
			when:  func() cooperative.ReverseJournal { c := reverse(rentPosted(), today); c.Cash = nil; return c }(),
			then: []cooperative.Event{cooperative.JournalReversed{
				Ref: "JU-2025-06-001", Lines: rentPosted().Lines, Reason: "salah akun", On: today,
			}},
		},
		{
			name:  "reversed already",
			given: books(rentPosted(), cooperative.JournalReversed{Ref: "JU-2025-06-001", Lines: rentPosted().Lines, Reason: "salah akun", On: day(time.June, 5)}),
			when: func() cooperative.ReverseJournal {
				c := reverse(rentPosted(), calendar.Date{})
				c.Reversed = true
				return c
			}(),
			err: is(cooperative.ErrAlreadyReversed),
		},
		{
			name:  "before the original's date",
			given: books(rentPosted()),
			when:  reverse(rentPosted(), day(time.June, 4)),
			err:   inputError("date", "2025-06-04", input.WantNotBefore, "2025-06-05"),
		},
		{
			name:  "tomorrow",
			given: books(rentPosted()),
			when:  reverse(rentPosted(), today.AddDays(1)),
			err:   inputError("date", "2025-07-01", input.WantNotFuture, "2025-06-30"),
		},
		{
			name:  "no reason",
			given: books(rentPosted()),
			when: func() cooperative.ReverseJournal {
				c := reverse(rentPosted(), calendar.Date{})
				c.Reason = ""
				return c
			}(),
			err: inputError("reason", "", input.WantReason, ""),
		},
		{
			name:  "on the original's date in a closed month",
			given: books(append([]cooperative.Event{mayRent}, closedMonths(2025, time.January, time.May)...)...),
			when:  reverse(mayRent, calendar.Date{}),
			err:   closedPeriod(time.May, day(time.May, 5)),
		},
		{
			name:  "in the open month after the original's closed one",
			given: books(append([]cooperative.Event{mayRent}, closedMonths(2025, time.January, time.May)...)...),
			when:  reverse(mayRent, day(time.June, 2)),
			then: []cooperative.Event{cooperative.JournalReversed{
				Ref: "JU-2025-06-001", Lines: mayRent.Lines, Reason: "salah akun", On: day(time.June, 2),
			}},
		},
		{
			name:  "the money it took out is back in the cash it came from",
			given: books(interest),
			when: func() cooperative.ReverseJournal {
				c := reverse(interest, calendar.Date{})
				c.Cash = cashOnHand{"1-1100": 500_000}
				return c
			}(),
			then: []cooperative.Event{cooperative.JournalReversed{
				Ref: "JU-2", Lines: interest.Lines, Reason: "salah akun", On: day(time.June, 5),
			}},
		},
		{
			name:  "the money it brought in has been spent",
			given: books(interest),
			when: func() cooperative.ReverseJournal {
				c := reverse(interest, day(time.June, 10))
				c.Cash = cashOnHand{"1-1100": 200_000}
				return c
			}(),
			err: insufficientCash("1-1100", "Kas", day(time.June, 10), "200000", "500000"),
		},
		{
			name:  "an account closed since",
			given: books(transportAdded(), transportPaid, cooperative.AccountClosed{Code: "5-3700", Balance: money.Zero(), On: day(time.June, 10)}),
			when:  reverse(transportPaid, day(time.June, 12)),
			err:   closedAccount("5-3700", "Beban transportasi", day(time.June, 10), day(time.June, 12)),
		},
		{
			name:  "an account closed after the reversal's date",
			given: books(transportAdded(), transportPaid, cooperative.AccountClosed{Code: "5-3700", Balance: money.Zero(), On: day(time.June, 10)}),
			when:  reverse(transportPaid, day(time.June, 9)),
			err:   closedAccount("5-3700", "Beban transportasi", day(time.June, 10), day(time.June, 9)),
		},
	})
}

// askedCash records what a decision asked of the cash balances.
type askedCash struct{ asked []string }

func (c *askedCash) Lowest(account string, from calendar.Date) money.Amount {
	c.asked = append(c.asked, account+" from "+from.String())
	return rp(1_000_000_000)
}

func TestCashIsAskedFromTheEntrysDate(t *testing.T) {
	s := fold(books())
	cash := &askedCash{}
	c := post()
	c.Cash = cash
	_, err := cooperative.Decide(s, c)
	require.NoError(t, err)
	assert.Equal(t, []string{"1-1100 from 2025-06-05"}, cash.asked)

	interest := cooperative.JournalPosted{
		Ref: "JU-2", Memo: "Jasa giro", On: day(time.June, 5),
		Lines: []ledger.Line{in(sp, dr("1-1100", 500_000)), in(sp, cr("4-2100", 500_000))},
	}
	cash = &askedCash{}
	r := reverse(interest, day(time.June, 20))
	r.Cash = cash
	_, err = cooperative.Decide(fold(books(interest)), r)
	require.NoError(t, err)
	assert.Equal(t, []string{"1-1100 from 2025-06-20"}, cash.asked, "a reversal pays on its own date")
}

func TestJournalEntries(t *testing.T) {
	p := rentPosted()
	assert.Equal(t, ledger.Entry{On: day(time.June, 5), Lines: p.Lines}, p.Entry())

	r := cooperative.JournalReversed{Ref: p.Ref, Lines: p.Lines, Reason: "salah akun", On: day(time.June, 20)}
	assert.Equal(t, ledger.Entry{On: day(time.June, 20), Correction: true, Lines: []ledger.Line{
		in(sp, cr("5-3400", 1_500_000)), in(sp, dr("1-1100", 1_500_000)),
	}}, r.Entry())
	assert.Equal(t, ledger.Credit, p.Lines[1].Side, "the original's lines are unchanged")

	y := cooperative.YearClosed{Year: 2025, Lines: []ledger.Line{in(sp, dr("4-9100", 5)), in(sp, cr("3-5100", 5))}, Result: rp(5), On: calendar.MustNew(2025, time.December, 31)}
	assert.Equal(t, ledger.Entry{On: calendar.MustNew(2025, time.December, 31), Lines: y.Lines, Closing: true}, y.Entry())
}

func TestClosePeriod(t *testing.T) {
	may := ledger.Month{Year: 2025, Month: time.May}
	jun := ledger.Month{Year: 2025, Month: time.June}
	runBooks(t, []booksCase{
		{
			name:  "close a month that has ended",
			given: books(),
			when:  cooperative.ClosePeriod{Period: may, Today: today},
			then:  []cooperative.Event{cooperative.PeriodClosed{Period: may}},
		},
		{
			name:  "close a month of an earlier year",
			given: books(),
			when:  cooperative.ClosePeriod{Period: ledger.Month{Year: 2024, Month: time.February}, Today: today},
			then:  []cooperative.Event{cooperative.PeriodClosed{Period: ledger.Month{Year: 2024, Month: time.February}}},
		},
		{
			name:  "close a month on the day after its last",
			given: books(),
			when:  cooperative.ClosePeriod{Period: jun, Today: today.AddDays(1)},
			then:  []cooperative.Event{cooperative.PeriodClosed{Period: jun}},
		},
		{
			name:  "close a month on its last day",
			given: books(),
			when:  cooperative.ClosePeriod{Period: jun, Today: today},
			err:   inputError("period", "2025-06", input.WantEndedMonth, "2025-06-30"),
		},
		{
			name:  "close a month to come",
			given: books(),
			when:  cooperative.ClosePeriod{Period: ledger.Month{Year: 2025, Month: time.July}, Today: today},
			err:   inputError("period", "2025-07", input.WantEndedMonth, "2025-07-31"),
		},
		{
			name:  "close a closed month",
			given: books(cooperative.PeriodClosed{Period: may}),
			when:  cooperative.ClosePeriod{Period: may, Today: today},
			then:  none,
		},
		{
			name:  "close months out of order",
			given: books(cooperative.PeriodClosed{Period: may}),
			when:  cooperative.ClosePeriod{Period: ledger.Month{Year: 2025, Month: time.March}, Today: today},
			then:  []cooperative.Event{cooperative.PeriodClosed{Period: ledger.Month{Year: 2025, Month: time.March}}},
		},
		{
			name: "a cooperative not registered",
			when: cooperative.ClosePeriod{Period: may, Today: today},
			err:  is(cooperative.ErrNotRegistered),
		},
	})
}

// TestNoMonth: closing or reopening a month that is not one (the zero
// Month, month 13, a year before 1900) is refused with an input error, not
// a panic in ledger.Month.Last: cooperative.Decide and app.ClosePeriod
// take any ledger.Month.
func TestNoMonth(t *testing.T) {
	s := fold(books())
	for _, m := range []ledger.Month{{}, {Year: 2025, Month: 13}, {Year: 2025, Month: 0}, {Year: 1899, Month: time.December}, {Year: 10_000, Month: time.January}} {
		for _, c := range []cooperative.Command{
			cooperative.ClosePeriod{Period: m, Today: today},
			cooperative.ReopenPeriod{Period: m, Decision: "SK-07"},
		} {
			t.Run(fmt.Sprintf("%T %d-%d", c, m.Year, m.Month), func(t *testing.T) {
				var events []cooperative.Event
				var err error
				require.NotPanics(t, func() { events, err = cooperative.Decide(s, c) })
				assert.Empty(t, events)
				inputError("period", m.String(), input.WantMonth, "")(t, err)
			})
		}
	}
}

func TestReopenPeriod(t *testing.T) {
	may := ledger.Month{Year: 2025, Month: time.May}
	runBooks(t, []booksCase{
		{
			name:  "reopen a closed month by a decision",
			given: books(cooperative.PeriodClosed{Period: may}),
			when:  cooperative.ReopenPeriod{Period: may, Decision: "SK-PENGURUS-07/2025", Reason: "koreksi biaya listrik"},
			then:  []cooperative.Event{cooperative.PeriodReopened{Period: may, Reason: "koreksi biaya listrik"}},
		},
		{
			name:  "without a reason",
			given: books(cooperative.PeriodClosed{Period: may}),
			when:  cooperative.ReopenPeriod{Period: may, Decision: "SK-PENGURUS-07/2025"},
			then:  []cooperative.Event{cooperative.PeriodReopened{Period: may}},
		},
		{
			name:  "reopen an open month",
			given: books(),
			when:  cooperative.ReopenPeriod{Period: may, Decision: "SK-PENGURUS-07/2025"},
			then:  none,
		},
		{
			name:  "reopen a month reopened already",
			given: books(cooperative.PeriodClosed{Period: may}, cooperative.PeriodReopened{Period: may}),
			when:  cooperative.ReopenPeriod{Period: may, Decision: "SK-PENGURUS-07/2025"},
			then:  none,
		},
		{
			name:  "without a decision",
			given: books(cooperative.PeriodClosed{Period: may}),
			when:  cooperative.ReopenPeriod{Period: may, Reason: "koreksi"},
			err:   inputError("decision", "", input.WantDecision, ""),
		},
		{
			name:  "a decision of 65 characters",
			given: books(cooperative.PeriodClosed{Period: may}),
			when:  cooperative.ReopenPeriod{Period: may, Decision: strings.Repeat("S", 65)},
			err:   inputError("decision", strings.Repeat("S", 65), input.WantDecision, ""),
		},
		{
			name:  "a reason with a newline",
			given: books(cooperative.PeriodClosed{Period: may}),
			when:  cooperative.ReopenPeriod{Period: may, Decision: "SK-07", Reason: "koreksi\nlistrik"},
			err:   inputError("reason", "koreksi\nlistrik", input.WantReason, ""),
		},
		{
			name:  "a month of a closed year",
			given: books(append(closedMonths(2024, time.January, time.December), cooperative.YearClosed{Year: 2024, Result: money.Zero(), On: calendar.MustNew(2024, time.December, 31)})...),
			when:  cooperative.ReopenPeriod{Period: ledger.Month{Year: 2024, Month: time.December}, Decision: "SK-07"},
			err:   is(cooperative.ErrYearClosed),
		},
		{
			name:  "a month of the year after a closed year",
			given: books(append(closedMonths(2024, time.January, time.December), cooperative.YearClosed{Year: 2024, Result: money.Zero(), On: calendar.MustNew(2024, time.December, 31)}, cooperative.PeriodClosed{Period: ledger.Month{Year: 2025, Month: time.January}})...),
			when:  cooperative.ReopenPeriod{Period: ledger.Month{Year: 2025, Month: time.January}, Decision: "SK-07"},
			then:  []cooperative.Event{cooperative.PeriodReopened{Period: ledger.Month{Year: 2025, Month: time.January}}},
		},
	})
}

func closeYear(balances ...ledger.Line) cooperative.CloseYear {
	return cooperative.CloseYear{Year: 2025, Balances: balances, Today: newYear}
}

var yearEnd = calendar.MustNew(2025, time.December, 31)

func TestCloseYear(t *testing.T) {
	year := func(more ...cooperative.Event) []cooperative.Event {
		return books(append(closedMonths(2025, time.January, time.December), more...)...)
	}
	closed := func(result int64, lines ...ledger.Line) cooperative.YearClosed {
		return cooperative.YearClosed{Year: 2025, Lines: lines, Result: rp(result), On: yearEnd}
	}
	runBooks(t, []booksCase{
		{
			name:  "a surplus in every unit, member and non-member revenue, tax",
			given: year(),
			when: closeYear(
				line("4-1100", ledger.Credit, 1_000_000, sp, ledger.Member),
				line("4-1100", ledger.Credit, 200_000, sp, ledger.NonMember),
				line("5-3100", ledger.Debit, 300_000, sp, ""),
				line("4-3100", ledger.Credit, 500_000, "toko", ledger.Member),
				line("5-5100", ledger.Debit, 400_000, "toko", ""),
				line("6-1100", ledger.Debit, 100_000, sp, ""),
			),
			then: []cooperative.Event{closed(900_000,
				line("4-1100", ledger.Debit, 1_000_000, sp, ledger.Member),
				line("4-1100", ledger.Debit, 200_000, sp, ledger.NonMember),
				line("5-3100", ledger.Credit, 300_000, sp, ""),
				line("4-3100", ledger.Debit, 500_000, "toko", ledger.Member),
				line("5-5100", ledger.Credit, 400_000, "toko", ""),
				line("6-1100", ledger.Credit, 100_000, sp, ""),
				line("3-5100", ledger.Credit, 800_000, sp, ""),
				line("3-5100", ledger.Credit, 100_000, "toko", ""),
			)},
		},
		{
			name:  "a loss in the shop, a surplus in savings and loans",
			given: year(),
			when: closeYear(
				line("4-3100", ledger.Credit, 100_000, "toko", ledger.NonMember),
				line("4-1100", ledger.Credit, 800_000, sp, ledger.Member),
				line("5-5100", ledger.Debit, 250_000, "toko", ""),
			),
			then: []cooperative.Event{closed(650_000,
				line("4-3100", ledger.Debit, 100_000, "toko", ledger.NonMember),
				line("4-1100", ledger.Debit, 800_000, sp, ledger.Member),
				line("5-5100", ledger.Credit, 250_000, "toko", ""),
				line("3-5100", ledger.Debit, 150_000, "toko", ""),
				line("3-5100", ledger.Credit, 800_000, sp, ""),
			)},
		},
		{
			name:  "a loss",
			given: year(),
			when: closeYear(
				line("4-1100", ledger.Credit, 100_000, sp, ledger.Member),
				line("5-3100", ledger.Debit, 400_000, sp, ""),
				line("5-3400", ledger.Debit, 50_000, sp, ""),
			),
			then: []cooperative.Event{closed(-350_000,
				line("4-1100", ledger.Debit, 100_000, sp, ledger.Member),
				line("5-3100", ledger.Credit, 400_000, sp, ""),
				line("5-3400", ledger.Credit, 50_000, sp, ""),
				line("3-5100", ledger.Debit, 350_000, sp, ""),
			)},
		},
		{
			name:  "a revenue account with a debit balance: returns larger than sales",
			given: year(),
			when: closeYear(
				line("4-3100", ledger.Debit, 30_000, "toko", ledger.Member),
				line("4-9100", ledger.Credit, 50_000, "toko", ledger.NonMember),
			),
			then: []cooperative.Event{closed(20_000,
				line("4-3100", ledger.Credit, 30_000, "toko", ledger.Member),
				line("4-9100", ledger.Debit, 50_000, "toko", ledger.NonMember),
				line("3-5100", ledger.Credit, 20_000, "toko", ""),
			)},
		},
		{
			name:  "a unit that breaks even takes no line to SHU",
			given: year(),
			when: closeYear(
				line("4-3100", ledger.Credit, 400_000, "toko", ledger.Member),
				line("5-5100", ledger.Debit, 400_000, "toko", ""),
				line("4-1100", ledger.Credit, 10_000, sp, ledger.Member),
			),
			then: []cooperative.Event{closed(10_000,
				line("4-3100", ledger.Debit, 400_000, "toko", ledger.Member),
				line("5-5100", ledger.Credit, 400_000, "toko", ""),
				line("4-1100", ledger.Debit, 10_000, sp, ledger.Member),
				line("3-5100", ledger.Credit, 10_000, sp, ""),
			)},
		},
		{
			name:  "zero balances are left out",
			given: year(),
			when: closeYear(
				line("4-1100", ledger.Credit, 0, sp, ledger.Member),
				line("4-1100", ledger.Credit, 75_000, sp, ledger.NonMember),
				line("5-3100", ledger.Debit, 0, "toko", ""),
			),
			then: []cooperative.Event{closed(75_000,
				line("4-1100", ledger.Debit, 75_000, sp, ledger.NonMember),
				line("3-5100", ledger.Credit, 75_000, sp, ""),
			)},
		},
		{
			name:  "a year with nothing to close",
			given: year(),
			when:  closeYear(),
			then:  []cooperative.Event{closed(0)},
		},
		{
			name:  "a closed year",
			given: year(closed(10_000, line("4-1100", ledger.Debit, 10_000, sp, ledger.Member), line("3-5100", ledger.Credit, 10_000, sp, ""))),
			when:  closeYear(line("4-1100", ledger.Credit, 99, sp, ledger.Member)),
			then:  none,
		},
		{
			name:  "some months open",
			given: books(closedMonths(2025, time.January, time.October)...),
			when:  closeYear(),
			err:   openMonths(2025, time.November, time.December),
		},
		{
			name:  "a month reopened",
			given: year(cooperative.PeriodReopened{Period: ledger.Month{Year: 2025, Month: time.March}}),
			when:  closeYear(),
			err:   openMonths(2025, time.March),
		},
		{
			name:  "no month closed",
			given: books(closedMonths(2024, time.January, time.December)...),
			when:  closeYear(),
			err: openMonths(2025, time.January, time.February, time.March, time.April, time.May, time.June,
				time.July, time.August, time.September, time.October, time.November, time.December),
		},
		{
			name:  "on the year's last day",
			given: year(),
			when:  cooperative.CloseYear{Year: 2025, Today: yearEnd},
			err:   is(cooperative.ErrYearNotEnded),
		},
		{
			name:  "a year to come",
			given: year(),
			when:  cooperative.CloseYear{Year: 2026, Today: newYear},
			err:   is(cooperative.ErrYearNotEnded),
		},
		{
			name:  "a year before 1900",
			given: year(),
			when:  cooperative.CloseYear{Year: 1899, Today: newYear},
			err:   inputError("year", "1899", input.WantYear, ""),
		},
		{
			name:  "a year after 9999",
			given: year(),
			when:  cooperative.CloseYear{Year: 10_000, Today: newYear},
			err:   inputError("year", "10000", input.WantYear, ""),
		},
		{
			name:  "the SHU account closed",
			given: year(cooperative.AccountClosed{Code: "3-5100", Balance: money.Zero(), On: registered}),
			when:  closeYear(line("4-1100", ledger.Credit, 10_000, sp, ledger.Member)),
			err:   inputError("account", "shu-current", input.WantKnownAccount, ""),
		},
		{
			name: "a cooperative not registered",
			when: closeYear(),
			err:  is(cooperative.ErrNotRegistered),
		},
	})
}

// TestCloseYearProperties draws the revenue and expense balances of a
// year at random and checks the closing entry: it balances, it brings
// every balance of every account, unit and party to zero, each unit's net
// goes to SHU tahun berjalan of that unit, and the result is the year's
// surplus.
func TestCloseYearProperties(t *testing.T) {
	s := fold(books(closedMonths(2025, time.January, time.December)...))
	accounts := []string{"4-1100", "4-1400", "4-3100", "4-9100", "4-9200", "5-1100", "5-3100", "5-5100", "5-9100", "6-1100"}
	units := []string{sp, "toko"}
	parties := []ledger.Party{ledger.NoParty, ledger.Member, ledger.NonMember, ledger.OtherCoop}
	type key struct {
		account, unit string
		party         ledger.Party
	}
	for seed := range uint64(300) {
		rng := rand.New(rand.NewPCG(seed, 2025))
		balance := map[key]money.Amount{}
		var lines []ledger.Line
		for _, a := range accounts {
			for _, u := range units {
				for _, p := range parties {
					if rng.IntN(3) != 0 {
						continue
					}
					// Mostly on the normal side: credit for revenue, debit
					// for expenses.
					side := ledger.Debit
					if a[0] == '4' {
						side = ledger.Credit
					}
					if rng.IntN(4) == 0 {
						side = -side
					}
					amount := money.NewMinor(rng.Int64N(100_000_000), int32(rng.IntN(3)))
					l := ledger.Line{Account: a, Side: side, Amount: amount, Unit: u, Party: p}
					lines = append(lines, l)
					k := key{a, u, p}
					balance[k] = balance[k].Add(l.Signed())
				}
			}
		}
		rng.Shuffle(len(lines), func(i, j int) { lines[i], lines[j] = lines[j], lines[i] })

		events, err := cooperative.Decide(s, closeYear(lines...))
		require.NoError(t, err, "seed %d", seed)
		require.Len(t, events, 1)
		closing := events[0].(cooperative.YearClosed)
		assert.Equal(t, 2025, closing.Year)
		assert.Equal(t, yearEnd, closing.On)
		entry := closing.Entry()
		if len(entry.Lines) > 0 {
			require.NoError(t, entry.Check(), "seed %d", seed)
		}
		assert.True(t, entry.Closing)

		shu := map[string]money.Amount{}
		surplus := money.Zero()
		for _, l := range entry.Lines {
			require.True(t, l.Amount.IsPositive(), "seed %d: %+v", seed, l)
			if l.Account == "3-5100" {
				assert.Equal(t, ledger.NoParty, l.Party)
				_, twice := shu[l.Unit]
				assert.False(t, twice, "seed %d: one SHU line for unit %s", seed, l.Unit)
				shu[l.Unit] = l.Signed().Neg()
				continue
			}
			k := key{l.Account, l.Unit, l.Party}
			balance[k] = balance[k].Add(l.Signed())
		}
		net := map[string]money.Amount{}
		for k, b := range balance {
			assert.True(t, b.IsZero(), "seed %d: %v is left with %s", seed, k, b)
		}
		for _, l := range lines {
			net[l.Unit] = net[l.Unit].Add(l.Signed().Neg())
			surplus = surplus.Add(l.Signed().Neg())
		}
		for _, u := range units {
			if net[u].IsZero() {
				_, ok := shu[u]
				assert.False(t, ok, "seed %d: unit %s breaks even and takes no SHU line", seed, u)
				continue
			}
			assert.True(t, net[u].Equal(shu[u]), "seed %d: unit %s: SHU %s, net %s", seed, u, shu[u], net[u])
		}
		assert.True(t, surplus.Equal(closing.Result), "seed %d: result %s, surplus %s", seed, closing.Result, surplus)
	}
}

func TestEvolveBooks(t *testing.T) {
	klinik := ledger.Unit{Code: "klinik", Name: "Klinik"}
	s0 := fold(books())
	assert.Equal(t, ledger.DefaultChart(registered).Accounts(), s0.Chart.Accounts(), "the chart adopted is the default chart")
	assert.Equal(t, ledger.DefaultChart(registered).Units(), s0.Chart.Units())
	assert.Empty(t, s0.Periods.Closed())
	assert.Empty(t, s0.ClosedYears)

	s1 := cooperative.Evolve(s0, transportAdded())
	got, ok := s1.Chart.Account("5-3700")
	require.True(t, ok)
	assert.Equal(t, transportAdded().Account, got)
	_, ok = s0.Chart.Account("5-3700")
	assert.False(t, ok, "Evolve leaves the chart of the state it was given unchanged")

	s2 := cooperative.Evolve(s1, cooperative.AccountRenamed{Code: "5-3700", Name: "Beban perjalanan dinas", NameEN: "Travel", On: today})
	got, _ = s2.Chart.Account("5-3700")
	assert.Equal(t, "Beban perjalanan dinas", got.Name)
	assert.Equal(t, "Travel", got.NameEN)
	assert.Equal(t, today, got.Opened, "renaming keeps everything else")
	got, _ = s1.Chart.Account("5-3700")
	assert.Equal(t, "Beban transportasi", got.Name)

	s3 := cooperative.Evolve(s2, cooperative.AccountClosed{Code: "5-3700", Balance: money.Zero(), On: day(time.June, 1)})
	got, _ = s3.Chart.Account("5-3700")
	assert.Equal(t, day(time.June, 1), got.Closed)
	assert.Equal(t, "Beban perjalanan dinas", got.Name)
	_, err := s3.Chart.Postable("5-3700", day(time.June, 1))
	assert.Error(t, err)
	got, _ = s2.Chart.Account("5-3700")
	assert.True(t, got.Closed.IsZero())

	s4 := cooperative.Evolve(s3, cooperative.UnitAdded{Unit: klinik, On: today})
	assert.Equal(t, []ledger.Unit{ledger.DefaultChart(registered).Units()[0], ledger.DefaultChart(registered).Units()[1], klinik}, s4.Chart.Units())
	assert.Len(t, s3.Chart.Units(), 2)
	assert.Equal(t, sp, s4.Chart.DefaultUnit().Code)

	// The journal is the ledger's: posting and reversing leave the state.
	s5 := cooperative.Evolve(s4, rentPosted())
	assert.Equal(t, s4, s5)
	s5 = cooperative.Evolve(s5, cooperative.JournalReversed{Ref: rentPosted().Ref, Lines: rentPosted().Lines, Reason: "salah", On: today})
	assert.Equal(t, s4, s5)

	may, jun := ledger.Month{Year: 2025, Month: time.May}, ledger.Month{Year: 2025, Month: time.June}
	s6 := cooperative.Evolve(cooperative.Evolve(s5, cooperative.PeriodClosed{Period: jun}), cooperative.PeriodClosed{Period: may})
	assert.Equal(t, []ledger.Month{may, jun}, s6.Periods.Closed())
	assert.Empty(t, s5.Periods.Closed())
	s7 := cooperative.Evolve(s6, cooperative.PeriodReopened{Period: may, Reason: "koreksi"})
	assert.Equal(t, []ledger.Month{jun}, s7.Periods.Closed())
	assert.Equal(t, []ledger.Month{may, jun}, s6.Periods.Closed())

	// Years are kept in the order closed, and states do not share them.
	s8 := cooperative.Evolve(s7, cooperative.YearClosed{Year: 2024, Result: money.Zero(), On: calendar.MustNew(2024, time.December, 31)})
	s9 := cooperative.Evolve(s8, cooperative.YearClosed{Year: 2023, Result: money.Zero(), On: calendar.MustNew(2023, time.December, 31)})
	s10 := cooperative.Evolve(s8, cooperative.YearClosed{Year: 2025, Result: money.Zero(), On: yearEnd})
	assert.Equal(t, []int{2024}, s8.ClosedYears)
	assert.Equal(t, []int{2024, 2023}, s9.ClosedYears)
	assert.Equal(t, []int{2024, 2025}, s10.ClosedYears)
	assert.Empty(t, s7.ClosedYears)

	// A second chart adopted replaces the first.
	small := ledger.NewChart([]ledger.Account{{Code: "1", Name: "ASET", Class: ledger.Asset, Heading: true}}, []ledger.Unit{klinik})
	s11 := cooperative.Evolve(s10, cooperative.ChartAdopted{Accounts: small.Accounts(), Units: small.Units(), On: today})
	assert.Equal(t, small.Accounts(), s11.Chart.Accounts())
	assert.Equal(t, "klinik", s11.Chart.DefaultUnit().Code)
}

// TestBooksLifecycle runs a year of the books through Decide and Evolve:
// a unit and an account added, entries posted and one reversed, every
// month closed, one reopened and closed again, and the year closed.
func TestBooksLifecycle(t *testing.T) {
	var events []cooperative.Event
	s := fold(nil)
	do := func(c cooperative.Command) []cooperative.Event {
		t.Helper()
		got, err := cooperative.Decide(s, c)
		require.NoError(t, err)
		for _, e := range got {
			s = cooperative.Evolve(s, e)
		}
		events = append(events, got...)
		return got
	}
	do(register())
	do(cooperative.AddUnit{Unit: ledger.Unit{Code: "klinik", Name: "Klinik"}, Today: today})
	do(cooperative.AddAccount{Account: ledger.Account{Code: "4-3200", Name: "Pendapatan klinik", Class: ledger.Revenue, Group: "4-3"}, Today: today})
	rent := do(post())[0].(cooperative.JournalPosted)
	do(cooperative.ReverseJournal{Original: rent, Reason: "salah akun", Today: today, Cash: plenty})
	do(cooperative.PostJournal{Ref: "JU-2", Memo: "Jasa klinik", On: day(time.March, 3), Today: today, Lines: []ledger.Line{
		dr("1-1100", 300_000), in("klinik", withParty(ledger.Member, cr("4-3200", 300_000))),
	}})
	for m := time.January; m <= time.December; m++ {
		do(cooperative.ClosePeriod{Period: ledger.Month{Year: 2025, Month: m}, Today: newYear})
	}
	assert.Empty(t, do(cooperative.ClosePeriod{Period: ledger.Month{Year: 2025, Month: time.March}, Today: newYear}), "closing twice")
	do(cooperative.ReopenPeriod{Period: ledger.Month{Year: 2025, Month: time.March}, Decision: "SK-01"})
	_, err := cooperative.Decide(s, closeYear())
	require.Error(t, err, "March is open again")
	do(cooperative.ClosePeriod{Period: ledger.Month{Year: 2025, Month: time.March}, Today: newYear})
	closing := do(closeYear(line("4-3200", ledger.Credit, 300_000, "klinik", ledger.Member)))
	require.Len(t, closing, 1)
	assert.Equal(t, "300000", closing[0].(cooperative.YearClosed).Result.String())
	assert.Empty(t, do(closeYear(line("4-3200", ledger.Credit, 300_000, "klinik", ledger.Member))), "closing the year twice")
	assert.Equal(t, []int{2025}, s.ClosedYears)

	_, err = cooperative.Decide(s, cooperative.ReopenPeriod{Period: ledger.Month{Year: 2025, Month: time.March}, Decision: "SK-02"})
	assert.ErrorIs(t, err, cooperative.ErrYearClosed)
	_, err = cooperative.Decide(s, cooperative.PostJournal{Ref: "JU-3", Memo: "Terlambat", On: day(time.December, 31), Today: newYear, Cash: plenty, Lines: []ledger.Line{dr("5-3400", 1), cr("1-1100", 1)}})
	var closedErr *ledger.ClosedPeriodError
	assert.ErrorAs(t, err, &closedErr, "nothing more is dated in a closed year")

	assert.Equal(t, s, fold(events), "the state is the fold of the events")
}
