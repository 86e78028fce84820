// Package shu computes the distribution of a financial year's surplus
// (Sisa Hasil Usaha, domain.md §3): the pools of the bylaws, and per
// member the jasa modal on their capital and the jasa usaha on their
// business with the cooperative, exact to the rupiah.
//
// It is a calculation, not an aggregate: the SHU policy and every
// computation are recorded in the cooperative's stream. The package is
// pure.
package shu

import (
	"fmt"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/savings"
)

// Kind says what a pool is for.
type Kind string

// Pool kinds.
const (
	// Reserve is the dana cadangan, part of modal sendiri; it also takes
	// the share of non-member SHU the policy sends to reserves.
	Reserve Kind = "reserve"
	// Capital is the jasa modal (JMA), paid on members' capital.
	Capital Kind = "capital"
	// Patronage is a jasa usaha (JUA), paid on members' business with one
	// business unit or with all of them.
	Patronage Kind = "patronage"
	// Fund is any other allocation: dana pengurus, karyawan, pendidikan,
	// sosial, pembangunan daerah kerja, or one the cooperative defines.
	Fund Kind = "fund"
)

// Measure is how a member's capital is measured over the year.
type Measure string

// Capital measures (domain.md §3.4; the choice is not regulated).
const (
	YearEnd     Measure = "year-end"      // the balance at the year's last day
	AvgMonthEnd Measure = "avg-month-end" // the average of the twelve month-end balances
	DailyAvg    Measure = "daily-avg"     // the average of the balance of every day
)

// Basis is what a member's business with a unit is measured by.
type Basis string

// Patronage bases.
const (
	InterestPaid      Basis = "interest-paid"      // loan interest (jasa pinjaman) paid in the year
	PrincipalBorrowed Basis = "principal-borrowed" // principal disbursed in the year
	Purchases         Basis = "purchases"          // purchases from a shop unit in the year
)

// Exited is the bylaws' choice for members who left during the year.
type Exited string

// Eligibility of members who left during the year.
const (
	// Eligible members share on their capital and business up to the
	// exit; their payout is held as SHU payable.
	Eligible Exited = "eligible"
	// Excluded members share in nothing.
	Excluded Exited = "excluded"
)

// Pool is one allocation of the member part of the SHU.
type Pool struct {
	// Key names the pool: lowercase letters, digits and hyphens.
	Key string
	// Name is the caption in reports; empty for the key's default.
	Name    string
	Kind    Kind
	Percent decimal.Decimal
	// Unit and Basis are a patronage pool's: the business unit whose
	// transactions count (empty for every unit) and how they are measured.
	Unit  string
	Basis Basis
	// Account is the account the pool is credited to; empty for the
	// kind's default (cadangan umum, SHU payable, dana-dana dari SHU).
	Account string
}

// Policy is one version of the SHU terms of the bylaws (AD/ART).
type Policy struct {
	Pools []Pool
	// Capital lists the savings that make up a member's capital for jasa
	// modal: pokok and wajib, and sukarela if the bylaws say so.
	Capital []savings.Product
	Measure Measure
	// NonMemberToReserve is the percentage of the SHU from business with
	// non-members that goes to reserves; the rest stays undistributed.
	NonMemberToReserve decimal.Decimal
	// Rounding is the unit payouts are rounded down to: one rupiah by
	// default, 100 or 1,000 for cash payouts.
	Rounding money.Amount
	// ResidueAccount takes what rounding leaves of every pool.
	ResidueAccount string
	Exited         Exited
	// Quorum is the share of members whose attendance makes the RAT
	// quorate (0.5 for half).
	Quorum decimal.Decimal
}

// Default returns the pools of the worked example of domain.md §3.5, with
// capital as pokok and wajib at the year's end, jasa usaha on loan
// interest paid, every non-member SHU to reserves, payouts to the rupiah,
// the residue to cadangan umum, members who left eligible, and a quorum
// of half the members.
func Default() Policy {
	pct := func(s string) decimal.Decimal { return decimal.RequireFromString(s) }
	return Policy{
		Pools: []Pool{
			{Key: "cadangan", Kind: Reserve, Percent: pct("40")},
			{Key: "jasa-modal", Kind: Capital, Percent: pct("15")},
			{Key: "jasa-usaha", Kind: Patronage, Percent: pct("25"), Basis: InterestPaid},
			{Key: "pengurus-pengawas", Kind: Fund, Percent: pct("5")},
			{Key: "karyawan", Kind: Fund, Percent: pct("5")},
			{Key: "pendidikan", Kind: Fund, Percent: pct("5")},
			{Key: "sosial", Kind: Fund, Percent: pct("2.5")},
			{Key: "pembangunan-daerah-kerja", Kind: Fund, Percent: pct("2.5")},
		},
		Capital:            []savings.Product{savings.Pokok, savings.Wajib},
		Measure:            YearEnd,
		NonMemberToReserve: decimal.NewFromInt(100),
		Rounding:           money.New(1),
		ResidueAccount:     "3-2100",
		Exited:             Eligible,
		Quorum:             decimal.RequireFromString("0.5"),
	}
}

// PoolsSumError refuses pools whose percentages do not sum to exactly
// 100.
type PoolsSumError struct{ Sum decimal.Decimal }

