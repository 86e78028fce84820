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
//	SHU received            debit Utang SHU anggota, credit Simpanan sukarela or cash
//
// where cash is the cash or bank account the event names (kas when an
// older event names none). Journal entries and closing entries carry
// their lines.
//
// The package is pure.
package posting

import (
	"fmt"
	"github.com/lumbung-ledger/lumbung/domain/access"
	"github.com/lumbung-ledger/lumbung/domain/calendar"

	"github.com/lumbung-ledger/lumbung/domain/cooperative"
	"github.com/lumbung-ledger/lumbung/domain/ledger"
	"github.com/lumbung-ledger/lumbung/domain/loan"
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
		cooperative.UnitAdded, cooperative.PeriodClosed, cooperative.PeriodReopened, cooperative.ProductDefined,
		cooperative.SHUPolicyAdopted, cooperative.SHUComputed, cooperative.RATConvened, cooperative.RATAttendanceRecorded,
		cooperative.RATResolution, cooperative.SHUShares, cooperative.KeyRegistered, cooperative.Sealed, cooperative.SealHeads,
		cooperative.HealthChecklistAnswered, cooperative.ReportSubmitted:
		return nil
	case access.UserAdded, access.RolesGranted, access.RolesRevoked, access.UserDisabled,
		access.PasswordSet, access.TokenIssued, access.TokenRevoked:
		// The users of the ledger move no money.
		return nil
	case cooperative.SaleRecorded:
		out = []ledger.Entry{e.Entry(chart)}
	case cooperative.SHUDistributed:
		out = []ledger.Entry{e.Entry()}
	case member.SHUReceived:
		r := rules{chart}
		to := r.role(ledger.RoleSukarela, ledger.Credit, e.Amount, ledger.NoParty)
		if e.To == "cash" {
			to = r.cash(e.Cash, ledger.Credit, e.Amount)
		}
		out = []ledger.Entry{r.entry(e.On, r.role(ledger.RoleSHUPayable, ledger.Debit, e.Amount, ledger.NoParty), to)}
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
			// Held against the member's loans until their settlement
			// takes it in (loan.SettledByExit).
			lines = append(lines, r.role(ledger.RoleExitClearing, ledger.Credit, e.LoanOffset, ledger.NoParty))
		}
		if len(lines) > 0 {
			out = []ledger.Entry{r.entry(e.On, lines...)}
		}
	case cooperative.AllowanceRecomputed:
		r := rules{chart}
		switch {
		case e.Delta.IsPositive():
			out = []ledger.Entry{r.entry(e.On, r.role(ledger.RoleProvision, ledger.Debit, e.Delta, ledger.NoParty), r.role(ledger.RoleAllowance, ledger.Credit, e.Delta, ledger.NoParty))}
		case e.Delta.IsNegative():
			out = []ledger.Entry{r.entry(e.On, r.role(ledger.RoleAllowance, ledger.Debit, e.Delta.Neg(), ledger.NoParty), r.role(ledger.RoleProvision, ledger.Credit, e.Delta.Neg(), ledger.NoParty))}
		}
	case loan.Applied, loan.Approved, loan.Rejected, loan.Restructured, loan.Classified:
		return nil
	case loan.Disbursed:
		r := rules{chart}
		lent := money.Zero()
		for _, in := range e.Schedule {
			lent = lent.Add(in.Principal)
		}
		lines := []ledger.Line{
			r.role(ledger.RoleLoans, ledger.Debit, lent, ledger.NoParty),
			r.cash(e.Cash, ledger.Credit, lent.Sub(e.Provisi).Sub(e.Admin)),
		}
		if e.Provisi.IsPositive() {
			lines = append(lines, r.role(ledger.RoleProvisi, ledger.Credit, e.Provisi, ledger.Member))
		}
		if e.Admin.IsPositive() {
			lines = append(lines, r.role(ledger.RoleAdminFee, ledger.Credit, e.Admin, ledger.Member))
		}
		out = []ledger.Entry{r.entry(e.On, lines...)}
	case loan.Repaid:
		r := rules{chart}
		out = []ledger.Entry{r.entry(e.On, r.dues(r.cash(e.Cash, ledger.Debit, e.Amount), e.Parts)...)}
	case loan.SettledByExit:
		r := rules{chart}
		pen, in, pr := loan.Totals(e.Parts)
		if total := pen.Add(in).Add(pr); total.IsPositive() {
			out = []ledger.Entry{r.entry(e.On, r.dues(r.role(ledger.RoleExitClearing, ledger.Debit, total, ledger.NoParty), e.Parts)...)}
		}
	case loan.WrittenOff:
		if e.Principal.IsPositive() {
			r := rules{chart}
			out = []ledger.Entry{r.entry(e.On, r.role(ledger.RoleAllowance, ledger.Debit, e.Principal, ledger.NoParty), r.role(ledger.RoleLoans, ledger.Credit, e.Principal, ledger.NoParty))}
		}
	case loan.Recovered:
		r := rules{chart}
		from := r.cash(e.Cash, ledger.Debit, e.Amount)
		if e.ExitRef != "" {
			from = r.role(ledger.RoleExitClearing, ledger.Debit, e.Amount, ledger.NoParty)
		}
		out = []ledger.Entry{r.entry(e.On, from, r.role(ledger.RoleRecovery, ledger.Credit, e.Amount, ledger.Member))}
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

// dues returns the lines of money received (the debit given) paying a
// loan's parts: principal to the loans, interest and penalties to their
// revenue from members.
func (r rules) dues(received ledger.Line, parts []loan.Part) []ledger.Line {
	pen, in, pr := loan.Totals(parts)
	lines := []ledger.Line{received}
	if pr.IsPositive() {
		lines = append(lines, r.role(ledger.RoleLoans, ledger.Credit, pr, ledger.NoParty))
	}
	if in.IsPositive() {
		lines = append(lines, r.role(ledger.RoleLoanInterest, ledger.Credit, in, ledger.Member))
	}
	if pen.IsPositive() {
		lines = append(lines, r.role(ledger.RolePenalty, ledger.Credit, pen, ledger.Member))
	}
	return lines
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
