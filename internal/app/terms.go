package app

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/savings"
	"github.com/lumbung-ledger/lumbung/domain/shu"
)

// DefaultRateCap is the highest effective yearly rate a loan product
// allows without an override when its terms name none.
const DefaultRateCap = "24%"

// ProductTerms are a loan product's terms as a person writes them: rates
// as shares (0.18) or percentages (18%), amounts as text, approval bands
// as UPTO:role,role. The command line's loan product define and the
// API's POST /loan-products both read a product from them. Errors name
// the fields as the command line's flags do (max-plafond,
// savings-multiple, ...).
type ProductTerms struct {
	Code, Name, Method, Rate                 string
	Months, MaxMonths, Grace                 int
	MaxPlafond, SavingsMultiple              string
	Provisi, ProvisiFixed, Admin, AdminFixed string
	Penalty, PenaltyCap, RateCap, Order      string
	Approvals                                []string
}

// Product is the loan product of the terms.
func (t ProductTerms) Product() (loan.Product, error) {
	method, err := loan.ParseMethod(t.Method)
	if err != nil {
		return loan.Product{}, &input.Error{Field: "method", Value: t.Method, Want: input.WantMethod}
	}
	order := t.Order
	if order == "" {
		order = string(loan.PenaltyFirst)
	}
	rateCap := t.RateCap
	if rateCap == "" {
		rateCap = DefaultRateCap
	}
	prod := loan.Product{Code: t.Code, Name: t.Name, Method: method, Months: t.Months, MaxMonths: max(t.MaxMonths, t.Months),
		Order: loan.Order(order), Quality: loan.DefaultProfile(), Penalty: loan.Penalty{GraceDays: t.Grace}}
	for _, r := range []struct {
		field, text string
		into        *decimal.Decimal
	}{
		{"rate", t.Rate, &prod.AnnualRate}, {"savings-multiple", t.SavingsMultiple, &prod.SavingsMultiple},
		{"provisi", t.Provisi, &prod.Provisi.Percent}, {"admin", t.Admin, &prod.Admin.Percent},
		{"penalty", t.Penalty, &prod.Penalty.DailyRate}, {"penalty-cap", t.PenaltyCap, &prod.Penalty.Cap},
		{"rate-cap", rateCap, &prod.RateCap},
	} {
		if r.text == "" {
			continue
		}
		if *r.into, err = ParseRate(r.field, r.text); err != nil {
			return loan.Product{}, err
		}
	}
	for _, a := range []struct {
		field, text string
		into        *money.Amount
	}{{"max-plafond", t.MaxPlafond, &prod.MaxPlafond}, {"provisi-fixed", t.ProvisiFixed, &prod.Provisi.Fixed}, {"admin-fixed", t.AdminFixed, &prod.Admin.Fixed}} {
		if *a.into, err = ParseAmountOrZero(a.field, a.text); err != nil {
			return loan.Product{}, err
		}
	}
	for _, b := range t.Approvals {
		band, err := ParseBand(b)
		if err != nil {
			return loan.Product{}, err
		}
		prod.Approvals = append(prod.Approvals, band)
	}
	return prod, nil
}

// ParseRate reads a yearly or daily rate written as a share (0.18) or a
// percentage (18%).
func ParseRate(field, s string) (decimal.Decimal, error) {
	bad := &input.Error{Field: field, Value: s, Want: input.WantRate}
	text, percent := strings.CutSuffix(strings.TrimSpace(s), "%")
	d, err := decimal.NewFromString(strings.TrimSpace(text))
	if err != nil || d.IsNegative() || strings.ContainsAny(text, "eE") {
		return decimal.Zero, bad
	}
	if percent {
		d = d.Shift(-2)
	}
	return d, nil
}

// ParseBand reads an approval band UPTO:role,role (UPTO 0 for any amount).
func ParseBand(s string) (loan.Band, error) {
	upTo, roles, ok := strings.Cut(s, ":")
	if !ok || roles == "" {
		return loan.Band{}, &input.Error{Field: "approval", Value: s, Want: input.WantRole}
	}
	a, err := ParseAmountOrZero("approval", upTo)
	if err != nil {
		return loan.Band{}, err
	}
	return loan.Band{UpTo: a, Roles: strings.Split(roles, ",")}, nil
}

