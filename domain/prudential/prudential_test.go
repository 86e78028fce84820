package prudential_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/prudential"
)

func day(y int, m time.Month, d int) calendar.Date { return calendar.MustNew(y, m, d) }

func TestDefaultRuleSetsByDate(t *testing.T) {
	b := prudential.Default()
	_, ok := b.At(day(2023, time.June, 19))
	assert.False(t, ok, "nothing before Permenkop 8/2023")

	s, ok := b.At(day(2023, time.June, 20))
	require.True(t, ok)
	assert.Equal(t, "permenkop-8-2023", s.Version)
	assert.Nil(t, s.Reporting, "the reporting calendar came with Permenkop 2/2024")

	s, ok = b.At(day(2026, time.January, 1))
	require.True(t, ok)
	assert.Equal(t, "permenkop-8-2023+2-2024", s.Version)
	require.NotNil(t, s.Reporting)
	assert.Equal(t, "permenkop-8-2023", b.AtOrFirst(day(2020, time.January, 1)).Version)

	// Every rule has a limit, an instrument and an article.
	for _, r := range prudential.Rules() {
		l := s.Limit(r)
		assert.True(t, l.Share.IsPositive(), r)
		assert.NotEmpty(t, l.Article, r)
		assert.NotEmpty(t, l.Instrument, r)
	}
	assert.Equal(t, "0.09", s.Limit(prudential.SavingsRate).Share.String())
	assert.Equal(t, "0.24", s.Limit(prudential.LoanRate).Share.String())
	assert.Equal(t, prudential.Secondary, s.Limit(prudential.MemberCapital).Source)
	assert.Equal(t, prudential.Primary, s.Limit(prudential.RelatedLoans).Source)
}

func TestNewBookOrdersByDate(t *testing.T) {
	late := prudential.RuleSet{Version: "b", From: day(2030, time.January, 1)}
	early := prudential.RuleSet{Version: "a", From: day(2029, time.January, 1)}
	b := prudential.NewBook(late, early)
	s, ok := b.At(day(2029, time.June, 1))
	require.True(t, ok)
	assert.Equal(t, "a", s.Version)
	s, _ = b.At(day(2031, time.June, 1))
	assert.Equal(t, "b", s.Version)
	assert.Equal(t, "", prudential.NewBook().AtOrFirst(day(2031, time.June, 1)).Version)
}

func TestLimitWithinIsExactAtTheEdge(t *testing.T) {
	l := prudential.Limit{Share: decimal.New(20, -2)}
	base := money.New(1_000_000_001)
	// 20 % of 1.000.000.001 is 200.000.000,2: 200.000.000 is within,
	// 200.000.001 is not.
	assert.True(t, l.Within(money.New(200_000_000), base))
	assert.False(t, l.Within(money.New(200_000_001), base))
	assert.Equal(t, "200000000", l.Room(base, 0).String())
	assert.False(t, l.Within(money.Zero(), money.New(-5)), "a negative base leaves no room, not even for zero")
	assert.False(t, l.Within(money.New(1), money.Zero()))
	assert.True(t, l.Within(money.Zero(), money.Zero()))

	rate := prudential.Limit{Share: decimal.New(24, -2)}
	assert.True(t, rate.RateWithin(decimal.RequireFromString("0.24")))
	assert.False(t, rate.RateWithin(decimal.RequireFromString("0.2400000001")))
}

func TestSizeClass(t *testing.T) {
	s, _ := prudential.Default().At(day(2025, time.January, 1))
	for _, tt := range []struct {
		modal int64
		class int
	}{
		{0, 1}, {2_500_000_000, 1}, {2_500_000_001, 2}, {15_000_000_000, 2}, {15_000_000_001, 3},
		{50_000_000_000, 3}, {50_000_000_001, 4}, {-1, 1},
	} {
		assert.Equal(t, tt.class, s.SizeClass(money.New(tt.modal)), "modal %d", tt.modal)
	}
}

func TestAudit(t *testing.T) {
	b := prudential.Default()
	s, _ := b.At(day(2025, time.December, 31))
	required, applies := s.Audit(2025, money.New(5_000_000_000))
	assert.True(t, applies)
	assert.True(t, required, "Rp 5 bn exactly needs the audit")
	required, applies = s.Audit(2025, money.New(4_999_999_999))
	assert.True(t, applies)
	assert.False(t, required)
	_, applies = s.Audit(2024, money.New(9_000_000_000))
	assert.False(t, applies, "from tahun buku 2025")
	old, _ := b.At(day(2023, time.December, 31))
	_, applies = old.Audit(2025, money.New(9_000_000_000))
	assert.False(t, applies, "no audit rule before Permenkop 2/2024")
}

