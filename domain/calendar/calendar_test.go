package calendar_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want calendar.Date // zero when refused
		// impossible is the SyntaxError's Impossible flag when refused.
		impossible bool
	}{
		{in: "2025-01-31", want: calendar.MustNew(2025, time.January, 31)},
		{in: "2024-02-29", want: calendar.MustNew(2024, time.February, 29)},
		{in: "2000-02-29", want: calendar.MustNew(2000, time.February, 29)},
		{in: "1900-01-01", want: calendar.MustNew(1900, time.January, 1)},
		{in: "1969-12-31", want: calendar.MustNew(1969, time.December, 31)},
		{in: "1970-01-01", want: calendar.MustNew(1970, time.January, 1)},
		{in: "9999-12-31", want: calendar.MustNew(9999, time.December, 31)},

		{in: "2025-02-29", impossible: true},
		{in: "1900-02-29", impossible: true},
		{in: "2100-02-29", impossible: true},
		{in: "2025-13-01", impossible: true},
		{in: "2025-00-10", impossible: true},
		{in: "2025-04-31", impossible: true},
		{in: "2025-01-00", impossible: true},
		{in: "1899-12-31", impossible: true},
		{in: "0000-01-01", impossible: true},

		{in: ""},
		{in: "2025-1-01"},
		{in: "2025-01-1"},
		{in: "2025/01/01"},
		{in: "20250101"},
		{in: " 2025-01-01"},
		{in: "2025-01-01 "},
		{in: "2025-01-0a"},
		{in: "+025-01-01"},
		{in: "-025-01-01"},
		{in: "2025-+1-01"},
		{in: "2025-01-01T00:00:00Z"},
		{in: "２０２５-01-01"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := calendar.Parse(tt.in)
			if !tt.want.IsZero() {
				require.NoError(t, err)
				assert.Equal(t, tt.want, got)
				assert.Equal(t, tt.in, got.String())
				return
			}
			var syntax *calendar.SyntaxError
			require.ErrorAs(t, err, &syntax)
			assert.Equal(t, tt.in, syntax.Input)
			assert.Equal(t, tt.impossible, syntax.Impossible)
			assert.True(t, got.IsZero(), "a refused date is the zero date")
			assert.Contains(t, err.Error(), "calendar: ")
		})
	}
}

func TestNewRange(t *testing.T) {
	tests := []struct {
		y  int
		m  time.Month
		d  int
		ok bool
	}{
		{1900, time.January, 1, true},
		{9999, time.December, 31, true},
		{1899, time.December, 31, false},
		{10000, time.January, 1, false},
		{2025, 0, 1, false},
		{2025, 13, 1, false},
		{2025, time.January, 0, false},
		{2025, time.January, 32, false},
		{2025, time.February, 29, false},
		{2024, time.February, 29, true},
		{2025, time.June, 31, false},
	}
	for _, tt := range tests {
		got, ok := calendar.New(tt.y, tt.m, tt.d)
		assert.Equal(t, tt.ok, ok, "New(%d, %d, %d)", tt.y, tt.m, tt.d)
		assert.Equal(t, !tt.ok, got.IsZero(), "New(%d, %d, %d) is zero exactly when refused", tt.y, tt.m, tt.d)
	}
	assert.Panics(t, func() { calendar.MustNew(2025, time.February, 29) })
}

func TestZeroDate(t *testing.T) {
	var zero calendar.Date
	assert.True(t, zero.IsZero())
	assert.Equal(t, "", zero.String())
	assert.True(t, zero.Before(calendar.MustNew(1900, time.January, 1)), "no date sorts before every date")
}

// TestEveryDay walks every day from 1900-01-01 to 2100-12-31 beside the
// standard library's calendar and checks construction, the civil fields,
// the text form, parsing and the order.
func TestEveryDay(t *testing.T) {
	ref := time.Date(1900, time.January, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2100, time.December, 31, 0, 0, 0, 0, time.UTC)
	d := calendar.MustNew(1900, time.January, 1)
	first := d
	var prev calendar.Date
	days := 0
	for !ref.After(end) {
		y, m, day := ref.Date()
		text := ref.Format(time.DateOnly)

		built, ok := calendar.New(y, m, day)
		require.True(t, ok, text)
		require.Equal(t, built, d, "New(%s) and AddDays disagree", text)
		require.False(t, d.IsZero(), "%s is the zero date", text)

		gy, gm, gd := d.Civil()
		require.Equal(t, [3]int{y, int(m), day}, [3]int{gy, int(gm), gd}, text)
		require.Equal(t, y, d.Year(), text)
		require.Equal(t, m, d.Month(), text)
		require.Equal(t, text, d.String())

		parsed, err := calendar.Parse(text)
		require.NoError(t, err, text)
		require.Equal(t, d, parsed, text)

		require.Equal(t, d, calendar.FromOrdinal(d.Ordinal()), text)
		require.Equal(t, days, d.DaysSince(first), text)
		if !prev.IsZero() {
			require.Equal(t, 1, d.DaysSince(prev), text)
			require.Equal(t, 1, d.Compare(prev), text)
			require.Equal(t, -1, prev.Compare(d), text)
			require.True(t, d.After(prev) && prev.Before(d), text)
			require.False(t, d.Before(prev) || prev.After(d), text)
			require.Less(t, prev.Ordinal(), d.Ordinal(), text)
			require.Equal(t, prev, d.AddDays(-1), text)
		}
		require.Equal(t, 0, d.Compare(d), text)
		require.False(t, d.Before(d) || d.After(d), text)

		prev, d = d, d.AddDays(1)
		ref = ref.AddDate(0, 0, 1)
		days++
	}
	assert.Equal(t, 73414, days, "days from 1900-01-01 to 2100-12-31 inclusive")
}

