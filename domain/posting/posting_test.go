package posting_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/policy"
	"github.com/lumbung-ledger/lumbung/domain/posting"
	"github.com/lumbung-ledger/lumbung/domain/savings"
)

// The accounts of the default chart the rules use.
const (
	kas      = "1-1100" // RoleCash
	bank     = "1-1200" // a cash account chosen by name
	pokok    = "3-1100"
	wajib    = "3-1200"
	sukarela = "2-1100"
	entryFee = "4-9200"
	sp       = ledger.DefaultUnitCode
)

var (
	opened = calendar.MustNew(2025, time.January, 2)
	chart  = ledger.DefaultChart(opened)
)

func day(m time.Month, d int) calendar.Date { return calendar.MustNew(2025, m, d) }

func rp(n int64) money.Amount { return money.New(n) }

// dr and cr are lines of the default unit with no party.
func dr(account string, amount int64) ledger.Line {
	return ledger.Line{Account: account, Side: ledger.Debit, Amount: rp(amount), Unit: sp}
}

func cr(account string, amount int64) ledger.Line {
	return ledger.Line{Account: account, Side: ledger.Credit, Amount: rp(amount), Unit: sp}
}

func entry(on calendar.Date, lines ...ledger.Line) ledger.Entry {
	return ledger.Entry{On: on, Lines: lines}
}

// describe renders entries with amounts and dates by their String
// methods, so that equal amounts compare equal whatever their exponent.
func describe(entries []ledger.Entry) []string {
	if entries == nil {
		return nil
	}
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = fmt.Sprintf("%+v", e)
	}
	return out
}

func deposited(p savings.Product, amount int64, cash string) savings.Deposited {
	return savings.Deposited{Product: p, Amount: rp(amount), Ref: "dep-1", On: day(time.February, 1), Cash: cash}
}

func withdrawn(p savings.Product, amount int64, cash string) savings.Withdrawn {
	return savings.Withdrawn{Product: p, Amount: rp(amount), Ref: "wd-1", On: day(time.March, 1), Cash: cash}
}

func exitSettled(pokokRefund, wajibRefund, sukarelaRefund int64, cash string) member.ExitSettled {
	return member.ExitSettled{
		Ref: "exit-1", Pokok: rp(pokokRefund), Wajib: rp(wajibRefund), Sukarela: rp(sukarelaRefund),
		LoanOffset: money.Zero(), NetPayout: rp(pokokRefund + wajibRefund + sukarelaRefund),
		Reason: "pindah domisili", On: day(time.June, 1), Cash: cash,
	}
}

