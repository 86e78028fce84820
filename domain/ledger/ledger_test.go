package ledger_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/money"
)

func rp(n int64) money.Amount { return money.New(n) }

func dr(account string, amount int64) ledger.Line {
	return ledger.Line{Account: account, Side: ledger.Debit, Amount: rp(amount)}
}

func cr(account string, amount int64) ledger.Line {
	return ledger.Line{Account: account, Side: ledger.Credit, Amount: rp(amount)}
}

func TestParseSide(t *testing.T) {
	tests := []struct {
		in   string
		side ledger.Side
		ok   bool
	}{
		{"debit", ledger.Debit, true},
		{"debet", ledger.Debit, true}, // Indonesian
		{"d", ledger.Debit, true},
		{"D", ledger.Debit, true},
		{"credit", ledger.Credit, true},
		{"kredit", ledger.Credit, true},
		{"c", ledger.Credit, true},
		{"C", ledger.Credit, true},
		{"k", ledger.Credit, true},
		{"K", ledger.Credit, true},
		{"", 0, false},
		{"Debit", 0, false},
		{"CREDIT", 0, false},
		{" debit", 0, false},
		{"Debet", 0, false},
		{"kredet", 0, false},
		{"x", 0, false},
	}
	for _, tt := range tests {
		side, ok := ledger.ParseSide(tt.in)
		assert.Equal(t, tt.ok, ok, "ParseSide(%q)", tt.in)
		assert.Equal(t, tt.side, side, "ParseSide(%q)", tt.in)
	}
	assert.Equal(t, "debit", ledger.Debit.String())
	assert.Equal(t, "credit", ledger.Credit.String())
	assert.Equal(t, ledger.Credit, -ledger.Debit, "the other side is the negation")
}

func TestParseClass(t *testing.T) {
	tests := []struct {
		in     string
		class  ledger.Class
		contra bool
		ok     bool
	}{
		{"asset", ledger.Asset, false, true},
		{"liability", ledger.Liability, false, true},
		{"equity", ledger.Equity, false, true},
		{"revenue", ledger.Revenue, false, true},
		{"expense", ledger.Expense, false, true},
		{"contra-asset", ledger.Asset, true, true},
		{"contra-equity", ledger.Equity, true, true},
		{"contra-revenue", ledger.Revenue, true, true},
		{"", "", false, false},
		{"contra-", "", false, false},
		{"contra", "", false, false},
		{"contra-contra-asset", "", false, false},
		{"Asset", "", false, false},
		{"aset", "", false, false},
		{"asset ", "", false, false},
		{"contra-Asset", "", false, false},
		{"contraasset", "", false, false},
	}
	for _, tt := range tests {
		class, contra, err := ledger.ParseClass(tt.in)
		if !tt.ok {
			requireInputError(t, &input.Error{Field: "class", Value: tt.in, Want: input.WantAccountClass}, err)
			assert.Equal(t, ledger.Class(""), class)
			assert.False(t, contra)
			continue
		}
		require.NoError(t, err, "ParseClass(%q)", tt.in)
		assert.Equal(t, tt.class, class, "ParseClass(%q)", tt.in)
		assert.Equal(t, tt.contra, contra, "ParseClass(%q)", tt.in)
	}
	assert.Equal(t, []ledger.Class{ledger.Asset, ledger.Liability, ledger.Equity, ledger.Revenue, ledger.Expense}, ledger.Classes())
	for _, c := range ledger.Classes() {
		want := ledger.Credit
		if c == ledger.Asset || c == ledger.Expense {
			want = ledger.Debit
		}
		assert.Equal(t, want, c.Normal(), "normal side of %s", c)
	}
}

func TestParseParty(t *testing.T) {
	for _, p := range []ledger.Party{ledger.NoParty, ledger.Member, ledger.NonMember, ledger.OtherCoop} {
		got, err := ledger.ParseParty(string(p))
		require.NoError(t, err)
		assert.Equal(t, p, got)
	}
	for _, s := range []string{"anggota", "Member", "non_member", "nonmember", " member", "other"} {
		_, err := ledger.ParseParty(s)
		requireInputError(t, &input.Error{Field: "party", Value: s, Want: input.WantParty}, err)
	}
}

func TestParseFlow(t *testing.T) {
	for _, f := range []ledger.Flow{ledger.Operating, ledger.Investing, ledger.Financing} {
		got, err := ledger.ParseFlow(string(f))
		require.NoError(t, err)
		assert.Equal(t, f, got)
	}
	for _, s := range []string{"", "operasi", "Operating", "financial", "operating "} {
		_, err := ledger.ParseFlow(s)
		requireInputError(t, &input.Error{Field: "flow", Value: s, Want: input.WantFlow}, err)
	}
}

