package ledger

import (
	"fmt"
	"slices"
	"time"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/input"
)

// Month is an accounting period: one calendar month.
type Month struct {
	Year  int
	Month time.Month
}

// MonthOf returns the month d falls in.
func MonthOf(d calendar.Date) Month {
	y, m, _ := d.Civil()
	return Month{y, m}
}

// ParseMonth reads "YYYY-MM".
func ParseMonth(s string) (Month, error) {
	bad := &input.Error{Field: "period", Value: s, Want: input.WantMonth}
	if len(s) != 7 || s[4] != '-' {
		return Month{}, bad
	}
	d, err := calendar.Parse(s + "-01")
	if err != nil {
		return Month{}, bad
	}
	return MonthOf(d), nil
}

func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// Valid reports whether m is a month of the calendar the ledger keeps:
// January 1900 to December 9999.
func (m Month) Valid() bool {
	return m.Year >= 1900 && m.Year <= 9999 && m.Month >= time.January && m.Month <= time.December
}

// Check returns an input error naming field when m is not Valid.
func (m Month) Check(field string) error {
	if !m.Valid() {
		return &input.Error{Field: field, Value: m.String(), Want: input.WantMonth}
	}
	return nil
}

// First and Last return the month's first and last days.
func (m Month) First() calendar.Date { return calendar.MustNew(m.Year, m.Month, 1) }

// Last returns the month's last day.
func (m Month) Last() calendar.Date { return m.First().MonthEnd() }

// index orders months.
func (m Month) index() int { return m.Year*12 + int(m.Month) - 1 }

// Before reports whether m is earlier than n.
func (m Month) Before(n Month) bool { return m.index() < n.index() }

// Periods is the set of closed months, and the last financial year
// closed: once a year is closed, every date up to its end is locked, so
// nothing dated in it or before it can change the statements its
// closing relied on. It is a value: its methods return a new set.
type Periods struct {
	closed []int // month indexes, ascending
	// through is the last year closed; 0 when none.
	through int
}

// IsClosed reports whether month m is closed, itself or by a year close.
func (p Periods) IsClosed(m Month) bool {
	if m.Year <= p.through {
		return true
	}
	_, found := slices.BinarySearch(p.closed, m.index())
	return found
}

// CloseYear returns the set with every month up to the end of year
// locked.
func (p Periods) CloseYear(year int) Periods {
	if year > p.through {
		p.through = year
	}
	return p
}

// ClosedThrough returns the last financial year closed, 0 if none.
func (p Periods) ClosedThrough() int { return p.through }

// Locks reports whether a date falls in a closed month.
func (p Periods) Locks(d calendar.Date) bool { return p.IsClosed(MonthOf(d)) }

// Close returns the set with m closed.
func (p Periods) Close(m Month) Periods {
	i, found := slices.BinarySearch(p.closed, m.index())
	if found {
		return p
	}
	return Periods{closed: slices.Insert(slices.Clip(p.closed), i, m.index()), through: p.through}
}

// Reopen returns the set with m open.
func (p Periods) Reopen(m Month) Periods {
	i, found := slices.BinarySearch(p.closed, m.index())
	if !found {
		return p
	}
	return Periods{closed: slices.Delete(slices.Clone(p.closed), i, i+1), through: p.through}
}

// Closed returns the closed months in order.
func (p Periods) Closed() []Month {
	out := make([]Month, len(p.closed))
	for i, n := range p.closed {
		out[i] = Month{n / 12, time.Month(n%12 + 1)}
	}
	return out
}

// ClosedPeriodError refuses a transaction dated in a closed month.
type ClosedPeriodError struct {
	Period Month
	On     calendar.Date
}

func (e *ClosedPeriodError) Error() string {
	return fmt.Sprintf("ledger: period %s is closed; the transaction is dated %s", e.Period, e.On)
}

// Check returns a ClosedPeriodError when d falls in a closed month.
func (p Periods) Check(d calendar.Date) error {
	if p.Locks(d) {
		return &ClosedPeriodError{Period: MonthOf(d), On: d}
	}
	return nil
}
