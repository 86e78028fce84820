package codec

import (
	"fmt"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/money"
)

// registerLoans adds the events of members' loans, from application to
// closing, and the loan decisions of the cooperative's stream: its loan
// products and its reviews of the allowance for loan losses.
func registerLoans(r *Registry) {
	register(r, "LoanProductDefined", 1,
		func(e cooperative.ProductDefined) (storedProductDefined, calendar.Date) {
			return storedProductDefined{Product: toStoredProduct(e.Product)}, e.From
		},
		func(d storedProductDefined, on calendar.Date) (cooperative.ProductDefined, error) {
			p, err := d.Product.product()
			return cooperative.ProductDefined{Product: p, From: on}, err
		})
	register(r, "AllowanceRecomputed", 1,
		func(e cooperative.AllowanceRecomputed) (storedAllowance, calendar.Date) {
			d := storedAllowance{
				Required: e.Required.String(), Held: e.Held.String(), Delta: e.Delta.String(),
				Classes: make([]storedAllowanceClass, len(e.Classes)),
			}
			for i, c := range e.Classes {
				d.Classes[i] = storedAllowanceClass{Class: c.Class, Outstanding: c.Outstanding.String(), Rate: c.Rate.String(), Required: c.Required.String()}
			}
			return d, e.On
		},
		func(d storedAllowance, on calendar.Date) (cooperative.AllowanceRecomputed, error) {
			var f fields
			e := cooperative.AllowanceRecomputed{
				Required: f.amount("required", d.Required), Held: f.amount("held", d.Held), Delta: f.amount("delta", d.Delta),
				Classes: make([]cooperative.AllowanceClass, len(d.Classes)), On: on,
			}
			for i, c := range d.Classes {
				at := fmt.Sprintf("classes[%d].", i)
				e.Classes[i] = cooperative.AllowanceClass{
					Class: string(f.class(at+"class", c.Class)), Outstanding: f.amount(at+"outstanding", c.Outstanding),
					Rate: f.decimal(at+"rate", c.Rate), Required: f.amount(at+"required", c.Required),
				}
			}
			return e, f.err
		})
	register(r, "LoanApplied", 1,
		func(e loan.Applied) (storedApplied, calendar.Date) {
			return storedApplied{
				Loan: string(e.Loan), Member: e.Member, Product: e.Product, ProductVersion: e.ProductVersion,
				Terms: toStoredProduct(e.Terms), Amount: e.Amount.String(), Months: e.Months, Related: e.Related,
				Collateral: e.Collateral.String(), Purpose: e.Purpose, By: e.By, Migrated: e.Migrated,
			}, e.On
		},
		func(d storedApplied, on calendar.Date) (loan.Applied, error) {
			var f fields
			id, err := loan.ParseID(d.Loan)
			f.note("loan", err)
			terms, err := d.Terms.product()
			f.note("terms", err)
			return loan.Applied{
				Loan: id, Member: d.Member, Product: d.Product, ProductVersion: d.ProductVersion,
				Terms: terms, Amount: f.amount("amount", d.Amount), Months: d.Months, Related: d.Related,
				Collateral: f.amount("collateral", d.Collateral), Purpose: d.Purpose, By: d.By, On: on, Migrated: d.Migrated,
			}, f.err
		})
	register(r, "LoanApproved", 1,
		func(e loan.Approved) (storedApproved, calendar.Date) {
			return storedApproved{Role: e.Role, By: e.By, Limit: storedLimit{
				ModalSendiri: e.Limit.ModalSendiri.String(), Exposure: e.Limit.Exposure.String(),
				Share: e.Limit.Share.String(), Limit: e.Limit.Limit.String(),
			}}, e.On
		},
		func(d storedApproved, on calendar.Date) (loan.Approved, error) {
			var f fields
			return loan.Approved{Role: d.Role, By: d.By, On: on, Limit: loan.LimitCheck{
				ModalSendiri: f.amount("limit.modal_sendiri", d.Limit.ModalSendiri),
				Exposure:     f.amount("limit.exposure", d.Limit.Exposure),
				Share:        f.decimal("limit.share", d.Limit.Share),
				Limit:        f.amount("limit.limit", d.Limit.Limit),
			}}, f.err
		})
	register(r, "LoanRejected", 1,
		func(e loan.Rejected) (storedRejected, calendar.Date) {
			return storedRejected{Reason: e.Reason, By: e.By}, e.On
		},
		func(d storedRejected, on calendar.Date) (loan.Rejected, error) {
			return loan.Rejected{Reason: d.Reason, By: d.By, On: on}, nil
		})
	register(r, "LoanDisbursed", 1,
		func(e loan.Disbursed) (storedDisbursed, calendar.Date) {
			return storedDisbursed{
				Cash: e.Cash, Provisi: e.Provisi.String(), Admin: e.Admin.String(), Schedule: toStoredSchedule(e.Schedule),
				EffectiveRate: e.EffectiveRate.String(), AllInRate: e.AllInRate.String(), Override: e.Override,
			}, e.On
		},
		func(d storedDisbursed, on calendar.Date) (loan.Disbursed, error) {
			var f fields
			return loan.Disbursed{
				Cash: d.Cash, Provisi: f.amount("provisi", d.Provisi), Admin: f.amount("admin", d.Admin),
				Schedule:      f.schedule(d.Schedule),
				EffectiveRate: f.decimal("effective_rate", d.EffectiveRate), AllInRate: f.decimal("all_in_rate", d.AllInRate),
				Override: d.Override, On: on,
			}, f.err
		})
	register(r, "LoanRepaid", 1,
		func(e loan.Repaid) (storedRepaid, calendar.Date) {
			return storedRepaid{
				Ref: e.Ref, Amount: e.Amount.String(), Cash: e.Cash, Parts: toStoredParts(e.Parts),
				Early: e.Early, Waived: optionalAmount(e.Waived),
			}, e.On
		},
		func(d storedRepaid, on calendar.Date) (loan.Repaid, error) {
			var f fields
			return loan.Repaid{
				Ref: d.Ref, Amount: f.amount("amount", d.Amount), Cash: d.Cash, Parts: f.parts(d.Parts),
				Early: d.Early, Waived: f.optionalAmount("waived", d.Waived), On: on,
			}, f.err
		})
	register(r, "LoanRestructured", 1,
		func(e loan.Restructured) (storedRestructured, calendar.Date) {
			return storedRestructured{
				Schedule: toStoredSchedule(e.Schedule), Carried: e.Carried.String(), Waived: e.Waived.String(), Reason: e.Reason,
			}, e.On
		},
		func(d storedRestructured, on calendar.Date) (loan.Restructured, error) {
			var f fields
			return loan.Restructured{
				Schedule: f.schedule(d.Schedule), Carried: f.amount("carried", d.Carried), Waived: f.amount("waived", d.Waived),
				Reason: d.Reason, On: on,
			}, f.err
		})
	register(r, "LoanWrittenOff", 1,
		func(e loan.WrittenOff) (storedWrittenOff, calendar.Date) {
			return storedWrittenOff{Principal: e.Principal.String(), Allowance: e.Allowance.String()}, e.On
		},
		func(d storedWrittenOff, on calendar.Date) (loan.WrittenOff, error) {
			var f fields
			return loan.WrittenOff{Principal: f.amount("principal", d.Principal), Allowance: f.amount("allowance", d.Allowance), On: on}, f.err
		})
	register(r, "LoanRecovered", 1,
		func(e loan.Recovered) (storedRecovered, calendar.Date) {
			return storedRecovered{Ref: e.Ref, Amount: e.Amount.String(), Cash: e.Cash, ExitRef: e.ExitRef}, e.On
		},
		func(d storedRecovered, on calendar.Date) (loan.Recovered, error) {
			var f fields
			return loan.Recovered{Ref: d.Ref, Amount: f.amount("amount", d.Amount), Cash: d.Cash, ExitRef: d.ExitRef, On: on}, f.err
		})
	register(r, "LoanClassified", 1,
		func(e loan.Classified) (storedClassified, calendar.Date) {
			return storedClassified{From: string(e.From), To: string(e.To), DPD: e.DPD}, e.On
		},
		func(d storedClassified, on calendar.Date) (loan.Classified, error) {
			var f fields
			e := loan.Classified{From: f.class("from", d.From), To: f.class("to", d.To), DPD: d.DPD, On: on}
			if d.DPD < 0 {
				f.note("dpd", fmt.Errorf("negative days past due %d", d.DPD))
			}
			return e, f.err
		})
	register(r, "LoanSettledByExit", 1,
		func(e loan.SettledByExit) (storedSettledByExit, calendar.Date) {
			return storedSettledByExit{ExitRef: e.ExitRef, Parts: toStoredParts(e.Parts), Waived: e.Waived.String()}, e.On
		},
		func(d storedSettledByExit, on calendar.Date) (loan.SettledByExit, error) {
			var f fields
			return loan.SettledByExit{ExitRef: d.ExitRef, Parts: f.parts(d.Parts), Waived: f.amount("waived", d.Waived), On: on}, f.err
		})
}

