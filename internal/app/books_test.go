package app_test

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/internal/app"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/importer"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
)

// Tests of the books: the general journal, periods, the year close,
// closing accounts, and the cash rule on every payment. Every refusal is
// checked to leave the log exactly as it was.

const (
	kasCode  = "1-1100"
	bankCode = "1-1200"
)

func jan(d int) calendar.Date { return calendar.MustNew(2026, time.January, d) }
func feb(d int) calendar.Date { return calendar.MustNew(2026, time.February, d) }

func line(account string, side ledger.Side, amount int64) ledger.Line {
	return ledger.Line{Account: account, Side: side, Amount: money.New(amount)}
}

func debit(account string, amount int64) ledger.Line  { return line(account, ledger.Debit, amount) }
func credit(account string, amount int64) ledger.Line { return line(account, ledger.Credit, amount) }

// salary is a journal entry paying salaries from kas.
func salary(ref string, on calendar.Date, amount int64) app.Journal {
	return app.Journal{Ref: ref, Memo: "gaji karyawan", On: on, Lines: []ledger.Line{debit("5-3100", amount), credit(kasCode, amount)}}
}

func postJournal(t *testing.T, svc *app.Service, j app.Journal) app.Result {
	t.Helper()
	res, err := svc.PostJournal(context.Background(), testActor, testCoop, "", j)
	require.NoError(t, err)
	return res
}

func admitOn(t *testing.T, svc *app.Service, id member.ID, on calendar.Date, ref string, payPokok bool, through ...app.Via) {
	t.Helper()
	_, err := svc.Admit(context.Background(), testActor, testCoop, id, "Anggota "+string(id), on, ref, payPokok, through...)
	require.NoError(t, err)
}

func depositOn(t *testing.T, svc *app.Service, id member.ID, p savings.Product, amount int64, on calendar.Date, ref string, through ...app.Via) {
	t.Helper()
	_, err := svc.Deposit(context.Background(), testActor, testCoop, id, p, money.New(amount), on, ref, through...)
	require.NoError(t, err)
}

// books calls fn with the service's caught-up books.
func books(t *testing.T, svc *app.Service, fn func(b *generalledger.Books)) {
	t.Helper()
	require.NoError(t, svc.Ledger(context.Background(), testCoop, func(b *generalledger.Books) {
		require.NotNil(t, b)
		fn(b)
	}))
}

func glBalance(t *testing.T, svc *app.Service, code string, to calendar.Date) money.Amount {
	t.Helper()
	var out money.Amount
	books(t, svc, func(b *generalledger.Books) {
		out = b.Balance(code, generalledger.Filter{To: to, Closing: true})
	})
	return out
}

func lowest(t *testing.T, svc *app.Service, code string, from calendar.Date) money.Amount {
	t.Helper()
	var out money.Amount
	books(t, svc, func(b *generalledger.Books) { out = b.Lowest(code, from) })
	return out
}

// requireNothingWritten fails, naming only the events added, unless the
// log is exactly as it was.
func requireNothingWritten(t *testing.T, store eventstore.Store, before []eventstore.RecordedEvent) {
	t.Helper()
	if after := allEvents(t, store); len(after) != len(before) {
		var added []string
		for _, rec := range after[min(len(before), len(after)):] {
			added = append(added, rec.Type)
		}
		require.Failf(t, "events were written", "%d events before, %d after; added: %v", len(before), len(after), added)
	}
	requireUnchanged(t, store, before)
}

func requireInputError(t *testing.T, err error, field string, want input.Want) {
	t.Helper()
	var bad *input.Error
	require.ErrorAs(t, err, &bad)
	assert.Equal(t, field, bad.Field)
	assert.Equal(t, want, bad.Want)
}

func TestJournalUnbalancedIsRefused(t *testing.T) {
	store, svc, _ := setup(t, app.Options{})
	admitOn(t, svc, "A-1", jan(5), "ADM-1", true)
	before := allEvents(t, store)

	_, err := svc.PostJournal(context.Background(), testActor, testCoop, "", app.Journal{
		Ref: "JU-1", Memo: "gaji", On: feb(1), Lines: []ledger.Line{debit("5-3100", 40_000), credit(kasCode, 30_000)},
	})

	var unbalanced *ledger.UnbalancedError
	require.ErrorAs(t, err, &unbalanced)
	requireAmount(t, 40_000, unbalanced.Debit)
	requireAmount(t, 30_000, unbalanced.Credit)
	requireNothingWritten(t, store, before)
}

func TestJournalToUnknownOrHeadingAccountIsRefused(t *testing.T) {
	store, svc, _ := setup(t, app.Options{})
	admitOn(t, svc, "A-1", jan(5), "ADM-1", true)
	before := allEvents(t, store)
	ctx := context.Background()

	_, err := svc.PostJournal(ctx, testActor, testCoop, "", app.Journal{
		Ref: "JU-1", Memo: "gaji", On: feb(1), Lines: []ledger.Line{debit("5-9999", 10_000), credit(kasCode, 10_000)},
	})
	requireInputError(t, err, "account", input.WantKnownAccount)

	_, err = svc.PostJournal(ctx, testActor, testCoop, "", app.Journal{
		Ref: "JU-1", Memo: "gaji", On: feb(1), Lines: []ledger.Line{debit("5-3", 10_000), credit(kasCode, 10_000)},
	})
	requireInputError(t, err, "account", input.WantPostableAccount)
	requireNothingWritten(t, store, before)
}

