package policy_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/policy"
)

func date(y int, m time.Month, d int) calendar.Date { return calendar.MustNew(y, m, d) }

func base() policy.Policy { return policy.Default(money.New(100_000), money.New(50_000)) }

func TestDefault(t *testing.T) {
	p := base()
	require.NoError(t, p.Validate())
	assert.Equal(t, "IDR", p.Currency)
	assert.Equal(t, int32(0), p.Places)
	assert.Equal(t, "Asia/Jakarta", p.TimeZone)
	assert.Equal(t, policy.Monthly, p.WajibPeriod)
	assert.Equal(t, "100000", p.Pokok.String())
	assert.Equal(t, "50000", p.Wajib.String())
	assert.Equal(t, "10000000000", p.MaxAmount.String())

	limits := p.Limits()
	assert.Equal(t, int32(0), limits.Places)
	assert.Equal(t, "10000000000", limits.Max.String())
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*policy.Policy)
		want   *input.Error // nil when valid
	}{
		{"default", func(*policy.Policy) {}, nil},
		{"no pokok, no wajib", func(p *policy.Policy) { p.Pokok, p.Wajib = money.Zero(), money.Zero() }, nil},
		{"cents", func(p *policy.Policy) { p.Currency, p.Places, p.Pokok = "USD", 2, money.NewMinor(2550, 2) }, nil},
		{"quarterly", func(p *policy.Policy) { p.WajibPeriod = policy.Quarterly }, nil},
		{"yearly", func(p *policy.Policy) { p.WajibPeriod = policy.Yearly }, nil},
		{"pokok at the maximum", func(p *policy.Policy) { p.MaxAmount = p.Pokok }, nil},

		{"lowercase currency", func(p *policy.Policy) { p.Currency = "idr" },
			&input.Error{Field: "currency", Value: "idr", Want: input.WantCurrency}},
		{"currency too long", func(p *policy.Policy) { p.Currency = "IDRX" },
			&input.Error{Field: "currency", Value: "IDRX", Want: input.WantCurrency}},
		{"no currency", func(p *policy.Policy) { p.Currency = "" },
			&input.Error{Field: "currency", Value: "", Want: input.WantCurrency}},
		{"negative places", func(p *policy.Policy) { p.Places = -1 },
			&input.Error{Field: "minor_unit", Value: "-1", Want: input.WantPlaces}},
		{"five places", func(p *policy.Policy) { p.Places = 5 },
			&input.Error{Field: "minor_unit", Value: "5", Want: input.WantPlaces}},
		{"no time zone", func(p *policy.Policy) { p.TimeZone = "" },
			&input.Error{Field: "time_zone", Value: "", Want: input.WantTimeZone}},
		{"time zone with a space", func(p *policy.Policy) { p.TimeZone = "Asia/ Jakarta" },
			&input.Error{Field: "time_zone", Value: "Asia/ Jakarta", Want: input.WantTimeZone}},
		{"max amount zero", func(p *policy.Policy) { p.MaxAmount = money.Zero() },
			&input.Error{Field: "max_amount", Value: "0", Want: input.WantMaxAmount}},
		{"max amount negative", func(p *policy.Policy) { p.MaxAmount = money.New(-1) },
			&input.Error{Field: "max_amount", Value: "-1", Want: input.WantMaxAmount}},
		{"max amount a fraction of a rupiah", func(p *policy.Policy) { p.MaxAmount = money.NewMinor(15, 1) },
			&input.Error{Field: "max_amount", Value: "1.5", Want: input.WantMaxAmount}},
		{"negative pokok", func(p *policy.Policy) { p.Pokok = money.New(-1) },
			&input.Error{Field: "pokok", Value: "-1", Want: input.WantPolicyAmount, Bound: "10000000000"}},
		{"pokok a fraction of a rupiah", func(p *policy.Policy) { p.Pokok = money.NewMinor(1000005, 1) },
			&input.Error{Field: "pokok", Value: "100000.5", Want: input.WantPolicyAmount, Bound: "10000000000"}},
		{"pokok above the maximum", func(p *policy.Policy) { p.MaxAmount = money.New(99_999) },
			&input.Error{Field: "pokok", Value: "100000", Want: input.WantPolicyAmount, Bound: "99999"}},
		{"negative wajib", func(p *policy.Policy) { p.Wajib = money.New(-50_000) },
			&input.Error{Field: "wajib", Value: "-50000", Want: input.WantPolicyAmount, Bound: "10000000000"}},
		{"wajib period weekly", func(p *policy.Policy) { p.WajibPeriod = "weekly" },
			&input.Error{Field: "wajib_period", Value: "weekly", Want: input.WantPeriod}},
		{"no wajib period", func(p *policy.Policy) { p.WajibPeriod = "" },
			&input.Error{Field: "wajib_period", Value: "", Want: input.WantPeriod}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := base()
			tt.change(&p)
			err := p.Validate()
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			var got *input.Error
			require.ErrorAs(t, err, &got)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestPeriodValid(t *testing.T) {
	for _, p := range []policy.Period{policy.Monthly, policy.Quarterly, policy.Yearly} {
		assert.True(t, p.Valid(), p)
	}
	for _, p := range []policy.Period{"", "weekly", "Monthly"} {
		assert.False(t, p.Valid(), p)
	}
}

// pokok returns a policy whose pokok names it, so that tests can tell
// versions apart.
func pokok(n int64) policy.Policy { return policy.Default(money.New(n), money.New(50_000)) }

func TestBookEmpty(t *testing.T) {
	var b policy.Book
	_, ok := b.At(date(2025, time.January, 1))
	assert.False(t, ok)
	_, ok = b.Latest()
	assert.False(t, ok)
	assert.Empty(t, b.Versions())
}

func TestBookAt(t *testing.T) {
	jan, apr, jul := date(2025, time.January, 1), date(2025, time.April, 1), date(2025, time.July, 1)
	// Adopted in this order: 1 from Jan, 2 from Jul, 3 from Apr (adopted
	// after Jul's), 4 from Apr again (replaces 3 from Apr on).
	b := policy.Book{}.
		Adopt(jan, pokok(100)).
		Adopt(jul, pokok(200)).
		Adopt(apr, pokok(300)).
		Adopt(apr, pokok(400))

	tests := []struct {
		name   string
		on     calendar.Date
		number int
		pokok  string
	}{
		{"long before the first version: the first", date(2000, time.March, 3), 1, "100"},
		{"the day before the first version: the first", jan.AddDays(-1), 1, "100"},
		{"the first version's first day", jan, 1, "100"},
		{"the day before April", apr.AddDays(-1), 1, "100"},
		{"the same From adopted later wins", apr, 4, "400"},
		{"inside April's version", date(2025, time.June, 30), 4, "400"},
		{"July's version, adopted before April's", jul, 2, "200"},
		{"long after", date(2030, time.January, 1), 2, "200"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, ok := b.At(tt.on)
			require.True(t, ok)
			assert.Equal(t, tt.number, v.Number)
			assert.Equal(t, tt.pokok, v.Policy.Pokok.String())
			assert.False(t, v.From.After(tt.on) && v.Number != 1, "only the first version applies before its date")
		})
	}

	latest, ok := b.Latest()
	require.True(t, ok)
	assert.Equal(t, 4, latest.Number, "latest is the one adopted last, not the one with the latest date")

	var order []int
	var froms []string
	for _, v := range b.Versions() {
		order = append(order, v.Number)
		froms = append(froms, v.From.String())
	}
	assert.Equal(t, []int{1, 3, 4, 2}, order, "ordered by From, then by adoption")
	assert.Equal(t, []string{"2025-01-01", "2025-04-01", "2025-04-01", "2025-07-01"}, froms)
}

func TestBookAdoptLeavesTheOriginal(t *testing.T) {
	jan := date(2025, time.January, 1)
	one := policy.Book{}.Adopt(jan, pokok(100))
	two := one.Adopt(jan, pokok(200))
	_ = one.Adopt(jan.AddDays(-10), pokok(300))

	require.Len(t, one.Versions(), 1)
	v, _ := one.At(jan)
	assert.Equal(t, "100", v.Policy.Pokok.String())
	v, _ = two.At(jan)
	assert.Equal(t, "200", v.Policy.Pokok.String())

	versions := two.Versions()
	versions[0].Policy.Pokok = money.New(999)
	v, _ = two.At(jan.AddDays(-1))
	assert.Equal(t, "100", v.Policy.Pokok.String(), "Versions returns a copy")
}

func TestValidateRefusesAmountsWrittenWithDecimals(t *testing.T) {
	for _, tt := range []struct{ field, pokok, wajib, max string }{
		{"pokok", "50.000", "10000", "10000000000"},
		{"wajib", "50000", "10.000", "10000000000"},
		{"max_amount", "50000", "10000", "1.000"},
	} {
		p := policy.Default(mustParse(t, tt.pokok), mustParse(t, tt.wajib))
		p.MaxAmount = mustParse(t, tt.max)
		var in *input.Error
		require.ErrorAs(t, p.Validate(), &in, tt.field)
		assert.Equal(t, tt.field, in.Field)
	}
}

func mustParse(t *testing.T, s string) money.Amount {
	t.Helper()
	a, err := money.Parse(s)
	require.NoError(t, err)
	return a
}
