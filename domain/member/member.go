// Package member is the Member aggregate: admission, savings deposits and
// withdrawals, their reversals, and the exit settlement. One member's
// events form one stream.
//
// Admission and the simpanan pokok are two events (design decision 4):
// usually recorded together, but the pokok may be paid later, and until it
// is the member is active without it; a second pokok is refused.
//
// The package is pure. Decide never modifies the state it is given;
// Evolve modifies and returns it, so callers keep only its result.
package member

import (
	"fmt"
	"slices"

	"github.com/lumbung-ledger/lumbung/domain/calendar"
	"github.com/lumbung-ledger/lumbung/domain/input"
	"github.com/lumbung-ledger/lumbung/domain/money"
	"github.com/lumbung-ledger/lumbung/domain/savings"
)

// ID identifies a member within a cooperative (the number in the member
// register, Buku Daftar Anggota): letters, digits, '-' and '_', at most 32.
type ID string

// ParseID checks s and returns it as an ID.
func ParseID(s string) (ID, error) {
	if !input.Identifier(s, 32, false) {
		return "", &input.Error{Field: "member", Value: s, Want: input.WantMemberID}
	}
	return ID(s), nil
}

// Limits on free text.
const (
	MaxNameLen   = 120
	MaxRefLen    = 64
	MaxReasonLen = 200
)

// Event is a fact of a member's stream: Admitted, ExitSettled, or one of
// the savings events.
type Event any

// Admitted records the admission of a member. The simpanan pokok is a
// separate savings.Deposited event, in the same append when paid at once.
type Admitted struct {
	Member ID
	Name   string
	Ref    string
	// EntryFee is the uang pangkal, income of the cooperative; zero if none.
	EntryFee money.Amount
	// PolicyVersion is the policy version in force on On.
	PolicyVersion int
	On            calendar.Date
	// Cash is the account the entry fee was paid into.
	Cash string
}

// ExitSettled records the end of a membership and the refund of the
// member's savings, net of what the member owes (domain.md §1.3).
type ExitSettled struct {
	Ref      string
	Pokok    money.Amount
	Wajib    money.Amount
	Sukarela money.Amount
	// LoanOffset is what was netted against outstanding loans; always zero
	// until loans are recorded, since an exit is refused while one is open.
	LoanOffset money.Amount
	NetPayout  money.Amount
	Reason     string
	On         calendar.Date
	// Cash is the account the net payout was paid from.
	Cash string
}

// Refund returns the refund of product p.
func (e ExitSettled) Refund(p savings.Product) money.Amount {
	switch p {
	case savings.Pokok:
		return e.Pokok
	case savings.Wajib:
		return e.Wajib
	}
	return e.Sukarela
}

// SHUReceived records a member's share of a year's SHU reaching them, as
// the RAT resolved: credited to their simpanan sukarela, or paid in cash
// from the account Cash (empty for kas).
type SHUReceived struct {
	Year   int
	Amount money.Amount
	To     string // "sukarela" or "cash"
	Cash   string
	On     calendar.Date
}

// Status is where a member is in the lifecycle.
type Status string

// Member statuses (domain.md §1.1).
const (
	StatusNone   Status = ""
	StatusActive Status = "active"
	StatusExited Status = "exited"
)

// Transaction is what the stream remembers of a reference.
type Transaction struct {
	Kind     TransactionKind
	Product  savings.Product
	Amount   money.Amount
	On       calendar.Date
	Reversed bool
	// Cash is the cash account the money went through.
	Cash string
}

// TransactionKind says what a reference was used for.
type TransactionKind string

// Kinds of referenced transactions.
const (
	TxAdmission  TransactionKind = "admission"
	TxDeposit    TransactionKind = "deposit"
	TxWithdrawal TransactionKind = "withdrawal"
	TxExit       TransactionKind = "exit"
)

// State is what a member's stream says so far. Build it with Evolve from
// the zero value.
type State struct {
	ID       ID
	Name     string
	Status   Status
	Admitted calendar.Date
	Exited   calendar.Date
	accounts [3]savings.Account
	refs     map[string]txn
	pokok    string   // ref of the live pokok deposit
	cashes   []string // the cash accounts the refs name, by txn.cash
	shu      []int    // the years whose SHU the member received
}

// ReceivedSHU reports whether the member received their share of year's
// SHU.
func (s *State) ReceivedSHU(year int) bool { return slices.Contains(s.shu, year) }

// txn is a Transaction as the state keeps it: a member's stream may hold
// thousands, and an import holds the states of thousands of members.
type txn struct {
	amount   money.Amount
	on       calendar.Date
	kind     uint8 // index in txKinds
	product  uint8 // index in savings.Products, or noProduct
	reversed bool
	cash     uint8 // index in State.cashes
}

func txKinds() [4]TransactionKind {
	return [...]TransactionKind{TxAdmission, TxDeposit, TxWithdrawal, TxExit}
}

