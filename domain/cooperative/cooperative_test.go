package cooperative_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/policy"
)

var (
	today      = calendar.MustNew(2025, time.June, 30)
	registered = calendar.MustNew(2025, time.January, 2)
)

func terms() policy.Policy { return policy.Default(money.New(100_000), money.New(50_000)) }

// with returns the default terms changed by change.
func with(change func(*policy.Policy)) policy.Policy {
	p := terms()
	change(&p)
	return p
}

func register() cooperative.Register {
	return cooperative.Register{Coop: "kopdes-sukamaju", Name: "Koperasi Desa Merah Putih Sukamaju", Policy: terms(), On: registered, Today: today}
}

func registeredEvent() cooperative.Registered {
	return cooperative.Registered{Coop: "kopdes-sukamaju", Name: "Koperasi Desa Merah Putih Sukamaju", Policy: terms(), On: registered}
}

// chartAdopted is the default chart adopted on a registration date.
func chartAdopted(on calendar.Date) cooperative.ChartAdopted {
	chart := ledger.DefaultChart(on)
	return cooperative.ChartAdopted{Accounts: chart.Accounts(), Units: chart.Units(), On: on}
}

// fold builds the state of a stream from the zero state.
func fold(events []cooperative.Event) cooperative.State {
	var s cooperative.State
	for _, e := range events {
		s = cooperative.Evolve(s, e)
	}
	return s
}

// describe renders events with their types and every field, amounts and
// dates by their String methods, so that equal amounts compare equal
// whatever their internal exponent.
func describe(events []cooperative.Event) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = fmt.Sprintf("%T %+v", e, e)
	}
	return out
}

// refusal checks the error of a refused command.
type refusal func(t *testing.T, err error)

func inputError(field, value string, want input.Want, bound string) refusal {
	return func(t *testing.T, err error) {
		t.Helper()
		var got *input.Error
		require.ErrorAs(t, err, &got)
		assert.Equal(t, &input.Error{Field: field, Value: value, Want: want, Bound: bound}, got)
	}
}

func is(target error) refusal {
	return func(t *testing.T, err error) {
		t.Helper()
		require.ErrorIs(t, err, target)
	}
}

