package cooperative

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/loan"
	"github.com/lumbung-ledger/lumbung/domain/money"
)

// The cooperative's books: its chart of accounts and business units, the
// general journal, and the accounting periods. They live in the
// cooperative's stream, so a journal entry and the closing of its period
// are decided against the same state and never race.

// ChartAdopted records the chart of accounts a cooperative starts with.
type ChartAdopted struct {
	Accounts []ledger.Account
	Units    []ledger.Unit
	On       calendar.Date
}

// AccountAdded records a new account of the chart.
type AccountAdded struct {
	Account ledger.Account
	On      calendar.Date
}

// AccountRenamed records a new caption for an account; its code stays.
type AccountRenamed struct {
	Code         string
	Name, NameEN string
	On           calendar.Date
}

// AccountClosed records that nothing more may be posted to an account
// from On. Balance is the account's balance the decision relied on: zero.
type AccountClosed struct {
	Code    string
	Balance money.Amount
	On      calendar.Date
}

// UnitAdded records a new business unit.
type UnitAdded struct {
	Unit ledger.Unit
	On   calendar.Date
}

// JournalPosted records an entry of the general journal: everything that
// is not a member's transaction (salaries, rent, bank interest, purchases
// of fixed assets, ...).
type JournalPosted struct {
	Ref   string
	Memo  string
	Lines []ledger.Line
	On    calendar.Date
}

// JournalReversed records the correction of a journal entry: its lines
// again, each on the other side, on On.
type JournalReversed struct {
	Ref    string // the original's reference
	Lines  []ledger.Line
	Reason string
	On     calendar.Date
}

// PeriodClosed records that no transaction may be dated in Period any
// more. Its effective date is the month's last day.
type PeriodClosed struct {
	Period ledger.Month
}

// PeriodReopened records that a closed month is open again, by a decision
// recorded in the envelope.
type PeriodReopened struct {
	Period ledger.Month
	Reason string
}

// YearClosed records the closing entries of a financial year: every
// revenue and expense account of every unit brought to zero against SHU
// tahun berjalan. Lines are the figures the close relied on, recorded so
// that a replay never recomputes them; Result is the year's SHU after tax.
type YearClosed struct {
	Year   int
	Lines  []ledger.Line
	Result money.Amount
	On     calendar.Date
}

// AllowanceRecomputed records a review of the allowance for loan losses
// (PPAP, domain.md §2.5): what the loans' classes require, what the
// allowance held, and the difference posted.
type AllowanceRecomputed struct {
	Required, Held, Delta money.Amount
	// Classes are the figures by collectibility class.
	Classes []AllowanceClass
	On      calendar.Date
}

// AllowanceClass is one class's outstanding principal, rate and
// required allowance.
type AllowanceClass struct {
	Class       string
	Outstanding money.Amount
	Rate        decimal.Decimal
	Required    money.Amount
}

// RecomputeAllowance records the allowance a review requires. Held is
// the allowance's balance, read by the caller from the ledger.
type RecomputeAllowance struct {
	Classes []AllowanceClass
	Held    money.Amount
	On      calendar.Date
	Today   calendar.Date
}

func (RecomputeAllowance) cooperativeCommand() {}

func decideRecomputeAllowance(s State, c RecomputeAllowance) ([]Event, error) {
	if err := notFuture("date", c.On, c.Today); err != nil {
		return nil, err
	}
	if err := s.Periods.Check(c.On); err != nil {
		return nil, err
	}
	required := money.Zero()
	for _, cl := range c.Classes {
		required = required.Add(cl.Required)
	}
	delta := required.Sub(c.Held)
	if delta.IsZero() {
		return nil, nil
	}
	return []Event{AllowanceRecomputed{Required: required, Held: c.Held, Delta: delta, Classes: c.Classes, On: c.On}}, nil
}

