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

func month(y int, m time.Month) ledger.Month { return ledger.Month{Year: y, Month: m} }

func TestParseMonth(t *testing.T) {
	tests := []struct {
		in   string
		want ledger.Month
		ok   bool
	}{
		{"2025-06", month(2025, time.June), true},
		{"2025-01", month(2025, time.January), true},
		{"2025-12", month(2025, time.December), true},
		{"1900-01", month(1900, time.January), true},
		{"9999-12", month(9999, time.December), true},
		{"", ledger.Month{}, false},
		{"2025-6", ledger.Month{}, false},
		{"2025-13", ledger.Month{}, false},
		{"2025-00", ledger.Month{}, false},
		{"1899-12", ledger.Month{}, false},
		{"0000-01", ledger.Month{}, false},
		{"25-06", ledger.Month{}, false},
		{"2025/06", ledger.Month{}, false},
		{"2025-06-01", ledger.Month{}, false},
		{"202506", ledger.Month{}, false},
		{"2025-0a", ledger.Month{}, false},
		{"+025-06", ledger.Month{}, false},
		{"2025-+6", ledger.Month{}, false},
		{" 2025-06", ledger.Month{}, false},
		{"２０２５-06", ledger.Month{}, false},
	}
	for _, tt := range tests {
		got, err := ledger.ParseMonth(tt.in)
		if !tt.ok {
			requireInputError(t, &input.Error{Field: "period", Value: tt.in, Want: input.WantMonth}, err)
			assert.Equal(t, ledger.Month{}, got)
			continue
		}
		require.NoError(t, err, "ParseMonth(%q)", tt.in)
		assert.Equal(t, tt.want, got)
		assert.Equal(t, tt.in, got.String())
	}
}

func TestMonth(t *testing.T) {
	tests := []struct {
		m           ledger.Month
		first, last string
	}{
		{month(2025, time.January), "2025-01-01", "2025-01-31"},
		{month(2025, time.February), "2025-02-01", "2025-02-28"},
		{month(2024, time.February), "2024-02-01", "2024-02-29"},
		{month(1900, time.February), "1900-02-01", "1900-02-28"}, // not a leap year
		{month(2000, time.February), "2000-02-01", "2000-02-29"}, // a leap year
		{month(2025, time.April), "2025-04-01", "2025-04-30"},
		{month(2025, time.December), "2025-12-01", "2025-12-31"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.first, tt.m.First().String(), "first day of %s", tt.m)
		assert.Equal(t, tt.last, tt.m.Last().String(), "last day of %s", tt.m)
		assert.Equal(t, tt.m, ledger.MonthOf(tt.m.First()))
		assert.Equal(t, tt.m, ledger.MonthOf(tt.m.Last()))
	}
	assert.Equal(t, "0987-03", month(987, time.March).String())

	assert.True(t, month(2024, time.December).Before(month(2025, time.January)))
	assert.True(t, month(2025, time.January).Before(month(2025, time.February)))
	assert.False(t, month(2025, time.February).Before(month(2025, time.February)))
	assert.False(t, month(2025, time.March).Before(month(2025, time.February)))
	assert.False(t, month(2026, time.January).Before(month(2025, time.December)))
}

