package app_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
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
	"github.com/lumbung-ledger/lumbung/internal/codec"
	"github.com/lumbung-ledger/lumbung/internal/eventstore"
	"github.com/lumbung-ledger/lumbung/internal/projector"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
)

// Edge cases of the books that once went wrong.

// TestStoreRegisteredBeforeCharts: a store written before charts were
// recorded holds the cooperative's registration and no chart adopted
// after it. The cooperative has the default chart: members are admitted
// and deposit, and the general ledger posts their money.
func TestStoreRegisteredBeforeCharts(t *testing.T) {
	ctx := context.Background()
	store := openStore(t, filepath.Join(t.TempDir(), "lama.db"))
	stream := codec.CooperativeStream(string(testCoop))
	data, _, err := codec.Events().Encode(stream, 0, codec.Hash{}, codec.Meta{
		ID: app.EventID(string(testCoop), "registered"), Coop: string(testCoop), Recorded: fixedNow.Add(-30 * 24 * time.Hour), Actor: string(testActor),
	}, cooperative.Registered{Coop: testCoop, Name: "Koperasi Lama", Policy: testPolicy(), On: calendar.MustNew(2025, time.December, 1)})
	require.NoError(t, err)
	_, err = store.Append(ctx, stream, eventstore.NoStream(), []eventstore.EventData{data})
	require.NoError(t, err)

	svc := newService(store, app.Options{})
	st, err := svc.Cooperative(ctx, testCoop)
	require.NoError(t, err)
	require.False(t, st.Chart.IsZero(), "the cooperative has no chart")
	assert.Equal(t, ledger.DefaultChart(calendar.MustNew(2025, time.December, 1)).Accounts(), st.Chart.Accounts())

	admitOn(t, svc, "A-1", jan(5), "ADM-1", true)
	depositOn(t, svc, "A-1", savings.Sukarela, 100_000, jan(6), "DEP-1")
	requireAmount(t, 100_000, balance(t, svc, "A-1", savings.Sukarela))

	gl := generalledger.New()
	require.NotPanics(t, func() {
		_, err = projector.New(store, nil).Rebuild(ctx, gl)
	})
	require.NoError(t, err)
	b, ok := gl.Books(string(testCoop))
	require.True(t, ok)
	end := generalledger.Filter{To: jan(31), Closing: true}
	requireAmount(t, 150_000, b.Balance(kasCode, end), "kas: pokok and the deposit")
	requireAmount(t, 100_000, b.Balance("2-1100", end), "simpanan sukarela")
	requireAmount(t, 50_000, b.Balance("3-1100", end), "simpanan pokok")
	d, c := b.Totals(kasCode, generalledger.Filter{From: jan(6), To: jan(6)})
	requireAmount(t, 100_000, d, "the deposit is a debit to kas")
	requireAmount(t, 0, c)
	d, c = b.Totals("2-1100", generalledger.Filter{From: jan(6), To: jan(6)})
	requireAmount(t, 0, d)
	requireAmount(t, 100_000, c, "and a credit to simpanan sukarela")

	// The service's own ledger agrees.
	requireAmount(t, 150_000, glBalance(t, svc, kasCode, jan(31)))
	requireAmount(t, 100_000, glBalance(t, svc, "2-1100", jan(31)))
	requireVerified(t, store)
}