func TestDecide(t *testing.T) {
	tests := []struct {
		name  string
		given []cooperative.Event
		when  cooperative.Command
		then  []cooperative.Event
		err   refusal
	}{
		{
			name: "register",
			when: register(),
			then: []cooperative.Event{registeredEvent(), chartAdopted(registered)},
		},
		{
			name: "register today",
			when: func() cooperative.Register { c := register(); c.On = today; return c }(),
			then: []cooperative.Event{func() cooperative.Registered { e := registeredEvent(); e.On = today; return e }(), chartAdopted(today)},
		},
		{
			name: "register with uppercase in the id",
			when: func() cooperative.Register { c := register(); c.Coop = "Kopdes-Sukamaju"; return c }(),
			err:  inputError("coop", "Kopdes-Sukamaju", input.WantCoopID, ""),
		},
		{
			name: "register with a space in the id",
			when: func() cooperative.Register { c := register(); c.Coop = "kopdes sukamaju"; return c }(),
			err:  inputError("coop", "kopdes sukamaju", input.WantCoopID, ""),
		},
		{
			name: "register with no id",
			when: func() cooperative.Register { c := register(); c.Coop = ""; return c }(),
			err:  inputError("coop", "", input.WantCoopID, ""),
		},
		{
			name: "register with an id of 41 characters",
			when: func() cooperative.Register {
				c := register()
				c.Coop = cooperative.ID(strings.Repeat("k", 41))
				return c
			}(),
			err: inputError("coop", strings.Repeat("k", 41), input.WantCoopID, ""),
		},
		{
			name: "register with an empty name",
			when: func() cooperative.Register { c := register(); c.Name = ""; return c }(),
			err:  inputError("name", "", input.WantName, ""),
		},
		{
			name: "register with a name of 121 characters",
			when: func() cooperative.Register { c := register(); c.Name = strings.Repeat("K", 121); return c }(),
			err:  inputError("name", strings.Repeat("K", 121), input.WantName, ""),
		},
		{
			name: "register with currency idr",
			when: func() cooperative.Register {
				c := register()
				c.Policy = with(func(p *policy.Policy) { p.Currency = "idr" })
				return c
			}(),
			err: inputError("currency", "idr", input.WantCurrency, ""),
		},
		{
			name: "register with a negative pokok",
			when: func() cooperative.Register {
				c := register()
				c.Policy = with(func(p *policy.Policy) { p.Pokok = money.New(-100_000) })
				return c
			}(),
			err: inputError("pokok", "-100000", input.WantPolicyAmount, "10000000000"),
		},
		{
			name: "register with max amount zero",
			when: func() cooperative.Register {
				c := register()
				c.Policy = with(func(p *policy.Policy) { p.MaxAmount = money.Zero() })
				return c
			}(),
			err: inputError("max_amount", "0", input.WantMaxAmount, ""),
		},
		{
			name: "register with wajib period weekly",
			when: func() cooperative.Register {
				c := register()
				c.Policy = with(func(p *policy.Policy) { p.WajibPeriod = "weekly" })
				return c
			}(),
			err: inputError("wajib_period", "weekly", input.WantPeriod, ""),
		},
		{
			name: "register with no date",
			when: func() cooperative.Register { c := register(); c.On = calendar.Date{}; return c }(),
			err:  inputError("date", "", input.WantDate, ""),
		},
		{
			name: "register tomorrow",
			when: func() cooperative.Register { c := register(); c.On = today.AddDays(1); return c }(),
			err:  inputError("date", "2025-07-01", input.WantNotFuture, "2025-06-30"),
		},
		{
			name:  "register twice",
			given: []cooperative.Event{registeredEvent()},
			when:  register(),
			err:   is(cooperative.ErrAlreadyRegistered),
		},
		{
			name:  "register another cooperative in the same stream",
			given: []cooperative.Event{registeredEvent()},
			when:  func() cooperative.Register { c := register(); c.Coop = "ksp-lain"; return c }(),
			err:   is(cooperative.ErrAlreadyRegistered),
		},
		{
			name:  "change the policy",
			given: []cooperative.Event{registeredEvent()},
			when: cooperative.ChangePolicy{
				Policy: with(func(p *policy.Policy) { p.Wajib = money.New(75_000); p.WajibPeriod = policy.Quarterly }),
				From:   calendar.MustNew(2026, time.January, 1),
			},
			then: []cooperative.Event{cooperative.PolicyChanged{
				Policy: with(func(p *policy.Policy) { p.Wajib = money.New(75_000); p.WajibPeriod = policy.Quarterly }),
				From:   calendar.MustNew(2026, time.January, 1),
			}},
		},
		{
			name:  "change the policy for dates before the registration",
			given: []cooperative.Event{registeredEvent()},
			when:  cooperative.ChangePolicy{Policy: with(func(p *policy.Policy) { p.Pokok = money.New(25_000) }), From: calendar.MustNew(2020, time.January, 1)},
			then:  []cooperative.Event{cooperative.PolicyChanged{Policy: with(func(p *policy.Policy) { p.Pokok = money.New(25_000) }), From: calendar.MustNew(2020, time.January, 1)}},
		},
		{
			name: "change the policy of a cooperative not registered",
			when: cooperative.ChangePolicy{Policy: terms(), From: today},
			err:  is(cooperative.ErrNotRegistered),
		},
		{
			name:  "change to an invalid policy",
			given: []cooperative.Event{registeredEvent()},
			when:  cooperative.ChangePolicy{Policy: with(func(p *policy.Policy) { p.Wajib = money.New(-1) }), From: today},
			err:   inputError("wajib", "-1", input.WantPolicyAmount, "10000000000"),
		},
		{
			name:  "change the policy with no date",
			given: []cooperative.Event{registeredEvent()},
			when:  cooperative.ChangePolicy{Policy: terms()},
			err:   inputError("from", "", input.WantDate, ""),
		},
		{
			name:  "change the currency",
			given: []cooperative.Event{registeredEvent()},
			when:  cooperative.ChangePolicy{Policy: with(func(p *policy.Policy) { p.Currency = "USD" }), From: today},
			err:   inputError("currency", "USD", input.WantSameAsBefore, "IDR"),
		},
		{
			name:  "change the minor unit",
			given: []cooperative.Event{registeredEvent()},
			when:  cooperative.ChangePolicy{Policy: with(func(p *policy.Policy) { p.Places = 2 }), From: today},
			err:   inputError("minor_unit", "2", input.WantSameAsBefore, "0"),
		},
		{
			name:  "change the time zone",
			given: []cooperative.Event{registeredEvent()},
			when:  cooperative.ChangePolicy{Policy: with(func(p *policy.Policy) { p.TimeZone = "Asia/Makassar" }), From: today},
			err:   inputError("time_zone", "Asia/Makassar", input.WantSameAsBefore, "Asia/Jakarta"),
		},
		{
			name: "change the currency after another change",
			given: []cooperative.Event{
				registeredEvent(),
				cooperative.PolicyChanged{Policy: with(func(p *policy.Policy) { p.Pokok = money.New(150_000) }), From: calendar.MustNew(2025, time.March, 1)},
			},
			when: cooperative.ChangePolicy{Policy: with(func(p *policy.Policy) { p.Currency = "USD" }), From: today},
			err:  inputError("currency", "USD", input.WantSameAsBefore, "IDR"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.True(t, (tt.then == nil) != (tt.err == nil), "a case expects either events or an error")
			s := fold(tt.given)
			got, err := cooperative.Decide(s, tt.when)
			assert.Equal(t, fold(tt.given), s, "Decide modified the state it was given")
			if tt.err != nil {
				tt.err(t, err)
				assert.Nil(t, got, "a refusal returns no events")
				assert.True(t, strings.HasPrefix(err.Error(), "cooperative: ") || strings.HasPrefix(err.Error(), "input: "), err.Error())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, describe(tt.then), describe(got))
			// The events apply to the state they were decided on.
			assert.NotPanics(t, func() { fold(append(append([]cooperative.Event{}, tt.given...), got...)) })
		})
	}
}

