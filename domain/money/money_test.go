package money_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/money"
)

// amt parses a literal amount of a test table.
func amt(t testing.TB, s string) money.Amount {
	t.Helper()
	a, err := money.Parse(s)
	require.NoError(t, err)
	return a
}

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want string // the canonical String of the amount
	}{
		{"0", "0"},
		{"150000", "150000"},
		{"-2500", "-2500"},
		{"12.50", "12.5"},
		{"12.05", "12.05"},
		{"0.01", "0.01"},
		{"-0", "0"},
		{"007", "7"},
		{"10000000000", "10000000000"},
		{"9999999999999999999999999999999999999999", "9999999999999999999999999999999999999999"}, // 40 characters
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := money.Parse(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.String())
			assert.True(t, got.Decimal().Equal(decimal.RequireFromString(tt.in)), "value of %q", tt.in)
		})
	}
}

func TestParseRefuses(t *testing.T) {
	for _, in := range []string{
		"",
		"-",
		"1.250.000",
		"1,5",
		"1,250,000",
		"1e6",
		"1E6",
		"+5",
		" 5",
		"5 ",
		"Rp5",
		"Rp 5",
		"5IDR",
		".5",
		"5.",
		"-.5",
		"--5",
		"5-",
		"0x10",
		"١٢",
		"NaN",
		"Infinity",
		"1_000",
		strings.Repeat("9", 41),
		"-" + strings.Repeat("9", 40),
		"0." + strings.Repeat("0", 38) + "1",
	} {
		t.Run(in, func(t *testing.T) {
			got, err := money.Parse(in)
			var syntax *money.SyntaxError
			require.ErrorAs(t, err, &syntax)
			assert.Equal(t, in, syntax.Input)
			assert.True(t, got.IsZero())
			assert.True(t, strings.HasPrefix(err.Error(), "money: "), err.Error())
		})
	}
}

func TestStringRoundTrip(t *testing.T) {
	for _, a := range []money.Amount{
		money.Zero(),
		money.New(1),
		money.New(-1),
		money.New(150000),
		money.New(-10_000_000_000),
		money.NewMinor(1250, 2),
		money.NewMinor(-5, 2),
		money.NewMinor(100, 2),
		money.NewMinor(1, 4),
		money.FromDecimal(decimal.New(5, 3)),
		money.New(12).Sub(money.NewMinor(1, 2)),
	} {
		back, err := money.Parse(a.String())
		require.NoError(t, err, a.String())
		assert.True(t, back.Equal(a), "Parse(%q) = %s", a.String(), back)
		assert.Equal(t, a.String(), back.String())
	}
	assert.Equal(t, "100", money.NewMinor(10000, 2).String(), "no trailing zeros")
	assert.Equal(t, "5000", money.FromDecimal(decimal.New(5, 3)).String(), "no exponent")
}

func TestGrouped(t *testing.T) {
	tests := []struct {
		a          money.Amount
		sep, point string
		places     int32
		want       string
	}{
		{money.New(1250000), ".", ",", 0, "1.250.000"},
		{money.New(-1000), ".", ",", 0, "-1.000"},
		{money.New(999), ".", ",", 0, "999"},
		{money.New(1000), ".", ",", 0, "1.000"},
		{money.New(100000), ".", ",", 0, "100.000"},
		{money.New(0), ".", ",", 0, "0"},
		{money.New(-999), ".", ",", 0, "-999"},
		{money.New(-123456789), ".", ",", 0, "-123.456.789"},
		{money.NewMinor(123456789, 2), ",", ".", 2, "1,234,567.89"},
		{money.New(1250000), ",", ".", 2, "1,250,000.00"},
		{money.NewMinor(-5, 2), ".", ",", 2, "-0,05"},
		{money.NewMinor(125, 1), ".", ",", 0, "13"}, // display rounding: half away from zero
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.a.Grouped(tt.sep, tt.point, tt.places), "%s grouped with %d places", tt.a, tt.places)
	}
}

func TestFixed(t *testing.T) {
	assert.Equal(t, "12.50", money.NewMinor(125, 1).Fixed(2))
	assert.Equal(t, "13", money.NewMinor(125, 1).Fixed(0))
	assert.Equal(t, "-13", money.NewMinor(-125, 1).Fixed(0))
	assert.Equal(t, "150000", money.New(150000).Fixed(0))
}