// fields reads the fields of a stored form, keeping the first error with
// the name of the field it came from.
type fields struct{ err error }

func (f *fields) note(field string, err error) {
	if err != nil && f.err == nil {
		f.err = fmt.Errorf("%s: %w", field, err)
	}
}

func (f *fields) amount(field, s string) money.Amount {
	a, err := money.Parse(s)
	f.note(field, err)
	return a
}

// optionalAmount reads an amount stored with omitempty: absent is zero.
func (f *fields) optionalAmount(field, s string) money.Amount {
	if s == "" {
		return money.Zero()
	}
	return f.amount(field, s)
}

// optionalAmount is the stored form of an amount stored with omitempty.
func optionalAmount(a money.Amount) string {
	if a.IsZero() {
		return ""
	}
	return a.String()
}

// maxDecimalLen bounds the text of a stored rate or share, as money.Parse
// bounds amounts.
const maxDecimalLen = 40

// decimal reads a rate or a share written as decimal.Decimal.String
// writes it: digits with an optional leading minus and an optional
// fraction. Exponents are refused: "1e999999999" would be a valid
// decimal whose String is a billion digits.
func (f *fields) decimal(field, s string) decimal.Decimal {
	if !plainDecimal(s) {
		f.note(field, fmt.Errorf("%q is not a decimal (expected digits, optionally a decimal point and digits)", truncated(s)))
		return decimal.Decimal{}
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		f.note(field, fmt.Errorf("%q is not a decimal: %w", truncated(s), err))
	}
	return d
}

