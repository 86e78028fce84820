package app

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/money"
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