func TestDeadlines(t *testing.T) {
	s, _ := prudential.Default().At(day(2025, time.December, 31))
	got := s.Deadlines(2025, false)
	want := []prudential.Deadline{
		{Duty: prudential.Quarter1, Due: day(2025, time.April, 20), Source: prudential.Secondary},
		{Duty: prudential.Semester, Due: day(2025, time.June, 20), Source: prudential.Unconfirmed},
		{Duty: prudential.Quarter2, Due: day(2025, time.July, 20), Source: prudential.Secondary},
		{Duty: prudential.Quarter3, Due: day(2025, time.October, 20), Source: prudential.Secondary},
		{Duty: prudential.AnnualReport, Due: day(2026, time.April, 30), Source: prudential.Secondary},
		{Duty: prudential.RAT, Due: day(2026, time.June, 30), Source: prudential.Primary},
	}
	assert.Equal(t, want, got)

	secondary := s.Deadlines(2025, true)
	require.Len(t, secondary, len(want))
	assert.Equal(t, prudential.AnnualReport, secondary[4].Duty)
	assert.Equal(t, day(2026, time.June, 30), secondary[4].Due)

	old, _ := prudential.Default().At(day(2023, time.December, 31))
	assert.Equal(t, []prudential.Deadline{{Duty: prudential.RAT, Due: day(2024, time.June, 30), Source: prudential.Primary}}, old.Deadlines(2023, false))
}

func TestRATDue(t *testing.T) {
	s := prudential.RuleSet{RATMonths: 6}
	assert.Equal(t, day(2026, time.June, 30), s.RATDue(2025))
	s.RATMonths = 5 // a bylaw asking for the RAT within five months
	assert.Equal(t, day(2025, time.May, 31), s.RATDue(2024))
	s.RATMonths = 2
	assert.Equal(t, day(2024, time.February, 29), s.RATDue(2023), "a leap year's February")
}

func TestProgressOf(t *testing.T) {
	due := day(2026, time.June, 30)
	for _, tt := range []struct {
		name       string
		done, asOf calendar.Date
		want       prudential.Progress
	}{
		{"held in time", day(2026, time.March, 14), day(2026, time.July, 1), prudential.Done},
		{"held on the last day", due, due, prudential.Done},
		{"held late", day(2026, time.July, 2), day(2026, time.August, 1), prudential.Late},
		{"not held, deadline passed", calendar.Date{}, day(2026, time.July, 1), prudential.Overdue},
		{"not held, still due", calendar.Date{}, due, prudential.Upcoming},
		{"held after the report's date", day(2026, time.March, 14), day(2026, time.March, 13), prudential.Upcoming},
		{"held after the report's date, which is late", day(2026, time.July, 14), day(2026, time.July, 13), prudential.Overdue},
	} {
		assert.Equal(t, tt.want, prudential.ProgressOf(tt.done, due, tt.asOf), tt.name)
	}
}

func TestMissedRATs(t *testing.T) {
	s, _ := prudential.Default().At(day(2025, time.January, 1))
	held := map[int]calendar.Date{2022: day(2023, time.March, 1)}
	// As of 1 July 2026 the RATs of 2023, 2024 and 2025 are missed.
	assert.Equal(t, 3, s.MissedRATs(held, 2022, 2025, day(2026, time.July, 1)))
	// On 30 June 2026 the 2025 RAT is still due: 2023 and 2024 missed.
	assert.Equal(t, 2, s.MissedRATs(held, 2022, 2025, day(2026, time.June, 30)))
	// Years before the first one the ledger knows do not count.
	assert.Equal(t, 1, s.MissedRATs(held, 2024, 2025, day(2026, time.June, 30)))
	// A RAT held late ends the run; one held after the date does not.
	held[2024] = day(2025, time.September, 1)
	assert.Equal(t, 0, s.MissedRATs(held, 2022, 2025, day(2026, time.June, 30)))
	assert.Equal(t, 2, s.MissedRATs(held, 2022, 2025, day(2025, time.August, 31)))
}

func TestOriginalModalDate(t *testing.T) {
	assert.Equal(t, day(2025, time.December, 31), prudential.OriginalModalDate(day(2025, time.January, 1)))
	assert.Equal(t, day(2024, time.December, 31), prudential.OriginalModalDate(day(2024, time.December, 31)))
}