func plainDecimal(s string) bool {
	if len(s) == 0 || len(s) > maxDecimalLen {
		return false
	}
	i := 0
	if s[0] == '-' {
		i = 1
	}
	digits, point, fraction := 0, false, 0
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9' && point:
			fraction++
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !point:
			point = true
		default:
			return false
		}
	}
	return digits > 0 && (!point || fraction > 0)
}

func truncated(s string) string {
	if len(s) > maxDecimalLen {
		return s[:maxDecimalLen] + "..."
	}
	return s
}

func (f *fields) date(field, s string) calendar.Date {
	d, err := calendar.Parse(s)
	f.note(field, err)
	return d
}

// class reads a collectibility class by its stored name.
func (f *fields) class(field, s string) loan.Class {
	c := loan.Class(s)
	if !slices.Contains(loan.Classes(), c) {
		f.note(field, fmt.Errorf("unknown collectibility class %q (expected lancar, kurang-lancar, diragukan or macet)", truncated(s)))
	}
	return c
}

// number reads the number of an instalment, from 1.
func (f *fields) number(field string, n int) int {
	if n < 1 {
		f.note(field, fmt.Errorf("instalment number %d, expected 1 or more", n))
	}
	return n
}

// The stored forms of loans. Field names and JSON keys are frozen by the
// golden file; amounts, rates and shares are strings, and so are dates
// other than the effective date, written YYYY-MM-DD.

