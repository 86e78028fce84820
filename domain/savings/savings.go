// Package savings is the members' savings (simpanan): the products, the
// events that move money in and out of them, and the dated ledger of one
// product's account that decisions are checked against.
//
// Savings live in the member's stream; the member package decides. This
// package is pure.
package savings

import (
	"fmt"
	"iter"
	"slices"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/money"
)

// Product is a savings product.
type Product string

// The savings products (domain.md §1.2).
const (
	// Pokok (simpanan pokok) is paid once on admission, the same for every
	// member; equity; refunded only on exit.
	Pokok Product = "pokok"
	// Wajib (simpanan wajib) is paid periodically; equity; refunded only on
	// exit.
	Wajib Product = "wajib"
	// Sukarela (simpanan sukarela) is voluntary; a liability; withdrawable
	// at any time.
	Sukarela Product = "sukarela"
)

// Products lists the products in report order.
func Products() []Product { return []Product{Pokok, Wajib, Sukarela} }

// ParseProduct reads a product name.
func ParseProduct(s string) (Product, error) {
	switch p := Product(s); p {
	case Pokok, Wajib, Sukarela:
		return p, nil
	}
	return "", &input.Error{Field: "product", Value: s, Want: input.WantProduct}
}

// Withdrawable reports whether an active member may withdraw from p.
// Pokok and wajib are the member's capital in the cooperative (modal
// sendiri, UU 25/1992 Art. 41) and come back only with the exit
// settlement (domain.md §1.2, §11 rule 6).
func (p Product) Withdrawable() bool { return p == Sukarela }

// Deposited records member money into a product.
type Deposited struct {
	Product Product
	Amount  money.Amount
	Ref     string
	On      calendar.Date
	// Cash is the code of the cash or bank account the money came into;
	// empty for kas, the account with the cash role.
	Cash string
}

// Withdrawn records money paid out of a product to the member.
type Withdrawn struct {
	Product Product
	Amount  money.Amount
	Ref     string
	On      calendar.Date
	// Cash is the account the money was paid from, as for Deposited.
	Cash string
}

// Kind says which way a transaction moved money.
type Kind string

// Transaction kinds that can be reversed.
const (
	KindDeposit    Kind = "deposit"
	KindWithdrawal Kind = "withdrawal"
)

// Reversed records the correction of a deposit or withdrawal, by the
// reference of the original. The original stays in history; the reversal
// moves the same amount the other way on its own date.
type Reversed struct {
	Ref      string // the original's reference
	Original Kind
	Product  Product
	Amount   money.Amount // the original's amount
	Reason   string
	On       calendar.Date
	// Cash is the original's cash account, which the reversal moves the
	// money back through.
	Cash string
}

// Change returns the signed change the reversal makes to the balance.
func (r Reversed) Change() money.Amount {
	if r.Original == KindDeposit {
		return r.Amount.Neg()
	}
	return r.Amount
}

// Account is the dated ledger of one product of one member: every change
// with its effective date, in date order (ties in the order recorded).
// Methods that change it modify it in place.
type Account struct {
	entries []entry
	balance money.Amount
}

type entry struct {
	on     calendar.Date
	change money.Amount
}

// Clone returns a copy of a that later posts to a leave unchanged.
func (a *Account) Clone() Account {
	return Account{entries: slices.Clone(a.entries), balance: a.balance}
}

// Post adds a change dated on.
func (a *Account) Post(on calendar.Date, change money.Amount) {
	a.balance = a.balance.Add(change)
	n := len(a.entries)
	if n == 0 || !a.entries[n-1].on.After(on) {
		a.entries = append(a.entries, entry{on, change})
		return
	}
	i, _ := slices.BinarySearchFunc(a.entries, on, func(e entry, d calendar.Date) int {
		if e.on.After(d) {
			return 1
		}
		return -1
	})
	a.entries = slices.Insert(a.entries, i, entry{on, change})
}

// Balance returns the balance after every change, whatever its date.
func (a *Account) Balance() money.Amount { return a.balance }

// BalanceAt returns the balance at the end of day d.
func (a *Account) BalanceAt(d calendar.Date) money.Amount {
	if !d.Before(a.Last()) {
		return a.balance
	}
	b := money.Zero()
	for _, e := range a.entries {
		if e.on.After(d) {
			break
		}
		b = b.Add(e.change)
	}
	return b
}

// Available returns what can be taken out on day d without the balance
// going below zero on d or later: the lowest of the balance at the end of
// d and the balances after each later change, in effective-date order and,
// on one date, in the order recorded (the passbook's order, so no line of
// it ever shows a negative balance).
func (a *Account) Available(d calendar.Date) money.Amount {
	if !d.Before(a.Last()) {
		return a.balance
	}
	b := a.BalanceAt(d)
	lowest := b
	for _, e := range a.entries {
		if !e.on.After(d) {
			continue
		}
		b = b.Add(e.change)
		lowest = money.Min(lowest, b)
	}
	return lowest
}

// Entries yields every change with its date, in date order.
func (a *Account) Entries() iter.Seq2[calendar.Date, money.Amount] {
	return func(yield func(calendar.Date, money.Amount) bool) {
		for _, e := range a.entries {
			if !yield(e.on, e.change) {
				return
			}
		}
	}
}

// Len returns the number of changes.
func (a *Account) Len() int { return len(a.entries) }

// Last returns the date of the latest change, zero if none.
func (a *Account) Last() calendar.Date {
	if len(a.entries) == 0 {
		return calendar.Date{}
	}
	return a.entries[len(a.entries)-1].on
}

// InsufficientFundsError refuses a withdrawal (or the reversal of a
// deposit) larger than what the product holds.
type InsufficientFundsError struct {
	Member    string
	Product   Product
	On        calendar.Date
	Balance   money.Amount // at the end of On
	Available money.Amount // lowest balance from On onwards
	Requested money.Amount
}

func (e *InsufficientFundsError) Error() string {
	return fmt.Sprintf("savings: member %s: %s balance on %s is %s (available %s), requested %s",
		e.Member, e.Product, e.On, e.Balance, e.Available, e.Requested)
}

// NotWithdrawableError refuses a withdrawal from pokok or wajib by an
// active member.
type NotWithdrawableError struct {
	Member  string
	Product Product
}

func (e *NotWithdrawableError) Error() string {
	return fmt.Sprintf("savings: member %s: simpanan %s is refunded only on exit, not withdrawn", e.Member, e.Product)
}
