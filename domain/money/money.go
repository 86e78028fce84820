// Package money is exact money arithmetic for the ledger.
//
// An Amount wraps a shopspring/decimal value; no float64 ever touches it.
// Rounding happens only in the named functions of this package, each with
// its mode stated. The package is pure and safe for concurrent use: Amounts
// are immutable values.
package money

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// Amount is an exact sum of money in the currency's major unit (rupiah).
// The zero value is zero.
type Amount struct {
	d decimal.Decimal
}

// maxInputLen bounds the text Parse accepts, so absurd input is refused
// before any arithmetic.
const maxInputLen = 40

// Zero is the zero amount.
func Zero() Amount { return Amount{} }

// New returns the amount of whole major units n (rupiah).
func New(n int64) Amount { return Amount{d: decimal.NewFromInt(n)} }

// NewMinor returns the amount of n minor units for a currency whose minor
// unit has the given number of decimal places.
func NewMinor(n int64, places int32) Amount { return Amount{d: decimal.New(n, -places)} }

// FromDecimal wraps d.
func FromDecimal(d decimal.Decimal) Amount { return Amount{d: d} }

// Decimal returns the underlying exact value.
func (a Amount) Decimal() decimal.Decimal { return a.d }

// Parse reads an amount written as plain digits with an optional leading
// minus sign and an optional decimal point followed by digits: "150000",
// "-2500", "12.50". Grouping separators, exponents, currency symbols, signs
// other than a leading minus and surrounding spaces are refused: an amount
// is never guessed.
func Parse(s string) (Amount, error) {
	if !wellFormed(s) {
		return Amount{}, &SyntaxError{Input: s}
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return Amount{}, &SyntaxError{Input: s}
	}
	return Amount{d: d}, nil
}

func wellFormed(s string) bool {
	if len(s) == 0 || len(s) > maxInputLen {
		return false
	}
	i := 0
	if s[0] == '-' {
		i = 1
	}
	digits, point, fraction := 0, false, 0
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if point {
				fraction++
			} else {
				digits++
			}
		case c == '.' && !point:
			point = true
		default:
			return false
		}
	}
	return digits > 0 && (!point || fraction > 0)
}

// SyntaxError reports text that is not an amount.
type SyntaxError struct {
	Input string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("money: %q is not an amount (expected digits, optionally a decimal point and digits)", e.Input)
}

// Add returns a+b.
func (a Amount) Add(b Amount) Amount { return Amount{d: a.d.Add(b.d)} }

// Sub returns a-b.
func (a Amount) Sub(b Amount) Amount { return Amount{d: a.d.Sub(b.d)} }

// Neg returns -a.
func (a Amount) Neg() Amount { return Amount{d: a.d.Neg()} }

// Cmp returns -1, 0 or +1 as a is less than, equal to or greater than b.
func (a Amount) Cmp(b Amount) int { return a.d.Cmp(b.d) }

// Equal reports whether a and b are the same amount.
func (a Amount) Equal(b Amount) bool { return a.d.Equal(b.d) }

// Sign returns -1, 0 or +1.
func (a Amount) Sign() int { return a.d.Sign() }

// IsZero reports whether a is zero.
func (a Amount) IsZero() bool { return a.d.IsZero() }

// IsPositive reports whether a is greater than zero.
func (a Amount) IsPositive() bool { return a.d.Sign() > 0 }

// IsNegative reports whether a is less than zero.
func (a Amount) IsNegative() bool { return a.d.Sign() < 0 }

// Min returns the smaller of a and b.
func Min(a, b Amount) Amount {
	if a.Cmp(b) <= 0 {
		return a
	}
	return b
}

// Sum returns the total of amounts.
func Sum(amounts ...Amount) Amount {
	total := Zero()
	for _, a := range amounts {
		total = total.Add(a)
	}
	return total
}

// IsMultipleOf reports whether a is a whole number of quantum (for example
// of the currency's minor unit). quantum must be positive.
func (a Amount) IsMultipleOf(quantum Amount) bool {
	if !quantum.IsPositive() {
		panic("money: IsMultipleOf with a quantum that is not positive")
	}
	// A power-of-ten quantum divides every amount written with no more
	// decimals than it has: the common case, decided without dividing.
	if quantum.d.CoefficientInt64() == 1 && a.d.Exponent() >= quantum.d.Exponent() {
		return true
	}
	return a.d.Mod(quantum.d).IsZero()
}

// String returns the canonical text: no grouping, no trailing zeros after a
// decimal point, "-" for negatives. Parse(a.String()) equals a for every
// amount short enough for Parse (40 characters: far beyond any ledger's).
func (a Amount) String() string { return a.d.String() }

// Fixed returns the amount with exactly places decimals, rounding half away
// from zero if it has more (display only: stored amounts never have more
// decimals than their currency's minor unit).
func (a Amount) Fixed(places int32) string { return a.d.StringFixed(places) }

// Grouped formats a for people: thousands grouped by sep, decimals (places
// of them) after point. Indonesian style is Grouped(".", ",", 0):
// 1250000 -> "1.250.000".
func (a Amount) Grouped(sep, point string, places int32) string {
	rounded := a.d.Round(places)
	text := rounded.Abs().StringFixed(places)
	whole, frac, _ := strings.Cut(text, ".")
	var b strings.Builder
	if rounded.Sign() < 0 {
		b.WriteByte('-')
	}
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString(point)
		b.WriteString(frac)
	}
	return b.String()
}

// Unit returns the smallest amount of a currency whose minor unit has the
// given number of decimal places: 1 for rupiah (0 places), 0.01 for cents.
func Unit(places int32) Amount { return Amount{d: decimal.New(1, -places)} }