func TestEntries(t *testing.T) {
	feb1, mar1, jun1 := day(time.February, 1), day(time.March, 1), day(time.June, 1)
	tests := []struct {
		name  string
		event any
		want  []ledger.Entry
	}{
		{
			name:  "simpanan pokok paid into kas",
			event: deposited(savings.Pokok, 100_000, kas),
			want:  []ledger.Entry{entry(feb1, dr(kas, 100_000), cr(pokok, 100_000))},
		},
		{
			name:  "simpanan wajib paid into kas",
			event: deposited(savings.Wajib, 50_000, kas),
			want:  []ledger.Entry{entry(feb1, dr(kas, 50_000), cr(wajib, 50_000))},
		},
		{
			name:  "simpanan sukarela paid into kas",
			event: deposited(savings.Sukarela, 500_000, kas),
			want:  []ledger.Entry{entry(feb1, dr(kas, 500_000), cr(sukarela, 500_000))},
		},
		{
			name:  "a deposit naming no cash account goes to kas",
			event: deposited(savings.Sukarela, 500_000, ""),
			want:  []ledger.Entry{entry(feb1, dr(kas, 500_000), cr(sukarela, 500_000))},
		},
		{
			name:  "a deposit into the bank",
			event: deposited(savings.Wajib, 50_000, bank),
			want:  []ledger.Entry{entry(feb1, dr(bank, 50_000), cr(wajib, 50_000))},
		},
		{
			name:  "a deposit of cents",
			event: savings.Deposited{Product: savings.Sukarela, Amount: money.NewMinor(1_050, 2), Ref: "dep-2", On: feb1},
			want: []ledger.Entry{entry(feb1,
				ledger.Line{Account: kas, Side: ledger.Debit, Amount: money.NewMinor(105, 1), Unit: sp},
				ledger.Line{Account: sukarela, Side: ledger.Credit, Amount: money.NewMinor(105, 1), Unit: sp},
			)},
		},
		{
			name:  "a sukarela withdrawal from kas",
			event: withdrawn(savings.Sukarela, 400_000, kas),
			want:  []ledger.Entry{entry(mar1, cr(kas, 400_000), dr(sukarela, 400_000))},
		},
		{
			name:  "a withdrawal naming no cash account comes from kas",
			event: withdrawn(savings.Sukarela, 400_000, ""),
			want:  []ledger.Entry{entry(mar1, cr(kas, 400_000), dr(sukarela, 400_000))},
		},
		{
			name:  "a withdrawal from the bank",
			event: withdrawn(savings.Sukarela, 400_000, bank),
			want:  []ledger.Entry{entry(mar1, cr(bank, 400_000), dr(sukarela, 400_000))},
		},
		{
			name:  "admission with an entry fee",
			event: member.Admitted{Member: "A-001", Name: "Siti Rahayu", Ref: "adm-1", EntryFee: rp(25_000), PolicyVersion: 1, On: feb1, Cash: kas},
			want: []ledger.Entry{entry(feb1,
				dr(kas, 25_000),
				ledger.Line{Account: entryFee, Side: ledger.Credit, Amount: rp(25_000), Unit: sp, Party: ledger.Member},
			)},
		},
		{
			name:  "admission with an entry fee paid into the bank",
			event: member.Admitted{Member: "A-001", Name: "Siti Rahayu", Ref: "adm-1", EntryFee: rp(25_000), PolicyVersion: 1, On: feb1, Cash: bank},
			want: []ledger.Entry{entry(feb1,
				dr(bank, 25_000),
				ledger.Line{Account: entryFee, Side: ledger.Credit, Amount: rp(25_000), Unit: sp, Party: ledger.Member},
			)},
		},
		{
			name:  "admission with an entry fee, naming no cash account",
			event: member.Admitted{Member: "A-001", Name: "Siti Rahayu", Ref: "adm-1", EntryFee: rp(25_000), PolicyVersion: 1, On: feb1},
			want: []ledger.Entry{entry(feb1,
				dr(kas, 25_000),
				ledger.Line{Account: entryFee, Side: ledger.Credit, Amount: rp(25_000), Unit: sp, Party: ledger.Member},
			)},
		},
		{
			name:  "admission without an entry fee",
			event: member.Admitted{Member: "A-001", Name: "Siti Rahayu", Ref: "adm-1", EntryFee: money.Zero(), PolicyVersion: 1, On: feb1, Cash: kas},
		},
		{
			name:  "admission with an entry fee never set",
			event: member.Admitted{Member: "A-001", Name: "Siti Rahayu", Ref: "adm-1", PolicyVersion: 1, On: feb1},
		},
		{
			name:  "exit: every product refunded, the net paid from kas",
			event: exitSettled(100_000, 50_000, 100_000, kas),
			want:  []ledger.Entry{entry(jun1, dr(pokok, 100_000), dr(wajib, 50_000), dr(sukarela, 100_000), cr(kas, 250_000))},
		},
		{
			name:  "exit naming no cash account pays from kas",
			event: exitSettled(100_000, 50_000, 100_000, ""),
			want:  []ledger.Entry{entry(jun1, dr(pokok, 100_000), dr(wajib, 50_000), dr(sukarela, 100_000), cr(kas, 250_000))},
		},
		{
			name:  "exit paid from the bank",
			event: exitSettled(100_000, 50_000, 100_000, bank),
			want:  []ledger.Entry{entry(jun1, dr(pokok, 100_000), dr(wajib, 50_000), dr(sukarela, 100_000), cr(bank, 250_000))},
		},
		{
			name:  "exit with nothing in sukarela",
			event: exitSettled(100_000, 50_000, 0, kas),
			want:  []ledger.Entry{entry(jun1, dr(pokok, 100_000), dr(wajib, 50_000), cr(kas, 150_000))},
		},
		{
			name:  "exit of a member who never paid pokok",
			event: exitSettled(0, 0, 75_000, kas),
			want:  []ledger.Entry{entry(jun1, dr(sukarela, 75_000), cr(kas, 75_000))},
		},
		{
			name:  "exit with nothing to refund",
			event: exitSettled(0, 0, 0, kas),
		},
		{
			name:  "a journal entry carries its lines",
			event: cooperative.JournalPosted{Ref: "JU-1", Memo: "Sewa", On: jun1, Lines: []ledger.Line{dr("5-3400", 1_500_000), cr(kas, 1_500_000)}},
			want:  []ledger.Entry{entry(jun1, dr("5-3400", 1_500_000), cr(kas, 1_500_000))},
		},
		{
			name: "a journal entry's units and parties are kept",
			event: cooperative.JournalPosted{Ref: "JU-1", Memo: "Penjualan", On: jun1, Lines: []ledger.Line{
				{Account: kas, Side: ledger.Debit, Amount: rp(300), Unit: "toko"},
				{Account: "4-3100", Side: ledger.Credit, Amount: rp(300), Unit: "toko", Party: ledger.NonMember},
			}},
			want: []ledger.Entry{entry(jun1,
				ledger.Line{Account: kas, Side: ledger.Debit, Amount: rp(300), Unit: "toko"},
				ledger.Line{Account: "4-3100", Side: ledger.Credit, Amount: rp(300), Unit: "toko", Party: ledger.NonMember},
			)},
		},
		{
			name:  "a journal reversal: the original's lines on the other sides, on its date",
			event: cooperative.JournalReversed{Ref: "JU-1", Reason: "salah akun", On: day(time.June, 20), Lines: []ledger.Line{dr("5-3400", 1_500_000), cr(kas, 1_500_000)}},
			want:  []ledger.Entry{corrects(entry(day(time.June, 20), cr("5-3400", 1_500_000), dr(kas, 1_500_000)))},
		},
		{
			name: "the year closed",
			event: cooperative.YearClosed{Year: 2025, Result: rp(700), On: calendar.MustNew(2025, time.December, 31), Lines: []ledger.Line{
				dr("4-1100", 1_000), cr("5-3100", 300), cr("3-5100", 700),
			}},
			want: []ledger.Entry{{On: calendar.MustNew(2025, time.December, 31), Closing: true, Lines: []ledger.Line{
				dr("4-1100", 1_000), cr("5-3100", 300), cr("3-5100", 700),
			}}},
		},
		{
			name:  "a year closed with nothing to close",
			event: cooperative.YearClosed{Year: 2025, Result: money.Zero(), On: calendar.MustNew(2025, time.December, 31)},
		},

		// Events that move no money.
		{name: "registered", event: cooperative.Registered{Coop: "k", Name: "K", Policy: policy.Default(rp(100_000), rp(50_000)), On: opened}},
		{name: "policy changed", event: cooperative.PolicyChanged{Policy: policy.Default(rp(100_000), rp(50_000)), From: opened}},
		{name: "chart adopted", event: cooperative.ChartAdopted{Accounts: chart.Accounts(), Units: chart.Units(), On: opened}},
		{name: "account added", event: cooperative.AccountAdded{Account: ledger.Account{Code: "5-3700", Name: "Transport", Class: ledger.Expense, Group: "5-3"}, On: opened}},
		{name: "account renamed", event: cooperative.AccountRenamed{Code: "5-3400", Name: "Sewa kantor", On: opened}},
		{name: "account closed", event: cooperative.AccountClosed{Code: "5-3400", Balance: money.Zero(), On: opened}},
		{name: "unit added", event: cooperative.UnitAdded{Unit: ledger.Unit{Code: "klinik", Name: "Klinik"}, On: opened}},
		{name: "period closed", event: cooperative.PeriodClosed{Period: ledger.Month{Year: 2025, Month: time.May}}},
		{name: "period reopened", event: cooperative.PeriodReopened{Period: ledger.Month{Year: 2025, Month: time.May}, Reason: "koreksi"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := posting.Entries(tt.event, chart)
			if tt.want == nil {
				assert.Nil(t, got, "no entries")
				return
			}
			assert.Equal(t, describe(tt.want), describe(got))
			for _, e := range got {
				require.NoError(t, e.Check(), "every entry balances")
			}
		})
	}
}

