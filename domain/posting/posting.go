// Package posting holds the posting rules: the one function that maps
// every financial event to the entries it makes in the general ledger
// (design decision 8). Every entry it returns balances; a rule that
// produced an unbalanced entry would be a bug, and Entries panics on it.
//
// Member savings go to the default business unit:
//
//	simpanan pokok paid     debit cash      credit Simpanan pokok (equity)
//	simpanan wajib paid     debit cash      credit Simpanan wajib (equity)
//	simpanan sukarela paid  debit cash      credit Simpanan sukarela (liability)
//	withdrawal              the deposit's lines on the other sides
//	reversal                the original's lines on the other sides
//	entry fee (uang pangkal) debit cash     credit Uang pangkal (revenue, member)
//	exit settlement         debit each product refunded, credit cash
//
// where cash is the cash or bank account the event names (kas when an
// older event names none). Journal entries and closing entries carry
// their lines.
//
// The package is pure.
package posting

import (
	"fmt"
	"github.com/lumbung-ledger/lumbung/domain/calendar"

	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/member"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/savings"
)

// Entries returns the entries event e makes, given the chart of accounts
// in force when it was recorded; none for an event that moves no money.
// It panics on an event type without rules: every type must be listed
// here, financial or not.
func Entries(e any, chart ledger.Chart) []ledger.Entry {
	var out []ledger.Entry
	switch e := e.(type) {
	case cooperative.Registered, cooperative.PolicyChanged, cooperative.ChartAdopted,
		cooperative.AccountAdded, cooperative.AccountRenamed, cooperative.AccountClosed,
		cooperative.UnitAdded, cooperative.PeriodClosed, cooperative.PeriodReopened:
		return nil
	case cooperative.JournalPosted:
		out = []ledger.Entry{e.Entry()}
	case cooperative.JournalReversed:
		out = []ledger.Entry{e.Entry()}
	case cooperative.YearClosed:
		if len(e.Lines) > 0 {
			out = []ledger.Entry{e.Entry()}
		}
	case member.Admitted:
		if e.EntryFee.IsPositive() {
			r := rules{chart}
			out = []ledger.Entry{r.entry(e.On,
				r.cash(e.Cash, ledger.Debit, e.EntryFee),
				r.role(ledger.RoleEntryFee, ledger.Credit, e.EntryFee, ledger.Member))}
		}
	case savings.Deposited:
		out = rules{chart}.movement(e.On, e.Cash, e.Product, e.Amount, ledger.Debit, false)
	case savings.Withdrawn:
		out = rules{chart}.movement(e.On, e.Cash, e.Product, e.Amount, ledger.Credit, false)
	case savings.Reversed:
		side := ledger.Credit
		if e.Original == savings.KindWithdrawal {
			side = ledger.Debit
		}
		out = rules{chart}.movement(e.On, e.Cash, e.Product, e.Amount, side, true)
	case member.ExitSettled:
		r := rules{chart}
		var lines []ledger.Line
		for _, p := range savings.Products() {
			if refund := e.Refund(p); refund.IsPositive() {
				lines = append(lines, r.role(productRole(p), ledger.Debit, refund, ledger.NoParty))
			}
		}
		if e.NetPayout.IsPositive() {
			lines = append(lines, r.cash(e.Cash, ledger.Credit, e.NetPayout))
		}
		if e.LoanOffset.IsPositive() {
			panic("posting: an exit netted against loans needs the loan rules")
		}
		if len(lines) > 0 {
			out = []ledger.Entry{r.entry(e.On, lines...)}
		}
	default:
		panic(fmt.Sprintf("posting: no posting rule for %T", e))
	}
	for _, entry := range out {
		if err := entry.Check(); err != nil {
			panic(fmt.Sprintf("posting: %T makes an entry that does not balance: %v", e, err))
		}
	}
	return out
}

// rules builds lines from a chart.
type rules struct{ chart ledger.Chart }

func (r rules) entry(on calendar.Date, lines ...ledger.Line) ledger.Entry {
	unit := r.chart.DefaultUnit().Code
	for i := range lines {
		if lines[i].Unit == "" {
			lines[i].Unit = unit
		}
	}
	return ledger.Entry{On: on, Lines: lines}
}

// movement is the entry of a savings deposit (side Debit: money comes
// in) or a withdrawal (Credit), or of a correction of one. Imports post
// millions of them: the entry and its two lines are one allocation.
func (r rules) movement(on calendar.Date, cash string, p savings.Product, amount money.Amount, side ledger.Side, correction bool) []ledger.Entry {
	m := &struct {
		entry [1]ledger.Entry
		lines [2]ledger.Line
	}{}
	m.lines[0] = r.cash(cash, side, amount)
	m.lines[1] = r.role(productRole(p), -side, amount, ledger.NoParty)
	m.entry[0] = r.entry(on, m.lines[:]...)
	m.entry[0].Correction = correction
	return m.entry[:]
}

func (r rules) cash(code string, side ledger.Side, amount money.Amount) ledger.Line {
	if code == "" {
		return r.role(ledger.RoleCash, side, amount, ledger.NoParty)
	}
	return ledger.Line{Account: code, Side: side, Amount: amount}
}

func (r rules) role(role ledger.Role, side ledger.Side, amount money.Amount, party ledger.Party) ledger.Line {
	a, ok := r.chart.ByRole(role)
	if !ok {
		panic(fmt.Sprintf("posting: the chart has no account for role %q", role))
	}
	return ledger.Line{Account: a.Code, Side: side, Amount: amount, Party: party}
}

func productRole(p savings.Product) ledger.Role {
	switch p {
	case savings.Pokok:
		return ledger.RolePokok
	case savings.Wajib:
		return ledger.RoleWajib
	case savings.Sukarela:
		return ledger.RoleSukarela
	}
	panic(fmt.Sprintf("posting: unknown product %q", p))
}