func TestCloseAccountRefusesABalanceAndClosesAtZero(t *testing.T) {
	store, svc, _ := setup(t, app.Options{})
	ctx := context.Background()
	admitOn(t, svc, "A-1", jan(5), "ADM-1", true) // kas 50,000
	postJournal(t, svc, app.Journal{Ref: "JU-1", Memo: "simpanan di koperasi sekunder", On: jan(10),
		Lines: []ledger.Line{debit("1-1300", 30_000), credit(kasCode, 30_000)}})
	before := allEvents(t, store)

	_, err := svc.CloseAccount(ctx, testActor, testCoop, "1-1300", calendar.Date{})
	var has *cooperative.HasBalanceError
	require.ErrorAs(t, err, &has)
	assert.ErrorIs(t, err, cooperative.ErrAccountHasBalance)
	assert.Equal(t, "1-1300", has.Code)
	requireAmount(t, 30_000, has.Balance)
	requireNothingWritten(t, store, before)

	// Posting rules use kas: it is never closed, whatever its balance.
	_, err = svc.CloseAccount(ctx, testActor, testCoop, kasCode, calendar.Date{})
	require.ErrorIs(t, err, cooperative.ErrAccountHasRole)
	requireNothingWritten(t, store, before)

	// Brought back to zero, it closes.
	_, err = svc.Reverse(ctx, testActor, testCoop, "JU-1", "ditarik kembali", jan(20))
	require.NoError(t, err)
	res, err := svc.CloseAccount(ctx, testActor, testCoop, "1-1300", feb(1))
	require.NoError(t, err)
	require.Len(t, res.Events, 1)
	closed, ok := res.Events[0].Payload.(cooperative.AccountClosed)
	require.True(t, ok, "%T", res.Events[0].Payload)
	assert.Equal(t, "1-1300", closed.Code)
	assert.Equal(t, feb(1), closed.On)
	assert.True(t, closed.Balance.IsZero())
	st, err := svc.Cooperative(ctx, testCoop)
	require.NoError(t, err)
	a, _ := st.Chart.Account("1-1300")
	assert.Equal(t, feb(1), a.Closed)

	// Closing it again on the same date is a repeat.
	res, err = svc.CloseAccount(ctx, testActor, testCoop, "1-1300", feb(1))
	require.NoError(t, err)
	assert.True(t, res.Repeated)

	// Nothing may be posted to it from its closing date on.
	before = allEvents(t, store)
	for _, on := range []calendar.Date{feb(1), feb(20)} {
		_, err = svc.PostJournal(ctx, testActor, testCoop, "", app.Journal{Ref: "JU-2", Memo: "simpanan lagi", On: on,
			Lines: []ledger.Line{debit("1-1300", 10_000), credit(kasCode, 10_000)}})
		var closedErr *ledger.ClosedAccountError
		require.ErrorAs(t, err, &closedErr)
		assert.Equal(t, "1-1300", closedErr.Account)
		assert.Equal(t, feb(1), closedErr.Closed)
		assert.Equal(t, on, closedErr.On)
	}
	requireNothingWritten(t, store, before)
}

func TestClosedPeriodRefusesEveryTransactionDatedInIt(t *testing.T) {
	store, svc, _ := setup(t, app.Options{})
	ctx := context.Background()
	admitOn(t, svc, "A-1", jan(5), "ADM-1", true)
	depositOn(t, svc, "A-1", savings.Sukarela, 100_000, feb(3), "DEP-1")
	postJournal(t, svc, salary("JU-1", feb(5), 20_000))
	february := ledger.Month{Year: 2026, Month: time.February}
	_, err := svc.ClosePeriod(ctx, testActor, testCoop, february)
	require.NoError(t, err)
	before := allEvents(t, store)

	for _, tt := range []struct {
		name string
		on   calendar.Date
		run  func() (app.Result, error)
	}{
		{"journal", feb(10), func() (app.Result, error) {
			return svc.PostJournal(ctx, testActor, testCoop, "", salary("JU-2", feb(10), 1_000))
		}},
		{"deposit", feb(10), func() (app.Result, error) {
			return svc.Deposit(ctx, testActor, testCoop, "A-1", savings.Wajib, money.New(10_000), feb(10), "DEP-2")
		}},
		{"withdrawal", feb(10), func() (app.Result, error) {
			return svc.Withdraw(ctx, testActor, testCoop, "A-1", savings.Sukarela, money.New(10_000), feb(10), "WD-1")
		}},
		{"admission", feb(10), func() (app.Result, error) {
			return svc.Admit(ctx, testActor, testCoop, "A-2", "Anggota A-2", feb(10), "ADM-2", true)
		}},
		{"exit", feb(10), func() (app.Result, error) {
			return svc.Exit(ctx, testActor, testCoop, "A-1", feb(10), "EXIT-1", "pindah", "")
		}},
		{"reversal of a deposit", feb(3), func() (app.Result, error) {
			return svc.Reverse(ctx, testActor, testCoop, "DEP-1", "salah catat", calendar.Date{})
		}},
		{"reversal of a journal entry", feb(5), func() (app.Result, error) {
			return svc.Reverse(ctx, testActor, testCoop, "JU-1", "salah catat", calendar.Date{})
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.run()
			var closed *ledger.ClosedPeriodError
			require.ErrorAs(t, err, &closed)
			assert.Equal(t, february, closed.Period)
			assert.Equal(t, tt.on, closed.On)
			requireNothingWritten(t, store, before)
		})
	}

	// A correction dated in the open month after it is accepted.
	_, err = svc.Reverse(ctx, testActor, testCoop, "DEP-1", "salah catat", today)
	require.NoError(t, err)
	_, err = svc.Reverse(ctx, testActor, testCoop, "JU-1", "salah catat", today)
	require.NoError(t, err)
}