func (AllowanceRecomputed) cooperativeEvent() {}
func (ChartAdopted) cooperativeEvent()        {}
func (AccountAdded) cooperativeEvent()        {}
func (AccountRenamed) cooperativeEvent()      {}
func (AccountClosed) cooperativeEvent()       {}
func (UnitAdded) cooperativeEvent()           {}
func (JournalPosted) cooperativeEvent()       {}
func (JournalReversed) cooperativeEvent()     {}
func (PeriodClosed) cooperativeEvent()        {}
func (PeriodReopened) cooperativeEvent()      {}
func (YearClosed) cooperativeEvent()          {}

// Entry returns the posted journal entry.
func (e JournalPosted) Entry() ledger.Entry { return ledger.Entry{On: e.On, Lines: e.Lines} }

// Entry returns the reversing entry.
func (e JournalReversed) Entry() ledger.Entry {
	return ledger.Entry{Lines: e.Lines}.Reversed(e.On)
}

// Entry returns the closing entry.
func (e YearClosed) Entry() ledger.Entry {
	return ledger.Entry{On: e.On, Lines: e.Lines, Closing: true}
}

// Limits of the journal.
const (
	MaxMemoLen      = 200
	MaxJournalLines = 200
)

// AddAccount adds an account to the chart.
type AddAccount struct {
	Account ledger.Account
	Today   calendar.Date
}

// RenameAccount gives an account a new caption.
type RenameAccount struct {
	Code, Name, NameEN string
	Today              calendar.Date
}

// CloseAccount closes an account from On. Balance is its balance and
// LastPosting the date of its last posting, read by the caller from the
// ledger: the balance must be zero and nothing may be dated from On on.
type CloseAccount struct {
	Code        string
	On          calendar.Date
	Balance     money.Amount
	LastPosting calendar.Date
	Today       calendar.Date
}

// AddUnit adds a business unit.
type AddUnit struct {
	Unit  ledger.Unit
	Today calendar.Date
}

// PostJournal posts an entry to the general journal. Lines without a unit
// go to the default unit. Cash tells what the cash accounts can pay; the
// caller reads it from the ledger.
type PostJournal struct {
	Ref   string
	Memo  string
	Lines []ledger.Line
	On    calendar.Date
	Today calendar.Date
	Cash  ledger.CashBalances
}

// ReverseJournal reverses a posted entry. Original is the posted entry,
// read by the caller; Reversed is set when a reversal is recorded already.
type ReverseJournal struct {
	Original JournalPosted
	Reversed bool
	Reason   string
	On       calendar.Date // zero: the original's date
	Today    calendar.Date
	Cash     ledger.CashBalances
}

// ClosePeriod closes a month that has ended.
type ClosePeriod struct {
	Period ledger.Month
	Today  calendar.Date
}

// ReopenPeriod reopens a closed month; the decision reference is required.
type ReopenPeriod struct {
	Period   ledger.Month
	Decision string
	Reason   string
}

// CloseYear posts the closing entries of a year whose months are all
// closed. Balances are the year's revenue and expense lines, one per
// account, unit and party with a balance, each on the side of its
// balance, read by the caller from the ledger.
type CloseYear struct {
	Year     int
	Balances []ledger.Line
	Today    calendar.Date
}

func (AddAccount) cooperativeCommand()     {}
func (RenameAccount) cooperativeCommand()  {}
func (CloseAccount) cooperativeCommand()   {}
func (AddUnit) cooperativeCommand()        {}
func (PostJournal) cooperativeCommand()    {}
func (ReverseJournal) cooperativeCommand() {}
func (ClosePeriod) cooperativeCommand()    {}
func (ReopenPeriod) cooperativeCommand()   {}
func (CloseYear) cooperativeCommand()      {}