// TestYearCloseLocksEarlierYears: once 2025 is closed nothing may be
// dated in 2024, whose months were never closed, nor may 2024 be closed.
func TestYearCloseLocksEarlierYears(t *testing.T) {
	ctx := context.Background()
	store := openStore(t, filepath.Join(t.TempDir(), "l.db"))
	svc := newService(store, app.Options{})
	_, err := svc.Register(ctx, testActor, cooperative.Register{Coop: testCoop, Name: "Koperasi Test", Policy: testPolicy(), On: calendar.MustNew(2024, time.January, 2)})
	require.NoError(t, err)
	admitOn(t, svc, "A-1", calendar.MustNew(2024, time.January, 5), "ADM-1", true)
	depositOn(t, svc, "A-1", savings.Sukarela, 100_000, calendar.MustNew(2024, time.February, 1), "DEP-1")
	for m := time.January; m <= time.December; m++ {
		_, err := svc.ClosePeriod(ctx, testActor, testCoop, ledger.Month{Year: 2025, Month: m})
		require.NoError(t, err)
	}
	_, err = svc.CloseYear(ctx, testActor, testCoop, 2025)
	require.NoError(t, err)
	before := allEvents(t, store)

	june10 := calendar.MustNew(2024, time.June, 10)
	june := ledger.Month{Year: 2024, Month: time.June}
	for _, tt := range []struct {
		name string
		run  func() (app.Result, error)
	}{
		{"journal", func() (app.Result, error) {
			return svc.PostJournal(ctx, testActor, testCoop, "", app.Journal{Ref: "JU-OLD", Memo: "jasa giro", On: june10,
				Lines: []ledger.Line{debit(kasCode, 10_000), credit("4-9100", 10_000)}})
		}},
		{"deposit", func() (app.Result, error) {
			return svc.Deposit(ctx, testActor, testCoop, "A-1", savings.Wajib, money.New(10_000), june10, "DEP-OLD")
		}},
		{"withdrawal", func() (app.Result, error) {
			return svc.Withdraw(ctx, testActor, testCoop, "A-1", savings.Sukarela, money.New(1_000), june10, "WD-OLD")
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.run()
			var closed *ledger.ClosedPeriodError
			require.ErrorAs(t, err, &closed)
			assert.Equal(t, &ledger.ClosedPeriodError{Period: june, On: june10}, closed)
			requireNothingWritten(t, store, before)
		})
	}
	t.Run("reopening a month never closed", func(t *testing.T) {
		_, err := svc.ReopenPeriod(ctx, testActor, testCoop, june, "SK-09", "koreksi")
		require.ErrorIs(t, err, cooperative.ErrYearClosed)
		requireNothingWritten(t, store, before)
	})
	t.Run("closing the earlier year", func(t *testing.T) {
		_, err := svc.CloseYear(ctx, testActor, testCoop, 2024)
		require.ErrorIs(t, err, cooperative.ErrYearClosed)
		requireNothingWritten(t, store, before)
	})

	// The year after is open.
	depositOn(t, svc, "A-1", savings.Wajib, 10_000, jan(10), "DEP-NEW")
}

// TestCloseAccountAfterItsLastPosting: an account brought back to zero
// closes only from a date after its last posting.
func TestCloseAccountAfterItsLastPosting(t *testing.T) {
	store, svc, _ := setup(t, app.Options{})
	ctx := context.Background()
	admitOn(t, svc, "A-1", jan(5), "ADM-1", true) // kas 50,000
	postJournal(t, svc, app.Journal{Ref: "JU-1", Memo: "simpanan di koperasi sekunder", On: jan(10),
		Lines: []ledger.Line{debit("1-1300", 30_000), credit(kasCode, 30_000)}})
	_, err := svc.Reverse(ctx, testActor, testCoop, "JU-1", "ditarik kembali", jan(20))
	require.NoError(t, err)
	requireAmount(t, 0, glBalance(t, svc, "1-1300", feb(28)))
	before := allEvents(t, store)

	for _, on := range []calendar.Date{jan(10), jan(15), jan(20)} {
		_, err := svc.CloseAccount(ctx, testActor, testCoop, "1-1300", on)
		var bad *input.Error
		require.ErrorAs(t, err, &bad, "closing on %s", on)
		assert.Equal(t, &input.Error{Field: "date", Value: on.String(), Want: input.WantAfterLastPosting, Bound: "2026-01-20"}, bad)
		requireNothingWritten(t, store, before)
	}

	res, err := svc.CloseAccount(ctx, testActor, testCoop, "1-1300", jan(21))
	require.NoError(t, err)
	require.Len(t, res.Events, 1)
	assert.Equal(t, jan(21), res.Events[0].Payload.(cooperative.AccountClosed).On)
}

func requireDuplicateRef(t *testing.T, err error, ref string, m member.ID) {
	t.Helper()
	var dup *member.DuplicateRefError
	require.ErrorAs(t, err, &dup)
	assert.Equal(t, &member.DuplicateRefError{Ref: ref, Member: m}, dup)
}

