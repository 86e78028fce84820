// Package policy holds a cooperative's bylaws as data: the terms of its
// savings products, its currency and the limits on a transaction. Policies
// are versioned by effective date; every decision uses the version in
// force on its effective date and records which one that was.
//
// The package is pure.
package policy

import (
	"fmt"
	"slices"
	"strings"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/money"
)

// Period is how often simpanan wajib falls due.
type Period string

// Wajib periods.
const (
	Monthly   Period = "monthly"
	Quarterly Period = "quarterly"
	Yearly    Period = "yearly"
)

// Valid reports whether p is a known period.
func (p Period) Valid() bool { return p == Monthly || p == Quarterly || p == Yearly }

// Policy is one version of a cooperative's terms.
type Policy struct {
	// Currency is the ISO 4217 code, IDR by default.
	Currency string
	// Places is the number of decimals of the currency's minor unit; 0
	// for rupiah, whose amounts are whole.
	Places int32
	// TimeZone is the IANA name of the zone that effective dates are
	// civil dates in, Asia/Jakarta by default.
	TimeZone string
	// Pokok is the simpanan pokok every member pays once on admission
	// (UU 25/1992 Art. 41; the same for every member).
	Pokok money.Amount
	// Wajib is the simpanan wajib due each WajibPeriod.
	Wajib       money.Amount
	WajibPeriod Period
	// MaxAmount is the largest amount of one transaction; larger amounts
	// are refused as input errors.
	MaxAmount money.Amount
}

// Default returns the terms of a new Indonesian cooperative with the given
// pokok and wajib: rupiah, Asia/Jakarta, wajib monthly, at most
// Rp 10.000.000.000 per transaction.
func Default(pokok, wajib money.Amount) Policy {
	return Policy{
		Currency:    "IDR",
		Places:      0,
		TimeZone:    "Asia/Jakarta",
		Pokok:       pokok,
		Wajib:       wajib,
		WajibPeriod: Monthly,
		MaxAmount:   money.New(10_000_000_000),
	}
}

// Equal reports whether p and q are the same terms. (Amounts compare by
// value, so == on policies is not the test.)
func (p Policy) Equal(q Policy) bool {
	return p.Currency == q.Currency && p.Places == q.Places && p.TimeZone == q.TimeZone &&
		p.Pokok.Equal(q.Pokok) && p.Wajib.Equal(q.Wajib) && p.WajibPeriod == q.WajibPeriod &&
		p.MaxAmount.Equal(q.MaxAmount)
}

// Limits returns the amount limits of a transaction under p.
func (p Policy) Limits() money.Limits {
	return money.Limits{Places: p.Places, Max: p.MaxAmount}
}

// Validate checks that every term is usable and returns an *input.Error
// naming the first that is not. The time zone's name is only checked for
// shape here; that it exists in the zone database is checked where the
// database is at hand.
func (p Policy) Validate() error {
	if len(p.Currency) != 3 || !isUpper(p.Currency) {
		return &input.Error{Field: "currency", Value: p.Currency, Want: input.WantCurrency}
	}
	if p.Places < 0 || p.Places > 4 {
		return &input.Error{Field: "minor_unit", Value: fmt.Sprint(p.Places), Want: input.WantPlaces}
	}
	if !input.Text(p.TimeZone, 64) || strings.ContainsRune(p.TimeZone, ' ') {
		return &input.Error{Field: "time_zone", Value: p.TimeZone, Want: input.WantTimeZone}
	}
	if !p.MaxAmount.IsPositive() || !p.MaxAmount.IsMultipleOf(money.Unit(p.Places)) || p.MaxAmount.Decimal().Exponent() < -p.Places {
		return &input.Error{Field: "max_amount", Value: p.MaxAmount.String(), Want: input.WantMaxAmount}
	}
	for _, term := range []struct {
		field string
		a     money.Amount
	}{{"pokok", p.Pokok}, {"wajib", p.Wajib}} {
		// More decimals than the currency has are refused even when zero:
		// "50.000" is fifty thousand rupiah to an Indonesian reader.
		if term.a.IsNegative() || !term.a.IsMultipleOf(money.Unit(p.Places)) || term.a.Cmp(p.MaxAmount) > 0 ||
			term.a.Decimal().Exponent() < -p.Places {
			return &input.Error{Field: term.field, Value: term.a.String(), Want: input.WantPolicyAmount, Bound: p.MaxAmount.String()}
		}
	}
	if !p.WajibPeriod.Valid() {
		return &input.Error{Field: "wajib_period", Value: string(p.WajibPeriod), Want: input.WantPeriod}
	}
	return nil
}

func isUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// Version is a policy in force from a date, numbered from 1 in the order
// the versions were adopted.
type Version struct {
	Number int
	From   calendar.Date
	Policy Policy
}

// Book is the history of a cooperative's policy versions.
type Book struct {
	versions []Version // ordered by From, then Number
}

// Adopt returns a book with p in force from the date from. A later
// adoption with the same date replaces the earlier one from that date on.
func (b Book) Adopt(from calendar.Date, p Policy) Book {
	v := Version{Number: len(b.versions) + 1, From: from, Policy: p}
	versions := slices.Clone(b.versions)
	i, _ := slices.BinarySearchFunc(versions, from, func(v Version, d calendar.Date) int {
		if v.From.After(d) {
			return 1
		}
		return -1
	})
	versions = slices.Insert(versions, i, v)
	return Book{versions: versions}
}

// At returns the version in force on date d. Dates before the first
// version fall under the first version: a cooperative that moves its books
// into the ledger records its history under the policy it registers with,
// unless it adopts earlier versions for earlier dates. At returns false
// only when the book is empty.
func (b Book) At(d calendar.Date) (Version, bool) {
	if len(b.versions) == 0 {
		return Version{}, false
	}
	for i := len(b.versions) - 1; i >= 0; i-- {
		if !b.versions[i].From.After(d) {
			return b.versions[i], true
		}
	}
	return b.versions[0], true
}

// Latest returns the version adopted last.
func (b Book) Latest() (Version, bool) {
	if len(b.versions) == 0 {
		return Version{}, false
	}
	latest := b.versions[0]
	for _, v := range b.versions[1:] {
		if v.Number > latest.Number {
			latest = v
		}
	}
	return latest, true
}

// Len returns the number of versions.
func (b Book) Len() int { return len(b.versions) }

// Versions returns every version, ordered by the date it applies from.
func (b Book) Versions() []Version { return slices.Clone(b.versions) }