// Errors of the books.
var (
	ErrAccountHasBalance = errors.New("cooperative: the account still has a balance")
	ErrAccountHasRole    = errors.New("cooperative: posting rules use the account")
	ErrAlreadyClosed     = errors.New("cooperative: the account is closed already")
	ErrAlreadyReversed   = errors.New("cooperative: the journal entry is reversed already")
	ErrYearClosed        = errors.New("cooperative: the financial year is closed")
	ErrYearNotEnded      = errors.New("cooperative: the financial year has not ended")
)

// OpenMonthsError refuses to close a year while some of its months are
// open.
type OpenMonthsError struct {
	Year int
	Open []ledger.Month
}

func (e *OpenMonthsError) Error() string {
	return fmt.Sprintf("cooperative: year %d has open months: %v", e.Year, e.Open)
}

// HasBalanceError refuses to close an account with a balance.
type HasBalanceError struct {
	Code    string
	Balance money.Amount
}

func (e *HasBalanceError) Error() string {
	return fmt.Sprintf("%v: %s has %s", ErrAccountHasBalance, e.Code, e.Balance)
}

func (e *HasBalanceError) Unwrap() error { return ErrAccountHasBalance }

func notFuture(field string, on, today calendar.Date) error {
	if on.IsZero() {
		return &input.Error{Field: field, Value: "", Want: input.WantDate}
	}
	if on.After(today) {
		return &input.Error{Field: field, Value: on.String(), Want: input.WantNotFuture, Bound: today.String()}
	}
	return nil
}

func decideAddAccount(s State, c AddAccount) ([]Event, error) {
	a := c.Account
	a.Opened, a.Closed = c.Today, calendar.Date{}
	if a.Flow == "" {
		a.Flow = ledger.Operating
	}
	if old, ok := s.Chart.Account(a.Code); ok {
		old.Opened = a.Opened
		if old == a {
			return nil, nil
		}
	}
	if err := s.Chart.CheckNew(a); err != nil {
		return nil, err
	}
	if a.Role != "" {
		return nil, &input.Error{Field: "role", Value: string(a.Role), Want: input.WantKnownAccount}
	}
	return []Event{AccountAdded{Account: a, On: c.Today}}, nil
}

func decideRenameAccount(s State, c RenameAccount) ([]Event, error) {
	a, ok := s.Chart.Account(c.Code)
	if !ok {
		return nil, &input.Error{Field: "account", Value: c.Code, Want: input.WantKnownAccount}
	}
	if !input.Text(c.Name, ledger.MaxNameLen) {
		return nil, &input.Error{Field: "name", Value: c.Name, Want: input.WantName}
	}
	if c.NameEN != "" && !input.Text(c.NameEN, ledger.MaxNameLen) {
		return nil, &input.Error{Field: "name_en", Value: c.NameEN, Want: input.WantName}
	}
	en := c.NameEN
	if en == "" {
		en = a.NameEN
	}
	if a.Name == c.Name && a.NameEN == en {
		return nil, nil
	}
	return []Event{AccountRenamed{Code: a.Code, Name: c.Name, NameEN: en, On: c.Today}}, nil
}

func decideCloseAccount(s State, c CloseAccount) ([]Event, error) {
	a, ok := s.Chart.Account(c.Code)
	if !ok {
		return nil, &input.Error{Field: "account", Value: c.Code, Want: input.WantKnownAccount}
	}
	if a.Heading {
		return nil, &input.Error{Field: "account", Value: c.Code, Want: input.WantPostableAccount}
	}
	if err := notFuture("date", c.On, c.Today); err != nil {
		return nil, err
	}
	if !a.Closed.IsZero() {
		if a.Closed == c.On {
			return nil, nil
		}
		return nil, fmt.Errorf("%w: %s on %s", ErrAlreadyClosed, a.Code, a.Closed)
	}
	if a.Role != "" {
		return nil, fmt.Errorf("%w: %s (%s)", ErrAccountHasRole, a.Code, a.Role)
	}
	if err := s.Periods.Check(c.On); err != nil {
		return nil, err
	}
	if !c.Balance.IsZero() {
		return nil, &HasBalanceError{Code: a.Code, Balance: c.Balance}
	}
	if !c.LastPosting.IsZero() && !c.LastPosting.Before(c.On) {
		return nil, &input.Error{Field: "date", Value: c.On.String(), Want: input.WantAfterLastPosting, Bound: c.LastPosting.String()}
	}
	return []Event{AccountClosed{Code: a.Code, Balance: c.Balance, On: c.On}}, nil
}