type storedFee struct {
	Percent string `json:"percent"`
	Fixed   string `json:"fixed"`
}

type storedPenalty struct {
	DailyRate string `json:"daily_rate"`
	GraceDays int    `json:"grace_days"`
	Cap       string `json:"cap"`
}

type storedBand struct {
	UpTo  string   `json:"up_to"`
	Roles []string `json:"roles"`
}

type storedRate struct {
	Class string `json:"class"`
	Rate  string `json:"rate"`
}

type storedQuality struct {
	Lancar          int    `json:"lancar"`
	KurangLancar    int    `json:"kurang_lancar"`
	CollateralShare string `json:"collateral_share"`
	// Rates are in the order of loan.Classes, so that the stored form of
	// a product does not depend on the iteration order of a map.
	Rates []storedRate `json:"rates"`
}

// storedProduct is a loan product's terms, both as defined in the
// cooperative's stream and as kept by a loan applied under them.
type storedProduct struct {
	Code            string        `json:"code"`
	Name            string        `json:"name"`
	Method          string        `json:"method"`
	AnnualRate      string        `json:"annual_rate"`
	Months          int           `json:"months"`
	MaxMonths       int           `json:"max_months"`
	MaxPlafond      string        `json:"max_plafond"`
	SavingsMultiple string        `json:"savings_multiple"`
	Provisi         storedFee     `json:"provisi"`
	Admin           storedFee     `json:"admin"`
	Penalty         storedPenalty `json:"penalty"`
	Approvals       []storedBand  `json:"approvals"`
	RateCap         string        `json:"rate_cap"`
	Order           string        `json:"order"`
	Quality         storedQuality `json:"quality"`
}

func toStoredFee(f loan.Fee) storedFee {
	return storedFee{Percent: f.Percent.String(), Fixed: f.Fixed.String()}
}

func toStoredProduct(p loan.Product) storedProduct {
	d := storedProduct{
		Code: p.Code, Name: p.Name, Method: string(p.Method), AnnualRate: p.AnnualRate.String(),
		Months: p.Months, MaxMonths: p.MaxMonths, MaxPlafond: p.MaxPlafond.String(), SavingsMultiple: p.SavingsMultiple.String(),
		Provisi: toStoredFee(p.Provisi), Admin: toStoredFee(p.Admin),
		Penalty:   storedPenalty{DailyRate: p.Penalty.DailyRate.String(), GraceDays: p.Penalty.GraceDays, Cap: p.Penalty.Cap.String()},
		Approvals: make([]storedBand, len(p.Approvals)),
		RateCap:   p.RateCap.String(), Order: string(p.Order),
		Quality: storedQuality{
			Lancar: p.Quality.Lancar, KurangLancar: p.Quality.KurangLancar, CollateralShare: p.Quality.CollateralShare.String(),
			Rates: make([]storedRate, 0, len(p.Quality.Rates)),
		},
	}
	for i, b := range p.Approvals {
		d.Approvals[i] = storedBand{UpTo: b.UpTo.String(), Roles: append([]string{}, b.Roles...)}
	}
	for _, c := range loan.Classes() {
		if r, ok := p.Quality.Rates[c]; ok {
			d.Quality.Rates = append(d.Quality.Rates, storedRate{Class: string(c), Rate: r.String()})
		}
	}
	if len(d.Quality.Rates) != len(p.Quality.Rates) {
		// Dropping a rate would change the product; writing it would make
		// an event no build can read back.
		panic(fmt.Sprintf("codec: loan product %s has an allowance rate for a class that is not a collectibility class: %v", p.Code, p.Quality.Rates))
	}
	return d
}

func (f *fields) fee(field string, d storedFee) loan.Fee {
	return loan.Fee{Percent: f.decimal(field+".percent", d.Percent), Fixed: f.amount(field+".fixed", d.Fixed)}
}

