package loan

import (
	"slices"

	"github.com/shopspring/decimal"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/money"
)

// Product is a loan product's terms (domain.md §2.1–2.3): policy data in
// the cooperative's stream, in force from a date. A loan keeps the
// version it was applied under.
type Product struct {
	Code, Name string
	Method     Method
	// AnnualRate is the nominal yearly rate: 0.18 for 18 %.
	AnnualRate decimal.Decimal
	// Months is the usual term; MaxMonths the longest allowed.
	Months, MaxMonths int
	// MaxPlafond bounds one loan; zero for no bound besides the policy's.
	MaxPlafond money.Amount
	// SavingsMultiple bounds a loan to a multiple of the borrower's
	// savings (pokok + wajib + sukarela); zero for no bound.
	SavingsMultiple decimal.Decimal
	// Provisi and Admin are the fees taken at disbursement.
	Provisi, Admin Fee
	// Penalty is the late penalty (denda).
	Penalty Penalty
	// Approvals says which roles approve a loan of each size; the first
	// band whose UpTo is zero or at least the amount applies.
	Approvals []Band
	// RateCap is the highest effective annual rate allowed without an
	// override (Permenkop 8/2023 Art. 27: 24 %).
	RateCap decimal.Decimal
	// Order is how a repayment is allocated.
	Order Order
	// Quality maps days past due to collectibility and allowance.
	Quality Profile
}

// Fee is a fee as a share of the amount lent, a fixed amount, or both.
type Fee struct {
	Percent decimal.Decimal // 0.01 for 1 %
	Fixed   money.Amount
}

// Of returns the fee on a loan of amount, rounded half-up to the
// currency's unit (the one rounding of fees).
func (f Fee) Of(amount money.Amount, places int32) money.Amount {
	share := amount.Decimal().Mul(f.Percent).Round(places)
	return money.FromDecimal(share).Add(f.Fixed)
}

// Penalty is the late penalty: a daily rate on an instalment's unpaid
// amount from the day after the grace period, capped at a share of the
// instalment; it never compounds (domain.md §2.3).
type Penalty struct {
	DailyRate decimal.Decimal // 0.001 for 0.1 % a day
	GraceDays int
	Cap       decimal.Decimal // 0.1 for at most 10 % of the instalment; 0 for no cap
}

// Band is one row of the approval matrix.
type Band struct {
	UpTo  money.Amount // zero: any amount
	Roles []string
}

// Order is the order a repayment pays a loan's dues in.
type Order string

// Allocation orders (domain.md §2.3).
const (
	// PenaltyFirst pays denda, then interest, then principal, oldest
	// instalment first: the default.
	PenaltyFirst Order = "denda-bunga-pokok"
	// PenaltyLast pays interest, then principal, then denda.
	PenaltyLast Order = "bunga-pokok-denda"
)

// Roles that approve loans.
const (
	RolePengurus = "pengurus"
	RoleKetua    = "ketua"
	RolePengawas = "pengawas"
)

// ApproverRoles are the roles an approval band may name: a band naming
// another could never be met.
func ApproverRoles() []string { return []string{RolePengurus, RoleKetua, RolePengawas} }

// CappedRate returns the rate the cap applies to, given the effective
// annual rate of a loan's schedule: for menurun and anuitas loans the
// nominal rate, which is their effective rate exactly (rounding each
// instalment to the currency's unit moves a small loan's rate of return
// by more than the cap could tolerate); for flat loans the schedule's
// effective rate, to a hundredth of a percent (domain.md §2.1: the cap
// is meaningful only on an effective basis).
func (p Product) CappedRate(effective decimal.Decimal) decimal.Decimal {
	if p.Method == Flat {
		return effective.Round(4)
	}
	return p.AnnualRate
}

// DefaultRateCap is the cap of Permenkop 8/2023 Art. 27(2): 24 % a year.
func DefaultRateCap() decimal.Decimal { return decimal.New(24, -2) }

// RolesFor returns the roles that must approve a loan of amount; a
// related party's loan needs the pengurus and the pengawas besides
// (Permenkop 8/2023 Art. 44(1)).
func (p Product) RolesFor(amount money.Amount, related bool) []string {
	var roles []string
	for _, b := range p.Approvals {
		if b.UpTo.IsZero() || amount.Cmp(b.UpTo) <= 0 {
			roles = slices.Clone(b.Roles)
			break
		}
	}
	if len(roles) == 0 {
		roles = []string{RoleKetua}
	}
	if related {
		for _, r := range []string{RolePengurus, RolePengawas} {
			if !slices.Contains(roles, r) && !(r == RolePengurus && slices.Contains(roles, RoleKetua)) {
				roles = append(roles, r)
			}
		}
	}
	return roles
}