// TestRepeatComparesTheCashAccount: a deposit or withdrawal under a
// recorded reference through another cash account is another
// transaction; kas named explicitly is the kas recorded as none.
func TestRepeatComparesTheCashAccount(t *testing.T) {
	store, svc, _ := setup(t, app.Options{})
	ctx := context.Background()
	admitOn(t, svc, "A-1", jan(5), "ADM-1", true)
	depositOn(t, svc, "A-1", savings.Sukarela, 100_000, jan(6), "DEP-1")
	depositOn(t, svc, "A-1", savings.Sukarela, 70_000, jan(6), "DEP-2", app.Via(bankCode))
	_, err := svc.Withdraw(ctx, testActor, testCoop, "A-1", savings.Sukarela, money.New(5_000), jan(7), "WD-1")
	require.NoError(t, err)
	before := allEvents(t, store)

	dep := func(ref string, amount int64, through ...app.Via) func() (app.Result, error) {
		return func() (app.Result, error) {
			return svc.Deposit(ctx, testActor, testCoop, "A-1", savings.Sukarela, money.New(amount), jan(6), ref, through...)
		}
	}
	wd := func(through ...app.Via) func() (app.Result, error) {
		return func() (app.Result, error) {
			return svc.Withdraw(ctx, testActor, testCoop, "A-1", savings.Sukarela, money.New(5_000), jan(7), "WD-1", through...)
		}
	}
	tests := []struct {
		name     string
		ref      string
		run      func() (app.Result, error)
		repeated bool // else refused as a duplicate reference
	}{
		{"a kas deposit again through the bank", "DEP-1", dep("DEP-1", 100_000, app.Via(bankCode)), false},
		{"a kas deposit again naming kas", "DEP-1", dep("DEP-1", 100_000, app.Via(kasCode)), true},
		{"a kas deposit again naming none", "DEP-1", dep("DEP-1", 100_000), true},
		{"a bank deposit again naming none", "DEP-2", dep("DEP-2", 70_000), false},
		{"a bank deposit again naming kas", "DEP-2", dep("DEP-2", 70_000, app.Via(kasCode)), false},
		{"a bank deposit again through the bank", "DEP-2", dep("DEP-2", 70_000, app.Via(bankCode)), true},
		{"a kas withdrawal again from the bank", "WD-1", wd(app.Via(bankCode)), false},
		{"a kas withdrawal again naming kas", "WD-1", wd(app.Via(kasCode)), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := tt.run()
			if tt.repeated {
				require.NoError(t, err)
				assert.True(t, res.Repeated)
			} else {
				require.Error(t, err, "reported as repeated: %+v", res)
				requireDuplicateRef(t, err, tt.ref, "A-1")
			}
			requireNothingWritten(t, store, before)
		})
	}
}

// TestJournalRepeatComparesNormalizedLines: a journal entry posted again
// under its reference is a repeat when its lines are the ones recorded
// once the default unit is filled in and parties are dropped from lines
// that are neither revenue nor expense; a party or unit that differs on a
// revenue line makes it another entry.
func TestJournalRepeatComparesNormalizedLines(t *testing.T) {
	store, svc, _ := setup(t, app.Options{})
	ctx := context.Background()
	revenue := func(party ledger.Party, unit string) ledger.Line {
		l := credit("4-9100", 10_000)
		l.Party, l.Unit = party, unit
		return l
	}
	kas := func(party ledger.Party, unit string) ledger.Line {
		l := debit(kasCode, 10_000)
		l.Party, l.Unit = party, unit
		return l
	}
	entry := func(ref string, lines ...ledger.Line) app.Journal {
		return app.Journal{Ref: ref, Memo: "jasa", On: feb(1), Lines: lines}
	}
	postJournal(t, svc, entry("JU-1", kas("", ""), revenue(ledger.Member, "")))
	postJournal(t, svc, entry("JU-2", kas("", "toko"), revenue("", "toko")))
	postJournal(t, svc, entry("JU-3", kas("", ""), revenue("", "")))
	before := allEvents(t, store)

	sp := ledger.DefaultUnitCode
	tests := []struct {
		name     string
		again    app.Journal
		repeated bool
	}{
		{"the same", entry("JU-1", kas("", ""), revenue(ledger.Member, "")), true},
		{"the default unit spelled out", entry("JU-1", kas("", sp), revenue(ledger.Member, sp)), true},
		{"a party on the kas line, which records none", entry("JU-1", kas(ledger.Member, ""), revenue(ledger.Member, "")), true},
		{"the revenue line's party left out", entry("JU-1", kas("", ""), revenue("", "")), false},
		{"another party on the revenue line", entry("JU-1", kas("", ""), revenue(ledger.NonMember, "")), false},
		{"another unit", entry("JU-1", kas("", "toko"), revenue(ledger.Member, "toko")), false},
		{"a unit recorded as toko left out", entry("JU-2", kas("", ""), revenue("", "")), false},
		{"a unit recorded as toko named", entry("JU-2", kas("", "toko"), revenue("", "toko")), true},
		{"a party added to a revenue line recorded without", entry("JU-3", kas("", ""), revenue(ledger.Member, "")), false},
	}
	for _, fresh := range []bool{false, true} {
		s := svc
		if fresh {
			s = newService(store, app.Options{})
		}
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%s fresh=%v", tt.name, fresh), func(t *testing.T) {
				res, err := s.PostJournal(ctx, testActor, testCoop, "", tt.again)
				if tt.repeated {
					require.NoError(t, err)
					assert.True(t, res.Repeated)
				} else {
					require.Error(t, err, "reported as repeated: %+v", res)
					requireDuplicateRef(t, err, tt.again.Ref, "")
				}
				requireNothingWritten(t, store, before)
			})
		}
	}
	// A batch decides repeats the same way.
	_, err := svc.PostJournals(ctx, testActor, testCoop, []app.Journal{entry("JU-1", kas("", ""), revenue("", ""))}, false)
	var refused app.JournalErrors
	require.ErrorAs(t, err, &refused)
	require.Len(t, refused, 1)
	requireDuplicateRef(t, refused[0].Err, "JU-1", "")
	res, err := svc.PostJournals(ctx, testActor, testCoop, []app.Journal{entry("JU-1", kas(ledger.Member, sp), revenue(ledger.Member, ""))}, false)
	require.NoError(t, err)
	assert.Equal(t, app.JournalBatchResult{Repeated: 1}, res)
	requireNothingWritten(t, store, before)
}