func TestReopenPeriodRequiresADecision(t *testing.T) {
	store, svc, _ := setup(t, app.Options{})
	ctx := context.Background()
	admitOn(t, svc, "A-1", jan(5), "ADM-1", true)
	january := ledger.Month{Year: 2026, Month: time.January}
	_, err := svc.ClosePeriod(ctx, testActor, testCoop, january)
	require.NoError(t, err)
	before := allEvents(t, store)

	_, err = svc.ReopenPeriod(ctx, testActor, testCoop, january, "", "koreksi")
	requireInputError(t, err, "decision", input.WantDecision)
	requireNothingWritten(t, store, before)

	res, err := svc.ReopenPeriod(ctx, testActor, testCoop, january, "RAPAT-PENGURUS-7", "koreksi gaji")
	require.NoError(t, err)
	require.Len(t, res.Events, 1)
	assert.Equal(t, cooperative.PeriodReopened{Period: january, Reason: "koreksi gaji"}, res.Events[0].Payload)
	assert.Equal(t, "RAPAT-PENGURUS-7", res.Events[0].Envelope.Decision)

	// Open again: a journal dated in it is accepted, and reopening an open
	// month writes nothing.
	postJournal(t, svc, salary("JU-1", jan(20), 10_000))
	res, err = svc.ReopenPeriod(ctx, testActor, testCoop, january, "RAPAT-PENGURUS-8", "")
	require.NoError(t, err)
	assert.True(t, res.Repeated)
}

// requireCashShort checks a refusal for want of cash and that Available
// is the account's lowest balance from the payment's date on.
func requireCashShort(t *testing.T, svc *app.Service, err error, account string, on calendar.Date, available, amount int64) {
	t.Helper()
	var short *ledger.InsufficientCashError
	require.ErrorAs(t, err, &short)
	assert.Equal(t, account, short.Account)
	assert.Equal(t, on, short.On)
	requireAmount(t, available, short.Available, "available")
	requireAmount(t, amount, short.Amount, "amount")
	requireAmount(t, available, lowest(t, svc, account, on), "the ledger's lowest balance")
}

func TestWithdrawalBeyondKasIsRefused(t *testing.T) {
	store, svc, _ := setup(t, app.Options{})
	ctx := context.Background()
	admitOn(t, svc, "A-1", jan(5), "ADM-1", true)                                           // kas 50,000
	depositOn(t, svc, "A-1", savings.Sukarela, 100_000, jan(6), "DEP-1", app.Via(bankCode)) // bank 100,000
	before := allEvents(t, store)

	_, err := svc.Withdraw(ctx, testActor, testCoop, "A-1", savings.Sukarela, money.New(80_000), feb(1), "WD-1")
	requireCashShort(t, svc, err, kasCode, feb(1), 50_000, 80_000)
	requireNothingWritten(t, store, before)

	// The bank has it.
	_, err = svc.Withdraw(ctx, testActor, testCoop, "A-1", savings.Sukarela, money.New(80_000), feb(1), "WD-1", app.Via(bankCode))
	require.NoError(t, err)
	requireAmount(t, 20_000, glBalance(t, svc, bankCode, feb(1)))
}

func TestJournalPaymentBeyondCashIsRefused(t *testing.T) {
	store, svc, _ := setup(t, app.Options{})
	ctx := context.Background()
	admitOn(t, svc, "A-1", jan(5), "ADM-1", true) // kas 50,000
	before := allEvents(t, store)

	_, err := svc.PostJournal(ctx, testActor, testCoop, "", salary("JU-1", feb(1), 60_000))
	requireCashShort(t, svc, err, kasCode, feb(1), 50_000, 60_000)
	requireNothingWritten(t, store, before)

	// An entry paying from two cash accounts names the one short of it.
	_, err = svc.PostJournal(ctx, testActor, testCoop, "", app.Journal{Ref: "JU-2", Memo: "listrik", On: feb(1),
		Lines: []ledger.Line{debit("5-3500", 70_000), credit(kasCode, 40_000), credit(bankCode, 30_000)}})
	requireCashShort(t, svc, err, bankCode, feb(1), 0, 30_000)
	requireNothingWritten(t, store, before)

	// What kas holds, it pays.
	postJournal(t, svc, salary("JU-1", feb(1), 50_000))
	requireAmount(t, 0, glBalance(t, svc, kasCode, feb(1)))
}