// Check returns why p cannot be a product, or nil.
func (p Product) Check(places int32) error {
	switch {
	case !input.Identifier(p.Code, 32, true):
		return &input.Error{Field: "product", Value: p.Code, Want: input.WantProductCode}
	case !input.Text(p.Name, 120):
		return &input.Error{Field: "name", Value: p.Name, Want: input.WantName}
	case p.MaxMonths < p.Months:
		return &input.Error{Field: "max_months", Value: itoa(p.MaxMonths), Want: input.WantAtLeast, Bound: itoa(p.Months)}
	case p.Provisi.Percent.IsNegative() || p.Admin.Percent.IsNegative() || p.Provisi.Fixed.IsNegative() || p.Admin.Fixed.IsNegative():
		return &input.Error{Field: "fee", Value: p.Provisi.Percent.String(), Want: input.WantRate}
	case p.Penalty.DailyRate.IsNegative() || p.Penalty.GraceDays < 0 || p.Penalty.Cap.IsNegative():
		return &input.Error{Field: "penalty", Value: p.Penalty.DailyRate.String(), Want: input.WantRate}
	case p.SavingsMultiple.IsNegative() || p.MaxPlafond.IsNegative():
		return &input.Error{Field: "max_multiple", Value: p.SavingsMultiple.String(), Want: input.WantRate}
	case !p.RateCap.IsPositive():
		return &input.Error{Field: "rate_cap", Value: p.RateCap.String(), Want: input.WantRate}
	case p.Order != PenaltyFirst && p.Order != PenaltyLast:
		return &input.Error{Field: "order", Value: string(p.Order), Want: input.WantOrder}
	}
	for class, rate := range p.Quality.Rates {
		if !slices.Contains(Classes(), class) || rate.IsNegative() || rate.GreaterThan(decimal.NewFromInt(1)) {
			return &input.Error{Field: "allowance", Value: string(class) + "=" + rate.String(), Want: input.WantRate}
		}
	}
	for _, b := range p.Approvals {
		if len(b.Roles) == 0 {
			return &input.Error{Field: "approvals", Value: "", Want: input.WantApprover}
		}
		for _, r := range b.Roles {
			if !slices.Contains(ApproverRoles(), r) {
				return &input.Error{Field: "approvals", Value: r, Want: input.WantApprover}
			}
		}
	}
	if p.Quality.Lancar < 0 || p.Quality.KurangLancar < p.Quality.Lancar {
		return &input.Error{Field: "quality", Value: itoa(p.Quality.KurangLancar), Want: input.WantAtLeast, Bound: itoa(p.Quality.Lancar)}
	}
	terms := Terms{Principal: money.Unit(places), AnnualRate: p.AnnualRate, Months: p.Months, Method: p.Method, First: calendar.MustNew(2000, 1, 1)}
	return terms.Check(places)
}

func itoa(n int) string { return decimal.NewFromInt(int64(n)).String() }

// Book is a cooperative's loan products by code, each with its versions
// in force from their dates. It is a value: Define returns a new book.
type Book struct {
	versions map[string][]Version
}

// Version is one version of a product.
type Version struct {
	Number  int
	From    calendar.Date
	Product Product
}

// Define returns the book with a new version of p in force from from.
func (b Book) Define(from calendar.Date, p Product) Book {
	out := Book{versions: make(map[string][]Version, len(b.versions)+1)}
	for code, vs := range b.versions {
		out.versions[code] = vs
	}
	vs := out.versions[p.Code]
	out.versions[p.Code] = append(slices.Clip(vs), Version{Number: len(vs) + 1, From: from, Product: p})
	return out
}

// Replace returns the book with version v's terms replaced by p, keeping
// its number: a loan's own terms within a version.
func (b Book) Replace(v Version, p Product) Book {
	out := Book{versions: make(map[string][]Version, len(b.versions))}
	for code, vs := range b.versions {
		out.versions[code] = vs
	}
	vs := slices.Clone(out.versions[p.Code])
	for i := range vs {
		if vs[i].Number == v.Number {
			vs[i].Product = p
		}
	}
	out.versions[p.Code] = vs
	return out
}

// At returns the version of product code in force on d: the latest
// defined from d or earlier, or the first when d is before them all.
func (b Book) At(code string, d calendar.Date) (Version, bool) {
	vs := b.versions[code]
	if len(vs) == 0 {
		return Version{}, false
	}
	best := -1
	for i, v := range vs {
		if !v.From.After(d) && (best < 0 || !v.From.Before(vs[best].From)) {
			best = i
		}
	}
	if best < 0 {
		best = 0
	}
	return vs[best], true
}

// Codes lists the products' codes, sorted.
func (b Book) Codes() []string {
	codes := make([]string, 0, len(b.versions))
	for c := range b.versions {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	return codes
}

// Latest returns the version of code defined last.
func (b Book) Latest(code string) (Version, bool) {
	vs := b.versions[code]
	if len(vs) == 0 {
		return Version{}, false
	}
	return vs[len(vs)-1], true
}
