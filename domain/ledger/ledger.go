// Package ledger is the vocabulary of the double-entry general ledger: the
// chart of accounts (bagan akun) with its classes, business units and the
// roles posting rules use; lines and entries whose debits equal their
// credits; accounting periods; and the running balance that keeps a cash
// account from going below zero on any day.
//
// The chart, the periods and the general journal are recorded in the
// cooperative's stream (package cooperative decides them); the rules
// that turn every financial event into entries are in package posting.
//
// The package is pure.
package ledger

import (
	"fmt"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/money"
)

// Class is an account's place in the statements.
type Class string

// Account classes (domain.md §5.4). A contra account has the class of the
// section it sits in and the opposite normal side (Account.Contra).
const (
	Asset     Class = "asset"
	Liability Class = "liability"
	Equity    Class = "equity"
	Revenue   Class = "revenue"
	Expense   Class = "expense"
)

// Classes lists the classes in statement order.
func Classes() []Class { return []Class{Asset, Liability, Equity, Revenue, Expense} }

// ParseClass reads a class name; "contra-asset" and the like name a
// contra account of that class.
func ParseClass(s string) (Class, bool, error) {
	contra := false
	name := s
	if len(name) > len("contra-") && name[:len("contra-")] == "contra-" {
		contra, name = true, name[len("contra-"):]
	}
	for _, c := range Classes() {
		if Class(name) == c {
			return c, contra, nil
		}
	}
	return "", false, &input.Error{Field: "class", Value: s, Want: input.WantAccountClass}
}

// Side is the side of an entry a line is on.
type Side int8

// Sides.
const (
	Debit  Side = 1
	Credit Side = -1
)

func (s Side) String() string {
	if s == Debit {
		return "debit"
	}
	return "credit"
}

// ParseSide reads "debit" or "credit" (also "debet", "kredit", "d", "c", "k").
func ParseSide(s string) (Side, bool) {
	switch s {
	case "debit", "debet", "d", "D":
		return Debit, true
	case "credit", "kredit", "c", "C", "k", "K":
		return Credit, true
	}
	return 0, false
}

// Normal returns the side on which an account of class c grows.
func (c Class) Normal() Side {
	if c == Asset || c == Expense {
		return Debit
	}
	return Credit
}

// Flow says where cash received from or paid to an account appears in the
// cash flow statement (Laporan Arus Kas, direct method).
type Flow string

// Cash flow activities.
const (
	Operating Flow = "operating"
	Investing Flow = "investing"
	Financing Flow = "financing"
)

// ParseFlow reads an activity name.
func ParseFlow(s string) (Flow, error) {
	switch f := Flow(s); f {
	case Operating, Investing, Financing:
		return f, nil
	}
	return "", &input.Error{Field: "flow", Value: s, Want: input.WantFlow}
}

// Role is what a posting rule uses an account for. The rules find their
// accounts by role, so a cooperative may rename them (never re-code them).
type Role string

// Roles of the default chart.
const (
	RoleCash        Role = "cash"         // kas: the cash account when none is chosen
	RolePokok       Role = "pokok"        // simpanan pokok (equity)
	RoleWajib       Role = "wajib"        // simpanan wajib (equity)
	RoleSukarela    Role = "sukarela"     // simpanan sukarela (liability)
	RoleEntryFee    Role = "entry-fee"    // uang pangkal (revenue from members)
	RoleSHUCurrent  Role = "shu-current"  // SHU tahun berjalan: where the year's result is closed to
	RoleIncomeTax   Role = "income-tax"   // pajak penghasilan badan
	RoleRetainedSHU Role = "shu-retained" // SHU tahun lalu belum dibagi

	RoleLoans        Role = "loans"         // piutang pinjaman anggota: the loan book's control account
	RoleAllowance    Role = "allowance"     // cadangan penghapusan pinjaman (contra)
	RoleLoanInterest Role = "loan-interest" // jasa pinjaman anggota
	RoleProvisi      Role = "provisi"       // provisi
	RoleAdminFee     Role = "admin-fee"     // administrasi
	RolePenalty      Role = "penalty"       // denda keterlambatan
	RoleRecovery     Role = "recovery"      // pemulihan pinjaman dihapusbuku
	RoleProvision    Role = "provision"     // beban penyisihan penghapusan pinjaman
	RoleExitClearing Role = "exit-clearing" // titipan: savings of a leaving member held against their loans

	RoleReserve    Role = "reserve"     // cadangan umum: the reserve SHU pools go to
	RoleSHUPayable Role = "shu-payable" // utang SHU anggota: jasa modal and jasa usaha until paid
	RoleSHUFunds   Role = "shu-funds"   // dana-dana dari SHU: pengurus, karyawan, pendidikan, sosial, ...
	RoleSales      Role = "sales"       // penjualan barang of a shop unit
	RoleCOGS       Role = "cogs"        // harga pokok penjualan
	RoleInventory  Role = "inventory"   // persediaan barang dagangan

	// The prudential limits of Permenkop 8/2023 (domain.md §4.3) read
	// these: several accounts may play them, and their balances add up.
	RoleBorrowing  Role = "borrowing"  // utang bank, LPDB: external borrowing, at most 40 % of assets (Art. 65)
	RolePenyertaan Role = "penyertaan" // modal penyertaan: not modal sendiri, at most 25 % of assets (Art. 68)
)