func TestExitPayoutBeyondCashIsRefused(t *testing.T) {
	store, svc, _ := setup(t, app.Options{})
	ctx := context.Background()
	admitOn(t, svc, "A-1", jan(5), "ADM-1", true)                                           // kas 50,000
	depositOn(t, svc, "A-1", savings.Sukarela, 100_000, jan(6), "DEP-1", app.Via(bankCode)) // bank 100,000
	before := allEvents(t, store)

	_, err := svc.Exit(ctx, testActor, testCoop, "A-1", feb(1), "EXIT-1", "pindah", "")
	requireCashShort(t, svc, err, kasCode, feb(1), 50_000, 150_000)
	requireNothingWritten(t, store, before)
	_, err = svc.Exit(ctx, testActor, testCoop, "A-1", feb(1), "EXIT-1", "pindah", "", app.Via(bankCode))
	requireCashShort(t, svc, err, bankCode, feb(1), 100_000, 150_000)
	requireNothingWritten(t, store, before)

	// Once kas holds the payout, the exit settles.
	admitOn(t, svc, "B-1", jan(10), "ADM-2", false)
	depositOn(t, svc, "B-1", savings.Sukarela, 100_000, jan(10), "DEP-2")
	res, err := svc.Exit(ctx, testActor, testCoop, "A-1", feb(1), "EXIT-1", "pindah", "")
	require.NoError(t, err)
	settled, ok := res.Events[0].Payload.(member.ExitSettled)
	require.True(t, ok)
	requireAmount(t, 150_000, settled.NetPayout)
	requireAmount(t, 0, glBalance(t, svc, kasCode, feb(1)))
}

func TestBackdatedPaymentMayNotMakeALaterDayNegative(t *testing.T) {
	store, svc, _ := setup(t, app.Options{})
	ctx := context.Background()
	admitOn(t, svc, "A-1", jan(5), "ADM-1", false)
	depositOn(t, svc, "A-1", savings.Sukarela, 100_000, jan(10), "DEP-1") // kas 100,000 from 10 January
	postJournal(t, svc, salary("JU-1", feb(1), 80_000))                   // kas 20,000 from 1 February
	requireAmount(t, 100_000, glBalance(t, svc, kasCode, jan(20)), "kas holds enough on the date")
	before := allEvents(t, store)

	_, err := svc.Withdraw(ctx, testActor, testCoop, "A-1", savings.Sukarela, money.New(50_000), jan(20), "WD-1")
	requireCashShort(t, svc, err, kasCode, jan(20), 20_000, 50_000)
	requireNothingWritten(t, store, before)

	_, err = svc.PostJournal(ctx, testActor, testCoop, "", salary("JU-2", jan(20), 50_000))
	requireCashShort(t, svc, err, kasCode, jan(20), 20_000, 50_000)
	requireNothingWritten(t, store, before)

	// Reversing the deposit on its own date would take out what February
	// paid: refused although the member's savings allow it.
	_, err = svc.Reverse(ctx, testActor, testCoop, "DEP-1", "salah catat", calendar.Date{})
	requireCashShort(t, svc, err, kasCode, jan(10), 20_000, 100_000)
	requireNothingWritten(t, store, before)

	// Exactly what every later day can spare is paid, and kas never goes
	// below zero.
	_, err = svc.Withdraw(ctx, testActor, testCoop, "A-1", savings.Sukarela, money.New(20_000), jan(20), "WD-1")
	require.NoError(t, err)
	requireAmount(t, 80_000, glBalance(t, svc, kasCode, jan(20)))
	requireAmount(t, 0, glBalance(t, svc, kasCode, feb(1)))
	requireAmount(t, 0, lowest(t, svc, kasCode, jan(1)))
}

func TestCashAccountMustBeAnOpenCashAccount(t *testing.T) {
	store, svc, _ := setup(t, app.Options{})
	ctx := context.Background()
	admitOn(t, svc, "A-1", jan(5), "ADM-1", true)
	depositOn(t, svc, "A-1", savings.Sukarela, 100_000, jan(6), "DEP-1")
	before := allEvents(t, store)

	commands := map[string]func(app.Via) error{
		"admission": func(v app.Via) error {
			_, err := svc.Admit(ctx, testActor, testCoop, "A-2", "Anggota A-2", feb(1), "ADM-2", true, v)
			return err
		},
		"deposit": func(v app.Via) error {
			_, err := svc.Deposit(ctx, testActor, testCoop, "A-1", savings.Sukarela, money.New(10_000), feb(1), "DEP-2", v)
			return err
		},
		"withdrawal": func(v app.Via) error {
			_, err := svc.Withdraw(ctx, testActor, testCoop, "A-1", savings.Sukarela, money.New(10_000), feb(1), "WD-1", v)
			return err
		},
		"exit": func(v app.Via) error {
			_, err := svc.Exit(ctx, testActor, testCoop, "A-1", feb(1), "EXIT-1", "pindah", "", v)
			return err
		},
	}
	for name, run := range commands {
		t.Run(name, func(t *testing.T) {
			requireInputError(t, run("9-9999"), "cash", input.WantKnownAccount)
			requireInputError(t, run("3-1100"), "cash", input.WantCashAccount)
			requireInputError(t, run("5-3100"), "cash", input.WantCashAccount)
			requireInputError(t, run("1-1"), "cash", input.WantPostableAccount)
			requireNothingWritten(t, store, before)
		})
	}

	// A closed bank account takes nothing either.
	res, err := svc.CloseAccount(ctx, testActor, testCoop, bankCode, jan(31))
	require.NoError(t, err)
	require.Len(t, res.Events, 1)
	before = allEvents(t, store)
	for name, run := range commands {
		var closed *ledger.ClosedAccountError
		require.ErrorAs(t, run(bankCode), &closed, name)
		assert.Equal(t, bankCode, closed.Account)
	}
	requireNothingWritten(t, store, before)
}

