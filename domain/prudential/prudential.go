// Package prudential holds the regulator's prudential limits and reporting
// calendar for savings-and-loan cooperatives (domain.md §4.3, §5.1, §5.2,
// §6, §11 rules 2–5, 11, 12) as rule sets: versioned data in force from a
// date (§11 rule 15), never constants in the code that checks them; and
// the pure tests of a figure against them.
//
// A figure is checked against a limit exactly: exposure ≤ share × base,
// with no division and no rounding. Reports show the ratio rounded for
// display only.
//
// The package is pure.
package prudential

import (
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/money"
)

// Source says how firmly a rule is sourced (domain.md, the markers of its
// first table).
type Source string

// Sources.
const (
	// Primary: read in the regulation's text or on an official site.
	Primary Source = "primary"
	// Secondary: seen only in a secondary summary; probable, to be
	// verified before relying on it.
	Secondary Source = "secondary"
	// Unconfirmed: no source found, or the sources conflict.
	Unconfirmed Source = "unconfirmed"
)

// Limit is a ceiling as a share: of a base amount (modal sendiri, total
// assets) or, for a rate, the rate itself.
type Limit struct {
	Share decimal.Decimal // 0.2 for 20 %
	// Instrument and Article name the rule: "Permenkop 8/2023", "63(6)".
	Instrument, Article string
	Source              Source
}

// Within reports whether amount is at most Share of base, exactly:
// amount ≤ Share × base. A base that is not positive leaves no room for
// a positive amount.
func (l Limit) Within(amount, base money.Amount) bool {
	return amount.Decimal().Cmp(base.Decimal().Mul(l.Share)) <= 0
}

// Room returns Share of base rounded down to places decimals: the most
// the limit allows, as a lending limit is shown and checked at approval.
func (l Limit) Room(base money.Amount, places int32) money.Amount {
	return money.FromDecimal(base.Decimal().Mul(l.Share).RoundFloor(places))
}

// RateWithin reports whether a yearly rate (0.18 for 18 %) is at most
// Share.
func (l Limit) RateWithin(rate decimal.Decimal) bool { return rate.Cmp(l.Share) <= 0 }

// Rule names a limit of a rule set.
type Rule string

// The rules of Permenkop 8/2023 (domain.md §4.3, §11 rules 2–5).
const (
	SavingsRate   Rule = "savings-rate"   // savings return ≤ 9 % a year, Art. 26(4)–(5)
	LoanRate      Rule = "loan-rate"      // loan interest ≤ 24 % a year, effective basis, Art. 27(3)
	RelatedLoans  Rule = "bmpp-related"   // related parties together ≤ 10 % of modal sendiri, Art. 44(1)
	BorrowerLoans Rule = "bmpp-borrower"  // one other borrower ≤ 15 % of modal sendiri, Art. 45
	MemberCapital Rule = "member-capital" // one member's pokok + wajib + penyertaan ≤ 20 % of modal sendiri, Art. 63(6)
	Borrowing     Rule = "borrowing"      // bank and other external borrowing ≤ 40 % of assets, Art. 65
	Penyertaan    Rule = "penyertaan"     // modal penyertaan ≤ 25 % of assets, Art. 68
	ModalFloor    Rule = "modal-floor"    // modal sendiri not below its original amount, Art. 63(5)
)

// Rules lists the rules in report order.
func Rules() []Rule {
	return []Rule{SavingsRate, LoanRate, RelatedLoans, BorrowerLoans, MemberCapital, Borrowing, Penyertaan, ModalFloor}
}

// MonthDay is a day of the year a deadline falls on.
type MonthDay struct {
	Month time.Month
	Day   int
}

// In returns the day in year y.
func (m MonthDay) In(y int) calendar.Date { return calendar.MustNew(y, m.Month, m.Day) }

// Reporting is the reporting calendar and the audit rule of Permenkop
// 2/2024 (domain.md §5.1, §5.2; SECONDARY [S62]).
type Reporting struct {
	// Annual is the annual report's deadline in the following year for a
	// primary cooperative, AnnualSecondary for a secondary one.
	Annual, AnnualSecondary MonthDay
	// Quarters are the deadlines of the quarterly reports of quarters I
	// to III, in the year reported.
	Quarters []MonthDay
	// Semester is the deadline of the Jan–Jun report as published ("20
	// June", before the semester ends): UNCONFIRMED.
	Semester       MonthDay
	CalendarSource Source
	// AuditThreshold is the modal sendiri at a financial year's end from
	// which the year's statements are audited by a public accountant
	// (Art. 12(1); DESIGN: modal sendiri at the year end, since the
	// regulation leaves "modal" undefined), from the year AuditFrom
	// (Art. 14). The same accountant audits at most AuditTerm years in a
	// row, then AuditCooling years pass.
	AuditThreshold          money.Amount
	AuditFrom               int
	AuditTerm, AuditCooling int
}

// RuleSet is one version of the rules, in force from From.
type RuleSet struct {
	// Version names the rule set on every report that used it (domain.md
	// §11 rule 15).
	Version string
	From    calendar.Date
	Limits  map[Rule]Limit
	// SizeBounds are the upper bounds of modal sendiri of KSP classes I,
	// II and III; above the last is class IV (Art. 49, SECONDARY [S15]).
	SizeBounds []money.Amount
	SizeSource Source
	// RATMonths is how many months after the financial year ends the RAT
	// must be held by (UU 25/1992 Art. 26(2)); a cooperative that misses
	// SanctionMissed years in a row is warned and faces dissolution
	// (Permenkop 19/2015 Art. 20(3)(d)).
	RATMonths      int
	SanctionMissed int
	// Reporting is nil before Permenkop 2/2024.
	Reporting *Reporting
}