// Subledger reports whether accounts of role r are the sum of a
// sub-ledger (the members' savings, the loans) that only the sub-ledger's own
// transactions may move: the general journal may not post to them.
func (r Role) Subledger() bool {
	return r == RolePokok || r == RoleWajib || r == RoleSukarela || r == RoleLoans
}

// Party says with whom revenue or an expense was earned or incurred, so
// that the statement of results splits member participation from
// business with non-members (PSAK 27; domain.md §3.2).
type Party string

// Parties.
const (
	NoParty   Party = ""
	Member    Party = "member"
	NonMember Party = "non-member"
	OtherCoop Party = "other-coop"
)

// ParseParty reads a party name; empty means none.
func ParseParty(s string) (Party, error) {
	switch p := Party(s); p {
	case NoParty, Member, NonMember, OtherCoop:
		return p, nil
	}
	return "", &input.Error{Field: "party", Value: s, Want: input.WantParty}
}

// Account is one account of the chart.
type Account struct {
	// Code identifies the account for ever: "1-1100". Codes sort in
	// statement order.
	Code string
	// Name is the Indonesian caption, NameEN the English one (the same as
	// Name when none was given).
	Name, NameEN string
	Class        Class
	// Contra accounts reduce their section: the allowance for loan losses
	// under assets, accumulated depreciation.
	Contra bool
	// Heading accounts group the accounts whose Group names them and take
	// no postings.
	Heading bool
	// Group is the code of the heading the account sits under.
	Group string
	// ModalSendiri marks equity that counts in the cooperative's own
	// capital (domain.md §5.4 flag "ms").
	ModalSendiri bool
	// Cash marks kas and bank accounts: chosen per transaction, never
	// below zero, the subject of the cash flow statement.
	Cash bool
	// Flow is the activity cash received from or paid to the account
	// belongs to.
	Flow Flow
	Role Role
	// Opened is when the account was added; Closed, when it was closed
	// (zero while open). Nothing may be posted to it from Closed on.
	Opened, Closed calendar.Date
}

// Normal returns the side on which the account's balance grows.
func (a Account) Normal() Side {
	if a.Contra {
		return -a.Class.Normal()
	}
	return a.Class.Normal()
}

// IsOpen reports whether postings may go to the account: it is not a
// heading and has not been closed. A closed account takes no posting of
// any date, so the zero balance it was closed with stays zero.
func (a Account) IsOpen() bool { return !a.Heading && a.Closed.IsZero() }

// Label returns the caption in the language asked for.
func (a Account) Label(english bool) string {
	if english && a.NameEN != "" {
		return a.NameEN
	}
	return a.Name
}

// Unit is a business unit of the cooperative (unit simpan pinjam, toko,
// klinik, ...): every line carries one, and every statement can be drawn
// for one unit or for the whole cooperative.
type Unit struct {
	Code         string
	Name, NameEN string
}

// Label returns the unit's name in the language asked for.
func (u Unit) Label(english bool) string {
	if english && u.NameEN != "" {
		return u.NameEN
	}
	return u.Name
}

// Line is one posting: an amount on one side of one account.
type Line struct {
	Account string
	Side    Side
	Amount  money.Amount
	// Unit is the business unit's code.
	Unit string
	// Party tags revenue and expense lines.
	Party Party
}