func (d storedProduct) product() (loan.Product, error) {
	var f fields
	method, err := loan.ParseMethod(d.Method)
	f.note("method", err)
	order := loan.Order(d.Order)
	if order != loan.PenaltyFirst && order != loan.PenaltyLast {
		f.note("order", fmt.Errorf("unknown allocation order %q (expected %s or %s)", truncated(d.Order), loan.PenaltyFirst, loan.PenaltyLast))
	}
	p := loan.Product{
		Code: d.Code, Name: d.Name, Method: method, AnnualRate: f.decimal("annual_rate", d.AnnualRate),
		Months: d.Months, MaxMonths: d.MaxMonths,
		MaxPlafond: f.amount("max_plafond", d.MaxPlafond), SavingsMultiple: f.decimal("savings_multiple", d.SavingsMultiple),
		Provisi: f.fee("provisi", d.Provisi), Admin: f.fee("admin", d.Admin),
		Penalty: loan.Penalty{
			DailyRate: f.decimal("penalty.daily_rate", d.Penalty.DailyRate), GraceDays: d.Penalty.GraceDays,
			Cap: f.decimal("penalty.cap", d.Penalty.Cap),
		},
		Approvals: make([]loan.Band, len(d.Approvals)),
		RateCap:   f.decimal("rate_cap", d.RateCap), Order: order,
		Quality: loan.Profile{
			Lancar: d.Quality.Lancar, KurangLancar: d.Quality.KurangLancar,
			CollateralShare: f.decimal("quality.collateral_share", d.Quality.CollateralShare),
		},
	}
	for i, b := range d.Approvals {
		p.Approvals[i] = loan.Band{UpTo: f.amount(fmt.Sprintf("approvals[%d].up_to", i), b.UpTo), Roles: slices.Clone(b.Roles)}
	}
	if len(d.Quality.Rates) > 0 {
		p.Quality.Rates = make(map[loan.Class]decimal.Decimal, len(d.Quality.Rates))
	}
	for i, r := range d.Quality.Rates {
		at := fmt.Sprintf("quality.rates[%d]", i)
		c := f.class(at+".class", r.Class)
		if _, dup := p.Quality.Rates[c]; dup {
			f.note(at+".class", fmt.Errorf("a second rate for class %q", r.Class))
		}
		p.Quality.Rates[c] = f.decimal(at+".rate", r.Rate)
	}
	if f.err != nil {
		return p, fmt.Errorf("product %s: %w", truncated(d.Code), f.err)
	}
	return p, nil
}

type storedProductDefined struct {
	Product storedProduct `json:"product"`
}

type storedAllowanceClass struct {
	Class       string `json:"class"`
	Outstanding string `json:"outstanding"`
	Rate        string `json:"rate"`
	Required    string `json:"required"`
}

type storedAllowance struct {
	Required string                 `json:"required"`
	Held     string                 `json:"held"`
	Delta    string                 `json:"delta"`
	Classes  []storedAllowanceClass `json:"classes"`
}

type storedApplied struct {
	Loan           string        `json:"loan"`
	Member         string        `json:"member"`
	Product        string        `json:"product"`
	ProductVersion int           `json:"product_version"`
	Terms          storedProduct `json:"terms"`
	Amount         string        `json:"amount"`
	Months         int           `json:"months"`
	Related        bool          `json:"related"`
	Collateral     string        `json:"collateral"`
	Purpose        string        `json:"purpose"`
	By             string        `json:"by"`
	Migrated       bool          `json:"migrated,omitempty"`
}

type storedLimit struct {
	ModalSendiri string `json:"modal_sendiri"`
	Exposure     string `json:"exposure"`
	Share        string `json:"share"`
	Limit        string `json:"limit"`
}

type storedApproved struct {
	Role  string      `json:"role"`
	By    string      `json:"by"`
	Limit storedLimit `json:"limit"`
}

type storedRejected struct {
	Reason string `json:"reason"`
	By     string `json:"by"`
}

type storedInstalment struct {
	N         int    `json:"n"`
	Due       string `json:"due"`
	Principal string `json:"principal"`
	Interest  string `json:"interest"`
}