// Limit returns the limit of rule r.
func (s RuleSet) Limit(r Rule) Limit { return s.Limits[r] }

// SizeClass returns the KSP class, 1 to 4, of a cooperative with modal
// sendiri m: the first class whose upper bound m does not exceed.
func (s RuleSet) SizeClass(m money.Amount) int {
	for i, bound := range s.SizeBounds {
		if m.Cmp(bound) <= 0 {
			return i + 1
		}
	}
	return len(s.SizeBounds) + 1
}

// RATDue returns the last day the RAT approving year y's accounts may be
// held on: RATMonths after the year ends.
func (s RuleSet) RATDue(y int) calendar.Date {
	return calendar.MustNew(y+1, time.Month(1+s.RATMonths), 1).AddDays(-1)
}

// Audit says whether year y's statements need a public accountant's
// audit given modal sendiri at the year's end: applies is false before
// the rule's first year or without the rule.
func (s RuleSet) Audit(y int, modal money.Amount) (required, applies bool) {
	if s.Reporting == nil || y < s.Reporting.AuditFrom {
		return false, false
	}
	return modal.Cmp(s.Reporting.AuditThreshold) >= 0, true
}

// Book is the rule sets in force over time. It is a value.
type Book struct {
	sets []RuleSet // by From
}

// NewBook returns a book of the given rule sets.
func NewBook(sets ...RuleSet) Book {
	b := Book{sets: slices.Clone(sets)}
	slices.SortStableFunc(b.sets, func(x, y RuleSet) int { return x.From.Compare(y.From) })
	return b
}

// At returns the rule set in force on d: the latest in force from d or
// earlier. Before the first there is none.
func (b Book) At(d calendar.Date) (RuleSet, bool) {
	for i := len(b.sets) - 1; i >= 0; i-- {
		if !b.sets[i].From.After(d) {
			return b.sets[i], true
		}
	}
	return RuleSet{}, false
}

// AtOrFirst returns the rule set in force on d, or the first when d is
// earlier: the lending limits a loan's approval checks whatever its date.
func (b Book) AtOrFirst(d calendar.Date) RuleSet {
	if s, ok := b.At(d); ok {
		return s
	}
	if len(b.sets) == 0 {
		return RuleSet{}
	}
	return b.sets[0]
}

// Sets returns the rule sets, by the date they apply from.
func (b Book) Sets() []RuleSet { return slices.Clone(b.sets) }

// Default returns the rule sets of domain.md: Permenkop UKM 8/2023 from
// its promulgation on 20 June 2023, and with it the reporting calendar
// and audit rule of Permenkop UKM 2/2024 from 16 January 2024.
func Default() Book {
	pct := func(n int64) decimal.Decimal { return decimal.New(n, -2) }
	const p8 = "Permenkop 8/2023"
	limits := map[Rule]Limit{
		SavingsRate:   {Share: pct(9), Instrument: p8, Article: "26(4)–(5)", Source: Primary},
		LoanRate:      {Share: pct(24), Instrument: p8, Article: "27(3)", Source: Primary},
		RelatedLoans:  {Share: pct(10), Instrument: p8, Article: "44(1)", Source: Primary},
		BorrowerLoans: {Share: pct(15), Instrument: p8, Article: "45", Source: Secondary},
		MemberCapital: {Share: pct(20), Instrument: p8, Article: "63(6)", Source: Secondary},
		Borrowing:     {Share: pct(40), Instrument: p8, Article: "65", Source: Secondary},
		Penyertaan:    {Share: pct(25), Instrument: p8, Article: "68", Source: Secondary},
		ModalFloor:    {Share: pct(100), Instrument: p8, Article: "63(5)", Source: Secondary},
	}
	bn := func(tenths int64) money.Amount { return money.New(tenths * 100_000_000) }
	v2023 := RuleSet{
		Version: "permenkop-8-2023", From: calendar.MustNew(2023, time.June, 20), Limits: limits,
		SizeBounds: []money.Amount{bn(25), bn(150), bn(500)}, SizeSource: Secondary,
		RATMonths: 6, SanctionMissed: 2,
	}
	v2024 := v2023
	v2024.Version, v2024.From = "permenkop-8-2023+2-2024", calendar.MustNew(2024, time.January, 16)
	v2024.Reporting = &Reporting{
		Annual: MonthDay{time.April, 30}, AnnualSecondary: MonthDay{time.June, 30},
		Quarters:       []MonthDay{{time.April, 20}, {time.July, 20}, {time.October, 20}},
		Semester:       MonthDay{time.June, 20},
		CalendarSource: Secondary,
		AuditThreshold: bn(50), AuditFrom: 2025, AuditTerm: 3, AuditCooling: 2,
	}
	return NewBook(v2023, v2024)
}

// OriginalModalDate is the date whose modal sendiri the rule "modal
// sendiri not below its original amount" compares with, for books that
// begin on begin (the registration in the ledger, or the first posting
// if history was moved in dated earlier): the end of the first financial
// year in the ledger (DESIGN). The ledger does not know the capital of
// the deed of establishment, and on its first day it may hold nothing
// yet: the opening balances are often posted days later.
func OriginalModalDate(begin calendar.Date) calendar.Date {
	return calendar.MustNew(begin.Year(), time.December, 31)
}
