package app

import (
	"context"
	"strings"
	"time"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/internal/projector"
	"github.com/lumbung-ledger/lumbung/projections/generalledger"
)

// KnownAt reads an as-known-at value: an instant in RFC 3339, or a date
// meaning the end of that day in the cooperative's zone; empty is the
// zero instant (now). field names the value in an error.
func KnownAt(st cooperative.State, field, value string) (time.Time, error) {
	value = strings.TrimSpace(value)
	if value == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, value); err == nil {
		return t, nil
	}
	d, err := calendar.Parse(value)
	if err != nil {
		return time.Time{}, &input.Error{Field: field, Value: value, Want: input.WantKnownAt}
	}
	latest, _ := st.Policies.Latest()
	zone, err := time.LoadLocation(latest.Policy.TimeZone)
	if err != nil {
		return time.Time{}, err
	}
	y, m, day := d.Civil()
	return time.Date(y, m, day, 0, 0, 0, 0, zone).AddDate(0, 0, 1).Add(-time.Nanosecond), nil
}

// LedgerKnownAt calls fn with a cooperative's books as the log stood at
// the instant at, before anything recorded later (nil if it had none
// then): a fold of the whole log, built for this call.
func (s *Service) LedgerKnownAt(ctx context.Context, coop cooperative.ID, at time.Time, fn func(*generalledger.Books)) error {
	gl := generalledger.New()
	if _, err := projector.New(s.store, nil).Rebuild(ctx, projector.KnownAt(gl, at)); err != nil {
		return err
	}
	b, ok := gl.Books(string(coop))
	if !ok {
		b = nil
	}
	fn(b)
	return nil
}