// reversals counts the reversal events of ref in the log.
func reversals(t *testing.T, store eventstore.Store, ref string) int {
	t.Helper()
	n := 0
	for _, rec := range allEvents(t, store) {
		if rec.Type != "JournalEntryReversed" {
			continue
		}
		e, err := codec.Events().Decode(rec)
		require.NoError(t, err)
		if e.Payload.(cooperative.JournalReversed).Ref == ref {
			n++
		}
	}
	return n
}

// TestReversalRacedByAnotherWriter: another writer reverses the entry
// between this service's decision and its append. The reversal is
// refused as already reversed, not with the store's duplicate id.
func TestReversalRacedByAnotherWriter(t *testing.T) {
	store, svc1, _ := setup(t, app.Options{})
	ctx := context.Background()
	admitOn(t, svc1, "A-1", jan(5), "ADM-1", true)
	postJournal(t, svc1, salary("JU-1", feb(1), 1_000))
	racer := &raceStore{Store: store, before: func() {
		_, err := svc1.Reverse(ctx, "bendahara-1", testCoop, "JU-1", "salah posting", calendar.Date{})
		require.NoError(t, err)
	}}
	svc2 := newService(racer, app.Options{})

	_, err := svc2.Reverse(ctx, "bendahara-2", testCoop, "JU-1", "salah posting", calendar.Date{})
	require.ErrorIs(t, err, cooperative.ErrAlreadyReversed)
	assert.False(t, errors.Is(err, eventstore.ErrDuplicateEventID), "the store's refusal leaks: %v", err)
	assert.Equal(t, 1, reversals(t, store, "JU-1"))
	requireVerified(t, store)
}

// TestConcurrentReversalsOfAJournal: two goroutines reverse the same
// entry at once: exactly one succeeds, the other is told the entry is
// reversed already.
func TestConcurrentReversalsOfAJournal(t *testing.T) {
	const entries = 10
	for _, shared := range []bool{true, false} {
		t.Run(fmt.Sprintf("shared service %v", shared), func(t *testing.T) {
			store, svc, _ := setup(t, app.Options{})
			ctx := context.Background()
			admitOn(t, svc, "A-1", jan(5), "ADM-1", true)
			services := [2]*app.Service{svc, svc}
			if !shared {
				services[1] = newService(store, app.Options{})
			}
			for i := range entries {
				ref := fmt.Sprintf("JU-%d", i)
				postJournal(t, svc, salary(ref, feb(1), 1_000))
				// Both services know the entry before the race.
				_, err := services[1].Cooperative(ctx, testCoop)
				require.NoError(t, err)

				var wg sync.WaitGroup
				start := make(chan struct{})
				errs := make([]error, 2)
				for g := range 2 {
					wg.Go(func() {
						<-start
						_, errs[g] = services[g].Reverse(ctx, app.Actor(fmt.Sprintf("bendahara-%d", g)), testCoop, ref, "salah posting", calendar.Date{})
					})
				}
				close(start)
				wg.Wait()

				ok, already := 0, 0
				for _, err := range errs {
					switch {
					case err == nil:
						ok++
					case errors.Is(err, cooperative.ErrAlreadyReversed):
						already++
					default:
						t.Errorf("%s: unexpected error %v", ref, err)
					}
				}
				assert.Equal(t, 1, ok, "%s: successes", ref)
				assert.Equal(t, 1, already, "%s: refused as already reversed", ref)
				assert.Equal(t, 1, reversals(t, store, ref), "%s: reversals in the log", ref)
			}
			requireVerified(t, store)
		})
	}
}
