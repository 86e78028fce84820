package ledger_test

import (
	"errors"
	"regexp"
	"testing"

	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
)

// The fuzz targets run their seeds with go test; `make fuzz` runs them
// with a count budget (style.md: -fuzztime=20000x).

// FuzzParseMonth: ParseMonth never panics; what it accepts writes back
// as given and names a month whose days exist; what it refuses, it
// refuses with the field, the value and what was wanted.
func FuzzParseMonth(f *testing.F) {
	for _, s := range []string{"2025-06", "1900-01", "9999-12", "2025-13", "2025-00", "1899-12", "0000-01", "", "2025-6", "+025-06", "2025-06-01", "２０２５-06", "2025\x0006"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ledger.ParseMonth(s)
		if err != nil {
			var in *input.Error
			if !errors.As(err, &in) || *in != (input.Error{Field: "period", Value: s, Want: input.WantMonth}) {
				t.Fatalf("ParseMonth(%q) refused with %#v", s, err)
			}
			if m != (ledger.Month{}) {
				t.Fatalf("ParseMonth(%q) refused but returned %v", s, m)
			}
			return
		}
		if !m.Valid() {
			t.Fatalf("ParseMonth(%q) = %v, not a valid month", s, m)
		}
		if got := m.String(); got != s {
			t.Fatalf("ParseMonth(%q).String() = %q", s, got)
		}
		if ledger.MonthOf(m.First()) != m || ledger.MonthOf(m.Last()) != m || m.Last().Before(m.First()) {
			t.Fatalf("ParseMonth(%q) = %v: first %s, last %s", s, m, m.First(), m.Last())
		}
	})
}

// FuzzParseClass: ParseClass never panics; what it accepts is a class,
// written as the class or as "contra-" and the class; what it refuses,
// it refuses with the field and the value.
func FuzzParseClass(f *testing.F) {
	for _, s := range []string{"asset", "liability", "equity", "revenue", "expense", "contra-asset", "contra-", "contra", "contra-contra-asset", "Asset", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, contra, err := ledger.ParseClass(s)
		if err != nil {
			var in *input.Error
			if !errors.As(err, &in) || *in != (input.Error{Field: "class", Value: s, Want: input.WantAccountClass}) {
				t.Fatalf("ParseClass(%q) refused with %#v", s, err)
			}
			return
		}
		known := false
		for _, k := range ledger.Classes() {
			known = known || k == c
		}
		if !known {
			t.Fatalf("ParseClass(%q) = %q, not a class", s, c)
		}
		written := string(c)
		if contra {
			written = "contra-" + written
		}
		if written != s {
			t.Fatalf("ParseClass(%q) = %q, contra %v: written back as %q", s, c, contra, written)
		}
	})
}

// codePattern is ValidCode's documented grammar: a digit other than zero,
// digits, and groups of digits after hyphens.
var codePattern = regexp.MustCompile(`^[1-9][0-9]*(-[0-9]+)*$`)

// FuzzValidCode: ValidCode never panics and accepts exactly the codes of
// its grammar that are at most 20 bytes long.
func FuzzValidCode(f *testing.F) {
	for _, s := range []string{"1", "1-1", "1-1100", "1-1100-01", "0", "0-1", "1--1", "-1", "1-", "", "1-1100a", "١", "12345678901234567890", "123456789012345678901", "9-0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := ledger.ValidCode(s)
		want := len(s) <= 20 && codePattern.MatchString(s)
		if got != want {
			t.Fatalf("ValidCode(%q) = %v, want %v", s, got, want)
		}
	})
}