// Signed returns the line's amount, positive for a debit.
func (l Line) Signed() money.Amount {
	if l.Side == Debit {
		return l.Amount
	}
	return l.Amount.Neg()
}

// Entry is a set of lines on one date whose debits equal their credits.
type Entry struct {
	On    calendar.Date
	Lines []Line
	// Closing marks the closing entries of a financial year: the
	// statement of results leaves them out.
	Closing bool
	// Correction marks an entry that undoes another (a reversal): the cash
	// flow statement counts it against the original's receipts or
	// payments, not as a new payment or receipt.
	Correction bool
}

// Totals returns the sums of the entry's debits and credits.
func (e Entry) Totals() (debit, credit money.Amount) {
	debit, credit = money.Zero(), money.Zero()
	for _, l := range e.Lines {
		if l.Side == Debit {
			debit = debit.Add(l.Amount)
		} else {
			credit = credit.Add(l.Amount)
		}
	}
	return debit, credit
}

// UnbalancedError refuses an entry whose debits and credits differ.
type UnbalancedError struct {
	Debit, Credit money.Amount
}

func (e *UnbalancedError) Error() string {
	return fmt.Sprintf("ledger: entry does not balance: debit %s, credit %s", e.Debit, e.Credit)
}

// Check returns an UnbalancedError when debits and credits differ, and an
// error when a line is not on a side or its amount is not positive.
func (e Entry) Check() error {
	for i, l := range e.Lines {
		if l.Side != Debit && l.Side != Credit {
			return fmt.Errorf("ledger: line %d has no side", i+1)
		}
		if !l.Amount.IsPositive() {
			return fmt.Errorf("ledger: line %d amount %s is not positive", i+1, l.Amount)
		}
	}
	// Most entries are one debit and one credit: compare them without
	// summing.
	if len(e.Lines) == 2 && e.Lines[0].Side != e.Lines[1].Side && e.Lines[0].Amount.Equal(e.Lines[1].Amount) {
		return nil
	}
	if d, c := e.Totals(); !d.Equal(c) {
		return &UnbalancedError{Debit: d, Credit: c}
	}
	return nil
}

// Reversed returns the entry that undoes e on date on: every line on the
// other side.
func (e Entry) Reversed(on calendar.Date) Entry {
	r := Entry{On: on, Lines: make([]Line, len(e.Lines)), Closing: e.Closing, Correction: !e.Correction}
	for i, l := range e.Lines {
		l.Side = -l.Side
		r.Lines[i] = l
	}
	return r
}

// InsufficientCashError refuses a payment that would leave a cash or bank
// account below zero on its date or any later day.
type InsufficientCashError struct {
	Account, Name string
	On            calendar.Date
	// Available is the lowest balance of the account from On on, before
	// the payment; Amount is what the payment takes out.
	Available, Amount money.Amount
}

func (e *InsufficientCashError) Error() string {
	return fmt.Sprintf("ledger: %s (%s) has %s available from %s; the payment needs %s", e.Account, e.Name, e.Available, e.On, e.Amount)
}

// CashBalances tells how much a cash account can pay on a date: its
// lowest end-of-day balance from that date on (Running.Lowest). The
// caller reads it from the ledger and the decision records what it paid.
type CashBalances interface {
	Lowest(account string, from calendar.Date) money.Amount
}

// CheckCash refuses lines that take more out of a cash account than it
// has available from their date on. A nil cash has nothing available.
func CheckCash(ch Chart, on calendar.Date, lines []Line, cash CashBalances) error {
	out := map[string]money.Amount{}
	var order []string
	for _, l := range lines {
		a, ok := ch.Account(l.Account)
		if !ok || !a.Cash {
			continue
		}
		if _, seen := out[l.Account]; !seen {
			order = append(order, l.Account)
			out[l.Account] = money.Zero()
		}
		out[l.Account] = out[l.Account].Sub(l.Signed())
	}
	for _, code := range order {
		need := out[code]
		if !need.IsPositive() {
			continue
		}
		have := money.Zero()
		if cash != nil {
			have = cash.Lowest(code, on)
		}
		if need.Cmp(have) > 0 {
			a, _ := ch.Account(code)
			return &InsufficientCashError{Account: code, Name: a.Name, On: on, Available: have, Amount: need}
		}
	}
	return nil
}