func TestPeriods(t *testing.T) {
	may, jun, jul := month(2025, time.May), month(2025, time.June), month(2025, time.July)
	dec24 := month(2024, time.December)

	var zero ledger.Periods
	assert.False(t, zero.IsClosed(may))
	assert.Empty(t, zero.Closed())
	assert.NoError(t, zero.Check(may.First()))
	assert.Equal(t, zero, zero.Reopen(may), "reopening an open month is nothing")

	p := zero.Close(jun).Close(dec24).Close(may)
	assert.Empty(t, zero.Closed(), "Close leaves the receiver unchanged")
	assert.Equal(t, []ledger.Month{dec24, may, jun}, p.Closed(), "closed months in order")
	assert.True(t, p.IsClosed(may))
	assert.True(t, p.IsClosed(dec24))
	assert.False(t, p.IsClosed(jul))
	assert.False(t, p.IsClosed(month(2024, time.May)), "the same month of another year")
	assert.Equal(t, p, p.Close(may), "closing a closed month is nothing")

	tests := []struct {
		on     calendar.Date
		locked bool
	}{
		{may.First(), true},
		{may.Last(), true},
		{jun.Last(), true},
		{jul.First(), false},
		{dec24.Last(), true},
		{month(2025, time.January).First(), false},
		{month(2024, time.November).Last(), false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.locked, p.Locks(tt.on), "Locks(%s)", tt.on)
		err := p.Check(tt.on)
		if !tt.locked {
			assert.NoError(t, err, "Check(%s)", tt.on)
			continue
		}
		var got *ledger.ClosedPeriodError
		require.ErrorAs(t, err, &got)
		assert.Equal(t, &ledger.ClosedPeriodError{Period: ledger.MonthOf(tt.on), On: tt.on}, got)
	}
	assert.EqualError(t, p.Check(calendar.MustNew(2025, time.May, 31)), "ledger: period 2025-05 is closed; the transaction is dated 2025-05-31")

	r := p.Reopen(may)
	assert.Equal(t, []ledger.Month{dec24, may, jun}, p.Closed(), "Reopen leaves the receiver unchanged")
	assert.Equal(t, []ledger.Month{dec24, jun}, r.Closed())
	assert.False(t, r.Locks(may.Last()))
	assert.Equal(t, r, r.Reopen(may), "reopening an open month is nothing")
	assert.Empty(t, r.Reopen(dec24).Reopen(jun).Closed())

	// Sets made from the same set do not share what either adds.
	a := r.Close(jul)
	b := r.Close(month(2025, time.August))
	c := r.Close(may)
	assert.Equal(t, []ledger.Month{dec24, jun, jul}, a.Closed())
	assert.Equal(t, []ledger.Month{dec24, jun, month(2025, time.August)}, b.Closed())
	assert.Equal(t, []ledger.Month{dec24, may, jun}, c.Closed())
	assert.Equal(t, []ledger.Month{dec24, jun}, r.Closed())
	d := a.Reopen(dec24)
	e := a.Reopen(jul)
	assert.Equal(t, []ledger.Month{jun, jul}, d.Closed())
	assert.Equal(t, []ledger.Month{dec24, jun}, e.Closed())
	assert.Equal(t, []ledger.Month{dec24, jun, jul}, a.Closed())
}

func TestPeriodsCloseEveryMonth(t *testing.T) {
	var p ledger.Periods
	var want []ledger.Month
	for y := 2023; y <= 2025; y++ {
		for m := time.January; m <= time.December; m++ {
			p = p.Close(month(y, m))
			want = append(want, month(y, m))
		}
	}
	assert.Equal(t, want, p.Closed())
	for _, m := range want {
		assert.True(t, p.Locks(m.First()) && p.Locks(m.Last()), "%s", m)
	}
	assert.False(t, p.Locks(calendar.MustNew(2022, time.December, 31)))
	assert.False(t, p.Locks(calendar.MustNew(2026, time.January, 1)))
}

func TestMonthValid(t *testing.T) {
	tests := []struct {
		m     ledger.Month
		valid bool
	}{
		{month(2025, time.June), true},
		{month(1900, time.January), true},
		{month(9999, time.December), true},
		{ledger.Month{}, false},
		{month(1899, time.December), false},
		{month(10_000, time.January), false},
		{month(2025, 0), false},
		{month(2025, 13), false},
		{month(-2025, time.June), false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.valid, tt.m.Valid(), "%d-%d", tt.m.Year, tt.m.Month)
		err := tt.m.Check("period")
		if tt.valid {
			assert.NoError(t, err)
			continue
		}
		requireInputError(t, &input.Error{Field: "period", Value: tt.m.String(), Want: input.WantMonth}, err)
	}
	requireInputError(t, &input.Error{Field: "month", Value: "2025-13", Want: input.WantMonth}, month(2025, 13).Check("month"))
}