func TestJournalRepeatedByRefWritesNothing(t *testing.T) {
	store, svc, _ := setup(t, app.Options{})
	ctx := context.Background()
	admitOn(t, svc, "A-1", jan(5), "ADM-1", true)
	depositOn(t, svc, "A-1", savings.Sukarela, 100_000, jan(6), "DEP-1")
	j := salary("JU-1", feb(1), 20_000)

	first := postJournal(t, svc, j)
	require.False(t, first.Repeated)
	require.Len(t, first.Events, 1)
	assert.Equal(t, app.RefEventID(testCoop, "JU-1"), first.Events[0].Envelope.ID)
	posted, ok := first.Events[0].Payload.(cooperative.JournalPosted)
	require.True(t, ok)
	for _, l := range posted.Lines {
		assert.Equal(t, ledger.DefaultUnitCode, l.Unit, "a line without a unit goes to the default unit")
	}
	before := allEvents(t, store)

	// The same entry, from this service or a fresh one, with or without
	// the default unit spelled out, is a repeat.
	explicit := j
	explicit.Lines = []ledger.Line{j.Lines[0], j.Lines[1]}
	for i := range explicit.Lines {
		explicit.Lines[i].Unit = ledger.DefaultUnitCode
	}
	for _, s := range []*app.Service{svc, newService(store, app.Options{})} {
		for _, again := range []app.Journal{j, explicit} {
			res, err := s.PostJournal(ctx, testActor, testCoop, "", again)
			require.NoError(t, err)
			assert.True(t, res.Repeated)
			assert.Empty(t, res.Events)
		}
	}
	requireNothingWritten(t, store, before)

	// The reference with other content is refused.
	otherAmount := salary("JU-1", feb(1), 25_000)
	otherDate := salary("JU-1", feb(2), 20_000)
	otherMemo := j
	otherMemo.Memo = "lembur"
	for _, other := range []app.Journal{otherAmount, otherDate, otherMemo} {
		_, err := svc.PostJournal(ctx, testActor, testCoop, "", other)
		var dup *member.DuplicateRefError
		require.ErrorAs(t, err, &dup)
		assert.Equal(t, "JU-1", dup.Ref)
		assert.Empty(t, dup.Member)
	}
	// So is a member's reference, and a journal's reference for a member.
	_, err := svc.PostJournal(ctx, testActor, testCoop, "", salary("DEP-1", feb(1), 20_000))
	var dup *member.DuplicateRefError
	require.ErrorAs(t, err, &dup)
	assert.Equal(t, "DEP-1", dup.Ref)
	assert.Equal(t, member.ID("A-1"), dup.Member)
	_, err = svc.Deposit(ctx, testActor, testCoop, "A-1", savings.Sukarela, money.New(10_000), feb(1), "JU-1")
	require.ErrorAs(t, err, &dup)
	assert.Equal(t, "JU-1", dup.Ref)
	requireNothingWritten(t, store, before)
}

