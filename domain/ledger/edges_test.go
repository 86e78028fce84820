package ledger_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
)

// Edge cases of the books that once went wrong.

// TestChartCheckNewWantsAHeading: every account but a top heading sits
// under a heading.
func TestChartCheckNewWantsAHeading(t *testing.T) {
	c := ledger.DefaultChart(opened)
	tests := []struct {
		name    string
		account ledger.Account
		want    *input.Error // nil: accepted
	}{
		{name: "an expense without a group",
			account: ledger.Account{Code: "5-3700", Name: "Beban transportasi", Class: ledger.Expense},
			want:    &input.Error{Field: "group", Value: "5-3700", Want: input.WantGroup}},
		{name: "a bank account without a group",
			account: ledger.Account{Code: "1-1220", Name: "Bank BRI", Class: ledger.Asset, Cash: true},
			want:    &input.Error{Field: "group", Value: "1-1220", Want: input.WantGroup}},
		{name: "a contra equity account without a group",
			account: ledger.Account{Code: "3-9900", Name: "Prive", Class: ledger.Equity, Contra: true},
			want:    &input.Error{Field: "group", Value: "3-9900", Want: input.WantGroup}},
		{name: "a one-digit code that is not a heading",
			account: ledger.Account{Code: "7", Name: "Lain", Class: ledger.Expense},
			want:    &input.Error{Field: "group", Value: "7", Want: input.WantGroup}},
		{name: "a top heading",
			account: ledger.Account{Code: "7", Name: "LAIN", Class: ledger.Expense, Heading: true}},
		{name: "a contra equity account under the equity heading",
			account: ledger.Account{Code: "3-9900", Name: "Prive", Class: ledger.Equity, Contra: true, Group: "3"}},
		{name: "a contra revenue account under its heading",
			account: ledger.Account{Code: "4-3900", Name: "Retur penjualan", Class: ledger.Revenue, Contra: true, Group: "4-3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := c.CheckNew(tt.account)
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			requireInputError(t, tt.want, err)
		})
	}
}

// TestPeriodsCloseYear: a year closed locks every month up to its end,
// closed as a month or not.
func TestPeriodsCloseYear(t *testing.T) {
	var zero ledger.Periods
	assert.Equal(t, 0, zero.ClosedThrough())

	p := zero.Close(month(2026, time.March)).CloseYear(2025)
	assert.Equal(t, 0, zero.ClosedThrough(), "CloseYear leaves the receiver unchanged")
	assert.Equal(t, 2025, p.ClosedThrough())
	for _, tt := range []struct {
		m      ledger.Month
		closed bool
	}{
		{month(1999, time.July), true},
		{month(2024, time.December), true},
		{month(2025, time.January), true},
		{month(2025, time.December), true},
		{month(2026, time.January), false},
		{month(2026, time.March), true},
		{month(2026, time.April), false},
	} {
		assert.Equal(t, tt.closed, p.IsClosed(tt.m), "IsClosed(%s)", tt.m)
		assert.Equal(t, tt.closed, p.Locks(tt.m.Last()), "Locks(%s)", tt.m.Last())
	}
	var closedErr *ledger.ClosedPeriodError
	require.ErrorAs(t, p.Check(calendar.MustNew(2025, time.June, 15)), &closedErr)
	assert.Equal(t, &ledger.ClosedPeriodError{Period: month(2025, time.June), On: calendar.MustNew(2025, time.June, 15)}, closedErr)
	assert.NoError(t, p.Check(calendar.MustNew(2026, time.January, 1)))

	// Months closed and reopened keep the year's lock, and a month of the
	// closed year stays locked when reopened.
	q := p.Close(month(2026, time.May)).Reopen(month(2026, time.March)).Reopen(month(2025, time.June))
	assert.Equal(t, 2025, q.ClosedThrough())
	assert.True(t, q.IsClosed(month(2025, time.June)))
	assert.True(t, q.IsClosed(month(2026, time.May)))
	assert.False(t, q.IsClosed(month(2026, time.March)))

	// An earlier year closed after does not move the lock back.
	assert.Equal(t, 2025, p.CloseYear(2023).ClosedThrough())
	assert.Equal(t, 2026, p.CloseYear(2026).ClosedThrough())
}
