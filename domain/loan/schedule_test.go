package loan_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/money"
)

func rate(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// workedExample is domain.md §2.2's: Rp 12,000,000 over 12 months at 24 %
// a year (2 % a month).
func workedExample(m loan.Method) loan.Terms {
	return loan.Terms{
		Principal:  money.New(12_000_000),
		AnnualRate: rate("0.24"),
		Months:     12,
		Method:     m,
		First:      calendar.MustNew(2025, time.February, 15),
	}
}

func totals(s []loan.Instalment) (principal, interest money.Amount) {
	principal, interest = money.Zero(), money.Zero()
	for _, in := range s {
		principal = principal.Add(in.Principal)
		interest = interest.Add(in.Interest)
	}
	return principal, interest
}

// TestWorkedExample reproduces the table of domain.md §2.2 exactly.
func TestWorkedExample(t *testing.T) {
	for _, tc := range []struct {
		method                loan.Method
		first, last, interest int64
	}{
		{loan.Flat, 1_240_000, 1_240_000, 2_880_000},
		{loan.Declining, 1_240_000, 1_020_000, 1_560_000},
		{loan.Annuity, 1_134_715, 1_134_718, 1_616_583},
	} {
		t.Run(string(tc.method), func(t *testing.T) {
			s, err := loan.Schedule(workedExample(tc.method), 0)
			require.NoError(t, err)
			require.Len(t, s, 12)
			assert.Equal(t, money.New(tc.first), s[0].Total())
			assert.Equal(t, money.New(tc.last), s[11].Total())
			principal, interest := totals(s)
			assert.Equal(t, money.New(12_000_000), principal)
			assert.Equal(t, money.New(tc.interest), interest)
		})
	}
}

// TestAnnuityWorkedExampleInFull pins every figure of the annuity: A is
// 1,134,715.1595…, rounded half up to 1,134,715; each month's interest is
// 2 % of the balance rounded half up and the principal the rest of
// 1,134,715; the last instalment repays the balance left, 1,112,469, with
// interest 22,249: 3 more than the others, the residue of the roundings.
func TestAnnuityWorkedExampleInFull(t *testing.T) {
	want := [][2]int64{ // principal, interest
		{894_715, 240_000}, {912_609, 222_106}, {930_861, 203_854}, {949_479, 185_236},
		{968_468, 166_247}, {987_838, 146_877}, {1_007_594, 127_121}, {1_027_746, 106_969},
		{1_048_301, 86_414}, {1_069_267, 65_448}, {1_090_653, 44_062}, {1_112_469, 22_249},
	}
	s, err := loan.Schedule(workedExample(loan.Annuity), 0)
	require.NoError(t, err)
	require.Len(t, s, len(want))
	for k, w := range want {
		assert.Equal(t, k+1, s[k].N)
		assert.Equal(t, money.New(w[0]), s[k].Principal, "principal of instalment %d", k+1)
		assert.Equal(t, money.New(w[1]), s[k].Interest, "interest of instalment %d", k+1)
	}
}

func TestDeclining(t *testing.T) {
	s, err := loan.Schedule(workedExample(loan.Declining), 0)
	require.NoError(t, err)
	for k, in := range s {
		assert.Equal(t, money.New(1_000_000), in.Principal)
		assert.Equal(t, money.New(int64(240_000-20_000*k)), in.Interest, "interest on the balance before instalment %d", k+1)
	}
}

func TestDueDates(t *testing.T) {
	d := calendar.MustNew
	for _, tc := range []struct {
		name  string
		first calendar.Date
		want  []calendar.Date
	}{
		{
			name:  "31st clamped to short months and kept where it exists",
			first: d(2024, time.January, 31),
			want: []calendar.Date{
				d(2024, time.January, 31), d(2024, time.February, 29), d(2024, time.March, 31),
				d(2024, time.April, 30), d(2024, time.May, 31),
			},
		},
		{
			name:  "common year February",
			first: d(2025, time.January, 30),
			want:  []calendar.Date{d(2025, time.January, 30), d(2025, time.February, 28), d(2025, time.March, 30)},
		},
		{
			name:  "29 February keeps the 29th",
			first: d(2024, time.February, 29),
			want:  []calendar.Date{d(2024, time.February, 29), d(2024, time.March, 29), d(2024, time.April, 29)},
		},
		{
			name:  "across the year",
			first: d(2025, time.November, 15),
			want:  []calendar.Date{d(2025, time.November, 15), d(2025, time.December, 15), d(2026, time.January, 15), d(2026, time.February, 15)},
		},
		{
			name:  "the calendar's last month",
			first: d(9999, time.November, 30),
			want:  []calendar.Date{d(9999, time.November, 30), d(9999, time.December, 30)},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			terms := workedExample(loan.Flat)
			terms.First, terms.Months = tc.first, len(tc.want)
			s, err := loan.Schedule(terms, 0)
			require.NoError(t, err)
			var got []calendar.Date
			for _, in := range s {
				got = append(got, in.Due)
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestRounding checks the one rounding: half up to the currency's unit,
// residue in the last instalment's principal.
func TestRounding(t *testing.T) {
	for _, tc := range []struct {
		name   string
		terms  loan.Terms
		places int32
		want   [][2]string // principal, interest
	}{
		{
			name:  "share rounded down, residue added to the last",
			terms: loan.Terms{Principal: money.New(10_000_000), AnnualRate: rate("0"), Months: 3, Method: loan.Flat},
			want:  [][2]string{{"3333333", "0"}, {"3333333", "0"}, {"3333334", "0"}},
		},
		{
			name:  "share rounded up, residue taken from the last",
			terms: loan.Terms{Principal: money.New(2_000_000), AnnualRate: rate("0"), Months: 3, Method: loan.Declining},
			want:  [][2]string{{"666667", "0"}, {"666667", "0"}, {"666666", "0"}},
		},
		{
			name:  "interest of exactly half a rupiah rounds up",
			terms: loan.Terms{Principal: money.New(25), AnnualRate: rate("0.24"), Months: 1, Method: loan.Flat},
			want:  [][2]string{{"25", "1"}},
		},
		{
			name:  "interest just under half a rupiah rounds down",
			terms: loan.Terms{Principal: money.New(299), AnnualRate: rate("0.02"), Months: 1, Method: loan.Declining},
			// 299 × 0.02 / 12 = 0.49833…
			want: [][2]string{{"299", "0"}},
		},
		{
			name:   "cents",
			terms:  loan.Terms{Principal: money.NewMinor(100_000, 2), AnnualRate: rate("0.18"), Months: 3, Method: loan.Declining},
			places: 2,
			// 1000.00 × 0.015 = 15.00; 666.67 × 0.015 = 10.00005; 333.34 × 0.015 = 5.0001
			want: [][2]string{{"333.33", "15"}, {"333.33", "10"}, {"333.34", "5"}},
		},
		{
			name:  "a rate that is not a whole number of twelfths",
			terms: loan.Terms{Principal: money.New(1_000_000), AnnualRate: rate("0.25"), Months: 2, Method: loan.Declining},
			// 1,000,000 × 0.25 / 12 = 20,833.33…; 500,000 × 0.25 / 12 = 10,416.66…
			want: [][2]string{{"500000", "20833"}, {"500000", "10417"}},
		},
		{
			name:  "a loan too small for its term: no instalment repays more than is outstanding",
			terms: loan.Terms{Principal: money.New(2), AnnualRate: rate("0"), Months: 4, Method: loan.Declining},
			want:  [][2]string{{"1", "0"}, {"1", "0"}, {"0", "0"}, {"0", "0"}},
		},
		{
			name:  "a tiny annuity",
			terms: loan.Terms{Principal: money.New(2), AnnualRate: rate("0.01"), Months: 4, Method: loan.Annuity},
			want:  [][2]string{{"1", "0"}, {"1", "0"}, {"0", "0"}, {"0", "0"}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.terms.First = calendar.MustNew(2025, time.March, 1)
			s, err := loan.Schedule(tc.terms, tc.places)
			require.NoError(t, err)
			var got [][2]string
			for _, in := range s {
				got = append(got, [2]string{in.Principal.String(), in.Interest.String()})
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestZeroRate checks that an interest-free loan repays P/n under every
// method: the annuity degenerates to equal principal.
func TestZeroRate(t *testing.T) {
	var schedules [][]loan.Instalment
	for _, m := range loan.Methods() {
		terms := workedExample(m)
		terms.AnnualRate, terms.Principal = decimal.Zero, money.New(1_000_000)
		s, err := loan.Schedule(terms, 0)
		require.NoError(t, err)
		_, interest := totals(s)
		assert.True(t, interest.IsZero(), "%s charges interest %s", m, interest)
		schedules = append(schedules, s)
	}
	assert.Equal(t, schedules[0], schedules[1])
	assert.Equal(t, schedules[0], schedules[2])
	assert.Equal(t, money.New(83_333), schedules[0][0].Principal)
	assert.Equal(t, money.New(83_337), schedules[0][11].Principal)
}

// TestHighestRate checks the boundaries of the terms: 100 % a year for 600
// months.
func TestHighestRate(t *testing.T) {
	for _, m := range loan.Methods() {
		terms := workedExample(m)
		terms.AnnualRate, terms.Months = decimal.NewFromInt(1), loan.MaxMonths
		s, err := loan.Schedule(terms, 0)
		require.NoError(t, err)
		require.Len(t, s, loan.MaxMonths)
		principal, _ := totals(s)
		assert.Equal(t, terms.Principal, principal)
	}
}

func TestTermsRefused(t *testing.T) {
	for _, tc := range []struct {
		name   string
		edit   func(*loan.Terms)
		places int32
		field  loan.Field
		value  string
	}{
		{"zero principal", func(t *loan.Terms) { t.Principal = money.Zero() }, 0, loan.FieldPrincipal, "0"},
		{"negative principal", func(t *loan.Terms) { t.Principal = money.New(-5) }, 0, loan.FieldPrincipal, "-5"},
		{"principal in sen", func(t *loan.Terms) { t.Principal = money.NewMinor(150, 2) }, 0, loan.FieldPrincipal, "1.5"},
		{"principal below the cent", func(t *loan.Terms) { t.Principal = money.NewMinor(1, 3) }, 2, loan.FieldPrincipal, "0.001"},
		{"negative rate", func(t *loan.Terms) { t.AnnualRate = rate("-0.01") }, 0, loan.FieldAnnualRate, "-0.01"},
		{"rate above 1", func(t *loan.Terms) { t.AnnualRate = rate("1.0000000001") }, 0, loan.FieldAnnualRate, "1.0000000001"},
		{"rate in percent", func(t *loan.Terms) { t.AnnualRate = rate("24") }, 0, loan.FieldAnnualRate, "24"},
		{"rate with 11 decimals", func(t *loan.Terms) { t.AnnualRate = rate("0.24000000001") }, 0, loan.FieldAnnualRate, "0.24000000001"},
		{"no months", func(t *loan.Terms) { t.Months = 0 }, 0, loan.FieldMonths, "0"},
		{"too many months", func(t *loan.Terms) { t.Months = 601 }, 0, loan.FieldMonths, "601"},
		{"no method", func(t *loan.Terms) { t.Method = "" }, 0, loan.FieldMethod, ""},
		{"unknown method", func(t *loan.Terms) { t.Method = "Flat" }, 0, loan.FieldMethod, "Flat"},
		{"no first due date", func(t *loan.Terms) { t.First = calendar.Date{} }, 0, loan.FieldFirst, ""},
		{"past the calendar", func(t *loan.Terms) { t.First = calendar.MustNew(9999, time.June, 1) }, 0, loan.FieldFirst, "9999-06-01"},
		{"negative places", func(t *loan.Terms) {}, -1, loan.FieldPlaces, "-1"},
		{"too many places", func(t *loan.Terms) {}, 5, loan.FieldPlaces, "5"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			terms := workedExample(loan.Annuity)
			tc.edit(&terms)
			s, err := loan.Schedule(terms, tc.places)
			assert.Nil(t, s)
			var te *loan.TermsError
			require.ErrorAs(t, err, &te)
			assert.Equal(t, tc.field, te.Field)
			assert.Equal(t, tc.value, te.Value)
			assert.True(t, strings.HasPrefix(err.Error(), "loan: "+string(tc.field)+" "), err.Error())
			assert.Equal(t, err, terms.Check(tc.places))
		})
	}
}

func TestTermsErrorMessage(t *testing.T) {
	err := loan.Terms{Principal: money.NewMinor(15, 1), Months: 1, Method: loan.Flat}.Check(0)
	assert.EqualError(t, err, `loan: principal "1.5": expected an amount greater than zero and a whole number of 1`)
	err = loan.Terms{Principal: money.New(1), Months: 1, Method: loan.Method(strings.Repeat("x", 100))}.Check(0)
	assert.EqualError(t, err, `loan: method "`+strings.Repeat("x", 40)+`"...: expected flat, menurun or anuitas`)
}

func TestParseMethod(t *testing.T) {
	for _, m := range loan.Methods() {
		got, err := loan.ParseMethod(string(m))
		require.NoError(t, err)
		assert.Equal(t, m, got)
	}
	assert.Equal(t, []loan.Method{"flat", "menurun", "anuitas"}, loan.Methods())
	for _, s := range []string{"", "Flat", "FLAT", " flat", "declining", "annuity", "efektif", "anuitas\x00"} {
		_, err := loan.ParseMethod(s)
		var me *loan.MethodError
		require.ErrorAs(t, err, &me, "ParseMethod(%q)", s)
		assert.Equal(t, s, me.Value)
	}
	_, err := loan.ParseMethod("bulanan")
	assert.EqualError(t, err, `loan: "bulanan" is not an interest method (expected flat, menurun or anuitas)`)
}

func FuzzParseMethod(f *testing.F) {
	for _, s := range []string{"flat", "menurun", "anuitas", "", "Flat", "menurun ", "anuitas\xff", strings.Repeat("a", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := loan.ParseMethod(s)
		if err != nil {
			var me *loan.MethodError
			if !errors.As(err, &me) || me.Value != s || m != "" {
				t.Fatalf("ParseMethod(%q) = %q, %v; want a *MethodError carrying the input", s, m, err)
			}
			return
		}
		if string(m) != s {
			t.Fatalf("ParseMethod(%q) = %q, not the text read", s, m)
		}
		back, err := loan.ParseMethod(string(m))
		if err != nil || back != m {
			t.Fatalf("ParseMethod(%q) = %q, which does not parse back: %v", s, m, err)
		}
	})
}

// ExampleSchedule draws the annuity of domain.md §2.2.
func ExampleSchedule() {
	s, err := loan.Schedule(loan.Terms{
		Principal:  money.New(12_000_000),
		AnnualRate: decimal.RequireFromString("0.24"),
		Months:     12,
		Method:     loan.Annuity,
		First:      calendar.MustNew(2025, time.January, 31),
	}, 0)
	if err != nil {
		panic(err)
	}
	for _, in := range []loan.Instalment{s[0], s[1], s[11]} {
		fmt.Println(in.N, in.Due, in.Principal, in.Interest, in.Total().Grouped(".", ",", 0))
	}
	// Output:
	// 1 2025-01-31 894715 240000 1.134.715
	// 2 2025-02-28 912609 222106 1.134.715
	// 12 2025-12-31 1112469 22249 1.134.718
}

func BenchmarkSchedule(b *testing.B) {
	for _, m := range loan.Methods() {
		b.Run(string(m), func(b *testing.B) {
			terms := workedExample(m)
			terms.Months, terms.AnnualRate = loan.MaxMonths, rate("0.1234567891")
			for b.Loop() {
				if _, err := loan.Schedule(terms, 0); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