// TestReversalsUndoTheOriginal: a savings reversal makes exactly the
// original's lines on the other sides, through the original's cash
// account, on the reversal's date.
func TestReversalsUndoTheOriginal(t *testing.T) {
	on := day(time.April, 15)
	tests := []struct {
		name     string
		original any
		reversal savings.Reversed
	}{}
	for _, p := range savings.Products() {
		for _, cash := range []string{"", kas, bank} {
			d := deposited(p, 120_000, cash)
			tests = append(tests, struct {
				name     string
				original any
				reversal savings.Reversed
			}{
				name:     fmt.Sprintf("deposit of %s through %q", p, cash),
				original: d,
				reversal: savings.Reversed{Ref: d.Ref, Original: savings.KindDeposit, Product: p, Amount: d.Amount, Reason: "salah input", On: on, Cash: cash},
			})
			w := withdrawn(p, 80_000, cash)
			tests = append(tests, struct {
				name     string
				original any
				reversal savings.Reversed
			}{
				name:     fmt.Sprintf("withdrawal of %s through %q", p, cash),
				original: w,
				reversal: savings.Reversed{Ref: w.Ref, Original: savings.KindWithdrawal, Product: p, Amount: w.Amount, Reason: "salah input", On: on, Cash: cash},
			})
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			original := posting.Entries(tt.original, chart)
			require.Len(t, original, 1)
			got := posting.Entries(tt.reversal, chart)
			require.Len(t, got, 1)
			assert.Equal(t, describe([]ledger.Entry{original[0].Reversed(on)}), describe(got))
			require.NoError(t, got[0].Check())
		})
	}

	// Spelled out once.
	got := posting.Entries(savings.Reversed{Ref: "dep-1", Original: savings.KindDeposit, Product: savings.Wajib, Amount: rp(50_000), Reason: "salah input", On: on, Cash: bank}, chart)
	assert.Equal(t, describe([]ledger.Entry{corrects(entry(on, cr(bank, 50_000), dr(wajib, 50_000)))}), describe(got))
	got = posting.Entries(savings.Reversed{Ref: "wd-1", Original: savings.KindWithdrawal, Product: savings.Sukarela, Amount: rp(40_000), Reason: "salah input", On: on}, chart)
	assert.Equal(t, describe([]ledger.Entry{corrects(entry(on, dr(kas, 40_000), cr(sukarela, 40_000)))}), describe(got))
}