func decideAddUnit(s State, c AddUnit) ([]Event, error) {
	if u, ok := s.Chart.Unit(c.Unit.Code); ok && u == c.Unit {
		return nil, nil
	}
	if err := s.Chart.CheckUnit(c.Unit); err != nil {
		return nil, err
	}
	return []Event{UnitAdded{Unit: c.Unit, On: c.Today}}, nil
}

// NormalizeLines returns lines as an entry records them: the default
// unit where none is named, and no party on lines that are neither
// revenue nor expense.
func NormalizeLines(chart ledger.Chart, lines []ledger.Line) []ledger.Line {
	out := slices.Clone(lines)
	for i, l := range out {
		if l.Unit == "" {
			out[i].Unit = chart.DefaultUnit().Code
		}
		if a, _ := chart.Account(l.Account); a.Class != ledger.Revenue && a.Class != ledger.Expense {
			out[i].Party = ledger.NoParty
		}
	}
	return out
}

// checkLines checks the lines of an entry dated on against the chart and
// fills in default units; it returns the lines to record.
func checkLines(s State, lines []ledger.Line, on calendar.Date) ([]ledger.Line, error) {
	if len(lines) > MaxJournalLines {
		return nil, &input.Error{Field: "line", Value: fmt.Sprint(len(lines)), Want: input.WantLine, Bound: fmt.Sprint(MaxJournalLines)}
	}
	out := slices.Clone(lines)
	version, hasPolicy := s.Policies.At(on)
	limits := version.Policy.Limits()
	var debits, credits int
	for i, l := range out {
		a, err := s.Chart.Postable(l.Account, on)
		if err != nil {
			return nil, err
		}
		if a.Role.Subledger() {
			// The account is the sum of the members' balances: only their
			// own transactions move it.
			return nil, &input.Error{Field: "account", Value: l.Account, Want: input.WantJournalAccount}
		}
		// Every line is an amount of the currency, within the limit of one
		// transaction: no fraction of a rupiah, no absurd figure.
		if !l.Amount.IsPositive() {
			return nil, &input.Error{Field: "line", Value: l.Amount.String(), Want: input.WantPolicyAmount}
		}
		if hasPolicy {
			if err := limits.Check("line", l.Amount); err != nil {
				return nil, err
			}
		}
		if l.Unit == "" {
			out[i].Unit = s.Chart.DefaultUnit().Code
		} else if _, ok := s.Chart.Unit(l.Unit); !ok {
			return nil, &input.Error{Field: "unit", Value: l.Unit, Want: input.WantKnownUnit}
		}
		if _, err := ledger.ParseParty(string(l.Party)); err != nil {
			return nil, err
		}
		if a.Class != ledger.Revenue && a.Class != ledger.Expense {
			out[i].Party = ledger.NoParty
		}
		if l.Side == ledger.Debit {
			debits++
		} else {
			credits++
		}
	}
	if debits == 0 || credits == 0 {
		return nil, &input.Error{Field: "line", Value: fmt.Sprint(len(lines)), Want: input.WantTwoLines}
	}
	if err := (ledger.Entry{On: on, Lines: out}).Check(); err != nil {
		return nil, err
	}
	return out, nil
}