func TestReverseJournalPostsTheOppositeLines(t *testing.T) {
	store, svc, _ := setup(t, app.Options{})
	ctx := context.Background()
	admitOn(t, svc, "A-1", jan(5), "ADM-1", true) // kas 50,000
	postJournal(t, svc, salary("JU-1", feb(1), 20_000))
	requireAmount(t, 30_000, glBalance(t, svc, kasCode, feb(1)))

	res, err := svc.Reverse(ctx, testActor, testCoop, "JU-1", "salah posting", calendar.Date{})
	require.NoError(t, err)
	require.Len(t, res.Events, 1)
	assert.Equal(t, app.EventID(string(testCoop), "reversal:JU-1"), res.Events[0].Envelope.ID)
	rev, ok := res.Events[0].Payload.(cooperative.JournalReversed)
	require.True(t, ok, "%T", res.Events[0].Payload)
	assert.Equal(t, "JU-1", rev.Ref)
	assert.Equal(t, feb(1), rev.On, "a zero date reverses on the original's")
	assert.Equal(t, "salah posting", rev.Reason)
	entry := rev.Entry()
	require.Len(t, entry.Lines, 2)
	assert.Equal(t, "5-3100", entry.Lines[0].Account)
	assert.Equal(t, ledger.Credit, entry.Lines[0].Side)
	requireAmount(t, 20_000, entry.Lines[0].Amount)
	assert.Equal(t, kasCode, entry.Lines[1].Account)
	assert.Equal(t, ledger.Debit, entry.Lines[1].Side)
	requireAmount(t, 20_000, entry.Lines[1].Amount)

	books(t, svc, func(b *generalledger.Books) {
		d, c := b.Totals("5-3100", generalledger.Filter{To: feb(1)})
		requireAmount(t, 20_000, d)
		requireAmount(t, 20_000, c)
		requireAmount(t, 50_000, b.Balance(kasCode, generalledger.Filter{To: feb(1)}))
	})

	before := allEvents(t, store)
	_, err = svc.Reverse(ctx, testActor, testCoop, "JU-1", "lagi", calendar.Date{})
	require.ErrorIs(t, err, cooperative.ErrAlreadyReversed)
	requireNothingWritten(t, store, before)

	// A reversal on a later date leaves the days between as they were,
	// and may not be dated before the original.
	postJournal(t, svc, salary("JU-2", feb(2), 10_000))
	before = allEvents(t, store)
	_, err = svc.Reverse(ctx, testActor, testCoop, "JU-2", "salah posting", feb(1))
	requireInputError(t, err, "date", input.WantNotBefore)
	requireNothingWritten(t, store, before)
	_, err = svc.Reverse(ctx, testActor, testCoop, "JU-2", "salah posting", feb(15))
	require.NoError(t, err)
	requireAmount(t, 40_000, glBalance(t, svc, kasCode, feb(14)))
	requireAmount(t, 50_000, glBalance(t, svc, kasCode, feb(15)))

	// Reversing income that was paid in takes the cash out again: refused
	// when the cash has been spent since.
	postJournal(t, svc, app.Journal{Ref: "JU-3", Memo: "jasa giro", On: feb(3), Lines: []ledger.Line{debit(bankCode, 15_000), credit("4-2100", 15_000)}})
	postJournal(t, svc, app.Journal{Ref: "JU-4", Memo: "tarik tunai", On: feb(4), Lines: []ledger.Line{debit(kasCode, 15_000), credit(bankCode, 15_000)}})
	before = allEvents(t, store)
	_, err = svc.Reverse(ctx, testActor, testCoop, "JU-3", "salah posting", calendar.Date{})
	requireCashShort(t, svc, err, bankCode, feb(3), 0, 15_000)
	requireNothingWritten(t, store, before)
}

func TestCloseYearZeroesRevenueAndExpense(t *testing.T) {
	store, svc, _ := setup(t, app.Options{})
	ctx := context.Background()
	d := func(y int, m time.Month, day int) calendar.Date { return calendar.MustNew(y, m, day) }
	admitOn(t, svc, "A-1", d(2025, time.June, 1), "ADM-1", true) // kas 50,000
	income := credit("4-9100", 300_000)
	income.Party = ledger.NonMember
	postJournal(t, svc, app.Journal{Ref: "JU-1", Memo: "sewa tenda", On: d(2025, time.June, 10), Lines: []ledger.Line{debit(kasCode, 300_000), income}})
	postJournal(t, svc, salary("JU-2", d(2025, time.July, 1), 120_000))
	sale, cash := credit("4-3100", 50_000), debit(kasCode, 50_000)
	sale.Unit, sale.Party, cash.Unit = "toko", ledger.Member, "toko"
	postJournal(t, svc, app.Journal{Ref: "JU-3", Memo: "penjualan toko", On: d(2025, time.August, 1), Lines: []ledger.Line{cash, sale}})
	nextYear := credit("4-9100", 10_000)
	nextYear.Party = ledger.NonMember
	postJournal(t, svc, app.Journal{Ref: "JU-4", Memo: "sewa tenda", On: jan(15), Lines: []ledger.Line{debit(kasCode, 10_000), nextYear}})
	before := allEvents(t, store)

	_, err := svc.CloseYear(ctx, testActor, testCoop, 2025)
	var open *cooperative.OpenMonthsError
	require.ErrorAs(t, err, &open)
	assert.Equal(t, 2025, open.Year)
	assert.Len(t, open.Open, 12)
	requireNothingWritten(t, store, before)

	for m := time.January; m <= time.December; m++ {
		_, err := svc.ClosePeriod(ctx, testActor, testCoop, ledger.Month{Year: 2025, Month: m})
		require.NoError(t, err)
	}
	before = allEvents(t, store)
	_, err = svc.CloseYear(ctx, testActor, testCoop, 2026)
	require.ErrorIs(t, err, cooperative.ErrYearNotEnded)
	requireNothingWritten(t, store, before)

	res, err := svc.CloseYear(ctx, testActor, testCoop, 2025)
	require.NoError(t, err)
	require.Len(t, res.Events, 1)
	closing, ok := res.Events[0].Payload.(cooperative.YearClosed)
	require.True(t, ok, "%T", res.Events[0].Payload)
	assert.Equal(t, 2025, closing.Year)
	assert.Equal(t, d(2025, time.December, 31), closing.On)
	requireAmount(t, 230_000, closing.Result)
	type row struct {
		Account, Side, Amount, Unit string
		Party                       ledger.Party
	}
	var got []row
	for _, l := range closing.Lines {
		got = append(got, row{l.Account, l.Side.String(), l.Amount.String(), l.Unit, l.Party})
	}
	sp := ledger.DefaultUnitCode
	assert.ElementsMatch(t, []row{
		{"4-9100", "debit", "300000", sp, ledger.NonMember},
		{"4-3100", "debit", "50000", "toko", ledger.Member},
		{"5-3100", "credit", "120000", sp, ledger.NoParty},
		{"3-5100", "credit", "180000", sp, ledger.NoParty},
		{"3-5100", "credit", "50000", "toko", ledger.NoParty},
	}, got)

	year := generalledger.Filter{From: d(2025, time.January, 1), To: d(2025, time.December, 31), Closing: true}
	books(t, svc, func(b *generalledger.Books) {
		for _, a := range b.State.Chart.Accounts() {
			if a.Heading || (a.Class != ledger.Revenue && a.Class != ledger.Expense) {
				continue
			}
			dr, cr := b.Totals(a.Code, year)
			assert.Truef(t, dr.Equal(cr), "%s after the close: debit %s, credit %s", a.Code, dr, cr)
		}
		requireAmount(t, 230_000, b.Balance("3-5100", year))
		// The statement of results leaves the closing entries out.
		assert.Len(t, b.YearResults(2025), 3)
		requireAmount(t, 300_000, b.Balance("4-9100", generalledger.Filter{From: year.From, To: year.To}))
		// Next year's revenue stays.
		requireAmount(t, 10_000, b.Balance("4-9100", generalledger.Filter{From: jan(1), To: today, Closing: true}))
		// The trial balance still balances.
		dr, cr := money.Zero(), money.Zero()
		for _, a := range b.State.Chart.Accounts() {
			x, y := b.Totals(a.Code, generalledger.Filter{To: today, Closing: true})
			dr, cr = dr.Add(x), cr.Add(y)
		}
		assert.True(t, dr.Equal(cr), "trial balance: debit %s, credit %s", dr, cr)
	})

	// Closing it again writes nothing; its months stay closed.
	before = allEvents(t, store)
	res, err = svc.CloseYear(ctx, testActor, testCoop, 2025)
	require.NoError(t, err)
	assert.True(t, res.Repeated)
	_, err = svc.ReopenPeriod(ctx, testActor, testCoop, ledger.Month{Year: 2025, Month: time.March}, "RAPAT-1", "koreksi")
	require.ErrorIs(t, err, cooperative.ErrYearClosed)
	requireNothingWritten(t, store, before)
}