func toStoredSchedule(schedule []loan.Instalment) []storedInstalment {
	out := make([]storedInstalment, len(schedule))
	for i, in := range schedule {
		out[i] = storedInstalment{N: in.N, Due: in.Due.String(), Principal: in.Principal.String(), Interest: in.Interest.String()}
	}
	return out
}

func (f *fields) schedule(stored []storedInstalment) []loan.Instalment {
	if len(stored) > loan.MaxMonths {
		f.note("schedule", fmt.Errorf("%d instalments, more than the longest term, %d", len(stored), loan.MaxMonths))
		return nil
	}
	out := make([]loan.Instalment, len(stored))
	for i, d := range stored {
		at := fmt.Sprintf("schedule[%d].", i)
		out[i] = loan.Instalment{
			N: f.number(at+"n", d.N), Due: f.date(at+"due", d.Due),
			Principal: f.amount(at+"principal", d.Principal), Interest: f.amount(at+"interest", d.Interest),
		}
	}
	return out
}

type storedPart struct {
	N         int    `json:"n"`
	Penalty   string `json:"penalty"`
	Interest  string `json:"interest"`
	Principal string `json:"principal"`
	// Accrued is absent when no penalty had accrued.
	Accrued string `json:"accrued,omitempty"`
}

func toStoredParts(parts []loan.Part) []storedPart {
	out := make([]storedPart, len(parts))
	for i, p := range parts {
		out[i] = storedPart{N: p.N, Penalty: p.Penalty.String(), Interest: p.Interest.String(), Principal: p.Principal.String()}
		if !p.Accrued.IsZero() {
			out[i].Accrued = p.Accrued.String()
		}
	}
	return out
}

func (f *fields) parts(stored []storedPart) []loan.Part {
	if len(stored) > loan.MaxMonths {
		f.note("parts", fmt.Errorf("%d parts, more than the longest term has instalments, %d", len(stored), loan.MaxMonths))
		return nil
	}
	out := make([]loan.Part, len(stored))
	for i, d := range stored {
		at := fmt.Sprintf("parts[%d].", i)
		out[i] = loan.Part{
			N: f.number(at+"n", d.N), Penalty: f.amount(at+"penalty", d.Penalty),
			Interest: f.amount(at+"interest", d.Interest), Principal: f.amount(at+"principal", d.Principal),
		}
		if d.Accrued != "" {
			out[i].Accrued = f.amount(at+"accrued", d.Accrued)
		}
	}
	return out
}

type storedDisbursed struct {
	// Cash is empty for kas.
	Cash          string             `json:"cash,omitempty"`
	Provisi       string             `json:"provisi"`
	Admin         string             `json:"admin"`
	Schedule      []storedInstalment `json:"schedule"`
	EffectiveRate string             `json:"effective_rate"`
	AllInRate     string             `json:"all_in_rate"`
	// Override is the decision that allowed a rate above the cap, empty
	// for a rate within it.
	Override string `json:"override,omitempty"`
}

type storedRepaid struct {
	Ref    string       `json:"ref"`
	Amount string       `json:"amount"`
	Cash   string       `json:"cash,omitempty"`
	Parts  []storedPart `json:"parts"`
	Early  bool         `json:"early,omitempty"`
	// Waived is absent when no interest was forgiven.
	Waived string `json:"waived,omitempty"`
}

type storedRestructured struct {
	Schedule []storedInstalment `json:"schedule"`
	Carried  string             `json:"carried"`
	Waived   string             `json:"waived"`
	Reason   string             `json:"reason"`
}

type storedWrittenOff struct {
	Principal string `json:"principal"`
	Allowance string `json:"allowance"`
}

type storedRecovered struct {
	Ref     string `json:"ref"`
	Amount  string `json:"amount"`
	Cash    string `json:"cash,omitempty"`
	ExitRef string `json:"exit_ref,omitempty"`
}

type storedClassified struct {
	From string `json:"from"`
	To   string `json:"to"`
	DPD  int    `json:"dpd"`
}

type storedSettledByExit struct {
	ExitRef string       `json:"exit_ref"`
	Parts   []storedPart `json:"parts"`
	Waived  string       `json:"waived"`
}