const noProduct = 0xff

func (s *State) pack(t Transaction) txn {
	c := txn{amount: t.Amount, on: t.On, product: noProduct, reversed: t.Reversed}
	if i := slices.Index(s.cashes, t.Cash); i >= 0 && i < 256 {
		c.cash = uint8(i)
	} else if len(s.cashes) < 256 {
		c.cash = uint8(len(s.cashes))
		s.cashes = append(s.cashes, t.Cash)
	} else {
		panic("member: more than 256 cash accounts in one member's history")
	}
	for i, k := range txKinds() {
		if k == t.Kind {
			c.kind = uint8(i)
		}
	}
	for i, p := range savings.Products() {
		if p == t.Product {
			c.product = uint8(i)
		}
	}
	return c
}

func (s *State) unpack(c txn) Transaction {
	t := Transaction{Kind: txKinds()[c.kind], Amount: c.amount, On: c.on, Reversed: c.reversed}
	if int(c.cash) < len(s.cashes) {
		t.Cash = s.cashes[c.cash]
	}
	if c.product != noProduct {
		t.Product = savings.Products()[c.product]
	}
	return t
}

// Clone returns a deep copy of s, which later Evolve calls on s leave
// unchanged.
func (s *State) Clone() *State {
	c := *s
	for i := range s.accounts {
		c.accounts[i] = s.accounts[i].Clone()
	}
	c.cashes = slices.Clone(s.cashes)
	c.shu = slices.Clone(s.shu)
	c.refs = make(map[string]txn, len(s.refs))
	for k, v := range s.refs {
		c.refs[k] = v
	}
	return &c
}

// Exists reports whether the member has been admitted.
func (s *State) Exists() bool { return s.Status != StatusNone }

// Account returns the ledger of product p.
func (s *State) Account(p savings.Product) *savings.Account {
	switch p {
	case savings.Pokok:
		return &s.accounts[0]
	case savings.Wajib:
		return &s.accounts[1]
	case savings.Sukarela:
		return &s.accounts[2]
	}
	panic(fmt.Sprintf("member: unknown product %q", p))
}

// Lookup returns the transaction recorded under ref.
func (s *State) Lookup(ref string) (Transaction, bool) {
	t, ok := s.refs[ref]
	if !ok {
		return Transaction{}, false
	}
	return s.unpack(t), true
}

// PokokRef returns the reference of the simpanan pokok paid and not
// reversed, and whether there is one.
func (s *State) PokokRef() (string, bool) { return s.pokok, s.pokok != "" }

func (s *State) remember(ref string, t Transaction) {
	if s.refs == nil {
		s.refs = make(map[string]txn)
	}
	s.refs[ref] = s.pack(t)
}

// Evolve applies one event to s and returns it.
func Evolve(s *State, e Event) *State {
	if s == nil {
		s = &State{}
	}
	switch e := e.(type) {
	case Admitted:
		s.ID, s.Name, s.Status, s.Admitted = e.Member, e.Name, StatusActive, e.On
		s.remember(e.Ref, Transaction{Kind: TxAdmission, Amount: e.EntryFee, On: e.On, Cash: e.Cash})
	case savings.Deposited:
		s.Account(e.Product).Post(e.On, e.Amount)
		s.remember(e.Ref, Transaction{Kind: TxDeposit, Product: e.Product, Amount: e.Amount, On: e.On, Cash: e.Cash})
		if e.Product == savings.Pokok {
			s.pokok = e.Ref
		}
	case savings.Withdrawn:
		s.Account(e.Product).Post(e.On, e.Amount.Neg())
		s.remember(e.Ref, Transaction{Kind: TxWithdrawal, Product: e.Product, Amount: e.Amount, On: e.On, Cash: e.Cash})
	case savings.Reversed:
		s.Account(e.Product).Post(e.On, e.Change())
		t, ok := s.refs[e.Ref]
		if !ok {
			panic(fmt.Sprintf("member: corrupt history: reversal of unknown reference %q", e.Ref))
		}
		t.reversed = true
		s.refs[e.Ref] = t
		if s.pokok == e.Ref {
			s.pokok = ""
		}
	case ExitSettled:
		for _, p := range savings.Products() {
			if r := e.Refund(p); !r.IsZero() {
				s.Account(p).Post(e.On, r.Neg())
			}
		}
		s.Status, s.Exited = StatusExited, e.On
		s.remember(e.Ref, Transaction{Kind: TxExit, Amount: e.NetPayout, On: e.On, Cash: e.Cash})
	case SHUReceived:
		if e.To == string(savings.Sukarela) {
			s.Account(savings.Sukarela).Post(e.On, e.Amount)
		}
		s.shu = append(slices.Clip(s.shu), e.Year)
	default:
		panic(fmt.Sprintf("member: unknown event %T", e))
	}
	return s
}