func TestEvolve(t *testing.T) {
	mar := calendar.MustNew(2025, time.March, 1)
	s := fold([]cooperative.Event{
		registeredEvent(),
		cooperative.PolicyChanged{Policy: with(func(p *policy.Policy) { p.Pokok = money.New(150_000) }), From: mar},
		cooperative.PolicyChanged{Policy: with(func(p *policy.Policy) { p.Pokok = money.New(200_000) }), From: mar},
		cooperative.PolicyChanged{Policy: with(func(p *policy.Policy) { p.Pokok = money.New(50_000) }), From: calendar.MustNew(2020, time.January, 1)},
	})
	require.True(t, s.Exists())
	assert.Equal(t, cooperative.ID("kopdes-sukamaju"), s.ID)
	assert.Equal(t, "Koperasi Desa Merah Putih Sukamaju", s.Name)
	assert.Equal(t, registered, s.Registered)
	require.Len(t, s.Policies.Versions(), 4)

	tests := []struct {
		on     calendar.Date
		number int
		pokok  string
	}{
		{calendar.MustNew(2019, time.December, 31), 4, "50000"}, // before every version: the first in date order
		{calendar.MustNew(2020, time.January, 1), 4, "50000"},
		{registered.AddDays(-1), 4, "50000"},
		{registered, 1, "100000"},
		{mar.AddDays(-1), 1, "100000"},
		{mar, 3, "200000"}, // the same From adopted later wins
		{today, 3, "200000"},
	}
	for _, tt := range tests {
		v, ok := s.Policies.At(tt.on)
		require.True(t, ok)
		assert.Equal(t, tt.number, v.Number, "version on %s", tt.on)
		assert.Equal(t, tt.pokok, v.Policy.Pokok.String(), "pokok on %s", tt.on)
	}
}

func TestEvolveDoesNotShareThePolicyBook(t *testing.T) {
	s1 := fold([]cooperative.Event{registeredEvent()})
	s2 := cooperative.Evolve(s1, cooperative.PolicyChanged{Policy: terms(), From: today})
	assert.Len(t, s1.Policies.Versions(), 1)
	assert.Len(t, s2.Policies.Versions(), 2)
}

func TestEvolvePanicsOnUnknownEvents(t *testing.T) {
	assert.Panics(t, func() { cooperative.Evolve(cooperative.State{}, nil) })
}

func TestParseID(t *testing.T) {
	id, err := cooperative.ParseID("ksp-sejahtera-01")
	require.NoError(t, err)
	assert.Equal(t, cooperative.ID("ksp-sejahtera-01"), id)

	_, err = cooperative.ParseID("ksp_sejahtera")
	var inputErr *input.Error
	require.True(t, errors.As(err, &inputErr))
	assert.Equal(t, input.WantCoopID, inputErr.Want)
}

func TestChangePolicyRepeatedIsNothingToDo(t *testing.T) {
	p := policy.Default(money.New(50_000), money.New(10_000))
	from := calendar.MustNew(2026, 1, 1)
	s := cooperative.Evolve(cooperative.State{}, cooperative.Registered{Coop: "k", Name: "K", Policy: p, On: calendar.MustNew(2025, 1, 1)})
	higher := p
	higher.Wajib = money.New(20_000)
	events, err := cooperative.Decide(s, cooperative.ChangePolicy{Policy: higher, From: from})
	require.NoError(t, err)
	require.Len(t, events, 1)
	s = cooperative.Evolve(s, events[0])

	again := higher
	again.Wajib, _ = money.Parse("20000")
	events, err = cooperative.Decide(s, cooperative.ChangePolicy{Policy: again, From: from})
	require.NoError(t, err)
	assert.Empty(t, events, "the same terms from the same date again")

	events, err = cooperative.Decide(s, cooperative.ChangePolicy{Policy: higher, From: from.AddDays(1)})
	require.NoError(t, err)
	assert.Len(t, events, 1, "the same terms from another date are a new version")
}