func decidePostJournal(s State, c PostJournal) ([]Event, error) {
	if !input.Text(c.Ref, 64) {
		return nil, &input.Error{Field: "ref", Value: c.Ref, Want: input.WantRef}
	}
	if !input.Text(c.Memo, MaxMemoLen) {
		return nil, &input.Error{Field: "memo", Value: c.Memo, Want: input.WantMemo, Bound: fmt.Sprint(MaxMemoLen)}
	}
	if err := notFuture("date", c.On, c.Today); err != nil {
		return nil, err
	}
	if err := s.Periods.Check(c.On); err != nil {
		return nil, err
	}
	lines, err := checkLines(s, c.Lines, c.On)
	if err != nil {
		return nil, err
	}
	if err := ledger.CheckCash(s.Chart, c.On, lines, c.Cash); err != nil {
		return nil, err
	}
	return []Event{JournalPosted{Ref: c.Ref, Memo: c.Memo, Lines: lines, On: c.On}}, nil
}

func decideReverseJournal(s State, c ReverseJournal) ([]Event, error) {
	if c.Reversed {
		return nil, fmt.Errorf("%w: %s", ErrAlreadyReversed, c.Original.Ref)
	}
	if !input.Text(c.Reason, 200) {
		return nil, &input.Error{Field: "reason", Value: c.Reason, Want: input.WantReason}
	}
	on := c.On
	if on.IsZero() {
		on = c.Original.On
	}
	if err := notFuture("date", on, c.Today); err != nil {
		return nil, err
	}
	if on.Before(c.Original.On) {
		return nil, &input.Error{Field: "date", Value: on.String(), Want: input.WantNotBefore, Bound: c.Original.On.String()}
	}
	if err := s.Periods.Check(on); err != nil {
		return nil, err
	}
	undo := ledger.Entry{Lines: c.Original.Lines}.Reversed(on)
	for _, l := range undo.Lines {
		if _, err := s.Chart.Postable(l.Account, on); err != nil {
			return nil, err
		}
	}
	if err := ledger.CheckCash(s.Chart, on, undo.Lines, c.Cash); err != nil {
		return nil, err
	}
	return []Event{JournalReversed{Ref: c.Original.Ref, Lines: c.Original.Lines, Reason: c.Reason, On: on}}, nil
}

func decideClosePeriod(s State, c ClosePeriod) ([]Event, error) {
	if err := c.Period.Check("period"); err != nil {
		return nil, err
	}
	if s.Periods.IsClosed(c.Period) {
		return nil, nil
	}
	if !c.Period.Last().Before(c.Today) {
		return nil, &input.Error{Field: "period", Value: c.Period.String(), Want: input.WantEndedMonth, Bound: c.Period.Last().String()}
	}
	return []Event{PeriodClosed{Period: c.Period}}, nil
}

func decideReopenPeriod(s State, c ReopenPeriod) ([]Event, error) {
	if err := c.Period.Check("period"); err != nil {
		return nil, err
	}
	if !input.Text(c.Decision, 64) {
		return nil, &input.Error{Field: "decision", Value: c.Decision, Want: input.WantDecision}
	}
	if c.Reason != "" && !input.Text(c.Reason, 200) {
		return nil, &input.Error{Field: "reason", Value: c.Reason, Want: input.WantReason}
	}
	if c.Period.Year <= s.Periods.ClosedThrough() {
		return nil, fmt.Errorf("%w: %d", ErrYearClosed, s.Periods.ClosedThrough())
	}
	if !s.Periods.IsClosed(c.Period) {
		return nil, nil
	}
	return []Event{PeriodReopened{Period: c.Period, Reason: c.Reason}}, nil
}