// importCSV runs the importer on rows under the format's header.
func importCSV(t *testing.T, svc *app.Service, rows ...string) (importer.Summary, error) {
	t.Helper()
	data := "date,member,kind,amount,ref\n" + strings.Join(rows, "\n") + "\n"
	return importer.Run(context.Background(), svc, testActor, testCoop, strings.NewReader(data), int64(len(data)), importer.Options{})
}

// requireRowCashShort checks an import refused for one row's want of
// cash.
func requireRowCashShort(t *testing.T, err error, line int, available, amount int64) {
	t.Helper()
	var rows *importer.RowsError
	require.ErrorAs(t, err, &rows)
	require.Equal(t, 1, rows.Count, "%v", err)
	assert.Equal(t, line, rows.Rows[0].Line)
	var short *ledger.InsufficientCashError
	require.ErrorAs(t, rows.Rows[0].Err, &short)
	assert.Equal(t, kasCode, short.Account)
	requireAmount(t, available, short.Available, "available")
	requireAmount(t, amount, short.Amount, "amount")
}

// importSetup leaves A-1 with 100,000 sukarela paid through the bank and
// kas empty, and B-1 admitted.
func importSetup(t *testing.T) (eventstore.Store, *app.Service) {
	store, svc, _ := setup(t, app.Options{})
	admitOn(t, svc, "A-1", jan(5), "ADM-1", true, app.Via(bankCode))
	admitOn(t, svc, "B-1", jan(5), "ADM-2", false)
	depositOn(t, svc, "A-1", savings.Sukarela, 100_000, jan(6), "DEP-1", app.Via(bankCode))
	requireAmount(t, 0, glBalance(t, svc, kasCode, today))
	return store, svc
}

func TestImportWithdrawalPaidByAnEarlierDepositRow(t *testing.T) {
	store, svc := importSetup(t)
	before := allEvents(t, store)

	// Alone, the withdrawal finds kas empty.
	_, err := importCSV(t, svc, "2026-02-12,A-1,withdraw_sukarela,60000,IMP-2")
	requireRowCashShort(t, err, 2, 0, 60_000)
	requireNothingWritten(t, store, before)

	// A deposit earlier in the file pays it.
	sum, err := importCSV(t, svc,
		"2026-02-10,B-1,deposit_sukarela,80000,IMP-1",
		"2026-02-12,A-1,withdraw_sukarela,60000,IMP-2")
	require.NoError(t, err)
	assert.Equal(t, 2, sum.Written)
	require.Len(t, allEvents(t, store), len(before)+2)
	requireAmount(t, 80_000, glBalance(t, svc, kasCode, feb(11)))
	requireAmount(t, 20_000, glBalance(t, svc, kasCode, feb(12)))
	requireAmount(t, 40_000, balance(t, svc, "A-1", savings.Sukarela))
	requireVerified(t, store)
}