func TestMonthEnd(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2025-01-01", "2025-01-31"},
		{"2025-01-31", "2025-01-31"},
		{"2025-02-10", "2025-02-28"},
		{"2024-02-10", "2024-02-29"},
		{"1900-02-01", "1900-02-28"},
		{"2000-02-01", "2000-02-29"},
		{"2025-04-15", "2025-04-30"},
		{"2025-12-01", "2025-12-31"},
		{"1969-12-01", "1969-12-31"},
		{"9999-12-31", "9999-12-31"},
	}
	for _, tt := range tests {
		d, err := calendar.Parse(tt.in)
		require.NoError(t, err)
		assert.Equal(t, tt.want, d.MonthEnd().String(), tt.in)
	}
}

func TestAddDays(t *testing.T) {
	d := calendar.MustNew(2024, time.February, 28)
	assert.Equal(t, "2024-02-29", d.AddDays(1).String())
	assert.Equal(t, "2024-03-01", d.AddDays(2).String())
	assert.Equal(t, "2023-02-28", d.AddDays(-365).String())
	assert.Equal(t, "2025-02-28", d.AddDays(366).String())
	assert.Equal(t, d, d.AddDays(0))
	assert.Equal(t, 366, calendar.MustNew(2025, time.February, 28).DaysSince(d))
	assert.Equal(t, -366, d.DaysSince(calendar.MustNew(2025, time.February, 28)))
}

func TestFromTime(t *testing.T) {
	wib := time.FixedZone("WIB", 7*60*60)
	tests := []struct {
		name string
		in   time.Time
		want string
	}{
		{"midday UTC", time.Date(2025, time.March, 15, 12, 0, 0, 0, time.UTC), "2025-03-15"},
		{"just after midnight in Jakarta is still the previous day in UTC", time.Date(2025, time.January, 1, 0, 30, 0, 0, wib), "2025-01-01"},
		{"the same instant read in UTC", time.Date(2025, time.January, 1, 0, 30, 0, 0, wib).UTC(), "2024-12-31"},
		{"last nanosecond of a leap day", time.Date(2024, time.February, 29, 23, 59, 59, 999999999, wib), "2024-02-29"},
		{"the day before the Unix epoch", time.Date(1969, time.December, 31, 23, 0, 0, 0, time.UTC), "1969-12-31"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := calendar.FromTime(tt.in)
			assert.False(t, got.IsZero())
			assert.Equal(t, tt.want, got.String())
		})
	}
}

func TestSyntaxErrorMessages(t *testing.T) {
	_, err := calendar.Parse("2025/01/01")
	assert.EqualError(t, err, `calendar: "2025/01/01" is not a date (expected YYYY-MM-DD)`)
	_, err = calendar.Parse("2025-02-29")
	assert.EqualError(t, err, `calendar: "2025-02-29" is not a day of the calendar`)
}

// FuzzParseDate checks that Parse either refuses text with a *SyntaxError
// or returns a date that prints back as exactly the same text.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{
		"2025-01-31", "2024-02-29", "2025-02-29", "1900-01-01", "1969-12-31", "9999-12-31",
		"1899-12-31", "2025-13-01", "2025-1-01", "2025/01/01", "", "0000-00-00", "2025-01-01T00:00:00Z",
		"-001-01-01", "99999-01-01", "2025-0a-01",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := calendar.Parse(s)
		if err != nil {
			var syntax *calendar.SyntaxError
			if !errors.As(err, &syntax) {
				t.Fatalf("Parse(%q) returned %T, want *calendar.SyntaxError", s, err)
			}
			if !d.IsZero() {
				t.Fatalf("Parse(%q) refused the text but returned %s", s, d)
			}
			return
		}
		if d.IsZero() {
			t.Fatalf("Parse(%q) accepted the text but returned the zero date", s)
		}
		if d.String() != s {
			t.Fatalf("Parse(%q).String() = %q", s, d.String())
		}
	})
}