func decideCloseYear(s State, c CloseYear) ([]Event, error) {
	if slices.Contains(s.ClosedYears, c.Year) {
		return nil, nil
	}
	if c.Year < 1900 || c.Year > 9999 {
		return nil, &input.Error{Field: "year", Value: fmt.Sprint(c.Year), Want: input.WantYear}
	}
	last := calendar.MustNew(c.Year, 12, 31)
	if !last.Before(c.Today) {
		return nil, fmt.Errorf("%w: %d ends on %s", ErrYearNotEnded, c.Year, last)
	}
	if c.Year < s.Periods.ClosedThrough() {
		return nil, fmt.Errorf("%w: %d", ErrYearClosed, s.Periods.ClosedThrough())
	}
	var open []ledger.Month
	for m := time.January; m <= time.December; m++ {
		if month := (ledger.Month{Year: c.Year, Month: m}); !s.Periods.IsClosed(month) {
			open = append(open, month)
		}
	}
	if len(open) > 0 {
		return nil, &OpenMonthsError{Year: c.Year, Open: open}
	}
	shu, ok := s.Chart.ByRole(ledger.RoleSHUCurrent)
	if !ok {
		return nil, &input.Error{Field: "account", Value: string(ledger.RoleSHUCurrent), Want: input.WantKnownAccount}
	}
	// Each balance is brought to zero; each unit's net goes to SHU tahun
	// berjalan of that unit.
	var lines []ledger.Line
	net := map[string]money.Amount{}
	var units []string
	for _, b := range c.Balances {
		if b.Amount.IsZero() {
			continue
		}
		if a, _ := s.Chart.Account(b.Account); a.Class != ledger.Revenue && a.Class != ledger.Expense {
			return nil, &input.Error{Field: "account", Value: b.Account, Want: input.WantResultAccount}
		}
		lines = append(lines, ledger.Line{Account: b.Account, Side: -b.Side, Amount: b.Amount, Unit: b.Unit, Party: b.Party})
		if _, seen := net[b.Unit]; !seen {
			units = append(units, b.Unit)
			net[b.Unit] = money.Zero()
		}
		net[b.Unit] = net[b.Unit].Add(b.Signed())
	}
	result := money.Zero()
	for _, u := range units {
		// A positive net is a debit balance of the year (a loss); the
		// closing line to SHU takes the side of the net.
		n := net[u]
		result = result.Sub(n)
		switch {
		case n.IsPositive():
			lines = append(lines, ledger.Line{Account: shu.Code, Side: ledger.Debit, Amount: n, Unit: u})
		case n.IsNegative():
			lines = append(lines, ledger.Line{Account: shu.Code, Side: ledger.Credit, Amount: n.Neg(), Unit: u})
		}
	}
	if len(lines) > 0 {
		if err := (ledger.Entry{On: last, Lines: lines}).Check(); err != nil {
			panic(fmt.Sprintf("cooperative: closing entry of %d does not balance: %v", c.Year, err))
		}
	}
	return []Event{YearClosed{Year: c.Year, Lines: lines, Result: result, On: last}}, nil
}

// ProductDefined records a version of a loan product, in force from From.
type ProductDefined struct {
	Product loan.Product
	From    calendar.Date
}

func (ProductDefined) cooperativeEvent() {}

// DefineProduct adopts a version of a loan product from a date.
type DefineProduct struct {
	Product loan.Product
	From    calendar.Date
	Today   calendar.Date
}

func (DefineProduct) cooperativeCommand() {}

func decideDefineProduct(s State, c DefineProduct) ([]Event, error) {
	latest, _ := s.Policies.Latest()
	if err := c.Product.Check(latest.Policy.Places); err != nil {
		return nil, err
	}
	if c.From.IsZero() {
		return nil, &input.Error{Field: "from", Value: "", Want: input.WantDate}
	}
	if v, ok := s.Products.Latest(c.Product.Code); ok && v.From == c.From && sameProduct(v.Product, c.Product) {
		return nil, nil
	}
	return []Event{ProductDefined{Product: c.Product, From: c.From}}, nil
}

// sameProduct compares two products' terms.
func sameProduct(a, b loan.Product) bool { return fmt.Sprintf("%+v", a) == fmt.Sprintf("%+v", b) }
