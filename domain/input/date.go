package input

import (
	"errors"
	"strings"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
)

// Date reads a date a person typed into field, YYYY-MM-DD: a malformed
// one, or one that does not exist (2025-02-30), is an Error naming the
// field and the value.
func Date(field, s string) (calendar.Date, error) {
	d, err := calendar.Parse(strings.TrimSpace(s))
	var se *calendar.SyntaxError
	if errors.As(err, &se) {
		want := WantDate
		if se.Impossible {
			want = WantRealDate
		}
		return d, &Error{Field: field, Value: s, Want: want}
	}
	return d, err
}