func TestArithmetic(t *testing.T) {
	a, b := money.New(150000), money.New(-2500)
	assert.Equal(t, "147500", a.Add(b).String())
	assert.Equal(t, "152500", a.Sub(b).String())
	assert.Equal(t, "2500", b.Neg().String())
	assert.Equal(t, 1, a.Cmp(b))
	assert.Equal(t, -1, b.Cmp(a))
	assert.Equal(t, 0, a.Cmp(money.New(150000)))
	assert.True(t, money.NewMinor(1250, 2).Equal(amt(t, "12.5")), "12.50 equals 12.5 whatever the exponent")
	assert.Equal(t, 1, a.Sign())
	assert.Equal(t, -1, b.Sign())
	assert.Equal(t, 0, money.Zero().Sign())
	assert.True(t, money.Zero().IsZero())
	assert.True(t, a.IsPositive() && !a.IsNegative())
	assert.True(t, b.IsNegative() && !b.IsPositive())
	assert.Equal(t, "-2500", money.Min(a, b).String())
	assert.Equal(t, "-2500", money.Min(b, a).String())
	assert.Equal(t, "150000", money.Sum(a, b, money.New(2500)).String())
	assert.Equal(t, "0", money.Sum().String())
	assert.Equal(t, "1", money.Unit(0).String())
	assert.Equal(t, "0.01", money.Unit(2).String())
}

func TestIsMultipleOf(t *testing.T) {
	tests := []struct {
		a, quantum string
		want       bool
	}{
		{"150000", "1", true},
		{"12.5", "1", false},
		{"12.5", "0.5", true},
		{"12.05", "0.01", true},
		{"12.005", "0.01", false},
		{"-300", "100", true},
		{"-350", "100", false},
		{"0", "1000", true},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, amt(t, tt.a).IsMultipleOf(amt(t, tt.quantum)), "%s multiple of %s", tt.a, tt.quantum)
	}
	assert.Panics(t, func() { money.New(5).IsMultipleOf(money.Zero()) })
	assert.Panics(t, func() { money.New(5).IsMultipleOf(money.New(-1)) })
}

func TestLimitsCheck(t *testing.T) {
	rupiah := money.Limits{Places: 0, Max: money.New(10_000_000)}
	cents := money.Limits{Places: 2, Max: money.New(1000)}
	tests := []struct {
		name    string
		limits  money.Limits
		amount  string
		problem money.Problem // empty when accepted
		message string
	}{
		{"one rupiah", rupiah, "1", "", ""},
		{"exactly the maximum", rupiah, "10000000", "", ""},
		{"whole cents", cents, "12.05", "", ""},
		{"zero", rupiah, "0", money.ProblemZero, "money: amount is zero, expected an amount greater than zero"},
		{"negative", rupiah, "-5000", money.ProblemNegative, "money: amount is negative (-5000), expected an amount greater than zero"},
		{"fraction of a rupiah", rupiah, "12.5", money.ProblemFraction, "money: amount 12.5 is not a whole number of the minor unit 1"},
		{"fraction of a cent", cents, "12.005", money.ProblemFraction, "money: amount 12.005 is not a whole number of the minor unit 0.01"},
		{"one above the maximum", rupiah, "10000001", money.ProblemAboveMax, "money: amount 10000001 is above the limit 10000000"},
		{"negative fraction is negative first", rupiah, "-0.5", money.ProblemNegative, "money: amount is negative (-0.5), expected an amount greater than zero"},
		{"fraction above the maximum is a fraction first", rupiah, "10000000.5", money.ProblemFraction, "money: amount 10000000.5 is not a whole number of the minor unit 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.limits.Check("amount", amt(t, tt.amount))
			if tt.problem == "" {
				require.NoError(t, err)
				return
			}
			var amountErr *money.AmountError
			require.ErrorAs(t, err, &amountErr)
			assert.Equal(t, "amount", amountErr.Field)
			assert.Equal(t, tt.problem, amountErr.Problem)
			assert.True(t, amountErr.Amount.Equal(amt(t, tt.amount)), "carries the amount")
			assert.Equal(t, tt.limits.Places, amountErr.Limits.Places)
			assert.True(t, amountErr.Limits.Max.Equal(tt.limits.Max), "carries the maximum")
			assert.EqualError(t, err, tt.message)
		})
	}
}

// FuzzParse checks that Parse either refuses text with a *SyntaxError or
// returns an amount whose canonical text parses back to the same amount.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"0", "150000", "-2500", "12.50", "-0", "0.000001", "007",
		"", "-", "1.250.000", "1,5", "1e6", "+5", " 5", "Rp5", ".5", "5.", "NaN",
		strings.Repeat("9", 40), strings.Repeat("9", 41), "-0." + strings.Repeat("0", 36) + "1", // 40 characters
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := money.Parse(s)
		if err != nil {
			var syntax *money.SyntaxError
			if !errors.As(err, &syntax) {
				t.Fatalf("Parse(%q) returned %T, want *money.SyntaxError", s, err)
			}
			return
		}
		back, err := money.Parse(a.String())
		if err != nil {
			t.Fatalf("Parse(%q) = %s, whose text does not parse: %v", s, a, err)
		}
		if !back.Equal(a) {
			t.Fatalf("Parse(%q) = %s, which parses back as %s", s, a, back)
		}
		if !a.Decimal().Equal(decimal.RequireFromString(s)) {
			t.Fatalf("Parse(%q) = %s, not the value written", s, a)
		}
	})
}