// ParseAmountOrZero reads an amount whose absence is zero.
func ParseAmountOrZero(field, s string) (money.Amount, error) {
	if s == "" || s == "0" {
		return money.Zero(), nil
	}
	a, err := money.Parse(strings.TrimSpace(s))
	if err != nil {
		return a, &input.Error{Field: field, Value: s, Want: input.WantAmountPresent}
	}
	return a, nil
}

// SHUTerms are the SHU terms of the bylaws as a person writes them: the
// pools as KEY:PERCENT[:KIND[:UNIT:BASIS]] (or the default pools), and
// each other term as text, empty for its default. The command line's
// shu policy set and the API's POST /shu-policy both read a policy from
// them. Errors name the fields as the command line's flags do.
type SHUTerms struct {
	Default                             bool
	Pools                               []string
	Capital                             []string
	Measure, NonMemberReserve, Rounding string
	ResidueAccount, Exited, Quorum      string
}

// Policy is the SHU policy of the terms.
func (t SHUTerms) Policy() (shu.Policy, error) {
	p := shu.Default()
	if !t.Default && len(t.Pools) == 0 {
		return p, &input.Error{Field: "pool", Value: "", Want: input.WantPool}
	}
	if len(t.Pools) > 0 {
		p.Pools = nil
		for _, s := range t.Pools {
			pool, err := ParsePool(s)
			if err != nil {
				return p, err
			}
			p.Pools = append(p.Pools, pool)
		}
	}
	if len(t.Capital) > 0 {
		p.Capital = nil
		for _, s := range t.Capital {
			p.Capital = append(p.Capital, savings.Product(strings.TrimSpace(s)))
		}
	}
	if t.Measure != "" {
		p.Measure = shu.Measure(t.Measure)
	}
	var err error
	if t.NonMemberReserve != "" {
		if p.NonMemberToReserve, err = ParsePercent("non-member-reserve", t.NonMemberReserve); err != nil {
			return p, err
		}
	}
	if t.Rounding != "" {
		if p.Rounding, err = ParseAmountOrZero("rounding", t.Rounding); err != nil {
			return p, err
		}
	}
	if t.ResidueAccount != "" {
		p.ResidueAccount = t.ResidueAccount
	}
	if t.Exited != "" {
		p.Exited = shu.Exited(t.Exited)
	}
	if t.Quorum != "" {
		q, err := decimal.NewFromString(t.Quorum)
		if err != nil || strings.ContainsAny(t.Quorum, "eE") {
			return p, &input.Error{Field: "quorum", Value: t.Quorum, Want: input.WantQuorum}
		}
		p.Quorum = q
	}
	return p, nil
}

// ParsePercent reads a percentage written with a point.
func ParsePercent(field, s string) (decimal.Decimal, error) {
	d, err := decimal.NewFromString(s)
	if err != nil || strings.ContainsAny(s, "eE") || len(s) > 12 {
		return decimal.Zero, &input.Error{Field: field, Value: s, Want: input.WantPercent}
	}
	return d, nil
}

// ParsePool reads KEY:PERCENT[:KIND[:UNIT:BASIS]]. Without a kind, the
// key names it: cadangan is the reserve, jasa-modal the capital pool,
// jasa-usaha a patronage pool on loan interest paid, any other key a fund.
func ParsePool(s string) (shu.Pool, error) {
	bad := &input.Error{Field: "pool", Value: s, Want: input.WantPool}
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) == 4 || len(parts) > 5 || parts[0] == "" || (len(parts) >= 3 && parts[2] == "") {
		return shu.Pool{}, bad
	}
	pct, err := ParsePercent("pool", parts[1])
	if err != nil {
		return shu.Pool{}, &input.Error{Field: "pool", Value: s, Want: input.WantPercent}
	}
	pool := shu.Pool{Key: parts[0], Percent: pct}
	switch {
	case len(parts) >= 3:
		pool.Kind = shu.Kind(parts[2])
	case pool.Key == "cadangan":
		pool.Kind = shu.Reserve
	case pool.Key == "jasa-modal":
		pool.Kind = shu.Capital
	case strings.HasPrefix(pool.Key, "jasa-usaha"):
		pool.Kind = shu.Patronage
	default:
		pool.Kind = shu.Fund
	}
	if pool.Kind == shu.Patronage {
		pool.Basis = shu.InterestPaid
	}
	if len(parts) == 5 {
		pool.Unit, pool.Basis = parts[3], shu.Basis(parts[4])
	}
	return pool, nil
}