func TestRoleSubledger(t *testing.T) {
	for _, r := range []ledger.Role{ledger.RolePokok, ledger.RoleWajib, ledger.RoleSukarela} {
		assert.True(t, r.Subledger(), "%s is the sum of the members' savings", r)
	}
	for _, r := range []ledger.Role{"", ledger.RoleCash, ledger.RoleEntryFee, ledger.RoleSHUCurrent, ledger.RoleIncomeTax, ledger.RoleRetainedSHU} {
		assert.False(t, r.Subledger(), "%q", r)
	}
}

func TestLineSigned(t *testing.T) {
	assert.Equal(t, "150", dr("1-1100", 150).Signed().String())
	assert.Equal(t, "-150", cr("1-1100", 150).Signed().String())
}

func TestEntryTotalsAndCheck(t *testing.T) {
	on := calendar.MustNew(2025, time.June, 5)
	tests := []struct {
		name          string
		lines         []ledger.Line
		debit, credit string
		err           func(t *testing.T, err error) // nil: balances
	}{
		{name: "no lines", debit: "0", credit: "0"},
		{name: "two lines", lines: []ledger.Line{dr("5-3400", 1_500_000), cr("1-1100", 1_500_000)}, debit: "1500000", credit: "1500000"},
		{
			name:  "several lines each side",
			lines: []ledger.Line{dr("5-3100", 2_000_000), dr("5-3500", 350_000), cr("1-1100", 1_000_000), cr("1-1200", 1_350_000)},
			debit: "2350000", credit: "2350000",
		},
		{
			name: "decimals of different exponents",
			lines: []ledger.Line{
				{Account: "5-3600", Side: ledger.Debit, Amount: money.NewMinor(1050, 2)},
				{Account: "1-1200", Side: ledger.Credit, Amount: money.NewMinor(105, 1)},
			},
			debit: "10.5", credit: "10.5",
		},
		{
			name: "more debits", lines: []ledger.Line{dr("5-3400", 100), cr("1-1100", 90)}, debit: "100", credit: "90",
			err: func(t *testing.T, err error) {
				var got *ledger.UnbalancedError
				require.ErrorAs(t, err, &got)
				assert.Equal(t, "100", got.Debit.String())
				assert.Equal(t, "90", got.Credit.String())
				assert.Equal(t, "ledger: entry does not balance: debit 100, credit 90", err.Error())
			},
		},
		{
			name: "only a credit", lines: []ledger.Line{cr("1-1100", 90)}, debit: "0", credit: "90",
			err: func(t *testing.T, err error) {
				var got *ledger.UnbalancedError
				require.ErrorAs(t, err, &got)
				assert.Equal(t, "0", got.Debit.String())
				assert.Equal(t, "90", got.Credit.String())
			},
		},
		{
			name: "a line with no side", lines: []ledger.Line{dr("5-3400", 100), {Account: "1-1100", Amount: rp(100)}}, debit: "100", credit: "100",
			err: func(t *testing.T, err error) {
				assert.EqualError(t, err, "ledger: line 2 has no side")
			},
		},
		{
			name: "a zero line", lines: []ledger.Line{dr("5-3400", 100), cr("1-1100", 100), dr("5-3500", 0)}, debit: "100", credit: "100",
			err: func(t *testing.T, err error) {
				assert.EqualError(t, err, "ledger: line 3 amount 0 is not positive")
			},
		},
		{
			name: "a negative line that balances", lines: []ledger.Line{dr("5-3400", -100), cr("1-1100", -100)}, debit: "-100", credit: "-100",
			err: func(t *testing.T, err error) {
				assert.EqualError(t, err, "ledger: line 1 amount -100 is not positive")
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := ledger.Entry{On: on, Lines: tt.lines}
			d, c := e.Totals()
			assert.Equal(t, tt.debit, d.String())
			assert.Equal(t, tt.credit, c.String())
			err := e.Check()
			if tt.err == nil {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			tt.err(t, err)
		})
	}
}

func TestEntryReversed(t *testing.T) {
	on := calendar.MustNew(2025, time.June, 5)
	later := on.AddDays(10)
	lines := []ledger.Line{
		{Account: "1-1100", Side: ledger.Debit, Amount: rp(500), Unit: "toko"},
		{Account: "4-3100", Side: ledger.Credit, Amount: rp(400), Unit: "toko", Party: ledger.Member},
		{Account: "4-3100", Side: ledger.Credit, Amount: rp(100), Unit: "toko", Party: ledger.NonMember},
	}
	for _, closing := range []bool{false, true} {
		e := ledger.Entry{On: on, Lines: lines, Closing: closing}
		r := e.Reversed(later)
		assert.Equal(t, ledger.Entry{On: later, Closing: closing, Correction: true, Lines: []ledger.Line{
			{Account: "1-1100", Side: ledger.Credit, Amount: rp(500), Unit: "toko"},
			{Account: "4-3100", Side: ledger.Debit, Amount: rp(400), Unit: "toko", Party: ledger.Member},
			{Account: "4-3100", Side: ledger.Debit, Amount: rp(100), Unit: "toko", Party: ledger.NonMember},
		}}, r)
		require.NoError(t, r.Check())
		assert.Equal(t, ledger.Debit, lines[0].Side, "the original's lines are unchanged")
		assert.Equal(t, e, r.Reversed(on), "reversing twice gives the original")

		// Together they leave every account where it was.
		net := map[string]money.Amount{}
		for _, l := range append(append([]ledger.Line{}, e.Lines...), r.Lines...) {
			net[l.Account] = net[l.Account].Add(l.Signed())
		}
		for account, n := range net {
			assert.True(t, n.IsZero(), "%s nets to %s", account, n)
		}
	}
	assert.Empty(t, ledger.Entry{}.Reversed(on).Lines)
}

// cashBook is a fake of ledger.CashBalances: the lowest balance of each
// cash account, whatever the date, and the questions it was asked.
type cashBook struct {
	have  map[string]money.Amount
	asked []string
}

func (c *cashBook) Lowest(account string, from calendar.Date) money.Amount {
	c.asked = append(c.asked, account+" from "+from.String())
	if a, ok := c.have[account]; ok {
		return a
	}
	return money.Zero()
}

func TestCheckCash(t *testing.T) {
	chart := ledger.DefaultChart(opened)
	on := calendar.MustNew(2025, time.June, 5)
	insufficient := func(account, name, available, amount string) func(*testing.T, error) {
		return func(t *testing.T, err error) {
			var got *ledger.InsufficientCashError
			require.ErrorAs(t, err, &got)
			assert.Equal(t,
				[]string{account, name, on.String(), available, amount},
				[]string{got.Account, got.Name, got.On.String(), got.Available.String(), got.Amount.String()})
		}
	}
	tests := []struct {
		name  string
		lines []ledger.Line
		have  map[string]int64 // nil: a nil CashBalances
		asked []string
		err   func(*testing.T, error)
	}{
		{name: "money in needs nothing", lines: []ledger.Line{dr("1-1100", 500), cr("4-9100", 500)}, have: map[string]int64{}},
		{name: "money in with no balances", lines: []ledger.Line{dr("1-1200", 500), cr("4-2100", 500)}},
		{name: "no cash lines", lines: []ledger.Line{dr("5-3300", 500), cr("1-3900", 500)}},
		{name: "unknown accounts are not cash", lines: []ledger.Line{dr("5-3400", 500), cr("9-9999", 500)}},
		{
			name: "exactly what is there", lines: []ledger.Line{dr("5-3400", 1_500_000), cr("1-1100", 1_500_000)},
			have: map[string]int64{"1-1100": 1_500_000}, asked: []string{"1-1100 from 2025-06-05"},
		},
		{
			name: "one more than there is", lines: []ledger.Line{dr("5-3400", 1_500_001), cr("1-1100", 1_500_001)},
			have: map[string]int64{"1-1100": 1_500_000}, asked: []string{"1-1100 from 2025-06-05"},
			err: insufficient("1-1100", "Kas", "1500000", "1500001"),
		},
		{
			name: "with no balances nothing is available", lines: []ledger.Line{dr("5-3400", 1), cr("1-1100", 1)},
			err: insufficient("1-1100", "Kas", "0", "1"),
		},
		{
			name: "an overdrawn account", lines: []ledger.Line{dr("5-3400", 1), cr("1-1100", 1)},
			have: map[string]int64{"1-1100": -10}, asked: []string{"1-1100 from 2025-06-05"},
			err: insufficient("1-1100", "Kas", "-10", "1"),
		},
		{
			name: "several credits add up", lines: []ledger.Line{dr("5-3100", 900), cr("1-1100", 400), cr("1-1100", 500)},
			have: map[string]int64{"1-1100": 800}, asked: []string{"1-1100 from 2025-06-05"},
			err: insufficient("1-1100", "Kas", "800", "900"),
		},
		{
			name: "money in and out of one account nets", lines: []ledger.Line{cr("1-1100", 900), dr("1-1100", 600), dr("5-3100", 300)},
			have: map[string]int64{"1-1100": 300}, asked: []string{"1-1100 from 2025-06-05"},
		},
		{
			name: "a net inflow asks nothing", lines: []ledger.Line{cr("1-1100", 600), dr("1-1100", 900), cr("4-9100", 300)},
			have: map[string]int64{},
		},
		{
			name: "a transfer checks only the account paying", lines: []ledger.Line{dr("1-1200", 1_000), cr("1-1100", 1_000)},
			have: map[string]int64{"1-1100": 1_000}, asked: []string{"1-1100 from 2025-06-05"},
		},
		{
			name: "a transfer from an account short of money", lines: []ledger.Line{dr("1-1100", 1_000), cr("1-1200", 1_000)},
			have: map[string]int64{"1-1100": 1_000_000, "1-1200": 999}, asked: []string{"1-1200 from 2025-06-05"},
			err: insufficient("1-1200", "Bank (giro/tabungan)", "999", "1000"),
		},
		{
			name: "two accounts paying, both enough", lines: []ledger.Line{dr("5-3100", 1_500), cr("1-1200", 1_000), cr("1-1100", 500)},
			have:  map[string]int64{"1-1100": 500, "1-1200": 1_000},
			asked: []string{"1-1200 from 2025-06-05", "1-1100 from 2025-06-05"},
		},
		{
			name: "two accounts paying, the second short", lines: []ledger.Line{dr("5-3100", 1_500), cr("1-1200", 1_000), cr("1-1100", 500)},
			have:  map[string]int64{"1-1100": 499, "1-1200": 1_000},
			asked: []string{"1-1200 from 2025-06-05", "1-1100 from 2025-06-05"},
			err:   insufficient("1-1100", "Kas", "499", "500"),
		},
		{
			name: "two accounts paying, both short: the first in line order", lines: []ledger.Line{dr("5-3100", 1_500), cr("1-1200", 1_000), cr("1-1100", 500)},
			have: map[string]int64{}, asked: []string{"1-1200 from 2025-06-05"},
			err: insufficient("1-1200", "Bank (giro/tabungan)", "0", "1000"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var cash ledger.CashBalances
			var book *cashBook
			if tt.have != nil {
				book = &cashBook{have: map[string]money.Amount{}}
				for k, v := range tt.have {
					book.have[k] = rp(v)
				}
				cash = book
			}
			err := ledger.CheckCash(chart, on, tt.lines, cash)
			if book != nil {
				assert.Equal(t, tt.asked, book.asked, "the balances asked for")
			}
			if tt.err == nil {
				require.NoError(t, err)
				return
			}
			tt.err(t, err)
		})
	}
}

func TestInsufficientCashErrorMessage(t *testing.T) {
	err := &ledger.InsufficientCashError{Account: "1-1100", Name: "Kas", On: calendar.MustNew(2025, time.June, 5), Available: rp(800), Amount: rp(900)}
	assert.Equal(t, "ledger: 1-1100 (Kas) has 800 available from 2025-06-05; the payment needs 900", err.Error())
}

// TestCheckCashUsesRunning checks CheckCash against the running balance
// it is meant to be read from: a backdated payment is refused when a
// later day would go below zero.
func TestCheckCashUsesRunning(t *testing.T) {
	chart := ledger.DefaultChart(opened)
	runs := runningBalances{"1-1100": &ledger.Running{}}
	runs["1-1100"].Add(calendar.MustNew(2025, time.March, 1), rp(1_000))
	runs["1-1100"].Add(calendar.MustNew(2025, time.April, 1), rp(-800))

	pay := func(on calendar.Date, amount int64) error {
		return ledger.CheckCash(chart, on, []ledger.Line{dr("5-3400", amount), cr("1-1100", amount)}, runs)
	}
	assert.NoError(t, pay(calendar.MustNew(2025, time.March, 15), 200))
	assert.Error(t, pay(calendar.MustNew(2025, time.March, 15), 201), "April would go below zero")
	assert.Error(t, pay(calendar.MustNew(2025, time.February, 1), 1), "nothing before March")
	assert.NoError(t, pay(calendar.MustNew(2025, time.May, 1), 200))
}

type runningBalances map[string]*ledger.Running

func (r runningBalances) Lowest(account string, from calendar.Date) money.Amount {
	if run, ok := r[account]; ok {
		return run.Lowest(from)
	}
	return money.Zero()
}

func ExampleCheckCash() {
	chart := ledger.DefaultChart(calendar.MustNew(2025, time.January, 2))
	var kas ledger.Running
	kas.Add(calendar.MustNew(2025, time.June, 1), money.New(1_000_000))
	rent := []ledger.Line{
		{Account: "5-3400", Side: ledger.Debit, Amount: money.New(1_500_000)},
		{Account: "1-1100", Side: ledger.Credit, Amount: money.New(1_500_000)},
	}
	err := ledger.CheckCash(chart, calendar.MustNew(2025, time.June, 5), rent, runningBalances{"1-1100": &kas})
	fmt.Println(err)
	// Output: ledger: 1-1100 (Kas) has 1000000 available from 2025-06-05; the payment needs 1500000
}
