package member

import (
	"fmt"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/money"
)

// AlreadyAdmittedError refuses admitting a member id twice.
type AlreadyAdmittedError struct {
	Member ID
	On     calendar.Date
	Status Status
}

func (e *AlreadyAdmittedError) Error() string {
	return fmt.Sprintf("member: %s was already admitted on %s", e.Member, e.On)
}

// NotActiveError refuses a transaction of a member who has left.
type NotActiveError struct {
	Member ID
	Status Status
	Since  calendar.Date
}

func (e *NotActiveError) Error() string {
	return fmt.Sprintf("member: %s is %s since %s", e.Member, e.Status, e.Since)
}

// PokokAlreadyPaidError refuses a second simpanan pokok.
type PokokAlreadyPaidError struct {
	Member ID
	Ref    string
	Amount money.Amount
	On     calendar.Date
}

func (e *PokokAlreadyPaidError) Error() string {
	return fmt.Sprintf("member: %s already paid simpanan pokok %s on %s (ref %s)", e.Member, e.Amount, e.On, e.Ref)
}

// DuplicateRefError refuses a reference already used for another
// transaction.
type DuplicateRefError struct {
	Ref    string
	Member ID
}

func (e *DuplicateRefError) Error() string {
	return fmt.Sprintf("member: reference %q is already used (member %s)", e.Ref, e.Member)
}

// AlreadyReversedError refuses reversing a transaction twice.
type AlreadyReversedError struct {
	Ref string
}

func (e *AlreadyReversedError) Error() string {
	return fmt.Sprintf("member: transaction %q is already reversed", e.Ref)
}

// NotReversibleError refuses reversing an admission or an exit: only
// deposits and withdrawals are reversed.
type NotReversibleError struct {
	Ref  string
	Kind TransactionKind
}

func (e *NotReversibleError) Error() string {
	return fmt.Sprintf("member: %s %q cannot be reversed", e.Kind, e.Ref)
}

// LoanOutstandingError refuses an exit while the member owes more on
// loans than the savings refunded.
type LoanOutstandingError struct {
	Member      ID
	Outstanding money.Amount
	Refunds     money.Amount
}

func (e *LoanOutstandingError) Error() string {
	return fmt.Sprintf("member: %s owes %s on loans, more than the refund %s", e.Member, e.Outstanding, e.Refunds)
}

// LaterTransactionsError refuses an exit dated before transactions already
// recorded.
type LaterTransactionsError struct {
	Member ID
	Exit   calendar.Date
	Last   calendar.Date
}

func (e *LaterTransactionsError) Error() string {
	return fmt.Sprintf("member: %s has transactions dated %s, after the exit date %s", e.Member, e.Last, e.Exit)
}