func TestImportThatWouldMakeKasNegativeWritesNothing(t *testing.T) {
	store, svc := importSetup(t)
	before := allEvents(t, store)

	// The deposit comes first in the file but is dated after the
	// withdrawal: on the withdrawal's date kas is still empty.
	_, err := importCSV(t, svc,
		"2026-02-15,B-1,deposit_sukarela,80000,IMP-1",
		"2026-02-12,A-1,withdraw_sukarela,60000,IMP-2")
	requireRowCashShort(t, err, 3, 0, 60_000)
	requireNothingWritten(t, store, before)

	// Two withdrawals that together take more than the deposit brought.
	_, err = importCSV(t, svc,
		"2026-02-10,B-1,deposit_sukarela,80000,IMP-1",
		"2026-02-12,A-1,withdraw_sukarela,60000,IMP-2",
		"2026-02-13,A-1,withdraw_sukarela,30000,IMP-3")
	requireRowCashShort(t, err, 4, 20_000, 30_000)
	requireNothingWritten(t, store, before)

	// A backdated withdrawal in the file may not leave a later day of the
	// ledger below zero: kas pays 70,000 of salaries on 20 February.
	postJournal(t, svc, app.Journal{Ref: "JU-1", Memo: "setor ke kas", On: feb(1), Lines: []ledger.Line{debit(kasCode, 70_000), credit(bankCode, 70_000)}})
	postJournal(t, svc, salary("JU-2", feb(20), 70_000))
	before = allEvents(t, store)
	_, err = importCSV(t, svc, "2026-02-05,A-1,withdraw_sukarela,10000,IMP-4")
	requireRowCashShort(t, err, 2, 0, 10_000)
	requireNothingWritten(t, store, before)
}

// pausedReader holds its first read until released, so that a test can
// act while an import has begun and not yet read its file.
type pausedReader struct {
	data     string
	started  chan struct{}
	released chan struct{}
	read     bool
}

func (r *pausedReader) Read(p []byte) (int, error) {
	if r.read {
		return 0, io.EOF
	}
	close(r.started)
	<-r.released
	r.read = true
	if len(p) < len(r.data) {
		return 0, io.ErrShortBuffer
	}
	return copy(p, r.data), io.EOF
}

// An import decides its withdrawals against the cash it read when it
// began. A payment the service makes meanwhile must not count the same
// cash: one of the two has to be refused.
func TestImportAndAConcurrentPaymentNeverOverdrawKas(t *testing.T) {
	store, svc := importSetup(t)
	ctx := context.Background()
	depositOn(t, svc, "B-1", savings.Sukarela, 100_000, feb(1), "DEP-2") // kas 100,000
	r := &pausedReader{
		data:    "date,member,kind,amount,ref\n2026-02-12,A-1,withdraw_sukarela,60000,IMP-1\n",
		started: make(chan struct{}), released: make(chan struct{}),
	}
	imported := make(chan error, 1)
	go func() {
		_, err := importer.Run(ctx, svc, testActor, testCoop, r, 0, importer.Options{})
		imported <- err
	}()
	<-r.started // the import has read the cash accounts

	// The payment runs while the import is under way; whichever gets the
	// cash first, the other must see it spent.
	paid := make(chan error, 1)
	go func() {
		_, err := svc.PostJournal(ctx, testActor, testCoop, "", salary("JU-1", feb(12), 100_000))
		paid <- err
	}()
	close(r.released)
	importErr := <-imported
	paidErr := <-paid

	t.Logf("salary: %v; import: %v", paidErr, importErr)
	assert.False(t, paidErr == nil && importErr == nil, "the salary and the import's withdrawal were both paid from the same 100,000 of kas")
	for on := feb(1); !on.After(today); on = on.AddDays(1) {
		b := glBalance(t, svc, kasCode, on)
		require.Falsef(t, b.IsNegative(), "kas is %s at the end of %s", b, on)
	}
	requireVerified(t, store)
}

// The members' savings accounts are control accounts: their balance is
// the sum of the members' balances, which only member transactions move.
// A journal entry to one of them has no member, so the sum and the
// account would disagree from then on.
func TestJournalMayNotPostToMembersSavingsAccounts(t *testing.T) {
	store, svc, _ := setup(t, app.Options{})
	ctx := context.Background()
	admitOn(t, svc, "A-1", jan(5), "ADM-1", true)
	depositOn(t, svc, "A-1", savings.Sukarela, 100_000, jan(6), "DEP-1")
	before := allEvents(t, store)

	for _, code := range []string{"2-1100", "3-1100", "3-1200"} {
		_, err := svc.PostJournal(ctx, testActor, testCoop, "", app.Journal{Ref: "JU-" + code, Memo: "setoran tanpa anggota", On: feb(1),
			Lines: []ledger.Line{debit(kasCode, 10_000), credit(code, 10_000)}})
		assert.Errorf(t, err, "a journal entry to %s was accepted", code)
	}
	requireNothingWritten(t, store, before)
}