// corrects marks an entry as the correction of another.
func corrects(e ledger.Entry) ledger.Entry {
	e.Correction = true
	return e
}

// TestEntriesFollowTheChart: the rules find accounts by role and lines
// without a unit take the chart's default unit, so a chart whose cash role
// or default unit is another gives other lines.
func TestEntriesFollowTheChart(t *testing.T) {
	oldKas, _ := chart.Account(kas)
	oldKas.Closed = day(time.March, 1)
	moved := chart.
		With(oldKas).
		With(ledger.Account{Code: "1-1150", Name: "Kas utama", Class: ledger.Asset, Group: "1-1", Cash: true, Flow: ledger.Operating, Role: ledger.RoleCash, Opened: day(time.March, 1)})
	got := posting.Entries(deposited(savings.Sukarela, 500_000, ""), moved)
	assert.Equal(t, describe([]ledger.Entry{entry(day(time.February, 1), dr("1-1150", 500_000), cr(sukarela, 500_000))}), describe(got),
		"no cash account named: the account playing the cash role")

	got = posting.Entries(deposited(savings.Sukarela, 500_000, kas), moved)
	assert.Equal(t, describe([]ledger.Entry{entry(day(time.February, 1), dr(kas, 500_000), cr(sukarela, 500_000))}), describe(got),
		"a cash account named is used as named")

	shopFirst := ledger.NewChart(chart.Accounts(), []ledger.Unit{{Code: "toko", Name: "Toko"}, {Code: sp, Name: "Simpan pinjam"}})
	got = posting.Entries(deposited(savings.Pokok, 100_000, ""), shopFirst)
	require.Len(t, got, 1)
	for _, l := range got[0].Lines {
		assert.Equal(t, "toko", l.Unit, "member savings go to the default unit")
	}
}