func (e *PoolsSumError) Error() string {
	return fmt.Sprintf("shu: the pools sum to %s %%, not 100 %%", e.Sum)
}

// Sum returns the sum of the pools' percentages.
func (p Policy) Sum() decimal.Decimal {
	sum := decimal.Zero
	for _, pool := range p.Pools {
		sum = sum.Add(pool.Percent)
	}
	return sum
}

// Validate checks the policy's terms against the chart of accounts and
// the currency's places, and returns the first that is wrong.
func (p Policy) Validate(chart ledger.Chart, places int32) error {
	if len(p.Pools) == 0 {
		return &input.Error{Field: "pool", Value: "", Want: input.WantPool}
	}
	seen := map[string]bool{}
	reserves := 0
	for _, pool := range p.Pools {
		value := pool.Key + ":" + pool.Percent.String()
		if !input.Identifier(pool.Key, 40, true) || seen[pool.Key] {
			return &input.Error{Field: "pool", Value: value, Want: input.WantPool}
		}
		seen[pool.Key] = true
		if pool.Percent.Sign() <= 0 || pool.Percent.GreaterThan(decimal.NewFromInt(100)) || pool.Percent.Exponent() < -4 {
			return &input.Error{Field: "pool", Value: value, Want: input.WantPercent}
		}
		switch pool.Kind {
		case Reserve:
			reserves++
		case Capital, Fund:
		case Patronage:
			switch pool.Basis {
			case InterestPaid, PrincipalBorrowed, Purchases:
			default:
				return &input.Error{Field: "basis", Value: string(pool.Basis), Want: input.WantPatronageBasis}
			}
			if pool.Unit != "" {
				if _, ok := chart.Unit(pool.Unit); !ok {
					return &input.Error{Field: "unit", Value: pool.Unit, Want: input.WantKnownUnit}
				}
			}
		default:
			return &input.Error{Field: "pool", Value: value + ":" + string(pool.Kind), Want: input.WantPoolKind}
		}
		if pool.Account != "" {
			if _, err := chart.Postable(pool.Account, chart.Accounts()[0].Opened); err != nil {
				return &input.Error{Field: "account", Value: pool.Account, Want: input.WantPostableAccount}
			}
		}
	}
	if reserves != 1 {
		return &input.Error{Field: "pool", Value: fmt.Sprint(reserves), Want: input.WantOneReserve}
	}
	if sum := p.Sum(); !sum.Equal(decimal.NewFromInt(100)) {
		return &PoolsSumError{Sum: sum}
	}
	if len(p.Capital) == 0 || slices.Contains(p.Capital, "") {
		return &input.Error{Field: "capital", Value: "", Want: input.WantCapitalProducts}
	}
	for i, pr := range p.Capital {
		if _, err := savings.ParseProduct(string(pr)); err != nil || slices.Contains(p.Capital[:i], pr) {
			return &input.Error{Field: "capital", Value: string(pr), Want: input.WantCapitalProducts}
		}
	}
	switch p.Measure {
	case YearEnd, AvgMonthEnd, DailyAvg:
	default:
		return &input.Error{Field: "measure", Value: string(p.Measure), Want: input.WantMeasure}
	}
	if p.NonMemberToReserve.Sign() < 0 || p.NonMemberToReserve.GreaterThan(decimal.NewFromInt(100)) || p.NonMemberToReserve.Exponent() < -4 {
		return &input.Error{Field: "non-member-reserve", Value: p.NonMemberToReserve.String(), Want: input.WantPercent}
	}
	ok := false
	for _, r := range []int64{1, 100, 1000} {
		ok = ok || p.Rounding.Equal(money.New(r))
	}
	if places > 0 {
		ok = ok || p.Rounding.Equal(money.Unit(places))
	}
	if !ok {
		return &input.Error{Field: "rounding", Value: p.Rounding.String(), Want: input.WantRounding}
	}
	if _, err := chart.Postable(p.ResidueAccount, chart.Accounts()[0].Opened); err != nil {
		return &input.Error{Field: "residue-account", Value: p.ResidueAccount, Want: input.WantPostableAccount}
	}
	switch p.Exited {
	case Eligible, Excluded:
	default:
		return &input.Error{Field: "exited", Value: string(p.Exited), Want: input.WantExited}
	}
	if p.Quorum.Sign() <= 0 || p.Quorum.GreaterThan(decimal.NewFromInt(1)) {
		return &input.Error{Field: "quorum", Value: p.Quorum.String(), Want: input.WantQuorum}
	}
	return nil
}

// Equal reports whether p and q are the same terms.
func (p Policy) Equal(q Policy) bool {
	return fmt.Sprintf("%v", p) == fmt.Sprintf("%v", q)
}

// AccountIn returns the account a pool is credited to: its own, or the
// default of its kind in the chart.
func (pool Pool) AccountIn(chart ledger.Chart) string {
	if pool.Account != "" {
		return pool.Account
	}
	role := ledger.RoleSHUFunds
	switch pool.Kind {
	case Reserve:
		role = ledger.RoleReserve
	case Capital, Patronage:
		role = ledger.RoleSHUPayable
	}
	a, _ := chart.ByRole(role)
	return a.Code
}
