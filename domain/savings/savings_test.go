package savings_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/savings"
)

func date(m time.Month, d int) calendar.Date { return calendar.MustNew(2025, m, d) }

func TestParseProduct(t *testing.T) {
	for _, p := range savings.Products() {
		got, err := savings.ParseProduct(string(p))
		require.NoError(t, err)
		assert.Equal(t, p, got)
	}
	assert.Equal(t, []savings.Product{savings.Pokok, savings.Wajib, savings.Sukarela}, savings.Products())

	for _, s := range []string{"", "Pokok", "berjangka", "sukarela "} {
		_, err := savings.ParseProduct(s)
		var inputErr *input.Error
		require.ErrorAs(t, err, &inputErr, s)
		assert.Equal(t, &input.Error{Field: "product", Value: s, Want: input.WantProduct}, inputErr)
	}
}

func TestWithdrawable(t *testing.T) {
	assert.False(t, savings.Pokok.Withdrawable())
	assert.False(t, savings.Wajib.Withdrawable())
	assert.True(t, savings.Sukarela.Withdrawable())
	assert.False(t, savings.Product("berjangka").Withdrawable())
}

func TestReversedChange(t *testing.T) {
	deposit := savings.Reversed{Original: savings.KindDeposit, Amount: money.New(5000)}
	withdrawal := savings.Reversed{Original: savings.KindWithdrawal, Amount: money.New(5000)}
	assert.Equal(t, "-5000", deposit.Change().String())
	assert.Equal(t, "5000", withdrawal.Change().String())
}

func TestAccount(t *testing.T) {
	var a savings.Account
	assert.True(t, a.Last().IsZero())
	assert.Equal(t, "0", a.Balance().String())
	assert.Equal(t, "0", a.Available(date(time.January, 1)).String())

	// Posted out of date order, as a backdated transaction is.
	a.Post(date(time.February, 1), money.New(500_000))
	a.Post(date(time.March, 1), money.New(-400_000))
	a.Post(date(time.January, 15), money.New(100_000))
	a.Post(date(time.March, 1), money.New(50_000))
	a.Post(date(time.February, 20), money.New(-150_000))

	assert.Equal(t, "100000", a.Balance().String())
	assert.Equal(t, "2025-03-01", a.Last().String())

	// Available is the lowest running balance in ledger order (date, then
	// the order recorded) after the end of on: on Mar 1 the withdrawal of
	// 400000 was recorded before the deposit of 50000, so the balance runs
	// 450000, 50000, 100000 and nothing dated before Mar 1 may take more
	// than 50000 out, though Mar 1 ends at 100000.
	tests := []struct {
		on                 calendar.Date
		balance, available string
	}{
		{date(time.January, 14), "0", "0"},
		{date(time.January, 15), "100000", "50000"},
		{date(time.January, 31), "100000", "50000"},
		{date(time.February, 1), "600000", "50000"},
		{date(time.February, 19), "600000", "50000"},
		{date(time.February, 20), "450000", "50000"},
		{date(time.March, 1), "100000", "100000"}, // both Mar 1 changes count on Mar 1
		{date(time.December, 31), "100000", "100000"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.balance, a.BalanceAt(tt.on).String(), "balance on %s", tt.on)
		assert.Equal(t, tt.available, a.Available(tt.on).String(), "available on %s", tt.on)
	}
}

func TestAccountAvailableSeesTheLowestLaterBalance(t *testing.T) {
	var a savings.Account
	a.Post(date(time.January, 1), money.New(1000))
	a.Post(date(time.January, 10), money.New(-900))
	a.Post(date(time.January, 20), money.New(5000))
	// On Jan 5 the balance is 1000 but Jan 10 takes 900 of it.
	assert.Equal(t, "1000", a.BalanceAt(date(time.January, 5)).String())
	assert.Equal(t, "100", a.Available(date(time.January, 5)).String())
	assert.Equal(t, "5100", a.Available(date(time.January, 20)).String())
}

func TestErrorMessages(t *testing.T) {
	err := &savings.InsufficientFundsError{
		Member: "A-001", Product: savings.Sukarela, On: date(time.February, 15),
		Balance: money.New(500_000), Available: money.New(100_000), Requested: money.New(200_000),
	}
	assert.EqualError(t, err, "savings: member A-001: sukarela balance on 2025-02-15 is 500000 (available 100000), requested 200000")
	assert.EqualError(t, &savings.NotWithdrawableError{Member: "A-001", Product: savings.Wajib},
		"savings: member A-001: simpanan wajib is refunded only on exit, not withdrawn")
}

func TestAccountEntries(t *testing.T) {
	var a savings.Account
	assert.Equal(t, 0, a.Len())
	a.Post(date(time.March, 1), money.New(-400_000))
	a.Post(date(time.February, 1), money.New(500_000))
	a.Post(date(time.March, 1), money.New(50_000))
	assert.Equal(t, 3, a.Len())

	var got []string
	for on, change := range a.Entries() {
		got = append(got, on.String()+" "+change.String())
	}
	assert.Equal(t, []string{"2025-02-01 500000", "2025-03-01 -400000", "2025-03-01 50000"}, got, "date order, ties in the order posted")

	got = got[:0]
	for on := range a.Entries() {
		got = append(got, on.String())
		break
	}
	assert.Equal(t, []string{"2025-02-01"}, got, "stops when the loop does")
}