func TestEntriesPanics(t *testing.T) {
	tests := []struct {
		name  string
		event any
		chart ledger.Chart
	}{
		{name: "an unknown event type", event: struct{ Amount money.Amount }{rp(1)}, chart: chart},
		{name: "no event", event: nil, chart: chart},
		{name: "a pointer to an event", event: &savings.Deposited{Product: savings.Pokok, Amount: rp(1), On: opened}, chart: chart},
		{name: "a journal entry that does not balance", event: cooperative.JournalPosted{Ref: "JU-1", Memo: "x", On: opened, Lines: []ledger.Line{dr("5-3400", 100), cr(kas, 90)}}, chart: chart},
		{name: "an exit whose payout is not its refunds", event: func() member.ExitSettled {
			e := exitSettled(100_000, 50_000, 0, kas)
			e.NetPayout = rp(140_000)
			return e
		}(), chart: chart},
		{name: "a deposit of nothing", event: deposited(savings.Wajib, 0, kas), chart: chart},
		{name: "an unknown product", event: deposited("berjangka", 10, kas), chart: chart},
		{name: "a chart without the account of a role", event: deposited(savings.Pokok, 100_000, kas), chart: ledger.Chart{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Panics(t, func() { posting.Entries(tt.event, tt.chart) })
		})
	}
}

