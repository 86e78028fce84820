// Package calendar is civil dates: the business (effective) dates of the
// ledger, in the cooperative's time zone, without a time of day.
//
// The package is pure: it never reads the clock. Today's date is always
// passed in by the caller.
package calendar

import (
	"fmt"
	"time"
)

// Date is a civil date. The zero value is "no date"; valid dates run from
// 1900-01-01 to 9999-12-31.
type Date struct {
	// n is days since 1899-12-31, so that zero means no date and every
	// valid date (from 1900-01-01) is positive.
	n int32
}

const (
	minYear = 1900
	maxYear = 9999
	// epoch is 1899-12-31 in days since 1970-01-01, the day before the
	// first valid date. Counting from 1970-01-01 instead would make
	// 1969-12-31 the zero "no date".
	epoch = -25568
)

// New returns the date y-m-d, or false if there is no such day.
func New(y int, m time.Month, d int) (Date, bool) {
	if y < minYear || y > maxYear || m < time.January || m > time.December || d < 1 || d > daysIn(y, m) {
		return Date{}, false
	}
	return Date{n: int32(daysFromCivil(y, int(m), d) - epoch)}, true
}

// MustNew returns the date y-m-d and panics if there is none: for literals
// in tests and examples.
func MustNew(y int, m time.Month, d int) Date {
	date, ok := New(y, m, d)
	if !ok {
		panic(fmt.Sprintf("calendar: no date %04d-%02d-%02d", y, m, d))
	}
	return date
}

// Parse reads a date written YYYY-MM-DD and refuses anything else,
// including impossible days such as 2025-02-30.
func Parse(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, &SyntaxError{Input: s}
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, &SyntaxError{Input: s}
	}
	date, ok := New(y, time.Month(m), d)
	if !ok {
		return Date{}, &SyntaxError{Input: s, Impossible: true}
	}
	return date, nil
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// SyntaxError reports text that is not a date.
type SyntaxError struct {
	Input string
	// Impossible is set when the text has the right shape but names no day.
	Impossible bool
}

func (e *SyntaxError) Error() string {
	if e.Impossible {
		return fmt.Sprintf("calendar: %q is not a day of the calendar", e.Input)
	}
	return fmt.Sprintf("calendar: %q is not a date (expected YYYY-MM-DD)", e.Input)
}

// FromTime returns the civil date of t in t's location. It panics for a
// year outside 1900-9999 (the zero time.Time included): callers pass a
// clock's reading.
func FromTime(t time.Time) Date {
	y, m, d := t.Date()
	return MustNew(y, m, d)
}

// IsZero reports whether d is the zero "no date".
func (d Date) IsZero() bool { return d.n == 0 }

// Civil returns the year, month and day.
func (d Date) Civil() (int, time.Month, int) {
	y, m, day := civilFromDays(int64(d.n) + epoch)
	return y, time.Month(m), day
}

// Year returns the year.
func (d Date) Year() int { y, _, _ := d.Civil(); return y }

// Month returns the month.
func (d Date) Month() time.Month { _, m, _ := d.Civil(); return m }

// String returns YYYY-MM-DD, or "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	y, m, day := d.Civil()
	b := [10]byte{
		byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
		byte('0' + int(m)/10), byte('0' + int(m)%10), '-', byte('0' + day/10), byte('0' + day%10),
	}
	return string(b[:])
}

// Before reports whether d is strictly before e.
func (d Date) Before(e Date) bool { return d.n < e.n }

// After reports whether d is strictly after e.
func (d Date) After(e Date) bool { return d.n > e.n }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.n < e.n:
		return -1
	case d.n > e.n:
		return 1
	}
	return 0
}

// AddDays returns the date n days after d (before, if n is negative).
func (d Date) AddDays(n int) Date { return Date{n: d.n + int32(n)} }

// DaysSince returns the number of days from e to d.
func (d Date) DaysSince(e Date) int { return int(d.n - e.n) }

// MonthEnd returns the last day of d's month.
func (d Date) MonthEnd() Date {
	y, m, _ := d.Civil()
	return MustNew(y, m, daysIn(y, m))
}

// Ordinal returns a number that orders dates like Compare, for compact
// encodings. FromOrdinal inverts it.
func (d Date) Ordinal() int32 { return d.n }

// FromOrdinal returns the date whose Ordinal is n.
func FromOrdinal(n int32) Date { return Date{n: n} }

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// daysFromCivil and civilFromDays convert between proleptic Gregorian dates
// and days since 1970-01-01 (H. Hinnant's algorithms).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

func civilFromDays(z int64) (int, int, int) {
	z += 719468
	era := z / 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return int(y), int(m), int(d)
}