// TestSavingsEntriesBalance is a property test: random sequences of a
// member's money events (deposits and withdrawals of every product
// through kas or the bank, their reversals, admissions with and without
// an entry fee, exits) make entries whose debits equal their credits, and
// the ledger's balances of the savings and cash accounts are the sums of
// the events.
func TestSavingsEntriesBalance(t *testing.T) {
	cashes := []string{"", kas, bank}
	accountOf := map[savings.Product]string{savings.Pokok: pokok, savings.Wajib: wajib, savings.Sukarela: sukarela}
	cashAccount := func(c string) string {
		if c == "" {
			return kas
		}
		return c
	}
	for seed := range uint64(200) {
		rng := rand.New(rand.NewPCG(seed, 77))
		amount := func() money.Amount {
			if rng.IntN(4) == 0 {
				return money.NewMinor(1+rng.Int64N(10_000_000), 2)
			}
			return rp(1 + rng.Int64N(10_000_000))
		}
		// want is what the ledger should show: each account's balance,
		// positive on the debit side.
		want := map[string]money.Amount{}
		move := func(account string, debit money.Amount) { want[account] = want[account].Add(debit) }
		type movement struct {
			kind   savings.Kind
			p      savings.Product
			amount money.Amount
			cash   string
			ref    string
		}
		var reversible []movement
		var events []any
		on := opened
		for i := range 1 + rng.IntN(60) {
			on = on.AddDays(rng.IntN(5))
			cash := cashes[rng.IntN(len(cashes))]
			p := savings.Products()[rng.IntN(3)]
			a := amount()
			ref := fmt.Sprintf("r-%d", i)
			switch k := rng.IntN(10); {
			case k < 4:
				events = append(events, savings.Deposited{Product: p, Amount: a, Ref: ref, On: on, Cash: cash})
				move(cashAccount(cash), a)
				move(accountOf[p], a.Neg())
				reversible = append(reversible, movement{savings.KindDeposit, p, a, cash, ref})
			case k < 7:
				events = append(events, savings.Withdrawn{Product: p, Amount: a, Ref: ref, On: on, Cash: cash})
				move(cashAccount(cash), a.Neg())
				move(accountOf[p], a)
				reversible = append(reversible, movement{savings.KindWithdrawal, p, a, cash, ref})
			case k < 8 && len(reversible) > 0:
				j := rng.IntN(len(reversible))
				m := reversible[j]
				reversible = append(reversible[:j], reversible[j+1:]...)
				events = append(events, savings.Reversed{Ref: m.ref, Original: m.kind, Product: m.p, Amount: m.amount, Reason: "salah", On: on, Cash: m.cash})
				sign := m.amount
				if m.kind == savings.KindDeposit {
					sign = sign.Neg()
				}
				move(cashAccount(m.cash), sign)
				move(accountOf[m.p], sign.Neg())
			case k < 9:
				fee := money.Zero()
				if rng.IntN(2) == 0 {
					fee = amount()
				}
				events = append(events, member.Admitted{Member: "A-001", Name: "Siti", Ref: ref, EntryFee: fee, PolicyVersion: 1, On: on, Cash: cash})
				move(cashAccount(cash), fee)
				move(entryFee, fee.Neg())
			default:
				refunds := [3]money.Amount{}
				total := money.Zero()
				for j := range refunds {
					if rng.IntN(3) > 0 {
						refunds[j] = amount()
					} else {
						refunds[j] = money.Zero()
					}
					total = total.Add(refunds[j])
					move(accountOf[savings.Products()[j]], refunds[j])
				}
				events = append(events, member.ExitSettled{Ref: ref, Pokok: refunds[0], Wajib: refunds[1], Sukarela: refunds[2],
					LoanOffset: money.Zero(), NetPayout: total, Reason: "keluar", On: on, Cash: cash})
				move(cashAccount(cash), total.Neg())
			}
		}

		got := map[string]money.Amount{}
		debits, credits := money.Zero(), money.Zero()
		for _, e := range events {
			var entries []ledger.Entry
			require.NotPanics(t, func() { entries = posting.Entries(e, chart) }, "seed %d: %+v", seed, e)
			for _, en := range entries {
				require.NoError(t, en.Check(), "seed %d: %+v", seed, e)
				d, c := en.Totals()
				require.True(t, d.Equal(c), "seed %d: %+v: debit %s, credit %s", seed, e, d, c)
				debits, credits = debits.Add(d), credits.Add(c)
				for _, l := range en.Lines {
					got[l.Account] = got[l.Account].Add(l.Signed())
					require.Equal(t, sp, l.Unit, "seed %d: member money is the default unit's", seed)
				}
			}
		}
		require.True(t, debits.Equal(credits), "seed %d: debits %s, credits %s", seed, debits, credits)
		for account, w := range want {
			assert.True(t, w.Equal(got[account]), "seed %d: %s: ledger %s, events %s", seed, account, got[account], w)
		}
		for account, g := range got {
			if _, ok := want[account]; !ok {
				assert.True(t, g.IsZero(), "seed %d: %s moved by %s, not by the events", seed, account, g)
			}
		}
	}
}

// An exit netted against loans pays the rest and holds the offset in
// titipan until the loans' settlement takes it in.
func TestExitNettedAgainstLoans(t *testing.T) {
	chart := ledger.DefaultChart(opened)
	e := exitSettled(100_000, 50_000, 0, kas)
	e.LoanOffset, e.NetPayout = rp(30_000), rp(120_000)
	got := posting.Entries(e, chart)
	require.Len(t, got, 1)
	require.NoError(t, got[0].Check())
	var clearing money.Amount
	for _, l := range got[0].Lines {
		if l.Account == "2-1800" {
			clearing = l.Signed()
		}
	}
	assert.Equal(t, "-30000", clearing.String())
}
